// Segmentation: plain text or extracted blocks -> paragraphs (code-point offsets) -> sentences (ICU's
// boundaries, found by sentence_break.cpp or by ICU itself), then passage roles from roles.cpp.
#include "credence/annotate/segment.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "credence/annotate/roles.hpp"
#include "credence/annotate/sentence_break.hpp"
#include "byte_scan.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

bool is_space_cp(UChar32 c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);  // ICU's property lookup is a call each
  return u_isUWhiteSpace(c) || c == 0x200B || c == 0xFEFF;
}
bool is_line_break_cp(UChar32 c) { return c == '\n' || c == 0x2028 || c == 0x85 || c == '\v'; }
bool is_para_break_cp(UChar32 c) { return c == 0x2029 || c == '\f'; }

// The first non-ASCII, line feed, vertical tab or form feed byte in s[from, end), else `end`.
std::size_t next_unusual(const std::uint8_t* s, std::size_t from, std::size_t end) {
  return find_mark_or_non_ascii<'\n', '\v', '\f'>(s, from, end);
}

// Trims white space off both ends of the code units [lo, hi) of a sentence, whose code points are
// [lo_cp, hi_cp): `next(k, end)` decodes the code point at k (moving k past it), `prev(start, k)` the one
// before k (moving k to it), in UTF-16 for ICU's iterator and UTF-8 for credence's splitter.
template <typename Next, typename Prev>
void trim_spaces(int32_t& lo, std::size_t& lo_cp, int32_t& hi, std::size_t& hi_cp, Next next, Prev prev) {
  for (int32_t k = lo; lo < hi && is_space_cp(next(k, hi)); lo = k) ++lo_cp;
  for (int32_t k = hi; hi > lo && is_space_cp(prev(lo, k)); hi = k) --hi_cp;
}

// Code points of well-formed UTF-8 s[from, to): the bytes that are not continuation bytes.
std::size_t code_points_between(const std::uint8_t* s, std::size_t from, std::size_t to) {
  std::size_t count = to - from;
#if defined(__SSE2__)
  // Per byte lane, how many continuation bytes (0x80-0xBF: less than 0xC0 as signed bytes) it has
  // seen; summed into `count` before a lane could pass 255.
  const __m128i below_lead = _mm_set1_epi8(static_cast<char>(0xC0)), zero = _mm_setzero_si128();
  while (to - from >= 16) {
    __m128i lanes = zero;
    for (int blocks = 0; blocks < 255 && to - from >= 16; ++blocks, from += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + from));
      lanes = _mm_sub_epi8(lanes, _mm_cmplt_epi8(v, below_lead));
    }
    const __m128i sums = _mm_sad_epu8(lanes, zero);
    count -= static_cast<std::size_t>(_mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#endif
  for (; from < to; ++from) count -= (s[from] & 0xC0) == 0x80;
  return count;
}

// Sentences of each passage: sentence_break.cpp's boundaries, or an ICU sentence iterator (reused
// for every passage) for text that code leaves to ICU.
class SentenceSplitter {
 public:
  SentenceSplitter() {
    UErrorCode status = U_ZERO_ERROR;
    // "ss=standard" suppresses breaks after common abbreviations ("Mr.", "Gen.").
    iter_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
    if (U_FAILURE(status) || !iter_) {
      status = U_ZERO_ERROR;
      iter_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    }
    if (U_FAILURE(status) || !iter_) throw std::runtime_error("ICU sentence iterator unavailable");
  }

