#include "report/plan_pdf.hpp"

#include <optional>
#include <string>
#include <vector>

#include "report/pdf_writer.hpp"

namespace lqf::report {

namespace {

using namespace pdf;
using Action = PlanDocument::Action;
using Goal = PlanDocument::Goal;

constexpr const char* kGoals = "Goals";
constexpr const char* kReviews = "Reviews";
constexpr const char* kProgress = "Progress across cycles";
constexpr const char* kHistory = "History";

std::string Maybe(const std::optional<double>& value) { return value ? Fixed(*value) : "-"; }

std::string OrElse(const std::string& text, const char* otherwise) { return text.empty() ? otherwise : text; }

int ActionCount(const PlanDocument& plan) {
  int n = 0;
  for (const auto& goal : plan.goals) n += static_cast<int>(goal.actions.size());
  return n;
}

//! The goal's heading, as in the outline: cairo fails the whole document over
//! an outline title that is not UTF-8, so it is made so here.
std::string GoalHeading(std::size_t index, const Goal& goal) {
  std::string heading = "Goal " + std::to_string(index + 1);
  if (!goal.title.empty()) heading += ": " + goal.title;
  return ValidUtf8(heading);
}

void TitleBlock(Writer& w, const PlanDocument& plan) {
  w.NewPage();
  w.Paragraph("Development plan", 14, false, kDarkGrey, 0, 6);
  w.Paragraph(plan.participant_name, 24, true, kBlack, 0, 8);
  if (!plan.generated_on.empty()) w.Paragraph("Generated on " + plan.generated_on, kBodySize, false, kDarkGrey, 0, 4);
  w.Paragraph(Count(static_cast<int>(plan.goals.size()), "goal", "goals") + "; " +
                  Count(ActionCount(plan), "action", "actions") + "; " +
                  Count(static_cast<int>(plan.reviews.size()), "review", "reviews") + ".",
              kBodySize, false, kBlack, 0, 4);
  w.Paragraph("Confidential. This plan is for " + plan.participant_name + " and whoever they choose to share it with.",
              kSmallSize, false, kDarkGrey, 0, 10);
  w.Rule();
  w.Space(4);
}

void Actions(Writer& w, const Goal& goal) {
  w.Heading("Actions", 3);
  if (goal.actions.empty()) {
    w.Paragraph("No actions yet.", kBodySize, false, kDarkGrey);
    return;
  }
  constexpr double kKind = 72, kOwner = 80, kDue = 72, kStatus = 62;
  const std::vector<Column> columns = {{kKind, false},
                                       {kContentWidth - kKind - kOwner - kDue - kStatus, false},
                                       {kOwner, false},
                                       {kDue, false},
                                       {kStatus, false}};
  std::vector<Row> rows;
  for (const Action& action : goal.actions) {
    // Where the action came from, under what it is: one cell, so the row keeps them together.
    std::string what = action.description;
    if (!action.origin.empty()) what += (what.empty() ? "" : "\n") + action.origin;
    rows.push_back({action.kind, what, action.owner, OrElse(action.due, "No date"), action.status});
  }
  w.Table(columns, {"Kind", "Action", "Owner", "Due", "Status"}, rows);
}

void GoalSection(Writer& w, std::size_t index, const Goal& goal) {
  w.Section({GoalHeading(index, goal), 2});
  if (!goal.detail.empty()) w.Paragraph(goal.detail);
  std::vector<Row> key;
  if (!goal.source.empty()) key.push_back({"Source", goal.source});
  if (!goal.element.empty()) key.push_back({"Framework element", goal.element});
  if (!goal.finding.empty()) key.push_back({"Finding", goal.finding});
  if (!key.empty()) w.Table({{120, false}, {kContentWidth - 120, false}}, {}, key);
  Actions(w, goal);
  if (!goal.evidence.empty()) {
    // Named only: the files themselves stay in LQF, downloaded by those who may see the plan.
    w.Heading("Evidence", 3);
    for (const auto& item : goal.evidence) w.Paragraph("\u2022 " + item);
  }
}

void Reviews(Writer& w, const PlanDocument& plan) {
  w.Section({kReviews, 1});
  if (plan.reviews.empty()) {
    w.Paragraph("The plan has not been reviewed yet.", kBodySize, false, kDarkGrey);
    return;
  }
  std::vector<Row> rows;
  for (const auto& review : plan.reviews) rows.push_back({review.held_on, review.by, review.comment});
  w.Table({{90, false}, {110, false}, {kContentWidth - 200, false}}, {"Held on", "By", "Comment"}, rows);
}

void Progress(Writer& w, const PlanDocument& plan) {
  w.Section({kProgress, 1});
  if (plan.progress.empty()) {
    w.Paragraph("No scores from feedback cycles yet.", kBodySize, false, kDarkGrey);
    return;
  }
  w.Paragraph("For each framework element, your own score and others' in each feedback cycle.");
  for (const auto& element : plan.progress) {
    w.Heading(element.element, 3);
    if (element.scores.empty()) {
      w.Paragraph("No scores yet.", kBodySize, false, kDarkGrey);
      continue;
    }
    std::vector<Row> rows;
    for (const auto& score : element.scores) rows.push_back({score.cycle, Maybe(score.self), Maybe(score.others)});
    w.Table({{kContentWidth - 160, false}, {80, true}, {80, true}}, {"Cycle", "Self", "Others"}, rows);
  }
}

void History(Writer& w, const PlanDocument& plan) {
  w.Section({kHistory, 1});
  if (plan.history.empty()) {
    w.Paragraph("No changes recorded yet.", kBodySize, false, kDarkGrey);
    return;
  }
  w.Paragraph("Every change to the plan, newest first.", kBodySize, false, kDarkGrey);
  for (const auto& entry : plan.history) w.Paragraph(entry, kTableSize, false, kBlack, 0, 3);
}

void Compose(Writer& w, const PlanDocument& plan) {
  TitleBlock(w, plan);
  w.Section({kGoals, 1});
  if (plan.goals.empty()) {
    w.Paragraph("There are no goals in this plan yet.", kBodySize, false, kDarkGrey);
  }
  for (std::size_t i = 0; i < plan.goals.size(); ++i) GoalSection(w, i, plan.goals[i]);
  Reviews(w, plan);
  Progress(w, plan);
  History(w, plan);
}

}  // namespace

std::string PlanPdf(const PlanDocument& plan) {
  // No cover: the title block heads the first page, which is numbered like the rest.
  PageStyle style{plan.participant_name + " \u00b7 Development plan \u00b7 Confidential", 1};
  Metadata metadata{
      ValidUtf8("Development plan: " + plan.participant_name),
      ValidUtf8(plan.generated_on.empty() ? "Development plan" : "Development plan generated on " + plan.generated_on)};
  return Render(style, metadata, std::size_t{32} * 1024 + plan.goals.size() * 8 * 1024,
                [&](Writer& w) { Compose(w, plan); });
}

}  // namespace lqf::report
