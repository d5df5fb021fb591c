// Tests for report_html.cpp: the report is one self-contained HTML document, and text from the study
// is escaped.
#include "report_html.hpp"

#include <gtest/gtest.h>

namespace credence::cli {
namespace {

TEST(ReportHtml, EmptyStudyGivesOneSelfContainedEscapedDocument) {
  StudyData data;
  StudyConsensus consensus;
  ReportInputs in;
  in.study_name = "<Harbour & bridge>";
  in.generated_at = "2026-11-22T00:00:00Z";
  in.data = &data;
  in.consensus = &consensus;
  in.consensus_basis = "majority vote";
  const std::string html = render_report(in);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u) << html.substr(0, 80);
  EXPECT_NE(html.find("&lt;Harbour &amp; bridge&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<Harbour & bridge>"), std::string::npos);
  // Nothing is fetched from elsewhere: no external scripts, styles or images.
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

}  // namespace
}  // namespace credence::cli
