// Gwet's many-rater coefficients (Gwet 2014, Handbook ch. 5-6; Gwet 2008, BJMSP 61:29-48): one pass for the
// chance model, one for the linearised per-unit variance terms.
#include "multi_rater.hpp"

#include <cmath>

namespace credence::scoring::detail {

namespace {

// The values of one unit as (category, count) for the categories present.
struct UnitCounts {
  std::vector<std::int32_t> categories;
  std::vector<double> counts;
  double total = 0;
};

void count_unit(const ReliabilityData& data, std::size_t unit_idx, std::vector<double>& scratch, UnitCounts& out) {
  out.categories.clear();
  out.counts.clear();
  out.total = 0;
  for (std::size_t coder_idx = 0; coder_idx < data.coder_count(); ++coder_idx) {
    const auto code = data.code(unit_idx, coder_idx);
    if (code == ReliabilityData::k_missing) continue;
    if (scratch[static_cast<std::size_t>(code)]++ == 0) out.categories.push_back(code);
    out.total += 1;
  }
  for (auto c : out.categories) {
    out.counts.push_back(scratch[static_cast<std::size_t>(c)]);
    scratch[static_cast<std::size_t>(c)] = 0;
  }
}

// Weighted agreement of one unit with r_i >= 2: sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1)), r*_ik = sum_l w_kl r_il.
double unit_agreement(const UnitCounts& unit, const std::vector<double>& w, std::size_t q) {
  double sum = 0;
  for (std::size_t a = 0; a < unit.categories.size(); ++a) {
    const std::size_t k = static_cast<std::size_t>(unit.categories[a]);
    double r_star = 0;
    for (std::size_t b = 0; b < unit.categories.size(); ++b) {
      r_star += w[k * q + static_cast<std::size_t>(unit.categories[b])] * unit.counts[b];
    }
    sum += unit.counts[a] * (r_star - 1.0);
  }
  return sum / (unit.total * (unit.total - 1.0));
}

}  // namespace

CoefficientResult multi_rater_coefficient(const ReliabilityData& data, const std::vector<double>& w, ChanceModel model,
                                          std::span<const std::uint32_t> unit_weights) {
  const std::size_t q = data.category_count();
  std::vector<double> scratch(q, 0.0);
  std::vector<double> pi(q, 0.0);
  UnitCounts unit;
  double n = 0;         // units with at least one rating
  double n2 = 0;        // units with at least two ratings
  double pa_sum = 0;
  for (std::size_t unit_idx = 0; unit_idx < data.unit_count(); ++unit_idx) {
    const double weight = unit_weights.empty() ? 1.0 : unit_weights[unit_idx];
    if (weight == 0) continue;
    count_unit(data, unit_idx, scratch, unit);
    if (unit.total == 0) continue;
    n += weight;
    for (std::size_t a = 0; a < unit.categories.size(); ++a) {
      pi[static_cast<std::size_t>(unit.categories[a])] += weight * unit.counts[a] / unit.total;
    }
    if (unit.total >= 2) {
      n2 += weight;
      pa_sum += weight * unit_agreement(unit, w, q);
    }
  }
  if (n2 == 0) return CoefficientResult::undefined("no unit has two or more ratings");
  for (auto& p : pi) p /= n;
  const double pa = pa_sum / n2;
  double weight_total = 0;
  for (double x : w) weight_total += x;
  double pe = 0;
  switch (model) {
    case ChanceModel::none: pe = 0; break;
    case ChanceModel::fleiss:
      for (std::size_t k = 0; k < q; ++k)
        for (std::size_t l = 0; l < q; ++l) pe += w[k * q + l] * pi[k] * pi[l];
      break;
    case ChanceModel::brennan_prediger:
      pe = weight_total / (static_cast<double>(q) * static_cast<double>(q));
      break;
    case ChanceModel::gwet: {
      if (q < 2) return CoefficientResult::undefined("only one category was used, so chance agreement is undefined");
      double spread = 0;
      for (double p : pi) spread += p * (1.0 - p);
      pe = weight_total * spread / (static_cast<double>(q) * static_cast<double>(q - 1));
      break;
    }
  }
  if (model != ChanceModel::none && pe >= 1.0 - 1e-15) {
    return CoefficientResult::undefined("chance agreement is 1 (a single category), so the coefficient is 0/0");
  }
  const double coefficient = model == ChanceModel::none ? pa : (pa - pe) / (1.0 - pe);
  auto result = CoefficientResult::of(coefficient);
  if (n < 2) return result;

  // Linearised variance: v = sum_i (c*_i - c)^2 / (n (n - 1)) over units with a rating.
  std::vector<double> pi_sym(q, 0.0);  // ((W + W') pi / 2)_k, Fleiss' chance term per category
  for (std::size_t k = 0; k < q; ++k) {
    for (std::size_t l = 0; l < q; ++l) pi_sym[k] += (w[k * q + l] + w[l * q + k]) / 2.0 * pi[l];
  }
  const double gwet_factor = q >= 2 ? weight_total / (static_cast<double>(q) * static_cast<double>(q - 1)) : 0.0;
  double squares = 0;
  for (std::size_t unit_idx = 0; unit_idx < data.unit_count(); ++unit_idx) {
    const double weight = unit_weights.empty() ? 1.0 : unit_weights[unit_idx];
    if (weight == 0) continue;
    count_unit(data, unit_idx, scratch, unit);
    if (unit.total == 0) continue;
    const bool paired = unit.total >= 2;
    const double pa_i = paired ? unit_agreement(unit, w, q) : 0.0;
    double term = 0;
    if (model == ChanceModel::none) {
      term = (n / n2) * pa_i;
    } else {
      term = (n / n2) * (pa_i - (paired ? pe : 0.0)) / (1.0 - pe);
      if (model == ChanceModel::fleiss || model == ChanceModel::gwet) {
        double pe_i = 0;
        for (std::size_t a = 0; a < unit.categories.size(); ++a) {
          const std::size_t k = static_cast<std::size_t>(unit.categories[a]);
          const double share = unit.counts[a] / unit.total;
          pe_i += model == ChanceModel::fleiss ? share * pi_sym[k] : gwet_factor * share * (1.0 - pi[k]);
        }
        term -= 2.0 * (1.0 - coefficient) * (pe_i - pe) / (1.0 - pe);
      }
    }
    squares += weight * (term - coefficient) * (term - coefficient);
  }
  set_normal_interval(result, std::sqrt(squares / (n * (n - 1.0))), "asymptotic (Gwet linearised variance)");
  return result;
}

}  // namespace credence::scoring::detail
