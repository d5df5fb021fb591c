// Cue sets (many lexicons, one automaton) and the quotation scanner used by the machine annotators.
#include "credence/annotate/machine_cues.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstring>
#include <atomic>

#include "credence/annotate/text.hpp"

namespace credence::annotate {

void CueSet::add_file(const std::filesystem::path& file, const std::string& display_path,
                      const std::set<std::string>& allowed_subtypes, std::vector<Diagnostic>& diagnostics) {
  auto loaded = load_lexicon_file(file.string());
  bool file_ok = !has_errors(loaded.diagnostics);
  for (auto& d : loaded.diagnostics) {
    d.where.path = display_path;
    diagnostics.push_back(std::move(d));
  }
  if (!loaded.lexicon) {
    ok_ = false;
    return;
  }
  loaded.lexicon->path = display_path;
  if (!allowed_subtypes.empty()) {
    for (const auto& entry : loaded.lexicon->entries) {
      if (allowed_subtypes.count(entry.subtype)) continue;
      // Column of the subtype field: the entry's code points plus its tab, plus one.
      std::string known;
      for (const auto& s : allowed_subtypes) known += (known.empty() ? "" : ", ") + s;
      diagnostics.push_back(error_at(display_path, entry.line, code_point_count(entry.text) + 2,
                                     "subtype '" + entry.subtype + "' is not one of: " + known));
      file_ok = false;
    }
  }
  if (!file_ok) ok_ = false;
  add_lexicon(std::move(*loaded.lexicon));
}

void CueSet::add_lexicon(Lexicon lexicon) {
  lexicons_.push_back(std::make_unique<Lexicon>(std::move(lexicon)));
  const std::size_t lexicon_idx = lexicons_.size() - 1;
  for (std::size_t entry_idx = 0; entry_idx < lexicons_.back()->entries.size(); ++entry_idx) {
    matcher_.add(lexicons_.back()->entries[entry_idx].text);
    refs_.push_back(Ref{lexicon_idx, entry_idx});
  }
}

void CueSet::build() { matcher_.build(); }

CueMatch CueSet::to_cue(const PhraseMatch& match) const {
  const Ref& ref = refs_[match.phrase];
  const Lexicon* lexicon = lexicons_[ref.lexicon].get();
  return CueMatch{match.start, match.end, lexicon, &lexicon->entries[ref.entry], match.phrase};
}

CueMatch CueSet::entry(std::size_t index) const { return to_cue(PhraseMatch{0, 0, static_cast<std::uint32_t>(index)}); }

std::vector<CueMatch> CueSet::find_all(std::string_view utf8) const {
  auto matches = matcher_.find(utf8);
  std::sort(matches.begin(), matches.end(), [](const PhraseMatch& a, const PhraseMatch& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  std::vector<CueMatch> out;
  out.reserve(matches.size());
  for (const auto& m : matches) out.push_back(to_cue(m));
  return out;
}

struct CueSet::Shared {
  LexiconMatcher matcher;
  std::uint64_t serial = 0;  // tells one shared automaton's cached scans from another's
};

void CueSet::share_scans(const std::vector<CueSet*>& sets) {
  static std::atomic<std::uint64_t> serials{0};
  auto shared = std::make_shared<Shared>();
  shared->serial = ++serials;
  std::vector<std::uint32_t> firsts;
  for (const CueSet* set : sets) {
    firsts.push_back(static_cast<std::uint32_t>(shared->matcher.phrase_count()));
    for (const Ref& ref : set->refs_) shared->matcher.add(set->lexicons_[ref.lexicon]->entries[ref.entry].text);
  }
  shared->matcher.build();
  for (std::size_t i = 0; i < sets.size(); ++i) {
    sets[i]->shared_ = shared;
    sets[i]->shared_first_ = firsts[i];
  }
}

std::vector<CueMatch> CueSet::find(std::string_view utf8) const {
  thread_local std::vector<PhraseMatch> matches;
  if (shared_) {
    // The last text scanned on this thread with the shared automaton, and every set's matches in it.
    struct Scan {
      std::uint64_t serial = 0;
      std::string text;
      std::vector<PhraseMatch> matches;
    };
    thread_local Scan scan;
    if (scan.serial != shared_->serial || scan.text != utf8) {
      scan.serial = 0;  // stays unusable if the scan throws
      shared_->matcher.find(utf8, scan.matches);
      scan.text.assign(utf8);
      scan.serial = shared_->serial;
    }
    matches.clear();
    for (const PhraseMatch& m : scan.matches) {
      const std::uint32_t local = m.phrase - shared_first_;  // wraps for the ids of sets before this one
      if (local < refs_.size()) matches.push_back(PhraseMatch{m.start, m.end, local});
    }
  } else {
    matcher_.find(utf8, matches);
  }
  keep_leftmost_longest(matches);
  std::vector<CueMatch> out;
  out.reserve(matches.size());
  for (const auto& m : matches) out.push_back(to_cue(m));
  return out;
}

bool is_letter_or_digit_beyond_ascii(char32_t c) { return u_isalnum(static_cast<UChar32>(c)) != 0; }

namespace {

// Words (runs of letters and digits) among the code points [start, end), given each one's word flag.
std::size_t count_words_in(const std::vector<std::uint8_t>& word, std::size_t start, std::size_t end) {
  std::size_t words = 0;
  bool in_word = false;
  for (std::size_t i = start; i < end; ++i) {
    const bool w = word[i] != 0;
    if (w && !in_word) ++words;
    in_word = w;
  }
  return words;
}

}  // namespace

std::vector<Quotation> find_quotations(std::string_view utf8) {
  std::vector<Quotation> out;
  // No ASCII quote and no U+20xx mark: no quotation. (A plain loop: find_first_of calls memchr per byte.)
  if (std::none_of(utf8.begin(), utf8.end(), [](char c) { return c == '"' || c == '\'' || c == '\xE2'; })) return out;
  // One pass over the UTF-8: whether each code point is a word character, and where the marks are.
  struct Mark {
    std::size_t at = 0;  // code point index
    char32_t c = 0;
  };
  thread_local std::vector<std::uint8_t> word;  // reused: no allocation per passage
  thread_local std::vector<Mark> marks;
  word.resize(utf8.size());  // never more code points than bytes
  marks.clear();
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const std::size_t n = utf8.size();
  std::size_t cps = 0;
  for (std::size_t i = 0; i < n;) {
    const unsigned char b = s[i];
    if (b < 0x80) {
      if (b == '"' || b == '\'') marks.push_back(Mark{cps, b});
      word[cps++] = k_ascii_alnum_table[b] ? 1 : 0;
      ++i;
      continue;
    }
    char32_t c;
    if (b < 0xE0) {
      c = ((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
      i += 2;
    } else if (b < 0xF0) {
      c = ((b & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
      i += 3;
    } else {
      c = ((b & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
      i += 4;
    }
    if (c >= U'\u2018' && c <= U'\u201D') marks.push_back(Mark{cps, c});
    word[cps++] = is_letter_or_digit_beyond_ascii(c) ? 1 : 0;
  }
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::size_t open_double = none;
  std::size_t open_single = none;
  auto close = [&](std::size_t& open, std::size_t end) {
    out.push_back(Quotation{open, end, count_words_in(word, open + 1, end - 1)});
    open = none;
  };
  for (const Mark& mark : marks) {
    const std::size_t i = mark.at;
    const bool prev_word = i > 0 && word[i - 1] != 0;
    const bool next_word = i + 1 < cps && word[i + 1] != 0;
    switch (mark.c) {
      case U'\u201C':
        if (open_double == none) open_double = i;
        break;
      case U'\u201D':
        if (open_double != none) close(open_double, i + 1);
        break;
      case U'"':
        if (open_double != none) {
          close(open_double, i + 1);
        } else {
          open_double = i;
        }
        break;
      case U'\u2018':
        if (!prev_word && open_single == none) open_single = i;
        break;
      case U'\u2019':
      case U'\'':
        if (open_single != none && !next_word && i > open_single + 1) {
          close(open_single, i + 1);
        } else if (mark.c == U'\'' && !prev_word && next_word && open_single == none) {
          open_single = i;
        }
        break;
      default:
        break;
    }
  }
  if (open_double != none) out.push_back(Quotation{open_double, cps, count_words_in(word, open_double + 1, cps)});
  std::sort(out.begin(), out.end(), [](const Quotation& a, const Quotation& b) { return a.start < b.start; });
  return out;
}

void append_json_quoted(std::string& out, std::string_view text) {
  out += '"';
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // Eight bytes at a time while none is a control character, '"' or '\\' (nearly all text). A byte
    // below n shows as the high bit of (w - n) & ~w; an equal byte as a zero byte of w ^ c.
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    auto zero_byte = [](std::uint64_t x) { return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull; };
    std::uint64_t w;
    while (i + 8 <= text.size() &&
           (std::memcpy(&w, text.data() + i, 8),
            (((w - 0x20 * ones) & ~w & highs) | zero_byte(w ^ ('"' * ones)) | zero_byte(w ^ ('\\' * ones))) == 0)) {
      i += 8;
    }
    if (i >= text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain_from, i - plain_from);
    plain_from = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static const char* hex = "0123456789abcdef";
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
  }
  out.append(text.data() + plain_from, text.size() - plain_from);
  out += '"';
}

std::string json_quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_json_quoted(out, text);
  return out;
}

}  // namespace credence::annotate
