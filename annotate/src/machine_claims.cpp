// machine:claim-rules: each clause of a body sentence that reads as an assertion of fact becomes a claim,
// coded by the strongest support the sentence itself gives it. Precedence follows the rubric: named
// source > anonymous source > hedge > speculation stated as fact > unsupported.
#include "credence/annotate/machine_claims.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <set>
#include <cstdint>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "credence/annotate/machine_cues.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

constexpr std::size_t k_min_claim_words = 5;
constexpr std::size_t k_source_window = 6;  // tokens either side of a report verb that may name the source

// A lower-cased word of up to 16 bytes packed into two integers: the word-list tests below are then
// integer comparisons, with no string built per token (tokenising was this annotator's hottest spot).
struct WordKey {
  std::uint64_t lo = 0, hi = 0;
  bool fits = true;  // false for longer words, which no list holds
  friend bool operator==(const WordKey& a, const WordKey& b) { return a.lo == b.lo && a.hi == b.hi && a.fits == b.fits; }
};

WordKey pack(std::string_view lower) {
  WordKey key;
  if (lower.size() > 16) {
    key.fits = false;
    return key;
  }
  for (std::size_t i = 0; i < lower.size(); ++i) {
    const auto b = static_cast<std::uint64_t>(static_cast<unsigned char>(lower[i]));
    if (i < 8) key.lo |= b << (8 * i);
    else key.hi |= b << (8 * (i - 8));
  }
  return key;
}

// A set of packed words in an open-addressing hash table (a probe or two per test; a binary search's
// unpredictable branches cost more, and assertion words are tested for every word of a clause). A bit
// per slot tells whether any word hashes to it: most words are turned away by that one cache line, not
// by a slot of the table, which other work keeps evicting.
class WordList {
 public:
  WordList(std::initializer_list<std::string_view> words) {
    std::size_t size = 64;
    while (size < 4 * words.size()) size <<= 1;
    slots_.assign(size, WordKey{});
    homes_.assign(size / 64, 0);
    mask_ = size - 1;
    for (std::string_view w : words) {
      const WordKey key = pack(w);
      std::size_t i = hash(key) & mask_;
      homes_[i / 64] |= 1ull << (i % 64);
      while (!empty(slots_[i]) && !(slots_[i] == key)) i = (i + 1) & mask_;
      slots_[i] = key;
    }
  }
  [[nodiscard]] bool contains(const WordKey& key) const {
    if (!key.fits || empty(key)) return false;
    const std::size_t home = hash(key) & mask_;
    if ((homes_[home / 64] >> (home % 64) & 1) == 0) return false;
    for (std::size_t i = home;; i = (i + 1) & mask_) {
      if (slots_[i] == key) return true;
      if (empty(slots_[i])) return false;
    }
  }

 private:
  static bool empty(const WordKey& k) { return k.lo == 0 && k.hi == 0; }  // no word packs to zero
  static std::size_t hash(const WordKey& k) {
    return static_cast<std::size_t>(((k.lo * 0x9E3779B97F4A7C15ull) ^ (k.hi * 0xC2B2AE3D27D4EB4Full)) >> 32);
  }
  std::vector<WordKey> slots_;
  std::vector<std::uint64_t> homes_;  // bit i: some word's probe starts at slot i
  std::size_t mask_ = 0;
};

struct Token {
  std::size_t start = 0;  // bytes into the passage text
  std::size_t end = 0;
  WordKey lower;          // the word lower-cased (case-folded outside ASCII), packed
  bool ends_in_ed = false;  // lower-cased form longer than 4 bytes ending in "ed"
  bool capitalised = false;
  bool has_digit = false;
  bool ascii = false;  // only ASCII characters
  bool read = false;   // lower, ends_in_ed, capitalised and has_digit are filled in (read_word)
};

const WordKey k_that = pack("that");
const WordKey k_the = pack("the");
const WordKey k_its = pack("its");

void set_lower(Token& t, std::u32string_view word) {
  // ASCII words (nearly all of English news) skip ICU: lower-cased, packed and searched for digits in
  // one loop.
  if (word.size() <= 16) {
    std::uint64_t lo = 0, hi = 0;
    bool ascii = true, digit = false;
    for (std::size_t i = 0; i < word.size() && ascii; ++i) {
      const char32_t c = word[i];
      ascii = c < 0x80;
      const char32_t lower = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
      digit = digit || (c >= '0' && c <= '9');
      if (i < 8) lo |= static_cast<std::uint64_t>(lower & 0xFF) << (8 * i);
      else hi |= static_cast<std::uint64_t>(lower & 0xFF) << (8 * (i - 8));
    }
    if (ascii) {
      t.lower.lo = lo;
      t.lower.hi = hi;
      t.lower.fits = true;
      t.has_digit = digit;
      const std::size_t n = word.size();
      t.ends_in_ed = n > 4 && (word[n - 2] | 0x20) == 'e' && (word[n - 1] | 0x20) == 'd';
      return;
    }
  }
  t.has_digit = std::any_of(word.begin(), word.end(), [](char32_t c) { return c >= U'0' && c <= U'9'; });
  std::u32string folded;
  folded.reserve(word.size());
  for (char32_t c : word) {
    folded.push_back(c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)
                              : static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)));
  }
  const std::string lower = from_u32(folded);
  t.lower = pack(lower);
  t.ends_in_ed = lower.size() > 4 && lower.compare(lower.size() - 2, 2, "ed") == 0;
}

// Eight bytes in one integer: a one in every byte, and every byte's high bit.
constexpr std::uint64_t k_ones = 0x0101010101010101ull;
constexpr std::uint64_t k_highs = 0x8080808080808080ull;

