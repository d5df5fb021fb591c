// Text, CSV and JSON renderings of profiles and comparisons (profile_output.hpp).
#include "profile_output.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <iomanip>

namespace credence::cli {

namespace sc = credence::scoring;

namespace {

std::string number(double value, const std::string& unit) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, unit == "per 1,000 words" ? "%.1f" : "%.3f", value);
  return buffer;
}

boost::json::value optional_number(const std::optional<double>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string consensus_basis(const ConsensusSettings& settings, const StudyConsensus& consensus) {
  std::string who;
  for (const auto& r : consensus.raters) who += (who.empty() ? "" : ", ") + r;
  if (who.empty()) who = "no annotators";
  const std::string method = settings.method == sc::AggregationMethod::majority ? "majority vote"
                             : settings.method == sc::AggregationMethod::dawid_skene ? "Dawid-Skene consensus"
                                                                                     : "MACE consensus";
  return method + " of " + who + " (curated labels override)";
}

std::string format_estimate(const sc::Estimate& estimate, const std::string& unit) {
  if (!estimate.value) return "undefined: " + estimate.undefined_reason;
  std::string text = number(*estimate.value, unit);
  if (estimate.ci95) text += " [" + number(estimate.ci95->first, unit) + ", " + number(estimate.ci95->second, unit) + "]";
  return text;
}

boost::json::object profiles_json(const std::vector<sc::SourceProfile>& profiles, const std::string& basis) {
  boost::json::object o;
  o["basis"] = basis;
  boost::json::array list;
  for (const auto& p : profiles) {
    boost::json::object x;
    x["source"] = p.source;
    x["articles"] = p.articles;
    x["body_passages"] = p.body_passages;
    x["body_words"] = p.body_words;
    boost::json::array metrics;
    for (const auto& m : p.metrics) {
      boost::json::object mj;
      mj["id"] = m.id;
      mj["label"] = m.label;
      mj["unit"] = m.unit;
      mj["value"] = optional_number(m.estimate.value);
      if (m.estimate.ci95) mj["ci95"] = boost::json::array{m.estimate.ci95->first, m.estimate.ci95->second};
      else mj["ci95"] = nullptr;
      mj["n"] = m.denominator;
      mj["n_unit"] = m.denominator_unit;
      if (!m.estimate.undefined_reason.empty()) mj["undefined_reason"] = m.estimate.undefined_reason;
      metrics.push_back(mj);
    }
    x["metrics"] = metrics;
    boost::json::array notes;
    for (const auto& n : p.notes) notes.push_back(boost::json::string(n));
    x["notes"] = notes;
    list.push_back(x);
  }
  o["profiles"] = list;
  return o;
}

boost::json::object comparisons_json(const std::vector<sc::Comparison>& comparisons, const std::string& basis) {
  boost::json::object o;
  o["basis"] = basis;
  boost::json::array list;
  for (const auto& c : comparisons) {
    boost::json::object x;
    x["metric"] = c.metric_id;
    x["label"] = c.label;
    x["unit"] = c.unit;
    x["source_a"] = c.source_a;
    x["source_b"] = c.source_b;
    x["value_a"] = optional_number(c.value_a);
    x["value_b"] = optional_number(c.value_b);
    x["difference"] = optional_number(c.difference);
    if (c.difference_ci95) x["difference_ci95"] = boost::json::array{c.difference_ci95->first, c.difference_ci95->second};
    else x["difference_ci95"] = nullptr;
    x["p_value"] = optional_number(c.p_value);
    x["p_holm"] = optional_number(c.p_holm);
    x["sentence"] = c.sentence;
    if (!c.undefined_reason.empty()) x["undefined_reason"] = c.undefined_reason;
    list.push_back(x);
  }
  o["comparisons"] = list;
  return o;
}

void print_profiles(const std::vector<sc::SourceProfile>& profiles, std::ostream& out) {
  for (const auto& p : profiles) {
    out << "\n== " << p.source << ": " << p.articles << " articles, " << p.body_passages << " body passages, "
        << p.body_words << " body words\n";
    for (const auto& note : p.notes) out << "note: " << note << "\n";
    for (const auto& m : p.metrics) {
      out << "  " << std::left << std::setw(70) << m.label;
      if (m.label.size() >= 70) out << "\n  " << std::setw(70) << "";
      out << " " << std::setw(26) << format_estimate(m.estimate, m.unit) << "n = " << m.denominator << " "
          << m.denominator_unit << "\n";
    }
  }
}

void print_profiles_csv(const std::vector<sc::SourceProfile>& profiles, std::ostream& out) {
  out << "source,metric,label,unit,value,ci_low,ci_high,n,n_unit,articles\n";
  for (const auto& p : profiles) {
    for (const auto& m : p.metrics) {
      out << csv_field(p.source) << "," << m.id << "," << csv_field(m.label) << "," << csv_field(m.unit) << ",";
      if (m.estimate.value) out << *m.estimate.value;
      out << ",";
      if (m.estimate.ci95) out << m.estimate.ci95->first << "," << m.estimate.ci95->second;
      else out << ",";
      out << "," << m.denominator << "," << m.denominator_unit << "," << p.articles << "\n";
    }
  }
}

}  // namespace credence::cli
