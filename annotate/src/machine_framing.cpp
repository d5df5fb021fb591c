// machine:frame-cues: sums the weights of frame cue words per Media Frames dimension in a passage and
// suggests the top one; confidence is its share of the summed weight, the full ranking is the evidence.
#include "credence/annotate/machine_framing.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "credence/annotate/machine_cues.hpp"

namespace credence::annotate {

namespace {

constexpr std::size_t k_max_cues_per_frame = 8;

// As printf's %.4g (and an ostream with precision 4) prints it; to_chars is specified to match. Scores
// are sums of a few lexicon weights, so the same values recur: each thread keeps the text of the last
// value seen in each of 64 slots.
void append_number(std::string& out, double v) {
  struct Slot {
    std::uint64_t bits = 0;
    bool used = false;
    std::uint8_t length = 0;
    char text[30];
  };
  thread_local std::array<Slot, 64> slots;
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  Slot& slot = slots[(bits * 0x9E3779B97F4A7C15ull) >> 58];
  if (!slot.used || slot.bits != bits) {
    const auto written = std::to_chars(slot.text, slot.text + sizeof slot.text, v, std::chars_format::general, 4);
    slot.length = static_cast<std::uint8_t>(written.ptr - slot.text);
    slot.bits = bits;
    slot.used = true;
  }
  out.append(slot.text, slot.length);
}

class FramingAnnotator final : public MachineAnnotator {
 public:
  FramingAnnotator(Rubric rubric, std::string dimension_id) : rubric_(std::move(rubric)) {
    dimension_ = rubric_.find_dimension(dimension_id);
  }
  CueSet& cues() { return cues_; }
  // After the cues are built: each entry's frame as a small number, and the JSON text of every frame
  // name and entry, so that a passage only adds up weights and appends prepared text.
  void prepare() {
    frames_.clear();
    entries_.clear();
    for (std::size_t i = 0; i < cues_.entry_count(); ++i) {
      const CueMatch m = cues_.entry(i);
      const std::string& subtype = m.entry->subtype;
      auto frame = std::find_if(frames_.begin(), frames_.end(), [&](const Frame& f) { return f.name == subtype; });
      if (frame == frames_.end()) {
        frame = frames_.insert(frame, Frame{subtype, "{\"frame\":" + json_quoted(subtype) + ",\"score\":"});
      }
      entries_.push_back(Entry{static_cast<std::size_t>(frame - frames_.begin()), json_quoted(m.entry->text)});
    }
  }

  [[nodiscard]] std::string name() const override { return "frame-cues"; }
  [[nodiscard]] std::string version() const override { return "1.0"; }
  [[nodiscard]] const Rubric& rubric() const override { return rubric_; }
  [[nodiscard]] const RubricDimension& dimension() const override { return *dimension_; }
  std::vector<CueSet*> cue_sets() override { return {&cues_}; }

  void annotate_passage(const Article& article, const Passage& passage, std::vector<MachineLabel>& out) const override {
    thread_local std::vector<CueMatch> matches;  // (reused: no allocation per passage)
    cues_.find(passage.text, matches);
    if (matches.empty()) return;
    struct Score {
      double total = 0.0;
      std::size_t first = 0;  // first cue position: ties go to the frame cued earlier (rubric rule 2)
      std::size_t cue_count = 0;
      std::size_t cues[k_max_cues_per_frame];  // entry indices
    };
    thread_local std::vector<Score> scores;  // by frame (reused: no allocation per passage)
    thread_local std::vector<std::size_t> cued;  // frames with a cue in this passage, by first cue
    scores.resize(frames_.size());
    for (Score& score : scores) score.cue_count = 0;
    cued.clear();
    double sum = 0.0;
    for (const auto& m : matches) {
      Score& score = scores[entries_[m.index].frame];
      if (score.cue_count == 0) {
        score.total = 0.0;
        score.first = m.start;
        cued.push_back(entries_[m.index].frame);
      }
      score.total += m.entry->weight;
      if (score.cue_count < k_max_cues_per_frame) score.cues[score.cue_count] = m.index;
      ++score.cue_count;
      sum += m.entry->weight;
    }
    if (sum <= 0.0) return;
    std::sort(cued.begin(), cued.end(), [&](std::size_t a, std::size_t b) {
      if (scores[a].total != scores[b].total) return scores[a].total > scores[b].total;
      return scores[a].first < scores[b].first;
    });
    const Score& top = scores[cued.front()];
    const CueMatch top_cue = cues_.entry(top.cues[0]);
    MachineLabel label;
    label.dimension = dimension_->id;
    label.unit = UnitKind::passage;
    label.passage_index = passage.index;
    label.start = passage.start;
    label.end = passage.end;
    label.category = frames_[cued.front()].name;
    label.confidence = top.total / sum;
    label.rule = "frame_cues:ranked";
    label.entry = top_cue.entry->text;
    std::string& ev = label.evidence;
    std::size_t size = 64 + entries_[top.cues[0]].quoted.size();  // the evidence's length, and some
    for (const std::size_t f : cued) {
      const Score& score = scores[f];
      size += frames_[f].prefix.size() + 48;
      for (std::size_t c = 0; c < std::min(score.cue_count, k_max_cues_per_frame); ++c) {
        size += entries_[score.cues[c]].quoted.size() + 1;
      }
    }
    ev.reserve(size);
    ev += "{\"rule\":\"frame_cues:ranked\",\"entry\":";
    ev += entries_[top.cues[0]].quoted;
    ev += ",\"ranking\":[";
    for (std::size_t r = 0; r < cued.size(); ++r) {
      const Score& score = scores[cued[r]];
      if (r > 0) ev += ',';
      ev += frames_[cued[r]].prefix;
      append_number(ev, score.total);
      ev += ",\"cues\":[";
      for (std::size_t c = 0; c < std::min(score.cue_count, k_max_cues_per_frame); ++c) {
        if (c > 0) ev += ',';
        ev += entries_[score.cues[c]].quoted;
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
  struct Frame {
    std::string name;    // the entries' subtype
    std::string prefix;  // its object in the ranking, up to the score
  };
  struct Entry {
    std::size_t frame = 0;  // into frames_
    std::string quoted;     // the entry's text as a JSON string
  };
  std::vector<Frame> frames_;
  std::vector<Entry> entries_;  // by CueMatch::index
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
  annotator->prepare();
  return annotator;
}

}  // namespace credence::annotate