// How many of the eight bytes of `w` start a code point (are not continuation bytes, 10xxxxxx).
inline std::size_t lead_bytes_in(std::uint64_t w) {
  const std::uint64_t continuation = w & ~(w << 1) & k_highs;  // high bit set, the next bit clear
  return 8 - static_cast<std::size_t>(((continuation >> 7) * k_ones) >> 56);
}

// A passage's UTF-8, read in place: the annotator works in byte offsets and converts to code points only
// for sentences, cues and the labels it makes (no UTF-32 copy per passage).
class PassageText {
 public:
  explicit PassageText(std::string_view utf8) : s_(utf8), bytes_(reinterpret_cast<const unsigned char*>(utf8.data())) {
    // Whether every byte is below 0x80 (sixteen bytes at a time with SSE2, else eight): such a passage
    // needs no conversion.
    std::size_t i = 0;
    unsigned high = 0;
#if defined(__SSE2__)
    __m128i any = _mm_setzero_si128();
    for (; i + 16 <= utf8.size(); i += 16) {
      any = _mm_or_si128(any, _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes_ + i)));
    }
    high = static_cast<unsigned>(_mm_movemask_epi8(any));
#endif
    std::uint64_t w;
    for (; i + 8 <= utf8.size(); i += 8) {
      std::memcpy(&w, bytes_ + i, 8);
      high |= (w & k_highs) != 0;
    }
    for (; i < utf8.size(); ++i) high |= bytes_[i] >> 7;
    ascii_ = high == 0;
  }
  [[nodiscard]] std::size_t size() const { return s_.size(); }
  [[nodiscard]] std::string_view view() const { return s_; }
  [[nodiscard]] unsigned char byte(std::size_t i) const { return bytes_[i]; }
  // Code points and bytes are converted by counting lead bytes from the last position converted (eight
  // bytes at a time), or from the start when that is nearer: the annotator asks in passage order (each
  // sentence's start, its cues, its end, its labels), so a passage costs about one pass over its bytes,
  // not an index.
  // The byte where code point `cp` starts (the size for the code point count).
  [[nodiscard]] std::size_t byte_of(std::size_t cp) const {
    if (ascii_) return cp;
    if (cp < cursor_cp_ && cp < cursor_cp_ - cp) cursor_byte_ = cursor_cp_ = 0;
    std::size_t p = cursor_byte_;
    if (cp >= cursor_cp_) {
      std::size_t left = cp - cursor_cp_;  // lead bytes to pass before the one wanted
      std::uint64_t w;
      while (p + 8 <= s_.size() && (std::memcpy(&w, bytes_ + p, 8), lead_bytes_in(w) <= left)) {
        left -= lead_bytes_in(w);
        p += 8;
      }
      for (; p < s_.size(); ++p) {
        if (!is_lead(p)) continue;
        if (left == 0) break;
        --left;
      }
    } else {
      std::size_t left = cursor_cp_ - cp;  // lead bytes to pass going back, the last being the one wanted
      std::uint64_t w;
      while (p >= 8 && (std::memcpy(&w, bytes_ + p - 8, 8), lead_bytes_in(w) < left)) {
        left -= lead_bytes_in(w);
        p -= 8;
      }
      while (left > 0) left -= is_lead(--p);
    }
    cursor_byte_ = p;
    cursor_cp_ = cp;
    return p;
  }
  // The code points before byte `byte` (a byte inside a code point counts that code point).
  [[nodiscard]] std::size_t cp_of(std::size_t byte) const {
    if (ascii_) return byte;
    if (byte < cursor_byte_ && byte < cursor_byte_ - byte) cursor_byte_ = cursor_cp_ = 0;
    const bool forward = byte >= cursor_byte_;
    std::size_t p = forward ? cursor_byte_ : byte;
    const std::size_t to = forward ? byte : cursor_byte_;
    std::size_t leads = 0;  // in [p, to)
    std::uint64_t w;
    for (; p + 8 <= to; p += 8) {
      std::memcpy(&w, bytes_ + p, 8);
      leads += lead_bytes_in(w);
    }
    for (; p < to; ++p) leads += is_lead(p);
    cursor_cp_ = forward ? cursor_cp_ + leads : cursor_cp_ - leads;
    cursor_byte_ = byte;
    return cursor_cp_;
  }
  // The code point starting at byte i, and the byte after it.
  [[nodiscard]] char32_t at(std::size_t i) const { return decode(i).first; }
  [[nodiscard]] std::size_t next(std::size_t i) const { return decode(i).second; }
  // The byte where the code point ending at byte i starts, and that code point.
  [[nodiscard]] std::size_t prev(std::size_t i) const {
    do --i;
    while (i > 0 && (bytes_[i] & 0xC0) == 0x80);
    return i;
  }
  [[nodiscard]] char32_t before(std::size_t i) const { return at(prev(i)); }
  [[nodiscard]] std::pair<char32_t, std::size_t> decode(std::size_t i) const {
    const unsigned char b = bytes_[i];
    if (b < 0x80) return {b, i + 1};
    if (b < 0xE0) return {((b & 0x1Fu) << 6) | (bytes_[i + 1] & 0x3Fu), i + 2};
    if (b < 0xF0) return {((b & 0x0Fu) << 12) | ((bytes_[i + 1] & 0x3Fu) << 6) | (bytes_[i + 2] & 0x3Fu), i + 3};
    return {((b & 0x07u) << 18) | ((bytes_[i + 1] & 0x3Fu) << 12) | ((bytes_[i + 2] & 0x3Fu) << 6) | (bytes_[i + 3] & 0x3Fu),
            i + 4};
  }
  [[nodiscard]] bool word_at(std::size_t i) const {
    const unsigned char b = bytes_[i];
    return b < 0x80 ? is_ascii_alnum(b) : is_letter_or_digit_beyond_ascii(at(i));
  }

 private:
  [[nodiscard]] bool is_lead(std::size_t i) const { return (bytes_[i] & 0xC0) != 0x80; }

  std::string_view s_;
  const unsigned char* bytes_;
  bool ascii_ = true;
  // The last conversion: code points before byte cursor_byte_ (changed by the const conversions, which
  // only move it).
  mutable std::size_t cursor_byte_ = 0;
  mutable std::size_t cursor_cp_ = 0;
};

