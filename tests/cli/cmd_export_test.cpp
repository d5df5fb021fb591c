// Tests for cmd_export.cpp: the messages of an export that cannot write its output, word for word (exit 3),
// and that nothing is created where the output could not go.
#include <gtest/gtest.h>

#include <fstream>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"

namespace fs = std::filesystem;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using Run = credence::testing::CliRun;
Run cli(std::vector<std::string> args) { return credence::testing::run_credence(std::move(args)); }

std::string study_with_labels(const TempDir& dir) {
  const std::string study = (dir / "study").string();
  EXPECT_EQ(cli({"init", study, "--rubric", test_data("cli/mini_rubric.json")}).code, 0);
  EXPECT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  EXPECT_EQ(cli({"import-labels", study, test_data("cli/labels_good.jsonl")}).code, 0);
  return study;
}

}  // namespace

// /dev/full takes the open and refuses every write with ENOSPC: a full disk, even for root.
TEST(CmdExport, DiskFull) {
  TempDir dir;
  const auto study = study_with_labels(dir);
  for (const std::string format : {"jsonl", "csv", "label-studio"}) {
    const auto r = cli({"export", study, "--format", format, "--out", "/dev/full"});
    EXPECT_EQ(r.code, 3) << format;
    EXPECT_EQ(r.err, "credence export: write error; is the disk full?\n") << format;
    EXPECT_EQ(r.out, "") << format;
  }
}

TEST(CmdExport, OutputBelowARegularFile) {
  TempDir dir;
  const auto study = study_with_labels(dir);
  std::ofstream(dir / "notes.txt") << "keep me\n";
  const auto file_out = (dir / "notes.txt" / "labels.jsonl").string();
  auto r = cli({"export", study, "--format", "jsonl", "--out", file_out});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence export: cannot write " + file_out + "; check that the folder exists and is writable\n");
  r = cli({"export", study, "--format", "csv", "--out", file_out});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence export: cannot write " + file_out + "; check that the folder exists and is writable\n");
  const auto folder_out = (dir / "notes.txt" / "brat").string();
  r = cli({"export", study, "--format", "brat", "--out", folder_out});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence export: cannot create folder " + folder_out + ": Not a directory\n");
  EXPECT_EQ(credence::testing::read_file((dir / "notes.txt").string()), "keep me\n");
}
