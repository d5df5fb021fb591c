// `credence profile STUDY`: per-outlet figures from consensus labels of body passages, with 95%
// intervals from a bootstrap over articles, and the counts behind every figure.
#include <boost/json.hpp>
#include <iomanip>

#include "commands.hpp"
#include "consensus_util.hpp"
#include "profile_output.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace sc = credence::scoring;

namespace {

int run_profile(const Args& args, Context& context) {
  const auto settings = consensus_settings(args);
  sc::ProfileOptions options;
  options.bootstrap = static_cast<std::size_t>(parse_int_option(args, "--bootstrap", 1000, 0, 1000000));
  options.seed = settings.seed;
  auto study = open_study(args.positional.at(0), context, "profile");
  if (!study) return k_exit_io;
  const StudyData data = load_study_data(*study, args.has("--include-old-versions"));
  if (data.articles.empty()) {
    context.err << "credence profile: the study has no articles; import some with 'credence import'\n";
    return k_exit_usage;
  }
  if (data.labels.empty()) {
    context.err << "credence profile: profiles are computed from labels, and " << data.no_labels_reason() << "\n";
    return k_exit_usage;
  }
  const auto consensus = build_consensus(data, settings);
  const auto inputs = consensus.profile_inputs();
  const auto stats = sc::article_stats(data.articles, data.article_source, inputs);
  const auto metrics = sc::metric_definitions(inputs);
  auto profiles = sc::compute_profiles(stats, metrics, options);
  if (auto only = args.get("--source")) {
    std::erase_if(profiles, [&](const sc::SourceProfile& p) { return p.source != *only; });
    if (profiles.empty()) {
      context.err << "credence profile: no outlet named \"" << *only << "\" (see credence status)\n";
      return k_exit_usage;
    }
  }
  const std::string basis = consensus_basis(settings, consensus);
  if (args.has("--json")) {
    context.out << boost::json::serialize(profiles_json(profiles, basis)) << "\n";
  } else if (args.has("--csv")) {
    print_profiles_csv(profiles, context.out);
  } else {
    context.out << "outlet profiles from " << basis << "; body passages only; 95% intervals from "
                << options.bootstrap << " bootstrap resamples of articles\n";
    print_profiles(profiles, context.out);
  }
  return k_exit_ok;
}

}  // namespace

Command make_profile_command() {
  Command c;
  c.name = "profile";
  c.summary = "per-outlet figures (loaded language, claim support, frames, tone) with intervals";
  c.usage = "credence profile STUDY [--source NAME] [--json | --csv] [--method M] [--bootstrap N]";
  c.description =
      "Figures come from consensus labels (majority vote of the human annotators by default; a curated\n"
      "label overrides) of body passages only. Each figure has a 95% percentile interval from a\n"
      "bootstrap over the outlet's articles and the count it rests on (words, passages, claims).";
  c.options = {{"--source", "NAME", "only this outlet"},
               {"--json", "", "print one JSON object"},
               {"--csv", "", "print CSV (one row per outlet and figure)"},
               {"--method", "M", "consensus: majority (default), dawid-skene or mace"},
               {"--annotators", "LIST", "annotators behind the consensus (default: all humans)"},
               {"--min-annotators", "K", "units with fewer labels are left out (default 1)"},
               {"--bootstrap", "N", "bootstrap resamples (default 1000)"},
               {"--seed", "S", "seed (default 1)"},
               {"--include-old-versions", "", "use labels made under older rubric versions too"}};
  c.min_positional = 1;
  c.max_positional = 1;
  c.run = run_profile;
  return c;
}

}  // namespace credence::cli
