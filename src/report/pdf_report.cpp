#include "report/pdf_report.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "report/canvas.hpp"
#include "report/charts.hpp"

namespace lqf::report {

namespace {

using domain::Figure;
using domain::Finding;
using domain::Report;
using domain::StatementResult;

// A4 in points, with 2 cm margins; the footer sits in the bottom margin.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 56.7;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kBodyBottom = kPageHeight - kMargin;
constexpr double kFooterBaseline = kPageHeight - 28;
// Debian's fonts-liberation2: metric-compatible with Arial, the GOV.UK
// pages' fallback, and free to embed (cairo embeds the subsets used).
constexpr const char* kFontFamily = "Liberation Sans";
constexpr double kBodySize = 10;
constexpr double kTableSize = 8.5;
constexpr double kSmallSize = 8;
constexpr double kCellPadding = 3;
// A heading needs this much room below it on its page, or it goes to the next.
constexpr double kKeepWithNext = 90;

constexpr Color kBlack{0.043, 0.047, 0.047};     // #0b0c0c
constexpr Color kDarkGrey{0.314, 0.353, 0.373};  // #505a5f
constexpr Color kMidGrey{0.694, 0.706, 0.714};   // #b1b4b6

// ---- owning handles ----

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;

void Check(cairo_status_t status) {
  if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(status));
}

// ---- words and figures ----

std::string Fixed(double value) {
  if (!std::isfinite(value)) return "-";
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 1);
  if (ec != std::errc{}) return "-";
  std::string text(buffer, end);
  return text == "-0.0" ? "0.0" : text;
}

std::string Signed(double value) {
  std::string text = Fixed(value);
  return value > 0 && text != "0.0" ? "+" + text : text;
}

std::string Maybe(const std::optional<double>& value) { return value ? Fixed(*value) : "-"; }
std::string MaybeSigned(const std::optional<double>& value) { return value ? Signed(*value) : "-"; }

std::string Count(int n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// "2026-11-20T09:30:00Z" → "20 November 2026"; anything else as given.
std::string DateInWords(const std::string& when) {
  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
  int year = 0, month = 0, day = 0;
  if (when.size() < 10 || when[4] != '-' || when[7] != '-') return when;
  auto number = [&](std::size_t at, std::size_t n, int& out) {
    auto [ptr, ec] = std::from_chars(when.data() + at, when.data() + at + n, out);
    return ec == std::errc{} && ptr == when.data() + at + n;
  };
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day) || month < 1 || month > 12 || day < 1 ||
      day > 31)
    return when;
  return std::to_string(day) + " " + kMonths[month - 1] + " " + std::to_string(year);
}

std::string NotAbleLabel(const Report& report) {
  return report.not_able_label.empty() ? "Not able to comment" : report.not_able_label;
}

std::string ScaleLabel(const Report& report, int value) {
  for (const auto& point : report.scale) {
    if (point.value == value) return std::to_string(value) + " (" + point.label + ")";
  }
  return std::to_string(value);
}

std::string StatementName(const StatementResult& s) { return s.code + " " + s.text; }

// ---- text: one pango context per document, each distinct text laid out once ----

class Typesetter {
 public:
  Typesetter() : context_(pango_font_map_create_context(pango_cairo_font_map_get_default())) {
    pango_cairo_context_set_resolution(context_, 72);  // sizes in points, as everything else
    cairo_font_options_t* options = cairo_font_options_create();
    // Vector output: unhinted outlines and metrics, placed where they fall.
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context_, options);
    cairo_font_options_destroy(options);
    pango_context_set_round_glyph_positions(context_, FALSE);
    // One glyph per character: text is drawn as bare glyphs (GlyphBatch), and
    // a reader copying it maps each glyph back to its character.
    attributes_ = pango_attr_list_new();
    pango_attr_list_insert(attributes_, pango_attr_font_features_new("liga 0, clig 0"));
  }
  ~Typesetter() {
    for (auto& [key, layout] : layouts_) g_object_unref(layout);
    for (auto& [key, font] : fonts_) pango_font_description_free(font);
    pango_attr_list_unref(attributes_);
    g_object_unref(context_);
  }
  Typesetter(const Typesetter&) = delete;
  Typesetter& operator=(const Typesetter&) = delete;

  //! The text laid out in `size` points; wrapped at `width` unless 0.
  PangoLayout* Layout(std::string_view text, double size, bool bold, double width) {
    int size_key = static_cast<int>(std::lround(size * 10));
    int width_key = static_cast<int>(std::lround(width * 10));
    key_.clear();
    key_ += std::to_string(size_key);
    key_ += bold ? 'b' : 'r';
    key_ += std::to_string(width_key);
    key_ += '|';
    key_ += text;
    auto found = layouts_.find(key_);
    if (found != layouts_.end()) return found->second;
    PangoLayout* layout = pango_layout_new(context_);
    pango_layout_set_font_description(layout, Font(size_key, bold));
    pango_layout_set_attributes(layout, attributes_);
    if (width > 0) {
      pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) {
      pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    } else {
      gchar* valid = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
      pango_layout_set_text(layout, valid, -1);
      g_free(valid);
    }
    layouts_.emplace(key_, layout);
    return layout;
  }

 private:
  const PangoFontDescription* Font(int size_key, bool bold) {
    auto& font = fonts_[{size_key, bold}];
    if (!font) {
      font = pango_font_description_new();
      pango_font_description_set_family_static(font, kFontFamily);
      pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      pango_font_description_set_size(font, size_key * PANGO_SCALE / 10);
    }
    return font;
  }

  PangoContext* context_;
  PangoAttrList* attributes_ = nullptr;
  std::unordered_map<std::string, PangoLayout*> layouts_;
  std::map<std::pair<int, bool>, PangoFontDescription*> fonts_;
  std::string key_;
};