// The high bit of each of eight bytes that is an ASCII letter or digit (SWAR: the range tests run on the
// low seven bits, so no byte carries into the next, and bytes from 0x80 are masked out at the end).
inline std::uint64_t ascii_word_bytes(std::uint64_t w) {
  const std::uint64_t x = w & ~k_highs;
  auto in_range = [&](unsigned lo, unsigned hi) { return (x + (0x80 - lo) * k_ones) & ~(x + (0x80 - hi - 1) * k_ones); };
  return (in_range('0', '9') | in_range('A', 'Z') | in_range('a', 'z')) & ~w & k_highs;
}

// The end of the run of ASCII letters and digits at p: eight bytes at a time, so that a word costs one
// hard-to-predict branch at most, not one per letter.
inline const unsigned char* ascii_word_end(const unsigned char* p, const unsigned char* end) {
  while (p + 8 <= end) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t others = ~ascii_word_bytes(w) & k_highs;
    if (others != 0) return p + __builtin_ctzll(others) / 8;
    p += 8;
  }
  while (p < end && is_ascii_alnum(*p)) ++p;
  return p;
}

// The next byte from p that is an ASCII letter or digit or not ASCII at all (eight bytes at a time).
inline const unsigned char* skip_ascii_non_word(const unsigned char* p, const unsigned char* end) {
  while (p + 8 <= end) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t stops = ascii_word_bytes(w) | (w & k_highs);
    if (stops != 0) return p + __builtin_ctzll(stops) / 8;
    p += 8;
  }
  while (p < end && *p < 0x80 && !is_ascii_alnum(*p)) ++p;
  return p;
}

// Sixteen bytes from p as bit masks (bit k for byte k): the ASCII letters and digits, and the bytes from 0x80.
struct ByteMasks {
  std::uint32_t word = 0;
  std::uint32_t high = 0;
};

inline ByteMasks byte_masks(const unsigned char* p) {
#if defined(__SSE2__)
  // a byte b lies in [lo, lo + n) when b + (0x80 - lo) is below -0x80 + n as a signed byte
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));  // 'A'-'Z' onto 'a'-'z'; nothing else lands there
  const __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8(static_cast<char>(0x80 - 'a'))),
                                        _mm_set1_epi8(static_cast<char>(-0x80 + 26)));
  const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - '0'))),
                                       _mm_set1_epi8(static_cast<char>(-0x80 + 10)));
  return ByteMasks{static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(letter, digit))),
                   static_cast<std::uint32_t>(_mm_movemask_epi8(v))};
#else
  // the high bit of each byte gathered into one byte (each lands on its own bit: no carries)
  auto gather = [](std::uint64_t highs) {
    return static_cast<std::uint32_t>(((highs >> 7) * 0x0102040810204080ull) >> 56);
  };
  std::uint64_t w[2];
  std::memcpy(w, p, 16);
  return ByteMasks{gather(ascii_word_bytes(w[0])) | gather(ascii_word_bytes(w[1])) << 8,
                   gather(w[0] & k_highs) | gather(w[1] & k_highs) << 8};
#endif
}

// Per byte of eight ASCII bytes: 0x80 where the byte lies in [lo, hi] (SWAR; no carries between bytes, since
// every byte and every addend stays below 0x80).
constexpr std::uint64_t bytes_in_range(std::uint64_t x, unsigned lo, unsigned hi) {
  return (x + (0x80 - lo) * k_ones) & ~(x + (0x80 - hi - 1) * k_ones) & k_highs;
}

// Up to 16 ASCII bytes of a word, lower-cased and packed as WordKey keeps them; reports digits.
inline void pack_ascii_word(const unsigned char* p, std::size_t n, std::size_t readable, Token& t) {
  std::uint64_t half[2] = {0, 0};
#if defined(__SSE2__)
  if (readable >= 16) {
    // the n bytes kept (the rest zeroed), 'A'-'Z' given the case bit (ranges tested as in byte_masks)
    const __m128i index = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m128i kept = _mm_cmplt_epi8(index, _mm_set1_epi8(static_cast<char>(n)));
    const __m128i v = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), kept);
    const __m128i upper = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - 'A'))),
                                         _mm_set1_epi8(static_cast<char>(-0x80 + 26)));
    const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - '0'))),
                                         _mm_set1_epi8(static_cast<char>(-0x80 + 10)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(half), _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
    t.lower.lo = half[0];
    t.lower.hi = half[1];
    t.lower.fits = true;
    t.has_digit = _mm_movemask_epi8(digit) != 0;
    return;
  }
#endif
  if (readable >= 16) {
    std::memcpy(half, p, 16);
    if (n < 16) {
      if (n <= 8) {
        half[0] &= n == 8 ? ~0ull : (1ull << (8 * n)) - 1;
        half[1] = 0;
      } else {
        half[1] &= (1ull << (8 * (n - 8))) - 1;
      }
    }
  } else {
    for (std::size_t k = 0; k < n; ++k) half[k / 8] |= static_cast<std::uint64_t>(p[k]) << (8 * (k % 8));
  }
  bool digit = false;
  for (std::uint64_t& x : half) {
    x |= bytes_in_range(x, 'A', 'Z') >> 2;  // 0x80 >> 2 is the case bit
    digit = digit || bytes_in_range(x, '0', '9') != 0;
  }
  t.lower.lo = half[0];
  t.lower.hi = half[1];
  t.lower.fits = true;
  t.has_digit = digit;
}

