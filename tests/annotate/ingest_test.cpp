// Tests for ingest.hpp: every input format, manifests, and the bad input each importer must survive.
#include "credence/annotate/ingest.hpp"

#include <gtest/gtest.h>

#include "credence/annotate/text.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::test_data;

namespace {

struct Ingested {
  std::vector<ann::Article> articles;
  std::vector<ann::Diagnostic> diagnostics;
  ann::IngestStats stats;
};

Ingested ingest(const std::string& relative, const ann::IngestOptions& options = {}) {
  Ingested out;
  ann::ingest_file(test_data(relative), options, [&](ann::Article&& a) { out.articles.push_back(std::move(a)); },
                   out.diagnostics, out.stats);
  return out;
}

std::string rendered(const Ingested& in) {
  std::string all;
  for (const auto& d : in.diagnostics) all += d.render() + "\n";
  return all;
}

}  // namespace

TEST(Ingest, PlainTextGivesOneArticleWithPassages) {
  auto in = ingest("ingest/plain.txt");
  ASSERT_EQ(in.articles.size(), 1u) << rendered(in);
  const auto& a = in.articles[0];
  EXPECT_EQ(a.meta.external_id, "plain");
  EXPECT_EQ(a.content_hash, ann::sha256_hex(a.text));
  ASSERT_EQ(a.passages.size(), 2u);
  ann::Utf8Index index(a.text);
  for (const auto& p : a.passages) EXPECT_EQ(index.slice(a.text, p.start, p.end), p.text);
  EXPECT_EQ(a.passages[1].text.rfind("Mayor Ilse Brandt", 0), 0u);
}

// CRLF, lone CR and a BOM must give the same stored text and the same offsets as the LF file.
TEST(Ingest, LineEndsAndBomDoNotShiftOffsets) {
  const auto reference = ingest("ingest/plain.txt").articles.at(0);
  for (const char* name : {"ingest/crlf.txt", "ingest/lone_cr.txt", "ingest/bom.txt"}) {
    auto in = ingest(name);
    ASSERT_EQ(in.articles.size(), 1u) << name << rendered(in);
    const auto& a = in.articles[0];
    EXPECT_EQ(a.text, reference.text) << name;
    EXPECT_EQ(a.content_hash, reference.content_hash) << name;
    ASSERT_EQ(a.passages.size(), reference.passages.size()) << name;
    for (std::size_t i = 0; i < a.passages.size(); ++i) {
      EXPECT_EQ(a.passages[i].start, reference.passages[i].start) << name;
      EXPECT_EQ(a.passages[i].end, reference.passages[i].end) << name;
    }
  }
}

TEST(Ingest, LineSeparatorSplitsPassagesWithoutShiftingOffsets) {
  auto in = ingest("ingest/u2028.txt");
  ASSERT_EQ(in.articles.size(), 1u) << rendered(in);
  const auto& a = in.articles[0];
  ann::Utf8Index index(a.text);
  for (const auto& p : a.passages) EXPECT_EQ(index.slice(a.text, p.start, p.end), p.text);
  EXPECT_NE(a.text.find("\xE2\x80\xA8"), std::string::npos);  // kept, one code point
}

TEST(Ingest, CombiningCharactersAreComposedAndOffsetsAreCodePoints) {
  auto in = ingest("ingest/combining.txt");
  ASSERT_EQ(in.articles.size(), 1u) << rendered(in);
  const auto& a = in.articles[0];
  EXPECT_EQ(a.text.rfind("Caf\xC3\xA9 owners", 0), 0u);
  ann::Utf8Index index(a.text);
  ASSERT_GE(a.passages.size(), 2u);
  for (const auto& p : a.passages) EXPECT_EQ(index.slice(a.text, p.start, p.end), p.text);
  const auto emoji_cp = index.cp_of(a.text.find("\xF0\x9F\x98\x80"));
  EXPECT_EQ(emoji_cp, 26u);  // "Café owners in Lindenford " is 26 code points once é is composed
}

