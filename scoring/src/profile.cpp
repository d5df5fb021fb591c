// Outlet profiles and comparisons (profile.hpp): figures as ratios of per-article sums, bootstrap over
// articles for intervals, permutation tests over articles, Holm's correction.
#include "credence/scoring/profile.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <random>
#include <set>

#include "credence/annotate/text.hpp"

namespace credence::scoring {

namespace ann = credence::annotate;

namespace {

std::string key_of(const ProfileInput& input) { return input.rubric->id + "/" + input.dimension->id; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string fmt(double value, int digits = 1) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

int digits_for(const std::string& unit) { return unit == "per 1,000 words" ? 1 : 2; }

std::pair<double, double> percentile_interval(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  auto at = [&](double q) {
    const double pos = q * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
  };
  return {at(0.025), at(0.975)};
}

std::uint64_t mix(std::uint64_t seed, const std::string& text) {
  std::uint64_t h = seed ^ 0x9E3779B97F4A7C15ULL;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001B3ULL;
  return h;
}

}  // namespace

std::vector<ArticleStats> article_stats(const std::vector<ann::Article>& articles,
                                        const std::map<std::int64_t, std::string>& article_source,
                                        const std::vector<ProfileInput>& inputs) {
  std::vector<ArticleStats> out;
  std::map<std::int64_t, std::size_t> index;
  for (const auto& article : articles) {
    ArticleStats stats;
    stats.article_id = article.id;
    auto it = article_source.find(article.id);
    stats.source = it == article_source.end() ? "(unknown)" : it->second;
    for (const auto& passage : article.passages) {
      if (passage.role != ann::PassageRole::body) continue;
      stats.body_passages += 1;
      stats.body_words += static_cast<double>(ann::count_words(passage.text));
    }
    index[article.id] = out.size();
    out.push_back(std::move(stats));
  }
  for (const auto& input : inputs) {
    const std::string key = key_of(input);
    std::map<std::int64_t, std::set<int>> passages_with;
    for (const auto& label : input.labels) {
      auto it = index.find(label.article_id);
      if (it == index.end()) continue;
      const auto& article = articles[it->second];
      auto& stats = out[it->second];
      // Only body text counts: passage and span labels outside body passages are left out.
      int passage = label.passage_index.value_or(-1);
      if (label.unit == ann::UnitKind::span && label.start) {
        passage = -1;
        for (const auto& p : article.passages) {
          if (*label.start >= p.start && *label.start < p.end) passage = p.index;
        }
      }
      if (label.unit != ann::UnitKind::article) {
        if (passage < 0 || static_cast<std::size_t>(passage) >= article.passages.size() ||
            article.passages[static_cast<std::size_t>(passage)].role != ann::PassageRole::body) {
          continue;
        }
      }
      switch (input.dimension->unit) {
        case ann::UnitKind::span:
          stats.sums[key + "/spans"] += 1;
          stats.sums[key + "/cat/" + label.category] += 1;
          passages_with[label.article_id].insert(passage);
          break;
        case ann::UnitKind::passage:
          stats.sums[key + "/labelled"] += 1;
          stats.sums[key + "/cat/" + label.category] += 1;
          break;
        case ann::UnitKind::article:
          stats.sums[key + "/labelled"] += 1;
          stats.sums[key + "/cat/" + label.category] += 1;
          break;
      }
    }
    for (const auto& [article_id, set] : passages_with) {
      out[index[article_id]].sums[key + "/passages_with"] = static_cast<double>(set.size());
    }
  }
  return out;
}

std::vector<MetricDefinition> metric_definitions(const std::vector<ProfileInput>& inputs) {
  std::vector<MetricDefinition> out;
  for (const auto& input : inputs) {
    const auto& d = *input.dimension;
    const std::string key = key_of(input);
    const std::string name = lower(d.name.empty() ? d.id : d.name);
    auto base = [&](const std::string& suffix, const std::string& label, const std::string& unit) {
      MetricDefinition m;
      m.id = key + "." + suffix;
      m.label = label;
      m.unit = unit;
      m.rubric_id = input.rubric->id;
      m.dimension = d.id;
      return m;
    };
    std::set<std::string> categories;
    for (const auto& c : d.categories) categories.insert(c.id);
    if (d.unit == ann::UnitKind::span) {
      auto per_words = base("per_1000_words", name + " spans per 1,000 body words", "per 1,000 words");
      per_words.numerator = {key + "/spans"};
      per_words.denominator = {"body_words"};
      per_words.scale = 1000;
      per_words.denominator_unit = "words";
      per_words.more_phrase = "uses more " + name;
      per_words.less_phrase = "uses less " + name;
      out.push_back(per_words);
      auto share = base("passage_share", "share of body passages with " + name, "share");
      share.numerator = {key + "/passages_with"};
      share.denominator = {"body_passages"};
      share.denominator_unit = "passages";
      out.push_back(share);
      // Groups of support kinds a reader asks about, where the rubric has those categories.
      std::vector<std::string> attributed, unsupported;
      for (const char* c : {"named_source", "anonymous_source"}) {
        if (categories.count(c)) attributed.push_back(key + "/cat/" + c);
      }
      for (const char* c : {"unsupported", "speculation_as_fact"}) {
        if (categories.count(c)) unsupported.push_back(key + "/cat/" + c);
      }
      if (!unsupported.empty()) {
        auto m = base("unsupported_share", "share of claims without support (unsupported or speculation as fact)", "share");
        m.numerator = unsupported;
        m.denominator = {key + "/spans"};
        m.denominator_unit = "claims";
        out.push_back(m);
      }
      if (!attributed.empty()) {
        auto m = base("attribution_rate", "share of claims attributed to a source (named or anonymous)", "share");
        m.numerator = attributed;
        m.denominator = {key + "/spans"};
        m.denominator_unit = "claims";
        out.push_back(m);
      }
      for (const auto& c : d.categories) {
        auto m = base("share." + c.id, name + ": " + lower(c.name) + " (share of spans)", "share");
        m.numerator = {key + "/cat/" + c.id};
        m.denominator = {key + "/spans"};
        m.denominator_unit = "spans";
        out.push_back(m);
      }
      continue;
    }
    const std::string unit_word = d.unit == ann::UnitKind::passage ? "passages" : "articles";
    for (const auto& c : d.categories) {
      auto m = base("share." + c.id, name + ": " + lower(c.name) + " (share of labelled " + unit_word + ")", "share");
      m.numerator = {key + "/cat/" + c.id};
      m.denominator = {key + "/labelled"};
      m.denominator_unit = unit_word;
      out.push_back(m);
    }
    if ((d.scale == ann::Scale::nominal) && d.categories.size() > 1 && !d.multiple) {
      auto m = base("entropy", name + " entropy (bits; higher = more varied)", "bits");
      for (const auto& c : d.categories) m.entropy_of.push_back(key + "/cat/" + c.id);
      m.denominator_unit = unit_word;
      m.denominator = {key + "/labelled"};
      out.push_back(m);
    }
    if ((d.scale == ann::Scale::ordinal || d.scale == ann::Scale::binary) && d.categories.size() > 1 && !d.multiple) {
      auto m = base("score", name + " score (-1 = first category, +1 = last)", "score -1..1");
      const double q = static_cast<double>(d.categories.size() - 1);
      for (std::size_t i = 0; i < d.categories.size(); ++i) {
        m.numerator.push_back(key + "/cat/" + d.categories[i].id);
        m.score_weights.push_back(-1.0 + 2.0 * static_cast<double>(i) / q);
      }
      m.denominator = {key + "/labelled"};
      m.denominator_unit = unit_word;
      m.more_phrase = "is more " + lower(d.categories.back().name) + " in " + name;
      m.less_phrase = "is more " + lower(d.categories.front().name) + " in " + name;
      out.push_back(m);
    }
  }
  return out;
}

namespace {

std::vector<const ArticleStats*> of_source(const std::vector<ArticleStats>& stats, const std::string& source) {
  std::vector<const ArticleStats*> out;
  for (const auto& s : stats) {
    if (s.source == source) out.push_back(&s);
  }
  return out;
}

std::vector<std::uint32_t> resample(std::size_t n, std::mt19937_64& rng) {
  std::vector<std::uint32_t> counts(n, 0);
  std::uniform_int_distribution<std::size_t> pick(0, n - 1);
  for (std::size_t i = 0; i < n; ++i) ++counts[pick(rng)];
  return counts;
}

// A figure's parts per article, looked up once: resampling and permuting then only add numbers.
class PreparedMetric {
 public:
  PreparedMetric(const MetricDefinition& metric, const std::vector<const ArticleStats*>& articles)
      : scale_(metric.scale), entropy_(!metric.entropy_of.empty()) {
    auto part = [](const ArticleStats* a, const std::string& name) {
      if (name == "body_words") return a->body_words;
      if (name == "body_passages") return a->body_passages;
      auto it = a->sums.find(name);
      return it == a->sums.end() ? 0.0 : it->second;
    };
    const std::size_t n = articles.size();
    if (entropy_) {
      categories_ = metric.entropy_of.size();
      counts_.assign(n * categories_, 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t c = 0; c < categories_; ++c) counts_[i * categories_ + c] = part(articles[i], metric.entropy_of[c]);
      }
      return;
    }
    numerator_.assign(n, 0.0);
    denominator_.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < metric.numerator.size(); ++k) {
        const double w = metric.score_weights.empty() ? 1.0 : metric.score_weights[k];
        numerator_[i] += w * part(articles[i], metric.numerator[k]);
      }
      for (const auto& name : metric.denominator) denominator_[i] += part(articles[i], name);
    }
  }