// The bytes after which a word may go on: an apostrophe, hyphen or dot, or a byte from 0x80 (a letter or
// digit beyond ASCII, or U+2019); a word ends at any other byte.
constexpr std::array<bool, 256> k_may_join = [] {
  std::array<bool, 256> table{};
  for (std::size_t b = 0; b < 256; ++b) table[b] = b >= 0x80 || b == '\'' || b == '-' || b == '.';
  return table;
}();

// Words: runs of letters and digits, keeping inner apostrophes, hyphens and dots ("don't", "U.S.", "3.5"),
// between bytes `from` and `to`. Calls on_word(start, end, ascii) for each, in order, until it returns false.
template <typename OnWord>
void for_each_word(const PassageText& text, std::size_t from, std::size_t to, OnWord&& on_word) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.view().data());
  std::size_t i = from;
  while (i < to) {
    // The next word's first byte, and whether the ASCII letters and digits from it end within the
    // sixteen bytes looked at: one pair of masks then finds a whole short word and the gap before it.
    std::uint32_t run = 0;       // bit k: byte i + k is an ASCII letter or digit, for k < known
    std::size_t known = 0;
    if (i + 16 <= text.size()) {
      const ByteMasks m = byte_masks(bytes + i);
      const std::uint32_t stops = m.word | m.high;  // (those from `to` on end the loop below)
      if (stops == 0) {
        i += 16;
        continue;
      }
      const int k = __builtin_ctz(stops);
      i += static_cast<std::size_t>(k);
      if (i >= to) break;
      run = m.word >> k;
      known = static_cast<std::size_t>(16 - k);
    } else {
      i = static_cast<std::size_t>(skip_ascii_non_word(bytes + i, bytes + to) - bytes);
      if (i >= to) break;
    }
    if (bytes[i] >= 0x80 && !is_letter_or_digit_beyond_ascii(text.at(i))) {
      i = text.next(i);
      continue;
    }
    const auto run_length = static_cast<std::size_t>(__builtin_ctz(~run));  // at most `known`
    std::size_t j = run_length < known
                        ? std::min(i + run_length, to)
                        : static_cast<std::size_t>(ascii_word_end(bytes + std::min(i + known, to), bytes + to) - bytes);
    bool ascii = true;
    while (j < to) {
      if (!k_may_join[bytes[j]]) break;  // most words end here, at a space or a mark
      const auto [d, after] = text.decode(j);
      if (d >= 0x80 && is_letter_or_digit_beyond_ascii(d)) {
        ascii = false;
      } else if ((d == U'\'' || d == U'\u2019' || d == U'-' || d == U'.') && after < to && text.word_at(after)) {
        ascii = ascii && d < 0x80;
      } else {
        break;
      }
      j = static_cast<std::size_t>(ascii_word_end(bytes + after, bytes + to) - bytes);  // most of every word
    }
    if (!on_word(i, j, ascii)) return;
    i = j;
  }
}

// The lower-cased form, ends_in_ed and has_digit of a word that is not ASCII or is longer than 16 bytes.
void read_other_word(const PassageText& text, std::size_t i, std::size_t j, Token& t) {
  thread_local std::u32string word;
  to_u32(text.view().substr(i, j - i), word);
  set_lower(t, word);
}

// The lower-cased form, ends_in_ed and has_digit of the word at bytes [i, j): an ASCII word of up to 16
// bytes is packed sixteen or eight bytes at a time (inline: most words are read here); other words go
// through set_lower().
inline void read_lower(const PassageText& text, std::size_t i, std::size_t j, bool ascii, Token& t) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.view().data());
  const std::size_t n = j - i;
  if (ascii && n <= 16) {
    pack_ascii_word(bytes + i, n, text.size() - i, t);
    t.ends_in_ed = n > 4 && (bytes[j - 2] | 0x20) == 'e' && (bytes[j - 1] | 0x20) == 'd';
  } else {
    read_other_word(text, i, j, t);
  }
}

// The token of the word at bytes [i, j).
inline void read_word(const PassageText& text, std::size_t i, std::size_t j, bool ascii, Token& t) {
  t.start = i;
  t.end = j;
  read_lower(text, i, j, ascii, t);
  const unsigned char b = text.byte(i);
  t.capitalised = b < 0x80 ? (b >= 'A' && b <= 'Z') : u_isupper(static_cast<UChar32>(text.at(i))) != 0;
  t.ascii = ascii;
  t.read = true;
}

// The words of [from, to) as tokens with their bounds only (read_word fills in the rest where it is
// needed); fills `tokens` (cleared first; the caller reuses its buffer).
void tokenize(const PassageText& text, std::size_t from, std::size_t to, std::vector<Token>& tokens) {
  tokens.clear();
  for_each_word(text, from, to, [&](std::size_t i, std::size_t j, bool ascii) {
    Token& t = tokens.emplace_back();
    t.start = i;
    t.end = j;
    t.ascii = ascii;
    return true;
  });
}

