#pragma once
//! Mentoring and coaching: setting up who supports a director, the sessions
//! they hold (with actions agreed in them flowing into the development
//! plan), reviews of a plan, and what each person may see of it all
//! (domain/support.hpp: SightOfSession; domain/access.hpp: kViewSupport,
//! kManageSupport, kRecordSession). Pages: web/support_pages.cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts.hpp"
#include "app/framework_catalog.hpp"
#include "app/notifications.hpp"
#include "app/plans_store.hpp"
#include "app/support_store.hpp"

namespace lqf::app {

//! The target for acting on `person` with their supporters as they stand
//! on `today` (YYYY-MM-DD): what plan, session and appraisal rules need.
domain::Target TargetWithTies(const domain::Person& person, SupportRepository& support, std::string_view today);
//! The same from the person's relationships, already read.
domain::Target TargetWithTies(const domain::Person& person, const std::vector<domain::Relationship>& supporters,
                              std::string_view today);

//! A relationship as one person may see it.
struct RelationshipView {
  domain::Relationship relationship;
  std::string participant_name;
  std::string supporter_name;
  bool active = false;
  domain::SessionSight sight = domain::SessionSight::kNone;
  //! Sessions, newest first, cut to the viewer's sight: no summary below
  //! kRecord, no private note below kFull.
  std::vector<domain::SupportSession> sessions;
  bool can_record = false;  //!< the viewer is the supporter, and it is going on (and not line management)
  bool can_share = false;   //!< the viewer is the participant: may share or stop sharing the plan
  bool can_end = false;     //!< the viewer may end it (the participant's programme lead, an administrator)
  //! The participant's goals, for the supporter to tie an agreed action to:
  //! only while the participant shares the plan with them.
  std::vector<domain::Goal> shared_goals;
};

//! What someone types to set up a relationship.
struct RelationshipInput {
  std::string supporter_email;
  std::string kind;  //!< a SupportKind name
  std::string started_on;
  std::string ended_on;
};

//! What a supporter types for a session.
struct SessionInput {
  std::string held_on;
  std::vector<std::string> themes;  //!< statement codes
  std::string summary;
  std::string private_note;
  //! An action agreed for the plan, if any: described (else none), and for
  //! `goal` a goal id of the participant's (when shared) or "new" (a new
  //! goal on the session's first theme).
  std::string action_kind;
  std::string action_description;
  std::string action_owner;
  std::string action_due;
  std::string action_goal;
};

//! Queues the reminders that are due, each once: to a director, for each
//! open action of their plan due within `days_ahead` days (or overdue); to a
//! line manager, for each review of an open appraisal year past its due day.
//! Safe to run on two servers at once: each reminder is claimed and queued in
//! one commit, so `support` and the outbox behind `notifications` must share
//! one store (as `lqf serve` builds them). Returns how many were queued.
int SendPlanReminders(SupportRepository& support, AccountRepository& accounts, Notifications& notifications,
                      Clock& clock, int days_ahead = 7);

class Support {
 public:
  Support(SupportRepository& support, PlanRepository& plans, AccountRepository& accounts, FrameworkCatalog& catalog,
          Clock& clock, std::string framework_code = "nlqf-2010");

  //! A person's supporters, current and past. Refusals: "participant" "not_found".
  Outcome<std::vector<RelationshipView>> SupportersOf(const domain::Actor& actor, std::int64_t participant_id);
  //! The people the actor supports (mentors, coaches, line-manages), current and past.
  std::vector<RelationshipView> Supporting(const domain::Actor& actor);
  //! One relationship, if the actor is in it or oversees it. Refusals: "relationship" "not_found".
  Outcome<RelationshipView> Open(const domain::Actor& actor, std::int64_t relationship_id);
  //! Sets up a relationship (kManageSupport). Refusals: "participant"
  //! "not_found"; "supporter_email" "not_found"; "kind" "invalid"; field
  //! problems (started_on, ended_on, supporter "self"); "supporter" "taken"
  //! (they already support the person in that way).
  Outcome<std::int64_t> AddRelationship(const domain::Actor& actor, std::int64_t participant_id,
                                        const RelationshipInput& input);
  //! Ends it on `ended_on` (kManageSupport, or the participant). Refusals:
  //! "relationship" "not_found"; "ended_on" problems.
  Outcome<bool> EndRelationship(const domain::Actor& actor, std::int64_t relationship_id, std::string_view ended_on);
  //! The participant shares their plan with the supporter, or stops. Refusals: "relationship" "not_found".
  Outcome<bool> SharePlan(const domain::Actor& actor, std::int64_t relationship_id, bool share);
  //! The supporter records a session (kRecordSession). Refusals:
  //! "relationship" "not_found"; field problems (held_on, themes, summary,
  //! private_note, action_kind, action_description, action_owner,
  //! action_due, action_goal).
  Outcome<std::int64_t> RecordSession(const domain::Actor& actor, std::int64_t relationship_id,
                                      const SessionInput& input);
  //! A review of a plan by someone who may see it. Refusals: "participant" "not_found"; held_on, comment problems.
  Outcome<std::int64_t> ReviewPlan(const domain::Actor& actor, std::int64_t participant_id, std::string_view held_on,
                                   std::string_view comment);

 private:
  std::string Today() const;
  std::string NameOf(std::int64_t person_id);
  void Audit(const domain::Actor& actor, std::string action, std::int64_t subject, std::string detail);
  bool Oversees(const domain::Actor& actor, const domain::Person& participant);
  RelationshipView View(const domain::Actor& actor, const domain::Relationship& relationship,
                        const domain::Person& participant);

  SupportRepository& support_;
  PlanRepository& plans_;
  AccountRepository& accounts_;
  FrameworkCatalog& catalog_;
  Clock& clock_;
  std::string framework_code_;
};

}  // namespace lqf::app
