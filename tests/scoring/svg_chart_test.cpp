// Tests for svg_chart.hpp: escaping of untrusted text and the shape of each chart.
#include "credence/scoring/svg_chart.hpp"

#include <gtest/gtest.h>

namespace sc = credence::scoring;

TEST(SvgChart, EscapesTextEverywhere) {
  EXPECT_EQ(sc::escape_html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  const auto bars = sc::svg_bar_chart("t<i>", {{"<img onerror=x>", 1.0, std::make_pair(0.5, 1.5), ""}}, "share");
  EXPECT_EQ(bars.find("<img"), std::string::npos);
  EXPECT_NE(bars.find("&lt;img onerror=x&gt;"), std::string::npos);
}

TEST(SvgChart, BarChartDrawsWhiskersAndUndefinedBars) {
  const auto svg = sc::svg_bar_chart("rate", {{"A", 2.0, std::make_pair(1.0, 3.0), "n = 10 words"}, {"B", {}, {}, ""}},
                                     "per 1,000 words");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("2.0 [1.0, 3.0]  n = 10 words"), std::string::npos);
  EXPECT_NE(svg.find("undefined"), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

TEST(SvgChart, StackedBarsAndHeatmap) {
  const auto stacked = sc::svg_stacked_bars("frames", {"a", "b"}, {{"X", {1, 3}}, {"Empty", {0, 0}}});
  EXPECT_NE(stacked.find("b: 75.0%"), std::string::npos);
  EXPECT_NE(stacked.find("no labels"), std::string::npos);
  const auto heat = sc::svg_heatmap("m", {"yes", "no"}, {10, 2, 2, 6});
  EXPECT_NE(heat.find(">10<"), std::string::npos);
  EXPECT_NE(heat.find(">6<"), std::string::npos);
}
