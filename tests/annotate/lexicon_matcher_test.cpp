// Tests for lexicon_matcher.hpp: whole-word, case-folded, multi-word Aho-Corasick matching, and the
// inputs that break naive matchers (overlaps, repetition, a multi-megabyte paragraph).
#include "credence/annotate/lexicon_matcher.hpp"

#include <gtest/gtest.h>

#include <chrono>

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
