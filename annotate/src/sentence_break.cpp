// Sentence boundaries as ICU's "en@ss=standard" sentence iterator finds them, without its per-call
// cost (a UTF-16 copy, the rule-table state machine per code unit, a UText per break). ICU still
// gives the character properties and the abbreviation list, so a newer ICU data set changes both
// paths alike.
//
// The iterator is UAX #29 (SB1-SB11, SB998) followed by ICU's filter, which drops a break when the
// text before it (less one U+0020) ends with a listed abbreviation. The filter's quirks are kept on
// purpose: an abbreviation matches inside a longer word ("XMr." counts), and an entry that shares
// its first "X." with a longer entry ("U." with "U.S.", "Lt." with "Lt.Cdr.") only counts when the
// text from that "X." on runs exactly to the end of an entry, with nothing listed extending it.
#include "credence/annotate/sentence_break.hpp"

#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/ures.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "byte_scan.hpp"

namespace credence::annotate {

namespace {

// Code points below this get their Sentence_Break value from a table filled from ICU once; it
// covers the Latin, Greek and Cyrillic letters, general punctuation and CJK punctuation.
constexpr UChar32 kTableEnd = 0x3100;

// The caller's text has its line breaks turned into spaces before ICU sees it.
bool reads_as_space(UChar32 c) {
  return c == '\n' || c == '\v' || c == '\f' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

// Code-point trie with the walk semantics of ICU's UCharsTrie: a step either fails, or reaches a
// node that may carry a value and may have children.
class Trie {
 public:
  static constexpr int kNoNode = -1;
  static constexpr int kNoValue = -1;

  void add(const std::u32string& key, int value) {
    int node = 0;
    for (const char32_t c : key) {
      int next = child(node, static_cast<UChar32>(c));
      if (next == kNoNode) {
        next = static_cast<int>(nodes_.size());
        nodes_.emplace_back();
        auto& kids = nodes_[static_cast<std::size_t>(node)].kids;
        kids.insert(std::upper_bound(kids.begin(), kids.end(), std::make_pair(static_cast<UChar32>(c), -1)),
                    {static_cast<UChar32>(c), next});
      }
      node = next;
    }
    nodes_[static_cast<std::size_t>(node)].value = value;
  }
  int child(int node, UChar32 c) const {
    const auto& kids = nodes_[static_cast<std::size_t>(node)].kids;
    auto it = std::lower_bound(kids.begin(), kids.end(), std::make_pair(c, -1));
    return it != kids.end() && it->first == c ? it->second : kNoNode;
  }
  int value(int node) const { return nodes_[static_cast<std::size_t>(node)].value; }
  bool has_children(int node) const { return !nodes_[static_cast<std::size_t>(node)].kids.empty(); }
  bool empty() const { return nodes_.size() == 1; }

 private:
  struct Node {
    std::vector<std::pair<UChar32, int>> kids;  // sorted by code point
    int value = kNoValue;
  };
  std::vector<Node> nodes_{1};
};

enum TrieValue { kPartial = 1, kMatch = 2 };

std::u32string code_points(const std::u16string& s, bool reversed) {
  std::u32string out;
  for (std::size_t k = 0; k < s.size();) {
    UChar32 c;
    U16_NEXT(s.data(), k, s.size(), c);
    out.push_back(static_cast<char32_t>(c));
  }
  if (reversed) std::reverse(out.begin(), out.end());
  return out;
}

struct BreakData {
  bool usable = false;
  std::array<std::uint8_t, kTableEnd> sb{};
  // Backward: entries read from their end, and the "X." of entries with a dot inside (kPartial).
  // Forward: the entries sharing such an "X.", read from their start.
  Trie backward, forward;

  BreakData() {
    for (UChar32 c = 0; c < kTableEnd; ++c) sb[static_cast<std::size_t>(c)] = raw_class(c);
    usable = load_exceptions();
  }

  static std::uint8_t raw_class(UChar32 c) {
    return static_cast<std::uint8_t>(u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK));
  }

  // The list ICU's FilteredBreakIteratorBuilder reads for "en"; false when it cannot be read, as
  // then this code cannot know what ICU suppresses.
  bool load_exceptions() {
    UErrorCode status = U_ZERO_ERROR;
    auto close = [](UResourceBundle* b) { ures_close(b); };
    using Bundle = std::unique_ptr<UResourceBundle, decltype(close)>;
    Bundle root(ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", "en", &status), close);
    if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING) return false;
    Bundle exceptions(ures_getByKey(root.get(), "exceptions", nullptr, &status), close);
    if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING) return false;
    Bundle list(ures_getByKey(exceptions.get(), "SentenceBreak", nullptr, &status), close);
    if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING) return false;
    std::set<std::u16string> entries;
    for (int32_t i = 0, n = ures_getSize(list.get()); i < n; ++i) {
      int32_t length = 0;
      const UChar* s = ures_getStringByIndex(list.get(), i, &length, &status);
      if (U_FAILURE(status)) return false;
      entries.emplace(s, s + length);
    }
    // An entry with a dot before its end ("U.S.") puts its first "X." in the backward trie as
    // partial; it and every entry starting with that "X." (including "U." itself) are then only
    // in the forward trie.
    std::set<std::u16string> prefixes, forward_entries;
    for (const auto& e : entries) {
      const std::size_t dot = e.find(u'.');
      if (dot == std::u16string::npos || dot + 1 == e.size()) continue;
      prefixes.insert(e.substr(0, dot + 1));
    }
    for (const auto& e : entries) {
      const std::size_t dot = e.find(u'.');
      if (dot != std::u16string::npos && prefixes.count(e.substr(0, dot + 1))) forward_entries.insert(e);
    }
    for (const auto& p : prefixes) backward.add(code_points(p, true), kPartial);
    for (const auto& e : entries) {
      if (forward_entries.count(e)) forward.add(code_points(e, false), kMatch);
      else backward.add(code_points(e, true), kMatch);
    }
    return !backward.empty();
  }
};

