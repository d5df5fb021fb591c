// Tests for segmentation: paragraphs from plain text and blocks, code-point offsets, ICU sentences.
#include "credence/annotate/segment.hpp"

#include <gtest/gtest.h>

#include <fstream>
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
