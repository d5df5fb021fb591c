// Dawid & Skene (1979) EM: class priors and one confusion matrix per worker, started from majority-vote shares
// and iterated in the order crowd-kit's DawidSkene uses, so its published step-by-step values are reproduced.
#include <Eigen/Core>
#include <array>
#include <cmath>
#include <thread>
#include <type_traits>

#include "aggregation_internal.hpp"

namespace credence::scoring::aggregation_detail {
namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Error rates are kept as (worker * K + given) x true, so the row a label needs in the E-step is contiguous.
struct Parameters {
  Eigen::VectorXd priors;  // K
  RowMatrix errors;        // (W * K) x K; column `true` of worker w's K x K block sums to 1 over `given`
};

// The per-label loops, with the class count fixed at compile time when it is small (K = 0: decided at run time),
// so that the K-wide row operations unroll and vectorise.
template <int K>
void count_rows(const ItemLabels& data, const double* __restrict posterior, double* __restrict counts,
                double* __restrict prior_sums) {
  const std::size_t n_classes = K > 0 ? static_cast<std::size_t>(K) : data.n_classes;
  for (std::size_t fitted_idx = 0; fitted_idx < data.fitted.size(); ++fitted_idx) {
    const double* __restrict row = posterior + fitted_idx * n_classes;
    for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) prior_sums[class_idx] += row[class_idx];
    for (std::size_t label_idx = data.offset[fitted_idx]; label_idx < data.offset[fitted_idx + 1]; ++label_idx) {
      double* __restrict cell =
          counts + (static_cast<std::size_t>(data.worker[label_idx]) * n_classes + data.cls[label_idx]) * n_classes;
      for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) cell[class_idx] += row[class_idx];
    }
  }
}

// Rows with at most this many labels multiply their rates directly; longer rows are summed in logs. Counts
// are clipped at 1e-10 before normalising, so a rate is rarely far below that, and the product of 28 stays
// well inside the doubles; a short row whose product still comes out below kUnderflow is redone in logs.
constexpr std::size_t kDirectProductLimit = 28;
constexpr double kUnderflow = 1e-280;

// Posterior rows, normalised in place, and (fused, while each row is in cache) the next M-step's counts;
// returns the summed log-likelihood. Short rows multiply the rates directly (no exp or log per class: the
// E-step's main cost otherwise), long rows use log-sum-exp. The per-item likelihoods are multiplied together
// and only logged when the product gets small, which saves a log per item.
template <int K>
double posterior_rows(const ItemLabels& data, const double* __restrict priors, const double* __restrict rates,
                      const double* __restrict log_priors, const double* __restrict log_rates,
                      double* __restrict posterior, double* __restrict counts, double* __restrict prior_sums,
                      std::size_t first, std::size_t last) {
  const std::size_t n_classes = K > 0 ? static_cast<std::size_t>(K) : data.n_classes;
  double log_likelihood = 0.0, product = 1.0;
  constexpr double kSmall = 1e-150;
  for (std::size_t fitted_idx = first; fitted_idx < last; ++fitted_idx) {
    double* __restrict row = posterior + fitted_idx * n_classes;
    const std::size_t begin = data.offset[fitted_idx], end = data.offset[fitted_idx + 1];
    double shift = 0.0, total = 0.0;
    if (end - begin <= kDirectProductLimit) {
      // With K known, the row lives in registers while the labels are multiplied in.
      std::array<double, (K > 0 ? K : 1)> local;
      double* __restrict acc = K > 0 ? local.data() : row;
      for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) acc[class_idx] = priors[class_idx];
      for (std::size_t label_idx = begin; label_idx < end; ++label_idx) {
        const double* __restrict rate =
            rates + (static_cast<std::size_t>(data.worker[label_idx]) * n_classes + data.cls[label_idx]) * n_classes;
        for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) acc[class_idx] *= rate[class_idx];
      }
      for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) total += acc[class_idx];
      if constexpr (K > 0) {
        for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) row[class_idx] = acc[class_idx];
      }
    }
    if (end - begin > kDirectProductLimit || !(total >= kUnderflow)) {
      for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) row[class_idx] = log_priors[class_idx];
      for (std::size_t label_idx = begin; label_idx < end; ++label_idx) {
        const std::size_t cell = (static_cast<std::size_t>(data.worker[label_idx]) * n_classes + data.cls[label_idx]) * n_classes;
        if (log_rates != nullptr) {
          for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) row[class_idx] += log_rates[cell + class_idx];
        } else {  // an underflowing short row: its logs are not tabulated
          for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) row[class_idx] += std::log(rates[cell + class_idx]);
        }
      }
      shift = row[0];
      for (std::size_t class_idx = 1; class_idx < n_classes; ++class_idx) shift = std::max(shift, row[class_idx]);
      total = 0.0;
      for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) {
        row[class_idx] = std::exp(row[class_idx] - shift);
        total += row[class_idx];
      }
    }
    const double inverse = 1.0 / total;
    for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) {
      row[class_idx] *= inverse;
      prior_sums[class_idx] += row[class_idx];
    }
    for (std::size_t label_idx = begin; label_idx < end; ++label_idx) {
      double* __restrict cell =
          counts + (static_cast<std::size_t>(data.worker[label_idx]) * n_classes + data.cls[label_idx]) * n_classes;
      for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) cell[class_idx] += row[class_idx];
    }
    log_likelihood += shift;
    if (product < kSmall || total < kSmall) {
      log_likelihood += std::log(product);
      product = 1.0;
    }
    product *= total;
  }
  return log_likelihood + std::log(product);
}

