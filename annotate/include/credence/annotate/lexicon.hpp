// Lexicon files (entry<TAB>subtype<TAB>weight<TAB>source, '#' comments) as the machine annotators
// read them, with every malformed line reported as path:line:col. Format: docs/machine-annotators.md.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credence/annotate/diagnostic.hpp"

namespace credence::annotate {

struct LexiconEntry {
  std::string text;     // the word or phrase as written (matching folds case)
  std::string subtype;  // a category id of the rubric dimension, or a cue class for rule lists
  double weight = 0.0;  // 0..1: how often a match is a true instance in news text
  std::string source;   // where the entry came from ("credence", "recasens2013", ...)
  std::size_t line = 0; // 1-based line in the file, for evidence and diagnostics
};

struct Lexicon {
  std::string name;  // file stem ("pejorative_labels"), used in rule ids
  std::string path;  // as given to the loader; "" for in-memory input
  std::vector<LexiconEntry> entries;
};

// `lexicon` is set whenever the input could be read, holding the good lines; `diagnostics` lists each
// bad line (wrong field count, empty entry, weight not a number in [0, 1], duplicate entry) and an
// error when no entry is left. Callers refuse to run on has_errors(diagnostics).
struct LexiconLoadResult {
  std::optional<Lexicon> lexicon;
  std::vector<Diagnostic> diagnostics;
};

// Parses lexicon text. `path` labels diagnostics; `name` defaults to the stem of `path`.
// Invalid UTF-8 gives one error at its byte offset and no lexicon.
LexiconLoadResult parse_lexicon(std::string_view tsv, const std::string& path = "", const std::string& name = "");

// Reads and parses a lexicon file; an unreadable file gives one error and no lexicon.
LexiconLoadResult load_lexicon_file(const std::string& path);

}  // namespace credence::annotate
