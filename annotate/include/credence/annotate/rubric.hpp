// Rubrics: what annotators label (dimensions, categories, decision rules), loaded from JSON files
// and validated so that every problem is reported with its JSON Pointer. Format: docs/rubrics.md.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credence/annotate/diagnostic.hpp"
#include "credence/annotate/document.hpp"

namespace credence::annotate {

// Level of measurement of a dimension; agreement coefficients pick their distance from it.
enum class Scale { nominal, ordinal, interval, binary };

std::string_view to_string(Scale scale);
// Parses "nominal", "ordinal", "interval", "binary"; nullopt for anything else (case matters).
std::optional<Scale> parse_scale(std::string_view name);

struct RubricCategory {
  std::string id;                         // [a-z][a-z0-9_]*, unique within its dimension
  std::string name;                       // human-readable label
  std::string definition;                 // never empty in a loaded rubric
  std::vector<std::string> examples;
  std::vector<std::string> counter_examples;
  std::optional<std::string> key;         // keyboard shortcut (one character), unique per dimension
  std::optional<double> value;            // position on an ordinal/interval scale; unset = array order
};

struct RubricDimension {
  std::string id;
  std::string name;
  std::string description;
  UnitKind unit = UnitKind::article;
  Scale scale = Scale::nominal;
  std::vector<RubricCategory> categories;  // ordinal: lowest first
  std::vector<std::string> decision_rules;
  std::vector<std::string> lexicons;       // paths relative to the rubric file, as written in it
  bool multiple = false;                   // may one unit carry several categories of this dimension
  std::vector<PassageRole> roles = {PassageRole::body};  // passage roles the dimension applies to

  // nullptr when no category has this id.
  [[nodiscard]] const RubricCategory* find_category(std::string_view category_id) const;
  // 0-based position of the category on the scale (array order), or nullopt when unknown.
  [[nodiscard]] std::optional<std::size_t> category_index(std::string_view category_id) const;
};

struct Rubric {
  std::string id;
  std::string version;                     // "MAJOR.MINOR.PATCH"; every label records it
  std::string title;
  std::string description;
  std::vector<std::string> sources;        // literature the rubric is built on, one citation each
  std::vector<RubricDimension> dimensions;
  std::string json;                        // the whole file, verbatim (the store keeps it as is)
  std::string path;                        // file it came from, "" for in-memory input

  // nullptr when no dimension has this id.
  [[nodiscard]] const RubricDimension* find_dimension(std::string_view dimension_id) const;
};

// `rubric` is set when there are no errors (warnings, e.g. unknown fields, still allow it);
// `diagnostics` lists every problem found, not only the first.
struct RubricLoadResult {
  std::optional<Rubric> rubric;
  std::vector<Diagnostic> diagnostics;
};

// Parses and validates rubric JSON. `path` only labels diagnostics; lexicon files are not
// checked (there is no directory to resolve them against). Syntax errors carry line:col.
RubricLoadResult parse_rubric(std::string_view json, const std::string& path = "");

// Reads and validates a rubric file, and checks that its lexicon files exist relative to it.
// A file that cannot be read gives one error diagnostic and no rubric.
RubricLoadResult load_rubric_file(const std::string& path);

// True for "MAJOR.MINOR.PATCH" with decimal digits and no leading zeros ("1.0.0", "2.10.3").
bool is_valid_rubric_version(std::string_view version);

}  // namespace credence::annotate
