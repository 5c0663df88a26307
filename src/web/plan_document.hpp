#pragma once
//! A development plan in words for its PDF (report::PlanDocument), shared by
//! the plan page's download (GET /plan.pdf) and `lqf plan pdf`.

#include <string>
#include <string_view>
#include <vector>

#include "app/plans.hpp"
#include "app/reports.hpp"
#include "domain/framework.hpp"
#include "report/plan_pdf.hpp"

namespace lqf::web {

//! The plan as its PDF shows it: statements named from `framework` (may be
//! null: codes alone), progress for each statement a goal is tied to across
//! `cycles` (as the viewer may see them), history newest first.
report::PlanDocument PlanDocumentOf(const app::PlanView& plan, const std::vector<app::CycleScores>& cycles,
                                    const domain::Framework* framework);

}  // namespace lqf::web
