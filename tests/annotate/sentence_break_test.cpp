// Tests for sentence_break.cpp against ICU's own "en@ss=standard" sentence iterator: fixed cases for
// the UAX #29 rules and the abbreviation filter, and a randomised differential test (fixed seed).
#include "credence/annotate/sentence_break.hpp"

#include <gtest/gtest.h>
#include <unicode/brkiter.h>
#include <unicode/udata.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "credence/annotate/segment.hpp"
#include "credence/annotate/text.hpp"

namespace ann = credence::annotate;

namespace {

// The reference: ICU's iterator over the text with line breaks read as spaces, as segment.cpp used
// it before sentence_break.cpp.
class IcuOracle {
 public:
  IcuOracle() {
    UErrorCode status = U_ZERO_ERROR;
    iter_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
    if (U_FAILURE(status)) iter_.reset();
  }
  bool ready() const { return iter_ != nullptr; }

  icu::UnicodeString prepared(const std::string& text) const {
    icu::UnicodeString buf = icu::UnicodeString::fromUTF8(text);
    for (int32_t k = 0; k < buf.length(); ++k) {
      const char16_t u = buf.charAt(k);
      if (u == u'\n' || u == 0x2028 || u == 0x2029 || u == 0x85 || u == u'\v' || u == u'\f') buf.setCharAt(k, u' ');
    }
    return buf;
  }

  // Break offsets in bytes of well-formed UTF-8 `text`, ending with text.size().
  std::vector<std::size_t> breaks(const std::string& text) {
    std::vector<std::size_t> out;
    if (text.empty()) return out;
    const icu::UnicodeString buf = prepared(text);
    const icu::UnicodeString original = icu::UnicodeString::fromUTF8(text);
    iter_->setText(buf);
    int32_t unit = 0;
    std::size_t byte = 0;
    iter_->first();
    for (int32_t b = iter_->next(); b != icu::BreakIterator::DONE; b = iter_->next()) {
      while (unit < b) {
        UChar32 c;
        U16_NEXT(original.getBuffer(), unit, original.length(), c);
        byte += static_cast<std::size_t>(U8_LENGTH(c));
      }
      out.push_back(byte);
    }
    return out;
  }

  // Sentence spans exactly as segment.cpp computed them with ICU: trimmed, in code points.
  std::vector<ann::SentenceSpan> spans(const std::string& text) {
    std::vector<ann::SentenceSpan> out;
    if (text.empty()) return out;
    const icu::UnicodeString buf = prepared(text);
    iter_->setText(buf);
    const char16_t* s = buf.getBuffer();
    auto space = [](UChar32 c) {
      if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
      return static_cast<bool>(u_isUWhiteSpace(c)) || c == 0x200B || c == 0xFEFF;
    };
    int32_t prev = iter_->first();
    std::size_t prev_cp = 0;
    for (int32_t b = iter_->next(); b != icu::BreakIterator::DONE; b = iter_->next()) {
      std::size_t seg_cps = 0;
      for (int32_t k = prev; k < b; ++k) seg_cps += !U16_IS_TRAIL(s[k]);
      int32_t lo = prev;
      std::size_t lo_cp = prev_cp;
      while (lo < b) {
        int32_t k = lo;
        UChar32 c;
        U16_NEXT(s, k, b, c);
        if (!space(c)) break;
        lo = k;
        ++lo_cp;
      }
      int32_t hi = b;
      std::size_t hi_cp = prev_cp + seg_cps;
      while (hi > lo) {
        int32_t k = hi;
        UChar32 c;
        U16_PREV(s, lo, k, c);
        if (!space(c)) break;
        hi = k;
        --hi_cp;
      }
      if (hi > lo) out.push_back({lo_cp, hi_cp});
      prev = b;
      prev_cp += seg_cps;
    }
    return out;
  }

 private:
  std::unique_ptr<icu::BreakIterator> iter_;
};

std::vector<std::string> exception_list() {
  std::vector<std::string> out;
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* root = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", "en", &status);
  UResourceBundle* exceptions = ures_getByKey(root, "exceptions", nullptr, &status);
  UResourceBundle* list = ures_getByKey(exceptions, "SentenceBreak", nullptr, &status);
  for (int32_t i = 0; U_SUCCESS(status) && i < ures_getSize(list); ++i) {
    int32_t length = 0;
    const UChar* s = ures_getStringByIndex(list, i, &length, &status);
    std::string utf8;
    if (U_SUCCESS(status)) out.push_back(icu::UnicodeString(s, length).toUTF8String(utf8));
  }
  ures_close(list);
  ures_close(exceptions);
  ures_close(root);
  return out;
}

std::vector<std::size_t> fast_breaks(const std::string& text) {
  std::vector<std::size_t> out;
  EXPECT_TRUE(ann::sentence_breaks(text, out)) << text;
  return out;
}

std::string spans_text(const std::vector<ann::SentenceSpan>& spans) {
  std::string out;
  for (const auto& s : spans) out += "[" + std::to_string(s.start) + "," + std::to_string(s.end) + ")";
  return out;
}

}  // namespace

