// The workspace's JSON API: who may see and change what, input checks that say what is wrong, and
// the store calls. Every write is validated completely before anything is stored.
#include "credence/server/api.hpp"

#include <boost/json.hpp>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>

#include "credence/annotate/assignment_store.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"
#include "credence/server/assets.hpp"

namespace credence::server {

namespace json = boost::json;
namespace ann = credence::annotate;

ApiResponse json_error(int status, const std::string& message) {
  ApiResponse r;
  r.status = status;
  json::object o;
  o["error"] = message;
  r.body = json::serialize(o);
  return r;
}

namespace {

// A request that cannot be served as asked; becomes a JSON error response.
struct HttpError {
  int status;
  std::string message;
};


[[noreturn]] void fail(int status, const std::string& message) { throw HttpError{status, message}; }

ApiResponse json_response(const json::value& v, int status = 200) {
  ApiResponse r;
  r.status = status;
  r.body = json::serialize(v);
  return r;
}

struct Caller {
  std::string annotator;  // "" for the owner
  bool owner = false;
};

struct Target {
  std::vector<std::string> segments;  // "/api/documents/3" -> {"api","documents","3"}
  std::map<std::string, std::string> query;
};

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int v = 0;
      auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      if (ec == std::errc() && p == s.data() + i + 3) {
        out.push_back(static_cast<char>(v));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i] == '+' ? ' ' : s[i]);
  }
  return out;
}

Target parse_target(const std::string& target) {
  Target t;
  const auto q = target.find('?');
  const std::string path = target.substr(0, q);
  std::size_t pos = 0;
  while (pos < path.size()) {
    const auto next = path.find('/', pos);
    const auto part = path.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    if (!part.empty()) t.segments.push_back(percent_decode(part));
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  if (q != std::string::npos) {
    std::string_view rest(target);
    rest.remove_prefix(q + 1);
    while (!rest.empty()) {
      const auto amp = rest.find('&');
      const auto pair = rest.substr(0, amp);
      const auto eq = pair.find('=');
      t.query[percent_decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
  }
  return t;
}

std::int64_t parse_id(const std::string& text, const std::string& what) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) {
    fail(400, what + " '" + text + "' is not a positive integer id");
  }
  return v;
}

json::object parse_body(const std::string& body) {
  if (body.empty()) fail(400, "the request needs a JSON object body");
  json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write(body.data(), body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    fail(400, "malformed JSON at byte " + std::to_string(ec ? used : body.size()) + ": " + ec.message());
  }
  json::value v = parser.release();
  if (!v.is_object()) fail(400, "the request body must be a JSON object");
  return std::move(v.as_object());
}

std::optional<std::string> get_string(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) fail(400, std::string("field '") + key + "' must be a string");
  return std::string(v->as_string().data(), v->as_string().size());
}

std::string require_string(const json::object& o, const char* key) {
  auto v = get_string(o, key);
  if (!v || v->empty()) fail(400, std::string("field '") + key + "' is required");
  return *v;
}

std::optional<std::int64_t> get_int(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  if (v->is_double()) {
    const double d = v->as_double();
    if (d == static_cast<double>(static_cast<std::int64_t>(d))) return static_cast<std::int64_t>(d);
  }
  fail(400, std::string("field '") + key + "' must be an integer");
}

json::object label_json(const ann::Annotation& a) {
  json::object o;
  o["id"] = a.id;
  o["annotator"] = a.annotator;
  o["rubric"] = a.rubric_id;
  o["rubric_version"] = a.rubric_version;
  o["dimension"] = a.dimension;
  o["unit"] = std::string(ann::to_string(a.unit));
  o["document"] = a.article_id;
  if (a.passage_index) o["passage"] = *a.passage_index;
  if (a.start) o["start"] = *a.start;
  if (a.end) o["end"] = *a.end;
  o["category"] = a.category;
  if (a.value) o["value"] = *a.value;
  o["note"] = a.note;
  if (a.confidence) o["confidence"] = *a.confidence;
  if (a.supersedes) o["supersedes"] = *a.supersedes;
  o["created_at"] = a.created_at;
  return o;
}

// Replaces every case-insensitive (ASCII) occurrence of `name` in `text` with as many blocks as it has
// code points, so that offsets into the text stay valid.
std::string mask_name(const std::string& text, const std::string& name) {
  if (name.empty() || name == "(unknown)") return text;
  auto hay = ann::to_u32(text);
  const auto needle = ann::to_u32(name);
  auto lower = [](char32_t c) { return (c >= U'A' && c <= U'Z') ? c + 32 : c; };
  bool changed = false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    bool match = true;
    for (std::size_t k = 0; k < needle.size() && match; ++k) match = lower(hay[i + k]) == lower(needle[k]);
    if (!match) continue;
    for (std::size_t k = 0; k < needle.size(); ++k) hay[i + k] = U'\u2588';
    i += needle.size() - 1;
    changed = true;
  }
  return changed ? ann::from_u32(hay) : text;
}

