// Tests for lexicon_matcher.hpp: whole-word, case-folded, multi-word Aho-Corasick matching, and the
// inputs that break naive matchers (overlaps, repetition, a multi-megabyte paragraph).
#include "credence/annotate/lexicon_matcher.hpp"

#include <gtest/gtest.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <tuple>

namespace ann = credence::annotate;

namespace {

ann::LexiconMatcher matcher_of(const std::vector<std::string>& phrases) {
  ann::LexiconMatcher m;
  for (const auto& p : phrases) m.add(p);
  m.build();
  return m;
}

// "start-end:id" per match, sorted as leftmost_longest leaves them.
std::vector<std::string> spans(const std::vector<ann::PhraseMatch>& matches) {
  std::vector<std::string> out;
  for (const auto& m : matches) out.push_back(std::to_string(m.start) + "-" + std::to_string(m.end) + ":" + std::to_string(m.phrase));
  return out;
}

}  // namespace

TEST(LexiconMatcher, WholeWordsOnly) {
  const auto m = matcher_of({"mob", "rat"});
  EXPECT_EQ(spans(ann::leftmost_longest(m.find("A mob, mobs, a Mobster, rat-like rats."))),
            (std::vector<std::string>{"2-5:0", "24-27:1"}));  // "rat-like" breaks at the hyphen (UAX #29)
}

TEST(LexiconMatcher, FoldsCaseIncludingNonAscii) {
  const auto m = matcher_of({"ÉCRASÉ", "straße"});
  EXPECT_EQ(spans(m.find("écrasé STRASSE Straße")), (std::vector<std::string>{"0-6:0", "15-21:1"}));
}

TEST(LexiconMatcher, MultiWordEntriesAcrossWhiteSpaceRunsAndLineBreaks) {
  const auto m = matcher_of({"toxic sludge", "fat  cats"});
  EXPECT_EQ(spans(m.find("Toxic\n  sludge and fat cats")), (std::vector<std::string>{"0-14:0", "19-27:1"}));
}

TEST(LexiconMatcher, TypographicApostrophesAndHyphens) {
  const auto m = matcher_of({"so-called", "don't care"});
  EXPECT_EQ(spans(m.find("the so\u2011called experts don\u2019t care")), (std::vector<std::string>{"4-13:0", "22-32:1"}));
}

TEST(LexiconMatcher, CodePointOffsetsAfterAstralCharacters) {
  const auto m = matcher_of({"vermin"});
  // U+1F600 is one code point (four bytes); offsets count code points.
  EXPECT_EQ(spans(m.find("\U0001F600 vermin")), (std::vector<std::string>{"2-8:0"}));
}

TEST(LexiconMatcher, PossessiveKeepsTheMatch) {
  const auto m = matcher_of({"mob"});
  EXPECT_EQ(spans(m.find("the mob's leader and the mob\u2019s")), (std::vector<std::string>{"4-7:0", "25-28:0"}));
}

TEST(LexiconMatcher, OverlapsAreAllFoundAndLeftmostLongestKeepsOne) {
  const auto m = matcher_of({"toxic", "toxic sludge", "sludge", "sludge pond"});
  const auto all = m.find("toxic sludge pond");
  EXPECT_EQ(all.size(), 4u);
  EXPECT_EQ(spans(ann::leftmost_longest(all)), (std::vector<std::string>{"0-12:1"}));
}

TEST(LexiconMatcher, SuffixEntriesFoundThroughFailureLinks) {
  const auto m = matcher_of({"she said", "he said", "said"});
  EXPECT_EQ(spans(m.find("she said")), (std::vector<std::string>{"0-8:0", "4-8:2"}));
}

TEST(LexiconMatcher, EmptyInputsAndEmptyPhrases) {
  const auto m = matcher_of({"", "   ", "x"});
  EXPECT_TRUE(m.find("").empty());
  EXPECT_EQ(spans(m.find("x")), (std::vector<std::string>{"0-1:2"}));
  const auto none = matcher_of({});
  EXPECT_TRUE(none.find("anything at all").empty());
}

TEST(LexiconMatcher, AddAfterBuildThrows) {
  ann::LexiconMatcher m;
  m.add("a");
  m.build();
  EXPECT_THROW(m.add("b"), std::logic_error);
}

