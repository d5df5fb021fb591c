// Tests for command.cpp: the usage errors every verb shares (options, positional arguments, numbers)
// and how run_cli reports store errors, asserted word for word with the usage line that follows them.
#include "command.hpp"

#include <gtest/gtest.h>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"
#include "credence/annotate/assignment_store.hpp"
#include "credence/annotate/store.hpp"

#include <sqlite3.h>

namespace ann = credence::annotate;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;
using credence::testing::study_with_plain;

const std::string k_init_usage = "usage: credence init STUDY [--rubric FILE]... [--no-rubrics]\n";
const std::string k_assign_usage =
    "usage: credence assign STUDY --annotators a,b,c [--overlap K] [--per-annotator N] [--blind] [--seed S] "
    "[--dry-run]\n";

}  // namespace

TEST(CommandLine, FlagGivenAValue) {
  TempDir dir;
  const auto r = cli({"init", (dir / "s").string(), "--no-rubrics=yes"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence init: option '--no-rubrics' takes no value\n" + k_init_usage);
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(std::filesystem::exists(dir / "s"));
}

TEST(CommandLine, OptionWithoutItsValue) {
  TempDir dir;
  const auto r = cli({"init", (dir / "s").string(), "--rubric"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence init: option '--rubric' needs a value (FILE)\n" + k_init_usage);
  EXPECT_FALSE(std::filesystem::exists(dir / "s"));
}

TEST(CommandLine, OptionGivenTwice) {
  TempDir dir;
  const auto study = study_with_plain(dir, false);
  const auto r = cli({"assign", study, "--annotators", "ann,bob", "--overlap", "1", "--overlap=2"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence assign: option '--overlap' given twice\n" + k_assign_usage);
  auto s = ann::Study::open(study);
  EXPECT_TRUE(ann::list_assignments(s).empty());
}

TEST(CommandLine, RepeatableOptionMayBeGivenTwice) {
  TempDir dir;
  const auto study = study_with_plain(dir, false);
  const auto r = cli({"assign", study, "--annotators", "ann", "--annotators", "bob", "--overlap", "2"});
  EXPECT_EQ(r.code, 0) << r.err;
  auto s = ann::Study::open(study);
  EXPECT_EQ(ann::list_assignments(s).size(), 2u);
}

TEST(CommandLine, MissingArguments) {
  const auto r = cli({"init"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence init: missing arguments\n" + k_init_usage);
}

TEST(CommandLine, TooManyArgumentsNamesTheLastOne) {
  TempDir dir;
  const auto r = cli({"init", (dir / "a").string(), (dir / "b").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence init: too many arguments ('" + (dir / "b").string() + "')\n" + k_init_usage);
  EXPECT_FALSE(std::filesystem::exists(dir / "a"));
  EXPECT_FALSE(std::filesystem::exists(dir / "b"));
}

TEST(CommandLine, DoubleDashEndsTheOptions) {
  TempDir dir;
  // After "--" a word that looks like an option is an argument: here one too many.
  const auto r = cli({"init", (dir / "a").string(), "--", "--no-rubrics"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence init: too many arguments ('--no-rubrics')\n" + k_init_usage);
}

TEST(CommandLine, WholeNumberOption) {
  TempDir dir;
  const auto study = study_with_plain(dir, false);
  for (const std::string bad : {"two", "1.5", "2x", ""}) {
    const auto r = cli({"assign", study, "--annotators", "ann,bob", "--overlap", bad});
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_EQ(r.err, "credence assign: option '--overlap' needs a whole number, got '" + bad + "'\n" + k_assign_usage);
  }
  auto s = ann::Study::open(study);
  EXPECT_TRUE(ann::list_assignments(s).empty());
}

TEST(CommandLine, NumberOutOfRange) {
  TempDir dir;
  const auto study = study_with_plain(dir, false);
  auto r = cli({"assign", study, "--annotators", "ann,bob", "--overlap", "0"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence assign: option '--overlap' must be between 1 and 1000, got 0\n" + k_assign_usage);
  r = cli({"assign", study, "--annotators", "ann,bob", "--seed", "-1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence assign: option '--seed' must be between 0 and 9223372036854775807, got -1\n" +
                       k_assign_usage);
  // Past the range of a 64-bit integer: not a number credence can hold, so "whole number" is the message.
  r = cli({"assign", study, "--annotators", "ann,bob", "--seed", "99999999999999999999"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence assign: option '--seed' needs a whole number, got '99999999999999999999'\n" +
                       k_assign_usage);
  auto s = ann::Study::open(study);
  EXPECT_TRUE(ann::list_assignments(s).empty());
}

TEST(CommandLine, DecimalOption) {
  const std::string usage =
      "usage: credence pre-annotate STUDY [--annotator NAME] [--rubric ID] [--only-body] [--redo]\n"
      "       credence pre-annotate --file ARTICLE [--jsonl] [--annotator NAME] [--rubric ID]\n";
  for (const std::string bad : {"high", "0.5x", "", "nan", "inf"}) {
    const auto r = cli({"pre-annotate", "--file", test_data("ingest/plain.txt"), "--min-confidence", bad});
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_EQ(r.err, "credence pre-annotate: option '--min-confidence' needs a number, got '" + bad + "'\n" + usage);
    EXPECT_EQ(r.out, "");
  }
  EXPECT_EQ(cli({"pre-annotate", "--file", test_data("ingest/plain.txt"), "--min-confidence", "0.5"}).code, 0);
}

// A store error in a command that does not catch it itself is a store error (exit 3), not an internal error.
TEST(CommandLine, StoreErrorOutsideACommandsOwnHandlerExits3) {
  TempDir dir;
  const auto study = study_with_plain(dir, false);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((std::filesystem::path(study) / "credence.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "DROP VIEW current_annotations", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  // `status` reads the store without a handler of its own; this used to exit 70 as an internal error.
  const auto r = cli({"status", study});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence status: database error preparing statement: no such table: current_annotations\n");
}