struct LabelUnit {
  ann::UnitKind unit = ann::UnitKind::article;
  std::optional<int> passage;
  std::optional<std::size_t> start;
  std::optional<std::size_t> end;
};

}  // namespace

struct Api::Impl {
  std::mutex mutex;  // one SQLite connection: calls are serialised
  ann::Study study;
  std::map<std::pair<std::string, std::string>, ann::Rubric> rubrics;  // (id, version)
  std::map<std::string, std::string> latest_version;                     // id -> last added version
  std::map<std::int64_t, std::shared_ptr<const ann::Article>> articles;  // loaded on first use
  std::map<std::int64_t, std::size_t> article_length;                    // code points
  // Tokens, assignments, passage roles and rubrics change only through other processes (credence
  // annotators / assign / role / rubric add), which move PRAGMA data_version; until it moves, answers
  // are served from memory.
  std::int64_t seen_data_version = -1;
  std::map<std::string, std::optional<ann::AccessToken>> token_cache;
  std::map<std::pair<std::int64_t, std::string>, std::optional<ann::AssignmentRow>> assignment_cache;

  void refresh_caches() {
    const auto version = writer->data_version();
    if (version == seen_data_version) return;
    const bool first = seen_data_version == -1;
    seen_data_version = version;
    token_cache.clear();
    assignment_cache.clear();
    if (first) return;  // articles and rubrics were loaded from the current state
    articles.clear();  // a role corrected with `credence role` shows at the next request
    article_length.clear();
    load_rubrics();
  }

  std::optional<ann::AccessToken> cached_token(const std::string& token) {
    auto it = token_cache.find(token);
    if (it != token_cache.end()) return it->second;
    auto found = ann::find_active_token(study, token);
    if (token_cache.size() > 10000) token_cache.clear();
    token_cache.emplace(token, found);
    return found;
  }

  std::optional<ann::AssignmentRow> cached_assignment(std::int64_t document, const std::string& annotator) {
    const auto key = std::make_pair(document, annotator);
    auto it = assignment_cache.find(key);
    if (it != assignment_cache.end()) return it->second;
    auto found = ann::find_assignment(study, document, annotator);
    assignment_cache.emplace(key, found);
    return found;
  }

  std::unique_ptr<ann::LabelWriter> writer;          // prepared statements for saving labels
  std::map<std::string, std::int64_t> annotator_ids;  // name -> store id

  explicit Impl(const std::filesystem::path& folder) : study(ann::Study::open(folder)) {
    load_rubrics();
    writer = std::make_unique<ann::LabelWriter>(study);
  }

  std::int64_t annotator_id(const std::string& name) {
    auto it = annotator_ids.find(name);
    if (it != annotator_ids.end()) return it->second;
    const auto kind = name == "adjudicated" ? ann::AnnotatorKind::adjudicated : ann::AnnotatorKind::human;
    const auto id = study.ensure_annotator(name, kind);
    annotator_ids[name] = id;
    return id;
  }

  void load_rubrics() {
    rubrics.clear();
    latest_version.clear();
    for (const auto& row : study.list_rubrics()) {
      auto result = ann::parse_rubric(row.json, row.id);
      if (!result.rubric) continue;  // stored rubrics were validated when added
      latest_version[row.id] = row.version;
      rubrics.emplace(std::make_pair(row.id, row.version), std::move(*result.rubric));
    }
  }

  std::shared_ptr<const ann::Article> article(std::int64_t id) {
    if (auto it = articles.find(id); it != articles.end()) return it->second;
    auto loaded = study.load_article(id);
    if (!loaded) fail(404, "no document with id " + std::to_string(id));
    auto shared = std::make_shared<const ann::Article>(std::move(*loaded));
    article_length[id] = ann::code_point_count(shared->text);
    articles[id] = shared;
    return shared;
  }

  Caller authenticate(const ApiRequest& request) {
    std::string_view header = request.authorization;
    constexpr std::string_view prefix = "Bearer ";
    if (header.empty()) fail(401, "missing access token: send 'Authorization: Bearer TOKEN' (open your login link)");
    if (header.substr(0, prefix.size()) != prefix) fail(401, "the Authorization header must be 'Bearer TOKEN'");
    const std::string token(header.substr(prefix.size()));
    refresh_caches();
    auto found = cached_token(token);
    if (!found) fail(401, "unknown or revoked access token; ask the study owner for a new login link");
    return {found->annotator, found->owner};
  }

  static void require_owner(const Caller& caller, const std::string& what) {
    if (!caller.owner) fail(403, "only the study owner may " + what);
  }

  // The assignment of a document to an annotator; 403 when there is none. The owner sees everything.
  std::optional<ann::AssignmentRow> require_visible(const Caller& caller, std::int64_t document) {
    article(document);  // 404 first, so a missing id is not reported as "not assigned"
    if (caller.owner) return std::nullopt;
    auto row = cached_assignment(document, caller.annotator);
    if (!row) fail(403, "document " + std::to_string(document) + " is not assigned to you");
    return row;
  }

