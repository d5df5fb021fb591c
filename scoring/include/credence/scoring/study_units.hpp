// From a study's labels to reliability data: which units a rubric dimension has, who rated each one,
// and with what. Article and passage dimensions give one unit per article or passage; span dimensions
// give one unit per body token (the token-level projection: the category of the span covering it, or
// "none") and, for aggregation, clusters of overlapping spans.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "credence/annotate/document.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/scoring/reliability_data.hpp"

namespace credence::scoring {

inline constexpr const char* k_none_category = "none";

// Which articles each annotator worked on: a missing value means "did not see it", a "none" means
// "saw it and found nothing". Built from assignments where they exist, else from the labels.
using Coverage = std::map<std::string, std::set<std::int64_t>>;  // annotator -> article ids

// Coverage inferred from labels: an annotator covered an article when they left any label on it
// under the given rubric (any dimension).
Coverage coverage_from_labels(const std::vector<annotate::Annotation>& rubric_labels);

struct UnitOptions {
  std::vector<std::string> annotators;  // keep only these (in this order); empty = everyone with labels
  bool body_only = true;                // passage and span units only from body passages
  std::optional<std::set<std::int64_t>> articles;  // restrict to these articles (e.g. one outlet)
};

struct DimensionUnits {
  std::string unit_kind;                 // "article", "passage", "token", "article x category", ...
  ReliabilityData data;                  // units x annotators
  std::vector<std::int64_t> unit_article;  // article of each unit
  std::vector<std::string> unit_ids;       // "article", "article:passage", "article:token start", "+/category"
  std::vector<std::string> notes;        // e.g. "2 labels superseded by a later one of the same annotator ignored"
};

// Builds the reliability data of one dimension from its current labels. For a `multiple` dimension on
// articles or passages, each (unit, category) pair becomes a yes/no unit. Category codes follow the
// rubric's order (ordinal scales rely on it); span projections add "none" first.
DimensionUnits build_units(const std::vector<annotate::Article>& articles,
                           const std::vector<annotate::Annotation>& dimension_labels,
                           const annotate::RubricDimension& dimension, const Coverage& coverage,
                           const UnitOptions& options = {});

// A group of overlapping spans (of any annotators) of one dimension in one article.
struct SpanCluster {
  std::int64_t article_id = 0;
  std::size_t start = 0, end = 0;                // union of the member spans
  std::vector<std::size_t> members;              // indices into the label vector given
};

// Groups spans that overlap (transitively) within each article. Labels that are not spans are skipped.
std::vector<SpanCluster> cluster_spans(const std::vector<annotate::Annotation>& labels);

// Word tokens (ICU word break, letters or digits) of text[start_cp, end_cp) as code-point spans.
std::vector<std::pair<std::size_t, std::size_t>> word_tokens(const std::string& text, std::size_t start_cp,
                                                             std::size_t end_cp);

}  // namespace credence::scoring
