// Rubric loading: parses the JSON with Boost.JSON and checks it field by field, collecting every
// problem (with its JSON Pointer) instead of stopping at the first, so one run fixes a whole file.
#include "credence/annotate/rubric.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <boost/json.hpp>

#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 4> k_scale_names = {"nominal", "ordinal", "interval", "binary"};

// RFC 6901: "~" and "/" inside a member name are escaped as "~0" and "~1".
std::string pointer_escape(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string member(const std::string& pointer, std::string_view key) {
  return pointer + "/" + pointer_escape(key);
}

std::string element(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.front() < 'a' || id.front() > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// 1-based line and column (in code points) of a byte offset, for JSON syntax errors.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t byte_offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  const std::size_t limit = std::min(byte_offset, text.size());
  for (std::size_t byte_idx = 0; byte_idx < limit; ++byte_idx) {
    const auto c = static_cast<unsigned char>(text[byte_idx]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

// Boost's own wording ("syntax error") does not say what went wrong at the position.
std::string syntax_message(const boost::system::error_code& ec, std::string_view text, std::size_t at) {
  if (ec == json::error::incomplete || (ec == json::error::syntax && at >= text.size())) {
    return "unexpected end of input";
  }
  if (ec == json::error::extra_data) return "unexpected text after the JSON value";
  if (ec == json::error::syntax) {
    const char c = text[at];
    if (c >= 0x21 && c <= 0x7E) return std::string("unexpected character '") + c + "'";
    return "unexpected character";
  }
  return ec.message();
}

class RubricChecker {
 public:
  RubricChecker(std::string path, std::optional<std::filesystem::path> lexicon_base)
      : path_(std::move(path)), lexicon_base_(std::move(lexicon_base)) {}

  std::vector<Diagnostic> take_diagnostics() { return std::move(diagnostics_); }

  Rubric check_rubric(const json::value& root) {
    Rubric rubric;
    if (!root.is_object()) {
      error("", "rubric must be a JSON object");
      return rubric;
    }
    const auto& obj = root.get_object();
    warn_unknown(obj, "", {"id", "version", "title", "description", "sources", "dimensions"});

    if (auto id = required_string(obj, "", "id")) {
      if (!is_valid_id(*id)) error(member("", "id"), id_message(*id));
      rubric.id = *id;
    }
    if (auto version = required_string(obj, "", "version")) {
      if (!is_valid_rubric_version(*version)) {
        error(member("", "version"), "version " + in_quotes(*version) + " is not of the form MAJOR.MINOR.PATCH");
      }
      rubric.version = *version;
    }
    if (auto title = required_string(obj, "", "title")) rubric.title = *title;
    if (auto description = optional_string(obj, "", "description")) rubric.description = *description;
    rubric.sources = string_array(obj, "", "sources");

    const std::string dims_ptr = member("", "dimensions");
    const json::value* dims = obj.if_contains("dimensions");
    if (dims == nullptr) {
      error(dims_ptr, "missing required field \"dimensions\"");
    } else if (!dims->is_array()) {
      error(dims_ptr, "\"dimensions\" must be an array");
    } else if (dims->get_array().empty()) {
      error(dims_ptr, "\"dimensions\" must not be empty");
    } else {
      std::map<std::string, std::string> first_seen;
      const auto& arr = dims->get_array();
      for (std::size_t dim_idx = 0; dim_idx < arr.size(); ++dim_idx) {
        const std::string dim_ptr = element(dims_ptr, dim_idx);
        auto dimension = check_dimension(arr[dim_idx], dim_ptr);
        if (!dimension) continue;
        if (!dimension->id.empty()) {
          auto [it, inserted] = first_seen.emplace(dimension->id, dim_ptr);
          if (!inserted) {
            error(member(dim_ptr, "id"),
                  "duplicate dimension id " + in_quotes(dimension->id) + " (first at " + it->second + ")");
          }
        }
        rubric.dimensions.push_back(std::move(*dimension));
      }
    }
    return rubric;
  }

 private:
  void error(const std::string& pointer, std::string message) {
    diagnostics_.push_back(error_at_pointer(path_, pointer, std::move(message)));
  }

  void warning(const std::string& pointer, std::string message) {
    Diagnostic d = error_at_pointer(path_, pointer, std::move(message));
    d.severity = Severity::warning;
    diagnostics_.push_back(std::move(d));
  }

  static std::string id_message(std::string_view id) {
    return "id " + in_quotes(id) + " must start with a lower-case letter and use only a-z, 0-9 and _";
  }

  // Unknown fields are a warning: a newer rubric may carry fields this version does not use.
  void warn_unknown(const json::object& obj, const std::string& pointer,
                    std::initializer_list<std::string_view> known) {
    for (const auto& entry : obj) {
      const std::string_view key = entry.key();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        warning(member(pointer, key), "unknown field " + in_quotes(key) + " (ignored)");
      }
    }
  }

  // A present, non-empty string; reports missing, wrong type and empty.
  std::optional<std::string> required_string(const json::object& obj, const std::string& pointer,
                                             std::string_view key) {
    const std::string field_ptr = member(pointer, key);
    const json::value* v = obj.if_contains(key);
    if (v == nullptr) {
      error(field_ptr, "missing required field " + in_quotes(key));
      return std::nullopt;
    }
    if (!v->is_string()) {
      error(field_ptr, in_quotes(key) + " must be a string");
      return std::nullopt;
    }
    std::string text(v->get_string());
    if (trim(text).empty()) {
      error(field_ptr, in_quotes(key) + " must not be empty");
      return std::nullopt;
    }
    return text;
  }

  std::optional<std::string> optional_string(const json::object& obj, const std::string& pointer,
                                             std::string_view key) {
    const json::value* v = obj.if_contains(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) {
      error(member(pointer, key), in_quotes(key) + " must be a string");
      return std::nullopt;
    }
    return std::string(v->get_string());
  }

  // An optional array of strings; each non-string element is reported at its own pointer.
  std::vector<std::string> string_array(const json::object& obj, const std::string& pointer,
                                        std::string_view key) {
    std::vector<std::string> out;
    const json::value* v = obj.if_contains(key);
    if (v == nullptr) return out;
    const std::string field_ptr = member(pointer, key);
    if (!v->is_array()) {
      error(field_ptr, in_quotes(key) + " must be an array of strings");
      return out;
    }
    const auto& arr = v->get_array();
    for (std::size_t item_idx = 0; item_idx < arr.size(); ++item_idx) {
      if (!arr[item_idx].is_string()) {
        error(element(field_ptr, item_idx), "expected a string");
        continue;
      }
      out.emplace_back(arr[item_idx].get_string());
    }
    return out;
  }

  std::optional<RubricDimension> check_dimension(const json::value& value, const std::string& pointer) {
    if (!value.is_object()) {
      error(pointer, "dimension must be a JSON object");
      return std::nullopt;
    }
    const auto& obj = value.get_object();
    warn_unknown(obj, pointer,
                 {"id", "name", "description", "unit", "scale", "categories", "decision_rules", "lexicons",
                  "multiple", "roles"});
    RubricDimension dim;
    if (auto id = required_string(obj, pointer, "id")) {
      if (!is_valid_id(*id)) error(member(pointer, "id"), id_message(*id));
      dim.id = *id;
    }
    if (auto name = required_string(obj, pointer, "name")) dim.name = *name;
    if (auto description = optional_string(obj, pointer, "description")) dim.description = *description;

    if (auto unit = required_string(obj, pointer, "unit")) {
      if (auto kind = parse_unit_kind(*unit)) {
        dim.unit = *kind;
      } else {
        error(member(pointer, "unit"), "unknown unit " + in_quotes(*unit) + " (expected article, passage or span)");
      }
    }
    bool scale_known = false;
    if (auto scale = required_string(obj, pointer, "scale")) {
      if (auto parsed = parse_scale(*scale)) {
        dim.scale = *parsed;
        scale_known = true;
      } else {
        error(member(pointer, "scale"),
              "unknown scale " + in_quotes(*scale) + " (expected nominal, ordinal, interval or binary)");
      }
    }
    dim.decision_rules = string_array(obj, pointer, "decision_rules");
    dim.lexicons = string_array(obj, pointer, "lexicons");
    check_lexicons(dim.lexicons, member(pointer, "lexicons"));

    if (const json::value* multiple = obj.if_contains("multiple")) {
      if (multiple->is_bool()) {
        dim.multiple = multiple->get_bool();
      } else {
        error(member(pointer, "multiple"), "\"multiple\" must be true or false");
      }
    }
    if (const json::value* roles = obj.if_contains("roles")) {
      const std::string roles_ptr = member(pointer, "roles");
      dim.roles.clear();
      if (!roles->is_array()) {
        error(roles_ptr, "\"roles\" must be an array of strings");
      } else if (roles->get_array().empty()) {
        error(roles_ptr, "\"roles\" must not be empty");
      } else {
        const auto& arr = roles->get_array();
        for (std::size_t item_idx = 0; item_idx < arr.size(); ++item_idx) {
          if (!arr[item_idx].is_string()) {
            error(element(roles_ptr, item_idx), "expected a string");
            continue;
          }
          const std::string_view name = arr[item_idx].get_string();
          if (auto role = parse_passage_role(name)) {
            dim.roles.push_back(*role);
          } else {
            error(element(roles_ptr, item_idx),
                  "unknown passage role " + in_quotes(name) + " (expected " + role_list() + ")");
          }
        }
      }
    }

    const std::string cats_ptr = member(pointer, "categories");
    const json::value* cats = obj.if_contains("categories");
    if (cats == nullptr) {
      // An interval dimension may be answered with a bare number, so it needs no categories.
      if (!(scale_known && dim.scale == Scale::interval)) error(cats_ptr, "missing required field \"categories\"");
    } else if (!cats->is_array()) {
      error(cats_ptr, "\"categories\" must be an array");
    } else {
      check_categories(cats->get_array(), cats_ptr, dim);
      if (scale_known) check_scale(dim, cats->get_array(), cats_ptr);
    }
    return dim;
  }

  static std::string role_list() {
    std::string out;
    for (PassageRole role : all_passage_roles()) {
      if (!out.empty()) out += ", ";
      out += to_string(role);
    }
    return out;
  }

  void check_lexicons(const std::vector<std::string>& lexicons, const std::string& pointer) {
    for (std::size_t lex_idx = 0; lex_idx < lexicons.size(); ++lex_idx) {
      const std::filesystem::path relative(lexicons[lex_idx]);
      if (lexicons[lex_idx].empty()) {
        error(element(pointer, lex_idx), "lexicon path must not be empty");
        continue;
      }
      if (relative.is_absolute()) {
        error(element(pointer, lex_idx), "lexicon path " + in_quotes(lexicons[lex_idx]) +
                                             " must be relative to the rubric file");
        continue;
      }
      if (!lexicon_base_) continue;
      const auto resolved = *lexicon_base_ / relative;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(resolved, ec)) {
        error(element(pointer, lex_idx), "lexicon file not found: " + resolved.lexically_normal().string());
      }
    }
  }

  void check_categories(const json::array& arr, const std::string& cats_ptr, RubricDimension& dim) {
    std::map<std::string, std::string> first_id;
    std::map<std::string, std::string> first_key;
    for (std::size_t cat_idx = 0; cat_idx < arr.size(); ++cat_idx) {
      const std::string cat_ptr = element(cats_ptr, cat_idx);
      if (!arr[cat_idx].is_object()) {
        error(cat_ptr, "category must be a JSON object");
        continue;
      }
      const auto& obj = arr[cat_idx].get_object();
      warn_unknown(obj, cat_ptr, {"id", "name", "definition", "examples", "counter_examples", "key", "value"});
      RubricCategory cat;
      if (auto id = required_string(obj, cat_ptr, "id")) {
        if (!is_valid_id(*id)) error(member(cat_ptr, "id"), id_message(*id));
        auto [it, inserted] = first_id.emplace(*id, cat_ptr);
        if (!inserted) {
          error(member(cat_ptr, "id"), "duplicate category id " + in_quotes(*id) + " (first at " + it->second + ")");
        }
        cat.id = *id;
      }
      if (auto name = required_string(obj, cat_ptr, "name")) cat.name = *name;
      if (auto definition = required_string(obj, cat_ptr, "definition")) cat.definition = *definition;
      cat.examples = string_array(obj, cat_ptr, "examples");
      cat.counter_examples = string_array(obj, cat_ptr, "counter_examples");
      if (const json::value* key = obj.if_contains("key")) {
        const std::string key_ptr = member(cat_ptr, "key");
        if (!key->is_string() || code_point_count(key->get_string()) != 1 ||
            find_invalid_utf8(key->get_string()).has_value()) {
          error(key_ptr, "\"key\" must be a single character");
        } else {
          cat.key = std::string(key->get_string());
          auto [it, inserted] = first_key.emplace(*cat.key, key_ptr);
          if (!inserted) error(key_ptr, "duplicate key " + in_quotes(*cat.key) + " (first at " + it->second + ")");
        }
      }
      if (const json::value* value = obj.if_contains("value")) {
        if (value->is_number()) {
          cat.value = value->to_number<double>();
        } else {
          error(member(cat_ptr, "value"), "\"value\" must be a number");
        }
      }
      dim.categories.push_back(std::move(cat));
    }
  }

  // Scale-specific rules. `arr` is the raw array so that pointers keep the file's indices even
  // when an element was not an object and is missing from dim.categories.
  void check_scale(const RubricDimension& dim, const json::array& arr, const std::string& cats_ptr) {
    const std::size_t count = arr.size();
    switch (dim.scale) {
      case Scale::binary:
        if (count != 2) {
          error(cats_ptr, "binary scale needs exactly 2 categories, found " + std::to_string(count));
        }
        break;
      case Scale::nominal:
      case Scale::ordinal:
        if (count < 2) {
          error(cats_ptr, std::string(to_string(dim.scale)) + " scale needs at least 2 categories, found " +
                              std::to_string(count));
        }
        break;
      case Scale::interval:
        break;
    }
    if (dim.scale != Scale::ordinal && dim.scale != Scale::interval) return;

    // Which raw elements carry a numeric value.
    std::vector<std::optional<double>> values;
    for (const auto& item : arr) {
      std::optional<double> v;
      if (item.is_object()) {
        if (const json::value* value = item.get_object().if_contains("value"); value && value->is_number()) {
          v = value->to_number<double>();
        }
      }
      values.push_back(v);
    }
    const bool any_value = std::any_of(values.begin(), values.end(), [](const auto& v) { return v.has_value(); });
    if (dim.scale == Scale::interval) {
      // On an interval scale a category is an anchor point; without a number it has no position.
      for (std::size_t cat_idx = 0; cat_idx < values.size(); ++cat_idx) {
        if (!values[cat_idx] && arr[cat_idx].is_object() && !arr[cat_idx].get_object().contains("value")) {
          error(member(element(cats_ptr, cat_idx), "value"), "interval category needs a numeric \"value\"");
        }
      }
      return;
    }
    if (!any_value) return;  // ordinal order is the array order
    std::optional<double> previous;
    for (std::size_t cat_idx = 0; cat_idx < values.size(); ++cat_idx) {
      const std::string value_ptr = member(element(cats_ptr, cat_idx), "value");
      if (!values[cat_idx]) {
        if (arr[cat_idx].is_object() && !arr[cat_idx].get_object().contains("value")) {
          error(value_ptr, "ordinal categories must all have a \"value\" or none");
        }
        continue;
      }
      if (previous && !(*values[cat_idx] > *previous)) {
        error(value_ptr, "ordinal values must increase in array order: " + format_number(*values[cat_idx]) +
                             " follows " + format_number(*previous));
      }
      previous = values[cat_idx];
    }
  }

  std::string path_;
  std::optional<std::filesystem::path> lexicon_base_;
  std::vector<Diagnostic> diagnostics_;
};

RubricLoadResult parse_impl(std::string_view text, const std::string& path,
                            std::optional<std::filesystem::path> lexicon_base) {
  RubricLoadResult result;
  if (auto bad = find_invalid_utf8(text)) {
    result.diagnostics.push_back(error_at_byte(path, *bad, "invalid UTF-8"));
    return result;
  }
  // A UTF-8 BOM is not JSON, but editors add it; skip it and keep byte positions right.
  std::size_t skipped = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") skipped = 3;
  json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t consumed = skipped + parser.write(text.data() + skipped, text.size() - skipped, ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    const std::size_t at = std::min(consumed, text.size());
    auto [line, column] = line_column(text.substr(skipped), at - skipped);
    result.diagnostics.push_back(error_at(path, line, column, "invalid JSON: " + syntax_message(ec, text, at)));
    return result;
  }
  const json::value root = parser.release();

  RubricChecker checker(path, std::move(lexicon_base));
  Rubric rubric = checker.check_rubric(root);
  result.diagnostics = checker.take_diagnostics();
  if (!has_errors(result.diagnostics)) {
    rubric.json = std::string(text);
    rubric.path = path;
    result.rubric = std::move(rubric);
  }
  return result;
}

}  // namespace

std::string_view to_string(Scale scale) { return k_scale_names.at(static_cast<std::size_t>(scale)); }

std::optional<Scale> parse_scale(std::string_view name) {
  for (std::size_t scale_idx = 0; scale_idx < k_scale_names.size(); ++scale_idx) {
    if (k_scale_names[scale_idx] == name) return static_cast<Scale>(scale_idx);
  }
  return std::nullopt;
}

bool is_valid_rubric_version(std::string_view version) {
  int parts = 0;
  std::size_t pos = 0;
  while (true) {
    const std::size_t begin = pos;
    while (pos < version.size() && version[pos] >= '0' && version[pos] <= '9') ++pos;
    const std::size_t length = pos - begin;
    if (length == 0) return false;
    if (length > 1 && version[begin] == '0') return false;
    ++parts;
    if (pos == version.size()) break;
    if (version[pos] != '.' || parts == 3) return false;
    ++pos;
  }
  return parts == 3;
}

const RubricCategory* RubricDimension::find_category(std::string_view category_id) const {
  for (const auto& cat : categories) {
    if (cat.id == category_id) return &cat;
  }
  return nullptr;
}

std::optional<std::size_t> RubricDimension::category_index(std::string_view category_id) const {
  for (std::size_t cat_idx = 0; cat_idx < categories.size(); ++cat_idx) {
    if (categories[cat_idx].id == category_id) return cat_idx;
  }
  return std::nullopt;
}

const RubricDimension* Rubric::find_dimension(std::string_view dimension_id) const {
  for (const auto& dim : dimensions) {
    if (dim.id == dimension_id) return &dim;
  }
  return nullptr;
}

RubricLoadResult parse_rubric(std::string_view json_text, const std::string& path) {
  return parse_impl(json_text, path, std::nullopt);
}

RubricLoadResult load_rubric_file(const std::string& path) {
  RubricLoadResult result;
  std::error_code fs_ec;
  if (std::filesystem::is_directory(path, fs_ec)) {
    result.diagnostics.push_back(error_in(path, "cannot read rubric file: is a directory"));
    return result;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result.diagnostics.push_back(error_in(path, std::string("cannot open rubric file: ") + std::strerror(errno)));
    return result;
  }
  std::string text;
  if (!read_stream(in, text)) {
    result.diagnostics.push_back(error_in(path, "cannot read rubric file: read error; check the disk"));
    return result;
  }
  const std::filesystem::path base = std::filesystem::path(path).parent_path();
  return parse_impl(text, path, base.empty() ? std::filesystem::path(".") : base);
}

}  // namespace credence::annotate
