// machine:frame-cues: sums the weights of frame cue words per Media Frames dimension in a passage and
// suggests the top one; confidence is its share of the summed weight, the full ranking is the evidence.
#include "credence/annotate/machine_framing.hpp"

#include <algorithm>
#include <map>
#include <cstdio>

#include "credence/annotate/machine_cues.hpp"

namespace credence::annotate {

namespace {

// As an ostream with precision 4 prints it (%.4g), without building a stream per number.
std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", v);
  return buffer;
}

class FramingAnnotator final : public MachineAnnotator {
 public:
  FramingAnnotator(Rubric rubric, std::string dimension_id) : rubric_(std::move(rubric)) {
    dimension_ = rubric_.find_dimension(dimension_id);
  }
  CueSet& cues() { return cues_; }

  [[nodiscard]] std::string name() const override { return "frame-cues"; }
  [[nodiscard]] std::string version() const override { return "1.0"; }
  [[nodiscard]] const Rubric& rubric() const override { return rubric_; }
  [[nodiscard]] const RubricDimension& dimension() const override { return *dimension_; }
  std::vector<CueSet*> cue_sets() override { return {&cues_}; }

  void annotate_passage(const Article& article, const Passage& passage, std::vector<MachineLabel>& out) const override {
    const auto matches = cues_.find(passage.text);
    if (matches.empty()) return;
    struct Score {
      double total = 0.0;
      std::vector<std::string> cues;
      std::size_t first = 0;  // first cue position: ties go to the frame cued earlier (rubric rule 2)
    };
    std::map<std::string, Score> scores;
    double sum = 0.0;
    for (const auto& m : matches) {
      auto [it, fresh] = scores.try_emplace(m.entry->subtype);
      if (fresh) it->second.first = m.start;
      it->second.total += m.entry->weight;
      if (it->second.cues.size() < 8) it->second.cues.push_back(m.entry->text);
      sum += m.entry->weight;
    }
    std::vector<std::pair<std::string, const Score*>> ranked;
    for (const auto& [frame, score] : scores) ranked.emplace_back(frame, &score);
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      if (a.second->total != b.second->total) return a.second->total > b.second->total;
      return a.second->first < b.second->first;
    });
    if (sum <= 0.0) return;
    MachineLabel label;
    label.dimension = dimension_->id;
    label.unit = UnitKind::passage;
    label.passage_index = passage.index;
    label.start = passage.start;
    label.end = passage.end;
    label.category = ranked.front().first;
    label.confidence = ranked.front().second->total / sum;
    label.rule = "frame_cues:ranked";
    label.entry = ranked.front().second->cues.front();
    std::string& ev = label.evidence;
    ev.reserve(64 + 48 * ranked.size());
    ev += "{\"rule\":";
    append_json_quoted(ev, label.rule);
    ev += ",\"entry\":";
    append_json_quoted(ev, label.entry);
    ev += ",\"ranking\":[";
    bool first_frame = true;
    for (const auto& [frame, score] : ranked) {
      if (!first_frame) ev += ',';
      first_frame = false;
      ev += "{\"frame\":";
      append_json_quoted(ev, frame);
      ev += ",\"score\":";
      ev += number(score->total);
      ev += ",\"cues\":[";
      bool first_cue = true;
      for (const auto& c : score->cues) {
        if (!first_cue) ev += ',';
        first_cue = false;
        append_json_quoted(ev, c);
      }
      ev += "]}";
    }
    ev += "]}";
    out.push_back(std::move(label));
  }

 private:
  Rubric rubric_;
  const RubricDimension* dimension_ = nullptr;
  CueSet cues_;
};

}  // namespace

std::unique_ptr<MachineAnnotator> make_framing_annotator(const Rubric& rubric, const std::filesystem::path& rubric_dir,
                                                         std::vector<Diagnostic>& diagnostics) {
  const std::string dimension_id = "frame";
  const RubricDimension* dimension = rubric.find_dimension(dimension_id);
  if (dimension == nullptr) {
    diagnostics.push_back(error_in(rubric.path.empty() ? rubric.id : rubric.path,
                                   "rubric '" + rubric.id + "' has no dimension '" + dimension_id +
                                       "'; the frame-cues annotator needs it"));
    return nullptr;
  }
  std::set<std::string> categories;
  for (const auto& c : dimension->categories) categories.insert(c.id);
  auto annotator = std::make_unique<FramingAnnotator>(rubric, dimension_id);
  for (const auto& file : dimension->lexicons) annotator->cues().add_file(rubric_dir / file, file, categories, diagnostics);
  if (dimension->lexicons.empty()) {
    diagnostics.push_back(error_in(rubric.path.empty() ? rubric.id : rubric.path,
                                   "dimension 'frame' lists no lexicons; the frame-cues annotator needs a cue lexicon"));
    return nullptr;
  }
  if (!annotator->cues().ok()) return nullptr;
  annotator->cues().build();
  return annotator;
}

}  // namespace credence::annotate