  const ann::Rubric& rubric(const std::string& id, const std::optional<std::string>& version) {
    auto latest = latest_version.find(id);
    if (latest == latest_version.end()) {
      load_rubrics();  // a rubric added while serving
      latest = latest_version.find(id);
      if (latest == latest_version.end()) fail(422, "rubric '" + id + "' is not in this study");
    }
    const std::string v = version.value_or(latest->second);
    auto it = rubrics.find({id, v});
    if (it == rubrics.end()) fail(422, "rubric '" + id + "' has no version '" + v + "' in this study");
    return it->second;
  }

  // Validates where a label goes (unit, passage, offsets) against the dimension and the document.
  LabelUnit check_unit(const json::object& body, const ann::RubricDimension& dim, const ann::Article& doc,
                       std::int64_t document) {
    LabelUnit u;
    u.unit = dim.unit;
    if (auto unit = get_string(body, "unit"); unit && *unit != ann::to_string(dim.unit)) {
      fail(422, "dimension '" + dim.id + "' is labelled per " + std::string(ann::to_string(dim.unit)) + ", not per " + *unit);
    }
    const auto passage = get_int(body, "passage");
    const auto start = get_int(body, "start");
    const auto end = get_int(body, "end");
    const std::size_t length = article_length.at(document);
    auto passage_at = [&](std::int64_t idx) -> const ann::Passage& {
      if (idx < 0 || idx >= static_cast<std::int64_t>(doc.passages.size())) {
        fail(422, "document " + std::to_string(document) + " has no passage " + std::to_string(idx) + " (it has " +
                      std::to_string(doc.passages.size()) + ")");
      }
      return doc.passages[static_cast<std::size_t>(idx)];
    };
    auto check_role = [&](const ann::Passage& p) {
      if (std::find(dim.roles.begin(), dim.roles.end(), p.role) == dim.roles.end()) {
        fail(422, "passage " + std::to_string(p.index) + " is a " + std::string(ann::to_string(p.role)) +
                      " passage; dimension '" + dim.id + "' applies to body passages only");
      }
    };
    switch (dim.unit) {
      case ann::UnitKind::article:
        if (passage || start || end) fail(422, "dimension '" + dim.id + "' is an article question: send no passage or offsets");
        break;
      case ann::UnitKind::passage: {
        if (!passage) fail(422, "dimension '" + dim.id + "' is labelled per passage: field 'passage' is required");
        if (start || end) fail(422, "dimension '" + dim.id + "' is labelled per passage: send no offsets");
        const auto& p = passage_at(*passage);
        check_role(p);
        u.passage = p.index;
        break;
      }
      case ann::UnitKind::span: {
        if (!start || !end) fail(422, "a span label needs 'start' and 'end' (code points into the document text)");
        if (*start < 0 || *end < 0) fail(422, "offsets must not be negative (start " + std::to_string(*start) + ", end " + std::to_string(*end) + ")");
        if (*start >= *end) {
          fail(422, "offsets reversed or empty: start " + std::to_string(*start) + " is not before end " + std::to_string(*end));
        }
        if (static_cast<std::size_t>(*end) > length) {
          fail(422, "end " + std::to_string(*end) + " is past the end of document " + std::to_string(document) + " (" +
                        std::to_string(length) + " code points)");
        }
        const ann::Passage* holder = nullptr;
        for (const auto& p : doc.passages) {
          if (p.start <= static_cast<std::size_t>(*start) && static_cast<std::size_t>(*end) <= p.end) holder = &p;
        }
        if (!holder) {
          fail(422, "span " + std::to_string(*start) + ".." + std::to_string(*end) +
                        " is not inside one passage; select text within a single passage");
        }
        if (passage && *passage != holder->index) {
          fail(422, "span " + std::to_string(*start) + ".." + std::to_string(*end) + " lies in passage " +
                        std::to_string(holder->index) + ", not in passage " + std::to_string(*passage));
        }
        check_role(*holder);
        u.passage = holder->index;
        u.start = static_cast<std::size_t>(*start);
        u.end = static_cast<std::size_t>(*end);
        break;
      }
    }
    return u;
  }

  static void check_category(const json::object& body, const ann::RubricDimension& dim, ann::Annotation& a) {
    if (dim.scale == ann::Scale::interval && dim.categories.empty()) {
      const auto* v = body.if_contains("value");
      if (!v || !(v->is_number())) fail(422, "dimension '" + dim.id + "' takes a number in field 'value'");
      a.value = v->to_number<double>();
      return;
    }
    const std::string category = require_string(body, "category");
    if (!dim.find_category(category)) {
      std::string known;
      for (const auto& c : dim.categories) known += (known.empty() ? "" : ", ") + c.id;
      fail(422, "dimension '" + dim.id + "' has no category '" + category + "' (it has: " + known + ")");
    }
    a.category = category;
  }

