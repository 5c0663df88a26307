#pragma once
//! Development plans: a participant's goals and actions, who may see and
//! change them (domain::Action kViewPlan, kEditPlan), goals drafted from a
//! report finding, and the plan's history and reviews (pages:
//! web/plan_pages.cpp). A mentor or coach sees the plan only while the
//! participant shares it with them, and adds to it through a session
//! (app/support.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts.hpp"
#include "app/framework_catalog.hpp"
#include "app/plans_store.hpp"
#include "app/reports.hpp"
#include "app/support_store.hpp"
#include "domain/plans.hpp"

namespace lqf::app {

//! A plan as one person may see it.
struct PlanView {
  std::int64_t participant_id = 0;
  std::string participant_name;
  std::vector<domain::Goal> goals;
  std::vector<domain::PlanAction> actions;
  std::vector<PlanEvent> history;
  std::vector<PlanReview> reviews;  //!< newest first
  std::string as_of;                //!< when it was read (UTC, ISO 8601): for a printed copy's date
  bool can_edit = false;
  bool can_review = false;  //!< may record a review of the plan (anyone who may see it)
};

//! What a person types for a goal or an action.
struct GoalInput {
  std::string element;  //!< a statement code, or empty
  std::string title;
  std::string detail;
};
struct ActionInput {
  std::string kind;  //!< an ActionKind name
  std::string description;
  std::string owner;
  std::string due;  //!< YYYY-MM-DD or empty
};

class Plans {
 public:
  //! Goals are checked against `framework_code`'s latest version.
  Plans(PlanRepository& plans, SupportRepository& support, AccountRepository& accounts, FrameworkCatalog& catalog,
        Reports& reports, Clock& clock, std::string framework_code = "nlqf-2010");

  //! Refusals: "participant" "not_found" (none, or not the actor's to see).
  Outcome<PlanView> PlanOf(const domain::Actor& actor, std::int64_t participant_id);
  //! Refusals as PlanOf, plus field problems (title, detail, element).
  Outcome<std::int64_t> AddGoal(const domain::Actor& actor, std::int64_t participant_id, const GoalInput& input);
  //! A goal drafted from a finding of the report of `cycle_id` (the report
  //! as the actor may see it) about `element`: it keeps the statement and
  //! the figures. Refusals: those of Reports::Open, "finding" "not_found"
  //! (the report has no such finding), "finding" "already_planned" (a goal
  //! came from it before), "source" "invalid", "participant" "not_found".
  //! With `participant_id`, refused ("participant" "not_found") unless the
  //! report is that person's (an address that names them).
  Outcome<std::int64_t> AddGoalFromFinding(const domain::Actor& actor, std::int64_t cycle_id, std::string_view element,
                                           std::string_view source,
                                           std::optional<std::int64_t> participant_id = std::nullopt);
  //! Refusals: "goal" "not_found", "kind" "invalid", field problems (description, owner, due).
  Outcome<std::int64_t> AddAction(const domain::Actor& actor, std::int64_t goal_id, const ActionInput& input);
  //! Refusals: "action" "not_found", "status" "invalid".
  Outcome<bool> SetActionStatus(const domain::Actor& actor, std::int64_t action_id, std::string_view status);

 private:
  //! True if the actor may `action` the participant's plan.
  bool Allowed(const domain::Actor& actor, std::int64_t participant_id, domain::Action action);
  std::optional<std::int64_t> By(const domain::Actor& actor) const;

  PlanRepository& plans_;
  SupportRepository& support_;
  AccountRepository& accounts_;
  FrameworkCatalog& catalog_;
  Reports& reports_;
  Clock& clock_;
  std::string framework_code_;
};

}  // namespace lqf::app
