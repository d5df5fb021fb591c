// Helpers for the machine annotator tests: articles built from paragraphs with chosen roles, and the
// shipped rubrics.
#pragma once
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "credence/annotate/document.hpp"
#include "credence/annotate/machine_annotator.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/segment.hpp"
#include "credence/annotate/text.hpp"

namespace credence::testing {

// Every field of every label, one line each (confidence with all its digits): for comparing two label
// lists exactly.
inline std::string describe_labels(const std::vector<annotate::MachineLabel>& labels) {
  std::string out;
  for (const auto& l : labels) {
    char confidence[32];
    std::snprintf(confidence, sizeof confidence, "%.17g", l.confidence);
    out += l.dimension + "|" + std::to_string(static_cast<int>(l.unit)) + "|" + std::to_string(l.passage_index) + "|" +
           std::to_string(l.start) + "-" + std::to_string(l.end) + "|" + l.category + "|" + confidence + "|" + l.rule +
           "|" + l.entry + "|" + l.evidence + "\n";
  }
  return out;
}

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
