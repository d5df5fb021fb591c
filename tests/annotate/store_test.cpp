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

// add_annotations checks each label as add_annotation does, but a bad label is a result, not an
// exception: the good labels around it are stored, in order, and the bad ones say why.
TEST(Study, AddAnnotationsStoresTheGoodAndReportsTheBad) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}});
  const auto article = study.insert_article(make_article("a1", "X", "They are thugs and liars."));
  const auto other = study.insert_article(make_article("a2", "X", "Short text."));
  auto wrong_rubric = span_label(article, 0, 4, "ann_a");
  wrong_rubric.rubric_version = "9.9.9";
  const std::vector<ann::Annotation> batch = {span_label(article, 9, 14, "ann_a"),
                                              span_label(article, 19, 99, "ann_a"),  // past the end (25)
                                              wrong_rubric,
                                              span_label(other, 0, 5, "ann_b"),
                                              span_label(article + other + 7, 0, 1, "ann_a"),  // no such article
                                              span_label(article, 19, 24, "ann_a")};
  const auto results = study.add_annotations(batch);
  ASSERT_EQ(results.size(), batch.size());
  EXPECT_GT(results[0].id, 0);
  EXPECT_EQ(results[0].error, "");
  EXPECT_EQ(results[1].id, 0);
  EXPECT_EQ(results[1].error, "span end 99 is past the end of the article text (25 code points)");
  EXPECT_EQ(results[2].error,
            "rubric 'r' version '9.9.9' is not in the study; add it with 'credence init --rubric' or 'credence rubric add'");
  EXPECT_GT(results[3].id, results[0].id);
  EXPECT_EQ(results[4].error, "no article with id " + std::to_string(article + other + 7));
  EXPECT_GT(results[5].id, results[3].id);
  const auto current = study.current_annotations();
  ASSERT_EQ(current.size(), 3u);
  EXPECT_EQ(current[0].id, results[0].id);
  EXPECT_EQ(current[1].id, results[5].id);
  EXPECT_EQ(current[2].annotator, "ann_b");
  EXPECT_TRUE(study.add_annotations({}).empty());
  // The same messages as add_annotation throws.
  try {
    study.add_annotation(batch[1]);
    ADD_FAILURE() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), results[1].error);
  }
}

// A store failure part-way through a batch (here a trigger standing in for a full disk or a constraint
// the checks do not know) leaves none of the batch stored, and no annotator it created remembered;
// an enclosing transaction stays usable.
TEST(Study, AddAnnotationsStoresNothingOfABatchThatFails) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}});
  const auto article = study.insert_article(make_article("a1", "X", "They are thugs and liars."));
  auto* db = static_cast<sqlite3*>(study.native_handle());
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TEMP TRIGGER fail_on_boom BEFORE INSERT ON annotations WHEN NEW.note = 'boom' "
                         "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  auto boom = span_label(article, 19, 24, "newcomer");
  boom.note = "boom";
  const std::vector<ann::Annotation> batch = {span_label(article, 9, 14, "newcomer"), boom};
  EXPECT_THROW(study.add_annotations(batch), ann::StoreError);  // outside a transaction
  EXPECT_EQ(study.summary().n_annotations_total, 0u);
  EXPECT_TRUE(study.list_annotators().empty());
  {
    ann::Study::Transaction tx(study);
    study.add_annotation(span_label(article, 0, 4, "ann_a"));
    EXPECT_THROW(study.add_annotations(batch), ann::StoreError);
    study.add_annotation(span_label(article, 5, 8, "ann_a"));
    tx.commit();
  }
  const auto current = study.current_annotations();
  ASSERT_EQ(current.size(), 2u);
  EXPECT_EQ(current[0].annotator, "ann_a");
  EXPECT_EQ(current[1].annotator, "ann_a");
  ASSERT_EQ(study.list_annotators().size(), 1u);
  // Without the bad label the same batch goes in, with the annotator it creates.
  const auto results = study.add_annotations({batch[0]});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].error, "");
  EXPECT_EQ(study.current_annotations().size(), 3u);
  EXPECT_EQ(study.list_annotators().size(), 2u);
}

