// Normal-theory intervals for coefficient results.
#include "credence/scoring/coefficient_result.hpp"

namespace credence::scoring {

void set_normal_interval(CoefficientResult& result, double se, std::string method) {
  result.se = se;
  if (result.value) {
    constexpr double z975 = 1.959963984540054;
    result.ci95 = std::make_pair(*result.value - z975 * se, *result.value + z975 * se);
  }
  result.ci_method = std::move(method);
}

}  // namespace credence::scoring
