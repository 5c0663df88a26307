#pragma once
//! Feedback reports: who may see one, and when. A report shows the results as
//! the cycle's last release froze them (responses arriving later change
//! nothing until a new release), with the participant's previous released
//! cycle on the same framework and the cohort norm. In a coached cycle the
//! participant sees their report only once their coach or programme lead has
//! booked the debrief and released it; those people see it from the release
//! of the results, to prepare. Every download and release is audited.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/accounts.hpp"
#include "app/feedback_store.hpp"
#include "app/framework_catalog.hpp"
#include "app/text_input.hpp"
#include "domain/report.hpp"

namespace lqf::app {

//! Whether one person may see a cycle's report, and what it would show.
struct ReportAccess {
  domain::Cycle cycle;
  std::string participant_name;
  Release release;  //!< the release the report shows
  bool coached = false;
  std::optional<Debrief> debrief;  //!< coached cycles: when, and whether released to the participant
  bool participant = false;        //!< the viewer is the participant
  bool can_release = false;        //!< the viewer may release it to the participant now
  //! The newest release anywhere: a report also shows the cohort's norm, so a
  //! copy kept for this release stays right until any release is made.
  std::int64_t newest_release = 0;
};

//! A report as one person may see it.
struct ReportView {
  ReportAccess access;
  domain::Report report;
};

//! A report someone other than its participant may read.
struct ReportListing {
  std::int64_t cycle_id = 0;
  std::string participant_name;
  std::string cycle_title;
  std::string released_at;
  bool coached = false;
  bool released_to_participant = true;  //!< false: a coached report waiting for its debrief
};

//! One released cycle's others' means, as its report showed them.
struct CycleScores {
  std::int64_t cycle_id = 0;
  std::string title;
  std::string released_at;
  std::vector<std::pair<std::string, double>> means;  //!< statement code, others' mean
};

class Reports {
 public:
  Reports(FeedbackRepository& feedback, AccountRepository& accounts, FrameworkCatalog& catalog, Clock& clock);

  //! The report of a cycle. `download` names the form fetched ("pdf", "xlsx",
  //! "json") for the audit log; empty for the page on screen. Refusals:
  //! "cycle" "not_found" (no such cycle, or not the actor's to see: the same
  //! answer), "report" "not_released" (no results released yet), "report"
  //! "awaiting_debrief" (coached: not yet released to the participant).
  Outcome<ReportView> Open(const domain::Actor& actor, std::int64_t cycle_id, std::string_view download = {});
  //! Open in two steps, for a caller that keeps rendered reports: whether
  //! the actor may see it (refusals as Open), then the report itself.
  Outcome<ReportAccess> Check(const domain::Actor& actor, std::int64_t cycle_id);
  domain::Report Build(const ReportAccess& access);
  //! Others' means in each of a participant's released cycles whose report
  //! the actor may read now (a coached report not yet released to its
  //! participant is left out of the participant's own view), oldest first.
  std::vector<CycleScores> ScoresAcrossCycles(const domain::Actor& actor, std::int64_t participant_id);
  //! The reports of other people the actor may read (as their coach,
  //! programme lead or an administrator), waiting ones first, then newest.
  std::vector<ReportListing> Readable(const domain::Actor& actor);
  //! Records in the audit log that the actor downloaded the report as `form`.
  void Downloaded(const domain::Actor& actor, const ReportAccess& access, std::string_view form);

  //! Releases a coached cycle's report to its participant, recording the
  //! debrief date (YYYY-MM-DD, today or later, within a year). Refusals:
  //! "cycle" "not_found", "debrief_on" "blank"/"invalid"/"past"/"too_far",
  //! "report" "not_released"/"not_coached"/"already_released".
  Outcome<bool> ReleaseToParticipant(const domain::Actor& actor, std::int64_t cycle_id, std::string_view debrief_on);

 private:
  FeedbackRepository& feedback_;
  AccountRepository& accounts_;
  FrameworkCatalog& catalog_;
  Clock& clock_;
};

}  // namespace lqf::app
