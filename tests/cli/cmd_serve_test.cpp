// Tests for cmd_serve.cpp: the start-up warnings of `credence serve`, run as the real binary (it serves
// until SIGTERM), word for word on standard error.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

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

// Starts `credence serve STUDY --port 0 EXTRA...`, waits for its links, stops it with SIGTERM and returns what it
// printed and its exit code.
Run serve_until_started(const std::string& study, const std::vector<std::string>& extra, const fs::path& err_file) {
  int out_pipe[2];
  if (pipe(out_pipe) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    close(out_pipe[0]);
    if (!freopen(err_file.c_str(), "w", stderr)) _exit(126);
    std::vector<std::string> args{"serve", study, "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    credence::testing::exec_credence(args);
  }
  close(out_pipe[1]);
  FILE* out = fdopen(out_pipe[0], "r");
  Run r;
  char line[512];
  while (fgets(line, sizeof line, out)) {
    r.out += line;
    if (r.out.find("press Ctrl-C to stop") != std::string::npos) break;
  }
  kill(pid, SIGTERM);
  while (fgets(line, sizeof line, out)) r.out += line;
  fclose(out);
  return credence::testing::wait_for_credence(pid, err_file, std::move(r));
}

}  // namespace

TEST(CmdServe, WarnsWhenNothingIsAssigned) {
  TempDir dir;
  const auto study = study_with_plain(dir, true);
  const auto r = serve_until_started(study, {}, dir / "stderr.txt");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("  owner: http://127.0.0.1:"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "credence serve: warning: no assignments yet; annotators see nothing until you run 'credence assign " +
                       study + " --annotators a,b,c'\n");
}

TEST(CmdServe, WarnsWhenListeningBeyondLoopback) {
  TempDir dir;
  const auto study = study_with_plain(dir, true);
  ASSERT_EQ(cli({"assign", study, "--annotators", "alice"}).code, 0);
  const auto r = serve_until_started(study, {"--host", "0.0.0.0"}, dir / "stderr.txt");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err, "credence serve: warning: listening on 0.0.0.0, not loopback: anyone who can reach it and sees a "
                   "link can use it (plain HTTP)\n");
  // Every 127.x.y.z address is loopback: no warning there.
  const auto loopback = serve_until_started(study, {"--host", "127.0.0.2"}, dir / "stderr2.txt");
  EXPECT_EQ(loopback.code, 0);
  EXPECT_NE(loopback.out.find("  alice: http://127.0.0.2:"), std::string::npos) << loopback.out;
  EXPECT_EQ(loopback.err, "");
}
