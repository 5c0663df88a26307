#include "domain/access.hpp"

#include <algorithm>

namespace lqf::domain {
namespace {

//! Cohorts where the actor is a programme lead, directly or through their programme body.
std::vector<std::int64_t> LedCohorts(const Actor& actor) {
  std::vector<std::int64_t> cohorts = actor.led_cohort_ids;
  for (const auto& grant : actor.grants) {
    if (grant.role == Role::kProgrammeLead && grant.scope == ScopeKind::kCohort) cohorts.push_back(grant.scope_id);
  }
  return cohorts;
}

bool LeadsOrganisation(const Actor& actor, std::int64_t organisation_id) {
  return std::any_of(actor.grants.begin(), actor.grants.end(), [&](const RoleGrant& g) {
    return g.role == Role::kProgrammeLead && g.scope == ScopeKind::kOrganisation && g.scope_id == organisation_id;
  });
}

//! True if the target lies within what a programme lead runs: it names at
//! least one cohort or organisation, and every one named is theirs.
bool WithinLedScope(const Actor& actor, const Target& target) {
  const auto led = LedCohorts(actor);
  const bool cohorts_led = std::all_of(target.cohort_ids.begin(), target.cohort_ids.end(), [&](std::int64_t c) {
    return std::find(led.begin(), led.end(), c) != led.end();
  });
  const bool organisations_led = std::all_of(target.organisation_ids.begin(), target.organisation_ids.end(),
                                             [&](std::int64_t o) { return LeadsOrganisation(actor, o); }) &&
                                 (!target.organisation_id || LeadsOrganisation(actor, *target.organisation_id));
  const bool names_something = !target.cohort_ids.empty() || !target.organisation_ids.empty() || target.organisation_id;
  return names_something && cohorts_led && organisations_led;
}

//! True if the target person holds a role in a cohort or organisation the actor leads.
bool PersonInLedScope(const Actor& actor, const Target& target) {
  const auto led = LedCohorts(actor);
  return std::any_of(target.cohort_ids.begin(), target.cohort_ids.end(),
                     [&](std::int64_t c) { return std::find(led.begin(), led.end(), c) != led.end(); }) ||
         std::any_of(target.organisation_ids.begin(), target.organisation_ids.end(),
                     [&](std::int64_t o) { return LeadsOrganisation(actor, o); });
}

//! True if the actor is a coach in a cohort or organisation where the target person holds a role.
bool CoachesPerson(const Actor& actor, const Target& target) {
  return std::any_of(actor.grants.begin(), actor.grants.end(), [&](const RoleGrant& g) {
    if (g.role != Role::kCoach) return false;
    if (g.scope == ScopeKind::kCohort) {
      return std::find(target.cohort_ids.begin(), target.cohort_ids.end(), g.scope_id) != target.cohort_ids.end();
    }
    if (g.scope == ScopeKind::kOrganisation) {
      return std::find(target.organisation_ids.begin(), target.organisation_ids.end(), g.scope_id) !=
             target.organisation_ids.end();
    }
    return false;
  });
}

//! True if the actor supports the target person today in a tie satisfying `wanted`.
template <typename Predicate>
bool Supports(const Actor& actor, const Target& target, Predicate wanted) {
  return std::any_of(target.ties.begin(), target.ties.end(),
                     [&](const Tie& t) { return t.active && t.supporter_id == actor.person_id && wanted(t); });
}

}  // namespace

Target TargetFor(const Person& person) {
  Target target;
  target.person_id = person.id;
  for (const auto& grant : person.grants) {
    if (grant.role == Role::kAdministrator) target.person_is_administrator = true;
    if (grant.scope == ScopeKind::kCohort) target.cohort_ids.push_back(grant.scope_id);
    if (grant.scope == ScopeKind::kOrganisation) target.organisation_ids.push_back(grant.scope_id);
  }
  return target;
}

Target TargetForGrant(const Person& person, const RoleGrant& grant) {
  Target target;
  if (person.id != 0) target.person_id = person.id;
  target.person_is_administrator = grant.role == Role::kAdministrator;
  if (grant.scope == ScopeKind::kCohort) target.cohort_ids.push_back(grant.scope_id);
  if (grant.scope == ScopeKind::kOrganisation) target.organisation_ids.push_back(grant.scope_id);
  return target;
}

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kImportFramework:
      return "import-framework";
    case Action::kManageOrganisations:
      return "manage-organisations";
    case Action::kViewOrganisations:
      return "view-organisations";
    case Action::kViewPeople:
      return "view-people";
    case Action::kManagePeople:
      return "manage-people";
    case Action::kViewPerson:
      return "view-person";
    case Action::kEditProfile:
      return "edit-profile";
    case Action::kExportPersonData:
      return "export-person-data";
    case Action::kErasePerson:
      return "erase-person";
    case Action::kViewAuditLog:
      return "view-audit-log";
    case Action::kRunFeedbackCycle:
      return "run-feedback-cycle";
    case Action::kApproveRaters:
      return "approve-raters";
    case Action::kViewReport:
      return "view-report";
    case Action::kReleaseReport:
      return "release-report";
    case Action::kViewPlan:
      return "view-plan";
    case Action::kEditPlan:
      return "edit-plan";
    case Action::kViewSupport:
      return "view-support";
    case Action::kManageSupport:
      return "manage-support";
    case Action::kRecordSession:
      return "record-session";
    case Action::kRunAppraisal:
      return "run-appraisal";
    case Action::kViewAppraisal:
      return "view-appraisal";
  }
  return "unknown";
}

