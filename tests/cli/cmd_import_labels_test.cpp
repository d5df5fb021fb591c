// Tests for cmd_import_labels.cpp: `credence import-labels`, the messages of credence's JSONL reader and of
// the --map file word for word, with their exit codes, and that the good labels of a run are kept while
// nothing of a refused run (a bad map, --atomic, a file that fails to read) is stored.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <fstream>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"
#include "credence/annotate/store.hpp"

namespace ann = credence::annotate;
namespace fs = std::filesystem;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;
using credence::testing::write;
using credence::testing::SocketFile;
using credence::testing::label_count;

const std::string k_usage =
    "usage: credence import-labels STUDY PATH... [--format F] [--annotator NAME] [--map FILE] [--atomic]\n";

// A study with the formats rubric (tone per article, frame per passage, loaded_language per span) and one
// article "a1" of two passages (text of 52 code points).
std::string study_with_article(const TempDir& dir) {
  const std::string study = (dir / "study").string();
  EXPECT_EQ(cli({"init", study, "--rubric", test_data("formats/rubric.json")}).code, 0);
  const auto text = write(dir / "a1.txt", "They are thugs and liars.\n\nThe council met on Monday.\n");
  const auto r = cli({"import", study, text});
  EXPECT_EQ(r.code, 0) << r.err;
  return study;
}

const std::string k_good = R"({"article": "a1", "annotator": "ann1", "rubric": "fmt", "dimension": "tone", "category": "anti"})";

}  // namespace

TEST(CmdImportLabels, MapIsForForeignFormats) {
  TempDir dir;
  const auto study = study_with_article(dir);
  const auto labels = write(dir / "l.jsonl", k_good + "\n");
  const auto map = write(dir / "m.tsv", "Anti\ttone.anti\n");
  const auto r = cli({"import-labels", study, labels, "--map", map});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence import-labels: --map applies to foreign formats; credence's JSONL names dimensions and "
                   "categories itself\n" + k_usage);
  EXPECT_EQ(label_count(study), 0u);
}

TEST(CmdImportLabels, FileThatCannotBeOpened) {
  TempDir dir;
  const auto study = study_with_article(dir);
  SocketFile socket(dir / "feed.jsonl");
  ASSERT_TRUE(socket.bound_);
  const auto missing = (dir / "nope.jsonl").string();
  const auto good = write(dir / "good.jsonl", k_good + "\n");
  const auto r = cli({"import-labels", study, socket.path_, missing, good});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, socket.path_ + ": error: cannot read file\n" + missing + ": error: cannot read file\n");
  EXPECT_EQ(r.out, "imported 1 label; 2 rejected (see messages above)\n");
  EXPECT_EQ(label_count(study), 1u);
}

// Reading /proc/self/mem from offset 0 fails with EIO: a file that opens but cannot be read. getline stopped
// there as at the end of the file, so the import said "imported 0 labels" and exit 0.
TEST(CmdImportLabels, ReadErrorIsReported) {
  TempDir dir;
  const auto study = study_with_article(dir);
  const auto good = write(dir / "good.jsonl", k_good + "\n");
  auto r = cli({"import-labels", study, "/proc/self/mem", good});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "/proc/self/mem: error: read error; check the disk; nothing of this file was imported\n");
  EXPECT_EQ(r.out, "imported 1 label; 1 rejected (see messages above)\n");
  EXPECT_EQ(label_count(study), 1u);
  r = cli({"import-labels", study, good, "/proc/self/mem", "--atomic"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "/proc/self/mem: error: read error; check the disk; nothing of this file was imported\n"
                   "credence import-labels: --atomic: nothing imported because 1 label(s) were rejected\n");
  EXPECT_EQ(label_count(study), 1u);
}

