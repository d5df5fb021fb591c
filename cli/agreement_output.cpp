// JSON and table renderings of an agreement report, shared by `credence agreement --data` and the
// STUDY form.
#include "agreement_output.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <iomanip>

namespace credence::cli {

using namespace credence::scoring;

namespace {

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

std::string format_number(const std::optional<double>& value) {
  if (!value) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", *value);
  return buffer;
}

}  // namespace

boost::json::object agreement_report_json(const AgreementReport& report) {
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

void print_agreement_table(const AgreementReport& report, std::ostream& out) {
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

}  // namespace credence::cli
