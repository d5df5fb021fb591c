// Tests for study_units.hpp, study_agreement.hpp and consensus.hpp on small hand-made studies: units
// per dimension, the token projection of spans, reviewer diagnostics, consensus with curated overrides.
#include <gtest/gtest.h>

#include <algorithm>

#include "credence/annotate/text.hpp"
#include "credence/scoring/consensus.hpp"
#include "credence/scoring/study_agreement.hpp"
#include "credence/scoring/study_units.hpp"

namespace ann = credence::annotate;
namespace sc = credence::scoring;

namespace {

ann::Article make_article(std::int64_t id, const std::vector<std::string>& paragraphs) {
  ann::Article a;
  a.id = id;
  a.meta.external_id = "a" + std::to_string(id);
  std::size_t cp = 0;
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    if (i) {
      a.text += "\n\n";
      cp += 2;
    }
    ann::Passage p;
    p.index = static_cast<int>(i);
    p.start = cp;
    p.text = paragraphs[i];
    cp += ann::code_point_count(paragraphs[i]);
    p.end = cp;
    a.text += paragraphs[i];
    a.passages.push_back(p);
  }
  return a;
}

ann::RubricDimension dimension(const std::string& id, ann::UnitKind unit, ann::Scale scale,
                               const std::vector<std::string>& categories) {
  ann::RubricDimension d;
  d.id = id;
  d.name = id;
  d.unit = unit;
  d.scale = scale;
  for (const auto& c : categories) d.categories.push_back({c, c, "def", {}, {}, {}, {}});
  return d;
}

ann::Annotation passage_label(std::int64_t id, std::int64_t article, int passage, const std::string& who,
                              const std::string& category) {
  ann::Annotation a;
  a.id = id;
  a.annotator = who;
  a.rubric_id = "r";
  a.rubric_version = "1.0.0";
  a.dimension = "frame";
  a.unit = ann::UnitKind::passage;
  a.article_id = article;
  a.passage_index = passage;
  a.category = category;
  return a;
}

ann::Annotation span_label(std::int64_t id, std::int64_t article, std::size_t start, std::size_t end,
                           const std::string& who, const std::string& category) {
  ann::Annotation a;
  a.id = id;
  a.annotator = who;
  a.rubric_id = "r";
  a.rubric_version = "1.0.0";
  a.dimension = "ll";
  a.unit = ann::UnitKind::span;
  a.article_id = article;
  a.passage_index = 0;
  a.start = start;
  a.end = end;
  a.category = category;
  return a;
}

ann::Rubric rubric_with(const std::vector<ann::RubricDimension>& dims) {
  ann::Rubric r;
  r.id = "r";
  r.version = "1.0.0";
  r.dimensions = dims;
  return r;
}

}  // namespace

TEST(StudyUnits, PassageUnitsKeepRubricOrderAndLatestLabel) {
  const auto article = make_article(1, {"One.", "Two.", "Three."});
  const auto dim = dimension("frame", ann::UnitKind::passage, ann::Scale::nominal, {"economic", "political"});
  std::vector<ann::Annotation> labels = {passage_label(1, 1, 0, "a", "political"), passage_label(2, 1, 0, "b", "political"),
                                         passage_label(3, 1, 1, "a", "economic"), passage_label(4, 1, 1, "a", "political"),
                                         passage_label(5, 1, 1, "b", "political")};
  auto units = sc::build_units({article}, labels, dim, sc::coverage_from_labels(labels));
  EXPECT_EQ(units.unit_kind, "passage");
  ASSERT_EQ(units.data.unit_count(), 2u);
  ASSERT_EQ(units.data.coder_count(), 2u);
  EXPECT_EQ(units.data.coder_ids()[0], "a");
  // The later label of "a" on passage 1 (political) counts: both agree everywhere.
  auto alpha = sc::krippendorff_alpha(units.data);
  EXPECT_FALSE(alpha.alpha.defined());  // one category in use: alpha is undefined, not 1.0
  EXPECT_NE(alpha.alpha.undefined_reason.find("categor"), std::string::npos) << alpha.alpha.undefined_reason;
  ASSERT_EQ(units.notes.size(), 1u);
  EXPECT_NE(units.notes[0].find("the latest one counts"), std::string::npos);
}

