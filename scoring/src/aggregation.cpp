// Label aggregation front door: checks the triples, groups them by item, runs majority vote or hands over to the
// Dawid-Skene / MACE fitters, then chooses labels by the tie rule and writes the notes a reader needs.
#include "credence/scoring/aggregation.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "aggregation_internal.hpp"

namespace credence::scoring {

using aggregation_detail::ItemLabels;

std::uint32_t CategoricalLabelsBuilder::intern(std::string_view name,
                                               std::unordered_map<std::string, std::uint32_t>& index,
                                               std::vector<std::string>& names, std::size_t& count) {
  const auto [entry, added] = index.try_emplace(std::string(name), static_cast<std::uint32_t>(names.size()));
  if (added) {
    names.emplace_back(name);
    count = names.size();
  }
  return entry->second;
}

std::uint32_t CategoricalLabelsBuilder::item_id(std::string_view item) {
  return intern(item, item_index_, items_, labels_.n_items);
}
std::uint32_t CategoricalLabelsBuilder::worker_id(std::string_view worker) {
  return intern(worker, worker_index_, workers_, labels_.n_workers);
}
std::uint32_t CategoricalLabelsBuilder::class_id(std::string_view cls) {
  return intern(cls, class_index_, classes_, labels_.n_classes);
}
void CategoricalLabelsBuilder::add(std::string_view item, std::string_view worker, std::string_view cls) {
  labels_.add(item_id(item), worker_id(worker), class_id(cls));
}

std::optional<AggregationMethod> parse_aggregation_method(std::string_view name) {
  if (name == "majority" || name == "mv" || name == "majority-vote") return AggregationMethod::majority;
  if (name == "dawid-skene" || name == "dawid_skene" || name == "ds") return AggregationMethod::dawid_skene;
  if (name == "mace") return AggregationMethod::mace;
  return std::nullopt;
}

std::string aggregation_method_name(AggregationMethod method) {
  switch (method) {
    case AggregationMethod::majority: return "majority";
    case AggregationMethod::dawid_skene: return "dawid-skene";
    case AggregationMethod::mace: return "mace";
  }
  return "unknown";
}

namespace aggregation_detail {

std::vector<double> vote_shares(const ItemLabels& data) {
  const std::size_t n_classes = data.n_classes;
  std::vector<double> shares(data.fitted.size() * n_classes, 0.0);
  for (std::size_t fitted_idx = 0; fitted_idx < data.fitted.size(); ++fitted_idx) {
    double* row = shares.data() + fitted_idx * n_classes;
    const std::size_t begin = data.offset[fitted_idx], end = data.offset[fitted_idx + 1];
    for (std::size_t label_idx = begin; label_idx < end; ++label_idx) row[data.cls[label_idx]] += 1.0;
    const double total = static_cast<double>(end - begin);
    for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) row[class_idx] /= total;
  }
  return shares;
}

void choose_labels(const ItemLabels& data, const AggregationOptions& options, AggregationResult& result) {
  const std::size_t n_classes = data.n_classes;
  // Posteriors that differ by less than this are the same number computed along different paths.
  constexpr double kTieWidth = 1e-12;
  std::vector<std::uint32_t> tied_classes;
  for (const std::uint32_t item_idx : data.fitted) {
    const double* row = result.posterior.data() + static_cast<std::size_t>(item_idx) * n_classes;
    const double best = *std::max_element(row, row + n_classes);
    tied_classes.clear();
    for (std::uint32_t class_idx = 0; class_idx < n_classes; ++class_idx) {
      if (row[class_idx] >= best - kTieWidth) tied_classes.push_back(class_idx);
    }
    std::uint32_t chosen = tied_classes.front();
    if (tied_classes.size() > 1) {
      result.tied[item_idx] = 1;
      if (options.tie_break == TieBreak::seeded_random) {
        // Keyed by item, so an item's draw does not depend on which other items are in the data.
        std::uint64_t state = options.seed ^ (0x5851f42d4c957f2dULL * (static_cast<std::uint64_t>(item_idx) + 1));
        chosen = tied_classes[splitmix64(state) % tied_classes.size()];
      }
    }
    result.label[item_idx] = static_cast<std::int32_t>(chosen);
    result.confidence[item_idx] = row[chosen];
  }
}

// psi(x): the recurrence psi(x) = psi(x + 1) - 1/x up to x >= 10, then the asymptotic series (error < 1e-13).
double digamma(double x) {
  double shift = 0.0;
  while (x < 10.0) {
    shift -= 1.0 / x;
    x += 1.0;
  }
  const double inv = 1.0 / x, inv2 = inv * inv;
  const double series =
      inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132)))));
  return shift + std::log(x) - 0.5 * inv - series;
}

}  // namespace aggregation_detail