bool Actor::Has(Role role) const {
  return std::any_of(grants.begin(), grants.end(), [role](const RoleGrant& g) { return g.role == role; });
}

bool IsAllowed(const Actor& actor, Action action, const Target& target) {
  if (actor.person_id == 0) return false;  // nobody signed in
  // An administrator may do anything but act as someone's mentor, coach or
  // line manager, or read their appraisal: those belong to the people in the
  // relationship.
  if (actor.Has(Role::kAdministrator) && action != Action::kRecordSession && action != Action::kRunAppraisal &&
      action != Action::kViewAppraisal) {
    return true;
  }

  const bool self = target.person_id && *target.person_id == actor.person_id;
  switch (action) {
    case Action::kViewPerson:
      return self || (target.person_id && actor.Has(Role::kProgrammeLead) && PersonInLedScope(actor, target));
    case Action::kEditProfile:
    case Action::kExportPersonData:
      return self;
    case Action::kViewOrganisations:
      return actor.Has(Role::kProgrammeLead) || actor.Has(Role::kHrAdviser);
    case Action::kViewPeople:
      return actor.Has(Role::kProgrammeLead) && WithinLedScope(actor, target);
    case Action::kManagePeople:
      // A lead manages the people in what they run, never an administrator
      // (that would let them take over the installation) and never themself.
      return actor.Has(Role::kProgrammeLead) && !target.person_is_administrator && !self &&
             WithinLedScope(actor, target);
    case Action::kRunFeedbackCycle:
      // A participant runs their own cycles; a lead runs them for the
      // participants in what they lead.
      return (self && actor.Has(Role::kParticipant)) ||
             (!self && target.person_id && actor.Has(Role::kProgrammeLead) && PersonInLedScope(actor, target));
    case Action::kApproveRaters:
      return !self && target.person_id && actor.Has(Role::kProgrammeLead) && PersonInLedScope(actor, target);
    case Action::kViewReport:
      // The participant, their programme lead, and a coach of their cohort or
      // organisation (who debriefs them).
      return (self && actor.Has(Role::kParticipant)) ||
             (!self && target.person_id &&
              ((actor.Has(Role::kProgrammeLead) && PersonInLedScope(actor, target)) || CoachesPerson(actor, target)));
    case Action::kViewPlan:
      // The participant, their programme lead, and a supporter with whom the
      // participant shares it: never a coach or mentor by role alone.
      return (self && actor.Has(Role::kParticipant)) ||
             (!self && target.person_id &&
              ((actor.Has(Role::kProgrammeLead) && PersonInLedScope(actor, target)) ||
               Supports(actor, target, [](const Tie& t) { return t.shares_plan; })));
    case Action::kEditPlan:
      // The plan is the participant's own; their programme lead may add to it
      // (e.g. a place on a programme). A mentor or coach adds the actions
      // agreed in a session, through the session (kRecordSession).
      return (self && actor.Has(Role::kParticipant)) ||
             (!self && target.person_id && actor.Has(Role::kProgrammeLead) && PersonInLedScope(actor, target));
    case Action::kViewSupport:
      return self || (target.person_id && actor.Has(Role::kProgrammeLead) && PersonInLedScope(actor, target));
    case Action::kManageSupport:
      return !self && target.person_id && actor.Has(Role::kProgrammeLead) && PersonInLedScope(actor, target);
    case Action::kRecordSession:
      return !self && Supports(actor, target, [](const Tie& t) { return t.kind != SupportKind::kLineManager; });
    case Action::kRunAppraisal:
      return !self && Supports(actor, target, [](const Tie& t) { return t.kind == SupportKind::kLineManager; });
    case Action::kViewAppraisal:
      // Between the person and their line manager: not their programme.
      return self || Supports(actor, target, [](const Tie& t) { return t.kind == SupportKind::kLineManager; });
    case Action::kReleaseReport:
      return !self && target.person_id &&
             ((actor.Has(Role::kProgrammeLead) && PersonInLedScope(actor, target)) || CoachesPerson(actor, target));
    case Action::kImportFramework:
    case Action::kManageOrganisations:
    case Action::kErasePerson:
    case Action::kViewAuditLog:
      return false;
  }
  return false;
}

}  // namespace lqf::domain
