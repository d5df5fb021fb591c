// Tests for HTML extraction: metadata, blocks with containers and link counts, recovered-markup warnings
// with line:col, and roles of an invented news page after segment_blocks.
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

std::vector<std::string> rendered(const std::vector<ann::Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) out.push_back(d.render());
  return out;
}

}  // namespace

TEST(ExtractHtml, ReadsMetadataAndBlocksOfANewsPage) {
  const auto result = ann::extract_html(read_file(credence::testing::test_data("segment/page.html")), "page.html");
  EXPECT_TRUE(result.diagnostics.empty()) << rendered(result.diagnostics).front();
  ASSERT_EQ(result.documents.size(), 1u);
  const auto& doc = result.documents[0];
  EXPECT_EQ(doc.meta.title, "Bridge Repairs Close River Road for a Month | Valley Courier");
  EXPECT_EQ(doc.meta.source, "Valley Courier");
  EXPECT_EQ(doc.meta.author, "Tomas Berg");
  EXPECT_EQ(doc.meta.date, "2024-05-14");
  EXPECT_EQ(doc.meta.url, "https://courier.example/bridge-repairs");
  EXPECT_EQ(doc.meta.language, "en");
  ASSERT_GE(doc.blocks.size(), 10u);
  EXPECT_EQ(doc.blocks[0].text, "Home");
  EXPECT_EQ(doc.blocks[0].container, "nav");
  EXPECT_EQ(doc.blocks[0].link_chars, 4u);
  EXPECT_EQ(doc.blocks[3].tag, "h1");
  EXPECT_EQ(doc.blocks[3].container, "header");
  EXPECT_EQ(doc.blocks[4].text, "By Tomas Berg, May 14, 2024");
  EXPECT_EQ(doc.blocks[4].forced_role, R::byline);
  EXPECT_EQ(doc.blocks[4].link_chars, 10u);
  EXPECT_EQ(doc.blocks[5].container, "article");
  EXPECT_EQ(doc.blocks[7].tag, "figcaption");
  for (const auto& b : doc.blocks) {
    EXPECT_EQ(b.text.find("tracking"), std::string::npos);  // script text is not article text
    EXPECT_EQ(b.text, std::string(ann::trim(b.text)));
  }
}

TEST(ExtractHtml, PageRolesAfterSegmentation) {
  const auto result = ann::extract_html(read_file(credence::testing::test_data("segment/page.html")), "page.html");
  ASSERT_EQ(result.documents.size(), 1u);
  ann::SegmentOptions options;
  options.known_title = result.documents[0].meta.title;  // "... | Valley Courier" still finds the <h1>
  options.known_author = result.documents[0].meta.author;
  const auto seg = ann::segment_blocks(result.documents[0].blocks, options);
  std::vector<R> roles;
  for (const auto& p : seg.passages) roles.push_back(p.role);
  const std::vector<R> expected = {
      R::boilerplate, R::boilerplate, R::boilerplate,  // nav
      R::title,       R::byline,                       // header
      R::body,        R::body,        R::caption,      // article, figure
      R::heading,     R::body,        R::body,         // h2, article
      R::boilerplate,                                  // share buttons
      R::boilerplate, R::boilerplate, R::boilerplate,  // related aside
      R::boilerplate,                                  // newsletter form
      R::comment,     R::comment,     R::comment,      R::comment, R::comment,  // comment section
      R::comment,     R::comment};                     // the footer follows the thread
  ASSERT_EQ(roles.size(), expected.size());
  for (std::size_t i = 0; i < roles.size(); ++i) {
    EXPECT_EQ(ann::to_string(roles[i]), ann::to_string(expected[i])) << "passage " << i << ": " << seg.passages[i].text;
  }
  const ann::Utf8Index index(seg.text);
  for (const auto& p : seg.passages) EXPECT_EQ(index.slice(seg.text, p.start, p.end), p.text);
}

