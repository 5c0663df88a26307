#include "report/charts.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lqf::report {

namespace {

using domain::Figure;
using domain::Report;
using domain::StatementResult;

constexpr Color Hex(unsigned rgb) {
  return {static_cast<double>((rgb >> 16) & 255u) / 255.0, static_cast<double>((rgb >> 8) & 255u) / 255.0,
          static_cast<double>(rgb & 255u) / 255.0};
}

// GOV.UK palette. Blue bars, a near-black and orange marker for self (a
// different shape as well as a different colour), grey for what is apart.
constexpr Color kBlue = Hex(0x1d70b8);
constexpr Color kDarkBlue = Hex(0x003078);
constexpr Color kLightBlue = Hex(0xd2e2f1);
constexpr Color kBlack = Hex(0x0b0c0c);
constexpr Color kOrange = Hex(0xf47738);
constexpr Color kOrangeTint = Hex(0xfde4d7);
constexpr Color kMidGrey = Hex(0xb1b4b6);
constexpr Color kDarkGrey = Hex(0x505a5f);
constexpr Color kWhite = Hex(0xffffff);

// Every chart is as wide as an A4 page's text (483 pt between 2 cm margins);
// on the web page the viewBox scales it.
constexpr double kWidth = 480;
constexpr double kLabelSize = 8.5;
constexpr double kSmallSize = 7.5;
constexpr double kLegendRow = 14;
// Left column for figure labels, and the plot's right edge before the values.
constexpr double kLabelColumn = 170;
constexpr double kPlotLeft = 178;
constexpr double kBarHeight = 12;
constexpr double kFigureRow = 22;
constexpr double kAreaRow = 34;
constexpr double kScatterHeight = 200;

// ---- words and figures ----

std::string Fixed(double value, int precision = 1) {
  if (!std::isfinite(value)) return "-";
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, precision);
  if (ec != std::errc{}) return "-";
  std::string text(buffer, end);
  if (text == "-0.0") text = "0.0";
  return text;
}

std::string Signed(double value) {
  std::string text = Fixed(value);
  return value > 0 && text != "0.0" ? "+" + text : text;
}

