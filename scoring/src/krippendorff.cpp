// Krippendorff's alpha: coincidences from per-unit values (memory grows with units x coders, never with
// units x categories^2), difference functions, and per-category agreement.
#include "credence/scoring/krippendorff.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace credence::scoring {

std::optional<Level> parse_level(std::string_view name) {
  if (name == "nominal") return Level::nominal;
  if (name == "ordinal") return Level::ordinal;
  if (name == "interval") return Level::interval;
  if (name == "ratio") return Level::ratio;
  return std::nullopt;
}

std::string level_name(Level level) {
  switch (level) {
    case Level::nominal: return "nominal";
    case Level::ordinal: return "ordinal";
    case Level::interval: return "interval";
    case Level::ratio: return "ratio";
    case Level::custom: return "custom";
  }
  return "custom";
}

CoincidenceMatrix coincidences(const ReliabilityData& data, std::span<const std::uint32_t> unit_weights) {
  const std::size_t q = data.category_count();
  const std::size_t coders = data.coder_count();
  CoincidenceMatrix result;
  result.category_count = q;
  result.o.assign(q * q, 0.0);
  result.marginals.assign(q, 0.0);
  // 1 / (m - 1) for every possible m, so the inner loop has no division.
  std::vector<double> inverse(coders + 1, 0.0);
  for (std::size_t m = 2; m <= coders; ++m) inverse[m] = 1.0 / static_cast<double>(m - 1);
  const std::int32_t* codes = data.codes().data();
  std::vector<std::int32_t> values(coders);
  std::vector<std::uint32_t> counts(q, 0);
  std::vector<std::int32_t> touched;
  const bool few_coders = coders <= 12;
  double* o = result.o.data();
  for (std::size_t unit_idx = 0; unit_idx < data.unit_count(); ++unit_idx) {
    const std::uint32_t weight = unit_weights.empty() ? 1u : unit_weights[unit_idx];
    if (weight == 0) continue;
    const std::int32_t* row = codes + unit_idx * coders;
    std::size_t m = 0;
    for (std::size_t coder_idx = 0; coder_idx < coders; ++coder_idx) {
      if (row[coder_idx] != ReliabilityData::k_missing) values[m++] = row[coder_idx];
    }
    if (m < 2) continue;
    result.pairable_units += weight;
    const double w = inverse[m] * weight;
    if (few_coders) {
      // Every ordered pair of distinct coders within the unit adds 1/(m-1).
      for (std::size_t i = 0; i < m; ++i) {
        const std::size_t a = static_cast<std::size_t>(values[i]);
        for (std::size_t j = i + 1; j < m; ++j) {
          const std::size_t b = static_cast<std::size_t>(values[j]);
          o[a * q + b] += w;
          o[b * q + a] += w;
        }
      }
    } else {
      touched.clear();
      for (std::size_t i = 0; i < m; ++i) {
        if (counts[static_cast<std::size_t>(values[i])]++ == 0) touched.push_back(values[i]);
      }
      for (auto c : touched) {
        for (auto k : touched) {
          const double n_c = counts[static_cast<std::size_t>(c)];
          const double n_k = counts[static_cast<std::size_t>(k)];
          o[static_cast<std::size_t>(c) * q + static_cast<std::size_t>(k)] += w * (c == k ? n_c * (n_c - 1) : n_c * n_k);
        }
      }
      for (auto c : touched) counts[static_cast<std::size_t>(c)] = 0;
    }
  }
  for (std::size_t c = 0; c < q; ++c) {
    for (std::size_t k = 0; k < q; ++k) result.marginals[c] += o[c * q + k];
    result.total += result.marginals[c];
  }
  return result;
}

