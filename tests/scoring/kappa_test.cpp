// The kappa family against published values: SAS PROC FREQ (kappa with its ASE), Fleiss (1971), and the
// examples of Gwet's Handbook (2014) as printed by the irrCAC package's documentation and tests.
#include "credence/scoring/kappa.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "credence/scoring/krippendorff.hpp"
#include "test_matrices.hpp"

namespace credence::scoring {
namespace {

KappaOptions with(WeightScheme scheme) {
  KappaOptions options;
  options.weights = scheme;
  return options;
}

// SAS/STAT User's Guide, PROC FREQ "Agreement Study": Simple Kappa 0.3449, ASE 0.0724, 95% CL 0.2030-0.4868.
// The weighted kappa (Cicchetti-Allison = linear weights) is checked against a peer instead: statsmodels 0.13
// cohens_kappa(table, wt='linear') gives 0.50816, ASE 0.065508, CL 0.37977-0.63655 (statsmodels' own tests
// reproduce SAS weighted-kappa printouts; we could not see the SAS page's weighted figures).
TEST(CohenKappa, ReproducesSasSkinConditionExample) {
  const auto data = testing_data::sas_skin_condition();
  const auto simple = cohen_kappa(data);
  ASSERT_TRUE(simple.defined());
  EXPECT_NEAR(*simple.value, 0.3449, 0.00005);
  EXPECT_NEAR(*simple.se, 0.0724, 0.00005);
  EXPECT_NEAR(simple.ci95->first, 0.2030, 0.00005);
  EXPECT_NEAR(simple.ci95->second, 0.4868, 0.00005);
  EXPECT_EQ(simple.ci_method, "asymptotic (SAS PROC FREQ)");
  const auto weighted = cohen_kappa(data, with(WeightScheme::linear));
  EXPECT_NEAR(*weighted.value, 0.5081600715, 1e-9);
  EXPECT_NEAR(*weighted.se, 0.0655083810, 1e-9);
  EXPECT_NEAR(weighted.ci95->first, 0.3797660040, 1e-9);
  EXPECT_NEAR(weighted.ci95->second, 0.6365541391, 1e-9);
}

// A SAS PROC FREQ printout quoted in statsmodels' test suite (3 x 3 table [[0,4,1],[0,8,0],[0,1,5]]):
// simple kappa 0.4842, ASE 0.1380; weighted kappa with scores 0, 1, 2: 0.4701, ASE 0.1457.
TEST(CohenKappa, ReproducesSecondSasPrintout) {
  const auto data = ReliabilityData::from_contingency({{0, 4, 1}, {0, 8, 0}, {0, 1, 5}}, {"0", "1", "2"});
  const auto simple = cohen_kappa(data);
  EXPECT_NEAR(*simple.value, 0.4842, 0.00005);
  EXPECT_NEAR(*simple.se, 0.1380, 0.00005);
  EXPECT_NEAR(simple.ci95->first, 0.2137, 0.00005);
  const auto weighted = cohen_kappa(data, with(WeightScheme::linear));
  EXPECT_NEAR(*weighted.value, 0.4701, 0.00005);
  EXPECT_NEAR(*weighted.se, 0.1457, 0.00005);
}

// irrCAC overview vignette (Gwet's cont3x3abstractors): Cohen 0.7964094, Scott 0.7962397 (se 0.05905473),
// Brennan-Prediger 0.835 (se 0.04693346), Krippendorff 0.7972585, percent agreement 0.89 (se 0.03128898).
// irrCAC's *.table functions divide the variance by n^2 where its raw-data functions (and we) divide by
// n (n - 1); table_se below converts ours to the table convention, sqrt((n - 1) / n) with n = 100.
double table_se(double raw_se) { return raw_se * std::sqrt(99.0 / 100.0); }

TEST(KappaFamily, ReproducesGwetAbstractorsTable) {
  const auto data = testing_data::gwet_abstractors();
  EXPECT_NEAR(*cohen_kappa(data).value, 0.7964094, 1e-7);
  const auto pi = scott_pi(data);
  EXPECT_NEAR(*pi.value, 0.7962397, 1e-7);
  EXPECT_NEAR(table_se(*pi.se), 0.05905473, 1e-7);
  const auto bp = brennan_prediger(data);
  EXPECT_NEAR(*bp.value, 0.835, 1e-9);
  EXPECT_NEAR(table_se(*bp.se), 0.04693346, 1e-7);
  const auto pa = percent_agreement(data);
  EXPECT_NEAR(*pa.value, 0.89, 1e-9);
  EXPECT_NEAR(table_se(*pa.se), 0.03128898, 1e-7);
  EXPECT_NEAR(*krippendorff_alpha(data).alpha.value, 0.7972585, 1e-7);
}

// Fleiss (1971), table 1: kappa = .430.
TEST(FleissKappa, ReproducesFleiss1971) {
  EXPECT_NEAR(*fleiss_kappa(testing_data::fleiss_1971()).value, 0.430, 0.0005);
}

// Gwet (2014) p. 120 data with missing ratings (irrCAC fleiss.kappa.raw, conger.kappa.raw, bp.coeff.raw):
// Fleiss 0.761 (pa 0.818, pe 0.239), quadratic 0.865 (se 0.146), linear 0.818 (se 0.149), ordinal 0.850
// (se 0.147), ratio 0.821 (se 0.152); Conger 0.763, quadratic 0.858, linear 0.814, ordinal 0.844, ratio 0.812;
// Brennan-Prediger 0.773 (se 0.145), quadratic 0.902 (se 0.111). Conger's standard errors with those weights:
// 0.144, 0.145, 0.144, 0.149.
TEST(KappaFamily, ReproducesGwetFourRatersWithMissingValues) {
  const auto data = testing_data::krippendorff_2011();
  EXPECT_NEAR(*fleiss_kappa(data).value, 0.761, 0.0005);
  EXPECT_NEAR(*percent_agreement(data).value, 0.818, 0.0005);
  struct Row { WeightScheme scheme; double fleiss, fleiss_se, conger, conger_se; };
  for (const Row& row : {Row{WeightScheme::quadratic, 0.865, 0.146, 0.858, 0.144},
                         Row{WeightScheme::linear, 0.818, 0.149, 0.814, 0.145},
                         Row{WeightScheme::ordinal, 0.850, 0.147, 0.844, 0.144},
                         Row{WeightScheme::ratio, 0.821, 0.152, 0.812, 0.149}}) {
    SCOPED_TRACE(weight_scheme_name(row.scheme));
    const auto fleiss = fleiss_kappa(data, with(row.scheme));
    EXPECT_NEAR(*fleiss.value, row.fleiss, 0.0005);
    EXPECT_NEAR(*fleiss.se, row.fleiss_se, 0.0005);
    const auto conger = conger_kappa(data, with(row.scheme));
    EXPECT_NEAR(*conger.value, row.conger, 0.0005);
    EXPECT_NEAR(*conger.se, row.conger_se, 0.0005);
  }
  EXPECT_NEAR(*conger_kappa(data).value, 0.763, 0.0005);
  const auto bp = brennan_prediger(data);
  EXPECT_NEAR(*bp.value, 0.773, 0.0005);
  EXPECT_NEAR(*bp.se, 0.145, 0.0005);
  const auto bpq = brennan_prediger(data, with(WeightScheme::quadratic));
  EXPECT_NEAR(*bpq.value, 0.902, 0.0005);
  EXPECT_NEAR(*bpq.se, 0.111, 0.0005);
}

// irrCAC on Gwet's Ben/Gerry data (one missing rating): Fleiss 0.649 (se 0.191), Conger 0.657 (se 0.179),
// BP 0.659 (se 0.185); and on the 4-rater "gender" data: Fleiss 0.129 (se 0.141), Conger 0.166 (se 0.121).
TEST(KappaFamily, ReproducesGwetBenGerryAndGender) {
  const auto ben_gerry = testing_data::gwet_ben_gerry();
  const auto fleiss = fleiss_kappa(ben_gerry);
  EXPECT_NEAR(*fleiss.value, 0.649, 0.0005);
  EXPECT_NEAR(*fleiss.se, 0.191, 0.0005);
  EXPECT_NEAR(*conger_kappa(ben_gerry).value, 0.657, 0.0005);
  EXPECT_NEAR(*conger_kappa(ben_gerry).se, 0.179, 0.0005);
  EXPECT_NEAR(*brennan_prediger(ben_gerry).value, 0.659, 0.0005);
  EXPECT_NEAR(*brennan_prediger(ben_gerry).se, 0.185, 0.0005);
  const auto gender = testing_data::gwet_gender();
  EXPECT_NEAR(*fleiss_kappa(gender).value, 0.129, 0.0005);
  EXPECT_NEAR(*fleiss_kappa(gender).se, 0.141, 0.0005);
  EXPECT_NEAR(*conger_kappa(gender).value, 0.166, 0.0005);
  EXPECT_NEAR(*conger_kappa(gender).se, 0.121, 0.0005);
}

TEST(KappaFamily, UndefinedCasesSayWhy) {
  const auto three = testing_data::krippendorff_2011();
  const auto cohen = cohen_kappa(three);
  EXPECT_FALSE(cohen.defined());
  EXPECT_EQ(cohen.undefined_reason, "Cohen's kappa needs exactly two coders, the data has 4");
  const auto single = ReliabilityData::from_table({{"x", "x"}, {"x", "x"}});
  EXPECT_EQ(cohen_kappa(single).undefined_reason,
            "chance agreement is 1 (both coders used a single category), so kappa is 0/0");
  EXPECT_EQ(fleiss_kappa(single).undefined_reason,
            "chance agreement is 1 (a single category), so the coefficient is 0/0");
  const auto once = ReliabilityData::from_numbers({{1, std::nullopt}, {std::nullopt, 2}});
  EXPECT_EQ(fleiss_kappa(once).undefined_reason, "no unit has two or more ratings");
  EXPECT_EQ(cohen_kappa(once).undefined_reason, "no unit was rated by both coders");
}

// Alpha and Scott's pi on two coders without missing data: alpha = 1 - (1 - pi)(2N - 1)/(2N) (Krippendorff 2011).
TEST(KappaFamily, AlphaEqualsScottPiUpToSmallSampleFactor) {
  const auto data = testing_data::sas_skin_condition();
  const double pi = *scott_pi(data).value;
  const double n = static_cast<double>(data.unit_count());
  EXPECT_NEAR(*krippendorff_alpha(data).alpha.value, 1.0 - (1.0 - pi) * (2 * n - 1) / (2 * n), 1e-12);
}

TEST(CongerKappa, OneCoderIsUndefinedWithAReason) {
  const auto data = ReliabilityData::from_table({{"a"}, {"b"}});
  EXPECT_EQ(conger_kappa(data).undefined_reason, "Conger's kappa needs at least two coders");
}

}  // namespace
}  // namespace credence::scoring