struct Extents {
  double width = 0, height = 0, baseline = 0;
};

Extents Measure(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return {static_cast<double>(logical.width) / PANGO_SCALE, static_cast<double>(logical.height) / PANGO_SCALE,
          static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE};
}

void SetColor(cairo_t* cr, Color c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

// Text laid out by pango, drawn as glyphs gathered per font and colour and
// shown once a page. pango_cairo_show_layout makes one drawing operation per
// run of text, and cairo's PDF surface analyses and writes each apart: with a
// few thousand short texts in a report, that was most of its time. Text is
// drawn last on a page, so it always lies on top of the shapes around it.
class GlyphBatch {
 public:
  //! The layout with its top left corner at (x, y).
  void Add(PangoLayout* layout, double x, double y, Color color) {
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    do {
      PangoRectangle line;
      pango_layout_iter_get_line_extents(iter, nullptr, &line);
      AddLine(pango_layout_iter_get_line_readonly(iter), x + static_cast<double>(line.x) / PANGO_SCALE,
              y + static_cast<double>(pango_layout_iter_get_baseline(iter)) / PANGO_SCALE, color);
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
  }

  //! One line of a layout with its baseline starting at (x, baseline).
  void AddLine(PangoLayoutLine* line, double x, double baseline, Color color) {
    int at = 0;
    for (GSList* item = line->runs; item; item = item->next) {
      auto* run = static_cast<PangoGlyphItem*>(item->data);
      cairo_scaled_font_t* font = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
      if (!font) continue;
      auto& glyphs = Group(font, color);
      for (int i = 0; i < run->glyphs->num_glyphs; ++i) {
        const PangoGlyphInfo& g = run->glyphs->glyphs[i];
        if (!(g.glyph & PANGO_GLYPH_UNKNOWN_FLAG) && g.glyph != PANGO_GLYPH_EMPTY) {
          glyphs.push_back({g.glyph, x + static_cast<double>(at + g.geometry.x_offset) / PANGO_SCALE,
                            baseline + static_cast<double>(g.geometry.y_offset) / PANGO_SCALE});
        }
        at += g.geometry.width;
      }
    }
  }

  //! Shows what was gathered.
  void Flush(cairo_t* cr) {
    for (auto& group : groups_) {
      if (group.glyphs.empty()) continue;
      cairo_set_scaled_font(cr, group.font);
      SetColor(cr, group.color);
      cairo_show_glyphs(cr, group.glyphs.data(), static_cast<int>(group.glyphs.size()));
      group.glyphs.clear();
    }
  }

 private:
  struct Group_ {
    cairo_scaled_font_t* font;
    Color color;
    std::vector<cairo_glyph_t> glyphs;
  };

  std::vector<cairo_glyph_t>& Group(cairo_scaled_font_t* font, Color color) {
    for (auto& group : groups_) {
      if (group.font == font && group.color.r == color.r && group.color.g == color.g && group.color.b == color.b)
        return group.glyphs;
    }
    groups_.push_back({font, color, {}});
    return groups_.back().glyphs;
  }

  std::vector<Group_> groups_;
};

// ---- the charts' canvas on cairo ----

// Shapes are drawn batched by colour (a chart's grid lines, its bars, the
// segments of one colour in a spread of answers): cairo's PDF surface
// analyses and writes every operation, and every number in it (a colour is
// three), so fewer of them is most of a report's time. Lines and circles of
// a batch are one path; rectangles are filled one by one, as cairo writes a
// lone rectangle in four numbers and one among others in ten. A shape joins
// the last batch of its kind unless something drawn since lies near it, so
// whatever overlaps is still painted in the order it was drawn.
class CairoCanvas final : public Canvas {
 public:
  CairoCanvas(cairo_t* cr, Typesetter& type, GlyphBatch& text) : cr_(cr), type_(type), text_(text) {}
  ~CairoCanvas() override { Flush(); }
  CairoCanvas(const CairoCanvas&) = delete;
  CairoCanvas& operator=(const CairoCanvas&) = delete;

  void Rect(double x, double y, double width, double height, Color fill) override {
    if (width <= 0 || height <= 0) return;
    Add({Op::kFill, Quantize(fill), 0}, {x, y, x + width, y + height}, {Kind::kRect, x, y, width, height});
  }
  void Line(double x1, double y1, double x2, double y2, Color stroke, double line_width) override {
    double half = line_width / 2;
    Add({Op::kStroke, Quantize(stroke), line_width},
        {std::min(x1, x2) - half, std::min(y1, y2) - half, std::max(x1, x2) + half, std::max(y1, y2) + half},
        {Kind::kLine, x1, y1, x2, y2});
  }
  void Circle(double cx, double cy, double radius, Color fill) override {
    if (radius <= 0) return;
    Add({Op::kFill, Quantize(fill), 0}, {cx - radius, cy - radius, cx + radius, cy + radius},
        {Kind::kCircle, cx, cy, radius, 0});
  }
  void Text(double x, double y, std::string_view text, double size, Color color, Align align, bool bold) override {
    PangoLayout* layout = type_.Layout(text, size, bold, 0);
    Extents e = Measure(layout);
    if (align == Align::kMiddle) x -= e.width / 2;
    if (align == Align::kEnd) x -= e.width;
    text_.Add(layout, x, y - e.baseline, Quantize(color));
  }
  //! Draws what is pending, batch by batch in order.
  void Flush() {
    for (const auto& batch : batches_) {
      SetColor(cr_, batch.style.color);
      for (const auto& shape : batch.shapes) {
        switch (shape.kind) {
          case Kind::kRect:
            // Alone, a rectangle is written as one "re" of four numbers; in
            // a path with others, as five points.
            cairo_rectangle(cr_, shape.a, shape.b, shape.c, shape.d);
            cairo_fill(cr_);
            break;
          case Kind::kLine:
            cairo_move_to(cr_, shape.a, shape.b);
            cairo_line_to(cr_, shape.c, shape.d);
            break;
          case Kind::kCircle:
            cairo_new_sub_path(cr_);
            cairo_arc(cr_, shape.a, shape.b, shape.c, 0, 2 * G_PI);
            cairo_close_path(cr_);
            break;
        }
      }
      if (!cairo_has_current_point(cr_)) continue;
      if (batch.style.op == Op::kStroke) {
        cairo_set_line_width(cr_, batch.style.width);
        cairo_stroke(cr_);
      } else {
        cairo_fill(cr_);
      }
    }
    batches_.clear();
  }

  //! The colour to three decimals where that is the same 8-bit colour:
  //! fewer digits to write, and one colour with the report's own text of
  //! that colour (#0b0c0c is 0.043 0.047 0.047 in both).
  static Color Quantize(Color c) {
    auto three = [](double v) {
      double q = std::round(v * 1000) / 1000;
      return std::lround(q * 255) == std::lround(v * 255) ? q : v;
    };
    return {three(c.r), three(c.g), three(c.b)};
  }

 private:
  enum class Op { kFill, kStroke };
  enum class Kind { kRect, kLine, kCircle };

  struct Style {
    Op op;
    Color color;
    double width;
    bool operator==(const Style& o) const {
      return op == o.op && color.r == o.color.r && color.g == o.color.g && color.b == o.color.b && width == o.width;
    }
  };
  struct Box {
    double x0, y0, x1, y1;
    // Shapes this close may touch once anti-aliased: they count as overlapping.
    bool Near(const Box& o) const {
      constexpr double kSlack = 0.5;
      return x0 < o.x1 + kSlack && o.x0 < x1 + kSlack && y0 < o.y1 + kSlack && o.y0 < y1 + kSlack;
    }
  };
  struct Shape {
    Kind kind;
    double a, b, c, d;
  };
  struct Batch {
    Style style;
    Box box;
    std::vector<Shape> shapes;
  };

  void Add(const Style& style, const Box& box, const Shape& shape) {
    for (std::size_t i = batches_.size(); i-- > 0;) {
      Batch& batch = batches_[i];
      if (batch.style == style) {
        batch.shapes.push_back(shape);
        batch.box = {std::min(batch.box.x0, box.x0), std::min(batch.box.y0, box.y0), std::max(batch.box.x1, box.x1),
                     std::max(batch.box.y1, box.y1)};
        return;
      }
      if (batch.box.Near(box)) break;
    }
    batches_.push_back({style, box, {shape}});
  }

  cairo_t* cr_;
  Typesetter& type_;
  GlyphBatch& text_;
  std::vector<Batch> batches_;
};

// ---- the document ----

//! Where a section starts: its page.
struct Anchor {
  int page = 0;
};

//! A contents entry and outline item, in the order the sections come.
struct Entry {
  std::string title;
  int level = 1;  // 1 a section, 2 a statement
};

struct Column {
  double width = 0;
  bool numeric = false;  // right-aligned, never wrapped
};

using Row = std::vector<std::string>;

//! Lays the report out page by page. It runs twice: first without a cairo
//! context, to find where every section falls and how many pages there are
//! (the contents and the footers need both); then drawing, with the same
//! layouts from the cache.
class Writer {
 public:
  Writer(const Report& report, Typesetter& type, cairo_surface_t* surface, cairo_t* cr,
         const std::vector<Anchor>& planned, int total_pages)
      : report_(report), type_(type), surface_(surface), cr_(cr), planned_(planned), total_pages_(total_pages) {}

  int Pages() const { return page_; }
  const std::vector<Anchor>& Anchors() const { return anchors_; }

  void NewPage() {
    if (page_ > 0) EndPage();
    ++page_;
    y_ = kMargin;
  }

  void Finish() {
    if (page_ > 0) Footer();
    if (!cr_) return;
    Rules();
    text_.Flush(cr_);
  }

  void Space(double height) { y_ += height; }

  void EnsureRoom(double height) {
    if (y_ + height > kBodyBottom && y_ > kMargin) NewPage();
  }

  //! Text wrapped to the column; breaks between lines across pages.
  void Paragraph(std::string_view text, double size = kBodySize, bool bold = false, Color color = kBlack,
                 double indent = 0, double space_after = 6) {
    PangoLayout* layout = type_.Layout(text, size, bold, kContentWidth - indent);
    Extents e = Measure(layout);
    if (y_ + e.height <= kBodyBottom) {
      if (cr_) text_.Add(layout, kMargin + indent, y_, color);
      y_ += e.height + space_after;
      return;
    }
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    do {
      PangoRectangle line;
      pango_layout_iter_get_line_extents(iter, nullptr, &line);
      double height = static_cast<double>(line.height) / PANGO_SCALE;
      double baseline = static_cast<double>(pango_layout_iter_get_baseline(iter) - line.y) / PANGO_SCALE;
      EnsureRoom(height);
      if (cr_) {
        text_.AddLine(pango_layout_iter_get_line_readonly(iter),
                      kMargin + indent + static_cast<double>(line.x) / PANGO_SCALE, y_ + baseline, color);
      }
      y_ += height;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    y_ += space_after;
  }

  //! A section's or a statement's heading: in the contents, the outline, and kept with what follows.
  void Section(const Entry& entry) {
    // Every section after the contents starts a page of its own.
    if (entry.level == 1 && page_ >= 2) {
      NewPage();
    } else {
      if (y_ > kMargin) Space(14);
      EnsureRoom(kKeepWithNext);
    }
    anchors_.push_back({page_});
    if (cr_) {
      std::string link = "page=" + std::to_string(page_) + " pos=[" + std::to_string(static_cast<int>(kMargin)) + " " +
                         std::to_string(static_cast<int>(y_)) + "]";
      int parent = entry.level == 1 ? CAIRO_PDF_OUTLINE_ROOT : last_section_;
      // Sections open; the statements' long list closed until asked for.
      int id = cairo_pdf_surface_add_outline(
          surface_, parent, entry.title.c_str(), link.c_str(),
          entry.title == "Statements" ? cairo_pdf_outline_flags_t{} : CAIRO_PDF_OUTLINE_FLAG_OPEN);
      if (entry.level == 1) last_section_ = id;
    }
    Heading(entry.title, entry.level);
  }

  void Heading(std::string_view text, int level) {
    double size = level == 1 ? 18 : level == 2 ? 13 : 11;
    EnsureRoom(kKeepWithNext);
    if (level == 3) Space(4);
    Paragraph(text, size, true, kBlack, 0, level == 1 ? 10 : 5);
  }

  //! The legend of a kind of chart on its own (the statements' charts share one key).
  void Key(ChartKind kind) {
    ChartSize size = KeySize(report_, kind);
    EnsureRoom(size.height);
    if (cr_) {
      CairoCanvas canvas(cr_, type_, text_);
      DrawKey(canvas, report_, kind, kMargin, y_);
    }
    y_ += size.height + 6;
  }

  void Chart(const report::Chart& chart) {
    ChartSize size = SizeOf(report_, chart);
    EnsureRoom(size.height);
    if (cr_) {
      CairoCanvas canvas(cr_, type_, text_);
      Draw(canvas, report_, chart, kMargin, y_);
    }
    y_ += size.height + 10;
  }

  //! A table whose rows never split; the header (if any) comes again on each page.
  void Table(const std::vector<Column>& columns, const Row& header, const std::vector<Row>& rows) {
    double header_height = header.empty() ? 0 : RowHeight(columns, header, true);
    double first = rows.empty() ? 0 : RowHeight(columns, rows.front(), false);
    EnsureRoom(header_height + first);
    if (!header.empty()) DrawRow(columns, header, true, header_height);
    for (const auto& row : rows) {
      double height = RowHeight(columns, row, false);
      if (y_ + height > kBodyBottom) {
        NewPage();
        if (!header.empty()) DrawRow(columns, header, true, header_height);
      }
      DrawRow(columns, row, false, height);
    }
    y_ += 10;
  }

  //! The contents: each entry with the page it starts on.
  void Contents(const std::vector<Entry>& entries) {
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& entry = entries[i];
      double indent = entry.level == 1 ? 0 : 14;
      double size = entry.level == 1 ? 11 : 9;
      int page = i < planned_.size() ? planned_[i].page : 0;
      PangoLayout* title = type_.Layout(entry.title, size, entry.level == 1, kContentWidth - indent - 40);
      PangoLayout* number = type_.Layout(std::to_string(page), size, entry.level == 1, 0);
      Extents e = Measure(title);
      double space = entry.level == 1 ? 6 : 2;
      if (entry.level == 1) Space(4);
      EnsureRoom(e.height);
      // No link annotations: cairo 1.16.0 writes a broken cross-reference
      // table with them (qpdf --check: "expected 10 0 obj"); the outline
      // gives the same navigation.
      if (cr_) {
        text_.Add(title, kMargin + indent, y_, kBlack);
        text_.Add(number, kMargin + kContentWidth - Measure(number).width, y_, kBlack);
      }
      y_ += e.height + space;
    }
  }

  cairo_t* Cairo() const { return cr_; }
  Typesetter& Type() { return type_; }
  double Y() const { return y_; }
  void MoveTo(double y) { y_ = y; }

 private:
  void EndPage() {
    if (!cr_) return;
    Footer();
    Rules();
    text_.Flush(cr_);
    cairo_show_page(cr_);
  }

  // Every page but the cover: who it is about, that it is confidential, and the page.
  void Footer() {
    if (!cr_ || page_ <= 1) return;
    rules_[0].push_back(kFooterBaseline - 12);
    PangoLayout* left = type_.Layout(report_.participant_name + " \u00b7 Confidential", kSmallSize, false, 0);
    PangoLayout* right =
        type_.Layout("Page " + std::to_string(page_) + " of " + std::to_string(total_pages_), kSmallSize, false, 0);
    Extents l = Measure(left), r = Measure(right);
    text_.Add(left, kMargin, kFooterBaseline - l.baseline, kDarkGrey);
    text_.Add(right, kMargin + kContentWidth - r.width, kFooterBaseline - r.baseline, kDarkGrey);
  }

  // The page's rules, full width: one path and one stroke for each kind
  // (cairo writes and analyses every drawing operation apart). Nothing
  // else on a page lies under or over them but text, which comes last.
  void Rules() {
    static constexpr struct {
      Color color;
      double width;
    } kRules[] = {{kMidGrey, 0.5}, {kBlack, 1}};
    for (std::size_t kind = 0; kind < 2; ++kind) {
      if (rules_[kind].empty()) continue;
      for (double y : rules_[kind]) {
        cairo_move_to(cr_, kMargin, y);
        cairo_line_to(cr_, kMargin + kContentWidth, y);
      }
      SetColor(cr_, kRules[kind].color);
      cairo_set_line_width(cr_, kRules[kind].width);
      cairo_stroke(cr_);
      rules_[kind].clear();
    }
  }

  PangoLayout* Cell(const Column& column, const std::string& text, bool bold) {
    return type_.Layout(text, kTableSize, bold, column.numeric ? 0 : column.width - 2 * kCellPadding);
  }

  double RowHeight(const std::vector<Column>& columns, const Row& row, bool bold) {
    double height = 0;
    for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i) {
      height = std::max(height, Measure(Cell(columns[i], row[i], bold)).height);
    }
    return height + 2 * kCellPadding;
  }

  void DrawRow(const std::vector<Column>& columns, const Row& row, bool header, double height) {
    if (cr_) {
      double x = kMargin;
      for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i) {
        PangoLayout* layout = Cell(columns[i], row[i], header);
        double at = x + kCellPadding;
        if (columns[i].numeric) at = x + columns[i].width - kCellPadding - Measure(layout).width;
        text_.Add(layout, at, y_ + kCellPadding, kBlack);
        x += columns[i].width;
      }
      rules_[header ? 1 : 0].push_back(y_ + height);
    }
    y_ += height;
  }

  const Report& report_;
  Typesetter& type_;
  cairo_surface_t* surface_;
  cairo_t* cr_;
  const std::vector<Anchor>& planned_;
  int total_pages_;
  int page_ = 0;
  double y_ = kMargin;
  int last_section_ = CAIRO_PDF_OUTLINE_ROOT;
  std::vector<Anchor> anchors_;
  GlyphBatch text_;
  std::vector<double> rules_[2];  // where the rules under table rows go: body rows', header rows'
};

