// SQLite implementation of the study store: schema, migrations, and the typed reads and writes.
#include "credence/annotate/store.hpp"

#include <sqlite3.h>

#include <boost/json.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "credence/annotate/text.hpp"
#include "sqlite_statement.hpp"

namespace credence::annotate {

namespace fs = std::filesystem;

std::string utc_now() {
  // Formatting is the costly part and the text changes once a second: keep the last one per thread.
  thread_local std::time_t last_time = -1;
  thread_local std::string last_text;
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (t != last_time) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    last_text = buf;
    last_time = t;
  }
  return last_text;
}

namespace {


// Migration i (1-based) brings the schema from version i-1 to i. Never edit a released migration:
// append a new one.
struct Migration {
  std::string sql;
  // The migration edits CREATE statements in sqlite_master (PRAGMA writable_schema): SQLite's documented
  // way to change a CHECK constraint without copying the table. The schema cookie is then bumped so that
  // every connection reads the new text.
  bool edits_schema_text = false;
};

// `CHECK(column IN ('a','b',...))` as SQLite writes the first schema, and the same constraint as
// `CHECK(column = 'a' OR column = 'b' ...)`: SQLite evaluates an IN list of three or more constants
// through a temporary b-tree that it opens and closes on every INSERT, which was a sixth of the time
// an import spent storing labels; comparisons need none.
std::string check_in_to_or(const std::string& table, const std::string& column, const std::vector<std::string>& values) {
  std::string in_list, or_list;
  for (const auto& value : values) {
    in_list += (in_list.empty() ? "'" : ",'") + value + "'";
    or_list += (or_list.empty() ? "" : " OR ") + column + " = '" + value + "'";
  }
  auto quoted = [](const std::string& sql) {
    std::string out = "'";
    for (char c : sql) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  };
  return "UPDATE sqlite_master SET sql = replace(sql, " + quoted("CHECK(" + column + " IN (" + in_list + "))") + ", " +
         quoted("CHECK(" + or_list + ")") + ") WHERE type = 'table' AND name = '" + table + "';\n";
}

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      // 1: the first schema.
      {R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE);
CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  title TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  date TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  origin TEXT NOT NULL DEFAULT '',
  imported_at TEXT NOT NULL);
CREATE INDEX articles_by_source ON articles(source_id);
CREATE INDEX articles_by_external_id ON articles(external_id);
CREATE TABLE passages(
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  role TEXT NOT NULL CHECK(role IN ('title','byline','caption','heading','body','boilerplate','comment')),
  auto_role TEXT NOT NULL,
  role_corrected INTEGER NOT NULL DEFAULT 0,
  body_score REAL NOT NULL DEFAULT 0,
  words INTEGER NOT NULL DEFAULT 0,
  text TEXT NOT NULL,
  sentences TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY(article_id, idx),
  CHECK(start <= end));
CREATE TABLE role_corrections(
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL,
  passage_idx INTEGER NOT NULL,
  old_role TEXT NOT NULL,
  new_role TEXT NOT NULL,
  corrected_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  FOREIGN KEY(article_id, passage_idx) REFERENCES passages(article_id, idx));
CREATE TABLE rubrics(
  id TEXT NOT NULL,
  version TEXT NOT NULL,
  title TEXT NOT NULL,
  json TEXT NOT NULL,
  added_at TEXT NOT NULL,
  PRIMARY KEY(id, version));
CREATE TABLE annotators(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK(kind IN ('human','machine','adjudicated')),
  created_at TEXT NOT NULL);
CREATE TABLE annotations(
  id INTEGER PRIMARY KEY,
  annotator_id INTEGER NOT NULL REFERENCES annotators(id),
  rubric_id TEXT NOT NULL,
  rubric_version TEXT NOT NULL,
  dimension TEXT NOT NULL,
  unit TEXT NOT NULL CHECK(unit IN ('article','passage','span')),
  article_id INTEGER NOT NULL REFERENCES articles(id),
  passage_idx INTEGER,
  start INTEGER,
  end INTEGER,
  category TEXT NOT NULL DEFAULT '',
  value REAL,
  note TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '',
  confidence REAL,
  supersedes INTEGER REFERENCES annotations(id),
  deleted INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  FOREIGN KEY(rubric_id, rubric_version) REFERENCES rubrics(id, version),
  CHECK(unit <> 'span' OR (start IS NOT NULL AND end IS NOT NULL AND start < end)),
  CHECK(unit <> 'passage' OR passage_idx IS NOT NULL));
