// Storing labels read from a foreign format in a study: label names resolved through the --map file and
// the study's rubrics, offsets converted to code points and checked against the stored text, articles
// created from the text a format carries when the study does not have them yet.
#pragma once
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "credence/annotate/format_labels.hpp"
#include "credence/annotate/store.hpp"

namespace credence::annotate {

struct ImportOptions {
  std::string annotator;              // for labels whose record and layout name none
  const LabelMap* map = nullptr;      // --map; nullptr = names must be DIMENSION.CATEGORY
};

struct ImportStats {
  std::size_t documents = 0;
  std::size_t articles_created = 0;
  std::size_t labels_stored = 0;
  std::size_t labels_already_stored = 0;  // identical label by the same annotator was in the study
  std::size_t labels_ignored = 0;         // @ignore in the map
  std::size_t labels_rejected = 0;        // includes labels of rejected documents
  std::map<std::string, std::size_t> unmapped;  // foreign label name -> occurrences
};

// Stores documents one at a time; the caller owns transactions (Study::Transaction).
class LabelImporter {
 public:
  LabelImporter(Study& study, ImportOptions options);
  ~LabelImporter();
  LabelImporter(const LabelImporter&) = delete;
  LabelImporter& operator=(const LabelImporter&) = delete;

  // Stores the good labels of `document`; each bad label (or a bad document, with all its labels)
  // is one error diagnostic. A label identical to one the annotator already has is not stored twice.
  void add(ForeignDocument&& document, const DiagnosticSink& diagnostics);
  [[nodiscard]] const ImportStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads PATHS (files or folders, as the format lays them out) and passes each document to `sink`.
// Bad records are reported and skipped. `map` supplies XMI/TSV3 feature names (may be nullptr).
// Not for LabelFormat::jsonl or agreement (credence's own JSONL is read by the CLI; agreement is export only).
void read_labels(LabelFormat format, const std::vector<std::string>& paths, const ReadOptions& options,
                 const LabelMap* map, const DocumentSink& sink, const DiagnosticSink& diagnostics);

}  // namespace credence::annotate
