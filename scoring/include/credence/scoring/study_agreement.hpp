// Agreement on a study: one rubric dimension at its own unit and scale, with the diagnostics a
// reviewer asks for (skewed categories, too few units, annotators who over-use a category, span
// boundaries, annotators who share no units), machine annotators against the humans, and by outlet.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "credence/annotate/document.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/scoring/agreement.hpp"
#include "credence/scoring/study_units.hpp"

namespace credence::scoring {

struct StudyAgreementOptions {
  std::vector<std::string> annotators;             // empty = every annotator with labels
  std::size_t bootstrap = 0;                       // resamples for intervals (0 = analytic only)
  std::uint64_t seed = 1;
  bool by_source = false;
  std::map<std::int64_t, std::string> article_source;  // needed for by_source
  std::size_t few_units = 30;                      // fewer pairable units than this gives a warning
};

// Machine annotator against the humans: its mean pairwise alpha with each human, beside the humans'
// mean pairwise alpha among themselves.
struct MachineComparison {
  std::string machine;
  std::optional<double> mean_alpha_with_humans;
  std::optional<double> human_human_mean_alpha;
  std::size_t humans_compared = 0;
};

struct SpanBoundaryStats {
  std::size_t groups = 0;               // clusters of overlapping spans
  std::size_t shared_groups = 0;        // clusters marked by two or more annotators
  std::size_t boundary_mismatch = 0;    // shared clusters whose members do not all have the same offsets
  std::size_t category_mismatch = 0;    // shared clusters whose members do not all have the same category
};

struct DimensionAgreement {
  std::string rubric_id, rubric_version, dimension, unit_kind;
  annotate::Scale scale = annotate::Scale::nominal;
  AgreementReport report;
  std::vector<std::string> notes;        // how the units were built
  std::vector<std::string> diagnostics;  // what a reviewer should look at
  std::vector<MachineComparison> machines;
  std::optional<SpanBoundaryStats> spans;
  std::vector<std::pair<std::string, AgreementReport>> by_source;
  std::vector<std::pair<std::string, std::string>> source_notes;  // outlet -> why no figure
};

// Krippendorff's level for a rubric scale (binary and nominal -> nominal).
Level level_for(annotate::Scale scale);

// Analyses one dimension from its current labels. `coverage` says who saw which article.
DimensionAgreement analyse_dimension(const std::vector<annotate::Article>& articles,
                                     const std::vector<annotate::Annotation>& dimension_labels,
                                     const annotate::Rubric& rubric, const annotate::RubricDimension& dimension,
                                     const Coverage& coverage, const StudyAgreementOptions& options);

// Reviewer diagnostics for an agreement report (exposed for tests): skewed prevalence with high raw
// agreement but low chance-corrected agreement, few units, pairs of annotators with no common unit,
// annotators whose use of a category is far from the others'.
std::vector<std::string> agreement_diagnostics(const ReliabilityData& data, const AgreementReport& report,
                                               std::size_t few_units);

}  // namespace credence::scoring
