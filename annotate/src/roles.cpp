// Passage roles by rules and scores: jusText-style length / stop-word / link-density classes with
// context smoothing, plus phrase lists for boilerplate, bylines, captions and comment-thread starts.
#include "credence/annotate/roles.hpp"
#include "credence/annotate/text.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace credence::annotate {

namespace {

// ---------------------------------------------------------------------------------------------
// Word lists. They describe English news pages in general; none is tuned to a particular site.

// Common English function words (jusText's measure: body prose is rich in them, menus are not).
constexpr std::string_view k_stop_words[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
    "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "even", "ever",
    "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "it's",
    "its", "itself", "just", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "neither",
    "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "others", "our",
    "ours", "out", "over", "own", "same", "she", "should", "since", "so", "some", "still", "such", "than",
    "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
    "this", "those", "though", "through", "thus", "to", "too", "under", "until", "up", "upon", "us",
    "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom",
    "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "said",
    "says", "according", "many", "two", "three", "new", "first", "last", "around", "across", "among",
    "already", "although", "amid", "another", "back", "instead", "least", "less"};

struct PhraseFamily {
  std::string_view name;
  std::vector<std::string_view> anywhere;  // specific enough to count in any passage
};

// Phrases that mark page furniture wherever they occur (a long passage needs two of them).
const std::vector<PhraseFamily>& phrase_families() {
  static const std::vector<PhraseFamily> families = {
      {"donation",
       {"donate", "donation", "donations", "paypal", "patreon", "support us", "support our work",
        "support our journalism", "support independent", "become a patron", "become a supporter",
        "make a contribution", "contribute now", "buy me a coffee", "tip jar", "crowdfund", "bitcoin", "btc:",
        "eth:", "every contribution", "reader-supported", "reader supported", "we rely on readers",
        "become a member", "membership"}},
      {"newsletter",
       {"newsletter", "subscribe", "subscription", "sign up", "sign-up", "your inbox", "email address",
        "e-mail address", "successfully subscribed", "unsubscribe", "please try again", "privacy policy",
        "gdpr", "marketing", "we use cookies", "cookie policy", "cookie settings", "accept cookies",
        "accept all", "manage preferences", "terms of service", "terms of use"}},
      {"share",
       {"share this", "share on", "share buttons", "share the article", "share via", "tweet this", "follow us",
        "like us on", "join us on", "whatsapp", "linkedin", "pinterest", "email this", "print this",
        "crosspost", "cross-post", "forward this article", "click the share"}},
      {"legal",
       {"copyright", "\xC2\xA9", "all rights reserved", "fair use", "disclaimer", "sole responsibility",
        "terms and conditions", "without permission", "reprinted with permission", "republish",
        "original source of this article", "views expressed", "do not necessarily reflect", "media inquiries",
        "press inquiries", "contact us", "editorial policy", "corrections policy", "copyrighted material"}},
      {"navigation",
       {"skip to content", "skip to main", "main menu", "home page", "homepage", "drop down menu",
        "drop-down menu", "previous article", "next article", "previous post", "next post", "back to top",
        "read more", "continue reading", "load more", "more stories", "latest news", "most popular",
        "most read", "trending now", "related articles", "related posts", "related stories", "related content",
        "you may also like", "you might also like", "recommended for you", "view all posts", "all articles by",
        "articles by:", "posts by", "translate website", "click here"}},
      {"commerce",
       {"advertisement", "sponsored content", "sponsored by", "click to order", "order now", "buy now",
        "special price", "list price", "isbn", "shop now", "free shipping", "add to cart"}},
  };
  return families;
}

struct AnchoredPhrase {
  std::string_view phrase;  // matched at the start of the passage
  std::string_view family;
};

// Labels that open a furniture line ("Tags: ...", "Disclaimer: ...").
constexpr std::array<AnchoredPhrase, 22> k_anchored = {{
    {"tags", "tags"},           {"tagged", "tags"},         {"filed under", "tags"},
    {"categories", "tags"},     {"category:", "tags"},      {"topics:", "tags"},
    {"keywords", "tags"},       {"region:", "tags"},        {"theme:", "tags"},
    {"section:", "tags"},       {"related:", "navigation"}, {"see also", "navigation"},
    {"related", "navigation"},  {"note to readers", "share"}, {"disclaimer", "legal"},
    {"copyright", "legal"},     {"\xC2\xA9", "legal"},      {"advertisement", "commerce"},
    {"sponsored", "commerce"},  {"share", "share"},         {"read more", "navigation"},
    {"more on this", "navigation"},
}};

// Phrases by first byte, as bits of their indices in `items` (at most 32): the phrases that can
// start a text are then tried without looking at the others.
template <typename T, std::size_t N, typename PhraseOf>
constexpr std::array<std::uint32_t, 256> by_first_byte(const std::array<T, N>& items, PhraseOf phrase_of) {
  static_assert(N <= 32);
  std::array<std::uint32_t, 256> table{};
  for (std::size_t k = 0; k < N; ++k) {
    table[static_cast<unsigned char>(phrase_of(items[k]).front())] |= std::uint32_t{1} << k;
  }
  return table;
}
constexpr std::array<std::uint32_t, 256> k_anchored_by_first_byte =
    by_first_byte(k_anchored, [](const AnchoredPhrase& a) { return a.phrase; });

// Menu and widget words: they only count in a passage of a few words ("Menu Close", "Share Tweet").
constexpr std::array<std::string_view, 40> k_short_only = {
    "menu", "close", "search", "home", "log in", "login", "log out", "sign in", "register", "subscribe",
    "share", "print", "email", "e-mail", "next", "previous", "prev", "tweet", "facebook", "twitter",
    "whatsapp", "reddit", "telegram", "feedback", "contact", "about us", "latest", "trending", "popular",
    "support", "donate", "newsletter", "toggle", "navigation", "skip", "advertise", "careers", "rss",
    "sitemap", "archives"};

constexpr std::array<std::string_view, 23> k_months = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov"};

// The first letters of the month names (a word starting otherwise is compared with none of them).
constexpr std::array<bool, 256> k_month_initial = [] {
  std::array<bool, 256> table{};
  for (std::string_view m : k_months) table[static_cast<unsigned char>(m.front())] = true;
  return table;
}();

// Caption words: a picture noun early in a short passage and a showing verb make it a caption.
constexpr std::string_view k_caption_nouns[] = {
    "photo", "photos", "photograph", "photographs", "image", "images", "picture", "pictures", "screenshot",
    "screengrab", "footage", "still", "map", "graphic"};
constexpr std::string_view k_caption_verbs[] = {"showing", "shows", "shown", "depicting", "depicts", "pictured",
                                                "seen"};

// How captions start.
constexpr std::array<std::string_view, 22> k_caption_prefixes = {
    "photo:", "photo by", "photo credit", "photograph:", "photograph by", "photographs:", "image:",
    "image credit", "image-", "image via", "image source", "picture:", "pictured:", "caption:", "credit:",
    "(photo", "(image", "(picture", "[photo", "[image", "file photo", "photo -"};

constexpr std::array<std::uint32_t, 256> k_caption_prefixes_by_first_byte =
    by_first_byte(k_caption_prefixes, [](std::string_view p) { return p; });

// ---------------------------------------------------------------------------------------------
// Small text helpers (ASCII case folding is enough for the phrase lists, which are ASCII).


// Lower-cases ASCII, folds curly apostrophes/quotes to ASCII and dashes to '-'. Non-ASCII bytes stay.
constexpr std::array<unsigned char, 256> k_ascii_lower = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 0; c < 256; ++c) table[static_cast<std::size_t>(c)] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return table;
}();

// Eight ASCII bytes lower-cased at once (every byte below 0x80, so no sum carries into the next byte).
constexpr std::uint64_t ascii_lower8(std::uint64_t x) {
  constexpr std::uint64_t k_high = 0x8080808080808080ull;
  const std::uint64_t at_least_a = x + 0x3F3F3F3F3F3F3F3Full;  // high bit set where the byte >= 'A'
  const std::uint64_t above_z = x + 0x2525252525252525ull;     // high bit set where the byte > 'Z'
  return x | (((at_least_a & ~above_z) & k_high) >> 2);
}

inline std::uint64_t load_u64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// The first `bytes` (at most 8) bytes of `v`, the rest zero.
constexpr std::uint64_t low_bytes(std::uint64_t v, std::size_t bytes) {
  return bytes >= 8 ? v : v & ((std::uint64_t{1} << (8 * bytes)) - 1);
}

// Folds `text` into `out` (room for text.size() bytes) and returns the folded length; `code_points`
// gets code_point_count(text), counted on the way. Runs of eight ASCII bytes are lowered together.
std::size_t fold_to(std::string_view text, char* out, std::size_t& code_points) {
  const char* s = text.data();
  const std::size_t n = text.size();
  char* o = out;
  std::size_t cps = 0;
  std::size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    // sixteen ASCII bytes at a time (the output never runs ahead of the input, so it has room)
    const __m128i below_a = _mm_set1_epi8('A' - 1), above_z = _mm_set1_epi8('Z' + 1), case_bit = _mm_set1_epi8(0x20);
    while (i + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      if (_mm_movemask_epi8(v) != 0) break;
      const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, below_a), _mm_cmpgt_epi8(above_z, v));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(o), _mm_or_si128(v, _mm_and_si128(upper, case_bit)));
      o += 16;
      i += 16;
      cps += 16;
    }
    if (i == n) break;
    // the last few bytes, when the sixteen that end the text are ASCII: lowered together, those before
    // `i` written again as they were (as ASCII, each is one byte of the output, right before `o`)
    if (n - i < 16 && n >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n - 16));
      if (_mm_movemask_epi8(v) == 0) {
        const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, below_a), _mm_cmpgt_epi8(above_z, v));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(o - (i - (n - 16))), _mm_or_si128(v, _mm_and_si128(upper, case_bit)));
        o += n - i;
        cps += n - i;
        break;
      }
    }
#endif
    if (i + 8 <= n) {
      const std::uint64_t x = load_u64(s + i);
      if ((x & 0x8080808080808080ull) == 0) {
        const std::uint64_t lower = ascii_lower8(x);
        std::memcpy(o, &lower, sizeof lower);
        o += 8;
        i += 8;
        cps += 8;
        continue;
      }
    }
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) ++cps;
    if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      const unsigned char c2 = static_cast<unsigned char>(s[i + 2]);
      if (c2 == 0x98 || c2 == 0x99) { *o++ = '\''; i += 3; continue; }
      if (c2 == 0x9C || c2 == 0x9D) { *o++ = '"'; i += 3; continue; }
      if (c2 == 0x93 || c2 == 0x94) { *o++ = '-'; i += 3; continue; }
    }
    *o++ = static_cast<char>(k_ascii_lower[c]);
    ++i;
  }
  code_points = cps;
  return static_cast<std::size_t>(o - out);
}

std::string fold(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t cps = 0;
  out.resize(fold_to(text, out.data(), cps));
  return out;
}

// A folded text followed by 16 readable bytes, so that any word of it can be loaded as two integers.
class PaddedFold {
 public:
  explicit PaddedFold(std::string_view text) : buf_(text.size() + 16, '\0') {
    size_ = fold_to(text, buf_.data(), code_points_);
  }
  [[nodiscard]] std::string_view view() const { return {buf_.data(), size_}; }
  [[nodiscard]] std::size_t code_points() const { return code_points_; }

 private:
  std::string buf_;
  std::size_t size_ = 0;
  std::size_t code_points_ = 0;
};

// Every passage of an article folded, one after another in one buffer (so each is followed by 16
// readable bytes, as the word scans want).
class FoldedPassages {
 public:
  explicit FoldedPassages(const std::vector<Passage>& passages) {
    std::size_t total = 0;
    for (const Passage& p : passages) total += p.text.size();
    buf_ = std::make_unique_for_overwrite<char[]>(total + 16);
    spans_.reserve(passages.size());
    std::size_t at = 0;
    for (const Passage& p : passages) {
      Span span;
      span.begin = at;
      span.size = fold_to(p.text, buf_.get() + at, span.code_points);
      at += span.size;
      spans_.push_back(span);
    }
    std::memset(buf_.get() + at, 0, 16);
  }
  [[nodiscard]] std::string_view text(std::size_t idx) const { return {buf_.get() + spans_[idx].begin, spans_[idx].size}; }
  // code_point_count of the passage's own text
  [[nodiscard]] std::size_t code_points(std::size_t idx) const { return spans_[idx].code_points; }

 private:
  struct Span {
    std::size_t begin = 0, size = 0, code_points = 0;
  };
  std::unique_ptr<char[]> buf_;
  std::vector<Span> spans_;
};

