// Tests for machine_cues.hpp: the quotation scanner (apostrophes are not quotes) and cue sets.
#include "credence/annotate/machine_cues.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace ann = credence::annotate;

namespace {

// The quotation scanner as it was before it worked on the bytes: a word flag for every code point, then
// the marks. Kept as the reference the byte scanner must agree with.
std::vector<ann::Quotation> reference_quotations(const std::string& utf8) {
  const std::u32string cps = ann::to_u32(utf8);
  std::vector<std::uint8_t> word(cps.size());
  for (std::size_t i = 0; i < cps.size(); ++i) word[i] = ann::is_word_char(cps[i]) ? 1 : 0;
  auto count_words = [&](std::size_t start, std::size_t end) {
    std::size_t words = 0;
    bool in_word = false;
    for (std::size_t i = start; i < end; ++i) {
      if (word[i] && !in_word) ++words;
      in_word = word[i] != 0;
    }
    return words;
  };
  std::vector<ann::Quotation> out;
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::size_t open_double = none;
  std::size_t open_single = none;
  auto close = [&](std::size_t& open, std::size_t end) {
    out.push_back(ann::Quotation{open, end, count_words(open + 1, end - 1)});
    open = none;
  };
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const char32_t c = cps[i];
    const bool prev_word = i > 0 && word[i - 1] != 0;
    const bool next_word = i + 1 < cps.size() && word[i + 1] != 0;
    if (c == U'\u201C') {
      if (open_double == none) open_double = i;
    } else if (c == U'\u201D') {
      if (open_double != none) close(open_double, i + 1);
    } else if (c == U'"') {
      if (open_double != none) {
        close(open_double, i + 1);
      } else {
        open_double = i;
      }
    } else if (c == U'\u2018') {
      if (!prev_word && open_single == none) open_single = i;
    } else if (c == U'\u2019' || c == U'\'') {
      if (open_single != none && !next_word && i > open_single + 1) {
        close(open_single, i + 1);
      } else if (c == U'\'' && !prev_word && next_word && open_single == none) {
        open_single = i;
      }
    }
  }
  if (open_double != none) {
    out.push_back(ann::Quotation{open_double, cps.size(), count_words(open_double + 1, cps.size())});
  }
  std::sort(out.begin(), out.end(), [](const ann::Quotation& a, const ann::Quotation& b) { return a.start < b.start; });
  return out;
}

std::string describe(const std::vector<ann::Quotation>& quotations) {
  std::string out;
  for (const auto& q : quotations) {
    out += std::to_string(q.start) + "-" + std::to_string(q.end) + ":" + std::to_string(q.words) + " ";
  }
  return out;
}

std::vector<std::string> quotes(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& q : ann::find_quotations(text)) {
    out.push_back(std::to_string(q.start) + "-" + std::to_string(q.end) + ":" + std::to_string(q.words));
  }
  return out;
}

}  // namespace

TEST(FindQuotations, DoubleAndSingleMarksButNotApostrophes) {
  EXPECT_EQ(quotes("He said \u201Cit is over\u201D and the 'review' wasn't done; the workers' union"),
            (std::vector<std::string>{"8-20:3", "29-37:1"}));
  EXPECT_EQ(quotes("\"open quote runs on"), std::vector<std::string>{"0-19:4"});
  EXPECT_TRUE(quotes("rock 'n' roll isn't it").size() <= 1);
  EXPECT_TRUE(quotes("").empty());
  EXPECT_TRUE(quotes("no quotes at all").empty());
}

TEST(CueSet, LeftmostLongestAcrossLexiconsWithEntryMetadata) {
  ann::CueSet set;
  set.add_lexicon(ann::Lexicon{"a", "a.tsv", {{"toxic", "emotional_appeal", 0.5, "credence", 3}}});
  set.add_lexicon(ann::Lexicon{"b", "b.tsv", {{"toxic sludge", "emotional_appeal", 0.9, "credence", 7}}});
  set.build();
  const auto found = set.find("Toxic sludge and toxic air");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].lexicon->name, "b");
  EXPECT_EQ(found[0].entry->line, 7u);
  EXPECT_EQ(found[1].start, 17u);
  EXPECT_EQ(found[1].entry->text, "toxic");
  EXPECT_EQ(set.find_all("Toxic sludge").size(), 2u);
  EXPECT_EQ(ann::json_quoted("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
}

// json_quoted passes over clean text eight bytes at a time: an escape at any position of a long string,
// next to UTF-8, must still be found.
TEST(JsonQuoted, EscapesAtEveryPositionOfLongStrings) {
  auto naive = [](const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
      if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else if (c == '\b') out += "\\b";
      else if (c == '\f') out += "\\f";
      else if (c < 0x20) {
        const char* hex = "0123456789abcdef";
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
      } else {
        out += static_cast<char>(c);
      }
    }
    return out + "\"";
  };
  for (const char special : {'"', '\\', '\n', '\x01', '\x1f', '\t', '\b', '\f', ' ', '!', '\x7f'}) {
    for (std::size_t at = 0; at < 26; ++at) {
      std::string s = "caf\xC3\xA9 loaded words, \xE2\x80\x9Cquoted\xE2\x80\x9D";
      s.insert(std::min(at, s.size()), 1, special);
      EXPECT_EQ(ann::json_quoted(s), naive(s)) << at << " " << static_cast<int>(special);
    }
  }
}

