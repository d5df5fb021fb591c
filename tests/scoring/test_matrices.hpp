// Published example matrices shared by the scoring tests (each with its source).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "credence/scoring/reliability_data.hpp"

namespace credence::scoring::testing_data {

inline constexpr std::optional<double> na = std::nullopt;

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: observers A-D x units 1-12,
// transposed to units x coders. Gwet (2014, p. 120) uses the same matrix (irrCAC's cac.raw4raters).
inline ReliabilityData krippendorff_2011() {
  return ReliabilityData::from_numbers({
      {1, 1, na, 1}, {2, 2, 3, 2}, {3, 3, 3, 3}, {3, 3, 3, 3}, {2, 2, 2, 2}, {1, 2, 3, 4},
      {4, 4, 4, 4}, {1, 1, 2, 1}, {2, 2, 2, 2}, {na, 5, 5, 5}, {na, na, 1, 1}, {na, na, 3, na},
  });
}

}  // namespace credence::scoring::testing_data

namespace credence::scoring::testing_data {

// SAS/STAT PROC FREQ documentation, "Agreement Study" (Getting Started example 2, data SkinCondition):
// two dermatologists, rows = Derm1, columns = Derm2, categories terrible < poor < marginal < clear.
inline ReliabilityData sas_skin_condition() {
  return ReliabilityData::from_contingency({{10, 4, 1, 0}, {5, 10, 12, 2}, {2, 4, 12, 5}, {0, 2, 6, 13}},
                                           {"terrible", "poor", "marginal", "clear"});
}

// Gwet (2014) Handbook, table of 100 pregnancies by two abstractors (irrCAC's cont3x3abstractors).
inline ReliabilityData gwet_abstractors() {
  return ReliabilityData::from_contingency({{13, 0, 0}, {0, 20, 7}, {0, 4, 56}}, {"Ectopic", "AIU", "NIU"});
}

// Fleiss (1971), Psychological Bulletin 76:378-382, table 1: 30 patients, 6 psychiatrists each, categories
// 1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other. Fleiss reports kappa = .430.
// The raters differ between patients, so the columns are "first..sixth rating", not people.
inline ReliabilityData fleiss_1971() {
  return ReliabilityData::from_numbers({
      {4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5}, {2, 2, 2, 4, 4, 4},
      {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4}, {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5},
      {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4}, {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5},
      {3, 3, 3, 3, 3, 5}, {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
      {5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4}, {1, 4, 4, 4, 4, 5},
      {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5},
  });
}

// Gwet (2014) Handbook: two raters Ben and Gerry, 12 units, one missing rating (irrCAC's cac.ben.gerry).
inline ReliabilityData gwet_ben_gerry() {
  using S = std::optional<std::string>;
  return ReliabilityData::from_table({{S("a"), S("b")}, {S("a"), S("a")}, {S("b"), S("b")}, {S("b"), S("b")},
                                      {S("d"), S("b")}, {S("c"), S("c")}, {S("c"), S("c")}, {S("c"), S("c")},
                                      {S("e"), S("e")}, {S("d"), std::nullopt}, {S("d"), S("d")}, {S("a"), S("d")}});
}

// Gwet (2014) Handbook: 4 raters x 15 subjects on a, b, c, no missing values (irrCAC's cac.raw.gender).
inline ReliabilityData gwet_gender() {
  const char* raters[4] = {"aaaaabbbcaaaaab", "aaaababccaaaaba", "abbcaabbcabbcaa", "ccccaabbcccccaa"};
  std::vector<std::vector<std::optional<std::string>>> table(15);
  for (const char* rater : raters) {
    std::string letters;
    for (const char* c = rater; *c; ++c) {
      if (*c != ' ') letters.push_back(*c);
    }
    for (std::size_t unit = 0; unit < 15; ++unit) table[unit].emplace_back(std::string(1, letters[unit]));
  }
  return ReliabilityData::from_table(table);
}

}  // namespace credence::scoring::testing_data
