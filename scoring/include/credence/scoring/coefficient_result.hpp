// The typed result of one agreement coefficient: a value with its uncertainty, or the reason it is undefined.
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace credence::scoring {

// Never holds NaN: an undefined statistic has no value and says why in undefined_reason.
struct CoefficientResult {
  std::optional<double> value;
  std::optional<double> se;                          // standard error, when a variance formula or bootstrap exists
  std::optional<std::pair<double, double>> ci95;     // 95% interval
  std::string ci_method;                             // "asymptotic (SAS PROC FREQ)", "bootstrap percentile", ...
  std::string undefined_reason;                      // non-empty exactly when value is empty

  [[nodiscard]] bool defined() const { return value.has_value(); }

  // An undefined result; reason reads after "undefined because", e.g. "fewer than two pairable values".
  static CoefficientResult undefined(std::string reason) {
    CoefficientResult result;
    result.undefined_reason = std::move(reason);
    return result;
  }
  static CoefficientResult of(double value) {
    CoefficientResult result;
    result.value = value;
    return result;
  }
};

// Sets se and a normal-theory 95% interval value +/- 1.959964 se (the interval SAS and irrCAC's large-sample form use).
void set_normal_interval(CoefficientResult& result, double se, std::string method);

}  // namespace credence::scoring
