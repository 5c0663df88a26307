// The report's charts as SVG: accessible (role, title, desc), well formed,
// escaped, free of inline styles (the site's Content-Security-Policy), and
// never showing a group the anonymity rule withholds.

#include "report/charts.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report/canvas.hpp"
#include "sample_report.hpp"

namespace lqf {
namespace {

using report::Chart;
using report::ChartKind;

std::vector<Chart> EveryChart(const domain::Report& r) {
  std::vector<Chart> charts = {{ChartKind::kAreas, 0}, {ChartKind::kPriorities, 0}};
  for (std::size_t i = 0; i < r.statements.size(); ++i) {
    charts.push_back({ChartKind::kStatement, i});
    charts.push_back({ChartKind::kDistribution, i});
  }
  return charts;
}

// Tags open and close in order, attributes are quoted, and every '&' starts an
// entity: enough of XML to show that nothing the report carries broke out.
std::string XmlProblem(const std::string& svg) {
  std::vector<std::string> open;
  std::size_t i = 0;
  while (i < svg.size()) {
    char c = svg[i];
    if (c == '&') {
      auto end = svg.find(';', i);
      if (end == std::string::npos || end - i > 6) return "a bare & at " + std::to_string(i);
      i = end + 1;
      continue;
    }
    if (c == '>') return "a bare > at " + std::to_string(i);
    if (c != '<') {
      ++i;
      continue;
    }
    bool in_quotes = false;
    std::size_t end = i + 1;
    for (; end < svg.size(); ++end) {
      if (svg[end] == '"') in_quotes = !in_quotes;
      if (svg[end] == '<' && !in_quotes) return "a < inside a tag at " + std::to_string(end);
      if (svg[end] == '>' && !in_quotes) break;
    }
    if (end == svg.size()) return "an unclosed tag at " + std::to_string(i);
    std::string tag = svg.substr(i + 1, end - i - 1);
    bool closing = !tag.empty() && tag.front() == '/';
    bool empty = !tag.empty() && tag.back() == '/';
    std::string name = tag.substr(closing ? 1 : 0);
    name = name.substr(0, name.find_first_of(" /"));
    if (closing) {
      if (open.empty() || open.back() != name) return "</" + name + "> closes nothing open";
      open.pop_back();
    } else if (!empty) {
      open.push_back(name);
    }
    i = end + 1;
  }
  if (!open.empty()) return "<" + open.back() + "> never closed";
  return {};
}

TEST(ChartsTest, EverySvgIsAnAccessibleWellFormedImage) {
  auto r = testing::SampleReport();
  for (const auto& chart : EveryChart(r)) {
    SCOPED_TRACE(report::TitleOf(r, chart));
    std::string svg = report::Svg(r, chart);
    EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
    EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
    EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
    EXPECT_NE(svg.find("viewBox=\"0 0 "), std::string::npos);
    EXPECT_NE(svg.find("<title>"), std::string::npos);
    EXPECT_NE(svg.find("<desc>"), std::string::npos);
    EXPECT_NE(svg.find("font-family=\"&#39;GDS Transport&#39;, arial, sans-serif\""), std::string::npos);
    EXPECT_EQ(XmlProblem(svg), "");
    EXPECT_EQ(svg.find("style="), std::string::npos) << "inline styles break the Content-Security-Policy";
    EXPECT_EQ(svg.find(testing::kWithheldGroup), std::string::npos);
    EXPECT_EQ(svg.find("Lead member"), std::string::npos);
    auto size = report::SizeOf(r, chart);
    EXPECT_GT(size.width, 0);
    EXPECT_GT(size.height, 0);
  }
}

TEST(ChartsTest, HostileTextIsEscapedEverywhere) {
  auto r = testing::SampleReport();
  r.statements[0].text = "Moral <b>purpose</b> & \"more\"";
  r.statements[0].figures[0].label = "<script>alert('x')</script>";
  r.areas[0].title = "Areas <b>bold</b>";
  r.scale[0].label = "Not <b>yet</b>";
  for (const auto& chart : EveryChart(r)) {
    SCOPED_TRACE(static_cast<int>(chart.kind));
    std::string svg = report::Svg(r, chart);
    EXPECT_EQ(svg.find("<b>"), std::string::npos);
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(XmlProblem(svg), "");
  }
  std::string statement = report::Svg(r, {ChartKind::kStatement, 0});
  EXPECT_NE(statement.find("Moral &lt;b&gt;purpose&lt;/b&gt; &amp; &quot;more&quot;"), std::string::npos);
  EXPECT_NE(statement.find("&lt;script&gt;"), std::string::npos);
}

TEST(ChartsTest, DescriptionsStateTheFigures) {
  auto r = testing::SampleReport();
  // A1: others 25 / 8 = 3.125; self 5.
  std::string a1 = report::Describe(r, {ChartKind::kStatement, 0});
  EXPECT_NE(a1.find("A1 Moral purpose"), std::string::npos) << a1;
  EXPECT_NE(a1.find("Others' mean 3.1 of 5 from 8 responses; self 5"), std::string::npos) << a1;
  EXPECT_NE(a1.find("Line manager (chief executive): mean 3.0 of 5 from 1 response"), std::string::npos) << a1;
  // S4: the participant was not able to comment.
  std::string s4 = report::Describe(r, {ChartKind::kStatement, 1});
  EXPECT_NE(s4.find("self: not able to comment"), std::string::npos) << s4;
  // K1.1.1: "Other raters" had two who were not able to comment.
  std::string k = report::Describe(r, {ChartKind::kDistribution, 2});
  EXPECT_NE(k.find("Other raters: 1 (Not yet developed) 0, 2 (Developing) 1, 3 (Established) 2"), std::string::npos)
      << k;
  EXPECT_NE(k.find("Not able to comment 2"), std::string::npos) << k;
  std::string areas = report::Describe(r, {ChartKind::kAreas, 0});
  EXPECT_NE(areas.find("Leadership attributes: others' mean 3.1; self 5.0; gap +1.9"), std::string::npos) << areas;
  std::string priorities = report::Describe(r, {ChartKind::kPriorities, 0});
  EXPECT_NE(priorities.find("importance 3 or more and others' mean below 3.0"), std::string::npos) << priorities;
  EXPECT_NE(priorities.find("K1.1.1"), std::string::npos) << priorities;
  for (const auto& chart : EveryChart(r)) {
    std::string text = report::Describe(r, chart) + report::TitleOf(r, chart);
    EXPECT_EQ(text.find(testing::kWithheldGroup), std::string::npos);
    EXPECT_FALSE(report::TitleOf(r, chart).empty());
  }
}

TEST(ChartsTest, ChartsCarryTheirWordsAsWellAsColours) {
  auto r = testing::SampleReport();
  std::string statement = report::Svg(r, {ChartKind::kStatement, 0});
  EXPECT_NE(statement.find(">All raters shown<"), std::string::npos);
  EXPECT_NE(statement.find(">Self<"), std::string::npos);
  EXPECT_NE(statement.find(">3.1, n = 8<"), std::string::npos);
  std::string distribution = report::Svg(r, {ChartKind::kDistribution, 2});
  EXPECT_NE(distribution.find(">Not able to comment<"), std::string::npos);
  EXPECT_NE(distribution.find(">Not able<"), std::string::npos);
  std::string priorities = report::Svg(r, {ChartKind::kPriorities, 0});
  EXPECT_NE(priorities.find(">K1.1.1<"), std::string::npos);  // the one priority, labelled
}

TEST(ChartsTest, SvgCanvasEscapesAndRounds) {
  report::SvgCanvas canvas(100, 50.04, "T <1>", "D & \"2\"");
  canvas.Rect(1.26, 2, 3.5, 4, {1, 0, 0});
  canvas.Rect(1, 1, 0, 4, {0, 0, 0});  // nothing to see: left out
  canvas.Line(0, 0, 10, 10, {0, 0, 1}, 0.5);
  canvas.Circle(5, 5, 2, {0, 1, 0});
  canvas.Text(1, 2, "a<b>&'\"", 8, {0, 0, 0}, report::Align::kEnd, true);
  std::string svg = canvas.Finish();
  EXPECT_NE(svg.find("viewBox=\"0 0 100 50\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("<title>T &lt;1&gt;</title><desc>D &amp; &quot;2&quot;</desc>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("<rect x=\"1.3\" y=\"2\" width=\"3.5\" height=\"4\" fill=\"#ff0000\"/>"), std::string::npos)
      << svg;
  EXPECT_EQ(svg.find("fill=\"#000000\"/>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("<line x1=\"0\" y1=\"0\" x2=\"10\" y2=\"10\" stroke=\"#0000ff\" stroke-width=\"0.5\"/>"),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("<circle cx=\"5\" cy=\"5\" r=\"2\" fill=\"#00ff00\"/>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("text-anchor=\"end\" font-weight=\"bold\">a&lt;b&gt;&amp;&#39;&quot;</text>"), std::string::npos)
      << svg;
  EXPECT_EQ(XmlProblem(svg), "");
}

TEST(ChartsTest, ReportsWithLittleInThemStillDraw) {
  domain::Report empty;
  for (auto kind : {ChartKind::kAreas, ChartKind::kPriorities}) {
    std::string svg = report::Svg(empty, {kind, 0});
    EXPECT_EQ(XmlProblem(svg), "");
    EXPECT_GT(report::SizeOf(empty, {kind, 0}).height, 0);
  }
  auto r = testing::SampleReport();
  EXPECT_THROW(report::Svg(r, {ChartKind::kStatement, r.statements.size()}), std::out_of_range);
}

}  // namespace
}  // namespace lqf
