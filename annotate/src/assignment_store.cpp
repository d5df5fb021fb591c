// SQL for the workspace tables of schema version 2 (see annotate/src/store.cpp, migration 2).
#include "credence/annotate/assignment_store.hpp"

#include "sqlite_statement.hpp"

#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <random>
#include <stdexcept>

namespace credence::annotate {

namespace {


sqlite3* db_of(Study& study) { return static_cast<sqlite3*>(study.native_handle()); }

// A statement on the study's connection.
class Query : public Statement {
 public:
  Query(Study& study, const char* sql) : Statement(db_of(study), sql) {}
};

void require_schema(Study& study) {
  if (study.schema_version() < 2) {
    throw StoreError("the study has schema version " + std::to_string(study.schema_version()) +
                     "; reopen it with this credence to migrate it to version 2");
  }
}

std::string random_token() {
  // 128 bits from the OS; std::random_device reads /dev/urandom on Linux.
  std::random_device device;
  static const char* hex = "0123456789abcdef";
  std::string token;
  for (int word = 0; word < 4; ++word) {
    std::uint32_t v = device();
    for (int nibble = 0; nibble < 8; ++nibble) {
      token.push_back(hex[v & 0xF]);
      v >>= 4;
    }
  }
  return token;
}

std::optional<std::int64_t> annotator_id(Study& study, const std::string& name) {
  Query q(study, "SELECT id FROM annotators WHERE name = ?1");
  if (q.bind(1, name).step()) return q.i64(0);
  return std::nullopt;
}

}  // namespace

AccessToken issue_token(Study& study, const std::string& annotator) {
  require_schema(study);
  Study::Transaction tx(study);
  revoke_tokens(study, annotator);
  AccessToken out;
  out.token = random_token();
  out.annotator = annotator;
  out.owner = annotator.empty();
  out.created_at = utc_now();
  Query q(study, "INSERT INTO access_tokens(token, annotator_id, role, created_at) VALUES (?1, ?2, ?3, ?4)");
  q.bind(1, out.token);
  if (out.owner) {
    q.bind_null(2).bind(3, std::string("owner"));
  } else {
    q.bind(2, study.ensure_annotator(annotator, AnnotatorKind::human)).bind(3, std::string("annotator"));
  }
  q.bind(4, out.created_at).run();
  tx.commit();
  return out;
}

AccessToken ensure_token(Study& study, const std::string& annotator) {
  for (auto& token : list_active_tokens(study)) {
    if (token.annotator == annotator) return token;
  }
  return issue_token(study, annotator);
}

std::optional<AccessToken> find_active_token(Study& study, const std::string& token) {
  require_schema(study);
  Query q(study,
          "SELECT t.token, coalesce(n.name, ''), t.role, t.created_at FROM access_tokens t "
          "LEFT JOIN annotators n ON n.id = t.annotator_id WHERE t.token = ?1 AND t.revoked_at IS NULL");
  if (!q.bind(1, token).step()) return std::nullopt;
  return AccessToken{q.str(0), q.str(1), q.str(2) == "owner", q.str(3)};
}

std::vector<AccessToken> list_active_tokens(Study& study) {
  require_schema(study);
  Query q(study,
          "SELECT t.token, coalesce(n.name, ''), t.role, t.created_at FROM access_tokens t "
          "LEFT JOIN annotators n ON n.id = t.annotator_id WHERE t.revoked_at IS NULL "
          "ORDER BY t.role = 'annotator', n.name");
  std::vector<AccessToken> out;
  while (q.step()) out.push_back({q.str(0), q.str(1), q.str(2) == "owner", q.str(3)});
  return out;
}

std::size_t revoke_tokens(Study& study, const std::string& annotator) {
  require_schema(study);
  if (annotator.empty()) {
    Query q(study, "UPDATE access_tokens SET revoked_at = ?1 WHERE role = 'owner' AND revoked_at IS NULL");
    q.bind(1, utc_now()).run();
  } else {
    const auto id = annotator_id(study, annotator);
    if (!id) return 0;
    Query q(study, "UPDATE access_tokens SET revoked_at = ?1 WHERE annotator_id = ?2 AND revoked_at IS NULL");
    q.bind(1, utc_now()).bind(2, *id).run();
  }
  return static_cast<std::size_t>(sqlite3_changes(db_of(study)));
}

std::int64_t store_assignment_plan(Study& study, const AssignmentPlan& plan, const AssignmentOptions& options) {
  require_schema(study);
  Study::Transaction tx(study);
  Query p(study,
          "INSERT INTO assignment_plans(overlap, per_annotator, blind, seed, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  p.bind(1, static_cast<std::int64_t>(options.overlap));
  if (options.per_annotator) {
    p.bind(2, static_cast<std::int64_t>(*options.per_annotator));
  } else {
    p.bind_null(2);
  }
  p.bind(3, static_cast<std::int64_t>(options.blind ? 1 : 0)).bind(4, static_cast<std::int64_t>(options.seed));
  p.bind(5, utc_now()).run();
  const std::int64_t plan_id = sqlite3_last_insert_rowid(db_of(study));
  std::map<std::string, std::int64_t> ids;
  for (const auto& name : options.annotators) ids[name] = study.ensure_annotator(name, AnnotatorKind::human);
  Query a(study, "INSERT INTO assignments(plan_id, article_id, annotator_id, position) VALUES (?1, ?2, ?3, ?4)");
  for (const auto& item : plan.items) {
    a.reset();
    a.bind(1, plan_id).bind(2, item.article_id).bind(3, ids.at(item.annotator));
    a.bind(4, static_cast<std::int64_t>(item.position)).run();
  }
  tx.commit();
  return plan_id;
}

namespace {

constexpr const char* k_assignment_select =
    "SELECT a.plan_id, a.article_id, n.name, a.position, p.blind FROM assignments a "
    "JOIN annotators n ON n.id = a.annotator_id JOIN assignment_plans p ON p.id = a.plan_id ";

AssignmentRow read_assignment(const Query& q) {
  return {q.i64(0), q.i64(1), q.str(2), static_cast<int>(q.i64(3)), q.i64(4) != 0};
}

}  // namespace

std::vector<AssignmentRow> list_assignments(Study& study) {
  require_schema(study);
  Query q(study, (std::string(k_assignment_select) + "ORDER BY n.name, a.position").c_str());
  std::vector<AssignmentRow> out;
  while (q.step()) out.push_back(read_assignment(q));
  return out;
}

std::vector<AssignmentRow> assignments_of(Study& study, const std::string& annotator) {
  require_schema(study);
  Query q(study, (std::string(k_assignment_select) + "WHERE n.name = ?1 ORDER BY a.position").c_str());
  q.bind(1, annotator);
  std::vector<AssignmentRow> out;
  while (q.step()) out.push_back(read_assignment(q));
  return out;
}

std::optional<AssignmentRow> find_assignment(Study& study, std::int64_t article_id, const std::string& annotator) {
  require_schema(study);
  Query q(study, (std::string(k_assignment_select) + "WHERE n.name = ?1 AND a.article_id = ?2").c_str());
  q.bind(1, annotator).bind(2, article_id);
  if (!q.step()) return std::nullopt;
  return read_assignment(q);
}

std::map<std::string, int> assignment_load(Study& study) {
  require_schema(study);
  Query q(study,
          "SELECT n.name, count(*) FROM assignments a JOIN annotators n ON n.id = a.annotator_id GROUP BY n.name");
  std::map<std::string, int> out;
  while (q.step()) out[q.str(0)] = static_cast<int>(q.i64(1));
  return out;
}

void set_document_status(Study& study, const DocumentStatus& status) {
  require_schema(study);
  if (status.status != "open" && status.status != "done" && status.status != "skipped" && status.status != "flagged") {
    throw std::invalid_argument("unknown document status '" + status.status +
                                "'; use open, done, skipped or flagged");
  }
  const std::int64_t id = study.ensure_annotator(status.annotator, AnnotatorKind::human);
  Query q(study,
          "INSERT INTO document_status(article_id, annotator_id, status, note, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) "
          "ON CONFLICT(article_id, annotator_id) DO UPDATE SET status = excluded.status, note = excluded.note, "
          "updated_at = excluded.updated_at");
  q.bind(1, status.article_id).bind(2, id).bind(3, status.status).bind(4, status.note).bind(5, utc_now()).run();
}

std::vector<DocumentStatus> list_document_status(Study& study) {
  require_schema(study);
  Query q(study,
          "SELECT d.article_id, n.name, d.status, d.note, d.updated_at FROM document_status d "
          "JOIN annotators n ON n.id = d.annotator_id ORDER BY n.name, d.article_id");
  std::vector<DocumentStatus> out;
  while (q.step()) out.push_back({q.i64(0), q.str(1), q.str(2), q.str(3), q.str(4)});
  return out;
}

std::optional<AnnotationLookup> find_annotation(Study& study, std::int64_t annotation_id) {
  const auto chain = study.annotation_history(annotation_id);
  for (std::size_t idx = 0; idx < chain.size(); ++idx) {
    if (chain[idx].id == annotation_id) return AnnotationLookup{chain[idx], idx + 1 == chain.size()};
  }
  return std::nullopt;
}

namespace {

constexpr const char* k_find_current_sql =
    "SELECT a.id FROM annotations a "
    "WHERE a.article_id = ?1 AND a.annotator_id = (SELECT id FROM annotators WHERE name = ?4) AND a.dimension = ?2 "
    "AND a.start IS ?7 AND a.rubric_id = ?3 AND a.unit = ?5 AND a.deleted = 0 "
    "AND NOT EXISTS (SELECT 1 FROM annotations b WHERE b.supersedes = a.id) "
    "AND a.passage_idx IS ?6 AND a.start IS ?7 AND a.end IS ?8 AND (?9 = 0 OR a.category = ?10) "
    "ORDER BY a.id DESC LIMIT 1";

void bind_unit(Query& q, const Annotation& like, bool match_category) {
  q.bind(1, like.article_id).bind(2, like.dimension).bind(3, like.rubric_id).bind(4, like.annotator);
  q.bind(5, std::string(to_string(like.unit)));
  if (like.passage_index) q.bind(6, static_cast<std::int64_t>(*like.passage_index)); else q.bind_null(6);
  if (like.start) q.bind(7, static_cast<std::int64_t>(*like.start)); else q.bind_null(7);
  if (like.end) q.bind(8, static_cast<std::int64_t>(*like.end)); else q.bind_null(8);
  q.bind(9, static_cast<std::int64_t>(match_category ? 1 : 0)).bind(10, like.category);
}

}  // namespace

std::optional<Annotation> find_current_label(Study& study, const Annotation& like, bool match_category) {
  Query q(study, k_find_current_sql);
  bind_unit(q, like, match_category);
  if (!q.step()) return std::nullopt;
  const auto found = find_annotation(study, q.i64(0));
  if (!found) return std::nullopt;
  return found->annotation;
}


struct LabelWriter::Impl {
  Study& study;
  Query insert;
  Query is_current;
  Query find_current;
  Query version;
  explicit Impl(Study& s)
      : study(s),
        insert(s, "INSERT INTO annotations(annotator_id, rubric_id, rubric_version, dimension, unit, article_id, "
                  "passage_idx, start, end, category, value, note, evidence, confidence, supersedes, deleted, "
                  "created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)"),
        is_current(s, "SELECT 1 FROM annotations WHERE id = ?1 AND NOT EXISTS "
                      "(SELECT 1 FROM annotations b WHERE b.supersedes = ?1)"),
        find_current(s, k_find_current_sql),
        version(s, "PRAGMA data_version") {}
};

LabelWriter::LabelWriter(Study& study) : impl_(std::make_unique<Impl>(study)) { require_schema(study); }
LabelWriter::~LabelWriter() = default;

std::int64_t LabelWriter::insert(const Annotation& a, std::int64_t annotator_id) {
  if (a.supersedes) {
    auto& q = impl_->is_current;
    q.reset();
    if (!q.bind(1, *a.supersedes).step()) {
      q.reset();
      throw std::invalid_argument("label " + std::to_string(*a.supersedes) +
                                  " does not exist or was already changed; reload and edit the current version");
    }
    q.reset();
  }
  auto& q = impl_->insert;
  q.reset();
  q.bind(1, annotator_id).bind(2, a.rubric_id).bind(3, a.rubric_version).bind(4, a.dimension);
  q.bind(5, std::string(to_string(a.unit))).bind(6, a.article_id);
  if (a.passage_index) q.bind(7, static_cast<std::int64_t>(*a.passage_index)); else q.bind_null(7);
  if (a.start) q.bind(8, static_cast<std::int64_t>(*a.start)); else q.bind_null(8);
  if (a.end) q.bind(9, static_cast<std::int64_t>(*a.end)); else q.bind_null(9);
  q.bind(10, a.category);
  if (a.value) q.bind(11, *a.value); else q.bind_null(11);
  q.bind(12, a.note).bind(13, a.evidence);
  if (a.confidence) q.bind(14, *a.confidence); else q.bind_null(14);
  if (a.supersedes) q.bind(15, *a.supersedes); else q.bind_null(15);
  q.bind(16, static_cast<std::int64_t>(a.deleted ? 1 : 0)).bind(17, a.created_at.empty() ? utc_now() : a.created_at);
  try {
    q.run();
  } catch (...) {
    q.reset();
    throw;
  }
  q.reset();
  return sqlite3_last_insert_rowid(db_of(impl_->study));
}

std::optional<std::int64_t> LabelWriter::find_current_id(const Annotation& like, bool match_category) {
  auto& q = impl_->find_current;
  q.reset();
  bind_unit(q, like, match_category);
  std::optional<std::int64_t> out;
  if (q.step()) out = q.i64(0);
  q.reset();
  return out;
}

std::int64_t LabelWriter::data_version() {
  auto& q = impl_->version;
  q.reset();
  const std::int64_t v = q.step() ? q.i64(0) : 0;
  q.reset();
  return v;
}

std::int64_t data_version(Study& study) {
  Query q(study, "PRAGMA data_version");
  return q.step() ? q.i64(0) : 0;
}

std::map<std::pair<std::int64_t, std::string>, std::size_t> current_label_counts(Study& study) {
  Query q(study,
          "SELECT a.article_id, n.name, count(*) FROM current_annotations a JOIN annotators n ON n.id = a.annotator_id "
          "GROUP BY a.article_id, n.name");
  std::map<std::pair<std::int64_t, std::string>, std::size_t> out;
  while (q.step()) out[{q.i64(0), q.str(1)}] = static_cast<std::size_t>(q.i64(2));
  return out;
}

void record_suggestion_review(Study& study, const std::string& annotator, const SuggestionReview& review) {
  require_schema(study);
  if (review.decision != "accepted" && review.decision != "rejected") {
    throw std::invalid_argument("unknown suggestion decision '" + review.decision + "'; use accepted or rejected");
  }
  const std::int64_t id = study.ensure_annotator(annotator, AnnotatorKind::human);
  Query q(study,
          "INSERT INTO suggestion_reviews(annotator_id, suggestion_id, decision, label_id, created_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(annotator_id, suggestion_id) DO UPDATE SET "
          "decision = excluded.decision, label_id = excluded.label_id, created_at = excluded.created_at");
  q.bind(1, id).bind(2, review.suggestion_id).bind(3, review.decision);
  if (review.label_id) {
    q.bind(4, *review.label_id);
  } else {
    q.bind_null(4);
  }
  q.bind(5, utc_now()).run();
}

std::vector<SuggestionReview> suggestion_reviews(Study& study, const std::string& annotator) {
  require_schema(study);
  Query q(study,
          "SELECT r.suggestion_id, r.decision, r.label_id FROM suggestion_reviews r "
          "JOIN annotators n ON n.id = r.annotator_id WHERE n.name = ?1 ORDER BY r.suggestion_id");
  q.bind(1, annotator);
  std::vector<SuggestionReview> out;
  while (q.step()) {
    SuggestionReview r{q.i64(0), q.str(1), std::nullopt};
    if (!q.is_null(2)) r.label_id = q.i64(2);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace credence::annotate
