// File ingest: dispatch by format, metadata from manifests and markup, normalisation, segmentation.
#include "credence/annotate/ingest.hpp"

#include <algorithm>
#include <cctype>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "credence/annotate/extract.hpp"
#include "credence/annotate/segment.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool read_whole_file(const fs::path& path, std::string& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read file";
    return false;
  }
  out.clear();
  if (!read_stream(in, out)) {
    error = "read error";
    out.clear();
    return false;
  }
  return true;
}

// Line and column (1-based, column in bytes) of a byte offset.
std::pair<std::size_t, std::size_t> line_col(std::string_view text, std::size_t offset) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

void fill_missing(ArticleMeta& meta, const ArticleMeta& fallback) {
  auto take = [](std::string& field, const std::string& value) {
    if (field.empty()) field = value;
  };
  take(meta.external_id, fallback.external_id);
  take(meta.source, fallback.source);
  take(meta.title, fallback.title);
  take(meta.url, fallback.url);
  take(meta.date, fallback.date);
  take(meta.author, fallback.author);
  take(meta.language, fallback.language);
}

// An outlet written as "unknown", "n/a" or "unknown (why ...)" names no outlet: it must not become
// an outlet of its own in profiles and comparisons.
std::string clean_outlet(const std::string& outlet) {
  const std::string l = lower(std::string(trim(outlet)));
  if (l.empty() || l == "unknown" || l == "(unknown)" || l == "n/a" || l == "na" || l == "none" || l == "null" ||
      l == "-" || l.rfind("unknown (", 0) == 0 || l.rfind("unknown:", 0) == 0 || l.rfind("unknown;", 0) == 0) {
    return {};
  }
  return std::string(trim(outlet));
}

// Keeps the ISO 8601 part of a date written with a remark ("2014-11 (inferred from the text)").
std::string clean_date(const std::string& date) {
  const std::string_view d = trim(date);
  std::size_t n = 0;
  auto digits = [&](std::size_t count) {
    for (std::size_t k = 0; k < count; ++k) {
      if (n >= d.size() || !std::isdigit(static_cast<unsigned char>(d[n]))) return false;
      ++n;
    }
    return true;
  };
  if (!digits(4)) return std::string(d);
  std::size_t end = n;
  if (n < d.size() && d[n] == '-' && (++n, digits(2))) {
    end = n;
    if (n < d.size() && d[n] == '-' && (++n, digits(2))) end = n;
  }
  const std::string_view rest = trim(d.substr(end));
  if (rest.empty() || rest.front() == '(' || rest.front() == ';' || rest.front() == ',') return std::string(d.substr(0, end));
  return std::string(d);  // a full timestamp or another form: kept as written
}

// Manifest metadata wins over the file's own, which wins over --source.
ArticleMeta merge_meta(ArticleMeta from_manifest, ArticleMeta from_file, const IngestOptions& options) {
  from_manifest.source = clean_outlet(from_manifest.source);
  from_file.source = clean_outlet(from_file.source);
  ArticleMeta meta = from_manifest;
  fill_missing(meta, from_file);
  if (meta.source.empty()) meta.source = clean_outlet(options.source_override);
  meta.date = clean_date(meta.date);
  return meta;
}

const ArticleMeta* manifest_entry(const fs::path& path, const IngestOptions& options) {
  if (options.manifest == nullptr) return nullptr;
  const auto& map = options.manifest->by_file;
  if (!options.manifest_dir.empty()) {
    std::error_code ec;
    const auto rel = fs::relative(path, options.manifest_dir, ec);
    if (!ec) {
      if (auto it = map.find(rel.generic_string()); it != map.end()) return &it->second;
    }
  }
  if (auto it = map.find(path.filename().string()); it != map.end()) return &it->second;
  return nullptr;
}

std::string json_string_field(const boost::json::object& obj, std::string_view key, const std::string& origin,
                              std::size_t line, std::vector<Diagnostic>& diagnostics, bool& ok) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  Diagnostic d = error_at(origin, line, 0, "field \"" + std::string(key) + "\" must be a string");
  d.where.json_pointer = "/" + std::string(key);
  diagnostics.push_back(std::move(d));
  ok = false;
  return {};
}

// Parses one JSON text; on a syntax error reports line:col (col = byte column within the line).
std::optional<boost::json::value> parse_json_line(std::string_view text, const std::string& path, std::size_t line,
                                                  std::vector<Diagnostic>& diagnostics) {
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    diagnostics.push_back(error_at(path, line, used + 1, "invalid JSON: " + ec.message()));
    return std::nullopt;
  }
  return parser.release();
}

