// Aho-Corasick over case-folded code points, compiled to a dense DFA over a small alphabet (only the
// characters that occur in some phrase get a class; everything else is class 0, which leads back to
// the root). Word boundaries come from ICU's word break iterator, asked only at candidate matches.
#include "credence/annotate/lexicon_matcher.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>

#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

constexpr char32_t k_skip = 0xFFFFFFFF;  // folded value of characters matching ignores

// Decodes one code point of valid UTF-8 at `pos`, advancing it.
inline char32_t decode(std::string_view s, std::size_t& pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  if (b0 < 0xE0) {
    const char32_t cp = ((b0 & 0x1Fu) << 6) | (static_cast<unsigned char>(s[pos + 1]) & 0x3Fu);
    pos += 2;
    return cp;
  }
  if (b0 < 0xF0) {
    const char32_t cp = ((b0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[pos + 1]) & 0x3Fu) << 6) |
                        (static_cast<unsigned char>(s[pos + 2]) & 0x3Fu);
    pos += 3;
    return cp;
  }
  const char32_t cp = ((b0 & 0x07u) << 18) | ((static_cast<unsigned char>(s[pos + 1]) & 0x3Fu) << 12) |
                      ((static_cast<unsigned char>(s[pos + 2]) & 0x3Fu) << 6) |
                      (static_cast<unsigned char>(s[pos + 3]) & 0x3Fu);
  pos += 4;
  return cp;
}

// The one folding used for phrases and text alike: simple case folding (one code point to one, so
// offsets survive), white space to ' ', typographic apostrophes/quotes/hyphens to ASCII, and
// invisible format characters (soft hyphen, zero-width joiners) skipped.
inline char32_t fold(char32_t c) {
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return c + ('a' - 'A');
    if (c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') return ' ';
    return c;
  }
  switch (c) {
    case 0x2018: case 0x2019: case 0x02BC: case 0x2032: return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x2033: return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: return '-';
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: return k_skip;
    default: break;
  }
  if (u_isUWhiteSpace(static_cast<UChar32>(c))) return ' ';
  return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
}

// fold() for ASCII, as a table: the hot loop's common case.
constexpr std::array<char32_t, 128> k_ascii_fold = [] {
  std::array<char32_t, 128> table{};
  for (char32_t c = 0; c < 128; ++c) {
    char32_t f = c;
    if (c >= 'A' && c <= 'Z') f = c + ('a' - 'A');
    if (c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') f = ' ';
    table[c] = f;
  }
  return table;
}();

// Word-break classes of ASCII characters, as far as boundary decisions between two of them go.
constexpr std::uint8_t k_alnum = 1, k_other = 2, k_contextual = 3;
constexpr std::array<std::uint8_t, 128> k_ascii_word_class = [] {
  std::array<std::uint8_t, 128> table{};
  for (int c = 0; c < 128; ++c) {
    const bool alnum = is_ascii_alnum(static_cast<char32_t>(c));
    const bool contextual = c == '.' || c == ',' || c == ':' || c == ';' || c == '\'' || c == '_';
    const bool control = c < 0x20 || c == 0x7F;  // line breaks and other controls: left to ICU
    table[static_cast<std::size_t>(c)] = alnum ? k_alnum : contextual || control || c == ' ' ? k_contextual : k_other;
  }
  return table;
}();

// The marks a word boundary always surrounds (see find()): the no-break space, and – — “ ” (three bytes,
// E2 80 then one of these).
constexpr std::string_view k_no_break_space = "\xC2\xA0";
bool is_breaking_three_byte_mark(std::string_view s) {
  if (s.size() != 3 || s[0] != '\xE2' || s[1] != '\x80') return false;
  const auto third = static_cast<unsigned char>(s[2]);
  return third == 0x93 || third == 0x94 || third == 0x9C || third == 0x9D;
}
bool begins_with_breaking_mark(std::string_view s) {
  return s.substr(0, 2) == k_no_break_space || is_breaking_three_byte_mark(s.substr(0, 3));
}
bool ends_with_breaking_mark(std::string_view s) {
  return (s.size() >= 2 && s.substr(s.size() - 2) == k_no_break_space) ||
         (s.size() >= 3 && is_breaking_three_byte_mark(s.substr(s.size() - 3)));
}

// Texts shorter than this are scanned in one piece: the second scan's lead-in would cost more than
// running two side by side saves. The lead-in is in bytes.
constexpr std::size_t k_two_scans_from = 64;
constexpr std::size_t k_lead_in = 16;

// Where the last `count` characters the scan fed before byte `end` begin, found by walking back over the
// text: a run of white space was fed as one space, characters folding to k_skip not at all. (The scan
// keeps no positions; matches are rare enough to walk back from.)
std::size_t start_of_fed(std::string_view text, std::size_t end, std::size_t count) {
  std::size_t pos = end;
  bool in_space_run = false;
  while (pos > 0) {
    std::size_t p = pos - 1;
    while (p > 0 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
    const auto b = static_cast<unsigned char>(text[p]);
    std::size_t q = p;
    const char32_t c = b < 0x80 ? k_ascii_fold[b] : fold(decode(text, q));
    pos = p;
    if (c == k_skip) continue;
    if (c == ' ') {
      if (in_space_run) continue;
      in_space_run = true;
    } else {
      in_space_run = false;
    }
    if (--count == 0) break;
  }
  return pos;
}

// A word break iterator per thread, created on first use (creating one costs far more than a lookup).
icu::BreakIterator* word_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU word break iterator unavailable");
    return it;
  }();
  return iterator.get();
}

}  // namespace