  // Appends the sentences of `text` (whose first code point is article code point `base_cp`);
  // `code_points` is the number of code points of `text` when the caller knows it, else 0.
  void split(std::string_view text, std::size_t base_cp, std::vector<SentenceSpan>& out, std::size_t code_points = 0) {
    if (text.empty()) return;
    if (sentence_breaks(text, breaks_)) {
      append_spans(text, base_cp, out, code_points == text.size());
      return;
    }
    buf_ = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    // ICU ends a sentence at every line break; a hard-wrapped paragraph must read as running text.
    // Replacing a break by a space keeps every UTF-16 index (and so every offset) unchanged. Most
    // passages are one line: the UTF-8 says whether there is anything to replace.
    const bool has_breaks = std::any_of(text.begin(), text.end(), [](char b) {
      return b == '\n' || b == '\v' || b == '\f' || static_cast<unsigned char>(b) >= 0x80;
    });
    if (has_breaks) {
      const int32_t length = buf_.length();
      char16_t* units = buf_.getBuffer(length);
      for (int32_t k = 0; k < length; ++k) {
        const char16_t u = units[k];
        if (u == u'\n' || u == 0x2028 || u == 0x2029 || u == 0x85 || u == u'\v' || u == u'\f') units[k] = u' ';
      }
      buf_.releaseBuffer(length);
    }
    iter_->setText(buf_);
    const char16_t* s = buf_.getBuffer();
    int32_t prev = iter_->first();
    std::size_t prev_cp = 0;
    for (int32_t b = iter_->next(); b != icu::BreakIterator::DONE; b = iter_->next()) {
      std::size_t seg_cps = 0;
      for (int32_t k = prev; k < b; ++k) {
        if (!U16_IS_TRAIL(s[k])) ++seg_cps;
      }
      int32_t lo = prev, hi = b;
      std::size_t lo_cp = prev_cp, hi_cp = prev_cp + seg_cps;
      trim_spaces(
          lo, lo_cp, hi, hi_cp,
          [&](int32_t& k, int32_t end) {
            UChar32 c;
            U16_NEXT(s, k, end, c);
            return c;
          },
          [&](int32_t start, int32_t& k) {
            UChar32 c;
            U16_PREV(s, start, k, c);
            return c;
          });
      if (hi > lo) out.push_back({base_cp + lo_cp, base_cp + hi_cp});
      prev = b;
      prev_cp += seg_cps;
    }
  }

 private:
  // The sentences ending at breaks_ (byte offsets into well-formed `text`), trimmed as above.
  // `ascii`: every byte of `text` is a code point.
  void append_spans(std::string_view text, std::size_t base_cp, std::vector<SentenceSpan>& out, bool ascii) const {
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    out.reserve(out.size() + breaks_.size());
    std::size_t begin = 0, begin_cp = 0;
    for (const std::size_t end : breaks_) {
      const std::size_t end_cp = begin_cp + (ascii ? end - begin : code_points_between(s, begin, end));
      auto lo = static_cast<int32_t>(begin), hi = static_cast<int32_t>(end);
      std::size_t lo_cp = begin_cp, hi_cp = end_cp;
      trim_spaces(
          lo, lo_cp, hi, hi_cp,
          [&](int32_t& k, int32_t to) {
            UChar32 c;
            U8_NEXT(s, k, to, c);
            return c;
          },
          [&](int32_t start, int32_t& k) {
            UChar32 c;
            U8_PREV(s, start, k, c);
            return c;
          });
      if (hi > lo) out.push_back({base_cp + lo_cp, base_cp + hi_cp});
      begin = end;
      begin_cp = end_cp;
    }
  }

  std::vector<std::size_t> breaks_;
  std::unique_ptr<icu::BreakIterator> iter_;
  icu::UnicodeString buf_;
};

// Building the abbreviation-aware iterator costs milliseconds; each thread keeps one and reuses it.
SentenceSplitter& thread_splitter() {
  thread_local SentenceSplitter splitter;
  return splitter;
}

// A line of the input: raw bounds and bounds trimmed of white space (bytes and code points).
struct Line {
  std::size_t byte_begin = 0, byte_end = 0;  // trimmed
  std::size_t cp_begin = 0, cp_end = 0;      // trimmed
  bool blank = true;
  bool para_break_after = false;  // ended by U+2029 or a form feed
  bool ends_sentence = false;     // last visible character ends a sentence (closing quotes allowed)
  bool bullet = false;            // starts with a list marker
};

bool sentence_end_cp(UChar32 c) {
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xFF01 || c == 0xFF1F;
}
bool closing_cp(UChar32 c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x2019 || c == 0x201D || c == 0x00BB || c == '*';
}

// Sets the flags of a non-blank line from its last two visible code points and its first four from
// the first visible one on.
void set_line_flags(Line& line, UChar32 last, UChar32 before_last, const UChar32 (&first_vis)[4]) {
  line.blank = false;
  line.ends_sentence = sentence_end_cp(last) || (closing_cp(last) && sentence_end_cp(before_last));
  const UChar32 a = first_vis[0], b = first_vis[1], c = first_vis[2], d = first_vis[3];
  auto digit = [](UChar32 x) { return x >= '0' && x <= '9'; };
  line.bullet = a == 0x2022 || a == 0x25E6 || a == 0x25AA || a == 0x2023 || a == 0x00B7 || a == 0x25CF ||
                a == 0x25A0 || a == 0x2043 || ((a == '-' || a == '*' || a == 0x2013) && (b == ' ' || b == '\t')) ||
                (digit(a) && (b == '.' || b == ')') && c == ' ') ||
                (digit(a) && digit(b) && (c == '.' || c == ')') && d == ' ');
}

