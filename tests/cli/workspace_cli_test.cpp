// Tests of the workspace commands: assign (plans, re-runs, caps, bad options), annotators (tokens),
// and serve (run as the real binary: links printed, API answering, clean stop on SIGTERM).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <regex>
#include <sstream>

#include "annotate/test_util.hpp"
#include "cli_test_util.hpp"
#include "command.hpp"
#include "credence/annotate/assignment_store.hpp"
#include "credence/annotate/store.hpp"

namespace ann = credence::annotate;
using credence::testing::TempDir;

namespace {

using Run = credence::testing::CliRun;
using credence::testing::cli;

std::string sample_study(const TempDir& dir) {
  const std::string study = (dir / "study").string();
  const std::string sample = std::string(CREDENCE_SOURCE_DIR) + "/datasets/sample";
  EXPECT_EQ(cli({"init", study}).code, 0);
  auto r = cli({"import", study, sample + "/articles", "--manifest", sample + "/MANIFEST.jsonl"});
  EXPECT_EQ(r.code, 0) << r.err;
  return study;
}

TEST(WorkspaceCli, AssignPlansBalancedOverlapAndStoresIt) {
  TempDir dir;
  const auto study = sample_study(dir);
  auto r = cli({"assign", study, "--annotators", "alice,bob,carol", "--overlap", "2", "--seed", "4"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("12 articles x 2 annotators = 24 assignments"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  alice: 8 articles ("), std::string::npos) << r.out;
  auto s = ann::Study::open(study);
  EXPECT_EQ(ann::list_assignments(s).size(), 24u);
  EXPECT_EQ(ann::assignment_load(s), (std::map<std::string, int>{{"alice", 8}, {"bob", 8}, {"carol", 8}}));
  // Running again plans nothing: every article keeps its annotators.
  auto again = cli({"assign", study, "--annotators", "dave"});
  EXPECT_EQ(again.code, 0);
  EXPECT_EQ(again.out, "credence assign: every article is already assigned (12 articles); nothing to plan\n");
}

TEST(WorkspaceCli, AssignDryRunStoresNothing) {
  TempDir dir;
  const auto study = sample_study(dir);
  auto r = cli({"assign", study, "--annotators", "a,b", "--dry-run"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("dry run: nothing stored\n", 0), 0u);
  auto s = ann::Study::open(study);
  EXPECT_TRUE(ann::list_assignments(s).empty());
}

TEST(WorkspaceCli, AssignCapLeavesArticlesOutAndSaysSo) {
  TempDir dir;
  const auto study = sample_study(dir);
  auto r = cli({"assign", study, "--annotators", "a,b", "--overlap", "2", "--per-annotator", "5"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err,
            "credence assign: warning: 7 articles left unassigned: --per-annotator 5 leaves too few annotators with "
            "room for --overlap 2; add annotators or raise --per-annotator, then run assign again\n");
  auto s = ann::Study::open(study);
  EXPECT_EQ(ann::list_assignments(s).size(), 10u);
}

TEST(WorkspaceCli, AssignRejectsBadOptionsBeforeTouchingTheStudy) {
  TempDir dir;
  const auto study = sample_study(dir);
  auto r = cli({"assign", study, "--annotators", "a,a,machine:x", "--overlap", "3"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("credence assign: annotator 'a' is listed twice\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("credence assign: 'machine:x' names a machine annotator; humans only here\n"), std::string::npos);
  EXPECT_NE(r.err.find("credence assign: --overlap 3 needs at least that many annotators (2 given)\n"), std::string::npos);
  EXPECT_EQ(cli({"assign", study}).err,
            "credence assign: no annotators given; pass --annotators a,b,c\n"
            "usage: credence assign STUDY --annotators a,b,c [--overlap K] [--per-annotator N] [--blind] [--seed S]\n");
  EXPECT_EQ(cli({"assign", (dir / "nosuch").string(), "--annotators", "a"}).code, 3);
  auto s = ann::Study::open(study);
  EXPECT_TRUE(ann::list_assignments(s).empty());
}

TEST(WorkspaceCli, AnnotatorsIssuesAndRevokesTokens) {
  TempDir dir;
  const auto study = sample_study(dir);
  ASSERT_EQ(cli({"assign", study, "--annotators", "alice,bob"}).code, 0);
  auto r = cli({"annotators", study, "--token", "alice"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("new token for alice: ([0-9a-f]{32})")));
  const std::string token = m[1];
  {
    auto s = ann::Study::open(study);
    ASSERT_TRUE(ann::find_active_token(s, token));
  }
  auto list = cli({"annotators", study});
  EXPECT_NE(list.out.find("alice"), std::string::npos);
  EXPECT_NE(list.out.find("token"), std::string::npos);
  auto revoke = cli({"annotators", study, "--revoke", "alice"});
  EXPECT_EQ(revoke.out, "revoked 1 token of alice\n");
  auto s = ann::Study::open(study);
  EXPECT_FALSE(ann::find_active_token(s, token));
  auto bad = cli({"annotators", study, "--token", "no spaces"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err, "credence annotators: --token: annotator name 'no spaces' may only use letters, digits, '_', '.' and '-'\n");
}

// Runs `credence serve` as a child process and reads its stdout until the links are printed.
TEST(WorkspaceCli, ServePrintsLinksAnswersAndStopsCleanly) {
  TempDir dir;
  const auto study = sample_study(dir);
  ASSERT_EQ(cli({"assign", study, "--annotators", "alice,bob", "--overlap", "2"}).code, 0);
  int out_pipe[2];
  ASSERT_EQ(pipe(out_pipe), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    close(out_pipe[0]);
    execl(CREDENCE_BINARY, CREDENCE_BINARY, "serve", study.c_str(), "--port", "0", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out_pipe[1]);
  FILE* out = fdopen(out_pipe[0], "r");
  std::string text;
  char line[512];
  while (fgets(line, sizeof line, out)) {
    text += line;
    if (text.find("press Ctrl-C to stop") != std::string::npos) break;
  }
  std::smatch m;
  ASSERT_TRUE(std::regex_search(text, m, std::regex("  owner: http://127\\.0\\.0\\.1:(\\d+)/#token=([0-9a-f]{32})")))
      << text;
  EXPECT_TRUE(std::regex_search(text, std::regex("  alice: http://127\\.0\\.0\\.1:\\d+/#token=[0-9a-f]{32}\n")));
  EXPECT_TRUE(std::regex_search(text, std::regex("  bob: http://127\\.0\\.0\\.1:\\d+/#token=[0-9a-f]{32}\n")));
  const auto port = static_cast<unsigned short>(std::stoi(m[1]));
  {
    namespace http = boost::beast::http;
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    http::request<http::empty_body> req{http::verb::get, "/api/progress", 11};
    req.set(http::field::authorization, "Bearer " + m[2].str());
    http::write(socket, req);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    EXPECT_EQ(res.result_int(), 200u);
    EXPECT_NE(res.body().find("\"annotator\":\"alice\""), std::string::npos) << res.body();
  }
  kill(pid, SIGTERM);
  while (fgets(line, sizeof line, out)) text += line;
  fclose(out);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(text.find("credence serve: stopped; every saved label is in"), std::string::npos) << text;
  // The same links work after a restart: serve reuses active tokens.
  auto s = ann::Study::open(study);
  EXPECT_TRUE(ann::find_active_token(s, m[2].str()));
}

}  // namespace
