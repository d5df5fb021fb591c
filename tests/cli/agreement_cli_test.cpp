// `credence agreement --data FILE`: the JSON contract, the published example end to end, and every bad input
// with its message and exit code (2 for bad input, 3 for an unreadable file). Runs in-process via run_cli.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "command.hpp"

namespace {

struct CliResult {
  int code = 0;
  std::string out, err;
};

CliResult run(std::vector<std::string> args) {
  std::ostringstream out, err;
  CliResult r;
  r.code = credence::cli::run_cli(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

class AgreementCli : public ::testing::Test {
 protected:
  std::filesystem::path dir_;
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("credence_agreement_cli_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
};

const std::string k_example = std::string(CREDENCE_SOURCE_DIR) + "/tests/data/scoring/krippendorff_2011.csv";

TEST_F(AgreementCli, JsonReproducesKrippendorff2011) {
  const auto r = run({"agreement", "--data", k_example, "--json", "--level", "interval"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto json = boost::json::parse(r.out).as_object();
  EXPECT_EQ(json.at("n_units").as_int64(), 12);
  EXPECT_EQ(json.at("n_coders").as_int64(), 4);
  EXPECT_EQ(json.at("n_values").as_int64(), 41);
  EXPECT_EQ(json.at("n_pairable").as_int64(), 40);
  EXPECT_EQ(json.at("level").as_string(), "interval");
  const auto& coefficients = json.at("coefficients").as_object();
  EXPECT_NEAR(coefficients.at("krippendorff_alpha").at("value").as_double(), 0.849, 0.0005);
  EXPECT_NEAR(coefficients.at("fleiss_kappa").at("value").as_double(), 0.761, 0.0005);
  // Four coders: Cohen's kappa and Scott's pi do not apply, so "all that apply" leaves them out...
  EXPECT_FALSE(coefficients.contains("cohen_kappa"));
  // ...but asking for one says why it is undefined, never NaN.
  const auto asked = run({"agreement", "--data", k_example, "--json", "--coefficients", "cohen_kappa"});
  const auto cohen = boost::json::parse(asked.out).at("coefficients").at("cohen_kappa").as_object();
  EXPECT_TRUE(cohen.at("value").is_null());
  EXPECT_EQ(cohen.at("undefined_reason").as_string(), "Cohen's kappa needs exactly two coders, the data has 4");
  for (const auto& key : {"value", "se", "ci95", "ci_method", "undefined_reason"}) {
    EXPECT_TRUE(coefficients.at("gwet_ac1").as_object().contains(key)) << key;
  }
  EXPECT_TRUE(json.at("per_category").as_object().contains("5"));
}

TEST_F(AgreementCli, BootstrapIsSeededAndReproducible) {
  const auto a = run({"agreement", "--data", k_example, "--json", "--bootstrap", "500", "--seed", "7"});
  const auto b = run({"agreement", "--data", k_example, "--json", "--bootstrap", "500", "--seed", "7", "--threads", "1"});
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  const auto alpha = boost::json::parse(a.out).at("coefficients").at("krippendorff_alpha").as_object();
  EXPECT_EQ(alpha.at("ci_method").as_string(), "bootstrap, Krippendorff's resampling of pairable values (percentile)");
}

TEST_F(AgreementCli, TableOutputForPeople) {
  const auto r = run({"agreement", "--data", k_example});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("krippendorff_alpha    0.7434"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("each coder against the rest"), std::string::npos);
}

TEST_F(AgreementCli, DataIsRequired) {
  const auto r = run({"agreement"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "credence agreement: --data FILE is required (long CSV/TSV with unit, coder and value columns)");
}

TEST_F(AgreementCli, MissingColumnIsExit2WithTheColumnsFound) {
  const auto path = write("r.csv", "item,rater,value\ni1,a,1\n");
  const auto r = run({"agreement", "--data", path});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, path + ":1:1: error: the header has no unit column 'unit' (columns: item, rater, value)\n" + path +
                       ":1:1: error: the header has no coder column 'coder' (columns: item, rater, value)\n");
  const auto named = run({"agreement", "--data", path, "--unit-col", "item", "--coder-col", "rater"});
  EXPECT_EQ(named.code, 2);  // now only one coder
  EXPECT_EQ(named.err, path + ": error: only one coder ('a'); agreement needs at least two coders\n");
}

TEST_F(AgreementCli, RaggedRowNamesItsLine) {
  const auto path = write("r.csv", "unit,coder,value\nu1,a,1\nu1,b\n");
  const auto r = run({"agreement", "--data", path});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, path + ":3:1: error: row has 2 fields, the header has 3\n");
}

TEST_F(AgreementCli, DuplicateRatingIsAnErrorUnlessAPolicyIsChosen) {
  const auto path = write("r.csv", "unit,coder,value\nu1,a,1\nu1,b,1\nu2,a,2\nu2,b,1\nu1,a,2\n");
  const auto r = run({"agreement", "--data", path});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, path + ":6:1: error: coder 'a' rated unit 'u1' twice (first on line 2); use --duplicates first or "
                          "last to keep one\n");
  EXPECT_EQ(run({"agreement", "--data", path, "--duplicates", "last"}).code, 0);
  const auto bad = run({"agreement", "--data", path, "--duplicates", "both"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err.substr(0, bad.err.find('\n')),
            "credence agreement: --duplicates must be first, last or error, got 'both'");
}

TEST_F(AgreementCli, NonNumericValueAtIntervalLevel) {
  const auto path = write("r.csv", "unit,coder,value\nu1,a,1\nu1,b,two\n");
  const auto r = run({"agreement", "--data", path, "--level", "interval"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, path + ":3:6: error: value 'two' is not a number (the level needs numbers)\n");
}

TEST_F(AgreementCli, OrdinalTextNeedsAnOrder) {
  const auto path = write("r.csv", "unit,coder,value\nu1,a,low\nu1,b,high\nu2,a,mid\nu2,b,mid\n");
  const auto r = run({"agreement", "--data", path, "--level", "ordinal"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "credence agreement: the ordinal level on text values needs --order (values: high, low, mid)");
  EXPECT_EQ(run({"agreement", "--data", path, "--level", "ordinal", "--order", "low,mid,high"}).code, 0);
}

TEST_F(AgreementCli, EmptyAndUnreadableFiles) {
  const auto empty = write("empty.csv", "");
  const auto r = run({"agreement", "--data", empty});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, empty + ": error: the file is empty; expected a header line naming the unit, coder and value "
                           "columns\n");
  const auto missing = (dir_ / "nope.csv").string();
  const auto m = run({"agreement", "--data", missing});
  EXPECT_EQ(m.code, 3);
  EXPECT_EQ(m.err, missing + ": error: cannot open: No such file or directory\n");
}

TEST_F(AgreementCli, UnknownLevelWeightsAndCoefficient) {
  EXPECT_EQ(run({"agreement", "--data", k_example, "--level", "circular"}).code, 2);
  EXPECT_EQ(run({"agreement", "--data", k_example, "--weights", "cubic"}).code, 2);
  const auto r = run({"agreement", "--data", k_example, "--coefficients", "alpha"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown coefficient 'alpha' (choose all, krippendorff_alpha"), std::string::npos) << r.err;
}

}  // namespace
