// Rendering of the HTML report (report_html.hpp). One file, inline CSS and SVG, no scripts, no network.
#include "report_html.hpp"

#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "credence/scoring/svg_chart.hpp"
#include "credence/version.hpp"

namespace credence::cli {

namespace ann = credence::annotate;
namespace sc = credence::scoring;

namespace {

using sc::escape_html;

std::string num(double v, int digits = 3) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
  return buffer;
}

std::string result_cell(const sc::CoefficientResult& r) {
  if (!r.defined()) return "<span class=\"undef\">undefined: " + escape_html(r.undefined_reason) + "</span>";
  std::string s = "<b>" + num(*r.value) + "</b>";
  if (r.ci95) s += " [" + num(r.ci95->first) + ", " + num(r.ci95->second) + "]";
  if (!r.ci_method.empty()) s += " <span class=\"muted\">" + escape_html(r.ci_method) + "</span>";
  return s;
}

const char* k_style = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1b1b1b;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}
h3{margin-top:1.6em}table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}th{background:#f0f4f8}
.muted{color:#666;font-size:.9em}.undef{color:#8a5a00}.warn{background:#fff6e0;border-left:4px solid #E69F00;padding:.4em .8em;margin:.4em 0}
.note{background:#eef5fb;border-left:4px solid #56B4E9;padding:.4em .8em;margin:.4em 0}
svg.chart{display:block;margin:.8em 0;font-size:12px}svg .chart-title{font-weight:600;font-size:13px}svg .axis{fill:#555;font-size:11px}
svg .legend{font-size:11px}svg .cell{font-size:11px}details{margin:.6em 0}summary{cursor:pointer;font-weight:600}
code{background:#f4f4f4;padding:0 .2em}.formula{font-family:ui-monospace,monospace;font-size:.9em}
)css";

void summary_section(const ReportInputs& in, std::ostringstream& h) {
  const auto& s = in.summary;
  h << "<h2 id=\"summary\">Study</h2><table>";
  h << "<tr><th>articles</th><td>" << s.n_articles << " from " << s.n_sources << " outlets</td></tr>";
  h << "<tr><th>passages</th><td>" << s.n_passages << " (";
  bool first = true;
  for (const auto& [role, n] : s.passages_by_role) {
    h << (first ? "" : ", ") << escape_html(role) << " " << n;
    first = false;
  }
  h << "); " << s.n_body_words << " words of body text</td></tr>";
  h << "<tr><th>rubrics</th><td>";
  for (const auto& r : in.data->rubrics) h << escape_html(r.title) << " (<code>" << escape_html(r.id) << "</code> " << escape_html(r.version) << ")<br>";
  h << "</td></tr><tr><th>labels</th><td>";
  for (const auto& [who, n] : s.labels_by_annotator) h << escape_html(who) << ": " << n << "<br>";
  h << "</td></tr></table>";
  h << "<table><tr><th>outlet</th><th>articles</th></tr>";
  for (const auto& [source, n] : s.articles_by_source) h << "<tr><td>" << escape_html(source) << "</td><td>" << n << "</td></tr>";
  h << "</table>";
  for (const auto& [id, n] : in.data->old_version_labels) {
    h << "<p class=\"note\">" << n << " label(s) of rubric <code>" << escape_html(id)
      << "</code> were made under an older version and are not used in this report.</p>";
  }
}

void agreement_section(const ReportInputs& in, std::ostringstream& h) {
  h << "<h2 id=\"agreement\">Agreement between annotators</h2>";
  h << "<p>Each rubric dimension at its own unit and scale. Krippendorff's alpha is the headline figure; "
       "Gwet's AC1 is shown beside the kappa family because it is less affected by skewed categories. "
       "Intervals: " << (in.bootstrap > 0 ? std::to_string(in.bootstrap) + " bootstrap resamples" : "analytic where a variance formula exists") << ".</p>";
  for (const auto& d : in.agreement) {
    h << "<h3>" << escape_html(d.rubric_id) << " / " << escape_html(d.dimension) << "</h3>";
    h << "<p class=\"muted\">" << escape_html(d.unit_kind) << " units, " << ann::to_string(d.scale) << " scale; "
      << d.report.n_units << " units, " << d.report.n_coders << " annotators, " << d.report.n_values << " values ("
      << d.report.n_pairable << " pairable)</p>";
    for (const auto& n : d.notes) h << "<p class=\"note\">" << escape_html(n) << "</p>";
    for (const auto& w : d.diagnostics) h << "<p class=\"warn\">" << escape_html(w) << "</p>";
    if (d.report.coefficients.empty()) continue;
    h << "<table><tr><th>coefficient</th><th>value [95% interval]</th></tr>";
    for (const auto& [c, r] : d.report.coefficients) {
      h << "<tr><td>" << escape_html(sc::coefficient_name(c)) << "</td><td>" << result_cell(r) << "</td></tr>";
    }
    h << "</table>";
    h << "<details><summary>per category, per annotator, per pair</summary>";
    h << "<table><tr><th>category</th><th>pairable values</th><th>alpha (category vs rest)</th><th>share matched</th></tr>";
    for (const auto& c : d.report.per_category) {
      h << "<tr><td>" << escape_html(c.label) << "</td><td>" << num(c.pairable_values, 0) << "</td><td>"
        << result_cell(c.binary_alpha) << "</td><td>" << result_cell(c.specific_agreement) << "</td></tr>";
    }
    h << "</table><table><tr><th>annotator</th><th>values</th><th>alpha of the others without them</th><th>share of comparisons matched</th></tr>";
    for (const auto& c : d.report.coders) {
      h << "<tr><td>" << escape_html(c.coder) << "</td><td>" << c.values << "</td><td>" << result_cell(c.alpha_without)
        << "</td><td>" << result_cell(c.pairwise_agreement) << "</td></tr>";
    }
    h << "</table><table><tr><th>pair</th><th>common units</th><th>alpha</th><th>percent agreement</th></tr>";
    for (const auto& p : d.report.pairs) {
      h << "<tr><td>" << escape_html(p.coder_a + " / " + p.coder_b) << "</td><td>" << p.common_units << "</td><td>"
        << result_cell(p.alpha) << "</td><td>" << result_cell(p.percent_agreement) << "</td></tr>";
    }
    h << "</table></details>";
    for (const auto& m : d.machines) {
      h << "<p>Machine annotator <code>" << escape_html(m.machine) << "</code>: mean pairwise alpha with the humans "
        << (m.mean_alpha_with_humans ? num(*m.mean_alpha_with_humans) : std::string("undefined"))
        << " (humans among themselves " << (m.human_human_mean_alpha ? num(*m.human_human_mean_alpha) : std::string("undefined"))
        << ").</p>";
    }
    if (d.spans) {
      h << "<p>Span groups: " << d.spans->groups << " places marked, " << d.spans->shared_groups
        << " by several annotators; " << d.spans->boundary_mismatch << " of these differ in boundaries and "
        << d.spans->category_mismatch << " in category.</p>";
    }
    const auto& cm = d.report.coincidence;
    if (cm.category_count >= 2 && cm.category_count <= 20) {
      h << sc::svg_heatmap("coincidence matrix: " + d.dimension + " (pairs of values within units)", d.report.category_labels,
                           cm.o);
    }
  }
}

bool is_headline(const std::string& id) {
  for (const char* suffix : {".per_1000_words", ".passage_share", ".unsupported_share", ".attribution_rate", ".score",
                             ".entropy"}) {
    const std::string s(suffix);
    if (id.size() > s.size() && id.compare(id.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

void profiles_section(const ReportInputs& in, std::ostringstream& h) {
  h << "<h2 id=\"profiles\">Outlet profiles</h2>";
  h << "<p>From the " << escape_html(in.consensus_basis) << ", body passages only. Bars are point estimates; "
       "whiskers are 95% percentile intervals from " << in.bootstrap << " bootstrap resamples of each outlet's articles. "
       "The count each figure rests on is printed beside it.</p>";
  for (const auto& p : in.profiles) {
    for (const auto& n : p.notes) h << "<p class=\"note\">" << escape_html(p.source) << ": " << escape_html(n) << "</p>";
  }
  for (const auto& metric : in.metrics) {
    if (!is_headline(metric.id)) continue;
    std::vector<sc::BarDatum> bars;
    for (const auto& p : in.profiles) {
      for (const auto& m : p.metrics) {
        if (m.id != metric.id) continue;
        bars.push_back({p.source + " (" + std::to_string(p.articles) + ")", m.estimate.value, m.estimate.ci95,
                        "n = " + std::to_string(m.denominator) + " " + m.denominator_unit});
      }
    }
    h << sc::svg_bar_chart(metric.label, bars, metric.unit);
  }
  // Distributions: one stacked bar per outlet for every dimension with categories.
  std::map<std::string, std::vector<const sc::MetricDefinition*>> shares;
  for (const auto& metric : in.metrics) {
    if (metric.id.find(".share.") != std::string::npos) shares[metric.rubric_id + "/" + metric.dimension].push_back(&metric);
  }
  for (const auto& [key, defs] : shares) {
    std::vector<std::string> series;
    for (const auto* d : defs) series.push_back(d->id.substr(d->id.find(".share.") + 7));
    std::vector<sc::StackedRow> rows;
    for (const auto& p : in.profiles) {
      sc::StackedRow row{p.source, {}};
      for (const auto* d : defs) {
        double v = 0;
        for (const auto& m : p.metrics) {
          if (m.id == d->id && m.estimate.value) v = *m.estimate.value;
        }
        row.values.push_back(v);
      }
      rows.push_back(std::move(row));
    }
    h << sc::svg_stacked_bars("distribution of " + key, series, rows);
  }
  h << "<details><summary>every figure with its interval and count</summary><table><tr><th>outlet</th><th>figure</th>"
       "<th>value [95% interval]</th><th>n</th></tr>";
  for (const auto& p : in.profiles) {
    for (const auto& m : p.metrics) {
      h << "<tr><td>" << escape_html(p.source) << "</td><td>" << escape_html(m.label) << "</td><td>";
      if (m.estimate.value) {
        h << num(*m.estimate.value);
        if (m.estimate.ci95) h << " [" << num(m.estimate.ci95->first) << ", " << num(m.estimate.ci95->second) << "]";
      } else {
        h << "<span class=\"undef\">undefined: " << escape_html(m.estimate.undefined_reason) << "</span>";
      }
      h << "</td><td>" << m.denominator << " " << escape_html(m.denominator_unit) << "</td></tr>";
    }
  }
  h << "</table></details>";
}

void comparisons_section(const ReportInputs& in, std::ostringstream& h) {
  h << "<h2 id=\"comparisons\">Comparisons between outlets</h2>";
  if (in.comparisons.empty()) {
    h << "<p>Fewer than two outlets with labels: nothing to compare.</p>";
    return;
  }
  h << "<p>Differences with 95% bootstrap intervals (articles resampled within each outlet), two-sided permutation "
       "tests over articles (" << in.permutations << " permutations), and Holm's correction over all "
    << in.comparisons.size() << " tests.</p><table><tr><th>finding</th><th>p</th><th>Holm p</th></tr>";
  for (const auto& c : in.comparisons) {
    h << "<tr><td>" << escape_html(c.sentence) << "</td><td>" << (c.p_value ? num(*c.p_value) : "-") << "</td><td>"
      << (c.p_holm ? num(*c.p_holm) : "-") << "</td></tr>";
  }
  h << "</table>";
}

void methods_section(const ReportInputs& in, std::ostringstream& h) {
  h << "<h2 id=\"methods\">Methods</h2>";
  h << "<p>Texts were imported with credence " << k_version << ", normalised (Unicode NFC, LF line ends) and split "
       "into passages; each passage received a role (body, title, byline, caption, heading, boilerplate, comment) "
       "from a rule-based classifier, corrected by hand where noted in the study. Only body passages enter the "
       "profiles.</p>";
  for (const auto& r : in.data->rubrics) {
    h << "<h3>Rubric: " << escape_html(r.title) << " (" << escape_html(r.id) << " " << escape_html(r.version) << ")</h3>";
    if (!r.description.empty()) h << "<p>" << escape_html(r.description) << "</p>";
    h << "<ul>";
    for (const auto& d : r.dimensions) {
      h << "<li><b>" << escape_html(d.name) << "</b> (<code>" << escape_html(d.id) << "</code>): labelled per "
        << ann::to_string(d.unit) << ", " << ann::to_string(d.scale) << " scale, " << d.categories.size()
        << " categories";
      if (d.multiple) h << ", several per unit allowed";
      h << ". " << escape_html(d.description) << "</li>";
    }
    h << "</ul>";
    if (!r.sources.empty()) {
      h << "<p class=\"muted\">Built on: ";
      for (std::size_t i = 0; i < r.sources.size(); ++i) h << (i ? "; " : "") << escape_html(r.sources[i]);
      h << "</p>";
    }
  }
  h << "<h3>Agreement</h3><p>Span dimensions are compared token by token: every word of a body passage takes the "
       "category of the annotator's span covering it, or \"none\" when the annotator saw the article and marked "
       "nothing there. Krippendorff's alpha is computed from the coincidence matrix (Krippendorff 2011) with the "
       "difference function of the dimension's scale (nominal, ordinal or interval); Fleiss' kappa in its "
       "generalisation to unequal numbers of ratings, Conger's kappa, Brennan and Prediger's coefficient, Gwet's "
       "AC1/AC2 and percent agreement as in Gwet's Handbook of Inter-Rater Reliability. Formulas and sources: "
       "docs/statistics.md.</p>";
  h << "<h3>Consensus and profiles</h3><p>Profiles use the " << escape_html(in.consensus_basis)
    << ". Article and passage units take the consensus category; span dimensions are aggregated per group of "
       "overlapping spans, each annotator who saw the article voting for a category or \"none\", and the consensus "
       "span takes the boundaries most annotators of the winning category gave. Each figure is a ratio of sums over "
       "an outlet's articles:</p><table><tr><th>figure</th><th>formula</th></tr>";
  for (const auto& m : in.metrics) {
    std::string formula;
    if (!m.entropy_of.empty()) {
      formula = "Shannon entropy (bits) of the shares of: ";
      for (std::size_t i = 0; i < m.entropy_of.size(); ++i) formula += (i ? ", " : "") + m.entropy_of[i];
    } else {
      for (std::size_t i = 0; i < m.numerator.size(); ++i) {
        if (i) formula += " + ";
        if (!m.score_weights.empty()) formula += num(m.score_weights[i], 2) + "·";
        formula += m.numerator[i];
      }
      formula = "(" + formula + ") / (";
      for (std::size_t i = 0; i < m.denominator.size(); ++i) formula += (i ? " + " : "") + m.denominator[i];
      formula += ")";
      if (m.scale != 1.0) formula += " × " + num(m.scale, 0);
    }
    h << "<tr><td>" << escape_html(m.label) << "</td><td class=\"formula\">" << escape_html(formula) << "</td></tr>";
  }
  h << "</table><p>Sums are over the outlet's articles (table below). Intervals: percentile bootstrap over articles "
       "(seed " << in.seed << "). Comparisons: difference of the two outlets' figures, bootstrap interval with "
       "articles resampled within each outlet, two-sided permutation test reassigning articles between the two "
       "outlets, Holm's step-down correction over all tests.</p>";
}

void appendix_section(const ReportInputs& in, std::ostringstream& h) {
  std::set<std::string> names;
  for (const auto& a : in.article_stats) {
    for (const auto& [name, v] : a.sums) names.insert(name);
  }
  std::map<std::int64_t, std::string> external;
  for (const auto& article : in.data->articles) external[article.id] = article.meta.external_id;
  h << "<h2 id=\"appendix\">Appendix: the sums behind every figure</h2><details><summary>per-article sums ("
    << in.article_stats.size() << " articles)</summary><table><tr><th>article</th><th>outlet</th><th>body_words</th><th>body_passages</th>";
  for (const auto& n : names) h << "<th>" << escape_html(n) << "</th>";
  h << "</tr>";
  for (const auto& a : in.article_stats) {
    h << "<tr><td>" << escape_html(external[a.article_id]) << "</td><td>" << escape_html(a.source) << "</td><td>"
      << num(a.body_words, 0) << "</td><td>" << num(a.body_passages, 0) << "</td>";
    for (const auto& n : names) {
      auto it = a.sums.find(n);
      h << "<td>" << (it == a.sums.end() ? "0" : num(it->second, 0)) << "</td>";
    }
    h << "</tr>";
  }
  h << "</table></details>";
}

}  // namespace

std::string render_report(const ReportInputs& in) {
  std::ostringstream h;
  h << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
       "content=\"width=device-width, initial-scale=1\"><title>credence report: "
    << escape_html(in.study_name) << "</title><style>" << k_style << "</style></head><body>";
  h << "<h1>credence report: " << escape_html(in.study_name) << "</h1><p class=\"muted\">generated "
    << escape_html(in.generated_at) << " by credence " << k_version
    << " · <a href=\"#agreement\">agreement</a> · <a href=\"#profiles\">profiles</a> · <a href=\"#comparisons\">"
       "comparisons</a> · <a href=\"#methods\">methods</a> · <a href=\"#appendix\">appendix</a></p>";
  summary_section(in, h);
  agreement_section(in, h);
  profiles_section(in, h);
  comparisons_section(in, h);
  methods_section(in, h);
  appendix_section(in, h);
  h << "</body></html>\n";
  return h.str();
}

}  // namespace credence::cli
