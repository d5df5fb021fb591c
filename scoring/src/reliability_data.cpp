// Building reliability data: category ordering (numeric, explicit or byte order) and code renumbering.
#include "credence/scoring/reliability_data.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <unordered_map>


namespace credence::scoring {

std::optional<double> parse_number(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

namespace {

// The permutation old code -> new code that puts the labels in the requested order.
std::vector<std::int32_t> category_permutation(const std::vector<std::string>& labels, const CategoryOrder& order,
                                               std::vector<std::string>& sorted_labels) {
  const std::size_t q = labels.size();
  std::vector<std::size_t> by_rank(q);
  std::iota(by_rank.begin(), by_rank.end(), 0);
  std::vector<std::optional<double>> numbers(q);
  bool numeric = true;
  for (std::size_t i = 0; i < q; ++i) {
    numbers[i] = parse_number(labels[i]);
    numeric = numeric && numbers[i].has_value();
  }
  if (!order.explicit_order.empty()) {
    std::unordered_map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < order.explicit_order.size(); ++i) position.emplace(order.explicit_order[i], i);
    for (const auto& label : labels) {
      if (position.count(label) == 0) {
        throw std::invalid_argument("value '" + label + "' is not in the category order given");
      }
    }
    std::sort(by_rank.begin(), by_rank.end(),
              [&](std::size_t a, std::size_t b) { return position.at(labels[a]) < position.at(labels[b]); });
  } else if (numeric) {
    std::sort(by_rank.begin(), by_rank.end(), [&](std::size_t a, std::size_t b) {
      if (*numbers[a] != *numbers[b]) return *numbers[a] < *numbers[b];
      return labels[a] < labels[b];
    });
  } else {
    std::sort(by_rank.begin(), by_rank.end(), [&](std::size_t a, std::size_t b) { return labels[a] < labels[b]; });
  }
  std::vector<std::int32_t> new_code(q);
  sorted_labels.resize(q);
  for (std::size_t rank = 0; rank < q; ++rank) {
    new_code[by_rank[rank]] = static_cast<std::int32_t>(rank);
    sorted_labels[rank] = labels[by_rank[rank]];
  }
  return new_code;
}

}  // namespace

ReliabilityData ReliabilityData::from_codes(std::size_t unit_count, std::size_t coder_count,
                                            std::vector<std::int32_t> codes, std::vector<std::string> labels,
                                            std::vector<std::string> unit_ids, std::vector<std::string> coder_ids,
                                            const CategoryOrder& order) {
  if (codes.size() != unit_count * coder_count) throw std::invalid_argument("codes do not fill units x coders");
  ReliabilityData data;
  data.unit_count_ = unit_count;
  data.coder_count_ = coder_count;
  std::vector<std::string> sorted;
  const auto new_code = category_permutation(labels, order, sorted);
  bool identity = true;
  for (std::size_t i = 0; i < new_code.size(); ++i) identity = identity && new_code[i] == static_cast<std::int32_t>(i);
  if (!identity) {
    for (auto& code : codes) {
      if (code != k_missing) code = new_code[static_cast<std::size_t>(code)];
    }
  }
  data.codes_ = std::move(codes);
  data.labels_ = std::move(sorted);
  data.numeric_.reserve(data.labels_.size());
  for (const auto& label : data.labels_) data.numeric_.push_back(parse_number(label));
  if (unit_ids.empty()) {
    for (std::size_t i = 0; i < unit_count; ++i) unit_ids.push_back(std::to_string(i + 1));
  }
  if (coder_ids.empty()) {
    for (std::size_t i = 0; i < coder_count; ++i) coder_ids.push_back("coder" + std::to_string(i + 1));
  }
  data.unit_ids_ = std::move(unit_ids);
  data.coder_ids_ = std::move(coder_ids);
  return data;
}

ReliabilityData ReliabilityData::from_table(const std::vector<std::vector<std::optional<std::string>>>& units_by_coders,
                                            const CategoryOrder& order, std::vector<std::string> coder_ids,
                                            std::vector<std::string> unit_ids) {
  std::size_t coder_count = 0;
  for (const auto& row : units_by_coders) coder_count = std::max(coder_count, row.size());
  std::vector<std::int32_t> codes(units_by_coders.size() * coder_count, k_missing);
  std::vector<std::string> labels;
  std::unordered_map<std::string, std::int32_t> seen;
  for (std::size_t unit_idx = 0; unit_idx < units_by_coders.size(); ++unit_idx) {
    const auto& row = units_by_coders[unit_idx];
    for (std::size_t coder_idx = 0; coder_idx < row.size(); ++coder_idx) {
      if (!row[coder_idx]) continue;
      auto [it, inserted] = seen.emplace(*row[coder_idx], static_cast<std::int32_t>(labels.size()));
      if (inserted) labels.push_back(*row[coder_idx]);
      codes[unit_idx * coder_count + coder_idx] = it->second;
    }
  }
  return from_codes(units_by_coders.size(), coder_count, std::move(codes), std::move(labels), std::move(unit_ids),
                    std::move(coder_ids), order);
}

ReliabilityData ReliabilityData::from_numbers(const std::vector<std::vector<std::optional<double>>>& units_by_coders) {
  std::vector<std::vector<std::optional<std::string>>> table;
  table.reserve(units_by_coders.size());
  for (const auto& row : units_by_coders) {
    std::vector<std::optional<std::string>> text_row;
    for (const auto& value : row) {
      if (!value) {
        text_row.emplace_back();
        continue;
      }
      char buffer[64];
      auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, *value);
      text_row.emplace_back(std::string(buffer, ptr));
    }
    table.push_back(std::move(text_row));
  }
  return from_table(table);
}

