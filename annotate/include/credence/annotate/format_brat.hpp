// brat standoff: one .txt and one .ann per document (text-bound annotations T, attributes A/M,
// notes #), one folder per annotator. Offsets are code points of the .txt file.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "credence/annotate/format_labels.hpp"

namespace credence::annotate {

// Reads .ann files (each beside its .txt). The annotator is --annotator, else the .ann file's folder name.
void read_brat(const std::vector<std::string>& paths, const ReadOptions& options, const DocumentSink& sink,
               const DiagnosticSink& diagnostics);
// Writes OUT/<annotator>/<article>.txt and .ann for every labelled article, and OUT/annotation.conf.
std::unique_ptr<LabelWriter> make_brat_writer(const std::filesystem::path& out, const DiagnosticSink& diagnostics);

}  // namespace credence::annotate
