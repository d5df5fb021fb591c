// machine:loaded-lexicon: lexicon matches (one automaton for every list) coded with the entry's subtype,
// down-weighted inside direct quotations (the rubric counts a source's words only when the outlet adopts
// them), and short unattributed quotations suggested as scare quotes.
#include "credence/annotate/machine_loaded_language.hpp"

#include <algorithm>
#include <cstdio>

#include "credence/annotate/machine_cues.hpp"

namespace credence::annotate {

namespace {

constexpr double k_in_quotation_factor = 0.5;
constexpr double k_scare_quote_confidence = 0.45;
constexpr std::size_t k_max_scare_quote_words = 3;

std::string format_weight(double w) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", w);
  return buffer;
}

class LoadedLanguageAnnotator final : public MachineAnnotator {
 public:
  LoadedLanguageAnnotator(Rubric rubric, std::string dimension_id) : rubric_(std::move(rubric)) {
    dimension_ = rubric_.find_dimension(dimension_id);
  }
  CueSet& cues() { return cues_; }
  CueSet& report_verbs() { return report_verbs_; }
  // After the cues are built: each entry's rule and the part of its evidence that does not depend on
  // the passage, written once instead of for every match.
  void prepare() {
    entry_text_.clear();
    for (std::size_t i = 0; i < cues_.entry_count(); ++i) {
      const CueMatch m = cues_.entry(i);
      EntryText t;
      t.rule.append("lexicon:").append(m.lexicon->name);
      std::string& ev = t.evidence;
      ev += "{\"rule\":";
      append_json_quoted(ev, t.rule);
      ev += ",\"entry\":";
      append_json_quoted(ev, m.entry->text);
      ev += ",\"lexicon\":";
      append_json_quoted(ev, m.lexicon->path);
      ev += ",\"line\":";
      ev += std::to_string(m.entry->line);
      ev += ",\"source\":";
      append_json_quoted(ev, m.entry->source);
      ev += ",\"weight\":";
      ev += format_weight(m.entry->weight);
      ev += ",\"in_quotation\":";
      entry_text_.push_back(std::move(t));
    }
  }

  [[nodiscard]] std::string name() const override { return "loaded-lexicon"; }
  [[nodiscard]] std::string version() const override { return "1.0"; }
  [[nodiscard]] const Rubric& rubric() const override { return rubric_; }
  [[nodiscard]] const RubricDimension& dimension() const override { return *dimension_; }
  std::vector<CueSet*> cue_sets() override { return {&cues_, &report_verbs_}; }

