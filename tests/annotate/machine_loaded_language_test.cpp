// Tests for machine_loaded_language.hpp: lexicon labels with evidence, quotations, scare quotes, roles,
// and the errors for a rubric without the dimension or a broken lexicon.
#include "credence/annotate/machine_loaded_language.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "credence/annotate/machine_cues.hpp"
#include "machine_test_util.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::body_article;
using credence::testing::shipped_rubric;
using credence::testing::shipped_rubrics;
using credence::testing::TempDir;

namespace {

std::unique_ptr<ann::MachineAnnotator> shipped_annotator() {
  std::vector<ann::Diagnostic> diagnostics;
  auto a = ann::make_loaded_language_annotator(shipped_rubric("loaded_language"), shipped_rubrics(), diagnostics);
  EXPECT_TRUE(diagnostics.empty()) << diagnostics.front().render();
  return a;
}

// "category:text" per label.
std::vector<std::string> summary(const ann::Article& article, const std::vector<ann::MachineLabel>& labels) {
  const ann::Utf8Index index(article.text);
  std::vector<std::string> out;
  for (const auto& l : labels) out.push_back(l.category + ":" + std::string(index.slice(article.text, l.start, l.end)));
  return out;
}

// The loaded-lexicon labels of one passage as the annotator made them before it dropped its copies of the
// long quotations and the matched spans and built scare-quote evidence without temporaries. Kept as the
// reference.
void reference_labels(const ann::CueSet& cues, const ann::CueSet& report_verbs, const ann::Passage& passage,
                      std::vector<ann::MachineLabel>& out) {
  const std::string_view text = passage.text;
  const auto quotes = ann::find_quotations(text);
  const auto matches = cues.find(text);
  std::vector<std::pair<std::size_t, std::size_t>> taken;
  std::vector<ann::Quotation> long_quotes;
  for (const auto& q : quotes) {
    if (q.words > 3) long_quotes.push_back(q);
  }
  std::size_t quote_idx = 0;
  std::size_t reach = 0;
  for (const auto& m : matches) {
    while (quote_idx < long_quotes.size() && long_quotes[quote_idx].start < m.start) {
      reach = std::max(reach, long_quotes[quote_idx].end);
      ++quote_idx;
    }
    const bool in_quotation = quote_idx > 0 && m.end < reach;
    ann::MachineLabel label;
    label.dimension = "loaded_language";
    label.unit = ann::UnitKind::span;
    label.passage_index = passage.index;
    label.start = passage.start + m.start;
    label.end = passage.start + m.end;
    label.category = m.entry->subtype;
    label.confidence = m.entry->weight * (in_quotation ? 0.5 : 1.0);
    label.rule = "lexicon:" + m.lexicon->name;
    label.entry = m.entry->text;
    char weight[32];
    std::snprintf(weight, sizeof weight, "%g", m.entry->weight);
    label.evidence = "{\"rule\":" + ann::json_quoted(label.rule) + ",\"entry\":" + ann::json_quoted(m.entry->text) +
                     ",\"lexicon\":" + ann::json_quoted(m.lexicon->path) +
                     ",\"line\":" + std::to_string(m.entry->line) + ",\"source\":" + ann::json_quoted(m.entry->source) +
                     ",\"weight\":" + weight + ",\"in_quotation\":" + (in_quotation ? "true}" : "false}");
    taken.emplace_back(m.start, m.end);
    out.push_back(std::move(label));
  }
  if (quotes.empty()) return;
  const auto verbs = report_verbs.find(text);
  for (const auto& q : quotes) {
    if (q.words == 0 || q.words > 3) continue;
    auto after = std::lower_bound(taken.begin(), taken.end(), std::make_pair(q.end, std::size_t{0}));
    if (after != taken.begin() && std::prev(after)->second > q.start) continue;
    std::size_t sentence_start = 0, sentence_end = passage.end - passage.start;
    auto sentence = std::upper_bound(passage.sentences.begin(), passage.sentences.end(), passage.start + q.start,
                                     [](std::size_t pos, const ann::SentenceSpan& s) { return pos < s.start; });
    if (sentence != passage.sentences.begin() && passage.start + q.start < std::prev(sentence)->end) {
      sentence_start = std::prev(sentence)->start - passage.start;
      sentence_end = std::prev(sentence)->end - passage.start;
    }
    if (q.start <= sentence_start) continue;
    bool attributed = false;
    for (const auto& verb : verbs) {
      if (verb.start >= sentence_start && verb.start < sentence_end && verb.entry->subtype == "attribution" &&
          verb.end <= sentence_end) {
        attributed = true;
      }
    }
    if (attributed) continue;
    ann::MachineLabel label;
    label.dimension = "loaded_language";
    label.unit = ann::UnitKind::span;
    label.passage_index = passage.index;
    label.start = passage.start + q.start;
    label.end = passage.start + q.end;
    label.category = "scare_quotes";
    label.confidence = 0.45;
    label.rule = "scare_quotes:short_quotation";
    label.evidence = "{\"rule\":" + ann::json_quoted(label.rule) + ",\"words\":" + std::to_string(q.words) +
                     ",\"why\":\"quotation of at most 3 words in a sentence without a report verb\"}";
    out.push_back(std::move(label));
  }
}

}  // namespace

