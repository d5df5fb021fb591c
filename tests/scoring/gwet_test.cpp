// Gwet's AC1/AC2 against the examples of Gwet's Handbook (2014) as computed by his irrCAC package.
#include "credence/scoring/gwet.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_matrices.hpp"

namespace credence::scoring {
namespace {

KappaOptions with(WeightScheme scheme) {
  KappaOptions options;
  options.weights = scheme;
  return options;
}

// irrCAC overview vignette: gwet.ac1.table(cont3x3abstractors) = 0.8493305, se 0.04321747 (irrCAC's table
// functions divide the variance by n^2 rather than n (n - 1), hence the sqrt(99/100) with n = 100).
TEST(GwetAc1, ReproducesAbstractorsTable) {
  const auto ac1 = gwet_ac1(testing_data::gwet_abstractors());
  EXPECT_NEAR(*ac1.value, 0.8493305, 1e-7);
  EXPECT_NEAR(*ac1.se * std::sqrt(99.0 / 100.0), 0.04321747, 1e-7);
}

// gwet.ac1.raw(cac.raw4raters): AC1 0.775 (pa 0.818, pe 0.190), se 0.143; AC2 with Gwet's weights:
// quadratic 0.914 (se 0.104), linear 0.859 (0.117), ordinal 0.899 (0.107), ratio 0.857 (0.122).
TEST(GwetAc2, ReproducesFourRatersWithMissingValues) {
  const auto data = testing_data::krippendorff_2011();
  const auto ac1 = gwet_ac1(data);
  EXPECT_NEAR(*ac1.value, 0.775, 0.0005);
  EXPECT_NEAR(*ac1.se, 0.143, 0.0005);
  struct Row { WeightScheme scheme; double value, se; };
  for (const Row& row : {Row{WeightScheme::quadratic, 0.914, 0.104}, Row{WeightScheme::linear, 0.859, 0.117},
                         Row{WeightScheme::ordinal, 0.899, 0.107}, Row{WeightScheme::ratio, 0.857, 0.122}}) {
    SCOPED_TRACE(weight_scheme_name(row.scheme));
    const auto ac2 = gwet_ac2(data, with(row.scheme));
    EXPECT_NEAR(*ac2.value, row.value, 0.0005);
    EXPECT_NEAR(*ac2.se, row.se, 0.0005);
  }
}

// gwet.ac1.raw on Ben/Gerry: 0.661 (se 0.184); on the gender data: 0.208 (se 0.091).
TEST(GwetAc1, ReproducesBenGerryAndGender) {
  const auto ben_gerry = gwet_ac1(testing_data::gwet_ben_gerry());
  EXPECT_NEAR(*ben_gerry.value, 0.661, 0.0005);
  EXPECT_NEAR(*ben_gerry.se, 0.184, 0.0005);
  const auto gender = gwet_ac1(testing_data::gwet_gender());
  EXPECT_NEAR(*gender.value, 0.208, 0.0005);
  EXPECT_NEAR(*gender.se, 0.091, 0.0005);
}

TEST(GwetAc1, SingleCategoryIsUndefined) {
  const auto single = ReliabilityData::from_table({{"x", "x"}, {"x", "x"}});
  EXPECT_EQ(gwet_ac1(single).undefined_reason, "only one category was used, so chance agreement is undefined");
}

}  // namespace
}  // namespace credence::scoring
