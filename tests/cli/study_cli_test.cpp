// End-to-end tests of the study commands (init, import, status, segment, role, import-labels),
// run in-process through run_cli, asserting exit codes, messages and what the store holds.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli_test_util.hpp"
#include "command.hpp"
#include "credence/annotate/store.hpp"
#include "annotate/test_util.hpp"

#include <sqlite3.h>

namespace ann = credence::annotate;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;
using credence::testing::init_mini;

}  // namespace

TEST(Cli, HelpAndVersion) {
  EXPECT_EQ(cli({"--version"}).code, 0);
  auto help = cli({"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("import"), std::string::npos);
  auto verb_help = cli({"import", "--help"});
  EXPECT_EQ(verb_help.code, 0);
  EXPECT_NE(verb_help.out.find("--manifest FILE"), std::string::npos);
  EXPECT_EQ(cli({}).code, 2);
  auto unknown = cli({"frobnicate"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_EQ(unknown.err, "credence: unknown verb 'frobnicate'; run 'credence --help' for the list\n");
  auto bad_option = cli({"status", "x", "--colour"});
  EXPECT_EQ(bad_option.code, 2);
  EXPECT_NE(bad_option.err.find("unknown option '--colour'"), std::string::npos);
}

TEST(Cli, InitWithShippedRubrics) {
  TempDir dir;
  auto r = cli({"init", (dir / "s").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  auto study = ann::Study::open(dir / "s");
  EXPECT_EQ(study.list_rubrics().size(), 3u);
  auto again = cli({"init", (dir / "s").string()});
  EXPECT_EQ(again.code, 3);
  EXPECT_NE(again.err.find("already holds a credence study"), std::string::npos);
}

TEST(Cli, InitWithBadRubricCreatesNothing) {
  TempDir dir;
  auto r = cli({"init", (dir / "s").string(), "--rubric", test_data("rubrics/bad_many.json")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad_many.json#/"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no study created"), std::string::npos);
  EXPECT_FALSE(ann::Study::exists(dir / "s"));
}

TEST(Cli, ImportReportsBadFilesAndKeepsGoodOnes) {
  TempDir dir;
  const auto study = init_mini(dir);
  auto r = cli({"import", study, test_data("ingest/plain.txt"), test_data("ingest/invalid_utf8.txt"),
                test_data("ingest/bad.jsonl"), test_data("ingest/binary.txt"), test_data("ingest/empty.txt"),
                test_data("ingest/no_such_file.txt")});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("invalid_utf8.txt:3:17: error: invalid UTF-8 at byte 62"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no_such_file.txt: error: no such file or folder"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("imported 3 articles"), std::string::npos) << r.out;
  auto s = ann::Study::open(study);
  EXPECT_EQ(s.list_articles().size(), 3u);
}

TEST(Cli, ReimportDoesNotDuplicateAndCrlfCopyIsTheSameText) {
  TempDir dir;
  const auto study = init_mini(dir);
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  // crlf.txt normalises to the text of plain.txt: the same text, but another file (id), so an article of
  // its own; plain.txt again is the same article and is skipped.
  auto again = cli({"import", study, test_data("ingest/plain.txt"), test_data("ingest/crlf.txt")});
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("imported 1 article from 2 files; 1 already in the study (same id and text); 1 with the "
                           "same text as an article of another id"),
            std::string::npos)
      << again.out;
  auto s = ann::Study::open(study);
  const auto rows = s.list_articles();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(ann::Study::copy_hash(rows[0].content_hash, "crlf"), rows[1].content_hash);
  EXPECT_EQ(s.load_article(rows[0].id)->text, s.load_article(rows[1].id)->text);
  // Both again: nothing new.
  again = cli({"import", study, test_data("ingest/plain.txt"), test_data("ingest/crlf.txt")});
  EXPECT_NE(again.out.find("imported 0 articles from 2 files; 2 already in the study (same id and text)"),
            std::string::npos)
      << again.out;
}

TEST(Cli, ImportWithManifestNamingMissingFile) {
  TempDir dir;
  const auto study = init_mini(dir);
  auto r = cli({"import", study, test_data("ingest/plain.txt"), "--manifest", test_data("ingest/manifest.jsonl")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("manifest.jsonl:2:1: error: manifest names \"missing.txt\", which is not among the inputs"),
            std::string::npos)
      << r.err;
  auto s = ann::Study::open(study);
  auto rows = s.list_articles();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].meta.source, "Aller Post");
}

TEST(Cli, ImportIntoSomethingThatIsNotAStudy) {
  TempDir dir;
  std::filesystem::create_directories(dir / "plain");
  auto r = cli({"import", (dir / "plain").string(), test_data("ingest/plain.txt")});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("is not a credence study (no credence.db)"), std::string::npos) << r.err;
  EXPECT_FALSE(ann::Study::exists(dir / "plain"));
}

TEST(Cli, ImportFolderWithoutArticles) {
  TempDir dir;
  const auto study = init_mini(dir);
  auto r = cli({"import", study, test_data("ingest/empty_folder")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("folder holds no articles"), std::string::npos);
}

TEST(Cli, StatusSummarises) {
  TempDir dir;
  const auto study = init_mini(dir);
  ASSERT_EQ(cli({"import", study, test_data("ingest/good.jsonl")}).code, 0);
  auto r = cli({"status", study});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("2 articles from 1 outlets"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Aller Post: 2"), std::string::npos) << r.out;
  auto j = cli({"status", study, "--json"});
  EXPECT_NE(j.out.find("\"articles\":2"), std::string::npos) << j.out;
}

TEST(Cli, SegmentPrintsJsonlWithCodePointOffsets) {
  auto r = cli({"segment", test_data("ingest/combining.txt"), "--jsonl"});
  EXPECT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string first;
  std::getline(lines, first);
  EXPECT_NE(first.find("\"index\":0"), std::string::npos) << first;
  EXPECT_NE(first.find("\"start\":0"), std::string::npos) << first;
  EXPECT_NE(first.find("\"role\":"), std::string::npos) << first;
  auto missing = cli({"segment", test_data("ingest/nope.txt")});
  EXPECT_EQ(missing.code, 3);
}

TEST(Cli, RoleCorrectionIsKeptAcrossReimport) {
  TempDir dir;
  const auto study = init_mini(dir);
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  auto r = cli({"role", study, "plain", "1", "boilerplate"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  auto s = ann::Study::open(study);
  auto article = s.load_article(*s.find_article_by_external_id("plain"));
  EXPECT_EQ(article->passages[1].role, ann::PassageRole::boilerplate);
  EXPECT_EQ(cli({"role", study, "plain", "1", "sidebar"}).code, 2);
  EXPECT_EQ(cli({"role", study, "nosuch", "1", "body"}).code, 2);
}

TEST(Cli, ImportLabelsChecksEveryLabel) {
  TempDir dir;
  const auto study = init_mini(dir);
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  auto good = cli({"import-labels", study, test_data("cli/labels_good.jsonl")});
  EXPECT_EQ(good.code, 0) << good.err;
  EXPECT_NE(good.out.find("imported 3 labels"), std::string::npos);
  auto bad = cli({"import-labels", study, test_data("cli/labels_bad.jsonl")});
  EXPECT_EQ(bad.code, 1);
  const auto& e = bad.err;
  EXPECT_NE(e.find("labels_bad.jsonl:2: error: at /category: dimension \"frame\" has no category \"sports\""),
            std::string::npos) << e;
  EXPECT_NE(e.find("labels_bad.jsonl:3: error: at /text: span text does not match the article at [4, 11): label says "
                   "\"Council\", article has \"council\""), std::string::npos) << e;
  EXPECT_NE(e.find(":4: error: at /start: span [11, 4) is empty or reversed"), std::string::npos) << e;
  EXPECT_NE(e.find(":5: error: at /end: span end 99999 is past the end of the text"), std::string::npos) << e;
  EXPECT_NE(e.find(":6: error: at /article: no article \"nosuch\" in the study"), std::string::npos) << e;
  EXPECT_NE(e.find(":7: error: at /dimension: rubric \"mini\" has no dimension \"tone\""), std::string::npos) << e;
  EXPECT_NE(e.find("labels_bad.jsonl:8: error: invalid JSON"), std::string::npos) << e;
  EXPECT_NE(bad.out.find("imported 1 label; 7 rejected"), std::string::npos) << bad.out;
  auto s = ann::Study::open(study);
  EXPECT_EQ(s.current_annotations().size(), 4u);
}

TEST(Cli, ImportLabelsAtomicStoresNothingOnError) {
  TempDir dir;
  const auto study = init_mini(dir);
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  auto r = cli({"import-labels", study, test_data("cli/labels_bad.jsonl"), "--atomic"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--atomic: nothing imported"), std::string::npos);
  EXPECT_TRUE(ann::Study::open(study).current_annotations().empty());
}

// Fault injection: a store failure in the middle of an import rolls back the failing batch only; the
// batches stored before it stay, and no article is left half-written (without its passages).
TEST(Cli, StoreFailureMidImportKeepsEarlierBatchesAndWritesNothingHalf) {
  TempDir dir;
  const auto study = init_mini(dir);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((std::filesystem::path(study) / ann::k_database_file).c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TRIGGER inject_failure BEFORE INSERT ON passages WHEN NEW.article_id = 2 AND NEW.idx = 0 "
                           "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto r = cli({"import", study, test_data("ingest/folder_ok"), "--batch-size", "1"});
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("injected failure"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 stored before it are kept"), std::string::npos) << r.err;
  auto s = ann::Study::open(study);
  const auto rows = s.list_articles();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].meta.external_id, "a");
  EXPECT_EQ(rows[0].n_passages, 1u);
}