// for_each_article gives what list_articles, load_article and current_annotations give, article by
// article, including articles without labels.
TEST(Study, ForEachArticleMatchesTheQueriesPerArticle) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}});
  const auto a1 = study.insert_article(make_article("a1", "X", "They are thugs and liars."));
  const auto a2 = study.insert_article(make_article("a2", "Y", "Nothing to see here."));
  const auto a3 = study.insert_article(make_article("a3", "X", "Crooks, all of them."));
  study.add_annotations({span_label(a3, 0, 6, "ann_b"), span_label(a1, 19, 24, "ann_a"), span_label(a1, 9, 14, "ann_b"),
                         span_label(a1, 9, 14, "ann_a"), span_label(a3, 8, 11, "ann_a")});
  auto edited = span_label(a1, 9, 18, "ann_a");
  edited.supersedes = study.current_annotations({"", "", "", {"ann_a"}, a1}).front().id;
  study.add_annotation(edited);
  for (const ann::AnnotationFilter& filter :
       {ann::AnnotationFilter{}, ann::AnnotationFilter{"", "", "", {"ann_a"}, std::nullopt},
        ann::AnnotationFilter{"", "", "", {}, a3}, ann::AnnotationFilter{"r", "1.0.0", "loaded_language", {}, std::nullopt},
        ann::AnnotationFilter{"other", "", "", {}, std::nullopt}}) {
    std::vector<std::int64_t> seen;
    study.for_each_article(filter, [&](const ann::Article& article, const std::vector<ann::Annotation>& labels) {
      seen.push_back(article.id);
      const auto loaded = study.load_article(article.id);
      ASSERT_TRUE(loaded);
      EXPECT_EQ(article.text, loaded->text);
      EXPECT_EQ(article.meta.external_id, loaded->meta.external_id);
      EXPECT_EQ(article.meta.source, loaded->meta.source);
      ASSERT_EQ(article.passages.size(), loaded->passages.size());
      EXPECT_EQ(article.passages[0].sentences.size(), loaded->passages[0].sentences.size());
      auto per_article = filter;
      per_article.article_id = article.id;
      const auto expected = study.current_annotations(per_article);
      ASSERT_EQ(labels.size(), expected.size()) << "article " << article.id;
      for (std::size_t label_idx = 0; label_idx < labels.size(); ++label_idx) {
        EXPECT_EQ(labels[label_idx].id, expected[label_idx].id);
        EXPECT_EQ(labels[label_idx].annotator, expected[label_idx].annotator);
        EXPECT_EQ(labels[label_idx].end, expected[label_idx].end);
      }
    });
    if (filter.article_id) {
      EXPECT_EQ(seen, std::vector<std::int64_t>{a3});
    } else {
      EXPECT_EQ(seen, (std::vector<std::int64_t>{a1, a2, a3}));
    }
  }
}

namespace {

std::string table_sql(sqlite3* db, const std::string& table) {
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, ("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'").c_str(), -1, &s,
                     nullptr);
  std::string sql;
  if (sqlite3_step(s) == SQLITE_ROW) sql = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  return sql;
}

}  // namespace