// Lines of text that may hold ill-formed UTF-8: every code point decoded as ICU does, each
// ill-formed sequence counting as one code point.
std::vector<Line> split_lines_decoding(std::string_view text) {
  std::vector<Line> lines;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  std::size_t cp = 0;
  Line cur;
  bool have_visible = false;
  UChar32 last = 0, before_last = 0;
  int visible_count = 0;
  UChar32 first_vis[4] = {0, 0, 0, 0};
  auto finish = [&](bool para_break) {
    cur.para_break_after = para_break;
    if (have_visible) set_line_flags(cur, last, before_last, first_vis);
    lines.push_back(cur);
    cur = Line{};
    have_visible = false;
    last = before_last = 0;
    visible_count = 0;
    first_vis[0] = first_vis[1] = first_vis[2] = first_vis[3] = 0;
  };
  while (i < n) {
    const int32_t at = i;
    UChar32 c = s[i];
    bool space;
    if (c < 0x80) {  // ASCII, most of the text: no decoding, no property calls
      ++i;
      if (c == '\n' || c == '\v' || c == '\f') {
        finish(c == '\f');
        ++cp;
        continue;
      }
      space = c == ' ' || (c >= 0x09 && c <= 0x0D);
    } else {
      U8_NEXT(s, i, n, c);
      if (is_line_break_cp(c) || is_para_break_cp(c)) {
        finish(is_para_break_cp(c));
        ++cp;
        continue;
      }
      space = is_space_cp(c);
    }
    if (visible_count < 4 && (have_visible || !space)) first_vis[visible_count++] = c;
    if (!space) {
      if (!have_visible) {
        cur.byte_begin = static_cast<std::size_t>(at);
        cur.cp_begin = cp;
      }
      have_visible = true;
      cur.byte_end = static_cast<std::size_t>(i);
      cur.cp_end = cp + 1;
      before_last = last;
      last = c;
    }
    ++cp;
  }
  finish(false);
  return lines;
}

// The code point at (next_cp) or before (prev_cp) byte k, moving k past it. ASCII is taken in line
// (these run at both edges of every line); the rest is decoded by the two functions after.
UChar32 decode_next_cp(const std::uint8_t* s, std::size_t& k, std::size_t end) {
  auto i = static_cast<int32_t>(k);
  UChar32 c;
  U8_NEXT(s, i, static_cast<int32_t>(end), c);
  k = static_cast<std::size_t>(i);
  return c;
}
UChar32 decode_prev_cp(const std::uint8_t* s, std::size_t start, std::size_t& k) {
  auto i = static_cast<int32_t>(k);
  UChar32 c;
  U8_PREV(s, static_cast<int32_t>(start), i, c);
  k = static_cast<std::size_t>(i);
  return c;
}
inline UChar32 next_cp(const std::uint8_t* s, std::size_t& k, std::size_t end) {
  return s[k] < 0x80 ? s[k++] : decode_next_cp(s, k, end);
}
inline UChar32 prev_cp(const std::uint8_t* s, std::size_t start, std::size_t& k) {
  return s[k - 1] < 0x80 ? s[--k] : decode_prev_cp(s, start, k);
}

// The line s[begin, end) (well-formed, `cps` code points, the first being text code point `cp`,
// holding no line break): only its edges are decoded.
Line make_line(const std::uint8_t* s, std::size_t begin, std::size_t end, std::size_t cp, std::size_t cps,
               bool para_break) {
  Line line;
  line.para_break_after = para_break;
  std::size_t lo = begin, lo_cp = cp;
  while (lo < end) {
    std::size_t k = lo;
    if (!is_space_cp(next_cp(s, k, end))) break;
    lo = k;
    ++lo_cp;
  }
  if (lo == end) return line;
  std::size_t hi = end, hi_cp = cp + cps;
  UChar32 last;
  for (;;) {
    std::size_t k = hi;
    last = prev_cp(s, lo, k);
    if (!is_space_cp(last)) break;
    hi = k;
    --hi_cp;
  }
  UChar32 before_last = 0;
  std::size_t k = hi;
  prev_cp(s, lo, k);
  while (k > lo) {
    const UChar32 c = prev_cp(s, lo, k);
    if (!is_space_cp(c)) {
      before_last = c;
      break;
    }
  }
  UChar32 first_vis[4] = {0, 0, 0, 0};
  k = lo;
  for (int v = 0; v < 4 && k < end; ++v) first_vis[v] = next_cp(s, k, end);
  line.byte_begin = lo;
  line.byte_end = hi;
  line.cp_begin = lo_cp;
  line.cp_end = hi_cp;
  set_line_flags(line, last, before_last, first_vis);
  return line;
}

