// Tests for segmentation: paragraphs from plain text and blocks, code-point offsets, ICU sentences.
#include "credence/annotate/segment.hpp"

#include <gtest/gtest.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>

#include "credence/annotate/text.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;

namespace {

using credence::testing::read_file;

bool is_edge_space(std::string_view text, bool front) {
  const std::string_view t = ann::trim(text);
  return front ? t.data() != text.data() : t.size() != text.size() - static_cast<std::size_t>(t.data() - text.data());
}

// The offset contract: text.substr(start, end) by code points is the passage text; passages are in
// order, do not overlap, carry no white space at their edges; sentences lie inside their passage.
void expect_offsets_consistent(const ann::SegmentedText& seg) {
  const ann::Utf8Index index(seg.text);
  std::size_t prev_end = 0;
  for (std::size_t i = 0; i < seg.passages.size(); ++i) {
    const ann::Passage& p = seg.passages[i];
    SCOPED_TRACE("passage " + std::to_string(i));
    EXPECT_EQ(p.index, static_cast<int>(i));
    ASSERT_LT(p.start, p.end);
    ASSERT_LE(p.end, index.size_code_points());
    EXPECT_GE(p.start, prev_end);
    EXPECT_EQ(index.slice(seg.text, p.start, p.end), p.text);
    EXPECT_FALSE(is_edge_space(p.text, true));
    EXPECT_FALSE(is_edge_space(p.text, false));
    EXPECT_GE(p.body_score, 0.0);
    EXPECT_LE(p.body_score, 1.0);
    EXPECT_EQ(p.body_score >= 0.5, p.role == ann::PassageRole::body);
    std::size_t sentence_end = p.start;
    for (const auto& s : p.sentences) {
      EXPECT_LE(sentence_end, s.start);
      EXPECT_LT(s.start, s.end);
      EXPECT_LE(s.end, p.end);
      const std::string_view st = index.slice(seg.text, s.start, s.end);
      EXPECT_EQ(ann::trim(st), st);
      sentence_end = s.end;
    }
    prev_end = p.end;
  }
}

std::vector<std::string> passage_texts(const ann::SegmentedText& seg) {
  std::vector<std::string> out;
  for (const auto& p : seg.passages) out.push_back(p.text);
  return out;
}

}  // namespace

TEST(SegmentPlain, EmptyAndBlankTextGiveNoPassages) {
  EXPECT_TRUE(ann::segment_plain("").passages.empty());
  const auto blank = ann::segment_plain("  \n\n\t\n");
  EXPECT_TRUE(blank.passages.empty());
  EXPECT_EQ(blank.text, "  \n\n\t\n");
}

TEST(SegmentPlain, BlankLinesSeparateParagraphsAndEdgesAreTrimmed) {
  const auto seg = ann::segment_plain("  The first paragraph ends here.  \n\n\n\tThe second one follows it.\t\n");
  ASSERT_EQ(seg.passages.size(), 2u);
  EXPECT_EQ(seg.passages[0].start, 2u);
  EXPECT_EQ(seg.passages[0].end, 32u);
  EXPECT_EQ(seg.passages[0].text, "The first paragraph ends here.");
  EXPECT_EQ(seg.passages[1].start, 38u);
  EXPECT_EQ(seg.passages[1].end, 64u);
  EXPECT_EQ(seg.passages[1].text, "The second one follows it.");
  expect_offsets_consistent(seg);
}

TEST(SegmentPlain, HardWrappedTextIsNotSplitAtEveryLine) {
  const auto seg = ann::segment_plain(ann::normalize_text(read_file(credence::testing::test_data("segment/hard_wrapped.txt"))));
  ASSERT_EQ(seg.passages.size(), 3u);
  EXPECT_NE(seg.passages[0].text.find('\n'), std::string::npos);
  // the first paragraph is one sentence running over three lines
  ASSERT_EQ(seg.passages[0].sentences.size(), 1u);
  EXPECT_EQ(seg.passages[0].sentences[0].start, seg.passages[0].start);
  EXPECT_EQ(seg.passages[0].sentences[0].end, seg.passages[0].end);
  EXPECT_EQ(seg.passages[1].sentences.size(), 2u);
  for (const auto& p : seg.passages) EXPECT_EQ(p.role, ann::PassageRole::body);
  expect_offsets_consistent(seg);
}