template <typename Body>
void with_class_count(std::size_t n_classes, Body&& body) {
  switch (n_classes) {
    case 2: body(std::integral_constant<int, 2>{}); break;
    case 3: body(std::integral_constant<int, 3>{}); break;
    case 4: body(std::integral_constant<int, 4>{}); break;
    case 5: body(std::integral_constant<int, 5>{}); break;
    case 6: body(std::integral_constant<int, 6>{}); break;
    case 7: body(std::integral_constant<int, 7>{}); break;
    case 8: body(std::integral_constant<int, 8>{}); break;
    default: body(std::integral_constant<int, 0>{}); break;
  }
}

// M-step, given the expected counts of (worker, given, true) in params.errors and the posterior sums in
// params.priors: priors are the mean posterior; counts are clipped at kEpsilon and normalised per true class.
void m_step(const ItemLabels& data, Parameters& params) {
  const Eigen::Index n_classes = static_cast<Eigen::Index>(data.n_classes);
  params.priors /= static_cast<double>(data.fitted.size());
  params.errors = params.errors.cwiseMax(kEpsilon);
  for (std::size_t worker_idx = 0; worker_idx < data.n_workers; ++worker_idx) {
    auto block = params.errors.middleRows(static_cast<Eigen::Index>(worker_idx) * n_classes, n_classes);
    const Eigen::RowVectorXd column_sums = block.colwise().sum();
    block.array().rowwise() /= column_sums.array();
  }
}

// E-step: posterior proportional to prior x the error rates of the item's labels, normalised per item.
// Returns the log-likelihood of the data under `params` (sum over items of log sum_c prior_c prod rates).
// Leaves the unnormalised M-step sums in params (see m_step). With several threads each takes a contiguous
// block of items into its own sums, added up in block order, so a given thread count always gives the same bits.
double e_step(const ItemLabels& data, Parameters& params, RowMatrix& posterior, std::size_t n_threads) {
  const Eigen::VectorXd priors = params.priors.cwiseMax(kEpsilon);
  const Eigen::VectorXd log_priors = priors.array().log().matrix();
  const RowMatrix rates = params.errors;
  const bool long_rows = data.max_labels_per_item() > kDirectProductLimit;
  const RowMatrix log_rates = long_rows ? RowMatrix(rates.array().log().matrix()) : RowMatrix();
  const double* log_rates_data = long_rows ? log_rates.data() : nullptr;
  const std::size_t n_fitted = data.fitted.size();
  std::vector<Eigen::VectorXd> block_priors(n_threads, Eigen::VectorXd::Zero(priors.size()));
  std::vector<RowMatrix> block_counts(n_threads, RowMatrix::Zero(rates.rows(), rates.cols()));
  std::vector<double> block_log_likelihood(n_threads, 0.0);
  auto run_block = [&](std::size_t block_idx) {
    const std::size_t first = n_fitted * block_idx / n_threads, last = n_fitted * (block_idx + 1) / n_threads;
    with_class_count(data.n_classes, [&](auto fixed) {
      block_log_likelihood[block_idx] = posterior_rows<decltype(fixed)::value>(
          data, priors.data(), rates.data(), log_priors.data(), log_rates_data, posterior.data(),
          block_counts[block_idx].data(), block_priors[block_idx].data(), first, last);
    });
  };
  std::vector<std::thread> helpers;
  for (std::size_t block_idx = 1; block_idx < n_threads; ++block_idx) helpers.emplace_back(run_block, block_idx);
  run_block(0);
  for (auto& helper : helpers) helper.join();
  params.priors = block_priors[0];
  params.errors = block_counts[0];
  double log_likelihood = block_log_likelihood[0];
  for (std::size_t block_idx = 1; block_idx < n_threads; ++block_idx) {
    params.priors += block_priors[block_idx];
    params.errors += block_counts[block_idx];
    log_likelihood += block_log_likelihood[block_idx];
  }
  return log_likelihood;
}

}  // namespace

