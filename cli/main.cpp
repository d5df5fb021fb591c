// Entry point of the `credence` executable: hands argv to the subcommand dispatcher.
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  const int code = credence::cli::run_cli(args, std::cout, std::cerr);
  std::cout.flush();
  return code;
}
