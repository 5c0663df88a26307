#pragma once
//! Appraisal years between a director and their line manager: objectives
//! tied to the framework, mid-year and year-end reviews held by the manager,
//! sign-off by both, objectives carried forward (domain/appraisal.hpp).
//! Access (domain/access.hpp): kRunAppraisal for the line manager today,
//! kViewAppraisal for the person and their line manager. Pages:
//! web/support_pages.cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts.hpp"
#include "app/framework_catalog.hpp"
#include "app/support_store.hpp"

namespace lqf::app {

//! An appraisal year as one person may see it.
struct AppraisalView {
  domain::Appraisal appraisal;
  std::string participant_name;
  std::string manager_name;
  std::vector<domain::Objective> objectives;
  std::vector<domain::AppraisalReview> reviews;
  domain::AppraisalStage stage = domain::AppraisalStage::kObjectives;
  std::string mid_year_due;
  std::string year_end_due;
  bool is_manager = false;         //!< the viewer runs it (the line manager today)
  bool is_participant = false;     //!< the viewer is the person appraised
  bool can_add_objective = false;  //!< and change anything else: nobody has signed yet
  bool can_review = false;         //!< a review is still to hold, and the viewer runs it
  bool can_sign = false;           //!< the year-end review is held and the viewer's side has not signed
};

//! A person's appraisal years as one viewer sees them.
struct AppraisalYears {
  std::string participant_name;
  bool can_start = false;            //!< the viewer is their line manager today, and may start a year
  std::vector<AppraisalView> years;  //!< newest first
};

//! What someone types for an objective.
struct ObjectiveInput {
  std::string element;
  std::string title;
  std::string measure;
};

class Appraisals {
 public:
  Appraisals(SupportRepository& support, AccountRepository& accounts, FrameworkCatalog& catalog, Clock& clock,
             std::string framework_code = "nlqf-2010");

  //! A person's years. Refusals: "participant" "not_found".
  Outcome<AppraisalYears> Of(const domain::Actor& actor, std::int64_t participant_id);
  //! One year. Refusals: "appraisal" "not_found".
  Outcome<AppraisalView> Open(const domain::Actor& actor, std::int64_t appraisal_id);
  //! The line manager starts a year, carrying forward objectives of the
  //! person's earlier years (`carry`: their ids; only ones not met).
  //! Refusals: "participant" "not_found"; period_start, period_end problems;
  //! "carry" "not_found"; "period_start" "overlaps" (another open year).
  Outcome<std::int64_t> Start(const domain::Actor& actor, std::int64_t participant_id, std::string_view period_start,
                              std::string_view period_end, const std::vector<std::int64_t>& carry = {});
  //! The manager or the person adds an objective before sign-off. Refusals:
  //! "appraisal" "not_found"; "appraisal" "signed_off"; title, measure, element problems.
  Outcome<std::int64_t> AddObjective(const domain::Actor& actor, std::int64_t appraisal_id,
                                     const ObjectiveInput& input);
  //! The manager judges an objective. Refusals: "objective" "not_found"; "outcome" "invalid"; "appraisal"
  //! "signed_off" (signed by either side: a signed year no longer changes, here and below).
  Outcome<bool> SetOutcome(const domain::Actor& actor, std::int64_t objective_id, std::string_view outcome);
  //! The manager records a review as held. Refusals: "appraisal" "not_found";
  //! "kind" "invalid" / "already_held"; held_on, manager_comment problems; "appraisal" "signed_off".
  Outcome<bool> HoldReview(const domain::Actor& actor, std::int64_t appraisal_id, std::string_view kind,
                           std::string_view held_on, std::string_view comment);
  //! The person adds their comment to a review. Refusals: "review" "not_found"; "participant_comment" problems.
  Outcome<bool> CommentOnReview(const domain::Actor& actor, std::int64_t appraisal_id, std::string_view kind,
                                std::string_view comment);
  //! The viewer signs their side. Refusals: "appraisal" "not_found"; "appraisal" "year_end_not_held";
  //! "appraisal" "already_signed".
  Outcome<bool> Sign(const domain::Actor& actor, std::int64_t appraisal_id);

 private:
  std::string Today() const;
  //! Whose years: the person, their supporters, and the target both make.
  struct Subject {
    domain::Person person;
    std::vector<domain::Relationship> supporters;
    domain::Target target;
  };
  std::optional<Subject> SubjectOf(std::int64_t participant_id);
  std::optional<AppraisalView> View(const domain::Actor& actor, const domain::Appraisal& appraisal,
                                    const Subject& subject);

  SupportRepository& support_;
  AccountRepository& accounts_;
  FrameworkCatalog& catalog_;
  Clock& clock_;
  std::string framework_code_;
};

}  // namespace lqf::app