// ---- the report's parts ----

constexpr const char* kSummary = "Summary";
constexpr const char* kAreas = "Self and others by area";
constexpr const char* kGaps = "Blind spots and hidden strengths";
constexpr const char* kHighLow = "Highest and lowest";
constexpr const char* kPriorities = "Development priorities";
constexpr const char* kStatements = "Statements";

std::vector<Entry> Entries(const Report& report) {
  std::vector<Entry> entries = {{kSummary, 1}, {kAreas, 1},      {kGaps, 1},
                                {kHighLow, 1}, {kPriorities, 1}, {kStatements, 1}};
  for (const auto& s : report.statements) entries.push_back({StatementName(s), 2});
  return entries;
}

void Cover(Writer& w, const Report& report) {
  w.NewPage();
  w.MoveTo(kMargin + 150);
  w.Paragraph("360-degree feedback report", 14, false, kDarkGrey, 0, 14);
  w.Paragraph(report.participant_name, 28, true, kBlack, 0, 16);
  w.Paragraph(report.cycle_title, 16, false, kBlack, 0, 10);
  w.Paragraph(report.framework_title, 12, false, kBlack, 0, 24);
  w.Paragraph("Results released " + DateInWords(report.released_at), 11, false, kBlack, 0, 40);
  w.Paragraph("Confidential", 16, true, kBlack, 0, 6);
  w.Paragraph(
      "This report is for " + report.participant_name +
          " and whoever they choose to share it with. Raters' answers are shown only in groups large enough to keep "
          "them anonymous, and comments are unattributed and in random order.",
      kBodySize, false, kDarkGrey);
}

