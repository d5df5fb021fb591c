// Dawid & Skene (1979) EM: class priors and one confusion matrix per worker, started from majority-vote shares
// and iterated in the order crowd-kit's DawidSkene uses, so its published step-by-step values are reproduced.
#include <Eigen/Core>
#include <cmath>

#include "aggregation_internal.hpp"

namespace credence::scoring::aggregation_detail {
namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Error rates are kept as (worker * K + given) x true, so the row a label needs in the E-step is contiguous.
struct Parameters {
  Eigen::VectorXd priors;  // K
  RowMatrix errors;        // (W * K) x K; column `true` of worker w's K x K block sums to 1 over `given`
};

// M-step: expected counts of (worker, given, true) from the posteriors, clipped at kEpsilon, normalised per true class.
void m_step(const ItemLabels& data, const RowMatrix& posterior, Parameters& params) {
  const Eigen::Index n_classes = static_cast<Eigen::Index>(data.n_classes);
  params.priors = posterior.colwise().mean().transpose();
  params.errors.setZero(static_cast<Eigen::Index>(data.n_workers) * n_classes, n_classes);
  for (std::size_t fitted_idx = 0; fitted_idx < data.fitted.size(); ++fitted_idx) {
    const double* row = posterior.data() + fitted_idx * data.n_classes;
    for (std::size_t label_idx = data.offset[fitted_idx]; label_idx < data.offset[fitted_idx + 1]; ++label_idx) {
      double* counts = params.errors.data() + (static_cast<std::size_t>(data.worker[label_idx]) * data.n_classes +
                                               data.cls[label_idx]) * data.n_classes;
      for (std::size_t class_idx = 0; class_idx < data.n_classes; ++class_idx) counts[class_idx] += row[class_idx];
    }
  }
  params.errors = params.errors.cwiseMax(kEpsilon);
  for (std::size_t worker_idx = 0; worker_idx < data.n_workers; ++worker_idx) {
    auto block = params.errors.middleRows(static_cast<Eigen::Index>(worker_idx) * n_classes, n_classes);
    const Eigen::RowVectorXd column_sums = block.colwise().sum();
    block.array().rowwise() /= column_sums.array();
  }
}

// E-step: log posterior = log prior + sum of log error rates of the item's labels, normalised per item.
// Returns the log-likelihood of the data under `params` (sum over items of log sum_c exp(row_c)).
double e_step(const ItemLabels& data, const Parameters& params, RowMatrix& posterior) {
  const std::size_t n_classes = data.n_classes;
  const Eigen::RowVectorXd log_priors = params.priors.transpose().array().max(kEpsilon).log().matrix();
  const RowMatrix log_errors = params.errors.array().log().matrix();
  Eigen::VectorXd row_max(static_cast<Eigen::Index>(data.fitted.size()));
  for (std::size_t fitted_idx = 0; fitted_idx < data.fitted.size(); ++fitted_idx) {
    double* row = posterior.data() + fitted_idx * n_classes;
    for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) row[class_idx] = log_priors[class_idx];
    for (std::size_t label_idx = data.offset[fitted_idx]; label_idx < data.offset[fitted_idx + 1]; ++label_idx) {
      const double* log_rate =
          log_errors.data() + (static_cast<std::size_t>(data.worker[label_idx]) * n_classes + data.cls[label_idx]) * n_classes;
      for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) row[class_idx] += log_rate[class_idx];
    }
    double best = row[0];
    for (std::size_t class_idx = 1; class_idx < n_classes; ++class_idx) best = std::max(best, row[class_idx]);
    for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) row[class_idx] -= best;
    row_max[static_cast<Eigen::Index>(fitted_idx)] = best;
  }
  // One vectorised exp over the whole block: after the shift each row's largest entry is exp(0) = 1.
  posterior = posterior.array().exp().matrix();
  const Eigen::VectorXd row_sums = posterior.rowwise().sum();
  posterior.array().colwise() /= row_sums.array();
  return row_max.sum() + row_sums.array().log().sum();
}

}  // namespace

void fit_dawid_skene(const ItemLabels& data, const AggregationOptions& options, AggregationResult& result) {
  const std::size_t n_classes = data.n_classes;
  const auto n_fitted = static_cast<Eigen::Index>(data.fitted.size());
  const double n_labels = static_cast<double>(data.n_labels());

  const std::vector<double> shares = vote_shares(data);
  RowMatrix posterior = Eigen::Map<const RowMatrix>(shares.data(), n_fitted, static_cast<Eigen::Index>(n_classes));
  Parameters params;
  m_step(data, posterior, params);

  // Iteration = E-step, priors, M-step (crowd-kit's order). The log-likelihood an E-step yields is that of the
  // parameters it started from, which EM never lowers; we stop when its per-label change falls below tolerance.
  for (std::size_t iteration = 0; iteration < options.max_iterations; ++iteration) {
    const double log_likelihood = e_step(data, params, posterior) / n_labels;
    m_step(data, posterior, params);
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
