// SemEval-2020 Task 11 / Propaganda Techniques Corpus: article<ID>.txt files and label files with
// ID<TAB>technique<TAB>start<TAB>end (code points of the article file).
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "credence/annotate/format_labels.hpp"

namespace credence::annotate {

// Reads article*.txt files and *.labels (or .tsv) files from PATHS. The annotator is --annotator.
void read_ptc(const std::vector<std::string>& paths, const ReadOptions& options, const DocumentSink& sink,
              const DiagnosticSink& diagnostics);
// Writes OUT/article<ID>.txt for every article and OUT/<annotator>.labels per annotator.
std::unique_ptr<LabelWriter> make_ptc_writer(const std::filesystem::path& out, const DiagnosticSink& diagnostics);

}  // namespace credence::annotate
