// A cue set: several lexicon files compiled into one LexiconMatcher, each match knowing its lexicon,
// entry, subtype and weight; plus the quotation scanner the annotators share.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "credence/annotate/diagnostic.hpp"
#include "credence/annotate/lexicon.hpp"
#include "credence/annotate/lexicon_matcher.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

struct CueMatch {
  std::size_t start = 0;  // code points into the text searched
  std::size_t end = 0;
  const Lexicon* lexicon = nullptr;
  const LexiconEntry* entry = nullptr;
  std::size_t index = 0;  // the entry's position in the set (0 .. entry_count() - 1, in the order added)
};

class CueSet {
 public:
  // Loads each file (path as written, for diagnostics and evidence). Bad lines are reported; a file with
  // any error, or a subtype outside `allowed_subtypes` (when not empty), makes ok() false.
  void add_file(const std::filesystem::path& file, const std::string& display_path,
                const std::set<std::string>& allowed_subtypes, std::vector<Diagnostic>& diagnostics);
  // Adds an in-memory lexicon (tests, benchmarks).
  void add_lexicon(Lexicon lexicon);
  void build();
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] std::size_t entry_count() const { return refs_.size(); }
  // The entry at `index` (see CueMatch::index) with its lexicon; start and end are 0.
  [[nodiscard]] CueMatch entry(std::size_t index) const;
  // All whole-word matches, overlapping ones included, ordered by start.
  [[nodiscard]] std::vector<CueMatch> find_all(std::string_view utf8) const;
  // Non-overlapping matches (leftmost, longest), ordered by start.
  [[nodiscard]] std::vector<CueMatch> find(std::string_view utf8) const;
  // The same into `out` (cleared first), so that a caller looking up many passages reuses one buffer.
  void find(std::string_view utf8, std::vector<CueMatch>& out) const;

  // Lets several built sets scan a passage once between them: find() on any of them then runs one
  // automaton holding every set's phrases, and each thread keeps that scan's matches for the text it
  // was given, so the next set asked about the same text only picks out its own. Results are exactly
  // those of separate scans. The sets share the combined automaton (no lifetime ties between them).
  static void share_scans(const std::vector<CueSet*>& sets);

 private:
  struct Shared;
  struct Ref {
    std::size_t lexicon = 0;
    std::size_t entry = 0;
  };
  std::vector<std::unique_ptr<Lexicon>> lexicons_;
  std::vector<Ref> refs_;  // by phrase id
  LexiconMatcher matcher_;
  std::shared_ptr<const Shared> shared_;  // set by share_scans()
  std::uint32_t shared_first_ = 0;        // this set's phrase ids in the shared automaton start here
  bool ok_ = true;
  [[nodiscard]] CueMatch to_cue(const PhraseMatch& match) const;
};

// A stretch of quoted text in a passage: code points of the quotation marks themselves, inclusive of
// both marks (start at the opening mark, end just after the closing one).
struct Quotation {
  std::size_t start = 0;
  std::size_t end = 0;
  std::size_t words = 0;  // words inside the marks
};

// Quotations in `utf8`: “…”, "…", ‘…’ and '…' where the single marks stand at word edges (so
// apostrophes are not taken for quotes). An unclosed double mark runs to the end of the text (news
// quotations spanning paragraphs leave it open); an unclosed single mark is dropped.
std::vector<Quotation> find_quotations(std::string_view utf8);

// A letter or digit in any script (ICU's alphanumeric property beyond ASCII): what the annotators count
// as part of a word.
bool is_letter_or_digit_beyond_ascii(char32_t c);
inline bool is_word_char(char32_t c) { return c < 0x80 ? is_ascii_alnum(c) : is_letter_or_digit_beyond_ascii(c); }

// JSON string literal (quoted, escaped) for hand-built JSON: the short escapes for '"', '\\', \b, \f, \n,
// \r and \t, \u00xx for other control characters, everything else as it stands (as Boost.JSON's
// serializer writes strings).
std::string json_quoted(std::string_view text);
// The same, appended to `out` (no temporary string).
void append_json_quoted(std::string& out, std::string_view text);

}  // namespace credence::annotate
