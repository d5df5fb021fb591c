// Differential tests of the passage-role classifier: the classifier as it was before its speed-ups is
// kept below (namespace old_roles) as the oracle, and the current one must give the same features,
// phrase families, detector answers, roles and body scores (bit for bit) on generated adversarial
// passages and articles (fixed seeds) and on the shipped fixtures.
#include <gtest/gtest.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "credence/annotate/extract.hpp"
#include "credence/annotate/roles.hpp"
#include "credence/annotate/segment.hpp"
#include "credence/annotate/text.hpp"
#include "test_util.hpp"

// ---------------------------------------------------------------------------------------------
// The oracle: annotate/src/roles.cpp as of commit 85b7d41, unchanged but for this namespace.
namespace old_roles {
using namespace credence::annotate;


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

// ---------------------------------------------------------------------------------------------
// Small text helpers (ASCII case folding is enough for the phrase lists, which are ASCII).


// Lower-cases ASCII, folds curly apostrophes/quotes to ASCII and dashes to '-'. Non-ASCII bytes stay.
constexpr std::array<unsigned char, 256> k_ascii_lower = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 0; c < 256; ++c) table[static_cast<std::size_t>(c)] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return table;
}();

std::string fold(std::string_view text) {
  std::string out(text.size(), '\0');
  char* o = out.data();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const unsigned char c2 = static_cast<unsigned char>(text[i + 2]);
      if (c2 == 0x98 || c2 == 0x99) { *o++ = '\''; i += 2; continue; }
      if (c2 == 0x9C || c2 == 0x9D) { *o++ = '"'; i += 2; continue; }
      if (c2 == 0x93 || c2 == 0x94) { *o++ = '-'; i += 2; continue; }
    }
    *o++ = static_cast<char>(k_ascii_lower[c]);
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

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

// `hay` starts with `phrase` as a whole word (after leading markdown/bullet punctuation).
bool starts_with_phrase(std::string_view hay, std::string_view phrase) {
  std::size_t i = 0;
  while (i < hay.size() && (hay[i] == ' ' || hay[i] == '#' || hay[i] == '*' || hay[i] == '[' || hay[i] == '_' ||
                            hay[i] == '"' || hay[i] == '>')) {
    ++i;
  }
  hay.remove_prefix(i);
  if (hay.substr(0, phrase.size()) != phrase) return false;
  return hay.size() == phrase.size() || !is_ascii_alnum(phrase.back()) || !is_ascii_alnum(hay[phrase.size()]);
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

// A word of up to 16 bytes packed into two integers: the stop-word test is then a binary search over
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

// The stop words in an open-addressing hash table of packed words (a probe or two per word; a binary
// search's unpredictable branches cost more, and this runs for every word of every passage).
class StopWordTable {
 public:
  StopWordTable() {
    std::size_t size = 1;
    while (size < 4 * std::size(k_stop_words)) size <<= 1;
    slots_.assign(size, PackedWord{0, 0});
    mask_ = size - 1;
    for (std::string_view w : k_stop_words) {
      const PackedWord key = *pack_word(w);
      std::size_t i = hash(key) & mask_;
      while (slots_[i] != PackedWord{0, 0} && slots_[i] != key) i = (i + 1) & mask_;
      slots_[i] = key;
    }
  }
  [[nodiscard]] bool contains(const PackedWord& key) const {
    if (key == PackedWord{0, 0}) return false;  // the empty word; also the empty-slot marker
    for (std::size_t i = hash(key) & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == key) return true;
      if (slots_[i] == PackedWord{0, 0}) return false;
    }
  }

 private:
  static std::size_t hash(const PackedWord& key) {
    return static_cast<std::size_t>(((key.first * 0x9E3779B97F4A7C15ull) ^ (key.second * 0xC2B2AE3D27D4EB4Full)) >> 32);
  }
  std::vector<PackedWord> slots_;
  std::size_t mask_ = 0;
};

bool is_stop_word(std::string_view lower_word) {
  static const StopWordTable table;
  const auto packed = pack_word(lower_word);
  return packed && table.contains(*packed);
}

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
const std::array<std::uint8_t, 128> k_ascii_properties = [] {
  std::array<std::uint8_t, 128> table{};
  for (UChar32 c = 0; c < 128; ++c) table[static_cast<std::size_t>(c)] = compute_properties(c);
  return table;
}();
inline std::uint8_t properties_of(UChar32 c) {
  return c < 0x80 ? k_ascii_properties[static_cast<std::size_t>(c)] : compute_properties(c);
}

// Code points of the plain-text link spans: "[label](target)", bare URLs and e-mail addresses.
std::size_t plain_link_chars(std::string_view text) {
  std::size_t link_cps = 0;
  std::size_t i = 0;
  auto is_stop = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '>' || c == ')' || c == '"'; };
  while (i < text.size()) {
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

// The "anywhere" phrases as word sequences, looked up by their first word: one hash lookup per word
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
        const auto key = pack_word(e.words.front());
        if (!key) continue;  // no phrase starts with a word that long
        by_first_.emplace_back(*key, entries_.size());
        entries_.push_back(std::move(e));
      }
    }
    std::sort(by_first_.begin(), by_first_.end());
  }

  // Number of distinct phrases found in folded text; `first_family` gets the family of the first found.
  std::size_t count_hits(std::string_view folded, std::string_view& first_family) const {
    std::vector<std::pair<std::size_t, std::size_t>> spans;  // word [begin, end) byte offsets
    for (std::size_t i = 0; i < folded.size();) {
      if (!is_ascii_alnum(folded[i])) { ++i; continue; }
      std::size_t j = i;
      while (j < folded.size() && is_ascii_alnum(folded[j])) ++j;
      spans.emplace_back(i, j);
      i = j;
    }
    std::size_t hits = 0;
    std::size_t seen[8];
    std::size_t first_pos = std::string_view::npos;
    auto record = [&](std::size_t entry_id, std::size_t family, std::size_t pos) {
      for (std::size_t k = 0; k < std::min<std::size_t>(hits, 8); ++k) {
        if (seen[k] == entry_id) return;
      }
      if (hits < 8) seen[hits] = entry_id;
      ++hits;
      if (pos < first_pos) {
        first_pos = pos;
        first_family = phrase_families()[family].name;
      }
    };
    for (std::size_t w = 0; w < spans.size(); ++w) {
      const std::string_view word = folded.substr(spans[w].first, spans[w].second - spans[w].first);
      const auto key = pack_word(word);
      if (!key) continue;
      const auto range = std::equal_range(by_first_.begin(), by_first_.end(), std::make_pair(*key, std::size_t{0}),
                                          [](const auto& x, const auto& y) { return x.first < y.first; });
      for (auto it = range.first; it != range.second; ++it) {
        const std::size_t entry_id = it->second;
        const Entry& e = entries_[entry_id];
        if (w + e.words.size() > spans.size()) continue;
        bool match = true;
        for (std::size_t k = 1; k < e.words.size() && match; ++k) {
          const auto& sp = spans[w + k];
          match = folded.substr(sp.first, sp.second - sp.first) == e.words[k];
          // the words of a phrase are adjacent: only spaces or hyphens between them
          for (std::size_t b = spans[w + k - 1].second; match && b < sp.first; ++b) {
            match = folded[b] == ' ' || folded[b] == '-';
          }
        }
        if (match && e.needs_colon) {
          const std::size_t after = spans[w + e.words.size() - 1].second;
          match = after < folded.size() && folded[after] == ':';
        }
        if (match) record(entry_id, e.family, spans[w].first);
      }
    }
    if (copyright_sign_family_ != k_none) {
      const std::size_t pos = folded.find("\xC2\xA9");
      if (pos != std::string_view::npos) record(entries_.size(), copyright_sign_family_, pos);
    }
    return hits;
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
  std::vector<std::pair<PackedWord, std::size_t>> by_first_;  // sorted: first word -> entry
  std::size_t copyright_sign_family_ = k_none;
};

