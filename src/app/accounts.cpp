#include "app/accounts.hpp"

#include "app/text_input.hpp"

#include <utility>

#include "app/mail.hpp"
#include "app/secrets.hpp"
#include "domain/text.hpp"
#include "interchange/people_csv.hpp"

namespace lqf::app {
namespace {

using domain::Action;
using domain::Actor;

constexpr long long kMinute = 60;
constexpr long long kHour = 60 * kMinute;
// Only refresh a session's idle timer when it is this old, so that a page
// with many requests writes to the database once, not once per request.
constexpr long long kTouchAfterSeconds = kMinute;

template <typename T>
Outcome<T> Forbidden() {
  return Refuse<T>("", "forbidden");
}

}  // namespace

std::string AddSeconds(std::string_view iso_time, long long seconds) {
  // One implementation of time arithmetic: the outbox's.
  return AddSecondsUtc(iso_time, seconds).value_or(std::string(iso_time));
}

domain::Actor CommandLineActor() {
  domain::Actor actor;
  actor.person_id = -1;  // no person: the operator at the console
  actor.grants.push_back({domain::Role::kAdministrator, domain::ScopeKind::kInstallation, 0});
  return actor;
}

Accounts::Accounts(AccountRepository& repository, Clock& clock) : repository_(repository), clock_(clock) {}

void Accounts::Audit(const domain::Actor* actor, std::string action, std::optional<std::int64_t> subject,
                     std::string detail) {
  AuditEntry entry;
  entry.at = clock_.NowUtc();
  if (actor && actor->person_id > 0) entry.actor_person_id = actor->person_id;
  entry.action = std::move(action);
  entry.subject_person_id = subject;
  entry.detail = std::move(detail);
  repository_.Audit(entry);
}

domain::Actor Accounts::ActorFor(const domain::Person& person) {
  domain::Actor actor;
  actor.person_id = person.id;
  actor.grants = person.grants;
  for (const auto& grant : person.grants) {
    if (grant.role != domain::Role::kProgrammeLead || grant.scope != domain::ScopeKind::kOrganisation) continue;
    for (const auto& cohort : repository_.ListCohorts()) {
      if (cohort.organisation_id == grant.scope_id) actor.led_cohort_ids.push_back(cohort.id);
    }
  }
  return actor;
}

Outcome<std::int64_t> Accounts::AddOrganisation(const Actor& actor, std::string_view name, std::string_view kind,
                                                std::string_view region) {
  if (!domain::IsAllowed(actor, Action::kManageOrganisations, {})) return Forbidden<std::int64_t>();
  Outcome<std::int64_t> outcome;
  domain::Organisation organisation;
  if (auto n = CheckLine(name, "name", domain::kMaxOrganisationNameLength, true, outcome.refusals))
    organisation.name = *n;
  if (auto k = domain::ParseOrganisationKind(Trim(kind))) {
    organisation.kind = *k;
  } else {
    outcome.refusals.push_back({"kind", Trim(kind).empty() ? "blank" : "invalid"});
  }
  if (auto r = CheckLine(region, "region", domain::kMaxOrganisationNameLength, false, outcome.refusals)) {
    organisation.region = *r;
  }
  if (!outcome.refusals.empty()) return outcome;
  outcome.value = repository_.AddOrganisation(organisation, clock_.NowUtc());
  if (!outcome.value) return Refuse<std::int64_t>("name", "taken");
  Audit(&actor, "organisation-added", std::nullopt, organisation.name);
  return outcome;
}

Outcome<std::vector<domain::Organisation>> Accounts::ListOrganisations(const Actor& actor) {
  if (!domain::IsAllowed(actor, Action::kViewOrganisations, {})) return Forbidden<std::vector<domain::Organisation>>();
  return {repository_.ListOrganisations(), {}};
}

Outcome<std::vector<domain::Cohort>> Accounts::ListCohorts(const Actor& actor) {
  if (!domain::IsAllowed(actor, Action::kViewOrganisations, {})) return Forbidden<std::vector<domain::Cohort>>();
  return {repository_.ListCohorts(), {}};
}

Outcome<std::int64_t> Accounts::AddCohort(const Actor& actor, std::string_view organisation, std::string_view name,
                                          int year) {
  if (!domain::IsAllowed(actor, Action::kManageOrganisations, {})) return Forbidden<std::int64_t>();
  Outcome<std::int64_t> outcome;
  domain::Cohort cohort;
  cohort.year = year;
  if (auto n = CheckLine(name, "name", domain::kMaxOrganisationNameLength, true, outcome.refusals)) cohort.name = *n;
  auto body = repository_.FindOrganisationByName(Trim(organisation));
  if (!body) {
    outcome.refusals.push_back({"organisation", Trim(organisation).empty() ? "blank" : "not_found"});
  } else if (body->kind != domain::OrganisationKind::kProgrammeBody) {
    outcome.refusals.push_back({"organisation", "not_programme_body"});
  } else {
    cohort.organisation_id = body->id;
  }
  if (year < 2000 || year > 2100) outcome.refusals.push_back({"year", "invalid"});
  if (!outcome.refusals.empty()) return outcome;
  outcome.value = repository_.AddCohort(cohort, clock_.NowUtc());
  if (!outcome.value) return Refuse<std::int64_t>("name", "taken");
  Audit(&actor, "cohort-added", std::nullopt, cohort.name);
  return outcome;
}

Outcome<domain::Person> Accounts::CheckPerson(const PersonInput& input) {
  Outcome<domain::Person> outcome;
  domain::Person person;
  if (auto n = CheckLine(input.name, "name", domain::kMaxNameLength, true, outcome.refusals)) person.name = *n;
  if (Trim(input.email).empty()) {
    outcome.refusals.push_back({"email", "blank"});
  } else if (auto email = domain::NormaliseEmail(input.email)) {
    person.email = *email;
  } else {
    outcome.refusals.push_back({"email", "invalid"});
  }
  if (auto j = CheckLine(input.job_title, "job_title", domain::kMaxJobTitleLength, false, outcome.refusals)) {
    person.job_title = *j;
  }
  if (!Trim(input.background).empty()) {
    if (auto b = domain::ParseBackground(Trim(input.background))) {
      person.background = *b;
    } else {
      outcome.refusals.push_back({"background", "invalid"});
    }
  }
  std::optional<domain::Organisation> organisation;
  if (!Trim(input.organisation).empty()) {
    organisation = repository_.FindOrganisationByName(Trim(input.organisation));
    if (organisation) {
      person.organisation_id = organisation->id;
    } else {
      outcome.refusals.push_back({"organisation", "not_found"});
    }
  }
  const auto role = domain::ParseRole(Trim(input.role).empty() ? "participant" : Trim(input.role));
  if (!role) {
    outcome.refusals.push_back({"role", "invalid"});
    return outcome;
  }
  domain::RoleGrant grant{*role, domain::ScopeKind::kOrganisation, 0};
  if (*role == domain::Role::kAdministrator) {
    grant.scope = domain::ScopeKind::kInstallation;
  } else if (!Trim(input.cohort).empty()) {
    // A cohort is looked for within the person's programme body when they
    // belong to one, and everywhere otherwise.
    const bool in_body = organisation && organisation->kind == domain::OrganisationKind::kProgrammeBody;
    auto lookup =
        FindCohortByName(Trim(input.cohort), in_body ? std::optional<std::int64_t>(organisation->id) : std::nullopt);
    std::optional<domain::Cohort> found = lookup.value;
    if (!found) {
      outcome.refusals.push_back(lookup.refusals.front());
    } else {
      grant.scope = domain::ScopeKind::kCohort;
      grant.scope_id = found->id;
    }
  } else if (person.organisation_id) {
    grant.scope_id = *person.organisation_id;
  } else if (outcome.refusals.empty() || Trim(input.organisation).empty()) {
    outcome.refusals.push_back({"organisation", "blank"});
  }
  person.grants.push_back(grant);
  if (outcome.refusals.empty()) outcome.value = std::move(person);
  return outcome;
}

Outcome<std::int64_t> Accounts::AddPerson(const Actor& actor, const PersonInput& input) {
  auto checked = CheckPerson(input);
  if (!checked.Ok()) return {std::nullopt, std::move(checked.refusals)};
  const auto& person = *checked.value;
  const auto& grant = person.grants.front();
  if (!domain::IsAllowed(actor, Action::kManagePeople, domain::TargetForGrant(person, grant))) {
    return Forbidden<std::int64_t>();
  }
  auto id = repository_.AddPerson(person, clock_.NowUtc());
  if (!id) return Refuse<std::int64_t>("email", "taken");
  Audit(&actor, "person-added", *id);
  Audit(&actor, "role-granted", *id, std::string(domain::RoleName(grant.role)));
  return {id, {}};
}

ImportPeopleResult Accounts::ImportPeople(const Actor& actor, std::string_view csv) {
  ImportPeopleResult result;
  auto parsed = interchange::ParsePeopleCsv(csv);
  if (!parsed.Ok()) {
    result.problems = std::move(parsed.problems);
    return result;
  }
  std::vector<domain::Person> people;
  for (const auto& row : parsed.rows) {
    PersonInput input{row.name,
                      row.email,
                      row.organisation,
                      row.job_title,
                      std::string(domain::BackgroundName(row.background)),
                      std::string(domain::RoleName(row.role)),
                      row.cohort};
    auto checked = CheckPerson(input);
    if (!checked.Ok()) {
      for (auto& refusal : checked.refusals) result.refusals.push_back({row.line, std::move(refusal)});
      continue;
    }
    const auto& grant = checked.value->grants.front();
    if (!domain::IsAllowed(actor, Action::kManagePeople, domain::TargetForGrant(*checked.value, grant))) {
      result.forbidden = true;
      result.refusals.push_back({row.line, {"role", "forbidden"}});
      continue;
    }
    if (repository_.FindPersonByEmail(checked.value->email)) {
      result.refusals.push_back({row.line, {"email", "taken"}});
      continue;
    }
    people.push_back(std::move(*checked.value));
  }
  if (!result.refusals.empty()) return result;
  auto ids = repository_.AddPeople(people, clock_.NowUtc());
  if (!ids) {
    // Someone took one of the addresses between the check and the insert.
    result.refusals.push_back({0, {"email", "taken"}});
    return result;
  }
  result.ids = std::move(*ids);
  Audit(&actor, "people-imported", std::nullopt, std::to_string(result.ids.size()) + " people");
  for (std::size_t i = 0; i < result.ids.size(); ++i) {
    Audit(&actor, "role-granted", result.ids[i], std::string(domain::RoleName(people[i].grants.front().role)));
  }
  return result;
}

Outcome<std::vector<domain::Person>> Accounts::ListPeople(const Actor& actor) {
  std::vector<domain::Person> visible;
  for (auto& person : repository_.ListPeople()) {
    if (domain::IsAllowed(actor, Action::kViewPerson, domain::TargetFor(person))) visible.push_back(std::move(person));
  }
  return {std::move(visible), {}};
}

Outcome<domain::Person> Accounts::FindPerson(const Actor& actor, std::int64_t person_id) {
  auto person = repository_.FindPerson(person_id);
  if (!person) return Refuse<domain::Person>("person", "not_found");
  if (!domain::IsAllowed(actor, Action::kViewPerson, domain::TargetFor(*person)))
    return Refuse<domain::Person>("person", "not_found");
  return {std::move(person), {}};
}

Outcome<bool> Accounts::GrantRole(const Actor& actor, std::int64_t person_id, std::string_view role,
                                  std::string_view cohort) {
  auto person = repository_.FindPerson(person_id);
  if (!person) return Refuse<bool>("person", "not_found");
  // First: the actor must already manage this person, so that neither a
  // stranger can be pulled into a lead's cohort nor the answers below reveal
  // anything to someone who may not act here.
  const auto target = domain::TargetFor(*person);
  if (!domain::IsAllowed(actor, Action::kManagePeople, target)) return Forbidden<bool>();
  const auto parsed = domain::ParseRole(Trim(role));
  if (!parsed) return Refuse<bool>("role", "invalid");
  domain::RoleGrant grant{*parsed, domain::ScopeKind::kOrganisation, 0};
  if (*parsed == domain::Role::kAdministrator) {
    grant.scope = domain::ScopeKind::kInstallation;
  } else if (!Trim(cohort).empty()) {
    auto found = FindCohortByName(Trim(cohort));
    if (!found.Ok()) return {std::nullopt, std::move(found.refusals)};
    grant.scope = domain::ScopeKind::kCohort;
    grant.scope_id = found.value->id;
  } else if (person->organisation_id) {
    grant.scope_id = *person->organisation_id;
  } else {
    return Refuse<bool>("cohort", "blank");
  }
  // Then: they may give this role where it applies.
  auto grant_target = domain::TargetForGrant(*person, grant);
  grant_target.person_is_administrator = grant_target.person_is_administrator || target.person_is_administrator;
  if (!domain::IsAllowed(actor, Action::kManagePeople, grant_target)) return Forbidden<bool>();
  if (!repository_.AddGrant(person_id, grant, clock_.NowUtc())) return Refuse<bool>("role", "held");
  Audit(&actor, "role-granted", person_id, std::string(domain::RoleName(grant.role)));
  return {true, {}};
}

Outcome<domain::Cohort> Accounts::FindCohortByName(std::string_view name, std::optional<std::int64_t> organisation_id) {
  std::optional<domain::Cohort> found;
  int matches = 0;
  for (const auto& cohort : repository_.ListCohorts()) {
    if (cohort.name != name || (organisation_id && cohort.organisation_id != *organisation_id)) continue;
    found = cohort;
    ++matches;
  }
  // Names are unique only within a programme body: never guess between two.
  if (matches > 1) return Refuse<domain::Cohort>("cohort", "ambiguous");
  if (!found) return Refuse<domain::Cohort>("cohort", "not_found");
  return {found, {}};
}

Outcome<bool> Accounts::RevokeRole(const Actor& actor, std::int64_t person_id, std::size_t index) {
  auto person = repository_.FindPerson(person_id);
  if (!person) return Refuse<bool>("person", "not_found");
  if (index >= person->grants.size()) return Refuse<bool>("role", "not_found");
  const auto grant = person->grants[index];
  if (!domain::IsAllowed(actor, Action::kManagePeople, domain::TargetFor(*person))) return Forbidden<bool>();
  // An administrator cannot remove their own administrator role: someone
  // must always be able to run the installation.
  if (grant.role == domain::Role::kAdministrator && actor.person_id == person_id)
    return Refuse<bool>("role", "own_admin");
  if (!repository_.RemoveGrant(person_id, grant)) return Refuse<bool>("role", "not_found");
  Audit(&actor, "role-revoked", person_id, std::string(domain::RoleName(grant.role)));
  return {true, {}};
}

Outcome<bool> Accounts::SetDisabled(const Actor& actor, std::int64_t person_id, bool disabled) {
  auto person = repository_.FindPerson(person_id);
  if (!person) return Refuse<bool>("person", "not_found");
  if (!domain::IsAllowed(actor, Action::kManagePeople, domain::TargetFor(*person))) return Forbidden<bool>();
  repository_.SetDisabled(person_id, disabled, clock_.NowUtc());
  if (disabled) repository_.DeleteSessionsOf(person_id);
  Audit(&actor, disabled ? "person-disabled" : "person-enabled", person_id);
  return {true, {}};
}

Outcome<std::string> Accounts::IssueSetPasswordLink(const Actor& actor, std::int64_t person_id) {
  auto person = repository_.FindPerson(person_id);
  if (!person) return Refuse<std::string>("person", "not_found");
  if (!domain::IsAllowed(actor, Action::kManagePeople, domain::TargetFor(*person))) return Forbidden<std::string>();
  const auto token = NewToken();
  const auto now = clock_.NowUtc();
  repository_.CreateAuthToken(
      {TokenHash(token), person_id, "set-password", AddSeconds(now, kSetPasswordLinkHours * kHour), ""}, now);
  Audit(&actor, "set-password-link-issued", person_id);
  return {token, {}};
}

std::optional<std::pair<domain::Person, std::string>> Accounts::IssueResetLink(std::string_view email) {
  auto normalised = domain::NormaliseEmail(email);
  if (!normalised) return std::nullopt;
  const auto now = clock_.NowUtc();
  // At most a few reset emails per address per window, so the form cannot be
  // used to flood someone's inbox; counted whether or not the account exists.
  const auto key = "reset:" + TokenHash(*normalised);
  if (repository_.CountSignInFailures(key, AddSeconds(now, -kThrottleWindowMinutes * kMinute)) >= kMaxResetEmails) {
    return std::nullopt;
  }
  repository_.RecordSignInFailure(key, now);
  auto person = repository_.FindPersonByEmail(*normalised);
  if (!person || person->disabled) return std::nullopt;
  const auto token = NewToken();
  repository_.CreateAuthToken(
      {TokenHash(token), person->id, "reset-password", AddSeconds(now, kResetPasswordLinkMinutes * kMinute), ""}, now);
  Audit(nullptr, "password-reset-requested", person->id);
  return std::make_pair(*person, token);
}

Outcome<bool> Accounts::SetPasswordWithLink(std::string_view token, std::string_view password) {
  if (password.size() < kMinPasswordLength) return Refuse<bool>("password", "too_short");
  if (password.size() > kMaxPasswordLength) return Refuse<bool>("password", "too_long");
  if (!domain::IsValidUtf8(password)) return Refuse<bool>("password", "invalid");
  const auto hash = TokenHash(token);
  auto link = repository_.FindAuthToken(hash);
  const auto now = clock_.NowUtc();
  if (!link || !link->used_at.empty() || link->expires_at <= now) return Refuse<bool>("link", "expired");
  auto person = repository_.FindPerson(link->person_id);
  if (!person || person->disabled) return Refuse<bool>("link", "expired");
  if (!repository_.UseAuthToken(hash, now)) return Refuse<bool>("link", "expired");
  repository_.SetPasswordHash(person->id, HashPassword(password));
  // Any other link still out (an older reset email) must not work any more.
  repository_.UseAuthTokensOf(person->id, now);
  repository_.DeleteSessionsOf(person->id);
  Audit(nullptr, "password-set", person->id, link->purpose);
  return {true, {}};
}

Outcome<std::string> Accounts::SignIn(std::string_view email, std::string_view password, std::string_view address) {
  const auto now = clock_.NowUtc();
  const auto since = AddSeconds(now, -kThrottleWindowMinutes * kMinute);
  const auto normalised = domain::NormaliseEmail(email).value_or(std::string(Trim(email)));
  // Throttling counts by hashes, so the table holds neither addresses nor emails.
  const auto account_key = "account:" + TokenHash(normalised);
  const auto address_key = "address:" + TokenHash(address);
  if (repository_.CountSignInFailures(account_key, since) >= kMaxFailuresPerAccount ||
      repository_.CountSignInFailures(address_key, since) >= kMaxFailuresPerAddress) {
    Audit(nullptr, "sign-in-throttled", std::nullopt);
    return Refuse<std::string>("email", "throttled");
  }
  auto person = repository_.FindPersonByEmail(normalised);
  std::optional<std::string> hash = person ? repository_.PasswordHash(person->id) : std::nullopt;
  // Always verify against something, so a missing account takes as long as a wrong password.
  const bool matches = VerifyPassword(password.substr(0, kMaxPasswordLength), hash ? *hash : DecoyPasswordHash());
  if (!person || !hash || !matches || person->disabled) {
    repository_.RecordSignInFailure(account_key, now);
    repository_.RecordSignInFailure(address_key, now);
    Audit(nullptr, "sign-in-failed", person ? std::optional<std::int64_t>(person->id) : std::nullopt);
    return Refuse<std::string>("email", "wrong");
  }
  repository_.ClearSignInFailures(account_key);
  const auto token = NewToken();
  repository_.CreateSession(
      {TokenHash(token), person->id, NewToken(), now, now, AddSeconds(now, kSessionAbsoluteHours * kHour)});
  Audit(nullptr, "sign-in", person->id);
  return {token, {}};
}

std::optional<CurrentSession> Accounts::Resume(std::string_view token) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  const auto hash = TokenHash(token);
  auto session = repository_.FindSession(hash);
  if (!session) return std::nullopt;
  const auto now = clock_.NowUtc();
  const bool expired =
      session->expires_at <= now || AddSeconds(session->last_seen_at, kSessionIdleMinutes * kMinute) <= now;
  auto person = expired ? std::nullopt : repository_.FindPerson(session->person_id);
  if (!person || person->disabled) {
    repository_.DeleteSession(hash);
    return std::nullopt;
  }
  if (AddSeconds(session->last_seen_at, kTouchAfterSeconds) <= now) repository_.TouchSession(hash, now);
  CurrentSession current;
  current.actor = ActorFor(*person);
  current.person = std::move(*person);
  current.csrf_token = std::move(session->csrf_token);
  current.token_hash = hash;
  return current;
}

void Accounts::SignOut(std::string_view token) {
  if (token.empty()) return;
  const auto hash = TokenHash(token);
  if (auto session = repository_.FindSession(hash)) {
    repository_.DeleteSession(hash);
    Audit(nullptr, "sign-out", session->person_id);
  }
}

void Accounts::SignOutEverywhere(const Actor& actor) {
  if (actor.person_id <= 0) return;
  repository_.DeleteSessionsOf(actor.person_id);
  Audit(&actor, "sign-out-everywhere", actor.person_id);
}

Outcome<std::vector<AuditEntry>> Accounts::AuditLog(const Actor& actor, std::string_view action, std::size_t limit) {
  if (!domain::IsAllowed(actor, Action::kViewAuditLog, {})) return Forbidden<std::vector<AuditEntry>>();
  return {repository_.ListAudit(action, limit), {}};
}

}  // namespace lqf::app
