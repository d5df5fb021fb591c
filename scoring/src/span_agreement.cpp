// Span agreement: token projection and one-to-one span matching.
#include "credence/scoring/span_agreement.hpp"

#include <algorithm>
#include <tuple>

namespace credence::scoring {

ReliabilityData project_to_tokens(std::size_t token_count, const std::vector<CoderSpans>& coders,
                                  const std::string& none_label) {
  std::vector<std::vector<std::optional<std::string>>> table(
      token_count, std::vector<std::optional<std::string>>(coders.size(), none_label));
  for (std::size_t coder_idx = 0; coder_idx < coders.size(); ++coder_idx) {
    for (const auto& span : coders[coder_idx].spans) {
      for (std::size_t token = span.begin; token < std::min(span.end, token_count); ++token) {
        table[token][coder_idx] = span.label;
      }
    }
  }
  auto data = ReliabilityData::from_table(table);
  std::vector<std::string> ids;
  for (const auto& c : coders) ids.push_back(c.coder);
  std::vector<std::int32_t> codes = data.codes();
  std::vector<std::string> labels = data.labels();
  return ReliabilityData::from_codes(data.unit_count(), data.coder_count(), std::move(codes), std::move(labels), {},
                                     std::move(ids));
}

SpanF1 span_f1(const std::vector<LabelledSpan>& a, const std::vector<LabelledSpan>& b, SpanMatch match) {
  SpanF1 result;
  result.spans_a = a.size();
  result.spans_b = b.size();
  // Candidate pairs with their overlap; the best (largest overlap, then earliest) are taken first.
  std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> candidates;  // overlap, index a, index b
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = 0; j < b.size(); ++j) {
      if (a[i].label != b[j].label) continue;
      const std::size_t lo = std::max(a[i].begin, b[j].begin);
      const std::size_t hi = std::min(a[i].end, b[j].end);
      const bool same = a[i].begin == b[j].begin && a[i].end == b[j].end;
      if (match == SpanMatch::exact ? same : hi > lo) candidates.emplace_back(hi > lo ? hi - lo : 0, i, j);
    }
  }
  std::sort(candidates.begin(), candidates.end(), [](const auto& x, const auto& y) {
    if (std::get<0>(x) != std::get<0>(y)) return std::get<0>(x) > std::get<0>(y);
    return std::tie(std::get<1>(x), std::get<2>(x)) < std::tie(std::get<1>(y), std::get<2>(y));
  });
  std::vector<bool> used_a(a.size(), false), used_b(b.size(), false);
  for (const auto& [overlap, i, j] : candidates) {
    if (used_a[i] || used_b[j]) continue;
    used_a[i] = used_b[j] = true;
    ++result.matched;
  }
  const double m = static_cast<double>(result.matched);
  result.precision = b.empty() ? CoefficientResult::undefined("the second coder marked no spans")
                               : CoefficientResult::of(m / static_cast<double>(b.size()));
  result.recall = a.empty() ? CoefficientResult::undefined("the first coder marked no spans")
                            : CoefficientResult::of(m / static_cast<double>(a.size()));
  result.f1 = (a.empty() && b.empty()) ? CoefficientResult::undefined("neither coder marked a span")
                                       : CoefficientResult::of(2.0 * m / static_cast<double>(a.size() + b.size()));
  return result;
}

}  // namespace credence::scoring