  static std::optional<std::string> get_note(const json::object& body) {
    auto note = get_string(body, "note");
    if (note && note->size() > 10000) fail(422, "a note may have at most 10000 bytes");
    if (note && ann::find_invalid_utf8(*note)) fail(422, "the note is not valid UTF-8");
    return note;
  }

  // Builds (and fully checks) a new label for `annotator` from a request body.
  ann::Annotation build_label(const json::object& body, const std::string& annotator) {
    const std::int64_t document = [&] {
      auto d = get_int(body, "document");
      if (!d) fail(400, "field 'document' is required");
      return *d;
    }();
    const auto doc = article(document);
    const auto& rub = rubric(require_string(body, "rubric"), get_string(body, "rubric_version"));
    const std::string dimension = require_string(body, "dimension");
    const auto* dim = rub.find_dimension(dimension);
    if (!dim) fail(422, "rubric '" + rub.id + "' has no dimension '" + dimension + "'");
    ann::Annotation a;
    a.annotator = annotator;
    a.rubric_id = rub.id;
    a.rubric_version = rub.version;
    a.dimension = dim->id;
    a.article_id = document;
    const auto unit = check_unit(body, *dim, *doc, document);
    a.unit = unit.unit;
    a.passage_index = unit.passage;
    a.start = unit.start;
    a.end = unit.end;
    check_category(body, *dim, a);
    a.note = get_note(body).value_or("");
    return a;
  }

  // The current label on the same unit and dimension by the same annotator, when the dimension
  // allows one category per unit.
  std::optional<ann::Annotation> same_unit_label(const ann::Annotation& a) { return ann::find_current_label(study, a); }

  bool dimension_multiple(const ann::Annotation& a) {
    const auto& rub = rubric(a.rubric_id, a.rubric_version);
    const auto* dim = rub.find_dimension(a.dimension);
    return dim && dim->multiple;
  }

  // Stores `a` and returns it as stored (id and time set), without reading it back.
  ann::Annotation store_label(ann::Annotation a) {
    if (a.created_at.empty()) a.created_at = ann::utc_now();
    try {
      a.id = writer->insert(a, annotator_id(a.annotator));
    } catch (const std::invalid_argument& e) {
      fail(409, e.what());
    }
    return a;
  }

  // The caller's current label `id`; 404/403/409 otherwise.
  ann::Annotation own_current_label(const Caller& caller, std::int64_t id) {
    auto found = ann::find_annotation(study, id);
    if (!found) fail(404, "no label with id " + std::to_string(id));
    const std::string who = caller.owner ? std::string("adjudicated") : caller.annotator;
    if (found->annotation.annotator != who) fail(403, "label " + std::to_string(id) + " is not yours");
    if (!found->current) {
      const auto chain = study.annotation_history(id);
      const auto& last = chain.back();
      if (last.deleted) fail(409, "label " + std::to_string(id) + " was deleted meanwhile; reload the document");
      fail(409, "label " + std::to_string(id) + " was changed meanwhile (the current version is " +
                    std::to_string(last.id) + "); reload the document and edit again");
    }
    return found->annotation;
  }

  // ---- handlers ----

  json::object document_json(const Caller& caller, std::int64_t id, bool blind) {
    const auto doc = article(id);
    json::object o;
    o["id"] = id;
    o["blind"] = blind;
    const std::string& outlet = doc->meta.source;
    o["title"] = blind ? mask_name(doc->meta.title, outlet) : doc->meta.title;
    o["date"] = doc->meta.date;
    o["language"] = doc->meta.language;
    if (!blind) {
      o["external_id"] = doc->meta.external_id;
      o["outlet"] = outlet;
      o["author"] = doc->meta.author;
      o["url"] = doc->meta.url;
    }
    o["length"] = article_length.at(id);
    json::array passages;
    for (const auto& p : doc->passages) {
      json::object po;
      po["index"] = p.index;
      po["start"] = p.start;
      po["end"] = p.end;
      po["role"] = std::string(ann::to_string(p.role));
      // Mastheads and bylines name the outlet or the author: a blind study does not show them.
      const bool hidden = blind && (p.role == ann::PassageRole::byline || p.role == ann::PassageRole::boilerplate);
      po["hidden"] = hidden;
      po["text"] = hidden ? std::string() : (blind ? mask_name(p.text, outlet) : p.text);
      json::array sentences;
      if (!hidden) {
        for (const auto& sentence : p.sentences) sentences.push_back(json::array{sentence.start, sentence.end});
      }
      po["sentences"] = std::move(sentences);
      passages.push_back(std::move(po));
    }
    o["passages"] = std::move(passages);
    return o;
  }

  ApiResponse get_session(const Caller& caller) {
    json::object o;
    o["annotator"] = caller.annotator;
    o["owner"] = caller.owner;
    o["study"] = study.folder().filename().string();
    return json_response(o);
  }

  ApiResponse get_rubrics() {
    json::array out;
    for (const auto& [key, r] : rubrics) {
      if (latest_version[key.first] != key.second) continue;
      out.push_back(json::parse(r.json));
    }
    return json_response(out);
  }

