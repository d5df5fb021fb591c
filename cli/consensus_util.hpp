// Consensus labels for every dimension of a study (shared by adjudicate, profile, compare and report).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "command.hpp"
#include "credence/scoring/aggregation.hpp"
#include "credence/scoring/consensus.hpp"
#include "credence/scoring/profile.hpp"
#include "study_data.hpp"

namespace credence::cli {

struct ConsensusSettings {
  scoring::AggregationMethod method = scoring::AggregationMethod::majority;
  std::vector<std::string> annotators;  // empty = every human annotator (not machine:, derived:, adjudicated)
  std::size_t min_annotators = 1;
  std::uint64_t seed = 1;
  std::string only_dimension;           // "" = all; "dim" or "rubric/dim"
};

struct DimensionConsensus {
  const annotate::Rubric* rubric = nullptr;
  const annotate::RubricDimension* dimension = nullptr;
  scoring::ConsensusResult result;
};

struct StudyConsensus {
  std::vector<DimensionConsensus> dimensions;
  std::vector<std::string> raters;  // the annotators aggregated
  [[nodiscard]] std::vector<scoring::ProfileInput> profile_inputs() const;
};

// Reads --method, --annotators, --min-annotators, --seed, --dimension (those present in the command).
ConsensusSettings consensus_settings(const Args& args);

StudyConsensus build_consensus(const StudyData& data, const ConsensusSettings& settings);

}  // namespace credence::cli
