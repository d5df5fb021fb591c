// Tests for cmd_adjudicate.cpp: what `credence adjudicate` prints when the store fails or refuses a
// consensus label, word for word, and that nothing of the run is stored.
#include <gtest/gtest.h>
#include <sqlite3.h>

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
using credence::testing::sql;

// plain.txt with the span "council" [4, 11) marked by two annotators, who agree.
std::string study_with_agreeing_spans(const TempDir& dir) {
  const std::string study = study_with_plain(dir, false);
  const auto labels = (dir / "labels.jsonl").string();
  std::ofstream(labels) << "{\"article\": \"plain\", \"annotator\": \"ann_a\", \"rubric\": \"mini\", \"dimension\": "
                           "\"loaded_language\", \"unit\": \"span\", \"start\": 4, \"end\": 11, \"category\": "
                           "\"name_calling\"}\n"
                           "{\"article\": \"plain\", \"annotator\": \"ann_b\", \"rubric\": \"mini\", \"dimension\": "
                           "\"loaded_language\", \"unit\": \"span\", \"start\": 4, \"end\": 11, \"category\": "
                           "\"name_calling\"}\n";
  EXPECT_EQ(cli({"import-labels", study, labels}).code, 0);
  return study;
}

std::size_t stored_rows(const std::string& study, const char* table) {
  sqlite3* db = nullptr;
  sqlite3_open((fs::path(study) / ann::k_database_file).c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, (std::string("SELECT count(*) FROM ") + table).c_str(), -1, &s, nullptr);
  sqlite3_step(s);
  const auto n = static_cast<std::size_t>(sqlite3_column_int64(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return n;
}

}  // namespace

TEST(CmdAdjudicate, StoreFailureStoresNothing) {
  TempDir dir;
  const auto study = study_with_agreeing_spans(dir);
  // The consensus label cannot be written: a trigger stands in for an I/O error.
  sql(study,
      "CREATE TRIGGER no_derived BEFORE INSERT ON annotations WHEN (SELECT name FROM annotators WHERE id = "
      "NEW.annotator_id) LIKE 'derived:%' BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END");
  const auto r = cli({"adjudicate", study, "--method", "majority"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence adjudicate: database error: disk I/O error (simulated)\nnothing was stored\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(stored_rows(study, "annotations"), 2u);
  EXPECT_EQ(stored_rows(study, "annotators"), 2u);  // no derived:majority annotator either
}

TEST(CmdAdjudicate, ConsensusLabelTheStoreRefuses) {
  TempDir dir;
  const auto study = study_with_agreeing_spans(dir);
  // A damaged study: the article's text cut short under its labels. The consensus span [4, 11) then lies
  // past the end of the text, and the store refuses it.
  sql(study, "UPDATE articles SET text = substr(text, 1, 8)");
  const auto r = cli({"adjudicate", study, "--method", "majority"});
  EXPECT_EQ(r.code, 70);
  EXPECT_EQ(r.err, "credence adjudicate: internal inconsistency: span end 11 is past the end of the article text (8 "
                   "code points)\nnothing was stored\n");
  EXPECT_EQ(stored_rows(study, "annotations"), 2u);
  EXPECT_EQ(stored_rows(study, "annotators"), 2u);
}

TEST(CmdAdjudicate, MethodIsRequiredAndChecked) {
  TempDir dir;
  const auto study = study_with_agreeing_spans(dir);
  const std::string usage =
      "usage: credence adjudicate STUDY --method majority|dawid-skene|mace [--min-annotators K] [--json]\n";
  auto r = cli({"adjudicate", study});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence adjudicate: --method is required: majority, dawid-skene or mace\n" + usage);
  r = cli({"adjudicate", study, "--method", "vote"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence adjudicate: unknown --method 'vote'; use majority, dawid-skene or mace\n" + usage);
  EXPECT_EQ(stored_rows(study, "annotations"), 2u);
}

TEST(CmdAdjudicate, UnknownDimensionStoresNothing) {
  TempDir dir;
  const auto study = study_with_agreeing_spans(dir);
  for (const std::string dimension : {"tone", "mini/tone"}) {
    const auto r = cli({"adjudicate", study, "--method", "majority", "--dimension", dimension});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "credence adjudicate: no dimension \"" + dimension +
                         "\" in the study's rubrics (use RUBRIC/DIMENSION or a dimension id)\n");
    EXPECT_EQ(r.out, "");
  }
  EXPECT_EQ(stored_rows(study, "annotations"), 2u);
  EXPECT_EQ(stored_rows(study, "annotators"), 2u);
}

TEST(CmdAdjudicate, NoLabelsOrOnlyOldVersionLabels) {
  TempDir dir;
  const std::string study = (dir / "empty").string();
  ASSERT_EQ(cli({"init", study, "--rubric", test_data("cli/mini_rubric.json")}).code, 0);
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  auto r = cli({"adjudicate", study, "--method", "majority"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence adjudicate: the study has no labels yet; import some with 'credence import-labels' or "
                   "label in 'credence serve'\n");
  const auto labelled = study_with_agreeing_spans(dir);
  ASSERT_EQ(cli({"rubric", "add", labelled, test_data("cli/mini_rubric_1.1.json")}).code, 0);
  r = cli({"adjudicate", labelled, "--method", "majority"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence adjudicate: all 2 labels were made under older rubric versions; add "
                   "--include-old-versions to use them (they are marked), or label again under the current version\n");
  EXPECT_EQ(stored_rows(labelled, "annotations"), 2u);
}
