// Building consensus labels for a whole study (consensus_util.hpp).
#include "consensus_util.hpp"

#include <set>

namespace credence::cli {

namespace sc = credence::scoring;

std::vector<sc::ProfileInput> StudyConsensus::profile_inputs() const {
  std::vector<sc::ProfileInput> inputs;
  for (const auto& d : dimensions) inputs.push_back({d.rubric, d.dimension, d.result.labels});
  return inputs;
}

ConsensusSettings consensus_settings(const Args& args) {
  ConsensusSettings settings;
  if (auto method = args.get("--method")) {
    auto parsed = sc::parse_aggregation_method(*method);
    if (!parsed) throw UsageError{"unknown --method '" + *method + "'; use majority, dawid-skene or mace"};
    settings.method = *parsed;
  }
  if (auto list = args.get("--annotators")) settings.annotators = split_list(*list);
  settings.min_annotators = static_cast<std::size_t>(parse_int_option(args, "--min-annotators", 1, 1, 1000));
  settings.seed = static_cast<std::uint64_t>(parse_int_option(args, "--seed", 1, 0, INT64_MAX));
  settings.only_dimension = args.get_or("--dimension", "");
  return settings;
}

StudyConsensus build_consensus(const StudyData& data, const ConsensusSettings& settings) {
  StudyConsensus out;
  std::string only_rubric, only_dimension = settings.only_dimension;
  if (auto slash = only_dimension.find('/'); slash != std::string::npos) {
    only_rubric = only_dimension.substr(0, slash);
    only_dimension = only_dimension.substr(slash + 1);
  }
  std::set<std::string> raters;
  for (const auto& rubric : data.rubrics) {
    if (!only_rubric.empty() && rubric.id != only_rubric) continue;
    auto coverage_it = data.coverage.find(rubric.id);
    const sc::Coverage coverage = coverage_it == data.coverage.end() ? sc::Coverage{} : coverage_it->second;
    for (const auto& dimension : rubric.dimensions) {
      if (!only_dimension.empty() && dimension.id != only_dimension) continue;
      auto labels = data.dimension_labels(rubric.id, dimension.id);
      sc::ConsensusOptions options;
      options.method = settings.method;
      options.aggregation.min_annotators = settings.min_annotators;
      options.aggregation.seed = settings.seed;
      options.annotators = settings.annotators;
      if (options.annotators.empty()) options.annotators = data.default_raters(rubric.id, dimension, true);
      raters.insert(options.annotators.begin(), options.annotators.end());
      DimensionConsensus d;
      d.rubric = &rubric;
      d.dimension = &dimension;
      d.result = sc::derive_consensus(data.articles, labels, rubric, dimension, coverage, options);
      out.dimensions.push_back(std::move(d));
    }
  }
  out.raters.assign(raters.begin(), raters.end());
  return out;
}

}  // namespace credence::cli
