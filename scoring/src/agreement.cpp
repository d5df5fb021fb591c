// The full agreement report: coefficients (with bootstrap intervals when asked), category, pair and coder tables.
#include "credence/scoring/agreement.hpp"

#include <algorithm>

#include "credence/scoring/bootstrap.hpp"
#include "credence/scoring/gwet.hpp"

namespace credence::scoring {

std::string coefficient_name(Coefficient coefficient) {
  switch (coefficient) {
    case Coefficient::krippendorff_alpha: return "krippendorff_alpha";
    case Coefficient::cohen_kappa: return "cohen_kappa";
    case Coefficient::scott_pi: return "scott_pi";
    case Coefficient::fleiss_kappa: return "fleiss_kappa";
    case Coefficient::conger_kappa: return "conger_kappa";
    case Coefficient::brennan_prediger: return "brennan_prediger";
    case Coefficient::gwet_ac1: return "gwet_ac1";
    case Coefficient::gwet_ac2: return "gwet_ac2";
    case Coefficient::percent_agreement: return "percent_agreement";
  }
  return "";
}

std::vector<Coefficient> all_coefficients() {
  return {Coefficient::krippendorff_alpha, Coefficient::cohen_kappa,      Coefficient::scott_pi,
          Coefficient::fleiss_kappa,       Coefficient::conger_kappa,     Coefficient::brennan_prediger,
          Coefficient::gwet_ac1,           Coefficient::gwet_ac2,         Coefficient::percent_agreement};
}

std::optional<Coefficient> parse_coefficient(std::string_view name) {
  for (auto c : all_coefficients()) {
    if (coefficient_name(c) == name) return c;
  }
  return std::nullopt;
}

namespace {

CoefficientResult compute_one(Coefficient coefficient, const ReliabilityData& data, const AgreementOptions& options,
                              std::span<const std::uint32_t> weights) {
  switch (coefficient) {
    case Coefficient::krippendorff_alpha: {
      const auto c = coincidences(data, weights);
      return alpha_from_coincidences(c, difference_matrix(data, c, options.alpha));
    }
    case Coefficient::cohen_kappa: return cohen_kappa(data, options.kappa, weights);
    case Coefficient::scott_pi: return scott_pi(data, options.kappa, weights);
    case Coefficient::fleiss_kappa: return fleiss_kappa(data, options.kappa, weights);
    case Coefficient::conger_kappa: return conger_kappa(data, options.kappa, weights);
    case Coefficient::brennan_prediger: return brennan_prediger(data, options.kappa, weights);
    case Coefficient::gwet_ac1: return gwet_ac1(data, weights);
    case Coefficient::gwet_ac2: return gwet_ac2(data, options.kappa, weights);
    case Coefficient::percent_agreement: return percent_agreement(data, options.kappa, weights);
  }
  return CoefficientResult::undefined("unknown coefficient");
}

}  // namespace

AgreementReport compute_agreement(const ReliabilityData& data, const AgreementOptions& options) {
  AgreementReport report;
  report.n_units = data.unit_count();
  report.n_coders = data.coder_count();
  report.n_values = data.value_count();
  report.level = options.alpha.level;
  report.weights = weight_scheme_name(options.kappa.weights);
  report.category_labels = data.labels();
  report.coincidence = coincidences(data);
  report.n_pairable = static_cast<std::size_t>(report.coincidence.total + 0.5);
  const auto delta = difference_matrix(data, report.coincidence, options.alpha);
  if (options.kappa.weights != WeightScheme::identity) (void)weights_for(data, options.kappa);  // validate early

  std::vector<Coefficient> chosen = options.coefficients;
  if (chosen.empty()) {
    for (auto c : all_coefficients()) {
      if ((c == Coefficient::cohen_kappa || c == Coefficient::scott_pi) && data.coder_count() != 2) continue;
      chosen.push_back(c);
    }
  }
  BootstrapOptions boot{options.bootstrap, options.seed, options.threads};
  for (auto coefficient : chosen) {
    CoefficientResult result;
    if (coefficient == Coefficient::krippendorff_alpha) {
      result = alpha_from_coincidences(report.coincidence, delta);
      if (options.bootstrap > 0 && result.defined()) {
        if (auto b = bootstrap_alpha(report.coincidence, delta, boot)) {
          apply_bootstrap(result, *b, "bootstrap, Krippendorff's resampling of pairable values (percentile)");
        }
      }
    } else {
      result = compute_one(coefficient, data, options, {});
      if (options.bootstrap > 0 && result.defined()) {
        const auto b = bootstrap_units(
            data.unit_count(),
            [&](std::span<const std::uint32_t> weights) { return compute_one(coefficient, data, options, weights).value; },
            boot);
        apply_bootstrap(result, b, "bootstrap, units resampled (percentile)");
      }
    }
    report.coefficients.emplace_back(coefficient, std::move(result));
  }
  report.per_category = per_category_agreement(data, report.coincidence);

  if (!options.breakdown || data.coder_count() > 50) return report;
  const std::size_t coders = data.coder_count();
  for (std::size_t a = 0; a < coders; ++a) {
    for (std::size_t b = a + 1; b < coders; ++b) {
      PairAgreement pair;
      pair.coder_a = data.coder_ids()[a];
      pair.coder_b = data.coder_ids()[b];
      const auto two = data.select_coders({a, b});
      for (std::size_t unit_idx = 0; unit_idx < two.unit_count(); ++unit_idx) {
        if (two.code(unit_idx, 0) != ReliabilityData::k_missing && two.code(unit_idx, 1) != ReliabilityData::k_missing)
          ++pair.common_units;
      }
      const auto c = coincidences(two);
      pair.alpha = alpha_from_coincidences(c, difference_matrix(two, c, options.alpha));
      pair.percent_agreement = percent_agreement(two, options.kappa);
      report.pairs.push_back(std::move(pair));
    }
  }
  // Each coder's matches: within a unit with m values, each of the coder's m - 1 comparisons weighs 1/(m - 1).
  std::vector<double> matched(coders, 0.0), compared(coders, 0.0);
  for (std::size_t unit_idx = 0; unit_idx < data.unit_count(); ++unit_idx) {
    std::size_t m = 0;
    for (std::size_t g = 0; g < coders; ++g) m += data.code(unit_idx, g) != ReliabilityData::k_missing;
    if (m < 2) continue;
    for (std::size_t g = 0; g < coders; ++g) {
      const auto mine = data.code(unit_idx, g);
      if (mine == ReliabilityData::k_missing) continue;
      std::size_t same = 0;
      for (std::size_t h = 0; h < coders; ++h) same += h != g && data.code(unit_idx, h) == mine;
      matched[g] += static_cast<double>(same) / static_cast<double>(m - 1);
      compared[g] += 1.0;
    }
  }
  for (std::size_t g = 0; g < coders; ++g) {
    CoderAgreement entry;
    entry.coder = data.coder_ids()[g];
    for (std::size_t unit_idx = 0; unit_idx < data.unit_count(); ++unit_idx)
      entry.values += data.code(unit_idx, g) != ReliabilityData::k_missing;
    std::vector<std::size_t> others;
    for (std::size_t h = 0; h < coders; ++h)
      if (h != g) others.push_back(h);
    if (others.size() >= 2) {
      const auto rest = data.select_coders(others);
      const auto c = coincidences(rest);
      entry.alpha_without = alpha_from_coincidences(c, difference_matrix(rest, c, options.alpha));
    } else {
      entry.alpha_without = CoefficientResult::undefined("only one other coder is left");
    }
    entry.pairwise_agreement = compared[g] > 0 ? CoefficientResult::of(matched[g] / compared[g])
                                               : CoefficientResult::undefined("the coder shares no unit with another");
    report.coders.push_back(std::move(entry));
  }
  return report;
}

}  // namespace credence::scoring