TEST(SentenceBreak, TheExceptionListIsThere) {
  const auto list = exception_list();
  EXPECT_GT(list.size(), 50u);
  std::vector<std::size_t> breaks;
  EXPECT_TRUE(ann::sentence_breaks("Mr. Smith left.", breaks));
}

TEST(SentenceBreak, FixedCasesMatchIcu) {
  IcuOracle icu;
  ASSERT_TRUE(icu.ready());
  const char* cases[] = {
      "Mr. Smith went to Washington. He arrived on time.",
      "He lives in the U.S. He works in the U.S. Army.",
      "Lt. Dan met Lt.Cdr. Jones. They spoke.",
      "XMr. Smith and Mr.  Smith and Mr.\tSmith and Mr.\nSmith.",
      "It cost 3.5 million. That is a lot... isn't it?! Yes.",
      "\"Stop.\" She left. (Really.) Then? Nothing!",
      "He said \u201CGo.\u201D Then he went. \u00BBNein.\u00AB Ok.",
      "J. R. R. Tolkien wrote it. e.g. this one. etc. and so on.",
      "The end.\u2029Next para.\u2028Next line.\u0085Another.\vOne\fmore.",
      "\u65E5\u672C\u8A9E\u3002\u6587\u7AE0\uFF01\u672C\u5F53\uFF1F\u306F\u3044\u3002",
      "Caf\u00E9. \u00C9cole. \u00E9t\u00E9. A\u0301. b\u200D. C\u200B. D\u00AD. E\uFEFF.",
      "Wave \U0001F44B\U0001F3FD. Family \U0001F468\u200D\U0001F469\u200D\U0001F467. Done.",
      "a.b. A.B. 1.B. a.5 a. 5 apples. a. (The end.)",
      "Ph.D. Smith. Ph.D. student. S.p.A. Company. U.S.A. Now. D.C. Today.",
      ". Leading dot. \u0301. Leading mark.",
      "Trailing space. ",
      "No terminator at all",
      "Mr.",
      "Mr. ",
      "U.",
      "Hi.\u00A0There. Hi.\u2002There.",
  };
  for (const char* c : cases) {
    SCOPED_TRACE(c);
    EXPECT_EQ(fast_breaks(c), icu.breaks(c));
  }
}

TEST(SentenceBreak, CarriageReturnsAndIllFormedTextAreLeftToIcu) {
  std::vector<std::size_t> breaks;
  EXPECT_FALSE(ann::sentence_breaks("One.\r\nTwo.", breaks));
  EXPECT_FALSE(ann::sentence_breaks("One. \xC3(Two.", breaks));
  EXPECT_FALSE(ann::sentence_breaks("One. \xE2\x80", breaks));
  // split_sentences() still gives ICU's answer for them.
  IcuOracle icu;
  for (const std::string text : {"One.\r\nTwo. Three.", "Mr.\rSmith. Again."}) {
    EXPECT_EQ(spans_text(ann::split_sentences(text, 0, ann::code_point_count(text))), spans_text(icu.spans(text)));
  }
}

namespace {

// Breaks and trimmed spans of `text` as ICU's iterator gives them (a failure is reported here).
bool same_as_icu(IcuOracle& icu, const std::string& text) {
  std::vector<std::size_t> breaks;
  if (!ann::sentence_breaks(text, breaks)) {
    ADD_FAILURE() << "no breaks for [" << text << "]";
    return false;
  }
  const auto expected = icu.breaks(text);
  if (breaks != expected) {
    ADD_FAILURE() << "breaks differ for [" << text << "]: " << ::testing::PrintToString(breaks) << " vs ICU "
                  << ::testing::PrintToString(expected);
    return false;
  }
  const auto spans = ann::split_sentences(text, 0, ann::code_point_count(text));
  if (spans_text(spans) != spans_text(icu.spans(text))) {
    ADD_FAILURE() << "spans differ for [" << text << "]";
    return false;
  }
  return true;
}

}  // namespace

