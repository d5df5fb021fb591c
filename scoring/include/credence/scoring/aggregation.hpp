// Label aggregation: one label per unit, with a posterior and an estimate of each annotator's competence,
// from several annotators' categorical labels (majority vote, Dawid & Skene 1979, MACE of Hovy et al. 2013).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace credence::scoring {

// Categorical labels as (item, worker, class) triples in parallel arrays: items 0..n_items-1, workers
// 0..n_workers-1, classes 0..n_classes-1. Ids may go unused (an item nobody labelled, a worker with no labels).
struct CategoricalLabels {
  std::size_t n_items = 0, n_workers = 0, n_classes = 0;
  std::vector<std::uint32_t> item, worker, cls;

  // Appends one label (no checks here; aggregate() checks every triple and reports the bad ones).
  void add(std::uint32_t item_idx, std::uint32_t worker_idx, std::uint32_t class_idx) {
    item.push_back(item_idx);
    worker.push_back(worker_idx);
    cls.push_back(class_idx);
  }
};

// Numbers string ids (unit ids, annotator names, category codes) densely, in order of declaration and then of
// first appearance, and collects the triples. Declare the classes first to keep a rubric's category order.
class CategoricalLabelsBuilder {
 public:
  std::uint32_t item_id(std::string_view item);  // the number of this item, adding it if new
  std::uint32_t worker_id(std::string_view worker);
  std::uint32_t class_id(std::string_view cls);
  void add(std::string_view item, std::string_view worker, std::string_view cls);

  [[nodiscard]] const CategoricalLabels& labels() const { return labels_; }
  [[nodiscard]] const std::vector<std::string>& items() const { return items_; }  // name of each item id
  [[nodiscard]] const std::vector<std::string>& workers() const { return workers_; }
  [[nodiscard]] const std::vector<std::string>& classes() const { return classes_; }

 private:
  static std::uint32_t intern(std::string_view name, std::unordered_map<std::string, std::uint32_t>& index,
                              std::vector<std::string>& names, std::size_t& count);
  CategoricalLabels labels_;
  std::vector<std::string> items_, workers_, classes_;
  std::unordered_map<std::string, std::uint32_t> item_index_, worker_index_, class_index_;
};

enum class AggregationMethod { majority, dawid_skene, mace };

// "majority", "dawid-skene" (also "dawid_skene", "ds"), "mace"; nullopt otherwise.
std::optional<AggregationMethod> parse_aggregation_method(std::string_view name);
std::string aggregation_method_name(AggregationMethod method);  // "majority", "dawid-skene", "mace"

// How a tie for the most probable class is broken. Either way the item is flagged in AggregationResult::tied.
enum class TieBreak {
  lowest_code,    // the tied class with the smallest code (crowd-kit's idxmax picks the first column the same way)
  seeded_random,  // a tied class drawn from a hash of (seed, item): the same for an item whatever else is in the data
};

// MACE training: variational Bayes with Beta/Dirichlet priors (the default) or plain EM with smoothing.
enum class MaceTraining { variational, em };

struct AggregationOptions {
  std::size_t max_iterations = 100;  // EM iterations (Dawid-Skene; MACE per restart). 0 = initial estimate only
  double tolerance = 1e-5;           // stop when the mean log-likelihood per label changes by less than this;
                                     // 0 runs all max_iterations
  std::uint64_t seed = 1;            // MACE restarts and seeded_random tie-breaks
  std::size_t min_annotators = 1;    // items with fewer labels get no label (-1) and take no part in the fit
  TieBreak tie_break = TieBreak::lowest_code;
  std::size_t threads = 1;           // Dawid-Skene E-step threads (0 = one per core); used from 16,384 items per thread

  // MACE (defaults as in crowd-kit's MACE).
  MaceTraining mace_training = MaceTraining::variational;
  std::size_t mace_restarts = 10;     // random restarts; the one with the highest log-likelihood is kept
  double mace_spam_prior = 0.5;       // Beta pseudo-count for "spamming" (variational)
  double mace_know_prior = 0.5;       // Beta pseudo-count for "not spamming" (variational)
  double mace_strategy_prior = 10.0;  // symmetric Dirichlet pseudo-count on each spamming distribution (variational)
  double mace_smoothing = -1.0;       // added to expected counts in EM training; < 0 means 0.01 / n_classes
  double mace_init_noise = 0.5;       // restarts start from draws uniform on [1, 1 + noise], normalised
};

// A triple that aggregate() did not use, by its index into CategoricalLabels, and why.
struct RejectedLabel {
  std::size_t index = 0;
  std::string message;  // e.g. "worker 9 is outside 0..4 (n_workers = 5)"
};

struct AggregationResult {
  AggregationMethod method = AggregationMethod::majority;
  std::size_t n_items = 0, n_workers = 0, n_classes = 0;

  std::vector<std::int32_t> label;         // per item; -1 = no label (no or too few annotators, or bad input)
  std::vector<double> posterior;           // items x classes row-major; majority: vote shares; all 0 when label is -1
  std::vector<double> confidence;          // posterior of the chosen label (0 when label is -1)
  std::vector<std::uint8_t> tied;          // 1 when two or more classes share the highest posterior
  std::vector<std::uint32_t> annotator_count;  // labels per item that were accepted (before min_annotators)

  std::vector<double> class_priors;  // majority: mean vote share; Dawid-Skene: fitted; MACE: uniform (its model)
  std::vector<double> confusion;     // Dawid-Skene: workers x classes x classes, [worker][true][given], rows sum to 1
  std::vector<double> competence;    // per worker: MACE P(not spamming); Dawid-Skene sum_c prior_c confusion_cc;
                                     // majority: share of the worker's labels equal to the derived label
  std::vector<double> spamming;      // MACE: workers x classes, the label distribution used when spamming
  std::vector<std::uint32_t> worker_label_count;  // labels per worker on items that took part in the fit

  std::size_t iterations = 0;   // EM iterations run (MACE: in the restart that was kept)
  bool converged = false;       // the tolerance was met before max_iterations (majority: always true)
  std::vector<double> log_likelihood;  // per iteration: mean log-likelihood per label (natural log)
  std::size_t restart = 0;             // MACE: which restart was kept

  std::vector<RejectedLabel> rejected;  // triples not used (out of range ids, a second label by the same worker)
  std::string error;                    // non-empty when the options were unusable; then every label is -1
  std::vector<std::string> notes;       // e.g. "3 items had tied votes; broken by the lowest class code"

  [[nodiscard]] double posterior_at(std::size_t item_idx, std::size_t class_idx) const {
    return posterior[item_idx * n_classes + class_idx];
  }
  [[nodiscard]] double confusion_at(std::size_t worker_idx, std::size_t true_class, std::size_t given_class) const {
    return confusion[(worker_idx * n_classes + true_class) * n_classes + given_class];
  }
};

// Derives one label per item. Never throws on bad data: triples with ids out of range and repeated
// (item, worker) pairs are listed in `rejected` and left out; no labels at all gives every item -1 and a note.
// Every probability written is finite (log(0) is avoided by clipping at 1e-10, as crowd-kit does).
AggregationResult aggregate(const CategoricalLabels& labels, AggregationMethod method,
                            const AggregationOptions& options = {});

}  // namespace credence::scoring
