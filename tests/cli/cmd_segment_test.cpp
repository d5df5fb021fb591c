// Tests for cmd_segment.cpp: `credence segment FILE`, its messages word for word and exit codes.
#include <gtest/gtest.h>

#include <fstream>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"

namespace fs = std::filesystem;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;

const std::string k_usage =
    "usage: credence segment FILE [--format auto|text|md|html|xml|jsonl] [--jsonl] [--title TEXT]\n";

}  // namespace

TEST(CmdSegment, NoSuchFile) {
  TempDir dir;
  const auto missing = (dir / "nope.txt").string();
  const auto r = cli({"segment", missing});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence segment: " + missing + ": no such file\n");
  EXPECT_EQ(r.out, "");
}

TEST(CmdSegment, UnknownFormat) {
  const auto r = cli({"segment", test_data("ingest/plain.txt"), "--format", "docx"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence segment: unknown --format 'docx'; use auto, text, md, html, xml or jsonl\n" + k_usage);
  EXPECT_EQ(r.out, "");
}

TEST(CmdSegment, FolderIsNotAnArticle) {
  const auto folder = test_data("ingest/folder_ok");
  for (const std::string format : {"", "text"}) {
    std::vector<std::string> args = {"segment", folder};
    if (!format.empty()) args.insert(args.end(), {"--format", format});
    const auto r = cli(args);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, folder + ": error: is a folder, not an article file; name one of its files\n");
    EXPECT_EQ(r.out, "");
  }
}

TEST(CmdSegment, ReadError) {
  const auto r = cli({"segment", "/proc/self/mem", "--format", "text"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "/proc/self/mem: error: read error\n");
}
