// Tests for machine_claims.hpp: each support kind, the claim span without its attribution, questions and
// opinions left alone, and the errors for a rubric that lacks the dimension or a category.
#include "credence/annotate/machine_claims.hpp"

#include <gtest/gtest.h>

#include "machine_test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::body_article;
using credence::testing::shipped_rubric;
using credence::testing::shipped_rubrics;

namespace {

std::unique_ptr<ann::MachineAnnotator> shipped_annotator() {
  std::vector<ann::Diagnostic> diagnostics;
  auto a = ann::make_claims_annotator(shipped_rubric("unsupported_claims"), shipped_rubrics(), diagnostics);
  EXPECT_TRUE(diagnostics.empty()) << diagnostics.front().render();
  return a;
}

std::vector<std::string> summary(const std::string& text) {
  static const auto annotator = shipped_annotator();
  const auto article = body_article(text);
  const ann::Utf8Index index(article.text);
  std::vector<std::string> out;
  for (const auto& l : ann::machine_annotate({annotator.get()}, article, false)) {
    out.push_back(l.category + ":" + std::string(index.slice(article.text, l.start, l.end)));
  }
  return out;
}

}  // namespace

TEST(ClaimsAnnotator, NamedSourceAfterTheClaim) {
  EXPECT_EQ(summary("About 40,000 cubic metres of slurry escaped into the river, the Regional Environment "
                    "Inspectorate said in a statement."),
            std::vector<std::string>{"named_source:About 40,000 cubic metres of slurry escaped into the river"});
  EXPECT_EQ(summary("Mayor Ilse Marchetti said the plant would stay shut until the inquiry ends."),
            std::vector<std::string>{"named_source:the plant would stay shut until the inquiry ends"});
}

TEST(ClaimsAnnotator, AccordingToANamedDocument) {
  EXPECT_EQ(summary("According to the Council Minutes, the pond wall was last inspected in 2023."),
            std::vector<std::string>{"named_source:the pond wall was last inspected in 2023"});
}

TEST(ClaimsAnnotator, AnonymousSources) {
  EXPECT_EQ(summary("Sources close to the investigation say the wall had been cracked for months."),
            std::vector<std::string>{"anonymous_source:the wall had been cracked for months"});
  EXPECT_EQ(summary("The plant will reopen within weeks, a senior ministry official said."),
            std::vector<std::string>{"anonymous_source:The plant will reopen within weeks"});
}

TEST(ClaimsAnnotator, HedgedWithoutSource) {
  EXPECT_EQ(summary("The pond had reportedly been filled far above its limit."),
            std::vector<std::string>{"hedged:The pond had reportedly been filled far above its limit"});
}

TEST(ClaimsAnnotator, SpeculationStatedAsFact) {
  EXPECT_EQ(summary("The protests were planned and paid for from abroad by the usual groups."),
            std::vector<std::string>{"speculation_as_fact:The protests were planned and paid for from abroad by the usual groups"});
}

TEST(ClaimsAnnotator, UnsupportedAssertion) {
  EXPECT_EQ(summary("Managers knew about the cracks for two years and did nothing."),
            std::vector<std::string>{"unsupported:Managers knew about the cracks for two years and did nothing"});
}

TEST(ClaimsAnnotator, ClausesSplitAtSemicolonsAndDashes) {
  EXPECT_EQ(summary("Two workers were treated for burns at the hospital; dead fish were reported along the river."),
            (std::vector<std::string>{"unsupported:Two workers were treated for burns at the hospital",
                                      "unsupported:dead fish were reported along the river"}));
}

TEST(ClaimsAnnotator, QuestionsOpinionsAndFragmentsAreNotClaims) {
  EXPECT_TRUE(summary("Who knew about the cracks in the wall before the spill?").empty());
  EXPECT_TRUE(summary("I think the company has behaved disgracefully towards the town.").empty());
  EXPECT_TRUE(summary("Read more.").empty());
  EXPECT_TRUE(summary("").empty());
  EXPECT_TRUE(summary("... ... ???").empty());
}

TEST(ClaimsAnnotator, EvidenceNamesTheRuleAndTheSourceWords) {
  const auto annotator = shipped_annotator();
  const auto article = body_article("The plant will reopen within weeks, officials said.");
  const auto labels = ann::machine_annotate({annotator.get()}, article, false);
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_EQ(labels[0].rule, "claims:anonymous_source");
  EXPECT_EQ(labels[0].entry, "said");
  EXPECT_EQ(labels[0].evidence, "{\"rule\":\"claims:anonymous_source\",\"entry\":\"said\",\"source_words\":\"officials\","
                                "\"why\":\"report cue with an anonymous source word\"}");
}