  std::optional<double> value_all() const {
    return evaluate([&](auto&& add) {
      for (std::size_t i = 0; i < size(); ++i) add(i, 1.0);
    });
  }
  // The figure with article i counted multiplicity[i] times (a bootstrap resample).
  std::optional<double> value_resampled(const std::vector<std::uint32_t>& multiplicity) const {
    return evaluate([&](auto&& add) {
      for (std::size_t i = 0; i < multiplicity.size(); ++i) {
        if (multiplicity[i] != 0) add(i, static_cast<double>(multiplicity[i]));
      }
    });
  }
  // The figure on the articles order[begin..end) (one side of a permutation).
  std::optional<double> value_subset(const std::vector<std::size_t>& order, std::size_t begin, std::size_t end) const {
    return evaluate([&](auto&& add) {
      for (std::size_t k = begin; k < end; ++k) add(order[k], 1.0);
    });
  }

 private:
  std::size_t size() const { return entropy_ ? (categories_ ? counts_.size() / categories_ : 0) : numerator_.size(); }

  // visit(add) calls add(article index, weight) for every article in the sample.
  template <typename Visit>
  std::optional<double> evaluate(Visit visit) const {
    if (entropy_) {
      std::vector<double> totals(categories_, 0.0);
      visit([&](std::size_t i, double w) {
        for (std::size_t c = 0; c < categories_; ++c) totals[c] += w * counts_[i * categories_ + c];
      });
      double all = 0;
      for (double t : totals) all += t;
      if (all <= 0) return std::nullopt;
      double h = 0;
      for (double t : totals) {
        if (t > 0) h -= (t / all) * std::log2(t / all);
      }
      return h;
    }
    double num = 0, den = 0;
    visit([&](std::size_t i, double w) {
      num += w * numerator_[i];
      den += w * denominator_[i];
    });
    if (den <= 0) return std::nullopt;
    return scale_ * num / den;
  }