void ContentsPage(Writer& w, const std::vector<Entry>& entries) {
  w.NewPage();
  if (w.Cairo()) {
    std::string link = "page=" + std::to_string(2) + " pos=[" + std::to_string(static_cast<int>(kMargin)) + " " +
                       std::to_string(static_cast<int>(kMargin)) + "]";
    cairo_pdf_surface_add_outline(cairo_get_target(w.Cairo()), CAIRO_PDF_OUTLINE_ROOT, "Contents", link.c_str(),
                                  cairo_pdf_outline_flags_t{});
  }
  w.Heading("Contents", 1);
  w.Contents(entries);
}

std::string ThresholdWords(double threshold) { return Fixed(threshold) + (threshold == 1.0 ? " point" : " points"); }

void Summary(Writer& w, const Report& report, const Entry& entry) {
  w.Section(entry);
  w.Heading("Responses", 3);
  std::vector<Row> rows;
  int total = 0;
  for (const auto& group : report.responses) {
    rows.push_back({group.label, std::to_string(group.responses)});
    total += group.responses;
  }
  rows.push_back({"Total", std::to_string(total)});
  w.Table({{kContentWidth - 100, false}, {100, true}}, {"Group", "Responses"}, rows);
  if (report.anything_withheld) {
    w.Paragraph(
        "For some statements, a group of raters gave too few answers to be shown apart without the risk of "
        "identifying them. Their answers to those statements are not shown as a group of their own, and the figures "
        "for \"All raters shown\" pool only the groups that are shown.");
  }

  w.Heading("At a glance", 3);
  w.Paragraph(Count(static_cast<int>(report.statements.size()), "statement", "statements") + "; " +
              Count(static_cast<int>(report.blind_spots.size()), "blind spot", "blind spots") + "; " +
              Count(static_cast<int>(report.hidden_strengths.size()), "hidden strength", "hidden strengths") + "; " +
              Count(static_cast<int>(report.priorities.size()), "development priority", "development priorities") +
              ".");

  w.Heading("How to read this report", 3);
  std::string scale;
  if (!report.scale.empty()) {
    scale = "Scores are on a scale from " + ScaleLabel(report, report.scale.front().value) + " to " +
            ScaleLabel(report, report.scale.back().value) + ". ";
  }
  w.Paragraph(scale + "\"" + NotAbleLabel(report) +
              "\" is counted apart and is never a score. \"Others\" are all the raters shown for a statement, pooled; "
              "your own answers are never among them. A gap is your score minus others' mean.");
  const auto& rules = report.rules;
  w.Paragraph("A blind spot is a statement you scored at least " + ThresholdWords(rules.gap_threshold) +
              " above others' mean; a hidden strength, one where others' mean is at least " +
              ThresholdWords(rules.gap_threshold) + " above your score.");
  w.Paragraph("A development priority is a statement you rated " + std::to_string(rules.priority_importance) +
              " or more for importance and where others' mean is below " + Fixed(rules.priority_score) + ".");
  w.Paragraph("Highest and lowest list up to " + std::to_string(rules.top_count) +
              " statements with others' highest and lowest means.");
  if (report.has_previous) {
    w.Paragraph("Changes are against your previous cycle, " + report.previous_title + "; a change in others' mean of " +
                ThresholdWords(rules.change_threshold) + " or more either way is marked.");
  }
  if (report.cohort_reports > 0) {
    w.Paragraph("The cohort norm is the mean of others' means across " +
                Count(report.cohort_reports, "report", "reports") + " in your cohort on this framework.");
  } else {
    w.Paragraph("There is no cohort norm: it needs at least " + std::to_string(rules.cohort_minimum) +
                " released reports in your cohort on this framework.");
  }
}

