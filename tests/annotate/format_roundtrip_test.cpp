// Round trips for every label format: the project's fixture (CRLF, NFD and non-composing combining
// characters, emoji, overlapping spans, two annotators) is imported, must give exactly the labels of
// expected.jsonl, is exported, and the export imported into a fresh study must give them again.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "annotate/test_util.hpp"
#include "credence/annotate/format_export.hpp"
#include "credence/annotate/format_import.hpp"
#include "credence/annotate/ingest.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/store.hpp"

namespace ann = credence::annotate;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

ann::Study make_study(const std::filesystem::path& folder) {
  auto study = ann::Study::create(folder);
  auto loaded = ann::load_rubric_file(test_data("formats/rubric.json"));
  EXPECT_TRUE(loaded.rubric);
  study.add_rubric(ann::RubricRow{loaded.rubric->id, loaded.rubric->version, loaded.rubric->title, loaded.rubric->json, ""});
  return study;
}

void store_article(ann::Study& study, const std::string& id, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  ann::ArticleMeta meta;
  meta.external_id = id;
  ann::Article article;
  std::vector<ann::Diagnostic> problems;
  ASSERT_TRUE(ann::article_from_text(buffer.str(), ann::InputFormat::text, meta, path, article, problems));
  study.insert_article(article);
}

struct Imported {
  ann::ImportStats stats;
  std::vector<std::string> errors;
};

Imported import(ann::Study& study, ann::LabelFormat format, const std::vector<std::string>& paths,
                const std::string& annotator = "", const std::string& map_path = "") {
  std::vector<ann::Diagnostic> map_problems;
  std::optional<ann::LabelMap> map;
  if (!map_path.empty()) map = ann::load_label_map(map_path, map_problems);
  EXPECT_TRUE(map_problems.empty());
  Imported result;
  ann::ImportOptions options;
  options.annotator = annotator;
  options.map = map ? &*map : nullptr;
  ann::LabelImporter importer(study, options);
  ann::ReadOptions read;
  read.annotator = annotator;
  auto sink = [&](ann::Diagnostic&& d) {
    if (d.severity == ann::Severity::error) result.errors.push_back(d.render());
  };
  ann::Study::Transaction tx(study);
  ann::read_labels(format, paths, read, options.map, [&](ann::ForeignDocument&& doc) { importer.add(std::move(doc), sink); },
                   sink);
  tx.commit();
  result.stats = importer.stats();
  return result;
}

// One line per label: article|annotator|dimension|unit|passage|start|end|category|note.
std::multiset<std::string> labels_of(ann::Study& study) {
  std::multiset<std::string> out;
  for (const auto& row : study.list_articles()) {
    ann::AnnotationFilter filter;
    filter.article_id = row.id;
    for (const auto& a : study.current_annotations(filter)) {
      std::ostringstream line;
      line << row.meta.external_id << '|' << a.annotator << '|' << a.dimension << '|' << ann::to_string(a.unit) << '|';
      if (a.unit == ann::UnitKind::passage) line << a.passage_index.value_or(-1);
      line << '|';
      if (a.unit == ann::UnitKind::span) line << *a.start << '|' << *a.end;
      else line << '|';
      line << '|' << a.category << '|' << a.note;
      out.insert(line.str());
    }
  }
  return out;
}

struct ExpectedFilter {
  std::string article = "doc1";
  std::string annotator;          // "" = all
  bool article_labels = true;
  bool notes = true;
};