  ApiResponse get_queue(const Caller& caller) {
    std::map<std::int64_t, ann::DocumentStatus> status;
    for (auto& s : ann::list_document_status(study)) {
      if (caller.owner || s.annotator == caller.annotator) status[s.article_id] = s;
    }
    const auto counts = ann::current_label_counts(study);
    json::array docs;
    std::size_t finished = 0;
    if (caller.owner) {
      const auto rows = study.list_articles();
      std::map<std::int64_t, std::vector<std::string>> who;
      for (const auto& a : ann::list_assignments(study)) who[a.article_id].push_back(a.annotator);
      for (const auto& row : rows) {
        json::object d;
        d["id"] = row.id;
        d["title"] = row.meta.title;
        d["outlet"] = row.meta.source;
        json::array names;
        for (const auto& n : who[row.id]) names.push_back(json::string(n));
        d["annotators"] = std::move(names);
        auto adj = counts.find({row.id, "adjudicated"});
        d["labels"] = adj == counts.end() ? 0 : adj->second;
        d["status"] = "open";
        docs.push_back(std::move(d));
      }
    } else {
      for (const auto& a : ann::assignments_of(study, caller.annotator)) {
        const auto doc = article(a.article_id);
        json::object d;
        d["id"] = a.article_id;
        d["position"] = a.position;
        d["title"] = a.blind ? mask_name(doc->meta.title, doc->meta.source) : doc->meta.title;
        auto c = counts.find({a.article_id, caller.annotator});
        d["labels"] = c == counts.end() ? 0 : c->second;
        auto s = status.find(a.article_id);
        const std::string st = s == status.end() ? "open" : s->second.status;
        if (st != "open") ++finished;
        d["status"] = st;
        docs.push_back(std::move(d));
      }
    }
    json::object o;
    o["total"] = docs.size();
    o["finished"] = finished;
    o["documents"] = std::move(docs);
    return json_response(o);
  }

  ApiResponse get_document(const Caller& caller, std::int64_t id) {
    const auto assignment = require_visible(caller, id);
    const bool blind = assignment && assignment->blind;
    json::object o = document_json(caller, id, blind);
    const std::string who = caller.owner ? std::string("adjudicated") : caller.annotator;
    ann::AnnotationFilter filter;
    filter.article_id = id;
    json::array labels, suggestions;
    std::map<std::int64_t, ann::SuggestionReview> reviews;
    for (auto& r : ann::suggestion_reviews(study, who)) reviews[r.suggestion_id] = r;
    for (const auto& a : study.current_annotations(filter)) {
      if (a.annotator == who) {
        labels.push_back(label_json(a));
      } else if (a.annotator.rfind("machine:", 0) == 0) {
        auto s = label_json(a);
        auto r = reviews.find(a.id);
        s["decision"] = r == reviews.end() ? "" : r->second.decision;
        suggestions.push_back(std::move(s));
      }
    }
    o["labels"] = std::move(labels);
    o["suggestions"] = std::move(suggestions);
    std::string st = "open", note;
    for (auto& s : ann::list_document_status(study)) {
      if (s.article_id == id && s.annotator == who) {
        st = s.status;
        note = s.note;
      }
    }
    o["status"] = st;
    o["status_note"] = note;
    return json_response(o);
  }

  ApiResponse post_label(const Caller& caller, const json::object& body) {
    if (caller.owner) fail(403, "the study owner labels in the curation view (POST /api/adjudicate), not here");
    if (auto document = get_int(body, "document")) require_visible(caller, *document);
    auto a = build_label(body, caller.annotator);
    // One category per unit unless the dimension is "multiple"; never the same category twice.
    if (auto existing = writer->find_current_id(a, dimension_multiple(a))) {
      fail(409, "you already labelled this " + std::string(ann::to_string(a.unit)) + " for '" + a.dimension +
                    "' (label " + std::to_string(*existing) + "); edit that label instead");
    }
    return json_response(label_json(store_label(a)), 201);
  }

  ApiResponse put_label(const Caller& caller, std::int64_t id, const json::object& body) {
    auto old = own_current_label(caller, id);
    const auto& rub = rubric(old.rubric_id, old.rubric_version);
    const auto* dim = rub.find_dimension(old.dimension);
    if (!dim) fail(409, "label " + std::to_string(id) + " refers to a dimension its rubric no longer has");
    ann::Annotation a = old;
    a.id = 0;
    a.created_at.clear();
    a.supersedes = id;
    if (body.if_contains("category") || body.if_contains("value")) check_category(body, *dim, a);
    if (auto note = get_note(body)) a.note = *note;
    if (a.category == old.category && a.note == old.note && a.value == old.value) {
      return json_response(label_json(old));  // nothing changed: no new history row
    }
    return json_response(label_json(store_label(a)));
  }