// Words that open a sentence in capitals without naming anyone.
const WordList& plain_openers() {
  static const WordList words = {
      "the", "a", "an", "it", "this", "that", "these", "those", "there", "some", "many", "most", "several", "one",
      "two", "three", "four", "five", "all", "both", "each", "in", "on", "at", "for", "but", "and", "or", "so",
      "after", "before", "when", "while", "if", "as", "his", "her", "their", "its", "our", "my", "your", "no",
      "according", "we", "i", "you", "they", "he", "she", "other", "another", "such", "what", "who", "which",
      "residents", "people", "local", "senior", "former", "new", "said", "says", "told"};
  return words;
}

const WordList& singular_pronouns() {
  static const WordList words = {"he", "she"};
  return words;
}

// Words that show a clause makes an assertion (a finite verb form in news prose).
inline bool is_assertion_word(const Token& t) {
  static const WordList words = {
      "is", "are", "was", "were", "has", "have", "had", "will", "did", "does", "do", "been", "be", "can", "cannot",
      "could", "would", "may", "might", "must", "shall", "should", "won't", "isn't", "aren't", "wasn't", "weren't",
      "hasn't", "haven't", "hadn't", "didn't", "doesn't", "knew", "know", "knows", "made", "took", "gave", "went",
      "came", "found", "left", "kept", "paid", "sent", "told", "said", "says", "got", "began", "became", "ran",
      "fell", "rose", "held", "led", "lost", "met", "put", "set", "saw", "thought", "bought", "brought", "built",
      "spent", "won", "wrote", "killed", "died", "says", "wants", "plans", "remains", "continues", "lies"};
  return t.ends_in_ed || words.contains(t.lower);
}

struct Clause {
  std::size_t start = 0;  // bytes into the passage text
  std::size_t end = 0;
};

// The first byte from p that is ';', '-' or 0xE2 (the lead byte of U+2013 and U+2014), or `end`: only they
// can start a clause joint. Sixteen bytes at a time with SSE2 (the last few copied out, padded with zeros),
// else eight (SWAR).
inline const unsigned char* next_joint_byte(const unsigned char* p, const unsigned char* end) {
#if defined(__SSE2__)
  const __m128i semicolon = _mm_set1_epi8(';'), hyphen = _mm_set1_epi8('-');
  const __m128i dash_lead = _mm_set1_epi8(static_cast<char>(0xE2));
  auto hits = [&](const unsigned char* from) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, semicolon), _mm_cmpeq_epi8(v, hyphen)), _mm_cmpeq_epi8(v, dash_lead))));
  };
  for (; p + 16 <= end; p += 16) {
    if (const unsigned mask = hits(p); mask != 0) return p + __builtin_ctz(mask);
  }
  if (p == end) return end;
  unsigned char last[16] = {};
  std::memcpy(last, p, static_cast<std::size_t>(end - p));
  const unsigned mask = hits(last);
  return mask != 0 ? p + __builtin_ctz(mask) : end;
#else
  auto has_zero_byte = [](std::uint64_t y) { return ((y - k_ones) & ~y & k_highs) != 0; };
  std::uint64_t w;
  while (p + 8 <= end && (std::memcpy(&w, p, 8), !has_zero_byte(w ^ (';' * k_ones)) &&
                          !has_zero_byte(w ^ ('-' * k_ones)) && !has_zero_byte(w ^ (0xE2 * k_ones)))) {
    p += 8;
  }
  while (p < end && *p != ';' && *p != '-' && *p != 0xE2) ++p;
  return p;
#endif
}

// Splits a sentence at semicolons and at spaced dashes (" - ", " – ", " — "), the clause joints news
// prose uses between separate assertions.
// Fills `out` (cleared first; the caller reuses its buffer).
void clauses_of(const PassageText& text, std::size_t start, std::size_t end, std::vector<Clause>& out) {
  out.clear();
  std::size_t from = start;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.view().data());
  for (std::size_t i = start;;) {
    i = static_cast<std::size_t>(next_joint_byte(bytes + i, bytes + end) - bytes);
    if (i >= end) break;
    const auto [c, after] = text.decode(i);
    const bool dash = (c == U'-' || c == U'\u2013' || c == U'\u2014') && i > start && after < end &&
                      text.byte(i - 1) == ' ' && text.byte(after) == ' ';
    if (c == U';' || dash) {
      out.push_back(Clause{from, i});
      from = after;
    }
    i = after;
  }
  out.push_back(Clause{from, end});
}

bool is_trim_char(char32_t c) {
  return c == U' ' || c == U'\n' || c == U'\t' || c == U'.' || c == U',' || c == U';' || c == U':' || c == U'!' ||
         c == U'"' || c == U'\'' || c == U'\u201C' || c == U'\u201D' || c == U'\u2018' || c == U'\u2019' ||
         c == U'-' || c == U'\u2013' || c == U'\u2014' || c == U'(' || c == U')' || c == U'\u00A0';
}

Clause trimmed(const PassageText& text, Clause c) {
  while (c.start < c.end && is_trim_char(text.at(c.start))) c.start = text.next(c.start);
  while (c.end > c.start && is_trim_char(text.before(c.end))) c.end = text.prev(c.end);
  return c;
}

// The cue subtypes the rules tell apart (the strings of the cue files, compared once at load).
enum class CueKind : std::uint8_t {
  other, hedged, attribution, distancing, assertive, attribution_phrase, anonymous_source, speculation, opinion
};

CueKind cue_kind(std::string_view subtype) {
  static constexpr std::pair<std::string_view, CueKind> k_kinds[] = {
      {"hedged", CueKind::hedged},         {"attribution", CueKind::attribution},
      {"distancing", CueKind::distancing}, {"assertive", CueKind::assertive},
      {"attribution_phrase", CueKind::attribution_phrase}, {"anonymous_source", CueKind::anonymous_source},
      {"speculation", CueKind::speculation}, {"opinion", CueKind::opinion}};
  for (const auto& [name, k] : k_kinds) {
    if (name == subtype) return k;
  }
  return CueKind::other;
}