const PhraseIndex& phrase_index() {
  static const PhraseIndex index;
  return index;
}

std::string normalise_for_match(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : fold(text)) {
    if (is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80) out.push_back(c);
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

PassageFeatures measure_passage(std::string_view text, std::optional<std::size_t> markup_link_chars) {
  PassageFeatures f;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  bool line_has_text = false;
  bool in_word = false;
  char word_buf[24];
  std::size_t word_len = 0;
  bool word_ascii = true;
  std::uint8_t prev = 0, prev2 = 0;  // properties of the last two code points
  bool first_visible_seen = false;
  auto end_word = [&]() {
    if (!in_word) return;
    in_word = false;
    ++f.words;
    if (word_ascii && word_len < sizeof(word_buf) && is_stop_word(std::string_view(word_buf, word_len))) {
      ++f.stop_words;
    }
  };
  auto sentence_end_here = [&]() {
    return ((prev & k_sentence_end) != 0 && (prev2 & (k_alnum | k_closing)) != 0) ||
           ((prev & k_closing) != 0 && (prev2 & k_sentence_end) != 0);
  };
  std::size_t lead_digits = 0;
  bool lead_done = false;
  while (i < n) {
    UChar32 c = s[i];
    if (c < 0x80) {
      ++i;
    } else {
      U8_NEXT(s, i, n, c);
      if (c < 0) c = 0xFFFD;
    }
    const std::uint8_t props = properties_of(c);
    ++f.code_points;
    const bool space = (props & k_space) != 0;
    if (c == '\n' || c == 0x2028 || c == 0x2029) {
      if (line_has_text) ++f.lines;
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
    if ((props & k_alpha) != 0) ++f.letters;
    if ((props & k_alnum) != 0) {
      if (!in_word) {
        in_word = true;
        word_len = 0;
        word_ascii = true;
        if ((props & k_upper) != 0) ++f.capitalised_words;
      }
      if (c < 0x80) {
        if (word_len < sizeof(word_buf)) word_buf[word_len] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        ++word_len;
      } else {
        word_ascii = false;
      }
    } else if ((c == '\'' || c == 0x2019 || c == '-') && in_word && i < n &&
               ((s[i] < 0x80 && is_ascii_alnum(static_cast<char>(s[i]))) || s[i] >= 0xC0)) {
      // apostrophe or hyphen inside a word: keep the word going
      if (word_len < sizeof(word_buf)) word_buf[word_len] = (c == '-') ? '-' : '\'';
      ++word_len;
    } else {
      end_word();
    }
    if (space && sentence_end_here()) ++f.sentence_ends;
    prev2 = prev;
    prev = props;
  }
  end_word();
  if (line_has_text) ++f.lines;
  if (sentence_end_here()) ++f.sentence_ends;
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

namespace {

// The detectors below on a passage already folded (classify_roles folds each passage once for all).
std::string_view boilerplate_family_folded(std::string_view text, std::string_view folded) {
  const std::size_t words = ascii_word_count(folded);
  const std::size_t cps = code_point_count(text);
  for (const auto& anchored : k_anchored) {
    if (!starts_with_phrase(folded, anchored.phrase)) continue;
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
  if (words <= 5 && (starts_with_phrase(folded, "support") || starts_with_phrase(folded, "donate"))) return "donation";
  std::string_view first_family;
  const std::size_t hits = phrase_index().count_hits(folded, first_family);
  if (hits >= 2 || (hits == 1 && cps < 200)) return first_family;
  // menu words: only in a few words that do not form a sentence ("Tickets go on sale next week.")
  const std::string_view trimmed = trim(folded);
  const bool sentence = !trimmed.empty() && (trimmed.back() == '.' || trimmed.back() == '!' || trimmed.back() == '?');
  if (words <= 6 && !sentence) {
    std::size_t menu_words = 0;
    for (std::string_view word : k_short_only) {
      if (contains_phrase(folded, word)) menu_words += ascii_word_count(word);
    }
    if (menu_words * 2 >= words) return "navigation";  // "Menu Close", but not "What happens next"
  }
  // "Home | World | Politics": short items between separators
  std::size_t separators = 0;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    if (c == '|' || (c == '\xE2' && folded.compare(i, 3, "\xE2\x80\xA2") == 0) ||
        (c == '\xC2' && folded.compare(i, 2, "\xC2\xB7") == 0)) {
      ++separators;
    }
  }
  if (!sentence && separators >= 2 && words <= (separators + 1) * 3) return "navigation";
  return {};
}

}  // namespace

std::string_view boilerplate_family(std::string_view text) { return boilerplate_family_folded(text, fold(text)); }

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
  for_each_line(folded, [&](std::string_view line) {
    while (!line.empty() && (line.back() == '?' || line.back() == '.' || line.back() == '!')) line.remove_suffix(1);
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

bool looks_like_caption_folded(std::string_view text, std::string_view folded) {
  const std::size_t cps = code_point_count(text);
  static constexpr std::array<std::string_view, 22> prefixes = {
      "photo:", "photo by", "photo credit", "photograph:", "photograph by", "photographs:", "image:",
      "image credit", "image-", "image via", "image source", "picture:", "pictured:", "caption:", "credit:",
      "(photo", "(image", "(picture", "[photo", "[image", "file photo", "photo -"};
  for (std::string_view p : prefixes) {
    if (folded.compare(0, p.size(), p) == 0) return true;
  }
  if (cps > 300) return false;
  static constexpr std::array<std::string_view, 9> credits = {
      "(image credit", "(photo:", "(photo by", "(ap photo", "/getty images", "getty images)", "(reuters", "/afp)",
      "via getty"};
  for (std::string_view p : credits) {
    if (folded.find(p) != std::string::npos) return true;
  }
  if (cps > 200) return false;
  // "A screenshot from a video purportedly showing ...": a picture noun early, a showing verb, and at
  // most one sentence.
  static constexpr std::array<std::string_view, 14> nouns = {
      "photo", "photos", "photograph", "photographs", "image", "images", "picture", "pictures", "screenshot",
      "screengrab", "footage", "still", "map", "graphic"};
  static constexpr std::array<std::string_view, 7> verbs = {"showing", "shows", "shown", "depicting",
                                                             "depicts", "pictured", "seen"};
  std::size_t word_idx = 0;
  bool noun_early = false, verb = false;
  std::size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !is_ascii_alnum(folded[i])) ++i;
    std::size_t j = i;
    while (j < folded.size() && (is_ascii_alnum(folded[j]) || folded[j] == '-')) ++j;
    if (j == i) break;
    const std::string_view word(folded.data() + i, j - i);
    if (word_idx < 6 && std::find(nouns.begin(), nouns.end(), word) != nouns.end()) noun_early = true;
    if (std::find(verbs.begin(), verbs.end(), word) != verbs.end()) verb = true;
    ++word_idx;
    i = j;
  }
  if (!noun_early || !verb) return false;
  const PassageFeatures f = measure_passage(text, std::size_t{0});
  return f.sentence_ends <= 2;  // "U.S." inside a caption reads as a sentence end
}

}  // namespace

bool looks_like_caption(std::string_view text) {
  const std::size_t cps = code_point_count(text);
  // A long passage is a caption only by its opening words: fold no more than those.
  return looks_like_caption_folded(text, fold(cps > 300 ? text.substr(0, std::min<std::size_t>(text.size(), 64)) : text));
}

bool looks_like_date_line(std::string_view text) {
  const std::string folded = fold(text);
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
    if (std::find(k_months.begin(), k_months.end(), word) != k_months.end()) month = true;
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

bool looks_like_byline(std::string_view text, std::string_view known_author) {
  const std::string folded = fold(text);
  const std::size_t words = ascii_word_count(folded);
  if (words == 0) return false;
  std::string_view t = trim(text);
  // "By Jane Doe" with a capital after "By"
  if (words <= 12 && starts_with_phrase(folded, "by")) {
    std::size_t k = folded.find("by") + 2;
    while (k < t.size() && (t[k] == ' ' || t[k] == '[' || t[k] == '*' || t[k] == ':')) ++k;
    if (k < t.size() && ((t[k] >= 'A' && t[k] <= 'Z') || static_cast<unsigned char>(t[k]) >= 0xC0)) return true;
  }
  static constexpr std::array<std::string_view, 11> labels = {
      "author:", "authors:", "written by", "posted by", "reported by", "words by", "story by", "published:",
      "published on", "updated:", "last updated"};
  if (words <= 20) {
    for (std::string_view l : labels) {
      if (starts_with_phrase(folded, l)) return true;
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

namespace {

// A short author biography: "NAME is a senior fellow at ...", at most a few sentences.
bool looks_like_author_bio(std::string_view text, std::string_view known_author) {
  const std::size_t cps = code_point_count(text);
  if (cps > 450) return false;
  const std::string folded = fold(text);
  if (!known_author.empty()) {
    const std::string author = fold(trim(known_author));
    if (!author.empty() && folded.compare(0, author.size(), author) == 0 &&
        folded.compare(author.size(), 4, " is ") == 0) {
      return true;
    }
  }
  // generic: up to four capitalised words, then "is a/an/the", then a journalism or research role
  const std::size_t is_pos = folded.find(" is ");
  if (is_pos == std::string::npos || is_pos > 40) return false;
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
  std::vector<std::string> folded(n);  // each passage folded once, for all the phrase detectors
  std::size_t all_words = 0, all_stops = 0;
  bool has_main = false;
  for (std::size_t idx = 0; idx < n; ++idx) {
    feats[idx] = measure_passage(passages[idx].text, cue(idx).link_chars);
    folded[idx] = fold(passages[idx].text);
    families[idx] = boilerplate_family_folded(passages[idx].text, folded[idx]);
    all_words += feats[idx].words;
    all_stops += feats[idx].stop_words;
    if (cue(idx).container == "article" || cue(idx).container == "main") has_main = true;
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
    const bool by_markup = cue(idx).container == "comments";
    if (by_markup || (idx > first_good && first_good < n && opens_comment_thread_folded(folded[idx]))) {
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
  const std::string known_title = normalise_for_match(options.known_title);
  if (!known_title.empty()) {
    for (std::size_t idx = 0; idx < n && idx < comment_start; ++idx) {
      if (fixed[idx]) continue;
      const std::string p = normalise_for_match(passages[idx].text);
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
    if (feats[idx].code_points <= 160 && feats[idx].lines == 1 && (looks_like_byline(passages[idx].text, options.known_author) ||
                                          looks_like_date_line(passages[idx].text))) {
      fixed[idx] = PassageRole::byline;
    }
  }
  for (std::size_t idx = first_good; idx < comment_start; ++idx) {
    if (fixed[idx]) continue;
    const std::string_view t = trim(passages[idx].text);
    const bool signature = feats[idx].words <= 5 && feats[idx].code_points <= 60 &&
                           (t.substr(0, 3) == "\xE2\x80\x94" || t.substr(0, 3) == "\xE2\x80\x93" ||
                            t.substr(0, 2) == "--") &&
                           looks_like_byline(t, options.known_author);
    const bool bio = idx * 2 >= n && looks_like_author_bio(t, options.known_author);
    if (signature || bio) fixed[idx] = PassageRole::byline;
  }

  // ---- captions
  for (std::size_t idx = 0; idx < comment_start; ++idx) {
    if (!fixed[idx] && looks_like_caption_folded(passages[idx].text, folded[idx])) fixed[idx] = PassageRole::caption;
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
    if (fixed[idx] || (cls[idx] != JusClass::short_ && cls[idx] != JusClass::near_good)) continue;
    if (cue(idx).container == "article" || cue(idx).container == "main") resolved[idx] = JusClass::good;
  }

  // ---- runs of headline-like lines (related links, tag clouds, menus) are furniture unless good text
  // stands right on both sides of the run
  for (std::size_t idx = 0; idx < n;) {
    std::size_t end = idx;
    while (end < n && !fixed[end] && headline_like(passages[end].text, feats[end]) && cue(end).tag != "li") ++end;
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

}  // namespace old_roles

namespace ann = credence::annotate;

namespace {

// ---------------------------------------------------------------------------------------------
// Generated passages: the words and marks the classifier looks for, in every case, mixed with prose,
// punctuation, curly quotes, dashes, bullets, numbers, links, non-ASCII letters and stray bytes.

class PassageGenerator {
 public:
  explicit PassageGenerator(std::uint64_t seed) : rng_(seed) {
    for (std::string_view w : old_roles::k_stop_words) lexicon_.emplace_back(w);
    for (const auto& family : old_roles::phrase_families()) {
      for (std::string_view p : family.anywhere) lexicon_.emplace_back(p);
    }
    for (const auto& a : old_roles::k_anchored) lexicon_.emplace_back(a.phrase);
    for (std::string_view w : old_roles::k_short_only) lexicon_.emplace_back(w);
    for (std::string_view w : old_roles::k_months) lexicon_.emplace_back(w);
    for (const char* w :
         {"photo", "photos", "photograph", "photographs", "image", "images", "picture", "pictures", "screenshot",
          "screengrab", "footage", "still", "map", "graphic", "showing", "shows", "shown", "depicting", "depicts",
          "pictured", "seen", "photo:", "photo by", "photo credit", "image-", "image via", "(photo", "(image",
          "[photo", "file photo", "photo -", "caption:", "credit:", "(image credit", "(ap photo", "/getty images",
          "getty images)", "(reuters", "/afp)", "via getty", "getty", "gettysburg", "comments", "comment",
          "reader comments", "readers' comments", "join the discussion", "leave a reply", "notify of",
          "newest most voted", "inline feedbacks", "what do you think", "have your say", "conversation", "responses",
          "response to", "replies", "thoughts on", "thought on", "one", "comments (", "by", "author:", "written by",
          "posted by", "published:", "updated:", "last updated", " is a", "writer", "editor", "reporter",
          "journalist", "fellow", "columnist", "author of", "director of", "freelance", "sign-up", "e-mail",
          "reader-supported", "drop-down menu", "cross-post", "btc:", "eth:", "articles by:", "support", "donate",
          "u.s.", "e.g.", "it's", "it\xE2\x80\x99s", "that\xE2\x80\x99s", "don't", "rock'n'roll", "o\xE2\x80\x99-",
          "well-known", "x-", "-x", "themselves", "themselvesx", "supercalifragilisticexpialidocious",
          "caf\xC3\xA9", "stra\xC3\x9F" "e", "\xD0\x96\xD1\x83\xD0\xBA", "\xE4\xB8\xAD\xE6\x96\x87",
          "na\xC3\xAFve", "\xC3\x89" "cole", "menu\xC3\xA9", "\xC2\xA9", "\xC2\xA9 2024", "copyright 2021",
          "copyright (c)", "http://example.org/a?b=c", "https://x.example/r", "www.example.org", "WWW.Example.org",
          "desk@paper.example", "a@b", "x.y@z.co.uk", "[the report](https://x.example/r)", "[x](y)", "[broken",
          "](", "Jane Marlow", "Valley Courier", "2021-09-25", "25/09/2021", "23rd", "1st", "12", "2024", "3",
          "1000000"}) {
      lexicon_.emplace_back(w);
    }
  }

  std::string passage() {
    std::string out;
    const int lead = uniform(0, 14);
    static const char* leads[] = {"\xE2\x80\xA2 ", "- ", "* ", "1. ", "12) ", "## ", "> ", "\"", "  ",
                                  "\xE2\x80\x94 ", "\xE2\x80\x93 ", "-- ", "\xC2\xB7 ", "123. "};
    if (lead < 14 && uniform(0, 2) == 0) out += leads[lead];
    // mostly short (the detectors' thresholds are at a few words and 160-450 code points), sometimes long
    const int roll = uniform(0, 9);
    const int tokens = roll < 5 ? uniform(1, 8) : roll < 8 ? uniform(5, 40) : uniform(30, 150);
    for (int t = 0; t < tokens; ++t) {
      if (t > 0) out += separator();
      out += cased(token());
    }
    static const char* ends[] = {".", "!", "?", "\xE2\x80\x9D", ".\xE2\x80\x9D", ")", ":", ".)", "\xE2\x80\xA6",
                                 " ", "\n", "?!", ".'", ".*", ";", ","};
    if (uniform(0, 2) > 0) out += ends[uniform(0, 15)];
    if (uniform(0, 60) == 0) out.push_back(static_cast<char>(uniform(0x80, 0xFF)));  // a stray byte
    return out;
  }

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::string token() {
    const int kind = uniform(0, 9);
    if (kind < 5) return lexicon_[static_cast<std::size_t>(uniform(0, static_cast<int>(lexicon_.size()) - 1))];
    if (kind < 8) {
      std::string w;
      const int len = uniform(0, 6) == 0 ? uniform(12, 24) : uniform(1, 9);
      for (int k = 0; k < len; ++k) w.push_back(static_cast<char>('a' + uniform(0, 25)));
      return w;
    }
    if (kind == 8) return std::to_string(uniform(0, 100000));
    static const char* odd[] = {"\xC3\xA9t\xC3\xA9", "\xCE\xB1\xCE\xB2", "\xF0\x9F\x98\xB1", "\xEF\xBC\x81",
                                "\xE3\x80\x82", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\x8B", "\xEF\xBB\xBF",
                                "\xC2\xA0", "\xE3\x80\x80", "\xC7\x85", "\xE1\xBE\x88", "\xE2\x80\xA2",
                                "\xE2\x97\xA6", "\xE2\x96\xAA", "\xC2\xBB", "\xE2\x80\x9C", "\xE2\x80\x98",
                                "\xE2\x80\x99", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80", "\xE2", "\xC3",
                                "\xF0\x9F", "\xED\xA0\x80", "\xC0\xAF", "\xE2\x80\xA2\xE2\x80\xA2"};
    return odd[uniform(0, 28)];
  }
  std::string separator() {
    const int kind = uniform(0, 40);
    if (kind < 24) return " ";
    static const char* seps[] = {", ", ". ", "! ", "? ", ": ", " | ", " \xE2\x80\xA2 ", " \xC2\xB7 ",
                                 " \xE2\x80\x93 ", " \xE2\x80\x94 ", "\n", "\t", "  ", "\xC2\xA0", "\xE2\x80\xA8",
                                 " - ", "-", "'", "\xE2\x80\x99", " \"", "\" ", " \xE2\x80\x9C", "\xE2\x80\x9D ",
                                 " (", ") ", " [", "] ", "*", "#", ">", "_", "\xE2\x80\xA6 ", " \xC2\xA9 ",
                                 ".\n", "\n\n", " / ", "/", "@", ": ", "|", ""};
    return seps[uniform(0, 40)];
  }
  std::string cased(std::string w) {
    const int kind = uniform(0, 9);
    if (kind < 6) return w;
    for (std::size_t k = 0; k < w.size(); ++k) {
      char& c = w[k];
      if (c < 'a' || c > 'z') continue;
      if (kind < 8 ? k == 0 : kind == 8 || uniform(0, 1) == 0) c = static_cast<char>(c - 'a' + 'A');
    }
    return w;
  }

  std::mt19937_64 rng_;
  std::vector<std::string> lexicon_;
};

void expect_same_features(std::string_view text, std::optional<std::size_t> link_chars) {
  const ann::PassageFeatures a = ann::measure_passage(text, link_chars);
  const ann::PassageFeatures b = old_roles::measure_passage(text, link_chars);
  EXPECT_EQ(a.code_points, b.code_points) << text;
  EXPECT_EQ(a.letters, b.letters) << text;
  EXPECT_EQ(a.words, b.words) << text;
  EXPECT_EQ(a.stop_words, b.stop_words) << text;
  EXPECT_EQ(a.link_chars, b.link_chars) << text;
  EXPECT_EQ(a.lines, b.lines) << text;
  EXPECT_EQ(a.sentence_ends, b.sentence_ends) << text;
  EXPECT_EQ(a.ends_with_sentence_punct, b.ends_with_sentence_punct) << text;
  EXPECT_EQ(a.bullet, b.bullet) << text;
  EXPECT_EQ(a.capitalised_words, b.capitalised_words) << text;
}

void expect_same_detectors(std::string_view text) {
  expect_same_features(text, std::nullopt);
  expect_same_features(text, std::size_t{7});
  EXPECT_EQ(ann::boilerplate_family(text), old_roles::boilerplate_family(text)) << text;
  EXPECT_EQ(ann::opens_comment_thread(text), old_roles::opens_comment_thread(text)) << text;
  EXPECT_EQ(ann::looks_like_caption(text), old_roles::looks_like_caption(text)) << text;
  EXPECT_EQ(ann::looks_like_byline(text, ""), old_roles::looks_like_byline(text, "")) << text;
  EXPECT_EQ(ann::looks_like_byline(text, "Jane Marlow"), old_roles::looks_like_byline(text, "Jane Marlow")) << text;
  EXPECT_EQ(ann::looks_like_date_line(text), old_roles::looks_like_date_line(text)) << text;
}

std::uint64_t bits_of(double d) {
  std::uint64_t u;
  std::memcpy(&u, &d, sizeof u);
  return u;
}

// classify_roles old and new on copies of the same passages: same roles, same body scores to the bit.
void expect_same_roles(const std::vector<ann::Passage>& passages, const std::vector<ann::RoleCues>& cues,
                       const ann::SegmentOptions& options) {
  std::vector<ann::Passage> a = passages, b = passages;
  ann::classify_roles(a, cues, options);
  old_roles::classify_roles(b, cues, options);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].role, b[k].role) << "passage " << k << ": " << a[k].text;
    EXPECT_EQ(bits_of(a[k].body_score), bits_of(b[k].body_score)) << "passage " << k << ": " << a[k].text;
  }
}

}  // namespace

TEST(RolesEquivalence, DetectorsMatchTheOldCodeOnGeneratedPassages) {
  PassageGenerator gen(20261122);
  for (int k = 0; k < 20000; ++k) {
    const std::string text = gen.passage();
    SCOPED_TRACE(k);
    expect_same_detectors(text);
    if (HasFailure()) return;
  }
}

TEST(RolesEquivalence, DetectorsMatchTheOldCodeOnEdgeCases) {
  const char* cases[] = {"", " ", "\n", "a", "A", "-", "- x", "1", "12.", "12. x", "123. x", "1234. x", "\xE2\x80\xA2",
                         "\xE2\x80\x99", "it\xE2\x80\x99", "it\xE2\x80\x99s", "It\xE2\x80\x99S", "x\xE2\x80\x99\xE2\x80\x94",
                         "\xE2\x80", "\xE2\x80\x9D", "abc\xE2", "\xC2\xA9", "\xC2", "Share", "Share:", "share this",
                         "Copyright", "Copyright \xC2\xA9", "Copyright 2024", "Tags", "Related: x", "Read more",
                         "Support us", "Donate now", "Menu Close", "Log in | Sign in", "E-mail", "e-mail address",
                         "Sign-up", "sign up", "BTC: x", "btc :", "Home | World | Politics", "a|b|c|d|e|f|g|h|i",
                         "Photo:", "(Photo", "Photo - x", "image-x", "A photo showing x.", "A photo showing U.S. x. y. z.",
                         "Screenshot shows", "1 2 3 4 5 6 photo shows", "3 Comments", "Comments (4)", "One response to x",
                         "12 thoughts on \"x\"", "Leave a Reply???", "## Comments", "Notify of\nNewest Most Voted",
                         "themselves", "THEMSELVES", "themselvess", "www.", "http://", "@", "a@b.c", "[a](b)", "[a](b",
                         "x [a]( b ) y", "\xE2\x80\xA8\xE2\x80\xA9", "\xEF\xBB\xBFtext", "U.S. officials said.",
                         "12 thoughts on \"A title long enough to pass every exact phrase\"",
                         "One response to a title long enough to pass every exact phrase",
                         "Comments (a count long enough to pass every exact phrase)",
                         "body text\n3 Responses to a title long enough to pass every exact phrase",
                         "Oldest Newest Most Voted", "Oldest Newest Most Voted!", "xOldest Newest Most Voted"};
  for (const char* text : cases) {
    SCOPED_TRACE(text);
    expect_same_detectors(text);
  }
  // a word of exactly 16 bytes at the very end of a text, and stop words at every end offset
  for (std::string text : {std::string("abcdefghijklmnop"), std::string("x themselves"), std::string("that's"),
                           std::string("x that\xE2\x80\x99s"), std::string(200, 'a') + " the"}) {
    for (std::size_t cut = 0; cut <= text.size(); ++cut) expect_same_detectors(std::string_view(text).substr(0, cut));
  }
}

TEST(RolesEquivalence, ClassifyRolesMatchesTheOldCodeOnGeneratedArticles) {
  PassageGenerator gen(7);
  static const char* tags[] = {"", "p", "h1", "h2", "h3", "h7", "li", "figcaption", "caption", "div"};
  static const char* containers[] = {"", "article", "main", "nav", "footer", "aside", "form", "comments", "figure", "x"};
  for (int article = 0; article < 3000; ++article) {
    SCOPED_TRACE(article);
    const int n = gen.uniform(0, 3) == 0 ? gen.uniform(0, 4) : gen.uniform(3, 40);
    std::vector<ann::Passage> passages(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k) {
      auto& p = passages[static_cast<std::size_t>(k)];
      p.index = k;
      p.text = gen.passage();
      p.role = static_cast<ann::PassageRole>(gen.uniform(0, 6));
      p.role_corrected = gen.uniform(0, 20) == 0;
    }
    std::vector<ann::RoleCues> cues;
    if (gen.uniform(0, 3) == 0) {
      cues.resize(static_cast<std::size_t>(n));
      for (auto& c : cues) {
        c.tag = tags[gen.uniform(0, 9)];
        c.container = containers[gen.uniform(0, 9)];
        if (gen.uniform(0, 2) == 0) c.link_chars = static_cast<std::size_t>(gen.uniform(0, 300));
        if (gen.uniform(0, 15) == 0) c.forced_role = static_cast<ann::PassageRole>(gen.uniform(0, 6));
      }
    }
    ann::SegmentOptions options;
    if (n > 0 && gen.uniform(0, 3) == 0) {
      const auto& t = passages[static_cast<std::size_t>(gen.uniform(0, n - 1))].text;
      options.known_title = gen.uniform(0, 1) == 0 ? t : t.substr(0, t.size() / 2);
    }
    if (gen.uniform(0, 3) == 0) options.known_author = gen.uniform(0, 1) == 0 ? "Jane Marlow" : "x";
    expect_same_roles(passages, cues, options);
    if (HasFailure()) return;
  }
}

TEST(RolesEquivalence, FixturesGetTheOldRolesAndScores) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const fs::path& dir : {fs::path(CREDENCE_TEST_DATA) / "segment", fs::path(CREDENCE_SOURCE_DIR) / "datasets" / "sample" / "articles"}) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".txt") files.push_back(entry.path());
    }
  }
  ASSERT_GE(files.size(), 10u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const std::string text = ann::normalize_text(credence::testing::read_file(file.string()));
    for (const bool with_meta : {false, true}) {
      ann::SegmentOptions options;
      ann::SegmentedText seg = ann::segment_plain(text);
      if (with_meta && !seg.passages.empty()) {
        options.known_title = seg.passages.front().text;
        options.known_author = "Jane Marlow";
      }
      expect_same_roles(seg.passages, {}, options);
      for (const auto& p : seg.passages) expect_same_detectors(p.text);
    }
  }
}

TEST(RolesEquivalence, MarkupFixturesGetTheOldRolesAndScores) {
  // the blocks of the HTML and XML fixtures as passages with their markup cues, with and without the
  // documents' own title and author
  namespace fs = std::filesystem;
  std::size_t documents = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(CREDENCE_TEST_DATA) / "segment")) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".html" && ext != ".xml") continue;
    SCOPED_TRACE(entry.path().string());
    const std::string raw = credence::testing::read_file(entry.path().string());
    const ann::ExtractResult result =
        ext == ".html" ? ann::extract_html(raw, entry.path().string()) : ann::extract_xml(raw, entry.path().string());
    for (const auto& doc : result.documents) {
      ++documents;
      std::vector<ann::Passage> passages;
      std::vector<ann::RoleCues> cues;
      for (const auto& block : doc.blocks) {
        ann::Passage p;
        p.index = static_cast<int>(passages.size());
        p.text = std::string(ann::trim(block.text));
        passages.push_back(std::move(p));
        ann::RoleCues c;
        c.tag = block.tag;
        c.container = block.container;
        c.link_chars = block.link_chars;
        c.forced_role = block.forced_role;
        cues.push_back(std::move(c));
      }
      for (const bool with_meta : {false, true}) {
        ann::SegmentOptions options;
        if (with_meta) {
          options.known_title = doc.meta.title;
          options.known_author = doc.meta.author;
        }
        expect_same_roles(passages, cues, options);
        expect_same_roles(passages, {}, options);
      }
      for (const auto& p : passages) expect_same_detectors(p.text);
    }
  }
  EXPECT_GE(documents, 3u);
}

