// Tests for assignment planning: exact overlap, balance across annotators and outlets, the
// --per-annotator cap, determinism per seed, and the option checks.
#include "credence/annotate/assignment.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace ann = credence::annotate;

namespace {

std::vector<ann::PlanArticle> corpus(int per_outlet, const std::vector<std::string>& outlets) {
  std::vector<ann::PlanArticle> out;
  std::int64_t id = 1;
  for (const auto& outlet : outlets) {
    for (int i = 0; i < per_outlet; ++i) out.push_back({id++, outlet});
  }
  return out;
}

TEST(AssignmentTest, EveryArticleGetsExactlyOverlapDistinctAnnotators) {
  ann::AssignmentOptions o;
  o.annotators = {"a", "b", "c", "d", "e"};
  o.overlap = 3;
  const auto articles = corpus(7, {"X", "Y", "Z"});
  const auto plan = ann::plan_assignments(articles, o);
  std::map<std::int64_t, std::set<std::string>> who;
  for (const auto& item : plan.items) EXPECT_TRUE(who[item.article_id].insert(item.annotator).second);
  EXPECT_EQ(who.size(), articles.size());
  for (const auto& [id, names] : who) EXPECT_EQ(names.size(), 3u) << id;
  EXPECT_TRUE(plan.unassigned.empty());
}

TEST(AssignmentTest, WorkIsBalancedAcrossAnnotatorsAndOutlets) {
  ann::AssignmentOptions o;
  o.annotators = {"a", "b", "c", "d"};
  o.overlap = 2;
  const auto plan = ann::plan_assignments(corpus(10, {"X", "Y", "Z", "W"}), o);  // 80 assignments
  std::map<std::string, int> load;
  std::map<std::string, std::map<std::string, int>> by_outlet;
  const std::map<std::int64_t, std::string> outlet_of = [] {
    std::map<std::int64_t, std::string> m;
    for (const auto& a : corpus(10, {"X", "Y", "Z", "W"})) m[a.id] = a.source;
    return m;
  }();
  for (const auto& item : plan.items) {
    ++load[item.annotator];
    ++by_outlet[item.annotator][outlet_of.at(item.article_id)];
  }
  for (const auto& [name, n] : load) EXPECT_EQ(n, 20) << name;
  for (const auto& [name, outlets] : by_outlet) {
    for (const auto& [outlet, n] : outlets) {
      EXPECT_GE(n, 4) << name << " " << outlet;
      EXPECT_LE(n, 6) << name << " " << outlet;
    }
  }
}

TEST(AssignmentTest, PositionsNumberEachQueueFromOne) {
  ann::AssignmentOptions o;
  o.annotators = {"a", "b"};
  const auto plan = ann::plan_assignments(corpus(3, {"X", "Y"}), o, {{"a", 5}});
  std::map<std::string, std::vector<int>> positions;
  for (const auto& item : plan.items) positions[item.annotator].push_back(item.position);
  // a already had 5 articles, so b gets the first new ones and a continues at 6.
  EXPECT_EQ(positions["b"].front(), 1);
  if (!positions["a"].empty()) EXPECT_EQ(positions["a"].front(), 6);
  EXPECT_GT(positions["b"].size(), positions["a"].size());
}

TEST(AssignmentTest, PerAnnotatorCapLeavesWholeArticlesOut) {
  ann::AssignmentOptions o;
  o.annotators = {"a", "b", "c"};
  o.overlap = 2;
  o.per_annotator = 4;  // capacity 12 = 6 articles of 2
  const auto articles = corpus(5, {"X", "Y"});
  const auto plan = ann::plan_assignments(articles, o);
  EXPECT_EQ(plan.items.size(), 12u);
  EXPECT_EQ(plan.unassigned.size(), 4u);
  std::map<std::string, int> load;
  for (const auto& item : plan.items) ++load[item.annotator];
  for (const auto& [name, n] : load) EXPECT_EQ(n, 4);
}

TEST(AssignmentTest, SameSeedSamePlanOtherSeedOtherOrder) {
  ann::AssignmentOptions o;
  o.annotators = {"a", "b", "c"};
  o.overlap = 2;
  o.seed = 7;
  const auto articles = corpus(6, {"X", "Y", "Z"});
  const auto p1 = ann::plan_assignments(articles, o);
  const auto p2 = ann::plan_assignments(articles, o);
  ASSERT_EQ(p1.items.size(), p2.items.size());
  for (std::size_t i = 0; i < p1.items.size(); ++i) {
    EXPECT_EQ(p1.items[i].article_id, p2.items[i].article_id);
    EXPECT_EQ(p1.items[i].annotator, p2.items[i].annotator);
  }
  o.seed = 8;
  const auto p3 = ann::plan_assignments(articles, o);
  bool differs = false;
  for (std::size_t i = 0; i < p1.items.size(); ++i) {
    differs |= p1.items[i].article_id != p3.items[i].article_id || p1.items[i].annotator != p3.items[i].annotator;
  }
  EXPECT_TRUE(differs);
}

TEST(AssignmentTest, OptionProblemsAreAllReported) {
  ann::AssignmentOptions o;
  o.annotators = {"a", "a", "machine:x", "bad name", "adjudicated"};
  o.overlap = 9;
  o.per_annotator = 0;
  const auto problems = ann::check_assignment_options(o);
  const std::vector<std::string> expected = {
      "annotator 'a' is listed twice",
      "'machine:x' names a machine annotator; humans only here",
      "annotator name 'bad name' may only use letters, digits, '_', '.' and '-'",
      "'adjudicated' is reserved; choose another annotator name",
      "--overlap 9 needs at least that many annotators (4 given)",
      "--per-annotator must be at least 1",
  };
  EXPECT_EQ(problems, expected);
  EXPECT_EQ(ann::check_assignment_options({}), std::vector<std::string>{"no annotators given; pass --annotators a,b,c"});
  EXPECT_EQ(ann::check_annotator_name("owner"), "'owner' is reserved; choose another annotator name");
  EXPECT_EQ(ann::check_annotator_name("ann_a.2-x"), "");
}

TEST(AssignmentTest, EmptyAndOverlongNamesAndOverlapBelowOne) {
  EXPECT_EQ(ann::check_annotator_name(""), "an annotator name is empty");
  EXPECT_EQ(ann::check_annotator_name(std::string(64, 'x')), "");
  EXPECT_EQ(ann::check_annotator_name(std::string(65, 'x')),
            "annotator name '" + std::string(64, 'x') + "...' is longer than 64 characters");
  // A long name with characters that are not allowed is refused for them: the length counts bytes, and the cut
  // at 64 bytes could split a character.
  const std::string cyrillic = std::string(63, 'x') + "\xD0\xB6\xD0\xB6";
  EXPECT_EQ(ann::check_annotator_name(cyrillic),
            "annotator name '" + cyrillic + "' may only use letters, digits, '_', '.' and '-'");
  ann::AssignmentOptions o;
  o.annotators = {"a", ""};
  o.overlap = 0;
  EXPECT_EQ(ann::check_assignment_options(o),
            (std::vector<std::string>{"an annotator name is empty", "--overlap must be at least 1"}));
}

}  // namespace
