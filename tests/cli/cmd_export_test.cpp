// Tests for cmd_export.cpp: the messages of an export that cannot write its output, word for word (exit 3),
// and that nothing is created where the output could not go.
#include <gtest/gtest.h>

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
using credence::testing::study_with_plain;

std::string study_with_labels(const TempDir& dir) {
  const std::string study = study_with_plain(dir, false);
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

namespace {

const std::string k_export_usage =
    "usage: credence export STUDY --format F --out PATH [--annotators LIST | --adjudicated] [--map FILE]\n";

}  // namespace

TEST(CmdExport, UsageErrors) {
  TempDir dir;
  const auto study = study_with_labels(dir);
  const auto out = (dir / "out.csv").string();
  auto r = cli({"export", study, "--format", "conll", "--out", out});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence export: unknown --format 'conll'; use jsonl, brat, webanno-tsv, xmi, label-studio, doccano, ptc, csv "
                   "or agreement\n" + k_export_usage);
  r = cli({"export", study, "--format", "csv", "--out", out, "--adjudicated", "--annotators", "ann1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence export: --adjudicated and --annotators exclude each other\n" + k_export_usage);
  EXPECT_FALSE(fs::exists(out));
}

// Two rubrics with a dimension "tone": --dimension tone selects labels of both, which one agreement input
// cannot hold. The message said "pass --dimension", which the user had already done.
TEST(CmdExport, AgreementFormatWithADimensionOfTwoRubrics) {
  TempDir dir;
  const std::string study = (dir / "study").string();
  ASSERT_EQ(cli({"init", study, "--rubric", test_data("formats/rubric.json")}).code, 0);
  std::ofstream(dir / "fmt2.json") << R"({"id": "fmt2", "version": "1.0.0", "title": "T", "dimensions": [{"id": "tone", "name": "Tone",
      "unit": "article", "scale": "nominal", "categories": [{"id": "pro", "name": "Pro", "definition": "For."},
      {"id": "anti", "name": "Anti", "definition": "Against."}]}]})";
  ASSERT_EQ(cli({"rubric", "add", study, (dir / "fmt2.json").string()}).code, 0);
  std::ofstream(dir / "a1.txt") << "They are thugs and liars.\n";
  ASSERT_EQ(cli({"import", study, (dir / "a1.txt").string()}).code, 0);
  std::ofstream(dir / "labels.jsonl")
      << R"({"article": "a1", "annotator": "ann1", "rubric": "fmt", "dimension": "tone", "category": "pro"})" "\n"
      << R"({"article": "a1", "annotator": "ann2", "rubric": "fmt2", "dimension": "tone", "category": "anti"})" "\n";
  ASSERT_EQ(cli({"import-labels", study, (dir / "labels.jsonl").string()}).code, 0);
  const auto out = (dir / "agreement.csv").string();
  std::ofstream(out) << "an earlier export\n";
  auto r = cli({"export", study, "--format", "agreement", "--dimension", "tone", "--out", out});
  EXPECT_EQ(r.code, 3);
  // The clash shows only while writing: the half-written file is discarded, the earlier one kept.
  EXPECT_EQ(credence::testing::read_file(out), "an earlier export\n");
  EXPECT_FALSE(fs::exists(out + ".partial"));
  EXPECT_EQ(r.err, "credence export: the agreement format holds one dimension, but the labels selected are in fmt/tone and "
                   "fmt2/tone; pass --rubric to choose one\n");
  EXPECT_EQ(r.out, "");
  r = cli({"export", study, "--format", "agreement", "--dimension", "tone", "--rubric", "fmt2", "--out", out});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ann::Study::open(study).current_annotations().size(), 2u);
}

// WebAnno TSV holds labels on the tokens of sentences: a span over the blank line between two passages
// is in no sentence. It is reported and left out; the other labels are written (exit 1).
TEST(CmdExport, WebannoTsvLabelOutsideEverySentence) {
  TempDir dir;
  const std::string study = (dir / "study").string();
  ASSERT_EQ(cli({"init", study, "--rubric", test_data("formats/rubric.json")}).code, 0);
  std::ofstream(dir / "a1.txt") << "They are thugs and liars.\n\nThe council met on Monday.\n";
  ASSERT_EQ(cli({"import", study, (dir / "a1.txt").string()}).code, 0);
  std::ofstream(dir / "labels.jsonl")
      << R"({"article": "a1", "annotator": "ann1", "rubric": "fmt", "dimension": "loaded_language", "start": 25, "end": 27, "category": "exaggeration"})" "\n"
      << R"({"article": "a1", "annotator": "ann1", "rubric": "fmt", "dimension": "loaded_language", "start": 9, "end": 14, "category": "name_calling"})" "\n";
  auto imported = cli({"import-labels", study, (dir / "labels.jsonl").string()});
  ASSERT_EQ(imported.code, 0) << imported.err;
  const auto out = (dir / "tsv").string();
  const auto r = cli({"export", study, "--format", "webanno-tsv", "--out", out});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, out + ": warning: article 'a1': label loaded_language.exaggeration [25, 27) lies outside every sentence and is "
                         "not written\n");
  EXPECT_EQ(r.out, "exported 1 label of 1 article to " + out + " (webanno-tsv, offsets in UTF-16 code units); 1 not written (see "
                   "warnings above)\n");
  EXPECT_EQ(ann::Study::open(study).current_annotations().size(), 2u);
}

// A one-file export is renamed over its target only when complete.
TEST(CmdExport, OneFileExportReplacesTheFileWhenComplete) {
  TempDir dir;
  const std::string study = (dir / "study").string();
  ASSERT_EQ(cli({"init", study, "--rubric", test_data("cli/mini_rubric.json")}).code, 0);
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  const auto out = (dir / "labels.jsonl").string();
  {
    std::ofstream(out) << "an earlier export\n";
  }
  const auto r = cli({"export", study, "--format", "jsonl", "--out", out});
  EXPECT_EQ(r.code, 0) << r.err;
  std::ifstream in(out);
  std::string first;
  std::getline(in, first);
  EXPECT_NE(first, "an earlier export");
  EXPECT_FALSE(fs::exists(out + ".partial"));
}
