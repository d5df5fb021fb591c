// MACE (Hovy, Berg-Kirkpatrick, Vaswani & Hovy 2013): each worker either knows the true label or spams from
// a personal label distribution; variational-Bayes or EM training with seeded random restarts.
#include <Eigen/Core>
#include <cmath>
#include <limits>

#include "aggregation_internal.hpp"

namespace credence::scoring::aggregation_detail {
namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// spam/know: P(spamming) and P(knowing) weights per worker; strategy: W x K spamming label distributions.
// Under variational training these are exp(E[log p]) weights, which need not sum to 1 (as in the MACE tool).
struct Parameters {
  Eigen::VectorXd spam, know;
  RowMatrix strategy;
};

struct ExpectedCounts {
  Eigen::VectorXd spam, know;
  RowMatrix strategy;
};

struct Run {
  Parameters params;
  RowMatrix posterior;
  std::vector<double> log_likelihood;
  std::size_t iterations = 0;
  bool converged = false;
};

Parameters random_start(std::size_t n_workers, std::size_t n_classes, double noise, std::uint64_t& state) {
  const auto workers = static_cast<Eigen::Index>(n_workers), classes = static_cast<Eigen::Index>(n_classes);
  Parameters params;
  params.spam.resize(workers);
  params.know.resize(workers);
  params.strategy.resize(workers, classes);
  for (Eigen::Index worker_idx = 0; worker_idx < workers; ++worker_idx) {
    const double spam = 1.0 + noise * uniform01(state), know = 1.0 + noise * uniform01(state);
    params.spam[worker_idx] = spam / (spam + know);
    params.know[worker_idx] = know / (spam + know);
    for (Eigen::Index class_idx = 0; class_idx < classes; ++class_idx) {
      params.strategy(worker_idx, class_idx) = 1.0 + noise * uniform01(state);
    }
    params.strategy.row(worker_idx) /= params.strategy.row(worker_idx).sum();
  }
  return params;
}

// Rows with at most this many labels are multiplied out directly: spamming factors are clipped at 1e-10 and
// gains are at most 1e10, so neither product leaves the range of normal doubles. Longer rows work in logs.
constexpr std::size_t kDirectProductLimit = 28;

// E-step. A label a from worker w has likelihood spam_w xi_w(a) under every true class but a, and
// spam_w xi_w(a) + know_w under a; the true label's prior is uniform (1/K). So a row is a common factor (the
// product of spamming factors) times, per class, the product of the gains (know factor / spam factor) of
// the labels that chose it. Returns the log marginal likelihood; fills the posteriors and, fused while each
// row is in cache, the expected counts for the M-step.
double e_step(const ItemLabels& data, const Parameters& params, RowMatrix& posterior, ExpectedCounts& counts) {
  const std::size_t n_classes = data.n_classes;
  const auto workers = static_cast<Eigen::Index>(data.n_workers), classes = static_cast<Eigen::Index>(n_classes);
  // Per (worker, given label) tables, so the per-label loops do no transcendental work.
  const RowMatrix spam_factor = (params.strategy.array().colwise() * params.spam.array()).max(kEpsilon).matrix();
  const RowMatrix know_factor = (spam_factor.array().colwise() + params.know.array()).matrix();
  const RowMatrix gain = (know_factor.array() / spam_factor.array()).matrix();
  const RowMatrix know_share = (know_factor.array().inverse().colwise() * params.know.array()).matrix();
  const bool long_rows = data.max_labels_per_item() > kDirectProductLimit;
  const RowMatrix log_spam = long_rows ? RowMatrix(spam_factor.array().log().matrix()) : RowMatrix();
  const RowMatrix log_gain = long_rows ? RowMatrix(gain.array().log().matrix()) : RowMatrix();

  counts.spam.setZero(workers);
  counts.know.setZero(workers);
  counts.strategy.setZero(workers, classes);
  double log_likelihood = 0.0, product = 1.0;
  constexpr double kSmall = 1e-150;
  for (std::size_t fitted_idx = 0; fitted_idx < data.fitted.size(); ++fitted_idx) {
    double* __restrict row = posterior.data() + fitted_idx * n_classes;
    const std::size_t begin = data.offset[fitted_idx], end = data.offset[fitted_idx + 1];
    double common = 1.0;  // the product of spamming factors, or its log on the long path
    if (end - begin <= kDirectProductLimit) {
      for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) row[class_idx] = 1.0;
      for (std::size_t label_idx = begin; label_idx < end; ++label_idx) {
        const std::size_t cell = static_cast<std::size_t>(data.worker[label_idx]) * n_classes + data.cls[label_idx];
        common *= spam_factor.data()[cell];
        row[data.cls[label_idx]] *= gain.data()[cell];
      }
    } else {
      double log_common = 0.0;
      for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) row[class_idx] = 0.0;
      for (std::size_t label_idx = begin; label_idx < end; ++label_idx) {
        const std::size_t cell = static_cast<std::size_t>(data.worker[label_idx]) * n_classes + data.cls[label_idx];
        log_common += log_spam.data()[cell];
        row[data.cls[label_idx]] += log_gain.data()[cell];
      }
      double best = row[0];
      for (std::size_t class_idx = 1; class_idx < n_classes; ++class_idx) best = std::max(best, row[class_idx]);
      for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) row[class_idx] = std::exp(row[class_idx] - best);
      log_likelihood += log_common + best;
    }
    double total = 0.0;
    for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) total += row[class_idx];
    const double inverse = 1.0 / total;
    for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) row[class_idx] *= inverse;
    for (std::size_t label_idx = begin; label_idx < end; ++label_idx) {
      const std::uint32_t worker_idx = data.worker[label_idx], given = data.cls[label_idx];
      // P(worker knew | labels) = P(true = given) * know / (spam xi(given) + know); otherwise the label was spam.
      const double knew = row[given] * know_share.data()[static_cast<std::size_t>(worker_idx) * n_classes + given];
      counts.know[worker_idx] += knew;
      counts.spam[worker_idx] += 1.0 - knew;
      counts.strategy(worker_idx, given) += 1.0 - knew;
    }
    // Per-item likelihoods are multiplied and only logged when the product gets small (a log per item costs more
    // than the rest of the row).
    const double item_likelihood = common * total;
    if (product < kSmall || item_likelihood < kSmall) {
      log_likelihood += std::log(product);
      product = 1.0;
    }
    product *= item_likelihood;
  }
  const double log_uniform = std::log(static_cast<double>(n_classes));
  return log_likelihood + std::log(product) - log_uniform * static_cast<double>(data.fitted.size());
}

