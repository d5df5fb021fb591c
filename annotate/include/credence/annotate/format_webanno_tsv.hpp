// WebAnno TSV 3.x, as INCEpTION exports it: sentences (#Text=), tokens with UTF-16 offsets and one
// column per span-layer feature; multi-token spans carry [N] ids.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "credence/annotate/format_labels.hpp"

namespace credence::annotate {

// Reads .tsv files. Layout <document>/<annotator>.tsv (INCEpTION's export); with --annotator the file
// stem names the document. The label is the value of the first feature of each span layer, or the feature
// the map's @feature names.
void read_webanno_tsv(const std::vector<std::string>& paths, const ReadOptions& options, const LabelMap* map,
                      const DocumentSink& sink, const DiagnosticSink& diagnostics);
// Writes OUT/<article>/<annotator>.tsv with one custom span layer webanno.custom.Credence|label.
std::unique_ptr<LabelWriter> make_webanno_tsv_writer(const std::filesystem::path& out, const DiagnosticSink& diagnostics);

}  // namespace credence::annotate
