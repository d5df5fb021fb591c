// doccano JSONL: one document per line with "text" and "label" ([start, end, name] triples for
// sequence labelling, names for classification), or "entities"/"cats". Offsets are code points.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "credence/annotate/format_labels.hpp"

namespace credence::annotate {

// Reads doccano JSONL files. The annotator is the line's "annotator" (or "user"), else --annotator.
void read_doccano(const std::vector<std::string>& paths, const ReadOptions& options, const DocumentSink& sink,
                  const DiagnosticSink& diagnostics);
// Writes one line per article and annotator (a line without labels for unlabelled articles).
std::unique_ptr<LabelWriter> make_doccano_writer(const std::filesystem::path& out, const DiagnosticSink& diagnostics);

}  // namespace credence::annotate