// Every check of a JSONL line, one bad line each; the good lines around them are stored.
TEST(CmdImportLabels, BadLines) {
  TempDir dir;
  const auto study = study_with_article(dir);
  const std::string base = R"("article": "a1", "annotator": "ann1", "rubric": "fmt")";
  const auto file = write(dir / "labels.jsonl",
                          k_good + "\n" +                                                           // 1
                              "{\"article\": \"a1\", \"note\": \"caf\xE9\"}\n"                       // 2
                              "[\"a1\", \"tone\"]\n"                                                 // 3
                              "{\"annotator\": \"ann1\", \"dimension\": \"tone\"}\n"                 // 4
                              R"({"article": "a1", "rubric": "fmt", "dimension": "tone", "category": "pro"})" "\n"  // 5
                              R"({"article": "a1", "annotator": "ann1", "dimension": "tone"})" "\n"                 // 6
                              R"({"article": "a1", "annotator": "ann1", "rubric": "nope", "dimension": "tone"})" "\n"  // 7
                              "{" + base + R"(, "rubric_version": "9.0.0", "dimension": "tone"})" "\n"  // 8
                              "{" + base + R"(, "category": "pro"})" "\n"                           // 9
                              "{" + base + R"(, "dimension": "tone", "unit": "sentence", "category": "pro"})" "\n"  // 10
                              "{" + base + R"(, "dimension": "tone", "unit": "span", "category": "pro"})" "\n"  // 11
                              "{" + base + R"(, "dimension": "frame", "passage": 7, "category": "economic"})" "\n"  // 12
                              "{" + base + R"(, "dimension": "frame", "category": "economic"})" "\n"  // 13
                              "{" + base + R"(, "dimension": "loaded_language", "end": 14, "category": "name_calling"})" "\n"  // 14
                              "{" + base + R"(, "dimension": "loaded_language", "start": 9, "end": "14", "category": "name_calling"})" "\n"  // 15
                              "{" + base + R"(, "dimension": "tone"})" "\n"                         // 16
                              "{" + base + R"(, "dimension": "frame", "passage": 1, "category": "political"})" "\n");  // 17
  const auto r = cli({"import-labels", study, file});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err,
            file + ":2: error: invalid UTF-8; save the file as UTF-8\n" +
            file + ":3: error: expected a JSON object\n" +
            file + ":4: error: at /article: missing field \"article\" (the article's id)\n" +
            file + ":5: error: at /annotator: missing field \"annotator\" (or pass --annotator NAME)\n" +
            file + ":6: error: at /rubric: missing field \"rubric\"\n" +
            file + ":7: error: at /rubric: rubric \"nope\" is not in the study\n" +
            file + ":8: error: at /rubric_version: rubric \"fmt\" version 9.0.0 is not in the study\n" +
            file + ":9: error: at /dimension: missing field \"dimension\"\n" +
            file + ":10: error: at /unit: unknown unit \"sentence\"; use article, passage or span\n" +
            file + ":11: error: at /unit: dimension \"tone\" is labelled per article, not per span\n" +
            file + ":12: error: at /passage: passage 7 does not exist (article has 2 passages)\n" +
            file + ":13: error: at /passage: missing field \"passage\"\n" +
            file + ":14: error: at /start: missing or non-integer \"start\"\n" +
            file + ":15: error: at /end: missing or non-integer \"end\"\n" +
            file + ":16: error: at /category: missing field \"category\"\n");
  EXPECT_EQ(r.out, "imported 2 labels; 15 rejected (see messages above)\n");
  EXPECT_EQ(label_count(study), 2u);
  // --annotator fills in the missing annotator of line 5.
  const auto again = cli({"import-labels", study, write(dir / "one.jsonl", R"({"article": "a1", "rubric": "fmt", "dimension": "tone", "category": "pro"})" "\n"),
                          "--annotator", "ann2"});
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(label_count(study), 3u);
}

TEST(CmdImportLabels, AtomicStoresNothingWhenALineIsBad) {
  TempDir dir;
  const auto study = study_with_article(dir);
  const auto file = write(dir / "labels.jsonl", k_good + "\n" + R"({"article": "a1", "annotator": "ann1", "rubric": "fmt"})" "\n" +
                                                    R"({"article": "a2", "annotator": "ann1", "rubric": "fmt"})" "\n");
  const auto r = cli({"import-labels", study, file, "--atomic"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, file + ":2: error: at /dimension: missing field \"dimension\"\n" + file +
                       ":3: error: at /article: no article \"a2\" in the study\n"
                       "credence import-labels: --atomic: nothing imported because 2 label(s) were rejected\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(label_count(study), 0u);
}

// A bad --map stops the import before the study is touched (exit 2), whatever is wrong with it.
TEST(CmdImportLabels, MapFileProblemsStopTheImport) {
  TempDir dir;
  const auto study = study_with_article(dir);
  const auto ann_dir = dir / "brat" / "ann1";
  fs::create_directories(ann_dir);
  write(ann_dir / "a1.txt", "They are thugs and liars.\n\nThe council met on Monday.\n");
  write(ann_dir / "a1.ann", "T1\tThugs 9 14\tthugs\n");
  const auto brat = (dir / "brat").string();
  const std::string closing = "credence import-labels: fix the map file; nothing imported\n";

  const auto bad = write(dir / "bad.tsv", "Thugs\tloaded_language.name_calling\n\tframe.economic\n@ignore\n@feature\tT\n");
  auto r = cli({"import-labels", study, "--format", "brat", brat, "--map", bad});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, bad + ":2:1: error: line starts with a separator; write FOREIGN<TAB>DIMENSION.CATEGORY\n" + bad +
                       ":3:1: error: @ignore takes one label name: @ignore<TAB>NAME\n" + bad +
                       ":4:1: error: @feature takes a type and a feature: @feature<TAB>TYPE<TAB>FEATURE\n" + closing);
  EXPECT_EQ(r.out, "");

  const auto missing = (dir / "missing.tsv").string();
  r = cli({"import-labels", study, "--format", "brat", brat, "--map", missing});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, missing + ": error: cannot read the map file\n" + closing);

  const auto latin1 = write(dir / "latin1.tsv", "Thugs\tloaded_language.name_calling\nCaf\xE9\ttone.anti\n");
  r = cli({"import-labels", study, "--format", "brat", brat, "--map", latin1});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, latin1 + ": byte 38: error: invalid UTF-8; save the map file as UTF-8\n" + closing);

  r = cli({"import-labels", study, "--format", "brat", brat, "--map", "/proc/self/mem"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "/proc/self/mem: error: cannot read the map file: read error; check the disk\n" + closing);
  EXPECT_EQ(label_count(study), 0u);
  EXPECT_EQ(ann::Study::open(study).list_annotators().size(), 0u);

  // The same files with a good map go in.
  const auto good = write(dir / "good.tsv", "Thugs\tloaded_language.name_calling\n");
  r = cli({"import-labels", study, "--format", "brat", brat, "--map", good});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(label_count(study), 1u);
}
