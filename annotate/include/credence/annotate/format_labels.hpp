// The model shared by every label import/export format: foreign documents and labels as a format
// holds them (its own offsets, its own label names), offset conversion to credence's code points, and
// the --map file that says which rubric dimension and category a foreign label name means.
#pragma once
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credence/annotate/diagnostic.hpp"
#include "credence/annotate/document.hpp"
#include "credence/annotate/text.hpp"  // normalize_fragment

namespace credence::annotate {

// The formats `credence import-labels` and `credence export` speak.
enum class LabelFormat { jsonl, brat, webanno_tsv, xmi, label_studio, doccano, ptc, csv, agreement };

std::string_view to_string(LabelFormat format);
// "brat", "webanno-tsv" (or "tsv3"), "xmi", "label-studio", "doccano", "ptc", "csv", "agreement",
// "jsonl"; nullopt for anything else.
std::optional<LabelFormat> parse_label_format(std::string_view name);

// How a format counts positions in a text. Label Studio, INCEpTION (TSV3, XMI) count UTF-16 code
// units (JavaScript and Java strings); doccano, brat and PTC count code points (Python strings).
enum class OffsetUnit { code_point, utf16, byte };
std::string_view to_string(OffsetUnit unit);
// The unit a format uses on import and export.
OffsetUnit offset_unit_of(LabelFormat format);

// One label as a format holds it, before it is resolved against the study's rubrics.
struct ForeignLabel {
  std::string name;                   // foreign label name ("Loaded_Language", "frame.economic")
  std::string context;                // qualifier from the format (Label Studio from_name, a layer), "" = none
  std::string annotator;              // "" = the document's annotator (or --annotator)
  bool has_span = false;              // false: a label of the whole document (classification)
  std::size_t start = 0;              // in the document's offset unit, into its raw text
  std::size_t end = 0;
  std::optional<std::string> text;    // the covered text as the format gives it, to verify offsets
  bool text_flattened = false;        // the format writes line breaks and tabs in `text` as spaces (brat)
  std::string note;
  std::optional<double> value;        // interval answers ("dimension=3.5")
  Location where;                     // where the label is written
};

// A piece of text a format states at given offsets (TSV3 tokens), checked against the stored text.
struct TextAnchor {
  std::size_t start = 0;
  std::size_t end = 0;
  std::string text;
  Location where;
};

// One document of a foreign file with its labels.
struct ForeignDocument {
  std::string id;                     // the article's external id
  std::vector<std::string> other_ids; // tried after `id` when looking the article up (PTC: "article<ID>")
  std::optional<std::string> text;    // the raw text as the format holds it; nullopt = not carried
  bool text_is_reconstructed = false; // text rebuilt from pieces (TSV3): gaps are guesses, not compared
  OffsetUnit unit = OffsetUnit::code_point;
  std::string annotator;              // default for its labels ("" = --annotator)
  ArticleMeta meta;                   // title, source when the format carries them
  Location where;
  std::vector<ForeignLabel> labels;
  std::vector<TextAnchor> anchors;
};

// Receives each document as it is read, so large inputs are never held whole.
using DocumentSink = std::function<void(ForeignDocument&&)>;
// Receives each problem as it is found (the CLI prints it at once and counts the errors).
using DiagnosticSink = std::function<void(Diagnostic&&)>;

// Options every reader understands.
struct ReadOptions {
  std::string annotator;              // --annotator: overrides the file layout's annotator
};

// Maps positions in a foreign raw text to code points in credence's normalised text (BOM removed,
// CRLF/CR -> LF, NFC). A position inside a character that normalisation merges (a combining sequence
// composed by NFC, the LF of a CRLF) maps to the start of the merged character for a start and to its
// end for an end, so a span never shrinks.
class OffsetMap {
 public:
  // `raw` must be valid UTF-8.
  OffsetMap(std::string_view raw, OffsetUnit unit);
  // The normalised text (equal to normalize_text(raw)).
  [[nodiscard]] const std::string& normalized() const { return normalized_; }
  // Length of the raw text in the foreign unit.
  [[nodiscard]] std::size_t foreign_size() const { return raw_cp_of_unit_.size() - 1; }
  // nullopt when `pos` is past the end or inside a character (half a surrogate pair, inside a UTF-8 sequence).
  [[nodiscard]] std::optional<std::size_t> start_of(std::size_t pos) const;
  [[nodiscard]] std::optional<std::size_t> end_of(std::size_t pos) const;
  // The raw text between two foreign positions (both must be valid, start <= end).
  [[nodiscard]] std::string raw_slice(std::size_t start, std::size_t end) const;