struct LexiconMatcher::Impl {
  // Construction.
  std::vector<std::u32string> phrases;  // folded, white space runs collapsed
  bool built = false;
  // Alphabet: class per folded character; 0 = no phrase uses it.
  std::array<std::uint16_t, 128> ascii_class{};
  std::unordered_map<char32_t, std::uint16_t> other_class;
  std::size_t n_classes = 1;
  // DFA: next[(state << class_shift) | class] = next state, rows padded to a power of two. Stored in 16 bits
  // when the states fit (half the memory: the scan's look-ups are what it waits on), else in 32.
  unsigned class_shift = 0;
  std::vector<std::uint16_t> next16;
  std::vector<std::uint32_t> next32;
  std::size_t n_states = 1;
  // Phrases ending at each state (own and through failure links): out_ids[out_begin[s] .. out_begin[s+1]).
  std::vector<std::uint32_t> out_begin;
  std::vector<std::uint32_t> out_ids;
  std::uint32_t first_output = 0;  // states numbered from here on end a phrase (see build())
  // Per ASCII byte: the class of its folded form (white space folds to ' ').
  std::array<std::uint16_t, 128> ascii_step{};
  std::uint16_t space_class = 0;

  [[nodiscard]] std::uint16_t class_of(char32_t c) const {
    if (c < 128) return ascii_class[c];
    auto it = other_class.find(c);
    return it == other_class.end() ? 0 : it->second;
  }
};

LexiconMatcher::LexiconMatcher() : impl_(std::make_unique<Impl>()) {}
LexiconMatcher::LexiconMatcher(LexiconMatcher&&) noexcept = default;
LexiconMatcher& LexiconMatcher::operator=(LexiconMatcher&&) noexcept = default;
LexiconMatcher::~LexiconMatcher() = default;

std::uint32_t LexiconMatcher::add(std::string_view phrase) {
  if (impl_->built) throw std::logic_error("LexiconMatcher::add after build");
  std::u32string folded;
  std::size_t pos = 0;
  const std::string nfc = to_nfc(phrase);
  const std::string_view text(nfc);
  while (pos < text.size()) {
    const char32_t c = fold(decode(text, pos));
    if (c == k_skip) continue;
    if (c == ' ' && (folded.empty() || folded.back() == ' ')) continue;
    folded.push_back(c);
  }
  while (!folded.empty() && folded.back() == ' ') folded.pop_back();
  impl_->phrases.push_back(std::move(folded));
  return static_cast<std::uint32_t>(impl_->phrases.size() - 1);
}