TEST(RolesEquivalence, MeasureMatchesTheOldCodeOnLongMostlyAsciiText) {
  // measure_passage takes ASCII in blocks of 64 bytes: runs of word bytes, apostrophes, hyphens,
  // sentence punctuation, closing marks and line breaks, cut at every offset against the blocks, with
  // now and then a character that is not ASCII (or a stray byte) in between
  std::mt19937_64 rng(64);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  static const char* pieces[] = {
      "the", "The", "THE", "it's", "It's", "that's", "x", "A", "9", "U.S.", "e.g.", "well-known", "rock'n'roll",
      "-", "'", "--", "''", "'-", "-'", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\v", "\f", "\r", ".", "!", "?",
      "\"", ")", "]", "*", ",", ":", ";", "(", "[", "#", "|", "/", "@", "www.", "http://x.y", "[a](b)", "\x01",
      "\x7F", "abcdefghijklmnopq", "themselves", "Themselves", "according", "a1b2", "2024", "said.", "said.\"",
      "\xE2\x80\x99", "\xE2\x80\x9D", "\xE2\x80\xA6", "\xC3\xA9", "\xD0\x96", "\xE2\x80\xA8", "\xE2\x80\xA9",
      "\xC2\xA0", "\xE2\x80\x94", "\xF0\x9F\x98\xB1", "\xE2\x80", "\xC3"};
  constexpr int k_pieces = static_cast<int>(std::size(pieces));
  constexpr int k_first_non_ascii = 60;
  for (int k = 0; k < 6000; ++k) {
    std::string text;
    const int target = uniform(0, 3) == 0 ? uniform(0, 80) : uniform(60, 400);
    const bool ascii_only = uniform(0, 2) == 0;
    while (static_cast<int>(text.size()) < target) {
      const int piece = uniform(0, ascii_only || uniform(0, 15) != 0 ? k_first_non_ascii - 1 : k_pieces - 1);
      if (uniform(0, 4) == 0) {
        std::string word(static_cast<std::size_t>(uniform(1, 12)), 'a');
        for (char& c : word) c = static_cast<char>((uniform(0, 3) == 0 ? 'A' : 'a') + uniform(0, 25));
        text += word;
      } else {
        text += pieces[piece];
      }
    }
    SCOPED_TRACE(k);
    for (std::size_t from = 0; from < std::min<std::size_t>(text.size(), 3); ++from) {
      const std::string_view rest = std::string_view(text).substr(from);
      expect_same_features(rest, std::nullopt);
      EXPECT_EQ(ann::boilerplate_family(rest), old_roles::boilerplate_family(rest)) << rest;
    }
    for (std::size_t cut = text.size() > 70 ? text.size() - 70 : 0; cut < text.size(); cut += 7) {
      expect_same_features(std::string_view(text).substr(0, cut), std::size_t{3});
    }
    if (HasFailure()) return;
  }
}