std::string Count(int n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// The text's width, roughly: chart text is laid out without measuring, so
// labels that might not fit are shortened by this estimate (the tables beside
// every chart give them in full).
double EstimateWidth(std::string_view text, double size) {
  std::size_t chars = 0;
  for (char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return static_cast<double>(chars) * size * 0.52;
}

std::string Fit(std::string_view text, double size, double width) {
  if (EstimateWidth(text, size) <= width) return std::string(text);
  // Whole UTF-8 characters, as many as leave room for the ellipsis.
  std::size_t end = 0, chars = 0, fits = 0;
  double room = width / (size * 0.52) - 1;
  while (end < text.size()) {
    std::size_t next = end + 1;
    while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
    if (static_cast<double>(++chars) > room) break;
    fits = end = next;
  }
  return std::string(text.substr(0, fits)) + "\u2026";
}

// ---- the scale ----

struct Axis {
  double lo = 1, hi = 5;  // the values at the ends
  double x0 = 0, x1 = 1;  // where they are drawn
  double X(double value) const { return x0 + (std::clamp(value, lo, hi) - lo) / (hi - lo) * (x1 - x0); }
};

Axis ScaleAxis(const Report& report, double x0, double x1) {
  Axis axis;
  if (!report.scale.empty()) {
    axis.lo = report.scale.front().value;
    axis.hi = report.scale.back().value;
  }
  if (axis.hi <= axis.lo) axis.hi = axis.lo + 1;
  axis.x0 = x0;
  axis.x1 = x1;
  return axis;
}

std::vector<int> ScaleValues(const Report& report) {
  std::vector<int> values;
  for (const auto& point : report.scale) values.push_back(point.value);
  if (values.empty()) values = {1, 2, 3, 4, 5};
  return values;
}

std::string OfScale(const Report& report) {
  return " of " + std::to_string(report.scale.empty() ? 5 : report.scale.back().value);
}

// Vertical grid lines at the scale's points, labelled above.
void Grid(Canvas& canvas, const Report& report, const Axis& axis, double x, double y_label, double y_top,
          double y_bottom) {
  for (int value : ScaleValues(report)) {
    double at = x + axis.X(value);
    if (y_bottom > y_top) canvas.Line(at, y_top, at, y_bottom, kMidGrey, 0.5);
    canvas.Text(at, y_label, std::to_string(value), kSmallSize, kDarkGrey, Align::kMiddle);
  }
}

// Self: an orange disc ringed in black, so it differs from the bars in shape.
void SelfMarker(Canvas& canvas, double cx, double cy) {
  canvas.Circle(cx, cy, 5.5, kBlack);
  canvas.Circle(cx, cy, 4.5, kOrange);
}

// ---- legends ----

enum class Swatch { kBar, kSelf, kDot, kTint };

struct LegendItem {
  Swatch swatch = Swatch::kBar;
  Color color;
  std::string text;
};

struct PlacedItem {
  double x = 0, y = 0;
};

// Items left to right, wrapped at the chart's width; the height follows.
struct Legend {
  std::vector<LegendItem> items;
  std::vector<PlacedItem> places;
  double height = 0;
};

Legend MakeLegend(std::vector<LegendItem> items) {
  Legend legend;
  legend.items = std::move(items);
  double x = 0, y = 0;
  for (const auto& item : legend.items) {
    double width = 16 + EstimateWidth(item.text, kSmallSize) + 14;
    if (x > 0 && x + width > kWidth) {
      x = 0;
      y += kLegendRow;
    }
    legend.places.push_back({x, y});
    x += width;
  }
  legend.height = legend.items.empty() ? 0 : y + kLegendRow + 4;
  return legend;
}

void DrawLegend(Canvas& canvas, const Legend& legend, double x, double y) {
  for (std::size_t i = 0; i < legend.items.size(); ++i) {
    const auto& item = legend.items[i];
    double left = x + legend.places[i].x, mid = y + legend.places[i].y + 5;
    switch (item.swatch) {
      case Swatch::kBar:
        canvas.Rect(left, mid - 4, 12, 8, item.color);
        break;
      case Swatch::kTint:
        canvas.Rect(left, mid - 5, 12, 10, item.color);
        break;
      case Swatch::kSelf:
        SelfMarker(canvas, left + 6, mid);
        break;
      case Swatch::kDot:
        canvas.Circle(left + 6, mid, 4, item.color);
        break;
    }
    canvas.Text(left + 16, mid + 3, item.text, kSmallSize, kBlack, Align::kStart);
  }
}

// ---- the charts' layouts: SizeOf and Draw share them ----

Legend AreasLegend() {
  return MakeLegend({{Swatch::kBar, kBlue, "Others' mean"}, {Swatch::kSelf, kOrange, "Self (mean of own scores)"}});
}

Legend StatementLegend() {
  return MakeLegend({{Swatch::kBar, kBlue, "Mean of a group"},
                     {Swatch::kBar, kDarkGrey, "All raters, pooled"},
                     {Swatch::kSelf, kOrange, "Self"}});
}

// Light to dark blue along the scale; the counts are written in the bars.
Color Ramp(std::size_t i, std::size_t n) {
  double t = n <= 1 ? 1.0 : static_cast<double>(i) / static_cast<double>(n - 1);
  return {kLightBlue.r + (kDarkBlue.r - kLightBlue.r) * t, kLightBlue.g + (kDarkBlue.g - kLightBlue.g) * t,
          kLightBlue.b + (kDarkBlue.b - kLightBlue.b) * t};
}

bool DarkRamp(std::size_t i, std::size_t n) { return n > 1 && 2 * i > n - 1; }

Legend DistributionLegend(const Report& report) {
  std::vector<LegendItem> items;
  for (std::size_t i = 0; i < report.scale.size(); ++i) {
    const auto& point = report.scale[i];
    items.push_back({Swatch::kBar, Ramp(i, report.scale.size()), std::to_string(point.value) + " " + point.label});
  }
  items.push_back(
      {Swatch::kTint, kMidGrey, report.not_able_label.empty() ? "Not able to comment" : report.not_able_label});
  return MakeLegend(std::move(items));
}

std::string PriorityRegion(const Report& report) {
  return "Priority region: importance " + std::to_string(report.rules.priority_importance) +
         " or more and others' mean below " + Fixed(report.rules.priority_score);
}

Legend PrioritiesLegend(const Report& report) {
  return MakeLegend({{Swatch::kSelf, kOrange, "Development priority (code shown)"},
                     {Swatch::kDot, kBlue, "Other statement"},
                     {Swatch::kTint, kOrangeTint, PriorityRegion(report)}});
}

const StatementResult& StatementOf(const Report& report, const Chart& chart) {
  return report.statements.at(chart.statement);
}

// The rows of a distribution: each figure, and every rater shown pooled
// unless that is the one figure again.
std::vector<const Figure*> DistributionRows(const StatementResult& s) {
  std::vector<const Figure*> rows;
  for (const auto& figure : s.figures) rows.push_back(&figure);
  if (s.figures.size() != 1) rows.push_back(&s.others);
  return rows;
}

// Statements that can be placed: an importance and others' mean.
std::vector<std::size_t> Placed(const Report& report) {
  std::vector<std::size_t> placed;
  for (std::size_t i = 0; i < report.statements.size(); ++i) {
    const auto& s = report.statements[i];
    if (s.self_importance && s.others.mean) placed.push_back(i);
  }
  return placed;
}

struct ImportanceRange {
  int lo = 1, hi = 5;
};

ImportanceRange Importances(const Report& report) {
  ImportanceRange range;
  range.hi = std::max(range.hi, report.rules.priority_importance);
  for (const auto& s : report.statements) {
    if (!s.self_importance) continue;
    range.lo = std::min(range.lo, *s.self_importance);
    range.hi = std::max(range.hi, *s.self_importance);
  }
  return range;
}

// ---- drawing ----

void DrawAreas(Canvas& canvas, const Report& report, double x, double y) {
  Legend legend = AreasLegend();
  DrawLegend(canvas, legend, x, y);
  double ticks = y + legend.height + 8, top = y + legend.height + 14;
  Axis axis = ScaleAxis(report, 8, kWidth - 100);
  if (report.areas.empty()) {
    canvas.Text(x, top + 14, "No areas to show.", kLabelSize, kBlack, Align::kStart);
    return;
  }
  Grid(canvas, report, axis, x, ticks, top, top);
  for (std::size_t i = 0; i < report.areas.size(); ++i) {
    const auto& area = report.areas[i];
    double row = top + static_cast<double>(i) * kAreaRow;
    // The grid only beside the bar, clear of the area's title above it.
    for (int value : ScaleValues(report)) {
      canvas.Line(x + axis.X(value), row + 13, x + axis.X(value), row + kAreaRow, kMidGrey, 0.5);
    }
    canvas.Text(x, row + 10, Fit(area.title, kLabelSize, kWidth), kLabelSize, kBlack, Align::kStart, true);
    if (area.others_mean) {
      canvas.Rect(x + axis.X(axis.lo), row + 15, axis.X(*area.others_mean) - axis.X(axis.lo), kBarHeight, kBlue);
    }
    if (area.self_mean) SelfMarker(canvas, x + axis.X(*area.self_mean), row + 15 + kBarHeight / 2);
    double right = x + axis.x1 + 12;
    canvas.Text(right, row + 21, "Others " + (area.others_mean ? Fixed(*area.others_mean) : std::string("-")),
                kSmallSize, kBlack, Align::kStart);
    canvas.Text(right, row + 30, "Self " + (area.self_mean ? Fixed(*area.self_mean) : std::string("-")), kSmallSize,
                kBlack, Align::kStart);
  }
}

void DrawStatement(Canvas& canvas, const Report& report, const StatementResult& s, double x, double y,
                   bool with_legend) {
  Legend legend = with_legend ? StatementLegend() : Legend{};
  DrawLegend(canvas, legend, x, y);
  double ticks = y + legend.height + 8, top = y + legend.height + 14;
  Axis axis = ScaleAxis(report, kPlotLeft, kWidth - 64);
  std::size_t rows = s.figures.size() + 2;
  Grid(canvas, report, axis, x, ticks, top, top + static_cast<double>(rows) * kFigureRow);
  auto bar = [&](std::size_t i, const Figure& figure, Color color, bool bold) {
    double row = top + static_cast<double>(i) * kFigureRow;
    canvas.Text(x, row + 14, Fit(figure.label, kLabelSize, kLabelColumn), kLabelSize, kBlack, Align::kStart, bold);
    if (figure.mean) {
      canvas.Rect(x + axis.X(axis.lo), row + 5, axis.X(*figure.mean) - axis.X(axis.lo), kBarHeight, color);
      canvas.Text(x + axis.x1 + 8, row + 14, Fixed(*figure.mean) + ", n = " + std::to_string(figure.responses),
                  kSmallSize, kBlack, Align::kStart);
    } else {
      canvas.Text(x + axis.x1 + 8, row + 14, "no scores", kSmallSize, kBlack, Align::kStart);
    }
  };
  for (std::size_t i = 0; i < s.figures.size(); ++i) bar(i, s.figures[i], kBlue, false);
  bar(s.figures.size(), s.others, kDarkGrey, true);
  double row = top + static_cast<double>(s.figures.size() + 1) * kFigureRow;
  canvas.Text(x, row + 14, "Self", kLabelSize, kBlack, Align::kStart, true);
  if (s.self_score) {
    SelfMarker(canvas, x + axis.X(*s.self_score), row + 11);
    canvas.Text(x + axis.x1 + 8, row + 14, std::to_string(*s.self_score), kSmallSize, kBlack, Align::kStart);
  } else {
    canvas.Text(x + axis.x1 + 8, row + 14, s.self_not_able ? "not able" : "no score", kSmallSize, kBlack,
                Align::kStart);
  }
}

void DrawDistribution(Canvas& canvas, const Report& report, const StatementResult& s, double x, double y,
                      bool with_legend) {
  Legend legend = with_legend ? DistributionLegend(report) : Legend{};
  DrawLegend(canvas, legend, x, y);
  double heading = y + legend.height + 8, top = y + legend.height + 14;
  double x0 = x + kPlotLeft, x1 = x + kWidth - 70, not_able_at = x + kWidth - 30;
  canvas.Text(x0, heading, "Number of answers at each point", kSmallSize, kDarkGrey, Align::kStart);
  canvas.Text(x + kWidth, heading, "Not able", kSmallSize, kDarkGrey, Align::kEnd);
  auto rows = DistributionRows(s);
  int most = 1;
  for (const auto* figure : rows) {
    int total = 0;
    for (int c : figure->distribution.counts) total += std::max(c, 0);
    most = std::max(most, total);
  }
  double unit = (x1 - x0) / most;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& figure = *rows[r];
    double row = top + static_cast<double>(r) * kFigureRow;
    canvas.Text(x, row + 14, Fit(figure.label, kLabelSize, kLabelColumn), kLabelSize, kBlack, Align::kStart,
                &figure == &s.others);
    const auto& counts = figure.distribution.counts;
    double at = x0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] <= 0) continue;
      double width = counts[i] * unit;
      // A white gap between segments, so neighbours need not differ by colour alone.
      canvas.Rect(at, row + 5, std::max(width - 1, 0.5), kBarHeight, Ramp(i, counts.size()));
      if (width >= 12) {
        canvas.Text(at + width / 2, row + 14, std::to_string(counts[i]), kSmallSize,
                    DarkRamp(i, counts.size()) ? kWhite : kBlack, Align::kMiddle);
      }
      at += width;
    }
    // "Not able to comment" is not a score: a grey box in a column of its own.
    canvas.Rect(not_able_at - 12, row + 5, 24, kBarHeight, kMidGrey);
    canvas.Text(not_able_at, row + 14, std::to_string(figure.distribution.not_able), kSmallSize, kBlack,
                Align::kMiddle);
  }
}

