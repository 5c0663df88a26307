#include "store/sql_account_repository.hpp"

#include <map>

namespace lqf::store {
namespace {

domain::Organisation ReadOrganisation(const Query& row) {
  domain::Organisation organisation;
  organisation.id = row.Int(0);
  organisation.name = row.Text(1);
  organisation.kind = domain::ParseOrganisationKind(row.Text(2)).value_or(domain::OrganisationKind::kLocalAuthority);
  organisation.region = row.Text(3);
  return organisation;
}

domain::Cohort ReadCohort(const Query& row) {
  return {row.Int(0), row.Int(1), row.Text(2), static_cast<int>(row.Int(3))};
}

constexpr std::string_view kOrganisationColumns = "SELECT id, name, kind, region FROM organisations";
constexpr std::string_view kCohortColumns = "SELECT id, organisation_id, name, year FROM cohorts";

//! Writes one role grant: the scope goes in organisation_id or cohort_id.
void InsertGrant(Database& db, std::int64_t person_id, const domain::RoleGrant& grant, std::string_view now) {
  auto scope = [&](domain::ScopeKind kind) {
    return grant.scope == kind ? std::optional<std::int64_t>(grant.scope_id) : std::nullopt;
  };
  Query insert(
      db, "INSERT INTO role_grants (person_id, role, organisation_id, cohort_id, granted_at) VALUES (?, ?, ?, ?, ?)");
  insert.Bind(1, person_id)
      .Bind(2, domain::RoleName(grant.role))
      .Bind(3, scope(domain::ScopeKind::kOrganisation))
      .Bind(4, scope(domain::ScopeKind::kCohort))
      .Bind(5, now)
      .Run();
}

}  // namespace

std::optional<std::int64_t> SqlAccountRepository::AddOrganisation(const domain::Organisation& organisation,
                                                                  std::string_view now) {
  auto db = pool_.Acquire();
  try {
    Query insert(db, "INSERT INTO organisations (name, kind, region, created_at) VALUES (?, ?, ?, ?) RETURNING id");
    insert.Bind(1, organisation.name)
        .Bind(2, domain::OrganisationKindName(organisation.kind))
        .Bind(3, organisation.region)
        .Bind(4, now);
    insert.Step();
    const auto id = insert.Int(0);
    insert.Run();
    return id;
  } catch (const UniqueViolation&) {
    return std::nullopt;
  }
}

std::vector<domain::Organisation> SqlAccountRepository::ListOrganisations() {
  auto db = pool_.Acquire();
  Query query(db, std::string(kOrganisationColumns) + " ORDER BY name");
  std::vector<domain::Organisation> all;
  while (query.Step()) all.push_back(ReadOrganisation(query));
  return all;
}

std::optional<domain::Organisation> SqlAccountRepository::FindOrganisation(std::int64_t id) {
  auto db = pool_.Acquire();
  Query query(db, std::string(kOrganisationColumns) + " WHERE id = ?");
  query.Bind(1, id);
  if (!query.Step()) return std::nullopt;
  return ReadOrganisation(query);
}

std::optional<domain::Organisation> SqlAccountRepository::FindOrganisationByName(std::string_view name) {
  auto db = pool_.Acquire();
  Query query(db, std::string(kOrganisationColumns) + " WHERE name = ?");
  query.Bind(1, name);
  if (!query.Step()) return std::nullopt;
  return ReadOrganisation(query);
}

std::optional<std::int64_t> SqlAccountRepository::AddCohort(const domain::Cohort& cohort, std::string_view now) {
  auto db = pool_.Acquire();
  try {
    Query insert(db, "INSERT INTO cohorts (organisation_id, name, year, created_at) VALUES (?, ?, ?, ?) RETURNING id");
    insert.Bind(1, cohort.organisation_id).Bind(2, cohort.name).Bind(3, std::int64_t{cohort.year}).Bind(4, now);
    insert.Step();
    const auto id = insert.Int(0);
    insert.Run();
    return id;
  } catch (const UniqueViolation&) {
    return std::nullopt;
  }
}

std::vector<domain::Cohort> SqlAccountRepository::ListCohorts() {
  auto db = pool_.Acquire();
  Query query(db, std::string(kCohortColumns) + " ORDER BY year DESC, name");
  std::vector<domain::Cohort> all;
  while (query.Step()) all.push_back(ReadCohort(query));
  return all;
}

std::optional<domain::Cohort> SqlAccountRepository::FindCohort(std::int64_t id) {
  auto db = pool_.Acquire();
  Query query(db, std::string(kCohortColumns) + " WHERE id = ?");
  query.Bind(1, id);
  if (!query.Step()) return std::nullopt;
  return ReadCohort(query);
}

std::int64_t SqlAccountRepository::InsertPerson(const domain::Person& person, std::string_view now) {
  auto db = pool_.Acquire();  // the caller's connection (re-entrant)
  Query insert(db,
               "INSERT INTO people (organisation_id, name, email, job_title, background, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
  insert.Bind(1, person.organisation_id);
  insert.Bind(2, person.name)
      .Bind(3, person.email)
      .Bind(4, person.job_title)
      .Bind(5, domain::BackgroundName(person.background))
      .Bind(6, now);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Run();
  for (const auto& g : person.grants) InsertGrant(db, id, g, now);
  return id;
}

std::optional<std::int64_t> SqlAccountRepository::AddPerson(const domain::Person& person, std::string_view now) {
  auto db = pool_.Acquire();
  try {
    Transaction transaction(db);
    const auto id = InsertPerson(person, now);
    transaction.Commit();
    return id;
  } catch (const UniqueViolation&) {
    return std::nullopt;
  }
}

std::optional<std::vector<std::int64_t>> SqlAccountRepository::AddPeople(const std::vector<domain::Person>& people,
                                                                         std::string_view now) {
  auto db = pool_.Acquire();
  try {
    Transaction transaction(db);
    std::vector<std::int64_t> ids;
    for (const auto& person : people) ids.push_back(InsertPerson(person, now));
    transaction.Commit();
    return ids;
  } catch (const UniqueViolation&) {
    return std::nullopt;
  }
}

std::vector<domain::Person> SqlAccountRepository::LoadPeople(std::string_view where, std::string_view text_arg,
                                                             std::int64_t int_arg) {
  auto db = pool_.Acquire();  // the caller's connection (re-entrant)
  Query query(db,
              "SELECT id, organisation_id, name, email, job_title, background, disabled_at IS NOT NULL "
              "FROM people WHERE erased_at IS NULL " +
                  std::string(where) + " ORDER BY name, id");
  if (!text_arg.empty()) query.Bind(1, text_arg);
  if (int_arg != 0) query.Bind(1, int_arg);
  std::vector<domain::Person> people;
  std::map<std::int64_t, std::size_t> index;
  while (query.Step()) {
    domain::Person person;
    person.id = query.Int(0);
    if (!query.IsNull(1)) person.organisation_id = query.Int(1);
    person.name = query.Text(2);
    person.email = query.Text(3);
    person.job_title = query.Text(4);
    person.background = domain::ParseBackground(query.Text(5)).value_or(domain::Background::kNotRecorded);
    person.disabled = query.Int(6) != 0;
    index[person.id] = people.size();
    people.push_back(std::move(person));
  }
  if (people.empty()) return people;
  Query grants(db, "SELECT person_id, role, organisation_id, cohort_id FROM role_grants ORDER BY id");
  while (grants.Step()) {
    auto it = index.find(grants.Int(0));
    if (it == index.end()) continue;
    auto role = domain::ParseRole(grants.Text(1));
    if (!role) continue;
    domain::RoleGrant grant{*role, domain::ScopeKind::kInstallation, 0};
    if (!grants.IsNull(3)) {
      grant.scope = domain::ScopeKind::kCohort;
      grant.scope_id = grants.Int(3);
    } else if (!grants.IsNull(2)) {
      grant.scope = domain::ScopeKind::kOrganisation;
      grant.scope_id = grants.Int(2);
    }
    people[it->second].grants.push_back(grant);
  }
  return people;
}

std::optional<domain::Person> SqlAccountRepository::FindPerson(std::int64_t id) {
  auto db = pool_.Acquire();
  auto people = LoadPeople("AND id = ?", {}, id);
  if (people.empty()) return std::nullopt;
  return std::move(people.front());
}

std::optional<domain::Person> SqlAccountRepository::FindPersonByEmail(std::string_view email) {
  auto db = pool_.Acquire();
  if (email.empty()) return std::nullopt;
  auto people = LoadPeople("AND email = ?", email, 0);
  if (people.empty()) return std::nullopt;
  return std::move(people.front());
}

std::vector<domain::Person> SqlAccountRepository::ListPeople() {
  auto db = pool_.Acquire();
  return LoadPeople({}, {}, 0);
}

void SqlAccountRepository::SetDisabled(std::int64_t person_id, bool disabled, std::string_view now) {
  auto db = pool_.Acquire();
  Query update(db, "UPDATE people SET disabled_at = ? WHERE id = ?");
  if (disabled) {
    update.Bind(1, now);
  } else {
    update.BindNull(1);
  }
  update.Bind(2, person_id).Run();
}

namespace {

//! "organisation_id IS ? AND cohort_id IS ?" is SQLite only; this matches a
//! grant's scope portably, with NULLs compared as NULLs.
constexpr std::string_view kSameGrant =
    "person_id = ? AND role = ? AND COALESCE(organisation_id, 0) = ? AND COALESCE(cohort_id, 0) = ?";

void BindGrant(Query& statement, std::int64_t person_id, const domain::RoleGrant& grant) {
  statement.Bind(1, person_id).Bind(2, domain::RoleName(grant.role));
  statement.Bind(3, grant.scope == domain::ScopeKind::kOrganisation ? grant.scope_id : std::int64_t{0});
  statement.Bind(4, grant.scope == domain::ScopeKind::kCohort ? grant.scope_id : std::int64_t{0});
}

}  // namespace

bool SqlAccountRepository::AddGrant(std::int64_t person_id, const domain::RoleGrant& grant, std::string_view now) {
  auto db = pool_.Acquire();
  try {
    Transaction transaction(db);
    Query exists(db, "SELECT 1 FROM role_grants WHERE " + std::string(kSameGrant));
    BindGrant(exists, person_id, grant);
    if (exists.Step()) return false;
    InsertGrant(db, person_id, grant, now);
    transaction.Commit();
  } catch (const UniqueViolation&) {
    return false;  // granted a moment ago by someone else (the unique index)
  }
  return true;
}

bool SqlAccountRepository::RemoveGrant(std::int64_t person_id, const domain::RoleGrant& grant) {
  auto db = pool_.Acquire();
  Query remove(db, "DELETE FROM role_grants WHERE " + std::string(kSameGrant) + " RETURNING 1");
  BindGrant(remove, person_id, grant);
  const bool removed = remove.Step();
  if (removed) remove.Run();
  return removed;
}

std::optional<std::string> SqlAccountRepository::PasswordHash(std::int64_t person_id) {
  auto db = pool_.Acquire();
  Query query(db, "SELECT password_hash FROM people WHERE id = ? AND password_hash IS NOT NULL");
  query.Bind(1, person_id);
  if (!query.Step()) return std::nullopt;
  return query.Text(0);
}

void SqlAccountRepository::SetPasswordHash(std::int64_t person_id, std::string_view hash) {
  auto db = pool_.Acquire();
  Query update(db, "UPDATE people SET password_hash = ? WHERE id = ?");
  update.Bind(1, hash).Bind(2, person_id).Run();
}

void SqlAccountRepository::CreateSession(const app::SessionRecord& session) {
  auto db = pool_.Acquire();
  Query insert(db,
               "INSERT INTO sessions (token_hash, person_id, csrf_token, created_at, last_seen_at, expires_at) "
               "VALUES (?, ?, ?, ?, ?, ?)");
  insert.Bind(1, session.token_hash)
      .Bind(2, session.person_id)
      .Bind(3, session.csrf_token)
      .Bind(4, session.created_at)
      .Bind(5, session.last_seen_at)
      .Bind(6, session.expires_at)
      .Run();
}

std::optional<app::SessionRecord> SqlAccountRepository::FindSession(std::string_view token_hash) {
  auto db = pool_.Acquire();
  Query query(db,
              "SELECT token_hash, person_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions "
              "WHERE token_hash = ?");
  query.Bind(1, token_hash);
  if (!query.Step()) return std::nullopt;
  return app::SessionRecord{query.Text(0), query.Int(1), query.Text(2), query.Text(3), query.Text(4), query.Text(5)};
}

void SqlAccountRepository::TouchSession(std::string_view token_hash, std::string_view now) {
  auto db = pool_.Acquire();
  Query update(db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
  update.Bind(1, now).Bind(2, token_hash).Run();
}

void SqlAccountRepository::DeleteSession(std::string_view token_hash) {
  auto db = pool_.Acquire();
  Query remove(db, "DELETE FROM sessions WHERE token_hash = ?");
  remove.Bind(1, token_hash).Run();
}

void SqlAccountRepository::DeleteSessionsOf(std::int64_t person_id) {
  auto db = pool_.Acquire();
  Query remove(db, "DELETE FROM sessions WHERE person_id = ?");
  remove.Bind(1, person_id).Run();
}

void SqlAccountRepository::CreateAuthToken(const app::AuthTokenRecord& token, std::string_view now) {
  auto db = pool_.Acquire();
  Query insert(
      db, "INSERT INTO auth_tokens (token_hash, person_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
  insert.Bind(1, token.token_hash)
      .Bind(2, token.person_id)
      .Bind(3, token.purpose)
      .Bind(4, now)
      .Bind(5, token.expires_at)
      .Run();
}

std::optional<app::AuthTokenRecord> SqlAccountRepository::FindAuthToken(std::string_view token_hash) {
  auto db = pool_.Acquire();
  Query query(db,
              "SELECT token_hash, person_id, purpose, expires_at, COALESCE(used_at, '') FROM auth_tokens "
              "WHERE token_hash = ?");
  query.Bind(1, token_hash);
  if (!query.Step()) return std::nullopt;
  return app::AuthTokenRecord{query.Text(0), query.Int(1), query.Text(2), query.Text(3), query.Text(4)};
}

bool SqlAccountRepository::UseAuthToken(std::string_view token_hash, std::string_view now) {
  auto db = pool_.Acquire();
  // The condition makes this a compare-and-set: of two uses at once, one wins.
  Query update(db, "UPDATE auth_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL RETURNING 1");
  update.Bind(1, now).Bind(2, token_hash);
  const bool used = update.Step();
  if (used) update.Run();
  return used;
}

void SqlAccountRepository::UseAuthTokensOf(std::int64_t person_id, std::string_view now) {
  auto db = pool_.Acquire();
  Query update(db, "UPDATE auth_tokens SET used_at = ? WHERE person_id = ? AND used_at IS NULL");
  update.Bind(1, now).Bind(2, person_id).Run();
}

void SqlAccountRepository::RecordSignInFailure(std::string_view subject, std::string_view now) {
  auto db = pool_.Acquire();
  Query insert(db, "INSERT INTO sign_in_failures (subject, failed_at) VALUES (?, ?)");
  insert.Bind(1, subject).Bind(2, now).Run();
}

int SqlAccountRepository::CountSignInFailures(std::string_view subject, std::string_view since) {
  auto db = pool_.Acquire();
  Query query(db, "SELECT COUNT(*) FROM sign_in_failures WHERE subject = ? AND failed_at > ?");
  query.Bind(1, subject).Bind(2, since);
  query.Step();
  return static_cast<int>(query.Int(0));
}

void SqlAccountRepository::ClearSignInFailures(std::string_view subject) {
  auto db = pool_.Acquire();
  Query remove(db, "DELETE FROM sign_in_failures WHERE subject = ?");
  remove.Bind(1, subject).Run();
}

void AppendAudit(Database& db, const app::AuditEntry& entry) {
  Query insert(db,
               "INSERT INTO audit_log (at, actor_person_id, action, subject_person_id, organisation_id, detail) "
               "VALUES (?, ?, ?, ?, ?, ?)");
  insert.Bind(1, entry.at)
      .Bind(2, entry.actor_person_id)
      .Bind(3, entry.action)
      .Bind(4, entry.subject_person_id)
      .Bind(5, entry.organisation_id)
      .Bind(6, entry.detail)
      .Run();
}

void SqlAccountRepository::Audit(const app::AuditEntry& entry) {
  auto db = pool_.Acquire();
  AppendAudit(db, entry);
}

std::vector<app::AuditEntry> SqlAccountRepository::ListAudit(std::string_view action, std::size_t limit) {
  auto db = pool_.Acquire();
  Query query(db,
              "SELECT id, at, actor_person_id, action, subject_person_id, organisation_id, detail FROM audit_log "
              "WHERE (? = '' OR action = ?) ORDER BY id DESC LIMIT ?");
  query.Bind(1, action).Bind(2, action).Bind(3, static_cast<std::int64_t>(limit));
  std::vector<app::AuditEntry> entries;
  while (query.Step()) {
    app::AuditEntry entry;
    entry.id = query.Int(0);
    entry.at = query.Text(1);
    if (!query.IsNull(2)) entry.actor_person_id = query.Int(2);
    entry.action = query.Text(3);
    if (!query.IsNull(4)) entry.subject_person_id = query.Int(4);
    if (!query.IsNull(5)) entry.organisation_id = query.Int(5);
    entry.detail = query.Text(6);
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace lqf::store
