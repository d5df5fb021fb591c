// Tests for cmd_status.cpp, and through it for how every verb reports a STUDY it cannot open: the store's
// messages word for word, exit 3, and that the file found there is left as it was.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"

namespace fs = std::filesystem;
using credence::testing::read_file;
using credence::testing::TempDir;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;

}  // namespace

TEST(CmdStatus, NoSuchStudyFolder) {
  TempDir dir;
  const auto missing = (dir / "nosuch").string();
  const auto r = cli({"status", missing});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence status: " + missing + ": no such study folder; create one with 'credence init " + missing +
                       "'\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(missing));
}

TEST(CmdStatus, DatabaseFileThatIsNotSqlite) {
  TempDir dir;
  fs::create_directories(dir / "s");
  const auto db = (dir / "s" / "credence.db").string();
  const std::string text = "These are notes, not a database; a tool saved them under the wrong name.\n";
  std::ofstream(db, std::ios::binary) << text;
  const auto r = cli({"status", (dir / "s").string()});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence status: " + db +
                       " is not a credence database (database error: file is not a database); restore it from a "
                       "backup\n");
  EXPECT_EQ(read_file(db), text);
}

TEST(CmdStatus, SqliteDatabaseOfAnotherProgram) {
  TempDir dir;
  fs::create_directories(dir / "s");
  const auto db = (dir / "s" / "credence.db").string();
  {
    sqlite3* handle = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(handle, "CREATE TABLE notes(x); INSERT INTO notes VALUES (1)", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(handle);
  }
  const auto before = read_file(db);
  const auto r = cli({"status", (dir / "s").string()});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence status: " + db +
                       " is an SQLite database but not a credence study (no schema version); move it away, or use "
                       "another folder for the study\n");
  EXPECT_EQ(read_file(db), before);
}