namespace {

std::string range_problem(const char* what, std::uint32_t value, std::size_t count, const char* count_name) {
  std::ostringstream out;
  if (count == 0) {
    out << what << ' ' << value << " given but " << count_name << " is 0";
  } else {
    out << what << ' ' << value << " is outside 0.." << count - 1 << " (" << count_name << " = " << count << ')';
  }
  return out.str();
}

std::string id_list(const std::vector<std::size_t>& ids) {
  std::ostringstream out;
  constexpr std::size_t kShown = 10;
  for (std::size_t idx = 0; idx < ids.size() && idx < kShown; ++idx) out << (idx ? ", " : "") << ids[idx];
  if (ids.size() > kShown) out << " and " << ids.size() - kShown << " more";
  return out.str();
}

std::string plural(std::size_t count, const char* one, const char* many) {
  return std::to_string(count) + ' ' + (count == 1 ? one : many);
}

std::string check_options(AggregationMethod method, const AggregationOptions& options) {
  if (!std::isfinite(options.tolerance) || options.tolerance < 0) {
    return "tolerance must be a finite number >= 0";
  }
  if (method == AggregationMethod::mace) {
    if (options.mace_training == MaceTraining::variational &&
        !(options.mace_spam_prior > 0 && options.mace_know_prior > 0 && options.mace_strategy_prior > 0 &&
          std::isfinite(options.mace_spam_prior) && std::isfinite(options.mace_know_prior) &&
          std::isfinite(options.mace_strategy_prior))) {
      return "MACE priors (mace_spam_prior, mace_know_prior, mace_strategy_prior) must be finite and > 0";
    }
    if (!std::isfinite(options.mace_smoothing)) return "mace_smoothing must be finite (< 0 selects 0.01 / n_classes)";
    if (!std::isfinite(options.mace_init_noise) || options.mace_init_noise < 0) {
      return "mace_init_noise must be a finite number >= 0";
    }
  }
  return {};
}

// Checks every triple, keeps a worker's first label per item, and groups the fitted items' labels by item.
ItemLabels group_labels(const CategoricalLabels& labels, const AggregationOptions& options, AggregationResult& result) {
  const std::size_t n_given = std::max({labels.item.size(), labels.worker.size(), labels.cls.size()});
  std::vector<std::uint8_t> usable(n_given, 0);
  std::vector<std::size_t> per_item(labels.n_items + 1, 0);
  for (std::size_t label_idx = 0; label_idx < n_given; ++label_idx) {
    if (label_idx >= labels.item.size() || label_idx >= labels.worker.size() || label_idx >= labels.cls.size()) {
      std::ostringstream out;
      out << "item, worker and cls arrays differ in length (" << labels.item.size() << ", " << labels.worker.size()
          << ", " << labels.cls.size() << "); this entry is incomplete";
      result.rejected.push_back({label_idx, out.str()});
      continue;
    }
    if (labels.item[label_idx] >= labels.n_items) {
      result.rejected.push_back({label_idx, range_problem("item", labels.item[label_idx], labels.n_items, "n_items")});
    } else if (labels.worker[label_idx] >= labels.n_workers) {
      result.rejected.push_back(
          {label_idx, range_problem("worker", labels.worker[label_idx], labels.n_workers, "n_workers")});
    } else if (labels.cls[label_idx] >= labels.n_classes) {
      result.rejected.push_back({label_idx, range_problem("class", labels.cls[label_idx], labels.n_classes, "n_classes")});
    } else {
      usable[label_idx] = 1;
      ++per_item[labels.item[label_idx] + 1];
    }
  }
  // Stable counting sort by item: within an item the labels stay in input order, so "first" means first given.
  for (std::size_t item_idx = 0; item_idx < labels.n_items; ++item_idx) per_item[item_idx + 1] += per_item[item_idx];
  std::vector<std::size_t> order(per_item.back());
  {
    std::vector<std::size_t> cursor(per_item.begin(), per_item.end() - 1);
    for (std::size_t label_idx = 0; label_idx < n_given; ++label_idx) {
      if (usable[label_idx]) order[cursor[labels.item[label_idx]]++] = label_idx;
    }
  }

  ItemLabels data;
  data.n_items = labels.n_items;
  data.n_workers = labels.n_workers;
  data.n_classes = labels.n_classes;
  data.offset.push_back(0);
  data.worker.reserve(order.size());
  data.cls.reserve(order.size());
  const std::size_t min_labels = std::max<std::size_t>(1, options.min_annotators);
  // first_label[w] = index of worker w's label on the item being scanned; stamp says which item it belongs to.
  std::vector<std::size_t> stamp(labels.n_workers, 0), first_label(labels.n_workers, 0);
  std::vector<std::size_t> kept;
  for (std::size_t item_idx = 0; item_idx < labels.n_items; ++item_idx) {
    kept.clear();
    for (std::size_t pos = per_item[item_idx]; pos < per_item[item_idx + 1]; ++pos) {
      const std::size_t label_idx = order[pos];
      const std::uint32_t worker_idx = labels.worker[label_idx];
      if (stamp[worker_idx] == item_idx + 1) {
        std::ostringstream out;
        out << "worker " << worker_idx << " already labelled item " << item_idx << " (entry " << first_label[worker_idx]
            << "); only a worker's first label for an item is used";
        result.rejected.push_back({label_idx, out.str()});
        continue;
      }
      stamp[worker_idx] = item_idx + 1;
      first_label[worker_idx] = label_idx;
      kept.push_back(label_idx);
    }
    result.annotator_count[item_idx] = static_cast<std::uint32_t>(kept.size());
    if (kept.size() < min_labels) continue;
    data.fitted.push_back(static_cast<std::uint32_t>(item_idx));
    data.max_labels = std::max(data.max_labels, kept.size());
    for (const std::size_t label_idx : kept) {
      data.worker.push_back(labels.worker[label_idx]);
      data.cls.push_back(labels.cls[label_idx]);
      ++result.worker_label_count[labels.worker[label_idx]];
    }
    data.offset.push_back(data.worker.size());
  }
  std::sort(result.rejected.begin(), result.rejected.end(),
            [](const RejectedLabel& a, const RejectedLabel& b) { return a.index < b.index; });
  return data;
}

void fit_majority(const ItemLabels& data, AggregationResult& result) {
  const std::size_t n_classes = data.n_classes;
  const std::vector<double> shares = aggregation_detail::vote_shares(data);
  result.class_priors.assign(n_classes, 0.0);
  for (std::size_t fitted_idx = 0; fitted_idx < data.fitted.size(); ++fitted_idx) {
    const double* row = shares.data() + fitted_idx * n_classes;
    std::copy(row, row + n_classes, result.posterior.begin() + static_cast<std::ptrdiff_t>(data.fitted[fitted_idx] * n_classes));
    for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) result.class_priors[class_idx] += row[class_idx];
  }
  for (double& prior : result.class_priors) prior /= static_cast<double>(data.fitted.size());
  result.converged = true;
}

