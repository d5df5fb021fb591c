// Tests for machine_cues.hpp: the quotation scanner (apostrophes are not quotes) and cue sets.
#include "credence/annotate/machine_cues.hpp"

#include <gtest/gtest.h>

namespace ann = credence::annotate;

namespace {

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
  for (const char special : {'"', '\\', '\n', '\x01', '\x1f', '\t', ' ', '!', '\x7f'}) {
    for (std::size_t at = 0; at < 26; ++at) {
      std::string s = "caf\xC3\xA9 loaded words, \xE2\x80\x9Cquoted\xE2\x80\x9D";
      s.insert(std::min(at, s.size()), 1, special);
      EXPECT_EQ(ann::json_quoted(s), naive(s)) << at << " " << static_cast<int>(special);
    }
  }
}
