// Tests for cmd_profile.cpp: what `credence profile` prints when there is nothing to profile or the outlet
// is unknown, word for word, with the exit code.
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

}  // namespace

TEST(CmdProfile, StudyWithoutArticles) {
  TempDir dir;
  const auto r = cli({"profile", init_mini(dir)});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence profile: the study has no articles; import some with 'credence import'\n");
  EXPECT_EQ(r.out, "");
}

TEST(CmdProfile, StudyWithoutLabels) {
  TempDir dir;
  const auto study = init_mini(dir);
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  const auto r = cli({"profile", study});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence profile: profiles are computed from labels, and the study has no labels yet; import some "
                   "with 'credence import-labels' or label in 'credence serve'\n");
}

TEST(CmdProfile, UnknownOutlet) {
  TempDir dir;
  const auto study = init_mini(dir);
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  ASSERT_EQ(cli({"import-labels", study, test_data("cli/labels_good.jsonl")}).code, 0);
  const auto r = cli({"profile", study, "--source", "Nobody", "--bootstrap", "0"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence profile: no outlet named \"Nobody\" (see credence status)\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(cli({"profile", study, "--source", "(unknown)", "--bootstrap", "0"}).code, 0);
}
