// The study store: one folder with an SQLite database (WAL, foreign keys, versioned schema).
// Everything a study knows lives here: outlets, articles, passages, rubrics, annotators and the
// append-only history of annotations. sqlite3 stays behind the pimpl.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "credence/annotate/document.hpp"

namespace credence::annotate {

// An I/O or database failure (exit code 3). The message says what to do.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The current time as the store writes it: ISO 8601 UTC to the second ("2026-11-21T22:40:00Z").
std::string utc_now();

inline constexpr int k_schema_version = 3;
inline constexpr const char* k_database_file = "credence.db";

struct ArticleRow {
  std::int64_t id = 0;
  ArticleMeta meta;
  std::string content_hash;
  std::string origin;
  std::size_t n_passages = 0;
  std::size_t n_body_passages = 0;
  std::size_t n_body_words = 0;
};

struct RubricRow {
  std::string id;
  std::string version;
  std::string title;
  std::string json;  // the rubric file, verbatim
  std::string added_at;
};

enum class AnnotatorKind { human, machine, adjudicated };
std::string_view to_string(AnnotatorKind kind);

struct AnnotatorRow {
  std::int64_t id = 0;
  std::string name;
  AnnotatorKind kind = AnnotatorKind::human;
  std::string created_at;
};

struct StudySummary {
  int schema_version = 0;
  std::size_t n_sources = 0;
  std::size_t n_articles = 0;
  std::size_t n_passages = 0;
  std::vector<std::pair<std::string, std::size_t>> passages_by_role;
  std::vector<std::pair<std::string, std::size_t>> articles_by_source;
  std::size_t n_body_words = 0;
  std::vector<RubricRow> rubrics;  // json left empty
  std::vector<std::pair<std::string, std::size_t>> labels_by_annotator;  // current labels
  std::size_t n_annotations_total = 0;  // including superseded history
  std::size_t n_role_corrections = 0;
};

// What became of one label given to Study::add_annotations: its new row id, or why it was not stored.
struct AddedAnnotation {
  std::int64_t id = 0;  // 0 when the label was rejected
  std::string error;    // "" when stored; otherwise the message add_annotation would throw
};

// Filter for current (not superseded, not deleted) annotations; empty fields match anything.
struct AnnotationFilter {
  std::string rubric_id;
  std::string rubric_version;
  std::string dimension;
  std::vector<std::string> annotators;
  std::optional<std::int64_t> article_id;
};

class Study {
 public:
  // Creates FOLDER (and parents) with a new database. Fails if FOLDER already holds a study.
  static Study create(const std::filesystem::path& folder);
  // Opens an existing study, migrating an older schema; fails on a folder that is not a study or a
  // database from a newer credence.
  static Study open(const std::filesystem::path& folder);
  // True when FOLDER holds a credence database file.
  static bool exists(const std::filesystem::path& folder);

  Study(Study&&) noexcept;
  Study& operator=(Study&&) noexcept;
  ~Study();

  [[nodiscard]] const std::filesystem::path& folder() const;
  [[nodiscard]] int schema_version() const;

  // Transactions: writes between begin() and commit() land together or not at all; the destructor
  // of an uncommitted Transaction rolls back.
  class Transaction {
   public:
    explicit Transaction(Study& study);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

   private:
    Study* study_;
    bool done_ = false;
  };

  // Sources (outlets). "" is stored as "(unknown)".
  std::int64_t ensure_source(const std::string& name);

  // Articles. insert_article stores the article with its passages; returns the new id.
  std::optional<std::int64_t> find_article_by_hash(const std::string& content_hash);
  // The article already stored with this text (SHA-256 `content_hash`) under this external id, if any:
  // the first of that text, or a copy stored with copy_hash().
  std::optional<std::int64_t> find_stored_copy(const std::string& content_hash, const std::string& external_id);
  // The content_hash stored for a second article with the text of an earlier one under another external
  // id (a wire story run by two outlets): "<sha256>#<external id>", unique like every content_hash.
  static std::string copy_hash(const std::string& content_hash, const std::string& external_id);
  std::optional<std::int64_t> find_article_by_external_id(const std::string& external_id);
  std::int64_t insert_article(const Article& article);
  [[nodiscard]] std::vector<ArticleRow> list_articles();
  // The article with passages and sentences; nullopt when no such id.
  std::optional<Article> load_article(std::int64_t id);
  // Sets a passage's role by hand; the correction is kept across re-imports and recorded.
  void correct_role(std::int64_t article_id, int passage_index, PassageRole role, const std::string& by);

  // Rubrics, stored whole by (id, version). Adding the same id+version with identical JSON is a no-op;
  // with different JSON it is an error (bump the version).
  void add_rubric(const RubricRow& rubric);
  [[nodiscard]] std::vector<RubricRow> list_rubrics();
  std::optional<RubricRow> find_rubric(const std::string& id, const std::string& version);

  // Annotators.
  std::int64_t ensure_annotator(const std::string& name, AnnotatorKind kind);
  [[nodiscard]] std::vector<AnnotatorRow> list_annotators();

  // Annotations: append-only. Returns the new row's id. Validates references (article, passage, span
  // inside the text, rubric version stored) and throws std::invalid_argument with a message on bad input.
  std::int64_t add_annotation(const Annotation& annotation);
  // Adds many labels (an imported document, a batch) with the checks of add_annotation, but with the
  // INSERT prepared once and the article, rubric and annotator looked up once per batch, not per label.
  // A bad label is not thrown: its result holds the message and the good labels are stored. The batch
  // runs inside a savepoint, so a store failure part-way (StoreError) leaves none of its labels stored.
  // Results are in input order; an empty batch does nothing.
  std::vector<AddedAnnotation> add_annotations(const std::vector<Annotation>& annotations);
  // Current labels matching the filter, ordered by article, start, id.
  [[nodiscard]] std::vector<Annotation> current_annotations(const AnnotationFilter& filter = {});
  // Every article in id order with its current labels that match `filter` (article_id, when set, picks
  // one article), in the order current_annotations gives. Reads three ordered queries (articles,
  // passages, labels) side by side instead of three queries per article, and holds one article at a
  // time. Articles without matching labels are visited too, with an empty list.
  void for_each_article(const AnnotationFilter& filter,
                        const std::function<void(const Article&, const std::vector<Annotation>&)>& visit);
  // Full history of one label chain, oldest first.
  [[nodiscard]] std::vector<Annotation> annotation_history(std::int64_t annotation_id);

  [[nodiscard]] StudySummary summary();

  // For advanced callers in this library (formats, workspace): the raw sqlite3* handle.
  void* native_handle();

 private:
  struct Impl;
  // The reason `annotation` cannot be stored (the checks of add_annotation), or nullopt.
  std::optional<std::string> check_annotation(const Annotation& annotation);
  explicit Study(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace credence::annotate
