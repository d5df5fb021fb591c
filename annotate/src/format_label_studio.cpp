// Label Studio JSON: reader of exported tasks (labels and choices results, several annotators per task)
// and a streaming writer of tasks that Label Studio imports back (offsets in UTF-16 units).
#include "credence/annotate/format_label_studio.hpp"

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

std::optional<std::size_t> as_offset(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64() && v->as_int64() >= 0) return static_cast<std::size_t>(v->as_int64());
  if (v->is_uint64()) return static_cast<std::size_t>(v->as_uint64());
  if (v->is_double() && v->as_double() >= 0 && v->as_double() == static_cast<double>(static_cast<std::size_t>(v->as_double()))) {
    return static_cast<std::size_t>(v->as_double());
  }
  return std::nullopt;
}

std::string annotator_of(const json::object& annotation) {
  if (auto name = as_text(annotation.if_contains("created_username")); name && !name->empty()) {
    // Label Studio writes "email, id" here; the part before the comma names the person.
    if (auto comma = name->find(','); comma != std::string::npos) name->resize(comma);
    return std::string(trim(*name));
  }
  const json::value* by = annotation.if_contains("completed_by");
  if (by != nullptr && by->is_object()) {
    if (auto email = as_text(by->as_object().if_contains("email"))) return *email;
    if (auto id = as_text(by->as_object().if_contains("id"))) return "user_" + *id;
  }
  if (auto id = as_text(by)) return "user_" + *id;
  return "";
}

void read_task(const std::string& file, const json::value& task_value, const std::string& base, std::size_t line_no,
               const ReadOptions& options, const DocumentSink& sink, const DiagnosticSink& diagnostics) {
  auto bad = [&](const std::string& pointer, const std::string& message) {
    Diagnostic d = line_no > 0 ? error_at(file, line_no, 0, message) : error_at_pointer(file, base + pointer, message);
    if (line_no > 0) d.where.json_pointer = pointer;
    diagnostics(std::move(d));
  };
  auto where = [&](const std::string& pointer) {
    Location loc{file, line_no, 0, std::nullopt, line_no > 0 ? pointer : base + pointer};
    return loc;
  };
  if (!task_value.is_object()) {
    bad("", "expected a task object");
    return;
  }
  const auto& task = task_value.as_object();
  const auto* data = task.if_contains("data");
  const json::object* data_obj = data != nullptr ? data->if_object() : nullptr;
  const json::value* text = data_obj != nullptr ? data_obj->if_contains("text") : nullptr;
  if (text == nullptr || !text->is_string()) {
    bad("/data/text", "task without text: Label Studio tasks need data.text (a text task; URLs to files are not fetched)");
    return;
  }
  ForeignDocument doc;
  doc.unit = OffsetUnit::utf16;
  doc.text = std::string(text->as_string());
  doc.where = where("");
  auto id = as_text(data_obj->if_contains("credence_id"));
  if (!id) id = as_text(data_obj->if_contains("id"));
  if (!id) {
    if (auto task_id = as_text(task.if_contains("id"))) id = "ls-task-" + *task_id;
  }
  doc.id = id.value_or("");
  if (auto title = as_text(data_obj->if_contains("title"))) doc.meta.title = *title;
  if (auto source = as_text(data_obj->if_contains("source"))) doc.meta.source = *source;
  const json::value* annotations = task.if_contains("annotations");
  if (annotations == nullptr) annotations = task.if_contains("completions");  // Label Studio before 1.0
  if (annotations != nullptr && !annotations->is_array()) {
    bad("/annotations", "\"annotations\" must be an array");
    return;
  }
  if (annotations != nullptr) {
    std::size_t ann_idx = 0;
    for (const auto& annotation_value : annotations->as_array()) {
      const std::string ann_ptr = "/annotations/" + std::to_string(ann_idx++);
      const auto* annotation = annotation_value.if_object();
      if (annotation == nullptr) {
        bad(ann_ptr, "expected an annotation object");
        continue;
      }
      if (const auto* cancelled = annotation->if_contains("was_cancelled"); cancelled != nullptr && cancelled->is_bool() && cancelled->as_bool()) {
        continue;  // a skipped task carries no labels
      }
      std::string annotator = options.annotator.empty() ? annotator_of(*annotation) : options.annotator;
      const auto* result = annotation->if_contains("result");
      if (result == nullptr || !result->is_array()) {
        bad(ann_ptr + "/result", "annotation without a \"result\" array");
        continue;
      }
      std::size_t res_idx = 0;
      for (const auto& item_value : result->as_array()) {
        const std::string res_ptr = ann_ptr + "/result/" + std::to_string(res_idx++);
        const auto* item = item_value.if_object();
        if (item == nullptr) {
          bad(res_ptr, "expected a result object");
          continue;
        }
        const std::string type = as_text(item->if_contains("type")).value_or("");
        const auto* value_v = item->if_contains("value");
        const json::object* value = value_v != nullptr ? value_v->if_object() : nullptr;
        if (value == nullptr) {
          bad(res_ptr + "/value", "result without a \"value\" object");
          continue;
        }
        const std::string from_name = as_text(item->if_contains("from_name")).value_or("");
        std::string note;
        if (const auto* meta = item->if_contains("meta"); meta != nullptr && meta->is_object()) {
          if (const auto* t = meta->as_object().if_contains("text"); t != nullptr && t->is_array() && !t->as_array().empty()) {
            note = as_text(&t->as_array()[0]).value_or("");
          }
        }
        const char* list_key = type == "labels" ? "labels" : type == "choices" ? "choices" : nullptr;
        if (list_key == nullptr) {
          if (type == "relation" || type == "textarea" || type == "rating") continue;  // not labels of a rubric
          bad(res_ptr + "/type", "result type \"" + type + "\" is not supported (labels and choices are)");
          continue;
        }
        const auto* names = value->if_contains(list_key);
        if (names == nullptr || !names->is_array()) {
          bad(res_ptr + "/value/" + list_key, std::string("missing \"") + list_key + "\" list");
          continue;
        }
        ForeignLabel base_label;
        base_label.context = from_name;
        base_label.annotator = annotator;
        base_label.note = note;
        base_label.where = where(res_ptr);
        if (type == "labels") {
          auto s = as_offset(value->if_contains("start")), e = as_offset(value->if_contains("end"));
          if (!s || !e) {
            bad(res_ptr + "/value/" + (!s ? "start" : "end"),
                "a labels result needs whole, non-negative \"start\" and \"end\" (UTF-16 offsets); rich-text (HTML) regions are not supported");
            continue;
          }
          base_label.has_span = true;
          base_label.start = *s;
          base_label.end = *e;
          if (auto t = as_text(value->if_contains("text"))) base_label.text = *t;
        }
        std::size_t name_idx = 0;
        for (const auto& name : names->as_array()) {
          const std::string name_ptr = res_ptr + "/value/" + list_key + "/" + std::to_string(name_idx++);
          if (!name.is_string()) {
            bad(name_ptr, "label names must be strings");
            continue;
          }
          ForeignLabel label = base_label;
          label.name = std::string(name.as_string());
          doc.labels.push_back(std::move(label));
        }
      }
    }
  }
  sink(std::move(doc));
}

