// `credence compare STUDY --sources A,B[,C...]`: differences between outlets per figure, with bootstrap
// intervals, permutation tests over articles and Holm's correction, and the sentence a researcher writes.
#include <boost/json.hpp>

#include "commands.hpp"
#include "consensus_util.hpp"
#include "profile_output.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace sc = credence::scoring;

namespace {

int run_compare(const Args& args, Context& context) {
  const auto settings = consensus_settings(args);
  const auto list = args.get("--sources");
  if (!list) throw UsageError{"--sources A,B is required (two or more outlets)"};
  auto sources = split_list(*list);
  const bool all_sources = sources.size() == 1 && sources[0] == "all";
  if (sources.size() < 2 && !all_sources) throw UsageError{"--sources needs at least two outlets (or all), got '" + *list + "'"};
  sc::CompareOptions options;
  options.bootstrap = static_cast<std::size_t>(parse_int_option(args, "--bootstrap", 1000, 0, 1000000));
  options.permutations = static_cast<std::size_t>(parse_int_option(args, "--permutations", 5000, 0, 10000000));
  options.seed = settings.seed;
  auto study = open_study(args.positional.at(0), context, "compare");
  if (!study) return k_exit_io;
  const StudyData data = load_study_data(*study, args.has("--include-old-versions"));
  std::set<std::string> known;
  for (const auto& [id, source] : data.article_source) known.insert(source);
  if (all_sources) {
    sources.assign(known.begin(), known.end());
    if (sources.size() < 2) {
      context.err << "credence compare: the study has fewer than two outlets; nothing to compare\n";
      return k_exit_usage;
    }
  }
  for (const auto& source : sources) {
    if (known.count(source) == 0) {
      std::string names;
      for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
      context.err << "credence compare: no outlet named \"" << source << "\"; the study has: " << names << "\n";
      return k_exit_usage;
    }
  }
  if (data.labels.empty()) {
    context.err << "credence compare: outlets are compared on their labels, and " << data.no_labels_reason() << "\n";
    return k_exit_usage;
  }
  const auto consensus = build_consensus(data, settings);
  const auto inputs = consensus.profile_inputs();
  const auto stats = sc::article_stats(data.articles, data.article_source, inputs);
  const auto metrics = sc::metric_definitions(inputs);
  const auto comparisons = sc::compare_sources(stats, metrics, sources, options);
  if (args.has("--json")) {
    context.out << boost::json::serialize(comparisons_json(comparisons, consensus_basis(settings, consensus))) << "\n";
    return k_exit_ok;
  }
  context.out << "comparisons from " << consensus_basis(settings, consensus) << "; " << options.permutations
              << " permutations of articles per test, Holm's correction over all " << comparisons.size()
              << " tests\n\n";
  for (const auto& c : comparisons) context.out << c.sentence << "\n";
  return k_exit_ok;
}

}  // namespace

Command make_compare_command() {
  Command c;
  c.name = "compare";
  c.summary = "compare outlets figure by figure with intervals and permutation tests";
  c.usage = "credence compare STUDY --sources A,B[,C...] [--json] [--method M] [--permutations N]";
  c.options = {{"--sources", "LIST", "outlets to compare, or all (every pair is compared)"},
               {"--json", "", "print one JSON object"},
               {"--method", "M", "consensus: majority (default), dawid-skene or mace"},
               {"--annotators", "LIST", "annotators behind the consensus (default: all humans)"},
               {"--min-annotators", "K", "units with fewer labels are left out (default 1)"},
               {"--bootstrap", "N", "bootstrap resamples for intervals (default 1000)"},
               {"--permutations", "N", "permutations per test (default 5000)"},
               {"--seed", "S", "seed (default 1)"},
               {"--include-old-versions", "", "use labels made under older rubric versions too"}};
  c.min_positional = 1;
  c.max_positional = 1;
  c.run = run_compare;
  return c;
}

}  // namespace credence::cli
