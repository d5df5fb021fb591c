// Agreement on a study's labels, dimension by dimension, with reviewer diagnostics (study_agreement.hpp).
#include "credence/scoring/study_agreement.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace credence::scoring {

namespace ann = credence::annotate;

namespace {

std::string fixed(double value, int digits = 2) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

bool is_machine(const std::string& annotator) { return annotator.rfind("machine:", 0) == 0; }

const CoefficientResult* find_coefficient(const AgreementReport& report, Coefficient which) {
  for (const auto& [c, result] : report.coefficients) {
    if (c == which) return &result;
  }
  return nullptr;
}

}  // namespace

Level level_for(ann::Scale scale) {
  switch (scale) {
    case ann::Scale::ordinal: return Level::ordinal;
    case ann::Scale::interval: return Level::interval;
    case ann::Scale::nominal:
    case ann::Scale::binary: return Level::nominal;
  }
  return Level::nominal;
}

std::vector<std::string> agreement_diagnostics(const ReliabilityData& data, const AgreementReport& report,
                                               std::size_t few_units) {
  std::vector<std::string> out;
  const auto pairable_units = report.coincidence.pairable_units;
  if (pairable_units < few_units) {
    out.push_back("few units: only " + std::to_string(pairable_units) +
                  " units were rated by two or more annotators; intervals are wide and single disagreements move "
                  "the coefficients a lot");
  }
  // Prevalence: the share of all values in the most used category.
  const std::size_t q = data.category_count();
  std::vector<std::size_t> counts(q, 0);
  std::size_t values = 0;
  for (const auto code : data.codes()) {
    if (code >= 0) {
      ++counts[static_cast<std::size_t>(code)];
      ++values;
    }
  }
  if (values > 0 && q > 0) {
    const auto top = static_cast<std::size_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
    const double prevalence = static_cast<double>(counts[top]) / static_cast<double>(values);
    const auto* percent = find_coefficient(report, Coefficient::percent_agreement);
    const auto* ac1 = find_coefficient(report, Coefficient::gwet_ac1);
    const auto* alpha = find_coefficient(report, Coefficient::krippendorff_alpha);
    if (prevalence >= 0.8 && percent && percent->value && *percent->value >= 0.8 && alpha && alpha->value &&
        *alpha->value < 0.6) {
      std::string line = "skewed categories: \"" + data.labels()[top] + "\" is " + fixed(100 * prevalence, 0) +
                         "% of all values, so chance-corrected coefficients are low (alpha " + fixed(*alpha->value) +
                         ") despite " + fixed(100 * *percent->value, 0) + "% raw agreement (the kappa paradox)";
      if (ac1 && ac1->value) line += "; Gwet's AC1, which is less affected, is " + fixed(*ac1->value);
      out.push_back(line);
    }
  }
  // Pairs of annotators with nothing in common.
  for (const auto& pair : report.pairs) {
    if (pair.common_units == 0) {
      out.push_back("no common units: " + pair.coder_a + " and " + pair.coder_b +
                    " rated no unit in common, so their agreement cannot be measured (it is not 1.0)");
    }
  }
  // Annotators whose use of a category is far above the others'.
  const std::size_t m = data.coder_count();
  if (m >= 2 && q >= 2) {
    std::vector<std::vector<std::size_t>> per_coder(m, std::vector<std::size_t>(q, 0));
    std::vector<std::size_t> per_coder_total(m, 0);
    for (std::size_t unit_idx = 0; unit_idx < data.unit_count(); ++unit_idx) {
      for (std::size_t coder_idx = 0; coder_idx < m; ++coder_idx) {
        const auto code = data.code(unit_idx, coder_idx);
        if (code < 0) continue;
        ++per_coder[coder_idx][static_cast<std::size_t>(code)];
        ++per_coder_total[coder_idx];
      }
    }
    for (std::size_t coder_idx = 0; coder_idx < m; ++coder_idx) {
      if (per_coder_total[coder_idx] == 0) continue;
      for (std::size_t cat = 0; cat < q; ++cat) {
        if (data.labels()[cat] == k_none_category) continue;
        const double own = static_cast<double>(per_coder[coder_idx][cat]);
        if (own < 5) continue;
        const double others = static_cast<double>(counts[cat]) - own;
        const double others_total = static_cast<double>(values - per_coder_total[coder_idx]);
        if (others_total <= 0) continue;
        const double own_share = own / static_cast<double>(per_coder_total[coder_idx]);
        const double others_share = (others + 0.5) / (others_total + 1.0);
        if (own_share / others_share >= 2.0) {
          out.push_back("category use: " + data.coder_ids()[coder_idx] + " uses \"" + data.labels()[cat] + "\" " +
                        fixed(own_share / others_share, 1) + "x as often as the others (" + fixed(100 * own_share, 1) +
                        "% of their values vs " + fixed(100 * others / others_total, 1) +
                        "%); check the rubric's decision rules with them");
        }
      }
    }
  }
  return out;
}

