// SemEval-2020 Task 11 (PTC): reads article<ID>.txt with technique label files, writes the same layout.
#include "credence/annotate/format_ptc.hpp"

#include <fstream>
#include <map>

#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

namespace fs = std::filesystem;

std::optional<std::size_t> parse_offset(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::size_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::size_t>(c - '0');
  }
  return v;
}

std::string ptc_id_of(const std::string& external_id) {
  return external_id.rfind("article", 0) == 0 && external_id.size() > 7 ? external_id.substr(7) : external_id;
}

class PtcWriter : public LabelWriter {
 public:
  PtcWriter(const fs::path& out, const DiagnosticSink& diagnostics) : out_(out) {
    create_output_folder(out_);
  }
  void write(const Article& article, const std::vector<Annotation>& labels, const std::vector<std::string>& names) override {
    const std::string id = safe_file_name(ptc_id_of(article.meta.external_id));
    {
      auto txt = open_output(out_ / ("article" + id + ".txt"));
      txt << article.text;
      if (!txt) throw StoreError("write error; is the disk full?");
    }
    for (std::size_t label_idx = 0; label_idx < labels.size(); ++label_idx) {
      const auto& a = labels[label_idx];
      std::size_t start = 0, end = 0;
      if (a.unit == UnitKind::span && a.start && a.end) {
        start = *a.start;
        end = *a.end;
      } else if (a.unit == UnitKind::passage && a.passage_index && static_cast<std::size_t>(*a.passage_index) < article.passages.size()) {
        start = article.passages[static_cast<std::size_t>(*a.passage_index)].start;
        end = article.passages[static_cast<std::size_t>(*a.passage_index)].end;
      } else {
        end = code_point_count(article.text);  // PTC has only spans: an article label covers the text
      }
      auto it = files_.find(a.annotator);
      if (it == files_.end()) {
        it = files_.emplace(a.annotator, open_output(out_ / (safe_file_name(a.annotator) + ".labels"))).first;
      }
      it->second << id << '\t' << names[label_idx] << '\t' << start << '\t' << end << '\n';
      if (!it->second) throw StoreError("write error; is the disk full?");
    }
  }
  void finish() override {
    for (auto& [annotator, file] : files_) {
      file.flush();
      if (!file) throw StoreError("write error; is the disk full?");
    }
  }

 private:
  fs::path out_;
  std::map<std::string, std::ofstream> files_;
};

}  // namespace

void read_ptc(const std::vector<std::string>& paths, const ReadOptions& options, const DocumentSink& sink,
              const DiagnosticSink& diagnostics) {
  const auto files = collect_label_files(paths, {".txt", ".labels", ".tsv"}, diagnostics);
  std::map<std::string, std::vector<ForeignLabel>> labels_by_id;
  std::map<std::string, fs::path> article_files;
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    if (path.extension() == ".txt") {
      if (name.rfind("article", 0) == 0) article_files[path.stem().string().substr(7)] = path;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      diagnostics(error_in(path.string(), "cannot read file"));
      continue;
    }
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (trim(line).empty()) continue;
      auto bad = [&](std::size_t col, const std::string& message) { diagnostics(error_at(path.string(), line_no, col, message)); };
      if (find_invalid_utf8(line)) {
        bad(1, "invalid UTF-8; save the file as UTF-8");
        continue;
      }
      std::vector<std::string> fields;
      std::size_t pos = 0;
      while (true) {
        auto tab = line.find('\t', pos);
        fields.push_back(line.substr(pos, tab == std::string::npos ? std::string::npos : tab - pos));
        if (tab == std::string::npos) break;
        pos = tab + 1;
      }
      // Task 2 (TC) lines: ID technique start end; task 1 (SI) lines: ID start end.
      if (fields.size() != 4 && fields.size() != 3) {
        bad(1, "expected ID<TAB>TECHNIQUE<TAB>START<TAB>END (or ID<TAB>START<TAB>END), got " + std::to_string(fields.size()) + " fields");
        continue;
      }
      const bool technique = fields.size() == 4;
      auto start = parse_offset(fields[technique ? 2 : 1]);
      auto end = parse_offset(fields[technique ? 3 : 2]);
      if (!start || !end) {
        std::size_t col = fields[0].size() + 2 + (technique ? fields[1].size() + 1 : 0);
        bad(col, "offsets must be whole numbers, got '" + fields[technique ? 2 : 1] + "' and '" + fields[technique ? 3 : 2] + "'");
        continue;
      }
      if (fields[0].empty()) {
        bad(1, "empty article id");
        continue;
      }
      ForeignLabel label;
      label.name = technique ? fields[1] : "propaganda";
      label.has_span = true;
      label.start = *start;
      label.end = *end;
      label.where = Location{path.string(), line_no, 1, std::nullopt, ""};
      labels_by_id[fields[0]].push_back(std::move(label));
    }
    // A failing read() ends the lines as the end of the file would.
    if (in.bad()) diagnostics(error_at(path.string(), line_no + 1, 0, "read error; check the disk; the rest of the file was not read"));
  }
  auto make_doc = [&](const std::string& id) {
    ForeignDocument doc;
    doc.id = id;
    doc.other_ids = {"article" + id};
    doc.unit = OffsetUnit::code_point;
    doc.annotator = options.annotator;
    if (auto it = labels_by_id.find(id); it != labels_by_id.end()) {
      doc.labels = std::move(it->second);
      labels_by_id.erase(it);
    }
    return doc;
  };
  for (const auto& [id, path] : article_files) {
    ForeignDocument doc = make_doc(id);
    auto text = read_whole_file(path, diagnostics);
    if (!text) continue;
    doc.text = std::move(*text);
    doc.where = Location{path.string(), 0, 0, std::nullopt, ""};
    sink(std::move(doc));
  }
  while (!labels_by_id.empty()) {
    const std::string id = labels_by_id.begin()->first;
    ForeignDocument doc = make_doc(id);
    doc.where = doc.labels.front().where;
    sink(std::move(doc));
  }
}

std::unique_ptr<LabelWriter> make_ptc_writer(const std::filesystem::path& out, const DiagnosticSink& diagnostics) {
  return std::make_unique<PtcWriter>(out, diagnostics);
}

}  // namespace credence::annotate