void m_step(const ExpectedCounts& counts, const AggregationOptions& options, double smoothing,
            std::size_t n_classes, Parameters& params) {
  const auto classes = static_cast<double>(n_classes);
  if (options.mace_training == MaceTraining::variational) {
    // exp(E[log p]) under the Beta / Dirichlet posteriors: exp(psi(count + prior) - psi(total + prior sum)).
    for (Eigen::Index worker_idx = 0; worker_idx < counts.spam.size(); ++worker_idx) {
      const double spam = counts.spam[worker_idx] + options.mace_spam_prior;
      const double know = counts.know[worker_idx] + options.mace_know_prior;
      const double norm = digamma(spam + know);
      params.spam[worker_idx] = std::exp(digamma(spam) - norm);
      params.know[worker_idx] = std::exp(digamma(know) - norm);
      const double strategy_norm =
          digamma(counts.strategy.row(worker_idx).sum() + options.mace_strategy_prior * classes);
      for (Eigen::Index class_idx = 0; class_idx < counts.strategy.cols(); ++class_idx) {
        params.strategy(worker_idx, class_idx) =
            std::exp(digamma(counts.strategy(worker_idx, class_idx) + options.mace_strategy_prior) - strategy_norm);
      }
    }
    return;
  }
  for (Eigen::Index worker_idx = 0; worker_idx < counts.spam.size(); ++worker_idx) {
    const double total = counts.spam[worker_idx] + counts.know[worker_idx] + 2 * smoothing;
    params.spam[worker_idx] = total > 0 ? (counts.spam[worker_idx] + smoothing) / total : 0.5;
    params.know[worker_idx] = total > 0 ? (counts.know[worker_idx] + smoothing) / total : 0.5;
    const double strategy_total = counts.strategy.row(worker_idx).sum() + classes * smoothing;
    if (strategy_total > 0) {
      params.strategy.row(worker_idx) = (counts.strategy.row(worker_idx).array() + smoothing) / strategy_total;
    } else {
      params.strategy.row(worker_idx).setConstant(1.0 / classes);
    }
  }
}

