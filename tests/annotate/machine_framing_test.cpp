// Tests for machine_framing.hpp: frames ranked by cue weight per passage, evidence, passages without cues.
#include "credence/annotate/machine_framing.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>

#include "credence/annotate/machine_cues.hpp"
#include "machine_test_util.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::shipped_rubric;
using credence::testing::shipped_rubrics;

namespace {

// The frame-cues label as the annotator made it before it kept its scores in arrays by frame index:
// a map of frame names with cue strings, sorted by score, numbers by snprintf. Kept as the reference.
std::vector<ann::MachineLabel> reference_frame_label(const ann::CueSet& cues, const ann::Passage& passage) {
  const auto matches = cues.find(passage.text);
  if (matches.empty()) return {};
  struct Score {
    double total = 0.0;
    std::vector<std::string> cues;
    std::size_t first = 0;
  };
  std::map<std::string, Score> scores;
  double sum = 0.0;
  for (const auto& m : matches) {
    auto [it, fresh] = scores.try_emplace(m.entry->subtype);
    if (fresh) it->second.first = m.start;
    it->second.total += m.entry->weight;
    if (it->second.cues.size() < 8) it->second.cues.push_back(m.entry->text);
    sum += m.entry->weight;
  }
  std::vector<std::pair<std::string, const Score*>> ranked;
  for (const auto& [frame, score] : scores) ranked.emplace_back(frame, &score);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.second->total != b.second->total) return a.second->total > b.second->total;
    return a.second->first < b.second->first;
  });
  if (sum <= 0.0) return {};
  ann::MachineLabel label;
  label.dimension = "frame";
  label.unit = ann::UnitKind::passage;
  label.passage_index = passage.index;
  label.start = passage.start;
  label.end = passage.end;
  label.category = ranked.front().first;
  label.confidence = ranked.front().second->total / sum;
  label.rule = "frame_cues:ranked";
  label.entry = ranked.front().second->cues.front();
  std::string& ev = label.evidence;
  ev = "{\"rule\":" + ann::json_quoted(label.rule) + ",\"entry\":" + ann::json_quoted(label.entry) + ",\"ranking\":[";
  for (std::size_t r = 0; r < ranked.size(); ++r) {
    char number[32];
    std::snprintf(number, sizeof number, "%.4g", ranked[r].second->total);
    ev += std::string(r > 0 ? "," : "") + "{\"frame\":" + ann::json_quoted(ranked[r].first) + ",\"score\":" + number +
          ",\"cues\":[";
    for (std::size_t c = 0; c < ranked[r].second->cues.size(); ++c) {
      ev += (c > 0 ? "," : "") + ann::json_quoted(ranked[r].second->cues[c]);
    }
    ev += "]}";
  }
  ev += "]}";
  return {label};
}

// Random passages of the set's entries (any case), filler words and punctuation, each labelled by the
// annotator and by the reference.
void expect_same_as_reference(const ann::MachineAnnotator& annotator, const ann::CueSet& cues, unsigned seed,
                              int rounds) {
  const std::vector<std::string> filler = {"the", "a", "of", "and", "said", "on", "Tuesday", "\u00E9t\u00E9", ",", ".",
                                           "\u201C", "\u201D", "'", "-", "42", "\u4E2D\u6587", "\u00A0"};
  std::mt19937 rng(seed);
  std::size_t ranked = 0;  // labels ranking two frames or more, so that the order is exercised
  for (int round = 0; round < rounds; ++round) {
    std::vector<std::pair<ann::PassageRole, std::string>> paragraphs;
    const std::size_t passage_count = 1 + rng() % 3;
    for (std::size_t p = 0; p < passage_count; ++p) {
      std::string text;
      const std::size_t words = rng() % 60;
      for (std::size_t w = 0; w < words; ++w) {
        if (!text.empty()) text += rng() % 8 == 0 ? ", " : " ";
        if (rng() % 3 == 0) {
          std::string entry = cues.entry(rng() % cues.entry_count()).entry->text;
          if (rng() % 4 == 0 && !entry.empty()) {
            entry[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(entry[0])));
          }
          text += entry;
        } else {
          text += filler[rng() % filler.size()];
        }
      }
      paragraphs.emplace_back(ann::PassageRole::body, text.empty() ? "x" : text);
    }
    const auto article = credence::testing::article_of(paragraphs);
    std::vector<ann::MachineLabel> expected;
    for (const auto& passage : article.passages) {
      for (auto& label : reference_frame_label(cues, passage)) expected.push_back(std::move(label));
    }
    ASSERT_EQ(credence::testing::describe_labels(ann::machine_annotate({&annotator}, article, false)),
              credence::testing::describe_labels(expected))
        << "seed " << seed << " round " << round;
    for (const auto& label : expected) ranked += label.evidence.find("},{\"frame\":") != std::string::npos;
  }
  EXPECT_GT(ranked, static_cast<std::size_t>(rounds) / 10);
}

}  // namespace

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