// Lines end at LF, VT, FF, NEL, U+2028 and U+2029. Each line is searched for its end (and for
// ill-formed UTF-8, which split_lines_decoding() takes) by skipping ASCII in blocks.
std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  lines.reserve(text.size() / 32 + 4);  // (news text has a line break every 60 bytes or so: no regrowing)
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0, cp = 0;
  for (;;) {
    std::size_t k = i, continuation_bytes = 0, break_len = 0;
    bool para_break = false;
    for (;;) {
      k = next_unusual(s, k, n);
      if (k == n) break;
      if (s[k] < 0x80) {  // LF, VT or FF
        para_break = s[k] == '\f';
        break_len = 1;
        break;
      }
      // (no well-formed sequence holds a line feed, so decoding up to the end of the text finds the
      // same ill-formed sequences as decoding up to the end of the line)
      auto j = static_cast<int32_t>(k);
      UChar32 c;
      U8_NEXT(s, j, static_cast<int32_t>(n), c);
      if (c < 0) return split_lines_decoding(text);
      if (is_line_break_cp(c) || is_para_break_cp(c)) {
        para_break = is_para_break_cp(c);
        break_len = static_cast<std::size_t>(j) - k;
        break;
      }
      continuation_bytes += static_cast<std::size_t>(j) - k - 1;
      k = static_cast<std::size_t>(j);
    }
    const std::size_t cps = k - i - continuation_bytes;
    lines.push_back(make_line(s, i, k, cp, cps, para_break));
    if (break_len == 0) break;
    cp += cps + 1;
    i = k + break_len;
  }
  return lines;
}

// Whether single line breaks separate paragraphs in this text. Decided once per text: when most joined
// lines are too long to be hard-wrapped or end a sentence (and few look like mid-sentence wraps).
bool single_breaks_are_paragraphs(const std::vector<Line>& lines) {
  std::size_t joins = 0, long_lines = 0, sentence_ends = 0, wraps = 0;
  for (std::size_t idx = 0; idx + 1 < lines.size(); ++idx) {
    const Line& a = lines[idx];
    const Line& b = lines[idx + 1];
    if (a.blank || b.blank || a.para_break_after) continue;
    ++joins;
    const std::size_t len = a.cp_end - a.cp_begin;
    if (len > 110) ++long_lines;
    if (a.ends_sentence) ++sentence_ends;
    else if (len >= 30 && len <= 110) ++wraps;
  }
  if (joins == 0) return false;
  if (long_lines * 2 >= joins) return true;
  return (long_lines + sentence_ends) * 4 >= joins * 3 && wraps * 5 < joins;
}

void add_passage(SegmentedText& out, std::string_view text, std::size_t byte_begin,
                 std::size_t byte_end, std::size_t cp_begin, std::size_t cp_end) {
  Passage p;
  p.index = static_cast<int>(out.passages.size());
  p.start = cp_begin;
  p.end = cp_end;
  p.text = std::string(text.substr(byte_begin, byte_end - byte_begin));
  out.passages.push_back(std::move(p));
}

}  // namespace

std::vector<SentenceSpan> split_sentences(std::string_view text, std::size_t start_cp, std::size_t end_cp) {
  std::vector<SentenceSpan> out;
  if (start_cp >= end_cp) return out;
  // Byte range of [start_cp, end_cp) without building a full index.
  std::size_t cp = 0, byte = 0, begin_byte = text.size(), end_byte = text.size();
  while (byte < text.size()) {
    if (cp == start_cp) begin_byte = byte;
    if (cp == end_cp) { end_byte = byte; break; }
    const auto b = static_cast<unsigned char>(text[byte]);
    byte += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    ++cp;
  }
  if (begin_byte >= end_byte) return out;
  SentenceSplitter& splitter = thread_splitter();
  splitter.split(text.substr(begin_byte, end_byte - begin_byte), start_cp, out);
  return out;
}