std::vector<double> difference_matrix(const ReliabilityData& data, const CoincidenceMatrix& coincidence,
                                      const AlphaOptions& options) {
  const std::size_t q = data.category_count();
  std::vector<double> delta(q * q, 0.0);
  switch (options.level) {
    case Level::nominal:
      for (std::size_t c = 0; c < q; ++c)
        for (std::size_t k = 0; k < q; ++k) delta[c * q + k] = c == k ? 0.0 : 1.0;
      break;
    case Level::ordinal: {
      // delta_ck = (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2 over the ranked categories.
      const auto& n = coincidence.marginals;
      for (std::size_t c = 0; c < q; ++c) {
        double running = 0;
        for (std::size_t k = c; k < q; ++k) {
          running += n[k];
          const double d = running - (n[c] + n[k]) / 2.0;
          delta[c * q + k] = delta[k * q + c] = c == k ? 0.0 : d * d;
        }
      }
      break;
    }
    case Level::interval:
    case Level::ratio: {
      if (!data.all_numeric()) {
        throw std::invalid_argument("the " + level_name(options.level) + " level needs numeric values");
      }
      const auto values = data.scale_values();
      for (std::size_t c = 0; c < q; ++c) {
        for (std::size_t k = 0; k < q; ++k) {
          double d = values[c] - values[k];
          if (options.level == Level::ratio) {
            const double sum = values[c] + values[k];
            d = sum == 0.0 ? 0.0 : d / sum;
          }
          delta[c * q + k] = d * d;
        }
      }
      break;
    }
    case Level::custom:
      if (options.custom_distance.size() != q * q) {
        throw std::invalid_argument("a custom distance matrix needs " + std::to_string(q) + " x " +
                                    std::to_string(q) + " entries");
      }
      delta = options.custom_distance;
      break;
  }
  return delta;
}

CoefficientResult alpha_from_coincidences(const CoincidenceMatrix& coincidence, const std::vector<double>& delta,
                                          double* observed, double* expected) {
  const std::size_t q = coincidence.category_count;
  const double n = coincidence.total;
  if (n < 2.0) {
    return CoefficientResult::undefined(coincidence.pairable_units == 0
                                            ? "no unit has two or more values (every unit was rated once or not at all)"
                                            : "fewer than two pairable values");
  }
  double observed_sum = 0;
  double expected_sum = 0;
  for (std::size_t c = 0; c < q; ++c) {
    const double n_c = coincidence.marginals[c];
    if (n_c == 0.0) continue;
    for (std::size_t k = 0; k < q; ++k) {
      const double d = delta[c * q + k];
      if (d == 0.0) continue;
      observed_sum += coincidence.o[c * q + k] * d;
      expected_sum += n_c * coincidence.marginals[k] * d;
    }
  }
  const double d_o = observed_sum / n;
  const double d_e = expected_sum / (n * (n - 1.0));
  if (observed) *observed = d_o;
  if (expected) *expected = d_e;
  if (d_e <= 0.0) {
    return CoefficientResult::undefined(
        "all pairable values fall in one category (or at zero distance), so expected disagreement is zero");
  }
  return CoefficientResult::of(1.0 - d_o / d_e);
}

AlphaResult krippendorff_alpha(const ReliabilityData& data, const AlphaOptions& options) {
  AlphaResult result;
  result.coincidence = coincidences(data);
  result.delta = difference_matrix(data, result.coincidence, options);
  result.alpha = alpha_from_coincidences(result.coincidence, result.delta, &result.observed_disagreement,
                                         &result.expected_disagreement);
  return result;
}

std::vector<CategoryAgreement> per_category_agreement(const ReliabilityData& data, const CoincidenceMatrix& coincidence) {
  std::vector<CategoryAgreement> result;
  const double n = coincidence.total;
  for (std::size_t c = 0; c < coincidence.category_count; ++c) {
    CategoryAgreement entry;
    entry.label = data.labels()[c];
    const double n_c = coincidence.marginals[c];
    entry.pairable_values = n_c;
    const double o_cc = coincidence.at(c, c);
    if (n_c <= 0.0) {
      entry.specific_agreement = CoefficientResult::undefined("the category has no pairable values");
      entry.binary_alpha = CoefficientResult::undefined("the category has no pairable values");
    } else {
      entry.specific_agreement = CoefficientResult::of(o_cc / n_c);
      const double rest = n - n_c;
      if (n < 2.0) {
        entry.binary_alpha = CoefficientResult::undefined("fewer than two pairable values");
      } else if (rest <= 0.0) {
        entry.binary_alpha =
            CoefficientResult::undefined("every pairable value is in this category, so expected disagreement is zero");
      } else {
        // Collapsed to "c" vs "not c": o_{c,not c} = n_c - o_cc.
        entry.binary_alpha = CoefficientResult::of(1.0 - (n - 1.0) * (n_c - o_cc) / (n_c * rest));
      }
    }
    result.push_back(std::move(entry));
  }
  return result;
}

}  // namespace credence::scoring
