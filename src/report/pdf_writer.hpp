#pragma once
//! The typesetting the PDF renderers share (pdf_report.cpp, plan_pdf.cpp),
//! internal to lqf_report: A4 pages in cairo and pango, headings kept with
//! what follows, paragraphs and tables that wrap and break across pages,
//! drawings on a Canvas, an outline, footers with page numbers, and text drawn
//! as glyphs whose fonts cairo embeds. A document is composed by one function
//! that Render runs twice: first to find where everything falls and how many
//! pages there are, then to draw.

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "report/canvas.hpp"

namespace lqf::report::pdf {

// A4 in points, with 2 cm margins; the footer sits in the bottom margin.
inline constexpr double kPageWidth = 595.276;
inline constexpr double kPageHeight = 841.89;
inline constexpr double kMargin = 56.7;
inline constexpr double kContentWidth = kPageWidth - 2 * kMargin;
inline constexpr double kBodyBottom = kPageHeight - kMargin;
inline constexpr double kFooterBaseline = kPageHeight - 28;
// Debian's fonts-liberation2: metric-compatible with Arial, the GOV.UK
// pages' fallback, and free to embed (cairo embeds the subsets used).
inline constexpr const char* kFontFamily = "Liberation Sans";
inline constexpr double kBodySize = 10;
inline constexpr double kTableSize = 8.5;
inline constexpr double kSmallSize = 8;
inline constexpr double kCellPadding = 3;
// A heading needs this much room below it on its page, or it goes to the next.
inline constexpr double kKeepWithNext = 90;

inline constexpr Color kBlack{0.043, 0.047, 0.047};     // #0b0c0c
inline constexpr Color kDarkGrey{0.314, 0.353, 0.373};  // #505a5f
inline constexpr Color kMidGrey{0.694, 0.706, 0.714};   // #b1b4b6

//! Throws std::runtime_error with cairo's words for anything but success.
void Check(cairo_status_t status);

//! A number to one decimal ("3.5", never "-0.0"); "-" if it is not finite.
std::string Fixed(double value);

//! "1 goal", "3 goals".
std::string Count(int n, std::string_view one, std::string_view many);

//! The text with every byte that is not UTF-8 replaced (U+FFFD): cairo fails
//! the whole document over an outline title or metadata that is not UTF-8.
std::string ValidUtf8(std::string_view text);

//! Text: one pango context per document, each distinct text laid out once
//! (both passes of Render share the layouts).
class Typesetter {
 public:
  Typesetter();
  ~Typesetter();
  Typesetter(const Typesetter&) = delete;
  Typesetter& operator=(const Typesetter&) = delete;

  //! The text laid out in `size` points; wrapped at `width` unless 0. Plain
  //! text, never pango markup; bytes that are not UTF-8 are replaced.
  PangoLayout* Layout(std::string_view text, double size, bool bold, double width);

 private:
  const PangoFontDescription* Font(int size_key, bool bold);

  PangoContext* context_;
  PangoAttrList* attributes_ = nullptr;
  std::unordered_map<std::string, PangoLayout*> layouts_;
  std::map<std::pair<int, bool>, PangoFontDescription*> fonts_;
  std::string key_;
};

//! A layout's logical size and the distance from its top to its first baseline.
struct Extents {
  double width = 0, height = 0, baseline = 0;
};
Extents Measure(PangoLayout* layout);

void SetColor(cairo_t* cr, Color c);

//! Text laid out by pango, drawn as glyphs gathered per font and colour and
//! shown once a page. pango_cairo_show_layout makes one drawing operation per
//! run of text, and cairo's PDF surface analyses and writes each apart: with a
//! few thousand short texts in a report, that was most of its time. Text is
//! drawn last on a page, so it always lies on top of the shapes around it.
class GlyphBatch {
 public:
  //! The layout with its top left corner at (x, y).
  void Add(PangoLayout* layout, double x, double y, Color color);
  //! One line of a layout with its baseline starting at (x, baseline).
  void AddLine(PangoLayoutLine* line, double x, double baseline, Color color);
  //! Shows what was gathered.
  void Flush(cairo_t* cr);

