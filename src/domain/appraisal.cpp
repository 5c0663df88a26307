#include "domain/appraisal.hpp"

#include <algorithm>

#include "domain/feedback.hpp"

namespace lqf::domain {

std::string_view ObjectiveOutcomeName(ObjectiveOutcome outcome) {
  switch (outcome) {
    case ObjectiveOutcome::kOpen:
      return "open";
    case ObjectiveOutcome::kMet:
      return "met";
    case ObjectiveOutcome::kPartlyMet:
      return "partly-met";
    case ObjectiveOutcome::kNotMet:
      return "not-met";
  }
  return {};
}

std::string_view ObjectiveOutcomeLabel(ObjectiveOutcome outcome) {
  switch (outcome) {
    case ObjectiveOutcome::kOpen:
      return "Not yet judged";
    case ObjectiveOutcome::kMet:
      return "Met";
    case ObjectiveOutcome::kPartlyMet:
      return "Partly met";
    case ObjectiveOutcome::kNotMet:
      return "Not met";
  }
  return {};
}

std::optional<ObjectiveOutcome> ParseObjectiveOutcome(std::string_view name) {
  for (auto outcome : kAllObjectiveOutcomes) {
    if (ObjectiveOutcomeName(outcome) == name) return outcome;
  }
  return std::nullopt;
}

std::string_view ReviewKindName(ReviewKind kind) { return kind == ReviewKind::kMidYear ? "mid-year" : "year-end"; }
std::string_view ReviewKindLabel(ReviewKind kind) {
  return kind == ReviewKind::kMidYear ? "Mid-year review" : "Year-end review";
}
std::optional<ReviewKind> ParseReviewKind(std::string_view name) {
  for (auto kind : kAllReviewKinds) {
    if (ReviewKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

namespace {

bool Held(const std::vector<AppraisalReview>& reviews, ReviewKind kind) {
  return std::any_of(reviews.begin(), reviews.end(), [kind](const AppraisalReview& r) { return r.kind == kind; });
}

}  // namespace

AppraisalStage StageOf(const Appraisal& appraisal, const std::vector<AppraisalReview>& reviews) {
  if (appraisal.SignedOff()) return AppraisalStage::kSignedOff;
  if (Held(reviews, ReviewKind::kYearEnd)) return AppraisalStage::kYearEndHeld;
  if (Held(reviews, ReviewKind::kMidYear)) return AppraisalStage::kMidYearHeld;
  return AppraisalStage::kObjectives;
}

std::string_view AppraisalStageLabel(AppraisalStage stage) {
  switch (stage) {
    case AppraisalStage::kObjectives:
      return "Objectives agreed, no review yet";
    case AppraisalStage::kMidYearHeld:
      return "Mid-year review held";
    case AppraisalStage::kYearEndHeld:
      return "Year-end review held, waiting for sign-off";
    case AppraisalStage::kSignedOff:
      return "Signed off";
  }
  return {};
}

std::string ReviewDueOn(const Appraisal& appraisal, ReviewKind kind) {
  const auto start = DayNumber(appraisal.period_start);
  const auto end = DayNumber(appraisal.period_end);
  if (!start || !end || *end < *start) return {};
  if (kind == ReviewKind::kYearEnd) return appraisal.period_end;
  return DateOfDay(*start + (*end - *start) / 2);
}

std::vector<PlanProblem> CheckAppraisal(const Appraisal& appraisal) {
  std::vector<PlanProblem> problems;
  if (appraisal.manager_id == appraisal.participant_id) problems.push_back({"manager", "self"});
  const auto start = DayNumber(appraisal.period_start);
  const auto end = DayNumber(appraisal.period_end);
  if (!start) problems.push_back({"period_start", appraisal.period_start.empty() ? "blank" : "invalid"});
  if (!end) problems.push_back({"period_end", appraisal.period_end.empty() ? "blank" : "invalid"});
  if (start && end) {
    if (*end <= *start) {
      problems.push_back({"period_end", "before_start"});
    } else if (*end - *start > 549) {  // about 18 months
      problems.push_back({"period_end", "too_long"});
    }
  }
  return problems;
}

std::vector<PlanProblem> CheckObjective(const Framework& framework, const Objective& objective) {
  std::vector<PlanProblem> problems;
  CheckPlanText("title", objective.title, kMaxGoalTitleCharacters, true, false, problems);
  CheckPlanText("measure", objective.measure, kMaxPlanTextCharacters, false, true, problems);
  if (!objective.element.empty()) {
    const auto* node = framework.Find(objective.element);
    if (node == nullptr || node->IsBranch() || !node->scored) problems.push_back({"element", "not-found"});
  }
  return problems;
}

std::vector<PlanProblem> CheckReview(const Appraisal& appraisal, const std::vector<AppraisalReview>& held,
                                     const AppraisalReview& review, std::string_view today) {
  std::vector<PlanProblem> problems;
  if (Held(held, review.kind)) {
    problems.push_back({"kind", "already_held"});
  } else if (review.kind == ReviewKind::kMidYear && Held(held, ReviewKind::kYearEnd)) {
    problems.push_back({"kind", "after_year_end"});
  }
  if (review.kind == ReviewKind::kYearEnd) {
    for (const auto& earlier : held) {
      if (earlier.kind == ReviewKind::kMidYear && review.held_on < earlier.held_on && DayNumber(review.held_on)) {
        problems.push_back({"held_on", "before_mid_year"});
      }
    }
  }
  if (!DayNumber(review.held_on)) {
    problems.push_back({"held_on", review.held_on.empty() ? "blank" : "invalid"});
  } else if (review.held_on > today) {
    problems.push_back({"held_on", "future"});
  } else if (review.held_on < appraisal.period_start) {
    problems.push_back({"held_on", "before_period"});
  }
  CheckPlanText("manager_comment", review.manager_comment, kMaxPlanTextCharacters, true, true, problems);
  CheckPlanText("participant_comment", review.participant_comment, kMaxPlanTextCharacters, false, true, problems);
  return problems;
}

}  // namespace lqf::domain