TEST(RolesEquivalence, DetectorsMatchTheOldCodeOnLongPassagesAtEveryAlignment) {
  // generated passages run together (phrases, menu words, separators, non-ASCII), each measured and
  // scanned from several first bytes, so that words and phrases fall across the 64-byte blocks
  PassageGenerator gen(4096);
  for (int k = 0; k < 2500; ++k) {
    std::string text = gen.passage();
    for (int more = gen.uniform(0, 4); more > 0; --more) {
      text += ' ';
      text += gen.passage();
    }
    SCOPED_TRACE(k);
    for (std::size_t from = 0; from < std::min<std::size_t>(text.size(), 9); ++from) {
      expect_same_detectors(std::string_view(text).substr(from));
    }
    if (HasFailure()) return;
  }
}

TEST(RolesEquivalence, ClassifyRolesMatchesTheOldCodeOnLongPassages) {
  // classify_roles scans the folded text of a well-formed passage while it measures the passage
  // (the folded text runs shorter by two bytes after each curly quote or dash): long passages full
  // of phrases, separators, curly quotes, dashes and other non-ASCII, at several first bytes
  PassageGenerator gen(2026);
  for (int article = 0; article < 1500; ++article) {
    SCOPED_TRACE(article);
    const int n = gen.uniform(1, 12);
    std::vector<ann::Passage> passages(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k) {
      auto& p = passages[static_cast<std::size_t>(k)];
      p.index = k;
      for (int more = gen.uniform(1, 5); more > 0; --more) {
        if (!p.text.empty()) p.text += gen.uniform(0, 3) == 0 ? "\xE2\x80\x9D " : " ";
        p.text += gen.passage();
      }
      p.text = p.text.substr(static_cast<std::size_t>(gen.uniform(0, 3)) % (p.text.size() + 1));
    }
    expect_same_roles(passages, {}, {});
    if (HasFailure()) return;
  }
}