TEST(StudyUnits, NonBodyPassagesAreLeftOutAndSaid) {
  auto article = make_article(1, {"Donate now!", "Body text here."});
  article.passages[0].role = ann::PassageRole::boilerplate;
  const auto dim = dimension("frame", ann::UnitKind::passage, ann::Scale::nominal, {"economic", "political"});
  std::vector<ann::Annotation> labels = {passage_label(1, 1, 0, "a", "economic"), passage_label(2, 1, 1, "a", "economic"),
                                         passage_label(3, 1, 1, "b", "political")};
  auto units = sc::build_units({article}, labels, dim, sc::coverage_from_labels(labels));
  EXPECT_EQ(units.data.unit_count(), 1u);
  ASSERT_FALSE(units.notes.empty());
  EXPECT_NE(units.notes[0].find("not body text left out"), std::string::npos);
}

TEST(StudyUnits, SpansProjectOntoTokensWithNoneWhereNothingWasMarked) {
  // "They are thugs and liars." tokens: They(0-4) are(5-8) thugs(9-14) and(15-18) liars(19-24)
  const auto article = make_article(1, {"They are thugs and liars."});
  const auto dim = dimension("ll", ann::UnitKind::span, ann::Scale::nominal, {"name_calling", "exaggeration"});
  std::vector<ann::Annotation> labels = {span_label(1, 1, 9, 14, "a", "name_calling"),
                                         span_label(2, 1, 9, 24, "b", "name_calling")};
  auto units = sc::build_units({article}, labels, dim, sc::coverage_from_labels(labels));
  EXPECT_EQ(units.unit_kind, "token");
  ASSERT_EQ(units.data.unit_count(), 5u);
  EXPECT_EQ(units.data.labels()[0], "none");
  // Token "thugs": both name_calling; token "liars": a none, b name_calling.
  const auto name_calling = units.data.code(2, 0);
  EXPECT_EQ(units.data.labels()[static_cast<std::size_t>(name_calling)], "name_calling");
  EXPECT_EQ(units.data.code(2, 1), name_calling);
  EXPECT_EQ(units.data.labels()[static_cast<std::size_t>(units.data.code(4, 0))], "none");
  EXPECT_EQ(units.data.code(4, 1), name_calling);
  // An annotator who did not see the article is missing, not "none".
  sc::Coverage coverage = sc::coverage_from_labels(labels);
  coverage["c"] = {};
  sc::UnitOptions options;
  options.annotators = {"a", "b", "c"};
  auto with_c = sc::build_units({article}, labels, dim, coverage, options);
  EXPECT_EQ(with_c.data.code(0, 2), sc::ReliabilityData::k_missing);
}

TEST(StudyUnits, WordTokensUseCodePoints) {
  const std::string text = "\xF0\x9F\x98\x80 caf\xC3\xA9 ok";  // 😀 café ok
  const auto tokens = sc::word_tokens(text, 0, 9);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].first, 2u);
  EXPECT_EQ(tokens[0].second, 6u);
  EXPECT_EQ(tokens[1].first, 7u);
  EXPECT_EQ(tokens[1].second, 9u);
}

TEST(StudyAgreement, DiagnosticsNameTheProblem) {
  // 40 units; the category "no" dominates; coder c never overlaps with a or b.
  std::vector<std::vector<std::optional<std::string>>> table;
  for (int i = 0; i < 40; ++i) {
    const bool rare = i % 20 == 0;
    table.push_back({rare ? "yes" : "no", i % 20 == 1 ? "yes" : "no", std::nullopt});
  }
  table.push_back({std::nullopt, std::nullopt, "yes"});
  auto data = sc::ReliabilityData::from_table(table, {}, {"a", "b", "c"});
  sc::AgreementOptions options;
  auto report = sc::compute_agreement(data, options);
  auto diagnostics = sc::agreement_diagnostics(data, report, 50);
  std::string all;
  for (const auto& d : diagnostics) all += d + "\n";
  EXPECT_NE(all.find("few units: only 40 units"), std::string::npos) << all;
  EXPECT_NE(all.find("skewed categories: \"no\""), std::string::npos) << all;
  EXPECT_NE(all.find("Gwet's AC1"), std::string::npos) << all;
  EXPECT_NE(all.find("no common units: a and c"), std::string::npos) << all;
}