// Random strings of every quotation mark (and the marks next to them in U+2018..U+201D that are not
// quotation marks), apostrophes, letters and digits of several scripts and widths, and non-word code
// points (spaces, NBSP, soft hyphen, dashes, emoji, combining accent, and # and & which the scanner
// first takes for possible quotes), long enough to cross the scanner's eight-byte steps at every offset.
TEST(FindQuotations, SameAsCodePointScannerOnRandomText) {
  const std::vector<std::string> pieces = {
      "\"", "'", "\u201C", "\u201D", "\u2018", "\u2019", "\u201A", "\u201B", "\u201E", "\u2014", "\u2013",
      "\u20AC", "\u2028", " ", " ", "\n", "\u00A0", "\u00AD", ".", ",", "-", "a", "Z", "q", "7", "\u00E9",
      "\u00DF", "\u0436", "\u0416", "\u4E2D", "\u6587", "\u0663", "\u0669", "\U0001F600", "\U0001D400",
      "\u0301", "\u00BD", "\u00B2", "\u05D0", "\u0E01", "the", "isn", "t", "words", "\u3002", "#", "&"};
  std::mt19937 rng(20261122);
  for (int round = 0; round < 20000; ++round) {
    const std::size_t length = std::uniform_int_distribution<std::size_t>(0, round % 4 == 0 ? 120 : 30)(rng);
    // Some strings draw mostly marks, some mostly text, so quotations both nest and run long.
    const bool marky = round % 3 == 0;
    std::string text;
    for (std::size_t k = 0; k < length; ++k) {
      const std::size_t pick = std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng);
      text += marky || pick < 13 || rng() % 2 == 0 ? pieces[pick] : pieces[13 + pick % (pieces.size() - 13)];
    }
    ASSERT_EQ(describe(ann::find_quotations(text)), describe(reference_quotations(text))) << "text: " << text;
  }
}

// Mostly ASCII, as news text is: words inside quotations are counted eight ASCII bytes at a time, so the
// characters next to the letter and digit ranges ('/', ':', '@', '[', '`', '{') and the ends of those
// ranges come often.
TEST(FindQuotations, SameAsCodePointScannerOnAsciiText) {
  const std::string ascii = "/09:@AZ[`az{ \t\n.,-#&~\x7F\x01mQ5";
  const std::vector<std::string> others = {"\"", "'", "\u201C", "\u201D", "\u2018", "\u2019", "\u00E9", "\u4E2D"};
  std::mt19937 rng(7);
  for (int round = 0; round < 20000; ++round) {
    const std::size_t length = std::uniform_int_distribution<std::size_t>(0, 80)(rng);
    std::string text;
    for (std::size_t k = 0; k < length; ++k) {
      if (rng() % 8 == 0) {
        text += others[rng() % others.size()];
      } else {
        text += ascii[rng() % ascii.size()];
      }
    }
    ASSERT_EQ(describe(ann::find_quotations(text)), describe(reference_quotations(text))) << "text: " << text;
  }
}

TEST(FindQuotations, MarksAtEveryOffsetOfTheEightByteSteps) {
  const std::vector<std::string> marks = {"\"", "'", "\u201C", "\u201D", "\u2018", "\u2019"};
  for (std::size_t pad = 0; pad < 20; ++pad) {
    for (const auto& open : marks) {
      for (const auto& close : marks) {
        for (const std::string inner : {"x", "ab cd", "\u4E2D \u00E9t\u00E9", "it's", ""}) {
          const std::string text = std::string(pad, 'w') + " " + open + inner + close + std::string(pad % 9, ' ') + "z";
          ASSERT_EQ(describe(ann::find_quotations(text)), describe(reference_quotations(text))) << "text: " << text;
          const std::string bare = std::string(pad, ' ') + open + inner + close;
          ASSERT_EQ(describe(ann::find_quotations(bare)), describe(reference_quotations(bare))) << "text: " << bare;
        }
      }
    }
  }
}

// Code points are counted in blocks of up to 255 eight-byte words between marks: stretches of one-, two-,
// three- and four-byte characters around and beyond that length.
TEST(FindQuotations, LongStretchesWithoutMarks) {
  const std::vector<std::string> fills = {"a", "\u00E9", "\u4E2D", "\U0001D400", "a \u00E9\u4E2D. \U0001F600"};
  for (const auto& fill : fills) {
    for (const std::size_t bytes : {2030u, 2039u, 2040u, 2041u, 2048u, 4087u, 4096u, 6000u}) {
      std::string stretch;
      while (stretch.size() + fill.size() <= bytes) stretch += fill;
      for (const std::string& text : {stretch + " \u201C" + stretch + "\u201D 'x' " + stretch,
                                     "\"" + stretch + " 'y" + stretch + "' \u2018" + stretch,
                                     stretch + "\"" + stretch}) {
        ASSERT_EQ(describe(ann::find_quotations(text)), describe(reference_quotations(text)))
            << "fill " << fill << ", " << bytes << " bytes";
      }
    }
  }
}

TEST(FindQuotations, UnclosedNestedAndApostrophes) {
  // An unclosed double mark runs to the end; an unclosed single mark is dropped; a single quotation
  // inside a double one is listed after it (by start).
  EXPECT_EQ(quotes("a \u201Cb \u2018c d\u2019 e"), (std::vector<std::string>{"2-12:4", "5-10:2"}));
  EXPECT_EQ(quotes("a 'b c"), std::vector<std::string>{});
  EXPECT_EQ(quotes("\u4E2D\"\u6587\" it's the workers' 'x'"), (std::vector<std::string>{"1-4:1", "23-26:1"}));
  EXPECT_EQ(quotes("\"\""), std::vector<std::string>{"0-2:0"});
  EXPECT_EQ(quotes("\u201C\U0001F600 \U0001D400\u201D"), std::vector<std::string>{"0-5:1"});
}
