#pragma once
//! The report as JSON: the API's report data and `lqf report --format json`.
//! Every figure of domain::Report (numbers as numbers, absent figures as
//! null); withheld groups are never named, only flagged.

#include <string>

#include "domain/report.hpp"

namespace lqf::report {

std::string JsonReport(const domain::Report& report);

}  // namespace lqf::report
