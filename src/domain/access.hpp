#pragma once
//! Who may do what: the one access policy every use case consults. A pure
//! function of the acting person's roles and what they act on, so it can be
//! tested exhaustively (tests/unit/domain/access_test.cpp).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/people.hpp"
#include "domain/support.hpp"

namespace lqf::domain {

//! Things people do. Later capabilities add theirs here.
enum class Action {
  kImportFramework,      //!< add a framework or a new version
  kManageOrganisations,  //!< add and change organisations and cohorts
  kViewOrganisations,    //!< list organisations and cohorts
  kViewPeople,           //!< list people in an organisation or cohort
  kManagePeople,         //!< add people, change their roles, disable them
  kViewPerson,           //!< see one person's profile
  kEditProfile,          //!< change one person's name, job title, background
  kExportPersonData,     //!< download everything held about a person (UK GDPR)
  kErasePerson,          //!< remove or anonymise a person's data (UK GDPR)
  kViewAuditLog,
  kRunFeedbackCycle,  //!< start a 360 cycle for a participant, nominate raters, invite, remind, close, see progress
  kApproveRaters,     //!< approve a participant's raters before invitations go
  //! see a feedback report (a participant sees their own once it reaches
  //! them: app::Reports applies the release rules)
  kViewReport,
  kReleaseReport,  //!< release a coached report to its participant after booking the debrief
  kViewPlan,       //!< see a development plan and its history
  kEditPlan,       //!< add goals and actions to a development plan, and move them on
  kViewSupport,    //!< see who mentors, coaches and line-manages a person, and when they met
  kManageSupport,  //!< set up and end those relationships
  kRecordSession,  //!< record a mentoring or coaching session (the supporter in it)
  kRunAppraisal,   //!< set objectives, hold reviews and sign as the line manager
  kViewAppraisal,  //!< see a person's appraisal years
};

inline constexpr Action kAllActions[] = {
    Action::kImportFramework, Action::kManageOrganisations, Action::kViewOrganisations, Action::kViewPeople,
    Action::kManagePeople,    Action::kViewPerson,          Action::kEditProfile,       Action::kExportPersonData,
    Action::kErasePerson,     Action::kViewAuditLog,        Action::kRunFeedbackCycle,  Action::kApproveRaters,
    Action::kViewReport,      Action::kReleaseReport,       Action::kViewPlan,          Action::kEditPlan,
    Action::kViewSupport,     Action::kManageSupport,       Action::kRecordSession,     Action::kRunAppraisal,
    Action::kViewAppraisal,
};

//! A short name for logs and tests ("manage-people").
std::string_view ActionName(Action action);

//! The signed-in person acting.
struct Actor {
  std::int64_t person_id = 0;
  std::vector<RoleGrant> grants;
  //! Cohorts run by the programme bodies where the actor is an
  //! organisation-wide programme lead (resolved by the caller from the store).
  std::vector<std::int64_t> led_cohort_ids;

  bool Has(Role role) const;
};

//! A supporter of the target person (domain/support.hpp), as it stands today.
struct Tie {
  std::int64_t supporter_id = 0;
  SupportKind kind = SupportKind::kMentor;
  bool active = false;       //!< started and not ended
  bool shares_plan = false;  //!< the person shares their development plan with this supporter
};

//! What an action is done to. Fill in what applies; leave the rest empty.
struct Target {
  std::optional<std::int64_t> person_id;        //!< a person acted upon
  std::vector<std::int64_t> cohort_ids;         //!< cohorts the person (or list) belongs to
  std::optional<std::int64_t> organisation_id;  //!< an organisation acted upon or listed
  bool person_is_administrator = false;         //!< managing an administrator needs one
  //! Organisations where the person holds organisation-wide roles: managing
  //! them needs authority over each of these too.
  std::vector<std::int64_t> organisation_ids;
  //! The person's supporters (mentors, coaches, line managers), filled in by
  //! the caller for the actions that depend on them (plans, sessions, appraisal).
  std::vector<Tie> ties;
};

//! The target for acting on `person`: every cohort and organisation where they
//! hold a role, and whether they are an administrator.
Target TargetFor(const Person& person);

//! The target for giving `person` (who may be new) the role `grant`.
Target TargetForGrant(const Person& person, const RoleGrant& grant);

//! True if `actor` may do `action` to `target`. Deny unless a rule allows.
bool IsAllowed(const Actor& actor, Action action, const Target& target);

}  // namespace lqf::domain