TEST(SegmentPlain, SingleLineBreaksAreParagraphBreaksWhenTheTextUsesThem) {
  const auto seg = ann::segment_plain(ann::normalize_text(read_file(credence::testing::test_data("segment/single_break.txt"))));
  ASSERT_EQ(seg.passages.size(), 5u);
  for (const auto& p : seg.passages) {
    EXPECT_EQ(p.text.find('\n'), std::string::npos);
    EXPECT_EQ(p.role, ann::PassageRole::body);
  }
  expect_offsets_consistent(seg);
}

TEST(SegmentPlain, ShortLinesWithoutSentencesStayTogether) {
  // a widget of short lines in a text that uses blank lines: one passage, not one per line
  const std::string text =
      "10 $\n20 $\n50 $\n\nThe museum reopened its east wing on Friday after a year of repairs to the roof and walls, "
      "and visitors queued along the river to see the restored ceiling paintings again.\n";
  const auto seg = ann::segment_plain(text);
  ASSERT_EQ(seg.passages.size(), 2u);
  EXPECT_EQ(seg.passages[0].text, "10 $\n20 $\n50 $");
  expect_offsets_consistent(seg);
}

TEST(SegmentPlain, ListMarkersStartNewParagraphs) {
  const auto seg = ann::segment_plain("The council listed three reasons:\n\xE2\x80\xA2 cost\n\xE2\x80\xA2 time\n- safety of the quay\n");
  EXPECT_EQ(passage_texts(seg), (std::vector<std::string>{"The council listed three reasons:", "\xE2\x80\xA2 cost",
                                                         "\xE2\x80\xA2 time", "- safety of the quay"}));
  expect_offsets_consistent(seg);
}

TEST(SegmentPlain, ParagraphSeparatorAlwaysSplitsAndLineSeparatorIsALineBreak) {
  // U+2029 ends a paragraph; U+2028 is a line break inside a hard-wrapped paragraph
  const std::string text =
      "The harbour master said the new pontoon would be ready\xE2\x80\xA8"
      "before the sailing season starts in May\xE2\x80\xA9"
      "Boats will be moved next week.";
  const auto seg = ann::segment_plain(text);
  ASSERT_EQ(seg.passages.size(), 2u);
  EXPECT_EQ(seg.passages[0].start, 0u);
  EXPECT_EQ(seg.passages[0].end, 94u);
  EXPECT_EQ(seg.passages[1].start, 95u);
  EXPECT_EQ(seg.passages[1].text, "Boats will be moved next week.");
  // the U+2028 does not end a sentence
  ASSERT_EQ(seg.passages[0].sentences.size(), 1u);
  EXPECT_EQ(seg.passages[0].sentences[0].end, 94u);
  expect_offsets_consistent(seg);
}

TEST(SegmentPlain, LineSeparatorsSplitSentenceLines) {
  const std::string text =
      "The first line of this text is a full sentence.\xE2\x80\xA8"
      "The second line is one as well.\xE2\x80\xA8The third line ends the text.";
  const auto seg = ann::segment_plain(text);
  ASSERT_EQ(seg.passages.size(), 3u);
  EXPECT_EQ(seg.passages[1].start, 48u);
  EXPECT_EQ(seg.passages[1].end, 79u);
  expect_offsets_consistent(seg);
}

