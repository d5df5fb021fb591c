// Helpers for the label-format reader tests: write an input file, read it with read_labels, and keep
// every rendered diagnostic and each document's label names.
#pragma once
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "credence/annotate/format_import.hpp"

namespace credence::testing {

inline std::string write_input(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

struct ReadResult {
  std::vector<std::string> messages;                 // rendered diagnostics, in order
  std::vector<std::vector<std::string>> label_names;  // per document read, its labels' names
};

inline ReadResult read_input(credence::annotate::LabelFormat format, const std::vector<std::string>& paths,
                             const credence::annotate::LabelMap* map = nullptr) {
  ReadResult result;
  credence::annotate::read_labels(
      format, paths, {}, map,
      [&](credence::annotate::ForeignDocument&& doc) {
        std::vector<std::string> names;
        for (const auto& label : doc.labels) names.push_back(label.name);
        result.label_names.push_back(std::move(names));
      },
      [&](credence::annotate::Diagnostic&& d) { result.messages.push_back(d.render()); });
  return result;
}

}  // namespace credence::testing