void fit_dawid_skene(const ItemLabels& data, const AggregationOptions& options, AggregationResult& result) {
  const std::size_t n_classes = data.n_classes;
  const auto n_fitted = static_cast<Eigen::Index>(data.fitted.size());
  const double n_labels = static_cast<double>(data.n_labels());

  const std::vector<double> shares = vote_shares(data);
  RowMatrix posterior = Eigen::Map<const RowMatrix>(shares.data(), n_fitted, static_cast<Eigen::Index>(n_classes));
  Parameters params;
  params.priors.setZero(static_cast<Eigen::Index>(n_classes));
  params.errors.setZero(static_cast<Eigen::Index>(data.n_workers * n_classes), static_cast<Eigen::Index>(n_classes));
  with_class_count(n_classes, [&](auto fixed) {
    count_rows<decltype(fixed)::value>(data, posterior.data(), params.errors.data(), params.priors.data());
  });
  m_step(data, params);

  // Iteration = E-step, priors, M-step (crowd-kit's order). The log-likelihood an E-step yields is that of the
  // parameters it started from, which EM never lowers; we stop when its per-label change falls below tolerance.
  // Threads pay off only with enough items each; below that one thread does it all.
  constexpr std::size_t kItemsPerThread = 16384;
  std::size_t n_threads = options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;
  n_threads = std::max<std::size_t>(1, std::min(n_threads, data.fitted.size() / kItemsPerThread));
  for (std::size_t iteration = 0; iteration < options.max_iterations; ++iteration) {
    const double log_likelihood = e_step(data, params, posterior, n_threads) / n_labels;
    m_step(data, params);
    result.iterations = iteration + 1;
    const bool small_change = options.tolerance > 0 && !result.log_likelihood.empty() &&
                              log_likelihood - result.log_likelihood.back() < options.tolerance;
    result.log_likelihood.push_back(log_likelihood);
    if (small_change) {
      result.converged = true;
      break;
    }
  }

  for (Eigen::Index fitted_idx = 0; fitted_idx < n_fitted; ++fitted_idx) {
    Eigen::Map<Eigen::RowVectorXd>(result.posterior.data() + data.fitted[fitted_idx] * n_classes,
                                   static_cast<Eigen::Index>(n_classes)) = posterior.row(fitted_idx);
  }
  result.class_priors.assign(params.priors.data(), params.priors.data() + n_classes);
  result.confusion.assign(data.n_workers * n_classes * n_classes, 0.0);
  result.competence.assign(data.n_workers, 0.0);
  for (std::size_t worker_idx = 0; worker_idx < data.n_workers; ++worker_idx) {
    for (std::size_t given = 0; given < n_classes; ++given) {
      for (std::size_t truth = 0; truth < n_classes; ++truth) {
        // Stored given-major for speed; reported true-major, each row a distribution over given labels.
        result.confusion[(worker_idx * n_classes + truth) * n_classes + given] =
            params.errors(static_cast<Eigen::Index>(worker_idx * n_classes + given), static_cast<Eigen::Index>(truth));
      }
    }
    for (std::size_t truth = 0; truth < n_classes; ++truth) {
      result.competence[worker_idx] += result.class_priors[truth] * result.confusion_at(worker_idx, truth, truth);
    }
  }
}

}  // namespace credence::scoring::aggregation_detail
