#pragma once
//! Where charts are drawn: one small drawing interface with two ends, SVG for
//! the report page (svg_canvas.cpp) and cairo for the PDF (pdf_report.cpp),
//! so that a chart is drawn by the same code in both (charts.hpp).
//! Coordinates are in points (1/72 inch), origin top left, y down.

#include <string>
#include <string_view>

namespace lqf::report {

//! A colour, each channel 0..1.
struct Color {
  double r = 0, g = 0, b = 0;
};

//! Where a text's x coordinate is: its start, middle or end.
enum class Align { kStart, kMiddle, kEnd };

class Canvas {
 public:
  virtual ~Canvas() = default;
  //! A filled rectangle.
  virtual void Rect(double x, double y, double width, double height, Color fill) = 0;
  //! A straight line.
  virtual void Line(double x1, double y1, double x2, double y2, Color stroke, double line_width) = 0;
  //! A filled circle.
  virtual void Circle(double cx, double cy, double radius, Color fill) = 0;
  //! One line of text whose baseline is at `y`.
  virtual void Text(double x, double y, std::string_view text, double size, Color color, Align align,
                    bool bold = false) = 0;
};

//! A chart as an SVG document for an HTML page: role="img" with a <title>
//! and <desc> (the text alternative); text in the page's font.
class SvgCanvas final : public Canvas {
 public:
  SvgCanvas(double width, double height, std::string_view title, std::string_view description);
  void Rect(double x, double y, double width, double height, Color fill) override;
  void Line(double x1, double y1, double x2, double y2, Color stroke, double line_width) override;
  void Circle(double cx, double cy, double radius, Color fill) override;
  void Text(double x, double y, std::string_view text, double size, Color color, Align align,
            bool bold = false) override;
  //! The finished <svg> element.
  std::string Finish();

 private:
  std::string out_;
};

}  // namespace lqf::report
