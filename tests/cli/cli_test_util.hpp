// Runs the credence CLI in-process for tests and keeps what it printed and its exit code.
#pragma once
#include <sstream>
#include <string>
#include <vector>

#include "command.hpp"

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

}  // namespace credence::testing
