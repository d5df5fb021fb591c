// `credence report STUDY --out report.html`: one self-contained HTML file with agreement, profiles,
// comparisons and a generated methods section. Written to a temporary file and renamed, so an
// interrupted run never leaves half a report.
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>

#include "commands.hpp"
#include "consensus_util.hpp"
#include "profile_output.hpp"
#include "report_html.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace sc = credence::scoring;
namespace fs = std::filesystem;

namespace {


int run_report(const Args& args, Context& context) {
  const auto out_path = args.get("--out");
  if (!out_path) throw UsageError{"--out FILE is required (the HTML report to write)"};
  const auto settings = consensus_settings(args);
  const auto bootstrap = static_cast<std::size_t>(parse_int_option(args, "--bootstrap", 1000, 0, 1000000));
  const auto permutations = static_cast<std::size_t>(parse_int_option(args, "--permutations", 2000, 0, 10000000));
  auto study = open_study(args.positional.at(0), context, "report");
  if (!study) return k_exit_io;
  const StudyData data = load_study_data(*study, args.has("--include-old-versions"));
  if (data.articles.empty()) {
    context.err << "credence report: the study has no articles; import some with 'credence import'\n";
    return k_exit_usage;
  }
  ReportInputs in;
  in.study_name = fs::path(args.positional[0]).filename().string();
  if (in.study_name.empty()) in.study_name = args.positional[0];
  in.generated_at = annotate::utc_now();
  in.summary = study->summary();
  in.data = &data;
  in.bootstrap = bootstrap;
  in.permutations = permutations;
  in.seed = settings.seed;

  sc::StudyAgreementOptions agreement;
  agreement.seed = settings.seed;
  agreement.bootstrap = bootstrap;
  for (const auto& rubric : data.rubrics) {
    auto coverage_it = data.coverage.find(rubric.id);
    const sc::Coverage coverage = coverage_it == data.coverage.end() ? sc::Coverage{} : coverage_it->second;
    for (const auto& dimension : rubric.dimensions) {
      auto labels = data.dimension_labels(rubric.id, dimension.id);
      if (labels.empty()) continue;
      agreement.annotators = data.default_raters(rubric.id, dimension, false);
      in.agreement.push_back(sc::analyse_dimension(data.articles, labels, rubric, dimension, coverage, agreement));
    }
  }
  if (in.agreement.empty()) {
    context.err << "credence report: note: the study has no labels; the report shows the corpus only\n";
  }
  const auto consensus = build_consensus(data, settings);
  in.consensus = &consensus;
  in.consensus_basis = consensus_basis(settings, consensus);
  const auto inputs = consensus.profile_inputs();
  in.article_stats = sc::article_stats(data.articles, data.article_source, inputs);
  in.metrics = sc::metric_definitions(inputs);
  sc::ProfileOptions profile_options;
  profile_options.bootstrap = bootstrap;
  profile_options.seed = settings.seed;
  in.profiles = sc::compute_profiles(in.article_stats, in.metrics, profile_options);
  std::vector<std::string> sources;
  for (const auto& p : in.profiles) sources.push_back(p.source);
  if (sources.size() >= 2 && !data.labels.empty()) {
    sc::CompareOptions compare;
    compare.bootstrap = bootstrap;
    compare.permutations = permutations;
    compare.seed = settings.seed;
    in.comparisons = sc::compare_sources(in.article_stats, in.metrics, sources, compare);
  }
  const std::string html = render_report(in);
  const fs::path target(*out_path);
  const fs::path temporary = target.string() + ".part";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) {
      context.err << "credence report: cannot write " << temporary.string() << "; check the folder exists and is writable\n";
      return k_exit_io;
    }
    file << html;
    file.close();
    if (!file) {
      std::error_code ec;
      fs::remove(temporary, ec);
      context.err << "credence report: writing " << target.string() << " failed (disk full?); nothing was written\n";
      return k_exit_io;
    }
  }
  std::error_code ec;
  fs::rename(temporary, target, ec);
  if (ec) {
    std::error_code ignored;  // the rename's error is the one to report
    fs::remove(temporary, ignored);
    context.err << "credence report: cannot create " << target.string() << ": " << ec.message() << "\n";
    return k_exit_io;
  }
  context.out << "wrote " << target.string() << " (" << html.size() / 1024 << " KiB): " << in.agreement.size()
              << " dimensions, " << in.profiles.size() << " outlets, " << in.comparisons.size() << " comparisons\n";
  return k_exit_ok;
}

}  // namespace

Command make_report_command() {
  Command c;
  c.name = "report";
  c.summary = "write a self-contained HTML report (agreement, profiles, comparisons, methods)";
  c.usage = "credence report STUDY --out report.html [--method M] [--bootstrap N] [--permutations N]";
  c.options = {{"--out", "FILE", "HTML file to write"},
               {"--method", "M", "consensus for profiles: majority (default), dawid-skene or mace"},
               {"--annotators", "LIST", "annotators behind the consensus (default: all humans)"},
               {"--min-annotators", "K", "units with fewer labels are left out of profiles (default 1)"},
               {"--bootstrap", "N", "bootstrap resamples (default 1000)"},
               {"--permutations", "N", "permutations per comparison (default 2000)"},
               {"--seed", "S", "seed (default 1)"},
               {"--include-old-versions", "", "use labels made under older rubric versions too"}};
  c.min_positional = 1;
  c.max_positional = 1;
  c.run = run_report;
  return c;
}

}  // namespace credence::cli
