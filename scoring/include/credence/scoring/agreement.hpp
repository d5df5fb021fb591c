// One call for a full agreement report on reliability data: the chosen coefficients with intervals,
// per-category agreement, per-coder-pair agreement and each coder against the rest. Used by
// `credence agreement` and, later, per rubric dimension / outlet / annotator from the study store.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "credence/scoring/coefficient_result.hpp"
#include "credence/scoring/kappa.hpp"
#include "credence/scoring/krippendorff.hpp"
#include "credence/scoring/reliability_data.hpp"

namespace credence::scoring {

enum class Coefficient {
  krippendorff_alpha, cohen_kappa, scott_pi, fleiss_kappa, conger_kappa,
  brennan_prediger, gwet_ac1, gwet_ac2, percent_agreement,
};

// Stable names used in JSON and on the command line ("krippendorff_alpha", ...).
std::string coefficient_name(Coefficient coefficient);
std::optional<Coefficient> parse_coefficient(std::string_view name);
// Every coefficient, in report order.
std::vector<Coefficient> all_coefficients();

struct AgreementOptions {
  AlphaOptions alpha;
  KappaOptions kappa;                      // weights of the kappa family and AC2 (AC1 is always unweighted)
  std::vector<Coefficient> coefficients;   // empty = all that apply (Cohen and Scott only with two coders)
  std::size_t bootstrap = 0;               // resamples; 0 = analytic intervals only
  std::uint64_t seed = 1;
  std::size_t threads = 0;                 // 0 = hardware threads
  bool breakdown = true;                   // per-pair and per-coder tables (skipped above 50 coders)
};

struct PairAgreement {
  std::string coder_a, coder_b;
  std::size_t common_units = 0;  // units both rated
  CoefficientResult alpha;       // at the report's level
  CoefficientResult percent_agreement;
};

struct CoderAgreement {
  std::string coder;
  std::size_t values = 0;
  CoefficientResult alpha_without;   // alpha of the other coders: above the overall alpha = this coder drags it down
  CoefficientResult pairwise_agreement;  // share of this coder's pairable comparisons that match (weighted by 1/(m-1))
};

struct AgreementReport {
  std::size_t n_units = 0, n_coders = 0, n_values = 0, n_pairable = 0;
  Level level = Level::nominal;
  std::string weights;
  std::vector<std::pair<Coefficient, CoefficientResult>> coefficients;
  CoincidenceMatrix coincidence;
  std::vector<std::string> category_labels;
  std::vector<CategoryAgreement> per_category;
  std::vector<PairAgreement> pairs;
  std::vector<CoderAgreement> coders;
};

// Throws std::invalid_argument when the options do not fit the data (an interval level on text labels,
// a custom matrix of the wrong size).
AgreementReport compute_agreement(const ReliabilityData& data, const AgreementOptions& options);

}  // namespace credence::scoring