TEST(LexiconMatcher, PathologicalRepetitionStaysLinear) {
  // Every position is a candidate inside "aaaa...", none is a whole word; and a long run of one word
  // is all matches. Both must finish quickly.
  const auto m = matcher_of({"a", "aa", "aaa", "aaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                             "mob", "mob mob"});
  const auto t0 = std::chrono::steady_clock::now();
  const std::string run(2'000'000, 'a');
  EXPECT_TRUE(m.find(run).empty());
  std::string mobs;
  for (int i = 0; i < 200'000; ++i) mobs += "mob ";
  const auto kept = ann::leftmost_longest(m.find(mobs));
  EXPECT_EQ(kept.size(), 100'000u);  // "mob mob" pairs
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(seconds, 20.0);
}

TEST(LexiconMatcher, FiveMegabyteParagraph) {
  const auto m = matcher_of({"catastrophe", "so-called experts"});
  std::string text;
  while (text.size() < 5'000'000) text += "The so-called experts warned of a catastrophe, again and again, ";
  const auto kept = ann::leftmost_longest(m.find(text));
  const std::size_t sentences = (text.size() + 63) / 64;
  EXPECT_EQ(kept.size(), 2 * sentences);
  EXPECT_EQ(kept.back().end - kept.back().start, 11u);
}

namespace {

// The matcher's contract spelled out naively: fold the text one code point at a time (ASCII and a few
// marks here), feed a white space run as one space, ignore invisible format characters, compare every
// phrase at every fed position, and ask ICU's word iterator about both edges (an "'s" may follow).
std::vector<std::tuple<std::size_t, std::size_t, std::uint32_t>> naive_matches(const std::vector<std::string>& phrases,
                                                                                const std::string& text) {
  struct Fed {
    char c;
    std::size_t byte;
  };
  std::vector<Fed> fed;
  std::vector<std::size_t> cp_of_byte(text.size() + 1, 0);
  bool last_space = true;
  std::size_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : 3;
    const std::string ch = text.substr(i, len);
    for (std::size_t k = 0; k < len; ++k) cp_of_byte[i + k] = cp;
    ++cp;
    char folded;
    if (ch == "\xC2\xAD" || ch == "\xE2\x80\x8B") {
      i += len;
      continue;  // soft hyphen, zero-width space
    }
    if (ch == " " || ch == "\t" || ch == "\n" || ch == "\xC2\xA0") folded = ' ';
    else if (ch == "\xE2\x80\x99") folded = '\'';
    else if (len == 1) folded = static_cast<char>(std::tolower(b));
    else folded = '?';  // a letter no phrase holds
    if (folded == ' ' && last_space) {
      i += len;
      continue;
    }
    last_space = folded == ' ';
    fed.push_back(Fed{folded, i});
    i += len;
  }
  cp_of_byte[text.size()] = cp;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  words->setText(ut, status);
  auto boundary = [&](std::size_t byte) { return byte == 0 || byte >= text.size() || words->isBoundary(static_cast<int32_t>(byte)); };
  std::vector<std::tuple<std::size_t, std::size_t, std::uint32_t>> out;
  for (std::uint32_t id = 0; id < phrases.size(); ++id) {
    const std::string& p = phrases[id];
    for (std::size_t at = 0; at + p.size() <= fed.size(); ++at) {
      bool same = true;
      for (std::size_t k = 0; k < p.size() && same; ++k) same = fed[at + k].c == p[k];
      if (!same) continue;
      const std::size_t start = fed[at].byte;
      const std::size_t last = fed[at + p.size() - 1].byte;
      const auto lb = static_cast<unsigned char>(text[last]);
      const std::size_t end = last + (lb < 0x80 ? 1 : lb < 0xE0 ? 2 : 3);
      if (!boundary(start)) continue;
      if (!boundary(end)) {
        const std::string rest = text.substr(end, 4);
        std::size_t suffix = 0;
        if (rest.size() >= 2 && rest[0] == '\'' && (rest[1] == 's' || rest[1] == 'S')) suffix = 2;
        if (rest.size() >= 4 && rest.compare(0, 3, "\xE2\x80\x99") == 0 && (rest[3] == 's' || rest[3] == 'S')) suffix = 4;
        if (suffix == 0 || !boundary(end + suffix)) continue;
      }
      out.emplace_back(cp_of_byte[start], cp_of_byte[end], id);
    }
  }
  utext_close(ut);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

// Thousands of random texts built from pieces that test the scan's shortcuts: white space runs of
// every kind (the automaton loops on them), invisible characters inside runs and words, apostrophes,
// possessives, punctuation at word edges, upper case. Start offsets are found by walking back over the
// text, so multi-word phrases after long runs matter most; long texts are scanned as two halves, so
// matches across the middle matter too.
TEST(LexiconMatcher, AgreesWithNaiveMatchingOnRandomTexts) {
  const std::vector<std::string> phrases = {"mob", "rat", "a", "so called", "so-called", "rats", "at", "the mob",
                                            "mob rule", "rule", "dont", "don't", "t", "b c", "a b c d", "ab"};
  const auto m = matcher_of(phrases);
  const std::vector<std::string> pieces = {"mob", "MOB", "Mob", "rat", "rats", "a", "b", "c", "d", "ab", "at", "so",
                                           "called", "rule", "the", "don", "t", "'", "\xE2\x80\x99", "'s", " ", "  ",
                                           "\t", "\n", " \n ", "\xC2\xA0", "\xC2\xAD", "\xE2\x80\x8B", "-", ".",
                                           ",", ":", "3", "\xC3\xA9", "x", "!"};
  std::mt19937 rng(20261122);
  for (int trial = 0; trial < 4000; ++trial) {
    std::string text;
    // every fourth text long enough to be scanned as two halves side by side
    const int n = 1 + static_cast<int>(rng() % (trial % 4 == 0 ? 240 : 24));
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    auto found = m.find(text);
    std::vector<std::tuple<std::size_t, std::size_t, std::uint32_t>> got;
    for (const auto& f : found) got.emplace_back(f.start, f.end, f.phrase);
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, naive_matches(phrases, text)) << "text: [" << text << "]";
  }
}

// Texts of 64 bytes or more are scanned by two scans side by side, the second starting a few bytes before
// the middle; when the middle falls inside a phrase longer than that lead-in, the second scan reaches it in
// another state and the first goes on alone. Long phrases, often whole in the text, make both cases
// common, with invisible and multi-byte characters near the middle.
TEST(LexiconMatcher, TwoScansAgreeWithNaiveMatchingWhenTheMiddleFallsInsideLongPhrases) {
  const std::vector<std::string> phrases = {"one two three four five six", "two three", "six", "one", "four five six seven",
                                            "aaaaaaaaaaaaaaaaaaaaaaaab", "a", "so called experts say"};
  const auto m = matcher_of(phrases);
  const std::vector<std::string> pieces = {"one two three four five six", "one two three four five six seven",
                                           "One Two  three\nfour five six", "one ", "two ", "three ", "four ", "five ",
                                           "six ", "seven", "aaaaaaaa", "a", "b", " ", "so called experts say",
                                           "\xC2\xAD", "\xC3\xA9", "\xC2\xA0", "\xE2\x80\x8B", ",", "'s"};
  std::mt19937 rng(1122);
  std::size_t long_texts = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    if (text.size() >= 64) ++long_texts;
    auto found = m.find(text);
    std::vector<std::tuple<std::size_t, std::size_t, std::uint32_t>> got;
    for (const auto& f : found) got.emplace_back(f.start, f.end, f.phrase);
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, naive_matches(phrases, text)) << "text: [" << text << "]";
  }
  EXPECT_GT(long_texts, 2000u);
}

// Word boundaries next to . , : ; and ' are decided without ICU when a letter or digit stands before the mark
// and no letter or digit after it, and next to curly double quotes, en and em dashes and no-break spaces
// always; every other neighbourhood still goes to ICU. Random texts of letters, digits, marks, white space
// and other non-ASCII neighbours (soft hyphens, zero-width spaces), compared with ICU through naive matching.
TEST(LexiconMatcher, BoundariesAtPunctuationAgreeWithIcu) {
  const std::vector<std::string> phrases = {"a", "ab", "3", "b c", "a.b", "it's", "x"};
  const auto m = matcher_of(phrases);
  const std::vector<std::string> pieces = {"a", "b", "c", "ab", "A", "3", "33", "x", ".", ",", ":", ";", "'", "'s", "_",
                                           " ", "\n", "\t", "-", "!", "\"", "\xC3\xA9", "\xE2\x80\x99", "\xC2\xAD",
                                           "\xC2\xA0", "...", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x93",
                                           "\xE2\x80\x94", "\xE2\x80\x98", "\xE2\x80\x8B", "\xC3\xA9" "a"};
  std::mt19937 rng(29);
  for (int trial = 0; trial < 10000; ++trial) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    auto found = m.find(text);
    std::vector<std::tuple<std::size_t, std::size_t, std::uint32_t>> got;
    for (const auto& f : found) got.emplace_back(f.start, f.end, f.phrase);
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, naive_matches(phrases, text)) << "text: [" << text << "]";
  }
}
