// The full agreement report: coefficients (with bootstrap intervals when asked), category, pair and coder tables.
#include "credence/scoring/agreement.hpp"

#include <algorithm>
#include <thread>

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
  // One pass over the units fills every table below: pair cross-tables, leave-one-coder-out coincidences and
  // each coder's matches, so the breakdown costs O(units x coders^3) time and O(coders x q^2) memory.
  const std::size_t coders = data.coder_count();
  const std::size_t q = data.category_count();
  const auto kappa_weights = weights_for(data, options.kappa);
  std::vector<std::pair<std::size_t, std::size_t>> pair_list;
  for (std::size_t a = 0; a < coders; ++a)
    for (std::size_t b = a + 1; b < coders; ++b) pair_list.emplace_back(a, b);
  std::vector<double> inverse(coders + 1, 0.0);
  for (std::size_t m = 2; m <= coders; ++m) inverse[m] = 1.0 / static_cast<double>(m - 1);
  std::vector<std::size_t> pair_index(coders * coders, 0);
  for (std::size_t p = 0; p < pair_list.size(); ++p) pair_index[pair_list[p].first * coders + pair_list[p].second] = p;
  // Sums over a range of units; large data is split over two threads and the sums added (exact for the
  // counts; the 1/(m-1) sums differ from a serial pass only in the last bits).
  struct Partial {
    std::vector<std::vector<double>> cross;  // per pair, q x q cross-table of the units both rated
    std::vector<std::vector<double>> without;  // per left-out coder, q x q coincidences of the others
    std::vector<std::size_t> without_units;
    std::vector<double> matched, compared;
    std::vector<std::size_t> values_per_coder;
  };
  auto make_partial = [&] {
    Partial part;
    part.cross.assign(pair_list.size(), std::vector<double>(q * q, 0.0));
    part.without.assign(coders, std::vector<double>(q * q, 0.0));
    part.without_units.assign(coders, 0);
    part.matched.assign(coders, 0.0);
    part.compared.assign(coders, 0.0);
    part.values_per_coder.assign(coders, 0);
    return part;
  };
  const std::int32_t* codes = data.codes().data();
  auto accumulate = [&](std::size_t begin, std::size_t end, Partial& part) {
    std::vector<std::size_t> present;  // coders who rated the unit
    std::vector<std::int32_t> given;   // their values
    for (std::size_t unit_idx = begin; unit_idx < end; ++unit_idx) {
      const std::int32_t* row = codes + unit_idx * coders;
      present.clear();
      given.clear();
      for (std::size_t g = 0; g < coders; ++g) {
        if (row[g] != ReliabilityData::k_missing) {
          present.push_back(g);
          given.push_back(row[g]);
          ++part.values_per_coder[g];
        }
      }
      const std::size_t m = present.size();
      if (m < 2) continue;
      for (std::size_t i = 0; i < m; ++i) {
        for (std::size_t j = i + 1; j < m; ++j) {
          part.cross[pair_index[present[i] * coders + present[j]]]
                    [static_cast<std::size_t>(given[i]) * q + static_cast<std::size_t>(given[j])] += 1.0;
        }
      }
      // Leaving out a coder who rated the unit leaves m - 1 values; leaving out one who did not changes nothing.
      for (std::size_t g = 0; g < coders; ++g) {
        const bool rated = row[g] != ReliabilityData::k_missing;
        const std::size_t rest = m - (rated ? 1 : 0);
        if (rest < 2) continue;
        auto& o = part.without[g];
        part.without_units[g] += 1;
        const double w = inverse[rest];
        for (std::size_t i = 0; i < m; ++i) {
          if (present[i] == g) continue;
          const std::size_t a = static_cast<std::size_t>(given[i]);
          for (std::size_t j = i + 1; j < m; ++j) {
            if (present[j] == g) continue;
            const std::size_t b = static_cast<std::size_t>(given[j]);
            o[a * q + b] += w;
            o[b * q + a] += w;
          }
        }
      }
      for (std::size_t i = 0; i < m; ++i) {
        std::size_t same = 0;
        for (std::size_t j = 0; j < m; ++j) same += j != i && given[j] == given[i];
        part.matched[present[i]] += static_cast<double>(same) * inverse[m];
        part.compared[present[i]] += 1.0;
      }
    }
  };
  Partial total = make_partial();
  const std::size_t units = data.unit_count();
  if (units >= 200'000 && std::thread::hardware_concurrency() > 1) {
    Partial second = make_partial();
    std::thread helper([&] { accumulate(units / 2, units, second); });
    accumulate(0, units / 2, total);
    helper.join();
    auto add = [](std::vector<double>& into, const std::vector<double>& from) {
      for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
    };
    for (std::size_t p = 0; p < pair_list.size(); ++p) add(total.cross[p], second.cross[p]);
    for (std::size_t g = 0; g < coders; ++g) {
      add(total.without[g], second.without[g]);
      total.without_units[g] += second.without_units[g];
      total.values_per_coder[g] += second.values_per_coder[g];
    }
    add(total.matched, second.matched);
    add(total.compared, second.compared);
  } else {
    accumulate(0, units, total);
  }
  auto& cross = total.cross;
  auto& matched = total.matched;
  auto& compared = total.compared;
  auto& values_per_coder = total.values_per_coder;
  std::vector<CoincidenceMatrix> without(coders);
  for (std::size_t g = 0; g < coders; ++g) {
    without[g].category_count = q;
    without[g].o = std::move(total.without[g]);
    without[g].marginals.assign(q, 0.0);
    without[g].pairable_units = total.without_units[g];
  }
  for (std::size_t p = 0; p < pair_list.size(); ++p) {
    PairAgreement pair;
    pair.coder_a = data.coder_ids()[pair_list[p].first];
    pair.coder_b = data.coder_ids()[pair_list[p].second];
    // Two coders, both rated: each unit adds its ordered pair both ways to the coincidences (m = 2).
    CoincidenceMatrix c;
    c.category_count = q;
    c.o.assign(q * q, 0.0);
    c.marginals.assign(q, 0.0);
    double units = 0, agreement = 0;
    for (std::size_t x = 0; x < q; ++x) {
      for (std::size_t y = 0; y < q; ++y) {
        const double n_xy = cross[p][x * q + y];
        c.o[x * q + y] += n_xy;
        c.o[y * q + x] += n_xy;
        units += n_xy;
        agreement += kappa_weights[x * q + y] * n_xy;
      }
    }
    for (std::size_t x = 0; x < q; ++x) {
      for (std::size_t y = 0; y < q; ++y) c.marginals[x] += c.o[x * q + y];
      c.total += c.marginals[x];
    }
    c.pairable_units = static_cast<std::size_t>(units);
    pair.common_units = static_cast<std::size_t>(units);
    pair.alpha = alpha_from_coincidences(c, difference_matrix(data, c, options.alpha));
    pair.percent_agreement = units > 0 ? CoefficientResult::of(agreement / units)
                                       : CoefficientResult::undefined("no unit was rated by both coders");
    report.pairs.push_back(std::move(pair));
  }
  for (std::size_t g = 0; g < coders; ++g) {
    CoderAgreement entry;
    entry.coder = data.coder_ids()[g];
    entry.values = values_per_coder[g];
    auto& c = without[g];
    for (std::size_t x = 0; x < q; ++x) {
      for (std::size_t y = 0; y < q; ++y) c.marginals[x] += c.o[x * q + y];
      c.total += c.marginals[x];
    }
    entry.alpha_without = coders < 3 ? CoefficientResult::undefined("only one other coder is left")
                                     : alpha_from_coincidences(c, difference_matrix(data, c, options.alpha));
    entry.pairwise_agreement = compared[g] > 0 ? CoefficientResult::of(matched[g] / compared[g])
                                               : CoefficientResult::undefined("the coder shares no unit with another");
    report.coders.push_back(std::move(entry));
  }
  return report;
}

}  // namespace credence::scoring
