// Tests for agreement.cpp: the reasons compute_agreement gives for a figure it cannot compute, word for word.
#include "credence/scoring/agreement.hpp"

#include <gtest/gtest.h>

namespace credence::scoring {
namespace {

TEST(ComputeAgreement, EachCoderAgainstTheRestNeedsThreeCodersAndSharedUnits) {
  // Two coders: leaving one out leaves one.
  const auto two = compute_agreement(ReliabilityData::from_table({{"x", "x"}, {"y", "x"}}, {}, {"a", "b"}), {});
  ASSERT_EQ(two.coders.size(), 2u);
  EXPECT_EQ(two.coders[0].alpha_without.undefined_reason, "only one other coder is left");
  // c rated only a unit nobody else rated.
  const auto apart = compute_agreement(
      ReliabilityData::from_table({{"x", "x", std::nullopt}, {"y", "y", std::nullopt}, {std::nullopt, std::nullopt, "x"}},
                                  {}, {"a", "b", "c"}),
      {});
  ASSERT_EQ(apart.coders.size(), 3u);
  EXPECT_EQ(apart.coders[2].coder, "c");
  EXPECT_EQ(apart.coders[2].pairwise_agreement.undefined_reason, "the coder shares no unit with another");
  EXPECT_TRUE(apart.coders[0].pairwise_agreement.defined());
}

TEST(ComputeAgreement, ACoefficientTheEngineDoesNotKnowIsUndefinedNotACrash) {
  // The command line checks names first; a value outside the enum can only come from a caller's bug.
  AgreementOptions options;
  options.coefficients = {static_cast<Coefficient>(99)};
  const auto report = compute_agreement(ReliabilityData::from_table({{"x", "x"}, {"y", "y"}}), options);
  ASSERT_EQ(report.coefficients.size(), 1u);
  EXPECT_EQ(report.coefficients[0].second.undefined_reason, "unknown coefficient");
}

}  // namespace
}  // namespace credence::scoring
