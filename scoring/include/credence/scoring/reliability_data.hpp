// Reliability data: the units x coders matrix of category codes with missing values, built from long rows.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credence::scoring {

// How category codes are ordered (codes are always 0..q-1 in this order; ordinal metrics and weights use it).
//   numbers: when every label parses as a number, by numeric value (the default for numeric data);
//   explicit: the given order (labels missing from it are an error);
//   otherwise labels sort as byte strings, which is fine for nominal data only.
struct CategoryOrder {
  std::vector<std::string> explicit_order;  // empty = automatic
};

class ReliabilityData {
 public:
  static constexpr std::int32_t k_missing = -1;

  ReliabilityData() = default;

  // From a units x coders table; nullopt = missing. Labels that all parse as numbers are ordered numerically.
  // Throws std::invalid_argument when a label is absent from a non-empty explicit order.
  // coder_ids / unit_ids name the columns and rows (empty = "coder1".., "unit1"..).
  static ReliabilityData from_table(const std::vector<std::vector<std::optional<std::string>>>& units_by_coders,
                                    const CategoryOrder& order = {}, std::vector<std::string> coder_ids = {},
                                    std::vector<std::string> unit_ids = {});
  // From numbers; every category is numeric.
  static ReliabilityData from_numbers(const std::vector<std::vector<std::optional<double>>>& units_by_coders);
  // From a contingency table of two coders (rows = coder 1, columns = coder 2); one unit per counted pair.
  static ReliabilityData from_contingency(const std::vector<std::vector<std::size_t>>& counts,
                                          const std::vector<std::string>& labels);
  // From raw codes (row-major units x coders, k_missing for none) whose categories are in first-seen order;
  // reorders the categories by `order` and renumbers the codes. Used by the CSV reader.
  static ReliabilityData from_codes(std::size_t unit_count, std::size_t coder_count, std::vector<std::int32_t> codes,
                                    std::vector<std::string> labels, std::vector<std::string> unit_ids,
                                    std::vector<std::string> coder_ids, const CategoryOrder& order = {});

  [[nodiscard]] std::size_t unit_count() const { return unit_count_; }
  [[nodiscard]] std::size_t coder_count() const { return coder_count_; }
  [[nodiscard]] std::size_t category_count() const { return labels_.size(); }
  [[nodiscard]] std::int32_t code(std::size_t unit_idx, std::size_t coder_idx) const {
    return codes_[unit_idx * coder_count_ + coder_idx];
  }
  [[nodiscard]] const std::vector<std::int32_t>& codes() const { return codes_; }
  [[nodiscard]] const std::vector<std::string>& labels() const { return labels_; }
  // Numeric value of each category; nullopt for a label that is not a number.
  [[nodiscard]] const std::vector<std::optional<double>>& numeric_values() const { return numeric_; }
  // True when every category label is a number.
  [[nodiscard]] bool all_numeric() const;
  // Category values for metrics: the numbers when all_numeric(), else ranks 1..q in category order.
  [[nodiscard]] std::vector<double> scale_values() const;
  [[nodiscard]] const std::vector<std::string>& unit_ids() const { return unit_ids_; }
  [[nodiscard]] const std::vector<std::string>& coder_ids() const { return coder_ids_; }
  // Number of non-missing values.
  [[nodiscard]] std::size_t value_count() const;
  // The same data keeping only the listed coders (in that order); categories are kept as they are.
  [[nodiscard]] ReliabilityData select_coders(const std::vector<std::size_t>& coder_indices) const;

 private:
  std::size_t unit_count_ = 0;
  std::size_t coder_count_ = 0;
  std::vector<std::int32_t> codes_;
  std::vector<std::string> labels_;
  std::vector<std::optional<double>> numeric_;
  std::vector<std::string> unit_ids_;
  std::vector<std::string> coder_ids_;
};

// Parses a whole string as a finite number ("3", "-2.5", "1e3"); nullopt otherwise (also for "", "nan", "inf").
std::optional<double> parse_number(std::string_view text);

}  // namespace credence::scoring
