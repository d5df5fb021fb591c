// Tests for cmd_pre_annotate.cpp: `credence pre-annotate`, its set-up and input messages word for word, and
// that a refused run stores no label.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"
#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"

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

// --file --jsonl: one object per label with its fields in a fixed order, and a text that is exactly
// the label's code points of the normalised file (after an astral character, curly quotes and a tab).
TEST(CmdPreAnnotate, FileJsonlFieldsAndTextSlices) {
  TempDir dir;
  const std::string path = (dir / "article.txt").string();
  const std::string text =
      "\xF0\x9F\x93\xB0 Headline\n\n"
      "The \xE2\x80\x9Cmob\xE2\x80\x9D stormed the hall in a shocking and brutal attack, officials said on Tuesday.\t"
      "Critics called it a disgraceful power grab by corrupt elites who reportedly planned it for months.\n";
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  const auto r = cli({"pre-annotate", "--file", path, "--jsonl"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::size_t n = 0;
  const std::u32string text32 = ann::to_u32(text);
  while (std::getline(lines, line)) {
    ++n;
    const auto value = boost::json::parse(line);
    const auto& o = value.as_object();
    std::vector<std::string> keys;
    for (const auto& kv : o) keys.emplace_back(kv.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"article", "annotator", "dimension", "unit", "passage", "category", "start",
                                              "end", "text", "rule", "entry", "confidence", "evidence"}))
        << line;
    const auto start = static_cast<std::size_t>(o.at("start").as_int64());
    const auto end = static_cast<std::size_t>(o.at("end").as_int64());
    ASSERT_LE(end, text32.size()) << line;
    EXPECT_EQ(std::string(o.at("text").as_string()), ann::from_u32(text32.substr(start, end - start))) << line;
    EXPECT_TRUE(o.at("evidence").is_object()) << line;
  }
  EXPECT_GE(n, 4u) << r.out;
  EXPECT_NE(r.out.find("\"text\":\"mob\""), std::string::npos) << r.out;
}
