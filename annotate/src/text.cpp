// UTF-8 validation, normalisation (BOM, line ends, NFC), code-point indexing and the content hash.
#include "credence/annotate/text.hpp"

#include <openssl/evp.h>
#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include "byte_scan.hpp"

namespace credence::annotate {

namespace {

// Returns the length of the valid sequence at `i`, or 0 if invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  auto cont = [&](std::size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xE0 && b1 < 0xA0) return 0;   // overlong
    if (b0 == 0xED && b1 >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xF0 && b1 < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && b1 >= 0x90) return 0; // > U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t i = 0;
  while ((i = find_mark_or_non_ascii<>(s, i, bytes.size())) < bytes.size()) {
    const auto n = utf8_sequence_length(bytes, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

bool looks_binary(std::string_view bytes) {
  const std::size_t sample = std::min<std::size_t>(bytes.size(), 8192);
  std::size_t control = 0;
  for (std::size_t i = 0; i < sample; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  return sample > 0 && control * 10 > sample;
}

namespace {

// Code points of the Basic Multilingual Plane that ICU calls normalisation-inert: NFC leaves them alone
// and they combine with nothing on either side, so text made only of them (and ASCII) is NFC as it stands.
// Computed once from ICU's own data.
const std::vector<bool>& nfc_inert_bmp() {
  static const std::vector<bool> inert = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normaliser unavailable");
    std::vector<bool> bits(0x10000);
    for (UChar32 c = 0; c < 0x10000; ++c) bits[static_cast<std::size_t>(c)] = nfc->isInert(c) != 0;
    return bits;
  }();
  return inert;
}

// True when every code point of (valid) UTF-8 is below U+0300 or inert: such text needs no NFC pass.
bool trivially_nfc(std::string_view utf8) {
  // Every code point below U+0300 is NFC as it stands and composes with nothing before it; in UTF-8
  // such text has no byte from 0xCC up (lead bytes from 0xCC start U+0300 and above).
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const std::size_t n = utf8.size();
  const std::vector<bool>* inert = nullptr;
  for (std::size_t i = 0; (i = find_mark_or_non_ascii<>(s, i, n)) < n; ++i) {
    const unsigned char b = s[i];
    if (b < 0xCC) continue;
    if (b >= 0xF0) return false;  // beyond the BMP: left to ICU
    if (b < 0xE0) {
      if (inert == nullptr) inert = &nfc_inert_bmp();
      if (!(*inert)[((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)]) return false;
      ++i;
      continue;
    }
    if (inert == nullptr) inert = &nfc_inert_bmp();
    if (!(*inert)[((b & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu)]) return false;
    i += 2;
  }
  return true;
}

}  // namespace

std::string to_nfc(std::string_view utf8) {
  if (utf8.empty()) return {};
  if (trivially_nfc(utf8)) return std::string(utf8);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normaliser unavailable");
  const icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
  if (nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(utf8);
  status = U_ZERO_ERROR;
  std::string result;
  icu::StringByteSink<std::string> sink(&result, static_cast<int32_t>(utf8.size()));
  nfc->normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normalisation failed");
  return result;
}

std::string normalize_fragment(std::string_view utf8) {
  if (utf8.find('\r') == std::string_view::npos) return to_nfc(utf8);  // nothing to convert to LF
  std::string lf;
  lf.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if (utf8[i] == '\r') {
      lf.push_back('\n');
      if (i + 1 < utf8.size() && utf8[i + 1] == '\n') ++i;
    } else {
      lf.push_back(utf8[i]);
    }
  }
  return to_nfc(lf);
}

std::string normalize_text(std::string_view utf8) {
  if (utf8.size() >= 3 && utf8.substr(0, 3) == "\xEF\xBB\xBF") utf8.remove_prefix(3);
  return normalize_fragment(utf8);
}

bool read_stream(std::istream& in, std::string& out) {
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    out.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (!in) break;
  }
  return !in.bad();
}

std::size_t code_point_count(std::string_view utf8) {
  // Bytes minus continuation bytes (10xxxxxx), eight bytes at a time: a continuation byte has its high
  // bit set and the next one clear.
  const std::size_t size = utf8.size();
  std::size_t continuation = 0;
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, utf8.data() + i, 8);
    // one bit per continuation byte, moved to each byte's low bit and summed by a multiplication (no
    // popcount instruction is assumed)
    const std::uint64_t ones = (word & ~(word << 1) & 0x8080808080808080ull) >> 7;
    continuation += static_cast<std::size_t>((ones * 0x0101010101010101ull) >> 56);
  }
  for (; i < size; ++i) {
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80) ++continuation;
  }
  return size - continuation;
}

void to_u32(std::string_view s, std::u32string& out) {
  out.resize(s.size());  // never more code points than bytes
  char32_t* o = out.data();
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
      *o++ = b0;
      ++i;
      continue;
    }
    char32_t cp;
    std::size_t n;
    if (b0 < 0xE0) { cp = b0 & 0x1F; n = 2; }
    else if (b0 < 0xF0) { cp = b0 & 0x0F; n = 3; }
    else { cp = b0 & 0x07; n = 4; }
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    *o++ = cp;
    i += n;
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
}

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  to_u32(s, out);
  return out;
}

