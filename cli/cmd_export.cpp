// `credence export STUDY --format F --out PATH`: writes the study's current labels for another tool
// (brat, WebAnno TSV3, UIMA XMI, Label Studio, doccano, PTC, CSV, the agreement input, credence JSONL).
#include <filesystem>
#include <fstream>

#include "commands.hpp"
#include "credence/annotate/format_export.hpp"
#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace ann = credence::annotate;

namespace {

// credence's own JSONL, the format `credence import-labels` reads by default.
class JsonlWriter : public ann::LabelWriter {
 public:
  explicit JsonlWriter(const std::filesystem::path& out) : out_(ann::open_output(out)) {}
  void write(const ann::Article& article, const std::vector<ann::Annotation>& labels,
             const std::vector<std::string>& names) override {
    const ann::Utf8Index index(article.text);
    for (const auto& a : labels) {
      out_ << "{\"article\": " << json_quote(article.meta.external_id) << ", \"annotator\": " << json_quote(a.annotator)
           << ", \"rubric\": " << json_quote(a.rubric_id) << ", \"rubric_version\": " << json_quote(a.rubric_version)
           << ", \"dimension\": " << json_quote(a.dimension) << ", \"unit\": \"" << ann::to_string(a.unit) << "\"";
      if (a.unit == ann::UnitKind::passage && a.passage_index) out_ << ", \"passage\": " << *a.passage_index;
      if (a.unit == ann::UnitKind::span && a.start && a.end) {
        out_ << ", \"start\": " << *a.start << ", \"end\": " << *a.end
             << ", \"text\": " << json_quote(std::string(index.slice(article.text, *a.start, *a.end)));
      }
      if (!a.category.empty()) out_ << ", \"category\": " << json_quote(a.category);
      if (a.value) out_ << ", \"value\": " << *a.value;
      if (!a.note.empty()) out_ << ", \"note\": " << json_quote(a.note);
      if (a.confidence) out_ << ", \"confidence\": " << *a.confidence;
      if (!a.evidence.empty()) out_ << ", \"evidence\": " << a.evidence;
      out_ << ", \"created_at\": " << json_quote(a.created_at) << "}\n";
    }
    if (!out_) throw ann::StoreError("write error; is the disk full?");
  }
  void finish() override {
    out_.flush();
    if (!out_) throw ann::StoreError("write error; is the disk full?");
  }