void LexiconMatcher::build() {
  Impl& m = *impl_;
  if (m.built) return;
  m.built = true;
  for (const auto& p : m.phrases) {
    for (char32_t c : p) {
      if (c < 128) {
        if (m.ascii_class[c] == 0) m.ascii_class[c] = static_cast<std::uint16_t>(m.n_classes++);
      } else if (!m.other_class.count(c)) {
        m.other_class.emplace(c, static_cast<std::uint16_t>(m.n_classes++));
      }
    }
  }
  // Trie.
  std::vector<std::map<std::uint16_t, std::int32_t>> children(1);
  std::vector<std::vector<std::uint32_t>> own(1);
  for (std::uint32_t id = 0; id < m.phrases.size(); ++id) {
    const auto& p = m.phrases[id];
    if (p.empty()) continue;
    std::int32_t state = 0;
    for (char32_t c : p) {
      const std::uint16_t cls = m.class_of(c);
      auto it = children[state].find(cls);
      if (it == children[state].end()) {
        children.emplace_back();
        own.emplace_back();
        const auto fresh = static_cast<std::int32_t>(children.size() - 1);
        children[state].emplace(cls, fresh);
        state = fresh;
      } else {
        state = it->second;
      }
    }
    own[state].push_back(id);
  }
  m.n_states = children.size();
  std::vector<std::int32_t> dfa(m.n_states * m.n_classes, 0);
  std::vector<std::int32_t> fail(m.n_states, 0);
  std::vector<std::vector<std::uint32_t>> out(m.n_states);
  // Breadth-first: each state's goto row is its failure state's row overlaid with its own children.
  std::deque<std::int32_t> queue;
  for (auto [cls, child] : children[0]) {
    dfa[cls] = child;
    queue.push_back(child);
  }
  out[0] = own[0];
  while (!queue.empty()) {
    const std::int32_t s = queue.front();
    queue.pop_front();
    out[s] = own[s];
    out[s].insert(out[s].end(), out[fail[s]].begin(), out[fail[s]].end());
    std::copy_n(dfa.begin() + static_cast<std::ptrdiff_t>(fail[s] * m.n_classes), m.n_classes,
                dfa.begin() + static_cast<std::ptrdiff_t>(s * m.n_classes));
    // Class 0 (a character no phrase uses) always returns to the root.
    dfa[s * m.n_classes] = 0;
    for (auto [cls, child] : children[s]) {
      fail[child] = dfa[fail[s] * m.n_classes + cls];
      if (fail[child] == child) fail[child] = 0;
      dfa[s * m.n_classes + cls] = child;
      queue.push_back(child);
    }
  }
  // A run of white space reads as one space: a state entered by a space stays put on the next one, so
  // the scan needs no test for runs. (Such states are the trie nodes labelled with a space; the root,
  // where no phrase starts with one, already loops.)
  m.space_class = m.class_of(' ');
  if (m.space_class != 0) {
    for (std::size_t s = 0; s < m.n_states; ++s) {
      for (auto [cls, child] : children[s]) {
        if (cls == m.space_class) dfa[static_cast<std::size_t>(child) * m.n_classes + cls] = child;
      }
    }
  }
  for (char32_t b = 0; b < 128; ++b) m.ascii_step[b] = m.class_of(k_ascii_fold[b]);
  // Renumber the states: those where no phrase ends first (in breadth-first order, so the shallow states
  // most text lingers in stay together), then those where some phrase ends. The scan then needs a
  // single comparison with first_output, not a look-up, to know whether a match may end here.
  std::vector<std::int32_t> order;
  order.reserve(m.n_states);
  for (std::size_t s = 0; s < m.n_states; ++s) {
    if (out[s].empty()) order.push_back(static_cast<std::int32_t>(s));
  }
  const std::size_t first_output = order.size();
  for (std::size_t s = 0; s < m.n_states; ++s) {
    if (!out[s].empty()) order.push_back(static_cast<std::int32_t>(s));
  }
  std::vector<std::int32_t> renamed(m.n_states);
  for (std::size_t i = 0; i < order.size(); ++i) renamed[static_cast<std::size_t>(order[i])] = static_cast<std::int32_t>(i);
  while ((std::size_t{1} << m.class_shift) < m.n_classes) ++m.class_shift;
  const std::size_t width = std::size_t{1} << m.class_shift;
  auto fill = [&](auto& table) {
    table.assign(m.n_states * width, 0);
    for (std::size_t i = 0; i < order.size(); ++i) {
      const std::size_t from = static_cast<std::size_t>(order[i]) * m.n_classes;
      for (std::size_t c = 0; c < m.n_classes; ++c) {
        table[i * width + c] = static_cast<typename std::decay_t<decltype(table)>::value_type>(
            renamed[static_cast<std::size_t>(dfa[from + c])]);
      }
    }
  };
  if (m.n_states <= 0x10000) fill(m.next16);
  else fill(m.next32);
  m.first_output = static_cast<std::uint32_t>(first_output);
  m.out_begin.assign(m.n_states + 1, 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& ids = out[static_cast<std::size_t>(order[i])];
    m.out_begin[i + 1] = m.out_begin[i] + static_cast<std::uint32_t>(ids.size());
    m.out_ids.insert(m.out_ids.end(), ids.begin(), ids.end());
  }
}

std::size_t LexiconMatcher::phrase_count() const { return impl_->phrases.size(); }
std::size_t LexiconMatcher::state_count() const { return impl_->n_states; }

std::vector<PhraseMatch> LexiconMatcher::find(std::string_view text) const {
  std::vector<PhraseMatch> matches;
  find(text, matches);
  return matches;
}

