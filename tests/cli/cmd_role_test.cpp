// Tests for cmd_role.cpp: `credence role STUDY ARTICLE PASSAGE ROLE`, its messages word for word, and that a
// refused correction changes no passage.
#include <gtest/gtest.h>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"
#include "credence/annotate/store.hpp"

namespace ann = credence::annotate;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;
using credence::testing::study_with_plain;

const std::string k_usage = "usage: credence role STUDY ARTICLE PASSAGE ROLE [--by NAME]\n";

std::vector<ann::PassageRole> roles_of_plain(const std::string& study) {
  auto s = ann::Study::open(study);
  std::vector<ann::PassageRole> roles;
  const auto article = s.load_article(*s.find_article_by_external_id("plain"));
  for (const auto& p : article->passages) roles.push_back(p.role);
  return roles;
}

}  // namespace

TEST(CmdRole, UnknownArticle) {
  TempDir dir;
  const auto study = study_with_plain(dir, false);
  const auto before = roles_of_plain(study);
  for (const std::string ref : {"nosuch", "7", "99999999999999999999", ""}) {
    const auto r = cli({"role", study, ref, "0", "body"});
    EXPECT_EQ(r.code, 2) << ref;
    EXPECT_EQ(r.err, "credence role: no article \"" + ref + "\" (give its id or store number; see credence status)\n");
    EXPECT_EQ(r.out, "");
  }
  EXPECT_EQ(roles_of_plain(study), before);
}

TEST(CmdRole, ArticleByStoreNumber) {
  TempDir dir;
  const auto study = study_with_plain(dir, false);
  const auto r = cli({"role", study, "1", "0", "heading"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "passage 0 of 1 is now heading\n");
  EXPECT_EQ(roles_of_plain(study)[0], ann::PassageRole::heading);
}

TEST(CmdRole, PassageIsNotAnIndex) {
  TempDir dir;
  const auto study = study_with_plain(dir, false);
  const auto before = roles_of_plain(study);
  // "1x" and "1.5" used to be read as passage 1; "-1" and out-of-range digits are not indexes either.
  for (const std::string bad : {"first", "1x", "1.5", "-1", " 1", "", "99999999999"}) {
    const auto r = cli({"role", study, "plain", bad, "body"});
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_EQ(r.err, "credence role: PASSAGE must be a passage index (a whole number from 0, as 'credence segment' "
                     "lists them), got '" + bad + "'\n" + k_usage);
  }
  EXPECT_EQ(roles_of_plain(study), before);
}

TEST(CmdRole, UnknownRole) {
  TempDir dir;
  const auto study = study_with_plain(dir, false);
  const auto before = roles_of_plain(study);
  const auto r = cli({"role", study, "plain", "1", "sidebar"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence role: unknown role 'sidebar'; use title, byline, caption, heading, body, boilerplate or "
                   "comment\n" + k_usage);
  EXPECT_EQ(roles_of_plain(study), before);
}

TEST(CmdRole, PassageOutOfRange) {
  TempDir dir;
  const auto study = study_with_plain(dir, false);
  const auto before = roles_of_plain(study);
  const auto n = before.size();
  const auto r = cli({"role", study, "plain", std::to_string(n), "body"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence role: article \"plain\" has no passage " + std::to_string(n) + "; its passages are 0 to " +
                       std::to_string(n - 1) + " (see credence segment)\n");
  EXPECT_EQ(roles_of_plain(study), before);
}