 private:
  std::ofstream out_;
};

int run_export(const Args& args, Context& context) {
  const std::string format_name = args.get_or("--format", "");
  const auto format = ann::parse_label_format(format_name);
  if (!format) {
    throw UsageError{"unknown --format '" + format_name +
                     "'; use jsonl, brat, webanno-tsv, xmi, label-studio, doccano, ptc, csv or agreement"};
  }
  const auto out = args.get("--out");
  if (!out) throw UsageError{"--out PATH is required (a file for jsonl/csv/agreement/label-studio/doccano, a folder otherwise)"};
  ann::ExportOptions options;
  options.adjudicated = args.has("--adjudicated");
  if (auto list = args.get("--annotators")) options.annotators = split_list(*list);
  if (options.adjudicated && !options.annotators.empty()) {
    throw UsageError{"--adjudicated and --annotators exclude each other"};
  }
  options.rubric = args.get_or("--rubric", "");
  options.dimension = args.get_or("--dimension", "");
  if (*format == ann::LabelFormat::agreement && options.dimension.empty()) {
    throw UsageError{"--format agreement needs --dimension D: the agreement input holds one dimension"};
  }
  std::map<std::string, std::string> rename;
  if (auto map_path = args.get("--map")) {
    std::vector<ann::Diagnostic> problems;
    const auto map = ann::load_label_map(*map_path, problems);
    if (!problems.empty()) {
      print_diagnostics(problems, context);
      return k_exit_usage;
    }
    rename = ann::reverse_label_map(map);
  }
  auto study = open_study(args.positional.at(0), context, "export");
  if (!study) return k_exit_io;
  std::size_t warnings = 0;
  const ann::DiagnosticSink report = [&](ann::Diagnostic&& d) {
    ++warnings;
    context.err << d.render() << "\n";
  };
  // A one-file export is written beside its target and renamed over it only when complete: a failed run
  // leaves no half-written file, and an earlier export at that path stays as it was.
  // (Only for a regular file or a new path: /dev/stdout and other special files are written directly.)
  std::error_code status_ec;
  const auto out_status = std::filesystem::status(*out, status_ec);
  const bool one_file = *format != ann::LabelFormat::brat && *format != ann::LabelFormat::webanno_tsv &&
                        *format != ann::LabelFormat::xmi && *format != ann::LabelFormat::ptc &&
                        (out_status.type() == std::filesystem::file_type::not_found ||
                         out_status.type() == std::filesystem::file_type::regular);
  const std::string target = one_file ? *out + ".partial" : *out;
  auto discard_partial = [&] {
    std::error_code ignored;
    if (one_file) std::filesystem::remove(target, ignored);
  };
  try {
    ann::ExportStats stats;
    if (*format == ann::LabelFormat::jsonl) {
      JsonlWriter writer(target);
      ann::AnnotationFilter filter;
      filter.rubric_id = options.rubric;
      filter.dimension = options.dimension;
      filter.annotators = options.adjudicated ? std::vector<std::string>{"adjudicated"} : options.annotators;
      // The total is only shown on a terminal: do not count the articles otherwise.
      Progress progress(context, "export", context.progress ? study->list_articles().size() : 0);
      std::size_t seen = 0;
      study->for_each_article(filter, [&](const ann::Article& article, const std::vector<ann::Annotation>& labels) {
        progress.update(++seen);
        if (labels.empty()) return;
        writer.write(article, labels, {});
        ++stats.articles;
        stats.labels += labels.size();
      });
      writer.finish();
      progress.finish();
    } else {
      stats = ann::export_labels(*study, *format, target, options, rename, report);
    }
    if (one_file) {
      std::error_code ec;
      std::filesystem::rename(target, *out, ec);
      if (ec) {
        discard_partial();
        throw ann::StoreError("cannot write " + *out + ": " + ec.message());
      }
    }
    context.out << "exported " << stats.labels << " label" << (stats.labels == 1 ? "" : "s") << " of " << stats.articles
                << " article" << (stats.articles == 1 ? "" : "s") << " to " << *out << " (" << ann::to_string(*format)
                << ", offsets in " << ann::to_string(ann::offset_unit_of(*format)) << ")";
    if (stats.labels_skipped > 0) context.out << "; " << stats.labels_skipped << " not written (see warnings above)";
    context.out << "\n";
    return stats.labels_skipped > 0 ? k_exit_rejected : k_exit_ok;
  } catch (const ann::StoreError& e) {
    discard_partial();
    // Messages name the path the user gave, not the temporary one beside it.
    std::string message = e.what();
    if (one_file) {
      for (auto at = message.find(target); at != std::string::npos; at = message.find(target, at + out->size())) {
        message.replace(at, target.size(), *out);
      }
    }
    context.err << "credence export: " << message << "\n";
    return k_exit_io;
  } catch (...) {
    discard_partial();
    throw;
  }
}

}  // namespace

Command make_export_command() {
  Command c;
  c.name = "export";
  c.summary = "export labels for brat, INCEpTION, Label Studio, doccano, PTC, R/pandas or agreement";
  c.usage = "credence export STUDY --format F --out PATH [--annotators LIST | --adjudicated] [--map FILE]";
  c.description =
      "Writes every article with its current labels (docs/formats.md). Offsets are converted from code points\n"
      "to the format's unit: UTF-16 units for webanno-tsv, xmi and label-studio; code points otherwise.\n"
      "brat, webanno-tsv, xmi and ptc write a folder; the others one file. --map renames labels back to the\n"
      "foreign names of an import map. --format agreement writes unit,coder,value for 'credence agreement'.";
  c.options = {{"--format", "F", "jsonl, brat, webanno-tsv, xmi, label-studio, doccano, ptc, csv, agreement"},
               {"--out", "PATH", "file or folder to write"},
               {"--annotators", "LIST", "only these annotators (comma-separated)"},
               {"--adjudicated", "", "only the adjudicated labels"},
               {"--rubric", "ID", "only labels of this rubric"},
               {"--dimension", "D", "only labels of this dimension (required for agreement)"},
               {"--map", "FILE", "write foreign label names from an import map"}};
  c.min_positional = 1;
  c.max_positional = 1;
  c.run = run_export;
  return c;
}

}  // namespace credence::cli
