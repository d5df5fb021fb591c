// Tests for cmd_import.cpp: `credence import`, the messages about input files, JSONL records and manifests
// word for word, that the good articles of a run are kept, and what a store failure mid-import keeps.
#include <gtest/gtest.h>
#include <sqlite3.h>
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
using credence::testing::init_mini;

const std::string k_usage = "usage: credence import STUDY PATH... [--source NAME] [--manifest FILE.jsonl] [--format F]\n";

std::vector<std::string> article_ids(const std::string& study) {
  std::vector<std::string> ids;
  for (const auto& row : ann::Study::open(study).list_articles()) ids.push_back(row.meta.external_id);
  return ids;
}

}  // namespace

TEST(CmdImport, UnknownFormat) {
  TempDir dir;
  const auto study = init_mini(dir);
  const auto r = cli({"import", study, test_data("ingest/plain.txt"), "--format", "pdf"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence import: unknown --format 'pdf'; use auto, text, md, html, xml or jsonl\n" + k_usage);
  EXPECT_TRUE(article_ids(study).empty());
}

TEST(CmdImport, NoSuchManifestFile) {
  TempDir dir;
  const auto study = init_mini(dir);
  const auto manifest = (dir / "manifest.jsonl").string();
  const auto r = cli({"import", study, test_data("ingest/plain.txt"), "--manifest", manifest});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence import: " + manifest + ": no such manifest file\n");
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(article_ids(study).empty());
}

TEST(CmdImport, FileThatCannotBeOpened) {
  TempDir dir;
  const auto study = init_mini(dir);
  SocketFile socket(dir / "feed.txt");
  ASSERT_TRUE(socket.bound_);
  SocketFile jsonl_socket(dir / "feed.jsonl");
  ASSERT_TRUE(jsonl_socket.bound_);
  const auto r = cli({"import", study, socket.path_, jsonl_socket.path_, test_data("ingest/plain.txt")});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, socket.path_ + ": error: cannot read file\n" + jsonl_socket.path_ + ": error: cannot read file\n");
  EXPECT_EQ(r.out, "imported 1 article from 3 files; 2 rejected (see messages above)\n  (unknown): 1\n");
  EXPECT_EQ(article_ids(study), std::vector<std::string>{"plain"});
}

TEST(CmdImport, ReadErrorIsNotAnEmptyFile) {
  TempDir dir;
  const auto study = init_mini(dir);
  // Reading /proc/self/mem from offset 0 fails with EIO: a file that opens but cannot be read. It used to be
  // reported as "empty file", because the error was lost.
  const auto r = cli({"import", study, "/proc/self/mem", test_data("ingest/plain.txt")});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "/proc/self/mem: error: read error\n");
  EXPECT_EQ(article_ids(study), std::vector<std::string>{"plain"});
}

TEST(CmdImport, ByteOrderMarkAndWhiteSpaceIsAnEmptyFile) {
  TempDir dir;
  const auto study = init_mini(dir);
  const auto file = write(dir / "bom_space.txt", "\xEF\xBB\xBF  \n\n");
  const auto r = cli({"import", study, file});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, file + ": error: empty file; nothing to import\n");
  EXPECT_TRUE(article_ids(study).empty());
}

