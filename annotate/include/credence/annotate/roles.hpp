// The passage-role classifier: transparent rules and scores (after jusText) that tell body text from
// titles, bylines, captions, headings, boilerplate (menus, appeals, legal notices) and reader comments.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credence/annotate/document.hpp"
#include "credence/annotate/segment.hpp"

namespace credence::annotate {

// What the markup says about one passage; all fields empty for plain text.
struct RoleCues {
  std::string tag;                         // "p", "h1", "li", "figcaption", ... ("" for plain text)
  std::optional<std::size_t> link_chars;   // code points inside <a>; unset = count markdown links and URLs
  std::string container;                   // see SourceBlock::container
  std::optional<PassageRole> forced_role;  // the markup states the role
};

// Measurements of one passage's text: the classifier's inputs, exposed for tests and the docs.
struct PassageFeatures {
  std::size_t code_points = 0;
  std::size_t letters = 0;         // code points that are letters (any script)
  std::size_t words = 0;           // runs of letters/digits (apostrophes and inner hyphens join)
  std::size_t stop_words = 0;      // words in the English stop list
  std::size_t link_chars = 0;      // code points inside links (markup) or markdown links / URLs / e-mails
  std::size_t lines = 0;           // non-empty lines
  std::size_t sentence_ends = 0;   // '.', '!', '?' followed by space or end (not "U.S" inside a word)
  bool ends_with_sentence_punct = false;  // last visible character is . ! ? or a closing quote after one
  bool bullet = false;             // starts with a list marker ("•", "-", "*", "1.")
  std::size_t capitalised_words = 0;  // words starting with an upper-case letter

  // Share of words that are stop words; 0 for a passage without words.
  [[nodiscard]] double stop_density() const { return words ? double(stop_words) / double(words) : 0.0; }
  // Share of code points inside links; 0 for an empty passage.
  [[nodiscard]] double link_density() const {
    return code_points ? double(link_chars) / double(code_points) : 0.0;
  }
};

// Measures `text`. `markup_link_chars` unset means plain text: markdown links "[x](y)", bare URLs
// and e-mail addresses count as link characters.
PassageFeatures measure_passage(std::string_view text, std::optional<std::size_t> markup_link_chars = {});

// The boilerplate phrase family `text` matches ("donation", "newsletter", "share", "legal",
// "navigation", "commerce", "tags"), or "" when none applies. Short texts match more loosely than long
// ones: one general phrase ("menu", "search") only counts in a passage of a few words.
std::string_view boilerplate_family(std::string_view text);

// True when a line of `text` opens a reader-comment thread ("12 Comments", "Leave a Reply",
// "Notify of", "Join the discussion", "3 thoughts on ..."). Matches whole lines only.
bool opens_comment_thread(std::string_view text);

// True for photo and image captions: "Photo: ...", "(Image credit ...)", "image-...", or a short
// fragment naming a photo/screenshot/video with "showing"/"pictured".
bool looks_like_caption(std::string_view text);

// True for a byline-shaped line: "By NAME", "Author: ...", "Written by ...", a signature "— NAME",
// or a short line containing `known_author` (ignored when empty).
bool looks_like_byline(std::string_view text, std::string_view known_author);

// True for a short line that is mostly a date ("September 25, 2021", "2021-09-25", "23 Sept 2021").
bool looks_like_date_line(std::string_view text);

// Assigns `role` and `body_score` to every passage. `cues` is empty (plain text) or holds one entry per
// passage. Passages with role_corrected keep their role and still inform their neighbours.
// An empty vector is left alone.
void classify_roles(std::vector<Passage>& passages, const std::vector<RoleCues>& cues,
                    const SegmentOptions& options);

}  // namespace credence::annotate