// `phrase` occurs in `hay` at a word boundary (boundaries only checked where the phrase has
// alphanumeric edges, so "btc:" and "©" match inside punctuation).
bool contains_phrase(std::string_view hay, std::string_view phrase) {
  std::size_t pos = 0;
  while ((pos = hay.find(phrase, pos)) != std::string_view::npos) {
    const bool left_ok = pos == 0 || !is_ascii_alnum(phrase.front()) || !is_ascii_alnum(hay[pos - 1]);
    const std::size_t end = pos + phrase.size();
    const bool right_ok = end >= hay.size() || !is_ascii_alnum(phrase.back()) || !is_ascii_alnum(hay[end]);
    if (left_ok && right_ok) return true;
    ++pos;
  }
  return false;
}

// `hay` without its leading markdown/bullet punctuation.
std::string_view skip_lead_marks(std::string_view hay) {
  std::size_t i = 0;
  while (i < hay.size() && (hay[i] == ' ' || hay[i] == '#' || hay[i] == '*' || hay[i] == '[' || hay[i] == '_' ||
                            hay[i] == '"' || hay[i] == '>')) {
    ++i;
  }
  return hay.substr(i);
}

// `head` starts with `phrase` as a whole word.
bool starts_with_word(std::string_view head, std::string_view phrase) {
  // (the first two bytes first: most heads differ there, and then no comparison call is made; every
  // phrase has two bytes or more)
  if (head.size() < phrase.size() || head[0] != phrase[0] || head[1] != phrase[1] ||
      head.substr(0, phrase.size()) != phrase) {
    return false;
  }
  return head.size() == phrase.size() || !is_ascii_alnum(phrase.back()) || !is_ascii_alnum(head[phrase.size()]);
}

// Splits folded text into lines, trimmed of ASCII space and markdown heading marks.
template <typename Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.front() == '#')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == ':')) line.remove_suffix(1);
    if (!line.empty() && fn(line)) return;
    if (end == text.size()) break;
    start = end + 1;
  }
}

std::size_t ascii_word_count(std::string_view folded) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : folded) {
    const bool w = is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80;
    if (w && !in_word) ++words;
    in_word = w;
  }
  return words;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A word of up to 16 bytes packed into two integers: looking a word up is then hashing and comparing
// integers (hashing and comparing strings per word was the classifier's hottest spot).
using PackedWord = std::pair<std::uint64_t, std::uint64_t>;
std::optional<PackedWord> pack_word(std::string_view w) {
  if (w.size() > 16) return std::nullopt;
  std::uint64_t lo = 0, hi = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto b = static_cast<std::uint64_t>(static_cast<unsigned char>(w[i]));
    if (i < 8) lo |= b << (8 * i);
    else hi |= b << (8 * (i - 8));
  }
  return PackedWord{lo, hi};
}

// pack_word of the `len` (at most 16) bytes at `p`, where 16 bytes from `p` are readable.
inline PackedWord pack_padded(const char* p, std::size_t len) {
  if constexpr (std::endian::native == std::endian::little) {
    const std::uint64_t lo = load_u64(p);
    if (len <= 8) return {low_bytes(lo, len), 0};
    return {lo, low_bytes(load_u64(p + 8), len - 8)};
  } else {
    return *pack_word(std::string_view(p, len));
  }
}

// What a word is to the detectors, as bits. One table holds every list, so a word costs one lookup
// whichever lists it is in.
constexpr std::uint8_t k_word_stop = 1, k_word_phrase_start = 2, k_word_caption_noun = 4, k_word_caption_verb = 8;

struct WordInfo {
  std::uint8_t bits = 0;
  std::uint16_t first_phrase = 0;  // the phrases starting with this word: PhraseIndex entries
  std::uint16_t phrases = 0;       // [first_phrase, first_phrase + phrases)
};

// Packed words to WordInfo by open addressing (a probe or two per word; a binary search's
// unpredictable branches cost more, and this runs for every word of every passage). Each slot also
// has a one-byte tag from the hash, kept apart: most words are in no list, and their probe then ends
// in the small tag array (which stays in the cache between articles) without loading a key.
class WordTable {
 public:
  explicit WordTable(std::size_t max_words) {
    std::size_t size = 1;
    while (size < 4 * max_words) size <<= 1;
    tags_.assign(size, 0);
    slots_.assign(size, Slot{});
    mask_ = size - 1;
  }
  WordInfo& at(std::string_view word) {
    const PackedWord key = *pack_word(word);
    const std::size_t h = hash(key);
    std::size_t i = h & mask_;
    while (tags_[i] != 0 && slots_[i].key != key) i = (i + 1) & mask_;
    tags_[i] = tag_of(h);
    slots_[i].key = key;
    return slots_[i].info;
  }
  // The word's entry, or null when it is in no list (the empty word is in none: its tag matches no
  // slot's).
  [[nodiscard]] const WordInfo* find(const PackedWord& key) const {
    const std::size_t h = hash(key);
    const std::uint8_t tag = tag_of(h);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (tags_[i] == tag && slots_[i].key == key) return &slots_[i].info;
      if (tags_[i] == 0) return nullptr;
    }
  }

 private:
  struct Slot {
    PackedWord key{0, 0};
    WordInfo info;
  };
  static std::size_t hash(const PackedWord& key) {
    return static_cast<std::size_t>(((key.first * 0x9E3779B97F4A7C15ull) ^ (key.second * 0xC2B2AE3D27D4EB4Full)) >> 32);
  }
  // (from bits above those that pick the slot; never 0, which marks an empty slot)
  static std::uint8_t tag_of(std::size_t h) { return static_cast<std::uint8_t>((h >> 24) | 1); }
  std::vector<std::uint8_t> tags_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

bool is_sentence_end_cp(UChar32 c) {
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xFF01 || c == 0xFF1F;
}
bool is_closing_cp(UChar32 c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x2019 || c == 0x201D || c == 0x00BB || c == '*';
}
bool is_space_cp(UChar32 c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
  return u_isUWhiteSpace(c) || c == 0x200B || c == 0xFEFF;
}
// ASCII fast paths: most news text is ASCII, and ICU's property lookups cost a call each
bool cp_is_alpha(UChar32 c) { return c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : u_isalpha(c); }
bool cp_is_alnum(UChar32 c) { return c < 0x80 ? (cp_is_alpha(c) || (c >= '0' && c <= '9')) : u_isalnum(c); }
bool cp_is_upper(UChar32 c) { return c < 0x80 ? (c >= 'A' && c <= 'Z') : (u_isupper(c) || u_istitle(c)); }

// The character properties measure_passage asks about, as bits: a table for ASCII, ICU beyond.
constexpr std::uint8_t k_space = 1, k_alpha = 2, k_alnum = 4, k_upper = 8, k_sentence_end = 16, k_closing = 32;
std::uint8_t compute_properties(UChar32 c) {
  std::uint8_t p = 0;
  if (is_space_cp(c)) p |= k_space;
  if (cp_is_alpha(c)) p |= k_alpha;
  if (cp_is_alnum(c)) p |= k_alnum;
  if (cp_is_upper(c)) p |= k_upper;
  if (is_sentence_end_cp(c)) p |= k_sentence_end;
  if (is_closing_cp(c)) p |= k_closing;
  return p;
}
// (256 entries, zero from 0x80: a byte can index it directly, and no byte of a multi-byte character is
// a letter or digit by it)
const std::array<std::uint8_t, 256> k_ascii_properties = [] {
  std::array<std::uint8_t, 256> table{};
  for (UChar32 c = 0; c < 128; ++c) table[static_cast<std::size_t>(c)] = compute_properties(c);
  return table;
}();
inline std::uint8_t properties_of(UChar32 c) {
  return c < 0x80 ? k_ascii_properties[static_cast<std::size_t>(c)] : compute_properties(c);
}

#if defined(__SSE2__)
// The classes measure_passage tells apart, for 64 bytes at once: bit k of each mask is byte k. Every
// class but `non_ascii` holds ASCII bytes only, as k_ascii_properties defines them.
struct ByteMasks {
  std::uint64_t non_ascii = 0, alnum = 0, alpha = 0, space = 0, newline = 0, sentence_end = 0, closing = 0,
                joiner = 0;
  std::uint64_t bar = 0, parenthesis = 0;  // '|'; '(' and '/' (for FoldedScanner)
};

// What an ASCII byte other than a letter, a digit or U+0020 is to measure_passage, as bits.
constexpr std::uint8_t k_rare_space = 1, k_rare_newline = 2, k_rare_sentence_end = 4, k_rare_closing = 8,
                       k_rare_joiner = 16, k_rare_bar = 32, k_rare_parenthesis = 64;
constexpr std::array<std::uint8_t, 128> k_rare_classes = [] {
  std::array<std::uint8_t, 128> table{};
  for (int c = '\t'; c <= '\r'; ++c) table[static_cast<std::size_t>(c)] |= k_rare_space;
  table['\n'] |= k_rare_newline;
  for (unsigned char c : {'.', '!', '?'}) table[c] |= k_rare_sentence_end;
  for (unsigned char c : {'"', '\'', ')', ']', '*'}) table[c] |= k_rare_closing;
  for (unsigned char c : {'\'', '-'}) table[c] |= k_rare_joiner;
  table['|'] |= k_rare_bar;
  for (unsigned char c : {'(', '/'}) table[c] |= k_rare_parenthesis;
  return table;
}();

// `p` must have 64 readable bytes. Letters, digits and spaces are told apart by vector compares;
// the few other ASCII bytes (punctuation, line breaks) one at a time.
ByteMasks classify_64(const std::uint8_t* p) {
  const __m128i below_a = _mm_set1_epi8('a' - 1), above_z = _mm_set1_epi8('z' + 1);
  const __m128i below_0 = _mm_set1_epi8('0' - 1), above_9 = _mm_set1_epi8('9' + 1);
  const __m128i case_bit = _mm_set1_epi8(0x20), space = _mm_set1_epi8(' ');
  std::uint64_t non_ascii = 0, alpha = 0, alnum = 0, blank = 0;
  auto part = [&](int at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    // (bytes from 0x80 are negative as signed bytes, so neither range takes them)
    const __m128i folded = _mm_or_si128(v, case_bit);
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, below_a), _mm_cmpgt_epi8(above_z, folded));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, below_0), _mm_cmpgt_epi8(above_9, v));
    auto bits = [&](__m128i x) { return std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(x))} << at; };
    non_ascii |= bits(v);
    alpha |= bits(letter);
    alnum |= bits(_mm_or_si128(letter, digit));
    blank |= bits(_mm_cmpeq_epi8(v, space));
  };
  part(0);
  part(16);
  part(32);
  part(48);
  ByteMasks m;
  m.non_ascii = non_ascii;
  m.alpha = alpha;
  m.alnum = alnum;
  m.space = blank;
  for (std::uint64_t rare = ~(alnum | blank | non_ascii); rare != 0; rare &= rare - 1) {
    const int at = std::countr_zero(rare);
    const std::uint64_t cls = k_rare_classes[p[at]];
    m.space |= (cls & 1) << at;
    m.newline |= ((cls >> 1) & 1) << at;
    m.sentence_end |= ((cls >> 2) & 1) << at;
    m.closing |= ((cls >> 3) & 1) << at;
    m.joiner |= ((cls >> 4) & 1) << at;
    m.bar |= ((cls >> 5) & 1) << at;
    m.parenthesis |= ((cls >> 6) & 1) << at;
  }
  return m;
}

// What scan_folded looks at in 64 bytes of folded text, as bit masks (bit k for byte k): letters and
// digits, bytes from 0x80, and the marks '|', '(' and '/'. `p` must have 64 readable bytes.
struct FoldedMasks {
  std::uint64_t alnum = 0, non_ascii = 0, marks = 0;
};
FoldedMasks classify_folded_64(const std::uint8_t* p) {
  const __m128i below_a = _mm_set1_epi8('a' - 1), above_z = _mm_set1_epi8('z' + 1);
  const __m128i below_0 = _mm_set1_epi8('0' - 1), above_9 = _mm_set1_epi8('9' + 1);
  const __m128i case_bit = _mm_set1_epi8(0x20);
  const __m128i bar = _mm_set1_epi8('|'), open = _mm_set1_epi8('('), slash = _mm_set1_epi8('/');
  FoldedMasks m;
  auto part = [&](int at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    const __m128i folded = _mm_or_si128(v, case_bit);
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, below_a), _mm_cmpgt_epi8(above_z, folded));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, below_0), _mm_cmpgt_epi8(above_9, v));
    const __m128i marks =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, bar), _mm_cmpeq_epi8(v, open)), _mm_cmpeq_epi8(v, slash));
    auto bits = [&](__m128i x) { return std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(x))} << at; };
    m.non_ascii |= bits(v);
    m.alnum |= bits(_mm_or_si128(letter, digit));
    m.marks |= bits(marks);
  };
  part(0);
  part(16);
  part(32);
  part(48);
  return m;
}

