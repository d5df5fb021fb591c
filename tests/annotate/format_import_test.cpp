// Tests for format_import.cpp: the messages of LabelImporter word for word (label names the study's
// rubrics cannot resolve, documents whose text does not fit the stored article, labels whose offsets or
// unit do not fit), and that a rejected label or document leaves nothing stored.
#include "credence/annotate/format_import.hpp"

#include <gtest/gtest.h>

#include "credence/annotate/ingest.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/store.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

const std::string k_text = "They are thugs and liars.\n\nThe council met on Monday.\n";

void add_rubric(ann::Study& study, const std::string& json) {
  auto loaded = ann::parse_rubric(json, "rubric.json");
  ASSERT_TRUE(loaded.rubric);
  study.add_rubric(ann::RubricRow{loaded.rubric->id, loaded.rubric->version, loaded.rubric->title, json, ""});
}

// The formats rubric "fmt" (tone per article, frame per passage, loaded_language per span) and article "a1".
ann::Study make_study(const TempDir& dir) {
  auto study = ann::Study::create(dir / "study");
  add_rubric(study, credence::testing::read_file(test_data("formats/rubric.json")));
  ann::ArticleMeta meta;
  meta.external_id = "a1";
  ann::Article article;
  std::vector<ann::Diagnostic> problems;
  EXPECT_TRUE(ann::article_from_text(k_text, ann::InputFormat::text, meta, "a1.txt", article, problems));
  study.insert_article(article);
  return study;
}

ann::ForeignLabel label(const std::string& name, std::size_t line, std::optional<std::pair<std::size_t, std::size_t>> span = {}) {
  ann::ForeignLabel l;
  l.name = name;
  l.annotator = "ann1";
  if (span) {
    l.has_span = true;
    l.start = span->first;
    l.end = span->second;
  }
  l.where = ann::Location{"labels.txt", line, 0, std::nullopt, ""};
  return l;
}

ann::ForeignDocument document(const std::string& id, std::optional<std::string> text, std::vector<ann::ForeignLabel> labels) {
  ann::ForeignDocument doc;
  doc.id = id;
  doc.text = std::move(text);
  doc.where = ann::Location{"labels.txt", 1, 0, std::nullopt, ""};
  doc.labels = std::move(labels);
  return doc;
}

struct Result {
  std::vector<std::string> messages;
  ann::ImportStats stats;
};

Result import(ann::Study& study, std::vector<ann::ForeignDocument> docs, const std::string& annotator = "") {
  Result result;
  ann::ImportOptions options;
  options.annotator = annotator;
  ann::LabelImporter importer(study, options);
  for (auto& doc : docs) importer.add(std::move(doc), [&](ann::Diagnostic&& d) { result.messages.push_back(d.render()); });
  result.stats = importer.stats();
  return result;
}

std::size_t label_count(ann::Study& study) { return study.current_annotations().size(); }

}  // namespace

TEST(LabelImporter, NamesTheRubricsCannotResolve) {
  TempDir dir;
  auto study = make_study(dir);
  // A second rubric with a "tone" dimension makes the bare name ambiguous.
  add_rubric(study, R"({"id": "fmt2", "version": "1.0.0", "title": "T", "dimensions": [{"id": "tone", "name": "Tone",
      "unit": "article", "scale": "nominal", "categories": [{"id": "pro", "name": "Pro", "definition": "For."},
      {"id": "anti", "name": "Anti", "definition": "Against."}]}]})");
  const auto r = import(study, {document("a1", std::nullopt,
                                         {label("slant.left", 2), label("fmt/slant.left", 3), label("tone.pro", 4),
                                          label("fmt/frame.cultural", 5, std::make_pair(0, 25)), label("fmt/tone.pro", 6)})});
  EXPECT_EQ(r.messages, (std::vector<std::string>{
                            "labels.txt:2: error: label 'slant.left' names dimension \"slant\", which no rubric in the study has",
                            "labels.txt:3: error: label 'fmt/slant.left' names dimension \"slant\" of rubric \"fmt\", which no rubric in the study has",
                            "labels.txt:4: error: label 'tone.pro': dimension \"tone\" is in rubrics \"fmt\" and \"fmt2\"; name the rubric in "
                            "the map (RUBRIC/DIMENSION.CATEGORY)",
                            "labels.txt:5: error: label 'fmt/frame.cultural': dimension \"frame\" has no category \"cultural\" (known: economic, political)"}));
  EXPECT_EQ(r.stats.labels_stored, 1u);
  EXPECT_EQ(r.stats.labels_rejected, 4u);
  EXPECT_EQ(label_count(study), 1u);
}

