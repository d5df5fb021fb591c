// Label aggregation: crowd-kit's published Dawid-Skene values, MACE on simulated spammers, tie rules, and bad input.
#include "credence/scoring/aggregation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>

namespace credence::scoring {
namespace aggregation_detail {
double digamma(double x);  // internal, checked here against tabulated values
}
namespace {

// ---------- helpers ----------

bool all_finite(const std::vector<double>& values) {
  for (const double value : values) {
    if (!std::isfinite(value)) return false;
  }
  return true;
}

void expect_finite(const AggregationResult& result) {
  EXPECT_TRUE(all_finite(result.posterior));
  EXPECT_TRUE(all_finite(result.confidence));
  EXPECT_TRUE(all_finite(result.class_priors));
  EXPECT_TRUE(all_finite(result.confusion));
  EXPECT_TRUE(all_finite(result.competence));
  EXPECT_TRUE(all_finite(result.spamming));
  EXPECT_TRUE(all_finite(result.log_likelihood));
}

bool has_note(const AggregationResult& result, const std::string& text) {
  for (const auto& note : result.notes) {
    if (note == text) return true;
  }
  return false;
}

std::string joined_notes(const AggregationResult& result) {
  std::string out;
  for (const auto& note : result.notes) out += note + "\n";
  return out;
}

// crowd-kit's step-by-step fixture, read from tests/data/aggregation (see the file's header for the source).
struct CrowdKitToy {
  CategoricalLabels labels;
  struct Step {
    std::map<int, std::vector<double>> probas;  // item -> (no, yes)
    std::vector<double> priors;
    std::map<int, int> agg;                                 // item -> class
    std::map<std::pair<int, int>, std::vector<double>> errors;  // (worker, given) -> (true no, true yes)
  };
  std::map<int, Step> steps;
};

int toy_id(const std::string& name) { return std::stoi(name.substr(1)) - 1; }  // "t3" -> 2, "w1" -> 0
int toy_class(const std::string& name) { return name == "yes" ? 1 : 0; }

CrowdKitToy load_crowdkit_toy() {
  CrowdKitToy toy;
  toy.labels.n_items = 5;
  toy.labels.n_workers = 5;
  toy.labels.n_classes = 2;
  std::ifstream in(std::string(CREDENCE_TEST_DATA) + "/aggregation/crowdkit_dawid_skene_toy.tsv");
  EXPECT_TRUE(in) << "tests/data/aggregation/crowdkit_dawid_skene_toy.tsv is missing";
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string kind;
    fields >> kind;
    if (kind == "label") {
      std::string task, worker, cls;
      fields >> task >> worker >> cls;
      toy.labels.add(toy_id(task), toy_id(worker), toy_class(cls));
      continue;
    }
    int iteration = 0;
    fields >> iteration;
    auto& step = toy.steps[iteration];
    if (kind == "probas") {
      std::string task;
      double no = 0, yes = 0;
      fields >> task >> no >> yes;
      step.probas[toy_id(task)] = {no, yes};
    } else if (kind == "prior") {
      double no = 0, yes = 0;
      fields >> no >> yes;
      step.priors = {no, yes};
    } else if (kind == "agg") {
      std::string task, cls;
      fields >> task >> cls;
      step.agg[toy_id(task)] = toy_class(cls);
    } else if (kind == "error") {
      std::string worker, given;
      double true_no = 0, true_yes = 0;
      fields >> worker >> given >> true_no >> true_yes;
      step.errors[{toy_id(worker), toy_class(given)}] = {true_no, true_yes};
    } else {
      ADD_FAILURE() << "unknown record kind " << kind;
    }
  }
  return toy;
}

// crowd-kit's toy YSDA answers (tests/conftest.py, toy_answers_df) with their ground truth yes, yes, no, yes, no.
CategoricalLabels toy_ysda() {
  CategoricalLabels labels;
  labels.n_items = 5;
  labels.n_workers = 5;
  labels.n_classes = 2;
  const char* answers[5] = {"01111", "11010", "-1010", "10110", "00010"};  // per worker, tasks t1..t5; '-' = none
  for (std::uint32_t worker_idx = 0; worker_idx < 5; ++worker_idx) {
    for (std::uint32_t item_idx = 0; item_idx < 5; ++item_idx) {
      const char answer = answers[worker_idx][item_idx];
      if (answer != '-') labels.add(item_idx, worker_idx, answer == '1' ? 1 : 0);
    }
  }
  return labels;
}

// Simulated annotations: worker w is right with probability accuracy[w]; otherwise it gives spam_class[w]
// when that is >= 0, else a uniformly drawn wrong class.
struct Simulation {
  CategoricalLabels labels;
  std::vector<std::int32_t> truth;
};

Simulation simulate(std::size_t n_items, std::size_t n_classes, const std::vector<double>& accuracy,
                    const std::vector<int>& spam_class, std::uint64_t seed) {
  Simulation sim;
  sim.labels.n_items = n_items;
  sim.labels.n_workers = accuracy.size();
  sim.labels.n_classes = n_classes;
  std::uint64_t state = seed;
  auto next = [&state]() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  for (std::size_t item_idx = 0; item_idx < n_items; ++item_idx) {
    const auto truth = static_cast<std::uint32_t>(next() % n_classes);
    sim.truth.push_back(static_cast<std::int32_t>(truth));
    for (std::size_t worker_idx = 0; worker_idx < accuracy.size(); ++worker_idx) {
      const double draw = static_cast<double>(next() >> 11) * 0x1.0p-53;
      std::uint32_t given = truth;
      if (draw >= accuracy[worker_idx]) {
        given = spam_class[worker_idx] >= 0 ? static_cast<std::uint32_t>(spam_class[worker_idx])
                                            : static_cast<std::uint32_t>((truth + 1 + next() % (n_classes - 1)) % n_classes);
      }
      sim.labels.add(static_cast<std::uint32_t>(item_idx), static_cast<std::uint32_t>(worker_idx), given);
    }
  }
  return sim;
}

double accuracy(const AggregationResult& result, const std::vector<std::int32_t>& truth) {
  std::size_t right = 0;
  for (std::size_t item_idx = 0; item_idx < truth.size(); ++item_idx) right += result.label[item_idx] == truth[item_idx];
  return static_cast<double>(right) / static_cast<double>(truth.size());
}

AggregationOptions iterations(std::size_t max_iterations, double tolerance) {
  AggregationOptions options;
  options.max_iterations = max_iterations;
  options.tolerance = tolerance;
  return options;
}

// ---------- Dawid-Skene ----------

// crowd-kit test_dawid_skene_step_by_step: DawidSkene(n_iter).fit(data) for n_iter = 0, 1, atol 0.005.
TEST(DawidSkene, ReproducesCrowdKitStepByStep) {
  const CrowdKitToy toy = load_crowdkit_toy();
  ASSERT_EQ(toy.labels.item.size(), 24u);
  ASSERT_EQ(toy.steps.size(), 2u);
  for (const auto& [iteration, step] : toy.steps) {
    SCOPED_TRACE("after " + std::to_string(iteration) + " iterations");
    const auto result = aggregate(toy.labels, AggregationMethod::dawid_skene, iterations(iteration, 1e-5));
    EXPECT_EQ(result.iterations, static_cast<std::size_t>(iteration));
    ASSERT_EQ(step.probas.size(), 5u);
    for (const auto& [item_idx, probas] : step.probas) {
      EXPECT_NEAR(result.posterior_at(item_idx, 0), probas[0], 0.005) << "item " << item_idx;
      EXPECT_NEAR(result.posterior_at(item_idx, 1), probas[1], 0.005) << "item " << item_idx;
    }
    EXPECT_NEAR(result.class_priors[0], step.priors[0], 0.005);
    EXPECT_NEAR(result.class_priors[1], step.priors[1], 0.005);
    for (const auto& [item_idx, cls] : step.agg) EXPECT_EQ(result.label[item_idx], cls) << "item " << item_idx;
    ASSERT_EQ(step.errors.size(), 10u);
    for (const auto& [key, by_truth] : step.errors) {
      const auto [worker_idx, given] = key;
      EXPECT_NEAR(result.confusion_at(worker_idx, 0, given), by_truth[0], 0.005) << "worker " << worker_idx;
      EXPECT_NEAR(result.confusion_at(worker_idx, 1, given), by_truth[1], 0.005) << "worker " << worker_idx;
    }
    expect_finite(result);
  }
}

// The iteration-0 values are exact fractions of the majority-vote shares: a tighter check than crowd-kit's atol.
TEST(DawidSkene, StartsFromMajorityVoteShares) {
  const CrowdKitToy toy = load_crowdkit_toy();
  const auto result = aggregate(toy.labels, AggregationMethod::dawid_skene, iterations(0, 1e-5));
  EXPECT_DOUBLE_EQ(result.class_priors[0], 0.46);
  // w1 with true class "no": said "no" on t1 (share 0.5) out of a total "no" mass of 2.3.
  EXPECT_NEAR(result.confusion_at(0, 0, 0), 0.5 / 2.3, 1e-9);
  EXPECT_NEAR(result.confusion_at(0, 1, 1), (0.6 + 0.4 + 1.0 + 0.2) / 2.7, 1e-9);
  EXPECT_EQ(result.tied[0], 1);  // t1 is 2:2
  EXPECT_TRUE(result.log_likelihood.empty());
}

// crowd-kit test_aggregate_ds_on_toy_ysda: (n_iter, tol) = (10, 0) and (100500, 1e-5) give yes, yes, no, yes, no.
TEST(DawidSkene, ToyYsdaMatchesCrowdKitLabels) {
  for (const auto& options : {iterations(10, 0.0), iterations(100500, 1e-5)}) {
    const auto result = aggregate(toy_ysda(), AggregationMethod::dawid_skene, options);
    EXPECT_EQ(result.label, (std::vector<std::int32_t>{1, 1, 0, 1, 0}));
    expect_finite(result);
  }
  const auto converged = aggregate(toy_ysda(), AggregationMethod::dawid_skene, iterations(100500, 1e-5));
  EXPECT_TRUE(converged.converged);
  EXPECT_LT(converged.iterations, 100500u);
}

// crowd-kit test_dawid_skene_overlap: worker p says "yes" on task t unless (p - t) % 3 == 0; after 20 iterations
// every task is (1/3, 2/3) and so are the priors.
TEST(DawidSkene, ReproducesCrowdKitOverlap) {
  for (const std::uint32_t overlap : {3u, 300u}) {
    CategoricalLabels labels;
    labels.n_items = 3;
    labels.n_workers = overlap;
    labels.n_classes = 2;
    for (std::uint32_t worker_idx = 0; worker_idx < overlap; ++worker_idx) {
      for (std::uint32_t item_idx = 0; item_idx < 3; ++item_idx) {
        labels.add(item_idx, worker_idx, (worker_idx + 3 - item_idx) % 3 ? 1 : 0);
      }
    }
    const auto result = aggregate(labels, AggregationMethod::dawid_skene, iterations(20, 1e-5));
    for (std::size_t item_idx = 0; item_idx < 3; ++item_idx) {
      EXPECT_NEAR(result.posterior_at(item_idx, 0), 1.0 / 3, 0.005);
      EXPECT_NEAR(result.posterior_at(item_idx, 1), 2.0 / 3, 0.005);
      EXPECT_EQ(result.label[item_idx], 1);
    }
    EXPECT_NEAR(result.class_priors[0], 1.0 / 3, 0.005);
    EXPECT_NEAR(result.class_priors[1], 2.0 / 3, 0.005);
  }
}

TEST(DawidSkene, RecoversSimulatedConfusionAndNeverLowersTheLikelihood) {
  const auto sim = simulate(20000, 3, {0.9, 0.8, 0.7, 0.6, 0.5}, {-1, -1, -1, -1, -1}, 7);
  const auto result = aggregate(sim.labels, AggregationMethod::dawid_skene, iterations(100, 1e-7));
  EXPECT_TRUE(result.converged) << joined_notes(result);
  const double expected[5] = {0.9, 0.8, 0.7, 0.6, 0.5};
  for (std::size_t worker_idx = 0; worker_idx < 5; ++worker_idx) {
    for (std::size_t truth = 0; truth < 3; ++truth) {
      EXPECT_NEAR(result.confusion_at(worker_idx, truth, truth), expected[worker_idx], 0.02)
          << "worker " << worker_idx << " class " << truth;
      double row = 0;
      for (std::size_t given = 0; given < 3; ++given) row += result.confusion_at(worker_idx, truth, given);
      EXPECT_NEAR(row, 1.0, 1e-9);
    }
    EXPECT_NEAR(result.competence[worker_idx], expected[worker_idx], 0.02);
  }
  for (std::size_t step = 1; step < result.log_likelihood.size(); ++step) {
    EXPECT_GE(result.log_likelihood[step], result.log_likelihood[step - 1] - 1e-12) << "iteration " << step;
  }
  const auto majority = aggregate(sim.labels, AggregationMethod::majority);
  EXPECT_GT(accuracy(result, sim.truth), accuracy(majority, sim.truth));
  EXPECT_TRUE(has_note(result, "converged after " + std::to_string(result.iterations) + " iterations (last change in "
                                   "mean log-likelihood per label " +
                                   [&] {
                                     std::ostringstream out;
                                     out << result.log_likelihood.back() -
                                                result.log_likelihood[result.log_likelihood.size() - 2]
                                         << ", tolerance " << 1e-7 << ')';
                                     return out.str();
                                   }()))
      << joined_notes(result);
}

// Two E-step threads split the items in blocks; the sums are added in block order, so the result is repeatable
// and equal to the one-thread result up to rounding.
TEST(DawidSkene, TwoThreadsAgreeWithOne) {
  const auto sim = simulate(40000, 4, {0.8, 0.7, 0.6, 0.4}, {-1, -1, -1, 1}, 21);
  AggregationOptions options = iterations(15, 0.0);
  const auto single = aggregate(sim.labels, AggregationMethod::dawid_skene, options);
  options.threads = 2;
  const auto threaded = aggregate(sim.labels, AggregationMethod::dawid_skene, options);
  const auto again = aggregate(sim.labels, AggregationMethod::dawid_skene, options);
  EXPECT_EQ(threaded.posterior, again.posterior);
  EXPECT_EQ(threaded.label, single.label);
  for (std::size_t idx = 0; idx < single.posterior.size(); ++idx) {
    ASSERT_NEAR(threaded.posterior[idx], single.posterior[idx], 1e-9) << idx;
  }
  ASSERT_EQ(threaded.log_likelihood.size(), 15u);
  EXPECT_NEAR(threaded.log_likelihood.back(), single.log_likelihood.back(), 1e-12);
}

// Items with more than 28 labels take the log-sum-exp path (the crowd-kit toy data covers the direct product);
// the result must equal the closed form: posterior log-odds = log prior ratio + sum of log rate ratios.
TEST(DawidSkene, LongRowsMatchTheClosedForm) {
  CategoricalLabels labels;
  labels.n_items = 2;
  labels.n_workers = 40;
  labels.n_classes = 2;
  for (std::uint32_t worker_idx = 0; worker_idx < 40; ++worker_idx) {
    labels.add(0, worker_idx, worker_idx % 4 == 0 ? 0 : 1);  // 10 say 0, 30 say 1
    labels.add(1, worker_idx, worker_idx % 4 == 0 ? 1 : 0);  // the mirror image
  }
  const auto result = aggregate(labels, AggregationMethod::dawid_skene, iterations(0, 0.0));
  ASSERT_EQ(result.iterations, 0u);  // the start: rates and priors from the majority-vote shares
  const auto one_iteration = aggregate(labels, AggregationMethod::dawid_skene, iterations(1, 0.0));
  double log_odds = std::log(result.class_priors[1] / result.class_priors[0]);
  for (std::uint32_t worker_idx = 0; worker_idx < 40; ++worker_idx) {
    const std::size_t given = worker_idx % 4 == 0 ? 0 : 1;
    log_odds += std::log(result.confusion_at(worker_idx, 1, given) / result.confusion_at(worker_idx, 0, given));
  }
  EXPECT_NEAR(one_iteration.posterior_at(0, 1), 1.0 / (1.0 + std::exp(-log_odds)), 1e-12);
  expect_finite(one_iteration);
}

TEST(DawidSkene, StopsAtMaxIterationsWithoutClaimingConvergence) {
  const auto sim = simulate(500, 3, {0.9, 0.7, 0.5}, {-1, -1, -1}, 3);
  const auto result = aggregate(sim.labels, AggregationMethod::dawid_skene, iterations(2, 0.0));
  EXPECT_EQ(result.iterations, 2u);
  EXPECT_FALSE(result.converged);
  EXPECT_EQ(result.log_likelihood.size(), 2u);
  ASSERT_FALSE(result.notes.empty());
  EXPECT_EQ(result.notes.back().rfind("stopped without converging after 2 iterations", 0), 0u) << joined_notes(result);
}

// ---------- MACE ----------

// Three careful workers and four spammers: three always answer class 0 when spamming (a constant-label spammer
// is right only when the truth is 0), one answers at random. Majority vote is pulled towards class 0; MACE is not.
TEST(Mace, SpammersGetLowCompetenceAndMaceBeatsMajority) {
  const std::vector<double> accuracy_by_worker = {0.8, 0.75, 0.7, 0.0, 0.0, 0.0, 0.0};
  const std::vector<int> spam = {-1, -1, -1, 0, 0, 0, -1};
  const auto sim = simulate(600, 4, accuracy_by_worker, spam, 11);
  for (const MaceTraining training : {MaceTraining::variational, MaceTraining::em}) {
    SCOPED_TRACE(training == MaceTraining::variational ? "variational" : "em");
    AggregationOptions options;
    options.mace_training = training;
    options.max_iterations = 50;
    const auto mace = aggregate(sim.labels, AggregationMethod::mace, options);
    expect_finite(mace);
    for (std::size_t worker_idx = 0; worker_idx < 3; ++worker_idx) EXPECT_GT(mace.competence[worker_idx], 0.6);
    for (std::size_t worker_idx = 3; worker_idx < 7; ++worker_idx) EXPECT_LT(mace.competence[worker_idx], 0.2);
    // The constant spammers' spamming distributions put nearly everything on class 0.
    for (std::size_t worker_idx = 3; worker_idx < 6; ++worker_idx) EXPECT_GT(mace.spamming[worker_idx * 4 + 0], 0.8);
    const auto majority = aggregate(sim.labels, AggregationMethod::majority);
    EXPECT_GT(accuracy(mace, sim.truth), accuracy(majority, sim.truth) + 0.15)
        << "MACE " << accuracy(mace, sim.truth) << " majority " << accuracy(majority, sim.truth);
    EXPECT_GT(accuracy(mace, sim.truth), 0.85);
    for (std::size_t item_idx = 0; item_idx < sim.truth.size(); ++item_idx) {
      double row = 0;
      for (std::size_t class_idx = 0; class_idx < 4; ++class_idx) row += mace.posterior_at(item_idx, class_idx);
      ASSERT_NEAR(row, 1.0, 1e-9);
    }
  }
}

TEST(Mace, SameSeedSameResultAndRestartIsReported) {
  const auto sim = simulate(400, 3, {0.85, 0.7, 0.6, 0.0, 0.0}, {-1, -1, -1, 2, -1}, 5);
  AggregationOptions options;
  options.seed = 42;
  options.mace_restarts = 5;
  const auto first = aggregate(sim.labels, AggregationMethod::mace, options);
  const auto second = aggregate(sim.labels, AggregationMethod::mace, options);
  EXPECT_EQ(first.posterior, second.posterior);
  EXPECT_EQ(first.competence, second.competence);
  EXPECT_EQ(first.restart, second.restart);
  EXPECT_LT(first.restart, 5u);
  EXPECT_EQ(first.class_priors, (std::vector<double>(3, 1.0 / 3)));
  EXPECT_GT(first.competence[0], first.competence[2]);
  EXPECT_GT(first.competence[2], 0.3);
  EXPECT_LT(first.competence[3], 0.1);
  EXPECT_LT(first.competence[4], 0.1);
}

// crowd-kit test_aggregate_mace_on_toy_ysda: MACE(n_restarts=1, n_iter=5) gets every toy task right with both
// training methods (its random start differs from ours, so only the labels are compared).
TEST(Mace, ToyYsdaMatchesCrowdKitLabels) {
  for (const MaceTraining training : {MaceTraining::variational, MaceTraining::em}) {
    AggregationOptions options;
    options.mace_training = training;
    options.mace_restarts = 1;
    options.max_iterations = 5;
    const auto result = aggregate(toy_ysda(), AggregationMethod::mace, options);
    EXPECT_EQ(result.label, (std::vector<std::int32_t>{1, 1, 0, 1, 0}));
    EXPECT_LE(result.iterations, 5u);
    expect_finite(result);
  }
}

// 40 annotators per item sends every row down the log-space path; the careful ones must still win.
TEST(Mace, ManyAnnotatorsPerItem) {
  std::vector<double> accuracy_by_worker(40, 0.7);
  std::vector<int> spam(40, -1);
  for (std::size_t worker_idx = 30; worker_idx < 40; ++worker_idx) {
    accuracy_by_worker[worker_idx] = 0.0;
    spam[worker_idx] = 2;
  }
  const auto sim = simulate(200, 3, accuracy_by_worker, spam, 13);
  const auto result = aggregate(sim.labels, AggregationMethod::mace);
  expect_finite(result);
  EXPECT_GT(accuracy(result, sim.truth), 0.99);
  EXPECT_GT(result.competence[0], 0.5);
  EXPECT_LT(result.competence[35], 0.1);
}

TEST(Mace, DigammaMatchesTabulatedValues) {
  EXPECT_NEAR(aggregation_detail::digamma(1.0), -0.5772156649015329, 1e-12);
  EXPECT_NEAR(aggregation_detail::digamma(0.5), -1.9635100260214235, 1e-12);
  EXPECT_NEAR(aggregation_detail::digamma(10.0), 2.251752589066721, 1e-12);
  // psi(x) = -1/x - gamma + zeta(2) x - zeta(3) x^2 + ... near 0.
  EXPECT_NEAR(aggregation_detail::digamma(1e-3), -1000.5755719318104, 1e-9);
}

// ---------- majority vote and tie rules ----------

TEST(Majority, VoteSharesTiesAndLowestCodeRule) {
  CategoricalLabels labels;
  labels.n_items = 3;
  labels.n_workers = 4;
  labels.n_classes = 3;
  labels.add(0, 0, 2);
  labels.add(0, 1, 2);
  labels.add(0, 2, 1);  // item 0: 2 beats 1
  labels.add(1, 0, 2);
  labels.add(1, 1, 1);  // item 1: 1 and 2 tie
  labels.add(2, 3, 0);  // item 2: one label
  const auto result = aggregate(labels, AggregationMethod::majority);
  EXPECT_EQ(result.label, (std::vector<std::int32_t>{2, 1, 0}));
  EXPECT_EQ(result.tied, (std::vector<std::uint8_t>{0, 1, 0}));
  EXPECT_DOUBLE_EQ(result.posterior_at(0, 2), 2.0 / 3);
  EXPECT_DOUBLE_EQ(result.confidence[1], 0.5);
  EXPECT_DOUBLE_EQ(result.posterior_at(1, 2), 0.5);
  EXPECT_TRUE(result.converged);
  // Competence under majority: share of the worker's labels equal to the derived label.
  EXPECT_DOUBLE_EQ(result.competence[0], 0.5);  // right on item 0, lost the tie on item 1
  EXPECT_DOUBLE_EQ(result.competence[1], 1.0);
  EXPECT_DOUBLE_EQ(result.competence[2], 0.0);
  EXPECT_TRUE(has_note(result, "1 item had a tie for the most probable class; broken by the lowest class code"))
      << joined_notes(result);
}

TEST(Majority, SeededRandomTieBreakIsDeterministicPerItem) {
  CategoricalLabels labels;
  labels.n_items = 200;
  labels.n_workers = 2;
  labels.n_classes = 2;
  for (std::uint32_t item_idx = 0; item_idx < 200; ++item_idx) {
    labels.add(item_idx, 0, 0);
    labels.add(item_idx, 1, 1);
  }
  AggregationOptions options;
  options.tie_break = TieBreak::seeded_random;
  options.seed = 9;
  const auto first = aggregate(labels, AggregationMethod::majority, options);
  const auto again = aggregate(labels, AggregationMethod::majority, options);
  EXPECT_EQ(first.label, again.label);
  std::size_t ones = 0;
  for (std::size_t item_idx = 0; item_idx < 200; ++item_idx) {
    EXPECT_EQ(first.tied[item_idx], 1);
    ones += first.label[item_idx] == 1;
  }
  EXPECT_GT(ones, 70u);  // a fair draw, not the lowest code every time
  EXPECT_LT(ones, 130u);
  options.seed = 10;
  EXPECT_NE(aggregate(labels, AggregationMethod::majority, options).label, first.label);
  // An item's draw does not depend on the other items: drop all but item 57.
  CategoricalLabels one;
  one.n_items = 200;
  one.n_workers = 2;
  one.n_classes = 2;
  one.add(57, 0, 0);
  one.add(57, 1, 1);
  options.seed = 9;
  EXPECT_EQ(aggregate(one, AggregationMethod::majority, options).label[57], first.label[57]);
  EXPECT_TRUE(has_note(first, "200 items had a tie for the most probable class; broken by a draw seeded by --seed and the item"))
      << joined_notes(first);
}

TEST(Aggregation, MinAnnotatorsLeavesThinItemsUnlabelledAndOutOfTheFit) {
  CategoricalLabels labels;
  labels.n_items = 3;
  labels.n_workers = 3;
  labels.n_classes = 2;
  for (std::uint32_t worker_idx = 0; worker_idx < 3; ++worker_idx) labels.add(0, worker_idx, 1);
  labels.add(1, 0, 0);
  labels.add(1, 1, 0);
  labels.add(2, 2, 0);  // the only label of item 2, and worker 2's only label there
  AggregationOptions options;
  options.min_annotators = 2;
  for (const auto method : {AggregationMethod::majority, AggregationMethod::dawid_skene, AggregationMethod::mace}) {
    SCOPED_TRACE(aggregation_method_name(method));
    const auto result = aggregate(labels, method, options);
    EXPECT_EQ(result.label[0], 1);
    EXPECT_EQ(result.label[1], 0);
    EXPECT_EQ(result.label[2], -1);
    EXPECT_EQ(result.posterior_at(2, 0), 0.0);
    EXPECT_EQ(result.posterior_at(2, 1), 0.0);
    EXPECT_EQ(result.confidence[2], 0.0);
    EXPECT_EQ(result.annotator_count, (std::vector<std::uint32_t>{3, 2, 1}));
    EXPECT_EQ(result.worker_label_count, (std::vector<std::uint32_t>{2, 2, 1}));
    EXPECT_TRUE(has_note(result, "1 item has fewer than 2 annotators and gets no label")) << joined_notes(result);
    expect_finite(result);
  }
}

// ---------- bad input and edge cases ----------

TEST(Aggregation, RejectsBadTriplesOneByOneAndUsesTheRest) {
  CategoricalLabels labels;
  labels.n_items = 2;
  labels.n_workers = 2;
  labels.n_classes = 2;
  labels.add(0, 0, 1);  // 0 ok
  labels.add(5, 0, 1);  // 1 item out of range
  labels.add(0, 7, 1);  // 2 worker out of range
  labels.add(0, 1, 3);  // 3 class out of range
  labels.add(0, 1, 1);  // 4 ok
  labels.add(0, 0, 0);  // 5 second label of worker 0 on item 0
  labels.add(1, 0, 0);  // 6 ok
  labels.item.push_back(1);  // 7 incomplete: item only
  for (const auto method : {AggregationMethod::majority, AggregationMethod::dawid_skene, AggregationMethod::mace}) {
    SCOPED_TRACE(aggregation_method_name(method));
    const auto result = aggregate(labels, method);
    ASSERT_EQ(result.rejected.size(), 5u);
    EXPECT_EQ(result.rejected[0].index, 1u);
    EXPECT_EQ(result.rejected[0].message, "item 5 is outside 0..1 (n_items = 2)");
    EXPECT_EQ(result.rejected[1].index, 2u);
    EXPECT_EQ(result.rejected[1].message, "worker 7 is outside 0..1 (n_workers = 2)");
    EXPECT_EQ(result.rejected[2].index, 3u);
    EXPECT_EQ(result.rejected[2].message, "class 3 is outside 0..1 (n_classes = 2)");
    EXPECT_EQ(result.rejected[3].index, 5u);
    EXPECT_EQ(result.rejected[3].message,
              "worker 0 already labelled item 0 (entry 0); only a worker's first label for an item is used");
    EXPECT_EQ(result.rejected[4].index, 7u);
    EXPECT_EQ(result.rejected[4].message, "item, worker and cls arrays differ in length (8, 7, 7); this entry is incomplete");
    EXPECT_EQ(result.label, (std::vector<std::int32_t>{1, 0}));
    EXPECT_EQ(result.annotator_count, (std::vector<std::uint32_t>{2, 1}));
    EXPECT_TRUE(has_note(result, "5 labels were not used (see rejected)")) << joined_notes(result);
    expect_finite(result);
  }
}

TEST(Aggregation, NoLabelsGiveNoLabelAndANote) {
  CategoricalLabels labels;
  labels.n_items = 4;
  labels.n_workers = 2;
  labels.n_classes = 3;
  for (const auto method : {AggregationMethod::majority, AggregationMethod::dawid_skene, AggregationMethod::mace}) {
    const auto result = aggregate(labels, method);
    EXPECT_EQ(result.label, (std::vector<std::int32_t>(4, -1)));
    EXPECT_EQ(result.posterior, std::vector<double>(12, 0.0));
    EXPECT_TRUE(has_note(result, "no labels were given; no item gets a label")) << joined_notes(result);
    EXPECT_TRUE(has_note(result, "4 items have no labels and get no label")) << joined_notes(result);
    EXPECT_EQ(result.iterations, 0u);
  }
  const auto empty = aggregate(CategoricalLabels{}, AggregationMethod::dawid_skene);
  EXPECT_TRUE(empty.label.empty());
  EXPECT_TRUE(has_note(empty, "no labels were given; no item gets a label"));

  CategoricalLabels no_classes;
  no_classes.n_items = 1;
  no_classes.n_workers = 1;
  no_classes.add(0, 0, 0);
  const auto rejected = aggregate(no_classes, AggregationMethod::mace);
  ASSERT_EQ(rejected.rejected.size(), 1u);
  EXPECT_EQ(rejected.rejected[0].message, "class 0 given but n_classes is 0");
  EXPECT_TRUE(has_note(rejected, "no item has enough usable labels; no item gets a label")) << joined_notes(rejected);
}

TEST(Aggregation, OneClassOneWorkerAndUnusedIdsStayFinite) {
  CategoricalLabels one_class;
  one_class.n_items = 3;
  one_class.n_workers = 2;
  one_class.n_classes = 1;
  one_class.add(0, 0, 0);
  one_class.add(1, 1, 0);
  for (const auto method : {AggregationMethod::majority, AggregationMethod::dawid_skene, AggregationMethod::mace}) {
    const auto result = aggregate(one_class, method);
    EXPECT_EQ(result.label, (std::vector<std::int32_t>{0, 0, -1}));
    EXPECT_EQ(result.confidence, (std::vector<double>{1.0, 1.0, 0.0}));
    EXPECT_TRUE(result.competence.empty());
    EXPECT_TRUE(has_note(result, "only one class: every labelled item gets class 0 and annotator competence is not estimated"))
        << joined_notes(result);
  }

  // One worker, with worker 1 and 2 unused and class 2 never given.
  CategoricalLabels one_worker;
  one_worker.n_items = 4;
  one_worker.n_workers = 3;
  one_worker.n_classes = 3;
  one_worker.add(0, 0, 0);
  one_worker.add(1, 0, 1);
  one_worker.add(2, 0, 1);
  for (const auto method : {AggregationMethod::majority, AggregationMethod::dawid_skene, AggregationMethod::mace}) {
    SCOPED_TRACE(aggregation_method_name(method));
    const auto result = aggregate(one_worker, method);
    EXPECT_EQ(result.label, (std::vector<std::int32_t>{0, 1, 1, -1}));
    expect_finite(result);
    EXPECT_EQ(result.worker_label_count, (std::vector<std::uint32_t>{3, 0, 0}));
    const std::string idle = method == AggregationMethod::majority
                                 ? "workers without labels on the fitted items: 1, 2"
                                 : "workers without labels on the fitted items (1, 2) keep the model's uninformed estimates";
    EXPECT_TRUE(has_note(result, idle)) << joined_notes(result);
    EXPECT_TRUE(has_note(result, "1 item has no labels and gets no label")) << joined_notes(result);
  }
}

TEST(Aggregation, UnusableOptionsAreReportedNotThrown) {
  const auto labels = toy_ysda();
  AggregationOptions options;
  options.tolerance = std::nan("");
  auto result = aggregate(labels, AggregationMethod::dawid_skene, options);
  EXPECT_EQ(result.error, "tolerance must be a finite number >= 0");
  EXPECT_EQ(result.label, (std::vector<std::int32_t>(5, -1)));
  options = {};
  options.mace_strategy_prior = 0;
  result = aggregate(labels, AggregationMethod::mace, options);
  EXPECT_EQ(result.error, "MACE priors (mace_spam_prior, mace_know_prior, mace_strategy_prior) must be finite and > 0");
  EXPECT_TRUE(aggregate(labels, AggregationMethod::majority, options).error.empty());  // MACE options do not matter here
}

TEST(Aggregation, BuilderNumbersStringIdsInOrder) {
  CategoricalLabelsBuilder builder;
  builder.class_id("anti");  // a rubric's order, declared before any label
  builder.class_id("neutral");
  builder.class_id("pro");
  builder.item_id("u-never-labelled");
  builder.add("u2", "alice", "pro");
  builder.add("u2", "bob", "pro");
  builder.add("u1", "alice", "anti");
  builder.add("u1", "carol", "anti");
  builder.add("u1", "bob", "neutral");
  const auto& labels = builder.labels();
  EXPECT_EQ(builder.items(), (std::vector<std::string>{"u-never-labelled", "u2", "u1"}));
  EXPECT_EQ(builder.workers(), (std::vector<std::string>{"alice", "bob", "carol"}));
  EXPECT_EQ(builder.classes(), (std::vector<std::string>{"anti", "neutral", "pro"}));
  EXPECT_EQ(labels.n_items, 3u);
  EXPECT_EQ(labels.n_workers, 3u);
  EXPECT_EQ(labels.n_classes, 3u);
  EXPECT_EQ(labels.item, (std::vector<std::uint32_t>{1, 1, 2, 2, 2}));
  EXPECT_EQ(labels.cls, (std::vector<std::uint32_t>{2, 2, 0, 0, 1}));
  const auto result = aggregate(labels, AggregationMethod::majority);
  EXPECT_EQ(result.label, (std::vector<std::int32_t>{-1, 2, 0}));
  EXPECT_EQ(builder.classes()[static_cast<std::size_t>(result.label[2])], "anti");
}

TEST(Aggregation, MethodNames) {
  EXPECT_EQ(parse_aggregation_method("majority"), AggregationMethod::majority);
  EXPECT_EQ(parse_aggregation_method("dawid-skene"), AggregationMethod::dawid_skene);
  EXPECT_EQ(parse_aggregation_method("ds"), AggregationMethod::dawid_skene);
  EXPECT_EQ(parse_aggregation_method("mace"), AggregationMethod::mace);
  EXPECT_EQ(parse_aggregation_method("glad"), std::nullopt);
  for (const auto method : {AggregationMethod::majority, AggregationMethod::dawid_skene, AggregationMethod::mace}) {
    EXPECT_EQ(parse_aggregation_method(aggregation_method_name(method)), method);
  }
}

TEST(Aggregation, UnusableMaceSmoothingAndInitNoiseAreReported) {
  const auto labels = toy_ysda();
  AggregationOptions options;
  options.mace_smoothing = std::nan("");
  auto result = aggregate(labels, AggregationMethod::mace, options);
  EXPECT_EQ(result.error, "mace_smoothing must be finite (< 0 selects 0.01 / n_classes)");
  EXPECT_EQ(result.label, (std::vector<std::int32_t>(5, -1)));
  options = {};
  options.mace_init_noise = -0.5;
  result = aggregate(labels, AggregationMethod::mace, options);
  EXPECT_EQ(result.error, "mace_init_noise must be a finite number >= 0");
  options.mace_init_noise = std::numeric_limits<double>::infinity();
  EXPECT_EQ(aggregate(labels, AggregationMethod::mace, options).error, "mace_init_noise must be a finite number >= 0");
}

}  // namespace
}  // namespace credence::scoring
