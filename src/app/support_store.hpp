#pragma once
//! The port for mentoring, coaching and appraisal: relationships, session
//! records, reviews of a plan, and appraisal years with their objectives and
//! reviews. Every method is atomic.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/appraisal.hpp"
#include "domain/plans.hpp"
#include "domain/support.hpp"

namespace lqf::app {

//! A review of a development plan: when, by whom, and what was said.
struct PlanReview {
  std::int64_t id = 0;
  std::int64_t participant_id = 0;
  std::optional<std::int64_t> reviewer_id;  //!< empty: someone since erased
  std::string held_on;
  std::string comment;
  std::string created_at;
  std::string reviewer_name;  //!< not stored: filled in for showing
};

//! What a session agreed for the plan: an action, towards an existing goal
//! (action.goal_id) or towards a new goal made for it (`new_goal`).
struct AgreedAction {
  std::optional<domain::Goal> new_goal;
  domain::PlanAction action;
};

//! An action falling due, with whose plan it is in.
struct DueAction {
  domain::PlanAction action;
  std::int64_t participant_id = 0;
  std::string goal_title;
};

class SupportRepository {
 public:
  virtual ~SupportRepository() = default;

  // Relationships.
  //! Nothing if the supporter already supports the person in that way and it
  //! has not ended (another request got there first).
  virtual std::optional<std::int64_t> AddRelationship(const domain::Relationship& relationship) = 0;
  virtual std::optional<domain::Relationship> FindRelationship(std::int64_t id) = 0;
  //! A person's supporters, current and past, newest first.
  virtual std::vector<domain::Relationship> SupportersOf(std::int64_t participant_id) = 0;
  //! The people someone supports, current and past, newest first.
  virtual std::vector<domain::Relationship> SupportedBy(std::int64_t supporter_id) = 0;
  //! Sets the end date; false if there is no such relationship.
  virtual bool EndRelationship(std::int64_t id, std::string_view ended_on) = 0;
  virtual bool SetSharesPlan(std::int64_t id, bool shares) = 0;

  // Sessions. A session and what it agreed for the plan are one commit, with
  // lines in the plan's history (`supporter_name` says who agreed them).
  virtual std::int64_t AddSession(const domain::SupportSession& session, const std::optional<AgreedAction>& agreed,
                                  std::int64_t participant_id, std::int64_t supporter_id, std::string_view now) = 0;
  //! The sessions of a relationship, newest first.
  virtual std::vector<domain::SupportSession> Sessions(std::int64_t relationship_id) = 0;

  // Reviews of a plan.
  virtual std::int64_t AddPlanReview(const PlanReview& review, std::string_view now) = 0;
  //! Newest first.
  virtual std::vector<PlanReview> PlanReviews(std::int64_t participant_id) = 0;

  // Appraisal years. A new year and the objectives it carries forward are one
  // commit; nothing if the person has a year overlapping it (checked in that
  // commit, so two requests at once cannot both add one).
  virtual std::optional<std::int64_t> AddAppraisal(const domain::Appraisal& appraisal,
                                                   const std::vector<domain::Objective>& carried,
                                                   std::string_view now) = 0;
  virtual std::optional<domain::Appraisal> FindAppraisal(std::int64_t id) = 0;
  //! A person's years, newest first.
  virtual std::vector<domain::Appraisal> AppraisalsOf(std::int64_t participant_id) = 0;
  //! Years not yet signed off by both, across everyone (for reminders).
  virtual std::vector<domain::Appraisal> OpenAppraisals() = 0;
  virtual std::int64_t AddObjective(const domain::Objective& objective) = 0;
  virtual std::optional<domain::Objective> FindObjective(std::int64_t id) = 0;
  virtual std::vector<domain::Objective> Objectives(std::int64_t appraisal_id) = 0;
  virtual bool SetObjectiveOutcome(std::int64_t objective_id, domain::ObjectiveOutcome outcome) = 0;
  //! Adds a review; false if one of its kind was held already (another
  //! request got there first).
  virtual bool AddReview(const domain::AppraisalReview& review, std::string_view now) = 0;
  virtual std::vector<domain::AppraisalReview> Reviews(std::int64_t appraisal_id) = 0;
  virtual bool SetParticipantComment(std::int64_t review_id, std::string_view comment) = 0;
  //! Records a signature; false if that side had signed already.
  virtual bool Sign(std::int64_t appraisal_id, bool as_manager, std::string_view now) = 0;

  // Reminders: each is claimed once, and `queue` (which puts the email in the
  // outbox, on the same store) runs in the claim's commit: both happen or
  // neither (a failure leaves the reminder to claim again). False if it was
  // claimed already.
  //! Planned or in-progress actions due on or before `day`, not reminded yet.
  virtual std::vector<DueAction> ActionsDueBy(std::string_view day) = 0;
  virtual bool ClaimActionReminder(std::int64_t action_id, std::string_view now,
                                   const std::function<void()>& queue) = 0;
  virtual bool ClaimReviewReminder(std::int64_t appraisal_id, domain::ReviewKind kind, std::string_view now,
                                   const std::function<void()>& queue) = 0;
};

}  // namespace lqf::app
