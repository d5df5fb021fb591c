// CSV long format: a streaming RFC 4180 reader (quoted fields may hold commas, quotes and line breaks)
// and the writers of the long format and of the agreement engine's input.
#include "credence/annotate/format_csv.hpp"

#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

// Reads one record; false at the end of input. `line` is advanced past every line break read.
// `bad_quote` is set when a quoted field is followed by something other than a separator.
bool read_record(std::istream& in, char delimiter, std::vector<std::string>& fields, std::size_t& line,
                 bool& bad_quote) {
  fields.clear();
  bad_quote = false;
  std::string field;
  bool in_quotes = false, any = false, was_quoted = false;
  int c;
  while ((c = in.get()) != EOF) {
    any = true;
    if (in_quotes) {
      if (c == '"') {
        if (in.peek() == '"') {
          in.get();
          field.push_back('"');
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(static_cast<char>(c));
      }
      continue;
    }
    if (c == '"' && field.empty() && !was_quoted) {
      in_quotes = was_quoted = true;
    } else if (c == delimiter) {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\r' && in.peek() == '\n') {
      continue;
    } else if (c == '\n') {
      ++line;
      fields.push_back(std::move(field));
      return true;
    } else {
      if (was_quoted) bad_quote = true;
      field.push_back(static_cast<char>(c));
    }
  }
  if (!any) return false;
  if (in_quotes) bad_quote = true;
  fields.push_back(std::move(field));
  return true;
}

std::optional<std::size_t> parse_size(std::string_view s) {
  s = trim(s);
  std::size_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  return out + "\"";
}

void read_one_csv(const std::filesystem::path& path, const ReadOptions& options, const DocumentSink& sink,
                  const DiagnosticSink& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics(error_in(path.string(), "cannot read file"));
    return;
  }
  const std::string file = path.string();
  std::size_t line = 1;
  std::vector<std::string> header;
  bool bad_quote = false;
  if (!read_record(in, ',', header, line, bad_quote)) {
    diagnostics(error_in(file, in.bad() ? "read error; check the disk"
                                        : "empty file; expected a header line (unit,annotator,dimension,category,start,end,text)"));
    return;
  }
  if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);
  std::map<std::string, std::size_t> column;
  for (std::size_t col_idx = 0; col_idx < header.size(); ++col_idx) column[std::string(trim(header[col_idx]))] = col_idx;
  const bool has_article = column.count("article") != 0, has_unit = column.count("unit") != 0;
  if ((!has_article && !has_unit) || column.count("dimension") == 0 ||
      (column.count("category") == 0 && column.count("value") == 0)) {
    diagnostics(error_at(file, 1, 1,
                         "the header must name the columns article (or unit), dimension and category (or value); it has: " +
                             std::string(header.empty() ? "" : header[0]) + (header.size() > 1 ? ",..." : "")));
    return;
  }
  ForeignDocument doc;
  bool open = false;
  auto flush = [&] {
    if (open) sink(std::move(doc));
    doc = ForeignDocument{};
    open = false;
  };
  std::vector<std::string> row;
  while (true) {
    const std::size_t row_line = line;
    if (!read_record(in, ',', row, line, bad_quote)) break;
    if (row.size() == 1 && trim(row[0]).empty()) continue;
    auto get = [&](const char* name) -> std::string {
      auto it = column.find(name);
      return it == column.end() || it->second >= row.size() ? std::string() : row[it->second];
    };
    auto bad = [&](std::size_t col, const std::string& message) {
      diagnostics(error_at(file, row_line, col, message));
    };
    auto col_of = [&](const char* name) {
      auto it = column.find(name);
      return it == column.end() ? std::size_t{0} : it->second + 1;
    };
    if (bad_quote) {
      bad(0, "badly quoted field (a quote must be doubled inside a quoted field, and a quoted field must end before the comma)");
      continue;
    }
    if (row.size() != header.size()) {
      bad(0, "row has " + std::to_string(row.size()) + " fields, the header has " + std::to_string(header.size()));
      continue;
    }
    bool utf8_ok = true;
    for (const auto& f : row) utf8_ok = utf8_ok && !find_invalid_utf8(f);
    if (!utf8_ok) {
      bad(0, "invalid UTF-8; save the file as UTF-8");
      continue;
    }
    std::string article = get("article");
    if (article.empty()) {
      article = get("unit");
      if (auto hash = article.rfind('#'); hash != std::string::npos) article.resize(hash);
    }
    if (article.empty()) {
      bad(col_of(has_article ? "article" : "unit"), "empty article id");
      continue;
    }
    ForeignLabel label;
    label.where = Location{file, row_line, 0, std::nullopt, ""};
    const std::string rubric = get("rubric"), dimension = get("dimension"), category = get("category");
    const std::string value = get("value");
    if (dimension.empty()) {
      bad(col_of("dimension"), "empty dimension");
      continue;
    }
    if (category.empty() && value.empty()) {
      bad(col_of("category"), "empty category (and no value)");
      continue;
    }
    label.name = (rubric.empty() ? "" : rubric + "/") + dimension + (category.empty() ? "=" + value : "." + category);
    label.annotator = get("annotator");
    if (label.annotator.empty()) label.annotator = get("coder");
    if (!options.annotator.empty()) label.annotator = options.annotator;
    const std::string start = get("start"), end = get("end");
    if (!start.empty() || !end.empty()) {
      auto s = parse_size(start), e = parse_size(end);
      if (!s || !e) {
        bad(col_of(!s ? "start" : "end"), "start and end must be whole numbers (code points), got '" + start + "' and '" + end + "'");
        continue;
      }
      label.has_span = true;
      label.start = *s;
      label.end = *e;
      if (column.count("text") && !get("text").empty()) label.text = get("text");
    }
    label.note = get("note");
    if (!open || doc.id != article) {
      flush();
      doc.id = article;
      doc.unit = OffsetUnit::code_point;
      doc.where = Location{file, row_line, 0, std::nullopt, ""};
      open = true;
    }
    doc.labels.push_back(std::move(label));
  }
  flush();
  // A failing read() ends the records as the end of the file would.
  if (in.bad()) diagnostics(error_at(file, line, 0, "read error; check the disk; the rest of the file was not read"));
}