const BreakData& break_data() {
  static const BreakData data;
  return data;
}

// Bytes the main scan stops at: terminators, a carriage return (which ICU treats as a paragraph
// separator: left to ICU), and non-ASCII bytes (decoded, checked and classified there): the first in
// s[from, end), else `end`.
std::size_t next_stop(const std::uint8_t* s, std::size_t from, std::size_t end) {
  return find_mark_or_non_ascii<'.', '!', '?', '\r'>(s, from, end);
}

class Scanner {
 public:
  Scanner(const BreakData& data, std::string_view text)
      : d_(data), s_(reinterpret_cast<const std::uint8_t*>(text.data())), n_(text.size()) {}

  bool run(std::vector<std::size_t>& breaks) {
    breaks.clear();
    std::size_t p = 0;
    while (p < n_) {
      p = next_stop(s_, p, n_);
      if (p >= n_) break;
      std::size_t next;
      const int cls = class_of(decode(p, next));
      if (!ok_) return false;
      if (cls == U_SB_ATERM || cls == U_SB_STERM) {
        p = after_terminator(p, cls, breaks);
        if (!ok_) return false;
      } else {
        p = next;
      }
    }
    breaks.push_back(n_);
    return true;
  }

 private:
  // The code point at `at` as ICU sees it (line breaks as spaces); `next` gets the following
  // offset. Ill-formed UTF-8 or a carriage return clears ok_.
  UChar32 decode(std::size_t at, std::size_t& next) {
    UChar32 c = s_[at];
    next = at + 1;
    if (c >= 0x80) {
      int32_t k = static_cast<int32_t>(at);
      U8_NEXT(s_, k, static_cast<int32_t>(n_), c);
      next = static_cast<std::size_t>(k);
      if (c < 0) {
        ok_ = false;
        return 0xFFFD;
      }
    } else if (c == '\r') {
      ok_ = false;
    }
    return reads_as_space(c) ? ' ' : c;
  }
  UChar32 decode_before(std::size_t& at) const {
    int32_t k = static_cast<int32_t>(at);
    UChar32 c;
    U8_PREV(s_, 0, k, c);
    at = static_cast<std::size_t>(k);
    if (c < 0) return 0xFFFD;
    return reads_as_space(c) ? ' ' : c;
  }
  int class_of(UChar32 c) const {
    return c < kTableEnd ? d_.sb[static_cast<std::size_t>(c)] : BreakData::raw_class(c);
  }
  int class_at(std::size_t at) {
    std::size_t next;
    return class_of(decode(at, next));
  }
  static bool attaches(int cls) { return cls == U_SB_EXTEND || cls == U_SB_FORMAT; }