TEST(RolesEquivalence, ClassifyRolesMatchesTheOldCodeOnBylinesDatesAndBios) {
  // classify_roles asks the byline and date-line detectors about the folded passages it already has,
  // and looks for an author bio's " is " within the first 40 bytes itself: bylines, dates and bios
  // (with " is " at and around byte 40, and at the passage's very end) after a title and around body text
  static const char* tops[] = {"By Jane Marlow", "by jane marlow", "BY JANE", "By [Jane](x)", "Written by Jane",
                               "Author: x", "Posted by x on 2021-09-25", "September 25, 2021", "25 Sept 2021",
                               "2021-09-25", "25/09/2021", "Updated: 12:00", "\xE2\x80\x94 Jane Marlow",
                               "- Jane", "Jane Marlow", "Jane Marlow, Reuters", "x y z", "By x", "Published on x",
                               "By \xC3\x89lise Dupont", "Sept. 3 2021 at 10:00 by x y", "Mon 3/4"};
  static const char* heads[] = {"Jane Marlow", "Jane", "Jane Ann Marlow Smith", "Jane Ann Marlow Smith Jr",
                                "jane marlow", "Dr. Jane", "J", "\xC3\x89lise Dupont", ""};
  static const char* tails[] = {"a senior fellow at the Institute.", "a writer.", "an editor", "the author of x.",
                                "a gardener.", "", "a freelance journalist based in Paris. She writes."};
  const std::string body =
      "The council said on Monday that the new plan would be put to a vote in the spring, and that it "
      "had the support of most of the members who have spoken about it so far.";
  std::mt19937_64 rng(40);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int article = 0; article < 3000; ++article) {
    SCOPED_TRACE(article);
    std::vector<std::string> texts = {"A headline about the plan for the city"};
    for (int k = uniform(0, 2); k > 0; --k) texts.push_back(tops[uniform(0, std::size(tops) - 1)]);
    for (int k = uniform(1, 4); k > 0; --k) texts.push_back(body);
    for (int k = uniform(1, 3); k > 0; --k) {
      std::string bio = heads[uniform(0, std::size(heads) - 1)];
      bio += std::string(static_cast<std::size_t>(uniform(0, 3) == 0 ? uniform(0, 40) : 0), 'x');
      if (uniform(0, 5) != 0) bio += uniform(0, 1) == 0 ? " is " : " is";
      bio += tails[uniform(0, std::size(tails) - 1)];
      texts.push_back(bio);
      if (uniform(0, 2) == 0) texts.push_back(tops[uniform(0, std::size(tops) - 1)]);
    }
    std::vector<ann::Passage> passages(texts.size());
    for (std::size_t k = 0; k < texts.size(); ++k) {
      passages[k].index = static_cast<int>(k);
      passages[k].text = texts[k];
    }
    ann::SegmentOptions options;
    if (uniform(0, 2) == 0) options.known_author = "Jane Marlow";
    expect_same_roles(passages, {}, options);
    if (HasFailure()) return;
  }
}