std::multiset<std::string> expected(const ExpectedFilter& f = {}) {
  std::ifstream in(test_data("formats/expected.jsonl"));
  std::string line;
  std::multiset<std::string> out;
  while (std::getline(in, line)) {
    const auto o = boost::json::parse(line).as_object();
    auto str = [&](const char* key) { return o.contains(key) ? std::string(o.at(key).as_string()) : std::string(); };
    if (str("article") != f.article) continue;
    if (!f.annotator.empty() && str("annotator") != f.annotator) continue;
    if (!f.article_labels && str("unit") == "article") continue;
    std::ostringstream l;
    l << str("article") << '|' << str("annotator") << '|' << str("dimension") << '|' << str("unit") << '|';
    if (o.contains("passage")) l << o.at("passage").as_int64();
    l << '|';
    if (o.contains("start")) l << o.at("start").as_int64() << '|' << o.at("end").as_int64();
    else l << '|';
    l << '|' << str("category") << '|' << (f.notes ? str("note") : "");
    out.insert(l.str());
  }
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// Exports study A in FORMAT and imports the export into a fresh study; returns the fresh study's labels.
std::multiset<std::string> round_trip(ann::Study& a, ann::LabelFormat format, const TempDir& dir, const std::string& out_name,
                                      const std::function<void(ann::Study&)>& prepare = {},
                                      const std::string& annotator = "") {
  const auto out = dir / out_name;
  std::vector<std::string> warnings;
  auto stats = ann::export_labels(a, format, out, {}, {}, [&](ann::Diagnostic&& d) { warnings.push_back(d.render()); });
  EXPECT_TRUE(warnings.empty()) << joined(warnings);
  EXPECT_EQ(stats.labels_skipped, 0u);
  auto b = make_study(dir / (out_name + "_study"));
  if (prepare) prepare(b);
  auto again = import(b, format, {out.string()}, annotator);
  EXPECT_TRUE(again.errors.empty()) << joined(again.errors);
  return labels_of(b);
}

}  // namespace

TEST(FormatRoundTrip, Brat) {
  TempDir dir;
  auto a = make_study(dir / "a");
  auto r = import(a, ann::LabelFormat::brat, {test_data("formats/brat")});
  EXPECT_TRUE(r.errors.empty()) << joined(r.errors);
  EXPECT_EQ(r.stats.articles_created, 1u);
  EXPECT_EQ(labels_of(a), expected());
  EXPECT_EQ(round_trip(a, ann::LabelFormat::brat, dir, "brat"), expected());
  // Importing the same files again stores nothing twice.
  auto again = import(a, ann::LabelFormat::brat, {test_data("formats/brat")});
  EXPECT_EQ(again.stats.labels_stored, 0u);
  EXPECT_EQ(again.stats.labels_already_stored, 10u);
  EXPECT_EQ(labels_of(a).size(), 10u);
}

TEST(FormatRoundTrip, LabelStudio) {
  TempDir dir;
  auto a = make_study(dir / "a");
  auto r = import(a, ann::LabelFormat::label_studio, {test_data("formats/label_studio/tasks.json")});
  EXPECT_TRUE(r.errors.empty()) << joined(r.errors);
  EXPECT_EQ(labels_of(a), expected());
  EXPECT_EQ(round_trip(a, ann::LabelFormat::label_studio, dir, "ls.json"), expected());
}

TEST(FormatRoundTrip, Doccano) {
  TempDir dir;
  auto a = make_study(dir / "a");
  auto r = import(a, ann::LabelFormat::doccano, {test_data("formats/doccano/doc1.jsonl")});
  EXPECT_TRUE(r.errors.empty()) << joined(r.errors);
  ExpectedFilter no_notes;
  no_notes.notes = false;  // doccano has nowhere to keep a note
  EXPECT_EQ(labels_of(a), expected(no_notes));
  EXPECT_EQ(round_trip(a, ann::LabelFormat::doccano, dir, "doccano.jsonl"), expected(no_notes));
}

TEST(FormatRoundTrip, Xmi) {
  TempDir dir;
  auto a = make_study(dir / "a");
  auto r = import(a, ann::LabelFormat::xmi, {test_data("formats/xmi")}, "", test_data("formats/xmi.map"));
  EXPECT_TRUE(r.errors.empty()) << joined(r.errors);
  EXPECT_EQ(labels_of(a), expected());
  EXPECT_EQ(round_trip(a, ann::LabelFormat::xmi, dir, "xmi"), expected());
}

TEST(FormatRoundTrip, WebannoTsv) {
  TempDir dir;
  auto a = make_study(dir / "a");
  store_article(a, "doc_tsv", test_data("formats/text/doc_tsv.txt"));
  auto r = import(a, ann::LabelFormat::webanno_tsv, {test_data("formats/webanno")});
  EXPECT_TRUE(r.errors.empty()) << joined(r.errors);
  ExpectedFilter tsv;
  tsv.article = "doc_tsv";
  tsv.notes = false;  // TSV3 export of INCEpTION has no notes in this layer
  EXPECT_EQ(labels_of(a), expected(tsv));
  auto prepare = [](ann::Study& b) { store_article(b, "doc_tsv", test_data("formats/text/doc_tsv.txt")); };
  EXPECT_EQ(round_trip(a, ann::LabelFormat::webanno_tsv, dir, "tsv", prepare), expected(tsv));
}