TEST(Ingest, InvalidUtf8IsReportedWithByteOffset) {
  auto in = ingest("ingest/invalid_utf8.txt");
  EXPECT_TRUE(in.articles.empty());
  ASSERT_EQ(in.diagnostics.size(), 1u);
  EXPECT_EQ(in.diagnostics[0].where.byte_offset, 62u);
  EXPECT_NE(rendered(in).find("invalid_utf8.txt:3:17: error: invalid UTF-8 at byte 62; save the file as UTF-8"),
            std::string::npos)
      << rendered(in);
  EXPECT_EQ(in.stats.rejected, 1u);
}

TEST(Ingest, BinaryEmptyAndBlankFilesAreRejected) {
  auto binary = ingest("ingest/binary.txt");
  EXPECT_TRUE(binary.articles.empty());
  EXPECT_NE(rendered(binary).find("binary file, not an article"), std::string::npos) << rendered(binary);
  auto empty = ingest("ingest/empty.txt");
  EXPECT_NE(rendered(empty).find("empty file; nothing to import"), std::string::npos) << rendered(empty);
  auto blank = ingest("ingest/whitespace.txt");
  EXPECT_NE(rendered(blank).find("empty file; nothing to import"), std::string::npos) << rendered(blank);
}

TEST(Ingest, JsonlReadsEveryGoodLine) {
  auto in = ingest("ingest/good.jsonl");
  ASSERT_EQ(in.articles.size(), 2u) << rendered(in);
  EXPECT_EQ(in.articles[0].meta.external_id, "j1");
  EXPECT_EQ(in.articles[0].meta.source, "Aller Post");
  EXPECT_EQ(in.articles[0].meta.title, "Bridge approved");
  EXPECT_EQ(in.articles[0].origin.substr(in.articles[0].origin.size() - 12), "good.jsonl:1");
}

TEST(Ingest, JsonlBadLinesAreReportedByLineAndTheRestGoIn) {
  auto in = ingest("ingest/bad.jsonl");
  ASSERT_EQ(in.articles.size(), 2u) << rendered(in);
  EXPECT_EQ(in.articles[0].meta.external_id, "b1");
  EXPECT_EQ(in.articles[1].meta.external_id, "b4");
  EXPECT_EQ(in.stats.rejected, 2u);
  const auto all = rendered(in);
  EXPECT_NE(all.find("bad.jsonl:2:"), std::string::npos) << all;
  EXPECT_NE(all.find("invalid JSON"), std::string::npos) << all;
  EXPECT_NE(all.find("bad.jsonl:3:1: error: at /text: missing field \"text\""), std::string::npos) << all;
}

TEST(Ingest, ManifestSuppliesMetadataAndReportsBadLines) {
  auto manifest = ann::load_manifest(test_data("ingest/manifest.jsonl"));
  EXPECT_TRUE(manifest.diagnostics.empty());
  ASSERT_EQ(manifest.by_file.size(), 2u);
  EXPECT_EQ(manifest.line_of.at("missing.txt"), 2u);
  ann::IngestOptions options;
  options.manifest = &manifest;
  options.manifest_dir = test_data("ingest");
  options.source_override = "Ignored Because Manifest Wins";
  auto in = ingest("ingest/plain.txt", options);
  ASSERT_EQ(in.articles.size(), 1u);
  EXPECT_EQ(in.articles[0].meta.source, "Aller Post");
  EXPECT_EQ(in.articles[0].meta.title, "Council backs bridge");
  EXPECT_EQ(in.articles[0].meta.date, "2026-03-01");
  EXPECT_EQ(in.articles[0].meta.author, "Jo Weber");
}

TEST(Ingest, SourceOverrideAppliesWhereNothingElseNamesAnOutlet) {
  ann::IngestOptions options;
  options.source_override = "Harbour Herald";
  auto in = ingest("ingest/plain.txt", options);
  ASSERT_EQ(in.articles.size(), 1u);
  EXPECT_EQ(in.articles[0].meta.source, "Harbour Herald");
}

