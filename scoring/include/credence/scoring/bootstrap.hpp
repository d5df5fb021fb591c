// Bootstrap intervals: Krippendorff's resampling of pairable values for alpha, and a plain unit-resampling
// bootstrap for any coefficient. Seeded per resample, so results do not depend on the thread count.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "credence/scoring/coefficient_result.hpp"
#include "credence/scoring/krippendorff.hpp"

namespace credence::scoring {

struct BootstrapOptions {
  std::size_t resamples = 1000;
  std::uint64_t seed = 1;
  std::size_t threads = 0;  // 0 = one per hardware thread
};

struct BootstrapResult {
  std::vector<double> estimates;      // the defined resample values, sorted
  std::size_t undefined_resamples = 0;
  std::pair<double, double> ci95{0, 0};  // percentile interval (2.5%, 97.5%, linear interpolation)
  double se = 0;                      // standard deviation of the resample values
};

// Krippendorff's algorithm (Krippendorff 2006, rev. 2011, "Algorithm for bootstrapping a distribution of alpha";
// Hayes & Krippendorff 2007): each resample draws M = n..(mbar - 1) / 2 pairs of values from the observed
// coincidences (p_ck = o_ck / n..), keeps D_e fixed, and gives alpha* = 1 - mean(delta of the draws) / D_e.
// nullopt when alpha itself is undefined.
std::optional<BootstrapResult> bootstrap_alpha(const CoincidenceMatrix& coincidence, const std::vector<double>& delta,
                                               const BootstrapOptions& options);

// Resamples units with replacement; statistic receives one multiplicity per unit and returns the coefficient
// (nullopt when undefined on that resample). Empty result when every resample is undefined.
BootstrapResult bootstrap_units(std::size_t unit_count,
                                const std::function<std::optional<double>(std::span<const std::uint32_t>)>& statistic,
                                const BootstrapOptions& options);

// Writes the bootstrap se and percentile interval into a result (when any resample was defined).
void apply_bootstrap(CoefficientResult& result, const BootstrapResult& bootstrap, const std::string& method);

}  // namespace credence::scoring
