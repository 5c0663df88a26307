#include "report/pdf_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lqf::report::pdf {

namespace {

// ---- owning handles ----

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;

// ---- a Canvas on cairo, for drawings ----

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

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (const std::bad_alloc&) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

}  // namespace

// ---- words and figures ----

void Check(cairo_status_t status) {
  if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(status));
}

std::string Fixed(double value) {
  if (!std::isfinite(value)) return "-";
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 1);
  if (ec != std::errc{}) return "-";
  std::string text(buffer, end);
  return text == "-0.0" ? "0.0" : text;
}

std::string Count(int n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string ValidUtf8(std::string_view text) {
  if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) return std::string(text);
  gchar* valid = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
  std::string out(valid);
  g_free(valid);
  return out;
}

// ---- text ----

Typesetter::Typesetter() : context_(pango_font_map_create_context(pango_cairo_font_map_get_default())) {
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

Typesetter::~Typesetter() {
  for (auto& [key, layout] : layouts_) g_object_unref(layout);
  for (auto& [key, font] : fonts_) pango_font_description_free(font);
  pango_attr_list_unref(attributes_);
  g_object_unref(context_);
}

PangoLayout* Typesetter::Layout(std::string_view text, double size, bool bold, double width) {
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
  // Text, not markup: "<" and "&" in what people write are theirs.
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

const PangoFontDescription* Typesetter::Font(int size_key, bool bold) {
  auto& font = fonts_[{size_key, bold}];
  if (!font) {
    font = pango_font_description_new();
    pango_font_description_set_family_static(font, kFontFamily);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_size(font, size_key * PANGO_SCALE / 10);
  }
  return font;
}

Extents Measure(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return {static_cast<double>(logical.width) / PANGO_SCALE, static_cast<double>(logical.height) / PANGO_SCALE,
          static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE};
}

void SetColor(cairo_t* cr, Color c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void GlyphBatch::Add(PangoLayout* layout, double x, double y, Color color) {
  PangoLayoutIter* iter = pango_layout_get_iter(layout);
  do {
    PangoRectangle line;
    pango_layout_iter_get_line_extents(iter, nullptr, &line);
    AddLine(pango_layout_iter_get_line_readonly(iter), x + static_cast<double>(line.x) / PANGO_SCALE,
            y + static_cast<double>(pango_layout_iter_get_baseline(iter)) / PANGO_SCALE, color);
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
}

void GlyphBatch::AddLine(PangoLayoutLine* line, double x, double baseline, Color color) {
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

void GlyphBatch::Flush(cairo_t* cr) {
  for (auto& group : groups_) {
    if (group.glyphs.empty()) continue;
    cairo_set_scaled_font(cr, group.font);
    SetColor(cr, group.color);
    cairo_show_glyphs(cr, group.glyphs.data(), static_cast<int>(group.glyphs.size()));
    group.glyphs.clear();
  }
}

std::vector<cairo_glyph_t>& GlyphBatch::Group(cairo_scaled_font_t* font, Color color) {
  for (auto& group : groups_) {
    if (group.font == font && group.color.r == color.r && group.color.g == color.g && group.color.b == color.b)
      return group.glyphs;
  }
  groups_.push_back({font, color, {}});
  return groups_.back().glyphs;
}

// ---- the document ----

void Writer::NewPage() {
  if (page_ > 0) EndPage();
  ++page_;
  y_ = kMargin;
}

void Writer::Finish() {
  if (page_ > 0) Footer();
  if (!cr_) return;
  Rules();
  text_.Flush(cr_);
}

void Writer::EnsureRoom(double height) {
  if (y_ + height > kBodyBottom && y_ > kMargin) NewPage();
}

void Writer::Paragraph(std::string_view text, double size, bool bold, Color color, double indent, double space_after) {
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

void Writer::Section(const Entry& entry) {
  if (entry.new_page) {
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
    int id = cairo_pdf_surface_add_outline(surface_, parent, entry.title.c_str(), link.c_str(),
                                           entry.open ? CAIRO_PDF_OUTLINE_FLAG_OPEN : cairo_pdf_outline_flags_t{});
    if (entry.level == 1) last_section_ = id;
  }
  Heading(entry.title, entry.level);
}

void Writer::Heading(std::string_view text, int level) {
  double size = level == 1 ? 18 : level == 2 ? 13 : 11;
  EnsureRoom(kKeepWithNext);
  if (level == 3) Space(4);
  Paragraph(text, size, true, kBlack, 0, level == 1 ? 10 : 5);
}

void Writer::Drawing(double height, double space_after, const DrawFunction& draw) {
  EnsureRoom(height);
  if (cr_) {
    CairoCanvas canvas(cr_, type_, text_);
    draw(canvas, kMargin, y_);
  }
  y_ += height + space_after;
}

void Writer::Table(const std::vector<Column>& columns, const Row& header, const std::vector<Row>& rows) {
  double header_height = header.empty() ? 0 : RowHeight(columns, header, true);
  // The most a row can be and still fit on a page under the header.
  double page_room = kBodyBottom - kMargin - header_height;
  double first = rows.empty() ? 0 : RowHeight(columns, rows.front(), false);
  // A first row too tall for any page starts here if a few of its lines fit.
  if (first > page_room) first = kKeepWithNext;
  EnsureRoom(header_height + first);
  if (!header.empty()) DrawRow(columns, header, true, header_height);
  for (const auto& row : rows) {
    double height = RowHeight(columns, row, false);
    if (height > page_room) {
      SplitRow(columns, row, header, header_height);
      continue;
    }
    if (y_ + height > kBodyBottom) {
      NewPage();
      if (!header.empty()) DrawRow(columns, header, true, header_height);
    }
    DrawRow(columns, row, false, height);
  }
  y_ += 10;
}

void Writer::Contents(const std::vector<Entry>& entries) {
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

void Writer::Rule() {
  if (cr_) rules_[1].push_back(y_);
}

void Writer::EndPage() {
  if (!cr_) return;
  Footer();
  Rules();
  text_.Flush(cr_);
  cairo_show_page(cr_);
}

// Every page from style_.first_footed: who it is about, that it is confidential, and the page.
void Writer::Footer() {
  if (!cr_ || page_ < style_.first_footed) return;
  rules_[0].push_back(kFooterBaseline - 12);
  PangoLayout* left = type_.Layout(style_.footer, kSmallSize, false, 0);
  PangoLayout* right =
      type_.Layout("Page " + std::to_string(page_) + " of " + std::to_string(total_pages_), kSmallSize, false, 0);
  Extents l = Measure(left), r = Measure(right);
  text_.Add(left, kMargin, kFooterBaseline - l.baseline, kDarkGrey);
  text_.Add(right, kMargin + kContentWidth - r.width, kFooterBaseline - r.baseline, kDarkGrey);
}

// The page's rules, full width: one path and one stroke for each kind
// (cairo writes and analyses every drawing operation apart). Nothing
// else on a page lies under or over them but text, which comes last.
void Writer::Rules() {
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

PangoLayout* Writer::Cell(const Column& column, const std::string& text, bool bold) {
  return type_.Layout(text, kTableSize, bold, column.numeric ? 0 : column.width - 2 * kCellPadding);
}

double Writer::RowHeight(const std::vector<Column>& columns, const Row& row, bool bold) {
  double height = 0;
  for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i) {
    height = std::max(height, Measure(Cell(columns[i], row[i], bold)).height);
  }
  return height + 2 * kCellPadding;
}

void Writer::DrawRow(const std::vector<Column>& columns, const Row& row, bool header, double height) {
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

// A row taller than a page: as many of each cell's lines as fit, then the
// rest on the next page under the header again, until every cell is done.
void Writer::SplitRow(const std::vector<Column>& columns, const Row& row, const Row& header, double header_height) {
  struct Line {
    PangoLayoutLine* line;
    double x, top, bottom, baseline;  // in the cell's layout
  };
  struct CellLines {
    double left = 0;  // where the cell's layout starts on the page
    std::vector<Line> lines;
    std::size_t next = 0;  // the first line not yet drawn
  };
  std::vector<CellLines> cells;
  double x = kMargin;
  for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i) {
    PangoLayout* layout = Cell(columns[i], row[i], false);
    CellLines cell;
    cell.left = columns[i].numeric ? x + columns[i].width - kCellPadding - Measure(layout).width : x + kCellPadding;
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    do {
      PangoRectangle extents;
      pango_layout_iter_get_line_extents(iter, nullptr, &extents);
      cell.lines.push_back({pango_layout_iter_get_line_readonly(iter), static_cast<double>(extents.x) / PANGO_SCALE,
                            static_cast<double>(extents.y) / PANGO_SCALE,
                            static_cast<double>(extents.y + extents.height) / PANGO_SCALE,
                            static_cast<double>(pango_layout_iter_get_baseline(iter)) / PANGO_SCALE});
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    cells.push_back(std::move(cell));
    x += columns[i].width;
  }
  auto done = [&] {
    return std::all_of(cells.begin(), cells.end(), [](const CellLines& c) { return c.next >= c.lines.size(); });
  };
  bool fresh_page = y_ <= kMargin + header_height;  // nothing on this page but the header
  while (!done()) {
    double room = kBodyBottom - y_ - 2 * kCellPadding;
    std::vector<std::size_t> end;
    double used = 0;
    bool any = false;
    for (const auto& cell : cells) {
      std::size_t last = cell.next;
      if (cell.next < cell.lines.size()) {
        double top = cell.lines[cell.next].top;
        while (last < cell.lines.size() && cell.lines[last].bottom - top <= room) ++last;
        // Only a line taller than a whole page fits nowhere: it goes alone.
        if (last == cell.next && fresh_page) ++last;
        if (last > cell.next) used = std::max(used, cell.lines[last - 1].bottom - top);
      }
      any = any || last > cell.next;
      end.push_back(last);
    }
    if (!any) {
      NewPage();
      if (!header.empty()) DrawRow(columns, header, true, header_height);
      fresh_page = true;
      continue;
    }
    for (std::size_t i = 0; i < cells.size(); ++i) {
      auto& cell = cells[i];
      if (cell.next >= cell.lines.size()) continue;
      double top = cell.lines[cell.next].top;
      if (cr_) {
        for (std::size_t l = cell.next; l < end[i]; ++l) {
          const Line& line = cell.lines[l];
          text_.AddLine(line.line, cell.left + line.x, y_ + kCellPadding + line.baseline - top, kBlack);
        }
      }
      cell.next = end[i];
    }
    y_ += used + 2 * kCellPadding;
    if (done()) {
      if (cr_) rules_[0].push_back(y_);
    } else {
      NewPage();
      if (!header.empty()) DrawRow(columns, header, true, header_height);
      fresh_page = true;
    }
  }
}

// ---- the document's bytes ----

std::string Render(const PageStyle& style, const Metadata& metadata, std::size_t reserve,
                   const std::function<void(Writer&)>& compose) {
  Typesetter type;
  // First pass: where everything falls.
  std::vector<Anchor> none;
  Writer layout(type, style, nullptr, nullptr, none, 0);
  compose(layout);
  layout.Finish();

  std::string out;
  out.reserve(reserve);
  SurfacePtr surface(cairo_pdf_surface_create_for_stream(Append, &out, kPageWidth, kPageHeight));
  Check(cairo_surface_status(surface.get()));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, metadata.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, "LQF");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "LQF");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_SUBJECT, metadata.subject.c_str());
  {
    CairoPtr cr(cairo_create(surface.get()));
    Check(cairo_status(cr.get()));
    Writer draw(type, style, surface.get(), cr.get(), layout.Anchors(), layout.Pages());
    compose(draw);
    draw.Finish();
    Check(cairo_status(cr.get()));
  }
  cairo_surface_finish(surface.get());
  Check(cairo_surface_status(surface.get()));
  return out;
}

}  // namespace lqf::report::pdf