// Migration 3 writes the CHECK constraints with IN lists as comparisons joined by OR (an IN list costs
// a temporary b-tree per INSERT). The rule is the same: bad values are still refused.
TEST(Study, CheckConstraintsWithoutInListsStillRefuseBadValues) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  auto* db = static_cast<sqlite3*>(study.native_handle());
  EXPECT_NE(table_sql(db, "annotations").find("CHECK(unit = 'article' OR unit = 'passage' OR unit = 'span')"), std::string::npos);
  for (const char* table : {"passages", "annotators", "annotations", "document_status"}) {
    EXPECT_EQ(table_sql(db, table).find(" IN ("), std::string::npos) << table;
  }
  study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}});
  const auto article = study.insert_article(make_article("a1", "X", "They are thugs."));
  study.add_annotation(span_label(article, 9, 14, "ann_a"));
  const std::string id = std::to_string(article);
  EXPECT_NE(sqlite3_exec(db, ("INSERT INTO annotations(annotator_id, rubric_id, rubric_version, dimension, unit, article_id, "
                              "created_at) VALUES (1, 'r', '1.0.0', 'tone', 'word', " + id + ", 'now')").c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(std::string(sqlite3_errmsg(db)).find("CHECK constraint failed"), std::string::npos) << sqlite3_errmsg(db);
  EXPECT_EQ(sqlite3_exec(db, ("INSERT INTO annotations(annotator_id, rubric_id, rubric_version, dimension, unit, article_id, "
                              "created_at) VALUES (1, 'r', '1.0.0', 'tone', 'article', " + id + ", 'now')").c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, ("UPDATE passages SET role = 'footer' WHERE article_id = " + id).c_str(), nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "INSERT INTO annotators(name, kind, created_at) VALUES ('x', 'robot', 'now')", nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_EQ(study.current_annotations().size(), 2u);
}

// A version-2 study (the CHECK constraints with IN lists) is migrated in place when opened; what it
// holds stays.
TEST(Study, OpenMigratesVersion2CheckConstraints) {
  TempDir dir;
  std::int64_t article = 0;
  {
    auto study = ann::Study::create(dir / "s");
    study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}});
    article = study.insert_article(make_article("a1", "X", "They are thugs."));
    study.add_annotation(span_label(article, 9, 14, "ann_a"));
  }
  {  // Put back the text version 2 had, as a study written by the previous credence holds it.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "s" / "credence.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "PRAGMA writable_schema = ON; "
                           "UPDATE sqlite_master SET sql = replace(sql, 'CHECK(unit = ''article'' OR unit = ''passage'' OR unit = ''span'')', "
                           "'CHECK(unit IN (''article'',''passage'',''span''))') WHERE name = 'annotations'; "
                           "PRAGMA writable_schema = RESET; PRAGMA user_version = 2;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    ASSERT_NE(table_sql(db, "annotations").find("CHECK(unit IN ('article','passage','span'))"), std::string::npos);
    sqlite3_close(db);
  }
  auto study = ann::Study::open(dir / "s");
  EXPECT_EQ(study.schema_version(), 3);
  auto* db = static_cast<sqlite3*>(study.native_handle());
  EXPECT_NE(table_sql(db, "annotations").find("CHECK(unit = 'article' OR unit = 'passage' OR unit = 'span')"), std::string::npos);
  ASSERT_EQ(study.current_annotations().size(), 1u);
  EXPECT_EQ(*study.current_annotations()[0].start, 9u);
  EXPECT_NO_THROW(study.add_annotation(span_label(article, 0, 4, "ann_b")));
  sqlite3_stmt* check = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr);
  ASSERT_EQ(sqlite3_step(check), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(check, 0)), "ok");
  sqlite3_finalize(check);
}