void ingest_jsonl(const fs::path& path, const IngestOptions& options, const ArticleSink& sink,
                  std::vector<Diagnostic>& diagnostics, IngestStats& stats) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.push_back(error_in(path.string(), "cannot read file"));
    ++stats.rejected;
    return;
  }
  const std::string origin_path = path.string();
  std::string line;
  std::size_t line_no = 0;
  std::size_t byte_offset = 0;
  std::size_t non_blank = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::size_t line_start = byte_offset;
    byte_offset += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (trim(line).empty()) continue;
    ++non_blank;
    if (auto bad = find_invalid_utf8(line)) {
      diagnostics.push_back(error_at(origin_path, line_no, *bad + 1,
                                     "invalid UTF-8 at byte " + std::to_string(line_start + *bad) +
                                         "; save the file as UTF-8"));
      ++stats.rejected;
      continue;
    }
    auto value = parse_json_line(line, origin_path, line_no, diagnostics);
    if (!value) {
      ++stats.rejected;
      continue;
    }
    if (!value->is_object()) {
      diagnostics.push_back(error_at(origin_path, line_no, 1, "expected a JSON object with a \"text\" field"));
      ++stats.rejected;
      continue;
    }
    const auto& obj = value->as_object();
    const auto* text = obj.if_contains("text");
    if (text == nullptr || !text->is_string()) {
      Diagnostic d = error_at(origin_path, line_no, 1,
                              text == nullptr ? "missing field \"text\"" : "field \"text\" must be a string");
      d.where.json_pointer = "/text";
      diagnostics.push_back(std::move(d));
      ++stats.rejected;
      continue;
    }
    bool ok = true;
    ArticleMeta from_line;
    from_line.external_id = json_string_field(obj, "id", origin_path, line_no, diagnostics, ok);
    from_line.source = json_string_field(obj, "source", origin_path, line_no, diagnostics, ok);
    if (from_line.source.empty()) from_line.source = json_string_field(obj, "outlet", origin_path, line_no, diagnostics, ok);
    from_line.title = json_string_field(obj, "title", origin_path, line_no, diagnostics, ok);
    from_line.url = json_string_field(obj, "url", origin_path, line_no, diagnostics, ok);
    from_line.date = json_string_field(obj, "date", origin_path, line_no, diagnostics, ok);
    from_line.author = json_string_field(obj, "author", origin_path, line_no, diagnostics, ok);
    from_line.language = json_string_field(obj, "language", origin_path, line_no, diagnostics, ok);
    if (!ok) {
      ++stats.rejected;
      continue;
    }
    if (from_line.external_id.empty()) {
      from_line.external_id = path.stem().string() + ":" + std::to_string(line_no);
    }
    ArticleMeta meta = merge_meta({}, from_line, options);
    Article article;
    const std::string origin = origin_path + ":" + std::to_string(line_no);
    std::vector<Diagnostic> local;
    if (!article_from_text(text->as_string(), InputFormat::text, meta, origin, article, local, options.content_hash)) {
      for (auto& d : local) {
        d.where.path = origin_path;
        d.where.line = line_no;
        d.where.json_pointer = "/text";
        diagnostics.push_back(std::move(d));
      }
      ++stats.rejected;
      continue;
    }
    ++stats.articles;
    sink(std::move(article));
  }
  if (non_blank == 0) {
    diagnostics.push_back(error_in(origin_path, "empty file; nothing to import"));
    ++stats.rejected;
  }
}

}  // namespace

std::optional<InputFormat> parse_input_format(std::string_view name) {
  if (name == "auto") return InputFormat::auto_detect;
  if (name == "text" || name == "txt") return InputFormat::text;
  if (name == "md" || name == "markdown") return InputFormat::markdown;
  if (name == "html" || name == "htm") return InputFormat::html;
  if (name == "xml" || name == "tei") return InputFormat::xml;
  if (name == "jsonl" || name == "ndjson") return InputFormat::jsonl;
  return std::nullopt;
}

std::optional<InputFormat> format_from_extension(const fs::path& path) {
  const auto ext = lower(path.extension().string());
  if (ext == ".txt" || ext == ".text") return InputFormat::text;
  if (ext == ".md" || ext == ".markdown") return InputFormat::markdown;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return InputFormat::html;
  if (ext == ".xml" || ext == ".tei") return InputFormat::xml;
  if (ext == ".jsonl" || ext == ".ndjson") return InputFormat::jsonl;
  return std::nullopt;
}