// Random texts from pieces chosen to meet every rule and the filter's corners; each is split by
// both and must give the same breaks, and split_sentences() the same spans as the ICU path did.
TEST(SentenceBreak, RandomTextsMatchIcu) {
  IcuOracle icu;
  ASSERT_TRUE(icu.ready());
  std::vector<std::string> pieces = {
      // terminators, closers, openers
      ".", ".", ".", "!", "?", "?!", "...", "\u2026", "\u2024", "\uFF0E", "\u3002", "\uFF01", "\uFF1F",
      "\u0589", "\u061F", "\u0964", "\"", "'", ")", "]", "}", "(", "[", "\u201C", "\u201D", "\u2018",
      "\u2019", "\u00AB", "\u00BB", "*",
      // spaces and line breaks (read as spaces)
      " ", " ", " ", " ", "  ", "\t", "\u00A0", "\u2002", "\u3000", "\n", "\v", "\f", "\u2028", "\u2029",
      "\u0085", "\n\n",
      // words in every case, initials, numbers
      "the", "a", "word", "Smith", "The", "A", "B", "J", "R", "WORD", "x", "s", "S", "U", "D", "e",
      "J. R. R.", "3.5", "42", "1", "2024", "\u0663", "\u00E9", "\u00C9cole", "\u00DF", "\u03A9",
      "\u03C9", "\u0434", "\u0414", "\u65E5\u672C", "\u0627\u0644", "\u05D0", "\u0E01",
      // SContinue and other punctuation
      ",", ";", ":", "-", "\u2014", "\u2013", "\uFE50", "/", "&", "%", "$",
      // combining, joiners, format characters, emoji
      "\u0301", "\u0308", "\u200D", "\u200C", "\u200B", "\uFEFF", "\u00AD", "\u2060",
      "\U0001F600", "\U0001F44D\U0001F3FD", "\U0001F468\u200D\U0001F469", "\u2764\uFE0F",
      // multi-dot forms and their parts
      "U.S.", "U.S.A.", "U.S.C.", "U.", "S.", "Ph.D.", "Ph.", "Lt.", "Lt.Cdr.", "S.p.A.", "a.m.", "p.m.",
      "e.g.", "i.e.", "Hon.B.A.", "M.I.T.", "etc.",
  };
  for (const std::string& e : exception_list()) {
    pieces.push_back(e);
    std::string lower = e, upper = e;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    pieces.push_back(lower);
    pieces.push_back(upper);
    pieces.push_back("X" + e);
  }
  std::mt19937 rng(20261122);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 24);
  int failures = 0;
  for (int round = 0; round < 30000 && failures < 10; ++round) {
    std::string text;
    for (int k = length(rng); k > 0; --k) text += pieces[pick(rng)];
    if (!same_as_icu(icu, text)) ++failures;
  }
}

// Random code points: one of each Sentence_Break class's usual members, or any scalar value (the
// characters beyond the ASCII and first-planes table), to meet the rules in every order.
TEST(SentenceBreak, RandomCodePointsMatchIcu) {
  IcuOracle icu;
  ASSERT_TRUE(icu.ready());
  const std::vector<UChar32> common = {'.', '.', '!', '?', ' ', ' ', '\t', '\n', 0xA0, '"', ')', '(', 0x201D,
                                       'a', 'b', 'A', 'B', 'M', 'r', 'S', 'U', '1', ',', ':', '-', 0x0301,
                                       0x200D, 0x00AD, 0x3002, 0x2026, 0x00E9, 0x05D0, 0x1F600, 0xFF0E};
  std::mt19937 rng(4711);
  std::uniform_int_distribution<std::size_t> pick(0, common.size() - 1);
  std::uniform_int_distribution<UChar32> any(0x20, 0x10FFFF);
  std::uniform_int_distribution<int> length(1, 40), coin(0, 3);
  int failures = 0;
  for (int round = 0; round < 30000 && failures < 10; ++round) {
    std::string text;
    for (int k = length(rng); k > 0; --k) {
      UChar32 c = coin(rng) == 0 ? any(rng) : common[pick(rng)];
      if (U_IS_SURROGATE(c)) c = 'x';
      char buf[4];
      int32_t n = 0;
      U8_APPEND_UNSAFE(buf, n, c);
      text.append(buf, static_cast<std::size_t>(n));
    }
    if (!same_as_icu(icu, text)) ++failures;
  }
}

// The scan for terminators takes the last bytes of a text as the sixteen that end it: a terminator
// (or a character to decode) at every distance from the end of texts of every length.
TEST(SentenceBreak, TerminatorsNearTheEndMatchIcu) {
  IcuOracle icu;
  ASSERT_TRUE(icu.ready());
  int failures = 0;
  for (const std::string mark : {". Next", "! a", "? B", ".", "\xE2\x80\xA6 X", "\xC3\xA9. Y", ".\nZ", ". 3"}) {
    for (std::size_t before = 0; before < 40 && failures < 10; ++before) {
      for (std::size_t after = 0; after < 20 && failures < 10; ++after) {
        std::string text = "Word";
        text.append(before, 'a').append(mark).append(after, 'b');
        if (!same_as_icu(icu, text)) ++failures;
      }
    }
  }
}