// Majority vote's competence: how often each worker gave the label the vote settled on.
void agreement_with_labels(const ItemLabels& data, AggregationResult& result) {
  std::vector<double> matches(data.n_workers, 0.0);
  for (std::size_t fitted_idx = 0; fitted_idx < data.fitted.size(); ++fitted_idx) {
    const std::int32_t chosen = result.label[data.fitted[fitted_idx]];
    for (std::size_t label_idx = data.offset[fitted_idx]; label_idx < data.offset[fitted_idx + 1]; ++label_idx) {
      if (static_cast<std::int32_t>(data.cls[label_idx]) == chosen) matches[data.worker[label_idx]] += 1.0;
    }
  }
  result.competence.assign(data.n_workers, 0.0);
  for (std::size_t worker_idx = 0; worker_idx < data.n_workers; ++worker_idx) {
    if (result.worker_label_count[worker_idx] > 0) {
      result.competence[worker_idx] = matches[worker_idx] / result.worker_label_count[worker_idx];
    }
  }
}

void write_notes(const CategoricalLabels& labels, const ItemLabels& data, const AggregationOptions& options,
                 AggregationResult& result) {
  auto& notes = result.notes;
  if (!result.rejected.empty()) {
    notes.push_back(plural(result.rejected.size(), "label was", "labels were") + " not used (see rejected)");
  }
  std::size_t unlabelled = 0, too_few = 0;
  for (std::size_t item_idx = 0; item_idx < labels.n_items; ++item_idx) {
    if (result.annotator_count[item_idx] == 0) {
      ++unlabelled;
    } else if (result.label[item_idx] < 0) {
      ++too_few;
    }
  }
  if (unlabelled > 0) {
    notes.push_back(plural(unlabelled, "item has", "items have") + " no labels and " +
                    (unlabelled == 1 ? "gets" : "get") + " no label");
  }
  if (too_few > 0) {
    notes.push_back(plural(too_few, "item has", "items have") + " fewer than " +
                    std::to_string(options.min_annotators) + " annotators and " + (too_few == 1 ? "gets" : "get") +
                    " no label");
  }
  if (data.fitted.empty()) return;
  std::vector<std::size_t> idle;
  for (std::size_t worker_idx = 0; worker_idx < labels.n_workers; ++worker_idx) {
    if (result.worker_label_count[worker_idx] == 0) idle.push_back(worker_idx);
  }
  if (!idle.empty() && result.method != AggregationMethod::majority && labels.n_classes > 1) {
    notes.push_back("workers without labels on the fitted items (" + id_list(idle) +
                    ") keep the model's uninformed estimates");
  } else if (!idle.empty()) {
    notes.push_back("workers without labels on the fitted items: " + id_list(idle));
  }
  std::size_t ties = 0;
  for (const std::uint8_t tied : result.tied) ties += tied;
  if (ties > 0) {
    notes.push_back(plural(ties, "item had", "items had") + " a tie for the most probable class; broken by " +
                    (options.tie_break == TieBreak::lowest_code ? "the lowest class code"
                                                                : "a draw seeded by --seed and the item"));
  }
  if (result.method != AggregationMethod::majority && labels.n_classes > 1) {
    std::ostringstream out;
    out << (result.converged ? "converged after " : "stopped without converging after ")
        << plural(result.iterations, "iteration", "iterations");
    if (result.log_likelihood.size() >= 2) {
      const double last_change = result.log_likelihood.back() - result.log_likelihood[result.log_likelihood.size() - 2];
      out << " (last change in mean log-likelihood per label " << last_change << ", tolerance " << options.tolerance
          << ')';
    }
    if (result.method == AggregationMethod::mace) out << "; restart " << result.restart << " kept";
    notes.push_back(out.str());
  }
}

}  // namespace

