// The catalogue of shipped machine annotators, building them from rubrics, and running them over an article.
#include "credence/annotate/machine_annotator.hpp"

#include <algorithm>
#include <cstdint>

#include "credence/annotate/machine_claims.hpp"
#include "credence/annotate/machine_cues.hpp"
#include "credence/annotate/machine_framing.hpp"
#include "credence/annotate/machine_loaded_language.hpp"

namespace credence::annotate {

const std::vector<MachineAnnotatorInfo>& machine_annotator_catalog() {
  static const std::vector<MachineAnnotatorInfo> catalog = {
      {"loaded-lexicon", "loaded_language", "loaded_language"},
      {"claim-rules", "unsupported_claims", "claim_support"},
      {"frame-cues", "framing", "frame"},
  };
  return catalog;
}

MachineSetup load_machine_annotators(const std::vector<Rubric>& rubrics, const std::filesystem::path& rubric_dir,
                                     const std::vector<std::string>& names) {
  MachineSetup setup;
  std::string known;
  for (const auto& info : machine_annotator_catalog()) known += (known.empty() ? "" : ", ") + info.name;
  for (const auto& name : names) {
    const bool found = std::any_of(machine_annotator_catalog().begin(), machine_annotator_catalog().end(),
                                   [&](const MachineAnnotatorInfo& info) { return info.name == name; });
    if (!found) setup.diagnostics.push_back(error_in("", "unknown machine annotator '" + name + "'; use one of: " + known));
  }
  for (const auto& info : machine_annotator_catalog()) {
    const bool wanted = names.empty() || std::find(names.begin(), names.end(), info.name) != names.end();
    if (!wanted) continue;
    const auto rubric = std::find_if(rubrics.begin(), rubrics.end(), [&](const Rubric& r) { return r.id == info.rubric_id; });
    if (rubric == rubrics.end()) {
      if (!names.empty()) {
        setup.diagnostics.push_back(error_in("", "machine annotator '" + info.name + "' needs the rubric '" +
                                                     info.rubric_id + "', which is not available; add it to the study"));
      }
      continue;
    }
    std::unique_ptr<MachineAnnotator> annotator;
    if (info.name == "loaded-lexicon") annotator = make_loaded_language_annotator(*rubric, rubric_dir, setup.diagnostics);
    if (info.name == "claim-rules") annotator = make_claims_annotator(*rubric, rubric_dir, setup.diagnostics);
    if (info.name == "frame-cues") annotator = make_framing_annotator(*rubric, rubric_dir, setup.diagnostics);
    if (annotator) setup.annotators.push_back(std::move(annotator));
  }
  std::vector<CueSet*> sets;
  for (const auto& annotator : setup.annotators) {
    for (CueSet* set : annotator->cue_sets()) sets.push_back(set);
  }
  if (sets.size() > 1) CueSet::share_scans(sets);
  return setup;
}

bool machine_applies(const MachineAnnotator& annotator, const Passage& passage, bool only_body) {
  if (only_body) return passage.role == PassageRole::body;
  const auto& roles = annotator.dimension().roles;
  return std::find(roles.begin(), roles.end(), passage.role) != roles.end();
}

namespace {

// Runs the annotators passage by passage (so that they share each passage's lexicon scan), appending
// annotator a's labels for a passage to out(a), each annotator's labels for a passage ordered by start.
template <typename Out>
void annotate_passages(const std::vector<const MachineAnnotator*>& annotators, const Article& article, bool only_body,
                       Out&& out) {
  // The roles each annotator applies to, as bits (machine_applies once per annotator and role, not per
  // passage).
  constexpr PassageRole k_roles[] = {PassageRole::title,   PassageRole::byline,      PassageRole::caption,
                                     PassageRole::heading, PassageRole::body,        PassageRole::boilerplate,
                                     PassageRole::comment};
  std::vector<std::uint32_t> role_masks(annotators.size(), 0);
  Passage probe;
  for (std::size_t a = 0; a < annotators.size(); ++a) {
    for (const PassageRole r : k_roles) {
      probe.role = r;
      if (machine_applies(*annotators[a], probe, only_body)) role_masks[a] |= 1u << static_cast<unsigned>(r);
    }
  }
  for (const auto& passage : article.passages) {
    const auto role_bit = 1u << static_cast<unsigned>(passage.role);
    for (std::size_t a = 0; a < annotators.size(); ++a) {
      if ((role_masks[a] & role_bit) == 0) continue;
      std::vector<MachineLabel>& labels = out(a);
      const std::size_t before = labels.size();
      annotators[a]->annotate_passage(article, passage, labels);
      // Most annotators already give their labels in order: no sort (and no sort buffer) then.
      const auto by_start = [](const MachineLabel& x, const MachineLabel& y) { return x.start < y.start; };
      const auto first = labels.begin() + static_cast<std::ptrdiff_t>(before);
      if (!std::is_sorted(first, labels.end(), by_start)) std::stable_sort(first, labels.end(), by_start);
    }
  }
}

}  // namespace

std::vector<MachineLabel> machine_annotate(const std::vector<const MachineAnnotator*>& annotators,
                                           const Article& article, bool only_body) {
  std::vector<MachineLabel> labels;
  // About one label per hundred bytes of news text: room up front instead of moving every label (five
  // strings each) at each growth.
  labels.reserve(article.text.size() / 64 + 16);
  annotate_passages(annotators, article, only_body, [&](std::size_t) -> std::vector<MachineLabel>& { return labels; });
  return labels;
}

std::vector<std::vector<MachineLabel>> machine_annotate_each(const std::vector<const MachineAnnotator*>& annotators,
                                                             const Article& article, bool only_body) {
  std::vector<std::vector<MachineLabel>> labels(annotators.size());
  annotate_passages(annotators, article, only_body, [&](std::size_t a) -> std::vector<MachineLabel>& { return labels[a]; });
  return labels;
}

}  // namespace credence::annotate
