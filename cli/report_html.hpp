// The self-contained HTML report: study summary, agreement, outlet profiles, comparisons, methods.
#pragma once
#include <string>
#include <vector>

#include "consensus_util.hpp"
#include "credence/annotate/store.hpp"
#include "credence/scoring/profile.hpp"
#include "credence/scoring/study_agreement.hpp"
#include "study_data.hpp"

namespace credence::cli {

struct ReportInputs {
  std::string study_name;
  std::string generated_at;  // ISO 8601 UTC
  annotate::StudySummary summary;
  const StudyData* data = nullptr;
  std::vector<scoring::DimensionAgreement> agreement;
  std::string consensus_basis;
  const StudyConsensus* consensus = nullptr;
  std::vector<scoring::SourceProfile> profiles;
  std::vector<scoring::MetricDefinition> metrics;
  std::vector<scoring::ArticleStats> article_stats;
  std::vector<scoring::Comparison> comparisons;
  std::size_t bootstrap = 0, permutations = 0;
  std::uint64_t seed = 1;
};

std::string render_report(const ReportInputs& inputs);

}  // namespace credence::cli
