// What the annotation workspace keeps in the study store besides labels (schema version 2): access
// tokens, stored assignment plans, per-document status, and decisions on machine suggestions.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "credence/annotate/assignment.hpp"
#include "credence/annotate/store.hpp"

namespace credence::annotate {

struct AccessToken {
  std::string token;
  std::string annotator;  // "" for the study owner
  bool owner = false;
  std::string created_at;
};

// Issues a new random token (32 hex digits) for `annotator` ("" = the owner), revoking the holder's
// earlier tokens. A human annotator is created when missing.
AccessToken issue_token(Study& study, const std::string& annotator);
// The holder's active token, creating one when there is none.
AccessToken ensure_token(Study& study, const std::string& annotator);
// nullopt for an unknown or revoked token.
std::optional<AccessToken> find_active_token(Study& study, const std::string& token);
// Active tokens, owner first, then by annotator name.
std::vector<AccessToken> list_active_tokens(Study& study);
// Revokes every active token of `annotator` ("" = owner); returns how many.
std::size_t revoke_tokens(Study& study, const std::string& annotator);

struct AssignmentRow {
  std::int64_t plan_id = 0;
  std::int64_t article_id = 0;
  std::string annotator;
  int position = 0;
  bool blind = false;
};

// Stores a plan (and creates its annotators) in one transaction; returns the plan id.
std::int64_t store_assignment_plan(Study& study, const AssignmentPlan& plan, const AssignmentOptions& options);
// Every stored assignment, by annotator then position.
std::vector<AssignmentRow> list_assignments(Study& study);
// One annotator's queue, in order.
std::vector<AssignmentRow> assignments_of(Study& study, const std::string& annotator);
// The assignment of `article_id` to `annotator`, if any.
std::optional<AssignmentRow> find_assignment(Study& study, std::int64_t article_id, const std::string& annotator);
// Articles assigned so far per annotator.
std::map<std::string, int> assignment_load(Study& study);

struct DocumentStatus {
  std::int64_t article_id = 0;
  std::string annotator;
  std::string status;  // open, done, skipped, flagged
  std::string note;
  std::string updated_at;
};

// Sets (replaces) one annotator's status for one article. Throws std::invalid_argument on an
// unknown status.
void set_document_status(Study& study, const DocumentStatus& status);
std::vector<DocumentStatus> list_document_status(Study& study);

// One annotation by id with whether it is the current version of its chain (not superseded).
struct AnnotationLookup {
  Annotation annotation;
  bool current = false;
};
std::optional<AnnotationLookup> find_annotation(Study& study, std::int64_t annotation_id);

// The current label of `annotator` on exactly this unit (same rubric, dimension, unit kind, passage and
// offsets, and with `match_category` the same category), if any; the newest when there are several.
std::optional<Annotation> find_current_label(Study& study, const Annotation& like, bool match_category = false);

// Prepared statements for the workspace's hot path (saving labels under load). It writes the same rows
// as Study::add_annotation, for a caller that has already checked the label (rubric, article, passage,
// offsets) against data it holds in memory; statements are prepared once instead of per call.
class LabelWriter {
 public:
  explicit LabelWriter(Study& study);
  LabelWriter(const LabelWriter&) = delete;
  LabelWriter& operator=(const LabelWriter&) = delete;
  ~LabelWriter();
  // Inserts a checked label by an existing annotator; returns its id. Throws std::invalid_argument
  // when `supersedes` names a label that is not current (a stale edit), StoreError on I/O trouble.
  std::int64_t insert(const Annotation& a, std::int64_t annotator_id);
  // Id of the current label of `like.annotator` on exactly this unit (see find_current_label).
  std::optional<std::int64_t> find_current_id(const Annotation& like, bool match_category);
  // See data_version().
  std::int64_t data_version();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A counter that changes whenever another connection (another credence process) commits to the
// study; callers cache what only other processes change and drop the cache when it moves.
std::int64_t data_version(Study& study);

// Number of current labels per (article, annotator).
std::map<std::pair<std::int64_t, std::string>, std::size_t> current_label_counts(Study& study);

struct SuggestionReview {
  std::int64_t suggestion_id = 0;
  std::string decision;  // accepted, rejected
  std::optional<std::int64_t> label_id;
};
// Records an annotator's decision on a machine suggestion (replacing an earlier decision).
void record_suggestion_review(Study& study, const std::string& annotator, const SuggestionReview& review);
std::vector<SuggestionReview> suggestion_reviews(Study& study, const std::string& annotator);

}  // namespace credence::annotate