struct Scatter {
  Axis axis;
  ImportanceRange importance;
  double top = 0, bottom = 0;
  double Y(double value) const {
    double lo = importance.lo - 0.5, hi = importance.hi + 0.5;
    return bottom - (std::clamp(value, lo, hi) - lo) / (hi - lo) * (bottom - top);
  }
};

Scatter PrioritiesLayout(const Report& report, const Legend& legend) {
  Scatter scatter;
  scatter.axis = ScaleAxis(report, 34, kWidth - 10);
  scatter.importance = Importances(report);
  scatter.top = legend.height + 18;
  scatter.bottom = scatter.top + kScatterHeight;
  return scatter;
}

void DrawPriorities(Canvas& canvas, const Report& report, double x, double y) {
  Legend legend = PrioritiesLegend(report);
  DrawLegend(canvas, legend, x, y);
  Scatter p = PrioritiesLayout(report, legend);
  const Axis& axis = p.axis;
  double top = y + p.top, bottom = y + p.bottom;
  auto px = [&](double v) { return x + axis.X(v); };
  auto py = [&](double v) { return y + p.Y(v); };
  // The region first, under the grid and the points. Importances are whole
  // numbers, so the region's edge lies half a point below the threshold.
  double region_right = px(std::min(report.rules.priority_score, axis.hi));
  double region_bottom = py(std::max<double>(report.rules.priority_importance - 0.5, p.importance.lo - 0.5));
  canvas.Rect(px(axis.lo), top, region_right - px(axis.lo), region_bottom - top, kOrangeTint);
  canvas.Text(x, y + legend.height + 8, "Importance to you", kSmallSize, kDarkGrey, Align::kStart, true);
  for (int v = p.importance.lo; v <= p.importance.hi; ++v) {
    canvas.Line(px(axis.lo), py(v), px(axis.hi), py(v), kMidGrey, 0.5);
    canvas.Text(px(axis.lo) - 8, py(v) + 3, std::to_string(v), kSmallSize, kDarkGrey, Align::kEnd);
  }
  for (int v : ScaleValues(report)) {
    canvas.Line(px(v), top, px(v), bottom, kMidGrey, 0.5);
    canvas.Text(px(v), bottom + 12, std::to_string(v), kSmallSize, kDarkGrey, Align::kMiddle);
  }
  canvas.Line(px(axis.lo), bottom, px(axis.hi), bottom, kDarkGrey, 1);
  canvas.Line(px(axis.lo), top, px(axis.lo), bottom, kDarkGrey, 1);
  canvas.Text((px(axis.lo) + px(axis.hi)) / 2, bottom + 26, "Others' mean", kSmallSize, kDarkGrey, Align::kMiddle,
              true);
  std::set<std::size_t> priorities;
  for (const auto& finding : report.priorities) priorities.insert(finding.statement);
  auto placed = Placed(report);
  if (placed.empty()) {
    canvas.Text(px(axis.lo) + 8, top + 16, "No statement has both an importance and others' mean.", kLabelSize, kBlack,
                Align::kStart);
  }
  for (std::size_t i : placed) {
    if (priorities.count(i)) continue;
    const auto& s = report.statements[i];
    canvas.Circle(px(*s.others.mean), py(*s.self_importance), 3.5, kBlue);
  }
  for (std::size_t i : placed) {
    if (!priorities.count(i)) continue;
    const auto& s = report.statements[i];
    double cx = px(*s.others.mean), cy = py(*s.self_importance);
    SelfMarker(canvas, cx, cy);
    canvas.Text(cx + 8, cy + 3, s.code, kSmallSize, kBlack, Align::kStart, true);
  }
}

