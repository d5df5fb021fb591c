// Kappa-family coefficients. Two-coder coefficients work on the cross-table of units both coders rated;
// many-coder ones share Gwet's framework (multi_rater.cpp).
#include "credence/scoring/kappa.hpp"

#include <cmath>
#include <stdexcept>

#include "multi_rater.hpp"

namespace credence::scoring {

std::vector<double> weights_for(const ReliabilityData& data, const KappaOptions& options) {
  const std::size_t q = data.category_count();
  if (options.weights == WeightScheme::custom) {
    if (options.custom_weights.size() != q * q) {
      throw std::invalid_argument("custom weights need " + std::to_string(q) + " x " + std::to_string(q) + " entries");
    }
    return options.custom_weights;
  }
  return agreement_weights(options.weights, data.scale_values());
}

namespace {

// Proportions p_ij of the two coders' cross-table, over units both rated.
struct CrossTable {
  std::size_t q = 0;
  std::vector<double> p;  // q x q
  std::vector<double> row, col;
  double units = 0;
};

CrossTable cross_table(const ReliabilityData& data, std::span<const std::uint32_t> unit_weights) {
  CrossTable table;
  table.q = data.category_count();
  const std::size_t q = table.q;
  table.p.assign(q * q, 0.0);
  table.row.assign(q, 0.0);
  table.col.assign(q, 0.0);
  for (std::size_t unit_idx = 0; unit_idx < data.unit_count(); ++unit_idx) {
    const double weight = unit_weights.empty() ? 1.0 : unit_weights[unit_idx];
    const auto a = data.code(unit_idx, 0);
    const auto b = data.code(unit_idx, 1);
    if (weight == 0 || a == ReliabilityData::k_missing || b == ReliabilityData::k_missing) continue;
    table.p[static_cast<std::size_t>(a) * q + static_cast<std::size_t>(b)] += weight;
    table.units += weight;
  }
  if (table.units > 0) {
    for (std::size_t i = 0; i < q; ++i) {
      for (std::size_t j = 0; j < q; ++j) {
        auto& cell = table.p[i * q + j];
        cell /= table.units;
        table.row[i] += cell;
        table.col[j] += cell;
      }
    }
  }
  return table;
}

std::optional<CoefficientResult> two_coder_problem(const ReliabilityData& data, const char* name) {
  if (data.coder_count() != 2) {
    return CoefficientResult::undefined(std::string(name) + " needs exactly two coders, the data has " +
                                        std::to_string(data.coder_count()));
  }
  return std::nullopt;
}

}  // namespace

CoefficientResult cohen_kappa(const ReliabilityData& data, const KappaOptions& options,
                              std::span<const std::uint32_t> unit_weights) {
  if (auto problem = two_coder_problem(data, "Cohen's kappa")) return *problem;
  const auto w = weights_for(data, options);
  const auto t = cross_table(data, unit_weights);
  if (t.units == 0) return CoefficientResult::undefined("no unit was rated by both coders");
  const std::size_t q = t.q;
  double po = 0, pe = 0;
  for (std::size_t i = 0; i < q; ++i) {
    for (std::size_t j = 0; j < q; ++j) {
      po += w[i * q + j] * t.p[i * q + j];
      pe += w[i * q + j] * t.row[i] * t.col[j];
    }
  }
  if (pe >= 1.0 - 1e-15) {
    return CoefficientResult::undefined("chance agreement is 1 (both coders used a single category), so kappa is 0/0");
  }
  const double kappa = (po - pe) / (1.0 - pe);
  auto result = CoefficientResult::of(kappa);
  // Fleiss, Cohen & Everitt (1969) as in SAS PROC FREQ: with wbar_i. = sum_j p_.j w_ij, wbar_.j = sum_i p_i. w_ij,
  // var = [sum_ij p_ij (w_ij - (wbar_i. + wbar_.j)(1 - k))^2 - (k - Pe (1 - k))^2] / ((1 - Pe)^2 n).
  std::vector<double> wbar_row(q, 0.0), wbar_col(q, 0.0);
  for (std::size_t i = 0; i < q; ++i) {
    for (std::size_t j = 0; j < q; ++j) {
      wbar_row[i] += t.col[j] * w[i * q + j];
      wbar_col[j] += t.row[i] * w[i * q + j];
    }
  }
  double sum = 0;
  for (std::size_t i = 0; i < q; ++i) {
    for (std::size_t j = 0; j < q; ++j) {
      const double d = w[i * q + j] - (wbar_row[i] + wbar_col[j]) * (1.0 - kappa);
      sum += t.p[i * q + j] * d * d;
    }
  }
  const double tail = kappa - pe * (1.0 - kappa);
  const double variance = (sum - tail * tail) / ((1.0 - pe) * (1.0 - pe) * t.units);
  set_normal_interval(result, std::sqrt(std::max(variance, 0.0)), "asymptotic (SAS PROC FREQ)");
  return result;
}

CoefficientResult scott_pi(const ReliabilityData& data, const KappaOptions& options,
                           std::span<const std::uint32_t> unit_weights) {
  if (auto problem = two_coder_problem(data, "Scott's pi")) return *problem;
  const auto t = cross_table(data, unit_weights);
  if (t.units == 0) return CoefficientResult::undefined("no unit was rated by both coders");
  // On units both coders rated, Scott's pi is Fleiss' kappa with two ratings per unit (Fleiss 1971 reduces to
  // Scott 1955), so its value and Gwet's variance come from the many-rater code on the complete units.
  std::vector<std::uint32_t> complete(data.unit_count(), 0);
  for (std::size_t unit_idx = 0; unit_idx < data.unit_count(); ++unit_idx) {
    const bool both = data.code(unit_idx, 0) != ReliabilityData::k_missing &&
                      data.code(unit_idx, 1) != ReliabilityData::k_missing;
    complete[unit_idx] = both ? (unit_weights.empty() ? 1u : unit_weights[unit_idx]) : 0u;
  }
  return detail::multi_rater_coefficient(data, weights_for(data, options), detail::ChanceModel::fleiss, complete);
}

CoefficientResult fleiss_kappa(const ReliabilityData& data, const KappaOptions& options,
                               std::span<const std::uint32_t> unit_weights) {
  return detail::multi_rater_coefficient(data, weights_for(data, options), detail::ChanceModel::fleiss, unit_weights);
}

CoefficientResult brennan_prediger(const ReliabilityData& data, const KappaOptions& options,
                                   std::span<const std::uint32_t> unit_weights) {
  return detail::multi_rater_coefficient(data, weights_for(data, options), detail::ChanceModel::brennan_prediger,
                                         unit_weights);
}

CoefficientResult percent_agreement(const ReliabilityData& data, const KappaOptions& options,
                                    std::span<const std::uint32_t> unit_weights) {
  return detail::multi_rater_coefficient(data, weights_for(data, options), detail::ChanceModel::none, unit_weights);
}

CoefficientResult conger_kappa(const ReliabilityData& data, const KappaOptions& options,
                               std::span<const std::uint32_t> unit_weights) {
  const std::size_t r = data.coder_count();
  const std::size_t q = data.category_count();
  if (r < 2) return CoefficientResult::undefined("Conger's kappa needs at least two coders");
  const auto w = weights_for(data, options);
  // Percent agreement is shared with the other many-rater coefficients.
  auto pa = detail::multi_rater_coefficient(data, w, detail::ChanceModel::none, unit_weights);
  if (!pa.defined()) return pa;
  // p_gk: share of coder g's ratings in category k.
  std::vector<double> p(r * q, 0.0);
  std::vector<double> rated(r, 0.0);
  for (std::size_t unit_idx = 0; unit_idx < data.unit_count(); ++unit_idx) {
    const double weight = unit_weights.empty() ? 1.0 : unit_weights[unit_idx];
    if (weight == 0) continue;
    for (std::size_t g = 0; g < r; ++g) {
      const auto code = data.code(unit_idx, g);
      if (code == ReliabilityData::k_missing) continue;
      p[g * q + static_cast<std::size_t>(code)] += weight;
      rated[g] += weight;
    }
  }
  for (std::size_t g = 0; g < r; ++g) {
    if (rated[g] == 0) continue;
    for (std::size_t k = 0; k < q; ++k) p[g * q + k] /= rated[g];
  }
  std::vector<double> mean(q, 0.0);
  for (std::size_t k = 0; k < q; ++k) {
    for (std::size_t g = 0; g < r; ++g) mean[k] += p[g * q + k];
    mean[k] /= static_cast<double>(r);
  }
  // pe = sum_kl w_kl (pbar_k pbar_l - s2_kl / r), s2_kl the between-coder covariance of p_gk and p_gl.
  double pe = 0;
  for (std::size_t k = 0; k < q; ++k) {
    for (std::size_t l = 0; l < q; ++l) {
      double cross = 0;
      for (std::size_t g = 0; g < r; ++g) cross += p[g * q + k] * p[g * q + l];
      const double s2 = (cross - static_cast<double>(r) * mean[k] * mean[l]) / static_cast<double>(r - 1);
      pe += w[k * q + l] * (mean[k] * mean[l] - s2 / static_cast<double>(r));
    }
  }
  if (pe >= 1.0 - 1e-15) {
    return CoefficientResult::undefined("chance agreement is 1 (a single category), so the coefficient is 0/0");
  }
  const double kappa = (*pa.value - pe) / (1.0 - pe);
  auto result = CoefficientResult::of(kappa);

  // Gwet's (2014) linearised variance. pe = sum_kl w_kl sum_{g != h} p_gk p_hl / (r (r - 1)), so unit i's
  // share of pe is pe_i = sum_g sum_k lambda_igk (S_k - p_gk) / (r (r - 1)), S_k = sum_g p_gk, where
  // lambda_igk = (n / n_g) [w_k,x_ig - (e_ig - n_g / n) sum_l w_kl p_gl] linearises sum_l w_kl p_gl
  // (x_ig: coder g's value on unit i, e_ig = 1 when it exists).
  std::vector<double> ws(q * q);
  for (std::size_t k = 0; k < q; ++k)
    for (std::size_t l = 0; l < q; ++l) ws[k * q + l] = (w[k * q + l] + w[l * q + k]) / 2.0;
  std::vector<double> wp(r * q, 0.0);  // sum_l w_kl p_gl
  for (std::size_t g = 0; g < r; ++g)
    for (std::size_t k = 0; k < q; ++k)
      for (std::size_t l = 0; l < q; ++l) wp[g * q + k] += ws[k * q + l] * p[g * q + l];
  std::vector<double> column_total(q, 0.0);  // S_k
  for (std::size_t k = 0; k < q; ++k)
    for (std::size_t g = 0; g < r; ++g) column_total[k] += p[g * q + k];
  double n = 0, n2 = 0;
  for (std::size_t unit_idx = 0; unit_idx < data.unit_count(); ++unit_idx) {
    const double weight = unit_weights.empty() ? 1.0 : unit_weights[unit_idx];
    std::size_t ratings = 0;
    for (std::size_t g = 0; g < r; ++g) ratings += data.code(unit_idx, g) != ReliabilityData::k_missing;
    if (ratings >= 1) n += weight;
    if (ratings >= 2) n2 += weight;
  }
  if (n < 2) return result;
  std::vector<double> single(q * q);
  for (std::size_t k = 0; k < q; ++k)
    for (std::size_t l = 0; l < q; ++l) single[k * q + l] = w[k * q + l];
  double squares = 0;
  const double denominator = static_cast<double>(r) * static_cast<double>(r - 1);
  for (std::size_t unit_idx = 0; unit_idx < data.unit_count(); ++unit_idx) {
    const double weight = unit_weights.empty() ? 1.0 : unit_weights[unit_idx];
    if (weight == 0) continue;
    std::size_t ratings = 0;
    for (std::size_t g = 0; g < r; ++g) ratings += data.code(unit_idx, g) != ReliabilityData::k_missing;
    if (ratings == 0) continue;
    double pe_i = 0;
    for (std::size_t g = 0; g < r; ++g) {
      if (rated[g] == 0) continue;
      const auto x = data.code(unit_idx, g);
      const double e = x != ReliabilityData::k_missing ? 1.0 : 0.0;
      for (std::size_t k = 0; k < q; ++k) {
        const double chosen = x != ReliabilityData::k_missing ? ws[k * q + static_cast<std::size_t>(x)] : 0.0;
        const double lambda = (n / rated[g]) * (chosen - (e - rated[g] / n) * wp[g * q + k]);
        pe_i += lambda * (column_total[k] - p[g * q + k]);
      }
    }
    pe_i /= denominator;
    // Unit agreement as in multi_rater.cpp: sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1)).
    double pa_i = 0;
    if (ratings >= 2) {
      for (std::size_t g = 0; g < r; ++g) {
        const auto a = data.code(unit_idx, g);
        if (a == ReliabilityData::k_missing) continue;
        for (std::size_t h = 0; h < r; ++h) {
          const auto b = data.code(unit_idx, h);
          if (h == g || b == ReliabilityData::k_missing) continue;
          pa_i += single[static_cast<std::size_t>(a) * q + static_cast<std::size_t>(b)];
        }
      }
      pa_i /= static_cast<double>(ratings) * static_cast<double>(ratings - 1);
    }
    const double term = (n / n2) * (pa_i - (ratings >= 2 ? pe : 0.0)) / (1.0 - pe) -
                        2.0 * (1.0 - kappa) * (pe_i - pe) / (1.0 - pe);
    squares += weight * (term - kappa) * (term - kappa);
  }
  set_normal_interval(result, std::sqrt(squares / (n * (n - 1.0))), "asymptotic (Gwet linearised variance)");
  return result;
}

}  // namespace credence::scoring
