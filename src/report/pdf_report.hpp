#pragma once
//! The report as a PDF (cairo and pango): A4, a cover, contents, page
//! numbers, fonts embedded, an outline (bookmarks) a reader can navigate, and
//! the charts of charts.hpp with their tables.

#include <string>

#include "domain/report.hpp"

namespace lqf::report {

//! The PDF's bytes. Throws std::runtime_error if cairo fails.
std::string PdfReport(const domain::Report& report);

}  // namespace lqf::report
