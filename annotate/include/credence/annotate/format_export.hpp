// Writing a study's current labels in another tool's format, one article at a time (memory stays
// bounded by the largest article), with offsets converted from code points to the format's unit.
#pragma once
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "credence/annotate/format_labels.hpp"
#include "credence/annotate/store.hpp"

namespace credence::annotate {

struct ExportStats {
  std::size_t articles = 0;           // articles written (with or without labels, as the format allows)
  std::size_t labels = 0;             // labels written
  std::size_t labels_skipped = 0;     // labels the format cannot hold (reported)
};

// The writer for FORMAT at OUT (a file or a folder, as the format lays out). Throws StoreError when OUT
// cannot be written. Not for LabelFormat::jsonl (use the JSONL writer in the CLI).
std::unique_ptr<LabelWriter> make_label_writer(LabelFormat format, const std::filesystem::path& out,
                                               const ExportOptions& options, const DiagnosticSink& diagnostics);

// Writes every article of the study with its current labels that pass `options`. `rename` maps
// credence names ("dimension.category") back to foreign names (the --map file read backwards).
ExportStats export_labels(Study& study, LabelFormat format, const std::filesystem::path& out,
                          const ExportOptions& options, const std::map<std::string, std::string>& rename,
                          const DiagnosticSink& diagnostics);

// The --map file read backwards: "dimension.category" -> foreign name, for targets named by exactly
// one foreign name.
std::map<std::string, std::string> reverse_label_map(const LabelMap& map);

}  // namespace credence::annotate
