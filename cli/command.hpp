// The subcommand framework: each cmd_<verb>.cpp returns a Command; main.cpp only wires them.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace credence::cli {

// Stable exit codes (docs/errors.md).
enum ExitCode : int {
  k_exit_ok = 0,
  k_exit_rejected = 1,  // done, but some records were rejected
  k_exit_usage = 2,     // bad command line or bad input that stops the command
  k_exit_io = 3,        // I/O or store error
  k_exit_internal = 70,
};

struct OptionSpec {
  std::string name;        // "--source"
  std::string value_name;  // "NAME"; empty = a flag without a value
  std::string help;
  bool repeatable = false;
};

// The parsed command line of one subcommand.
class Args {
 public:
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;  // option name -> values in order

  [[nodiscard]] bool has(const std::string& name) const { return values.count(name) > 0; }
  // Last value of an option, or nullopt.
  [[nodiscard]] std::optional<std::string> get(const std::string& name) const;
  [[nodiscard]] std::string get_or(const std::string& name, const std::string& fallback) const;
  // All values of a repeatable option; a value "a,b" is NOT split (use split_list).
  [[nodiscard]] std::vector<std::string> all(const std::string& name) const;
};

// Thrown by option helpers for a usage error; main prints it with the command's usage line.
struct UsageError {
  std::string message;
};

struct Context {
  std::ostream& out;
  std::ostream& err;
  bool progress = false;  // stderr is a terminal
};

struct Command {
  std::string name;
  std::string summary;                  // one line for `credence --help`
  std::string usage;                    // "credence import STUDY PATH... [options]"
  std::string description;              // paragraph for `credence VERB --help`
  std::vector<OptionSpec> options;
  std::size_t min_positional = 0;
  std::size_t max_positional = 0;       // SIZE_MAX for "any number"
  std::function<int(const Args&, Context&)> run;
};

// Parses argv (after the verb). Returns nullopt and writes the message on a usage error.
std::optional<Args> parse_args(const Command& command, const std::vector<std::string>& argv, std::string& error);

// Help text of one command.
std::string render_help(const Command& command);

// "a,b,c" -> {"a","b","c"} (empty items dropped, white space trimmed).
std::vector<std::string> split_list(const std::string& text);

// Parses a number option; throws UsageError naming the option on failure.
long long parse_int_option(const Args& args, const std::string& name, long long fallback, long long min_value,
                           long long max_value);
double parse_double_option(const Args& args, const std::string& name, double fallback);

// Runs the whole CLI (used by main and by tests).
int run_cli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

// All commands, in help order (defined in commands.cpp).
std::vector<Command> all_commands();

}  // namespace credence::cli
