// Internal: the shared machinery of Gwet's framework for many raters with missing ratings (percent agreement,
// Fleiss, Brennan-Prediger, AC1/AC2), with Gwet's linearised variance. Not a public header.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "credence/scoring/coefficient_result.hpp"
#include "credence/scoring/reliability_data.hpp"

namespace credence::scoring::detail {

enum class ChanceModel { none, fleiss, brennan_prediger, gwet };

// weights: q x q agreement weights. unit_weights: empty or a multiplicity per unit.
CoefficientResult multi_rater_coefficient(const ReliabilityData& data, const std::vector<double>& weights,
                                          ChanceModel model, std::span<const std::uint32_t> unit_weights);

}  // namespace credence::scoring::detail
