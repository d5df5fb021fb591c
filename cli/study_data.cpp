// Loading a study's articles, rubrics and labels for the statistics verbs (study_data.hpp).
#include "study_data.hpp"

#include "credence/annotate/assignment_store.hpp"
#include "credence/scoring/consensus.hpp"

namespace credence::cli {

namespace ann = credence::annotate;

const ann::Rubric* StudyData::rubric(const std::string& id) const {
  for (const auto& r : rubrics) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::vector<std::string> StudyData::default_raters(const std::string& rubric_id, const ann::RubricDimension& dimension,
                                                  bool humans_only) const {
  std::set<std::string> raters;
  if (auto it = labels.find(rubric_id); it != labels.end()) {
    for (const auto& label : it->second) {
      const std::string& name = label.annotator;
      if (label.dimension != dimension.id || name == scoring::k_curated_annotator || name.rfind("derived:", 0) == 0 ||
          (humans_only && name.rfind("machine:", 0) == 0)) {
        continue;
      }
      raters.insert(name);
    }
  }
  if (dimension.unit == ann::UnitKind::span) {
    if (auto it = finished.find(rubric_id); it != finished.end()) raters.insert(it->second.begin(), it->second.end());
  }
  return {raters.begin(), raters.end()};
}

std::vector<ann::Annotation> StudyData::dimension_labels(const std::string& rubric_id,
                                                         const std::string& dimension) const {
  std::vector<ann::Annotation> out;
  auto it = labels.find(rubric_id);
  if (it == labels.end()) return out;
  for (const auto& label : it->second) {
    if (label.dimension == dimension) out.push_back(label);
  }
  return out;
}

std::string StudyData::no_labels_reason() const {
  std::size_t old = 0;
  for (const auto& [id, n] : old_version_labels) old += n;
  if (old > 0) {
    return "all " + std::to_string(old) +
           " labels were made under older rubric versions; add --include-old-versions to use them (they are marked), "
           "or label again under the current version";
  }
  return "the study has no labels yet; import some with 'credence import-labels' or label in 'credence serve'";
}

StudyData load_study_data(ann::Study& study, bool include_old_versions) {
  StudyData data;
  for (const auto& row : study.list_articles()) {
    if (auto article = study.load_article(row.id)) {
      data.article_source[row.id] = row.meta.source.empty() ? "(unknown)" : row.meta.source;
      data.articles.push_back(std::move(*article));
    }
  }
  // list_rubrics() is ordered by id, then time added: the last row of each id is the newest version.
  std::map<std::string, ann::RubricRow> newest;
  for (auto& row : study.list_rubrics()) newest[row.id] = std::move(row);
  for (const auto& [id, row] : newest) {
    auto parsed = ann::parse_rubric(row.json, "study rubric " + id + " " + row.version);
    if (parsed.rubric) data.rubrics.push_back(std::move(*parsed.rubric));
  }
  for (auto& label : study.current_annotations()) {
    const ann::Rubric* rubric = data.rubric(label.rubric_id);
    if (rubric == nullptr) continue;
    if (label.rubric_version != rubric->version && !include_old_versions) {
      ++data.old_version_labels[label.rubric_id];
      continue;
    }
    data.labels[label.rubric_id].push_back(std::move(label));
  }
  for (const auto& [rubric_id, labels] : data.labels) data.coverage[rubric_id] = scoring::coverage_from_labels(labels);
  // An annotator who finished a document in the workspace ("done") saw it under every rubric of the study,
  // labels or not: "marked nothing" counts as `none` for span dimensions instead of leaving them out.
  // A document finished before a rubric's newest version was added did not see that version.
  for (const auto& status : ann::list_document_status(study)) {
    if (status.status != "done") continue;
    for (const auto& rubric : data.rubrics) {
      const bool current = include_old_versions || status.updated_at >= newest[rubric.id].added_at;
      if (!current) continue;
      data.coverage[rubric.id][status.annotator].insert(status.article_id);
      data.finished[rubric.id].insert(status.annotator);
    }
  }
  return data;
}

}  // namespace credence::cli
