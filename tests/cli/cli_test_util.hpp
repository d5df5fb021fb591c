// Runs the credence CLI in-process for tests and keeps what it printed and its exit code; and the small
// study-building helpers the cli test files share.
#pragma once
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "annotate/test_util.hpp"
#include "command.hpp"
#include "credence/annotate/store.hpp"

namespace credence::testing {

struct CliRun {
  int code = -1;
  std::string out;
  std::string err;
};

inline CliRun run_credence(std::vector<std::string> args) {
  std::ostringstream out, err;
  CliRun r;
  r.code = credence::cli::run_cli(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// Short name for run_credence, as the tests call it.
inline CliRun cli(std::vector<std::string> args) { return run_credence(std::move(args)); }

// A file datasets/sample/RELATIVE of the source tree.
inline std::string sample(const std::string& relative) {
  return std::string(CREDENCE_SOURCE_DIR) + "/datasets/sample/" + relative;
}

// Writes `content` to `path` as bytes (the folder must exist) and returns the path.
inline std::string write(const std::filesystem::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

// DIR/study, initialised with tests/data/cli/mini_rubric.json only; no articles.
inline std::string init_mini(const TempDir& dir) {
  const std::string study = (dir / "study").string();
  auto r = cli({"init", study, "--rubric", test_data("cli/mini_rubric.json")});
  EXPECT_EQ(r.code, 0) << r.err;
  return study;
}

// DIR/study with the shipped rubrics (or only the mini rubric) and plain.txt (article "plain", store number 1,
// three passages), no labels.
inline std::string study_with_plain(const TempDir& dir, bool shipped_rubrics) {
  const std::string study = (dir / "study").string();
  auto init = shipped_rubrics ? cli({"init", study}) : cli({"init", study, "--rubric", test_data("cli/mini_rubric.json")});
  EXPECT_EQ(init.code, 0) << init.err;
  EXPECT_EQ(cli({"import", study, test_data("ingest/plain.txt")}).code, 0);
  return study;
}

// The number of labels the study holds now.
inline std::size_t label_count(const std::string& study) {
  return credence::annotate::Study::open(study).current_annotations().size();
}

// Runs one SQL statement on the study's database (to break or change it behind the store's back).
inline void sql(const std::string& study, const char* statement) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((std::filesystem::path(study) / credence::annotate::k_database_file).c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, statement, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

// A Unix socket: a path that exists and is not a folder, but cannot be opened as a file (even by root).
struct SocketFile {
  explicit SocketFile(const std::filesystem::path& path) : path_(path.string()) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    path_.copy(address.sun_path, sizeof address.sun_path - 1);
    bound_ = ::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  }
  ~SocketFile() { ::close(fd_); }
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
};

#ifdef CREDENCE_BINARY
// In a forked child: runs the credence binary with ARGS (the child ends there; 127 if exec fails).
[[noreturn]] inline void exec_credence(const std::vector<std::string>& args) {
  std::vector<std::string> all{CREDENCE_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(CREDENCE_BINARY, argv.data());
  _exit(127);
}

// In the parent: waits for the child PID and returns its exit code (-1 if it did not exit normally) and
// the standard error it wrote to ERR_FILE; `out` stays as the caller filled it.
inline CliRun wait_for_credence(pid_t pid, const std::filesystem::path& err_file, CliRun r = {}) {
  int status = 0;
  waitpid(pid, &status, 0);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_file(err_file.string());
  return r;
}
#endif

}  // namespace credence::testing
