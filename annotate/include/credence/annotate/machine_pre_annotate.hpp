// Pre-annotation of a stored study: runs machine annotators over each article and stores their labels
// (with evidence and confidence) under the annotators' ids, one transaction per article.
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "credence/annotate/machine_annotator.hpp"
#include "credence/annotate/store.hpp"

namespace credence::annotate {

struct PreAnnotateOptions {
  bool only_body = false;       // body passages only (default: the roles each dimension names)
  bool redo = false;            // replace an annotator's earlier labels (kept as deleted history)
  double min_confidence = 0.0;  // suggestions below this are not stored
};

struct PreAnnotateStats {
  std::size_t articles = 0;          // articles annotated
  std::size_t articles_skipped = 0;  // (article, annotator) pairs already annotated and not redone
  std::size_t labels = 0;
  std::size_t labels_replaced = 0;   // earlier labels marked deleted by --redo
  std::map<std::string, std::size_t> labels_by_annotator;
};

// Each annotator's rubric (id and version) must be stored in the study; otherwise throws
// std::invalid_argument naming it, before anything is written. An article's labels are written in one
// transaction, so an interruption leaves each article either fully annotated or untouched.
// `progress(done, total)` is called after each article.
PreAnnotateStats pre_annotate_study(Study& study, const std::vector<const MachineAnnotator*>& annotators,
                                    const PreAnnotateOptions& options,
                                    const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace credence::annotate
