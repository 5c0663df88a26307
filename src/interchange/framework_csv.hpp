#pragma once
//! A framework as a CSV table, one row per element, for spreadsheets.

#include <string>

#include "domain/framework.hpp"

namespace lqf::interchange {

//! RFC 4180 CSV with a header row: code, type, parent, depth, name, scored,
//! description. Cells that a spreadsheet would run as a formula are prefixed
//! with an apostrophe.
std::string WriteFrameworkCsv(const domain::Framework& framework);

//! Quotes one CSV cell (RFC 4180), defusing formula-like values.
std::string CsvCell(std::string_view value);

}  // namespace lqf::interchange
