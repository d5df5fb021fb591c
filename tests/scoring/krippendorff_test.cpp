// Krippendorff's alpha against the published values of Krippendorff (2011) and its properties.
#include "credence/scoring/krippendorff.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "test_matrices.hpp"

namespace credence::scoring {
namespace {

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C (4 observers, 12 units, missing
// values): alpha = 0.743 nominal, 0.815 ordinal, 0.849 interval, 0.797 ratio.
TEST(KrippendorffAlpha, ReproducesKrippendorff2011Example) {
  const auto data = testing_data::krippendorff_2011();
  EXPECT_NEAR(*krippendorff_alpha(data, {Level::nominal, {}}).alpha.value, 0.743, 0.0005);
  EXPECT_NEAR(*krippendorff_alpha(data, {Level::ordinal, {}}).alpha.value, 0.815, 0.0005);
  EXPECT_NEAR(*krippendorff_alpha(data, {Level::interval, {}}).alpha.value, 0.849, 0.0005);
  EXPECT_NEAR(*krippendorff_alpha(data, {Level::ratio, {}}).alpha.value, 0.797, 0.0005);
}

// The same paper's coincidence matrix for that example: n.. = 40 pairable values, o_11 = 7, o_12 = 4/3.
TEST(KrippendorffAlpha, CoincidenceMatrixOfKrippendorff2011Example) {
  const auto data = testing_data::krippendorff_2011();
  const auto result = krippendorff_alpha(data);
  EXPECT_DOUBLE_EQ(result.coincidence.total, 40.0);
  EXPECT_EQ(result.coincidence.pairable_units, 11u);
  EXPECT_NEAR(result.coincidence.at(0, 0), 7.0, 1e-12);
  EXPECT_NEAR(result.coincidence.at(0, 1), 4.0 / 3.0, 1e-12);
  EXPECT_NEAR(result.coincidence.marginals[0], 9.0, 1e-12);
  EXPECT_NEAR(result.coincidence.marginals[2], 10.0, 1e-12);
}

// Krippendorff (2011), section A: two observers, binary data, ten units; alpha = 0.095.
TEST(KrippendorffAlpha, ReproducesKrippendorff2011BinaryExample) {
  const auto data = ReliabilityData::from_numbers({{0, 1}, {1, 1}, {0, 1}, {0, 0}, {0, 0},
                                                   {0, 1}, {0, 0}, {0, 0}, {1, 0}, {0, 0}});
  EXPECT_NEAR(*krippendorff_alpha(data).alpha.value, 0.095, 0.0005);
}

TEST(KrippendorffAlpha, UndefinedCasesSayWhy) {
  // Every unit rated once.
  auto once = ReliabilityData::from_numbers({{1, std::nullopt}, {std::nullopt, 2}});
  auto r1 = krippendorff_alpha(once).alpha;
  EXPECT_FALSE(r1.defined());
  EXPECT_EQ(r1.undefined_reason, "no unit has two or more values (every unit was rated once or not at all)");
  // A single category.
  auto single = ReliabilityData::from_numbers({{1, 1}, {1, 1}});
  auto r2 = krippendorff_alpha(single).alpha;
  EXPECT_FALSE(r2.defined());
  EXPECT_EQ(r2.undefined_reason,
            "all pairable values fall in one category (or at zero distance), so expected disagreement is zero");
  // Empty data.
  auto r3 = krippendorff_alpha(ReliabilityData::from_numbers({})).alpha;
  EXPECT_FALSE(r3.defined());
}

TEST(KrippendorffAlpha, IntervalNeedsNumbers) {
  auto data = ReliabilityData::from_table({{"a", "b"}, {"b", "b"}});
  EXPECT_THROW(krippendorff_alpha(data, {Level::interval, {}}), std::invalid_argument);
}

TEST(KrippendorffAlpha, CustomDistanceEqualToNominalGivesNominal) {
  const auto data = testing_data::krippendorff_2011();
  const std::size_t q = data.category_count();
  AlphaOptions custom{Level::custom, {}};
  custom.custom_distance.assign(q * q, 1.0);
  for (std::size_t c = 0; c < q; ++c) custom.custom_distance[c * q + c] = 0.0;
  EXPECT_NEAR(*krippendorff_alpha(data, custom).alpha.value, *krippendorff_alpha(data).alpha.value, 1e-12);
}

TEST(KrippendorffAlpha, PerCategoryAgreementOnBinaryDataEqualsAlpha) {
  const auto data = ReliabilityData::from_numbers({{0, 1}, {1, 1}, {0, 1}, {0, 0}, {0, 0},
                                                   {0, 1}, {0, 0}, {0, 0}, {1, 0}, {0, 0}});
  const auto result = krippendorff_alpha(data);
  const auto categories = per_category_agreement(data, result.coincidence);
  ASSERT_EQ(categories.size(), 2u);
  // With two categories, "c vs. the rest" is the data itself.
  EXPECT_NEAR(*categories[0].binary_alpha.value, *result.alpha.value, 1e-12);
  EXPECT_NEAR(*categories[1].binary_alpha.value, *result.alpha.value, 1e-12);
  // o_00 = 10, n_0 = 14 -> 10/14 of the zeros are matched.
  EXPECT_NEAR(*categories[0].specific_agreement.value, 10.0 / 14.0, 1e-12);
}

// Undefined reasons, word for word.
TEST(KrippendorffAlpha, TextValuesAtIntervalOrRatioLevelAreRefused) {
  const auto data = ReliabilityData::from_table({{"low", "high"}, {"high", "high"}});
  for (const auto& [level, message] : {std::pair{Level::interval, "the interval level needs numeric values"},
                                       std::pair{Level::ratio, "the ratio level needs numeric values"}}) {
    try {
      (void)krippendorff_alpha(data, {level, {}});
      ADD_FAILURE() << message;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()), message);
    }
  }
}

TEST(KrippendorffAlpha, FewerThanTwoPairableValuesInAHandBuiltMatrix) {
  // From rated units the total is never 1 (a pairable unit adds at least 2); a caller's own matrix can be.
  CoincidenceMatrix c;
  c.category_count = 1;
  c.o = {1.0};
  c.marginals = {1.0};
  c.total = 1.0;
  c.pairable_units = 1;
  EXPECT_EQ(alpha_from_coincidences(c, {0.0}).undefined_reason, "fewer than two pairable values");
  const auto per_category = per_category_agreement(ReliabilityData::from_table({{"x", "x"}}), c);
  ASSERT_EQ(per_category.size(), 1u);
  EXPECT_EQ(per_category[0].binary_alpha.undefined_reason, "fewer than two pairable values");
}

TEST(KrippendorffAlpha, PerCategoryReasons) {
  // "y" is used only in a unit rated once, so it has no pairable value; "x" holds every pairable value.
  const auto data = ReliabilityData::from_table({{"x", "x"}, {"y", std::nullopt}});
  const auto per_category = per_category_agreement(data, coincidences(data));
  ASSERT_EQ(per_category.size(), 2u);
  EXPECT_EQ(per_category[0].label, "x");
  EXPECT_EQ(per_category[0].binary_alpha.undefined_reason,
            "every pairable value is in this category, so expected disagreement is zero");
  EXPECT_EQ(per_category[1].label, "y");
  EXPECT_EQ(per_category[1].specific_agreement.undefined_reason, "the category has no pairable values");
  EXPECT_EQ(per_category[1].binary_alpha.undefined_reason, "the category has no pairable values");
}

}  // namespace
}  // namespace credence::scoring
