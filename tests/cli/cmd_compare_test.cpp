// Tests for cmd_compare.cpp: the messages of `credence compare` about its outlets and labels, word for
// word, with the exit code.
#include <gtest/gtest.h>

#include <fstream>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"

using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;
using credence::testing::init_mini;

const std::string k_usage = "usage: credence compare STUDY --sources A,B[,C...] [--json] [--method M] [--permutations N]\n";

// Two articles from the outlets Blaze and Wire, no labels.
std::string two_outlet_study(const TempDir& dir) {
  const std::string study = init_mini(dir);
  const auto articles = (dir / "two.jsonl").string();
  std::ofstream(articles) << "{\"id\": \"a1\", \"source\": \"Blaze\", \"text\": \"The council met on Tuesday.\"}\n"
                             "{\"id\": \"b1\", \"source\": \"Wire\", \"text\": \"The mayor spoke on Monday.\"}\n";
  EXPECT_EQ(cli({"import", study, articles}).code, 0);
  return study;
}

}  // namespace

TEST(CmdCompare, SourcesAreRequiredAndNeedTwo) {
  TempDir dir;
  const auto study = two_outlet_study(dir);
  auto r = cli({"compare", study});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence compare: --sources A,B is required (two or more outlets)\n" + k_usage);
  r = cli({"compare", study, "--sources", "Blaze"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence compare: --sources needs at least two outlets (or all), got 'Blaze'\n" + k_usage);
  r = cli({"compare", study, "--sources", "Blaze,"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence compare: --sources needs at least two outlets (or all), got 'Blaze,'\n" + k_usage);
}

TEST(CmdCompare, UnknownOutletListsTheStudysOutlets) {
  TempDir dir;
  const auto r = cli({"compare", two_outlet_study(dir), "--sources", "Blaze,Nobody"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence compare: no outlet named \"Nobody\"; the study has: Blaze, Wire\n");
  EXPECT_EQ(r.out, "");
}

TEST(CmdCompare, AllOnAOneOutletStudy) {
  TempDir dir;
  const std::string study = (dir / "one").string();
  ASSERT_EQ(cli({"init", study}).code, 0);
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  const auto r = cli({"compare", study, "--sources", "all"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence compare: the study has fewer than two outlets; nothing to compare\n");
}

TEST(CmdCompare, OutletsWithoutLabels) {
  TempDir dir;
  const auto r = cli({"compare", two_outlet_study(dir), "--sources", "all"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence compare: outlets are compared on their labels, and the study has no labels yet; import "
                   "some with 'credence import-labels' or label in 'credence serve'\n");
}
