// The frame-cue annotator (machine:frame-cues): per passage, Media Frames dimensions ranked by the
// summed weight of their cue words; the top frame is the suggestion, the ranking is its evidence.
#pragma once
#include <filesystem>
#include <memory>
#include <vector>

#include "credence/annotate/machine_annotator.hpp"

namespace credence::annotate {

// Needs the passage dimension "frame" in `rubric`; reads its lexicons from `rubric_dir`. Passages
// without any cue get no label. Returns nullptr, with diagnostics, when the dimension is missing or a
// file has errors.
std::unique_ptr<MachineAnnotator> make_framing_annotator(const Rubric& rubric, const std::filesystem::path& rubric_dir,
                                                         std::vector<Diagnostic>& diagnostics);

}  // namespace credence::annotate
