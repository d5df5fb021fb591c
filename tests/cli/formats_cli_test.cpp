// End-to-end tests of `credence import-labels --format` and `credence export`: each format's typical
// breakage reported with file and line (or JSON Pointer) while good records go in, --atomic, --map,
// moving the sample study through Label Studio and back, agreement on imported labels, and the PTC
// SemEval-2020 corpus (skipped when ../shared is absent).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "annotate/test_util.hpp"
#include "command.hpp"
#include "credence/annotate/format_labels.hpp"
#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"

namespace ann = credence::annotate;
using credence::testing::TempDir;
using credence::testing::test_data;

namespace {

struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

Run cli(std::vector<std::string> args) {
  std::ostringstream out, err;
  Run r;
  r.code = credence::cli::run_cli(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string init_fmt(const TempDir& dir, const std::string& name = "study") {
  const std::string study = (dir / name).string();
  auto r = cli({"init", study, "--rubric", test_data("formats/rubric.json")});
  EXPECT_EQ(r.code, 0) << r.err;
  return study;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

TEST(FormatsCli, BratBadLinesAreReportedAndGoodOnesStored) {
  TempDir dir;
  const auto study = init_fmt(dir);
  auto r = cli({"import-labels", study, "--format", "brat", test_data("formats/bad/brat")});
  EXPECT_EQ(r.code, 1) << r.err;
  const auto& e = r.err;
  EXPECT_TRUE(contains(e, "doc.ann:2:1: error: unknown annotation id 'X1'; brat lines start with T, A, M, R, E, N, # or *")) << e;
  EXPECT_TRUE(contains(e, "doc.ann:3:4: error: bad or missing annotation type in ' 0 5'")) << e;
  EXPECT_TRUE(contains(e, "doc.ann:4:1: error: span [18, 900) (code points) ends past the end of the text of 'doc' (28 code points)")) << e;
  EXPECT_TRUE(contains(e, "doc.ann:5:1: error: label text does not match article 'doc' at [0, 5) (code points): label says \"Shirt\", article has \"Short\"")) << e;
  EXPECT_TRUE(contains(e, "doc.ann:6:1: error: label 'Unknown_Type' is not mapped to a rubric dimension; add the line 'Unknown_Type<TAB>DIMENSION.CATEGORY'")) << e;
  EXPECT_TRUE(contains(e, "doc.ann:7:1: error: bad annotation id 'Tx'; text-bound ids are T followed by digits")) << e;
  EXPECT_TRUE(contains(e, "doc.ann:8:4: error: discontinuous span (START END;START END) in T6")) << e;
  EXPECT_TRUE(contains(e, "doc.ann:9:1: warning: relations are not labels of a rubric and are skipped")) << e;
  EXPECT_TRUE(contains(e, "unmapped label names (add them to a --map file, or @ignore them):\n  Unknown_Type\t1\n")) << e;
  EXPECT_TRUE(contains(r.out, "imported 1 label from 1 document (brat, offsets in code points); 1 new article; 7 rejected")) << r.out;
  auto s = ann::Study::open(study);
  ASSERT_EQ(s.current_annotations().size(), 1u);
  EXPECT_EQ(*s.current_annotations()[0].start, 18u);
  EXPECT_EQ(s.current_annotations()[0].annotator, "ann1");
}

TEST(FormatsCli, AtomicLeavesNothingHalfImported) {
  TempDir dir;
  const auto study = init_fmt(dir);
  auto r = cli({"import-labels", study, "--format", "brat", test_data("formats/bad/brat"), "--atomic"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(contains(r.err, "--atomic: nothing imported because 7 record(s) were rejected")) << r.err;
  auto s = ann::Study::open(study);
  EXPECT_TRUE(s.current_annotations().empty());
  EXPECT_TRUE(s.list_articles().empty());  // the article the import would have created is gone too
  // A good import with --atomic stores everything.
  auto good = cli({"import-labels", study, "--format", "brat", test_data("formats/brat"), "--atomic"});
  EXPECT_EQ(good.code, 0) << good.err;
  EXPECT_EQ(ann::Study::open(study).current_annotations().size(), 10u);
}

TEST(FormatsCli, MapIgnoresAndMapsNames) {
  TempDir dir;
  const auto study = init_fmt(dir);
  std::ofstream(dir / "m.tsv") << "Unknown_Type\tloaded_language.name_calling\n";
  auto r = cli({"import-labels", study, "--format", "brat", test_data("formats/bad/brat"), "--map", (dir / "m.tsv").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_FALSE(contains(r.err, "Unknown_Type")) << r.err;
  EXPECT_TRUE(contains(r.out, "imported 2 labels")) << r.out;
  std::ofstream(dir / "ignore.tsv") << "@ignore\tUnknown_Type\n";
  auto again = cli({"import-labels", study, "--format", "brat", test_data("formats/bad/brat"), "--map", (dir / "ignore.tsv").string()});
  EXPECT_TRUE(contains(again.out, "1 ignored by the map")) << again.out;
  std::ofstream(dir / "bad.tsv") << "Unknown_Type\tnot a target\n";
  auto bad_map = cli({"import-labels", study, "--format", "brat", test_data("formats/bad/brat"), "--map", (dir / "bad.tsv").string()});
  EXPECT_EQ(bad_map.code, 2);
  EXPECT_TRUE(contains(bad_map.err, "bad.tsv:1:1: error: cannot read the target of 'Unknown_Type'")) << bad_map.err;
}

TEST(FormatsCli, WebannoTsvWithoutHeader) {
  TempDir dir;
  const auto study = init_fmt(dir);
  auto r = cli({"import-labels", study, "--format", "webanno-tsv", test_data("formats/bad/tsv")});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(contains(r.err, "ann.tsv:1:1: error: missing header '#FORMAT=WebAnno TSV 3.x' (is this INCEpTION's \"WebAnno TSV v3\" export?); file skipped")) << r.err;
}

TEST(FormatsCli, WebannoTsvWhoseTokensDisagreeWithTheStoredText) {
  TempDir dir;
  const auto study = init_fmt(dir);
  ASSERT_EQ(cli({"import", study, test_data("formats/text/doc1.txt")}).code, 0);
  // The TSV3 fixture (same text once normalised) with one token changed, as if the file had been edited.
  std::string tsv = slurp(test_data("formats/webanno/doc_tsv/alice.tsv"));
  tsv.replace(tsv.find("\towners\t"), 8, "\towmers\t");
  std::filesystem::create_directories(dir / "tsv" / "doc1");
  std::ofstream(dir / "tsv" / "doc1" / "alice.tsv", std::ios::binary) << tsv;
  auto r = cli({"import-labels", study, "--format", "webanno-tsv", (dir / "tsv").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(contains(r.err, "alice.tsv:7:1: error: the file says \"owmers\" at [5, 11) (UTF-16 code units) but article 'doc1' has \"owners\" there: the texts differ")) << r.err;
  EXPECT_TRUE(contains(r.err, "the 7 labels of this document were not imported")) << r.err;
}

TEST(FormatsCli, XmiUnknownNamespaces) {
  TempDir dir;
  const auto study = init_fmt(dir);
  auto r = cli({"import-labels", study, "--format", "xmi", test_data("formats/bad/xmi"), "--annotator", "ann1"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(contains(r.err, "ann.xmi:6:3: error: unknown namespace 'urn:example:types' (prefix ex)")) << r.err;
  EXPECT_TRUE(contains(r.err, "ann.xmi:7:3: error: unknown namespace prefix 'foo' (no xmlns:foo declaration on the root)")) << r.err;
  EXPECT_TRUE(contains(r.err, "ann.xmi:8:3: error: span [18, 2600) (UTF-16 code units) ends past the end of the text of 'ann'")) << r.err;
  EXPECT_TRUE(contains(r.out, "imported 1 label")) << r.out;
}

TEST(FormatsCli, LabelStudioTasksWithoutTextAndBadOffsets) {
  TempDir dir;
  const auto study = init_fmt(dir);
  auto r = cli({"import-labels", study, "--format", "label-studio", test_data("formats/bad/ls.json")});
  EXPECT_EQ(r.code, 1);
  const auto& e = r.err;
  EXPECT_TRUE(contains(e, "ls.json#/1/data/text: error: task without text")) << e;
  EXPECT_TRUE(contains(e, "ls.json#/2/annotations/0/result/0: error: span [7, 13) (UTF-16 code units) cuts a character in two (half of a surrogate pair")) << e;
  EXPECT_TRUE(contains(e, "ls.json#/2/annotations/0/result/1/value/start: error: a labels result needs whole, non-negative \"start\" and \"end\"")) << e;
  EXPECT_TRUE(contains(r.out, "imported 2 labels from 2 documents (label-studio, offsets in UTF-16 code units); 2 new articles; 3 rejected")) << r.out;
  auto s = ann::Study::open(study);
  auto labels = s.current_annotations();
  ASSERT_EQ(labels.size(), 2u);
  // "here" after an emoji: UTF-16 [9, 13) is code points [8, 12).
  EXPECT_EQ(*labels[1].start, 8u);
  EXPECT_EQ(*labels[1].end, 12u);
}

TEST(FormatsCli, DoccanoMixedEncodingsAndOffsetsPastTheEnd) {
  TempDir dir;
  const auto study = init_fmt(dir);
  auto r = cli({"import-labels", study, "--format", "doccano", test_data("formats/bad/doccano.jsonl"), "--annotator", "ann1"});
  EXPECT_EQ(r.code, 1);
  const auto& e = r.err;
  EXPECT_TRUE(contains(e, "doccano.jsonl:2: error: invalid UTF-8 at byte 25 of the line; save the file as UTF-8")) << e;
  EXPECT_TRUE(contains(e, "doccano.jsonl:3: error: invalid JSON")) << e;
  EXPECT_TRUE(contains(e, "doccano.jsonl:4: error: at /label/0: span [7, 99) (code points) ends past the end of the text of 'd4' (15 code points)")) << e;
  EXPECT_TRUE(contains(r.out, "imported 1 label")) << r.out;
}

TEST(FormatsCli, CsvNeedsArticlesAndAHeader) {
  TempDir dir;
  const auto study = init_fmt(dir);
  auto r = cli({"import-labels", study, "--format", "csv", test_data("formats/csv/labels.csv")});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(contains(r.err, "labels.csv:2: error: no article 'doc1' in the study; this format does not carry the text, so import the articles first with 'credence import'; its 10 labels were not imported")) << r.err;
  std::ofstream(dir / "bad.csv") << "who,what\nx,y\n";
  auto bad = cli({"import-labels", study, "--format", "csv", (dir / "bad.csv").string()});
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(contains(bad.err, "bad.csv:1:1: error: the header must name the columns article (or unit), dimension and category (or value)")) << bad.err;
  ASSERT_EQ(cli({"import", study, test_data("formats/text/doc1.txt")}).code, 0);
  auto good = cli({"import-labels", study, "--format", "csv", test_data("formats/csv/labels.csv")});
  EXPECT_EQ(good.code, 0) << good.err;
  EXPECT_TRUE(contains(good.out, "imported 10 labels")) << good.out;
}

TEST(FormatsCli, UsageErrors) {
  TempDir dir;
  const auto study = init_fmt(dir);
  auto r = cli({"import-labels", study, "x", "--format", "conll"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "unknown --format 'conll'; use jsonl, brat, webanno-tsv, xmi, label-studio, doccano, ptc or csv")) << r.err;
  auto no_out = cli({"export", study, "--format", "brat"});
  EXPECT_EQ(no_out.code, 2);
  EXPECT_TRUE(contains(no_out.err, "--out PATH is required")) << no_out.err;
  auto agreement = cli({"export", study, "--format", "agreement", "--out", (dir / "a.csv").string()});
  EXPECT_EQ(agreement.code, 2);
  EXPECT_TRUE(contains(agreement.err, "--format agreement needs --dimension D")) << agreement.err;
  auto both = cli({"export", study, "--format", "csv", "--out", (dir / "a.csv").string(), "--adjudicated", "--annotators", "a"});
  EXPECT_EQ(both.code, 2);
  auto missing = cli({"import-labels", study, "--format", "brat", (dir / "nope").string()});
  EXPECT_EQ(missing.code, 1);
  EXPECT_TRUE(contains(missing.err, "nope: error: no such file or folder")) << missing.err;
}

TEST(FormatsCli, ExportFiltersAnnotators) {
  TempDir dir;
  const auto study = init_fmt(dir);
  ASSERT_EQ(cli({"import-labels", study, "--format", "brat", test_data("formats/brat")}).code, 0);
  auto r = cli({"export", study, "--format", "csv", "--out", (dir / "bob.csv").string(), "--annotators", "bob"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "exported 3 labels of 1 article to")) << r.out;
  EXPECT_TRUE(contains(r.out, "(csv, offsets in code points)")) << r.out;
  const auto csv = slurp(dir / "bob.csv");
  EXPECT_FALSE(contains(csv, "alice"));
  auto brat = cli({"export", study, "--format", "webanno-tsv", "--out", (dir / "tsv").string()});
  EXPECT_EQ(brat.code, 0) << brat.err;
  EXPECT_EQ(slurp(dir / "tsv" / "credence-export.json"),
            "{\"format\": \"webanno-tsv\", \"offsets\": \"UTF-16 code units\", \"articles\": 1, \"labels\": 10}\n");
  auto none = cli({"export", study, "--format", "csv", "--out", (dir / "adj.csv").string(), "--adjudicated"});
  EXPECT_TRUE(contains(none.out, "exported 0 labels")) << none.out;
  auto unwritable = cli({"export", study, "--format", "csv", "--out", "/proc/nope/x.csv"});
  EXPECT_EQ(unwritable.code, 3);
}

TEST(FormatsCli, SampleStudyThroughLabelStudioAndBackThenAgreement) {
  TempDir dir;
  const std::string sample = std::string(CREDENCE_SOURCE_DIR) + "/datasets/sample";
  const std::string one = (dir / "one").string(), two = (dir / "two").string();
  ASSERT_EQ(cli({"init", one}).code, 0);
  auto imported = cli({"import", one, sample + "/articles", "--manifest", sample + "/MANIFEST.jsonl"});
  ASSERT_EQ(ann::Study::open(one).list_articles().size(), 12u) << imported.err;
  auto labels = cli({"import-labels", one, sample + "/labels.jsonl"});
  ASSERT_EQ(labels.code, 0) << labels.err;
  auto exported = cli({"export", one, "--format", "label-studio", "--out", (dir / "ls.json").string()});
  ASSERT_EQ(exported.code, 0) << exported.err;
  ASSERT_EQ(cli({"init", two}).code, 0);
  auto back = cli({"import-labels", two, "--format", "label-studio", (dir / "ls.json").string()});
  ASSERT_EQ(back.code, 0) << back.err;
  // Same labels on both sides (the long CSV lists every label with its article, offsets and text).
  ASSERT_EQ(cli({"export", one, "--format", "csv", "--out", (dir / "one.csv").string()}).code, 0);
  ASSERT_EQ(cli({"export", two, "--format", "csv", "--out", (dir / "two.csv").string()}).code, 0);
  const auto one_rows = sorted_lines(slurp(dir / "one.csv"));
  EXPECT_GT(one_rows.size(), 50u);
  EXPECT_EQ(one_rows, sorted_lines(slurp(dir / "two.csv")));
  // Agreement on the imported labels of the three annotators gives what it gives on the original.
  ASSERT_EQ(cli({"export", one, "--format", "agreement", "--dimension", "frame", "--out", (dir / "one_frame.csv").string()}).code, 0);
  ASSERT_EQ(cli({"export", two, "--format", "agreement", "--dimension", "frame", "--out", (dir / "two_frame.csv").string()}).code, 0);
  auto a1 = cli({"agreement", "--data", (dir / "one_frame.csv").string()});
  auto a2 = cli({"agreement", "--data", (dir / "two_frame.csv").string()});
  ASSERT_EQ(a2.code, 0) << a2.err;
  EXPECT_TRUE(contains(a2.out, "alpha")) << a2.out;
  EXPECT_EQ(a1.out, a2.out);
}

TEST(FormatsCli, PtcSemEval2020Corpus) {
  const std::filesystem::path ptc = std::filesystem::path(CREDENCE_SOURCE_DIR) / ".." / "shared" / "corpus" / "ptc_semeval2020";
  if (!std::filesystem::exists(ptc / "train-task2-TC.labels")) GTEST_SKIP() << "no ../shared/corpus/ptc_semeval2020";
  TempDir dir;
  const std::string study = (dir / "ptc").string();
  ASSERT_EQ(cli({"init", study, "--rubric", test_data("formats/ptc_rubric.json")}).code, 0);
  auto r = cli({"import-labels", study, "--format", "ptc", (ptc / "train-articles").string(),
                (ptc / "train-task2-TC.labels").string(), "--annotator", "ptc", "--map", test_data("formats/ptc_semeval.map")});
  EXPECT_EQ(r.code, 0) << r.err.substr(0, 3000);
  EXPECT_TRUE(contains(r.out, "imported 3370 labels")) << r.out;
  // Every span's stored text equals the article file's text at the PTC offsets (code points).
  auto s = ann::Study::open(study);
  std::multiset<std::string> stored, wanted;
  for (const auto& row : s.list_articles()) {
    auto article = s.load_article(row.id);
    ann::Utf8Index index(article->text);
    ann::AnnotationFilter filter;
    filter.article_id = row.id;
    for (const auto& a : s.current_annotations(filter)) {
      stored.insert(row.meta.external_id + "|" + a.category + "|" + std::string(index.slice(article->text, *a.start, *a.end)));
    }
  }
  std::ifstream labels(ptc / "train-task2-TC.labels");
  std::string line;
  std::map<std::string, std::u32string> texts;
  while (std::getline(labels, line)) {
    std::istringstream fields(line);
    std::string id, technique;
    std::size_t start = 0, end = 0;
    fields >> id >> technique >> start >> end;
    if (!texts.count(id)) texts[id] = ann::to_u32(slurp(ptc / "train-articles" / ("article" + id + ".txt")));
    std::string category;
    for (char c : technique) category.push_back(std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_');
    while (category.find("__") != std::string::npos) category.replace(category.find("__"), 2, "_");
    wanted.insert(id + "|" + category + "|" + ann::normalize_fragment(ann::from_u32(texts[id].substr(start, end - start))));
  }
  EXPECT_EQ(wanted.size(), 3370u);
  EXPECT_EQ(stored, wanted);
}

TEST(FormatsCli, ExportWithMapWritesForeignNamesAndJsonlRoundTrips) {
  TempDir dir;
  const auto study = init_fmt(dir);
  auto in = cli({"import-labels", study, "--format", "ptc", test_data("formats/ptc"), "--annotator", "alice", "--map",
                 test_data("formats/ptc.map")});
  ASSERT_EQ(in.code, 0) << in.err;
  auto out = cli({"export", study, "--format", "ptc", "--out", (dir / "ptc").string(), "--map", test_data("formats/ptc.map")});
  ASSERT_EQ(out.code, 0) << out.err;
  const auto labels = slurp(dir / "ptc" / "alice.labels");
  EXPECT_TRUE(contains(labels, "doc1\tExaggeration,Minimisation\t32\t40\n")) << labels;
  EXPECT_TRUE(contains(labels, "doc1\tName_Calling,Labeling\t")) << labels;
  EXPECT_FALSE(contains(labels, "loaded_language.")) << labels;
  // credence's own JSONL: export, then import into a study with the same article.
  auto jsonl = cli({"export", study, "--format", "jsonl", "--out", (dir / "labels.jsonl").string()});
  ASSERT_EQ(jsonl.code, 0) << jsonl.err;
  const auto other = init_fmt(dir, "other");
  ASSERT_EQ(cli({"import-labels", other, "--format", "ptc", test_data("formats/ptc/articledoc1.txt")}).code, 0);
  auto back = cli({"import-labels", other, (dir / "labels.jsonl").string()});
  EXPECT_EQ(back.code, 0) << back.err;
  EXPECT_TRUE(contains(back.out, "imported 6 labels")) << back.out;
}

// Labels of one document are stored together (Study::add_annotations): the good ones of a document go
// in beside its bad ones, whose messages keep their file, line and label order; with --atomic nothing
// of the import stays, not even the articles it created.
TEST(FormatsCli, DocumentWithGoodAndBadLabels) {
  TempDir dir;
  const auto path = dir / "mixed.jsonl";
  std::ofstream(path) << "{\"id\": \"m1\", \"text\": \"A grave disaster.\", \"label\": [[2, 7, \"loaded_language.exaggeration\"]]}\n"
                      << "{\"id\": \"m2\", \"text\": \"Thugs and liars, all.\", \"label\": [[0, 5, \"loaded_language.name_calling\"], "
                         "[10, 99, \"loaded_language.name_calling\"], [10, 16, \"loaded_language.name_calling\"], "
                         "[16, 10, \"loaded_language.name_calling\"]]}\n";
  const auto study = init_fmt(dir);
  auto atomic = cli({"import-labels", study, "--format", "doccano", path.string(), "--annotator", "ann1", "--atomic"});
  EXPECT_EQ(atomic.code, 1);
  EXPECT_TRUE(contains(atomic.err, "--atomic: nothing imported because 2 record(s) were rejected")) << atomic.err;
  {
    auto s = ann::Study::open(study);
    EXPECT_TRUE(s.current_annotations().empty());
    EXPECT_TRUE(s.list_articles().empty());
  }
  auto r = cli({"import-labels", study, "--format", "doccano", path.string(), "--annotator", "ann1"});
  EXPECT_EQ(r.code, 1);
  const std::string first = "mixed.jsonl:2: error: at /label/1: span [10, 99) (code points) ends past the end of the text of 'm2' (21 code points)";
  const std::string second = "mixed.jsonl:2: error: at /label/3: span [16, 10) (code points) is empty or reversed";
  EXPECT_TRUE(contains(r.err, first)) << r.err;
  EXPECT_TRUE(contains(r.err, second)) << r.err;
  EXPECT_LT(r.err.find(first), r.err.find(second)) << r.err;
  EXPECT_TRUE(contains(r.out, "imported 3 labels from 2 documents (doccano, offsets in code points); 2 new articles; 2 rejected")) << r.out;
  auto s = ann::Study::open(study);
  const auto labels = s.current_annotations();
  ASSERT_EQ(labels.size(), 3u);
  EXPECT_EQ(*labels[0].start, 2u);
  EXPECT_EQ(*labels[1].start, 0u);
  EXPECT_EQ(*labels[2].end, 16u);
  // Importing the same file again stores nothing twice and reports the same two labels.
  auto again = cli({"import-labels", study, "--format", "doccano", path.string(), "--annotator", "ann1"});
  EXPECT_TRUE(contains(again.out, "imported 0 labels from 2 documents (doccano, offsets in code points); 3 already in the study; 2 rejected")) << again.out;
  EXPECT_EQ(ann::Study::open(study).current_annotations().size(), 3u);
}