TEST(LoadedLanguageAnnotator, LabelsLexiconEntriesWithEvidence) {
  const auto annotator = shipped_annotator();
  ASSERT_TRUE(annotator);
  EXPECT_EQ(annotator->id(), "machine:loaded-lexicon@1.0");
  const auto article = body_article("The Eco-Mob, a swarm of vermin, blocked the road again on Tuesday.");
  const auto labels = ann::machine_annotate({annotator.get()}, article, false);
  EXPECT_EQ(summary(article, labels),
            (std::vector<std::string>{"pejorative_label:Eco-Mob", "dehumanising:swarm", "dehumanising:vermin"}));
  ASSERT_EQ(labels.size(), 3u);
  EXPECT_EQ(labels[0].dimension, "loaded_language");
  EXPECT_EQ(labels[0].rule, "lexicon:pejorative_labels");
  EXPECT_EQ(labels[0].entry, "eco-mob");
  EXPECT_DOUBLE_EQ(labels[0].confidence, 0.9);
  EXPECT_NE(labels[0].evidence.find("\"lexicon\":\"lexicons/pejorative_labels.tsv\""), std::string::npos);
  EXPECT_NE(labels[0].evidence.find("\"in_quotation\":false"), std::string::npos);
}

TEST(LoadedLanguageAnnotator, QuotedWordsAreDownWeighted) {
  const auto annotator = shipped_annotator();
  const auto article = body_article("\u201CThese thugs have no place in our town,\u201D the mayor said on Monday.");
  const auto labels = ann::machine_annotate({annotator.get()}, article, false);
  ASSERT_EQ(summary(article, labels), std::vector<std::string>{"pejorative_label:thugs"});
  EXPECT_DOUBLE_EQ(labels[0].confidence, 0.4);
  EXPECT_NE(labels[0].evidence.find("\"in_quotation\":true"), std::string::npos);
}

TEST(LoadedLanguageAnnotator, ScareQuotesByPatternAndByShortQuotation) {
  const auto annotator = shipped_annotator();
  const auto article = body_article(
      "The so-called experts arrived in company cars for the \u2018independent\u2019 review. "
      "The inspectorate called the breach 'serious', its director said.");
  const auto labels = ann::machine_annotate({annotator.get()}, article, false);
  // The second quotation has a speaker in its sentence, so it is a quotation, not a scare quote.
  EXPECT_EQ(summary(article, labels),
            (std::vector<std::string>{"scare_quotes:so-called", "scare_quotes:\u2018independent\u2019"}));
  EXPECT_EQ(labels[1].rule, "scare_quotes:short_quotation");
}