namespace {

// The message of the StoreError that `action` throws ("" when it throws none).
template <typename Action>
std::string store_error_of(Action action) {
  try {
    action();
  } catch (const ann::StoreError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(StudyErrors, OpenAndCreateMessages) {
  TempDir dir;
  const auto missing = (dir / "missing").string();
  EXPECT_EQ(store_error_of([&] { ann::Study::open(missing); }),
            missing + ": no such study folder; create one with 'credence init " + missing + "'");
  {
    std::ofstream(dir / "notes.txt") << "keep me\n";
  }
  const auto file = (dir / "notes.txt").string();
  EXPECT_EQ(store_error_of([&] { ann::Study::create(file); }),
            file + " exists and is not a folder; choose another study path");
  EXPECT_EQ(store_error_of([&] { ann::Study::create(dir / "notes.txt" / "s"); }),
            "cannot create folder " + (dir / "notes.txt" / "s").string() + ": Not a directory");
  std::filesystem::create_directories(dir / "d" / ann::k_database_file);
  EXPECT_EQ(store_error_of([&] { ann::Study::create(dir / "d"); }),
            "cannot open " + (dir / "d" / ann::k_database_file).string() + ": unable to open database file");
}

TEST(StudyErrors, DatabaseThatIsNotACredenceStudy) {
  TempDir dir;
  std::filesystem::create_directories(dir / "garbage");
  std::ofstream(dir / "garbage" / ann::k_database_file) << "this is not a database at all, just some text";
  EXPECT_EQ(store_error_of([&] { ann::Study::open(dir / "garbage"); }),
            (dir / "garbage" / ann::k_database_file).string() +
                " is not a credence database (database error: file is not a database); restore it from a backup");
  std::filesystem::create_directories(dir / "foreign");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "foreign" / ann::k_database_file).c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE other(x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_EQ(store_error_of([&] { ann::Study::open(dir / "foreign"); }),
            (dir / "foreign" / ann::k_database_file).string() +
                " is an SQLite database but not a credence study (no schema version); move it away, or use another "
                "folder for the study");
}

TEST(StudyErrors, SqliteFailuresDuringACommand) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  study.insert_article(make_article("a1", "Aller Post", "The ferry runs again."));
  auto* db = static_cast<sqlite3*>(study.native_handle());
  // A failing step (a trigger stands in for a full disk) and a statement that no longer prepares (a damaged
  // schema) each throw with SQLite's own words, and leave the stored rows as they were.
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TRIGGER no_rubrics BEFORE INSERT ON rubrics BEGIN SELECT RAISE(ABORT, 'disk full "
                         "(simulated)'); END",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_EQ(store_error_of([&] { study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}}); }),
            "database error: disk full (simulated)");
  EXPECT_TRUE(study.list_rubrics().empty());
  ASSERT_EQ(sqlite3_exec(db, "DROP TABLE role_corrections", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_EQ(store_error_of([&] { study.correct_role(1, 0, ann::PassageRole::title, "owner"); }),
            "database error preparing statement: no such table: role_corrections");
  EXPECT_EQ(study.load_article(1)->passages.at(0).role, ann::PassageRole::body);
  EXPECT_EQ(study.list_articles().size(), 1u);
}

// Each check of add_annotation, word for word. credence's JSONL reader (import-labels) checks the same
// things first with its own messages, so from the command line these come only from other callers.
TEST(StudyErrors, AnnotationChecksWordForWord) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  study.add_rubric({"r", "1.0.0", "R", k_rubric_json, {}});
  const auto article = study.insert_article(make_article("a1", "X", "Short text."));
  const auto stored = study.add_annotation(span_label(article, 0, 5, "a"));
  auto message = [&](const ann::Annotation& a) {
    try {
      study.add_annotation(a);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(stored)");
  };
  EXPECT_EQ(message(span_label(article, 0, 5, "")), "annotation without an annotator");
  auto no_dimension = span_label(article, 0, 5, "a");
  no_dimension.dimension.clear();
  EXPECT_EQ(message(no_dimension), "annotation without a dimension");
  auto passage = span_label(article, 0, 5, "a");
  passage.unit = ann::UnitKind::passage;
  passage.start.reset();
  passage.end.reset();
  EXPECT_EQ(message(passage), "a passage label needs a passage index");
  passage.passage_index = 3;
  EXPECT_EQ(message(passage), "article " + std::to_string(article) + " has no passage 3");
  auto no_offsets = span_label(article, 0, 5, "a");
  no_offsets.end.reset();
  EXPECT_EQ(message(no_offsets), "a span label needs start and end offsets");
  EXPECT_EQ(message(span_label(article, 6, 6, "a")), "span offsets reversed or empty: start 6 >= end 6");
  EXPECT_EQ(message(span_label(article, 0, 12, "a")), "span end 12 is past the end of the article text (11 code points)");
  auto edit = span_label(article, 0, 6, "a");
  edit.supersedes = stored;
  const auto edited = study.add_annotation(edit);
  auto stale = span_label(article, 0, 7, "a");
  stale.supersedes = stored;  // already changed by `edit`
  EXPECT_EQ(message(stale), "label " + std::to_string(stored) + " does not exist or was already changed; reload and edit the current version");
  stale.supersedes = edited + 100;
  EXPECT_EQ(message(stale), "label " + std::to_string(edited + 100) + " does not exist or was already changed; reload and edit the current version");
  const auto current = study.current_annotations();
  ASSERT_EQ(current.size(), 1u);
  EXPECT_EQ(current[0].id, edited);
}
