// Label aggregation speed on simulated annotations: 100,000 items x 5 annotators, 8 classes (the crowd-kit
// comparison in docs/benchmarks.md); bench/aggregation_peers.py builds the same data and times a numpy Dawid-Skene.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "credence/scoring/aggregation.hpp"

namespace {

using credence::scoring::AggregationMethod;
using credence::scoring::AggregationOptions;
using credence::scoring::CategoricalLabels;

// Counter-based draws r(c) = mix(c + 1), so aggregation_peers.py reproduces every label exactly with numpy.
std::uint64_t draw(std::uint64_t counter) {
  std::uint64_t z = (counter + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

struct Simulated {
  CategoricalLabels labels;
  std::vector<std::int32_t> truth;
};

// Worker w is right with probability kAccuracy[w], otherwise gives a uniformly drawn wrong class.
constexpr double kAccuracy[5] = {0.85, 0.75, 0.65, 0.55, 0.3};

Simulated simulate(std::size_t n_items, std::size_t n_classes) {
  constexpr std::size_t n_workers = 5;
  Simulated sim;
  sim.labels.n_items = n_items;
  sim.labels.n_workers = n_workers;
  sim.labels.n_classes = n_classes;
  for (std::size_t item_idx = 0; item_idx < n_items; ++item_idx) {
    const std::uint64_t base = item_idx * (2 * n_workers + 1);
    const auto truth = static_cast<std::uint32_t>(draw(base) % n_classes);
    sim.truth.push_back(static_cast<std::int32_t>(truth));
    for (std::size_t worker_idx = 0; worker_idx < n_workers; ++worker_idx) {
      const std::uint64_t counter = base + 1 + 2 * worker_idx;
      const double u = static_cast<double>(draw(counter) >> 11) * 0x1.0p-53;
      const auto given = u < kAccuracy[worker_idx]
                             ? truth
                             : static_cast<std::uint32_t>((truth + 1 + draw(counter + 1) % (n_classes - 1)) % n_classes);
      sim.labels.add(static_cast<std::uint32_t>(item_idx), static_cast<std::uint32_t>(worker_idx), given);
    }
  }
  return sim;
}

const Simulated& data(std::size_t n_items, std::size_t n_classes) {
  static std::vector<std::pair<std::pair<std::size_t, std::size_t>, Simulated>> cache;
  for (const auto& [key, sim] : cache) {
    if (key == std::make_pair(n_items, n_classes)) return sim;
  }
  cache.emplace_back(std::make_pair(n_items, n_classes), simulate(n_items, n_classes));
  return cache.back().second;
}

void run(benchmark::State& state, AggregationMethod method, AggregationOptions options) {
  const auto& sim = data(static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)));
  credence::scoring::AggregationResult result;
  for (auto _ : state) {
    result = credence::scoring::aggregate(sim.labels, method, options);
    benchmark::DoNotOptimize(result.label.data());
  }
  std::size_t right = 0;
  for (std::size_t item_idx = 0; item_idx < sim.truth.size(); ++item_idx) right += result.label[item_idx] == sim.truth[item_idx];
  state.counters["accuracy"] = static_cast<double>(right) / static_cast<double>(sim.truth.size());
  state.counters["iterations"] = static_cast<double>(result.iterations);
  state.counters["mean_loglik"] = result.log_likelihood.empty() ? 0.0 : result.log_likelihood.back();
  state.counters["labels_per_s"] = benchmark::Counter(static_cast<double>(sim.labels.item.size()) *
                                                          static_cast<double>(state.iterations()),
                                                      benchmark::Counter::kIsRate);
}

// 20 EM iterations whatever the likelihood does (tolerance 0), as in the crowd-kit timing.
void BM_DawidSkene20(benchmark::State& state) {
  AggregationOptions options;
  options.max_iterations = 20;
  options.tolerance = 0.0;
  options.threads = static_cast<std::size_t>(state.range(2));
  run(state, AggregationMethod::dawid_skene, options);
}

void BM_Majority(benchmark::State& state) { run(state, AggregationMethod::majority, {}); }

// One MACE restart of 20 iterations (the default 10 restarts cost ten times this).
void BM_Mace20OneRestart(benchmark::State& state) {
  AggregationOptions options;
  options.max_iterations = 20;
  options.tolerance = 0.0;
  options.mace_restarts = 1;
  run(state, AggregationMethod::mace, options);
}

}  // namespace

// Args: items, classes, threads.
BENCHMARK(BM_DawidSkene20)
    ->Args({100000, 8, 1})
    ->Args({100000, 8, 2})
    ->Args({100000, 2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Majority)->Args({100000, 8})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Mace20OneRestart)->Args({100000, 8})->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
