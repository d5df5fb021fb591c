// Sentence boundaries over UTF-8, equal to those of ICU's sentence iterator for "en@ss=standard"
// (the UAX #29 sentence rules, then no break after the abbreviations in ICU's English exception
// list), for text whose line breaks read as spaces.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace credence::annotate {

// Replaces `breaks` by the byte offsets at which sentences end, in order, the last being
// text.size(); the first sentence starts at 0. Line breaks (LF, VT, FF, NEL, U+2028, U+2029) count
// as spaces. Returns false, leaving `breaks` unspecified, for text this code does not take on
// (ill-formed UTF-8, a carriage return, or ICU's exception list could not be read): the caller
// must then ask ICU itself.
bool sentence_breaks(std::string_view text, std::vector<std::size_t>& breaks);

}  // namespace credence::annotate