TEST(LoadedLanguageAnnotator, OnlyThePassageRolesOfTheDimension) {
  const auto annotator = shipped_annotator();
  const auto article = credence::testing::article_of({{ann::PassageRole::title, "Thugs and vermin"},
                                                      {ann::PassageRole::body, "The council met on Tuesday."},
                                                      {ann::PassageRole::comment, "What a bunch of thugs."}});
  EXPECT_TRUE(ann::machine_annotate({annotator.get()}, article, false).empty());
}

TEST(LoadedLanguageAnnotator, RubricWithoutTheDimension) {
  auto rubric = shipped_rubric("loaded_language");
  rubric.dimensions.front().id = "wording";
  rubric.path = "r.json";
  std::vector<ann::Diagnostic> diagnostics;
  EXPECT_EQ(ann::make_loaded_language_annotator(rubric, shipped_rubrics(), diagnostics), nullptr);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].render(),
            "r.json: error: rubric 'loaded_language' has no dimension 'loaded_language'; the loaded-lexicon annotator needs it");
}

TEST(LoadedLanguageAnnotator, BrokenLexiconIsReportedWithLineAndColumn) {
  TempDir dir;
  std::filesystem::create_directories(dir / "lexicons");
  std::filesystem::create_directories(dir / "rules");
  for (const char* f : {"lexicons/charged_words.tsv", "lexicons/intensifiers.tsv", "lexicons/dehumanising.tsv",
                        "lexicons/report_verbs.tsv", "rules/scare_quotes.tsv"}) {
    std::filesystem::copy_file(shipped_rubrics() + "/" + f, dir / f);
  }
  std::ofstream(dir / "lexicons/pejorative_labels.tsv") << "# comment\nthugs\tpejorative_label\t0.8\tcredence\n"
                                                           "mob\tpejorative_label\tlots\tcredence\n"
                                                           "goons\tinsult\t0.5\tcredence\n";
  std::vector<ann::Diagnostic> diagnostics;
  EXPECT_EQ(ann::make_loaded_language_annotator(shipped_rubric("loaded_language"), dir.path(), diagnostics), nullptr);
  std::vector<std::string> rendered;
  for (const auto& d : diagnostics) rendered.push_back(d.render());
  EXPECT_EQ(rendered, (std::vector<std::string>{
                          "lexicons/pejorative_labels.tsv:3:22: error: weight 'lots' is not a number between 0 and 1",
                          "lexicons/pejorative_labels.tsv:4:7: error: subtype 'insult' is not one of: dehumanising, "
                          "emotional_appeal, exaggeration, name_calling, pejorative_label, scare_quotes"}));
  std::ofstream(dir / "lexicons/pejorative_labels.tsv", std::ios::trunc) << "# nothing yet\n";
  diagnostics.clear();
  EXPECT_EQ(ann::make_loaded_language_annotator(shipped_rubric("loaded_language"), dir.path(), diagnostics), nullptr);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].render(), "lexicons/pejorative_labels.tsv: error: lexicon has no entries; add lines "
                                     "entry<TAB>subtype<TAB>weight<TAB>source");
}

TEST(LoadedLanguageAnnotator, TextWithoutSentencesOrWords) {
  const auto annotator = shipped_annotator();
  for (const char* text : {"", "   ", "\u2014 \u2014 ...", "\"", "'''''"}) {
    const auto article = body_article(text);
    EXPECT_NO_THROW(ann::machine_annotate({annotator.get()}, article, false)) << text;
  }
}

TEST(LoadedLanguageAnnotator, FiveMegabyteParagraphWithQuotationsStaysLinear) {
  const auto annotator = shipped_annotator();
  std::string text;
  while (text.size() < 5'000'000) {
    text += "The 'independent' experts called it a \u201Cdisgraceful, reckless cover-up by greedy polluters\u201D again. ";
  }
  const auto article = body_article(text);
  const auto t0 = std::chrono::steady_clock::now();
  const auto labels = ann::machine_annotate({annotator.get()}, article, false);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(seconds, 60.0);
  const std::size_t sentences = article.passages[0].sentences.size();
  std::size_t scare = 0, quoted = 0;
  for (const auto& l : labels) {
    if (l.category == "scare_quotes") ++scare;
    if (l.evidence.find("\"in_quotation\":true") != std::string::npos) ++quoted;
  }
  EXPECT_EQ(scare, sentences);           // 'independent' in each sentence
  EXPECT_EQ(quoted, 4 * sentences);      // disgraceful, reckless, cover-up, greedy polluters
}