TEST(CmdImport, JsonlRecordProblems) {
  TempDir dir;
  const auto study = init_mini(dir);
  const auto file = write(dir / "feed.jsonl",
                          "{\"id\": \"a1\", \"text\": \"The first record is a good one about the harbour.\"}\n"
                          "{\"id\": \"a2\", \"text\": \"unterminated\n"
                          "[\"an array\", \"not an object\"]\n"
                          "{\"id\": \"a4\", \"text\": 42}\n"
                          "{\"id\": \"a5\", \"text\": \"Fine text.\", \"title\": {\"main\": \"nested\"}}\n"
                          "{\"id\": \"a6\", \"text\": \" \\n\\t \"}\n"
                          "{\"id\": \"a7\", \"text\": \"The last record is good as well: the ferry runs again.\"}\n");
  const auto r = cli({"import", study, file});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, file + ":2:35: error: invalid JSON: incomplete JSON\n" +
                       file + ":3:1: error: expected a JSON object with a \"text\" field\n" +
                       file + ":4:1: error: at /text: field \"text\" must be a string\n" +
                       file + ":5: error: at /title: field \"title\" must be a string\n" +
                       file + ":6: error: at /text: empty text; nothing to import\n");
  EXPECT_EQ(r.out, "imported 2 articles from 1 file; 5 rejected (see messages above)\n  (unknown): 2\n");
  EXPECT_EQ(article_ids(study), (std::vector<std::string>{"a1", "a7"}));
}

TEST(CmdImport, ManifestProblems) {
  TempDir dir;
  const auto study = init_mini(dir);
  fs::create_directories(dir / "in");
  const auto a = write(dir / "in" / "a.txt", "The harbour reopened on Monday after the storm damage was repaired.\n");
  const auto b = write(dir / "in" / "b.txt", "The ferry timetable changes next week, the operator said.\n");
  const auto manifest = write(dir / "in" / "list.jsonl",
                              "{\"file\": \"a.txt\", \"outlet\": \"Harbour News\"}\n"
                              "{\"file\": \"b.txt\", \"outlet\": \"Caf\xE9 Post\"}\n"
                              "[\"b.txt\"]\n"
                              "{\"outlet\": \"Nobody\"}\n"
                              "{\"file\": \"a.txt\", \"outlet\": \"Second Entry\"}\n");
  const auto r = cli({"import", study, a, b, "--manifest", manifest});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, manifest + ":2:33: error: invalid UTF-8; save the manifest as UTF-8\n" +
                       manifest + ":3:1: error: expected a JSON object with a \"file\" field\n" +
                       manifest + ":4:1: error: missing field \"file\"\n" +
                       manifest + ":5:1: error: file \"a.txt\" is listed twice; the first entry is kept\n");
  EXPECT_EQ(r.out, "imported 2 articles from 2 files; 4 rejected (see messages above)\n  (unknown): 1\n"
                   "  Harbour News: 1\n");
  auto s = ann::Study::open(study);
  const auto rows = s.list_articles();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].meta.source, "Harbour News");  // the first entry for a.txt
  EXPECT_EQ(rows[1].meta.source, "(unknown)");     // b.txt's line was rejected
}

TEST(CmdImport, StoreFailureKeepsTheEarlierBatches) {
  TempDir dir;
  const auto study = init_mini(dir);
  {
    // The third article cannot be stored: a trigger stands in for a full disk or an I/O error.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((fs::path(study) / "credence.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TRIGGER fail_third BEFORE INSERT ON articles WHEN (SELECT count(*) FROM articles) >= 2 "
                           "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  const auto r = cli({"import", study, test_data("ingest/good.jsonl"), test_data("ingest/plain.txt"),
                      test_data("ingest/folder_ok"), "--batch-size", "1"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence import: database error: simulated write failure\n"
                   "the articles of the failed batch were not stored; 2 stored before it are kept\n");
  EXPECT_EQ(r.out, "");
  auto s = ann::Study::open(study);
  const auto rows = s.list_articles();
  ASSERT_EQ(rows.size(), 2u);
  // Each kept article is whole: its passages are stored with it.
  for (const auto& row : rows) EXPECT_FALSE(s.load_article(row.id)->passages.empty());
}

