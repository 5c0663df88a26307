#include "web/plan_document.hpp"

#include <algorithm>

#include "domain/feedback.hpp"

namespace lqf::web {

using domain::DateInWords;

report::PlanDocument PlanDocumentOf(const app::PlanView& plan, const std::vector<app::CycleScores>& cycles,
                                    const domain::Framework* framework) {
  const auto statement = [&](const std::string& code) {
    const auto* node = framework != nullptr && !code.empty() ? framework->Find(code) : nullptr;
    return node != nullptr ? node->code + " " + node->DisplayName() : code;
  };
  report::PlanDocument doc;
  doc.participant_name = plan.participant_name;
  doc.generated_on = DateInWords(plan.as_of);
  for (const auto& goal : plan.goals) {
    report::PlanDocument::Goal g{statement(goal.element),
                                 goal.title,
                                 goal.detail,
                                 std::string(domain::GoalSourceLabel(goal.source)),
                                 goal.finding,
                                 {}};
    for (const auto& action : plan.actions) {
      if (action.goal_id != goal.id) continue;
      g.actions.push_back({std::string(domain::ActionKindLabel(action.kind)), action.description, action.owner,
                           action.due.empty() ? std::string() : DateInWords(action.due),
                           std::string(domain::ActionStatusLabel(action.status)),
                           action.session_id ? "Agreed in a mentoring or coaching session" : ""});
    }
    for (const auto& item : plan.evidence) {
      const auto& e = item.evidence;
      if (e.goal_id != goal.id) continue;
      const auto kib = (e.size_bytes + 1023) / 1024;
      const auto size = kib < 1024 ? std::to_string(kib) + " KB" : std::to_string((kib + 1023) / 1024) + " MB";
      g.evidence.push_back(e.file_name + " (" + e.content_type + ", " + size + "), added " +
                           DateInWords(e.uploaded_at) + " by " + item.uploaded_by_name);
    }
    doc.goals.push_back(std::move(g));
  }
  for (const auto& review : plan.reviews) {
    doc.reviews.push_back({DateInWords(review.held_on), review.reviewer_name, review.comment});
  }
  // Progress: each statement a goal is tied to, across the released cycles.
  std::vector<std::string> seen;
  for (const auto& goal : plan.goals) {
    if (goal.element.empty() || std::find(seen.begin(), seen.end(), goal.element) != seen.end()) continue;
    seen.push_back(goal.element);
    report::PlanDocument::Progress progress{statement(goal.element), {}};
    for (const auto& cycle : cycles) {
      report::PlanDocument::Score score{cycle.title, std::nullopt, std::nullopt};
      for (const auto& [code, mean] : cycle.means) {
        if (code == goal.element) score.others = mean;
      }
      progress.scores.push_back(score);
    }
    doc.progress.push_back(std::move(progress));
  }
  for (const auto& event : plan.history) {
    doc.history.push_back(DateInWords(event.at) + (event.at.size() >= 16 ? " " + event.at.substr(11, 5) : "") + " · " +
                          event.what);
  }
  return doc;
}

}  // namespace lqf::web
