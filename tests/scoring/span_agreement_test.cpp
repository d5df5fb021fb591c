// Span agreement: token projection to alpha and one-to-one span F1.
#include "credence/scoring/span_agreement.hpp"

#include <gtest/gtest.h>

#include "credence/scoring/krippendorff.hpp"

namespace credence::scoring {
namespace {

TEST(ProjectToTokens, EachTokenGetsItsLabelOrNone) {
  const auto data = project_to_tokens(6, {{"ann", {{1, 3, "loaded"}}}, {"bob", {{2, 4, "loaded"}, {5, 9, "claim"}}}});
  ASSERT_EQ(data.unit_count(), 6u);
  ASSERT_EQ(data.coder_count(), 2u);
  EXPECT_EQ(data.coder_ids()[1], "bob");
  auto label = [&](std::size_t token, std::size_t coder) { return data.labels()[static_cast<std::size_t>(data.code(token, coder))]; };
  EXPECT_EQ(label(0, 0), "none");
  EXPECT_EQ(label(1, 0), "loaded");
  EXPECT_EQ(label(1, 1), "none");
  EXPECT_EQ(label(3, 1), "loaded");
  EXPECT_EQ(label(5, 1), "claim");  // clipped at the end of the document
}

TEST(ProjectToTokens, IdenticalSpansGiveAlphaOne) {
  const std::vector<LabelledSpan> spans{{0, 2, "loaded"}, {4, 7, "claim"}};
  const auto data = project_to_tokens(10, {{"a", spans}, {"b", spans}});
  EXPECT_DOUBLE_EQ(*krippendorff_alpha(data).alpha.value, 1.0);
}

TEST(SpanF1, ExactAndOverlapMatching) {
  const std::vector<LabelledSpan> a{{0, 5, "loaded"}, {10, 12, "claim"}, {20, 25, "loaded"}};
  const std::vector<LabelledSpan> b{{0, 5, "loaded"}, {11, 14, "claim"}, {30, 31, "loaded"}, {21, 22, "claim"}};
  const auto exact = span_f1(a, b, SpanMatch::exact);
  EXPECT_EQ(exact.matched, 1u);
  EXPECT_DOUBLE_EQ(*exact.f1.value, 2.0 / 7.0);
  const auto overlap = span_f1(a, b, SpanMatch::overlap);
  EXPECT_EQ(overlap.matched, 2u);  // [21,22) "claim" does not match [20,25) "loaded": labels differ
  EXPECT_DOUBLE_EQ(*overlap.recall.value, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*overlap.precision.value, 2.0 / 4.0);
}

TEST(SpanF1, MatchingIsOneToOne) {
  const std::vector<LabelledSpan> a{{0, 10, "loaded"}};
  const std::vector<LabelledSpan> b{{0, 3, "loaded"}, {5, 9, "loaded"}};
  const auto overlap = span_f1(a, b, SpanMatch::overlap);
  EXPECT_EQ(overlap.matched, 1u);
  EXPECT_DOUBLE_EQ(*overlap.f1.value, 2.0 / 3.0);
}

TEST(SpanF1, NoSpansAtAllIsUndefined) {
  const auto none = span_f1({}, {}, SpanMatch::exact);
  EXPECT_FALSE(none.f1.defined());
  EXPECT_EQ(none.f1.undefined_reason, "neither coder marked a span");
}

}  // namespace
}  // namespace credence::scoring