class LabelStudioWriter : public LabelWriter {
 public:
  LabelStudioWriter(const std::filesystem::path& out, const DiagnosticSink& diagnostics) : out_(open_output(out)) {
    out_ << "[";
  }
  void write(const Article& article, const std::vector<Annotation>& labels, const std::vector<std::string>& names) override {
    const UnitConverter utf16(article.text, OffsetUnit::utf16);
    const Utf8Index index(article.text);
    const auto by_annotator = labels_by_annotator(labels);
    ++task_id_;
    out_ << (task_id_ == 1 ? "\n" : ",\n") << "{\"id\": " << task_id_ << ", \"data\": {\"text\": " << json_string(article.text)
         << ", \"credence_id\": " << json_string(article.meta.external_id);
    if (!article.meta.title.empty()) out_ << ", \"title\": " << json_string(article.meta.title);
    if (!article.meta.source.empty()) out_ << ", \"source\": " << json_string(article.meta.source);
    out_ << "}, \"meta\": {\"offsets\": \"UTF-16 code units\"}, \"annotations\": [";
    bool first_annotation = true;
    for (const auto& [annotator, indices] : by_annotator) {
      auto& user_id = user_ids_[annotator];
      if (user_id == 0) user_id = static_cast<int>(user_ids_.size());
      out_ << (first_annotation ? "" : ", ") << "{\"id\": " << ++annotation_id_ << ", \"completed_by\": " << user_id
           << ", \"created_username\": " << json_string(annotator) << ", \"result\": [";
      first_annotation = false;
      bool first_result = true;
      for (auto label_idx : indices) {
        const auto& a = labels[label_idx];
        const std::string& name = names[label_idx];
        // Credence's own names go in as from_name = dimension, label = category; renamed ones whole.
        const bool own_name = name == label_name(a) && !a.category.empty();
        const std::string from_name = own_name ? a.dimension : "label";
        const std::string value_name = own_name ? a.category : name;
        std::optional<std::pair<std::size_t, std::size_t>> range;
        if (a.unit == UnitKind::span && a.start && a.end) range = std::make_pair(*a.start, *a.end);
        if (a.unit == UnitKind::passage && a.passage_index && static_cast<std::size_t>(*a.passage_index) < article.passages.size()) {
          const auto& p = article.passages[static_cast<std::size_t>(*a.passage_index)];
          range = std::make_pair(p.start, p.end);
        }
        out_ << (first_result ? "" : ", ") << "{\"id\": \"c" << a.id << "\", \"from_name\": " << json_string(from_name)
             << ", \"to_name\": \"text\", \"origin\": \"manual\", ";
        first_result = false;
        if (range) {
          out_ << "\"type\": \"labels\", \"value\": {\"start\": " << utf16.to_unit(range->first)
               << ", \"end\": " << utf16.to_unit(range->second)
               << ", \"text\": " << json_string(index.slice(article.text, range->first, range->second))
               << ", \"labels\": [" << json_string(value_name) << "]}";
        } else {
          out_ << "\"type\": \"choices\", \"value\": {\"choices\": [" << json_string(value_name) << "]}";
        }
        if (!a.note.empty()) out_ << ", \"meta\": {\"text\": [" << json_string(a.note) << "]}";
        out_ << "}";
      }
      out_ << "]}";
    }
    out_ << "]}";
    if (!out_) throw StoreError("write error; is the disk full?");
  }
  void finish() override {
    out_ << "\n]\n";
    out_.flush();
    if (!out_) throw StoreError("write error; is the disk full?");
  }

