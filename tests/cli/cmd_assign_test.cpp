// Tests for cmd_assign.cpp: `credence assign`, its messages word for word, and that a refused plan stores
// nothing.
#include <gtest/gtest.h>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"
#include "credence/annotate/assignment_store.hpp"
#include "credence/annotate/store.hpp"

namespace ann = credence::annotate;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;

const std::string k_usage =
    "usage: credence assign STUDY --annotators a,b,c [--overlap K] [--per-annotator N] [--blind] [--seed S] "
    "[--dry-run]\n";
// Problems found by check_assignment_options are followed by this shorter usage line.
const std::string k_problem_usage =
    "usage: credence assign STUDY --annotators a,b,c [--overlap K] [--per-annotator N] [--blind] [--seed S]\n";

std::string study_with_articles(const TempDir& dir) {
  const std::string study = (dir / "study").string();
  EXPECT_EQ(cli({"init", study, "--rubric", test_data("cli/mini_rubric.json")}).code, 0);
  EXPECT_EQ(cli({"import", study, test_data("ingest/plain.txt"), test_data("ingest/good.jsonl")}).code, 0);
  return study;
}

std::size_t assignments(const std::string& study) {
  auto s = ann::Study::open(study);
  return ann::list_assignments(s).size();
}

}  // namespace

TEST(CmdAssign, NameLongerThan64Characters) {
  TempDir dir;
  const auto study = study_with_articles(dir);
  const std::string name(65, 'a');
  const auto r = cli({"assign", study, "--annotators", "bob," + name});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence assign: annotator name '" + std::string(64, 'a') + "...' is longer than 64 characters\n" +
                       k_problem_usage);
  EXPECT_EQ(assignments(study), 0u);
  // 64 is allowed.
  EXPECT_EQ(cli({"assign", study, "--annotators", std::string(64, 'a')}).code, 0);
}

TEST(CmdAssign, EmptyListItemsAreDropped) {
  TempDir dir;
  const auto study = study_with_articles(dir);
  // "a,,b" names two annotators: split_list drops the empty item, so "an annotator name is empty"
  // (assignment_test.cpp) is not reached from the command line.
  const auto r = cli({"assign", study, "--annotators", "ann,,bob,", "--overlap", "2", "--dry-run"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(assignments(study), 0u);
}

TEST(CmdAssign, OverlapBelowOne) {
  TempDir dir;
  const auto study = study_with_articles(dir);
  // The command line checks the range before check_assignment_options sees it (assignment_test.cpp
  // asserts "--overlap must be at least 1" there).
  const auto r = cli({"assign", study, "--annotators", "ann,bob", "--overlap", "0"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence assign: option '--overlap' must be between 1 and 1000, got 0\n" + k_usage);
  EXPECT_EQ(assignments(study), 0u);
}

TEST(CmdAssign, ProblemsWithTheAnnotatorListEndWithTheUsageLine) {
  TempDir dir;
  const auto study = study_with_articles(dir);
  const auto r = cli({"assign", study, "--annotators", "ann,ann", "--overlap", "3"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "credence assign: annotator 'ann' is listed twice\n"
            "credence assign: --overlap 3 needs at least that many annotators (1 given)\n" + k_problem_usage);
  EXPECT_EQ(assignments(study), 0u);
}

TEST(CmdAssign, NameOfAMachineAnnotatorInTheStudy) {
  TempDir dir;
  const auto study = study_with_articles(dir);
  {
    // A machine annotator stored under a plain name (by the library or an older credence).
    auto s = ann::Study::open(study);
    s.ensure_annotator("tagger", ann::AnnotatorKind::machine);
  }
  const auto r = cli({"assign", study, "--annotators", "ann,tagger", "--overlap", "2"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence assign: 'tagger' is a machine annotator in this study; assign human annotators only\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(assignments(study), 0u);
  auto s = ann::Study::open(study);
  for (const auto& row : s.list_annotators()) EXPECT_NE(row.name, "ann");
}
