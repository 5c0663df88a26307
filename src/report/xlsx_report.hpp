#pragma once
//! The report as an XLSX workbook (libxlsxwriter): a sheet per view, real
//! numbers (not text), headers, frozen panes, and the raw distribution per
//! statement and figure, all under the anonymity rule (only what the Report holds).

#include <string>

#include "domain/report.hpp"

namespace lqf::report {

//! The workbook's bytes. Throws std::runtime_error if libxlsxwriter fails.
//!
//! Sheets, each with a bold header row and frozen panes below it: Summary
//! (participant, cycle, framework, release, responses per group, the rules'
//! thresholds, and a note, naming no group, when any was withheld), Areas,
//! Statements, Figures (statement by figure, "others" included), Distribution
//! (counts per scale point and "not able to comment"), Findings and Comments.
//! Figures are numbers ("0.00"; counts and scores "0"); an absent figure is an
//! empty cell, never 0. Report text is always written as text, never a
//! formula, cut to Excel's 32,767-character cell limit, with invalid UTF-8
//! replaced and a literal "_xHHHH_" escaped so Excel shows it as written.
//! libxlsxwriter writes to a file: a private temporary file is used and removed.
std::string XlsxReport(const domain::Report& report);

}  // namespace lqf::report
