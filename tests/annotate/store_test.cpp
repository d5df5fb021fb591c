// Tests for store.hpp: study creation, schema versions, articles, rubrics, append-only annotations.
#include "credence/annotate/store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "credence/annotate/text.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::TempDir;

namespace {

ann::Article make_article(const std::string& id, const std::string& source, const std::string& text) {
  ann::Article a;
  a.meta.external_id = id;
  a.meta.source = source;
  a.meta.title = "Title of " + id;
  a.text = text;
  a.content_hash = ann::sha256_hex(text);
  a.origin = id + ".txt";
  ann::Passage p;
  p.index = 0;
  p.start = 0;
  p.end = ann::code_point_count(text);
  p.text = text;
  p.role = ann::PassageRole::body;
  p.sentences = {{0, p.end}};
  a.passages.push_back(p);
  return a;
}

const char* k_rubric_json = R"({"id":"r","version":"1.0.0"})";

ann::Annotation span_label(std::int64_t article, std::size_t start, std::size_t end, const std::string& who) {
  ann::Annotation a;
  a.annotator = who;
  a.rubric_id = "r";
  a.rubric_version = "1.0.0";
  a.dimension = "loaded_language";
  a.unit = ann::UnitKind::span;
  a.article_id = article;
  a.start = start;
  a.end = end;
  a.category = "name_calling";
  return a;
}

}  // namespace

TEST(Study, CreateThenOpen) {
  TempDir dir;
  {
    auto study = ann::Study::create(dir / "s");
    EXPECT_EQ(study.schema_version(), ann::k_schema_version);
  }
  EXPECT_TRUE(ann::Study::exists(dir / "s"));
  auto reopened = ann::Study::open(dir / "s");
  EXPECT_EQ(reopened.schema_version(), ann::k_schema_version);
}

TEST(Study, CreateRefusesExistingStudy) {
  TempDir dir;
  { auto study = ann::Study::create(dir / "s"); }
  EXPECT_THROW(ann::Study::create(dir / "s"), ann::StoreError);
}

TEST(Study, OpenRejectsFolderThatIsNotAStudy) {
  TempDir dir;
  std::filesystem::create_directories(dir / "plain");
  try {
    ann::Study::open(dir / "plain");
    FAIL() << "expected StoreError";
  } catch (const ann::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("is not a credence study"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ann::Study::open(dir / "missing"), ann::StoreError);
}

TEST(Study, OpenRejectsNewerSchema) {
  TempDir dir;
  { auto study = ann::Study::create(dir / "s"); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "s" / ann::k_database_file).c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  try {
    ann::Study::open(dir / "s");
    FAIL() << "expected StoreError";
  } catch (const ann::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 99, newer than this credence"), std::string::npos) << e.what();
  }
}

TEST(Study, OpenRejectsForeignSqliteDatabase) {
  TempDir dir;
  std::filesystem::create_directories(dir / "s");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "s" / ann::k_database_file).c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE other(x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_THROW(ann::Study::open(dir / "s"), ann::StoreError);
}

TEST(Study, OpenRejectsGarbageFile) {
  TempDir dir;
  std::filesystem::create_directories(dir / "s");
  {
    std::ofstream out(dir / "s" / ann::k_database_file);
    out << "this is not a database at all, just some text that is long enough to fill a header";
  }
  EXPECT_THROW(ann::Study::open(dir / "s"), ann::StoreError);
}

TEST(Study, StoresAndLoadsArticles) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  const auto id = study.insert_article(make_article("a1", "Aller Post", "Caf\xC3\xA9 owners cheered."));
  auto loaded = study.load_article(id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->meta.source, "Aller Post");
  EXPECT_EQ(loaded->text, "Caf\xC3\xA9 owners cheered.");
  ASSERT_EQ(loaded->passages.size(), 1u);
  EXPECT_EQ(loaded->passages[0].end, 20u);
  ASSERT_EQ(loaded->passages[0].sentences.size(), 1u);
  EXPECT_EQ(study.find_article_by_hash(loaded->content_hash), id);
  EXPECT_EQ(study.find_article_by_external_id("a1"), id);
  EXPECT_FALSE(study.load_article(id + 100));
  const auto rows = study.list_articles();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].n_body_words, 3u);
}

TEST(Study, DuplicateContentHashIsRejectedByTheSchema) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  study.insert_article(make_article("a1", "X", "Same text."));
  EXPECT_THROW(study.insert_article(make_article("a2", "Y", "Same text.")), ann::StoreError);
  EXPECT_EQ(study.list_articles().size(), 1u);
}

TEST(Study, TransactionRollsBackWhenNotCommitted) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  {
    ann::Study::Transaction tx(study);
    study.insert_article(make_article("a1", "X", "One."));
  }
  EXPECT_TRUE(study.list_articles().empty());
}