CREATE INDEX annotations_by_article ON annotations(article_id, dimension);
CREATE UNIQUE INDEX annotations_one_successor ON annotations(supersedes) WHERE supersedes IS NOT NULL;
CREATE VIEW current_annotations AS
  SELECT a.* FROM annotations a
  WHERE a.deleted = 0 AND NOT EXISTS (SELECT 1 FROM annotations b WHERE b.supersedes = a.id);
)sql"},
      // 2: the annotation workspace (docs/workspace.md): access tokens, assignment plans, per-document status
      // (done / skipped / flagged) and annotators' decisions on machine suggestions.
      {R"sql(
CREATE TABLE access_tokens(
  token TEXT PRIMARY KEY,
  annotator_id INTEGER REFERENCES annotators(id),
  role TEXT NOT NULL CHECK(role IN ('annotator','owner')),
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  CHECK(role = 'owner' OR annotator_id IS NOT NULL));
CREATE TABLE assignment_plans(
  id INTEGER PRIMARY KEY,
  overlap INTEGER NOT NULL,
  per_annotator INTEGER,
  blind INTEGER NOT NULL DEFAULT 0,
  seed INTEGER NOT NULL,
  created_at TEXT NOT NULL);
CREATE TABLE assignments(
  plan_id INTEGER NOT NULL REFERENCES assignment_plans(id),
  article_id INTEGER NOT NULL REFERENCES articles(id),
  annotator_id INTEGER NOT NULL REFERENCES annotators(id),
  position INTEGER NOT NULL,
  PRIMARY KEY(article_id, annotator_id));
CREATE INDEX assignments_by_annotator ON assignments(annotator_id, position);
CREATE TABLE document_status(
  article_id INTEGER NOT NULL REFERENCES articles(id),
  annotator_id INTEGER NOT NULL REFERENCES annotators(id),
  status TEXT NOT NULL CHECK(status IN ('open','done','skipped','flagged')),
  note TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  PRIMARY KEY(article_id, annotator_id));
CREATE TABLE suggestion_reviews(
  annotator_id INTEGER NOT NULL REFERENCES annotators(id),
  suggestion_id INTEGER NOT NULL REFERENCES annotations(id),
  decision TEXT NOT NULL CHECK(decision IN ('accepted','rejected')),
  label_id INTEGER REFERENCES annotations(id),
  created_at TEXT NOT NULL,
  PRIMARY KEY(annotator_id, suggestion_id));
-- The workspace looks up one annotator's label on one unit before every save.
CREATE INDEX annotations_by_annotator_unit ON annotations(article_id, annotator_id, dimension, start);
)sql"},
      // 3: the CHECK constraints with IN lists of three or more values (passage role, annotator kind,
      // label unit, document status) written as comparisons joined by OR: the same rule, without a
      // temporary b-tree per INSERT (see check_in_to_or).
      {"PRAGMA writable_schema = ON;\n" +
           check_in_to_or("passages", "role", {"title", "byline", "caption", "heading", "body", "boilerplate", "comment"}) +
           check_in_to_or("annotators", "kind", {"human", "machine", "adjudicated"}) +
           check_in_to_or("annotations", "unit", {"article", "passage", "span"}) +
           check_in_to_or("document_status", "status", {"open", "done", "skipped", "flagged"}),
       true},
  };
  return list;
}

int user_version(sqlite3* db) {
  Statement s(db, "PRAGMA user_version");
  return s.step() ? static_cast<int>(s.i64(0)) : 0;
}

}  // namespace

std::string_view to_string(AnnotatorKind kind) {
  switch (kind) {
    case AnnotatorKind::human: return "human";
    case AnnotatorKind::machine: return "machine";
    case AnnotatorKind::adjudicated: return "adjudicated";
  }
  return "human";
}

struct Study::Impl {
  fs::path folder;
  sqlite3* db = nullptr;
  int schema = 0;
  std::optional<std::pair<std::int64_t, std::size_t>> length_of_article;  // last article add_annotation checked
  std::size_t passages_of_article = 0;                                     // passage count of that article
  // Rows that never change or disappear once committed, remembered so that adding a million labels
  // does not ask for them a million times; forgotten on rollback (the rows may not exist then).
  std::set<std::pair<std::string, std::string>> known_rubrics;
  std::map<std::string, std::int64_t> annotator_ids;
  ~Impl() {
    if (db) {
      drop_cached_statements(db);
      sqlite3_close_v2(db);
    }
  }
};

namespace {

sqlite3* open_db(const fs::path& file, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    throw StoreError("cannot open " + file.string() + ": " + message);
  }
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  return db;
}

void migrate(sqlite3* db, int from) {
  const auto& list = migrations();
  if (from >= static_cast<int>(list.size())) return;
  // A build with SQLITE_DBCONFIG_DEFENSIVE on by default would refuse the edits of sqlite_master.
  int defensive = 0;
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 0, nullptr);
  exec(db, "BEGIN IMMEDIATE");
  try {
    for (int v = from; v < static_cast<int>(list.size()); ++v) {
      const Migration& migration = list[static_cast<std::size_t>(v)];
      exec(db, migration.sql.c_str());
      if (migration.edits_schema_text) {
        std::int64_t cookie = 0;
        {
          Statement s(db, "PRAGMA schema_version");
          if (s.step()) cookie = s.i64(0);
        }
        exec(db, ("PRAGMA schema_version = " + std::to_string(cookie + 1)).c_str());
        exec(db, "PRAGMA writable_schema = RESET");
        // The edited schema must still parse; if not, this fails and the migration rolls back.
        Statement(db, "SELECT count(*) FROM sqlite_master").run();
      }
    }
    exec(db, ("PRAGMA user_version = " + std::to_string(list.size())).c_str());
    exec(db, "COMMIT");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, defensive, nullptr);
    throw;
  }
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, defensive, nullptr);
}

}  // namespace