void Areas(Writer& w, const Report& report, const Entry& entry) {
  w.Section(entry);
  w.Paragraph(
      "For each area of the framework: the mean of your own scores and the mean of others' means for its "
      "statements.");
  w.Chart({ChartKind::kAreas, 0});
  std::vector<Row> rows;
  for (const auto& area : report.areas) {
    rows.push_back({area.title, Maybe(area.self_mean), Maybe(area.others_mean), MaybeSigned(area.gap)});
  }
  if (rows.empty()) {
    w.Paragraph("No areas to show.");
    return;
  }
  w.Table({{kContentWidth - 210, false}, {70, true}, {80, true}, {60, true}},
          {"Area", "Self mean", "Others' mean", "Gap"}, rows);
}

std::vector<Row> GapRows(const Report& report, const std::vector<Finding>& findings) {
  std::vector<Row> rows;
  for (const auto& f : findings) {
    if (f.statement >= report.statements.size()) continue;
    const auto& s = report.statements[f.statement];
    rows.push_back({StatementName(s), s.self_score ? std::to_string(*s.self_score) : "-", Maybe(s.others.mean),
                    MaybeSigned(s.gap)});
  }
  return rows;
}

void Gaps(Writer& w, const Report& report, const Entry& entry) {
  w.Section(entry);
  const std::vector<Column> columns = {{kContentWidth - 180, false}, {50, true}, {80, true}, {50, true}};
  const Row header = {"Statement", "Self", "Others' mean", "Gap"};
  std::string threshold = ThresholdWords(report.rules.gap_threshold);
  w.Heading("Blind spots", 3);
  w.Paragraph("Statements where you scored yourself at least " + threshold + " above others' mean, largest first.");
  if (report.blind_spots.empty()) {
    w.Paragraph("None.");
  } else {
    w.Table(columns, header, GapRows(report, report.blind_spots));
  }
  w.Heading("Hidden strengths", 3);
  w.Paragraph("Statements where others' mean is at least " + threshold + " above your own score, largest first.");
  if (report.hidden_strengths.empty()) {
    w.Paragraph("None.");
  } else {
    w.Table(columns, header, GapRows(report, report.hidden_strengths));
  }
}

