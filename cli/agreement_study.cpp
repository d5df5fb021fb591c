// Agreement on a study, dimension by dimension, with diagnostics, machine-vs-human and by-outlet tables.
#include "agreement_study.hpp"

#include <boost/json.hpp>
#include <iomanip>
#include <set>

#include "agreement_output.hpp"
#include "credence/scoring/study_agreement.hpp"
#include "study_data.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace ann = credence::annotate;
namespace sc = credence::scoring;

namespace {

boost::json::object dimension_json(const sc::DimensionAgreement& d) {
  boost::json::object o;
  o["rubric"] = d.rubric_id;
  o["rubric_version"] = d.rubric_version;
  o["dimension"] = d.dimension;
  o["unit"] = d.unit_kind;
  o["scale"] = std::string(ann::to_string(d.scale));
  o["agreement"] = agreement_report_json(d.report);
  boost::json::array notes, diagnostics, machines, by_source;
  for (const auto& n : d.notes) notes.push_back(boost::json::string(n));
  for (const auto& n : d.diagnostics) diagnostics.push_back(boost::json::string(n));
  for (const auto& m : d.machines) {
    machines.push_back({{"machine", m.machine},
                        {"mean_alpha_with_humans", m.mean_alpha_with_humans ? boost::json::value(*m.mean_alpha_with_humans)
                                                                            : boost::json::value(nullptr)},
                        {"human_human_mean_alpha", m.human_human_mean_alpha ? boost::json::value(*m.human_human_mean_alpha)
                                                                            : boost::json::value(nullptr)},
                        {"humans_compared", m.humans_compared}});
  }
  for (const auto& [source, report] : d.by_source) {
    boost::json::object s = agreement_report_json(report);
    s["source"] = source;
    by_source.push_back(s);
  }
  for (const auto& [source, why] : d.source_notes) by_source.push_back({{"source", source}, {"undefined_reason", why}});
  o["notes"] = notes;
  o["diagnostics"] = diagnostics;
  o["machine_vs_human"] = machines;
  if (d.spans) {
    o["span_groups"] = {{"groups", d.spans->groups},
                        {"shared", d.spans->shared_groups},
                        {"boundary_mismatch", d.spans->boundary_mismatch},
                        {"category_mismatch", d.spans->category_mismatch}};
  }
  o["by_source"] = by_source;
  return o;
}

std::string short_number(const std::optional<double>& value) {
  if (!value) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", *value);
  return buffer;
}

void print_dimension(const sc::DimensionAgreement& d, std::ostream& out) {
  out << "== " << d.rubric_id << " " << d.rubric_version << " / " << d.dimension << " (" << d.unit_kind
      << " units, " << ann::to_string(d.scale) << ")\n";
  for (const auto& n : d.notes) out << "note: " << n << "\n";
  if (d.report.n_coders >= 2 && d.report.n_units > 0) print_agreement_table(d.report, out);
  if (!d.machines.empty()) {
    out << "\nmachine annotators against the humans (mean pairwise alpha):\n";
    for (const auto& m : d.machines) {
      out << "  " << std::left << std::setw(28) << m.machine << short_number(m.mean_alpha_with_humans)
          << "  (humans among themselves " << short_number(m.human_human_mean_alpha) << ")\n";
    }
  }
  if (d.spans) {
    out << "\nspan groups: " << d.spans->groups << " places marked, " << d.spans->shared_groups
        << " by several annotators; of these " << d.spans->boundary_mismatch << " differ in boundaries and "
        << d.spans->category_mismatch << " in category\n";
  }
  if (!d.by_source.empty() || !d.source_notes.empty()) {
    out << "\nby outlet (units, alpha, 95% interval):\n";
    for (const auto& [source, report] : d.by_source) {
      const sc::CoefficientResult* alpha = nullptr;
      for (const auto& [c, r] : report.coefficients) {
        if (c == sc::Coefficient::krippendorff_alpha) alpha = &r;
      }
      out << "  " << std::left << std::setw(36) << source << std::setw(8) << report.n_units;
      if (alpha == nullptr || !alpha->defined()) {
        out << "undefined" << (alpha ? ": " + alpha->undefined_reason : std::string()) << "\n";
        continue;
      }
      out << std::setw(8) << short_number(alpha->value);
      if (alpha->ci95) out << "[" << short_number(alpha->ci95->first) << ", " << short_number(alpha->ci95->second) << "]";
      out << "\n";
    }
    for (const auto& [source, why] : d.source_notes) out << "  " << std::left << std::setw(36) << source << why << "\n";
  }
  for (const auto& diagnostic : d.diagnostics) out << "! " << diagnostic << "\n";
  out << "\n";
}

}  // namespace