TEST(SegmentPlain, OffsetsCountCodePointsWithEmojiAndCombiningCharacters) {
  // "e" + U+0301 composes under NFC; "q" + U+0307 has no composed form and stays two code points;
  // the thumbs-up with a skin tone is two astral code points
  const std::string raw =
      "Caf\x65\xCC\x81 owners \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD the new rules.\r\n\r\n"
      "The letter q\xCC\x87 is rare. It stays.";
  const std::string text = ann::normalize_text(raw);
  const auto seg = ann::segment_plain(text);
  ASSERT_EQ(seg.passages.size(), 2u);
  EXPECT_EQ(seg.passages[0].start, 0u);
  EXPECT_EQ(seg.passages[0].end, 29u);
  EXPECT_EQ(seg.passages[1].start, 31u);
  EXPECT_EQ(seg.passages[1].end, 31u + 32u);
  ASSERT_EQ(seg.passages[1].sentences.size(), 2u);
  EXPECT_EQ(seg.passages[1].sentences[0].start, 31u);
  EXPECT_EQ(seg.passages[1].sentences[0].end, 31u + 22u);
  EXPECT_EQ(seg.passages[1].sentences[1].start, 31u + 23u);
  expect_offsets_consistent(seg);
}

TEST(SegmentPlain, EveryFixtureKeepsTheOffsetContract) {
  for (const char* name : {"plain_news.txt", "single_break.txt", "hard_wrapped.txt"}) {
    SCOPED_TRACE(name);
    const auto seg = ann::segment_plain(ann::normalize_text(read_file(credence::testing::test_data(std::string("segment/") + name))));
    EXPECT_FALSE(seg.passages.empty());
    expect_offsets_consistent(seg);
  }
}

TEST(SplitSentences, SplitsWithIcuAndSkipsAbbreviations) {
  const std::string text = "Mr. Holm arrived at noon. Did he stay? He left!";
  const auto spans = ann::split_sentences(text, 0, ann::code_point_count(text));
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0].start, 0u);
  EXPECT_EQ(spans[0].end, 25u);
  EXPECT_EQ(spans[1].start, 26u);
  EXPECT_EQ(spans[1].end, 38u);
  EXPECT_EQ(spans[2].start, 39u);
  EXPECT_EQ(spans[2].end, 47u);
}

TEST(SplitSentences, RangeInsideTextGivesArticleOffsets) {
  const std::string text = "\xC3\x84rger. \xC3\x9C ber alles. Rest";  // "Ärger. Ü ber alles. Rest"
  const auto spans = ann::split_sentences(text, 7, 19);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].start, 7u);
  EXPECT_EQ(spans[0].end, 19u);
  EXPECT_TRUE(ann::split_sentences(text, 5, 5).empty());
  EXPECT_TRUE(ann::split_sentences("   ", 0, 3).empty());
  const auto symbols = ann::split_sentences("* * *", 0, 5);
  EXPECT_EQ(symbols.size(), 1u);
}

TEST(SegmentBlocks, JoinsBlocksWithBlankLinesAndSkipsEmptyOnes) {
  std::vector<ann::SourceBlock> blocks(4);
  blocks[0].text = "Ferry Strike Ends";
  blocks[0].tag = "h1";
  blocks[1].text = "   ";
  blocks[2].text = "Crews returned to work on Monday after the union accepted a new offer from the operator.";
  blocks[2].tag = "p";
  blocks[3].text = "First part of a raw body.\n\nSecond part after a blank line.";
  blocks[3].tag = "p";
  const auto seg = ann::segment_blocks(blocks);
  EXPECT_EQ(seg.text.substr(0, 19), "Ferry Strike Ends\n\n");
  ASSERT_EQ(seg.passages.size(), 4u);
  EXPECT_EQ(seg.passages[0].start, 0u);
  EXPECT_EQ(seg.passages[0].end, 17u);
  EXPECT_EQ(seg.passages[1].start, 19u);
  EXPECT_EQ(seg.passages[2].text, "First part of a raw body.");
  EXPECT_EQ(seg.passages[3].text, "Second part after a blank line.");
  EXPECT_EQ(seg.passages[0].role, ann::PassageRole::title);
  expect_offsets_consistent(seg);
  EXPECT_TRUE(ann::segment_blocks({}).passages.empty());
}