// ---- text alternatives ----

std::string FigureInWords(const Report& report, const Figure& figure) {
  std::string text = figure.label + ": ";
  if (!figure.mean) return text + "no scores";
  return text + "mean " + Fixed(*figure.mean) + OfScale(report) + " from " +
         Count(figure.responses, "response", "responses");
}

std::string SelfInWords(const StatementResult& s) {
  if (s.self_score) return "self " + std::to_string(*s.self_score);
  return s.self_not_able ? "self: not able to comment" : "self: no score";
}

std::string DescribeAreas(const Report& report) {
  if (report.areas.empty()) return "No areas to show.";
  std::string text = "Others' mean and self for each area, on a scale" + OfScale(report) + ".";
  for (const auto& area : report.areas) {
    text += " " + area.title + ": others' mean ";
    text += area.others_mean ? Fixed(*area.others_mean) : std::string("none");
    text += "; self ";
    text += area.self_mean ? Fixed(*area.self_mean) : std::string("none");
    if (area.gap) text += "; gap " + Signed(*area.gap);
    text += ".";
  }
  return text;
}

std::string DescribeStatement(const Report& report, const StatementResult& s) {
  std::string text = s.code + " " + s.text + ".";
  for (const auto& figure : s.figures) text += " " + FigureInWords(report, figure) + ".";
  text += " Others' mean ";
  text += s.others.mean ? Fixed(*s.others.mean) + OfScale(report) : std::string("none");
  text += " from " + Count(s.others.responses, "response", "responses") + "; " + SelfInWords(s) + ".";
  return text;
}