int run_study_agreement(const Args& args, Context& context) {
  if (args.has("--data")) throw UsageError{"give either STUDY or --data FILE, not both"};
  auto study = open_study(args.positional.at(0), context, "agreement");
  if (!study) return k_exit_io;
  const bool include_old = args.has("--include-old-versions");
  StudyData data = load_study_data(*study, include_old);
  sc::StudyAgreementOptions options;
  options.bootstrap = static_cast<std::size_t>(parse_int_option(args, "--bootstrap", 0, 0, 1000000));
  options.seed = static_cast<std::uint64_t>(parse_int_option(args, "--seed", 1, 0, INT64_MAX));
  options.by_source = args.has("--by-source");
  options.article_source = data.article_source;
  std::vector<std::string> wanted_annotators;
  if (auto list = args.get("--annotators")) wanted_annotators = split_list(*list);
  std::string only_dimension = args.get_or("--dimension", "");
  std::string only_rubric;
  if (auto slash = only_dimension.find('/'); slash != std::string::npos) {
    only_rubric = only_dimension.substr(0, slash);
    only_dimension = only_dimension.substr(slash + 1);
  }
  if (data.labels.empty()) {
    context.err << "credence agreement: " << data.no_labels_reason() << "\n";
    return k_exit_usage;
  }
  std::vector<sc::DimensionAgreement> results;
  bool found = only_dimension.empty();
  for (const auto& rubric : data.rubrics) {
    if (!only_rubric.empty() && rubric.id != only_rubric) continue;
    for (const auto& dimension : rubric.dimensions) {
      if (!only_dimension.empty() && dimension.id != only_dimension) continue;
      found = true;
      auto labels = data.dimension_labels(rubric.id, dimension.id);
      options.annotators = wanted_annotators;
      if (options.annotators.empty()) options.annotators = data.default_raters(rubric.id, dimension, false);
      const auto coverage_it = data.coverage.find(rubric.id);
      const sc::Coverage coverage = coverage_it == data.coverage.end() ? sc::Coverage{} : coverage_it->second;
      results.push_back(sc::analyse_dimension(data.articles, labels, rubric, dimension, coverage, options));
      if (include_old) results.back().notes.push_back("labels made under older rubric versions are included");
    }
  }
  if (!found) {
    context.err << "credence agreement: no dimension \"" << args.get_or("--dimension", "")
                << "\" in the study's rubrics (use RUBRIC/DIMENSION or a dimension id)\n";
    return k_exit_usage;
  }
  if (args.has("--json")) {
    boost::json::object o;
    boost::json::array dims;
    for (const auto& r : results) dims.push_back(dimension_json(r));
    o["dimensions"] = dims;
    boost::json::object old;
    for (const auto& [id, n] : data.old_version_labels) old[id] = n;
    o["labels_from_older_rubric_versions_left_out"] = old;
    context.out << boost::json::serialize(o) << "\n";
    return k_exit_ok;
  }
  for (const auto& r : results) print_dimension(r, context.out);
  for (const auto& [id, n] : data.old_version_labels) {
    context.out << "note: " << n << " label(s) of rubric " << id
                << " were made under an older version and are left out (--include-old-versions counts them)\n";
  }
  return k_exit_ok;
}

}  // namespace credence::cli
