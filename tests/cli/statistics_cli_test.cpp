// End-to-end tests of the statistics verbs on a study (agreement STUDY, adjudicate, profile, compare,
// report, rubric versions), on the bundled sample corpus and on studies built to break them.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"
#include "command.hpp"
#include "credence/annotate/store.hpp"

namespace ann = credence::annotate;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;
using credence::testing::sample;

// The sample study is built once for the suite: init, import, labels.
class SampleStudy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    study_ = (*dir_ / "sample").string();
    ASSERT_EQ(cli({"init", study_}).code, 0);
    auto imported = cli({"import", study_, sample("articles"), "--manifest", sample("MANIFEST.jsonl")});
    ASSERT_EQ(imported.code, 0) << imported.err;
    auto labels = cli({"import-labels", study_, sample("labels.jsonl")});
    ASSERT_EQ(labels.code, 0) << labels.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static TempDir* dir_;
  static std::string study_;
};
TempDir* SampleStudy::dir_ = nullptr;
std::string SampleStudy::study_;

}  // namespace

TEST_F(SampleStudy, AgreementOnEveryDimension) {
  auto r = cli({"agreement", study_});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* heading : {"== framing 1.0.0 / frame (passage units, nominal)", "== framing 1.0.0 / tone (article units, ordinal)",
                              "== loaded_language 1.0.0 / loaded_language (token units, nominal)",
                              "== unsupported_claims 1.0.0 / claim_support (token units, nominal)"}) {
    EXPECT_NE(r.out.find(heading), std::string::npos) << heading << "\n" << r.out.substr(0, 2000);
  }
  EXPECT_NE(r.out.find("machine annotators against the humans"), std::string::npos);
  EXPECT_NE(r.out.find("kappa paradox"), std::string::npos);
  auto json = cli({"agreement", study_, "--dimension", "framing/tone", "--json", "--by-source"});
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_NE(json.out.find("\"dimension\":\"tone\""), std::string::npos);
  EXPECT_NE(json.out.find("\"by_source\":[{"), std::string::npos);
  EXPECT_EQ(json.out.find("\"dimension\":\"frame\""), std::string::npos);
  auto bad = cli({"agreement", study_, "--dimension", "nosuch"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("no dimension \"nosuch\""), std::string::npos);
  auto both = cli({"agreement", study_, "--data", "x.csv"});
  EXPECT_EQ(both.code, 2);
}

TEST_F(SampleStudy, AdjudicateStoresDerivedLabelsAndReplacesThem) {
  EXPECT_EQ(cli({"adjudicate", study_}).code, 2);
  auto first = cli({"adjudicate", study_, "--method", "majority"});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_NE(first.out.find("stored"), std::string::npos);
  auto count = [&] {
    ann::AnnotationFilter filter;
    filter.annotators = {"derived:majority"};
    return ann::Study::open(study_).current_annotations(filter).size();
  };
  const auto n = count();
  EXPECT_GT(n, 0u);
  auto second = cli({"adjudicate", study_, "--method", "majority"});
  ASSERT_EQ(second.code, 0);
  EXPECT_NE(second.out.find("replacing"), std::string::npos);
  EXPECT_EQ(count(), n);
  auto ds = cli({"adjudicate", study_, "--method", "dawid-skene", "--json"});
  ASSERT_EQ(ds.code, 0) << ds.err;
  EXPECT_NE(ds.out.find("\"confusion\":[["), std::string::npos);
  EXPECT_EQ(cli({"adjudicate", study_, "--method", "vote"}).code, 2);
}

