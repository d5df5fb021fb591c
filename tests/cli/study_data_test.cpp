// Tests for study_data.cpp: who counts as having seen an article. Labels show it; so does a document an
// annotator finished ("done") in the workspace, under the rubric versions current when they finished it.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <fstream>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"
#include "credence/annotate/assignment_store.hpp"
#include "credence/annotate/store.hpp"
#include "study_data.hpp"

namespace ann = credence::annotate;
namespace fs = std::filesystem;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using credence::testing::cli;
using credence::testing::study_with_plain;
using credence::testing::sql;

// plain.txt with one loaded-language span by ann_a; ann_b finished the document without marking anything.
std::string study_where_b_marked_nothing(const TempDir& dir) {
  const std::string study = study_with_plain(dir, false);
  const auto labels = (dir / "labels.jsonl").string();
  std::ofstream(labels) << "{\"article\": \"plain\", \"annotator\": \"ann_a\", \"rubric\": \"mini\", \"dimension\": "
                           "\"loaded_language\", \"unit\": \"span\", \"start\": 4, \"end\": 11, \"category\": "
                           "\"name_calling\"}\n";
  EXPECT_EQ(cli({"import-labels", study, labels}).code, 0);
  auto opened = ann::Study::open(study);
  const auto article = opened.find_article_by_external_id("plain");
  EXPECT_TRUE(article.has_value());
  ann::set_document_status(opened, ann::DocumentStatus{*article, "ann_b", "done", "", ""});
  return study;
}

}  // namespace

TEST(StudyData, FinishedDocumentCountsAsSeenWithoutLabels) {
  TempDir dir;
  const auto study = study_where_b_marked_nothing(dir);
  auto opened = ann::Study::open(study);
  const auto data = credence::cli::load_study_data(opened);
  const auto article = *opened.find_article_by_external_id("plain");
  ASSERT_EQ(data.coverage.count("mini"), 1u);
  EXPECT_EQ(data.coverage.at("mini").at("ann_a").count(article), 1u);  // from the label
  EXPECT_EQ(data.coverage.at("mini").at("ann_b").count(article), 1u);  // from "done"
  EXPECT_EQ(data.finished.at("mini"), std::set<std::string>{"ann_b"});
  const auto& rubric = *data.rubric("mini");
  EXPECT_EQ(data.default_raters("mini", *rubric.find_dimension("loaded_language"), false),
            (std::vector<std::string>{"ann_a", "ann_b"}));  // ann_b from "done"
  // On passages and articles no label is a missing value, not a judgement: ann_b is no rater there.
  EXPECT_TRUE(data.default_raters("mini", *rubric.find_dimension("frame"), false).empty());
}

TEST(StudyData, AgreementCountsTheAnnotatorWhoMarkedNothing) {
  TempDir dir;
  const auto study = study_where_b_marked_nothing(dir);
  const auto r = cli({"agreement", study, "--dimension", "loaded_language", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto json = boost::json::parse(r.out);
  const auto& agreement = json.at("dimensions").as_array().at(0).as_object().at("agreement").as_object();
  EXPECT_EQ(agreement.at("n_coders").as_int64(), 2) << r.out;  // every token 'none' for ann_b, not left out
  const auto& coders = agreement.at("per_coder").as_array();
  ASSERT_EQ(coders.size(), 2u) << r.out;
  EXPECT_EQ(coders.at(1).as_object().at("coder").as_string(), "ann_b");
}

TEST(StudyData, DocumentFinishedBeforeTheRubricChangedDoesNotCount) {
  TempDir dir;
  const auto study = study_where_b_marked_nothing(dir);
  sql(study, "UPDATE document_status SET updated_at = '2000-01-01T00:00:00Z'");
  auto opened = ann::Study::open(study);
  auto data = credence::cli::load_study_data(opened);
  EXPECT_EQ(data.coverage.at("mini").count("ann_b"), 0u);
  EXPECT_EQ(data.finished.count("mini"), 0u);
  // Counting old versions counts the old "done" too.
  data = credence::cli::load_study_data(opened, /*include_old_versions=*/true);
  EXPECT_EQ(data.coverage.at("mini").count("ann_b"), 1u);
}

TEST(StudyData, OpenSkippedAndFlaggedDocumentsDoNotCount) {
  TempDir dir;
  const auto study = study_where_b_marked_nothing(dir);
  for (const char* status : {"open", "skipped", "flagged"}) {
    sql(study, (std::string("UPDATE document_status SET status = '") + status + "'").c_str());
    auto opened = ann::Study::open(study);
    const auto data = credence::cli::load_study_data(opened);
    EXPECT_EQ(data.coverage.at("mini").count("ann_b"), 0u) << status;
  }
}