// One restart: E-step from the random start, then max_iterations rounds of M-step + E-step (the MACE tool's
// order), stopping early once the mean log-likelihood per label moves by less than the tolerance.
Run run_restart(const ItemLabels& data, const AggregationOptions& options, double smoothing, Parameters start) {
  const double n_labels = static_cast<double>(data.n_labels());
  Run run;
  run.params = std::move(start);
  run.posterior.resize(static_cast<Eigen::Index>(data.fitted.size()), static_cast<Eigen::Index>(data.n_classes));
  ExpectedCounts counts;
  double previous = e_step(data, run.params, run.posterior, counts) / n_labels;
  for (std::size_t iteration = 0; iteration < options.max_iterations; ++iteration) {
    m_step(counts, options, smoothing, data.n_classes, run.params);
    const double log_likelihood = e_step(data, run.params, run.posterior, counts) / n_labels;
    run.log_likelihood.push_back(log_likelihood);
    run.iterations = iteration + 1;
    // Variational updates need not raise the likelihood at every step, hence the absolute change.
    if (options.tolerance > 0 && std::abs(log_likelihood - previous) < options.tolerance) {
      run.converged = true;
      break;
    }
    previous = log_likelihood;
  }
  if (run.log_likelihood.empty()) run.log_likelihood.push_back(previous);
  return run;
}

}  // namespace

void fit_mace(const ItemLabels& data, const AggregationOptions& options, AggregationResult& result) {
  const std::size_t n_classes = data.n_classes;
  const double smoothing = options.mace_smoothing < 0 ? 0.01 / static_cast<double>(n_classes) : options.mace_smoothing;
  const std::size_t restarts = std::max<std::size_t>(1, options.mace_restarts);

  Run best;
  double best_log_likelihood = -std::numeric_limits<double>::infinity();
  for (std::size_t restart = 0; restart < restarts; ++restart) {
    // Each restart has its own stream, so restart r starts the same whatever the number of restarts.
    std::uint64_t state = options.seed * 0x9e3779b97f4a7c15ULL + restart;
    splitmix64(state);
    Run run = run_restart(data, options, smoothing,
                          random_start(data.n_workers, n_classes, options.mace_init_noise, state));
    if (run.log_likelihood.back() > best_log_likelihood) {
      best_log_likelihood = run.log_likelihood.back();
      best = std::move(run);
      result.restart = restart;
    }
  }
  if (options.max_iterations == 0) best.log_likelihood.clear();

  for (std::size_t fitted_idx = 0; fitted_idx < data.fitted.size(); ++fitted_idx) {
    Eigen::Map<Eigen::RowVectorXd>(result.posterior.data() + data.fitted[fitted_idx] * n_classes,
                                   static_cast<Eigen::Index>(n_classes)) = best.posterior.row(static_cast<Eigen::Index>(fitted_idx));
  }
  result.iterations = best.iterations;
  result.converged = best.converged;
  result.log_likelihood = best.log_likelihood;
  result.class_priors.assign(n_classes, 1.0 / static_cast<double>(n_classes));
  result.competence.assign(data.n_workers, 0.0);
  result.spamming.assign(data.n_workers * n_classes, 0.0);
  for (std::size_t worker_idx = 0; worker_idx < data.n_workers; ++worker_idx) {
    const auto row = static_cast<Eigen::Index>(worker_idx);
    // Normalised, because variational weights need not sum to 1.
    result.competence[worker_idx] = best.params.know[row] / (best.params.know[row] + best.params.spam[row]);
    const double strategy_total = best.params.strategy.row(row).sum();
    for (std::size_t class_idx = 0; class_idx < n_classes; ++class_idx) {
      result.spamming[worker_idx * n_classes + class_idx] =
          best.params.strategy(row, static_cast<Eigen::Index>(class_idx)) / strategy_total;
    }
  }
}

}  // namespace credence::scoring::aggregation_detail
