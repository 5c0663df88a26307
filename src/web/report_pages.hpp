#pragma once
//! A feedback report as a standalone HTML document (`lqf report --format
//! html`): the page's content, charts and tables, with its own small style
//! sheet, for reading or printing away from LQF.

#include <string>

#include "domain/report.hpp"
#include "web/render.hpp"

namespace lqf::web {

std::string ReportDocument(const Renderer& renderer, const domain::Report& report);

}  // namespace lqf::web
