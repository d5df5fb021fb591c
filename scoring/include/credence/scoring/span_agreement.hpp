// Agreement on spans (loaded language, unsupported claims): token-level projection to reliability data
// (each token gets its label or "none", then alpha), and pairwise span F1 with exact or overlap matching.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "credence/scoring/coefficient_result.hpp"
#include "credence/scoring/reliability_data.hpp"

namespace credence::scoring {

// A labelled span [begin, end) in token (or code point) offsets.
struct LabelledSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string label;
};

// One coder's spans on one document; `coder` names the column of the projected data.
struct CoderSpans {
  std::string coder;
  std::vector<LabelledSpan> spans;
};

// Tokens 0..token_count-1 become units, coders become columns, each token's value is the label of the
// span covering it or `none_label`. Where one coder's spans overlap, the later span in the list wins.
// Spans reaching past token_count are clipped.
ReliabilityData project_to_tokens(std::size_t token_count, const std::vector<CoderSpans>& coders,
                                  const std::string& none_label = "none");

enum class SpanMatch { exact, overlap };

struct SpanF1 {
  std::size_t spans_a = 0, spans_b = 0, matched = 0;
  CoefficientResult precision;  // matched / spans_b (b against a as reference)
  CoefficientResult recall;     // matched / spans_a
  CoefficientResult f1;         // 2 matched / (spans_a + spans_b); undefined when both are empty
};

// Pairwise F1 between two coders: exact = same begin, end and label; overlap = same label and at least one
// shared token. Matching is one-to-one (greedy by largest overlap, then position), so a long span cannot
// match several short ones.
SpanF1 span_f1(const std::vector<LabelledSpan>& a, const std::vector<LabelledSpan>& b, SpanMatch match);

}  // namespace credence::scoring
