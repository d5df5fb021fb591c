// Lexicon file parsing: keeps the good lines and reports each bad one with its line and column.
#include "credence/annotate/lexicon.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

std::size_t columns_of(std::string_view line_prefix) { return code_point_count(line_prefix) + 1; }

}  // namespace

LexiconLoadResult parse_lexicon(std::string_view tsv, const std::string& path, const std::string& name) {
  LexiconLoadResult result;
  if (auto bad = find_invalid_utf8(tsv)) {
    result.diagnostics.push_back(error_at_byte(path, *bad, "lexicon is not valid UTF-8; save it as UTF-8"));
    return result;
  }
  Lexicon lexicon;
  lexicon.path = path;
  lexicon.name = !name.empty() ? name : std::filesystem::path(path).stem().string();
  std::map<std::string, std::size_t> seen;  // folded entry -> first line
  std::size_t line_no = 0;
  std::size_t pos = 0;
  if (tsv.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos < tsv.size()) {
    std::size_t eol = tsv.find('\n', pos);
    if (eol == std::string_view::npos) eol = tsv.size();
    std::string_view line = tsv.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || line.front() == '#') continue;

    std::vector<std::string_view> fields;
    std::vector<std::size_t> field_start;
    std::size_t begin = 0;
    for (std::size_t tab = line.find('\t'); tab != std::string_view::npos; tab = line.find('\t', begin)) {
      fields.push_back(line.substr(begin, tab - begin));
      field_start.push_back(begin);
      begin = tab + 1;
    }
    fields.push_back(line.substr(begin));
    field_start.push_back(begin);
    auto col = [&](std::size_t field) { return columns_of(line.substr(0, field_start[field])); };
    if (fields.size() != 4) {
      result.diagnostics.push_back(error_at(path, line_no, 1,
                                            "expected 4 tab-separated fields (entry, subtype, weight, source), found " +
                                                std::to_string(fields.size()) + "; separate the fields with one tab each"));
      continue;
    }
    const std::string entry(trim(fields[0]));
    if (entry.empty()) {
      result.diagnostics.push_back(error_at(path, line_no, 1, "empty entry; write the word or phrase to match"));
      continue;
    }
    const std::string subtype(trim(fields[1]));
    if (subtype.empty()) {
      result.diagnostics.push_back(error_at(path, line_no, col(1), "empty subtype; give the category id the entry suggests"));
      continue;
    }
    const std::string weight_text(trim(fields[2]));
    char* end_ptr = nullptr;
    errno = 0;
    const double weight = weight_text.empty() ? NAN : std::strtod(weight_text.c_str(), &end_ptr);
    if (weight_text.empty() || errno != 0 || end_ptr != weight_text.c_str() + weight_text.size() || std::isnan(weight) ||
        weight < 0.0 || weight > 1.0) {
      result.diagnostics.push_back(error_at(path, line_no, col(2),
                                            "weight '" + weight_text + "' is not a number between 0 and 1"));
      continue;
    }
    const std::string source(trim(fields[3]));
    if (source.empty()) {
      result.diagnostics.push_back(error_at(path, line_no, col(3), "empty source; write 'credence' or the citation key"));
      continue;
    }
    std::string key = to_nfc(entry);
    for (auto& c : key) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    auto [it, inserted] = seen.emplace(key, line_no);
    if (!inserted) {
      result.diagnostics.push_back(error_at(path, line_no, 1,
                                            "duplicate entry '" + entry + "' (first on line " + std::to_string(it->second) +
                                                "); keep one line per entry"));
      continue;
    }
    lexicon.entries.push_back(LexiconEntry{std::move(key), subtype, weight, source, line_no});
  }
  if (lexicon.entries.empty()) {
    result.diagnostics.push_back(error_in(path, "lexicon has no entries; add lines entry<TAB>subtype<TAB>weight<TAB>source"));
  }
  result.lexicon = std::move(lexicon);
  return result;
}

LexiconLoadResult load_lexicon_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    LexiconLoadResult result;
    result.diagnostics.push_back(error_in(path, "cannot read lexicon file: is a directory"));
    return result;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LexiconLoadResult result;
    result.diagnostics.push_back(error_in(path, "cannot read lexicon file: no such file or not readable"));
    return result;
  }
  // (An istreambuf_iterator let libstdc++'s exception for a failing read() escape as an internal error.)
  std::string text;
  if (!read_stream(in, text)) {
    LexiconLoadResult result;
    result.diagnostics.push_back(error_in(path, "cannot read lexicon file: read error; check the disk"));
    return result;
  }
  return parse_lexicon(text, path);
}

}  // namespace credence::annotate
