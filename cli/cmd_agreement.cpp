// `credence agreement --data FILE`: agreement coefficients with intervals from long-format CSV/TSV.
// The STUDY form (agreement from the study store) is a positional argument to be added later.
#include <boost/json.hpp>

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "agreement_output.hpp"
#include "agreement_study.hpp"
#include "commands.hpp"
#include "credence/scoring/agreement.hpp"
#include "credence/scoring/long_csv.hpp"

namespace credence::cli {

namespace {

using namespace credence::scoring;

struct AgreementCliOptions {
  LongCsvOptions csv;
  AgreementOptions agreement;
  bool json = false;
  bool explicit_weights = false;
};

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

AgreementCliOptions setup_agreement(const Args& args) {
  AgreementCliOptions o;
  o.csv.unit_column = args.get_or("--unit-col", "unit");
  o.csv.coder_column = args.get_or("--coder-col", "coder");
  o.csv.value_column = args.get_or("--value-col", "value");
  const auto level_text = args.get_or("--level", "nominal");
  const auto level = parse_level(level_text);
  if (!level) throw UsageError{"unknown level '" + level_text + "' (choose nominal, ordinal, interval or ratio)"};
  o.agreement.alpha.level = *level;
  o.csv.require_numbers = *level == Level::interval || *level == Level::ratio;
  if (auto weights_text = args.get("--weights")) {
    const auto scheme = parse_weight_scheme(*weights_text);
    if (!scheme) {
      throw UsageError{"unknown weights '" + *weights_text + "' (choose identity, linear, quadratic, ordinal or ratio)"};
    }
    o.agreement.kappa.weights = *scheme;
    o.explicit_weights = true;
  }
  if (auto list = args.get("--coefficients")) {
    const auto names = split_list(*list);
    if (names.empty()) throw UsageError{"--coefficients needs a list of names or 'all'"};
    for (const auto& name : names) {
      if (name == "all") {
        o.agreement.coefficients.clear();
        break;
      }
      const auto c = parse_coefficient(name);
      if (!c) {
        std::vector<std::string> known;
        for (auto k : all_coefficients()) known.push_back(coefficient_name(k));
        throw UsageError{"unknown coefficient '" + name + "' (choose all, " + join_names(known) + ")"};
      }
      o.agreement.coefficients.push_back(*c);
    }
  }
  if (auto order = args.get("--order")) {
    o.csv.order.explicit_order = split_list(*order);
    if (o.csv.order.explicit_order.empty()) throw UsageError{"--order needs a comma-separated list of values"};
  }
  if (auto dup = args.get("--duplicates")) {
    if (*dup == "error") o.csv.duplicates = DuplicatePolicy::error;
    else if (*dup == "first") o.csv.duplicates = DuplicatePolicy::first;
    else if (*dup == "last") o.csv.duplicates = DuplicatePolicy::last;
    else throw UsageError{"--duplicates must be first, last or error, got '" + *dup + "'"};
  }
  o.agreement.bootstrap = static_cast<std::size_t>(parse_int_option(args, "--bootstrap", 0, 0, 1000000));
  o.agreement.seed = static_cast<std::uint64_t>(parse_int_option(args, "--seed", 1, 0, INT64_MAX));
  o.agreement.threads = static_cast<std::size_t>(parse_int_option(args, "--threads", 0, 0, 1024));
  o.json = args.has("--json");
  return o;
}

int run_agreement(const Args& args, Context& context) {
  if (!args.positional.empty()) return run_study_agreement(args, context);
  const auto path = args.get("--data");
  if (!path) throw UsageError{"--data FILE is required (long CSV/TSV with unit, coder and value columns)"};
  auto options = setup_agreement(args);
  auto loaded = read_long_csv_file(*path, options.csv);
  for (const auto& d : loaded.diagnostics) context.err << d.render() << "\n";
  if (!loaded.data) return loaded.io_error ? k_exit_io : k_exit_usage;
  const auto& data = *loaded.data;
  const bool ranked_text = !data.all_numeric() && options.csv.order.explicit_order.empty();
  if (ranked_text && options.agreement.alpha.level == Level::ordinal) {
    throw UsageError{"the ordinal level on text values needs --order (values: " + join_names(data.labels()) + ")"};
  }
  if (ranked_text && options.agreement.kappa.weights != WeightScheme::identity) {
    throw UsageError{"--weights " + weight_scheme_name(options.agreement.kappa.weights) +
                     " on text values needs --order (values: " + join_names(data.labels()) + ")"};
  }
  AgreementReport report;
  try {
    report = compute_agreement(data, options.agreement);
  } catch (const std::invalid_argument& e) {
    throw UsageError{e.what()};
  }
  if (options.json) {
    context.out << boost::json::serialize(agreement_report_json(report)) << "\n";
  } else {
    print_agreement_table(report, context.out);
  }
  return k_exit_ok;
}

}  // namespace

Command make_agreement_command() {
  Command command;
  command.name = "agreement";
  command.summary = "inter-annotator agreement (Krippendorff's alpha, kappas, AC1/AC2) with intervals";
  command.usage = "credence agreement --data FILE [options] | credence agreement STUDY [options]";
  command.description =
      "Reads long-format CSV or TSV (one row per unit, coder and value; an empty value is missing) and reports "
      "Krippendorff's alpha, Cohen's kappa, Scott's pi, Fleiss' and Conger's kappa, Brennan-Prediger, Gwet's "
      "AC1/AC2 and percent agreement, per category, per coder pair and per coder. --level sets alpha's metric "
      "(Krippendorff); --weights sets the kappa family's and AC2's weights as Gwet defines them. Formulas and "
      "sources: docs/statistics.md.\n\nWith STUDY instead of --data, every rubric dimension of the study is measured at its own unit "
      "(article, passage, or word tokens for spans) and scale, with per-category and per-annotator tables, "
      "machine annotators against the humans, reviewer diagnostics and, with --by-source, each outlet.";
  command.options = {
      {"--data", "FILE", "long CSV/TSV of ratings (required)"},
      {"--unit-col", "C", "unit column name (default unit)"},
      {"--coder-col", "C", "coder column name (default coder)"},
      {"--value-col", "C", "value column name (default value)"},
      {"--level", "LEVEL", "alpha metric: nominal (default), ordinal, interval, ratio"},
      {"--weights", "W", "kappa/AC2 weights: identity (default), linear, quadratic, ordinal, ratio"},
      {"--order", "A,B,C", "order of text values (needed for ordinal level or weights on text)"},
      {"--coefficients", "LIST", "comma list of coefficient names, or all (default: all that apply)"},
      {"--bootstrap", "N", "bootstrap resamples for intervals (default 0: analytic only)"},
      {"--seed", "S", "bootstrap seed (default 1)"},
      {"--threads", "N", "bootstrap threads (default: all cores)"},
      {"--duplicates", "P", "a unit rated twice by one coder: error (default), first, last"},
      {"--json", "", "print one JSON object"},
      {"--dimension", "ID", "STUDY form: only this dimension (ID or RUBRIC/ID)"},
      {"--by-source", "", "STUDY form: agreement on each outlet's articles too"},
      {"--annotators", "LIST", "STUDY form: only these annotators (default: all except derived/curated)"},
      {"--include-old-versions", "", "STUDY form: count labels made under older rubric versions (marked)"},
  };
  command.min_positional = 0;
  command.max_positional = 1;
  command.run = run_agreement;
  return command;
}

}  // namespace credence::cli