std::string DescribeDistribution(const Report& report, const StatementResult& s) {
  std::string text = s.code + " " + s.text + ": answers at each point of the scale.";
  for (const auto* figure : DistributionRows(s)) {
    text += " " + figure->label + ":";
    const auto& counts = figure->distribution.counts;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      text += i ? ", " : " ";
      if (i < report.scale.size()) {
        text += std::to_string(report.scale[i].value) + " (" + report.scale[i].label + ") ";
      } else {
        text += std::to_string(i + 1) + " ";
      }
      text += std::to_string(counts[i]);
    }
    text += "; " + (report.not_able_label.empty() ? std::string("not able to comment") : report.not_able_label) + " " +
            std::to_string(figure->distribution.not_able) + ".";
  }
  return text;
}

std::string DescribePriorities(const Report& report) {
  auto placed = Placed(report);
  std::string text = "Importance to you against others' mean for " +
                     Count(static_cast<int>(placed.size()), "statement", "statements") + ". " + PriorityRegion(report) +
                     ".";
  if (report.priorities.empty()) return text + " No development priorities.";
  text +=
      " " + Count(static_cast<int>(report.priorities.size()), "development priority", "development priorities") + ":";
  bool first = true;
  for (const auto& finding : report.priorities) {
    if (finding.statement >= report.statements.size()) continue;
    const auto& s = report.statements[finding.statement];
    text += first ? " " : "; ";
    first = false;
    text += s.code + " " + s.text + " (importance ";
    text += s.self_importance ? std::to_string(*s.self_importance) : std::string("none");
    text += ", others' mean " + (s.others.mean ? Fixed(*s.others.mean) : std::string("none")) + ")";
  }
  return text + ".";
}

}  // namespace