TEST_F(SampleStudy, ProfilesAndComparisons) {
  auto r = cli({"profile", study_, "--bootstrap", "200"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("== The Daily Blaze: 3 articles"), std::string::npos) << r.out.substr(0, 1500);
  EXPECT_NE(r.out.find("loaded language spans per 1,000 body words"), std::string::npos);
  auto csv = cli({"profile", study_, "--csv", "--bootstrap", "50", "--source", "Meridian Wire"});
  ASSERT_EQ(csv.code, 0);
  EXPECT_EQ(csv.out.rfind("source,metric,label,unit,value,ci_low,ci_high,n,n_unit,articles\n", 0), 0u);
  EXPECT_EQ(csv.out.find("Daily Blaze"), std::string::npos);
  auto unknown = cli({"profile", study_, "--source", "Nobody"});
  EXPECT_EQ(unknown.code, 2);
  auto compare = cli({"compare", study_, "--sources", "The Daily Blaze,Meridian Wire", "--bootstrap", "200",
                      "--permutations", "200"});
  ASSERT_EQ(compare.code, 0) << compare.err;
  EXPECT_NE(compare.out.find("The Daily Blaze and Meridian Wire do not differ clearly in loaded language spans per "
                             "1,000 body words: 43.3 vs 4.2 per 1,000 words"),
            std::string::npos)
      << compare.out;
  EXPECT_NE(compare.out.find("only 20 ways to split them"), std::string::npos);
  EXPECT_EQ(cli({"compare", study_, "--sources", "Meridian Wire"}).code, 2);
  EXPECT_EQ(cli({"compare", study_, "--sources", "Meridian Wire,Nobody"}).code, 2);
}

TEST_F(SampleStudy, ReportIsOneSelfContainedFile) {
  const auto out = (*dir_ / "report.html").string();
  auto r = cli({"report", study_, "--out", out, "--bootstrap", "100", "--permutations", "100"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream file(out);
  std::stringstream buffer;
  buffer << file.rdbuf();
  const auto html = buffer.str();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* part : {"id=\"agreement\"", "id=\"profiles\"", "id=\"comparisons\"", "id=\"methods\"", "<svg",
                           "coincidence matrix", "credence 0."}) {
    EXPECT_NE(html.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // no network at view time
  EXPECT_FALSE(std::filesystem::exists(out + ".part"));
  auto nowhere = cli({"report", study_, "--out", (*dir_ / "no/such/folder/r.html").string()});
  EXPECT_EQ(nowhere.code, 3);
  EXPECT_EQ(cli({"report", study_}).code, 2);
}

TEST(StatisticsCli, StudyWithoutLabelsSaysSo) {
  TempDir dir;
  const auto study = (dir / "s").string();
  ASSERT_EQ(cli({"init", study}).code, 0);
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"agreement", study}, {"profile", study}, {"adjudicate", study, "--method", "majority"},
        {"compare", study, "--sources", "all"}}) {
    auto r = cli(args);
    EXPECT_EQ(r.code, 2) << args[0];
    EXPECT_FALSE(r.err.empty()) << args[0];
  }
  EXPECT_NE(cli({"agreement", study}).err.find("the study has no labels yet"), std::string::npos);
  auto report = cli({"report", study, "--out", (dir / "r.html").string()});
  EXPECT_EQ(report.code, 0) << report.err;
  EXPECT_NE(report.err.find("no labels"), std::string::npos);
}

TEST(StatisticsCli, LabelsFromAnOlderRubricVersionAreLeftOutUnlessAsked) {
  TempDir dir;
  const auto study = (dir / "s").string();
  ASSERT_EQ(cli({"init", study, "--rubric", test_data("cli/mini_rubric.json")}).code, 0);
  ASSERT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  ASSERT_EQ(cli({"import-labels", study, test_data("cli/labels_good.jsonl")}).code, 0);
  auto added = cli({"rubric", "add", study, test_data("cli/mini_rubric_1.1.json")});
  ASSERT_EQ(added.code, 0) << added.err;
  EXPECT_NE(cli({"rubric", "list", study}).out.find("mini 1.1.0"), std::string::npos);
  auto again = cli({"rubric", "add", study, test_data("cli/mini_rubric_1.1.json")});
  EXPECT_EQ(again.code, 0);  // identical content: nothing to do
  auto r = cli({"agreement", study});
  EXPECT_EQ(r.code, 2);  // every label is from 1.0.0
  auto with_old = cli({"agreement", study, "--include-old-versions"});
  EXPECT_EQ(with_old.code, 0) << with_old.err;
  EXPECT_NE(with_old.out.find("labels made under older rubric versions are included"), std::string::npos) << with_old.out;
  EXPECT_EQ(cli({"rubric", "add", study, test_data("rubrics/bad_many.json")}).code, 2);
  EXPECT_EQ(cli({"rubric", "frobnicate", study}).code, 2);
}
