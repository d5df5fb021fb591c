// Consensus labels per unit (consensus.hpp): units and votes from the labels, aggregation, curated overrides.
#include "credence/scoring/consensus.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace credence::scoring {

namespace ann = credence::annotate;

std::string derived_annotator(AggregationMethod method) { return "derived:" + aggregation_method_name(method); }

namespace {

bool is_rater(const std::string& annotator) {
  return annotator != k_curated_annotator && annotator.rfind("derived:", 0) != 0;
}

ann::Annotation base_label(const ann::Rubric& rubric, const ann::RubricDimension& dimension, const std::string& who) {
  ann::Annotation a;
  a.annotator = who;
  a.rubric_id = rubric.id;
  a.rubric_version = rubric.version;
  a.dimension = dimension.id;
  a.unit = dimension.unit;
  return a;
}

}  // namespace

ConsensusResult derive_consensus(const std::vector<ann::Article>& articles,
                                 const std::vector<ann::Annotation>& dimension_labels, const ann::Rubric& rubric,
                                 const ann::RubricDimension& dimension, const Coverage& coverage,
                                 const ConsensusOptions& options) {
  ConsensusResult out;
  const std::string derived = derived_annotator(options.method);
  // Raters and classes.
  std::vector<std::string> raters = options.annotators;
  if (raters.empty()) {
    std::set<std::string> names;
    for (const auto& label : dimension_labels) {
      if (is_rater(label.annotator)) names.insert(label.annotator);
    }
    raters.assign(names.begin(), names.end());
  }
  std::map<std::string, std::uint32_t> worker_of;
  for (std::size_t i = 0; i < raters.size(); ++i) worker_of[raters[i]] = static_cast<std::uint32_t>(i);
  out.workers = raters;
  std::map<std::int64_t, const ann::Article*> by_id;
  for (const auto& article : articles) by_id[article.id] = &article;
  auto body = [&](std::int64_t article_id, int passage) {
    auto it = by_id.find(article_id);
    if (it == by_id.end() || passage < 0 || static_cast<std::size_t>(passage) >= it->second->passages.size()) return false;
    return it->second->passages[static_cast<std::size_t>(passage)].role == ann::PassageRole::body;
  };

  CategoricalLabels votes;
  votes.n_workers = raters.size();

  if (dimension.unit == ann::UnitKind::span) {
    out.classes.push_back(k_none_category);
    for (const auto& c : dimension.categories) out.classes.push_back(c.id);
    std::map<std::string, std::uint32_t> class_of;
    for (std::size_t i = 0; i < out.classes.size(); ++i) class_of[out.classes[i]] = static_cast<std::uint32_t>(i);
    votes.n_classes = out.classes.size();
    // Curated articles: the curator's spans replace the derived ones there.
    std::set<std::int64_t> curated_articles;
    for (const auto& label : dimension_labels) {
      if (label.annotator != k_curated_annotator) continue;
      curated_articles.insert(label.article_id);
      out.labels.push_back(label);
    }
    out.curated_units = curated_articles.size();
    std::vector<ann::Annotation> rater_spans;
    for (const auto& label : dimension_labels) {
      if (worker_of.count(label.annotator) == 0 || curated_articles.count(label.article_id) > 0) continue;
      if (label.unit != ann::UnitKind::span || class_of.count(label.category) == 0) continue;
      if (label.passage_index && !body(label.article_id, *label.passage_index)) continue;
      rater_spans.push_back(label);
    }
    const auto clusters = cluster_spans(rater_spans);
    votes.n_items = clusters.size();
    for (std::size_t item = 0; item < clusters.size(); ++item) {
      const auto& cluster = clusters[item];
      for (const auto& rater : raters) {
        auto cov = coverage.find(rater);
        const bool saw = cov != coverage.end() && cov->second.count(cluster.article_id) > 0;
        // The rater's longest span in the group gives their vote.
        const ann::Annotation* best = nullptr;
        for (auto idx : cluster.members) {
          const auto& span = rater_spans[idx];
          if (span.annotator != rater) continue;
          if (best == nullptr || *span.end - *span.start > *best->end - *best->start) best = &span;
        }
        if (best != nullptr) votes.add(static_cast<std::uint32_t>(item), worker_of[rater], class_of[best->category]);
        else if (saw) votes.add(static_cast<std::uint32_t>(item), worker_of[rater], 0);
      }
    }
    out.fit = aggregate(votes, options.method, options.aggregation);
    out.items = clusters.size();
    for (std::size_t item = 0; item < clusters.size(); ++item) {
      const auto winner = out.fit.label[item];
      if (winner < 0) {
        ++out.unlabelled_units;
        continue;
      }
      if (winner == 0) continue;  // "none" won: no span here
      // Boundaries: the most common exact (start, end) among the members of the winning category,
      // the earliest of equally common ones.
      std::map<std::pair<std::size_t, std::size_t>, std::size_t> bounds;
      int passage = -1;
      for (auto idx : clusters[item].members) {
        const auto& span = rater_spans[idx];
        if (class_of[span.category] != static_cast<std::uint32_t>(winner)) continue;
        ++bounds[{*span.start, *span.end}];
        passage = span.passage_index.value_or(passage);
      }
      if (bounds.empty()) continue;  // a model-based winner no rater chose: nothing to place
      auto best = std::max_element(bounds.begin(), bounds.end(),
                                   [](const auto& a, const auto& b) { return a.second < b.second; });
      auto label = base_label(rubric, dimension, derived);
      label.article_id = clusters[item].article_id;
      label.start = best->first.first;
      label.end = best->first.second;
      if (passage >= 0) label.passage_index = passage;
      label.category = out.classes[static_cast<std::size_t>(winner)];
      label.confidence = out.fit.confidence[item];
      out.labels.push_back(std::move(label));
    }
    return out;
  }

  // Article and passage units.
  const bool per_passage = dimension.unit == ann::UnitKind::passage;
  const bool multiple = dimension.multiple;
  if (multiple) out.classes = {"no", "yes"};
  else {
    for (const auto& c : dimension.categories) out.classes.push_back(c.id);
  }
  std::map<std::string, std::uint32_t> class_of;
  for (std::size_t i = 0; i < out.classes.size(); ++i) class_of[out.classes[i]] = static_cast<std::uint32_t>(i);
  votes.n_classes = out.classes.size();
  using UnitKey = std::pair<std::int64_t, int>;
  std::map<UnitKey, std::map<std::string, std::vector<const ann::Annotation*>>> cells;
  std::map<UnitKey, std::vector<const ann::Annotation*>> curated;
  for (const auto& label : dimension_labels) {
    const int passage = per_passage ? label.passage_index.value_or(-1) : -1;
    if (per_passage && !body(label.article_id, passage)) continue;
    const UnitKey key{label.article_id, passage};
    if (label.annotator == k_curated_annotator) curated[key].push_back(&label);
    else if (worker_of.count(label.annotator) > 0) cells[key][label.annotator].push_back(&label);
  }
  // Items: (unit) or (unit, category) for multiple-choice dimensions.
  struct Item {
    UnitKey key;
    std::string category;  // multiple-choice only
  };
  std::vector<Item> items;
  for (const auto& [key, by_rater] : cells) {
    if (curated.count(key) > 0) continue;
    if (multiple) {
      for (const auto& c : dimension.categories) {
        const auto item = static_cast<std::uint32_t>(items.size());
        items.push_back({key, c.id});
        for (const auto& [rater, labels] : by_rater) {
          const bool yes = std::any_of(labels.begin(), labels.end(), [&](const auto* a) { return a->category == c.id; });
          votes.add(item, worker_of[rater], yes ? 1u : 0u);
        }
      }
      continue;
    }
    const auto item = static_cast<std::uint32_t>(items.size());
    items.push_back({key, {}});
    for (const auto& [rater, labels] : by_rater) {
      const auto* latest = *std::max_element(labels.begin(), labels.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
      auto cls = class_of.find(latest->category);
      if (cls != class_of.end()) votes.add(item, worker_of[rater], cls->second);
    }
  }
  votes.n_items = items.size();
  out.fit = aggregate(votes, options.method, options.aggregation);
  out.items = items.size() + curated.size();
  out.curated_units = curated.size();
  for (std::size_t item = 0; item < items.size(); ++item) {
    const auto winner = out.fit.label[item];
    if (winner < 0) {
      ++out.unlabelled_units;
      continue;
    }
    if (multiple && winner == 0) continue;
    auto label = base_label(rubric, dimension, derived);
    label.article_id = items[item].key.first;
    if (per_passage) label.passage_index = items[item].key.second;
    label.category = multiple ? items[item].category : out.classes[static_cast<std::size_t>(winner)];
    label.confidence = out.fit.confidence[item];
    out.labels.push_back(std::move(label));
  }
  for (const auto& [key, labels] : curated) {
    for (const auto* label : labels) out.labels.push_back(*label);
  }
  return out;
}

}  // namespace credence::scoring
