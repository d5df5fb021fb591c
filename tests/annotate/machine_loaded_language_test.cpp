// Tests for machine_loaded_language.hpp: lexicon labels with evidence, quotations, scare quotes, roles,
// and the errors for a rubric without the dimension or a broken lexicon.
#include "credence/annotate/machine_loaded_language.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

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