void HighLow(Writer& w, const Report& report, const Entry& entry) {
  w.Section(entry);
  const std::vector<Column> columns = {{kContentWidth - 160, false}, {80, true}, {80, true}};
  const Row header = {"Statement", "Others' mean", "Responses"};
  auto rows = [&](const std::vector<Finding>& findings) {
    std::vector<Row> out;
    for (const auto& f : findings) {
      if (f.statement >= report.statements.size()) continue;
      const auto& s = report.statements[f.statement];
      out.push_back({StatementName(s), Maybe(s.others.mean), std::to_string(s.others.responses)});
    }
    return out;
  };
  std::string top = std::to_string(report.rules.top_count);
  w.Heading("Highest", 3);
  w.Paragraph("Up to " + top + " statements with others' highest means.");
  if (report.highest.empty()) {
    w.Paragraph("None.");
  } else {
    w.Table(columns, header, rows(report.highest));
  }
  w.Heading("Lowest", 3);
  w.Paragraph("Up to " + top + " statements with others' lowest means.");
  if (report.lowest.empty()) {
    w.Paragraph("None.");
  } else {
    w.Table(columns, header, rows(report.lowest));
  }
}

void Priorities(Writer& w, const Report& report, const Entry& entry) {
  w.Section(entry);
  w.Paragraph("Statements you rated " + std::to_string(report.rules.priority_importance) +
              " or more for importance where others' mean is below " + Fixed(report.rules.priority_score) +
              " (the shaded region), most important first. The chart places every statement with an importance "
              "rating and others' mean.");
  w.Chart({ChartKind::kPriorities, 0});
  std::vector<Row> rows;
  for (const auto& f : report.priorities) {
    if (f.statement >= report.statements.size()) continue;
    const auto& s = report.statements[f.statement];
    rows.push_back({StatementName(s), s.self_importance ? std::to_string(*s.self_importance) : "-",
                    Maybe(s.others.mean), s.self_score ? std::to_string(*s.self_score) : "-"});
  }
  if (rows.empty()) {
    w.Paragraph("No development priorities.");
    return;
  }
  w.Table({{kContentWidth - 210, false}, {70, true}, {80, true}, {60, true}},
          {"Statement", "Importance", "Others' mean", "Self"}, rows);
}

