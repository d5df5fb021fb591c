// Shared plumbing for study subcommands (see study_util.hpp).
#include "study_util.hpp"

#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>

namespace credence::cli {

std::optional<annotate::Study> open_study(const std::string& folder, Context& context, const std::string& verb) {
  try {
    return annotate::Study::open(folder);
  } catch (const annotate::StoreError& e) {
    context.err << "credence " << verb << ": " << e.what() << "\n";
    return std::nullopt;
  }
}

void print_diagnostics(const std::vector<annotate::Diagnostic>& diagnostics, Context& context) {
  for (const auto& d : diagnostics) context.err << d.render() << "\n";
}

Progress::Progress(Context& context, std::string label, std::size_t total)
    : context_(context), label_(std::move(label)), total_(total) {}

void Progress::update(std::size_t done) {
  if (!context_.progress) return;
  if (shown_ && done != total_ && done - last_shown_ < std::max<std::size_t>(1, total_ / 200)) return;
  last_shown_ = done;
  shown_ = true;
  context_.err << "\r" << label_ << ": " << done << "/" << total_ << std::flush;
}

void Progress::finish() {
  if (shown_) context_.err << "\r\033[K" << std::flush;
}

std::string json_quote(const std::string& text) { return boost::json::serialize(boost::json::string(text)); }

std::filesystem::path shipped_rubrics_dir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("CREDENCE_RUBRICS"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  const auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "credence" / "rubrics";
    if (fs::is_directory(installed, ec)) return installed;
  }
  return fs::path(CREDENCE_SOURCE_DIR) / "rubrics";
}

}  // namespace credence::cli