namespace {

// segment_plain's paragraphs as the per-code-point line scanner found them before split_lines took
// each line whole: the reference for the randomised test below.
struct RefLine {
  std::size_t cp_begin = 0, cp_end = 0;
  bool blank = true, para_break_after = false, ends_sentence = false, bullet = false;
};

std::vector<RefLine> reference_lines(std::string_view text) {
  auto space = [](UChar32 c) {
    if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
    return static_cast<bool>(u_isUWhiteSpace(c)) || c == 0x200B || c == 0xFEFF;
  };
  auto line_break = [](UChar32 c) { return c == '\n' || c == 0x2028 || c == 0x85 || c == '\v'; };
  auto para_break = [](UChar32 c) { return c == 0x2029 || c == '\f'; };
  auto end_cp = [](UChar32 c) {
    return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xFF01 || c == 0xFF1F;
  };
  auto closing = [](UChar32 c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x2019 || c == 0x201D || c == 0x00BB || c == '*';
  };
  std::vector<RefLine> lines;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  std::size_t cp = 0;
  RefLine cur;
  UChar32 last = 0, before_last = 0;
  int visible = 0;
  UChar32 first[4] = {0, 0, 0, 0};
  auto finish = [&](bool para) {
    cur.para_break_after = para;
    if (!cur.blank) {
      cur.ends_sentence = end_cp(last) || (closing(last) && end_cp(before_last));
      const UChar32 a = first[0], b = first[1], c = first[2], d = first[3];
      auto digit = [](UChar32 x) { return x >= '0' && x <= '9'; };
      cur.bullet = a == 0x2022 || a == 0x25E6 || a == 0x25AA || a == 0x2023 || a == 0x00B7 || a == 0x25CF ||
                   a == 0x25A0 || a == 0x2043 || ((a == '-' || a == '*' || a == 0x2013) && (b == ' ' || b == '\t')) ||
                   (digit(a) && (b == '.' || b == ')') && c == ' ') ||
                   (digit(a) && digit(b) && (c == '.' || c == ')') && d == ' ');
    }
    lines.push_back(cur);
    cur = RefLine{};
    last = before_last = 0;
    visible = 0;
    first[0] = first[1] = first[2] = first[3] = 0;
  };
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (line_break(c) || para_break(c)) {
      finish(para_break(c));
      ++cp;
      continue;
    }
    const bool sp = space(c);
    if (visible < 4 && (!cur.blank || !sp)) first[visible++] = c;
    if (!sp) {
      if (cur.blank) cur.cp_begin = cp;
      cur.blank = false;
      cur.cp_end = cp + 1;
      before_last = last;
      last = c;
    }
    ++cp;
  }
  finish(false);
  return lines;
}

std::vector<std::pair<std::size_t, std::size_t>> reference_paragraphs(std::string_view text) {
  const std::vector<RefLine> lines = reference_lines(text);
  std::size_t joins = 0, long_lines = 0, sentence_ends = 0, wraps = 0;
  for (std::size_t idx = 0; idx + 1 < lines.size(); ++idx) {
    const RefLine& a = lines[idx];
    if (a.blank || lines[idx + 1].blank || a.para_break_after) continue;
    ++joins;
    const std::size_t len = a.cp_end - a.cp_begin;
    if (len > 110) ++long_lines;
    if (a.ends_sentence) ++sentence_ends;
    else if (len >= 30 && len <= 110) ++wraps;
  }
  const bool single = joins > 0 && (long_lines * 2 >= joins ||
                                    ((long_lines + sentence_ends) * 4 >= joins * 3 && wraps * 5 < joins));
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t first = lines.size();
  for (std::size_t idx = 0; idx <= lines.size(); ++idx) {
    const bool cut = idx == lines.size() || lines[idx].blank ||
                     (first != lines.size() && (single || lines[idx].bullet || lines[idx - 1].para_break_after));
    if (cut && first != lines.size()) {
      std::size_t last = idx - 1;
      while (lines[last].blank) --last;
      out.emplace_back(lines[first].cp_begin, lines[last].cp_end);
      first = lines.size();
    }
    if (idx < lines.size() && !lines[idx].blank && first == lines.size()) first = idx;
  }
  return out;
}

}  // namespace

