#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "domain/text.hpp"
#include "report/canvas.hpp"

namespace lqf::report {

namespace {

// The GOV.UK pages' font, so a chart reads as part of the page.
constexpr std::string_view kFontFamily = "'GDS Transport', arial, sans-serif";

// One decimal place is finer than the eye can place on a chart, and keeps the
// markup small. to_chars, not printf: a locale must not turn the point into a comma.
void AppendNumber(std::string& out, double value) {
  if (!std::isfinite(value)) value = 0;
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 1);
  if (ec != std::errc{}) {
    out += '0';
    return;
  }
  std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
  // "2.0" → "2", "-0.0" → "0": shorter and the same value.
  if (text.size() >= 2 && text.substr(text.size() - 2) == ".0") text.remove_suffix(2);
  if (text == "-0") text = "0";
  out += text;
}

void AppendColor(std::string& out, Color color) {
  constexpr char kHex[] = "0123456789abcdef";
  out += '#';
  for (double channel : {color.r, color.g, color.b}) {
    int v = static_cast<int>(std::lround(std::clamp(channel, 0.0, 1.0) * 255));
    out += kHex[v >> 4];
    out += kHex[v & 15];
  }
}

void AppendAttribute(std::string& out, std::string_view name, double value) {
  out += ' ';
  out += name;
  out += "=\"";
  AppendNumber(out, value);
  out += '"';
}

void AppendColorAttribute(std::string& out, std::string_view name, Color value) {
  out += ' ';
  out += name;
  out += "=\"";
  AppendColor(out, value);
  out += '"';
}

}  // namespace

SvgCanvas::SvgCanvas(double width, double height, std::string_view title, std::string_view description) {
  out_.reserve(4096);
  out_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ";
  AppendNumber(out_, width);
  out_ += ' ';
  AppendNumber(out_, height);
  out_ += '"';
  AppendAttribute(out_, "width", width);
  AppendAttribute(out_, "height", height);
  out_ += " font-family=\"";
  domain::AppendXmlEscaped(out_, kFontFamily);
  out_ += "\"><title>";
  domain::AppendXmlEscaped(out_, title);
  out_ += "</title><desc>";
  domain::AppendXmlEscaped(out_, description);
  out_ += "</desc>";
}

void SvgCanvas::Rect(double x, double y, double width, double height, Color fill) {
  if (width <= 0 || height <= 0) return;
  out_ += "<rect";
  AppendAttribute(out_, "x", x);
  AppendAttribute(out_, "y", y);
  AppendAttribute(out_, "width", width);
  AppendAttribute(out_, "height", height);
  AppendColorAttribute(out_, "fill", fill);
  out_ += "/>";
}

void SvgCanvas::Line(double x1, double y1, double x2, double y2, Color stroke, double line_width) {
  out_ += "<line";
  AppendAttribute(out_, "x1", x1);
  AppendAttribute(out_, "y1", y1);
  AppendAttribute(out_, "x2", x2);
  AppendAttribute(out_, "y2", y2);
  AppendColorAttribute(out_, "stroke", stroke);
  AppendAttribute(out_, "stroke-width", line_width);
  out_ += "/>";
}

void SvgCanvas::Circle(double cx, double cy, double radius, Color fill) {
  out_ += "<circle";
  AppendAttribute(out_, "cx", cx);
  AppendAttribute(out_, "cy", cy);
  AppendAttribute(out_, "r", radius);
  AppendColorAttribute(out_, "fill", fill);
  out_ += "/>";
}

void SvgCanvas::Text(double x, double y, std::string_view text, double size, Color color, Align align, bool bold) {
  out_ += "<text";
  AppendAttribute(out_, "x", x);
  AppendAttribute(out_, "y", y);
  AppendAttribute(out_, "font-size", size);
  AppendColorAttribute(out_, "fill", color);
  if (align == Align::kMiddle) out_ += " text-anchor=\"middle\"";
  if (align == Align::kEnd) out_ += " text-anchor=\"end\"";
  if (bold) out_ += " font-weight=\"bold\"";
  out_ += '>';
  domain::AppendXmlEscaped(out_, text);
  out_ += "</text>";
}

std::string SvgCanvas::Finish() {
  std::string done = std::move(out_);
  done += "</svg>";
  out_.clear();
  return done;
}

}  // namespace lqf::report