// The ways a claim is coded, in the order of the rules (docs/machine-annotators.md).
enum class Support : std::uint8_t { named, anonymous, pronoun, definite, hedged, speculation, unsupported };

// A coding's category and rule with the fixed parts of its evidence JSON, quoted once: a label then only
// quotes its source words.
struct Coding {
  Coding(std::string_view category_, std::string_view why)
      : category(category_), rule("claims:" + category) {
    evidence_head = "{\"rule\":" + json_quoted(rule) + ",\"entry\":";
    evidence_tail = ",\"why\":" + json_quoted(why) + "}";
  }
  std::string category;
  std::string rule;
  std::string evidence_head;  // {"rule":"claims:…","entry":
  std::string evidence_tail;  // ,"why":"…"}
};

const Coding& coding(Support support) {
  static const std::array<Coding, 7> codings = {
      Coding{"named_source", "report cue with a capitalised name in the source words"},
      Coding{"anonymous_source", "report cue with an anonymous source word"},
      Coding{"named_source", "report cue with 'he' or 'she' (a source named earlier)"},
      Coding{"named_source", "report cue with a definite description of the source"},
      Coding{"hedged", "hedge in the clause and no source"},
      Coding{"speculation_as_fact", "cue for motives, hidden actors or the future, asserted without source or hedge"},
      Coding{"unsupported", "assertion with no source, hedge or speculation cue"}};
  return codings[static_cast<std::size_t>(support)];
}

class ClaimsAnnotator final : public MachineAnnotator {
 public:
  ClaimsAnnotator(Rubric rubric, std::string dimension_id) : rubric_(std::move(rubric)) {
    dimension_ = rubric_.find_dimension(dimension_id);
  }
  CueSet& cues() { return cues_; }
  // After the cues are built: each entry's kind and its text JSON-quoted, by CueMatch::index.
  void prepare() {
    kinds_.clear();
    quoted_entries_.clear();
    for (std::size_t i = 0; i < cues_.entry_count(); ++i) {
      const LexiconEntry& entry = *cues_.entry(i).entry;
      kinds_.push_back(cue_kind(entry.subtype));
      quoted_entries_.push_back(json_quoted(entry.text));
    }
  }

  [[nodiscard]] std::string name() const override { return "claim-rules"; }
  [[nodiscard]] std::string version() const override { return "1.0"; }
  [[nodiscard]] const Rubric& rubric() const override { return rubric_; }
  [[nodiscard]] const RubricDimension& dimension() const override { return *dimension_; }
  std::vector<CueSet*> cue_sets() override { return {&cues_}; }

  void annotate_passage(const Article& article, const Passage& passage, std::vector<MachineLabel>& out) const override {
    if (passage.sentences.empty()) return;
    const PassageText text(passage.text);
    thread_local std::vector<CueMatch> all_cues;  // (reused: no allocation per passage)
    cues_.find(passage.text, all_cues);
    // Each cue's bytes, parallel to all_cues: converted sentence by sentence, those that start before the
    // sentence's end (all the sentence's clauses can ask about), so that the conversions run through the
    // passage once, in order.
    thread_local std::vector<Clause> cue_bytes;
    cue_bytes.clear();
    for (const auto& sentence : passage.sentences) {
      if (sentence.start < passage.start || sentence.end > passage.end || sentence.start >= sentence.end) continue;
      const std::size_t s_start = text.byte_of(sentence.start - passage.start);
      while (cue_bytes.size() < all_cues.size() && all_cues[cue_bytes.size()].start < sentence.end - passage.start) {
        const CueMatch& c = all_cues[cue_bytes.size()];
        cue_bytes.push_back(Clause{text.byte_of(c.start), text.byte_of(c.end)});
      }
      const std::size_t s_end = text.byte_of(sentence.end - passage.start);
      // A question is not an assertion.
      std::size_t last = s_end;
      while (last > s_start) {
        const char32_t c = text.before(last);
        if (!is_trim_char(c) || c == U'!') break;
        last = text.prev(last);
      }
      if (last < s_end && text.byte(last) == '?') continue;
      if (last > s_start && text.byte(last - 1) == '?') continue;
      thread_local std::vector<Clause> clauses;
      clauses_of(text, s_start, s_end, clauses);
      for (const Clause& raw : clauses) {
        classify(passage, text, trimmed(text, raw), all_cues, cue_bytes, out);
      }
    }
  }