  double scale_ = 1.0;
  bool entropy_ = false;
  std::size_t categories_ = 0;
  std::vector<double> numerator_, denominator_, counts_;
};

double denominator_count(const MetricDefinition& metric, const std::vector<const ArticleStats*>& articles) {
  double sum = 0;
  for (const auto* a : articles) {
    for (const auto& name : metric.denominator) {
      if (name == "body_words") sum += a->body_words;
      else if (name == "body_passages") sum += a->body_passages;
      else if (auto it = a->sums.find(name); it != a->sums.end()) sum += it->second;
    }
  }
  return sum;
}

}  // namespace

std::optional<double> metric_value(const MetricDefinition& metric, const std::vector<const ArticleStats*>& articles,
                                   const std::vector<std::uint32_t>& multiplicity) {
  const PreparedMetric prepared(metric, articles);
  return multiplicity.empty() ? prepared.value_all() : prepared.value_resampled(multiplicity);
}

std::vector<SourceProfile> compute_profiles(const std::vector<ArticleStats>& stats,
                                            const std::vector<MetricDefinition>& metrics,
                                            const ProfileOptions& options) {
  std::set<std::string> sources;
  for (const auto& s : stats) sources.insert(s.source);
  std::vector<SourceProfile> out;
  for (const auto& source : sources) {
    SourceProfile profile;
    profile.source = source;
    const auto articles = of_source(stats, source);
    profile.articles = articles.size();
    for (const auto* a : articles) {
      profile.body_passages += static_cast<std::size_t>(a->body_passages);
      profile.body_words += static_cast<std::size_t>(a->body_words);
    }
    if (articles.size() < 2) profile.notes.push_back("one article only: no interval (the bootstrap resamples articles)");
    std::mt19937_64 rng(mix(options.seed, source));
    std::vector<std::vector<std::uint32_t>> draws;
    if (articles.size() >= 2) {
      for (std::size_t b = 0; b < options.bootstrap; ++b) draws.push_back(resample(articles.size(), rng));
    }
    for (const auto& definition : metrics) {
      ProfileMetric metric;
      metric.id = definition.id;
      metric.label = definition.label;
      metric.unit = definition.unit;
      metric.rubric_id = definition.rubric_id;
      metric.dimension = definition.dimension;
      metric.denominator_unit = definition.denominator_unit;
      metric.denominator = static_cast<std::size_t>(denominator_count(definition, articles));
      const PreparedMetric prepared(definition, articles);
      metric.estimate.value = prepared.value_all();
      if (!metric.estimate.value) {
        metric.estimate.undefined_reason = "no " + definition.denominator_unit + " to compute it from";
      } else if (!draws.empty()) {
        std::vector<double> values;
        for (const auto& draw : draws) {
          if (auto v = prepared.value_resampled(draw)) values.push_back(*v);
        }
        if (values.size() >= draws.size() / 2 && !values.empty()) metric.estimate.ci95 = percentile_interval(values);
      }
      profile.metrics.push_back(std::move(metric));
    }
    out.push_back(std::move(profile));
  }
  return out;
}

