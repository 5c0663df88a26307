#pragma once
//! Development plans: a participant's goals and actions, who may see and
//! change them (domain::Action kViewPlan, kEditPlan), goals drafted from a
//! report finding, evidence files attached to goals and actions, and the
//! plan's history and reviews (pages:
//! web/plan_pages.cpp). A mentor or coach sees the plan only while the
//! participant shares it with them, and adds to it through a session
//! (app/support.hpp).

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts.hpp"
#include "app/framework_catalog.hpp"
#include "app/plans_store.hpp"
#include "app/reports.hpp"
#include "app/support_store.hpp"
#include "domain/evidence.hpp"
#include "domain/plans.hpp"

namespace lqf::app {

//! A piece of evidence as the plan lists it: its metadata and who added it.
struct EvidenceSummary {
  domain::Evidence evidence;
  std::string uploaded_by_name;  //!< "Someone no longer here" when there is no uploader on record
};

//! Stored evidence whose content no longer matches its checksum: damage to the
//! store, not a busy one (so not a StoreError, which the web answers with 503
//! and "try again"). Its message names the evidence id only.
class EvidenceIntegrityError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A plan as one person may see it.
struct PlanView {
  std::int64_t participant_id = 0;
  std::string participant_name;
  std::vector<domain::Goal> goals;
  std::vector<domain::PlanAction> actions;
  std::vector<PlanEvent> history;
  std::vector<PlanReview> reviews;        //!< newest first
  std::vector<EvidenceSummary> evidence;  //!< files attached to its goals and actions, oldest first
  std::string as_of;                      //!< when it was read (UTC, ISO 8601): for a printed copy's date
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
  //! Attaches a file to goal `goal_id`, or to `action_id`, one of its
  //! actions, checked by domain::CheckEvidence; its SHA-256 is kept with it.
  //! `sent` is false when the form had no file part. Refusals: "goal"
  //! "not_found" (none, or not the actor's to change), "action" "not_found"
  //! (not one of the goal's actions), "file" problems of domain::CheckEvidence.
  Outcome<std::int64_t> AddEvidence(const domain::Actor& actor, std::int64_t goal_id,
                                    std::optional<std::int64_t> action_id, bool sent, std::string_view file_name,
                                    std::string_view content);
  //! A piece of evidence with its content, for download, after checking its
  //! content against the SHA-256 stored with it. Refusals: "evidence"
  //! "not_found" (none, or not on a plan the actor may see). Throws
  //! EvidenceIntegrityError if the content does not match (logged by id only).
  Outcome<EvidenceFile> Evidence(const domain::Actor& actor, std::int64_t evidence_id);

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
