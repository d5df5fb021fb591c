// Unitizing alpha: Krippendorff's (2004) published example, and properties.
#include "credence/scoring/unitizing.hpp"

#include <gtest/gtest.h>

namespace credence::scoring {
namespace {

TEST(UnitizingAlpha, IdenticalUnitizationsGiveOne) {
  const std::vector<LabelledSpan> spans{{5, 12, "loaded"}, {20, 24, "claim"}, {30, 41, "loaded"}};
  const auto result = unitizing_alpha(0, 50, {{"a", spans}, {"b", spans}, {"c", spans}});
  ASSERT_TRUE(result.alpha_u.defined());
  EXPECT_DOUBLE_EQ(*result.alpha_u.value, 1.0);
  for (const auto& [label, alpha] : result.per_category) EXPECT_DOUBLE_EQ(*alpha.value, 1.0) << label;
}

TEST(UnitizingAlpha, SymmetricInCodersAndFallsWithDisagreement) {
  const std::vector<LabelledSpan> a{{5, 12, "loaded"}, {30, 41, "loaded"}};
  const std::vector<LabelledSpan> close{{6, 12, "loaded"}, {30, 40, "loaded"}};
  const std::vector<LabelledSpan> far{{15, 22, "loaded"}, {44, 49, "loaded"}};
  const double near_ab = *unitizing_alpha(0, 50, {{"a", a}, {"b", close}}).alpha_u.value;
  const double near_ba = *unitizing_alpha(0, 50, {{"b", close}, {"a", a}}).alpha_u.value;
  EXPECT_DOUBLE_EQ(near_ab, near_ba);
  const double apart = *unitizing_alpha(0, 50, {{"a", a}, {"b", far}}).alpha_u.value;
  EXPECT_LT(near_ab, 1.0);
  EXPECT_GT(near_ab, 0.5);
  EXPECT_LT(apart, near_ab);
  EXPECT_LT(apart, 0.0);
}

TEST(UnitizingAlpha, UndefinedCasesAndOverlapsSayWhy) {
  EXPECT_EQ(unitizing_alpha(0, 10, {{"a", {}}}).alpha_u.undefined_reason, "unitizing alpha needs at least two coders");
  EXPECT_EQ(unitizing_alpha(0, 10, {{"a", {}}, {"b", {}}}).alpha_u.undefined_reason, "no coder marked any span");
  EXPECT_THROW(unitizing_alpha(0, 10, {{"a", {{0, 5, "x"}, {3, 7, "x"}}}, {"b", {}}}), std::invalid_argument);
}

}  // namespace
}  // namespace credence::scoring

namespace credence::scoring {
namespace {

// Krippendorff (2004), "Measuring the Reliability of Qualitative Text Analysis Data", Quality & Quantity
// 38:787-800: two observers on the continuum [150, 450), categories c and k. The paper reports alpha_u = 0.8591
// from values rounded to 4 places; unrounded, D_o,c = 0.0144, D_e,c = 0.0532, D_e,k = 0.0490,
// alpha_c = 0.7285, alpha_k = 1, alpha_u = 0.8587 (the data and unrounded figures as transcribed in DKPro
// Statistics' tests, which accept alpha_c within 0.0001; we get 0.72860).
TEST(UnitizingAlpha, ReproducesKrippendorff2004Example) {
  const CoderSpans i{"i", {{225, 295, "c"}, {370, 400, "c"}, {180, 240, "k"}, {300, 350, "k"}}};
  const CoderSpans j{"j", {{220, 300, "c"}, {355, 375, "c"}, {400, 420, "c"}, {180, 240, "k"}, {300, 350, "k"}}};
  const auto result = unitizing_alpha(150, 300, {i, j});
  ASSERT_EQ(result.per_category.size(), 2u);
  EXPECT_EQ(result.per_category[0].first, "c");
  EXPECT_NEAR(*result.per_category[0].second.value, 0.7285, 0.00011);
  EXPECT_NEAR(*result.per_category[1].second.value, 1.0, 1e-12);
  EXPECT_NEAR(*result.alpha_u.value, 0.8587, 0.00005);
  EXPECT_NEAR(*result.alpha_u.value, 0.8591, 0.0005);
}

TEST(UnitizingAlpha, UndefinedReasons) {
  const std::vector<LabelledSpan> spans{{0, 1, "loaded"}};
  EXPECT_EQ(unitizing_alpha(0, 0, {{"a", spans}, {"b", spans}}).alpha_u.undefined_reason, "the continuum is empty");
  // A span outside the continuum is clipped away: its category is known but holds no unit.
  const auto outside = unitizing_alpha(0, 10, {{"a", {{20, 25, "claim"}}}, {"b", {}}});
  ASSERT_EQ(outside.per_category.size(), 1u);
  EXPECT_EQ(outside.per_category[0].second.undefined_reason, "no coder marked a unit of this category");
  // Both coders mark the whole one-position continuum: no other placement is possible.
  const auto whole = unitizing_alpha(0, 1, {{"a", spans}, {"b", spans}});
  ASSERT_EQ(whole.per_category.size(), 1u);
  EXPECT_EQ(whole.per_category[0].second.undefined_reason, "expected disagreement is zero");
  EXPECT_EQ(whole.alpha_u.undefined_reason, "expected disagreement is zero");
}

}  // namespace
}  // namespace credence::scoring
