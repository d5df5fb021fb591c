// Streams a study's articles and current labels into a format's writer.
#include "credence/annotate/format_export.hpp"

#include <algorithm>
#include <stdexcept>

#include "credence/annotate/format_brat.hpp"
#include "credence/annotate/format_csv.hpp"
#include "credence/annotate/format_doccano.hpp"
#include "credence/annotate/format_label_studio.hpp"
#include "credence/annotate/format_ptc.hpp"
#include "credence/annotate/format_webanno_tsv.hpp"
#include "credence/annotate/format_xmi.hpp"

namespace credence::annotate {

std::unique_ptr<LabelWriter> make_label_writer(LabelFormat format, const std::filesystem::path& out,
                                               const ExportOptions& options, const DiagnosticSink& diagnostics) {
  switch (format) {
    case LabelFormat::brat: return make_brat_writer(out, diagnostics);
    case LabelFormat::webanno_tsv: return make_webanno_tsv_writer(out, diagnostics);
    case LabelFormat::xmi: return make_xmi_writer(out, diagnostics);
    case LabelFormat::label_studio: return make_label_studio_writer(out, diagnostics);
    case LabelFormat::doccano: return make_doccano_writer(out, diagnostics);
    case LabelFormat::ptc: return make_ptc_writer(out, diagnostics);
    case LabelFormat::csv: return make_csv_writer(out, false, diagnostics);
    case LabelFormat::agreement: return make_csv_writer(out, true, diagnostics);
    case LabelFormat::jsonl: break;
  }
  throw std::logic_error("make_label_writer: no writer for " + std::string(to_string(format)));
}

std::map<std::string, std::string> reverse_label_map(const LabelMap& map) {
  std::map<std::string, std::string> reversed;
  std::map<std::string, int> seen;
  for (const auto& [foreign, target] : map.labels) {
    if (target.ignore) continue;
    Annotation a;
    a.dimension = target.dimension;
    a.category = target.category;
    a.value = target.value;
    const std::string name = label_name(a);
    if (++seen[name] == 1) reversed[name] = foreign;
    else reversed.erase(name);
  }
  return reversed;
}

ExportStats export_labels(Study& study, LabelFormat format, const std::filesystem::path& out,
                          const ExportOptions& options, const std::map<std::string, std::string>& rename,
                          const DiagnosticSink& diagnostics) {
  auto writer = make_label_writer(format, out, options, diagnostics);
  ExportStats stats;
  AnnotationFilter filter;
  filter.rubric_id = options.rubric;
  filter.dimension = options.dimension;
  if (options.adjudicated) filter.annotators = {"adjudicated"};
  else filter.annotators = options.annotators;
  std::vector<std::string> names;
  study.for_each_article(filter, [&](const Article& article, const std::vector<Annotation>& labels) {
    names.clear();
    names.reserve(labels.size());
    for (const auto& a : labels) {
      std::string name = label_name(a);
      if (auto it = rename.find(name); it != rename.end()) name = it->second;
      names.push_back(std::move(name));
    }
    writer->write(article, labels, names);
    ++stats.articles;
    stats.labels += labels.size();
  });
  writer->finish();
  stats.labels_skipped = writer->skipped_labels;
  stats.labels -= std::min(stats.labels, stats.labels_skipped);
  std::error_code ec;
  if (std::filesystem::is_directory(out, ec)) {
    // Folder formats carry no header of their own: a note beside the files says what the offsets count.
    auto note = open_output(out / "credence-export.json");
    note << "{\"format\": " << json_string(to_string(format)) << ", \"offsets\": " << json_string(to_string(offset_unit_of(format)))
         << ", \"articles\": " << stats.articles << ", \"labels\": " << stats.labels << "}\n";
    if (!note) throw StoreError("write error; is the disk full?");
  }
  return stats;
}

}  // namespace credence::annotate
