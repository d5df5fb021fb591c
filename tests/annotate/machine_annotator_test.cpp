// Tests for machine_annotator.cpp: the catalogue (building all or the named annotators, and what it
// says when one cannot be built), which passages an annotator applies to, and the order of the labels.
#include "credence/annotate/machine_annotator.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "credence/annotate/ingest.hpp"

#include "machine_test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::shipped_rubric;
using credence::testing::shipped_rubrics;

namespace {

std::vector<ann::Rubric> rubrics() {
  return {shipped_rubric("loaded_language"), shipped_rubric("unsupported_claims"), shipped_rubric("framing")};
}

}  // namespace

TEST(MachineCatalogue, BuildsAllOrTheNamedOnes) {
  auto all = ann::load_machine_annotators(rubrics(), shipped_rubrics());
  EXPECT_TRUE(all.diagnostics.empty());
  ASSERT_EQ(all.annotators.size(), 3u);
  EXPECT_EQ(all.annotators[0]->id(), "machine:loaded-lexicon@1.0");
  EXPECT_EQ(all.annotators[1]->id(), "machine:claim-rules@1.0");
  EXPECT_EQ(all.annotators[2]->id(), "machine:frame-cues@1.0");
  auto one = ann::load_machine_annotators(rubrics(), shipped_rubrics(), {"frame-cues"});
  ASSERT_EQ(one.annotators.size(), 1u);
  auto unknown = ann::load_machine_annotators(rubrics(), shipped_rubrics(), {"sentiment"});
  ASSERT_EQ(unknown.diagnostics.size(), 1u);
  EXPECT_EQ(unknown.diagnostics[0].render(),
            "<input>: error: unknown machine annotator 'sentiment'; use one of: loaded-lexicon, claim-rules, frame-cues");
  auto missing = ann::load_machine_annotators({shipped_rubric("framing")}, shipped_rubrics(), {"claim-rules"});
  ASSERT_EQ(missing.diagnostics.size(), 1u);
  EXPECT_EQ(missing.diagnostics[0].message,
            "machine annotator 'claim-rules' needs the rubric 'unsupported_claims', which is not available; add it to the study");
  // Without names, an annotator whose rubric is absent is simply not built.
  auto partial = ann::load_machine_annotators({shipped_rubric("framing")}, shipped_rubrics());
  EXPECT_TRUE(partial.diagnostics.empty());
  EXPECT_EQ(partial.annotators.size(), 1u);
}

TEST(MachineAnnotate, AppliesByRoleAndKeepsPassageThenAnnotatorOrder) {
  auto setup = ann::load_machine_annotators(rubrics(), shipped_rubrics(), {"loaded-lexicon"});
  ASSERT_EQ(setup.annotators.size(), 1u);
  const ann::MachineAnnotator& lexicon = *setup.annotators[0];
  const auto article = credence::testing::article_of(
      {{ann::PassageRole::boilerplate, "Thugs and traitors! Donate now."},
       {ann::PassageRole::body, "The so-called experts were wrong, and the thugs ran away."},
       {ann::PassageRole::body, "Those traitors and thugs were arrested."}});
  EXPECT_FALSE(ann::machine_applies(lexicon, article.passages[0], /*only_body=*/true));
  EXPECT_TRUE(ann::machine_applies(lexicon, article.passages[1], /*only_body=*/true));
  const auto labels = ann::machine_annotate({&lexicon}, article, /*only_body=*/true);
  ASSERT_FALSE(labels.empty());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    EXPECT_NE(labels[i].passage_index, 0) << "boilerplate is not annotated with only_body";
    if (i == 0) continue;
    // Passage order first, then by start within a passage.
    EXPECT_LE(labels[i - 1].passage_index, labels[i].passage_index);
    if (labels[i - 1].passage_index == labels[i].passage_index) EXPECT_LE(labels[i - 1].start, labels[i].start);
  }
  EXPECT_EQ(labels.back().passage_index, 2);
}

// machine_annotate_each gives each annotator exactly what running it alone gives, on every sample
// article, whichever annotators share the scan; and machine_annotate together is those lists merged
// passage by passage.
TEST(MachineAnnotate, EachAnnotatorAloneOrTogetherGivesTheSameLabels) {
  auto setup = ann::load_machine_annotators(rubrics(), shipped_rubrics());
  ASSERT_TRUE(setup.diagnostics.empty());
  std::vector<const ann::MachineAnnotator*> all;
  for (const auto& a : setup.annotators) all.push_back(a.get());
  std::size_t articles = 0, labels = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(CREDENCE_SOURCE_DIR) + "/datasets/sample/articles")) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ann::Article article;
    std::vector<ann::Diagnostic> diagnostics;
    ASSERT_TRUE(ann::article_from_text(raw, ann::InputFormat::text, {}, entry.path().string(), article, diagnostics));
    ++articles;
    for (const bool only_body : {false, true}) {
      const auto each = ann::machine_annotate_each(all, article, only_body);
      ASSERT_EQ(each.size(), all.size());
      for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(credence::testing::describe_labels(each[i]),
                  credence::testing::describe_labels(ann::machine_annotate({all[i]}, article, only_body)))
            << entry.path() << " " << all[i]->id();
        labels += each[i].size();
      }
      const auto together = ann::machine_annotate(all, article, only_body);
      std::size_t total = 0;
      for (const auto& list : each) total += list.size();
      EXPECT_EQ(together.size(), total);
    }
  }
  EXPECT_GE(articles, 5u);
  EXPECT_GT(labels, 100u);
}
