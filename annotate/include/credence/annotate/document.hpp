// The document model: outlets (sources), articles, passages with roles, sentences, annotations.
// All offsets are Unicode code points into the article's normalised text, end exclusive.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credence::annotate {

// What a passage is on the page. Only `body` counts towards an outlet's profile.
enum class PassageRole { title, byline, caption, heading, body, boilerplate, comment };

std::string_view to_string(PassageRole role);
// Parses "body", "title", ...; nullopt for anything else.
std::optional<PassageRole> parse_passage_role(std::string_view name);
// Every role, in declaration order (for help texts and validation messages).
const std::vector<PassageRole>& all_passage_roles();

struct SentenceSpan {
  std::size_t start = 0;  // code points into the article text
  std::size_t end = 0;
};

struct Passage {
  int index = 0;                     // 0-based position within the article
  std::size_t start = 0;             // code points into the article text
  std::size_t end = 0;               // exclusive
  PassageRole role = PassageRole::body;
  std::string text;                  // the article text between start and end
  std::vector<SentenceSpan> sentences;
  bool role_corrected = false;       // a person changed the role; re-segmentation keeps it
  double body_score = 0.0;           // classifier's confidence that this is body text, 0..1
};

// Article metadata as it arrives from a file, a JSONL line or a manifest.
struct ArticleMeta {
  std::string external_id;  // id from the input (JSONL "id", file stem otherwise)
  std::string source;       // outlet name; "" = unknown
  std::string title;
  std::string url;
  std::string date;         // ISO 8601 date as given ("" = unknown)
  std::string author;
  std::string language;     // BCP 47 tag, "" = unknown
};

struct Article {
  std::int64_t id = 0;            // store id; 0 until stored
  ArticleMeta meta;
  std::string text;               // normalised text (see text.hpp)
  std::string content_hash;       // sha256 of text (empty when read with IngestOptions::content_hash off)
  std::string origin;             // file path (and line for JSONL) it came from
  std::vector<Passage> passages;
};

// What a label is attached to.
enum class UnitKind { article, passage, span };
std::string_view to_string(UnitKind kind);
std::optional<UnitKind> parse_unit_kind(std::string_view name);

// One label made by one annotator under one rubric version. Edits append a new row that
// supersedes the old one (`supersedes`), so history is kept; `deleted` marks a removal.
struct Annotation {
  std::int64_t id = 0;
  std::string annotator;          // "alice", "machine:lexicon@1", "adjudicated"
  std::string rubric_id;
  std::string rubric_version;
  std::string dimension;
  UnitKind unit = UnitKind::article;
  std::int64_t article_id = 0;
  std::optional<int> passage_index;       // for passage units (and the passage a span lies in)
  std::optional<std::size_t> start;       // span units: code points into the article text
  std::optional<std::size_t> end;
  std::string category;                   // category id, or "" when `value` is used
  std::optional<double> value;            // interval-scale answers
  std::string note;
  std::string evidence;                   // machine annotators: rule id and matched entry (JSON)
  std::optional<double> confidence;       // machine annotators: 0..1
  std::optional<std::int64_t> supersedes; // id of the annotation this edit replaces
  bool deleted = false;
  std::string created_at;                 // ISO 8601 UTC
};

}  // namespace credence::annotate
