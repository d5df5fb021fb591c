// Tests for cmd_agreement.cpp and agreement_study.cpp: the messages of `credence agreement` (options, the
// --data form and the STUDY form), word for word, with their exit codes.
#include <gtest/gtest.h>

#include <fstream>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"
#include "credence/annotate/store.hpp"

namespace ann = credence::annotate;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;

const std::string k_usage =
    "usage: credence agreement --data FILE [options] | credence agreement STUDY [options]\n";

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
  const auto path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

// A usage error: the message, then the usage line, exit 2.
void expect_usage(const Run& r, const std::string& message) {
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence agreement: " + message + "\n" + k_usage);
  EXPECT_EQ(r.out, "");
}

// mini rubric, plain.txt, and `labels` imported.
std::string study_with(const TempDir& dir, const std::string& labels, const std::string& rubric = "cli/mini_rubric.json") {
  const std::string study = (dir / "study").string();
  EXPECT_EQ(cli({"init", study, "--rubric", test_data(rubric)}).code, 0);
  EXPECT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  const auto imported = cli({"import-labels", study, write(dir, "labels.jsonl", labels)});
  EXPECT_EQ(imported.code, 0) << imported.err;
  return study;
}

std::string frame_label(const std::string& annotator, int passage, const std::string& category,
                        const std::string& version = "1.0.0") {
  return "{\"article\": \"plain\", \"annotator\": \"" + annotator + "\", \"rubric\": \"mini\", \"rubric_version\": \"" +
         version + "\", \"dimension\": \"frame\", \"passage\": " + std::to_string(passage) + ", \"category\": \"" +
         category + "\"}\n";
}

}  // namespace

TEST(CmdAgreement, OptionErrors) {
  TempDir dir;
  const auto data = write(dir, "r.csv", "unit,coder,value\nu1,a,low\nu1,b,high\nu2,a,mid\nu2,b,mid\n");
  expect_usage(cli({"agreement", (dir / "study").string(), "--data", data}), "give either STUDY or --data FILE, not both");
  expect_usage(cli({"agreement", "--data", data, "--level", "circular"}),
               "unknown level 'circular' (choose nominal, ordinal, interval or ratio)");
  expect_usage(cli({"agreement", "--data", data, "--weights", "cubic"}),
               "unknown weights 'cubic' (choose identity, linear, quadratic, ordinal or ratio)");
  expect_usage(cli({"agreement", "--data", data, "--coefficients", ","}), "--coefficients needs a list of names or 'all'");
  expect_usage(cli({"agreement", "--data", data, "--order", " , "}), "--order needs a comma-separated list of values");
  expect_usage(cli({"agreement", "--data", data, "--weights", "linear"}),
               "--weights linear on text values needs --order (values: high, low, mid)");
  EXPECT_EQ(cli({"agreement", "--data", data, "--weights", "linear", "--order", "low,mid,high"}).code, 0);
}

TEST(CmdAgreement, StudyWhoseLabelsAreAllFromAnOlderRubricVersion) {
  TempDir dir;
  const auto study = study_with(dir, frame_label("ann_a", 0, "economic") + frame_label("ann_b", 0, "political"));
  ASSERT_EQ(cli({"rubric", "add", study, test_data("cli/mini_rubric_1.1.json")}).code, 0);
  const auto r = cli({"agreement", study});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence agreement: all 2 labels were made under older rubric versions; add --include-old-versions "
                   "to use them (they are marked), or label again under the current version\n");
  EXPECT_EQ(r.out, "");
}

TEST(CmdAgreement, SomeLabelsFromAnOlderVersionAreLeftOutWithANote) {
  TempDir dir;
  const auto study = study_with(dir, frame_label("ann_a", 0, "economic") + frame_label("ann_b", 0, "political"));
  ASSERT_EQ(cli({"rubric", "add", study, test_data("cli/mini_rubric_1.1.json")}).code, 0);
  const auto newer = write(dir, "newer.jsonl", frame_label("ann_a", 1, "moral", "1.1.0") + frame_label("ann_b", 1, "moral", "1.1.0"));
  ASSERT_EQ(cli({"import-labels", study, newer}).code, 0);
  const auto r = cli({"agreement", study});
  EXPECT_EQ(r.code, 0) << r.err;
  const std::string note =
      "note: 2 label(s) of rubric mini were made under an older version and are left out (--include-old-versions "
      "counts them)\n";
  ASSERT_GE(r.out.size(), note.size());
  EXPECT_EQ(r.out.substr(r.out.size() - note.size()), note) << r.out;
}

TEST(CmdAgreement, UnknownDimension) {
  TempDir dir;
  const auto study = study_with(dir, frame_label("ann_a", 0, "economic") + frame_label("ann_b", 0, "political"));
  for (const std::string dimension : {"tone", "mini/tone", "other/frame"}) {
    const auto r = cli({"agreement", study, "--dimension", dimension});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "credence agreement: no dimension \"" + dimension +
                         "\" in the study's rubrics (use RUBRIC/DIMENSION or a dimension id)\n");
    EXPECT_EQ(r.out, "");
  }
}

// Regression: an interval dimension whose categories are anchor points stopped `agreement STUDY` with
// "internal error: the interval level needs numeric values" (exit 70); the categories count as their values.
TEST(CmdAgreement, IntervalDimensionWithAnchoredCategories) {
  TempDir dir;
  const auto rubric = write(dir, "heat.json",
                            "{\"id\": \"iv\", \"version\": \"1.0.0\", \"title\": \"t\", \"dimensions\": [{\"id\": \"heat\", "
                            "\"name\": \"Heat\", \"unit\": \"article\", \"scale\": \"interval\", \"categories\": ["
                            "{\"id\": \"cold\", \"name\": \"Cold\", \"definition\": \"d\", \"value\": 1},"
                            "{\"id\": \"hot\", \"name\": \"Hot\", \"definition\": \"d\", \"value\": 3}]}]}");
  const std::string study = (dir / "study").string();
  ASSERT_EQ(cli({"init", study, "--rubric", rubric}).code, 0);
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  std::string labels;
  for (const auto& [who, category] : {std::pair{"a", "cold"}, std::pair{"b", "hot"}}) {
    labels += "{\"article\": \"plain\", \"annotator\": \"" + std::string(who) +
              "\", \"rubric\": \"iv\", \"dimension\": \"heat\", \"unit\": \"article\", \"category\": \"" +
              category + "\"}\n";
  }
  ASSERT_EQ(cli({"import-labels", study, write(dir, "l.jsonl", labels)}).code, 0);
  const auto r = cli({"agreement", study, "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"scale\":\"interval\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"coincidence\":{\"categories\":[\"1\",\"3\"]"), std::string::npos) << r.out;
}
