// Tests for text.hpp: UTF-8 validation, normalisation, code-point and UTF-16 indexing, SHA-256.
#include "credence/annotate/text.hpp"

#include <gtest/gtest.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <cstdint>

namespace ann = credence::annotate;

TEST(Utf8, FindsFirstInvalidByte) {
  EXPECT_FALSE(ann::find_invalid_utf8("plain ascii").has_value());
  EXPECT_FALSE(ann::find_invalid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80").has_value());
  EXPECT_EQ(ann::find_invalid_utf8("ab\xFF" "cd"), 2u);
  EXPECT_EQ(ann::find_invalid_utf8("ab\xC0\xAF"), 2u);          // overlong '/'
  EXPECT_EQ(ann::find_invalid_utf8("x\xED\xA0\x80"), 1u);       // surrogate
  EXPECT_EQ(ann::find_invalid_utf8("xyz\xE2\x82"), 3u);         // truncated
  EXPECT_EQ(ann::find_invalid_utf8("\xF4\x90\x80\x80"), 0u);    // above U+10FFFF
}

TEST(Normalize, StripsBomAndUnifiesLineEnds) {
  EXPECT_EQ(ann::normalize_text("\xEF\xBB\xBF" "a\r\nb\rc\n"), "a\nb\nc\n");
  EXPECT_EQ(ann::normalize_text("\r\r\n"), "\n\n");
  EXPECT_EQ(ann::normalize_text(""), "");
}

TEST(Normalize, AppliesNfc) {
  EXPECT_EQ(ann::normalize_text("e\xCC\x81"), "\xC3\xA9");  // e + combining acute -> é
  EXPECT_EQ(ann::code_point_count(ann::normalize_text("re\xCC\x81sume\xCC\x81")), 6u);
}

TEST(Normalize, KeepsLineSeparatorAsOneCodePoint) {
  const auto text = ann::normalize_text("a\xE2\x80\xA8" "b");
  EXPECT_EQ(ann::code_point_count(text), 3u);
}

TEST(Utf8Index, MapsCodePointsBytesAndUtf16) {
  const std::string text = "a\xC3\xA9\xF0\x9F\x98\x80z";  // a é 😀 z
  ann::Utf8Index index(text);
  EXPECT_EQ(index.size_code_points(), 4u);
  EXPECT_EQ(index.byte_of(2), 3u);
  EXPECT_EQ(index.byte_of(4), text.size());
  EXPECT_EQ(index.cp_of(4), 2u);  // inside the emoji
  EXPECT_EQ(index.utf16_of(3), 4u);  // emoji counts two UTF-16 units
  EXPECT_EQ(index.cp_of_utf16(4), 3u);
  EXPECT_FALSE(index.cp_of_utf16(3).has_value());  // between the surrogates
  EXPECT_EQ(index.slice(text, 1, 3), "\xC3\xA9\xF0\x9F\x98\x80");
}

TEST(Utf8, RoundTripsThroughUtf32) {
  const std::string text = "x\xC3\xA9\xF0\x9F\x98\x80";
  EXPECT_EQ(ann::from_u32(ann::to_u32(text)), text);
  EXPECT_EQ(ann::to_u32(text).size(), 3u);
}

TEST(Sha256, MatchesFipsVectors) {
  EXPECT_EQ(ann::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ann::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ann::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Trim, RemovesUnicodeSpaces) {
  EXPECT_EQ(ann::trim("  \xC2\xA0text\xE2\x80\xA8 \n"), "text");
  EXPECT_EQ(ann::trim(""), "");
  EXPECT_EQ(ann::trim(" \t "), "");
}

TEST(Words, CountsWordsNotPunctuation) {
  EXPECT_EQ(ann::count_words("The council met, on Tuesday: 7 members!"), 7u);
  EXPECT_EQ(ann::count_words(""), 0u);
  EXPECT_EQ(ann::count_words("... --- !!!"), 0u);
}

TEST(Binary, DetectsNulAndControlBytes) {
  EXPECT_TRUE(ann::looks_binary(std::string("ab\0cd", 5)));
  EXPECT_FALSE(ann::looks_binary("normal text\nwith lines\r\n"));
}

// The sixteen- and eight-bytes-at-a-time ASCII paths must report the same byte as a byte-by-byte check,
// wherever the bad byte falls relative to their steps.
TEST(Utf8, FindsInvalidByteAfterAsciiRunsAtEveryAlignment) {
  for (std::size_t prefix = 0; prefix < 40; ++prefix) {
    const std::string ascii(prefix, 'a');
    EXPECT_EQ(ann::find_invalid_utf8(ascii + "\xFF" + "bcdefghijk"), prefix);
    EXPECT_EQ(ann::find_invalid_utf8(ascii + "\xC3"), prefix);                   // truncated at the end
    EXPECT_EQ(ann::find_invalid_utf8(ascii + "\xE2\x80" + "abcdefgh"), prefix);  // truncated inside
    EXPECT_EQ(ann::find_invalid_utf8(ascii + "\xC3\xA9" + std::string(9, 'z')), std::nullopt);
  }
}

// to_nfc skips ICU for text made of code points ICU calls inert; every other code point of the Basic
// Multilingual Plane, in contexts where it could compose or reorder, must come out as ICU's NFC does.
TEST(Normalize, NfcShortcutAgreesWithIcuForEveryBmpCodePoint) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  auto icu_nfc = [&](const std::string& s) {
    std::string out;
    icu::StringByteSink<std::string> sink(&out);
    UErrorCode st = U_ZERO_ERROR;
    nfc->normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink, nullptr, st);
    EXPECT_TRUE(U_SUCCESS(st));
    return out;
  };
  for (char32_t c = 0x80; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    const std::string cp = ann::from_u32(std::u32string(1, c));
    for (const std::string& s : {"x" + cp + "y", "e" + cp, cp + "\xCC\x81", "\xE2\x80\x9C" + cp + "\xE2\x80\x9D"}) {
      ASSERT_EQ(ann::to_nfc(s), icu_nfc(s)) << "U+" << std::hex << static_cast<std::uint32_t>(c);
    }
  }
  EXPECT_EQ(ann::to_nfc("\xE2\x80\x9C" "Cafe\xCC\x81" "\xE2\x80\x9D"), "\xE2\x80\x9C" "Caf\xC3\xA9" "\xE2\x80\x9D");
  // a character that needs ICU after runs of ASCII of every length (the shortcut skips ASCII in steps)
  for (std::size_t prefix = 0; prefix < 40; ++prefix) {
    const std::string ascii(prefix, 'e');
    for (const std::string& s : {ascii + "\xCC\x81" + "tail", ascii + "\xC3\xA9" + ascii + "e\xCC\x81",
                                 ascii + "\xE2\x80\x80", ascii + "\xF0\x9D\x85\x9E" + "x", ascii + "\xC3\xA9"}) {
      EXPECT_EQ(ann::to_nfc(s), icu_nfc(s)) << prefix;
    }
  }
  EXPECT_EQ(ann::to_nfc("a\xE2\x80\x80" "b"), "a\xE2\x80\x82" "b");  // U+2000 is canonically U+2002
}

// code_point_count counts eight bytes at a time: every length and mix of one- to four-byte characters
// must give the count of lead bytes.
TEST(Utf8, CodePointCountAtEveryLengthAndMix) {
  const std::string pieces[] = {"a", "\xC3\xA9", "\xE2\x80\x9C", "\xF0\x9F\x93\xB0", " "};
  std::string text;
  std::size_t expected = 0;
  for (int k = 0; k < 300; ++k) {
    EXPECT_EQ(ann::code_point_count(text), expected) << text.size();
    text += pieces[(k * 7 + k / 5) % 5];
    ++expected;
  }
  EXPECT_EQ(ann::code_point_count(""), 0u);
}
