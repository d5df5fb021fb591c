// Tests for machine_pre_annotate.hpp: labels stored with evidence and
// confidence, idempotent reruns, --redo keeping history, and refusal before any write.
#include "credence/annotate/machine_pre_annotate.hpp"

#include <gtest/gtest.h>

#include "credence/annotate/store.hpp"
#include "machine_test_util.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::shipped_rubric;
using credence::testing::shipped_rubrics;
using credence::testing::TempDir;

namespace {

const char* k_text =
    "The eco-mob blocked the road to the refinery again on Tuesday, police said.\n\n"
    "Managers knew about the cracks for two years and did nothing. The plant will reopen within weeks, "
    "officials said. The so-called experts were wrong about the wages and the jobs.";

std::vector<ann::Rubric> rubrics() {
  return {shipped_rubric("loaded_language"), shipped_rubric("unsupported_claims"), shipped_rubric("framing")};
}

std::int64_t add_article(ann::Study& study) {
  auto article = credence::testing::body_article("x");
  const std::string text = k_text;
  article = credence::testing::article_of(
      {{ann::PassageRole::body, text.substr(0, text.find("\n\n"))}, {ann::PassageRole::body, text.substr(text.find("\n\n") + 2)}});
  article.meta.source = "Outlet";
  article.origin = "a.txt";
  return study.insert_article(article);
}

}  // namespace

TEST(PreAnnotateStudy, StoresLabelsWithEvidenceAndRerunsAreIdempotent) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  for (const auto& r : rubrics()) study.add_rubric({r.id, r.version, r.title, r.json, {}});
  const auto article_id = add_article(study);
  auto setup = ann::load_machine_annotators(rubrics(), shipped_rubrics());
  std::vector<const ann::MachineAnnotator*> annotators;
  for (const auto& a : setup.annotators) annotators.push_back(a.get());

  std::size_t progress_calls = 0;
  const auto stats = ann::pre_annotate_study(study, annotators, {}, [&](std::size_t, std::size_t) { ++progress_calls; });
  EXPECT_EQ(stats.articles, 1u);
  EXPECT_EQ(progress_calls, 1u);
  EXPECT_GT(stats.labels_by_annotator.at("machine:loaded-lexicon@1.0"), 0u);
  EXPECT_GT(stats.labels_by_annotator.at("machine:claim-rules@1.0"), 0u);
  EXPECT_GT(stats.labels_by_annotator.at("machine:frame-cues@1.0"), 0u);

  ann::AnnotationFilter filter;
  filter.annotators = {"machine:loaded-lexicon@1.0"};
  const auto loaded = study.current_annotations(filter);
  ASSERT_FALSE(loaded.empty());
  EXPECT_EQ(loaded[0].article_id, article_id);
  EXPECT_EQ(loaded[0].category, "pejorative_label");
  EXPECT_EQ(loaded[0].start, 4u);
  EXPECT_EQ(loaded[0].end, 11u);
  ASSERT_TRUE(loaded[0].confidence.has_value());
  EXPECT_NE(loaded[0].evidence.find("\"entry\":\"eco-mob\""), std::string::npos);
  bool machine_kind = false;
  for (const auto& row : study.list_annotators()) {
    if (row.name == "machine:claim-rules@1.0") machine_kind = row.kind == ann::AnnotatorKind::machine;
  }
  EXPECT_TRUE(machine_kind);

  const std::size_t before = study.current_annotations().size();
  const auto again = ann::pre_annotate_study(study, annotators, {});
  EXPECT_EQ(again.labels, 0u);
  EXPECT_EQ(again.articles_skipped, 3u);
  EXPECT_EQ(study.current_annotations().size(), before);

  ann::PreAnnotateOptions redo;
  redo.redo = true;
  const auto redone = ann::pre_annotate_study(study, annotators, redo);
  EXPECT_EQ(redone.labels_replaced, before);
  EXPECT_EQ(redone.labels, before);
  EXPECT_EQ(study.current_annotations().size(), before);
  EXPECT_EQ(study.annotation_history(loaded[0].id).size(), 2u);  // the label and its deletion
}

TEST(PreAnnotateStudy, MissingRubricStopsBeforeAnyWrite) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  const auto framing = shipped_rubric("framing");
  study.add_rubric({framing.id, framing.version, framing.title, framing.json, {}});
  add_article(study);
  auto setup = ann::load_machine_annotators(rubrics(), shipped_rubrics());
  std::vector<const ann::MachineAnnotator*> annotators;
  for (const auto& a : setup.annotators) annotators.push_back(a.get());
  try {
    ann::pre_annotate_study(study, annotators, {});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "rubric 'loaded_language' version 1.0.0 is not in the study; add it with 'credence init --rubric' first");
  }
  EXPECT_TRUE(study.current_annotations().empty());
}

TEST(PreAnnotateStudy, MinConfidenceAndOnlyBody) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  for (const auto& r : rubrics()) study.add_rubric({r.id, r.version, r.title, r.json, {}});
  add_article(study);
  auto setup = ann::load_machine_annotators(rubrics(), shipped_rubrics(), {"claim-rules"});
  ann::PreAnnotateOptions options;
  options.min_confidence = 0.5;
  const auto stats = ann::pre_annotate_study(study, {setup.annotators[0].get()}, options);
  for (const auto& a : study.current_annotations()) EXPECT_GE(*a.confidence, 0.5);
  EXPECT_GT(stats.labels, 0u);
}
