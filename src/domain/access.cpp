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

//! True if the target lies within what a programme lead runs: every cohort it
//! names is one they lead, or it is their programme body itself.
bool WithinLedScope(const Actor& actor, const Target& target) {
  if (target.organisation_id && LeadsOrganisation(actor, *target.organisation_id)) return true;
  if (target.cohort_ids.empty()) return false;
  const auto led = LedCohorts(actor);
  return std::all_of(target.cohort_ids.begin(), target.cohort_ids.end(),
                     [&](std::int64_t c) { return std::find(led.begin(), led.end(), c) != led.end(); });
}

//! True if the target person shares at least one cohort the actor leads.
bool PersonInLedCohort(const Actor& actor, const Target& target) {
  const auto led = LedCohorts(actor);
  return std::any_of(target.cohort_ids.begin(), target.cohort_ids.end(),
                     [&](std::int64_t c) { return std::find(led.begin(), led.end(), c) != led.end(); });
}

}  // namespace

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
  }
  return "unknown";
}

bool Actor::Has(Role role) const {
  return std::any_of(grants.begin(), grants.end(), [role](const RoleGrant& g) { return g.role == role; });
}

bool IsAllowed(const Actor& actor, Action action, const Target& target) {
  if (actor.person_id == 0) return false;  // nobody signed in
  if (actor.Has(Role::kAdministrator)) return true;

  const bool self = target.person_id && *target.person_id == actor.person_id;
  switch (action) {
    case Action::kViewPerson:
      return self || (target.person_id && actor.Has(Role::kProgrammeLead) && PersonInLedCohort(actor, target));
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
    case Action::kImportFramework:
    case Action::kManageOrganisations:
    case Action::kErasePerson:
    case Action::kViewAuditLog:
      return false;
  }
  return false;
}

}  // namespace lqf::domain
