// Tests for the workspace tables (schema version 2): tokens, stored plans, document status,
// suggestion reviews, and migrating a version-1 study.
#include "credence/annotate/assignment_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::TempDir;

namespace {

TEST(AssignmentStoreTest, TokensAreIssuedFoundAndRevoked) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  const auto owner = ann::issue_token(study, "");
  const auto alice = ann::issue_token(study, "alice");
  EXPECT_EQ(alice.token.size(), 32u);
  EXPECT_NE(owner.token, alice.token);
  ASSERT_TRUE(ann::find_active_token(study, alice.token));
  EXPECT_EQ(ann::find_active_token(study, alice.token)->annotator, "alice");
  EXPECT_TRUE(ann::find_active_token(study, owner.token)->owner);
  // A new token revokes the old one.
  const auto again = ann::issue_token(study, "alice");
  EXPECT_FALSE(ann::find_active_token(study, alice.token));
  EXPECT_TRUE(ann::find_active_token(study, again.token));
  EXPECT_EQ(ann::ensure_token(study, "alice").token, again.token);
  EXPECT_EQ(ann::revoke_tokens(study, "alice"), 1u);
  EXPECT_FALSE(ann::find_active_token(study, again.token));
  EXPECT_EQ(ann::revoke_tokens(study, "nobody"), 0u);
  EXPECT_EQ(ann::list_active_tokens(study).size(), 1u);
  EXPECT_FALSE(ann::find_active_token(study, ""));
}

TEST(AssignmentStoreTest, PlansStatusAndLoad) {
  TempDir dir;
  auto study = ann::Study::create(dir / "s");
  ann::Article article;
  article.text = "One two three.";
  article.meta.source = "X";
  article.passages.push_back({0, 0, 14, ann::PassageRole::body, "One two three.", {{0, 14}}, false, 1.0});
  const auto id = study.insert_article(article);
  ann::AssignmentOptions o;
  o.annotators = {"alice", "bob"};
  o.overlap = 2;
  o.blind = true;
  const auto plan = ann::plan_assignments({{id, "X"}}, o);
  ann::store_assignment_plan(study, plan, o);
  EXPECT_EQ(ann::list_assignments(study).size(), 2u);
  ASSERT_TRUE(ann::find_assignment(study, id, "bob"));
  EXPECT_TRUE(ann::find_assignment(study, id, "bob")->blind);
  EXPECT_FALSE(ann::find_assignment(study, id, "carol"));
  EXPECT_EQ(ann::assignment_load(study), (std::map<std::string, int>{{"alice", 1}, {"bob", 1}}));
  ann::set_document_status(study, {id, "alice", "done", "", ""});
  ann::set_document_status(study, {id, "alice", "flagged", "garbled", ""});
  const auto st = ann::list_document_status(study);
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].status, "flagged");
  EXPECT_EQ(st[0].note, "garbled");
  EXPECT_THROW(ann::set_document_status(study, {id, "alice", "finished", "", ""}), std::invalid_argument);
  // Storing the same article for the same annotator twice is refused whole.
  EXPECT_THROW(ann::store_assignment_plan(study, plan, o), ann::StoreError);
  EXPECT_EQ(ann::list_assignments(study).size(), 2u);
}

TEST(AssignmentStoreTest, VersionOneStudyIsMigrated) {
  TempDir dir;
  {
    auto study = ann::Study::create(dir / "s");
    ann::Article article;
    article.meta.external_id = "kept";
    article.text = "Kept across the migration.";
    study.insert_article(article);
  }
  // Take the database back to version 1 by dropping what migration 2 made.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "s" / "credence.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE suggestion_reviews; DROP TABLE document_status; DROP TABLE assignments; "
                           "DROP TABLE assignment_plans; DROP TABLE access_tokens; DROP INDEX annotations_by_annotator_unit; "
                           "PRAGMA user_version = 1;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto study = ann::Study::open(dir / "s");
  EXPECT_EQ(study.schema_version(), ann::k_schema_version);
  EXPECT_EQ(study.list_articles().size(), 1u);  // what the study held is still there
  EXPECT_NO_THROW(ann::issue_token(study, "alice"));
}

}  // namespace
