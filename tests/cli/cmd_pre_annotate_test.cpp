// Tests for cmd_pre_annotate.cpp: `credence pre-annotate`, its set-up and input messages word for word, and
// that a refused run stores no label.
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
using credence::testing::label_count;
using credence::testing::study_with_plain;

const std::string k_usage =
    "usage: credence pre-annotate STUDY [--annotator NAME] [--rubric ID] [--only-body] [--redo]\n"
    "       credence pre-annotate --file ARTICLE [--jsonl] [--annotator NAME] [--rubric ID]\n";

}  // namespace

TEST(CmdPreAnnotate, NeitherStudyNorFile) {
  const auto r = cli({"pre-annotate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence pre-annotate: give a STUDY folder, or --file ARTICLE\n" + k_usage);
}

TEST(CmdPreAnnotate, BothStudyAndFile) {
  TempDir dir;
  const auto study = study_with_plain(dir, true);
  const auto r = cli({"pre-annotate", study, "--file", test_data("ingest/plain.txt")});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence pre-annotate: give either STUDY or --file ARTICLE, not both\n" + k_usage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(label_count(study), 0u);
}

TEST(CmdPreAnnotate, JsonlOnAStudy) {
  TempDir dir;
  const auto study = study_with_plain(dir, true);
  const auto r = cli({"pre-annotate", study, "--jsonl"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence pre-annotate: --jsonl goes with --file ARTICLE\n" + k_usage);
  EXPECT_EQ(label_count(study), 0u);
}

TEST(CmdPreAnnotate, RubricWithoutAMachineAnnotator) {
  const auto r = cli({"pre-annotate", "--file", test_data("ingest/plain.txt"), "--rubric", "mini"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence pre-annotate: no machine annotator works on rubric 'mini'; the machine annotators cover "
                   "loaded_language, unsupported_claims and framing\n" + k_usage);
  EXPECT_EQ(r.out, "");
}

TEST(CmdPreAnnotate, SetUpProblemsStopTheRun) {
  TempDir dir;
  const auto study = study_with_plain(dir, true);
  const auto r = cli({"pre-annotate", study, "--annotator", "loaded-lexicon,nosuch"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "credence pre-annotate: error: unknown machine annotator 'nosuch'; use one of: loaded-lexicon, claim-rules, "
            "frame-cues\n"
            "credence pre-annotate: fix the problems above; nothing was annotated\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(label_count(study), 0u);
}

TEST(CmdPreAnnotate, StudyWithoutTheRubricsTheAnnotatorsNeed) {
  TempDir dir;
  const auto study = study_with_plain(dir, false);
  const auto r = cli({"pre-annotate", study});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence pre-annotate: no machine annotator can run: none of the rubrics they need "
                   "(loaded_language, unsupported_claims, framing) is available\n");
  EXPECT_EQ(label_count(study), 0u);
}

TEST(CmdPreAnnotate, NoSuchFile) {
  TempDir dir;
  const auto missing = (dir / "nope.txt").string();
  const auto r = cli({"pre-annotate", "--file", missing});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence pre-annotate: " + missing + ": no such file\n");
}

TEST(CmdPreAnnotate, FileWithoutAnArticle) {
  const auto empty = test_data("ingest/empty.txt");
  const auto r = cli({"pre-annotate", "--file", empty});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, empty + ": error: empty file; nothing to import\n"
                   "credence pre-annotate: " + empty + ": no article could be read\n");
  EXPECT_EQ(r.out, "");
  const auto folder = test_data("ingest/folder_ok");
  const auto f = cli({"pre-annotate", "--file", folder});
  EXPECT_EQ(f.code, 2);
  EXPECT_EQ(f.err, folder + ": error: is a folder, not an article file; name one of its files\n"
                   "credence pre-annotate: " + folder + ": no article could be read\n");
}