// Random texts from line-level pieces (every line and paragraph break, white space of each kind,
// list markers, sentence ends with closers, long and short lines, ill-formed UTF-8 now and then):
// the passages must be those the per-code-point scanner gave.
TEST(SegmentPlain, RandomTextsGiveTheReferenceParagraphs) {
  const std::vector<std::string> pieces = {
      "a", "Word", "the end.", "A sentence that ends here.", " ", "  ", "\t", "\n", "\n", "\n\n", "\v", "\f",
      "\r", "\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xC2\xA0", "\xE2\x80\x83", "\xE2\x80\x8B",
      "\xEF\xBB\xBF", "- ", "* ", "1. ", "12) ", "3.", "\xE2\x80\xA2", "\xC2\xB7", "\xE2\x80\x93 ", "\"", "'", ")",
      "\xE2\x80\x9D", "\xC2\xBB", "!", "?", "\xE2\x80\xA6", "\xE3\x80\x82", "\xC3\xA9", "\xF0\x9F\x98\x80",
      "\xCC\x81", "x", "1", "22",
      "This line is long enough to count as a wrapped line of running text in an article body",
      "and this one is even longer, long enough that nobody would hard-wrap a line at this length in a text."};
  // (split_lines finds line feeds and non-ASCII bytes in one scan: a sequence cut short by a line feed
  // must still send the text to the decoding scanner)
  const std::vector<std::string> ill_formed = {"\x80", "\xC3", "\xE2\x80", "\xFF", "\xC3\n", "\xE2\x80\n", "\xF0\x9F\n"};
  std::mt19937 rng(9001);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1), pick_bad(0, ill_formed.size() - 1);
  std::uniform_int_distribution<int> length(1, 30), coin(0, 15);
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    const bool bad = coin(rng) == 0;
    for (int k = length(rng); k > 0; --k) text += bad && coin(rng) < 2 ? ill_formed[pick_bad(rng)] : pieces[pick(rng)];
    const auto seg = ann::segment_plain(text);
    std::vector<std::pair<std::size_t, std::size_t>> got;
    for (const auto& p : seg.passages) got.emplace_back(p.start, p.end);
    ASSERT_EQ(got, reference_paragraphs(text)) << ::testing::PrintToString(text);
  }
}

TEST(SegmentPlain, PassageSentencesEqualSplitSentencesOfTheirRange) {
  // segment_plain tells the splitter a passage's code points (an ASCII passage then counts bytes);
  // split_sentences on the same range does not: both give the same sentences
  std::mt19937_64 rng(29);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  static const char* pieces[] = {"Mr. Smith", "said", "the", "U.S.", "plan", "works", ".", "!", "?", "\"", ")", " ", " ",
                                 "  ", "\n", "\n\n", "e.g.", "No.", "3.5", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xC3\xA9",
                                 "\xE2\x80\xA6", "\xC2\xA0", "\xF0\x9F\x98\xB1", "- ", "1. ", "\xE2\x80\x94"};
  for (int k = 0; k < 3000; ++k) {
    std::string text;
    const bool ascii_only = uniform(0, 1) == 0;
    for (int t = uniform(1, 80); t > 0; --t) {
      text += pieces[uniform(0, ascii_only ? 18 : static_cast<int>(std::size(pieces)) - 1)];
      if (uniform(0, 2) == 0) text += ' ';
    }
    SCOPED_TRACE(text);
    const ann::SegmentedText seg = ann::segment_plain(ann::normalize_text(text));
    for (const auto& p : seg.passages) {
      const std::vector<ann::SentenceSpan> expected = ann::split_sentences(seg.text, p.start, p.end);
      ASSERT_EQ(p.sentences.size(), expected.size());
      for (std::size_t s = 0; s < expected.size(); ++s) {
        EXPECT_EQ(p.sentences[s].start, expected[s].start);
        EXPECT_EQ(p.sentences[s].end, expected[s].end);
      }
    }
    if (HasFailure()) return;
  }
}