// Bits set in `x`, without the library call that std::popcount becomes for baseline x86-64.
inline int bit_count(std::uint64_t x) {
  x -= (x >> 1) & 0x5555555555555555ull;
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<int>((x * 0x0101010101010101ull) >> 56);
}
#endif

// The bytes where a plain-text link can start: '[', 'h' (http), 'w' (www.) and '@' (e-mail).
constexpr std::array<bool, 256> k_link_trigger = [] {
  std::array<bool, 256> table{};
  for (unsigned char c : {'[', 'h', 'w', '@'}) table[c] = true;
  return table;
}();

// False when `text` holds none of what every plain-text link needs: '[', '@', "://" or "www." (most
// passages). One pass looks for the bytes those start or end with.
bool may_hold_plain_link(std::string_view text) {
  const char* s = text.data();
  const std::size_t n = text.size();
  // s[p] is '[', '@', ':' or '.'
  auto opens_link = [&](std::size_t p) {
    switch (s[p]) {
      case ':': return p + 2 < n && s[p + 1] == '/' && s[p + 2] == '/';
      case '.': return p >= 3 && s[p - 3] == 'w' && s[p - 2] == 'w' && s[p - 1] == 'w';
      default: return true;
    }
  };
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i bracket = _mm_set1_epi8('['), at = _mm_set1_epi8('@'), colon = _mm_set1_epi8(':'),
                dot = _mm_set1_epi8('.');
  auto marks = [&](std::size_t from) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + from));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, bracket), _mm_cmpeq_epi8(v, at)),
        _mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, dot)))));
  };
  for (; i + 16 <= n; i += 16) {
    for (unsigned hits = marks(i); hits != 0; hits &= hits - 1) {
      if (opens_link(i + static_cast<std::size_t>(std::countr_zero(hits)))) return true;
    }
  }
  // the last few bytes: the sixteen that end the text, less those already looked at
  if (i < n && n >= 16) {
    for (unsigned hits = marks(n - 16) >> (i - (n - 16)); hits != 0; hits &= hits - 1) {
      if (opens_link(i + static_cast<std::size_t>(std::countr_zero(hits)))) return true;
    }
    return false;
  }
#endif
  for (; i < n; ++i) {
    const char c = s[i];
    if ((c == '[' || c == '@' || c == ':' || c == '.') && opens_link(i)) return true;
  }
  return false;
}

// Code points of the plain-text link spans: "[label](target)", bare URLs and e-mail addresses.
std::size_t plain_link_chars(std::string_view text) {
  if (!may_hold_plain_link(text)) return 0;
  std::size_t link_cps = 0;
  std::size_t i = 0;
  auto is_stop = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '>' || c == ')' || c == '"'; };
  while (i < text.size()) {
    if (!k_link_trigger[static_cast<unsigned char>(text[i])]) {
      ++i;
      continue;
    }
    const char c = text[i];
    if (c == '[') {
      // "[label](target)" on one line; the search is bounded so that many stray brackets stay linear
      const std::size_t limit = std::min(text.size(), i + 600);
      std::size_t j = i + 1;
      while (j + 1 < limit && text[j] != '\n' && !(text[j] == ']' && text[j + 1] == '(')) ++j;
      if (j + 1 < limit && text[j] == ']' && text[j + 1] == '(') {
        std::size_t k = j + 2;
        while (k < limit && text[k] != ')' && text[k] != '\n') ++k;
        if (k < limit && text[k] == ')') {
          link_cps += code_point_count(text.substr(i, k + 1 - i));
          i = k + 1;
          continue;
        }
      }
      // no link closes before j: brackets in between cannot close one either
      i = std::max(i + 1, j);
      continue;
    }
    const bool url_start = (c == 'h' || c == 'w') && (i == 0 || !is_ascii_alnum(text[i - 1])) &&
                           (text.compare(i, 7, "http://") == 0 || text.compare(i, 8, "https://") == 0 ||
                            text.compare(i, 4, "www.") == 0);
    if (url_start) {
      std::size_t j = i;
      while (j < text.size() && !is_stop(text[j])) ++j;
      link_cps += code_point_count(text.substr(i, j - i));
      i = j;
      continue;
    }
    if (c == '@' && i > 0 && is_ascii_alnum(text[i - 1])) {
      // e-mail: extend left and right over the address characters
      std::size_t left = i;
      while (left > 0 && (is_ascii_alnum(text[left - 1]) || text[left - 1] == '.' || text[left - 1] == '_' ||
                          text[left - 1] == '-')) {
        --left;
      }
      std::size_t right = i + 1;
      while (right < text.size() && (is_ascii_alnum(text[right]) || text[right] == '.' || text[right] == '-')) ++right;
      if (text.substr(i, right - i).find('.') != std::string_view::npos) {
        link_cps += right - left;  // ASCII only
        i = right;
        continue;
      }
    }
    ++i;
  }
  return link_cps;
}

// A test before a WordTable lookup: whether some word of a list has this length and these first two
// characters. Case and the high bits are folded away, so it may say yes wrongly but never no wrongly.
class WordFilter {
 public:
  void add(std::string_view w) { bits_[slot(w[0], w.size() > 1 ? w[1] : '\0')] |= std::uint32_t{1} << w.size(); }
  // `second` is the word's second byte, or '\0' for a word of one byte; `len` at most 16.
  [[nodiscard]] bool may_contain(char first, char second, std::size_t len) const {
    return ((bits_[slot(first, second)] >> len) & 1) != 0;
  }

 private:
  static std::size_t slot(char a, char b) {
    return (std::size_t{static_cast<unsigned char>(a)} & 31) << 5 | (std::size_t{static_cast<unsigned char>(b)} & 31);
  }
  std::array<std::uint32_t, 1024> bits_{};
};

// The "anywhere" phrases as word sequences, looked up by their first word: one table lookup per word
// of a passage instead of one substring search per phrase.
class PhraseIndex {
 public:
  PhraseIndex() {
    for (std::size_t fam = 0; fam < phrase_families().size(); ++fam) {
      for (std::string_view phrase : phrase_families()[fam].anywhere) {
        if (phrase == "\xC2\xA9") { copyright_sign_family_ = fam; continue; }
        Entry e;
        e.family = fam;
        e.needs_colon = phrase.back() == ':';
        tokenize(phrase, e.words);
        if (e.words.empty()) continue;
        bool duplicate = false;
        for (const auto& other : entries_) duplicate = duplicate || (other.words == e.words && other.needs_colon == e.needs_colon);
        if (duplicate) continue;  // "sign up" and "sign-up" are one phrase here
        if (!pack_word(e.words.front())) continue;  // no phrase starts with a word that long
        entries_.push_back(std::move(e));
      }
    }
    // by first word, and in the order of the lists among phrases with the same first word
    by_first_.resize(entries_.size());
    for (std::size_t k = 0; k < entries_.size(); ++k) by_first_[k] = k;
    std::stable_sort(by_first_.begin(), by_first_.end(), [&](std::size_t x, std::size_t y) {
      return *pack_word(entries_[x].words.front()) < *pack_word(entries_[y].words.front());
    });
  }

  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  // Entries grouped by first word: by_first(k) for k in [WordInfo::first_phrase, + WordInfo::phrases).
  [[nodiscard]] std::size_t by_first(std::size_t k) const { return by_first_[k]; }
  [[nodiscard]] std::string_view first_word(std::size_t entry) const { return entries_[entry].words.front(); }
  [[nodiscard]] std::string_view family(std::size_t entry) const {
    return phrase_families()[entries_[entry].family].name;
  }
  // "©" is no word: it is found by its bytes, anywhere.
  [[nodiscard]] std::optional<std::string_view> copyright_sign_family() const {
    if (copyright_sign_family_ == k_none) return std::nullopt;
    return phrase_families()[copyright_sign_family_].name;
  }

  // Whether the words of `entry` after its first follow the word that ends at byte `end` of `folded`:
  // whole words, with only spaces or hyphens between them (and a colon after them when the phrase
  // has one).
  [[nodiscard]] bool rest_matches(std::string_view folded, std::size_t end, std::size_t entry) const {
    const Entry& e = entries_[entry];
    for (std::size_t k = 1; k < e.words.size(); ++k) {
      std::size_t b = end;
      while (b < folded.size() && (folded[b] == ' ' || folded[b] == '-')) ++b;
      if (b == folded.size() || !is_ascii_alnum(folded[b])) return false;
      std::size_t j = b + 1;
      while (j < folded.size() && is_ascii_alnum(folded[j])) ++j;
      if (folded.substr(b, j - b) != e.words[k]) return false;
      end = j;
    }
    return !e.needs_colon || (end < folded.size() && folded[end] == ':');
  }

 private:
  static constexpr std::size_t k_none = static_cast<std::size_t>(-1);
  struct Entry {
    std::size_t family = 0;
    bool needs_colon = false;
    std::vector<std::string> words;
  };
  static void tokenize(std::string_view phrase, std::vector<std::string>& words) {
    for (std::size_t i = 0; i < phrase.size();) {
      if (!is_ascii_alnum(phrase[i])) { ++i; continue; }
      std::size_t j = i;
      while (j < phrase.size() && is_ascii_alnum(phrase[j])) ++j;
      words.emplace_back(phrase.substr(i, j - i));
      i = j;
    }
  }
  std::vector<Entry> entries_;
  std::vector<std::size_t> by_first_;  // entry ids sorted by first word
  std::size_t copyright_sign_family_ = k_none;
};

const PhraseIndex& phrase_index() {
  static const PhraseIndex index;
  return index;
}

// The stop words; and the words scan_folded looks up (first words of phrases, caption words).
const WordFilter& stop_word_filter() {
  static const WordFilter filter = [] {
    WordFilter f;
    for (std::string_view w : k_stop_words) f.add(w);
    return f;
  }();
  return filter;
}
const WordFilter& scan_word_filter() {
  static const WordFilter filter = [] {
    WordFilter f;
    const PhraseIndex& phrases = phrase_index();
    for (std::size_t k = 0; k < phrases.size(); ++k) f.add(phrases.first_word(k));
    for (std::string_view w : k_caption_nouns) f.add(w);
    for (std::string_view w : k_caption_verbs) f.add(w);
    return f;
  }();
  return filter;
}

const WordTable& word_table() {
  static const WordTable table = [] {
    const PhraseIndex& phrases = phrase_index();
    WordTable t(std::size(k_stop_words) + std::size(k_caption_nouns) + std::size(k_caption_verbs) + phrases.size());
    for (std::string_view w : k_stop_words) t.at(w).bits |= k_word_stop;
    for (std::string_view w : k_caption_nouns) t.at(w).bits |= k_word_caption_noun;
    for (std::string_view w : k_caption_verbs) t.at(w).bits |= k_word_caption_verb;
    for (std::size_t k = 0; k < phrases.size(); ++k) {
      WordInfo& info = t.at(phrases.first_word(phrases.by_first(k)));
      if ((info.bits & k_word_phrase_start) == 0) info.first_phrase = static_cast<std::uint16_t>(k);
      info.bits |= k_word_phrase_start;
      ++info.phrases;
    }
    return t;
  }();
  return table;
}

constexpr std::size_t k_longest_stop_word = [] {
  std::size_t longest = 0;
  for (std::string_view w : k_stop_words) longest = std::max(longest, w.size());
  return longest;
}();
static_assert(k_longest_stop_word <= 16);

PackedWord lowered(PackedWord w) { return {ascii_lower8(w.first), ascii_lower8(w.second)}; }

#if defined(__SSE2__)
// The stop words alone, by open addressing on their packed form: measure_passage's block path asks
// it about every word without a filter first (most probes end at the first slot).
class StopWordSet {
 public:
  StopWordSet() {
    for (std::string_view w : k_stop_words) {
      const PackedWord key = *pack_word(w);
      std::size_t at = slot(key.first, key.second);
      while (keys_[at] != PackedWord{0, 0} && keys_[at] != key) at = (at + 1) & (k_size - 1);
      keys_[at] = key;
    }
  }
  [[nodiscard]] bool contains(std::uint64_t lo, std::uint64_t hi) const {
    for (std::size_t at = slot(lo, hi);; at = (at + 1) & (k_size - 1)) {
      if (keys_[at].first == lo && keys_[at].second == hi) return true;
      if (keys_[at].first == 0) return false;
    }
  }

