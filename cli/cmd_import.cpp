// `credence import STUDY PATH...`: reads articles, segments them and stores them in batches.
#include <filesystem>
#include <map>
#include <set>

#include "commands.hpp"
#include "credence/annotate/ingest.hpp"
#include "credence/annotate/store.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace fs = std::filesystem;
namespace ann = credence::annotate;

namespace {

struct ImportTotals {
  std::size_t stored = 0;
  std::size_t duplicates = 0;
  std::size_t copies = 0;  // stored, with the text of an article of another id
  std::map<std::string, std::size_t> by_source;
};

// Stores a batch in one transaction; a store failure rolls the whole batch back.
void flush_batch(ann::Study& study, std::vector<ann::Article>& batch, ImportTotals& totals) {
  if (batch.empty()) return;
  ann::Study::Transaction tx(study);
  std::size_t stored = 0, duplicates = 0, copies = 0;
  std::map<std::string, std::size_t> by_source;
  for (auto& article : batch) {
    if (study.find_stored_copy(article.content_hash, article.meta.external_id)) {
      ++duplicates;  // the same article again (same id, same text): importing twice stores it once
      continue;
    }
    if (study.find_article_by_hash(article.content_hash)) {
      // The text of another article under another id (a wire story run by two outlets, a corpus that
      // lists one text twice): an article of its own, so each id keeps its outlet and its labels.
      article.content_hash = ann::Study::copy_hash(article.content_hash, article.meta.external_id);
      ++copies;
    }
    study.insert_article(article);
    ++stored;
    ++by_source[article.meta.source.empty() ? "(unknown)" : article.meta.source];
  }
  tx.commit();
  totals.stored += stored;
  totals.duplicates += duplicates;
  totals.copies += copies;
  for (const auto& [source, n] : by_source) totals.by_source[source] += n;
  batch.clear();
}

int run_import(const Args& args, Context& context) {
  const std::string folder = args.positional.at(0);
  ann::IngestOptions options;
  if (auto format = args.get("--format")) {
    auto parsed = ann::parse_input_format(*format);
    if (!parsed) throw UsageError{"unknown --format '" + *format + "'; use auto, text, md, html, xml or jsonl"};
    options.format = *parsed;
  }
  options.source_override = args.get_or("--source", "");
  const auto batch_size = static_cast<std::size_t>(parse_int_option(args, "--batch-size", 500, 1, 1000000));

  auto study = open_study(folder, context, "import");
  if (!study) return k_exit_io;

  std::vector<ann::Diagnostic> diagnostics;
  std::size_t rejected = 0;
  ann::Manifest manifest;
  std::vector<fs::path> inputs;
  for (std::size_t i = 1; i < args.positional.size(); ++i) inputs.emplace_back(args.positional[i]);
  auto files = ann::collect_inputs(inputs, diagnostics);
  rejected += diagnostics.size();

  if (auto manifest_path = args.get("--manifest")) {
    std::error_code ec;
    if (!fs::is_regular_file(*manifest_path, ec)) {
      context.err << "credence import: " << *manifest_path << ": no such manifest file\n";
      return k_exit_io;
    }
    manifest = ann::load_manifest(*manifest_path);
    options.manifest = &manifest;
    options.manifest_dir = fs::path(*manifest_path).parent_path();
    rejected += manifest.diagnostics.size();
    for (auto& d : manifest.diagnostics) diagnostics.push_back(d);
    // A manifest line naming a file that is neither among the inputs nor beside the manifest is reported
    // with its line (manifests name files by bare name or by path relative to the manifest).
    std::set<std::string> input_names;
    for (const auto& file : files) {
      input_names.insert(file.filename().string());
      const auto rel = fs::relative(file, options.manifest_dir, ec);
      if (!ec) input_names.insert(rel.generic_string());
    }
    for (const auto& [file, meta] : manifest.by_file) {
      if (input_names.count(file) > 0 || fs::exists(options.manifest_dir / file, ec)) continue;
      diagnostics.push_back(ann::error_at(*manifest_path, manifest.line_of[file], 1,
                                          "manifest names \"" + file + "\", which is not among the inputs and does "
                                          "not exist beside the manifest"));
      ++rejected;
    }
  }
  print_diagnostics(diagnostics, context);
  diagnostics.clear();

  ImportTotals totals;
  ann::IngestStats stats;
  std::vector<ann::Article> batch;
  Progress progress(context, "importing", files.size());
  try {
    for (std::size_t file_idx = 0; file_idx < files.size(); ++file_idx) {
      ann::ingest_file(
          files[file_idx], options,
          [&](ann::Article&& article) {
            batch.push_back(std::move(article));
            if (batch.size() >= batch_size) flush_batch(*study, batch, totals);
          },
          diagnostics, stats);
      if (!diagnostics.empty()) {
        progress.finish();
        print_diagnostics(diagnostics, context);
        diagnostics.clear();
      }
      progress.update(file_idx + 1);
    }
    flush_batch(*study, batch, totals);
  } catch (const ann::StoreError& e) {
    progress.finish();
    context.err << "credence import: " << e.what() << "\nthe articles of the failed batch were not stored; "
                << totals.stored << " stored before it are kept\n";
    return k_exit_io;
  }
  progress.finish();
  rejected += stats.rejected;
  context.out << "imported " << totals.stored << " article" << (totals.stored == 1 ? "" : "s") << " from "
              << stats.files << " file" << (stats.files == 1 ? "" : "s");
  if (totals.duplicates > 0) context.out << "; " << totals.duplicates << " already in the study (same id and text)";
  if (totals.copies > 0) {
    context.out << "; " << totals.copies << " with the same text as an article of another id (stored as articles of "
                << "their own)";
  }
  if (rejected > 0) context.out << "; " << rejected << " rejected (see messages above)";
  context.out << "\n";
  for (const auto& [source, n] : totals.by_source) context.out << "  " << source << ": " << n << "\n";
  return rejected > 0 ? k_exit_rejected : k_exit_ok;
}

}  // namespace

Command make_import_command() {
  Command c;
  c.name = "import";
  c.summary = "import articles from text, Markdown, HTML, XML/TEI or JSONL files and folders";
  c.usage = "credence import STUDY PATH... [--source NAME] [--manifest FILE.jsonl] [--format F]";
  c.description =
      "Each article is normalised (NFC, LF line ends), split into passages with roles and sentences,\n"
      "and stored once: a text already in the study (same content hash) is skipped. Bad files and\n"
      "bad JSONL lines are reported with their location; the good ones go in (exit code 1).\n"
      "Metadata: the manifest wins over what the file states, which wins over --source.";
  c.options = {{"--source", "NAME", "outlet of articles that name none"},
               {"--manifest", "FILE", "JSONL lines {\"file\",\"outlet\",\"title\",\"date\",\"author\",\"url\"}"},
               {"--format", "F", "auto (by extension), text, md, html, xml or jsonl"},
               {"--batch-size", "N", "articles per transaction (default 500)"}};
  c.min_positional = 2;
  c.max_positional = SIZE_MAX;
  c.run = run_import;
  return c;
}

}  // namespace credence::cli