std::string from_u32(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : text) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

Utf8Index::Utf8Index(std::string_view utf8) {
  byte_of_cp_.reserve(utf8.size() + 1);
  utf16_of_cp_.reserve(utf8.size() + 1);
  std::size_t units = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if ((b & 0xC0) != 0x80) {
      byte_of_cp_.push_back(i);
      utf16_of_cp_.push_back(units);
      units += (b >= 0xF0) ? 2 : 1;
    }
  }
  byte_of_cp_.push_back(utf8.size());
  utf16_of_cp_.push_back(units);
}

std::size_t Utf8Index::cp_of(std::size_t byte) const {
  auto it = std::upper_bound(byte_of_cp_.begin(), byte_of_cp_.end(), byte);
  return static_cast<std::size_t>(it - byte_of_cp_.begin()) - 1;
}

std::optional<std::size_t> Utf8Index::cp_of_utf16(std::size_t unit) const {
  auto it = std::lower_bound(utf16_of_cp_.begin(), utf16_of_cp_.end(), unit);
  if (it == utf16_of_cp_.end() || *it != unit) return std::nullopt;
  return static_cast<std::size_t>(it - utf16_of_cp_.begin());
}

std::string_view Utf8Index::slice(std::string_view utf8, std::size_t start, std::size_t end) const {
  const auto b0 = byte_of(start);
  const auto b1 = byte_of(end);
  return utf8.substr(b0, b1 - b0);
}

// SHA-256 by OpenSSL's libcrypto (its assembly is several times faster than a portable loop, and the
// hash of every imported text is taken). The digest object is fetched once per thread.
std::string sha256_hex(std::string_view bytes) {
  thread_local const std::unique_ptr<EVP_MD, void (*)(EVP_MD*)> md(EVP_MD_fetch(nullptr, "SHA256", nullptr), EVP_MD_free);
  if (!md) throw std::runtime_error("OpenSSL has no SHA-256 implementation");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, md.get(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 failed");
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::string_view trim(std::string_view text) {
  auto is_space_at = [&](std::size_t i, std::size_t& len) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') { len = 1; return true; }
    if (text.substr(i, 2) == "\xC2\xA0") { len = 2; return true; }                       // NBSP
    if (text.substr(i, 3) == "\xE2\x80\xA8" || text.substr(i, 3) == "\xE2\x80\xA9" ||    // LS, PS
        text.substr(i, 3) == "\xE2\x80\x8B" || text.substr(i, 3) == "\xE3\x80\x80") { len = 3; return true; }
    return false;
  };
  std::size_t begin = 0, len = 0;
  while (begin < text.size() && is_space_at(begin, len)) begin += len;
  std::size_t end = text.size();
  while (end > begin) {
    std::size_t back = end - 1;
    while (back > begin && (static_cast<unsigned char>(text[back]) & 0xC0) == 0x80) --back;
    if (!is_space_at(back, len) || back + len != end) break;
    end = back;
  }
  return text.substr(begin, end - begin);
}

std::size_t count_words(std::string_view utf8) {
  if (utf8.empty()) return 0;
  // Building a word iterator costs far more than using one: each thread keeps one.
  thread_local const std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> created(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !created) throw std::runtime_error("ICU word iterator unavailable");
    return created;
  }();
  // The iterator keeps a reference to its text: the text lives as long as the iterator.
  thread_local icu::UnicodeString u;
  u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  it->setText(u);
  std::size_t words = 0;
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; end = it->next()) {
    const auto rule = it->getRuleStatus();
    if (rule >= UBRK_WORD_LETTER || (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT)) ++words;
  }
  return words;
}

}  // namespace credence::annotate