 private:
  static constexpr std::size_t k_size = 1024;
  static std::size_t slot(std::uint64_t lo, std::uint64_t hi) {
    return static_cast<std::size_t>(((lo * 0x9E3779B97F4A7C15ull) ^ (hi * 0xC2B2AE3D27D4EB4Full)) >> 54);
  }
  std::array<PackedWord, k_size> keys_{};
};

// For a word of `len` bytes (at most 16) loaded as two integers, the masks that keep its bytes.
constexpr std::array<PackedWord, 17> k_word_masks = [] {
  std::array<PackedWord, 17> masks{};
  for (std::size_t len = 0; len <= 16; ++len) {
    masks[len] = {low_bytes(~std::uint64_t{0}, len), len > 8 ? low_bytes(~std::uint64_t{0}, len - 8) : 0};
  }
  return masks;
}();

const StopWordSet& stop_word_set() {
  static const StopWordSet set;
  return set;
}
#endif


// The lower-cased packed form of a measured ASCII word of at most 16 characters, from its bytes: letters,
// digits, "'", "-" and U+2019, which the stop list spells "'".
PackedWord pack_measured_word(std::string_view bytes) {
  char buf[16] = {};
  std::size_t k = 0;
  for (std::size_t b = 0; b < bytes.size() && k < sizeof buf; ++b) {
    const auto c = static_cast<unsigned char>(bytes[b]);
    if (c < 0x80) {
      buf[k++] = static_cast<char>(c);
    } else {
      buf[k++] = '\'';  // the three bytes of U+2019, the one non-ASCII character inside an ASCII word
      b += 2;
    }
  }
  return lowered(*pack_word(std::string_view(buf, k)));
}

// What one pass over a folded passage finds for boilerplate_family.
struct FoldedScan {
  std::size_t words = 0;            // as ascii_word_count
  std::size_t separators = 0;       // '|', '•' and '·'
  std::size_t phrase_hits = 0;      // distinct "anywhere" phrases found, counted up to two
  std::string_view first_family;    // the family of the one found first in the text
  bool parenthesis = false;         // '(' or '/' occur (every caption credit but "via getty" has one)
  bool caption_words = true;        // false when no caption noun or no caption verb is a word of it
};

// One pass over a folded passage for a FoldedScan, which may be fed in pieces: scan_folded scans a
// whole text itself; for an ASCII passage (whose folded text is its text lower-cased, byte for
// byte) measure_passage's block path hands over its runs of letters and digits, their words
// already looked up, and the scanner scans only the bytes between its blocks.
class FoldedScanner {
 public:
  // `folded` must be followed by 16 readable bytes (PaddedFold, FoldedPassages).
  explicit FoldedScanner(std::string_view folded) : folded_(folded), s_(folded.data()), n_(folded.size()) {}

  // Scans on to byte `to`, or past it when a run of letters and digits goes on there. (Inline: the
  // block path asks after every block, mostly with nothing left between its blocks.)
  void scan_to(std::size_t to, bool blocks) {
    if (i_ < to) scan_on(to, blocks);
  }

  // Whether words are still looked up (not after two phrases).
  [[nodiscard]] bool wants_words() const { return !second_entry_; }
  // The run of letters and digits [i, j) of at most 16 bytes, with its word table entry (null when
  // none), or looked up here.
  void run_found(std::size_t i, std::size_t j, const WordInfo* info) {
    if (info == nullptr || second_entry_) return;
    word_bits_ |= info->bits;
    if ((info->bits & k_word_phrase_start) != 0) phrases_after(i, j, *info);
  }
  void run(std::size_t i, std::size_t j) {
    if (!second_entry_ && j - i <= 16 && filter_.may_contain(s_[i], j - i > 1 ? s_[i + 1] : '\0', j - i)) {
      run_found(i, j, table_.find(pack_padded(s_ + i, j - i)));
    }
  }
  // The caller has handed over every run of [position(), end) (ASCII that starts after a byte
  // that is no ASCII letter or digit): `runs` of them, the first starting at position() when
  // `starts_in_run`, the last ending at `end` when `ends_in_run`, and `bars` '|' bytes;
  // `parenthesis` when '(' or '/' is among the bytes.
  void skip_to(std::size_t end, std::size_t runs, bool starts_in_run, bool ends_in_run, std::size_t bars,
               bool parenthesis) {
    out_.words += runs - (in_word_ && starts_in_run ? 1 : 0);  // (a run after a non-ASCII byte goes on a word)
    out_.separators += bars;
    out_.parenthesis = out_.parenthesis || parenthesis;
    in_word_ = ends_in_run;
    i_ = end;
  }
  [[nodiscard]] std::size_t position() const { return i_; }
  [[nodiscard]] std::size_t size() const { return n_; }

  FoldedScan finish();

 private:
  static constexpr std::size_t k_none = static_cast<std::size_t>(-1);

  void scan_on(std::size_t to, bool blocks);
  void phrases_after(std::size_t i, std::size_t j, const WordInfo& info) {
    for (std::size_t k = info.first_phrase; k < std::size_t{info.first_phrase} + info.phrases; ++k) {
      const std::size_t entry = phrases_.by_first(k);
      if (!phrases_.rest_matches(folded_, j, entry)) continue;
      if (first_entry_ == k_none) {
        first_entry_ = entry;
        first_pos_ = i;
      } else if (entry != first_entry_) {
        second_entry_ = true;
      }
    }
  }
  // A byte that is not ASCII at s_[k].
  void non_ascii_byte(std::size_t k) {
    const auto c = static_cast<unsigned char>(s_[k]);
    if (c == 0xC2 && k + 1 < n_) {
      const auto next = static_cast<unsigned char>(s_[k + 1]);
      if (next == 0xB7) ++out_.separators;
      if (next == 0xA9 && sign_pos_ == k_none) sign_pos_ = k;
    } else if (c == 0xE2 && k + 2 < n_ && s_[k + 1] == '\x80' && s_[k + 2] == '\xA2') {
      ++out_.separators;
    }
  }
#if defined(__SSE2__)
  // 64 bytes at a time from bit masks, up to the last byte that is not a letter or digit (or the
  // end); 0 when the next bytes are left to the byte loop (and block_from_ is set).
  std::size_t scan_block();
#endif

  const PhraseIndex& phrases_ = phrase_index();
  const WordTable& table_ = word_table();
  const WordFilter& filter_ = scan_word_filter();
  std::string_view folded_;
  const char* s_;
  std::size_t n_;
  std::size_t i_ = 0;
  FoldedScan out_;
  std::uint8_t word_bits_ = 0;
  std::size_t first_entry_ = k_none, first_pos_ = k_none, sign_pos_ = k_none;
  bool second_entry_ = false;
  bool in_word_ = false;  // the previous byte is a word byte for ascii_word_count
#if defined(__SSE2__)
  std::size_t block_from_ = 0;
#endif
};

#if defined(__SSE2__)
std::size_t FoldedScanner::scan_block() {
  const std::size_t i = i_;
  const std::size_t left = n_ - i;
  const auto* p = reinterpret_cast<const std::uint8_t*>(s_ + i);
  std::uint8_t padded[64];
  if (left < 64) {
    std::memset(padded, ' ', sizeof padded);  // (a fixed size: a few stores, no call)
    std::memcpy(padded, p, left);
    p = padded;
  }
  const FoldedMasks m = classify_folded_64(p);
  const bool at_end = left <= 64;
  const std::uint64_t valid = at_end ? (left == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << left) - 1)
                                     : ~std::uint64_t{0};
  std::uint64_t commit = valid;
  if (!at_end && (m.alnum >> 63) != 0) {
    const std::uint64_t others = ~m.alnum;
    if (others == 0) {
      block_from_ = i + 64;
      return 0;
    }
    const int cut = 64 - std::countl_zero(others);
    commit = cut == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << cut) - 1;
  }
  const int taken = 64 - std::countl_zero(commit);
  const std::uint64_t word_bytes = (m.alnum | m.non_ascii) & commit;
  out_.words += static_cast<std::size_t>(bit_count(word_bytes & ~((word_bytes << 1) | (in_word_ ? 1 : 0))));
  in_word_ = ((word_bytes >> (taken - 1)) & 1) != 0;
  // (the byte before the block is no letter or digit, and the last one in it ends a run)
  const std::uint64_t alnum = m.alnum & commit;
  for (std::uint64_t a = alnum & ~(alnum << 1), b = alnum & ~(alnum >> 1); a != 0 && !second_entry_;
       a &= a - 1, b &= b - 1) {
    const auto first = static_cast<std::size_t>(std::countr_zero(a));
    const std::size_t len = static_cast<std::size_t>(std::countr_zero(b)) + 1 - first;
    if (len <= 16 &&
        filter_.may_contain(static_cast<char>(p[first]), len > 1 ? static_cast<char>(p[first + 1]) : '\0', len)) {
      run_found(i + first, i + first + len, table_.find(pack_padded(s_ + i + first, len)));
    }
  }
  for (std::uint64_t h = m.non_ascii & commit; h != 0; h &= h - 1) {
    non_ascii_byte(i + static_cast<std::size_t>(std::countr_zero(h)));
  }
  for (std::uint64_t r = m.marks & commit; r != 0; r &= r - 1) {
    if (p[std::countr_zero(r)] == '|') ++out_.separators;
    else out_.parenthesis = true;
  }
  return static_cast<std::size_t>(taken);
}
#endif

void FoldedScanner::scan_on(std::size_t to, bool blocks) {
  std::size_t i = i_;
  while (i < to) {
#if defined(__SSE2__)
    if (blocks && i >= block_from_) {
      i_ = i;
      if (const std::size_t taken = scan_block(); taken > 0) {
        i += taken;
        continue;
      }
    }
#else
    (void)blocks;
#endif
    const unsigned char c = static_cast<unsigned char>(s_[i]);
    if ((k_ascii_properties[c] & k_alnum) != 0) {
      std::size_t j = i + 1;
      while (j < n_ && (k_ascii_properties[static_cast<unsigned char>(s_[j])] & k_alnum) != 0) ++j;
      if (!in_word_) ++out_.words;
      in_word_ = true;
      run(i, j);
      if (j < n_ && s_[j] == ' ') {  // the commonest end of a word, taken here
        in_word_ = false;
        i = j + 1;
        continue;
      }
      i = j;
      continue;
    }
    if (c >= 0x80) {
      if (!in_word_) ++out_.words;
      in_word_ = true;
      non_ascii_byte(i);
      ++i;
      continue;
    }
    in_word_ = false;
    if (c == '|') ++out_.separators;
    else if (c == '(' || c == '/') out_.parenthesis = true;
    ++i;
  }
  i_ = i;
}

FoldedScan FoldedScanner::finish() {
  // (after two phrases the words are no longer looked up: then the caption words are not known)
  out_.caption_words =
      second_entry_ || ((word_bits_ & k_word_caption_noun) != 0 && (word_bits_ & k_word_caption_verb) != 0);
  if (first_entry_ != k_none) {
    out_.phrase_hits = second_entry_ ? 2 : 1;
    out_.first_family = phrases_.family(first_entry_);
  }
  if (sign_pos_ != k_none) {
    if (const auto family = phrases_.copyright_sign_family()) {
      if (out_.phrase_hits == 0 || sign_pos_ < first_pos_) out_.first_family = *family;
      out_.phrase_hits = std::min<std::size_t>(out_.phrase_hits + 1, 2);
    }
  }
  return out_;
}

// `folded` must be followed by 16 readable bytes (PaddedFold, FoldedPassages).
FoldedScan scan_folded(std::string_view folded) {
  FoldedScanner scanner(folded);
  scanner.scan_to(folded.size(), true);
  return scanner.finish();
}

