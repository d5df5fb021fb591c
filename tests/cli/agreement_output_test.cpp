// Tests for agreement_output.cpp: the JSON and table forms of an agreement report, shared by both forms
// of `credence agreement`.
#include "agreement_output.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "credence/scoring/agreement.hpp"

namespace credence::cli {
namespace {

namespace sc = credence::scoring;

// Two coders who agree on three units of four.
sc::AgreementReport small_report() {
  sc::AgreementOptions options;
  options.coefficients = {sc::Coefficient::krippendorff_alpha, sc::Coefficient::percent_agreement,
                          sc::Coefficient::fleiss_kappa};
  return sc::compute_agreement(
      sc::ReliabilityData::from_table({{"x", "x"}, {"y", "y"}, {"x", "x"}, {"x", "y"}}, {}, {"a", "b"}), options);
}

TEST(AgreementOutput, JsonCarriesCountsCoefficientsAndBreakdowns) {
  const auto report = small_report();
  const auto o = agreement_report_json(report);
  EXPECT_EQ(o.at("n_units").as_uint64(), 4u);
  EXPECT_EQ(o.at("n_coders").as_uint64(), 2u);
  EXPECT_EQ(o.at("level").as_string(), "nominal");
  const auto& coefficients = o.at("coefficients").as_object();
  ASSERT_TRUE(coefficients.contains("percent_agreement"));
  EXPECT_DOUBLE_EQ(coefficients.at("percent_agreement").at("value").as_double(), 0.75);
  EXPECT_TRUE(coefficients.at("percent_agreement").at("undefined_reason").is_null());
  EXPECT_TRUE(o.at("per_category").as_object().contains("x"));
  EXPECT_EQ(o.at("per_coder").as_array().size(), 2u);
}

TEST(AgreementOutput, UndefinedFiguresAreNullWithTheirReason) {
  const auto report = small_report();
  const auto o = agreement_report_json(report);
  // Each coder left out leaves one coder: alpha without them is undefined, and says why.
  const auto& without = o.at("per_coder").as_array().at(0).at("alpha_without").as_object();
  EXPECT_TRUE(without.at("value").is_null());
  EXPECT_EQ(without.at("undefined_reason").as_string(), "only one other coder is left");
}

TEST(AgreementOutput, TableStartsWithTheCountsAndNamesEachCoefficient) {
  std::ostringstream out;
  print_agreement_table(small_report(), out);
  const std::string text = out.str();
  EXPECT_EQ(text.rfind("4 units, 2 coders, 8 values (8 pairable); alpha level nominal", 0), 0u) << text;
  EXPECT_NE(text.find("percent_agreement"), std::string::npos);
  EXPECT_NE(text.find("0.7500"), std::string::npos);
}

}  // namespace
}  // namespace credence::cli
