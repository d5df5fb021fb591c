// Tests for machine_framing.hpp: frames ranked by cue weight per passage, evidence, passages without cues.
#include "credence/annotate/machine_framing.hpp"

#include <gtest/gtest.h>

#include "machine_test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::shipped_rubric;
using credence::testing::shipped_rubrics;

TEST(FramingAnnotator, TopFrameWithRankingAsEvidence) {
  std::vector<ann::Diagnostic> diagnostics;
  const auto annotator = ann::make_framing_annotator(shipped_rubric("framing"), shipped_rubrics(), diagnostics);
  ASSERT_TRUE(annotator) << diagnostics.at(0).render();
  EXPECT_EQ(annotator->id(), "machine:frame-cues@1.0");
  const auto article = credence::testing::article_of(
      {{ann::PassageRole::body, "The plant pays wages to 1,100 workers and its jobs matter; costs and prices rose."},
       {ann::PassageRole::body, "Nothing to see."}});
  const auto labels = ann::machine_annotate({annotator.get()}, article, false);
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_EQ(labels[0].unit, ann::UnitKind::passage);
  EXPECT_EQ(labels[0].passage_index, 0);
  EXPECT_EQ(labels[0].category, "economic");
  EXPECT_EQ(labels[0].start, article.passages[0].start);
  EXPECT_EQ(labels[0].end, article.passages[0].end);
  EXPECT_GT(labels[0].confidence, 0.5);
  EXPECT_LE(labels[0].confidence, 1.0);
  EXPECT_EQ(labels[0].rule, "frame_cues:ranked");
  EXPECT_EQ(labels[0].evidence.rfind("{\"rule\":\"frame_cues:ranked\",\"entry\":", 0), 0u);
  EXPECT_NE(labels[0].evidence.find("{\"frame\":\"economic\",\"score\":"), std::string::npos);
}

TEST(FramingAnnotator, RubricWithoutFrameDimension) {
  auto rubric = shipped_rubric("framing");
  rubric.path = "f.json";
  rubric.dimensions.clear();
  std::vector<ann::Diagnostic> diagnostics;
  EXPECT_EQ(ann::make_framing_annotator(rubric, shipped_rubrics(), diagnostics), nullptr);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].render(), "f.json: error: rubric 'framing' has no dimension 'frame'; the frame-cues annotator needs it");
}

TEST(FramingAnnotator, FrameDimensionWithoutLexicons) {
  auto rubric = shipped_rubric("framing");
  rubric.path = "f.json";
  for (auto& dimension : rubric.dimensions) {
    if (dimension.id == "frame") dimension.lexicons.clear();
  }
  std::vector<ann::Diagnostic> diagnostics;
  EXPECT_EQ(ann::make_framing_annotator(rubric, shipped_rubrics(), diagnostics), nullptr);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].render(),
            "f.json: error: dimension 'frame' lists no lexicons; the frame-cues annotator needs a cue lexicon");
}
