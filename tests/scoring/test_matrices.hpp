// Published example matrices shared by the scoring tests (each with its source).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "credence/scoring/reliability_data.hpp"

namespace credence::scoring::testing_data {

inline constexpr std::optional<double> na = std::nullopt;

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: observers A-D x units 1-12,
// transposed to units x coders. Gwet (2014, p. 120) uses the same matrix (irrCAC's cac.raw4raters).
inline ReliabilityData krippendorff_2011() {
  return ReliabilityData::from_numbers({
      {1, 1, na, 1}, {2, 2, 3, 2}, {3, 3, 3, 3}, {3, 3, 3, 3}, {2, 2, 2, 2}, {1, 2, 3, 4},
      {4, 4, 4, 4}, {1, 1, 2, 1}, {2, 2, 2, 2}, {na, 5, 5, 5}, {na, na, 1, 1}, {na, na, 3, na},
  });
}

}  // namespace credence::scoring::testing_data