  ApiResponse delete_label(const Caller& caller, std::int64_t id) {
    auto old = own_current_label(caller, id);
    ann::Annotation a = old;
    a.id = 0;
    a.created_at.clear();
    a.supersedes = id;
    a.deleted = true;
    const auto new_id = store_label(a).id;
    json::object o;
    o["deleted"] = id;
    o["tombstone"] = new_id;
    return json_response(o);
  }

  ApiResponse post_status(const Caller& caller, std::int64_t id, const json::object& body) {
    if (caller.owner) fail(403, "document status belongs to annotators; the owner has no queue");
    require_visible(caller, id);
    ann::DocumentStatus s;
    s.article_id = id;
    s.annotator = caller.annotator;
    s.status = require_string(body, "status");
    if (s.status != "open" && s.status != "done" && s.status != "skipped" && s.status != "flagged") {
      fail(422, "unknown status '" + s.status + "'; use open, done, skipped or flagged");
    }
    s.note = get_note(body).value_or("");
    ann::set_document_status(study, s);
    json::object o;
    o["document"] = id;
    o["status"] = s.status;
    o["note"] = s.note;
    return json_response(o);
  }

  ApiResponse post_suggestion(const Caller& caller, std::int64_t id, const json::object& body) {
    if (caller.owner) fail(403, "suggestions are reviewed by annotators");
    auto found = ann::find_annotation(study, id);
    if (!found || found->annotation.annotator.rfind("machine:", 0) != 0) fail(404, "no machine suggestion with id " + std::to_string(id));
    require_visible(caller, found->annotation.article_id);
    const std::string decision = require_string(body, "decision");
    ann::SuggestionReview review;
    review.suggestion_id = id;
    json::object o;
    if (decision == "accept") {
      const auto& s = found->annotation;
      json::object request;
      request["document"] = s.article_id;
      request["rubric"] = s.rubric_id;
      request["rubric_version"] = s.rubric_version;
      request["dimension"] = s.dimension;
      if (s.unit == ann::UnitKind::passage && s.passage_index) request["passage"] = *s.passage_index;
      if (s.start) request["start"] = *s.start;
      if (s.end) request["end"] = *s.end;
      request["category"] = s.category;
      auto a = build_label(request, caller.annotator);
      if (auto existing = ann::find_current_label(study, a, true)) {
        fail(409, "you already have this label (label " + std::to_string(existing->id) + ")");
      }
      ann::Study::Transaction tx(study);
      const auto label = store_label(a);
      review.decision = "accepted";
      review.label_id = label.id;
      ann::record_suggestion_review(study, caller.annotator, review);
      tx.commit();
      o["label"] = label_json(label);
    } else if (decision == "reject") {
      review.decision = "rejected";
      ann::record_suggestion_review(study, caller.annotator, review);
    } else {
      fail(422, "field 'decision' must be 'accept' or 'reject'");
    }
    o["suggestion"] = id;
    o["decision"] = review.decision;
    return json_response(o);
  }

  ApiResponse get_progress(const Caller& caller) {
    require_owner(caller, "see progress");
    const auto rows = study.list_articles();
    std::map<std::int64_t, std::string> outlet;
    for (const auto& r : rows) outlet[r.id] = r.meta.source;
    std::map<std::pair<std::int64_t, std::string>, std::string> status;
    for (const auto& s : ann::list_document_status(study)) status[{s.article_id, s.annotator}] = s.status;
    const auto counts = ann::current_label_counts(study);
    struct Tally {
      std::size_t assigned = 0, started = 0, done = 0, skipped = 0, flagged = 0, labels = 0;
    };
    std::map<std::string, Tally> by_annotator, by_outlet;
    for (const auto& a : ann::list_assignments(study)) {
      const auto st = status.count({a.article_id, a.annotator}) ? status[{a.article_id, a.annotator}] : "open";
      auto c = counts.find({a.article_id, a.annotator});
      const std::size_t n = c == counts.end() ? 0 : c->second;
      for (Tally* t : {&by_annotator[a.annotator], &by_outlet[outlet[a.article_id]]}) {
        ++t->assigned;
        t->labels += n;
        if (n > 0 || st != "open") ++t->started;
        if (st == "done") ++t->done;
        if (st == "skipped") ++t->skipped;
        if (st == "flagged") ++t->flagged;
      }
    }
    auto to_array = [](const std::map<std::string, Tally>& m, const char* key) {
      json::array out;
      for (const auto& [name, t] : m) {
        json::object o;
        o[key] = name;
        o["assigned"] = t.assigned;
        o["started"] = t.started;
        o["done"] = t.done;
        o["skipped"] = t.skipped;
        o["flagged"] = t.flagged;
        o["labels"] = t.labels;
        out.push_back(std::move(o));
      }
      return out;
    };
    json::object o;
    o["annotators"] = to_array(by_annotator, "annotator");
    o["outlets"] = to_array(by_outlet, "outlet");
    return json_response(o);
  }

