// One Aho-Corasick automaton for all phrases of any number of lexicons: case-folded, whole words
// (ICU word boundaries), multi-word phrases included, linear in the text whatever the entry count.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace credence::annotate {

struct PhraseMatch {
  std::size_t start = 0;     // code points into the text given to find(), end exclusive
  std::size_t end = 0;
  std::uint32_t phrase = 0;  // id returned by add()
};

class LexiconMatcher {
 public:
  LexiconMatcher();
  LexiconMatcher(LexiconMatcher&&) noexcept;
  LexiconMatcher& operator=(LexiconMatcher&&) noexcept;
  ~LexiconMatcher();

  // Adds a phrase (valid UTF-8) and returns its id (0, 1, 2, ... in call order). Matching folds case,
  // treats any run of white space as one space, and typographic apostrophes, quotes and dashes as their
  // ASCII forms. A phrase that folds to nothing matches nothing. Call before build().
  std::uint32_t add(std::string_view phrase);
  // Builds the automaton; add() after build() throws std::logic_error.
  void build();
  [[nodiscard]] std::size_t phrase_count() const;
  [[nodiscard]] std::size_t state_count() const;

  // Every occurrence of every phrase that starts and ends on an ICU word boundary (a possessive "'s"
  // after the phrase is allowed), in order of end then start. Overlapping matches are all reported;
  // see leftmost_longest(). Text must be valid UTF-8; empty text gives no matches.
  [[nodiscard]] std::vector<PhraseMatch> find(std::string_view utf8) const;
  // The same into `out` (cleared first), so that a caller scanning many passages reuses one buffer.
  void find(std::string_view utf8, std::vector<PhraseMatch>& out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Keeps non-overlapping matches: scanning left to right, at each start the longest match wins, and a
// match overlapping one already kept is dropped. Ties in span go to the lower phrase id.
std::vector<PhraseMatch> leftmost_longest(std::vector<PhraseMatch> matches);
// The same in place.
void keep_leftmost_longest(std::vector<PhraseMatch>& matches);

}  // namespace credence::annotate