TEST(RolesEquivalence, ClassifyRolesMatchesTheOldCodeOnCaptionCredits) {
  // classify_roles looks for "getty" in passages without '(' or '/' eight bytes at a time: credits
  // and near misses at every offset, among body text
  static const char* credits[] = {"Getty Images)", "via Getty", "via Getty Images", "GETTY IMAGES)", "gett", "getty",
                                  "ggetty images)", "via gettysburg", "via g\xC3\xA9tty", "(Reuters", "/AFP)", "(Image credit: x)", "(Photo: x)",
                                  "(photo by x)", "(AP Photo/x)", "( photo", "((Photo:", "(AFP)", "x/afp)", "/afp",
                                  "Photo: x", "via getty.", "via gety", "via  getty"};
  const std::string body =
      "The council said on Monday that the new plan would be put to a vote in the spring, and that it "
      "had the support of most of the members who have spoken about it so far.";
  for (const char* credit : credits) {
    for (std::size_t pad = 0; pad < 24; ++pad) {
      SCOPED_TRACE(std::string(credit) + " at " + std::to_string(pad));
      const std::string caption = "Crowds gather outside " + std::string(pad, 'x') + " in the rain " + credit;
      std::vector<ann::Passage> passages(4);
      const std::string texts[] = {body, caption, body, std::string(credit) + std::string(pad, 'g')};
      for (std::size_t k = 0; k < passages.size(); ++k) {
        passages[k].index = static_cast<int>(k);
        passages[k].text = texts[k];
      }
      expect_same_roles(passages, {}, {});
    }
  }
}