TEST(ClaimsAnnotator, RubricWithoutACategory) {
  auto rubric = shipped_rubric("unsupported_claims");
  rubric.path = "claims.json";
  auto& cats = rubric.dimensions.front().categories;
  cats.erase(cats.begin() + 2);  // hedged
  std::vector<ann::Diagnostic> diagnostics;
  EXPECT_EQ(ann::make_claims_annotator(rubric, shipped_rubrics(), diagnostics), nullptr);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].render(), "claims.json: error: dimension 'claim_support' has no category 'hedged'; the "
                                     "claim-rules annotator codes claims with it");
  rubric.dimensions.clear();
  diagnostics.clear();
  EXPECT_EQ(ann::make_claims_annotator(rubric, shipped_rubrics(), diagnostics), nullptr);
  EXPECT_EQ(diagnostics.at(0).render(), "claims.json: error: rubric 'unsupported_claims' has no dimension "
                                        "'claim_support'; the claim-rules annotator needs it");
}

TEST(ClaimsAnnotator, VeryLongParagraphFinishes) {
  const auto annotator = shipped_annotator();
  std::string text;
  while (text.size() < 5'000'000) text += "Officials said the river was safe; critics say it is not, reportedly. ";
  const auto article = body_article(text);
  const auto labels = ann::machine_annotate({annotator.get()}, article, false);
  EXPECT_GT(labels.size(), 100'000u);
}

// The annotator reads the passage's UTF-8 in place: spans after accented letters, curly quotes, dashes,
// a no-break space and an astral character must still be whole code-point spans of the clause.
TEST(ClaimsAnnotator, NonAsciiTextKeepsCodePointSpans) {
  EXPECT_EQ(summary("\xF0\x9F\x93\xB0 Mayor \xC5\xBB" "aneta Nowak of \xC5\x81\xC3\xB3" "d\xC5\xBA said the caf\xC3\xA9 "
                    "had been closed for weeks."),
            std::vector<std::string>{"named_source:the caf\xC3\xA9 had been closed for weeks"});
  EXPECT_EQ(summary("\xE2\x80\x9CThe r\xC3\xA9sum\xC3\xA9 was forged,\xE2\x80\x9D the company\xE2\x80\x99s lawyer said "
                    "\xE2\x80\x94 the board\xC2\xA0had reportedly known since 2019."),
            (std::vector<std::string>{"named_source:The r\xC3\xA9sum\xC3\xA9 was forged",
                                      "hedged:the board\xC2\xA0had reportedly known since 2019"}));
}

// Each coding's category, rule, entry, confidence and evidence, exactly (the evidence's fixed parts are
// quoted once per coding, the entries once per cue).
TEST(ClaimsAnnotator, EvidenceOfEachCoding) {
  const auto annotator = shipped_annotator();
  auto evidence = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const auto& l : ann::machine_annotate({annotator.get()}, body_article(text), false)) {
      out.push_back(l.category + " | " + l.rule + " | " + l.entry + " | " + std::to_string(l.confidence) + " | " +
                    l.evidence);
    }
    return out;
  };
  EXPECT_EQ(evidence("Mayor Ilse Marchetti said the plant would stay shut until the inquiry ends."),
            std::vector<std::string>{"named_source | claims:named_source | said | 0.700000 | "
                                     "{\"rule\":\"claims:named_source\",\"entry\":\"said\",\"source_words\":\"Mayor Ilse "
                                     "Marchetti\",\"why\":\"report cue with a capitalised name in the source words\"}"});
  EXPECT_EQ(evidence("The plant will reopen within weeks, officials said."),
            std::vector<std::string>{"anonymous_source | claims:anonymous_source | said | 0.700000 | "
                                     "{\"rule\":\"claims:anonymous_source\",\"entry\":\"said\",\"source_words\":"
                                     "\"officials\",\"why\":\"report cue with an anonymous source word\"}"});
  EXPECT_EQ(evidence("The plant will reopen within weeks, he said."),
            std::vector<std::string>{"named_source | claims:named_source | said | 0.500000 | "
                                     "{\"rule\":\"claims:named_source\",\"entry\":\"said\",\"source_words\":\"he\","
                                     "\"why\":\"report cue with 'he' or 'she' (a source named earlier)\"}"});
  EXPECT_EQ(evidence("The plant will reopen within weeks, the company said."),
            std::vector<std::string>{"named_source | claims:named_source | said | 0.450000 | "
                                     "{\"rule\":\"claims:named_source\",\"entry\":\"said\",\"source_words\":\"the "
                                     "company\",\"why\":\"report cue with a definite description of the source\"}"});
  EXPECT_EQ(evidence("The pond had reportedly been filled far above its limit."),
            std::vector<std::string>{"hedged | claims:hedged | reportedly | 0.720000 | "
                                     "{\"rule\":\"claims:hedged\",\"entry\":\"reportedly\",\"why\":\"hedge in the "
                                     "clause and no source\"}"});
  EXPECT_EQ(evidence("The fire was secretly orchestrated by the owners of the site."),
            std::vector<std::string>{"speculation_as_fact | claims:speculation_as_fact | secretly | 0.490000 | "
                                     "{\"rule\":\"claims:speculation_as_fact\",\"entry\":\"secretly\",\"why\":\"cue for "
                                     "motives, hidden actors or the future, asserted without source or hedge\"}"});
  EXPECT_EQ(evidence("The river was closed to boats for the whole of last week."),
            std::vector<std::string>{"unsupported | claims:unsupported |  | 0.350000 | "
                                     "{\"rule\":\"claims:unsupported\",\"entry\":\"\",\"why\":\"assertion with no "
                                     "source, hedge or speculation cue\"}"});
}