bool is_manifest_name(const fs::path& path) {
  const auto name = lower(path.filename().string());
  return name == "manifest.jsonl" || name == "manifest.json";
}

Manifest load_manifest(const fs::path& path) {
  Manifest manifest;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    manifest.diagnostics.push_back(error_in(path.string(), "cannot read manifest; check the path"));
    return manifest;
  }
  std::string line;
  std::size_t line_no = 0;
  const std::string p = path.string();
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (trim(line).empty()) continue;
    if (auto bad = find_invalid_utf8(line)) {
      manifest.diagnostics.push_back(error_at(p, line_no, *bad + 1, "invalid UTF-8; save the manifest as UTF-8"));
      continue;
    }
    auto value = parse_json_line(line, p, line_no, manifest.diagnostics);
    if (!value) continue;
    if (!value->is_object()) {
      manifest.diagnostics.push_back(error_at(p, line_no, 1, "expected a JSON object with a \"file\" field"));
      continue;
    }
    const auto& obj = value->as_object();
    bool ok = true;
    const std::string file = json_string_field(obj, "file", p, line_no, manifest.diagnostics, ok);
    if (file.empty()) {
      if (ok) manifest.diagnostics.push_back(error_at(p, line_no, 1, "missing field \"file\""));
      continue;
    }
    ArticleMeta meta;
    meta.source = json_string_field(obj, "outlet", p, line_no, manifest.diagnostics, ok);
    if (meta.source.empty()) meta.source = json_string_field(obj, "source", p, line_no, manifest.diagnostics, ok);
    meta.title = json_string_field(obj, "title", p, line_no, manifest.diagnostics, ok);
    meta.date = json_string_field(obj, "date", p, line_no, manifest.diagnostics, ok);
    meta.author = json_string_field(obj, "author", p, line_no, manifest.diagnostics, ok);
    meta.url = json_string_field(obj, "url", p, line_no, manifest.diagnostics, ok);
    meta.language = json_string_field(obj, "language", p, line_no, manifest.diagnostics, ok);
    meta.external_id = json_string_field(obj, "id", p, line_no, manifest.diagnostics, ok);
    if (!ok) continue;
    if (manifest.by_file.count(file) > 0) {
      manifest.diagnostics.push_back(error_at(p, line_no, 1, "file \"" + file + "\" is listed twice; the first entry is kept"));
      continue;
    }
    manifest.line_of.emplace(file, line_no);
    manifest.by_file.emplace(file, std::move(meta));
  }
  return manifest;
}

std::vector<fs::path> collect_inputs(const std::vector<fs::path>& paths, std::vector<Diagnostic>& diagnostics) {
  std::vector<fs::path> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      diagnostics.push_back(error_in(path.string(), "no such file or folder"));
      continue;
    }
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> found;
      for (fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
           it != end; it.increment(ec)) {
        if (ec) break;
        if (!it->is_regular_file(ec)) continue;
        const auto& p = it->path();
        if (p.filename().string().rfind('.', 0) == 0) continue;  // hidden files
        if (is_manifest_name(p)) continue;
        if (format_from_extension(p)) found.push_back(p);
      }
      if (found.empty()) {
        diagnostics.push_back(error_in(path.string(),
                                       "folder holds no articles (.txt, .md, .html, .htm, .xml, .jsonl)"));
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(path);
    }
  }
  return files;
}

bool article_from_text(std::string_view raw, InputFormat format, ArticleMeta meta, const std::string& origin,
                       Article& out, std::vector<Diagnostic>& diagnostics, bool content_hash) {
  if (auto bad = find_invalid_utf8(raw)) {
    diagnostics.push_back(error_at_byte(origin, *bad, "invalid UTF-8 at byte " + std::to_string(*bad) +
                                                          "; save the file as UTF-8"));
    return false;
  }
  const std::string normalized = normalize_text(raw);
  if (trim(normalized).empty()) {
    diagnostics.push_back(error_in(origin, "empty text; nothing to import"));
    return false;
  }
  SegmentOptions options;
  options.known_title = meta.title;
  options.known_author = meta.author;
  SegmentedText segmented = segment_plain(normalized, options);
  // White space that trim() does not know (em space, ogham space, a BOM inside the text) segments into
  // no passage at all: an article nobody could label.
  if (segmented.passages.empty()) {
    diagnostics.push_back(error_in(origin, "empty text; nothing to import"));
    return false;
  }
  (void)format;  // Markdown is kept verbatim: its offsets stay those of the file as written.
  out = Article{};
  out.meta = std::move(meta);
  out.text = std::move(segmented.text);
  out.passages = std::move(segmented.passages);
  if (content_hash) out.content_hash = sha256_hex(out.text);
  out.origin = origin;
  return true;
}

