// Tests for cmd_report.cpp: the messages of `credence report` (usage, an empty study, and each way writing
// the file can fail), word for word, with the exit code, and that no file or temporary is left behind.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"

namespace fs = std::filesystem;
using credence::testing::read_file;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;
using credence::testing::study_with_plain;
using credence::testing::sample;

// The credence binary in a child process whose files may not grow past `max_file_bytes` (as on a full disk:
// write() fails with EFBIG once SIGXFSZ is ignored). Standard error is returned in err.
Run run_binary_with_file_limit(const std::vector<std::string>& args, rlim_t max_file_bytes, const fs::path& err_file) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (!freopen(err_file.c_str(), "w", stderr) || !freopen("/dev/null", "w", stdout)) _exit(126);
    signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{max_file_bytes, max_file_bytes};
    setrlimit(RLIMIT_FSIZE, &limit);
    credence::testing::exec_credence(args);
  }
  return credence::testing::wait_for_credence(pid, err_file);
}

}  // namespace

TEST(CmdReport, OutIsRequired) {
  TempDir dir;
  const auto r = cli({"report", study_with_plain(dir, true)});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence report: --out FILE is required (the HTML report to write)\nusage: credence report STUDY "
                   "--out report.html [--method M] [--bootstrap N] [--permutations N]\n");
}

TEST(CmdReport, StudyWithoutArticles) {
  TempDir dir;
  const std::string study = (dir / "study").string();
  ASSERT_EQ(cli({"init", study}).code, 0);
  const auto out = (dir / "r.html").string();
  const auto r = cli({"report", study, "--out", out});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "credence report: the study has no articles; import some with 'credence import'\n");
  EXPECT_FALSE(fs::exists(out));
}

TEST(CmdReport, StudyWithoutLabelsGetsACorpusOnlyReport) {
  TempDir dir;
  const auto out = (dir / "r.html").string();
  const auto r = cli({"report", study_with_plain(dir, true), "--out", out});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err, "credence report: note: the study has no labels; the report shows the corpus only\n");
  EXPECT_TRUE(fs::exists(out));
}

TEST(CmdReport, FolderThatCannotHoldTheFile) {
  TempDir dir;
  const auto study = study_with_plain(dir, true);
  std::ofstream(dir / "plain-file") << "not a folder";
  const auto out = (dir / "plain-file" / "r.html").string();
  const auto r = cli({"report", study, "--out", out});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence report: note: the study has no labels; the report shows the corpus only\n"
                   "credence report: cannot write " + out + ".part; check the folder exists and is writable\n");
}

TEST(CmdReport, TargetThatIsAFolderKeepsTheSystemMessage) {
  TempDir dir;
  const auto study = study_with_plain(dir, true);
  const auto out = dir / "r.html";
  fs::create_directories(out / "inside");
  const auto r = cli({"report", study, "--out", out.string()});
  EXPECT_EQ(r.code, 3);
  // Regression: the message said "Success" (the error of removing the temporary, not of the rename).
  EXPECT_EQ(r.err, "credence report: note: the study has no labels; the report shows the corpus only\n"
                   "credence report: cannot create " + out.string() + ": Is a directory\n");
  EXPECT_FALSE(fs::exists(out.string() + ".part"));
  EXPECT_TRUE(fs::is_directory(out / "inside"));
}

TEST(CmdReport, WriteFailureLeavesNoFile) {
  TempDir dir;
  const std::string study = (dir / "sample").string();
  ASSERT_EQ(cli({"init", study}).code, 0);
  ASSERT_EQ(cli({"import", study, sample("articles"), "--manifest", sample("MANIFEST.jsonl")}).code, 0);
  ASSERT_EQ(cli({"import-labels", study, sample("labels.jsonl")}).code, 0);
  const auto out = (dir / "r.html").string();
  // The sample's report is over 100 KiB; the study is only read.
  const auto r = run_binary_with_file_limit({"report", study, "--out", out, "--bootstrap", "20", "--permutations", "20"},
                                            64 * 1024, dir / "stderr.txt");
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "credence report: writing " + out + " failed (disk full?); nothing was written\n");
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".part"));
}