TEST(RolesEquivalence, DateLinesAndBylinesMatchTheOldCode) {
  // month names (and words that share their first letter or length) with days, years and labels
  static const char* pieces[] = {"January", "jan", "Jan.", "feb", "March", "mar", "marches", "April", "apr", "May",
                                 "may", "June", "jun", "July", "jul", "August", "aug", "September", "Sept", "sep",
                                 "Sept.", "October", "oct", "November", "nov", "December", "dec", "Mon", "june2",
                                 "and", "Ja", "septembers", "1", "23rd", "2021", "2021-09-25", "25/09/2021", "9/4",
                                 "12:00", "By", "by", "Author:", "Written by", "Updated:", "Posted by", "#", "*", "[",
                                 "\"", ">", "_", "Jane", "Marlow", "x", ",", "-", "\xE2\x80\x94", "|"};
  std::mt19937_64 rng(31);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int k = 0; k < 20000; ++k) {
    std::string text;
    for (int n = uniform(1, 12); n > 0; --n) {
      if (!text.empty() && uniform(0, 3) != 0) text += ' ';
      text += pieces[uniform(0, static_cast<int>(std::size(pieces)) - 1)];
    }
    SCOPED_TRACE(k);
    EXPECT_EQ(ann::looks_like_date_line(text), old_roles::looks_like_date_line(text)) << text;
    EXPECT_EQ(ann::looks_like_byline(text, ""), old_roles::looks_like_byline(text, "")) << text;
    EXPECT_EQ(ann::looks_like_byline(text, "Jane Marlow"), old_roles::looks_like_byline(text, "Jane Marlow")) << text;
    if (HasFailure()) return;
  }
}