void LexiconMatcher::find(std::string_view text, std::vector<PhraseMatch>& matches) const {
  const Impl& m = *impl_;
  if (!m.built) throw std::logic_error("LexiconMatcher::find before build");
  matches.clear();
  if (text.empty() || m.out_ids.empty()) return;

  icu::BreakIterator* words = nullptr;
  UText* utext = nullptr;
  auto is_space = [](char b) { return b == ' ' || b == '\n' || b == '\t'; };
  auto is_boundary = [&](std::size_t byte) -> bool {
    if (byte == 0 || byte >= text.size()) return true;
    // Next to ASCII white space UAX #29 always breaks (except between two spaces, which no phrase
    // edge is); only other neighbours need the ICU iterator.
    if (is_space(text[byte - 1]) != is_space(text[byte])) return true;
    const auto left = static_cast<unsigned char>(text[byte - 1]);
    const auto right = static_cast<unsigned char>(text[byte]);
    if (left < 0x80 && right < 0x80) {
      // Two ASCII characters: letters and digits never break between them (UAX #29 WB5, WB8-WB10), and
      // punctuation of the word-break class Other always breaks; only . , : ; ' _ need their context.
      const std::uint8_t l = k_ascii_word_class[left], r = k_ascii_word_class[right];
      if (l == k_alnum && r == k_alnum) return false;
      if (l == k_other || r == k_other) return true;
      // A letter or digit before . , : ; or ' (a phrase ending a clause or the text) is kept from the
      // mark only when a letter or digit follows it (UAX #29 WB6, WB12); an ASCII one is not, or none.
      if (l == k_alnum && (right == '.' || right == ',' || right == ':' || right == ';' || right == '\'')) {
        if (byte + 1 == text.size()) return true;
        const auto after = static_cast<unsigned char>(text[byte + 1]);
        if (after < 0x80 && !is_ascii_alnum(after)) return true;
      }
    }
    // Curly double quotes, en and em dashes and no-break spaces are of word-break class Other, neither
    // Extend nor Format: UAX #29 breaks on both sides of them whatever stands around.
    if (begins_with_breaking_mark(text.substr(byte)) || ends_with_breaking_mark(text.substr(0, byte))) return true;
    if (words == nullptr) {
      UErrorCode status = U_ZERO_ERROR;
      utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
      words = word_iterator();
      words->setText(utext, status);
      if (U_FAILURE(status)) throw std::runtime_error("ICU word break iterator rejected the text");
    }
    return words->isBoundary(static_cast<int32_t>(byte));
  };
  // Code points before a byte position, counted only where a match needs them (match ends only grow).
  std::size_t counted_byte = 0, counted_cp = 0;
  auto cp_at = [&](std::size_t byte) {
    counted_cp += code_point_count(text.substr(counted_byte, byte - counted_byte));
    counted_byte = byte;
    return counted_cp;
  };

  // The phrases ending where the automaton stands in `state` after reading up to byte `pos`.
  auto emit = [&](std::uint32_t state, std::size_t pos) {
    // Every phrase ending here ends at `pos`. Inside a word (two ASCII letters or digits) no phrase can
    // end, not even before a possessive: most phrase endings the automaton reaches are such substrings
    // ("war" in "warning"), and this settles them without looking further.
    if (pos < text.size() && is_ascii_alnum(static_cast<unsigned char>(text[pos])) &&
        is_ascii_alnum(static_cast<unsigned char>(text[pos - 1]))) {
      return;
    }
    // The end is shared by every phrase here: decide it once.
    if (!is_boundary(pos)) {
      // A possessive ("the mob's leader") keeps the phrase: UAX #29 does not break before 's.
      const std::string_view rest = text.substr(pos);
      std::size_t suffix = 0;
      if (rest.size() >= 2 && rest[0] == '\'' && (rest[1] == 's' || rest[1] == 'S')) suffix = 2;
      if (rest.size() >= 4 && rest.substr(0, 3) == "\xE2\x80\x99" && (rest[3] == 's' || rest[3] == 'S')) suffix = 4;
      if (suffix == 0 || !is_boundary(pos + suffix)) return;
    }
    const std::uint32_t ob = m.out_begin[state], oe = m.out_begin[state + 1];
    for (std::uint32_t o = ob; o < oe; ++o) {
      const std::uint32_t id = m.out_ids[o];
      const std::size_t start_byte = start_of_fed(text, pos, m.phrases[id].size());
      if (!is_boundary(start_byte)) continue;
      const std::size_t end_cp = cp_at(pos);
      matches.push_back(PhraseMatch{end_cp - code_point_count(text.substr(start_byte, pos - start_byte)), end_cp, id});
    }
  };
  const auto* const bytes = reinterpret_cast<const unsigned char*>(text.data());
  auto scan = [&](const auto* next, auto shift_value) {
    const auto shift = static_cast<unsigned>(shift_value);
    const std::uint32_t first_output = m.first_output;
    const std::uint16_t* const ascii_step = m.ascii_step.data();
    // One character at p: the automaton's move, or none (false) for a character matching ignores.
    auto step = [&](const unsigned char*& p, std::uint32_t& state) {
      std::uint32_t cls;
      if (*p < 0x80) {
        // ASCII: folding and the class in one table look-up; runs of white space are the automaton's job.
        cls = ascii_step[*p++];
      } else {
        auto pos = static_cast<std::size_t>(p - bytes);
        const char32_t c = fold(decode(text, pos));
        p = bytes + pos;
        if (c == k_skip) return false;
        cls = c == ' ' ? m.space_class : m.class_of(c);
      }
      state = next[(state << shift) | cls];
      return true;
    };
    const unsigned char* const end = bytes + text.size();
    const unsigned char* a = bytes;
    std::uint32_t a_state = 0;
    // Each byte's look-up waits on the one before; two scans side by side, one per half of the text, keep
    // two look-ups in flight. The second starts from the root a little before the middle; where it reaches
    // the middle in the state the first reaches it in (nearly always: the state is decided by the
    // characters since the longest phrase prefix began), it has gone the first one's way from there on.
    // Otherwise the first one goes on itself.
    if (text.size() >= k_two_scans_from) {
      std::size_t middle = text.size() / 2;
      while ((bytes[middle] & 0xC0) == 0x80) --middle;
      std::size_t lead = middle - k_lead_in;
      while ((bytes[lead] & 0xC0) == 0x80) --lead;
      const unsigned char* const mid = bytes + middle;
      const unsigned char* b = bytes + lead;
      std::uint32_t b_state = 0;
      auto emit_a = [&](bool moved) {
        if (moved && a_state >= first_output) emit(a_state, static_cast<std::size_t>(a - bytes));
      };
      while (b < mid && a < mid) {
        emit_a(step(a, a_state));
        step(b, b_state);
      }
      while (b < mid) step(b, b_state);
      const std::uint32_t b_at_mid = b_state;
      // The second scan's matches wait until the first has emitted all of its own: matches come in order.
      thread_local std::vector<std::pair<std::uint32_t, std::size_t>> later;
      later.clear();
      while (a < mid && b < end) {
        bool a_moved = true, b_moved = true;
        if ((*a | *b) < 0x80) {
          a_state = next[(a_state << shift) | ascii_step[*a++]];
          b_state = next[(b_state << shift) | ascii_step[*b++]];
        } else {
          a_moved = step(a, a_state);
          b_moved = step(b, b_state);
        }
        emit_a(a_moved);
        if (b_moved && b_state >= first_output) later.emplace_back(b_state, static_cast<std::size_t>(b - bytes));
      }
      while (a < mid) emit_a(step(a, a_state));
      if (a_state == b_at_mid) {
        for (const auto& [state, pos] : later) emit(state, pos);
        a = b;
        a_state = b_state;
      }
    }
    while (a < end) {
      if (step(a, a_state) && a_state >= first_output) emit(a_state, static_cast<std::size_t>(a - bytes));
    }
  };
  if (!m.next16.empty() && m.class_shift == 5) scan(m.next16.data(), std::integral_constant<unsigned, 5>{});
  else if (!m.next16.empty()) scan(m.next16.data(), m.class_shift);
  else scan(m.next32.data(), m.class_shift);
  if (utext != nullptr) utext_close(utext);
}

std::vector<PhraseMatch> leftmost_longest(std::vector<PhraseMatch> matches) {
  keep_leftmost_longest(matches);
  return matches;
}

void keep_leftmost_longest(std::vector<PhraseMatch>& matches) {
  std::sort(matches.begin(), matches.end(), [](const PhraseMatch& a, const PhraseMatch& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end > b.end;
    return a.phrase < b.phrase;
  });
  std::size_t kept = 0;
  std::size_t covered_to = 0;
  for (std::size_t i = 0; i < matches.size(); ++i) {
    if (kept > 0 && matches[i].start < covered_to) continue;
    covered_to = matches[i].end;
    matches[kept++] = matches[i];
  }
  matches.resize(kept);
}

}  // namespace credence::annotate