  ApiResponse get_assignments(const Caller& caller) {
    require_owner(caller, "see assignments");
    json::array out;
    for (const auto& a : ann::list_assignments(study)) {
      json::object o;
      o["document"] = a.article_id;
      o["annotator"] = a.annotator;
      o["position"] = a.position;
      o["plan"] = a.plan_id;
      o["blind"] = a.blind;
      out.push_back(std::move(o));
    }
    return json_response(out);
  }

  ApiResponse get_compare(const Caller& caller, const Target& target) {
    require_owner(caller, "compare annotators");
    auto q = [&](const char* key) {
      auto it = target.query.find(key);
      if (it == target.query.end() || it->second.empty()) fail(400, std::string("query parameter '") + key + "' is required");
      return it->second;
    };
    const std::int64_t id = parse_id(q("document"), "document");
    const std::string a_name = q("a"), b_name = q("b");
    json::object o;
    o["document"] = document_json(caller, id, false);
    ann::AnnotationFilter filter;
    filter.article_id = id;
    // Unit key -> categories chosen by a and by b.
    using Key = std::tuple<std::string, std::string, std::string, int, long long, long long>;
    std::map<Key, std::pair<std::set<std::string>, std::set<std::string>>> units;
    json::array la, lb, adjudicated;
    for (const auto& l : study.current_annotations(filter)) {
      const Key key{l.rubric_id, l.dimension, std::string(ann::to_string(l.unit)), l.passage_index.value_or(-1),
                    l.start ? static_cast<long long>(*l.start) : -1, l.end ? static_cast<long long>(*l.end) : -1};
      if (l.annotator == a_name) {
        la.push_back(label_json(l));
        units[key].first.insert(l.category);
      } else if (l.annotator == b_name) {
        lb.push_back(label_json(l));
        units[key].second.insert(l.category);
      } else if (l.annotator == "adjudicated") {
        adjudicated.push_back(label_json(l));
      }
    }
    json::array units_out;
    std::size_t differing = 0;
    for (const auto& [key, cats] : units) {
      json::object u;
      u["rubric"] = std::get<0>(key);
      u["dimension"] = std::get<1>(key);
      u["unit"] = std::get<2>(key);
      if (std::get<3>(key) >= 0) u["passage"] = std::get<3>(key);
      if (std::get<4>(key) >= 0) u["start"] = std::get<4>(key);
      if (std::get<5>(key) >= 0) u["end"] = std::get<5>(key);
      json::array ca, cb;
      for (const auto& c : cats.first) ca.push_back(json::string(c));
      for (const auto& c : cats.second) cb.push_back(json::string(c));
      u["a"] = std::move(ca);
      u["b"] = std::move(cb);
      const bool agree = cats.first == cats.second;
      u["agree"] = agree;
      if (!agree) ++differing;
      units_out.push_back(std::move(u));
    }
    o["a"] = a_name;
    o["b"] = b_name;
    o["a_labels"] = std::move(la);
    o["b_labels"] = std::move(lb);
    o["adjudicated"] = std::move(adjudicated);
    o["units"] = std::move(units_out);
    o["differing"] = differing;
    return json_response(o);
  }

  ApiResponse post_adjudicate(const Caller& caller, const json::object& body) {
    require_owner(caller, "adjudicate");
    json::object payload = body;
    if (auto from = get_int(body, "from_label")) {
      auto found = ann::find_annotation(study, *from);
      if (!found || !found->current) fail(409, "label " + std::to_string(*from) + " is not a current label; reload the comparison");
      const auto& s = found->annotation;
      payload = json::object();
      payload["document"] = s.article_id;
      payload["rubric"] = s.rubric_id;
      payload["rubric_version"] = s.rubric_version;
      payload["dimension"] = s.dimension;
      if (s.unit == ann::UnitKind::passage && s.passage_index) payload["passage"] = *s.passage_index;
      if (s.start) payload["start"] = *s.start;
      if (s.end) payload["end"] = *s.end;
      payload["category"] = s.category;
      if (s.value) payload["value"] = *s.value;
      payload["note"] = body.if_contains("note") ? body.at("note") : json::value("from " + s.annotator + "'s label " + std::to_string(s.id));
    }
    auto a = build_label(payload, "adjudicated");
    // A new decision on a single-category unit replaces the earlier decision (kept as history).
    if (!dimension_multiple(a)) {
      if (auto existing = same_unit_label(a)) {
        if (existing->category == a.category && existing->value == a.value) return json_response(label_json(*existing));
        a.supersedes = existing->id;
      }
    } else if (auto existing = ann::find_current_label(study, a, true)) {
      return json_response(label_json(*existing));
    }
    return json_response(label_json(store_label(a)), 201);
  }