// Random body passages of lexicon entries, report verbs, quotation marks of every kind, apostrophes and
// filler in several scripts, split into sentences: the annotator's labels are the reference's.
TEST(LoadedLanguageAnnotator, SameLabelsAsBeforeOnRandomPassages) {
  const auto annotator = shipped_annotator();
  ASSERT_TRUE(annotator);
  std::vector<ann::Diagnostic> diagnostics;
  ann::CueSet cues;
  ann::CueSet report_verbs;
  std::vector<std::string> files = shipped_rubric("loaded_language").dimensions.front().lexicons;
  files.emplace_back("rules/scare_quotes.tsv");
  for (const auto& file : files) cues.add_file(shipped_rubrics() + "/" + file, file, {}, diagnostics);
  report_verbs.add_file(shipped_rubrics() + "/lexicons/report_verbs.tsv", "lexicons/report_verbs.tsv", {}, diagnostics);
  cues.build();
  report_verbs.build();
  ASSERT_TRUE(diagnostics.empty());
  const std::vector<std::string> filler = {
      "the", "a", "of", "on", "Tuesday", "\u00E9t\u00E9", "\u0436\u0443\u043A", "\u4E2D\u6587", "42", "it's",
      "workers'", "'n'", ",", ".", ". ", "! ", "? ", "\u2014", "-", "\u00A0", "\u00AD", "\U0001F600",
      "\"", "'", "\u201C", "\u201D", "\u2018", "\u2019", "\u201C", "\u201D", "\u2018", "\u2019"};
  std::mt19937 rng(20261122);
  std::size_t scare_quotes = 0, in_quotation = 0;  // the cases drawn, so that both kinds are exercised
  for (int round = 0; round < 3000; ++round) {
    std::vector<std::pair<ann::PassageRole, std::string>> paragraphs;
    const std::size_t passage_count = 1 + rng() % 3;
    for (std::size_t p = 0; p < passage_count; ++p) {
      std::string text;
      const std::size_t words = rng() % 50;
      for (std::size_t w = 0; w < words; ++w) {
        if (!text.empty() && rng() % 3 != 0) text += " ";
        const unsigned pick = rng() % 10;
        if (pick < 2) {
          text += cues.entry(rng() % cues.entry_count()).entry->text;
        } else if (pick < 3) {
          text += report_verbs.entry(rng() % report_verbs.entry_count()).entry->text;
        } else {
          text += filler[rng() % filler.size()];
        }
      }
      paragraphs.emplace_back(ann::PassageRole::body, text.empty() ? "x" : text);
    }
    const auto article = credence::testing::article_of(paragraphs);
    std::vector<ann::MachineLabel> expected;
    for (const auto& passage : article.passages) {
      const std::size_t before = expected.size();
      reference_labels(cues, report_verbs, passage, expected);
      std::stable_sort(expected.begin() + static_cast<std::ptrdiff_t>(before), expected.end(),
                       [](const ann::MachineLabel& a, const ann::MachineLabel& b) { return a.start < b.start; });
    }
    ASSERT_EQ(credence::testing::describe_labels(ann::machine_annotate({annotator.get()}, article, false)),
              credence::testing::describe_labels(expected))
        << "round " << round;
    for (const auto& label : expected) {
      scare_quotes += label.rule == "scare_quotes:short_quotation";
      in_quotation += label.evidence.find("\"in_quotation\":true") != std::string::npos;
    }
  }
  EXPECT_GT(scare_quotes, 100u);
  EXPECT_GT(in_quotation, 100u);
}
