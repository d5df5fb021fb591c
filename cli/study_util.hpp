// Helpers shared by the subcommands that work on a study: opening it with a clear error,
// printing diagnostics, a terminal progress line, JSON string output.
#pragma once
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "credence/annotate/diagnostic.hpp"
#include "credence/annotate/store.hpp"

namespace credence::cli {

// Opens STUDY; on failure prints the reason and returns nullopt (caller exits with k_exit_io).
std::optional<annotate::Study> open_study(const std::string& folder, Context& context, const std::string& verb);

// Prints each diagnostic on its own line to context.err.
void print_diagnostics(const std::vector<annotate::Diagnostic>& diagnostics, Context& context);

// A progress line on a terminal ("\rverb: done/total what"); silent when stderr is not a terminal.
class Progress {
 public:
  Progress(Context& context, std::string label, std::size_t total);
  void update(std::size_t done);
  void finish();

 private:
  Context& context_;
  std::string label_;
  std::size_t total_;
  std::size_t last_shown_ = 0;
  bool shown_ = false;
};

// JSON-quoted string (with escapes) for hand-written JSON output.
std::string json_quote(const std::string& text);

// Folder that holds the shipped rubrics: $CREDENCE_RUBRICS, <exe>/../share/credence/rubrics, or the
// source tree's rubrics/ folder.
std::filesystem::path shipped_rubrics_dir();

}  // namespace credence::cli