// The letters, digits and non-ASCII bytes of a folded text: titles compared this way ignore case,
// spacing and punctuation.
std::string normalised_for_match(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  for (char c : folded) {
    if (is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80) out.push_back(c);
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

namespace {

// measure_passage, which also feeds `scanner` (a FoldedScanner of the text folded, else null) for as
// long as the text is well-formed UTF-8: `scanned` tells whether it saw the whole text. The folded
// text runs byte for byte with this one but where a curly quote or a dash became one ASCII byte.
PassageFeatures measure_and_scan(std::string_view text, std::optional<std::size_t> markup_link_chars,
                                 FoldedScanner* scanner, bool& scanned) {
  scanned = scanner != nullptr;
  std::size_t folded_behind = 0;  // bytes the folded text is shorter up to the current byte
  PassageFeatures f;
  const WordTable& table = word_table();
  const WordFilter& stop_filter = stop_word_filter();
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  // counts kept in locals (registers) for the loop, stored in `f` after it
  std::size_t code_points = 0, letters = 0, words = 0, stop_words = 0, lines = 0, sentence_ends = 0, capitalised = 0;
  bool line_has_text = false;
  // The current word: its first byte, its length with each joining apostrophe or hyphen counted once,
  // whether all its letters and digits are ASCII (only such words can be stop words), and whether all its
  // bytes are (else it has a curly apostrophe).
  bool in_word = false;
  std::int32_t word_start = 0;
  std::size_t word_len = 0;
  bool word_ascii = true;
  bool word_bytes_ascii = true;
  std::uint8_t prev = 0, prev2 = 0;  // properties of the last two code points
  bool first_visible_seen = false;
  auto begin_word = [&](std::int32_t at, std::uint8_t props) {
    in_word = true;
    word_start = at;
    word_len = 0;
    word_ascii = true;
    word_bytes_ascii = true;
    if ((props & k_upper) != 0) ++capitalised;
  };
  // Whether the word of `len` characters in bytes [start, end), all ASCII letters, digits, "'" and "-"
  // when `bytes_ascii`, is a stop word.
  auto is_stop_word = [&](std::int32_t start, std::int32_t end, std::size_t len, bool bytes_ascii) {
    if (len > k_longest_stop_word) return false;
    PackedWord key;
    if (bytes_ascii) {
      const char* w = text.data() + start;
      if (!stop_filter.may_contain(w[0], len > 1 ? w[1] : '\0', len)) return false;
      key = start + 16 <= n ? lowered(pack_padded(w, len)) : pack_measured_word(text.substr(start, end - start));
    } else {
      key = pack_measured_word(text.substr(start, end - start));
    }
    const WordInfo* info = table.find(key);
    return info != nullptr && (info->bits & k_word_stop) != 0;
  };
  // The word ends before byte `at`.
  auto end_word = [&](std::int32_t at) {
    if (!in_word) return;
    in_word = false;
    ++words;
    if (word_ascii && is_stop_word(word_start, at, word_len, word_bytes_ascii)) ++stop_words;
  };
  auto sentence_end_here = [&]() {
    return ((prev & k_sentence_end) != 0 && (prev2 & (k_alnum | k_closing)) != 0) ||
           ((prev & k_closing) != 0 && (prev2 & k_sentence_end) != 0);
  };
  std::size_t lead_digits = 0;
  bool lead_done = false;
#if defined(__SSE2__)
  // After the list marker, ASCII is measured 64 bytes at a time from bit masks, up to the last byte
  // that is no part of a word (between such bytes the state is only counts, prev, prev2 and
  // line_has_text); a word running on past them, and anything not ASCII, is left to the loop below.
  // Returns the bytes measured; 0 when it leaves the next bytes to the loop (and sets block_from).
  std::int32_t block_from = 0;
  const StopWordSet& stop_words_set = stop_word_set();
  auto ascii_block = [&]() -> std::int32_t {
    const std::int32_t left = n - i;
    // (16 bytes past the block stay readable, for the words' loads; padded with spaces, so that no
    // byte beyond the text is looked at one by one)
    const std::uint8_t* p = s + i;
    std::uint8_t padded[80];
    if (left < 80) {
      std::memset(padded, ' ', sizeof padded);  // (a fixed size: a few stores, no call)
      std::memcpy(padded, p, static_cast<std::size_t>(left));
      p = padded;
    }
    const ByteMasks m = classify_64(p);
    std::int32_t avail = std::min<std::int32_t>(left, 64);
    bool at_end = left <= 64;
    if (m.non_ascii != 0) {
      avail = std::countr_zero(m.non_ascii);
      at_end = false;
    }
    // (a few bytes before a non-ASCII character are not worth the masks)
    if (!at_end && avail < 16) {
      block_from = i + avail + 1;
      return 0;
    }
    const std::uint64_t valid = avail == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << avail) - 1;
    std::uint64_t commit = valid;
    if (!at_end) {
      const std::uint64_t word_bytes = (m.alnum | m.joiner) & valid;
      if (((word_bytes >> (avail - 1)) & 1) != 0) {
        const std::uint64_t others = ~word_bytes & valid;
        if (others == 0) {
          block_from = i + avail;
          return 0;
        }
        const int cut = 64 - std::countl_zero(others);
        commit = cut == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << cut) - 1;
      }
    }
    const int taken = 64 - std::countl_zero(commit);
    // Nothing before the block is in a word, and its last byte (or the text's end) ends any word in it:
    // an apostrophe or hyphen joins when a letter or digit stands on each side.
    const std::uint64_t alnum = m.alnum & commit;
    const std::uint64_t in_words = alnum | (m.joiner & commit & (alnum << 1) & (alnum >> 1));
    const std::uint64_t starts = in_words & ~(in_words << 1);
    const std::uint64_t ends = in_words & ~(in_words >> 1);
    // (every byte of a word is a letter, a digit, "'" or "-": setting 0x20 lower-cases it; and every
    // word start has its end, so `b` is not empty while `a` is not)
    constexpr std::uint64_t k_case = 0x2020202020202020ull;
    if (scanner != nullptr) {
      // The scanner's runs of letters and digits are these words, or for a word with an apostrophe or
      // hyphen inside, its pieces; one lookup in the table of every list serves a word without.
      const std::size_t folded_at = static_cast<std::size_t>(i) - folded_behind;
      scanner->scan_to(folded_at, false);
      const std::uint64_t joined = in_words & ~alnum;
      for (std::uint64_t a = starts, b = ends; a != 0; a &= a - 1, b &= b - 1) {
        const auto first = static_cast<unsigned>(__builtin_ctzll(a)), last = static_cast<unsigned>(__builtin_ctzll(b));
        ++words;
        capitalised += static_cast<unsigned>(p[first] - 'A') < 26u;
        const unsigned len = last - first + 1;
        const std::uint64_t span = (std::uint64_t{2} << last) - (std::uint64_t{1} << first);
        const std::size_t start = folded_at + first;
        if ((joined & span) == 0) {
          if (len > 16) continue;
          const char* w = reinterpret_cast<const char*>(p + first);
          const WordInfo* info = table.find({(load_u64(w) | k_case) & k_word_masks[len].first,
                                             (load_u64(w + 8) | k_case) & k_word_masks[len].second});
          if (info != nullptr && (info->bits & k_word_stop) != 0) ++stop_words;
          scanner->run_found(start, start + len, info);
          continue;
        }
        if (len <= k_longest_stop_word) {
          const char* w = reinterpret_cast<const char*>(p + first);
          if (stop_words_set.contains((load_u64(w) | k_case) & k_word_masks[len].first,
                                      (load_u64(w + 8) | k_case) & k_word_masks[len].second)) {
            ++stop_words;
          }
        }
        const std::uint64_t pieces = alnum & span;
        for (std::uint64_t c = pieces & ~(pieces << 1), d = pieces & ~(pieces >> 1); c != 0; c &= c - 1, d &= d - 1) {
          scanner->run(folded_at + static_cast<std::size_t>(__builtin_ctzll(c)),
                       folded_at + static_cast<std::size_t>(__builtin_ctzll(d)) + 1);
        }
      }
      std::size_t bars = 0;
      for (std::uint64_t bar = m.bar & commit; bar != 0; bar &= bar - 1) ++bars;
      scanner->skip_to(folded_at + static_cast<std::size_t>(taken),
                       static_cast<std::size_t>(bit_count(alnum & ~(alnum << 1))), (alnum & 1) != 0,
                       ((alnum >> (taken - 1)) & 1) != 0, bars, (m.parenthesis & commit) != 0);
    } else {
      for (std::uint64_t a = starts, b = ends; a != 0; a &= a - 1, b &= b - 1) {
        const auto first = static_cast<unsigned>(__builtin_ctzll(a)), last = static_cast<unsigned>(__builtin_ctzll(b));
        ++words;
        capitalised += static_cast<unsigned>(p[first] - 'A') < 26u;
        const unsigned len = last - first + 1;
        if (len > k_longest_stop_word) continue;
        const char* w = reinterpret_cast<const char*>(p + first);
        const std::uint64_t lo = (load_u64(w) | k_case) & k_word_masks[len].first;
        const std::uint64_t hi = (load_u64(w + 8) | k_case) & k_word_masks[len].second;
        if (stop_words_set.contains(lo, hi)) ++stop_words;
      }
    }
    // sentence_end_here() at each space, with the two code points before the block carried in
    auto carried = [&](std::uint64_t mask, std::uint8_t props, int back) {
      std::uint64_t out = mask << back;
      if ((prev & props) != 0) out |= std::uint64_t{1} << (back - 1);
      if (back == 2 && (prev2 & props) != 0) out |= 1;
      return out;
    };
    const std::uint64_t end1 = carried(m.sentence_end, k_sentence_end, 1);
    const std::uint64_t end2 = carried(m.sentence_end, k_sentence_end, 2);
    const std::uint64_t closing1 = carried(m.closing, k_closing, 1);
    const std::uint64_t word_or_closing2 = carried(m.alnum | m.closing, k_alnum | k_closing, 2);
    for (std::uint64_t ends_here = m.space & commit & ((end1 & word_or_closing2) | (closing1 & end2)); ends_here != 0;
         ends_here &= ends_here - 1) {
      ++sentence_ends;
    }
    const std::uint64_t visible = ~m.space & commit;
    std::uint64_t done = 0;  // bytes up to the last line break counted
    for (std::uint64_t nl = m.newline & commit; nl != 0; nl &= nl - 1) {
      const int at = std::countr_zero(nl);
      const std::uint64_t through = at == 63 ? ~std::uint64_t{0} : (std::uint64_t{2} << at) - 1;
      if (line_has_text || (visible & through & ~done) != 0) ++lines;
      line_has_text = false;
      done = through;
    }
    if ((visible & ~done) != 0) line_has_text = true;
    code_points += static_cast<std::size_t>(taken);
    letters += static_cast<std::size_t>(bit_count(m.alpha & commit));
    prev2 = taken >= 2 ? k_ascii_properties[p[taken - 2]] : prev;
    prev = k_ascii_properties[p[taken - 1]];
    return taken;
  };
#endif
  while (i < n) {
#if defined(__SSE2__)
    if (lead_done && !in_word && i >= block_from) {
      if (const std::int32_t taken = ascii_block(); taken > 0) {
        i += taken;
        continue;
      }
    }
#endif
    const std::int32_t at = i;
    UChar32 c = s[i];
    if (c < 0x80 && lead_done) {
      // ASCII after the list marker: the common case, without the general path's tests
      const std::uint8_t props = k_ascii_properties[static_cast<std::size_t>(c)];
      if ((props & k_alnum) != 0) {
        // a run of ASCII letters and digits
        line_has_text = true;
        std::int32_t j = i;
        std::size_t alpha = 0;
        std::uint8_t p;
        while (j < n && ((p = k_ascii_properties[s[j]]) & k_alnum) != 0) {
          alpha += p & k_alpha;
          ++j;
        }
        const auto run = static_cast<std::size_t>(j - i);
        letters += alpha / k_alpha;
        code_points += run;
        if (!in_word && j < n && s[j] == ' ') {
          // a whole word between spaces, the commonest case: counted without the word state
          ++words;
          if ((props & k_upper) != 0) ++capitalised;
          if (is_stop_word(at, j, run, true)) ++stop_words;
          ++code_points;
          prev2 = k_ascii_properties[s[j - 1]];
          prev = k_ascii_properties[' '];
          i = j + 1;
          continue;
        }
        if (!in_word) begin_word(at, props);
        word_len += run;
        if (j < n && s[j] == ' ') {
          // the commonest end of a word, a space, taken here: it ends the word and, after a letter or
          // digit, no sentence
          ++code_points;
          end_word(j);
          prev2 = k_ascii_properties[s[j - 1]];
          prev = k_ascii_properties[' '];
          i = j + 1;
          continue;
        }
        prev2 = run >= 2 ? k_ascii_properties[s[j - 2]] : prev;
        prev = k_ascii_properties[s[j - 1]];
        i = j;
        continue;
      }
      ++i;
      ++code_points;
      if (c == ' ') {
        end_word(at);
        if (sentence_end_here()) ++sentence_ends;
      } else {
        const bool space = (props & k_space) != 0;
        if (c == '\n') {
          if (line_has_text) ++lines;
          line_has_text = false;
        } else if (!space) {
          line_has_text = true;
        }
        if ((c == '\'' || c == '-') && in_word && i < n &&
            ((s[i] < 0x80 && is_ascii_alnum(static_cast<char>(s[i]))) || s[i] >= 0xC0)) {
          ++word_len;  // apostrophe or hyphen inside a word: keep the word going
        } else {
          end_word(at);
        }
        if (space && sentence_end_here()) ++sentence_ends;
      }
      prev2 = prev;
      prev = props;
      continue;
    }
    if (c < 0x80) {
      ++i;
    } else {
      U8_NEXT(s, i, n, c);
      if (c < 0) {
        c = 0xFFFD;
        scanner = nullptr;  // (left to scan_folded: the folding reads ill-formed text byte by byte)
        scanned = false;
      } else if (c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D || c == 0x2013 || c == 0x2014) {
        folded_behind += 2;
      }
    }
    const std::uint8_t props = properties_of(c);
    ++code_points;
    const bool space = (props & k_space) != 0;
    if (c == '\n' || c == 0x2028 || c == 0x2029) {
      if (line_has_text) ++lines;
      line_has_text = false;
    } else if (!space) {
      line_has_text = true;
    }
    // bullet detection on the first visible characters
    if (!lead_done && !space) {
      if (!first_visible_seen) {
        first_visible_seen = true;
        if (c == 0x2022 || c == 0x25E6 || c == 0x25AA || c == 0x2023 || c == 0x00B7 || c == 0x25CF ||
            c == 0x25A0 || c == 0x2043) {
          f.bullet = true;
          lead_done = true;
        } else if (c == '-' || c == '*' || c == 0x2013) {
          // bullet only when followed by a space: checked below via lookahead
          if (i < n && (s[i] == ' ' || s[i] == '\t')) f.bullet = true;
          lead_done = true;
        } else if (c >= '0' && c <= '9') {
          lead_digits = 1;
        } else {
          lead_done = true;
        }
      } else if (lead_digits > 0) {
        if (c >= '0' && c <= '9' && lead_digits < 3) {
          ++lead_digits;
        } else {
          if ((c == '.' || c == ')') && i < n && s[i] == ' ') f.bullet = true;
          lead_done = true;
        }
      }
    }
    if ((props & k_alpha) != 0) ++letters;
    if ((props & k_alnum) != 0) {
      if (!in_word) begin_word(at, props);
      if (c >= 0x80) word_ascii = false;
      ++word_len;
    } else if ((c == '\'' || c == 0x2019 || c == '-') && in_word && i < n &&
               ((s[i] < 0x80 && is_ascii_alnum(static_cast<char>(s[i]))) || s[i] >= 0xC0)) {
      // apostrophe or hyphen inside a word: keep the word going
      if (c >= 0x80) word_bytes_ascii = false;
      ++word_len;
    } else {
      end_word(at);
    }
    if (space && sentence_end_here()) ++sentence_ends;
    prev2 = prev;
    prev = props;
  }
  end_word(n);
  if (line_has_text) ++lines;
  if (sentence_end_here()) ++sentence_ends;
  if (scanner != nullptr) {
    scanned = static_cast<std::size_t>(n) - folded_behind == scanner->size();
    if (scanned) scanner->scan_to(scanner->size(), false);
  }
  f.code_points = code_points;
  f.letters = letters;
  f.words = words;
  f.stop_words = stop_words;
  f.lines = lines;
  f.sentence_ends = sentence_ends;
  f.capitalised_words = capitalised;
  f.link_chars = markup_link_chars ? std::min(*markup_link_chars, f.code_points) : plain_link_chars(text);
  // ends with sentence punctuation, allowing closing quotes/brackets after it
  {
    std::int32_t j = n;
    int steps = 0;
    while (j > 0 && steps < 6) {
      UChar32 c;
      U8_PREV(s, 0, j, c);
      ++steps;
      if (is_space_cp(c)) continue;
      if (is_closing_cp(c)) continue;
      f.ends_with_sentence_punct = is_sentence_end_cp(c);
      break;
    }
  }
  return f;
}

}  // namespace