// Em spaces (U+2003) are white space that segmentation drops: such articles used to be stored with no
// passage at all.
TEST(CmdImport, ArticlesOfOnlyUnicodeWhiteSpace) {
  TempDir dir;
  const auto study = init_mini(dir);
  const std::string em = "\xE2\x80\x83";
  const auto text = write(dir / "spaces.txt", em + em + "\n");
  const auto html = write(dir / "spaces.html", "<html><body><p>&#x2003;</p></body></html>\n");
  const auto xml = write(dir / "two.xml",
                         "<?xml version=\"1.0\"?>\n<articles><article><p>The harbour reopened on Monday.</p></article>"
                         "<article><p>&#x2003;</p></article></articles>\n");
  const auto jsonl = write(dir / "feed.jsonl", "{\"id\": \"j1\", \"text\": \"\\u2003\"}\n");
  const auto r = cli({"import", study, text, html, xml, jsonl});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, text + ": error: empty text; nothing to import\n" +
                       html + ": error: no article text found in the markup\n" +
                       xml + ": error: article 2 has no text\n" +
                       jsonl + ":1: error: at /text: empty text; nothing to import\n");
  EXPECT_EQ(article_ids(study), std::vector<std::string>{"two#1"});
  auto s = ann::Study::open(study);
  const auto article = s.load_article(s.list_articles().at(0).id);
  EXPECT_EQ(article->passages.size(), 1u);
}

TEST(CmdImport, SameTextUnderAnotherIdIsAnArticleOfItsOwn) {
  TempDir dir;
  const auto study = init_mini(dir);
  // A wire story run by two outlets, and the same line twice.
  const std::string text = "The council voted seven to two for the new bridge over the river. Work starts in spring.";
  const auto corpus = write(dir / "wire.jsonl",
                            "{\"id\": \"north-1\", \"source\": \"Northgate Wire\", \"text\": \"" + text + "\"}\n"
                            "{\"id\": \"valley-7\", \"source\": \"Valley Courier\", \"text\": \"" + text + "\"}\n"
                            "{\"id\": \"north-1\", \"source\": \"Northgate Wire\", \"text\": \"" + text + "\"}\n");
  auto r = cli({"import", study, corpus});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "imported 2 articles from 1 file; 1 already in the study (same id and text); 1 with the same text as an "
            "article of another id (stored as articles of their own)\n"
            "  Northgate Wire: 1\n  Valley Courier: 1\n");
  EXPECT_EQ(article_ids(study), (std::vector<std::string>{"north-1", "valley-7"}));
  {
    auto opened = ann::Study::open(study);
    const auto rows = opened.list_articles();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].meta.source, "Northgate Wire");
    EXPECT_EQ(rows[1].meta.source, "Valley Courier");
    EXPECT_EQ(rows[1].content_hash, ann::Study::copy_hash(rows[0].content_hash, "valley-7"));
    EXPECT_EQ(opened.find_stored_copy(rows[0].content_hash, "valley-7"), rows[1].id);
    EXPECT_EQ(opened.find_stored_copy(rows[0].content_hash, "north-1"), rows[0].id);
    EXPECT_FALSE(opened.find_stored_copy(rows[0].content_hash, "elsewhere-3").has_value());
  }
  // Importing again adds nothing; labels for either id find their own article.
  r = cli({"import", study, corpus});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "imported 0 articles from 1 file; 3 already in the study (same id and text)\n");
  const auto labels = write(dir / "labels.jsonl",
                            "{\"article\": \"north-1\", \"annotator\": \"a\", \"rubric\": \"mini\", \"dimension\": "
                            "\"loaded_language\", \"unit\": \"span\", \"start\": 4, \"end\": 11, \"category\": \"name_calling\"}\n"
                            "{\"article\": \"valley-7\", \"annotator\": \"a\", \"rubric\": \"mini\", \"dimension\": "
                            "\"loaded_language\", \"unit\": \"span\", \"start\": 4, \"end\": 11, \"category\": \"name_calling\"}\n");
  r = cli({"import-labels", study, labels});
  EXPECT_EQ(r.code, 0) << r.err;
  auto opened = ann::Study::open(study);
  const auto current = opened.current_annotations();
  ASSERT_EQ(current.size(), 2u);
  EXPECT_NE(current[0].article_id, current[1].article_id);
}