TEST(StudyAgreement, MachineAnnotatorIsComparedWithHumans) {
  std::vector<ann::Article> articles;
  std::vector<ann::Annotation> labels;
  std::int64_t id = 0;
  const auto dim = dimension("frame", ann::UnitKind::passage, ann::Scale::nominal, {"economic", "political"});
  for (int a = 1; a <= 10; ++a) {
    articles.push_back(make_article(a, {"First.", "Second."}));
    for (int p = 0; p < 2; ++p) {
      const std::string truth = (a + p) % 2 ? "economic" : "political";
      labels.push_back(passage_label(++id, a, p, "h1", truth));
      labels.push_back(passage_label(++id, a, p, "h2", truth));
      labels.push_back(passage_label(++id, a, p, "machine:x@1", a % 3 ? truth : "economic"));
    }
  }
  const auto rubric = rubric_with({dim});
  sc::StudyAgreementOptions options;
  auto result = sc::analyse_dimension(articles, labels, rubric, dim, sc::coverage_from_labels(labels), options);
  ASSERT_EQ(result.machines.size(), 1u);
  EXPECT_DOUBLE_EQ(*result.machines[0].human_human_mean_alpha, 1.0);
  EXPECT_LT(*result.machines[0].mean_alpha_with_humans, 1.0);
  EXPECT_EQ(result.machines[0].humans_compared, 2u);
}

TEST(Consensus, MajorityPerPassageAndCuratedOverride) {
  const auto article = make_article(1, {"One.", "Two."});
  const auto dim = dimension("frame", ann::UnitKind::passage, ann::Scale::nominal, {"economic", "political"});
  const auto rubric = rubric_with({dim});
  std::vector<ann::Annotation> labels = {passage_label(1, 1, 0, "a", "economic"), passage_label(2, 1, 0, "b", "economic"),
                                         passage_label(3, 1, 0, "c", "political"), passage_label(4, 1, 1, "a", "political"),
                                         passage_label(5, 1, 1, "b", "political"),
                                         passage_label(6, 1, 1, sc::k_curated_annotator, "economic")};
  sc::ConsensusOptions options;
  auto result = sc::derive_consensus({article}, labels, rubric, dim, sc::coverage_from_labels(labels), options);
  ASSERT_EQ(result.labels.size(), 2u);
  EXPECT_EQ(result.curated_units, 1u);
  for (const auto& label : result.labels) {
    if (*label.passage_index == 0) {
      EXPECT_EQ(label.annotator, "derived:majority");
      EXPECT_EQ(label.category, "economic");
      EXPECT_NEAR(*label.confidence, 2.0 / 3.0, 1e-12);
    } else {
      EXPECT_EQ(label.annotator, sc::k_curated_annotator);
      EXPECT_EQ(label.category, "economic");  // the curator overrides the two "political" votes
    }
  }
}

TEST(Consensus, SpanGroupsVoteWithNoneAndTakeTheCommonBoundaries) {
  const auto article = make_article(1, {"They are thugs and liars, said Bo."});
  const auto dim = dimension("ll", ann::UnitKind::span, ann::Scale::nominal, {"name_calling"});
  const auto rubric = rubric_with({dim});
  std::vector<ann::Annotation> labels = {
      span_label(1, 1, 9, 14, "a", "name_calling"), span_label(2, 1, 9, 14, "b", "name_calling"),
      span_label(3, 1, 9, 24, "c", "name_calling"),
      span_label(4, 1, 30, 32, "c", "name_calling"),  // only c marks "Bo": two "none" votes outweigh it
  };
  sc::ConsensusOptions options;
  auto result = sc::derive_consensus({article}, labels, rubric, dim, sc::coverage_from_labels(labels), options);
  EXPECT_EQ(result.items, 2u);
  ASSERT_EQ(result.labels.size(), 1u);
  EXPECT_EQ(*result.labels[0].start, 9u);
  EXPECT_EQ(*result.labels[0].end, 14u);
  EXPECT_EQ(result.labels[0].category, "name_calling");
}

