// Tests for XML extraction: TEI header and text, plain <article> XML (one or several), and malformed or
// unexpected XML reported with line:col.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "credence/annotate/extract.hpp"
#include "credence/annotate/text.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using R = ann::PassageRole;

namespace {

using credence::testing::read_file;

}  // namespace

TEST(ExtractXml, TeiHeaderAndText) {
  const auto result = ann::extract_xml(read_file(credence::testing::test_data("segment/tei.xml")), "tei.xml");
  EXPECT_TRUE(result.diagnostics.empty());
  ASSERT_EQ(result.documents.size(), 1u);
  const auto& doc = result.documents[0];
  EXPECT_EQ(doc.meta.title, "Orchard Growers Expect a Late Harvest");
  EXPECT_EQ(doc.meta.author, "Mira Lindqvist");
  EXPECT_EQ(doc.meta.source, "Fjord Weekly");
  EXPECT_EQ(doc.meta.date, "2023-09-02");
  EXPECT_EQ(doc.meta.url, "https://fjord.example/orchards");
  EXPECT_EQ(doc.meta.language, "en");
  EXPECT_EQ(doc.meta.external_id, "courier-17");
  ASSERT_EQ(doc.blocks.size(), 8u);
  EXPECT_EQ(doc.blocks[0].forced_role, R::title);
  EXPECT_EQ(doc.blocks[1].forced_role, R::byline);
  EXPECT_EQ(doc.blocks[2].container, "article");
  EXPECT_EQ(doc.blocks[3].text, "Unripe apples on a farm near the head of the fjord.");
  EXPECT_EQ(doc.blocks[3].forced_role, R::caption);
  EXPECT_EQ(doc.blocks[4].forced_role, R::heading);
  // the footnote is lifted out of the running text and kept after it
  EXPECT_EQ(doc.blocks[5].text.substr(doc.blocks[5].text.size() - 18), "for several weeks.");
  EXPECT_EQ(doc.blocks[6].link_chars, 14u);  // "county council"
  EXPECT_EQ(doc.blocks[7].text, "Pickers are paid by the crate.");
  EXPECT_EQ(doc.blocks[7].forced_role, R::boilerplate);

  const auto seg = ann::segment_blocks(doc.blocks, {doc.meta.title, doc.meta.author});
  std::vector<std::string> roles;
  for (const auto& p : seg.passages) roles.emplace_back(ann::to_string(p.role));
  EXPECT_EQ(roles, (std::vector<std::string>{"title", "byline", "body", "caption", "heading", "body", "body",
                                             "boilerplate"}));
}

TEST(ExtractXml, SeveralPlainArticles) {
  const auto result =
      ann::extract_xml(read_file(credence::testing::test_data("segment/articles.xml")), "articles.xml");
  EXPECT_TRUE(result.diagnostics.empty());
  ASSERT_EQ(result.documents.size(), 2u);
  const auto& a1 = result.documents[0];
  EXPECT_EQ(a1.meta.external_id, "a1");
  EXPECT_EQ(a1.meta.title, "Night Trains Return to the Coast Line");
  EXPECT_EQ(a1.meta.source, "Rail Review");
  EXPECT_EQ(a1.meta.date, "2024-02-11");
  EXPECT_EQ(a1.meta.author, "Ola Nyberg");
  EXPECT_EQ(a1.meta.url, "https://rail.example/night-trains");
  ASSERT_EQ(a1.blocks.size(), 2u);
  EXPECT_EQ(a1.blocks[1].text, "Tickets go on sale next week.");
  const auto seg1 = ann::segment_blocks(a1.blocks);
  ASSERT_EQ(seg1.passages.size(), 2u);
  EXPECT_EQ(seg1.passages[0].role, R::body);
  EXPECT_EQ(seg1.passages[1].role, R::body);

  const auto& a2 = result.documents[1];
  EXPECT_EQ(a2.meta.source, "North Post");
  ASSERT_EQ(a2.blocks.size(), 1u);  // a raw text body keeps its blank lines ...
  const auto seg2 = ann::segment_blocks(a2.blocks);
  ASSERT_EQ(seg2.passages.size(), 2u);  // ... and segment_blocks cuts it there
  EXPECT_EQ(seg2.passages[1].start, 151u);
  const ann::Utf8Index index(seg2.text);
  for (const auto& p : seg2.passages) EXPECT_EQ(index.slice(seg2.text, p.start, p.end), p.text);
}

TEST(ExtractXml, MalformedXmlIsAnErrorWithLineAndColumn) {
  const auto result =
      ann::extract_xml(read_file(credence::testing::test_data("segment/malformed.xml")), "malformed.xml");
  EXPECT_TRUE(result.documents.empty());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].render(), "malformed.xml:4:46: error: malformed XML: Start-end tags mismatch");
}

TEST(ExtractXml, ColumnsCountCodePoints) {
  const auto result = ann::extract_xml("<article>\n<body>\xC3\xA9\xC3\xA9 <b></body>", "x.xml");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].render(), "x.xml:2:15: error: malformed XML: Start-end tags mismatch");
}

TEST(ExtractXml, UnknownRootAndEmptyArticlesAreErrors) {
  const auto rss = ann::extract_xml("<?xml version=\"1.0\"?>\n<rss><channel/></rss>", "feed.xml");
  EXPECT_TRUE(rss.documents.empty());
  ASSERT_EQ(rss.diagnostics.size(), 1u);
  EXPECT_EQ(rss.diagnostics[0].render(),
            "feed.xml:2:2: error: no TEI document or <article> element (root element is <rss>)");

  const auto empty = ann::extract_xml("<articles><article><title>Only a title</title></article>\n"
                                      "<article><body><p>Some text.</p></body></article></articles>",
                                      "two.xml");
  ASSERT_EQ(empty.documents.size(), 1u);  // the good article is kept
  ASSERT_EQ(empty.diagnostics.size(), 1u);
  EXPECT_EQ(empty.diagnostics[0].render(), "two.xml:1:12: error: document 1 has no text");

  const auto nothing = ann::extract_xml("", "none.xml");
  EXPECT_TRUE(nothing.documents.empty());
  ASSERT_EQ(nothing.diagnostics.size(), 1u);
  EXPECT_EQ(nothing.diagnostics[0].render(), "none.xml:1:1: error: malformed XML: No document element found");
}

TEST(ExtractXml, AbsurdNestingIsRefused) {
  std::string xml = "<article><body>";
  for (int i = 0; i < 2500; ++i) xml += "<div>";
  xml += "<p>deep</p>";
  for (int i = 0; i < 2500; ++i) xml += "</div>";
  xml += "</body></article>";
  const auto result = ann::extract_xml(xml, "deep.xml");
  EXPECT_TRUE(result.documents.empty());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].render(), "deep.xml:1:10012: error: XML nested deeper than 2000 elements; not read");
}