TEST(Ingest, MissingManifestFileIsOneDiagnostic) {
  auto manifest = ann::load_manifest(test_data("ingest/no_such_manifest.jsonl"));
  ASSERT_EQ(manifest.diagnostics.size(), 1u);
  EXPECT_NE(manifest.diagnostics[0].render().find("cannot read manifest"), std::string::npos);
}

TEST(CollectInputs, ExpandsFoldersAndReportsProblems) {
  std::vector<ann::Diagnostic> diagnostics;
  auto files = ann::collect_inputs({test_data("ingest/folder_ok"), test_data("ingest/empty_folder"),
                                    test_data("ingest/nope.txt")},
                                   diagnostics);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].filename(), "a.txt");
  EXPECT_EQ(files[1].filename(), "b.md");
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_NE(diagnostics[0].render().find("folder holds no articles"), std::string::npos);
  EXPECT_NE(diagnostics[1].render().find("no such file or folder"), std::string::npos);
}

TEST(Formats, ParseNamesAndExtensions) {
  EXPECT_EQ(ann::parse_input_format("html"), ann::InputFormat::html);
  EXPECT_FALSE(ann::parse_input_format("pdf"));
  EXPECT_EQ(ann::format_from_extension("x/y.HTM"), ann::InputFormat::html);
  EXPECT_EQ(ann::format_from_extension("y.ndjson"), ann::InputFormat::jsonl);
  EXPECT_FALSE(ann::format_from_extension("y.csv"));
}

TEST(Ingest, UnknownOutletsAndAnnotatedDatesAreCleaned) {
  ann::Manifest manifest;
  manifest.by_file["plain.txt"].source = "unknown (no masthead in the text)";
  manifest.by_file["plain.txt"].date = "2014-11 (inferred from the text)";
  ann::IngestOptions options;
  options.manifest = &manifest;
  auto in = ingest("ingest/plain.txt", options);
  ASSERT_EQ(in.articles.size(), 1u);
  EXPECT_EQ(in.articles[0].meta.source, "");
  EXPECT_EQ(in.articles[0].meta.date, "2014-11");
  manifest.by_file["plain.txt"].date = "2021-09-25T10:00:00Z";
  EXPECT_EQ(ingest("ingest/plain.txt", options).articles.at(0).meta.date, "2021-09-25T10:00:00Z");
}

// Where no line applies (a text handed over from memory, such as a document of a label import), invalid
// UTF-8 is reported by byte offset; an empty text and one of only white space that segmentation drops
// (em spaces) are refused.
TEST(ArticleFromText, InvalidUtf8AndEmptyText) {
  ann::Article article;
  std::vector<ann::Diagnostic> diagnostics;
  EXPECT_FALSE(ann::article_from_text("Caf\xE9 au lait", ann::InputFormat::text, {}, "doc.txt", article, diagnostics));
  EXPECT_FALSE(ann::article_from_text(" \n\t", ann::InputFormat::text, {}, "blank.txt", article, diagnostics));
  EXPECT_FALSE(ann::article_from_text("\xE2\x80\x83\xE2\x80\x83", ann::InputFormat::text, {}, "em.txt", article,
                                      diagnostics));
  std::string all;
  for (const auto& d : diagnostics) all += d.render() + "\n";
  EXPECT_EQ(all,
            "doc.txt: byte 3: error: invalid UTF-8 at byte 3; save the file as UTF-8\n"
            "blank.txt: error: empty text; nothing to import\n"
            "em.txt: error: empty text; nothing to import\n");
  EXPECT_TRUE(ann::article_from_text("Caf\xC3\xA9 au lait.", ann::InputFormat::text, {}, "ok.txt", article, diagnostics));
  EXPECT_EQ(article.passages.size(), 1u);
}