 private:
  std::string raw_;
  std::string normalized_;
  std::vector<std::size_t> raw_byte_of_cp_;       // raw code point -> byte
  std::vector<std::ptrdiff_t> raw_cp_of_unit_;    // foreign unit -> raw code point, -1 = inside a character
  std::vector<std::size_t> norm_start_of_cp_;     // raw code point boundary -> normalised code point
  std::vector<std::size_t> norm_end_of_cp_;
};

// Converts code points [start, end) of a normalised text to another unit (for exports).
class UnitConverter {
 public:
  UnitConverter(std::string_view text, OffsetUnit unit);
  [[nodiscard]] std::size_t to_unit(std::size_t code_point) const;

 private:
  OffsetUnit unit_;
  std::vector<std::size_t> unit_of_cp_;
};

// Which labels an export writes (empty = all).
struct ExportOptions {
  std::vector<std::string> annotators;  // --annotators LIST
  bool adjudicated = false;             // --adjudicated: only the adjudicated labels
  std::string rubric;                   // only this rubric ("" = all)
  std::string dimension;                // only this dimension ("" = all; the agreement format needs one)
};

// A format's writer: gets each article with its current labels, in article order, then finish().
// I/O failures throw StoreError (exit code 3).
class LabelWriter {
 public:
  virtual ~LabelWriter() = default;
  // `names[i]` is the foreign name of labels[i] (label_name() or the --map's foreign name).
  virtual void write(const Article& article, const std::vector<Annotation>& labels,
                     const std::vector<std::string>& names) = 0;
  virtual void finish() = 0;
  std::size_t skipped_labels = 0;  // labels the format could not hold (each reported as a warning)
};

// Indices of `labels` grouped by annotator (annotators in name order, indices in label order): the
// layout of every format that writes one document per annotator.
std::map<std::string, std::vector<std::size_t>> labels_by_annotator(const std::vector<Annotation>& labels);

// Creates an export folder (and its parents); throws StoreError saying which folder and why.
void create_output_folder(const std::filesystem::path& folder);

// What a foreign label name means in the study.
struct LabelTarget {
  std::string rubric;                 // "" = the only rubric with that dimension
  std::string dimension;
  std::string category;               // "" when `value` is set
  std::optional<double> value;
  bool ignore = false;                // "@ignore NAME": dropped on purpose, counted, not an error
};

// The --map file. Lines (tab- or two-or-more-space-separated; '#' starts a comment):
//   FOREIGN <TAB> [RUBRIC/]DIMENSION.CATEGORY     a label name
//   FOREIGN <TAB> [RUBRIC/]DIMENSION <TAB> CATEGORY
//   @ignore <TAB> FOREIGN                         drop this label name on purpose
//   @feature <TAB> TYPE <TAB> FEATURE             XMI/TSV3: which feature of TYPE holds the label
struct LabelMap {
  std::map<std::string, LabelTarget> labels;
  std::map<std::string, std::string> features;  // UIMA type name -> feature name
  std::string path;

  [[nodiscard]] const LabelTarget* find(const std::string& foreign) const;
};

// Parses a map file; every bad line is a diagnostic with its line number.
LabelMap parse_label_map(std::string_view text, const std::string& path, std::vector<Diagnostic>& diagnostics);
// Reads and parses a map file; an unreadable file gives one diagnostic.
LabelMap load_label_map(const std::string& path, std::vector<Diagnostic>& diagnostics);

// "dimension.category", "dimension:category", "rubric/dimension.category" or "dimension=3.5";
// nullopt when the name has none of these shapes.
std::optional<LabelTarget> parse_label_target(std::string_view name);

// The name credence writes for a label: "dimension.category" (or "dimension=VALUE").
std::string label_name(const Annotation& annotation);

// Files named by PATHS, and files under folders among them (recursively), whose names end in one of
// `extensions` (".ann"), sorted by path. A missing path, or no such file at all, is reported.
std::vector<std::filesystem::path> collect_label_files(const std::vector<std::string>& paths,
                                                       const std::vector<std::string>& extensions,
                                                       const DiagnosticSink& diagnostics);
// The whole file; nullopt with a diagnostic when it cannot be read.
std::optional<std::string> read_whole_file(const std::filesystem::path& path, const DiagnosticSink& diagnostics);
// Creates the parent folders and opens PATH for writing; throws StoreError when it cannot.
std::ofstream open_output(const std::filesystem::path& path);
// Writes CONTENT as the whole of the file PATH (created, or emptied first when it exists) with one
// write and no flush to disk; PATH's folder must exist. Throws StoreError naming the file when it
// cannot be opened or written. For exports that write a file per document.
void write_whole_file(const std::filesystem::path& path, std::string_view content);
// Appends the decimal digits of N to OUT: what `stream << n` writes, without a stream.
void append_number(std::string& out, std::size_t n);
// A file name made from an article or annotator id (characters unsafe in file names become '_').
std::string safe_file_name(std::string_view id);
// JSON string literal with escapes (for writers that stream JSON by hand).
std::string json_string(std::string_view text);

}  // namespace credence::annotate
