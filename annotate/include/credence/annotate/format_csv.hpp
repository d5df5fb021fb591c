// CSV long format for R and pandas: one row per label (unit, annotator, dimension, category, start, end,
// text, then article, passage, rubric, value, note); offsets are code points. Also the agreement input.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "credence/annotate/format_labels.hpp"

namespace credence::annotate {

// Reads long CSV files (RFC 4180; header names the columns; article or unit, dimension, and category or
// value are required). Consecutive rows of one article form one document.
void read_csv_labels(const std::vector<std::string>& paths, const ReadOptions& options, const DocumentSink& sink,
                     const DiagnosticSink& diagnostics);
// `agreement`: the `credence agreement --data` input instead (unit, coder, value), one dimension only.
std::unique_ptr<LabelWriter> make_csv_writer(const std::filesystem::path& out, bool agreement,
                                             const DiagnosticSink& diagnostics);

}  // namespace credence::annotate