TEST(FramingAnnotator, SameLabelsAsTheMapOfStringsOnRandomPassages) {
  std::vector<ann::Diagnostic> diagnostics;
  const auto annotator = ann::make_framing_annotator(shipped_rubric("framing"), shipped_rubrics(), diagnostics);
  ASSERT_TRUE(annotator) << diagnostics.at(0).render();
  ann::CueSet cues;
  cues.add_file(shipped_rubrics() + "/lexicons/frame_cues.tsv", "lexicons/frame_cues.tsv", {}, diagnostics);
  cues.build();
  expect_same_as_reference(*annotator, cues, 20261122, 3000);
}

// Weights whose sums print differently with four significant digits (0.1 + 0.2, 1e-05, 0.99995, ...),
// zero weights (a passage of only those has no label), ties on score (the frame cued first wins), more
// than eight cues of one frame, and entries that need JSON escapes.
TEST(FramingAnnotator, SameLabelsAsTheMapOfStringsWithAwkwardWeights) {
  const credence::testing::TempDir dir;
  std::filesystem::create_directories(dir / "lexicons");
  {
    std::ofstream out(dir / "lexicons/cues.tsv");
    out << "alpha\teconomic\t0.1\tt\n"
           "beta\teconomic\t0.2\tt\n"
           "gamma\tmorality\t0.3\tt\n"
           "delta\tmorality\t0.00001\tt\n"
           "epsilon\tpolitical\t0.99995\tt\n"
           "zeta\tpolitical\t0\tt\n"
           "eta\tother\t0\tt\n"
           "theta\tcrime_and_punishment\t0.123456789\tt\n"
           "iota\tcrime_and_punishment\t1\tt\n"
           "kappa\tquality_of_life\t0.3333333333\tt\n"
           "lambda\thealth_and_safety\t0.6\tt\n"
           "mu nu\thealth_and_safety\t0.30000000000000004\tt\n"
           "o\\brien\tpublic_opinion\t0.5\tt\n";
  }
  auto rubric = shipped_rubric("framing");
  for (auto& dimension : rubric.dimensions) {
    if (dimension.id == "frame") dimension.lexicons = {"lexicons/cues.tsv"};
  }
  std::vector<ann::Diagnostic> diagnostics;
  const auto annotator = ann::make_framing_annotator(rubric, dir.path(), diagnostics);
  ASSERT_TRUE(annotator) << diagnostics.at(0).render();
  ann::CueSet cues;
  cues.add_file(dir / "lexicons/cues.tsv", "lexicons/cues.tsv", {}, diagnostics);
  cues.build();
  expect_same_as_reference(*annotator, cues, 7, 3000);
  const auto zero = credence::testing::body_article("zeta eta zeta");
  EXPECT_TRUE(ann::machine_annotate({annotator.get()}, zero, false).empty());
}
