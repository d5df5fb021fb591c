// Machine annotators: transparent rule and lexicon suggestions under a rubric, each label carrying the
// rule that fired, the matched entry and a confidence. Rules and lists: docs/machine-annotators.md.
#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "credence/annotate/diagnostic.hpp"
#include "credence/annotate/document.hpp"
#include "credence/annotate/rubric.hpp"

namespace credence::annotate {

// One suggestion. Offsets are code points into the article text; a passage label spans its passage.
struct MachineLabel {
  std::string dimension;
  UnitKind unit = UnitKind::span;
  int passage_index = 0;
  std::size_t start = 0;
  std::size_t end = 0;
  std::string category;
  double confidence = 0.0;  // 0..1
  std::string rule;         // "lexicon:pejorative_labels", "claims:anonymous_source", "frame_cues:ranked"
  std::string entry;        // the entry or cue that fired ("" when none, e.g. claims:unsupported)
  std::string evidence;     // JSON object: rule, entry and the details behind the decision
};

class CueSet;

class MachineAnnotator {
 public:
  virtual ~MachineAnnotator() = default;
  [[nodiscard]] virtual std::string name() const = 0;     // "loaded-lexicon"
  [[nodiscard]] virtual std::string version() const = 0;  // "1.0"
  // "machine:<name>@<version>", the annotator id labels are stored under.
  [[nodiscard]] std::string id() const { return "machine:" + name() + "@" + version(); }
  [[nodiscard]] virtual const Rubric& rubric() const = 0;
  [[nodiscard]] virtual const RubricDimension& dimension() const = 0;
  // Appends the labels for one passage of `article` (the caller chooses which passages).
  virtual void annotate_passage(const Article& article, const Passage& passage, std::vector<MachineLabel>& out) const = 0;
  // The cue sets the annotator looks passages up in: load_machine_annotators() lets all of them share
  // one scan per passage (CueSet::share_scans).
  virtual std::vector<CueSet*> cue_sets() { return {}; }
};

// Names of the shipped machine annotators, with the rubric and dimension each needs:
// loaded-lexicon (loaded_language/loaded_language), claim-rules (unsupported_claims/claim_support),
// frame-cues (framing/frame).
struct MachineAnnotatorInfo {
  std::string name;
  std::string rubric_id;
  std::string dimension_id;
};
const std::vector<MachineAnnotatorInfo>& machine_annotator_catalog();

struct MachineSetup {
  std::vector<std::unique_ptr<MachineAnnotator>> annotators;
  std::vector<Diagnostic> diagnostics;  // lexicon and rule-file problems, a rubric without the dimension
};

// Builds the named annotators (all of them when `names` is empty) for the rubrics given. Lexicon paths
// resolve against `rubric_dir` (the folder holding the rubric files, with lexicons/ and rules/ in it).
// An annotator whose rubric is absent from `rubrics` is skipped when `names` is empty and an error
// otherwise; any error in its files leaves that annotator out (see diagnostics). The annotators built
// together scan each passage once for all their lexicons.
MachineSetup load_machine_annotators(const std::vector<Rubric>& rubrics, const std::filesystem::path& rubric_dir,
                                     const std::vector<std::string>& names = {});

// True when `annotator` applies to `passage`: its role is one the dimension covers (body only when
// `only_body`).
bool machine_applies(const MachineAnnotator& annotator, const Passage& passage, bool only_body);

// Runs the annotators over the passages they apply to; labels in passage order, then annotator order.
std::vector<MachineLabel> machine_annotate(const std::vector<const MachineAnnotator*>& annotators,
                                           const Article& article, bool only_body);

// The same, one list per annotator (element i holds what machine_annotate({annotators[i]}, ...) gives),
// with the annotators taking turns on each passage so that they share its lexicon scan.
std::vector<std::vector<MachineLabel>> machine_annotate_each(const std::vector<const MachineAnnotator*>& annotators,
                                                             const Article& article, bool only_body);

}  // namespace credence::annotate
