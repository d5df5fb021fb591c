// Tests for cmd_rubric.cpp: `credence rubric add|list`, its messages word for word, and that a refused add
// leaves the study's rubrics as they were.
#include <gtest/gtest.h>

#include <fstream>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"
#include "credence/annotate/store.hpp"

namespace ann = credence::annotate;
namespace fs = std::filesystem;
using credence::testing::read_file;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;
using credence::testing::init_mini;

const std::string k_usage = "usage: credence rubric add STUDY FILE... | credence rubric list STUDY\n";

std::size_t rubric_count(const std::string& study) { return ann::Study::open(study).list_rubrics().size(); }

}  // namespace

TEST(CmdRubric, ChangedRubricUnderItsOldVersion) {
  TempDir dir;
  const auto study = init_mini(dir);
  std::string json = read_file(test_data("cli/mini_rubric.json"));
  const std::string from = "Costs and money.";
  json.replace(json.find(from), from.size(), "Costs, prices and money.");
  const auto edited = (dir / "mini_edited.json").string();
  std::ofstream(edited, std::ios::binary) << json;
  // The new 1.1.0 is valid, but the command adds all or nothing.
  const auto r = cli({"rubric", "add", study, test_data("cli/mini_rubric_1.1.json"), edited});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence rubric: " + edited + ": rubric 'mini' version 1.0.0 is already stored with different "
                   "content; give the changed rubric a new version; nothing added\n");
  EXPECT_EQ(r.out, "");
  auto s = ann::Study::open(study);
  const auto rows = s.list_rubrics();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].json, read_file(test_data("cli/mini_rubric.json")));
}

TEST(CmdRubric, UnknownAction) {
  TempDir dir;
  const auto study = init_mini(dir);
  const auto r = cli({"rubric", "remove", study});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence rubric: unknown action 'remove'; use add or list\n" + k_usage);
  EXPECT_EQ(rubric_count(study), 1u);
}

TEST(CmdRubric, MissingStudy) {
  for (const std::string action : {"add", "list"}) {
    const auto r = cli({"rubric", action});
    EXPECT_EQ(r.code, 2) << action;
    EXPECT_EQ(r.err, "credence rubric: missing STUDY\n" + k_usage);
  }
  const auto none = cli({"rubric"});
  EXPECT_EQ(none.code, 2);
  EXPECT_EQ(none.err, "credence rubric: missing arguments\n" + k_usage);
}

TEST(CmdRubric, AddWithoutFiles) {
  TempDir dir;
  const auto study = init_mini(dir);
  const auto r = cli({"rubric", "add", study});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence rubric: add needs at least one rubric FILE\n" + k_usage);
  EXPECT_EQ(rubric_count(study), 1u);
}

TEST(CmdRubric, ListTakesOnlyTheStudy) {
  TempDir dir;
  const auto study = init_mini(dir);
  const auto r = cli({"rubric", "list", study, test_data("cli/mini_rubric_1.1.json")});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence rubric: list takes only STUDY\n" + k_usage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(rubric_count(study), 1u);
}

TEST(CmdRubric, BadRubricFileAddsNothing) {
  TempDir dir;
  const auto study = init_mini(dir);
  const auto syntax = test_data("rubrics/syntax_error.json");
  const auto r = cli({"rubric", "add", study, test_data("cli/mini_rubric_1.1.json"), syntax});
  EXPECT_EQ(r.code, 2);
  // The rubric's own problems (rubric_test.cpp asserts them) come first, then the refusal.
  EXPECT_EQ(r.err.rfind(syntax + ":", 0), 0u) << r.err;
  const std::string last = "credence rubric: nothing added; fix the rubric problems above\n";
  ASSERT_GE(r.err.size(), last.size());
  EXPECT_EQ(r.err.substr(r.err.size() - last.size()), last);
  EXPECT_EQ(rubric_count(study), 1u);
}
