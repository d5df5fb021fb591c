// Internal to credence::annotate: finding the next byte of interest in UTF-8 text, sixteen bytes at a
// time where SSE2 is available. Shared by line splitting, sentence breaking and the UTF-8 checks.
#pragma once
#include <bit>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace credence::annotate {

// The first byte of s[from, end) that is one of the ASCII `Marks` or from 0x80 up (a non-ASCII byte),
// else `end`. With SSE2 the text goes sixteen bytes at a time, and its last few bytes as the sixteen
// that end at `end` (no byte-by-byte tail); without, byte by byte.
template <std::uint8_t... Marks>
std::size_t find_mark_or_non_ascii(const std::uint8_t* s, std::size_t from, std::size_t end) {
#if defined(__SSE2__)
  auto hits = [s](std::size_t at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + at));
    __m128i marked = v;  // (its high bits: the non-ASCII bytes)
    ((marked = _mm_or_si128(marked, _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(Marks))))), ...);
    return static_cast<unsigned>(_mm_movemask_epi8(marked));
  };
  for (; end - from >= 16; from += 16) {
    if (const unsigned mask = hits(from); mask != 0) return from + static_cast<std::size_t>(std::countr_zero(mask));
  }
  if (from < end && end >= 16) {
    const unsigned mask = hits(end - 16) >> (from - (end - 16));  // (the bytes before `from` shifted off)
    return mask != 0 ? from + static_cast<std::size_t>(std::countr_zero(mask)) : end;
  }
#endif
  while (from < end && s[from] < 0x80 && ((s[from] != Marks) && ...)) ++from;
  return from;
}

}  // namespace credence::annotate