 private:
  void classify(const Passage& passage, const PassageText& text, Clause clause, const std::vector<CueMatch>& all_cues,
                const std::vector<Clause>& cue_bytes, std::vector<MachineLabel>& out) const {
    if (clause.end <= clause.start) return;
    // all_cues is ordered by start: binary search keeps long passages linear, not quadratic.
    // The clause's cues, with their bytes. all_cues is ordered by start: binary search keeps long passages
    // linear, not quadratic.
    thread_local std::vector<const CueMatch*> cues;
    thread_local std::vector<Clause> cue_span;
    cues.clear();
    cue_span.clear();
    auto it = std::lower_bound(cue_bytes.begin(), cue_bytes.end(), clause.start,
                               [](const Clause& c, std::size_t pos) { return c.start < pos; });
    for (; it != cue_bytes.end() && it->start < clause.end; ++it) {
      if (it->end <= clause.end) {
        cues.push_back(&all_cues[static_cast<std::size_t>(it - cue_bytes.begin())]);
        cue_span.push_back(*it);
      }
    }
    auto span_of = [&](const CueMatch* c) { return cue_span[static_cast<std::size_t>(std::find(cues.begin(), cues.end(), c) - cues.begin())]; };
    auto kind = [&](const CueMatch* c) { return kinds_[c->index]; };
    auto first_of = [&](CueKind k) -> const CueMatch* {
      for (const CueMatch* c : cues) {
        if (kind(c) == k) return c;
      }
      return nullptr;
    };
    // An opinion marker makes the clause an opinion, not a claim: no label (and no need to read its words).
    if (first_of(CueKind::opinion) != nullptr) return;
    // The last report verb (attributions usually close the sentence); a bare attribution phrase
    // ("in a statement") only when there is no verb.
    const CueMatch* report = nullptr;
    const CueMatch* phrase_cue = nullptr;
    for (const CueMatch* c : cues) {
      const CueKind k = kind(c);
      if (k == CueKind::attribution || k == CueKind::distancing || k == CueKind::assertive) report = c;
      if (k == CueKind::attribution_phrase) phrase_cue = c;
    }
    if (report == nullptr) report = phrase_cue;
    thread_local std::vector<Token> token_buffer;
    std::vector<Token>& tokens = token_buffer;
    // A report clause needs every word's bounds but the words themselves only near the cue: each is read
    // the first time it is asked for.
    auto word = [&](std::size_t i) -> const Token& {
      Token& t = tokens[i];
      if (!t.read) read_word(text, t.start, t.end, t.ascii, t);
      return t;
    };
    bool assertion = false;
    if (report == nullptr) {
      // Without a report cue only whether the clause has enough words and one that shows an assertion
      // matter: words are read (packed, looked up) only until one does, and counted only until there
      // are enough.
      std::size_t words = 0;
      for_each_word(text, clause.start, clause.end, [&](std::size_t i, std::size_t j, bool ascii) {
        ++words;
        if (!assertion) {
          Token t;
          read_lower(text, i, j, ascii, t);
          assertion = t.has_digit || is_assertion_word(t);
        }
        return !assertion || words < k_min_claim_words;
      });
      if (words < k_min_claim_words || !assertion) return;
    } else {
      tokenize(text, clause.start, clause.end, token_buffer);
      if (tokens.size() < k_min_claim_words) return;
    }
    // Whether a word shows an assertion: known for a clause without a report cue; in a report clause it
    // matters only if the clause is coded unsupported, so its words are read for it only then.
    auto asserts = [&] {
      if (report == nullptr) return assertion;
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (word(i).has_digit || is_assertion_word(word(i))) return true;
      }
      return false;
    };

    Clause span = clause;
    std::optional<Support> support;
    const CueMatch* fired = nullptr;  // the cue behind the coding (none for unsupported)
    double confidence = 0.0;
    thread_local std::string source_words;  // reused: no allocation per clause
    source_words.clear();

