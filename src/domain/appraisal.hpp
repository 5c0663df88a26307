#pragma once
//! Appraisal: a director's year with their line manager. Objectives tied to
//! the framework's statements (the framework is meant to support performance
//! management), a mid-year and a year-end review held by the line manager,
//! sign-off by both, and objectives not met carried into the next year.
//! Pure: the stages of a year and the checks; storage and who may do what
//! live above (app/appraisals.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/framework.hpp"
#include "domain/plans.hpp"

namespace lqf::domain {

//! How an objective went, judged at the year-end review.
enum class ObjectiveOutcome { kOpen, kMet, kPartlyMet, kNotMet };
inline constexpr ObjectiveOutcome kAllObjectiveOutcomes[] = {ObjectiveOutcome::kOpen, ObjectiveOutcome::kMet,
                                                             ObjectiveOutcome::kPartlyMet, ObjectiveOutcome::kNotMet};
std::string_view ObjectiveOutcomeName(ObjectiveOutcome outcome);   //!< "partly-met"
std::string_view ObjectiveOutcomeLabel(ObjectiveOutcome outcome);  //!< "Partly met"
std::optional<ObjectiveOutcome> ParseObjectiveOutcome(std::string_view name);

//! The two reviews of a year.
enum class ReviewKind { kMidYear, kYearEnd };
inline constexpr ReviewKind kAllReviewKinds[] = {ReviewKind::kMidYear, ReviewKind::kYearEnd};
std::string_view ReviewKindName(ReviewKind kind);   //!< "mid-year"
std::string_view ReviewKindLabel(ReviewKind kind);  //!< "Mid-year review"
std::optional<ReviewKind> ParseReviewKind(std::string_view name);

//! One objective of a year.
struct Objective {
  std::int64_t id = 0;
  std::int64_t appraisal_id = 0;
  std::string element;  //!< the statement it serves ("S4"); empty: none in particular
  std::string title;
  std::string measure;                       //!< how both will know it is met
  std::optional<std::int64_t> carried_from;  //!< the objective of an earlier year it continues
  ObjectiveOutcome outcome = ObjectiveOutcome::kOpen;
};

//! A review held by the line manager, with both sides' comments.
struct AppraisalReview {
  std::int64_t id = 0;
  std::int64_t appraisal_id = 0;
  ReviewKind kind = ReviewKind::kMidYear;
  std::string held_on;  //!< YYYY-MM-DD
  std::string manager_comment;
  std::string participant_comment;  //!< added by the participant after the review
  std::string created_at;
};

//! A director's appraisal year.
struct Appraisal {
  std::int64_t id = 0;
  std::int64_t participant_id = 0;
  std::int64_t manager_id = 0;        //!< the line manager who runs it
  std::string period_start;           //!< YYYY-MM-DD
  std::string period_end;             //!< YYYY-MM-DD
  std::string participant_signed_at;  //!< empty: not signed
  std::string manager_signed_at;      //!< empty: not signed
  std::string created_at;

  bool SignedOff() const { return !participant_signed_at.empty() && !manager_signed_at.empty(); }
};

//! Where a year has got to.
enum class AppraisalStage {
  kObjectives,  //!< objectives being agreed; no review yet
  kMidYearHeld,
  kYearEndHeld,  //!< waiting for one or both signatures
  kSignedOff,    //!< closed: nothing changes any more
};
AppraisalStage StageOf(const Appraisal& appraisal, const std::vector<AppraisalReview>& reviews);
std::string_view AppraisalStageLabel(AppraisalStage stage);  //!< "Mid-year review held"

//! The day a review falls due: mid-year halfway through the period (by day
//! count), year-end on the period's last day. Empty if the period is not valid.
std::string ReviewDueOn(const Appraisal& appraisal, ReviewKind kind);

//! Checks a new year: real dates, the end after the start, at most 18 months long.
std::vector<PlanProblem> CheckAppraisal(const Appraisal& appraisal);
//! Checks an objective: a title; a measure within limits; an element, if
//! given, a scored statement of `framework`.
std::vector<PlanProblem> CheckObjective(const Framework& framework, const Objective& objective);
//! Checks a review as held: a real date not after `today` and not before the
//! period starts; a year-end review after any mid-year one, and no mid-year
//! review once the year-end one is held; a comment.
std::vector<PlanProblem> CheckReview(const Appraisal& appraisal, const std::vector<AppraisalReview>& held,
                                     const AppraisalReview& review, std::string_view today);

}  // namespace lqf::domain