  // SB5: Extend and Format characters belong to the character before them.
  std::size_t next_significant(std::size_t at) {
    std::size_t k;
    decode(at, k);
    while (k < n_) {
      std::size_t after;
      if (!attaches(class_of(decode(k, after)))) break;
      k = after;
    }
    return k;
  }
  // The significant character before `at` (> 0); at the start of the text even an Extend or
  // Format character stands for itself.
  int class_before(std::size_t at) const {
    int cls;
    do {
      cls = class_of(decode_before(at));
    } while (at > 0 && attaches(cls));
    return cls;
  }

  // SB6-SB11 for the terminator at `term`: appends the break its context gives (unless the
  // abbreviation filter drops it) and returns where scanning goes on.
  std::size_t after_terminator(std::size_t term, int term_cls, std::vector<std::size_t>& breaks) {
    const std::size_t after = next_significant(term);
    if (after >= n_) return n_;
    int cls = class_at(after);
    if (term_cls == U_SB_ATERM) {
      if (cls == U_SB_NUMERIC) return after;  // SB6
      if (cls == U_SB_UPPER && term > 0) {    // SB7
        const int before = class_before(term);
        if (before == U_SB_UPPER || before == U_SB_LOWER) return after;
      }
    }
    std::size_t q = after;  // SB9, SB10: past Close* Sp*
    while (cls == U_SB_CLOSE) {
      q = next_significant(q);
      if (q >= n_) return n_;
      cls = class_at(q);
    }
    while (cls == U_SB_SP) {
      q = next_significant(q);
      if (q >= n_) return n_;
      cls = class_at(q);
    }
    if (term_cls == U_SB_ATERM) {  // SB8: a lower-case letter before any other letter or terminator
      std::size_t r = q;
      int rc = cls;
      // (Sep, CR and LF also end the run, but never get here: see decode().)
      while (rc != U_SB_OLETTER && rc != U_SB_UPPER && rc != U_SB_LOWER && rc != U_SB_ATERM && rc != U_SB_STERM) {
        r = next_significant(r);
        if (r >= n_) break;
        rc = class_at(r);
      }
      if (r < n_ && rc == U_SB_LOWER) return q;
    }
    if (cls == U_SB_SCONTINUE || cls == U_SB_STERM || cls == U_SB_ATERM) return q;  // SB8a
    if (!suppressed(q)) breaks.push_back(q);                                        // SB11
    return q;
  }

  // ICU's filter at the break before byte `at`.
  bool suppressed(std::size_t at) const {
    std::size_t pos = at;
    {
      std::size_t k = at;
      if (decode_before(k) == ' ') pos = k;
    }
    int node = 0, best_value = Trie::kNoValue;
    std::size_t best_pos = 0;
    while (pos > 0) {
      node = d_.backward.child(node, decode_before(pos));
      if (node == Trie::kNoNode) break;
      if (d_.backward.value(node) != Trie::kNoValue) {
        best_value = d_.backward.value(node);
        best_pos = pos;
      }
      if (!d_.backward.has_children(node)) break;
    }
    if (best_value == kMatch) return true;
    if (best_value != kPartial) return false;
    // From the partial "X." on, the text must run to the end of a forward entry that nothing
    // listed extends, or to the end of the text exactly at an entry's end.
    node = 0;
    bool has_value = true;
    for (std::size_t k = best_pos; k < n_;) {
      int32_t i = static_cast<int32_t>(k);
      UChar32 c;
      U8_NEXT(s_, i, static_cast<int32_t>(n_), c);
      k = static_cast<std::size_t>(i);
      if (c < 0) c = 0xFFFD;
      else if (reads_as_space(c)) c = ' ';
      node = d_.forward.child(node, c);
      if (node == Trie::kNoNode) return false;
      has_value = d_.forward.value(node) != Trie::kNoValue;
      if (!d_.forward.has_children(node)) return has_value;
    }
    return has_value;
  }

  const BreakData& d_;
  const std::uint8_t* s_;
  std::size_t n_;
  bool ok_ = true;
};

}  // namespace

bool sentence_breaks(std::string_view text, std::vector<std::size_t>& breaks) {
  const BreakData& data = break_data();
  if (!data.usable) return false;
  return Scanner(data, text).run(breaks);
}

}  // namespace credence::annotate
