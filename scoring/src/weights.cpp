// Gwet's agreement weights over ordered category values.
#include "credence/scoring/weights.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace credence::scoring {

std::optional<WeightScheme> parse_weight_scheme(std::string_view name) {
  if (name == "identity" || name == "unweighted") return WeightScheme::identity;
  if (name == "linear") return WeightScheme::linear;
  if (name == "quadratic") return WeightScheme::quadratic;
  if (name == "ordinal") return WeightScheme::ordinal;
  if (name == "ratio") return WeightScheme::ratio;
  return std::nullopt;
}

std::string weight_scheme_name(WeightScheme scheme) {
  switch (scheme) {
    case WeightScheme::identity: return "identity";
    case WeightScheme::linear: return "linear";
    case WeightScheme::quadratic: return "quadratic";
    case WeightScheme::ordinal: return "ordinal";
    case WeightScheme::ratio: return "ratio";
    case WeightScheme::custom: return "custom";
  }
  return "custom";
}

std::vector<double> agreement_weights(WeightScheme scheme, const std::vector<double>& x) {
  const std::size_t q = x.size();
  std::vector<double> w(q * q, 0.0);
  for (std::size_t k = 0; k < q; ++k) w[k * q + k] = 1.0;
  if (q < 2 || scheme == WeightScheme::identity) return w;
  const double lo = *std::min_element(x.begin(), x.end());
  const double hi = *std::max_element(x.begin(), x.end());
  const double range = hi - lo;
  for (std::size_t k = 0; k < q; ++k) {
    for (std::size_t l = 0; l < q; ++l) {
      if (k == l) continue;
      double value = 0;
      switch (scheme) {
        case WeightScheme::linear: value = range == 0 ? 1.0 : 1.0 - std::abs(x[k] - x[l]) / range; break;
        case WeightScheme::quadratic:
          value = range == 0 ? 1.0 : 1.0 - (x[k] - x[l]) * (x[k] - x[l]) / (range * range);
          break;
        case WeightScheme::ordinal: {
          const double d = static_cast<double>(k > l ? k - l : l - k);
          const double m = (d + 1.0) * d / 2.0;
          const double max_d = static_cast<double>(q - 1);
          value = 1.0 - m / ((max_d + 1.0) * max_d / 2.0);
          break;
        }
        case WeightScheme::ratio: {
          const double sum = x[k] + x[l];
          const double r = sum == 0 ? 0.0 : (x[k] - x[l]) / sum;
          const double max_r = (hi + lo) == 0 ? 0.0 : range / (hi + lo);
          value = max_r == 0 ? 1.0 : 1.0 - (r * r) / (max_r * max_r);
          break;
        }
        case WeightScheme::identity:
        case WeightScheme::custom: throw std::invalid_argument("custom weights are given as a matrix");
      }
      w[k * q + l] = value;
    }
  }
  return w;
}

}  // namespace credence::scoring