AggregationResult aggregate(const CategoricalLabels& labels, AggregationMethod method,
                            const AggregationOptions& options) {
  AggregationResult result;
  result.method = method;
  result.n_items = labels.n_items;
  result.n_workers = labels.n_workers;
  result.n_classes = labels.n_classes;
  result.label.assign(labels.n_items, -1);
  result.posterior.assign(labels.n_items * labels.n_classes, 0.0);
  result.confidence.assign(labels.n_items, 0.0);
  result.tied.assign(labels.n_items, 0);
  result.annotator_count.assign(labels.n_items, 0);
  result.worker_label_count.assign(labels.n_workers, 0);

  result.error = check_options(method, options);
  if (!result.error.empty()) return result;

  const ItemLabels data = group_labels(labels, options, result);
  if (data.fitted.empty()) {
    result.notes.push_back(data.n_labels() == 0 && result.rejected.empty() && labels.item.empty()
                               ? "no labels were given; no item gets a label"
                               : "no item has enough usable labels; no item gets a label");
  } else if (labels.n_classes == 1) {
    // Nothing to estimate: every labelled item has the one class, and no annotator can be told apart.
    for (const std::uint32_t item_idx : data.fitted) {
      result.label[item_idx] = 0;
      result.posterior[item_idx] = 1.0;
      result.confidence[item_idx] = 1.0;
    }
    result.class_priors = {1.0};
    result.converged = true;
    result.notes.push_back("only one class: every labelled item gets class 0 and annotator competence is not estimated");
  } else {
    switch (method) {
      case AggregationMethod::majority: fit_majority(data, result); break;
      case AggregationMethod::dawid_skene: aggregation_detail::fit_dawid_skene(data, options, result); break;
      case AggregationMethod::mace: aggregation_detail::fit_mace(data, options, result); break;
    }
    aggregation_detail::choose_labels(data, options, result);
    if (method == AggregationMethod::majority) agreement_with_labels(data, result);
  }
  write_notes(labels, data, options, result);
  return result;
}

}  // namespace credence::scoring