TEST(FormatRoundTrip, WebannoTsvOneFileOfTheInceptionLayout) {
  // The fixture's offsets count the CR of CRLF line ends (as INCEpTION does for such a file); the
  // stored text has LF only, and the importer finds the CRLF reading that matches every token.
  TempDir dir;
  auto a = make_study(dir / "a");
  store_article(a, "doc_tsv", test_data("formats/text/doc_tsv.txt"));
  auto r = import(a, ann::LabelFormat::webanno_tsv, {test_data("formats/webanno/doc_tsv/alice.tsv")});
  EXPECT_TRUE(r.errors.empty()) << joined(r.errors);
  ExpectedFilter alice;
  alice.article = "doc_tsv";
  alice.annotator = "alice";
  alice.notes = false;
  EXPECT_EQ(labels_of(a), expected(alice));
}

TEST(FormatRoundTrip, Ptc) {
  TempDir dir;
  auto a = make_study(dir / "a");
  auto r = import(a, ann::LabelFormat::ptc, {test_data("formats/ptc")}, "alice", test_data("formats/ptc.map"));
  EXPECT_TRUE(r.errors.empty()) << joined(r.errors);
  ExpectedFilter alice;
  alice.annotator = "alice";
  alice.article_labels = false;  // PTC holds spans only
  alice.notes = false;
  EXPECT_EQ(labels_of(a), expected(alice));
  EXPECT_EQ(round_trip(a, ann::LabelFormat::ptc, dir, "ptc", {}, "alice"), expected(alice));
}

TEST(FormatRoundTrip, Csv) {
  TempDir dir;
  auto a = make_study(dir / "a");
  store_article(a, "doc1", test_data("formats/text/doc1.txt"));
  auto r = import(a, ann::LabelFormat::csv, {test_data("formats/csv/labels.csv")});
  EXPECT_TRUE(r.errors.empty()) << joined(r.errors);
  EXPECT_EQ(labels_of(a), expected());
  auto prepare = [](ann::Study& b) { store_article(b, "doc1", test_data("formats/text/doc1.txt")); };
  EXPECT_EQ(round_trip(a, ann::LabelFormat::csv, dir, "labels.csv", prepare), expected());
}

TEST(FormatRoundTrip, AcrossFormats) {
  // brat in, Label Studio out, XMI out of that, doccano back: the labels survive every hop.
  TempDir dir;
  auto a = make_study(dir / "a");
  import(a, ann::LabelFormat::brat, {test_data("formats/brat")});
  auto noop = [](ann::Diagnostic&&) {};
  ann::export_labels(a, ann::LabelFormat::label_studio, dir / "ls.json", {}, {}, noop);
  auto b = make_study(dir / "b");
  import(b, ann::LabelFormat::label_studio, {(dir / "ls.json").string()});
  ann::export_labels(b, ann::LabelFormat::xmi, dir / "xmi", {}, {}, noop);
  auto c = make_study(dir / "c");
  auto r = import(c, ann::LabelFormat::xmi, {(dir / "xmi").string()});
  EXPECT_TRUE(r.errors.empty()) << joined(r.errors);
  EXPECT_EQ(labels_of(c), expected());
}

TEST(FormatImport, RolledBackArticleDoesNotLeaveItsLengthBehind) {
  // add_annotation remembers the last article's length; a rolled-back article's id is given to the
  // next article, whose length must be read afresh.
  TempDir dir;
  auto study = make_study(dir / "s");
  auto add = [&](const std::string& text) {
    ann::ArticleMeta meta;
    meta.external_id = "a";
    ann::Article article;
    std::vector<ann::Diagnostic> problems;
    EXPECT_TRUE(ann::article_from_text(text, ann::InputFormat::text, meta, "", article, problems));
    return study.insert_article(article);
  };
  ann::Annotation label;
  label.annotator = "alice";
  label.rubric_id = "fmt";
  label.rubric_version = "1.0.0";
  label.dimension = "loaded_language";
  label.unit = ann::UnitKind::span;
  label.category = "exaggeration";
  label.start = 0;
  label.end = 20;
  std::int64_t first_id = 0;
  {
    ann::Study::Transaction tx(study);
    first_id = add("A long enough first text, thirty-nine.");
    label.article_id = first_id;
    study.add_annotation(label);
  }
  const auto second_id = add("Short one.");
  ASSERT_EQ(second_id, first_id);
  label.article_id = second_id;
  EXPECT_THROW(study.add_annotation(label), std::invalid_argument);
}
