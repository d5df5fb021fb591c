// `credence segment FILE`: shows how a file is split into passages with roles, without a study.
#include <boost/json.hpp>
#include <iomanip>

#include "commands.hpp"
#include "credence/annotate/ingest.hpp"
#include "credence/annotate/text.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace ann = credence::annotate;

namespace {

int run_segment(const Args& args, Context& context) {
  ann::IngestOptions options;
  if (auto format = args.get("--format")) {
    auto parsed = ann::parse_input_format(*format);
    if (!parsed) throw UsageError{"unknown --format '" + *format + "'; use auto, text, md, html, xml or jsonl"};
    options.format = *parsed;
  }
  ann::Manifest manifest;
  if (auto title = args.get("--title")) {
    manifest.by_file[std::filesystem::path(args.positional[0]).filename().string()].title = *title;
    options.manifest = &manifest;
  }
  const bool jsonl = args.has("--jsonl");
  const bool sentences = args.has("--sentences");
  std::error_code ec;
  if (!std::filesystem::exists(args.positional[0], ec)) {
    context.err << "credence segment: " << args.positional[0] << ": no such file\n";
    return k_exit_io;
  }
  std::vector<ann::Diagnostic> diagnostics;
  ann::IngestStats stats;
  std::vector<ann::Article> articles;
  ann::ingest_file(args.positional[0], options, [&](ann::Article&& a) { articles.push_back(std::move(a)); },
                   diagnostics, stats);
  print_diagnostics(diagnostics, context);
  const bool several = articles.size() > 1;
  for (const auto& article : articles) {
    if (!jsonl) {
      context.out << "# " << article.origin << " (" << ann::code_point_count(article.text) << " code points, "
                  << article.passages.size() << " passages)\n";
    }
    for (const auto& p : article.passages) {
      if (jsonl) {
        boost::json::object o;
        if (several) o["article"] = article.meta.external_id;
        o["index"] = p.index;
        o["start"] = p.start;
        o["end"] = p.end;
        o["role"] = std::string(ann::to_string(p.role));
        o["text"] = p.text;
        if (sentences) {
          boost::json::array s;
          for (const auto& span : p.sentences) s.push_back(boost::json::array{span.start, span.end});
          o["sentences"] = s;
        }
        context.out << boost::json::serialize(o) << "\n";
      } else {
        std::string preview = p.text.substr(0, 70);
        while (!preview.empty() && (static_cast<unsigned char>(preview.back()) & 0xC0) == 0x80) preview.pop_back();
        if (!preview.empty() && static_cast<unsigned char>(preview.back()) >= 0xC0) preview.pop_back();
        for (auto& c : preview) {
          if (c == '\n') c = ' ';
        }
        context.out << std::setw(4) << p.index << "  " << std::left << std::setw(12) << ann::to_string(p.role)
                    << std::right << std::setw(7) << p.start << "-" << std::left << std::setw(7) << p.end
                    << std::right << preview << (p.text.size() > preview.size() ? "…" : "") << "\n";
      }
    }
  }
  if (articles.empty()) return diagnostics.empty() ? k_exit_usage : k_exit_usage;
  return stats.rejected > 0 ? k_exit_rejected : k_exit_ok;
}

}  // namespace

Command make_segment_command() {
  Command c;
  c.name = "segment";
  c.summary = "split one file into passages with roles (no study needed)";
  c.usage = "credence segment FILE [--format auto|text|md|html|xml|jsonl] [--jsonl] [--title TEXT]";
  c.description =
      "Offsets are code points into the file's normalised text (NFC, LF line ends, no BOM), end exclusive.\n"
      "--jsonl prints {\"index\",\"start\",\"end\",\"role\",\"text\"} per passage.";
  c.options = {{"--format", "F", "input format (default: by extension)"},
               {"--jsonl", "", "one JSON object per passage"},
               {"--sentences", "", "with --jsonl: add sentence spans"},
               {"--title", "TEXT", "the article's known title (helps find the title passage)"}};
  c.min_positional = 1;
  c.max_positional = 1;
  c.run = run_segment;
  return c;
}

}  // namespace credence::cli