void ingest_file(const fs::path& path, const IngestOptions& options, const ArticleSink& sink,
                 std::vector<Diagnostic>& diagnostics, IngestStats& stats) {
  ++stats.files;
  const std::string origin = path.string();
  InputFormat format = options.format;
  if (format == InputFormat::auto_detect) {
    auto by_ext = format_from_extension(path);
    format = by_ext.value_or(InputFormat::text);
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    diagnostics.push_back(error_in(origin, "is a folder, not an article file; name one of its files"));
    ++stats.rejected;
    return;
  }
  if (format == InputFormat::jsonl) {
    ingest_jsonl(path, options, sink, diagnostics, stats);
    return;
  }
  std::string raw;
  std::string error;
  if (!read_whole_file(path, raw, error)) {
    diagnostics.push_back(error_in(origin, error));
    ++stats.rejected;
    return;
  }
  // A BOM followed by white space is as empty as white space alone.
  if (trim(std::string_view(raw).substr(raw.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0)).empty()) {
    diagnostics.push_back(error_in(origin, "empty file; nothing to import"));
    ++stats.rejected;
    return;
  }
  if (looks_binary(raw)) {
    diagnostics.push_back(error_in(origin, "binary file, not an article; credence reads UTF-8 text, HTML, XML and JSONL"));
    ++stats.rejected;
    return;
  }
  if (auto bad = find_invalid_utf8(raw)) {
    const auto [line, col] = line_col(raw, *bad);
    Diagnostic d = error_at(origin, line, col, "invalid UTF-8 at byte " + std::to_string(*bad) +
                                                   "; save the file as UTF-8");
    d.where.byte_offset = *bad;
    diagnostics.push_back(std::move(d));
    ++stats.rejected;
    return;
  }
  const ArticleMeta* listed = manifest_entry(path, options);
  const ArticleMeta from_manifest = listed ? *listed : ArticleMeta{};
  ArticleMeta from_file;
  from_file.external_id = path.stem().string();

  if (format == InputFormat::text || format == InputFormat::markdown) {
    Article article;
    if (!article_from_text(raw, format, merge_meta(from_manifest, from_file, options), origin, article, diagnostics,
                           options.content_hash)) {
      ++stats.rejected;
      return;
    }
    ++stats.articles;
    sink(std::move(article));
    return;
  }

  const std::string normalized = normalize_text(raw);
  ExtractResult extracted = format == InputFormat::html ? extract_html(normalized, origin) : extract_xml(normalized, origin);
  for (auto& d : extracted.diagnostics) diagnostics.push_back(std::move(d));
  if (extracted.documents.empty()) {
    ++stats.rejected;
    return;
  }
  const bool several = extracted.documents.size() > 1;
  for (std::size_t doc_idx = 0; doc_idx < extracted.documents.size(); ++doc_idx) {
    auto& doc = extracted.documents[doc_idx];
    ArticleMeta file_meta = doc.meta;
    if (file_meta.external_id.empty()) {
      file_meta.external_id = several ? path.stem().string() + "#" + std::to_string(doc_idx + 1) : path.stem().string();
    }
    ArticleMeta meta = merge_meta(several ? ArticleMeta{} : from_manifest, file_meta, options);
    if (several && listed) fill_missing(meta, from_manifest);
    SegmentOptions seg;
    seg.known_title = meta.title;
    seg.known_author = meta.author;
    SegmentedText segmented = segment_blocks(doc.blocks, seg);
    if (trim(segmented.text).empty() || segmented.passages.empty()) {
      diagnostics.push_back(error_in(origin, several ? "article " + std::to_string(doc_idx + 1) + " has no text"
                                                     : "no article text found in the markup"));
      ++stats.rejected;
      continue;
    }
    Article article;
    article.meta = std::move(meta);
    article.text = std::move(segmented.text);
    article.passages = std::move(segmented.passages);
    if (options.content_hash) article.content_hash = sha256_hex(article.text);
    article.origin = several ? origin + "#" + std::to_string(doc_idx + 1) : origin;
    ++stats.articles;
    sink(std::move(article));
  }
}

}  // namespace credence::annotate