ReliabilityData ReliabilityData::from_contingency(const std::vector<std::vector<std::size_t>>& counts,
                                                  const std::vector<std::string>& labels) {
  std::vector<std::vector<std::optional<std::string>>> table;
  for (std::size_t row = 0; row < counts.size(); ++row) {
    for (std::size_t col = 0; col < counts[row].size(); ++col) {
      for (std::size_t i = 0; i < counts[row][col]; ++i) table.push_back({labels.at(row), labels.at(col)});
    }
  }
  CategoryOrder order{labels};
  // Categories that never occur are dropped by from_table; keep the caller's order for those that do.
  return from_table(table, order);
}

bool ReliabilityData::all_numeric() const {
  return std::all_of(numeric_.begin(), numeric_.end(), [](const auto& v) { return v.has_value(); });
}

std::vector<double> ReliabilityData::scale_values() const {
  std::vector<double> values(labels_.size());
  const bool numeric = all_numeric();
  for (std::size_t i = 0; i < labels_.size(); ++i) values[i] = numeric ? *numeric_[i] : static_cast<double>(i + 1);
  return values;
}

std::size_t ReliabilityData::value_count() const {
  return static_cast<std::size_t>(
      std::count_if(codes_.begin(), codes_.end(), [](std::int32_t code) { return code != k_missing; }));
}

ReliabilityData ReliabilityData::select_coders(const std::vector<std::size_t>& coder_indices) const {
  ReliabilityData data;
  data.unit_count_ = unit_count_;
  data.coder_count_ = coder_indices.size();
  data.codes_.resize(unit_count_ * coder_indices.size());
  for (std::size_t unit_idx = 0; unit_idx < unit_count_; ++unit_idx) {
    for (std::size_t j = 0; j < coder_indices.size(); ++j) {
      data.codes_[unit_idx * coder_indices.size() + j] = code(unit_idx, coder_indices[j]);
    }
  }
  data.labels_ = labels_;
  data.numeric_ = numeric_;
  data.unit_ids_ = unit_ids_;
  for (auto idx : coder_indices) data.coder_ids_.push_back(coder_ids_.at(idx));
  return data;
}

}  // namespace credence::scoring