PassageFeatures measure_passage(std::string_view text, std::optional<std::size_t> markup_link_chars) {
  bool scanned = false;
  return measure_and_scan(text, markup_link_chars, nullptr, scanned);
}

namespace {

// The detectors below on a passage already folded (classify_roles folds each passage once for all) and
// followed by 16 readable bytes (scan_folded), with the code point count of the passage.
std::string_view boilerplate_family_folded(std::string_view folded, std::size_t cps, const FoldedScan& scan) {
  const std::size_t words = scan.words;
  const std::string_view head = skip_lead_marks(folded);
  const std::uint32_t candidates = head.empty() ? 0 : k_anchored_by_first_byte[static_cast<unsigned char>(head.front())];
  for (std::uint32_t c = candidates; c != 0; c &= c - 1) {  // in list order
    const AnchoredPhrase& anchored = k_anchored[static_cast<std::size_t>(std::countr_zero(c))];
    if (!starts_with_word(head, anchored.phrase)) continue;
    // "Share" / "Related" / "Sponsored" open body sentences too ("Share prices fell"); as labels
    // they stand alone or are followed by a colon.
    const std::string_view p = anchored.phrase;
    const bool label_only = p == "share" || p == "related" || p == "sponsored" || p == "tags" || p == "tagged" ||
                            p == "categories" || p == "keywords" || p == "read more" || p == "copyright";
    if (label_only) {
      const std::size_t at = folded.find(p);
      const std::string_view rest = trim(std::string_view(folded).substr(at + p.size()));
      const bool is_label = rest.empty() || rest.front() == ':' || rest.front() == '|' || words <= 6 ||
                            (p == "copyright" && (rest.front() == '(' || rest.substr(0, 2) == "\xC2\xA9" ||
                                                  (rest.size() >= 4 && all_digits(rest.substr(0, 4)))));
      if (!is_label) continue;
    }
    return anchored.family;
  }
  // "Support SouthFront", "Donate now": short imperative appeals
  if (words <= 5 && (starts_with_word(head, "support") || starts_with_word(head, "donate"))) return "donation";
  if (scan.phrase_hits >= 2 || (scan.phrase_hits == 1 && cps < 200)) return scan.first_family;
  // (both rules below want few words; most passages are done here)
  if (words > 6 && !(scan.separators >= 2 && words <= (scan.separators + 1) * 3)) return {};
  // menu words: only in a few words that do not form a sentence ("Tickets go on sale next week.")
  const std::string_view trimmed = trim(folded);
  const bool sentence = !trimmed.empty() && (trimmed.back() == '.' || trimmed.back() == '!' || trimmed.back() == '?');
  if (words <= 6 && !sentence) {
    // (a menu word whose first two bytes stand together nowhere in the text is not searched for: bit
    // b & 31 of pairs[a & 31] tells whether bytes a, b follow each other somewhere)
    auto low5 = [](char c) { return static_cast<unsigned>(static_cast<unsigned char>(c)) & 31u; };
    std::array<std::uint32_t, 32> pairs{};
    for (std::size_t k = 0; k + 1 < folded.size(); ++k) pairs[low5(folded[k])] |= std::uint32_t{1} << low5(folded[k + 1]);
    std::size_t menu_words = 0;
    for (std::string_view word : k_short_only) {
      if (((pairs[low5(word[0])] >> low5(word[1])) & 1) != 0 && contains_phrase(folded, word)) {
        menu_words += ascii_word_count(word);
      }
    }
    if (menu_words * 2 >= words) return "navigation";  // "Menu Close", but not "What happens next"
  }
  // "Home | World | Politics": short items between separators
  if (!sentence && scan.separators >= 2 && words <= (scan.separators + 1) * 3) return "navigation";
  return {};
}

}  // namespace

std::string_view boilerplate_family(std::string_view text) {
  const PaddedFold folded(text);
  return boilerplate_family_folded(folded.view(), folded.code_points(), scan_folded(folded.view()));
}

namespace {

bool opens_comment_thread_folded(std::string_view folded) {
  static constexpr std::array<std::string_view, 26> exact = {
      "comments", "comment", "reader comments", "readers' comments", "user comments", "discussion",
      "join the discussion", "join the conversation", "leave a reply", "leave a comment", "post a comment",
      "add a comment", "add comment", "write a comment", "notify of", "view all comments", "show comments",
      "load comments", "comments are closed", "newest most voted", "oldest newest most voted",
      "inline feedbacks", "most voted", "what do you think", "have your say", "conversation"};
  static constexpr std::array<std::string_view, 9> after_number = {
      "comments", "comment", "responses", "response", "replies", "reply", "thoughts on", "thought on",
      "responses to"};
  bool found = false;
  static constexpr std::size_t longest_exact =
      std::max_element(exact.begin(), exact.end(), [](std::string_view a, std::string_view b) {
        return a.size() < b.size();
      })->size();
  for_each_line(folded, [&](std::string_view line) {
    while (!line.empty() && (line.back() == '?' || line.back() == '.' || line.back() == '!')) line.remove_suffix(1);
    // a line longer than every exact phrase can only be a count ("12 comments", "one response to
    // ...") or "comments (4)"
    if (line.size() > longest_exact && !(line[0] >= '0' && line[0] <= '9') && line[0] != 'o' && line[0] != 'c') {
      return false;
    }
    for (std::string_view e : exact) {
      if (line == e) return found = true;
    }
    // "12 Comments", "One response to ...", "Comments (4)", "3 thoughts on "Title""
    std::size_t k = 0;
    while (k < line.size() && line[k] >= '0' && line[k] <= '9') ++k;
    std::string_view rest;
    if (k > 0 && k < line.size() && line[k] == ' ') rest = line.substr(k + 1);
    else if (line.substr(0, 4) == "one ") rest = line.substr(4);
    if (!rest.empty()) {
      for (std::string_view w : after_number) {
        if (rest == w || (w.find(' ') != std::string_view::npos && rest.substr(0, w.size()) == w) ||
            (rest.substr(0, w.size()) == w && rest.size() > w.size() && rest[w.size()] == ' ' &&
             (w == "responses" || w == "response") && rest.substr(w.size() + 1, 3) == "to ")) {
          return found = true;
        }
      }
    }
    if (line.substr(0, 10) == "comments (" && line.back() == ')') return found = true;
    return false;
  });
  return found;
}

}  // namespace

bool opens_comment_thread(std::string_view text) { return opens_comment_thread_folded(fold(text)); }

namespace {

// Whether "getty" occurs in `folded` (followed by 16 readable bytes), which most captions' credits name.
// (A string search stops at every 'g'; sixteen bytes at a time, "ge" is rare.)
bool contains_getty(std::string_view folded) {
#if defined(__SSE2__)
  const char* s = folded.data();
  const __m128i g = _mm_set1_epi8('g'), e = _mm_set1_epi8('e');
  for (std::size_t p = 0; p + 5 <= folded.size(); p += 16) {
    const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + p));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + p + 1));
    for (auto ge = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(here, g), _mm_cmpeq_epi8(next, e))));
         ge != 0; ge &= ge - 1) {
      const std::size_t at = p + static_cast<std::size_t>(std::countr_zero(ge));
      if (at + 5 <= folded.size() && std::memcmp(s + at + 1, "etty", 4) == 0) return true;
    }
  }
  return false;
#else
  return folded.find("getty") != std::string_view::npos;
#endif
}

// `sentence_ends` gives measure_passage(text).sentence_ends, asked for only when the words fit.
// `scan` is scan_folded(folded), or null.
template <typename SentenceEnds>
bool looks_like_caption_folded(std::string_view folded, std::size_t cps, const FoldedScan* scan,
                               SentenceEnds&& sentence_ends) {
  const std::uint32_t candidates =
      folded.empty() ? 0 : k_caption_prefixes_by_first_byte[static_cast<unsigned char>(folded.front())];
  for (std::uint32_t c = candidates; c != 0; c &= c - 1) {
    const std::string_view p = k_caption_prefixes[static_cast<std::size_t>(std::countr_zero(c))];
    if (folded.compare(0, p.size(), p) == 0) return true;
  }
  if (cps > 300) return false;
  // Photo credits. Those opening with '(' are tried at each '(' (one search for them all), "/afp)" only
  // where '(' or '/' occur (`scan` says whether), and those naming Getty only where "getty" does.
  static constexpr std::array<std::string_view, 5> bracket_credits = {"(image credit", "(photo:", "(photo by",
                                                                      "(ap photo", "(reuters"};
  static constexpr std::array<std::string_view, 3> getty_credits = {"/getty images", "getty images)", "via getty"};
  if (scan == nullptr || scan->parenthesis) {
    for (std::size_t at = folded.find('('); at != std::string_view::npos; at = folded.find('(', at + 1)) {
      for (std::string_view p : bracket_credits) {
        if (folded.compare(at, p.size(), p) == 0) return true;
      }
    }
    if (folded.find("/afp)") != std::string_view::npos) return true;
  }
  if (contains_getty(folded)) {
    for (std::string_view p : getty_credits) {
      if (folded.find(p) != std::string_view::npos) return true;
    }
  }
  if (cps > 200 || (scan != nullptr && !scan->caption_words)) return false;
  // "A screenshot from a video purportedly showing ...": a picture noun early, a showing verb, and at
  // most one sentence.
  const WordTable& table = word_table();
  std::size_t word_idx = 0;
  bool noun_early = false, verb = false;
  std::size_t i = 0;
  // (no need to read on once both are found, or once the early words have passed without a noun)
  while (i < folded.size() && !(noun_early && verb) && (noun_early || word_idx < 6)) {
    while (i < folded.size() && !is_ascii_alnum(folded[i])) ++i;
    std::size_t j = i;
    while (j < folded.size() && (is_ascii_alnum(folded[j]) || folded[j] == '-')) ++j;
    if (j == i) break;
    if (j - i <= 16) {
      if (const WordInfo* info = table.find(pack_padded(folded.data() + i, j - i))) {
        if (word_idx < 6 && (info->bits & k_word_caption_noun) != 0) noun_early = true;
        if ((info->bits & k_word_caption_verb) != 0) verb = true;
      }
    }
    ++word_idx;
    i = j;
  }
  if (!noun_early || !verb) return false;
  return sentence_ends() <= 2;  // "U.S." inside a caption reads as a sentence end
}

}  // namespace