TEST(RolesEquivalence, LinksNearTheEndMatchTheOldCode) {
  // the link scan takes a passage's last bytes as the sixteen that end it: link marks at every distance
  // from the end of passages of every length
  for (const char* mark : {"www.x", "http://x", "https://x.y/z", "a@b.c", "a@b", "[a](b)", "[a]", "x:/", ":", ".",
                           "ww.", "@"}) {
    for (std::size_t before = 0; before < 40; ++before) {
      for (std::size_t after = 0; after < 20; ++after) {
        std::string text(before, 'a');
        text.append(" ").append(mark).append(after, 'b');
        SCOPED_TRACE(text);
        expect_same_features(text, std::nullopt);
        if (HasFailure()) return;
      }
    }
  }
}

TEST(RolesEquivalence, FoldedEndsAfterCurlyQuotesMatchTheOldCode) {
  // folding takes the last bytes of an ASCII-ending text as the sixteen that end it, writing again
  // those it had folded already: curly quotes and dashes (which fold to one byte) at every distance
  // before phrases in capitals that end the text
  for (const char* odd : {"\xE2\x80\x9C", "\xE2\x80\x99", "\xE2\x80\x94", "\xC3\xA9", ""}) {
    for (const char* phrase : {"Privacy Policy", "Read More", "Leave a Reply", "Photo: AP", "By Jane Marlow",
                               "Via Getty Images", "X"}) {
      for (std::size_t before = 0; before < 24; ++before) {
        for (std::size_t between = 0; between < 20; ++between) {
          std::string text(before, 'A');
          text.append(odd).append(between, 'b').append(" ").append(phrase);
          SCOPED_TRACE(text);
          expect_same_detectors(text);
          if (HasFailure()) return;
        }
      }
    }
  }
}