TEST(ExtractHtml, MalformedMarkupIsRecoveredAndReportedWithLineAndColumn) {
  const auto result =
      ann::extract_html(read_file(credence::testing::test_data("segment/malformed.html")), "malformed.html");
  EXPECT_EQ(rendered(result.diagnostics),
            (std::vector<std::string>{"malformed.html:2:1: warning: unclosed <div> (closed by the parser)",
                                      "malformed.html:3:46: warning: misnested <i>",
                                      "malformed.html:4:35: warning: stray end tag </span>",
                                      "malformed.html:5:1: warning: unclosed <section> (closed by the parser)"}));
  EXPECT_FALSE(ann::has_errors(result.diagnostics));
  ASSERT_EQ(result.documents.size(), 1u);
  const auto& blocks = result.documents[0].blocks;
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].text, "The ferry to the island will run twice a day from June.");
  EXPECT_EQ(blocks[1].text, "Tickets can be bought on board.");
}

TEST(ExtractHtml, ColumnsCountCodePoints) {
  const auto result = ann::extract_html("<p>\xC3\xA9t\xC3\xA9</em> ok</p>", "x.html");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].render(), "x.html:1:7: warning: stray end tag </em>");
}

TEST(ExtractHtml, PageWithoutTextIsAnError) {
  const auto result = ann::extract_html("<html><head><title>Empty</title></head><body> <script>x()</script> </body></html>",
                                        "empty.html");
  EXPECT_TRUE(result.documents.empty());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].render(), "empty.html: error: no text in HTML document");
  const auto nothing = ann::extract_html("", "");
  EXPECT_TRUE(nothing.documents.empty());
  EXPECT_EQ(nothing.diagnostics.back().render(), "<input>: error: no text in HTML document");
}

TEST(ExtractHtml, WhiteSpaceEntitiesLineBreaksAndLinks) {
  const auto result = ann::extract_html(
      "<div>  Fish &amp; chips\n\t cost <a href=\"/p\">more  than</a>&nbsp;before.<br>New line here.</div>"
      "<ul><li>one</li><li>two</li></ul>",
      "x.html");
  ASSERT_EQ(result.documents.size(), 1u);
  const auto& blocks = result.documents[0].blocks;
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].text, "Fish & chips cost more than before.\nNew line here.");
  EXPECT_EQ(blocks[0].link_chars, 9u);
  EXPECT_EQ(blocks[0].tag, "div");
  EXPECT_EQ(blocks[1].text, "one");
  EXPECT_EQ(blocks[1].tag, "li");
}

TEST(ExtractHtml, ClassNamesMarkCommentsAndFurniture) {
  const auto result = ann::extract_html(
      "<div class=\"sidebar-widget\"><p>Most read</p></div><div id=\"comments\"><p>Nice.</p></div>"
      "<div class=\"main-menu\"><p>Sections</p></div><p class=\"byline\">By A. Writer</p>",
      "x.html");
  ASSERT_EQ(result.documents.size(), 1u);
  const auto& blocks = result.documents[0].blocks;
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[0].container, "aside");
  EXPECT_EQ(blocks[1].container, "comments");
  EXPECT_EQ(blocks[2].container, "nav");
  EXPECT_EQ(blocks[3].forced_role, R::byline);
}

TEST(ExtractHtml, AbsurdNestingIsRefusedBeforeParsing) {
  std::string html;
  for (int i = 0; i < 2500; ++i) html += "<div>";
  html += "deep text";
  const auto result = ann::extract_html(html, "deep.html");
  EXPECT_TRUE(result.documents.empty());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].render(), "deep.html:1:10001: error: HTML nested deeper than 2000 elements; not read");
  // many paragraphs without end tags are not nesting
  std::string flat;
  for (int i = 0; i < 3000; ++i) flat += "<p>line " + std::to_string(i);
  const auto ok = ann::extract_html(flat, "flat.html");
  ASSERT_EQ(ok.documents.size(), 1u);
  EXPECT_EQ(ok.documents[0].blocks.size(), 3000u);
}

TEST(ExtractHtml, AtMostOneHundredMarkupWarnings) {
  std::string html = "<p>Text with far too many stray end tags.";
  for (int i = 0; i < 105; ++i) html += "</span>";
  const auto result = ann::extract_html(html, "noisy.html");
  ASSERT_EQ(result.diagnostics.size(), 101u);
  EXPECT_EQ(result.diagnostics[0].render(), "noisy.html:1:42: warning: stray end tag </span>");
  EXPECT_EQ(result.diagnostics[100].render(), "noisy.html: warning: 5 further markup problems not shown");
  EXPECT_EQ(result.documents.size(), 1u);
}
