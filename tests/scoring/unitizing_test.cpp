// Unitizing alpha: properties only. The book's worked example (Krippendorff 2004, ch. 12, alpha_u = 0.8591)
// is not reproduced here because its data was not available to us; see docs/statistics.md.
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
