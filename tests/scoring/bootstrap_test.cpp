// Bootstrap intervals: reproducible for a seed, the same with any thread count, and sensible in size.
#include "credence/scoring/bootstrap.hpp"

#include <gtest/gtest.h>

#include <random>

#include "credence/scoring/kappa.hpp"
#include "test_matrices.hpp"

namespace credence::scoring {
namespace {

ReliabilityData random_data(std::size_t units, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> value(0, 4);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::vector<std::vector<std::optional<double>>> table(units, std::vector<std::optional<double>>(3));
  for (auto& row : table) {
    const int truth = value(rng);
    for (auto& cell : row) cell = coin(rng) < 0.7 ? truth : value(rng);
  }
  return ReliabilityData::from_numbers(table);
}

TEST(BootstrapAlpha, SameSeedSameIntervalWithAnyThreadCount) {
  const auto data = random_data(500, 3);
  const auto alpha = krippendorff_alpha(data);
  BootstrapOptions one{2000, 42, 1};
  BootstrapOptions four{2000, 42, 4};
  const auto a = bootstrap_alpha(alpha.coincidence, alpha.delta, one);
  const auto b = bootstrap_alpha(alpha.coincidence, alpha.delta, four);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->estimates, b->estimates);
  EXPECT_EQ(a->estimates.size(), 2000u);
  BootstrapOptions other{2000, 43, 1};
  EXPECT_NE(bootstrap_alpha(alpha.coincidence, alpha.delta, other)->estimates, a->estimates);
}

TEST(BootstrapAlpha, IntervalCoversAlphaAndShrinksWithMoreData) {
  const auto small = random_data(200, 5);
  const auto large = random_data(5000, 5);
  const auto alpha_small = krippendorff_alpha(small);
  const auto alpha_large = krippendorff_alpha(large);
  const auto boot_small = bootstrap_alpha(alpha_small.coincidence, alpha_small.delta, {1000, 1, 0});
  const auto boot_large = bootstrap_alpha(alpha_large.coincidence, alpha_large.delta, {1000, 1, 0});
  EXPECT_LT(boot_small->ci95.first, *alpha_small.alpha.value);
  EXPECT_GT(boot_small->ci95.second, *alpha_small.alpha.value);
  EXPECT_LT(boot_large->ci95.second - boot_large->ci95.first, (boot_small->ci95.second - boot_small->ci95.first) / 3);
}

TEST(BootstrapAlpha, UndefinedAlphaHasNoBootstrap) {
  const auto single = ReliabilityData::from_numbers({{1, 1}, {1, 1}});
  const auto alpha = krippendorff_alpha(single);
  EXPECT_FALSE(bootstrap_alpha(alpha.coincidence, alpha.delta, {}).has_value());
}

// The unit bootstrap's standard error of Fleiss' kappa should be close to Gwet's analytic one.
TEST(BootstrapUnits, AgreesWithAnalyticStandardError) {
  const auto data = random_data(400, 11);
  const auto analytic = fleiss_kappa(data);
  const auto boot = bootstrap_units(
      data.unit_count(), [&](std::span<const std::uint32_t> w) { return fleiss_kappa(data, {}, w).value; },
      {2000, 9, 0});
  EXPECT_EQ(boot.estimates.size(), 2000u);
  EXPECT_NEAR(boot.se, *analytic.se, 0.15 * *analytic.se);
  const auto again = bootstrap_units(
      data.unit_count(), [&](std::span<const std::uint32_t> w) { return fleiss_kappa(data, {}, w).value; },
      {2000, 9, 1});
  EXPECT_EQ(boot.estimates, again.estimates);
}

TEST(BootstrapUnits, UnitWeightsEqualDuplicatedUnits) {
  const auto data = testing_data::krippendorff_2011();
  std::vector<std::uint32_t> weights(data.unit_count(), 1);
  weights[0] = 3;
  std::vector<std::vector<std::optional<double>>> duplicated = {
      {1, 1, std::nullopt, 1}, {1, 1, std::nullopt, 1}, {1, 1, std::nullopt, 1}, {2, 2, 3, 2}, {3, 3, 3, 3},
      {3, 3, 3, 3}, {2, 2, 2, 2}, {1, 2, 3, 4}, {4, 4, 4, 4}, {1, 1, 2, 1}, {2, 2, 2, 2},
      {std::nullopt, 5, 5, 5}, {std::nullopt, std::nullopt, 1, 1}, {std::nullopt, std::nullopt, 3, std::nullopt}};
  const auto copy = ReliabilityData::from_numbers(duplicated);
  EXPECT_NEAR(*fleiss_kappa(data, {}, weights).value, *fleiss_kappa(copy).value, 1e-12);
  EXPECT_NEAR(*fleiss_kappa(data, {}, weights).se, *fleiss_kappa(copy).se, 1e-12);
  EXPECT_NEAR(*conger_kappa(data, {}, weights).value, *conger_kappa(copy).value, 1e-12);
  const auto c = coincidences(data, weights);
  EXPECT_NEAR(*alpha_from_coincidences(c, difference_matrix(data, c, {})).value,
              *krippendorff_alpha(copy).alpha.value, 1e-12);
}

}  // namespace
}  // namespace credence::scoring
