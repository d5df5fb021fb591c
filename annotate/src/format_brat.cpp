// brat standoff: reads .ann files beside their .txt (T, A/M, # lines; R/E/N/* are reported once and
// skipped) and writes one folder per annotator with annotation.conf.
#include "credence/annotate/format_brat.hpp"

#include <fstream>
#include <map>
#include <set>

#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

namespace fs = std::filesystem;

bool valid_id(std::string_view id, char kind) {
  if (id.size() < 2 || id[0] != kind) return false;
  for (char c : id.substr(1)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool valid_type(std::string_view type) {
  if (type.empty()) return false;
  for (char c : type) {
    if (c == ' ' || c == '\t' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    auto next = s.find(sep, pos);
    out.push_back(s.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return out;
}

void read_ann(const fs::path& ann_path, const ReadOptions& options, const DocumentSink& sink,
              const DiagnosticSink& diagnostics) {
  const std::string file = ann_path.string();
  fs::path txt_path = ann_path;
  txt_path.replace_extension(".txt");
  auto ann = read_whole_file(ann_path, diagnostics);
  if (!ann) return;
  std::error_code ec;
  if (!fs::exists(txt_path, ec)) {
    diagnostics(error_in(file, "no " + txt_path.filename().string() + " beside it; brat offsets refer to that text file"));
    return;
  }
  auto txt = read_whole_file(txt_path, diagnostics);
  if (!txt) return;
  ForeignDocument doc;
  doc.id = ann_path.stem().string();
  doc.text = std::move(*txt);
  doc.unit = OffsetUnit::code_point;
  doc.where = Location{file, 0, 0, std::nullopt, ""};
  doc.annotator = !options.annotator.empty() ? options.annotator
                  : ann_path.has_parent_path() ? ann_path.parent_path().filename().string() : "";
  if (auto bad = find_invalid_utf8(*ann)) {
    diagnostics(error_at_byte(file, *bad, "invalid UTF-8 (mixed encodings?); save the .ann file as UTF-8"));
    return;
  }
  std::map<std::string, std::size_t> label_of_id;           // T id -> index in doc.labels
  std::map<std::string, std::vector<std::string>> attrs;    // T id -> "Attr" or "Attr=Value"
  std::map<std::string, std::string> notes;
  std::map<std::string, std::size_t> ref_line;
  std::set<std::string> skipped_kinds;
  std::size_t line_no = 0, pos = 0;
  const std::string_view content = *ann;
  while (pos < content.size()) {
    auto nl = content.find('\n', pos);
    std::string_view line = content.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    auto bad = [&](std::size_t col, const std::string& message) { diagnostics(error_at(file, line_no, col, message)); };
    const auto fields = split(line, '\t');
    const std::string id(fields[0]);
    const char kind = id.empty() ? '?' : id[0];
    if (kind == 'R' || kind == 'E' || kind == 'N' || kind == '*') {
      if (skipped_kinds.insert(std::string(1, kind)).second) {
        Diagnostic d = error_at(file, line_no, 1, std::string(kind == 'R' ? "relations" : kind == 'E' ? "events" : kind == 'N' ? "normalizations" : "equivalences") +
                                                     " are not labels of a rubric and are skipped (first one here)");
        d.severity = Severity::warning;
        diagnostics(std::move(d));
      }
      continue;
    }
    if (kind == 'T') {
      if (!valid_id(id, 'T')) {
        bad(1, "bad annotation id '" + id + "'; text-bound ids are T followed by digits");
        continue;
      }
      if (fields.size() < 2) {
        bad(1, "expected T<n><TAB>TYPE START END<TAB>TEXT");
        continue;
      }
      const auto parts = split(fields[1], ' ');
      const std::string type(parts[0]);
      if (!valid_type(type)) {
        bad(id.size() + 2, "bad or missing annotation type in '" + std::string(fields[1]) + "'");
        continue;
      }
      if (fields[1].find(';') != std::string_view::npos) {
        bad(id.size() + 2, "discontinuous span (START END;START END) in " + id + "; credence spans are contiguous, split it into two annotations");
        continue;
      }
      std::size_t start = 0, end = 0;
      bool ok = parts.size() == 3;
      try {
        if (ok) {
          std::size_t used = 0;
          start = std::stoul(std::string(parts[1]), &used);
          ok = used == parts[1].size();
          end = std::stoul(std::string(parts[2]), &used);
          ok = ok && used == parts[2].size();
        }
      } catch (const std::exception&) {
        ok = false;
      }
      if (!ok) {
        bad(id.size() + 2 + type.size() + 1, "expected TYPE START END with whole-number offsets, got '" + std::string(fields[1]) + "'");
        continue;
      }
      if (label_of_id.count(id) != 0) {
        bad(1, "annotation id " + id + " is used twice");
        continue;
      }
      ForeignLabel label;
      label.name = type;
      label.has_span = true;
      label.start = start;
      label.end = end;
      if (fields.size() >= 3) label.text = std::string(fields[2]);
      label.text_flattened = true;
      label.where = Location{file, line_no, 1, std::nullopt, ""};
      label_of_id[id] = doc.labels.size();
      doc.labels.push_back(std::move(label));
      continue;
    }
    if (kind == 'A' || kind == 'M') {
      if (!valid_id(id, kind) || fields.size() < 2) {
        bad(1, "bad attribute line; expected A<n><TAB>NAME T<n> [VALUE]");
        continue;
      }
      const auto parts = split(fields[1], ' ');
      if (parts.size() < 2 || parts.size() > 3 || !valid_type(parts[0])) {
        bad(id.size() + 2, "expected NAME T<n> [VALUE], got '" + std::string(fields[1]) + "'");
        continue;
      }
      const std::string target(parts[1]);
      attrs[target].push_back(std::string(parts[0]) + (parts.size() == 3 ? "=" + std::string(parts[2]) : ""));
      ref_line[target + "/A" + std::to_string(attrs[target].size())] = line_no;
      continue;
    }
    if (kind == '#') {
      if (fields.size() < 3) {
        bad(1, "expected #<n><TAB>AnnotatorNotes T<n><TAB>NOTE");
        continue;
      }
      const auto parts = split(fields[1], ' ');
      if (parts.size() != 2) {
        bad(id.size() + 2, "expected AnnotatorNotes T<n>");
        continue;
      }
      notes[std::string(parts[1])] = std::string(fields[2]);
      continue;
    }
    bad(1, "unknown annotation id '" + id + "'; brat lines start with T, A, M, R, E, N, # or *");
  }
  for (const auto& [target, list] : attrs) {
    auto it = label_of_id.find(target);
    if (it == label_of_id.end()) {
      diagnostics(error_at(file, ref_line[target + "/A1"], 1, "attribute of " + target + ", which is not a text-bound annotation in this file"));
      continue;
    }
    auto& label = doc.labels[it->second];
    std::set<std::string> sorted(list.begin(), list.end());
    std::string joined;
    for (const auto& a : sorted) joined += (joined.empty() ? "" : ",") + a;
    label.name += "[" + joined + "]";
  }
  for (const auto& [target, note] : notes) {
    if (auto it = label_of_id.find(target); it != label_of_id.end()) doc.labels[it->second].note = note;
  }
  sink(std::move(doc));
}

class BratWriter : public LabelWriter {
 public:
  BratWriter(const fs::path& out, const DiagnosticSink& diagnostics) : out_(out), diagnostics_(diagnostics) {
    create_output_folder(out_);
  }
  void write(const Article& article, const std::vector<Annotation>& labels, const std::vector<std::string>& names) override {
    const auto by_annotator = labels_by_annotator(labels);
    const Utf8Index index(article.text);
    const std::string stem = safe_file_name(article.meta.external_id);
    for (const auto& [annotator, indices] : by_annotator) {
      // One folder per annotator, made once; each file is built whole and written with one call.
      const fs::path folder = out_ / safe_file_name(annotator);
      if (folders_made_.insert(annotator).second) create_output_folder(folder);
      write_whole_file(folder / (stem + ".txt"), article.text);
      std::string ann;
      std::size_t t_id = 0, note_id = 0;
      for (auto label_idx : indices) {
        const auto& a = labels[label_idx];
        std::size_t start = 0, end = 0;
        if (a.unit == UnitKind::span && a.start && a.end) {
          start = *a.start;
          end = *a.end;
        } else if (a.unit == UnitKind::passage && a.passage_index && static_cast<std::size_t>(*a.passage_index) < article.passages.size()) {
          start = article.passages[static_cast<std::size_t>(*a.passage_index)].start;
          end = article.passages[static_cast<std::size_t>(*a.passage_index)].end;
        } else {
          // brat has no document-level annotations: an article label covers the whole text.
          start = 0;
          end = index.size_code_points();
        }
        std::string name = names[label_idx];
        for (auto& c : name) {
          if (c == ' ' || c == '\t') c = '_';
        }
        std::string covered(index.slice(article.text, start, end));
        // The .ann TEXT field is one line: brat writes line breaks inside a span as spaces.
        for (auto& c : covered) {
          if (c == '\n' || c == '\t') c = ' ';
        }
        ann += 'T';
        append_number(ann, ++t_id);
        ann += '\t';
        ann += name;
        ann += ' ';
        append_number(ann, start);
        ann += ' ';
        append_number(ann, end);
        ann += '\t';
        ann += covered;
        ann += '\n';
        types_.insert(std::move(name));
        if (!a.note.empty()) {
          std::string note = a.note;
          for (auto& c : note) {
            if (c == '\n' || c == '\t') c = ' ';
          }
          ann += '#';
          append_number(ann, ++note_id);
          ann += "\tAnnotatorNotes T";
          append_number(ann, t_id);
          ann += '\t';
          ann += note;
          ann += '\n';
        }
      }
      write_whole_file(folder / (stem + ".ann"), ann);
    }
  }
  void finish() override {
    auto conf = open_output(out_ / "annotation.conf");
    conf << "# Written by credence export: one entity type per label name (dimension.category).\n[entities]\n";
    for (const auto& t : types_) conf << t << '\n';
    conf << "[relations]\n<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n[events]\n[attributes]\n";
    if (!conf) throw StoreError("write error; is the disk full?");
  }

 private:
  fs::path out_;
  DiagnosticSink diagnostics_;
  std::set<std::string> types_;
  std::set<std::string> folders_made_;  // annotators whose folder exists
};

}  // namespace

void read_brat(const std::vector<std::string>& paths, const ReadOptions& options, const DocumentSink& sink,
               const DiagnosticSink& diagnostics) {
  for (const auto& path : collect_label_files(paths, {".ann"}, diagnostics)) read_ann(path, options, sink, diagnostics);
}

std::unique_ptr<LabelWriter> make_brat_writer(const std::filesystem::path& out, const DiagnosticSink& diagnostics) {
  return std::make_unique<BratWriter>(out, diagnostics);
}

}  // namespace credence::annotate