 private:
  struct Glyphs {
    cairo_scaled_font_t* font;
    Color color;
    std::vector<cairo_glyph_t> glyphs;
  };
  std::vector<cairo_glyph_t>& Group(cairo_scaled_font_t* font, Color color);

  std::vector<Glyphs> groups_;
};

//! Where a section starts: its page.
struct Anchor {
  int page = 0;
};

//! A contents entry and outline item, in the order the sections come.
struct Entry {
  std::string title;
  int level = 1;          // 1 a section, 2 a part of the last section
  bool new_page = false;  // starts a page of its own
  bool open = true;       // its outline item shows the items under it
};

//! A table column.
struct Column {
  double width = 0;
  bool numeric = false;  // right-aligned, never wrapped
};

using Row = std::vector<std::string>;

//! What is the same on every page of a document.
struct PageStyle {
  std::string footer;    //!< at the left of every footer: who it is about, "Confidential"
  int first_footed = 2;  //!< the first page with a footer and a number (a cover has neither)
};

//! Draws on a Canvas with the drawing's top left corner at (x, y).
using DrawFunction = std::function<void(Canvas& canvas, double x, double y)>;

//! Lays a document out page by page. Render runs it twice: first without a
//! cairo context, to find where every section falls and how many pages there
//! are (contents and footers need both); then drawing, with the same layouts
//! from the cache.
class Writer {
 public:
  Writer(Typesetter& type, const PageStyle& style, cairo_surface_t* surface, cairo_t* cr,
         const std::vector<Anchor>& planned, int total_pages)
      : type_(type), style_(style), surface_(surface), cr_(cr), planned_(planned), total_pages_(total_pages) {}
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  int Pages() const { return page_; }
  const std::vector<Anchor>& Anchors() const { return anchors_; }

  void NewPage();
  //! Ends the last page (Render calls it).
  void Finish();

  void Space(double height) { y_ += height; }
  //! A new page unless `height` fits below on this one (or this one is still empty).
  void EnsureRoom(double height);

  //! Text wrapped to the column; breaks between lines across pages.
  void Paragraph(std::string_view text, double size = kBodySize, bool bold = false, Color color = kBlack,
                 double indent = 0, double space_after = 6);
  //! A section's heading: in the contents, the outline, and kept with what follows.
  void Section(const Entry& entry);
  //! A heading, 1 (largest) to 3, kept with what follows.
  void Heading(std::string_view text, int level);
  //! A drawing `height` points high, kept whole on one page.
  void Drawing(double height, double space_after, const DrawFunction& draw);
  //! A table whose header (if any) comes again on each page. Rows break between
  //! pages, not within, unless one is too tall for a page of its own: that
  //! one breaks between the lines of its cells.
  void Table(const std::vector<Column>& columns, const Row& header, const std::vector<Row>& rows);
  //! The contents: each entry with the page it starts on.
  void Contents(const std::vector<Entry>& entries);
  //! A full-width rule at the current position.
  void Rule();

  cairo_t* Cairo() const { return cr_; }
  Typesetter& Type() { return type_; }
  double Y() const { return y_; }
  void MoveTo(double y) { y_ = y; }

 private:
  void EndPage();
  void Footer();
  void Rules();
  PangoLayout* Cell(const Column& column, const std::string& text, bool bold);
  double RowHeight(const std::vector<Column>& columns, const Row& row, bool bold);
  void DrawRow(const std::vector<Column>& columns, const Row& row, bool header, double height);
  void SplitRow(const std::vector<Column>& columns, const Row& row, const Row& header, double header_height);

  Typesetter& type_;
  const PageStyle& style_;
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

//! The document's properties; author and creator are "LQF".
struct Metadata {
  std::string title;
  std::string subject;
};

//! The PDF's bytes: `compose` lays the document out on the Writer it is
//! given, starting with NewPage; it runs twice and must do the same both
//! times. `reserve` is a guess at the size. Throws std::runtime_error if
//! cairo fails.
std::string Render(const PageStyle& style, const Metadata& metadata, std::size_t reserve,
                   const std::function<void(Writer&)>& compose);

}  // namespace lqf::report::pdf
