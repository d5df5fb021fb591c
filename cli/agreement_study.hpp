// `credence agreement STUDY`: agreement on a study's labels, every rubric dimension at its own unit.
#pragma once
#include "command.hpp"

namespace credence::cli {

// Runs the STUDY form of `credence agreement` (positional STUDY; options --dimension, --by-source,
// --annotators, --bootstrap, --seed, --json, --include-old-versions).
int run_study_agreement(const Args& args, Context& context);

}  // namespace credence::cli
