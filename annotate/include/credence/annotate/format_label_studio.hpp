// Label Studio JSON export: an array of tasks with data.text and annotations[].result[] of type labels
// (spans, JavaScript string offsets = UTF-16 units) and choices (whole-document labels).
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "credence/annotate/format_labels.hpp"

namespace credence::annotate {

// Reads Label Studio JSON files (also JSON Lines of tasks). The annotator is created_username, then
// completed_by.email, then completed_by as a number (user_N), then --annotator.
void read_label_studio(const std::vector<std::string>& paths, const ReadOptions& options, const DocumentSink& sink,
                       const DiagnosticSink& diagnostics);
// Writes one JSON array: one task per article, one annotation per annotator.
std::unique_ptr<LabelWriter> make_label_studio_writer(const std::filesystem::path& out, const DiagnosticSink& diagnostics);

}  // namespace credence::annotate
