// Segmentation: article text -> passages (paragraphs) with roles -> sentences (ICU's rules, sentence_break.hpp).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credence/annotate/document.hpp"

namespace credence::annotate {

// A block of text from a structured source (an HTML or XML element), with cues for the role
// classifier. Plain text is turned into blocks by segment_plain itself.
struct SourceBlock {
  std::string text;                         // white space collapsed, NFC, no trailing newline
  std::string tag;                          // "p", "h2", "li", "figcaption", "td", "pre"; "" for plain text
  std::size_t link_chars = 0;               // code points of `text` that were inside <a>
  std::string container;                    // nearest semantic ancestor: "nav", "footer", "aside",
                                            // "header", "comments", "article", "main", "form", "figure", ""
  std::optional<PassageRole> forced_role;   // set when the markup states it (TEI <head>, <byline>)
};

struct SegmentOptions {
  std::string known_title;   // from a manifest or metadata: a passage equal to it becomes `title`
  std::string known_author;  // helps find the byline
};

struct SegmentedText {
  std::string text;                // the article text passages point into (normalised)
  std::vector<Passage> passages;   // in order, non-overlapping, each with sentences and a role
};

// Plain text, already normalised (text.hpp). Paragraphs come from blank lines, and from single
// line breaks where the text uses them as paragraph breaks. Empty input gives no passages.
SegmentedText segment_plain(std::string_view normalized_text, const SegmentOptions& options = {});

// Blocks from HTML or XML: the article text is the blocks' texts joined by "\n\n".
SegmentedText segment_blocks(const std::vector<SourceBlock>& blocks, const SegmentOptions& options = {});

// Sentence spans (ICU's English sentence rules) of text[start_cp, end_cp), as article code points,
// trimmed of surrounding white space; a passage without letters gives one span or none.
std::vector<SentenceSpan> split_sentences(std::string_view text, std::size_t start_cp, std::size_t end_cp);

}  // namespace credence::annotate
