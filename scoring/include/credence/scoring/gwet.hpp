// Gwet's AC1 (identity weights) and AC2 (any agreement weights) with Gwet's analytic variance
// (Gwet 2008, BJMSP 61:29-48; Handbook of Inter-Rater Reliability, 4th ed., 2014).
#pragma once
#include <cstdint>
#include <span>

#include "credence/scoring/coefficient_result.hpp"
#include "credence/scoring/kappa.hpp"
#include "credence/scoring/reliability_data.hpp"

namespace credence::scoring {

// AC1: chance agreement pe = sum_k pi_k (1 - pi_k) / (q - 1). Undefined with one category or no unit rated twice.
CoefficientResult gwet_ac1(const ReliabilityData& data, std::span<const std::uint32_t> unit_weights = {});
// AC2: pe = T_w sum_k pi_k (1 - pi_k) / (q (q - 1)) with the weights of `options` (T_w = sum of all weights).
CoefficientResult gwet_ac2(const ReliabilityData& data, const KappaOptions& options,
                           std::span<const std::uint32_t> unit_weights = {});

}  // namespace credence::scoring