SegmentedText segment_plain(std::string_view normalized_text, const SegmentOptions& options) {
  SegmentedText out;
  out.text = std::string(normalized_text);
  if (normalized_text.empty()) return out;
  const std::vector<Line> lines = split_lines(out.text);
  const bool single_break_mode = single_breaks_are_paragraphs(lines);
  // (at most one passage per non-blank line: the vector is not regrown passage by passage)
  out.passages.reserve(static_cast<std::size_t>(
      std::count_if(lines.begin(), lines.end(), [](const Line& line) { return !line.blank; })));

  // Paragraph = consecutive non-blank lines, cut at blank lines, U+2029, list markers, and (in single
  // break mode) at every line break.
  std::size_t para_first = lines.size();
  auto flush = [&](std::size_t last_idx) {
    if (para_first == lines.size()) return;
    const Line& a = lines[para_first];
    const Line& b = lines[last_idx];
    add_passage(out, out.text, a.byte_begin, b.byte_end, a.cp_begin, b.cp_end);
    para_first = lines.size();
  };
  for (std::size_t idx = 0; idx < lines.size(); ++idx) {
    const Line& line = lines[idx];
    if (line.blank) {
      if (idx > 0) flush(idx - 1);
      para_first = lines.size();
      continue;
    }
    if (para_first != lines.size() && (single_break_mode || line.bullet || lines[idx - 1].para_break_after)) {
      flush(idx - 1);
    }
    if (para_first == lines.size()) para_first = idx;
  }
  if (para_first != lines.size()) flush(lines.size() - 1);

  SentenceSplitter& splitter = thread_splitter();
  for (Passage& p : out.passages) splitter.split(p.text, p.start, p.sentences, p.end - p.start);
  classify_roles(out.passages, {}, options);
  return out;
}

SegmentedText segment_blocks(const std::vector<SourceBlock>& blocks, const SegmentOptions& options) {
  SegmentedText out;
  std::vector<RoleCues> cues;
  std::size_t cp = 0;
  for (const SourceBlock& block : blocks) {
    const std::string_view block_text = trim(block.text);
    if (block_text.empty()) continue;
    // A block holding blank lines (raw XML text, <pre>) gives one passage per paragraph.
    const std::vector<Line> lines = split_lines(block_text);
    std::size_t first = lines.size();
    const std::size_t base_byte = out.text.size() + (out.text.empty() ? 0 : 2);
    const std::size_t base_cp = cp + (out.text.empty() ? 0 : 2);
    if (!out.text.empty()) out.text += "\n\n";
    out.text += block_text;
    cp = base_cp + code_point_count(block_text);
    std::size_t pieces = 0;
    auto flush = [&](std::size_t last_idx) {
      if (first == lines.size()) return;
      add_passage(out, out.text, base_byte + lines[first].byte_begin, base_byte + lines[last_idx].byte_end,
                  base_cp + lines[first].cp_begin, base_cp + lines[last_idx].cp_end);
      ++pieces;
      first = lines.size();
    };
    for (std::size_t idx = 0; idx < lines.size(); ++idx) {
      if (lines[idx].blank || (idx > 0 && lines[idx - 1].para_break_after)) {
        if (idx > 0) flush(idx - 1);
        if (lines[idx].blank) continue;
      }
      if (first == lines.size()) first = idx;
    }
    flush(lines.size() - 1);
    for (std::size_t k = 0; k < pieces; ++k) {
      RoleCues c;
      c.tag = block.tag;
      c.container = block.container;
      c.forced_role = block.forced_role;
      // link characters are known for the whole block; share them out by length
      const Passage& p = out.passages[out.passages.size() - pieces + k];
      const std::size_t total = code_point_count(block_text);
      c.link_chars = pieces == 1 ? block.link_chars : block.link_chars * (p.end - p.start) / std::max<std::size_t>(total, 1);
      cues.push_back(std::move(c));
    }
  }
  SentenceSplitter& splitter = thread_splitter();
  for (Passage& p : out.passages) splitter.split(p.text, p.start, p.sentences, p.end - p.start);
  classify_roles(out.passages, cues, options);
  return out;
}

}  // namespace credence::annotate
