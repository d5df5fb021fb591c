// Stores machine suggestions in a study: per article, per annotator, skip or replace earlier labels,
// then append the new ones, all in one transaction.
#include "credence/annotate/machine_pre_annotate.hpp"

#include <stdexcept>

namespace credence::annotate {

PreAnnotateStats pre_annotate_study(Study& study, const std::vector<const MachineAnnotator*>& annotators,
                                    const PreAnnotateOptions& options,
                                    const std::function<void(std::size_t, std::size_t)>& progress) {
  for (const MachineAnnotator* annotator : annotators) {
    const Rubric& rubric = annotator->rubric();
    if (!study.find_rubric(rubric.id, rubric.version)) {
      throw std::invalid_argument("rubric '" + rubric.id + "' version " + rubric.version +
                                  " is not in the study; add it with 'credence init --rubric' first");
    }
    study.ensure_annotator(annotator->id(), AnnotatorKind::machine);
  }
  PreAnnotateStats stats;
  const auto articles = study.list_articles();
  std::size_t done = 0;
  for (const auto& row : articles) {
    auto article = study.load_article(row.id);
    if (!article) continue;
    Study::Transaction tx(study);
    // First which annotators run on this article (earlier labels skipped or superseded), then all of
    // them together, passage by passage, sharing each passage's lexicon scan.
    std::vector<const MachineAnnotator*> to_run;
    for (const MachineAnnotator* annotator : annotators) {
      AnnotationFilter filter;
      filter.rubric_id = annotator->rubric().id;
      filter.dimension = annotator->dimension().id;
      filter.annotators = {annotator->id()};
      filter.article_id = row.id;
      const auto earlier = study.current_annotations(filter);
      if (!earlier.empty() && !options.redo) {
        ++stats.articles_skipped;
        continue;
      }
      for (const auto& old : earlier) {
        Annotation removal = old;
        removal.id = 0;
        removal.supersedes = old.id;
        removal.deleted = true;
        removal.created_at.clear();
        study.add_annotation(removal);
        ++stats.labels_replaced;
      }
      to_run.push_back(annotator);
    }
    const auto labels_by_annotator = machine_annotate_each(to_run, *article, options.only_body);
    for (std::size_t k = 0; k < to_run.size(); ++k) {
      const MachineAnnotator* annotator = to_run[k];
      for (const auto& label : labels_by_annotator[k]) {
        if (label.confidence < options.min_confidence) continue;
        Annotation a;
        a.annotator = annotator->id();
        a.rubric_id = annotator->rubric().id;
        a.rubric_version = annotator->rubric().version;
        a.dimension = label.dimension;
        a.unit = label.unit;
        a.article_id = row.id;
        a.passage_index = label.passage_index;
        if (label.unit == UnitKind::span) {
          a.start = label.start;
          a.end = label.end;
        }
        a.category = label.category;
        a.evidence = label.evidence;
        a.confidence = label.confidence;
        study.add_annotation(a);
        ++stats.labels;
        ++stats.labels_by_annotator[annotator->id()];
      }
    }
    const bool touched = !to_run.empty();
    tx.commit();
    if (touched) ++stats.articles;
    ++done;
    if (progress) progress(done, articles.size());
  }
  return stats;
}

}  // namespace credence::annotate
