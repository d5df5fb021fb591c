// Property tests on random reliability data: invariances every coefficient must have, and the known
// relation between alpha and Scott's pi.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "credence/scoring/gwet.hpp"
#include "credence/scoring/kappa.hpp"
#include "credence/scoring/krippendorff.hpp"

namespace credence::scoring {
namespace {

using Table = std::vector<std::vector<std::optional<std::string>>>;

Table random_table(std::mt19937& rng, std::size_t units, std::size_t coders, int categories, double missing) {
  std::uniform_int_distribution<int> value(0, categories - 1);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  Table table(units, std::vector<std::optional<std::string>>(coders));
  for (auto& row : table) {
    const int truth = value(rng);
    for (auto& cell : row) {
      if (coin(rng) < missing) continue;
      cell = std::to_string(coin(rng) < 0.6 ? truth : value(rng));
    }
  }
  return table;
}

struct Values {
  std::optional<double> alpha_nominal, alpha_interval, fleiss, conger, ac1, ac2, bp, pa;
};

Values all_values(const ReliabilityData& data) {
  KappaOptions quadratic;
  quadratic.weights = WeightScheme::quadratic;
  return {krippendorff_alpha(data, {Level::nominal, {}}).alpha.value,
          krippendorff_alpha(data, {Level::interval, {}}).alpha.value,
          fleiss_kappa(data).value,
          conger_kappa(data).value,
          gwet_ac1(data).value,
          gwet_ac2(data, quadratic).value,
          brennan_prediger(data).value,
          percent_agreement(data).value};
}

void expect_same(const Values& a, const Values& b) {
  auto near = [](const std::optional<double>& x, const std::optional<double>& y) {
    ASSERT_EQ(x.has_value(), y.has_value());
    if (x) EXPECT_NEAR(*x, *y, 1e-12);
  };
  near(a.alpha_nominal, b.alpha_nominal);
  near(a.alpha_interval, b.alpha_interval);
  near(a.fleiss, b.fleiss);
  near(a.conger, b.conger);
  near(a.ac1, b.ac1);
  near(a.ac2, b.ac2);
  near(a.bp, b.bp);
  near(a.pa, b.pa);
}

class RandomData : public ::testing::TestWithParam<int> {};

TEST_P(RandomData, SymmetricInCodersAndInvariantToUnitOrder) {
  std::mt19937 rng(static_cast<unsigned>(GetParam()));
  const auto table = random_table(rng, 60, 4, 5, 0.2);
  const auto base = all_values(ReliabilityData::from_table(table));
  auto coders_permuted = table;
  for (auto& row : coders_permuted) std::reverse(row.begin(), row.end());
  expect_same(base, all_values(ReliabilityData::from_table(coders_permuted)));
  auto units_shuffled = table;
  std::shuffle(units_shuffled.begin(), units_shuffled.end(), rng);
  expect_same(base, all_values(ReliabilityData::from_table(units_shuffled)));
}

TEST_P(RandomData, NominalCoefficientsIgnoreLabelNames) {
  std::mt19937 rng(static_cast<unsigned>(GetParam()) + 1000);
  const auto table = random_table(rng, 50, 3, 4, 0.15);
  auto renamed = table;
  const std::vector<std::string> names{"zebra", "apple", "mango", "kiwi"};
  for (auto& row : renamed)
    for (auto& cell : row)
      if (cell) cell = names[static_cast<std::size_t>(std::stoi(*cell))];
  const auto a = ReliabilityData::from_table(table);
  const auto b = ReliabilityData::from_table(renamed);
  EXPECT_NEAR(*krippendorff_alpha(a).alpha.value, *krippendorff_alpha(b).alpha.value, 1e-12);
  EXPECT_NEAR(*fleiss_kappa(a).value, *fleiss_kappa(b).value, 1e-12);
  EXPECT_NEAR(*fleiss_kappa(a).se, *fleiss_kappa(b).se, 1e-12);
  EXPECT_NEAR(*conger_kappa(a).value, *conger_kappa(b).value, 1e-12);
  EXPECT_NEAR(*gwet_ac1(a).value, *gwet_ac1(b).value, 1e-12);
  EXPECT_NEAR(*gwet_ac1(a).se, *gwet_ac1(b).se, 1e-12);
}

// Krippendorff (2011): with two coders and no missing data, alpha = 1 - (1 - pi) (2N - 1) / (2N).
TEST_P(RandomData, AlphaEqualsScottPiUpToTheSmallSampleFactor) {
  std::mt19937 rng(static_cast<unsigned>(GetParam()) + 2000);
  const auto data = ReliabilityData::from_table(random_table(rng, 40, 2, 3, 0.0));
  const double n = static_cast<double>(data.unit_count());
  const double pi = *scott_pi(data).value;
  EXPECT_NEAR(*krippendorff_alpha(data).alpha.value, 1.0 - (1.0 - pi) * (2 * n - 1) / (2 * n), 1e-12);
  // And Fleiss' kappa on two ratings per unit is Scott's pi.
  EXPECT_NEAR(*fleiss_kappa(data).value, pi, 1e-12);
  // Cohen's kappa is symmetric in the two coders, and so is its standard error.
  auto swapped = data.select_coders({1, 0});
  EXPECT_NEAR(*cohen_kappa(data).value, *cohen_kappa(swapped).value, 1e-12);
  EXPECT_NEAR(*cohen_kappa(data).se, *cohen_kappa(swapped).se, 1e-12);
}

// Interval alpha only depends on differences: shifting every value by a constant changes nothing,
// and ratio alpha does not change when every value is multiplied by a constant.
TEST_P(RandomData, MetricInvariances) {
  std::mt19937 rng(static_cast<unsigned>(GetParam()) + 3000);
  std::uniform_int_distribution<int> value(1, 7);
  std::vector<std::vector<std::optional<double>>> base(30, std::vector<std::optional<double>>(3));
  for (auto& row : base)
    for (auto& cell : row) cell = value(rng);
  auto shifted = base, scaled = base;
  for (auto& row : shifted)
    for (auto& cell : row) *cell += 10;
  for (auto& row : scaled)
    for (auto& cell : row) *cell *= 3;
  EXPECT_NEAR(*krippendorff_alpha(ReliabilityData::from_numbers(base), {Level::interval, {}}).alpha.value,
              *krippendorff_alpha(ReliabilityData::from_numbers(shifted), {Level::interval, {}}).alpha.value, 1e-12);
  EXPECT_NEAR(*krippendorff_alpha(ReliabilityData::from_numbers(base), {Level::ratio, {}}).alpha.value,
              *krippendorff_alpha(ReliabilityData::from_numbers(scaled), {Level::ratio, {}}).alpha.value, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomData, ::testing::Range(1, 21));

TEST(Properties, PerfectAgreementGivesOne) {
  const auto data = ReliabilityData::from_table({{"a", "a", "a"}, {"b", "b", "b"}, {"c", "c", std::nullopt}});
  EXPECT_DOUBLE_EQ(*krippendorff_alpha(data).alpha.value, 1.0);
  EXPECT_DOUBLE_EQ(*fleiss_kappa(data).value, 1.0);
  EXPECT_DOUBLE_EQ(*conger_kappa(data).value, 1.0);
  EXPECT_DOUBLE_EQ(*gwet_ac1(data).value, 1.0);
}

}  // namespace
}  // namespace credence::scoring