 private:
  std::ofstream out_;
  std::size_t task_id_ = 0;
  std::size_t annotation_id_ = 0;
  std::map<std::string, int> user_ids_;
};

}  // namespace

void read_label_studio(const std::vector<std::string>& paths, const ReadOptions& options, const DocumentSink& sink,
                       const DiagnosticSink& diagnostics) {
  for (const auto& path : collect_label_files(paths, {".json", ".jsonl"}, diagnostics)) {
    auto content = read_whole_file(path, diagnostics);
    if (!content) continue;
    const std::string file = path.string();
    std::string_view text = *content;
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.remove_prefix(3);
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '{' && path.extension() == ".jsonl") {
      // JSON Lines of tasks: a bad line does not spoil the others.
      std::size_t line_no = 0, pos = 0;
      while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line_no;
        if (trim(line).empty()) continue;
        if (auto bad = find_invalid_utf8(line)) {
          diagnostics(error_at(file, line_no, *bad + 1, "invalid UTF-8; save the file as UTF-8"));
          continue;
        }
        boost::system::error_code ec;
        auto value = json::parse(line, ec);
        if (ec) {
          diagnostics(error_at(file, line_no, 0, "invalid JSON: " + ec.message()));
          continue;
        }
        read_task(file, value, "", line_no, options, sink, diagnostics);
      }
      continue;
    }
    if (auto bad = find_invalid_utf8(text)) {
      diagnostics(error_at_byte(file, *bad, "invalid UTF-8 (mixed encodings?); save the file as UTF-8"));
      continue;
    }
    boost::system::error_code ec;
    json::parser parser;
    const std::size_t consumed = parser.write(text.data(), text.size(), ec);
    if (ec) {
      // Locate the error as line:col for the reader.
      std::size_t line = 1, col = 1;
      for (std::size_t i = 0; i < consumed && i < text.size(); ++i) {
        if (text[i] == '\n') {
          ++line;
          col = 1;
        } else {
          ++col;
        }
      }
      diagnostics(error_at(file, line, col, "invalid JSON: " + ec.message()));
      continue;
    }
    json::value root = parser.release();
    if (root.is_object()) {
      read_task(file, root, "", 0, options, sink, diagnostics);
      continue;
    }
    if (!root.is_array()) {
      diagnostics(error_at_pointer(file, "", "expected an array of Label Studio tasks"));
      continue;
    }
    std::size_t task_idx = 0;
    for (const auto& task : root.as_array()) {
      read_task(file, task, "/" + std::to_string(task_idx++), 0, options, sink, diagnostics);
    }
  }
}

std::unique_ptr<LabelWriter> make_label_studio_writer(const std::filesystem::path& out, const DiagnosticSink& diagnostics) {
  return std::make_unique<LabelStudioWriter>(out, diagnostics);
}

}  // namespace credence::annotate
