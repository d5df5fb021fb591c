// The claim-support annotator (machine:claim-rules): sentence-level factual assertions coded by the
// support the sentence gives them (named or anonymous source, hedge, none, speculation as fact).
#pragma once
#include <filesystem>
#include <memory>
#include <vector>

#include "credence/annotate/machine_annotator.hpp"

namespace credence::annotate {

// Needs the dimension "claim_support" in `rubric` with the five support categories; reads the
// dimension's lexicons (hedges, report verbs) and rules/claim_cues.tsv from `rubric_dir`. Returns
// nullptr, with diagnostics, when the dimension or a category is missing or a file has errors.
std::unique_ptr<MachineAnnotator> make_claims_annotator(const Rubric& rubric, const std::filesystem::path& rubric_dir,
                                                        std::vector<Diagnostic>& diagnostics);

}  // namespace credence::annotate