ChartSize SizeOf(const Report& report, const Chart& chart) {
  switch (chart.kind) {
    case ChartKind::kAreas: {
      double rows = static_cast<double>(std::max<std::size_t>(report.areas.size(), 1));
      return {kWidth, AreasLegend().height + 14 + rows * kAreaRow + 4};
    }
    case ChartKind::kStatement: {
      const auto& s = StatementOf(report, chart);
      return {kWidth, (chart.legend ? StatementLegend().height : 0) + 14 +
                          static_cast<double>(s.figures.size() + 2) * kFigureRow + 4};
    }
    case ChartKind::kDistribution: {
      const auto& s = StatementOf(report, chart);
      return {kWidth, (chart.legend ? DistributionLegend(report).height : 0) + 14 +
                          static_cast<double>(DistributionRows(s).size()) * kFigureRow + 4};
    }
    case ChartKind::kPriorities: {
      Scatter p = PrioritiesLayout(report, PrioritiesLegend(report));
      return {kWidth, p.bottom + 32};
    }
  }
  return {kWidth, 0};
}

namespace {

Legend LegendOf(const Report& report, ChartKind kind) {
  switch (kind) {
    case ChartKind::kAreas:
      return AreasLegend();
    case ChartKind::kStatement:
      return StatementLegend();
    case ChartKind::kDistribution:
      return DistributionLegend(report);
    case ChartKind::kPriorities:
      return PrioritiesLegend(report);
  }
  return {};
}

}  // namespace

ChartSize KeySize(const Report& report, ChartKind kind) { return {kWidth, LegendOf(report, kind).height}; }

void DrawKey(Canvas& canvas, const Report& report, ChartKind kind, double x, double y) {
  DrawLegend(canvas, LegendOf(report, kind), x, y);
}

void Draw(Canvas& canvas, const Report& report, const Chart& chart, double x, double y) {
  switch (chart.kind) {
    case ChartKind::kAreas:
      return DrawAreas(canvas, report, x, y);
    case ChartKind::kStatement:
      return DrawStatement(canvas, report, StatementOf(report, chart), x, y, chart.legend);
    case ChartKind::kDistribution:
      return DrawDistribution(canvas, report, StatementOf(report, chart), x, y, chart.legend);
    case ChartKind::kPriorities:
      return DrawPriorities(canvas, report, x, y);
  }
}

std::string TitleOf(const Report& report, const Chart& chart) {
  switch (chart.kind) {
    case ChartKind::kAreas:
      return "Self and others by area";
    case ChartKind::kStatement: {
      const auto& s = StatementOf(report, chart);
      return s.code + " " + s.text + ": means by group";
    }
    case ChartKind::kDistribution: {
      const auto& s = StatementOf(report, chart);
      return s.code + " " + s.text + ": spread of answers";
    }
    case ChartKind::kPriorities:
      return "Development priorities: importance against others' mean";
  }
  return {};
}

std::string Describe(const Report& report, const Chart& chart) {
  switch (chart.kind) {
    case ChartKind::kAreas:
      return DescribeAreas(report);
    case ChartKind::kStatement:
      return DescribeStatement(report, StatementOf(report, chart));
    case ChartKind::kDistribution:
      return DescribeDistribution(report, StatementOf(report, chart));
    case ChartKind::kPriorities:
      return DescribePriorities(report);
  }
  return {};
}

std::string Svg(const Report& report, const Chart& chart) {
  ChartSize size = SizeOf(report, chart);
  SvgCanvas canvas(size.width, size.height, TitleOf(report, chart), Describe(report, chart));
  Draw(canvas, report, chart);
  return canvas.Finish();
}

}  // namespace lqf::report
