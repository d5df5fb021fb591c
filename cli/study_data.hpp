// Everything the statistics verbs need from a study, loaded once: articles with passages, the rubrics
// (newest version of each id, parsed), the current labels of each rubric, and who saw what.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "credence/annotate/document.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/store.hpp"
#include "credence/scoring/study_units.hpp"

namespace credence::cli {

struct StudyData {
  std::vector<annotate::Article> articles;
  std::map<std::int64_t, std::string> article_source;  // article id -> outlet ("(unknown)" when none)
  std::vector<annotate::Rubric> rubrics;               // newest version of each rubric id
  // Current labels per rubric id under its newest version (or all versions with include_old_versions).
  std::map<std::string, std::vector<annotate::Annotation>> labels;
  // Labels left out because they were made under an older rubric version: rubric id -> count.
  std::map<std::string, std::size_t> old_version_labels;
  std::map<std::string, scoring::Coverage> coverage;   // rubric id -> annotator -> articles
  // Annotators who finished ("done") documents in the workspace under a rubric's newest version: they
  // saw those documents whether or not they labelled anything (rubric id -> names).
  std::map<std::string, std::set<std::string>> finished;

  [[nodiscard]] const annotate::Rubric* rubric(const std::string& id) const;
  // The raters of a dimension when the user names none: the annotators of its labels except the
  // adjudicated and derived:* ones (and machine:* ones when `humans_only`), plus, for a span dimension
  // (where "saw it and marked nothing" is a judgement: every token `none`), those who finished documents
  // under the rubric. Sorted by name.
  [[nodiscard]] std::vector<std::string> default_raters(const std::string& rubric_id,
                                                        const annotate::RubricDimension& dimension,
                                                        bool humans_only) const;
  // Why there is nothing to compute from when `labels` is empty: no labels at all, or only labels made
  // under older rubric versions (then it names --include-old-versions).
  [[nodiscard]] std::string no_labels_reason() const;
  // Labels of one dimension of one rubric.
  [[nodiscard]] std::vector<annotate::Annotation> dimension_labels(const std::string& rubric_id,
                                                                   const std::string& dimension) const;
};

// Loads a study. include_old_versions: labels made under older versions of a rubric count too (they
// are marked in the output); otherwise they are left out and counted in old_version_labels.
StudyData load_study_data(annotate::Study& study, bool include_old_versions = false);

}  // namespace credence::cli
