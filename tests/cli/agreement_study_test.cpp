// Tests for agreement_study.cpp: `credence agreement STUDY`, the default raters and the --annotators
// filter, on a study with two annotators' spans.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "cli_test_util.hpp"

namespace {

using credence::testing::cli;
using credence::testing::TempDir;
using credence::testing::test_data;

// plain.txt with the span "council" [4, 11) marked by ann_a and ann_b alike, and by machine:m@1.
std::string study_with_spans(const TempDir& dir) {
  const std::string study = (dir / "study").string();
  EXPECT_EQ(cli({"init", study, "--rubric", test_data("cli/mini_rubric.json")}).code, 0);
  EXPECT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  const auto labels = (dir / "labels.jsonl").string();
  std::ofstream out(labels);
  for (const char* who : {"ann_a", "ann_b"}) {
    out << "{\"article\": \"plain\", \"annotator\": \"" << who
        << "\", \"rubric\": \"mini\", \"dimension\": \"loaded_language\", \"unit\": \"span\", \"start\": 4, "
           "\"end\": 11, \"category\": \"name_calling\"}\n";
  }
  out.close();
  EXPECT_EQ(cli({"import-labels", study, labels}).code, 0);
  return study;
}

boost::json::object loaded_language(const std::string& json_text) {
  return boost::json::parse(json_text).at("dimensions").as_array().at(0).as_object();
}

TEST(AgreementStudy, AgreeingAnnotatorsGiveAlphaOne) {
  TempDir dir;
  const auto study = study_with_spans(dir);
  const auto r = cli({"agreement", study, "--dimension", "loaded_language", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto d = loaded_language(r.out);
  EXPECT_EQ(d.at("rubric").as_string(), "mini");
  EXPECT_EQ(d.at("unit").as_string(), "token");
  const auto& agreement = d.at("agreement").as_object();
  EXPECT_EQ(agreement.at("n_coders").as_int64(), 2);
  EXPECT_DOUBLE_EQ(agreement.at("coefficients").at("krippendorff_alpha").at("value").as_double(), 1.0);
}

TEST(AgreementStudy, AnnotatorsOptionChoosesTheRaters) {
  TempDir dir;
  const auto study = study_with_spans(dir);
  const auto r = cli({"agreement", study, "--dimension", "loaded_language", "--annotators", "ann_a", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto d = loaded_language(r.out);
  EXPECT_EQ(d.at("agreement").at("n_coders").as_int64(), 1);
  EXPECT_EQ(d.at("diagnostics").as_array().at(0).as_string(),
            "fewer than two annotators labelled this dimension: agreement cannot be measured");
}

}  // namespace