bool Study::exists(const fs::path& folder) {
  std::error_code ec;
  return fs::is_regular_file(folder / k_database_file, ec);
}

Study Study::create(const fs::path& folder) {
  std::error_code ec;
  if (exists(folder)) {
    throw StoreError(folder.string() + " already holds a credence study; open it, or choose another folder");
  }
  if (fs::exists(folder, ec) && !fs::is_directory(folder, ec)) {
    throw StoreError(folder.string() + " exists and is not a folder; choose another study path");
  }
  fs::create_directories(folder, ec);
  if (ec) throw StoreError("cannot create folder " + folder.string() + ": " + ec.message());
  auto impl = std::make_unique<Impl>();
  impl->folder = folder;
  impl->db = open_db(folder / k_database_file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  exec(impl->db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
  migrate(impl->db, 0);
  {
    Statement s(impl->db, "INSERT INTO meta(key, value) VALUES ('created_at', ?1)");
    s.bind(1, utc_now()).run();
  }
  impl->schema = user_version(impl->db);
  return Study(std::move(impl));
}

Study Study::open(const fs::path& folder) {
  std::error_code ec;
  if (!fs::exists(folder, ec)) {
    throw StoreError(folder.string() + ": no such study folder; create one with 'credence init " + folder.string() + "'");
  }
  if (!exists(folder)) {
    throw StoreError(folder.string() + " is not a credence study (no " + k_database_file +
                     "); create one with 'credence init " + folder.string() + "'");
  }
  auto impl = std::make_unique<Impl>();
  impl->folder = folder;
  impl->db = open_db(folder / k_database_file, SQLITE_OPEN_READWRITE);
  int version = 0;
  try {
    exec(impl->db, "PRAGMA foreign_keys=ON;");
    version = user_version(impl->db);
  } catch (const StoreError& e) {
    throw StoreError((folder / k_database_file).string() + " is not a credence database (" + e.what() +
                     "); restore it from a backup");
  }
  if (version > k_schema_version) {
    throw StoreError((folder / k_database_file).string() + " has schema version " + std::to_string(version) +
                     ", newer than this credence understands (" + std::to_string(k_schema_version) +
                     "); upgrade credence to open it");
  }
  if (version == 0) {
    Statement s(impl->db, "SELECT count(*) FROM sqlite_master");
    if (s.step() && s.i64(0) > 0) {
      throw StoreError((folder / k_database_file).string() +
                       " is an SQLite database but not a credence study (no schema version); move it away, or "
                       "use another folder for the study");
    }
  }
  exec(impl->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  migrate(impl->db, version);
  impl->schema = user_version(impl->db);
  return Study(std::move(impl));
}

Study::Study(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Study::Study(Study&&) noexcept = default;
Study& Study::operator=(Study&&) noexcept = default;
Study::~Study() = default;

const fs::path& Study::folder() const { return impl_->folder; }
int Study::schema_version() const { return impl_->schema; }
void* Study::native_handle() { return impl_->db; }

Study::Transaction::Transaction(Study& study) : study_(&study) { exec(study.impl_->db, "BEGIN IMMEDIATE"); }

Study::Transaction::~Transaction() {
  if (!done_) {
    sqlite3_exec(study_->impl_->db, "ROLLBACK", nullptr, nullptr, nullptr);
    study_->impl_->length_of_article.reset();  // a rolled-back article's id may be given to another
    study_->impl_->known_rubrics.clear();
    study_->impl_->annotator_ids.clear();
  }
}

void Study::Transaction::commit() {
  exec(study_->impl_->db, "COMMIT");
  done_ = true;
}

std::int64_t Study::ensure_source(const std::string& name) {
  const std::string key = name.empty() ? "(unknown)" : name;
  {
    Statement s(impl_->db, "SELECT id FROM sources WHERE name = ?1");
    if (s.bind(1, key).step()) return s.i64(0);
  }
  Statement insert(impl_->db, "INSERT INTO sources(name) VALUES (?1)");
  insert.bind(1, key).run();
  return sqlite3_last_insert_rowid(impl_->db);
}

std::optional<std::int64_t> Study::find_article_by_hash(const std::string& content_hash) {
  Statement s(impl_->db, "SELECT id FROM articles WHERE content_hash = ?1");
  if (s.bind(1, content_hash).step()) return s.i64(0);
  return std::nullopt;
}

std::optional<std::int64_t> Study::find_stored_copy(const std::string& content_hash, const std::string& external_id) {
  Statement s(impl_->db, "SELECT id FROM articles WHERE content_hash IN (?1, ?2) AND external_id = ?3 ORDER BY id LIMIT 1");
  if (s.bind(1, content_hash).bind(2, copy_hash(content_hash, external_id)).bind(3, external_id).step()) return s.i64(0);
  return std::nullopt;
}

std::string Study::copy_hash(const std::string& content_hash, const std::string& external_id) {
  return content_hash + "#" + external_id;
}

std::optional<std::int64_t> Study::find_article_by_external_id(const std::string& external_id) {
  Statement s(impl_->db, "SELECT id FROM articles WHERE external_id = ?1 ORDER BY id LIMIT 1");
  if (s.bind(1, external_id).step()) return s.i64(0);
  return std::nullopt;
}

std::int64_t Study::insert_article(const Article& article) {
  const std::int64_t source_id = ensure_source(article.meta.source);
  Statement s(impl_->db,
              "INSERT INTO articles(external_id, source_id, title, url, date, author, language, text, content_hash, "
              "origin, imported_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
  const std::string hash = article.content_hash.empty() ? sha256_hex(article.text) : article.content_hash;
  s.bind(1, article.meta.external_id).bind(2, source_id).bind(3, article.meta.title).bind(4, article.meta.url);
  s.bind(5, article.meta.date).bind(6, article.meta.author).bind(7, article.meta.language).bind(8, article.text);
  s.bind(9, hash).bind(10, article.origin).bind(11, utc_now());
  s.run();
  const std::int64_t id = sqlite3_last_insert_rowid(impl_->db);
  Statement p(impl_->db,
              "INSERT INTO passages(article_id, idx, start, end, role, auto_role, role_corrected, body_score, words, "
              "text, sentences) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
  for (const auto& passage : article.passages) {
    boost::json::array sentences;
    for (const auto& sentence : passage.sentences) {
      sentences.push_back(boost::json::array{sentence.start, sentence.end});
    }
    const std::string role(to_string(passage.role));
    p.reset();
    p.bind(1, id).bind(2, static_cast<std::int64_t>(passage.index)).bind(3, static_cast<std::int64_t>(passage.start));
    p.bind(4, static_cast<std::int64_t>(passage.end)).bind(5, role).bind(6, role);
    p.bind(7, static_cast<std::int64_t>(passage.role_corrected ? 1 : 0)).bind(8, passage.body_score);
    p.bind(9, static_cast<std::int64_t>(count_words(passage.text))).bind(10, passage.text);
    p.bind(11, boost::json::serialize(sentences));
    p.run();
  }
  return id;
}

std::vector<ArticleRow> Study::list_articles() {
  Statement s(impl_->db,
              "SELECT a.id, a.external_id, s.name, a.title, a.url, a.date, a.author, a.language, a.content_hash, "
              "a.origin, (SELECT count(*) FROM passages p WHERE p.article_id = a.id), "
              "(SELECT count(*) FROM passages p WHERE p.article_id = a.id AND p.role = 'body'), "
              "(SELECT coalesce(sum(words), 0) FROM passages p WHERE p.article_id = a.id AND p.role = 'body') "
              "FROM articles a JOIN sources s ON s.id = a.source_id ORDER BY a.id");
  std::vector<ArticleRow> rows;
  while (s.step()) {
    ArticleRow row;
    row.id = s.i64(0);
    row.meta = {s.str(1), s.str(2), s.str(3), s.str(4), s.str(5), s.str(6), s.str(7)};
    row.content_hash = s.str(8);
    row.origin = s.str(9);
    row.n_passages = static_cast<std::size_t>(s.i64(10));
    row.n_body_passages = static_cast<std::size_t>(s.i64(11));
    row.n_body_words = static_cast<std::size_t>(s.i64(12));
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

// The passage columns of `s` from column `first` on: idx, start, end, role, role_corrected, body_score,
// text, sentences.
Passage read_passage(const Statement& s, int first) {
  Passage passage;
  passage.index = static_cast<int>(s.i64(first));
  passage.start = static_cast<std::size_t>(s.i64(first + 1));
  passage.end = static_cast<std::size_t>(s.i64(first + 2));
  passage.role = parse_passage_role(s.str(first + 3)).value_or(PassageRole::body);
  passage.role_corrected = s.i64(first + 4) != 0;
  passage.body_score = s.f64(first + 5);
  passage.text = s.str(first + 6);
  const auto sentences = boost::json::parse(s.str(first + 7));
  for (const auto& pair : sentences.as_array()) {
    const auto& a = pair.as_array();
    passage.sentences.push_back({static_cast<std::size_t>(a.at(0).to_number<std::int64_t>()),
                                 static_cast<std::size_t>(a.at(1).to_number<std::int64_t>())});
  }
  return passage;
}

constexpr const char* k_passage_columns = "idx, start, end, role, role_corrected, body_score, text, sentences";

// The article columns of `s` from column 0: id, external_id, source name, title, url, date, author,
// language, text, content_hash, origin.
void read_article(const Statement& s, Article& article) {
  article.id = s.i64(0);
  article.meta = {s.str(1), s.str(2), s.str(3), s.str(4), s.str(5), s.str(6), s.str(7)};
  article.text = s.str(8);
  article.content_hash = s.str(9);
  article.origin = s.str(10);
}

constexpr const char* k_article_columns =
    "a.id, a.external_id, s.name, a.title, a.url, a.date, a.author, a.language, a.text, a.content_hash, a.origin "
    "FROM articles a JOIN sources s ON s.id = a.source_id";

}  // namespace

std::optional<Article> Study::load_article(std::int64_t id) {
  Statement s(impl_->db, (std::string("SELECT ") + k_article_columns + " WHERE a.id = ?1").c_str());
  if (!s.bind(1, id).step()) return std::nullopt;
  Article article;
  read_article(s, article);
  Statement p(impl_->db,
              (std::string("SELECT ") + k_passage_columns + " FROM passages WHERE article_id = ?1 ORDER BY idx").c_str());
  p.bind(1, id);
  while (p.step()) article.passages.push_back(read_passage(p, 0));
  return article;
}

void Study::correct_role(std::int64_t article_id, int passage_index, PassageRole role, const std::string& by) {
  Statement s(impl_->db, "SELECT role FROM passages WHERE article_id = ?1 AND idx = ?2");
  if (!s.bind(1, article_id).bind(2, static_cast<std::int64_t>(passage_index)).step()) {
    throw std::invalid_argument("article " + std::to_string(article_id) + " has no passage " +
                                std::to_string(passage_index));
  }
  const std::string old_role = s.str(0);
  const std::string new_role(to_string(role));
  Transaction tx(*this);
  Statement u(impl_->db, "UPDATE passages SET role = ?1, role_corrected = 1 WHERE article_id = ?2 AND idx = ?3");
  u.bind(1, new_role).bind(2, article_id).bind(3, static_cast<std::int64_t>(passage_index)).run();
  Statement h(impl_->db,
              "INSERT INTO role_corrections(article_id, passage_idx, old_role, new_role, corrected_by, created_at) "
              "VALUES (?1,?2,?3,?4,?5,?6)");
  h.bind(1, article_id).bind(2, static_cast<std::int64_t>(passage_index)).bind(3, old_role).bind(4, new_role);
  h.bind(5, by).bind(6, utc_now()).run();
  tx.commit();
}

void Study::add_rubric(const RubricRow& rubric) {
  if (auto existing = find_rubric(rubric.id, rubric.version)) {
    if (existing->json == rubric.json) return;
    throw std::invalid_argument("rubric '" + rubric.id + "' version " + rubric.version +
                                " is already stored with different content; give the changed rubric a new version");
  }
  Statement s(impl_->db, "INSERT INTO rubrics(id, version, title, json, added_at) VALUES (?1,?2,?3,?4,?5)");
  s.bind(1, rubric.id).bind(2, rubric.version).bind(3, rubric.title).bind(4, rubric.json).bind(5, utc_now()).run();
}

std::vector<RubricRow> Study::list_rubrics() {
  Statement s(impl_->db, "SELECT id, version, title, json, added_at FROM rubrics ORDER BY id, added_at, version");
  std::vector<RubricRow> rows;
  while (s.step()) rows.push_back({s.str(0), s.str(1), s.str(2), s.str(3), s.str(4)});
  return rows;
}

std::optional<RubricRow> Study::find_rubric(const std::string& id, const std::string& version) {
  Statement s(impl_->db, "SELECT id, version, title, json, added_at FROM rubrics WHERE id = ?1 AND version = ?2");
  if (!s.bind(1, id).bind(2, version).step()) return std::nullopt;
  return RubricRow{s.str(0), s.str(1), s.str(2), s.str(3), s.str(4)};
}

std::int64_t Study::ensure_annotator(const std::string& name, AnnotatorKind kind) {
  if (auto it = impl_->annotator_ids.find(name); it != impl_->annotator_ids.end()) return it->second;
  std::int64_t id = 0;
  {
    Statement s(impl_->db, "SELECT id FROM annotators WHERE name = ?1");
    if (s.bind(1, name).step()) id = s.i64(0);
  }
  if (id == 0) {
    Statement insert(impl_->db, "INSERT INTO annotators(name, kind, created_at) VALUES (?1, ?2, ?3)");
    insert.bind(1, name).bind(2, std::string(to_string(kind))).bind(3, utc_now()).run();
    id = sqlite3_last_insert_rowid(impl_->db);
  }
  impl_->annotator_ids.emplace(name, id);
  return id;
}

std::vector<AnnotatorRow> Study::list_annotators() {
  Statement s(impl_->db, "SELECT id, name, kind, created_at FROM annotators ORDER BY name");
  std::vector<AnnotatorRow> rows;
  while (s.step()) {
    AnnotatorRow row;
    row.id = s.i64(0);
    row.name = s.str(1);
    const auto kind = s.str(2);
    row.kind = kind == "machine" ? AnnotatorKind::machine
               : kind == "adjudicated" ? AnnotatorKind::adjudicated
                                       : AnnotatorKind::human;
    row.created_at = s.str(3);
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

AnnotatorKind annotator_kind_of(const std::string& name) {
  return name == "adjudicated" || name.rfind("derived:", 0) == 0 ? AnnotatorKind::adjudicated
         : name.rfind("machine:", 0) == 0                      ? AnnotatorKind::machine
                                                                 : AnnotatorKind::human;
}

constexpr const char* k_insert_annotation =
    "INSERT INTO annotations(annotator_id, rubric_id, rubric_version, dimension, unit, article_id, "
    "passage_idx, start, end, category, value, note, evidence, confidence, supersedes, deleted, created_at) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)";

// Binds and runs the INSERT of one checked label; the strings bound stay alive until the step returns.
void insert_annotation(Statement& s, const Annotation& a, std::int64_t annotator_id, const std::string& created_at) {
  s.reset();
  s.bind(1, annotator_id).bind_static(2, a.rubric_id).bind_static(3, a.rubric_version).bind_static(4, a.dimension);
  s.bind_static(5, to_string(a.unit)).bind(6, a.article_id);
  s.bind_opt(7, a.passage_index).bind_opt(8, a.start).bind_opt(9, a.end);
  s.bind_static(10, a.category).bind_opt(11, a.value).bind_static(12, a.note).bind_static(13, a.evidence);
  s.bind_opt(14, a.confidence).bind_opt(15, a.supersedes).bind(16, static_cast<std::int64_t>(a.deleted ? 1 : 0));
  s.bind_static(17, a.created_at.empty() ? std::string_view(created_at) : std::string_view(a.created_at));
  s.run();
}

}  // namespace

std::optional<std::string> Study::check_annotation(const Annotation& a) {
  if (a.annotator.empty()) return "annotation without an annotator";
  if (a.dimension.empty()) return "annotation without a dimension";
  if (impl_->known_rubrics.count({a.rubric_id, a.rubric_version}) == 0) {
    Statement s(impl_->db, "SELECT 1 FROM rubrics WHERE id = ?1 AND version = ?2");
    if (!s.bind(1, a.rubric_id).bind(2, a.rubric_version).step()) {
      return "rubric '" + a.rubric_id + "' version '" + a.rubric_version +
             "' is not in the study; add it with 'credence init --rubric' or 'credence rubric add'";
    }
    impl_->known_rubrics.insert({a.rubric_id, a.rubric_version});
  }
  std::size_t text_length = 0;
  if (impl_->length_of_article && impl_->length_of_article->first == a.article_id) {
    // Article texts never change once stored; labels of one article usually arrive together.
    text_length = impl_->length_of_article->second;
  } else {
    Statement s(impl_->db,
                "SELECT length(text), (SELECT count(*) FROM passages WHERE article_id = ?1) FROM articles WHERE id = ?1");
    if (!s.bind(1, a.article_id).step()) return "no article with id " + std::to_string(a.article_id);
    text_length = static_cast<std::size_t>(s.i64(0));  // SQLite length() counts characters (code points)
    impl_->passages_of_article = static_cast<std::size_t>(s.i64(1));
    impl_->length_of_article = std::make_pair(a.article_id, text_length);
  }
  if (a.unit == UnitKind::passage && !a.passage_index) return "a passage label needs a passage index";
  // Passages of a stored article are numbered 0..n-1 and never added or removed.
  if (a.passage_index && (*a.passage_index < 0 || static_cast<std::size_t>(*a.passage_index) >= impl_->passages_of_article)) {
    return "article " + std::to_string(a.article_id) + " has no passage " + std::to_string(*a.passage_index);
  }
  if (a.unit == UnitKind::span) {
    if (!a.start || !a.end) return "a span label needs start and end offsets";
    if (*a.start >= *a.end) {
      return "span offsets reversed or empty: start " + std::to_string(*a.start) + " >= end " + std::to_string(*a.end);
    }
    if (*a.end > text_length) {
      return "span end " + std::to_string(*a.end) + " is past the end of the article text (" +
             std::to_string(text_length) + " code points)";
    }
  }
  if (a.supersedes) {
    Statement s(impl_->db, "SELECT 1 FROM annotations WHERE id = ?1 AND NOT EXISTS "
                           "(SELECT 1 FROM annotations b WHERE b.supersedes = ?1)");
    if (!s.bind(1, *a.supersedes).step()) {
      return "label " + std::to_string(*a.supersedes) +
             " does not exist or was already changed; reload and edit the current version";
    }
  }
  return std::nullopt;
}

std::int64_t Study::add_annotation(const Annotation& a) {
  if (auto problem = check_annotation(a)) throw std::invalid_argument(*problem);
  const std::int64_t annotator_id = ensure_annotator(a.annotator, annotator_kind_of(a.annotator));
  Statement s(impl_->db, k_insert_annotation);
  insert_annotation(s, a, annotator_id, a.created_at.empty() ? utc_now() : a.created_at);
  return sqlite3_last_insert_rowid(impl_->db);
}

std::vector<AddedAnnotation> Study::add_annotations(const std::vector<Annotation>& annotations) {
  std::vector<AddedAnnotation> results(annotations.size());
  if (annotations.empty()) return results;
  Statement(impl_->db, "SAVEPOINT add_annotations").run();
  try {
    Statement insert(impl_->db, k_insert_annotation);
    const std::string now = utc_now();
    // Labels of a batch mostly share one annotator: remember the last one's id.
    const std::string* last_annotator = nullptr;
    std::int64_t last_annotator_id = 0;
    for (std::size_t label_idx = 0; label_idx < annotations.size(); ++label_idx) {
      const Annotation& a = annotations[label_idx];
      if (auto problem = check_annotation(a)) {
        results[label_idx].error = std::move(*problem);
        continue;
      }
      if (last_annotator == nullptr || *last_annotator != a.annotator) {
        last_annotator_id = ensure_annotator(a.annotator, annotator_kind_of(a.annotator));
        last_annotator = &a.annotator;
      }
      insert_annotation(insert, a, last_annotator_id, now);
      results[label_idx].id = sqlite3_last_insert_rowid(impl_->db);
    }
    Statement(impl_->db, "RELEASE add_annotations").run();
  } catch (...) {
    sqlite3_exec(impl_->db, "ROLLBACK TO add_annotations; RELEASE add_annotations", nullptr, nullptr, nullptr);
    // Rows created inside the savepoint (a new annotator) are gone again.
    impl_->length_of_article.reset();
    impl_->known_rubrics.clear();
    impl_->annotator_ids.clear();
    throw;
  }
  return results;
}

namespace {

Annotation read_annotation(const Statement& s) {
  Annotation a;
  a.id = s.i64(0);
  a.annotator = s.str(1);
  a.rubric_id = s.str(2);
  a.rubric_version = s.str(3);
  a.dimension = s.str(4);
  a.unit = parse_unit_kind(s.str(5)).value_or(UnitKind::article);
  a.article_id = s.i64(6);
  if (!s.is_null(7)) a.passage_index = static_cast<int>(s.i64(7));
  if (!s.is_null(8)) a.start = static_cast<std::size_t>(s.i64(8));
  if (!s.is_null(9)) a.end = static_cast<std::size_t>(s.i64(9));
  a.category = s.str(10);
  if (!s.is_null(11)) a.value = s.f64(11);
  a.note = s.str(12);
  a.evidence = s.str(13);
  if (!s.is_null(14)) a.confidence = s.f64(14);
  if (!s.is_null(15)) a.supersedes = s.i64(15);
  a.deleted = s.i64(16) != 0;
  a.created_at = s.str(17);
  return a;
}

constexpr const char* k_annotation_columns =
    "a.id, n.name, a.rubric_id, a.rubric_version, a.dimension, a.unit, a.article_id, a.passage_idx, a.start, a.end, "
    "a.category, a.value, a.note, a.evidence, a.confidence, a.supersedes, a.deleted, a.created_at";

}  // namespace

namespace {

// The SELECT of current labels matching `filter` (annotators are filtered by the caller), in the order
// article, passage, start, id; bind it with bind_filter.
std::string current_annotations_sql(const AnnotationFilter& filter) {
  std::string sql = std::string("SELECT ") + k_annotation_columns +
                    " FROM current_annotations a JOIN annotators n ON n.id = a.annotator_id WHERE 1=1";
  if (!filter.rubric_id.empty()) sql += " AND a.rubric_id = ?1";
  if (!filter.rubric_version.empty()) sql += " AND a.rubric_version = ?2";
  if (!filter.dimension.empty()) sql += " AND a.dimension = ?3";
  if (filter.article_id) sql += " AND a.article_id = ?4";
  sql += " ORDER BY a.article_id, coalesce(a.passage_idx, -1), coalesce(a.start, -1), a.id";
  return sql;
}

void bind_filter(Statement& s, const AnnotationFilter& filter) {
  if (!filter.rubric_id.empty()) s.bind(1, filter.rubric_id);
  if (!filter.rubric_version.empty()) s.bind(2, filter.rubric_version);
  if (!filter.dimension.empty()) s.bind(3, filter.dimension);
  if (filter.article_id) s.bind(4, *filter.article_id);
}

}  // namespace

std::vector<Annotation> Study::current_annotations(const AnnotationFilter& filter) {
  Statement s(impl_->db, current_annotations_sql(filter).c_str());
  bind_filter(s, filter);
  const std::set<std::string> wanted(filter.annotators.begin(), filter.annotators.end());
  std::vector<Annotation> out;
  while (s.step()) {
    auto a = read_annotation(s);
    if (!wanted.empty() && wanted.count(a.annotator) == 0) continue;
    out.push_back(std::move(a));
  }
  return out;
}

void Study::for_each_article(const AnnotationFilter& filter,
                             const std::function<void(const Article&, const std::vector<Annotation>&)>& visit) {
  // Three cursors advanced together in article id order, like a merge join; the labels query walks
  // annotations_by_article and sorts only within one article.
  const std::string where = filter.article_id ? " WHERE a.id = ?1" : "";
  Statement articles(impl_->db, (std::string("SELECT ") + k_article_columns + where + " ORDER BY a.id").c_str());
  Statement passages(impl_->db, (std::string("SELECT article_id, ") + k_passage_columns + " FROM passages" +
                                 (filter.article_id ? " WHERE article_id = ?1" : "") + " ORDER BY article_id, idx")
                                    .c_str());
  Statement labels(impl_->db, current_annotations_sql(filter).c_str());
  if (filter.article_id) {
    articles.bind(1, *filter.article_id);
    passages.bind(1, *filter.article_id);
  }
  bind_filter(labels, filter);
  const std::set<std::string> wanted(filter.annotators.begin(), filter.annotators.end());
  bool passage_ready = passages.step();
  bool label_ready = labels.step();
  Article article;
  std::vector<Annotation> article_labels;
  while (articles.step()) {
    article.passages.clear();
    article_labels.clear();
    read_article(articles, article);
    // Rows of articles before this one cannot exist (foreign keys), but skip them rather than stall.
    while (passage_ready && passages.i64(0) < article.id) passage_ready = passages.step();
    while (passage_ready && passages.i64(0) == article.id) {
      article.passages.push_back(read_passage(passages, 1));
      passage_ready = passages.step();
    }
    while (label_ready && labels.i64(6) < article.id) label_ready = labels.step();
    while (label_ready && labels.i64(6) == article.id) {
      if (wanted.empty() || wanted.count(labels.str(1)) != 0) article_labels.push_back(read_annotation(labels));
      label_ready = labels.step();
    }
    visit(article, article_labels);
  }
}

std::vector<Annotation> Study::annotation_history(std::int64_t annotation_id) {
  std::vector<Annotation> chain;
  std::optional<std::int64_t> cursor = annotation_id;
  // Walk back to the first version, then return oldest first.
  std::string sql = std::string("SELECT ") + k_annotation_columns +
                    " FROM annotations a JOIN annotators n ON n.id = a.annotator_id WHERE a.id = ?1";
  Statement s(impl_->db, sql.c_str());
  while (cursor) {
    s.reset();
    s.bind(1, *cursor);
    if (!s.step()) break;
    chain.push_back(read_annotation(s));
    cursor = chain.back().supersedes;
  }
  std::reverse(chain.begin(), chain.end());
  // Then forward to later versions.
  Statement next(impl_->db, (std::string("SELECT ") + k_annotation_columns +
                             " FROM annotations a JOIN annotators n ON n.id = a.annotator_id WHERE a.supersedes = ?1")
                                .c_str());
  while (!chain.empty()) {
    next.reset();
    next.bind(1, chain.back().id);
    if (!next.step()) break;
    chain.push_back(read_annotation(next));
  }
  return chain;
}

StudySummary Study::summary() {
  StudySummary out;
  out.schema_version = impl_->schema;
  auto count = [&](const char* sql) {
    Statement s(impl_->db, sql);
    return s.step() ? static_cast<std::size_t>(s.i64(0)) : std::size_t{0};
  };
  out.n_sources = count("SELECT count(*) FROM sources WHERE id IN (SELECT source_id FROM articles)");
  out.n_articles = count("SELECT count(*) FROM articles");
  out.n_passages = count("SELECT count(*) FROM passages");
  out.n_body_words = count("SELECT coalesce(sum(words), 0) FROM passages WHERE role = 'body'");
  out.n_annotations_total = count("SELECT count(*) FROM annotations");
  out.n_role_corrections = count("SELECT count(*) FROM role_corrections");
  {
    Statement s(impl_->db, "SELECT role, count(*) FROM passages GROUP BY role ORDER BY count(*) DESC, role");
    while (s.step()) out.passages_by_role.emplace_back(s.str(0), static_cast<std::size_t>(s.i64(1)));
  }
  {
    Statement s(impl_->db,
                "SELECT s.name, count(*) FROM articles a JOIN sources s ON s.id = a.source_id GROUP BY s.name "
                "ORDER BY s.name");
    while (s.step()) out.articles_by_source.emplace_back(s.str(0), static_cast<std::size_t>(s.i64(1)));
  }
  for (auto row : list_rubrics()) {
    row.json.clear();
    out.rubrics.push_back(std::move(row));
  }
  {
    Statement s(impl_->db,
                "SELECT n.name, count(*) FROM current_annotations a JOIN annotators n ON n.id = a.annotator_id "
                "GROUP BY n.name ORDER BY n.name");
    while (s.step()) out.labels_by_annotator.emplace_back(s.str(0), static_cast<std::size_t>(s.i64(1)));
  }
  return out;
}

}  // namespace credence::annotate