DimensionAgreement analyse_dimension(const std::vector<ann::Article>& articles,
                                     const std::vector<ann::Annotation>& dimension_labels, const ann::Rubric& rubric,
                                     const ann::RubricDimension& dimension, const Coverage& coverage,
                                     const StudyAgreementOptions& options) {
  DimensionAgreement out;
  out.rubric_id = rubric.id;
  out.rubric_version = rubric.version;
  out.dimension = dimension.id;
  out.scale = dimension.scale;
  UnitOptions unit_options;
  unit_options.annotators = options.annotators;
  auto units = build_units(articles, dimension_labels, dimension, coverage, unit_options);
  out.unit_kind = units.unit_kind;
  out.notes = units.notes;
  AgreementOptions agreement;
  agreement.alpha.level = dimension.multiple ? Level::nominal : level_for(dimension.scale);
  agreement.bootstrap = options.bootstrap;
  agreement.seed = options.seed;
  if (units.data.coder_count() < 2 || units.data.unit_count() == 0) {
    out.report.n_units = units.data.unit_count();
    out.report.n_coders = units.data.coder_count();
    // No units at all also leaves no coders (build_units keeps coders only with units), so units go first.
    out.diagnostics.push_back(units.data.unit_count() == 0
                                  ? "no units: nobody labelled this dimension"
                                  : "fewer than two annotators labelled this dimension: agreement cannot be measured");
    return out;
  }
  out.report = compute_agreement(units.data, agreement);
  out.diagnostics = agreement_diagnostics(units.data, out.report, options.few_units);

  // Machine annotators against the humans.
  std::vector<double> human_pairs;
  std::map<std::string, std::vector<double>> machine_pairs;
  for (const auto& pair : out.report.pairs) {
    if (!pair.alpha.value) continue;
    const bool ma = is_machine(pair.coder_a), mb = is_machine(pair.coder_b);
    if (!ma && !mb) human_pairs.push_back(*pair.alpha.value);
    if (ma != mb) machine_pairs[ma ? pair.coder_a : pair.coder_b].push_back(*pair.alpha.value);
  }
  auto mean = [](const std::vector<double>& v) -> std::optional<double> {
    if (v.empty()) return std::nullopt;
    double sum = 0;
    for (double x : v) sum += x;
    return sum / static_cast<double>(v.size());
  };
  for (const auto& coder : units.data.coder_ids()) {
    if (!is_machine(coder)) continue;
    MachineComparison comparison;
    comparison.machine = coder;
    comparison.mean_alpha_with_humans = mean(machine_pairs[coder]);
    comparison.human_human_mean_alpha = mean(human_pairs);
    comparison.humans_compared = machine_pairs[coder].size();
    out.machines.push_back(comparison);
  }

  if (dimension.unit == ann::UnitKind::span) {
    std::vector<ann::Annotation> selected;
    const std::set<std::string> wanted(units.data.coder_ids().begin(), units.data.coder_ids().end());
    for (const auto& label : dimension_labels) {
      if (wanted.count(label.annotator) > 0) selected.push_back(label);
    }
    SpanBoundaryStats stats;
    for (const auto& cluster : cluster_spans(selected)) {
      ++stats.groups;
      std::set<std::string> who;
      for (auto idx : cluster.members) who.insert(selected[idx].annotator);
      if (who.size() < 2) continue;
      ++stats.shared_groups;
      const auto& first = selected[cluster.members.front()];
      bool same_bounds = true, same_category = true;
      for (auto idx : cluster.members) {
        same_bounds = same_bounds && selected[idx].start == first.start && selected[idx].end == first.end;
        same_category = same_category && selected[idx].category == first.category;
      }
      if (!same_bounds) ++stats.boundary_mismatch;
      if (!same_category) ++stats.category_mismatch;
    }
    if (stats.shared_groups > 0 && stats.boundary_mismatch * 4 >= stats.shared_groups) {
      out.diagnostics.push_back("span boundaries: in " + std::to_string(stats.boundary_mismatch) + " of " +
                                std::to_string(stats.shared_groups) +
                                " places marked by several annotators the spans differ in where they start or end; "
                                "token-level agreement counts these as partial disagreement");
    }
    out.spans = stats;
  }

  if (options.by_source) {
    std::map<std::string, std::set<std::int64_t>> by_source;
    for (const auto& article : articles) {
      auto it = options.article_source.find(article.id);
      by_source[it == options.article_source.end() ? std::string("(unknown)") : it->second].insert(article.id);
    }
    for (const auto& [source, ids] : by_source) {
      UnitOptions restricted = unit_options;
      restricted.annotators = units.data.coder_ids();
      restricted.articles = ids;
      auto source_units = build_units(articles, dimension_labels, dimension, coverage, restricted);
      if (source_units.data.unit_count() == 0) {
        out.source_notes.emplace_back(source, "no labelled units");
        continue;
      }
      AgreementOptions source_options = agreement;
      source_options.breakdown = false;
      out.by_source.emplace_back(source, compute_agreement(source_units.data, source_options));
    }
  }
  return out;
}

}  // namespace credence::scoring