std::vector<double> holm_adjust(const std::vector<double>& p_values) {
  const std::size_t m = p_values.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adjusted(m, 0);
  double running = 0;
  for (std::size_t rank = 0; rank < m; ++rank) {
    const double value = std::min(1.0, static_cast<double>(m - rank) * p_values[order[rank]]);
    running = std::max(running, value);
    adjusted[order[rank]] = running;
  }
  return adjusted;
}

std::vector<Comparison> compare_sources(const std::vector<ArticleStats>& stats,
                                        const std::vector<MetricDefinition>& metrics,
                                        const std::vector<std::string>& sources, const CompareOptions& options) {
  std::vector<Comparison> out;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    for (std::size_t j = i + 1; j < sources.size(); ++j) {
      const auto a = of_source(stats, sources[i]);
      const auto b = of_source(stats, sources[j]);
      std::mt19937_64 rng(mix(options.seed, sources[i] + "\x1f" + sources[j]));
      for (const auto& definition : metrics) {
        if (definition.id.find(".share.") != std::string::npos) continue;  // category shares: see the profile
        Comparison c;
        c.metric_id = definition.id;
        c.label = definition.label;
        c.unit = definition.unit;
        c.source_a = sources[i];
        c.source_b = sources[j];
        const PreparedMetric prepared_a(definition, a), prepared_b(definition, b);
        c.value_a = prepared_a.value_all();
        c.value_b = prepared_b.value_all();
        if (a.empty() || b.empty()) {
          c.undefined_reason = "no articles from " + (a.empty() ? sources[i] : sources[j]);
        } else if (!c.value_a || !c.value_b) {
          c.undefined_reason = "the figure is undefined for " + (!c.value_a ? sources[i] : sources[j]);
        }
        if (!c.undefined_reason.empty()) {
          out.push_back(std::move(c));
          continue;
        }
        c.difference = *c.value_a - *c.value_b;
        if (a.size() >= 2 && b.size() >= 2) {
          std::vector<double> diffs;
          for (std::size_t r = 0; r < options.bootstrap; ++r) {
            auto va = prepared_a.value_resampled(resample(a.size(), rng));
            auto vb = prepared_b.value_resampled(resample(b.size(), rng));
            if (va && vb) diffs.push_back(*va - *vb);
          }
          if (!diffs.empty()) c.difference_ci95 = percentile_interval(diffs);
        }
        // Permutation test: reassign the pooled articles to the two outlets at random, keeping sizes.
        std::vector<const ArticleStats*> pooled(a);
        pooled.insert(pooled.end(), b.begin(), b.end());
        const PreparedMetric prepared_pool(definition, pooled);
        std::vector<std::size_t> order(pooled.size());
        std::iota(order.begin(), order.end(), 0);
        std::size_t extreme = 0, valid = 0;
        const double observed = std::fabs(*c.difference);
        for (std::size_t r = 0; r < options.permutations; ++r) {
          std::shuffle(order.begin(), order.end(), rng);
          auto va = prepared_pool.value_subset(order, 0, a.size());
          auto vb = prepared_pool.value_subset(order, a.size(), order.size());
          if (!va || !vb) continue;
          ++valid;
          if (std::fabs(*va - *vb) >= observed - 1e-12) ++extreme;
        }
        if (valid > 0) c.p_value = (1.0 + static_cast<double>(extreme)) / (1.0 + static_cast<double>(valid));
        out.push_back(std::move(c));
      }
    }
  }
  std::vector<double> ps;
  std::vector<std::size_t> where;
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (out[k].p_value) {
      ps.push_back(*out[k].p_value);
      where.push_back(k);
    }
  }
  const auto adjusted = holm_adjust(ps);
  for (std::size_t k = 0; k < where.size(); ++k) out[where[k]].p_holm = adjusted[k];
  // The sentence a researcher would write.
  for (auto& c : out) {
    if (!c.difference) {
      c.sentence = "No comparison of " + c.label + " between " + c.source_a + " and " + c.source_b + ": " +
                   c.undefined_reason + ".";
      continue;
    }
    const int digits = digits_for(c.unit);
    const std::string unit = c.unit == "share" || c.unit == "bits" || c.unit == "score -1..1" ? "" : " " + c.unit;
    std::string numbers = fmt(*c.value_a, digits) + " vs " + fmt(*c.value_b, digits) + unit + ", difference " +
                          fmt(*c.difference, digits);
    if (c.difference_ci95) {
      numbers += " [" + fmt(c.difference_ci95->first, digits) + ", " + fmt(c.difference_ci95->second, digits) + "]";
    }
    if (c.p_holm) numbers += ", Holm-adjusted p = " + fmt(*c.p_holm, 3);
    const bool clear = c.p_holm && *c.p_holm < 0.05 && c.difference_ci95 &&
                       (c.difference_ci95->first > 0 || c.difference_ci95->second < 0);
    const auto* definition_more = [&]() -> const MetricDefinition* {
      for (const auto& m : metrics) {
        if (m.id == c.metric_id) return &m;
      }
      return nullptr;
    }();
    if (!clear) {
      c.sentence = c.source_a + " and " + c.source_b + " do not differ clearly in " + c.label + ": " + numbers + ".";
      // With few articles no permutation test can reach 5%: say so rather than let "no difference" mislead.
      const auto na = static_cast<double>(of_source(stats, c.source_a).size());
      const auto nb = static_cast<double>(of_source(stats, c.source_b).size());
      const double splits = std::exp(std::lgamma(na + nb + 1) - std::lgamma(na + 1) - std::lgamma(nb + 1));
      if (splits < 40) {
        c.sentence += " (With " + fmt(na, 0) + " and " + fmt(nb, 0) + " articles there are only " + fmt(splits, 0) +
                      " ways to split them, so no permutation test can reach p < 0.05; label more articles.)";
      }
      continue;
    }
    const bool higher = *c.difference > 0;
    std::string verb;
    if (definition_more && !definition_more->more_phrase.empty()) {
      verb = higher ? definition_more->more_phrase : definition_more->less_phrase;
    } else {
      verb = std::string("has a ") + (higher ? "higher " : "lower ") + c.label;
    }
    c.sentence = c.source_a + " " + verb + " than " + c.source_b + ": " + numbers + ".";
  }
  return out;
}

}  // namespace credence::scoring
