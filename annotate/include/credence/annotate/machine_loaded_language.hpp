// The loaded-language annotator (machine:loaded-lexicon): the rubric's lexicons and the scare-quote
// patterns in one automaton, plus short quotations without a speaker as scare quotes.
#pragma once
#include <filesystem>
#include <memory>
#include <vector>

#include "credence/annotate/machine_annotator.hpp"

namespace credence::annotate {

// Needs the dimension "loaded_language" in `rubric`; lexicons are the dimension's list (resolved against
// `rubric_dir`) plus rules/scare_quotes.tsv and lexicons/report_verbs.tsv from `rubric_dir`. Returns
// nullptr, with diagnostics, when the dimension is missing or a file has errors.
std::unique_ptr<MachineAnnotator> make_loaded_language_annotator(const Rubric& rubric,
                                                                 const std::filesystem::path& rubric_dir,
                                                                 std::vector<Diagnostic>& diagnostics);

}  // namespace credence::annotate