  void annotate_passage(const Article& article, const Passage& passage, std::vector<MachineLabel>& out) const override {
    const std::string_view text = passage.text;
    const auto quotes = find_quotations(text);
    thread_local std::vector<CueMatch> matches;  // (reused, as are the verbs: no allocation per passage)
    cues_.find(text, matches);
    // Quotations and matches are both ordered by start; walk them together (a long passage stays linear).
    std::size_t quote_idx = 0;
    std::size_t reach = 0;  // furthest end of the long quotations started so far (0: none yet)
    for (const auto& m : matches) {
      for (; quote_idx < quotes.size() && quotes[quote_idx].start < m.start; ++quote_idx) {
        if (quotes[quote_idx].words <= k_max_scare_quote_words) continue;
        reach = std::max(reach, quotes[quote_idx].end);
      }
      const bool in_quotation = m.end < reach;
      const EntryText& fixed = entry_text_[m.index];
      MachineLabel& label = out.emplace_back();
      label.dimension = dimension_->id;
      label.unit = UnitKind::span;
      label.passage_index = passage.index;
      label.start = passage.start + m.start;
      label.end = passage.start + m.end;
      label.category = m.entry->subtype;
      label.confidence = m.entry->weight * (in_quotation ? k_in_quotation_factor : 1.0);
      label.rule = fixed.rule;
      label.entry = m.entry->text;
      label.evidence.reserve(fixed.evidence.size() + 6);
      label.evidence.append(fixed.evidence).append(in_quotation ? "true}" : "false}");
    }
    if (quotes.empty()) return;
    // Short quotations are scare quotes unless their sentence names a speaker (a report verb).
    thread_local std::vector<CueMatch> verbs;
    bool verbs_found = false;
    for (const auto& q : quotes) {
      if (q.words == 0 || q.words > k_max_scare_quote_words) continue;
      // The matches are ordered by start and do not overlap: the only one that can overlap q is the last
      // one starting before q.end.
      auto after = std::lower_bound(matches.begin(), matches.end(), q.end,
                                    [](const CueMatch& m, std::size_t pos) { return m.start < pos; });
      if (after != matches.begin() && std::prev(after)->end > q.start) continue;
      std::size_t sentence_start = 0, sentence_end = passage.end - passage.start;
      auto sentence = std::upper_bound(passage.sentences.begin(), passage.sentences.end(), passage.start + q.start,
                                       [](std::size_t pos, const SentenceSpan& s) { return pos < s.start; });
      if (sentence != passage.sentences.begin() && passage.start + q.start < std::prev(sentence)->end) {
        sentence_start = std::prev(sentence)->start - passage.start;
        sentence_end = std::prev(sentence)->end - passage.start;
      }
      // A quotation that is the whole sentence, or that a sentence opens with, is a quotation.
      if (q.start <= sentence_start) continue;
      if (!verbs_found) {
        report_verbs_.find(text, verbs);
        verbs_found = true;
      }
      bool attributed = false;
      auto verb = std::lower_bound(verbs.begin(), verbs.end(), sentence_start,
                                   [](const CueMatch& v, std::size_t pos) { return v.start < pos; });
      for (; verb != verbs.end() && verb->start < sentence_end && !attributed; ++verb) {
        attributed = verb->entry->subtype == "attribution" && verb->end <= sentence_end;
      }
      if (attributed) continue;
      MachineLabel& label = out.emplace_back();
      label.dimension = dimension_->id;
      label.unit = UnitKind::span;
      label.passage_index = passage.index;
      label.start = passage.start + q.start;
      label.end = passage.start + q.end;
      label.category = "scare_quotes";
      label.confidence = k_scare_quote_confidence;
      label.rule = "scare_quotes:short_quotation";
      const char words[] = {static_cast<char>('0' + q.words), ','};  // 1 to 3
      label.evidence.reserve(128);
      label.evidence.append("{\"rule\":\"scare_quotes:short_quotation\",\"words\":")
          .append(words, 2)
          .append("\"why\":\"quotation of at most 3 words in a sentence without a report verb\"}");
    }
  }

 private:
  Rubric rubric_;
  const RubricDimension* dimension_ = nullptr;
  CueSet cues_;
  CueSet report_verbs_;
  struct EntryText {
    std::string rule;      // "lexicon:<name>"
    std::string evidence;  // the evidence object up to its last value, in_quotation
  };
  std::vector<EntryText> entry_text_;  // by CueMatch::index
};

}  // namespace

std::unique_ptr<MachineAnnotator> make_loaded_language_annotator(const Rubric& rubric,
                                                                 const std::filesystem::path& rubric_dir,
                                                                 std::vector<Diagnostic>& diagnostics) {
  const std::string dimension_id = "loaded_language";
  const RubricDimension* dimension = rubric.find_dimension(dimension_id);
  if (dimension == nullptr) {
    diagnostics.push_back(error_in(rubric.path.empty() ? rubric.id : rubric.path,
                                   "rubric '" + rubric.id + "' has no dimension '" + dimension_id +
                                       "'; the loaded-lexicon annotator needs it"));
    return nullptr;
  }
  std::set<std::string> categories;
  for (const auto& c : dimension->categories) categories.insert(c.id);
  auto annotator = std::make_unique<LoadedLanguageAnnotator>(rubric, dimension_id);
  std::vector<std::string> files = dimension->lexicons;
  files.emplace_back("rules/scare_quotes.tsv");
  for (const auto& file : files) {
    annotator->cues().add_file(rubric_dir / file, file, categories, diagnostics);
  }
  annotator->report_verbs().add_file(rubric_dir / "lexicons/report_verbs.tsv", "lexicons/report_verbs.tsv", {},
                                     diagnostics);
  if (!annotator->cues().ok() || !annotator->report_verbs().ok()) return nullptr;
  annotator->cues().build();
  annotator->report_verbs().build();
  annotator->prepare();
  return annotator;
}

}  // namespace credence::annotate