// Word bounds wherever they fall in the sixteen-byte blocks the words are found in: words of every length
// up to 40 bytes, joined inside by apostrophes, hyphens, dots or non-ASCII letters, give the claim span
// without the attribution; four words are too few for a claim and five are enough, however long.
TEST(ClaimsAnnotator, WordsOfEveryLengthAndJoint) {
  for (std::size_t n = 1; n <= 40; ++n) {
    for (const std::string joint : {"'", "\xE2\x80\x99", "-", ".", "\xC3\xA9", "9"}) {
      const std::string word = std::string(n, 'a') + joint + std::string(41 - n, 'B');
      const std::string claim = "The " + word + " plant had reopened within weeks";
      EXPECT_EQ(summary(claim + ", officials said."), std::vector<std::string>{"anonymous_source:" + claim})
          << n << " " << joint;
      const std::string name = "C" + word;
      EXPECT_EQ(summary(name + " said the " + word + " plant had reopened."),
                std::vector<std::string>{"named_source:the " + word + " plant had reopened"})
          << n << " " << joint;
    }
    const std::string long_word = std::string(n, 'x') + std::string(n % 3 + 15, 'Y');
    EXPECT_EQ(summary(long_word + " was " + long_word + " " + long_word + "."), std::vector<std::string>{}) << n;
    const std::string five = long_word + " was " + long_word + " " + long_word + " " + long_word;
    EXPECT_EQ(summary(five + "."), std::vector<std::string>{"unsupported:" + five}) << n;
  }
}

// A report cue without a recognisable source supports nothing: the clause is then coded like one without
// a cue, unsupported only if one of its words shows an assertion (read only in that case).
TEST(ClaimsAnnotator, ReportCueWithoutASourceNeedsAnAssertion) {
  EXPECT_EQ(summary("They want us to say the plant is safe for everyone."),
            std::vector<std::string>{"unsupported:They want us to say the plant is safe for everyone"});
  EXPECT_EQ(summary("They want us to say the plant stays safe for 2 weeks."),
            std::vector<std::string>{"unsupported:They want us to say the plant stays safe for 2 weeks"});
  EXPECT_EQ(summary("They want us to say the plant stays safe for everyone."), std::vector<std::string>{});
}

// Offsets in a long paragraph of many sentences full of multi-byte characters: the code point offsets of
// each sentence's cues and labels are found by counting from the last one converted, forwards and back.
TEST(ClaimsAnnotator, LongNonAsciiParagraphKeepsCodePointSpans) {
  std::string text;
  std::vector<std::string> expected;
  for (int k = 0; k < 40; ++k) {
    const std::string pad(static_cast<std::size_t>(k % 7), 'x');
    const std::string claim = "The caf\xC3\xA9 " + pad + "\xE2\x80\x99s \xC5\x81\xC3\xB3" "d\xC5\xBA " +
                              "\xF0\x9F\x93\xB0 stall had been closed for " + std::to_string(k) + " weeks";
    if (k % 3 == 0) {
      text += "\xE2\x80\x9C" + claim + ",\xE2\x80\x9D officials said. ";
      expected.push_back("anonymous_source:" + claim);
    } else if (k % 3 == 1) {
      text += "Mayor \xC5\xBB" "aneta Nowak said " + claim + ". ";
      expected.push_back("named_source:" + claim);
    } else {
      text += claim + " \xE2\x80\x94 " + claim + ". ";
      expected.push_back("unsupported:" + claim);
      expected.push_back("unsupported:" + claim);
    }
  }
  EXPECT_EQ(summary(text), expected);
}
