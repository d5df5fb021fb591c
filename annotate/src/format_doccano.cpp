// doccano JSONL: reader (label triples, class names, entities/cats) and writer, one line per document.
#include "credence/annotate/format_doccano.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <map>

#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

namespace json = boost::json;

std::optional<std::string> as_text(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  return std::nullopt;
}

std::optional<std::size_t> as_offset(const json::value& v) {
  if (v.is_int64() && v.as_int64() >= 0) return static_cast<std::size_t>(v.as_int64());
  if (v.is_uint64()) return static_cast<std::size_t>(v.as_uint64());
  return std::nullopt;
}

void read_line(const std::string& file, std::size_t line_no, std::string_view line, std::size_t line_in_file,
               const ReadOptions& options, const DocumentSink& sink, const DiagnosticSink& diagnostics) {
  auto bad = [&](const std::string& pointer, const std::string& message) {
    Diagnostic d = error_at(file, line_no, 0, message);
    d.where.json_pointer = pointer;
    diagnostics(std::move(d));
  };
  if (auto invalid = find_invalid_utf8(line)) {
    bad("", "invalid UTF-8 at byte " + std::to_string(*invalid) + " of the line; save the file as UTF-8");
    return;
  }
  boost::system::error_code ec;
  json::value value = json::parse(line, ec);
  if (ec || !value.is_object()) {
    bad("", ec ? "invalid JSON: " + ec.message() : "expected a JSON object per line");
    return;
  }
  const auto& o = value.as_object();
  ForeignDocument doc;
  doc.where = Location{file, line_no, 0, std::nullopt, ""};
  doc.unit = OffsetUnit::code_point;
  const auto* text = o.if_contains("text");
  if (text == nullptr || !text->is_string()) {
    bad("/text", "missing \"text\" (doccano lines carry the document text)");
    return;
  }
  doc.text = std::string(text->as_string());
  auto id = as_text(o.if_contains("credence_id"));
  if (!id) id = as_text(o.if_contains("id"));
  if (!id) id = as_text(o.if_contains("article"));
  doc.id = id.value_or("");
  if (doc.id.empty()) doc.id = "doccano-" + std::to_string(line_in_file);
  doc.annotator = as_text(o.if_contains("annotator")).value_or("");
  if (doc.annotator.empty()) {
    if (auto user = as_text(o.if_contains("user"))) doc.annotator = "user_" + *user;
  }
  if (!options.annotator.empty()) doc.annotator = options.annotator;
  auto add_span = [&](std::size_t start, std::size_t end, std::string name, const std::string& pointer) {
    ForeignLabel label;
    label.name = std::move(name);
    label.has_span = true;
    label.start = start;
    label.end = end;
    label.where = doc.where;
    label.where.json_pointer = pointer;
    doc.labels.push_back(std::move(label));
  };
  auto add_class = [&](std::string name, const std::string& pointer) {
    ForeignLabel label;
    label.name = std::move(name);
    label.where = doc.where;
    label.where.json_pointer = pointer;
    doc.labels.push_back(std::move(label));
  };
  for (const char* key : {"label", "labels"}) {
    const auto* labels = o.if_contains(key);
    if (labels == nullptr || labels->is_null()) continue;
    const std::string base = std::string("/") + key;
    if (!labels->is_array()) {
      bad(base, std::string("\"") + key + "\" must be an array");
      continue;
    }
    std::size_t item_idx = 0;
    for (const auto& item : labels->as_array()) {
      const std::string pointer = base + "/" + std::to_string(item_idx++);
      if (item.is_string()) {
        add_class(std::string(item.as_string()), pointer);
      } else if (item.is_array() && item.as_array().size() == 3 && item.as_array()[2].is_string()) {
        const auto& t = item.as_array();
        auto s = as_offset(t[0]), e = as_offset(t[1]);
        if (!s || !e) {
          bad(pointer, "expected [start, end, label] with whole, non-negative offsets");
          continue;
        }
        add_span(*s, *e, std::string(t[2].as_string()), pointer);
      } else {
        bad(pointer, "expected a class name or [start, end, label]");
      }
    }
  }
  if (const auto* entities = o.if_contains("entities"); entities != nullptr && entities->is_array()) {
    std::size_t item_idx = 0;
    for (const auto& item : entities->as_array()) {
      const std::string pointer = "/entities/" + std::to_string(item_idx++);
      const auto* e = item.if_object();
      std::optional<std::size_t> s, en;
      if (e != nullptr && e->if_contains("start_offset")) s = as_offset(e->at("start_offset"));
      if (e != nullptr && e->if_contains("end_offset")) en = as_offset(e->at("end_offset"));
      auto name = e != nullptr ? as_text(e->if_contains("label")) : std::nullopt;
      if (!s || !en || !name) {
        bad(pointer, "expected {\"start_offset\", \"end_offset\", \"label\"}");
        continue;
      }
      add_span(*s, *en, *name, pointer);
    }
  }
  if (const auto* cats = o.if_contains("cats"); cats != nullptr && cats->is_array()) {
    std::size_t item_idx = 0;
    for (const auto& item : cats->as_array()) {
      const std::string pointer = "/cats/" + std::to_string(item_idx++);
      auto name = item.is_object() ? as_text(item.as_object().if_contains("label")) : as_text(&item);
      if (!name) {
        bad(pointer, "expected a class name");
        continue;
      }
      add_class(*name, pointer);
    }
  }
  sink(std::move(doc));
}