bool looks_like_caption(std::string_view text) {
  const std::size_t cps = code_point_count(text);
  // A long passage is a caption only by its opening words: fold no more than those.
  const PaddedFold folded(cps > 300 ? text.substr(0, std::min<std::size_t>(text.size(), 64)) : text);
  return looks_like_caption_folded(folded.view(), cps, nullptr,
                                   [&] { return measure_passage(text, std::size_t{0}).sentence_ends; });
}

namespace {

// looks_like_date_line and looks_like_byline on a text already folded (`folded` is fold(text)).
bool looks_like_date_line_folded(std::string_view folded) {
  const std::size_t words = ascii_word_count(folded);
  if (words == 0 || words > 10) return false;
  bool month = false, day_or_year = false, iso = false;
  std::size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !is_ascii_alnum(folded[i])) ++i;
    std::size_t j = i;
    while (j < folded.size() && is_ascii_alnum(folded[j])) ++j;
    if (j == i) break;
    std::string_view word(folded.data() + i, j - i);
    if (k_month_initial[static_cast<unsigned char>(word.front())] &&
        std::find(k_months.begin(), k_months.end(), word) != k_months.end()) {
      month = true;
    }
    // strip ordinal suffixes: 23rd, 1st
    std::string_view digits = word;
    while (!digits.empty() && !(digits.back() >= '0' && digits.back() <= '9')) digits.remove_suffix(1);
    if (all_digits(digits) && (digits.size() <= 2 || digits.size() == 4)) day_or_year = true;
    // 2021-09-25 or 25/09/2021
    if (all_digits(word) && word.size() == 4 && j + 6 <= folded.size() && (folded[j] == '-' || folded[j] == '/') &&
        folded[j + 3] == folded[j]) {
      iso = true;
    }
    if (all_digits(word) && word.size() <= 2 && j + 1 < folded.size() && folded[j] == '/' ) iso = iso || words <= 4;
    i = j;
  }
  return (month && day_or_year) || iso;
}

bool looks_like_byline_folded(std::string_view text, std::string_view folded, std::string_view known_author) {
  const std::size_t words = ascii_word_count(folded);
  if (words == 0) return false;
  std::string_view t = trim(text);
  // "By Jane Doe" with a capital after "By"
  const std::string_view head = skip_lead_marks(folded);
  if (words <= 12 && starts_with_word(head, "by")) {
    std::size_t k = folded.find("by") + 2;
    while (k < t.size() && (t[k] == ' ' || t[k] == '[' || t[k] == '*' || t[k] == ':')) ++k;
    if (k < t.size() && ((t[k] >= 'A' && t[k] <= 'Z') || static_cast<unsigned char>(t[k]) >= 0xC0)) return true;
  }
  static constexpr std::array<std::string_view, 11> labels = {
      "author:", "authors:", "written by", "posted by", "reported by", "words by", "story by", "published:",
      "published on", "updated:", "last updated"};
  if (words <= 20) {
    for (std::string_view l : labels) {
      if (starts_with_word(head, l)) return true;
    }
  }
  // signature: "— Jane Doe"
  if (words <= 5 && !t.empty() && (folded.front() == '-' || t.substr(0, 3) == "\xE2\x80\x94" ||
                                    t.substr(0, 3) == "\xE2\x80\x93")) {
    std::string_view rest = t;
    while (!rest.empty()) {
      if (rest.substr(0, 3) == "\xE2\x80\x94" || rest.substr(0, 3) == "\xE2\x80\x93") rest.remove_prefix(3);
      else if (rest.front() == '-' || rest.front() == ' ') rest.remove_prefix(1);
      else break;
    }
    if (!rest.empty() && ((rest.front() >= 'A' && rest.front() <= 'Z') || static_cast<unsigned char>(rest.front()) >= 0xC3)) {
      return true;
    }
  }
  if (!known_author.empty() && words <= 12) {
    const std::string author = fold(trim(known_author));
    if (!author.empty() && contains_phrase(folded, author)) return true;
  }
  return false;
}

}  // namespace

bool looks_like_date_line(std::string_view text) { return looks_like_date_line_folded(fold(text)); }

bool looks_like_byline(std::string_view text, std::string_view known_author) {
  return looks_like_byline_folded(text, fold(text), known_author);
}

namespace {

// A short author biography: "NAME is a senior fellow at ...", at most a few sentences.
// `folded` is fold(text), followed by 16 readable bytes (PaddedFold, FoldedPassages); `cps`
// code_point_count(text).
bool looks_like_author_bio(std::string_view text, std::string_view folded, std::size_t cps,
                           std::string_view known_author) {
  if (cps > 450) return false;
  if (!known_author.empty()) {
    const std::string author = fold(trim(known_author));
    if (!author.empty() && folded.compare(0, author.size(), author) == 0 &&
        folded.compare(author.size(), 4, " is ") == 0) {
      return true;
    }
  }
  // generic: up to four capitalised words, then "is a/an/the", then a journalism or research role
  // (only a head of up to 40 bytes counts. Most passages have no " is " there, and a string search
  // would stop at every space: sixteen offsets are tried at once, or each in turn without SSE2.)
  if (folded.size() < 4) return false;
  const std::size_t last = std::min<std::size_t>(40, folded.size() - 4);
  std::size_t is_pos = last + 1;
#if defined(__SSE2__)
  // (`folded` is followed by 16 readable bytes, and p + 3 <= size here: every load is readable)
  for (std::size_t p = 0; p <= last && is_pos > last; p += 16) {
    auto at = [&](std::size_t k, char c) {
      return _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(folded.data() + p + k)), _mm_set1_epi8(c));
    };
    const auto hits = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_and_si128(_mm_and_si128(at(0, ' '), at(1, 'i')), _mm_and_si128(at(2, 's'), at(3, ' ')))));
    if (hits != 0) is_pos = p + static_cast<std::size_t>(std::countr_zero(hits));
  }
#else
  for (std::size_t p = 0; p <= last; ++p) {
    if (std::memcmp(folded.data() + p, " is ", 4) == 0) {
      is_pos = p;
      break;
    }
  }
#endif
  if (is_pos > last) return false;
  const std::string_view head = trim(text.substr(0, std::min(is_pos, text.size())));
  std::size_t caps = 0, head_words = 0;
  bool at_word = true;
  for (char c : head) {
    if (c == ' ') { at_word = true; continue; }
    if (at_word) { ++head_words; if (c >= 'A' && c <= 'Z') ++caps; }
    at_word = false;
  }
  if (head_words == 0 || head_words > 4 || caps != head_words) return false;
  static constexpr std::array<std::string_view, 14> roles = {
      "writer", "editor", "reporter", "journalist", "correspondent", "fellow", "columnist", "analyst",
      "contributor", "researcher", "professor", "author of", "director of", "freelance"};
  for (std::string_view r : roles) {
    if (folded.find(r) != std::string::npos) return true;
  }
  return false;
}

// Visible text has no sentence-final or clause punctuation at its end: a headline or menu item.
bool headline_like(std::string_view text, const PassageFeatures& f) {
  if (f.ends_with_sentence_punct || f.bullet || f.lines != 1 || f.words == 0 || f.words > 25) return false;
  const std::string_view t = trim(text);
  const char last = t.empty() ? ' ' : t.back();
  return last != ':' && last != ';' && last != ',';
}

enum class JusClass { good, near_good, short_, bad };

bool is_bad_container(std::string_view c) {
  return c == "nav" || c == "footer" || c == "aside" || c == "form";
}

bool is_heading_tag(std::string_view tag) {
  return tag.size() == 2 && tag[0] == 'h' && tag[1] >= '2' && tag[1] <= '6';
}

}  // namespace

