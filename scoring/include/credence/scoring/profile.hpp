// Outlet profiles from consensus labels of body passages: loaded language per 1,000 words, claim
// support, frames, tone, each with a 95% interval from a bootstrap over articles (the sampled unit),
// and comparisons between outlets with permutation tests and Holm's correction.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "credence/annotate/document.hpp"
#include "credence/annotate/rubric.hpp"

namespace credence::scoring {

struct Estimate {
  std::optional<double> value;                  // empty = undefined (see undefined_reason)
  std::optional<std::pair<double, double>> ci95;  // bootstrap percentile interval over articles
  std::string undefined_reason;
};

struct ProfileMetric {
  std::string id;          // "loaded_language/loaded_language.per_1000_words"
  std::string label;       // "loaded-language spans per 1,000 body words"
  std::string unit;        // "per 1,000 words", "share", "bits", "score -1..1"
  std::string rubric_id, dimension;
  Estimate estimate;
  std::size_t denominator = 0;  // the count behind the figure: words, passages, spans, articles
  std::string denominator_unit; // "words", "passages", "spans", "articles"
};

struct SourceProfile {
  std::string source;
  std::size_t articles = 0, body_passages = 0, body_words = 0;
  std::vector<ProfileMetric> metrics;
  std::vector<std::string> notes;  // e.g. "one article: no interval"
};

// A dimension of a rubric with its consensus labels (any annotator name; typically derived:... and
// adjudicated) — profile figures are computed from these.
struct ProfileInput {
  const annotate::Rubric* rubric = nullptr;
  const annotate::RubricDimension* dimension = nullptr;
  std::vector<annotate::Annotation> labels;
};

struct ProfileOptions {
  std::size_t bootstrap = 1000;
  std::uint64_t seed = 1;
};

// Per-article building blocks of every figure: the figures are ratios of sums over articles, which is
// what the bootstrap and the permutation test resample.
struct ArticleStats {
  std::int64_t article_id = 0;
  std::string source;
  double body_words = 0, body_passages = 0;
  std::map<std::string, double> sums;  // named sums, e.g. "ll/spans", "ll/passages_with", "frame/economic"
};

std::vector<ArticleStats> article_stats(const std::vector<annotate::Article>& articles,
                                        const std::map<std::int64_t, std::string>& article_source,
                                        const std::vector<ProfileInput>& inputs);

// Definitions of the figures: each is numerator-sum / denominator-sum (times a scale), or an entropy.
struct MetricDefinition {
  std::string id, label, unit, rubric_id, dimension;
  std::vector<std::string> numerator;    // names of sums added up
  std::vector<std::string> denominator;  // names of sums added up ("body_words", "body_passages", or a sum name)
  double scale = 1.0;
  std::string denominator_unit;
  std::vector<std::string> entropy_of;   // when set: Shannon entropy (bits) of these sums' shares
  std::vector<double> score_weights;     // when set: weighted mean of numerator sums (score -1..1)
  std::string more_phrase, less_phrase;  // "uses more loaded language" / "uses less loaded language"
};
std::vector<MetricDefinition> metric_definitions(const std::vector<ProfileInput>& inputs);

// The value of one figure on a set of articles given by multiplicity (resampling) or all once (empty).
std::optional<double> metric_value(const MetricDefinition& metric, const std::vector<const ArticleStats*>& articles,
                                   const std::vector<std::uint32_t>& multiplicity = {});

std::vector<SourceProfile> compute_profiles(const std::vector<ArticleStats>& stats,
                                            const std::vector<MetricDefinition>& metrics,
                                            const ProfileOptions& options);

struct Comparison {
  std::string metric_id, label, unit;
  std::string source_a, source_b;
  std::optional<double> value_a, value_b, difference;
  std::optional<std::pair<double, double>> difference_ci95;  // bootstrap within each outlet
  std::optional<double> p_value;       // two-sided permutation test over articles
  std::optional<double> p_holm;        // Holm-adjusted across all comparisons in the run
  std::string sentence;                // "A uses more ... than B: 12.3 vs 4.1 ..., difference 8.2 [5.0, 11.6]"
  std::string undefined_reason;
};

struct CompareOptions {
  std::size_t bootstrap = 1000;
  std::size_t permutations = 5000;
  std::uint64_t seed = 1;
};

std::vector<Comparison> compare_sources(const std::vector<ArticleStats>& stats,
                                        const std::vector<MetricDefinition>& metrics,
                                        const std::vector<std::string>& sources, const CompareOptions& options);

// Holm's step-down adjustment of p-values (same order as given).
std::vector<double> holm_adjust(const std::vector<double>& p_values);

}  // namespace credence::scoring
