#include "web/model_svg.hpp"

#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

#include "web/html.hpp"

namespace lqf::web {

namespace {

// Geometry of the drawing, in viewBox units.
constexpr double kSize = 640;
constexpr double kCentre = kSize / 2;
constexpr double kOuterRadius = 310;
constexpr double kRingInnerRadius = 176;
constexpr double kCoreRadius = 162;
constexpr double kLabelRadius = (kOuterRadius + kRingInnerRadius) / 2;
constexpr double kLineHeight = 26;
constexpr int kFontSize = 22;
// Characters per line: sectors at the sides are narrow (the ring's width),
// those at the top and bottom are wide.
constexpr std::size_t kRingWrapSide = 11;
constexpr std::size_t kRingWrapWide = 20;
constexpr std::size_t kCoreWrap = 24;
// GOV.UK palette: dark blue core with white text (5.2:1), light blue ring
// with near-black text; both pass WCAG AA for text.
constexpr std::string_view kCoreFill = "#1d70b8";
constexpr std::string_view kRingFills[] = {"#d2e2f1", "#bbd4ea"};
constexpr std::string_view kInk = "#0b0c0c";

std::string Num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

std::size_t CountLeaves(const domain::Framework& fw, const domain::Node& node) {
  if (!node.IsBranch()) return 1;
  std::size_t total = 0;
  for (auto child : node.children) total += CountLeaves(fw, fw.nodes[child]);
  return total;
}

//! Centred lines of text around (x, y).
std::string TextBlock(const std::vector<std::string>& lines, double x, double y, std::string_view fill, int size,
                      std::string_view weight) {
  std::string out;
  double top = y - (static_cast<double>(lines.size()) - 1) * kLineHeight / 2;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += "<text x=\"" + Num(x) + "\" y=\"" + Num(top + static_cast<double>(i) * kLineHeight) +
           "\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"" + std::to_string(size) +
           "\" font-weight=\"" + std::string(weight) + "\" fill=\"" + std::string(fill) + "\">" + HtmlEscape(lines[i]) +
           "</text>";
  }
  return out;
}

std::string LeafCount(std::size_t n) { return std::to_string(n) + (n == 1 ? " element" : " elements"); }

}  // namespace

std::string ModelSummary(const domain::Framework& fw) {
  if (!fw.model) return {};
  std::string core, around;
  for (const auto& code : fw.model->core) {
    if (const auto* node = fw.Find(code)) {
      if (!core.empty()) core += " and ";
      core += node->DisplayName() + " (" + LeafCount(CountLeaves(fw, *node)) + ")";
    }
  }
  for (std::size_t i = 0; i < fw.model->around.size(); ++i) {
    if (const auto* node = fw.Find(fw.model->around[i])) {
      if (!around.empty()) around += i + 1 == fw.model->around.size() ? " and " : ", ";
      around += node->DisplayName();
    }
  }
  return "A circle shows the central core: " + core + ". Around it, a ring is divided into " +
         std::to_string(fw.model->around.size()) + " parts: " + around + ".";
}

std::string ModelSvg(const domain::Framework& fw, std::string_view id_prefix) {
  if (!fw.model) return {};
  const std::string title_id = std::string(id_prefix) + "-title";
  const std::string desc_id = std::string(id_prefix) + "-desc";
  std::string svg = "<svg class=\"lqf-model\" role=\"img\" viewBox=\"0 0 " + Num(kSize) + " " + Num(kSize) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\" aria-labelledby=\"" + title_id + " " + desc_id +
                    "\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\">";
  svg += "<title id=\"" + title_id + "\">The model of the " + HtmlEscape(fw.short_title) + "</title>";
  svg += "<desc id=\"" + desc_id + "\">" + HtmlEscape(ModelSummary(fw)) + "</desc>";

  // The ring: one sector per surrounding element, the first centred at the top.
  const auto& around = fw.model->around;
  const double step = 2 * std::numbers::pi / static_cast<double>(around.size());
  for (std::size_t i = 0; i < around.size(); ++i) {
    const auto* node = fw.Find(around[i]);
    if (!node) continue;
    const double mid = -std::numbers::pi / 2 + step * static_cast<double>(i);
    const double a0 = mid - step / 2, a1 = mid + step / 2;
    auto point = [](double r, double a) {
      return Num(kCentre + r * std::cos(a)) + " " + Num(kCentre + r * std::sin(a));
    };
    const std::string large = step > std::numbers::pi ? "1" : "0";
    std::string path = "M " + point(kOuterRadius, a0) + " A " + Num(kOuterRadius) + " " + Num(kOuterRadius) + " 0 " +
                       large + " 1 " + point(kOuterRadius, a1) + " L " + point(kRingInnerRadius, a1) + " A " +
                       Num(kRingInnerRadius) + " " + Num(kRingInnerRadius) + " 0 " + large + " 0 " +
                       point(kRingInnerRadius, a0) + " Z";
    svg += "<path d=\"" + path + "\" fill=\"" + std::string(kRingFills[i % 2]) +
           "\" stroke=\"#ffffff\" stroke-width=\"6\"/>";
    const std::size_t wrap = std::abs(std::cos(mid)) > 0.7 ? kRingWrapSide : kRingWrapWide;
    svg += TextBlock(WrapWords(node->DisplayName(), wrap), kCentre + kLabelRadius * std::cos(mid),
                     kCentre + kLabelRadius * std::sin(mid), kInk, kFontSize, "700");
  }

  // The core: a circle in horizontal bands, one per core element.
  svg += "<circle cx=\"" + Num(kCentre) + "\" cy=\"" + Num(kCentre) + "\" r=\"" + Num(kCoreRadius) + "\" fill=\"" +
         std::string(kCoreFill) + "\"/>";
  const auto& core = fw.model->core;
  const double band = 2 * kCoreRadius / static_cast<double>(core.size());
  for (std::size_t i = 0; i < core.size(); ++i) {
    const auto* node = fw.Find(core[i]);
    if (!node) continue;
    const double top = kCentre - kCoreRadius + band * static_cast<double>(i);
    if (i > 0) {
      const double dy = std::abs(top - kCentre);
      const double half = std::sqrt(std::max(0.0, kCoreRadius * kCoreRadius - dy * dy));
      svg += "<line x1=\"" + Num(kCentre - half) + "\" y1=\"" + Num(top) + "\" x2=\"" + Num(kCentre + half) +
             "\" y2=\"" + Num(top) + "\" stroke=\"#ffffff\" stroke-width=\"3\"/>";
    }
    auto lines = WrapWords(node->DisplayName(), kCoreWrap);
    lines.push_back(LeafCount(CountLeaves(fw, *node)));
    svg += TextBlock(lines, kCentre, top + band / 2, "#ffffff", kFontSize, "700");
  }
  svg += "</svg>";
  return svg;
}

}  // namespace lqf::web