class CsvWriter : public LabelWriter {
 public:
  CsvWriter(const std::filesystem::path& out, bool agreement, const DiagnosticSink& diagnostics)
      : out_(open_output(out)), agreement_(agreement), diagnostics_(diagnostics) {
    if (agreement_) out_ << "unit,coder,value\n";
    else out_ << "unit,annotator,dimension,category,start,end,text,article,passage,rubric,value,note\n";
  }
  void write(const Article& article, const std::vector<Annotation>& labels, const std::vector<std::string>& names) override {
    if (labels.empty()) return;
    const Utf8Index index(article.text);
    // The article's rows are built in one string and handed to the stream at once.
    std::string rows;
    auto field = [&rows](std::string_view text) {
      if (text.find_first_of(",\"\n\r") == std::string_view::npos) {
        rows += text;
        return;
      }
      rows += csv_field(text);
    };
    for (std::size_t label_idx = 0; label_idx < labels.size(); ++label_idx) {
      const auto& a = labels[label_idx];
      std::size_t start = 0, end = 0;
      bool span = false;
      if (a.unit == UnitKind::span && a.start && a.end) {
        start = *a.start;
        end = *a.end;
        span = true;
      } else if (a.unit == UnitKind::passage && a.passage_index &&
                 static_cast<std::size_t>(*a.passage_index) < article.passages.size()) {
        start = article.passages[static_cast<std::size_t>(*a.passage_index)].start;
        end = article.passages[static_cast<std::size_t>(*a.passage_index)].end;
        span = true;
      }
      std::string unit = article.meta.external_id;
      if (a.unit == UnitKind::passage && a.passage_index) unit += "#p" + std::to_string(*a.passage_index);
      if (a.unit == UnitKind::span && span) unit += "#" + std::to_string(start) + "-" + std::to_string(end);
      std::string value;
      if (a.value) {
        std::ostringstream formatted;  // as a stream writes a double: the import reads it back the same
        formatted << *a.value;
        value = formatted.str();
      }
      if (agreement_) {
        if (dimension_.empty()) dimension_ = a.rubric_id + "/" + a.dimension;
        if (dimension_ != a.rubric_id + "/" + a.dimension) {
          throw StoreError("the agreement format holds one dimension, but the labels selected are in " + dimension_ + " and " +
                           a.rubric_id + "/" + a.dimension + "; pass --rubric to choose one");
        }
        field(unit);
        rows += ',';
        field(a.annotator);
        rows += ',';
        field(a.category.empty() ? value : a.category);
        rows += '\n';
        continue;
      }
      // The long format keeps credence's own dimension and category columns; --map renames do not apply.
      field(unit);
      rows += ',';
      field(a.annotator);
      rows += ',';
      field(a.dimension);
      rows += ',';
      field(a.category);
      rows += ',';
      if (span) append_number(rows, start);
      rows += ',';
      if (span) append_number(rows, end);
      rows += ',';
      field(span ? index.slice(article.text, start, end) : std::string_view());
      rows += ',';
      field(article.meta.external_id);
      rows += ',';
      if (a.passage_index) rows += std::to_string(*a.passage_index);
      rows += ',';
      field(a.rubric_id);
      rows += ',';
      rows += value;
      rows += ',';
      field(a.note);
      rows += '\n';
    }
    out_.write(rows.data(), static_cast<std::streamsize>(rows.size()));
    if (!out_) throw StoreError("write error; is the disk full?");
  }
  void finish() override {
    out_.flush();
    if (!out_) throw StoreError("write error; is the disk full?");
  }

 private:
  std::ofstream out_;
  bool agreement_;
  DiagnosticSink diagnostics_;
  std::string dimension_;
};

}  // namespace

void read_csv_labels(const std::vector<std::string>& paths, const ReadOptions& options, const DocumentSink& sink,
                     const DiagnosticSink& diagnostics) {
  for (const auto& path : collect_label_files(paths, {".csv"}, diagnostics)) read_one_csv(path, options, sink, diagnostics);
}

std::unique_ptr<LabelWriter> make_csv_writer(const std::filesystem::path& out, bool agreement,
                                             const DiagnosticSink& diagnostics) {
  return std::make_unique<CsvWriter>(out, agreement, diagnostics);
}

}  // namespace credence::annotate
