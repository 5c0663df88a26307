#pragma once
//! The report's charts, drawn on any Canvas: the same code makes the report
//! page's SVGs and the PDF's drawings. Every chart has a text alternative
//! (Describe) and, in every form of the report, a table beside it with the
//! same figures.

#include <cstddef>
#include <string>

#include "domain/report.hpp"
#include "report/canvas.hpp"

namespace lqf::report {

//! Which chart.
enum class ChartKind {
  kAreas,         //!< self against others for every area, attribute and skill
  kStatement,     //!< one statement: each figure's mean, others, self
  kDistribution,  //!< one statement: how each figure's answers spread over the scale
  kPriorities,    //!< importance (self) against others' mean, statement by statement
};

struct Chart {
  ChartKind kind = ChartKind::kAreas;
  std::size_t statement = 0;  //!< for kStatement and kDistribution: index into Report::statements
  //! With its legend; a document that repeats a kind of chart many times
  //! (the PDF, once per statement) may print the key once instead (Key).
  bool legend = true;
};

//! The chart's size in points.
struct ChartSize {
  double width = 0;
  double height = 0;
};
ChartSize SizeOf(const domain::Report& report, const Chart& chart);
//! Draws the chart with its top left corner at (x, y).
void Draw(Canvas& canvas, const domain::Report& report, const Chart& chart, double x = 0, double y = 0);
//! The legend of a kind of chart alone, its size and drawing.
ChartSize KeySize(const domain::Report& report, ChartKind kind);
void DrawKey(Canvas& canvas, const domain::Report& report, ChartKind kind, double x = 0, double y = 0);
//! A short title ("Self and others by area") and a text alternative stating
//! what the chart shows in words and figures.
std::string TitleOf(const domain::Report& report, const Chart& chart);
std::string Describe(const domain::Report& report, const Chart& chart);
//! The chart as an accessible SVG element.
std::string Svg(const domain::Report& report, const Chart& chart);

}  // namespace lqf::report
