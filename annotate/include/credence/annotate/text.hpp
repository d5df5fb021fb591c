// Text handling shared by every importer: UTF-8 checks, the one normalisation, code-point offsets.
//
// The stored text of an article is "normalised": a leading BOM removed, CRLF and lone CR turned
// into LF, and Unicode NFC applied. Every offset in credence is a code point into that text,
// end exclusive. U+2028/U+2029 are kept (one code point each) and treated as line breaks.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credence::annotate {

// Byte offset of the first invalid UTF-8 sequence (overlong, surrogate, truncated), or nullopt.
std::optional<std::size_t> find_invalid_utf8(std::string_view bytes);

// True when the bytes look binary (NUL bytes, or a high share of control characters).
bool looks_binary(std::string_view bytes);

// BOM strip, CRLF/CR -> LF, NFC. Input must be valid UTF-8 (check with find_invalid_utf8 first).
std::string normalize_text(std::string_view utf8);

// CRLF/CR -> LF and NFC, keeping a leading BOM: the normalisation of a piece of a text (a label's
// quoted text, a sentence of a foreign format).
std::string normalize_fragment(std::string_view utf8);

// NFC only (no line-end changes); empty input gives empty output.
std::string to_nfc(std::string_view utf8);

// Appends the rest of `in` to `out`; false on a read error. (istream::read, not `buffer << in.rdbuf()`,
// which hides a failing read() behind a short, often empty, text.)
bool read_stream(std::istream& in, std::string& out);

inline constexpr std::array<bool, 128> k_ascii_alnum_table = [] {
  std::array<bool, 128> table{};
  for (std::size_t c = 0; c < 128; ++c) {
    table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  return table;
}();
// An ASCII letter or digit (a table look-up: the hot loops test every character); false for every other
// value, including bytes from 0x80 up passed as a negative char.
constexpr bool is_ascii_alnum(char32_t c) { return c < 128 && k_ascii_alnum_table[c]; }

// Number of code points in valid UTF-8.
std::size_t code_point_count(std::string_view utf8);

// Decodes valid UTF-8 into code points.
std::u32string to_u32(std::string_view utf8);
// The same into `out` (its capacity is reused: no allocation once it is large enough).
void to_u32(std::string_view utf8, std::u32string& out);
std::string from_u32(std::u32string_view text);

// Maps code-point offsets to byte offsets (and back) in one UTF-8 string; O(1) lookups.
class Utf8Index {
 public:
  explicit Utf8Index(std::string_view utf8);
  [[nodiscard]] std::size_t size_code_points() const { return byte_of_cp_.size() - 1; }
  // Byte offset of code point `cp`; cp == size_code_points() gives the byte length.
  [[nodiscard]] std::size_t byte_of(std::size_t cp) const { return byte_of_cp_.at(cp); }
  // Code point containing byte `byte` (a byte inside a sequence maps to its code point).
  [[nodiscard]] std::size_t cp_of(std::size_t byte) const;
  // UTF-16 code unit offset of code point `cp` (astral characters count two).
  [[nodiscard]] std::size_t utf16_of(std::size_t cp) const { return utf16_of_cp_.at(cp); }
  // Code point at UTF-16 offset `unit`, or nullopt when `unit` falls inside a surrogate pair.
  [[nodiscard]] std::optional<std::size_t> cp_of_utf16(std::size_t unit) const;
  // Substring by code points [start, end); clamps nothing: requires start <= end <= size.
  [[nodiscard]] std::string_view slice(std::string_view utf8, std::size_t start, std::size_t end) const;

 private:
  std::vector<std::size_t> byte_of_cp_;
  std::vector<std::size_t> utf16_of_cp_;
};

// Lower-case hex SHA-256 of the bytes (the content hash of an article's normalised text).
std::string sha256_hex(std::string_view bytes);

// Trims ASCII and Unicode white space at both ends (byte-wise safe for UTF-8).
std::string_view trim(std::string_view text);

// Number of words (ICU word-break "word" segments with letters or digits).
std::size_t count_words(std::string_view utf8);

}  // namespace credence::annotate
