// Krippendorff's unitizing alpha (alpha_u) for spans on a continuum, per category and overall
// (Krippendorff 2004, Content Analysis 2nd ed., ch. 12.4; Quality & Quantity 38:787-800). Reproduces the
// paper's two-observer example (alpha_u = 0.8591 there from rounded values, 0.8587 unrounded).
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "credence/scoring/coefficient_result.hpp"
#include "credence/scoring/span_agreement.hpp"

namespace credence::scoring {

struct UnitizingResult {
  CoefficientResult alpha_u;  // 1 - sum_k D_o,k / sum_k D_e,k
  std::vector<std::pair<std::string, CoefficientResult>> per_category;  // alpha_u,k, categories sorted
};

// The continuum is [begin, begin + length) in integer positions (tokens or code points). Each coder's spans of
// one label must not overlap (throws std::invalid_argument naming the coder otherwise); spans are clipped to
// the continuum. With fewer than two coders or no spans at all the results are undefined with a reason.
UnitizingResult unitizing_alpha(std::size_t begin, std::size_t length, const std::vector<CoderSpans>& coders);

}  // namespace credence::scoring