    if (report != nullptr) {
      const bool phrase = kind(report) == CueKind::attribution_phrase;
      // Token positions of the cue (tokens are in order: a binary search finds the first).
      const Clause report_span = span_of(report);
      std::size_t cue_first = tokens.size(), cue_last = 0;
      const auto at_cue = std::lower_bound(tokens.begin(), tokens.end(), report_span.start,
                                           [](const Token& t, std::size_t pos) { return t.start < pos; });
      for (auto i = static_cast<std::size_t>(at_cue - tokens.begin());
           i < tokens.size() && tokens[i].start < report_span.end; ++i) {
        if (tokens[i].end <= report_span.end) {
          cue_first = std::min(cue_first, i);
          cue_last = std::max(cue_last, i);
        }
      }
      if (cue_first == tokens.size()) cue_first = cue_last = 0;
      auto comma_between = [&](std::size_t a, std::size_t b) {  // a punctuation stop between tokens a and b
        for (std::size_t k = tokens[a].end; k < tokens[b].start; k = text.next(k)) {
          const char32_t c = text.at(k);
          if (c == U',' || c == U':' || c == U'"' || c == U'\u201C' || c == U'\u201D') return true;
        }
        return false;
      };
      // The source: the words before the verb back to a comma ("..., the company said"), or after it up
      // to a comma ("said Mayor X", "according to X, ...").
      thread_local std::vector<std::size_t> window;
      window.clear();
      if (!phrase && cue_first > 0) {
        for (std::size_t i = cue_first; i-- > 0 && cue_first - i <= k_source_window;) {
          if (comma_between(i, i + 1)) break;
          window.push_back(i);
        }
      }
      if (window.empty()) {
        for (std::size_t i = cue_last + 1; i < tokens.size() && i - cue_last <= k_source_window; ++i) {
          if (comma_between(i - 1, i)) break;
          if (word(i).lower == k_that) break;
          window.push_back(i);
        }
      }
      std::sort(window.begin(), window.end());
      bool named = false, anonymous = false, pronoun = false;
      for (std::size_t i : window) {
        const Token& t = word(i);
        const bool anon_word = std::any_of(cues.begin(), cues.end(), [&](const CueMatch* c) {
          if (kind(c) != CueKind::anonymous_source) return false;
          const Clause cs = span_of(c);
          return cs.start <= t.start && t.end <= cs.end;
        });
        if (anon_word) anonymous = true;
        else if (singular_pronouns().contains(t.lower)) pronoun = true;
        else if (t.capitalised && (i > 0 || !plain_openers().contains(t.lower))) named = true;
        if (!source_words.empty()) source_words += ' ';
        source_words += text.view().substr(t.start, t.end - t.start);
      }
      const bool definite = !window.empty() && (word(window.front()).lower == k_the || word(window.front()).lower == k_its);
      if (named || pronoun || anonymous || definite) {
        if (named) {
          support = Support::named;
          confidence = 0.7;
        } else if (anonymous) {
          support = Support::anonymous;
          confidence = 0.7;
        } else if (pronoun) {
          support = Support::pronoun;
          confidence = 0.5;
        } else {
          support = Support::definite;
          confidence = 0.45;
        }
        fired = report;
        // The claim is the clause without its attribution.
        const std::size_t attr_first = window.empty() ? cue_first : std::min(cue_first, window.front());
        const std::size_t attr_last = window.empty() ? cue_last : std::max(cue_last, window.back());
        if (attr_first > 0 && comma_between(attr_first - 1, attr_first)) {
          span = Clause{clause.start, tokens[attr_first].start};
          if (attr_last + 1 < tokens.size() && comma_between(attr_last, attr_last + 1) && tokens.size() - attr_last > 3) {
            // "X, officials said, Y": the claim runs on after the attribution.
            span = clause;
          }
        } else if (attr_first <= 1 || (!window.empty() && window.front() == 0)) {
          // The attribution leads the clause: the claim follows the verb, its source ("said Mayor X,",
          // "according to X,") or its addressee up to "that" ("told reporters that").
          std::size_t next = !window.empty() && window.front() > cue_last ? window.back() + 1 : cue_last + 1;
          for (std::size_t k = next; k < tokens.size() && k < next + 5; ++k) {
            if (k > next && comma_between(k - 1, k)) break;
            if (word(k).lower == k_that) {
              next = k + 1;
              break;
            }
          }
          if (next < tokens.size()) span = Clause{tokens[next].start, clause.end};
        }
        span = trimmed(text, span);
        // (the span starts at a word or the clause's start and ends at a word's end or the clause's: the
        // clause's own words inside it are the words it would be split into)
        const auto span_words = std::count_if(tokens.begin(), tokens.end(), [&](const Token& t) {
          return t.start >= span.start && t.end <= span.end;
        });
        if (span.end <= span.start || span_words < 3) span = clause;
      }
    }
    if (!support) {
      source_words.clear();  // a report verb without a recognisable source ("want us to say") supports nothing
      const CueMatch* hedge = nullptr;
      for (const CueMatch* c : cues) {
        if (kind(c) == CueKind::hedged && (hedge == nullptr || c->entry->weight > hedge->entry->weight)) hedge = c;
      }
      const CueMatch* speculation = first_of(CueKind::speculation);
      if (hedge != nullptr && hedge->entry->weight >= 0.5) {
        support = Support::hedged;
        confidence = 0.8 * hedge->entry->weight;
        fired = hedge;
      } else if (speculation != nullptr) {
        support = Support::speculation;
        confidence = 0.7 * speculation->entry->weight;
        fired = speculation;
      } else if (asserts()) {
        support = Support::unsupported;
        confidence = 0.35;
      } else {
        return;
      }
    }
    const Coding& code = coding(*support);
    MachineLabel& label = out.emplace_back();
    label.dimension = dimension_->id;
    label.unit = UnitKind::span;
    label.passage_index = passage.index;
    label.start = passage.start + text.cp_of(span.start);
    label.end = passage.start + text.cp_of(span.end);
    label.category = code.category;
    label.confidence = confidence;
    label.rule = code.rule;
    const std::string_view entry_json = fired != nullptr ? std::string_view(quoted_entries_[fired->index]) : "\"\"";
    if (fired != nullptr) label.entry = fired->entry->text;
    std::string& ev = label.evidence;
    ev.reserve(code.evidence_head.size() + entry_json.size() + (source_words.empty() ? 0 : 20 + source_words.size()) +
               code.evidence_tail.size());
    ev += code.evidence_head;
    ev += entry_json;
    if (!source_words.empty()) {
      ev += ",\"source_words\":";
      append_json_quoted(ev, source_words);
    }
    ev += code.evidence_tail;
  }

  Rubric rubric_;
  const RubricDimension* dimension_ = nullptr;
  CueSet cues_;
  std::vector<CueKind> kinds_;               // by CueMatch::index
  std::vector<std::string> quoted_entries_;  // by CueMatch::index
};

}  // namespace

std::unique_ptr<MachineAnnotator> make_claims_annotator(const Rubric& rubric, const std::filesystem::path& rubric_dir,
                                                        std::vector<Diagnostic>& diagnostics) {
  const std::string dimension_id = "claim_support";
  const RubricDimension* dimension = rubric.find_dimension(dimension_id);
  const std::string where = rubric.path.empty() ? rubric.id : rubric.path;
  if (dimension == nullptr) {
    diagnostics.push_back(error_in(where, "rubric '" + rubric.id + "' has no dimension '" + dimension_id +
                                              "'; the claim-rules annotator needs it"));
    return nullptr;
  }
  for (const char* category : {"named_source", "anonymous_source", "hedged", "unsupported", "speculation_as_fact"}) {
    if (dimension->find_category(category) == nullptr) {
      diagnostics.push_back(error_in(where, "dimension '" + dimension_id + "' has no category '" + category +
                                                "'; the claim-rules annotator codes claims with it"));
      return nullptr;
    }
  }
  auto annotator = std::make_unique<ClaimsAnnotator>(rubric, dimension_id);
  const std::set<std::string> subtypes = {"hedged",        "attribution",      "distancing",  "assertive",
                                          "attribution_phrase", "anonymous_source", "speculation", "opinion"};
  std::vector<std::string> files = dimension->lexicons;
  files.emplace_back("rules/claim_cues.tsv");
  for (const auto& file : files) annotator->cues().add_file(rubric_dir / file, file, subtypes, diagnostics);
  if (!annotator->cues().ok()) return nullptr;
  annotator->cues().build();
  annotator->prepare();
  return annotator;
}

}  // namespace credence::annotate
