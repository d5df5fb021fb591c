// Bootstrap resampling. Each resample r uses its own generator seeded from (seed, r), and writes its own
// slot, so the result is identical for any number of threads.
#include "credence/scoring/bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <thread>

namespace credence::scoring {

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::mt19937_64 resample_engine(std::uint64_t seed, std::size_t resample_idx) {
  std::seed_seq seq{static_cast<std::uint32_t>(splitmix64(seed)), static_cast<std::uint32_t>(splitmix64(seed) >> 32),
                    static_cast<std::uint32_t>(resample_idx), static_cast<std::uint32_t>(resample_idx >> 32)};
  return std::mt19937_64(seq);
}

template <typename Body>
void parallel_for(std::size_t count, std::size_t threads, Body body) {
  if (threads == 0) threads = std::max<std::size_t>(1, std::thread::hardware_concurrency());
  threads = std::min(threads, std::max<std::size_t>(1, count));
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) body(i);
    return;
  }
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (std::size_t i = t; i < count; i += threads) body(i);
    });
  }
  for (auto& thread : pool) thread.join();
}

double quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

BootstrapResult summarise(std::vector<std::optional<double>> values) {
  BootstrapResult result;
  for (const auto& v : values) {
    if (v) result.estimates.push_back(*v);
    else ++result.undefined_resamples;
  }
  std::sort(result.estimates.begin(), result.estimates.end());
  if (!result.estimates.empty()) {
    result.ci95 = {quantile(result.estimates, 0.025), quantile(result.estimates, 0.975)};
    double mean = 0;
    for (double v : result.estimates) mean += v;
    mean /= static_cast<double>(result.estimates.size());
    double ss = 0;
    for (double v : result.estimates) ss += (v - mean) * (v - mean);
    result.se = result.estimates.size() > 1 ? std::sqrt(ss / static_cast<double>(result.estimates.size() - 1)) : 0.0;
  }
  return result;
}

}  // namespace

std::optional<BootstrapResult> bootstrap_alpha(const CoincidenceMatrix& coincidence, const std::vector<double>& delta,
                                               const BootstrapOptions& options) {
  double d_o = 0, d_e = 0;
  const auto alpha = alpha_from_coincidences(coincidence, delta, &d_o, &d_e);
  if (!alpha.defined()) return std::nullopt;
  const std::size_t q = coincidence.category_count;
  const double n = coincidence.total;
  const double mean_values = n / static_cast<double>(coincidence.pairable_units);  // mbar
  const auto draws = static_cast<std::uint64_t>(std::llround(n * (mean_values - 1.0) / 2.0));
  // Only the difference of a drawn pair matters, so cells with equal delta share one multinomial class.
  std::map<double, double> mass_by_delta;
  for (std::size_t c = 0; c < q; ++c)
    for (std::size_t k = 0; k < q; ++k) {
      if (coincidence.o[c * q + k] > 0) mass_by_delta[delta[c * q + k]] += coincidence.o[c * q + k] / n;
    }
  std::vector<std::pair<double, double>> classes(mass_by_delta.begin(), mass_by_delta.end());
  std::vector<std::optional<double>> values(options.resamples);
  parallel_for(options.resamples, options.threads, [&](std::size_t resample_idx) {
    auto engine = resample_engine(options.seed, resample_idx);
    // Multinomial counts by successive conditional binomials.
    std::uint64_t remaining = draws;
    double remaining_mass = 1.0;
    double delta_sum = 0;
    for (std::size_t i = 0; i < classes.size() && remaining > 0; ++i) {
      std::uint64_t count = remaining;
      if (i + 1 < classes.size()) {
        const double p = std::clamp(classes[i].second / remaining_mass, 0.0, 1.0);
        std::binomial_distribution<std::uint64_t> binomial(remaining, p);
        count = binomial(engine);
      }
      delta_sum += classes[i].first * static_cast<double>(count);
      remaining -= count;
      remaining_mass -= classes[i].second;
    }
    values[resample_idx] = 1.0 - (delta_sum / static_cast<double>(draws)) / d_e;
  });
  return summarise(std::move(values));
}

BootstrapResult bootstrap_units(std::size_t unit_count,
                                const std::function<std::optional<double>(std::span<const std::uint32_t>)>& statistic,
                                const BootstrapOptions& options) {
  std::vector<std::optional<double>> values(options.resamples);
  std::size_t threads = options.threads == 0 ? std::max<std::size_t>(1, std::thread::hardware_concurrency())
                                             : options.threads;
  threads = std::min(threads, std::max<std::size_t>(1, options.resamples));
  // One multiplicity buffer per thread; resample r still uses its own generator.
  std::vector<std::vector<std::uint32_t>> buffers(threads, std::vector<std::uint32_t>(unit_count));
  auto run = [&](std::size_t thread_idx) {
    auto& counts = buffers[thread_idx];
    for (std::size_t r = thread_idx; r < options.resamples; r += threads) {
      auto engine = resample_engine(options.seed, r);
      std::fill(counts.begin(), counts.end(), 0u);
      std::uniform_int_distribution<std::size_t> pick(0, unit_count == 0 ? 0 : unit_count - 1);
      for (std::size_t i = 0; i < unit_count; ++i) ++counts[pick(engine)];
      values[r] = statistic(counts);
    }
  };
  if (threads <= 1) {
    run(0);
  } else {
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(run, t);
    for (auto& thread : pool) thread.join();
  }
  return summarise(std::move(values));
}

void apply_bootstrap(CoefficientResult& result, const BootstrapResult& bootstrap, const std::string& method) {
  if (bootstrap.estimates.empty()) return;
  result.se = bootstrap.se;
  result.ci95 = bootstrap.ci95;
  result.ci_method = method;
}

}  // namespace credence::scoring
