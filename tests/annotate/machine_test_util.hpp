// Helpers for the machine annotator tests: articles built from paragraphs with chosen roles, and the
// shipped rubrics.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "credence/annotate/document.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/segment.hpp"
#include "credence/annotate/text.hpp"

namespace credence::testing {

// Paragraphs joined by blank lines, each a passage with the given role and ICU sentences.
inline annotate::Article article_of(const std::vector<std::pair<annotate::PassageRole, std::string>>& paragraphs) {
  annotate::Article a;
  a.meta.external_id = "t";
  std::size_t cp = 0;
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    if (i > 0) {
      a.text += "\n\n";
      cp += 2;
    }
    const std::string text = annotate::normalize_text(paragraphs[i].second);
    annotate::Passage p;
    p.index = static_cast<int>(i);
    p.start = cp;
    p.end = cp + annotate::code_point_count(text);
    p.role = paragraphs[i].first;
    p.text = text;
    a.text += text;
    cp = p.end;
    a.passages.push_back(std::move(p));
  }
  for (auto& p : a.passages) p.sentences = annotate::split_sentences(a.text, p.start, p.end);
  a.content_hash = annotate::sha256_hex(a.text);
  return a;
}

inline annotate::Article body_article(const std::string& text) { return article_of({{annotate::PassageRole::body, text}}); }

inline std::string shipped_rubrics() { return std::string(CREDENCE_SOURCE_DIR) + "/rubrics"; }

inline annotate::Rubric shipped_rubric(const std::string& id) {
  auto r = annotate::load_rubric_file(shipped_rubrics() + "/" + id + ".json");
  return std::move(*r.rubric);
}

}  // namespace credence::testing