class DoccanoWriter : public LabelWriter {
 public:
  DoccanoWriter(const std::filesystem::path& out, const DiagnosticSink& diagnostics) : out_(open_output(out)) {}
  void write(const Article& article, const std::vector<Annotation>& labels, const std::vector<std::string>& names) override {
    auto by_annotator = labels_by_annotator(labels);
    if (by_annotator.empty()) by_annotator[""];
    for (const auto& [annotator, indices] : by_annotator) {
      std::string spans, cats;
      for (auto label_idx : indices) {
        const auto& a = labels[label_idx];
        std::optional<std::pair<std::size_t, std::size_t>> range;
        if (a.unit == UnitKind::span && a.start && a.end) range = std::make_pair(*a.start, *a.end);
        if (a.unit == UnitKind::passage && a.passage_index && static_cast<std::size_t>(*a.passage_index) < article.passages.size()) {
          const auto& p = article.passages[static_cast<std::size_t>(*a.passage_index)];
          range = std::make_pair(p.start, p.end);
        }
        if (range) {
          spans += (spans.empty() ? "" : ", ") + std::string("[") + std::to_string(range->first) + ", " +
                   std::to_string(range->second) + ", " + json_string(names[label_idx]) + "]";
        } else {
          cats += (cats.empty() ? "" : ", ") + json_string(names[label_idx]);
        }
      }
      out_ << "{\"credence_id\": " << json_string(article.meta.external_id) << ", \"text\": " << json_string(article.text);
      if (!annotator.empty()) out_ << ", \"annotator\": " << json_string(annotator);
      out_ << ", \"label\": [" << spans << "]";
      if (!cats.empty()) out_ << ", \"cats\": [" << cats << "]";
      out_ << ", \"offsets\": \"code points\"}\n";
    }
    if (!out_) throw StoreError("write error; is the disk full?");
  }
  void finish() override {
    out_.flush();
    if (!out_) throw StoreError("write error; is the disk full?");
  }

 private:
  std::ofstream out_;
};

}  // namespace

void read_doccano(const std::vector<std::string>& paths, const ReadOptions& options, const DocumentSink& sink,
                  const DiagnosticSink& diagnostics) {
  for (const auto& path : collect_label_files(paths, {".jsonl", ".json"}, diagnostics)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      diagnostics(error_in(path.string(), "cannot read file"));
      continue;
    }
    std::string line;
    std::size_t line_no = 0, documents = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
      if (trim(line).empty()) continue;
      read_line(path.string(), line_no, line, ++documents, options, sink, diagnostics);
    }
    // A failing read() ends the lines as the end of the file would.
    if (in.bad()) diagnostics(error_at(path.string(), line_no + 1, 0, "read error; check the disk; the rest of the file was not read"));
  }
}

std::unique_ptr<LabelWriter> make_doccano_writer(const std::filesystem::path& out, const DiagnosticSink& diagnostics) {
  return std::make_unique<DoccanoWriter>(out, diagnostics);
}

}  // namespace credence::annotate
