// Reading articles from files: text, Markdown, HTML, XML and JSONL, with manifests for metadata.
// Every file goes through the same steps: read, reject binary or invalid UTF-8 (with the byte
// offset), normalise (text.hpp), extract, segment into passages with roles.
#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "credence/annotate/diagnostic.hpp"
#include "credence/annotate/document.hpp"

namespace credence::annotate {

enum class InputFormat { auto_detect, text, markdown, html, xml, jsonl };

// "auto", "text", "md"/"markdown", "html", "xml", "jsonl"; nullopt for anything else.
std::optional<InputFormat> parse_input_format(std::string_view name);
// Format from the file extension (.txt .md .html .htm .xml .jsonl .ndjson); nullopt if unsupported.
std::optional<InputFormat> format_from_extension(const std::filesystem::path& path);

// Metadata for files, keyed by the file name as written in the manifest ("file").
struct Manifest {
  std::map<std::string, ArticleMeta> by_file;
  std::map<std::string, std::size_t> line_of;  // manifest line of each file entry
  std::vector<Diagnostic> diagnostics;  // bad lines, with line numbers
};

// Reads a JSONL manifest: {"file", "outlet", "title", "date", "author", "url", "language"} per line.
// A file that cannot be read gives one diagnostic and an empty manifest.
Manifest load_manifest(const std::filesystem::path& path);

struct IngestOptions {
  InputFormat format = InputFormat::auto_detect;
  std::string source_override;        // --source: outlet for every article without one
  const Manifest* manifest = nullptr; // metadata by file name (matched on the path relative to the
                                      // manifest's folder, then on the bare file name)
  std::filesystem::path manifest_dir; // folder of the manifest, for relative matching
  bool content_hash = true;           // false: Article::content_hash stays empty (a reader that stores
                                      // nothing, such as pre-annotate --file, needs no SHA-256)
};

// Receives each article as it is read, so callers can store in batches without holding a corpus.
using ArticleSink = std::function<void(Article&&)>;

struct IngestStats {
  std::size_t files = 0;
  std::size_t articles = 0;
  std::size_t rejected = 0;  // records (files or JSONL lines) that did not give an article
};

// Expands files and folders (recursively, supported extensions only, sorted by path) into input
// files. A missing path or a folder without articles gives a diagnostic.
std::vector<std::filesystem::path> collect_inputs(const std::vector<std::filesystem::path>& paths,
                                                  std::vector<Diagnostic>& diagnostics);

// Reads one file into zero or more articles (JSONL and XML may hold several). Bad records are
// reported in `diagnostics` and skipped; good ones go to `sink`.
void ingest_file(const std::filesystem::path& path, const IngestOptions& options, const ArticleSink& sink,
                 std::vector<Diagnostic>& diagnostics, IngestStats& stats);

// Builds an article from raw text already read from `origin`: checks UTF-8, normalises, segments, and
// (unless `content_hash` is false) hashes the text. Returns false (with a diagnostic) on invalid or
// empty text.
bool article_from_text(std::string_view raw, InputFormat format, ArticleMeta meta, const std::string& origin,
                       Article& out, std::vector<Diagnostic>& diagnostics, bool content_hash = true);

// Extensions of manifest files that collect_inputs skips when they sit inside an input folder.
bool is_manifest_name(const std::filesystem::path& path);

}  // namespace credence::annotate
