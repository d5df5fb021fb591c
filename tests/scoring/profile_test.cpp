// Tests for profile.hpp: figures as ratios of per-article sums, bootstrap intervals, permutation tests,
// Holm's correction and the sentences comparisons print.
#include "credence/scoring/profile.hpp"

#include <gtest/gtest.h>

namespace sc = credence::scoring;

namespace {

sc::ArticleStats article(std::int64_t id, const std::string& source, double words, double spans) {
  sc::ArticleStats a;
  a.article_id = id;
  a.source = source;
  a.body_words = words;
  a.body_passages = 4;
  a.sums["ll/x/spans"] = spans;
  return a;
}

sc::MetricDefinition per_thousand() {
  sc::MetricDefinition m;
  m.id = "ll/x.per_1000_words";
  m.label = "loaded language spans per 1,000 body words";
  m.unit = "per 1,000 words";
  m.numerator = {"ll/x/spans"};
  m.denominator = {"body_words"};
  m.scale = 1000;
  m.denominator_unit = "words";
  m.more_phrase = "uses more loaded language";
  m.less_phrase = "uses less loaded language";
  return m;
}

}  // namespace

// Reference: statsmodels.stats.multitest.multipletests([0.01, 0.04, 0.03, 0.005], method="holm")
// gives [0.03, 0.06, 0.06, 0.02].
TEST(Holm, MatchesStatsmodels) {
  const auto adjusted = sc::holm_adjust({0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(adjusted.size(), 4u);
  EXPECT_NEAR(adjusted[0], 0.03, 1e-12);
  EXPECT_NEAR(adjusted[1], 0.06, 1e-12);
  EXPECT_NEAR(adjusted[2], 0.06, 1e-12);
  EXPECT_NEAR(adjusted[3], 0.02, 1e-12);
  EXPECT_TRUE(sc::holm_adjust({}).empty());
  EXPECT_DOUBLE_EQ(sc::holm_adjust({0.9, 0.8})[0], 1.0);  // capped at 1
}

TEST(Profile, RatioOfSumsNotMeanOfRatios) {
  std::vector<sc::ArticleStats> stats = {article(1, "A", 100, 1), article(2, "A", 900, 0)};
  std::vector<const sc::ArticleStats*> ptrs = {&stats[0], &stats[1]};
  // 1 span in 1,000 words = 1.0 per 1,000 (a mean of per-article rates would give 5.0).
  EXPECT_DOUBLE_EQ(*sc::metric_value(per_thousand(), ptrs), 1.0);
  EXPECT_DOUBLE_EQ(*sc::metric_value(per_thousand(), ptrs, {2, 0}), 10.0);
  EXPECT_FALSE(sc::metric_value(per_thousand(), {}).has_value());
}

TEST(Profile, IntervalsComeFromArticlesAndOneArticleHasNone) {
  std::vector<sc::ArticleStats> stats;
  for (int i = 0; i < 20; ++i) stats.push_back(article(i, "A", 100, i % 4));
  stats.push_back(article(99, "Solo", 100, 3));
  sc::ProfileOptions options;
  options.bootstrap = 500;
  const auto profiles = sc::compute_profiles(stats, {per_thousand()}, options);
  ASSERT_EQ(profiles.size(), 2u);
  const auto& a = profiles[0];
  EXPECT_EQ(a.source, "A");
  EXPECT_EQ(a.articles, 20u);
  const auto& m = a.metrics.at(0);
  EXPECT_DOUBLE_EQ(*m.estimate.value, 15.0);  // 30 spans in 2,000 words
  ASSERT_TRUE(m.estimate.ci95);
  EXPECT_LT(m.estimate.ci95->first, 15.0);
  EXPECT_GT(m.estimate.ci95->second, 15.0);
  EXPECT_EQ(m.denominator, 2000u);
  const auto& solo = profiles[1];
  EXPECT_FALSE(solo.metrics.at(0).estimate.ci95.has_value());
  ASSERT_FALSE(solo.notes.empty());
  EXPECT_NE(solo.notes[0].find("one article only"), std::string::npos);
  // Same seed, same intervals.
  const auto again = sc::compute_profiles(stats, {per_thousand()}, options);
  EXPECT_EQ(again[0].metrics[0].estimate.ci95, m.estimate.ci95);
}

TEST(Compare, ClearDifferenceGivesTheResearchersSentence) {
  std::vector<sc::ArticleStats> stats;
  for (int i = 0; i < 15; ++i) stats.push_back(article(i, "Blaze", 100, 4 + i % 2));
  for (int i = 0; i < 15; ++i) stats.push_back(article(100 + i, "Wire", 100, i % 2));
  sc::CompareOptions options;
  options.bootstrap = 400;
  options.permutations = 999;
  const auto result = sc::compare_sources(stats, {per_thousand()}, {"Blaze", "Wire"}, options);
  ASSERT_EQ(result.size(), 1u);
  const auto& c = result[0];
  EXPECT_DOUBLE_EQ(*c.difference, 40.0);
  ASSERT_TRUE(c.p_value);
  EXPECT_LT(*c.p_value, 0.01);
  EXPECT_EQ(c.sentence.rfind("Blaze uses more loaded language than Wire: 44.7 vs 4.7 per 1,000 words, difference 40.0 [", 0),
            0u)
      << c.sentence;
}

TEST(Compare, NoDifferenceAndTooFewArticlesAreSaidPlainly) {
  std::vector<sc::ArticleStats> stats = {article(1, "A", 100, 1), article(2, "A", 100, 2), article(3, "B", 100, 1),
                                         article(4, "B", 100, 2)};
  const auto result = sc::compare_sources(stats, {per_thousand()}, {"A", "B"}, {});
  ASSERT_EQ(result.size(), 1u);
  EXPECT_NE(result[0].sentence.find("do not differ clearly"), std::string::npos) << result[0].sentence;
  EXPECT_NE(result[0].sentence.find("no permutation test can reach p < 0.05"), std::string::npos) << result[0].sentence;
  const auto missing = sc::compare_sources(stats, {per_thousand()}, {"A", "Nobody"}, {});
  EXPECT_FALSE(missing[0].difference.has_value());
  EXPECT_NE(missing[0].sentence.find("no articles from Nobody"), std::string::npos) << missing[0].sentence;
}

TEST(Profile, AFigureWithoutItsDenominatorSaysWhy) {
  // B's articles have no body words: its rate per 1,000 words is undefined, and so is the comparison.
  std::vector<sc::ArticleStats> stats = {article(1, "A", 100, 1), article(2, "A", 100, 2), article(3, "B", 0, 0),
                                         article(4, "B", 0, 0)};
  const auto profiles = sc::compute_profiles(stats, {per_thousand()}, {});
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_FALSE(profiles[1].metrics.at(0).estimate.value.has_value());
  EXPECT_EQ(profiles[1].metrics.at(0).estimate.undefined_reason, "no words to compute it from");
  const auto compared = sc::compare_sources(stats, {per_thousand()}, {"A", "B"}, {});
  ASSERT_EQ(compared.size(), 1u);
  EXPECT_EQ(compared[0].undefined_reason, "the figure is undefined for B");
  EXPECT_EQ(compared[0].sentence,
            "No comparison of loaded language spans per 1,000 body words between A and B: the figure is undefined for B.");
}
