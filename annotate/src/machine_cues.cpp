// Cue sets (many lexicons, one automaton) and the quotation scanner used by the machine annotators.
#include "credence/annotate/machine_cues.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>

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
  std::vector<CueMatch> out;
  find(utf8, out);
  return out;
}

void CueSet::find(std::string_view utf8, std::vector<CueMatch>& out) const {
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
  out.clear();
  for (const auto& m : matches) out.push_back(to_cue(m));
}

bool is_letter_or_digit_beyond_ascii(char32_t c) { return u_isalnum(static_cast<UChar32>(c)) != 0; }

namespace {

constexpr std::uint64_t k_byte_ones = 0x0101010101010101ull;
constexpr std::uint64_t k_byte_highs = 0x8080808080808080ull;

// Non-zero when some byte of `word` may be '"' or '\'' (0x22, 0x27; the mask also lets '#' and '&' through,
// which differ from them in the same two bits). Exact for the word as a whole, not per byte, but its lowest
// set bit is exactly the first such byte.
inline std::uint64_t may_hold_ascii_mark(std::uint64_t word) {
  const std::uint64_t quote = (word ^ (k_byte_ones * '"')) & (k_byte_ones * 0xFA);
  return (quote - k_byte_ones) & ~quote & k_byte_highs;
}

// The same, and 0xE2 (the first byte of U+2018..U+201D).
inline std::uint64_t may_hold_mark(std::uint64_t word) {
  const std::uint64_t e2 = word ^ (k_byte_ones * 0xE2);
  return may_hold_ascii_mark(word) | ((e2 - k_byte_ones) & ~e2 & k_byte_highs);
}

// 1 in the byte lane of each UTF-8 continuation byte (10xxxxxx) of `word`.
inline std::uint64_t continuation_lanes(std::uint64_t word) { return (word & ~(word << 1) & k_byte_highs) >> 7; }

// The sum of the eight byte lanes.
inline std::size_t lane_sum(std::uint64_t lanes) {
  const std::uint64_t pairs = (lanes & 0x00FF00FF00FF00FFull) + ((lanes >> 8) & 0x00FF00FF00FF00FFull);
  return static_cast<std::size_t>((pairs * 0x0001000100010001ull) >> 48);
}

// Code points starting in the bytes [from, to): a few bytes at most here.
inline std::size_t lead_bytes(const unsigned char* s, std::size_t from, std::size_t to) {
  std::size_t leads = 0;
  for (std::size_t i = from; i < to; ++i) leads += (s[i] & 0xC0u) != 0x80u;
  return leads;
}

// The bytes a quotation mark starts with: '"', '\'' and the lead byte of U+2018..U+201D (E2 80 98..9D).
constexpr std::array<bool, 256> k_mark_lead = [] {
  std::array<bool, 256> table{};
  table['"'] = table['\''] = table[0xE2] = true;
  return table;
}();

// The code point starting at byte `i` of valid UTF-8, and its length in bytes.
inline char32_t decode_at(const unsigned char* s, std::size_t i, std::size_t& length) {
  const unsigned char b = s[i];
  if (b < 0x80) {
    length = 1;
    return b;
  }
  if (b < 0xE0) {
    length = 2;
    return ((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
  }
  if (b < 0xF0) {
    length = 3;
    return ((b & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
  }
  length = 4;
  return ((b & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
}

inline bool word_char_at(const unsigned char* s, std::size_t i) {
  if (s[i] < 0x80) return k_ascii_alnum_table[s[i]];
  std::size_t length;
  return is_letter_or_digit_beyond_ascii(decode_at(s, i, length));
}

// The code point ending just before byte `i` (i > 0).
inline bool word_char_before(const unsigned char* s, std::size_t i) {
  std::size_t j = i - 1;
  while ((s[j] & 0xC0u) == 0x80u) --j;
  return word_char_at(s, j);
}

// Bit 7 of each byte of an ASCII `word` that is a letter or digit (as k_ascii_alnum_table): each range
// test adds to every byte so that its high bit tells whether it reaches the bound (no byte carries over).
inline std::uint64_t ascii_alnum_bits(std::uint64_t word) {
  const std::uint64_t folded = word | (k_byte_ones * 0x20);  // 'A'..'Z' onto 'a'..'z', nothing else into it
  const std::uint64_t letter = (folded + k_byte_ones * (0x80 - 'a')) & ~(folded + k_byte_ones * (0x7F - 'z'));
  const std::uint64_t digit = (word + k_byte_ones * (0x80 - '0')) & ~(word + k_byte_ones * (0x7F - '9'));
  return (letter | digit) & k_byte_highs;
}

// Words (runs of letters and digits) in the bytes [from, to), which begin and end at code point edges.
std::size_t count_words_in(const unsigned char* s, std::size_t from, std::size_t to) {
  std::size_t words = 0;
  bool in_word = false;
  for (std::size_t i = from; i < to;) {
    std::uint64_t word;
    if (to - i >= 8 && (std::memcpy(&word, s + i, 8), (word & k_byte_highs) == 0)) {
      // Eight ASCII bytes: a word starts at each letter or digit that follows none.
      const std::uint64_t alnum = ascii_alnum_bits(word);
      const std::uint64_t starts = alnum & ~((alnum << 8) | (in_word ? 0x80u : 0u));
      words += lane_sum(starts >> 7);
      in_word = (alnum >> 63) != 0;
      i += 8;
      continue;
    }
    bool w;
    if (s[i] < 0x80) {
      w = k_ascii_alnum_table[s[i]];
      ++i;
    } else {
      std::size_t length;
      w = is_letter_or_digit_beyond_ascii(decode_at(s, i, length));
      i += length;
    }
    words += w && !in_word;
    in_word = w;
  }
  return words;
}

}  // namespace

// Only the marks are decoded, with the code points either side of a single mark (its word edges); code
// points are counted on the bytes between marks, and words only inside a quotation once it closes.
std::vector<Quotation> find_quotations(std::string_view utf8) {
  std::vector<Quotation> out;
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const std::size_t n = utf8.size();
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  struct Open {
    std::size_t at = none;  // code point of the mark
    std::size_t inner = 0;  // byte just after it
  };
  Open open_double;
  Open open_single;
  std::size_t counted = 0;  // code points before byte counted_to
  std::size_t counted_to = 0;
  auto close = [&](Open& open, std::size_t end, std::size_t inner_end) {
    out.push_back(Quotation{open.at, end, count_words_in(s, open.inner, inner_end)});
    open.at = none;
  };
  // The mark (if any) whose first byte is at `p`.
  auto visit = [&](std::size_t p) {
    char32_t c = s[p];
    std::size_t length = 1;
    if (c == 0xE2) {
      if (p + 2 >= n || s[p + 1] != 0x80 || s[p + 2] < 0x98 || s[p + 2] > 0x9D) return;
      c = 0x2000 | (s[p + 2] & 0x3Fu);
      length = 3;
    }
    counted += lead_bytes(s, counted_to, p);
    counted_to = p;
    const std::size_t i = counted;
    const std::size_t after = p + length;
    auto prev_word = [&] { return p > 0 && word_char_before(s, p); };
    auto next_word = [&] { return after < n && word_char_at(s, after); };
    switch (c) {
      case U'\u201C':
        if (open_double.at == none) open_double = Open{i, after};
        break;
      case U'\u201D':
        if (open_double.at != none) close(open_double, i + 1, p);
        break;
      case U'"':
        if (open_double.at != none) {
          close(open_double, i + 1, p);
        } else {
          open_double = Open{i, after};
        }
        break;
      case U'\u2018':
        if (open_single.at == none && !prev_word()) open_single = Open{i, after};
        break;
      case U'\u2019':
      case U'\'':
        if (open_single.at != none && i > open_single.at + 1 && !next_word()) {
          close(open_single, i + 1, p);
        } else if (c == U'\'' && open_single.at == none && !prev_word() && next_word()) {
          open_single = Open{i, after};
        }
        break;
      default:
        break;
    }
  };
  std::size_t p = 0;
  // Eight bytes at a time: most words of text hold no mark, and their code points are counted in byte
  // lanes (at most 255 words before the lanes are summed). The lowest flagged byte of a word is exactly
  // the first candidate in it; the scan goes on from the byte after it.
  while (n - p >= 8) {
    const std::size_t stop = p + 8 * std::min<std::size_t>(255, (n - p) / 8);
    std::uint64_t lanes = 0;
    std::uint64_t word = 0;
    std::uint64_t candidates = 0;
    for (; p < stop; p += 8) {
      std::memcpy(&word, s + p, 8);
      if ((word & k_byte_highs) == 0) {  // ASCII: no curly mark, no continuation byte
        candidates = may_hold_ascii_mark(word);
        if (candidates != 0) break;
        continue;
      }
      candidates = may_hold_mark(word);
      if (candidates != 0) break;
      lanes += continuation_lanes(word);
    }
    counted += (p - counted_to) - lane_sum(lanes);
    counted_to = p;
    if (candidates == 0) continue;
    // The candidate, and the code points before it in its word; it is a lead byte itself.
    const std::size_t offset = static_cast<std::size_t>(__builtin_ctzll(candidates)) / 8;
    const std::uint64_t before = continuation_lanes(word) & ((std::uint64_t{1} << (8 * offset)) - 1);
    counted += offset - lane_sum(before);
    counted_to = p + offset;
    if (k_mark_lead[s[counted_to]]) visit(counted_to);
    p = ++counted_to;
    ++counted;
  }
  for (; p < n; ++p) {
    if (k_mark_lead[s[p]]) visit(p);
  }
  if (open_double.at != none) {
    const std::size_t end = counted + lead_bytes(s, counted_to, n);
    out.push_back(Quotation{open_double.at, end, count_words_in(s, open_double.inner, n)});
  }
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
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
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