TEST(Study, RubricsAreVersionedAndImmutable) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}});
  study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}});  // identical: no-op
  EXPECT_THROW(study.add_rubric({"r", "1.0.0", "R", R"({"id":"r","version":"1.0.0","x":1})", {}}),
               std::invalid_argument);
  study.add_rubric({"r", "1.1.0", "R", R"({"id":"r","version":"1.1.0"})", {}});
  EXPECT_EQ(study.list_rubrics().size(), 2u);
  EXPECT_TRUE(study.find_rubric("r", "1.1.0"));
}

TEST(Study, AnnotationEditsAppendAndKeepHistory) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}});
  const auto article = study.insert_article(make_article("a1", "X", "They are thugs and liars."));
  const auto first = study.add_annotation(span_label(article, 9, 14, "ann_a"));
  auto edit = span_label(article, 9, 24, "ann_a");
  edit.supersedes = first;
  const auto second = study.add_annotation(edit);
  auto current = study.current_annotations();
  ASSERT_EQ(current.size(), 1u);
  EXPECT_EQ(current[0].id, second);
  EXPECT_EQ(*current[0].end, 24u);
  const auto history = study.annotation_history(second);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].id, first);
  EXPECT_EQ(study.annotation_history(first).size(), 2u);
  // A stale edit of the first version is refused.
  auto stale = span_label(article, 0, 4, "ann_a");
  stale.supersedes = first;
  EXPECT_THROW(study.add_annotation(stale), std::invalid_argument);
  // Deletion is an appended row too.
  auto removal = span_label(article, 9, 24, "ann_a");
  removal.supersedes = second;
  removal.deleted = true;
  study.add_annotation(removal);
  EXPECT_TRUE(study.current_annotations().empty());
  EXPECT_EQ(study.summary().n_annotations_total, 3u);
}

TEST(Study, AnnotationValidation) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}});
  const auto article = study.insert_article(make_article("a1", "X", "Short text."));
  EXPECT_THROW(study.add_annotation(span_label(article, 5, 3, "a")), std::invalid_argument);
  EXPECT_THROW(study.add_annotation(span_label(article, 0, 12, "a")), std::invalid_argument);  // 11 code points
  EXPECT_THROW(study.add_annotation(span_label(article + 9, 0, 2, "a")), std::invalid_argument);
  auto wrong_rubric = span_label(article, 0, 2, "a");
  wrong_rubric.rubric_version = "9.9.9";
  EXPECT_THROW(study.add_annotation(wrong_rubric), std::invalid_argument);
  auto passage = span_label(article, 0, 2, "a");
  passage.unit = ann::UnitKind::passage;
  passage.passage_index = 4;
  EXPECT_THROW(study.add_annotation(passage), std::invalid_argument);
  EXPECT_TRUE(study.current_annotations().empty());
  EXPECT_NO_THROW(study.add_annotation(span_label(article, 0, 11, "a")));
}

TEST(Study, MachineAnnotatorsAreKnownByPrefix) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}});
  const auto article = study.insert_article(make_article("a1", "X", "They are thugs."));
  study.add_annotation(span_label(article, 9, 14, "machine:lexicon@0.1"));
  const auto annotators = study.list_annotators();
  ASSERT_EQ(annotators.size(), 1u);
  EXPECT_EQ(annotators[0].kind, ann::AnnotatorKind::machine);
}

TEST(Study, RoleCorrectionsAreKeptAndRecorded) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  const auto article = study.insert_article(make_article("a1", "X", "Donate now to keep us going."));
  study.correct_role(article, 0, ann::PassageRole::boilerplate, "owner");
  auto loaded = study.load_article(article);
  EXPECT_EQ(loaded->passages[0].role, ann::PassageRole::boilerplate);
  EXPECT_TRUE(loaded->passages[0].role_corrected);
  EXPECT_EQ(study.summary().n_role_corrections, 1u);
  EXPECT_THROW(study.correct_role(article, 5, ann::PassageRole::body, "owner"), std::invalid_argument);
}

// The store remembers annotators and rubrics it has seen; a rollback must make it forget them, or a
// label would later point at an annotator row that was never committed.
TEST(Study, RolledBackAnnotatorIsNotRemembered) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}});
  const auto article = study.insert_article(make_article("a1", "X", "They are thugs."));
  {
    ann::Study::Transaction tx(study);
    study.add_annotation(span_label(article, 9, 14, "newcomer"));
  }  // rolled back
  EXPECT_TRUE(study.list_annotators().empty());
  EXPECT_NO_THROW(study.add_annotation(span_label(article, 9, 14, "newcomer")));
  ASSERT_EQ(study.current_annotations().size(), 1u);
  EXPECT_EQ(study.current_annotations()[0].annotator, "newcomer");
}