std::string SelfInWords(const Report& report, const StatementResult& s) {
  if (s.self_score) return ScaleLabel(report, *s.self_score);
  return s.self_not_able ? NotAbleLabel(report) : "Not given";
}

void Statement(Writer& w, const Report& report, std::size_t index, const Entry& entry) {
  const auto& s = report.statements[index];
  w.Section(entry);
  if (!s.area_title.empty() && s.area_code != s.code)
    w.Paragraph("Part of " + s.area_title, kSmallSize, false, kDarkGrey);

  std::vector<Row> key;
  key.push_back({"Your score", SelfInWords(report, s)});
  key.push_back({"Importance to you", s.self_importance ? std::to_string(*s.self_importance) : "Not given"});
  key.push_back({"Others' mean",
                 s.others.mean ? Fixed(*s.others.mean) + " from " + Count(s.others.responses, "response", "responses")
                               : "No scores"});
  key.push_back({"Gap (your score minus others' mean)", MaybeSigned(s.gap)});
  if (report.has_previous) {
    std::string change = "Not asked then";
    if (s.previous_mean) {
      change = "Others' mean then " + Fixed(*s.previous_mean);
      if (s.change) change += "; change " + Signed(*s.change);
      if (s.marked_change) {
        change += " (marked: " + ThresholdWords(report.rules.change_threshold) + " or more)";
      }
    }
    key.push_back({"Since " + report.previous_title, change});
  }
  if (s.cohort_norm) {
    key.push_back({"Cohort norm (" + Count(report.cohort_reports, "report", "reports") + ")", Fixed(*s.cohort_norm)});
  }
  w.Table({{200, false}, {kContentWidth - 200, false}}, {}, key);

  // Their keys are printed once, before the first statement.
  w.Chart({ChartKind::kStatement, index, false});
  w.Chart({ChartKind::kDistribution, index, false});

  std::vector<Column> columns = {{140, false}, {55, true}, {40, true}};
  Row header = {"Figure", "Responses", "Mean"};
  double rest = kContentWidth - 140 - 55 - 40 - 55;
  std::size_t points = std::max<std::size_t>(report.scale.size(), 1);
  for (const auto& point : report.scale) {
    columns.push_back({rest / static_cast<double>(points), true});
    header.push_back(std::to_string(point.value));
  }
  columns.push_back({55, true});
  header.push_back("Not able");
  auto row = [&](const Figure& figure) {
    Row r = {figure.label, std::to_string(figure.responses), Maybe(figure.mean)};
    for (std::size_t i = 0; i < report.scale.size(); ++i) {
      r.push_back(i < figure.distribution.counts.size() ? std::to_string(figure.distribution.counts[i]) : "0");
    }
    r.push_back(std::to_string(figure.distribution.not_able));
    return r;
  };
  std::vector<Row> rows;
  for (const auto& figure : s.figures) rows.push_back(row(figure));
  rows.push_back(row(s.others));
  w.Table(columns, header, rows);

  w.Heading("Comments", 3);
  if (s.comments.empty()) {
    w.Paragraph("No comments to show.", kBodySize, false, kDarkGrey);
  }
  for (const auto& comment : s.comments) w.Paragraph(comment, kBodySize, false, kBlack, 12, 8);
}

