#pragma once
//! The report as an XLSX workbook (libxlsxwriter): a sheet per view, real
//! numbers (not text), headers, frozen panes, and the raw distribution per
//! statement and figure, all under the anonymity rule (only what the Report holds).

#include <string>

#include "domain/report.hpp"

namespace lqf::report {

//! The workbook's bytes. Throws std::runtime_error if libxlsxwriter fails.
std::string XlsxReport(const domain::Report& report);

}  // namespace lqf::report
