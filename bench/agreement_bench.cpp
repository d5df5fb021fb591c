// Google Benchmark programs for the agreement engine's library API (no CSV parse): alpha on 1M units x 5
// coders x 8 categories with 10% missing, the breakdown tables, Gwet/Fleiss with variance, and 1,000
// bootstrap resamples of alpha on 100,000 units. The CSV reader is timed on a generated file as well.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>

#include "credence/scoring/agreement.hpp"
#include "credence/scoring/bootstrap.hpp"
#include "credence/scoring/gwet.hpp"
#include "credence/scoring/kappa.hpp"
#include "credence/scoring/krippendorff.hpp"
#include "credence/scoring/long_csv.hpp"

namespace {

using namespace credence::scoring;

// Units x coders codes: each unit has a true category that each coder reports with probability 0.7
// (otherwise a uniform category); 10% of cells are missing. Same generator as bench/agreement_peers.py's idea,
// not the same numbers.
ReliabilityData make_data(std::size_t units, std::size_t coders, int categories, double missing, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> value(0, categories - 1);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::vector<std::int32_t> codes(units * coders, ReliabilityData::k_missing);
  for (std::size_t u = 0; u < units; ++u) {
    const int truth = value(rng);
    for (std::size_t c = 0; c < coders; ++c) {
      if (coin(rng) < missing) continue;
      codes[u * coders + c] = coin(rng) < 0.7 ? truth : value(rng);
    }
  }
  std::vector<std::string> labels;
  for (int k = 0; k < categories; ++k) labels.push_back(std::to_string(k));
  return ReliabilityData::from_codes(units, coders, std::move(codes), std::move(labels), {}, {});
}

const ReliabilityData& million() {
  static const ReliabilityData data = make_data(1'000'000, 5, 8, 0.10, 7);
  return data;
}

const ReliabilityData& hundred_thousand() {
  static const ReliabilityData data = make_data(100'000, 5, 8, 0.10, 8);
  return data;
}

void BM_AlphaNominal_1M(benchmark::State& state) {
  for (auto _ : state) {
    auto result = krippendorff_alpha(million());
    benchmark::DoNotOptimize(result.alpha.value);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * million().value_count()));
}
BENCHMARK(BM_AlphaNominal_1M)->Unit(benchmark::kMillisecond);

void BM_AlphaInterval_1M(benchmark::State& state) {
  for (auto _ : state) {
    auto result = krippendorff_alpha(million(), {Level::interval, {}});
    benchmark::DoNotOptimize(result.alpha.value);
  }
}
BENCHMARK(BM_AlphaInterval_1M)->Unit(benchmark::kMillisecond);

void BM_AgreementReportAlphaOnly_1M(benchmark::State& state) {
  AgreementOptions options;
  options.coefficients = {Coefficient::krippendorff_alpha};
  for (auto _ : state) {
    auto report = compute_agreement(million(), options);
    benchmark::DoNotOptimize(report.coefficients.front().second.value);
  }
}
BENCHMARK(BM_AgreementReportAlphaOnly_1M)->Unit(benchmark::kMillisecond);

void BM_FleissWithVariance_1M(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(fleiss_kappa(million()).se);
}
BENCHMARK(BM_FleissWithVariance_1M)->Unit(benchmark::kMillisecond);

void BM_GwetAc1WithVariance_1M(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(gwet_ac1(million()).se);
}
BENCHMARK(BM_GwetAc1WithVariance_1M)->Unit(benchmark::kMillisecond);

void BM_BootstrapAlpha1000_100k(benchmark::State& state) {
  const auto& data = hundred_thousand();
  for (auto _ : state) {
    // Included in the timing: the coincidence matrix the bootstrap starts from.
    auto alpha = krippendorff_alpha(data);
    auto boot = bootstrap_alpha(alpha.coincidence, alpha.delta, {1000, 1, static_cast<std::size_t>(state.range(0))});
    benchmark::DoNotOptimize(boot->ci95);
  }
}
BENCHMARK(BM_BootstrapAlpha1000_100k)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

void BM_UnitBootstrapFleiss200_100k(benchmark::State& state) {
  const auto& data = hundred_thousand();
  for (auto _ : state) {
    auto boot = bootstrap_units(
        data.unit_count(), [&](std::span<const std::uint32_t> w) { return fleiss_kappa(data, {}, w).value; },
        {200, 1, 2});
    benchmark::DoNotOptimize(boot.ci95);
  }
}
BENCHMARK(BM_UnitBootstrapFleiss200_100k)->Unit(benchmark::kMillisecond);

// The reader on a 100k-unit file written once to /tmp (parse only; the end-to-end 1M-row figure comes
// from the `credence` binary, see docs/benchmarks.md).
void BM_ReadLongCsv_100k(benchmark::State& state) {
  const std::string path = "/tmp/credence_agreement_bench_100k.csv";
  static bool written = false;
  if (!written) {
    const auto& data = hundred_thousand();
    std::ofstream out(path);
    out << "unit,coder,value\n";
    for (std::size_t u = 0; u < data.unit_count(); ++u)
      for (std::size_t c = 0; c < data.coder_count(); ++c)
        if (data.code(u, c) != ReliabilityData::k_missing) out << 'u' << u << ",c" << c << ',' << data.code(u, c) << '\n';
    written = true;
  }
  for (auto _ : state) {
    auto result = read_long_csv_file(path);
    benchmark::DoNotOptimize(result.rows);
  }
}
BENCHMARK(BM_ReadLongCsv_100k)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