void classify_roles(std::vector<Passage>& passages, const std::vector<RoleCues>& cues,
                    const SegmentOptions& options) {
  const std::size_t n = passages.size();
  if (n == 0) return;
  static const RoleCues k_no_cues;
  auto cue = [&](std::size_t idx) -> const RoleCues& { return cues.size() == n ? cues[idx] : k_no_cues; };
  const bool markup = cues.size() == n;

  std::vector<PassageFeatures> feats(n);
  std::vector<std::string_view> families(n);
  const FoldedPassages folded(passages);  // each passage folded once, for all the phrase detectors
  std::vector<FoldedScan> scans(n);
  std::size_t all_words = 0, all_stops = 0;
  bool has_main = false;
  for (std::size_t idx = 0; idx < n; ++idx) {
    FoldedScanner scanner(folded.text(idx));
    bool scanned = false;
    feats[idx] = measure_and_scan(passages[idx].text, cue(idx).link_chars, &scanner, scanned);
    scans[idx] = scanned ? scanner.finish() : scan_folded(folded.text(idx));
    families[idx] = boilerplate_family_folded(folded.text(idx), folded.code_points(idx), scans[idx]);
    all_words += feats[idx].words;
    all_stops += feats[idx].stop_words;
    if (markup && (cue(idx).container == "article" || cue(idx).container == "main")) has_main = true;
  }
  // Stop-word density only means something for English; elsewhere (and in scripts written without
  // spaces, where a "word" is a whole clause) every text would look like a menu, so it is not used.
  const bool english = all_words >= 20 && double(all_stops) / double(all_words) >= 0.12;
  auto stop_density = [&](std::size_t idx) { return english ? feats[idx].stop_density() : 0.35; };

  // ---- raw score (0..1): length, stop words, punctuation, links, phrases
  std::vector<double> raw(n);
  for (std::size_t idx = 0; idx < n; ++idx) {
    const auto& f = feats[idx];
    double s = 0.45 * std::min(1.0, double(f.code_points) / 300.0) + 0.35 * std::min(1.0, stop_density(idx) / 0.4) +
               0.2 * (f.ends_with_sentence_punct ? 1.0 : 0.0);
    s -= 0.8 * f.link_density();
    if (!families[idx].empty()) s -= 0.5;
    raw[idx] = std::clamp(s, 0.0, 1.0);
  }

  // ---- fixed roles: corrections, markup, comment thread
  std::vector<std::optional<PassageRole>> fixed(n);
  for (std::size_t idx = 0; idx < n; ++idx) {
    if (passages[idx].role_corrected) { fixed[idx] = passages[idx].role; continue; }
    if (!markup) continue;  // (plain text: every cue is empty)
    const RoleCues& c = cue(idx);
    if (c.forced_role) { fixed[idx] = c.forced_role; continue; }
    if (c.container == "comments") { fixed[idx] = PassageRole::comment; continue; }
    if (c.tag == "figcaption" || c.tag == "caption" || (c.container == "figure" && !is_heading_tag(c.tag))) {
      fixed[idx] = PassageRole::caption;
      continue;
    }
    if (is_bad_container(c.container)) { fixed[idx] = PassageRole::boilerplate; continue; }
  }

  // ---- jusText classes
  std::vector<JusClass> cls(n, JusClass::short_);
  for (std::size_t idx = 0; idx < n; ++idx) {
    const auto& f = feats[idx];
    const double sd = stop_density(idx);
    const double ld = f.link_density();
    if (!families[idx].empty() || ld > 0.5 || (ld > 0.25 && f.code_points < 200) ||
        (f.code_points > 0 && f.letters * 2 < f.code_points) || (f.code_points >= 70 && sd < 0.12)) {
      cls[idx] = JusClass::bad;
    } else if (f.code_points >= 200 && sd >= 0.28) {
      cls[idx] = JusClass::good;
    } else if (f.code_points >= 70 && sd >= 0.2) {
      cls[idx] = JusClass::near_good;
    } else {
      cls[idx] = JusClass::short_;
    }
    // outside <article>/<main> on a page that has one, only clearly good text counts as body
    if (has_main && markup && cls[idx] != JusClass::good && cue(idx).container != "article" &&
        cue(idx).container != "main") {
      cls[idx] = JusClass::bad;
    }
    if (fixed[idx]) {
      const PassageRole r = *fixed[idx];
      cls[idx] = r == PassageRole::body ? JusClass::good
                 : (r == PassageRole::boilerplate || r == PassageRole::comment) ? JusClass::bad
                                                                                  : cls[idx];
    }
  }
  std::size_t first_good = n;
  for (std::size_t idx = 0; idx < n; ++idx) {
    if (cls[idx] == JusClass::good && !fixed[idx]) { first_good = idx; break; }
  }
  // A short article may have no paragraph long enough to be "good"; its complete sentences then are.
  if (first_good == n) {
    for (std::size_t idx = 0; idx < n; ++idx) {
      if (!fixed[idx] && (cls[idx] == JusClass::near_good || cls[idx] == JusClass::short_) &&
          feats[idx].ends_with_sentence_punct && feats[idx].words >= 4) {
        cls[idx] = JusClass::good;
        if (first_good == n) first_good = idx;
      }
    }
  }

  // ---- comment thread: the first start line after some body text; everything after it
  std::size_t comment_start = n;
  for (std::size_t idx = 0; idx < n; ++idx) {
    if (passages[idx].role_corrected) continue;
    const bool by_markup = markup && cue(idx).container == "comments";
    if (by_markup || (idx > first_good && first_good < n && opens_comment_thread_folded(folded.text(idx)))) {
      comment_start = idx;
      break;
    }
  }
  for (std::size_t idx = comment_start; idx < n; ++idx) {
    if (!passages[idx].role_corrected) fixed[idx] = PassageRole::comment;
    cls[idx] = JusClass::bad;
  }

  // ---- title
  std::size_t title_idx = n;
  const std::string known_title = normalised_for_match(fold(options.known_title));
  if (!known_title.empty()) {
    for (std::size_t idx = 0; idx < n && idx < comment_start; ++idx) {
      if (fixed[idx]) continue;
      const std::string p = normalised_for_match(folded.text(idx));
      // equal, or one is the other plus a site suffix ("Title | Outlet")
      const bool passage_longer = p.size() > known_title.size() && p.compare(0, known_title.size(), known_title) == 0 &&
                                  feats[idx].words <= 40 && feats[idx].lines == 1;
      const bool title_longer = !p.empty() && known_title.size() > p.size() && p.size() * 5 >= known_title.size() * 3 &&
                                known_title.compare(0, p.size(), p) == 0;
      if (p == known_title || passage_longer || title_longer) {
        title_idx = idx;
        break;
      }
    }
  }
  if (title_idx == n && markup) {
    for (std::size_t idx = 0; idx < comment_start; ++idx) {
      if (!fixed[idx] && cue(idx).tag == "h1") { title_idx = idx; break; }
      if (fixed[idx] == PassageRole::title) { title_idx = idx; break; }
    }
  }
  if (title_idx == n && known_title.empty() && !markup) {
    // plain text without a known title: a headline-shaped line before the first body paragraph
    for (std::size_t idx = 0; idx < std::min<std::size_t>({n, first_good, 5, comment_start}); ++idx) {
      if (fixed[idx] || !families[idx].empty()) continue;
      const auto& f = feats[idx];
      if (f.words >= 3 && f.words <= 30 && f.code_points <= 200 && headline_like(passages[idx].text, f) &&
          f.link_density() < 0.5 && f.letters * 2 >= f.code_points) {
        title_idx = idx;
        break;
      }
    }
  }
  if (title_idx < n && !fixed[title_idx]) fixed[title_idx] = PassageRole::title;

  // ---- bylines near the top, signatures and author bios anywhere after the body started
  const std::size_t top_limit = std::min(n, title_idx < n ? title_idx + 7 : std::size_t{8});
  for (std::size_t idx = 0; idx < std::min({top_limit, first_good, comment_start}); ++idx) {
    if (fixed[idx]) continue;
    if (feats[idx].code_points <= 160 && feats[idx].lines == 1 && (looks_like_byline_folded(passages[idx].text, folded.text(idx), options.known_author) ||
                                          looks_like_date_line_folded(folded.text(idx)))) {
      fixed[idx] = PassageRole::byline;
    }
  }
  for (std::size_t idx = first_good; idx < comment_start; ++idx) {
    if (fixed[idx]) continue;
    const bool short_enough = feats[idx].words <= 5 && feats[idx].code_points <= 60;
    if (!short_enough && idx * 2 < n) continue;  // neither a signature nor (in the first half) a bio
    const std::string_view t = trim(passages[idx].text);
    const bool signature = short_enough &&
                           (t.substr(0, 3) == "\xE2\x80\x94" || t.substr(0, 3) == "\xE2\x80\x93" ||
                            t.substr(0, 2) == "--") &&
                           looks_like_byline(t, options.known_author);
    bool bio = false;
    if (idx * 2 >= n) {
      // passages are trimmed already, but for one that is not, its trimmed text is folded on its own
      if (t.size() == passages[idx].text.size()) {
        bio = looks_like_author_bio(t, folded.text(idx), folded.code_points(idx), options.known_author);
      } else if (const std::size_t cps = code_point_count(t); cps <= 450) {
        bio = looks_like_author_bio(t, PaddedFold(t).view(), cps, options.known_author);
      }
    }
    if (signature || bio) fixed[idx] = PassageRole::byline;
  }

  // ---- captions
  for (std::size_t idx = 0; idx < comment_start; ++idx) {
    if (!fixed[idx] && looks_like_caption_folded(folded.text(idx), folded.code_points(idx), &scans[idx],
                                                 [&] { return feats[idx].sentence_ends; })) {
      fixed[idx] = PassageRole::caption;
    }
  }
  // HTML headings are headings unless furniture phrasing says otherwise
  for (std::size_t idx = 0; idx < comment_start; ++idx) {
    if (!fixed[idx] && markup && (is_heading_tag(cue(idx).tag) || cue(idx).tag == "h1") && families[idx].empty()) {
      fixed[idx] = PassageRole::heading;
    }
  }
  // Titles and bylines are barriers for context (nothing flows across them); captions and headings
  // are transparent.
  for (std::size_t idx = 0; idx < n; ++idx) {
    if (!fixed[idx]) continue;
    if (*fixed[idx] == PassageRole::title || *fixed[idx] == PassageRole::byline) cls[idx] = JusClass::bad;
  }
  auto transparent = [&](std::size_t idx) {
    return fixed[idx] && (*fixed[idx] == PassageRole::caption || *fixed[idx] == PassageRole::heading);
  };

  // ---- context smoothing (jusText): near-goods, then shorts, look at their neighbours. The nearest
  // neighbour of each passage that a rule does not skip is found in one sweep each way (long runs of
  // short lines must not make this quadratic); the document's edges count as boilerplate.
  struct Nearest {
    std::vector<JusClass> prev, next;
    std::vector<bool> next_is_edge;  // no candidate after this passage: the document ends
    std::vector<bool> prev_is_edge;  // no candidate before this passage: the document starts
  };
  auto nearest = [&](const std::vector<JusClass>& c, bool skip_near_good) {
    Nearest out{std::vector<JusClass>(n), std::vector<JusClass>(n), std::vector<bool>(n), std::vector<bool>(n)};
    auto skipped = [&](std::size_t u) {
      return transparent(u) || c[u] == JusClass::short_ || (skip_near_good && c[u] == JusClass::near_good);
    };
    JusClass last = JusClass::bad;
    bool start = true;
    for (std::size_t u = 0; u < n; ++u) {
      out.prev[u] = last;
      out.prev_is_edge[u] = start;
      if (!skipped(u)) {
        last = c[u];
        start = false;
      }
    }
    last = JusClass::bad;
    bool edge = true;
    for (std::size_t u = n; u-- > 0;) {
      out.next[u] = last;
      out.next_is_edge[u] = edge;
      if (!skipped(u)) {
        last = c[u];
        edge = false;
      }
    }
    return out;
  };
  std::vector<JusClass> resolved = cls;
  {
    // near-good: body when the nearest passage on either side that is neither short nor near-good is good
    const Nearest beyond = nearest(cls, true);
    for (std::size_t idx = 0; idx < n; ++idx) {
      if (fixed[idx] || cls[idx] != JusClass::near_good) continue;
      resolved[idx] = beyond.prev[idx] == JusClass::good || beyond.next[idx] == JusClass::good ? JusClass::good
                                                                                              : JusClass::bad;
    }
  }
  {
    // short: body between good neighbours, boilerplate between bad ones; when mixed, body only if the bad
    // side is really the document's edge and the passage is a sentence (a one-sentence lede before the
    // body, or a closing one-line paragraph after it)
    const Nearest around = nearest(resolved, false);
    for (std::size_t idx = 0; idx < n; ++idx) {
      if (fixed[idx] || cls[idx] != JusClass::short_) continue;
      const JusClass p = around.prev[idx], q = around.next[idx];
      const bool sentence = feats[idx].ends_with_sentence_punct && feats[idx].words >= 4;
      if (p == JusClass::good && q == JusClass::good) resolved[idx] = JusClass::good;
      else if (p == JusClass::good && around.next_is_edge[idx] && sentence) resolved[idx] = JusClass::good;
      else if (q == JusClass::good && around.prev_is_edge[idx] && sentence && families[idx].empty()) {
        resolved[idx] = JusClass::good;
      }
      else resolved[idx] = JusClass::bad;
    }
  }

  // ---- inside <article>/<main> (or an XML article body) the markup already chose the text: what is
  // not furniture by its own measures is body
  for (std::size_t idx = 0; idx < n; ++idx) {
    if (!markup || fixed[idx] || (cls[idx] != JusClass::short_ && cls[idx] != JusClass::near_good)) continue;
    if (cue(idx).container == "article" || cue(idx).container == "main") resolved[idx] = JusClass::good;
  }

  // ---- runs of headline-like lines (related links, tag clouds, menus) are furniture unless good text
  // stands right on both sides of the run
  for (std::size_t idx = 0; idx < n;) {
    std::size_t end = idx;
    while (end < n && !fixed[end] && headline_like(passages[end].text, feats[end]) && (!markup || cue(end).tag != "li")) ++end;
    if (end - idx >= 2) {
      const bool good_before = idx > 0 && resolved[idx - 1] == JusClass::good && !fixed[idx - 1];
      const bool good_after = end < n && resolved[end] == JusClass::good && !fixed[end];
      if (!(good_before && good_after)) {
        for (std::size_t k = idx; k < end; ++k) resolved[k] = JusClass::bad;
      }
    }
    idx = std::max(end, idx + 1);
  }

  // ---- plain-text headings: a short headline-like line followed by body text
  for (std::size_t idx = 0; idx < n; ++idx) {
    if (fixed[idx] || resolved[idx] != JusClass::good) continue;
    const auto& f = feats[idx];
    // headings are brief or capitalised like titles ("Clashes and Provocations")
    if (!headline_like(passages[idx].text, f) || f.words > 10 || f.code_points > 100) continue;
    if (f.words > 6 && f.capitalised_words * 2 < f.words) continue;
    std::size_t next = idx + 1;
    while (next < n && transparent(next)) ++next;
    if (next < n && !fixed[next] && resolved[next] == JusClass::good) {
      fixed[idx] = PassageRole::heading;
    }
  }

  // ---- before the title: page furniture unless clearly good text on its own
  if (title_idx < n) {
    for (std::size_t idx = 0; idx < title_idx; ++idx) {
      if (!fixed[idx] && cls[idx] != JusClass::good) resolved[idx] = JusClass::bad;
    }
  }

  // ---- final roles and scores
  for (std::size_t idx = 0; idx < n; ++idx) {
    Passage& p = passages[idx];
    PassageRole role;
    if (fixed[idx]) role = *fixed[idx];
    else role = resolved[idx] == JusClass::good ? PassageRole::body : PassageRole::boilerplate;
    if (!p.role_corrected) p.role = role;
    // body_score agrees with the role: at least 0.5 for body, below 0.5 otherwise; within that band
    // the raw score ranks passages by how body-like their text is
    const double r = raw[idx];
    p.body_score = p.role == PassageRole::body ? 0.5 + 0.5 * r : 0.49 * r;
  }
}

}  // namespace credence::annotate