// Notes and diagnostics of a dimension's agreement, word for word.
TEST(StudyAgreement, NotesOnLeftOutAndUnknownLabels) {
  auto article = make_article(1, {"Donate now!", "Body text here.", "More body."});
  article.passages[0].role = ann::PassageRole::boilerplate;
  const auto dim = dimension("frame", ann::UnitKind::passage, ann::Scale::nominal, {"economic", "political"});
  std::vector<ann::Annotation> labels = {passage_label(1, 1, 0, "a", "economic"), passage_label(2, 1, 1, "a", "economic"),
                                         passage_label(3, 1, 1, "b", "political"),
                                         passage_label(4, 1, 2, "a", "legacy"),  // a category of an older version
                                         passage_label(5, 1, 2, "b", "economic")};
  const auto result = sc::analyse_dimension({article}, labels, rubric_with({dim}), dim, sc::coverage_from_labels(labels), {});
  EXPECT_EQ(result.notes, (std::vector<std::string>{
                              "1 label(s) on passages that are not body text left out",
                              "category \"legacy\" is not in this rubric version; kept as its own category"}));
}

TEST(StudyAgreement, TooFewAnnotatorsOrNoUnits) {
  const auto article = make_article(1, {"One.", "Two."});
  const auto dim = dimension("frame", ann::UnitKind::passage, ann::Scale::nominal, {"economic", "political"});
  const auto rubric = rubric_with({dim});
  std::vector<ann::Annotation> one = {passage_label(1, 1, 0, "a", "economic")};
  const auto alone = sc::analyse_dimension({article}, one, rubric, dim, sc::coverage_from_labels(one), {});
  EXPECT_EQ(alone.diagnostics,
            (std::vector<std::string>{"fewer than two annotators labelled this dimension: agreement cannot be measured"}));
  sc::StudyAgreementOptions options;
  options.annotators = {"a", "b"};
  const auto nobody = sc::analyse_dimension({article}, {}, rubric, dim, {}, options);
  EXPECT_EQ(nobody.diagnostics, (std::vector<std::string>{"no units: nobody labelled this dimension"}));
}

TEST(StudyAgreement, CategoryUseNamesTheAnnotatorAndTheShares) {
  // a: x on 6 of 10 units, b: x on 1 of 10.
  std::vector<std::vector<std::optional<std::string>>> table;
  for (int i = 0; i < 10; ++i) table.push_back({i < 6 ? "x" : "y", i == 0 ? "x" : "y"});
  const auto data = sc::ReliabilityData::from_table(table, {}, {"a", "b"});
  const auto report = sc::compute_agreement(data, {});
  const auto diagnostics = sc::agreement_diagnostics(data, report, 5);
  EXPECT_NE(std::find(diagnostics.begin(), diagnostics.end(),
                      "category use: a uses \"x\" 4.4x as often as the others (60.0% of their values vs 10.0%); check "
                      "the rubric's decision rules with them"),
            diagnostics.end());
  EXPECT_NE(std::find(diagnostics.begin(), diagnostics.end(),
                      "category use: b uses \"y\" 2.2x as often as the others (90.0% of their values vs 40.0%); check "
                      "the rubric's decision rules with them"),
            diagnostics.end());
}

TEST(StudyAgreement, SpanBoundariesAndOutletsWithoutLabels) {
  const auto article = make_article(1, {"They are thugs and liars."});
  const auto other = make_article(2, {"Nobody labelled this one."});
  const auto dim = dimension("ll", ann::UnitKind::span, ann::Scale::nominal, {"name_calling"});
  std::vector<ann::Annotation> labels = {span_label(1, 1, 9, 14, "a", "name_calling"),
                                         span_label(2, 1, 9, 24, "b", "name_calling")};
  sc::StudyAgreementOptions options;
  options.by_source = true;
  options.article_source = {{1, "Blaze"}, {2, "Wire"}};
  const auto result =
      sc::analyse_dimension({article, other}, labels, rubric_with({dim}), dim, sc::coverage_from_labels(labels), options);
  EXPECT_NE(std::find(result.diagnostics.begin(), result.diagnostics.end(),
                      "span boundaries: in 1 of 1 places marked by several annotators the spans differ in where they "
                      "start or end; token-level agreement counts these as partial disagreement"),
            result.diagnostics.end());
  EXPECT_EQ(result.source_notes, (std::vector<std::pair<std::string, std::string>>{{"Wire", "no labelled units"}}));
}
