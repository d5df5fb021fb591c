// `credence agreement --data FILE`: agreement coefficients with intervals from long-format CSV/TSV.
// The STUDY form (agreement from the study store) is a positional argument to be added later.
#include <boost/json.hpp>

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <stdexcept>

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

boost::json::value number_or_null(const std::optional<double>& value) {
  if (!value || !std::isfinite(*value)) return nullptr;
  return *value;
}

boost::json::object result_json(const CoefficientResult& r) {
  boost::json::object o;
  o["value"] = number_or_null(r.value);
  o["se"] = number_or_null(r.se);
  if (r.ci95) o["ci95"] = boost::json::array{r.ci95->first, r.ci95->second};
  else o["ci95"] = nullptr;
  o["ci_method"] = r.ci_method.empty() ? boost::json::value(nullptr) : boost::json::value(r.ci_method);
  o["undefined_reason"] = r.undefined_reason.empty() ? boost::json::value(nullptr) : boost::json::value(r.undefined_reason);
  return o;
}

boost::json::object report_json(const AgreementReport& report) {
  boost::json::object o;
  o["n_units"] = report.n_units;
  o["n_coders"] = report.n_coders;
  o["n_values"] = report.n_values;
  o["n_pairable"] = report.n_pairable;
  o["level"] = level_name(report.level);
  o["weights"] = report.weights;
  boost::json::object coefficients;
  for (const auto& [c, r] : report.coefficients) coefficients[coefficient_name(c)] = result_json(r);
  o["coefficients"] = coefficients;
  boost::json::object categories;
  for (const auto& c : report.per_category) {
    categories[c.label] = {{"pairable_values", c.pairable_values},
                           {"alpha_binary", result_json(c.binary_alpha)},
                           {"specific_agreement", result_json(c.specific_agreement)}};
  }
  o["per_category"] = categories;
  boost::json::array matrix;
  const std::size_t q = report.coincidence.category_count;
  for (std::size_t c = 0; c < q; ++c) {
    boost::json::array row;
    for (std::size_t k = 0; k < q; ++k) row.push_back(report.coincidence.at(c, k));
    matrix.push_back(row);
  }
  boost::json::array labels;
  for (const auto& label : report.category_labels) labels.push_back(boost::json::string(label));
  o["coincidence"] = {{"categories", labels}, {"matrix", matrix}};
  boost::json::array pairs;
  for (const auto& p : report.pairs) {
    pairs.push_back({{"coder_a", p.coder_a}, {"coder_b", p.coder_b}, {"common_units", p.common_units},
                     {"krippendorff_alpha", result_json(p.alpha)},
                     {"percent_agreement", result_json(p.percent_agreement)}});
  }
  o["per_pair"] = pairs;
  boost::json::array coders;
  for (const auto& c : report.coders) {
    coders.push_back({{"coder", c.coder}, {"values", c.values}, {"alpha_without", result_json(c.alpha_without)},
                      {"pairwise_agreement", result_json(c.pairwise_agreement)}});
  }
  o["per_coder"] = coders;
  return o;
}

std::string format_number(const std::optional<double>& value) {
  if (!value) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", *value);
  return buffer;
}

void print_table(const AgreementReport& report, std::ostream& out) {
  out << report.n_units << " units, " << report.n_coders << " coders, " << report.n_values << " values ("
      << report.n_pairable << " pairable); alpha level " << level_name(report.level) << ", kappa weights "
      << report.weights << "\n\n";
  out << std::left << std::setw(22) << "coefficient" << std::setw(10) << "value" << std::setw(10) << "se"
      << "95% interval\n";
  for (const auto& [c, r] : report.coefficients) {
    out << std::setw(22) << coefficient_name(c);
    if (!r.defined()) {
      out << "undefined: " << r.undefined_reason << "\n";
      continue;
    }
    out << std::setw(10) << format_number(r.value) << std::setw(10) << format_number(r.se);
    if (r.ci95) out << "[" << format_number(r.ci95->first) << ", " << format_number(r.ci95->second) << "] " << r.ci_method;
    out << "\n";
  }
  out << "\nper category (pairable values, alpha of category vs. rest, share matched):\n";
  for (const auto& c : report.per_category) {
    out << "  " << std::setw(20) << c.label << std::setw(10) << c.pairable_values << std::setw(10)
        << (c.binary_alpha.defined() ? format_number(c.binary_alpha.value) : "undefined") << std::setw(10)
        << (c.specific_agreement.defined() ? format_number(c.specific_agreement.value) : "undefined") << "\n";
  }
  if (!report.pairs.empty()) {
    out << "\nper coder pair (common units, alpha, percent agreement):\n";
    for (const auto& p : report.pairs) {
      out << "  " << std::setw(30) << (p.coder_a + " / " + p.coder_b) << std::setw(10) << p.common_units
          << std::setw(10) << (p.alpha.defined() ? format_number(p.alpha.value) : "undefined") << std::setw(10)
          << (p.percent_agreement.defined() ? format_number(p.percent_agreement.value) : "undefined") << "\n";
    }
  }
  if (!report.coders.empty()) {
    out << "\neach coder against the rest (values, alpha without the coder, share of comparisons matched):\n";
    for (const auto& c : report.coders) {
      out << "  " << std::setw(20) << c.coder << std::setw(10) << c.values << std::setw(10)
          << (c.alpha_without.defined() ? format_number(c.alpha_without.value) : "undefined") << std::setw(10)
          << (c.pairwise_agreement.defined() ? format_number(c.pairwise_agreement.value) : "undefined") << "\n";
    }
  }
}

int run_agreement(const Args& args, Context& context) {
  if (!args.positional.empty()) {
    throw UsageError{"agreement from a study is not available yet; give the ratings with --data FILE"};
  }
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
    context.out << boost::json::serialize(report_json(report)) << "\n";
  } else {
    print_table(report, context.out);
  }
  return k_exit_ok;
}

}  // namespace

Command make_agreement_command() {
  Command command;
  command.name = "agreement";
  command.summary = "inter-annotator agreement (Krippendorff's alpha, kappas, AC1/AC2) with intervals";
  command.usage = "credence agreement --data FILE [options]";
  command.description =
      "Reads long-format CSV or TSV (one row per unit, coder and value; an empty value is missing) and reports "
      "Krippendorff's alpha, Cohen's kappa, Scott's pi, Fleiss' and Conger's kappa, Brennan-Prediger, Gwet's "
      "AC1/AC2 and percent agreement, per category, per coder pair and per coder. --level sets alpha's metric "
      "(Krippendorff); --weights sets the kappa family's and AC2's weights as Gwet defines them. Formulas and "
      "sources: docs/statistics.md.";
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
  };
  command.min_positional = 0;
  command.max_positional = 1;
  command.run = run_agreement;
  return command;
}

}  // namespace credence::cli
