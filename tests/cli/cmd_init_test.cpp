// Tests for cmd_init.cpp: `credence init`, its messages word for word, and that a refused init leaves
// nothing behind.
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
using credence::testing::write;

// mini_rubric.json with one definition changed and the version left as it was.
std::string edited_mini_rubric(const TempDir& dir) {
  std::string json = read_file(test_data("cli/mini_rubric.json"));
  const std::string from = "A label meant to belittle.";
  json.replace(json.find(from), from.size(), "A label meant to belittle someone.");
  const auto path = (dir / "mini_edited.json").string();
  write(path, json);
  return path;
}

}  // namespace

TEST(CmdInit, SameRubricVersionWithDifferentContentCreatesNothing) {
  TempDir dir;
  const auto original = test_data("cli/mini_rubric.json");
  const auto edited = edited_mini_rubric(dir);
  const auto r = cli({"init", (dir / "s").string(), "--rubric", original, "--rubric", edited});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence init: rubric 'mini' version 1.0.0 is given twice with different content (" + original +
                       " and " + edited + "); give the changed rubric a new version; no study created\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(dir / "s"));
}

TEST(CmdInit, SameRubricFileTwiceIsOneRubric) {
  TempDir dir;
  const auto rubric = test_data("cli/mini_rubric.json");
  const auto r = cli({"init", (dir / "s").string(), "--rubric", rubric, "--rubric", rubric});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ann::Study::open(dir / "s").list_rubrics().size(), 1u);
}

TEST(CmdInit, PathIsAFile) {
  TempDir dir;
  write(dir / "notes.txt", "keep me\n");
  const auto path = (dir / "notes.txt").string();
  const auto r = cli({"init", path, "--no-rubrics"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence init: " + path + " exists and is not a folder; choose another study path\n");
  EXPECT_EQ(read_file(path), "keep me\n");
}

TEST(CmdInit, FolderCannotBeCreated) {
  TempDir dir;
  write(dir / "notes.txt", "keep me\n");
  // A path below a regular file: no folder can be made there, even as root.
  const auto path = (dir / "notes.txt" / "study").string();
  const auto r = cli({"init", path, "--no-rubrics"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence init: cannot create folder " + path + ": Not a directory\n");
  EXPECT_EQ(read_file((dir / "notes.txt").string()), "keep me\n");
}

TEST(CmdInit, DatabaseFileCannotBeOpened) {
  TempDir dir;
  // A folder where credence.db should be: SQLite cannot open it as a database file.
  fs::create_directories(dir / "s" / "credence.db");
  const auto r = cli({"init", (dir / "s").string(), "--no-rubrics"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence init: cannot open " + (dir / "s" / "credence.db").string() +
                       ": unable to open database file\n");
  EXPECT_TRUE(fs::is_directory(dir / "s" / "credence.db"));
}