  ApiResponse get_export(const Caller& caller) {
    require_owner(caller, "export labels");
    std::map<std::int64_t, std::string> external;
    for (const auto& r : study.list_articles()) external[r.id] = r.meta.external_id;
    std::string out;
    for (const auto& a : study.current_annotations()) {
      json::object o;
      o["article"] = external[a.article_id];
      o["annotator"] = a.annotator;
      o["rubric"] = a.rubric_id;
      o["rubric_version"] = a.rubric_version;
      o["dimension"] = a.dimension;
      o["unit"] = std::string(ann::to_string(a.unit));
      if (a.passage_index) o["passage"] = *a.passage_index;
      if (a.start) o["start"] = *a.start;
      if (a.end) o["end"] = *a.end;
      if (!a.category.empty()) o["category"] = a.category;
      if (a.value) o["value"] = *a.value;
      if (!a.note.empty()) o["note"] = a.note;
      out += json::serialize(o);
      out += '\n';
    }
    ApiResponse r;
    r.content_type = "application/x-ndjson";
    r.body = std::move(out);
    return r;
  }

  ApiResponse get_history(const Caller& caller, std::int64_t id) {
    auto found = ann::find_annotation(study, id);
    if (!found) fail(404, "no label with id " + std::to_string(id));
    const std::string who = caller.owner ? found->annotation.annotator : caller.annotator;
    if (found->annotation.annotator != who) fail(403, "label " + std::to_string(id) + " is not yours");
    json::array out;
    for (const auto& a : study.annotation_history(id)) {
      auto o = label_json(a);
      o["deleted"] = a.deleted;
      out.push_back(std::move(o));
    }
    return json_response(out);
  }

  ApiResponse route(const ApiRequest& request) {
    const Target t = parse_target(request.target);
    const auto& s = t.segments;
    const std::string& m = request.method;
    const Caller caller = authenticate(request);
    auto body = [&] { return parse_body(request.body); };
    auto method_not_allowed = [&]() -> ApiResponse { fail(405, m + " is not allowed on " + request.target.substr(0, request.target.find('?'))); };
    if (s.size() == 2) {
      const auto& r = s[1];
      if (r == "session") return m == "GET" ? get_session(caller) : method_not_allowed();
      if (r == "rubrics") return m == "GET" ? get_rubrics() : method_not_allowed();
      if (r == "queue" || r == "documents") return m == "GET" ? get_queue(caller) : method_not_allowed();
      if (r == "labels") return m == "POST" ? post_label(caller, body()) : method_not_allowed();
      if (r == "progress") return m == "GET" ? get_progress(caller) : method_not_allowed();
      if (r == "assignments") return m == "GET" ? get_assignments(caller) : method_not_allowed();
      if (r == "compare") return m == "GET" ? get_compare(caller, t) : method_not_allowed();
      if (r == "adjudicate") return m == "POST" ? post_adjudicate(caller, body()) : method_not_allowed();
      if (r == "export") return m == "GET" ? get_export(caller) : method_not_allowed();
    }
    if (s.size() == 3 && s[1] == "documents") {
      const auto id = parse_id(s[2], "document");
      return m == "GET" ? get_document(caller, id) : method_not_allowed();
    }
    if (s.size() == 4 && s[1] == "documents" && s[3] == "status") {
      const auto id = parse_id(s[2], "document");
      return m == "POST" ? post_status(caller, id, body()) : method_not_allowed();
    }
    if (s.size() == 3 && s[1] == "labels") {
      const auto id = parse_id(s[2], "label");
      if (m == "PUT" || m == "PATCH") return put_label(caller, id, body());
      if (m == "DELETE") return delete_label(caller, id);
      return method_not_allowed();
    }
    if (s.size() == 4 && s[1] == "labels" && s[3] == "history") {
      const auto id = parse_id(s[2], "label");
      return m == "GET" ? get_history(caller, id) : method_not_allowed();
    }
    if (s.size() == 3 && s[1] == "suggestions") {
      const auto id = parse_id(s[2], "suggestion");
      return m == "POST" ? post_suggestion(caller, id, body()) : method_not_allowed();
    }
    fail(404, "no API endpoint " + request.target.substr(0, request.target.find('?')) + " (see docs/workspace.md)");
  }
};

Api::Api(const std::filesystem::path& study_folder) : impl_(std::make_unique<Impl>(study_folder)) {}
Api::~Api() = default;

ApiResponse Api::handle(const ApiRequest& request) {
  const std::string path = request.target.substr(0, request.target.find('?'));
  if (path != "/api" && path.rfind("/api/", 0) != 0) {
    if (request.method != "GET" && request.method != "HEAD") return json_error(405, "only GET serves web files");
    const Asset* asset = find_asset(path == "/" ? "/index.html" : path);
    if (!asset) return json_error(404, "no such page: " + path);
    ApiResponse r;
    r.content_type = std::string(asset->content_type);
    r.body = std::string(asset->bytes);
    return r;
  }
  ApiResponse response;
  {
    std::lock_guard lock(impl_->mutex);
    try {
      response = impl_->route(request);
    } catch (const HttpError& e) {
      response = json_error(e.status, e.message);
    } catch (const ann::StoreError& e) {
      response = json_error(503, std::string("store error: ") + e.what());
    } catch (const std::exception& e) {
      response = json_error(500, std::string("internal error: ") + e.what());
    }
  }
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace credence::server