void Compose(Writer& w, const Report& report) {
  auto entries = Entries(report);
  Cover(w, report);
  ContentsPage(w, entries);
  Summary(w, report, entries[0]);
  Areas(w, report, entries[1]);
  Gaps(w, report, entries[2]);
  HighLow(w, report, entries[3]);
  Priorities(w, report, entries[4]);
  w.Section(entries[5]);
  w.Paragraph(
      "Each statement in turn: the figures for every group shown, how the answers spread over the scale, "
      "and the comments made about it. The two charts of every statement use these keys:");
  w.Key(ChartKind::kStatement);
  w.Key(ChartKind::kDistribution);
  for (std::size_t i = 0; i < report.statements.size(); ++i) Statement(w, report, i, entries[6 + i]);
  w.Finish();
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (const std::bad_alloc&) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

}  // namespace

std::string PdfReport(const Report& report) {
  Typesetter type;
  // First pass: where everything falls.
  std::vector<Anchor> none;
  Writer plan(report, type, nullptr, nullptr, none, 0);
  Compose(plan, report);

  std::string out;
  out.reserve(64 * 1024 + report.statements.size() * 8 * 1024);
  SurfacePtr surface(cairo_pdf_surface_create_for_stream(Append, &out, kPageWidth, kPageHeight));
  Check(cairo_surface_status(surface.get()));
  std::string title = "360-degree feedback report: " + report.participant_name + ", " + report.cycle_title;
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, "LQF");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "LQF");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_SUBJECT, report.framework_title.c_str());
  {
    CairoPtr cr(cairo_create(surface.get()));
    Check(cairo_status(cr.get()));
    Writer draw(report, type, surface.get(), cr.get(), plan.Anchors(), plan.Pages());
    Compose(draw, report);
    Check(cairo_status(cr.get()));
  }
  cairo_surface_finish(surface.get());
  Check(cairo_surface_status(surface.get()));
  return out;
}

}  // namespace lqf::report