TEST(LabelImporter, DocumentsWhoseTextDoesNotFit) {
  TempDir dir;
  auto study = make_study(dir);
  auto bad_utf8 = document("a1", "They are \xFFthugs.", {label("tone.pro", 2)});
  auto other_text = document("a1", "They are thugs and crooks.\n\nThe council met on Monday.\n",
                             {label("tone.pro", 3), label("tone.anti", 4)});
  auto empty = document("new", " \n\n", {label("tone.pro", 5)});
  auto outside = document("a1", std::nullopt, {label("loaded_language.name_calling", 6, std::make_pair(9, 14))});
  outside.text_is_reconstructed = true;
  outside.anchors = {ann::TextAnchor{50, 60, "Monday", ann::Location{"labels.txt", 7, 1, std::nullopt, ""}}};
  const auto r = import(study, {std::move(bad_utf8), std::move(other_text), std::move(empty), std::move(outside)});
  EXPECT_EQ(r.messages,
            (std::vector<std::string>{
                "labels.txt:1: error: the text of document 'a1' is not valid UTF-8 (byte 9); save it as UTF-8; its 1 label was not imported",
                "labels.txt:1: error: document 'a1' has a different text from the stored article (they differ from code point 19: file has "
                "\"crooks.\\n\\nThe council met on Monday.\\n\", article has \"liars.\\n\\nThe council met on Monday.\\n\"); its 2 labels "
                "were not imported",
                "labels.txt:1: error: document 'new' cannot become an article: empty text; nothing to import; its 1 label was not imported",
                "labels.txt:7:1: error: text at [50, 60) (code points) is outside the stored article 'a1' (54 code points); the 1 label "
                "of this document was not imported"}));
  EXPECT_EQ(r.stats.articles_created, 0u);
  EXPECT_EQ(r.stats.labels_rejected, 5u);
  EXPECT_EQ(label_count(study), 0u);
  EXPECT_EQ(study.list_articles().size(), 1u);
}

TEST(LabelImporter, LabelsWhoseUnitOrOffsetsDoNotFit) {
  TempDir dir;
  auto study = make_study(dir);
  auto no_annotator = label("tone.pro", 2);
  no_annotator.annotator.clear();
  auto doc = document("a1", std::nullopt,
                      {no_annotator,
                       label("loaded_language.name_calling", 3),
                       label("loaded_language.name_calling", 4, std::make_pair(14, 9)),
                       label("frame.economic", 5, std::make_pair(0, 14)),
                       label("frame.economic", 6, std::make_pair(0, 25)),
                       label("loaded_language.name_calling", 7, std::make_pair(9, 14))});
  const auto r = import(study, {std::move(doc)});
  EXPECT_EQ(r.messages,
            (std::vector<std::string>{
                "labels.txt:2: error: no annotator for this label; pass --annotator NAME",
                "labels.txt:3: error: label 'loaded_language.name_calling' is for the whole document, but dimension \"loaded_language\" is "
                "labelled per span",
                "labels.txt:4: error: span [14, 9) (code points) is empty or reversed",
                "labels.txt:5: error: dimension \"frame\" is labelled per passage, but span [0, 14) (code points) is not exactly one "
                "passage of article 'a1' (passage 0 is [0, 25) in code points)"}));
  EXPECT_EQ(r.stats.labels_stored, 2u);
  EXPECT_EQ(label_count(study), 2u);
  // With a default annotator (--annotator) the first label goes in.
  auto again = document("a1", std::nullopt, {no_annotator});
  EXPECT_TRUE(import(study, {std::move(again)}, "ann2").messages.empty());
  EXPECT_EQ(label_count(study), 3u);
}

// A span over the byte-order mark only: it maps to nothing of the stored (normalised) text.
TEST(LabelImporter, SpanOverWhatNormalisationRemoves) {
  TempDir dir;
  auto study = make_study(dir);
  auto doc = document("bom", "\xEF\xBB\xBFHarsh words here.\n", {label("loaded_language.name_calling", 2, std::make_pair(0, 1)),
                                                                   label("loaded_language.name_calling", 3, std::make_pair(1, 6))});
  const auto r = import(study, {std::move(doc)});
  EXPECT_EQ(r.messages, std::vector<std::string>{"labels.txt:2: error: span [0, 1) (code points) covers only characters that "
                                                 "normalisation removes (a BOM or the CR of a CRLF)"});
  EXPECT_EQ(r.stats.articles_created, 1u);
  EXPECT_EQ(label_count(study), 1u);
}
