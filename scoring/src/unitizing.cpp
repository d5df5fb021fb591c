// Unitizing alpha: per category, every coder's continuum is cut into sections (units of the category and the
// gaps between them); observed disagreement compares overlapping sections of every pair of coders, expected
// disagreement follows Krippendorff's (2004) closed form over section lengths.
#include "credence/scoring/unitizing.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace credence::scoring {

namespace {

struct Section {
  double begin = 0;
  double length = 0;
  bool unit = false;  // a unit of the category (w = 1) or a gap (w = 0)
};

std::vector<Section> sections_of(const CoderSpans& coder, const std::string& label, std::size_t begin,
                                 std::size_t length) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  const std::size_t end = begin + length;
  for (const auto& span : coder.spans) {
    if (span.label != label) continue;
    const std::size_t b = std::max(span.begin, begin);
    const std::size_t e = std::min(span.end, end);
    if (e > b) spans.emplace_back(b, e);
  }
  std::sort(spans.begin(), spans.end());
  std::vector<Section> sections;
  std::size_t cursor = begin;
  for (const auto& [b, e] : spans) {
    if (b < cursor) {
      throw std::invalid_argument("coder '" + coder.coder + "' has overlapping '" + label + "' spans at " +
                                  std::to_string(b));
    }
    if (b > cursor) sections.push_back({static_cast<double>(cursor), static_cast<double>(b - cursor), false});
    sections.push_back({static_cast<double>(b), static_cast<double>(e - b), true});
    cursor = e;
  }
  if (cursor < end) sections.push_back({static_cast<double>(cursor), static_cast<double>(end - cursor), false});
  return sections;
}

// delta^2 between section g of one coder and section h of another (Krippendorff 2004).
double section_distance(const Section& g, const Section& h) {
  const double shift = g.begin - h.begin;
  if (g.unit && h.unit) {
    if (-g.length < shift && shift < h.length) {
      const double end_shift = (g.begin + g.length) - (h.begin + h.length);
      return shift * shift + end_shift * end_shift;
    }
    return 0.0;
  }
  if (g.unit && !h.unit) return (h.length - g.length >= shift && shift >= 0) ? g.length * g.length : 0.0;
  if (!g.unit && h.unit) return (g.length - h.length >= -shift && -shift >= 0) ? h.length * h.length : 0.0;
  return 0.0;
}

}  // namespace

UnitizingResult unitizing_alpha(std::size_t begin, std::size_t length, const std::vector<CoderSpans>& coders) {
  UnitizingResult result;
  std::set<std::string> labels;
  for (const auto& coder : coders)
    for (const auto& span : coder.spans) labels.insert(span.label);
  if (coders.size() < 2) {
    result.alpha_u = CoefficientResult::undefined("unitizing alpha needs at least two coders");
    return result;
  }
  if (length == 0) {
    result.alpha_u = CoefficientResult::undefined("the continuum is empty");
    return result;
  }
  const double m = static_cast<double>(coders.size());
  const double L = static_cast<double>(length);
  double observed_total = 0, expected_total = 0;
  for (const auto& label : labels) {
    std::vector<std::vector<Section>> by_coder;
    for (const auto& coder : coders) by_coder.push_back(sections_of(coder, label, begin, length));
    // Observed: sum over ordered coder pairs and their sections, / (m (m - 1) L^2).
    double observed = 0;
    for (std::size_t i = 0; i < by_coder.size(); ++i)
      for (std::size_t j = 0; j < by_coder.size(); ++j) {
        if (i == j) continue;
        for (const auto& g : by_coder[i])
          for (const auto& h : by_coder[j]) observed += section_distance(g, h);
      }
    observed /= m * (m - 1.0) * L * L;
    // Expected: 4/(mL) sum_units [ (N_k - 1)/3 (2l^3 - 3l^2 + l) + l^2 sum_gaps (l_gap - l + 1)[l_gap >= l] ]
    //           / (mL (mL - 1) - sum_units l (l - 1)); with 4/(mL) this reproduces the paper's D_e,c = 0.0532
    //           and D_e,k = 0.0490 (tests/scoring/unitizing_test.cpp).
    double units_k = 0;
    for (const auto& sections : by_coder)
      for (const auto& s : sections) units_k += s.unit ? 1.0 : 0.0;
    double numerator = 0, unit_pairs = 0;
    for (const auto& sections : by_coder) {
      for (const auto& g : sections) {
        if (!g.unit) continue;
        const double l = g.length;
        double gap_term = 0;
        for (const auto& other : by_coder)
          for (const auto& h : other)
            if (!h.unit && h.length >= l) gap_term += h.length - l + 1.0;
        numerator += (units_k - 1.0) / 3.0 * (2 * l * l * l - 3 * l * l + l) + l * l * gap_term;
        unit_pairs += l * (l - 1.0);
      }
    }
    const double denominator = m * L * (m * L - 1.0) - unit_pairs;
    const double expected = denominator > 0 ? 4.0 / (m * L) * numerator / denominator : 0.0;
    observed_total += observed;
    expected_total += expected;
    if (units_k == 0) {
      result.per_category.emplace_back(label, CoefficientResult::undefined("no coder marked a unit of this category"));
    } else if (expected <= 0) {
      result.per_category.emplace_back(label, CoefficientResult::undefined("expected disagreement is zero"));
    } else {
      result.per_category.emplace_back(label, CoefficientResult::of(1.0 - observed / expected));
    }
  }
  if (labels.empty()) {
    result.alpha_u = CoefficientResult::undefined("no coder marked any span");
  } else if (expected_total <= 0) {
    result.alpha_u = CoefficientResult::undefined("expected disagreement is zero");
  } else {
    result.alpha_u = CoefficientResult::of(1.0 - observed_total / expected_total);
  }
  return result;
}

}  // namespace credence::scoring
