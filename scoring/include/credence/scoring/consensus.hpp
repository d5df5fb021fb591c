// One label per unit from several annotators: the labels outlet profiles are computed from. Article and
// passage units are aggregated directly; span dimensions are aggregated per group of overlapping spans
// (each annotator who saw the article votes for a category or "none"). A curated label (annotator
// "adjudicated", made in the workspace's curation view) overrides the derived one for its unit.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "credence/annotate/document.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/scoring/aggregation.hpp"
#include "credence/scoring/study_units.hpp"

namespace credence::scoring {

inline constexpr const char* k_curated_annotator = "adjudicated";

struct ConsensusOptions {
  AggregationMethod method = AggregationMethod::majority;
  AggregationOptions aggregation;
  std::vector<std::string> annotators;  // raters to aggregate; empty = everyone except curated/derived names
};

struct ConsensusResult {
  std::vector<annotate::Annotation> labels;  // annotator "derived:<method>" (confidence = posterior) or
                                             // "adjudicated" (curated, confidence 1)
  AggregationResult fit;                     // competence, confusion, convergence of the aggregation
  std::vector<std::string> workers;          // annotator of each worker index in `fit`
  std::vector<std::string> classes;          // category of each class index in `fit`
  std::size_t items = 0;                     // units aggregated
  std::size_t curated_units = 0;             // units (articles, for spans) settled by a curated label
  std::size_t unlabelled_units = 0;          // units left without a label (too few annotators)
  std::vector<std::string> notes;
};

// Name of the derived annotator for a method: "derived:majority", "derived:dawid-skene", "derived:mace".
std::string derived_annotator(AggregationMethod method);

ConsensusResult derive_consensus(const std::vector<annotate::Article>& articles,
                                 const std::vector<annotate::Annotation>& dimension_labels,
                                 const annotate::Rubric& rubric, const annotate::RubricDimension& dimension,
                                 const Coverage& coverage, const ConsensusOptions& options);

}  // namespace credence::scoring
