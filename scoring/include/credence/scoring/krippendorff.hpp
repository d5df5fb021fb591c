// Krippendorff's alpha from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "credence/scoring/coefficient_result.hpp"
#include "credence/scoring/reliability_data.hpp"

namespace credence::scoring {

// Levels of measurement = alpha's difference functions (delta squared).
enum class Level { nominal, ordinal, interval, ratio, custom };

std::optional<Level> parse_level(std::string_view name);  // "nominal", "ordinal", "interval", "ratio"
std::string level_name(Level level);

struct AlphaOptions {
  Level level = Level::nominal;
  std::vector<double> custom_distance;  // q x q row-major delta^2 for Level::custom (symmetric, zero diagonal)
};

// o_ck: each unit with m_u >= 2 values adds n_uc n_uk / (m_u - 1) for c != k and n_uc (n_uc - 1) / (m_u - 1) for c = k.
struct CoincidenceMatrix {
  std::size_t category_count = 0;
  std::vector<double> o;           // q x q row-major
  std::vector<double> marginals;   // n_c = sum_k o_ck
  double total = 0;                // n.. = number of pairable values
  std::size_t pairable_units = 0;  // units with at least two values
  [[nodiscard]] double at(std::size_t c, std::size_t k) const { return o[c * category_count + k]; }
};

// unit_weights: empty, or one non-negative multiplicity per unit (used by the unit bootstrap).
CoincidenceMatrix coincidences(const ReliabilityData& data, std::span<const std::uint32_t> unit_weights = {});

// delta^2_ck for every category pair. Ordinal uses the marginals n_g (Krippendorff 2011, ordinal metric);
// interval/ratio need numeric categories (throws std::invalid_argument otherwise).
std::vector<double> difference_matrix(const ReliabilityData& data, const CoincidenceMatrix& coincidence,
                                      const AlphaOptions& options);

struct AlphaResult {
  CoefficientResult alpha;
  CoincidenceMatrix coincidence;
  std::vector<double> delta;  // the difference matrix used
  double observed_disagreement = 0;
  double expected_disagreement = 0;
};

// alpha = 1 - D_o / D_e, D_o = sum o_ck delta_ck / n, D_e = sum n_c n_k delta_ck / (n (n - 1)).
// Undefined with a reason when fewer than two values are pairable or D_e = 0 (one category only).
AlphaResult krippendorff_alpha(const ReliabilityData& data, const AlphaOptions& options = {});
// The same from a coincidence matrix and difference matrix (D_o and D_e are written when given).
CoefficientResult alpha_from_coincidences(const CoincidenceMatrix& coincidence, const std::vector<double>& delta,
                                          double* observed = nullptr, double* expected = nullptr);

// Per category: alpha of the binary "this category vs. all others" data (nominal), and the share of the
// category's pairable values that are paired with the same category (o_cc / n_c).
struct CategoryAgreement {
  std::string label;
  double pairable_values = 0;  // n_c
  CoefficientResult binary_alpha;
  CoefficientResult specific_agreement;
};
std::vector<CategoryAgreement> per_category_agreement(const ReliabilityData& data, const CoincidenceMatrix& coincidence);

}  // namespace credence::scoring
