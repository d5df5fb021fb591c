// Agreement weights for the kappa family and Gwet's AC2, as Gwet defines them (Handbook of Inter-Rater
// Reliability, 4th ed., 2014, ch. 3; the irrCAC package). Gwet's "ordinal" and "ratio" are NOT Krippendorff's metrics.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credence::scoring {

enum class WeightScheme { identity, linear, quadratic, ordinal, ratio, custom };

std::optional<WeightScheme> parse_weight_scheme(std::string_view name);  // identity|linear|quadratic|ordinal|ratio
std::string weight_scheme_name(WeightScheme scheme);

// q x q row-major agreement weights (1 on the diagonal) over the ordered category values x_1..x_q:
//   linear 1 - |x_k - x_l| / (x_max - x_min); quadratic 1 - (x_k - x_l)^2 / (x_max - x_min)^2;
//   ordinal 1 - M_kl / M_max with M_kl = C(|k - l| + 1, 2) on ranks; ratio 1 - ((x_k - x_l)/(x_k + x_l))^2 /
//   ((x_max - x_min)/(x_max + x_min))^2. A single category gives [1]. Custom is rejected here (pass the matrix).
std::vector<double> agreement_weights(WeightScheme scheme, const std::vector<double>& category_values);

}  // namespace credence::scoring
