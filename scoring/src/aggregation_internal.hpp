// Shared by the aggregation sources: labels checked and grouped by item, the tie rule, and the fitters.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "credence/scoring/aggregation.hpp"

namespace credence::scoring::aggregation_detail {

// Probabilities are clipped here before a log or a division (crowd-kit's _EPS), so nothing becomes -inf or NaN.
inline constexpr double kEpsilon = 1e-10;

// The accepted labels of the items that take part in the fit (at least min_annotators labels), grouped by
// item in compressed rows: fitted item f is item fitted[f], and its labels are [offset[f], offset[f + 1]).
struct ItemLabels {
  std::size_t n_items = 0, n_workers = 0, n_classes = 0;
  std::vector<std::size_t> offset;
  std::vector<std::uint32_t> worker, cls;
  std::vector<std::uint32_t> fitted;
  std::size_t max_labels = 0;  // the most labels any fitted item has
  std::size_t n_labels() const { return worker.size(); }
  std::size_t max_labels_per_item() const { return max_labels; }
};

// Writes label, confidence and tied for every fitted item from its posterior row (result.posterior must be
// filled), by options.tie_break.
void choose_labels(const ItemLabels& data, const AggregationOptions& options, AggregationResult& result);

// Vote shares of the fitted items, n_fitted x classes row-major (majority vote's posterior, Dawid-Skene's start).
std::vector<double> vote_shares(const ItemLabels& data);

// The fitters fill posterior (all items), class_priors, confusion/competence/spamming, iterations, converged,
// log_likelihood; labels are chosen afterwards by the caller. Called only with a fitted item and two classes.
void fit_dawid_skene(const ItemLabels& data, const AggregationOptions& options, AggregationResult& result);
void fit_mace(const ItemLabels& data, const AggregationOptions& options, AggregationResult& result);

double digamma(double x);  // psi(x) for x > 0

// splitmix64: a small, portable, well-mixed generator (std:: distributions differ between standard libraries).
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
inline double uniform01(std::uint64_t& state) { return static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53; }

}  // namespace credence::scoring::aggregation_detail
