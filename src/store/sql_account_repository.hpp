#pragma once
//! AccountRepository over a store::Database (portable SQL: SQLite and PostgreSQL).

#include "app/accounts.hpp"
#include "store/connection_pool.hpp"

namespace lqf::store {

//! Appends one audit-log row on `db` (inside whatever transaction is open):
//! the one INSERT into audit_log, shared by every repository that records.
void AppendAudit(Database& db, const app::AuditEntry& entry);

//! Organisations, people, sessions, links, throttling and the audit log.
//! Safe to share between threads: each call borrows a connection from the pool.
class SqlAccountRepository final : public app::AccountRepository, private PooledRepository {
 public:
  //! Borrows a connection from `pool` for each call.
  explicit SqlAccountRepository(ConnectionPool& pool) : PooledRepository(pool) {}
  //! Uses one connection (shared with others through its Mutex()).
  explicit SqlAccountRepository(Database& db) : PooledRepository(db) {}

  std::optional<std::int64_t> AddOrganisation(const domain::Organisation& organisation, std::string_view now) override;
  std::vector<domain::Organisation> ListOrganisations() override;
  std::optional<domain::Organisation> FindOrganisation(std::int64_t id) override;
  std::optional<domain::Organisation> FindOrganisationByName(std::string_view name) override;
  std::optional<std::int64_t> AddCohort(const domain::Cohort& cohort, std::string_view now) override;
  std::vector<domain::Cohort> ListCohorts() override;
  std::optional<domain::Cohort> FindCohort(std::int64_t id) override;

  std::optional<std::int64_t> AddPerson(const domain::Person& person, std::string_view now) override;
  std::optional<std::vector<std::int64_t>> AddPeople(const std::vector<domain::Person>& people,
                                                     std::string_view now) override;
  std::optional<domain::Person> FindPerson(std::int64_t id) override;
  std::optional<domain::Person> FindPersonByEmail(std::string_view email) override;
  std::vector<domain::Person> ListPeople() override;
  void SetDisabled(std::int64_t person_id, bool disabled, std::string_view now) override;
  bool AddGrant(std::int64_t person_id, const domain::RoleGrant& grant, std::string_view now) override;
  bool RemoveGrant(std::int64_t person_id, const domain::RoleGrant& grant) override;
  std::optional<std::string> PasswordHash(std::int64_t person_id) override;
  void SetPasswordHash(std::int64_t person_id, std::string_view hash) override;

  void CreateSession(const app::SessionRecord& session) override;
  std::optional<app::SessionRecord> FindSession(std::string_view token_hash) override;
  void TouchSession(std::string_view token_hash, std::string_view now) override;
  void DeleteSession(std::string_view token_hash) override;
  void DeleteSessionsOf(std::int64_t person_id) override;

  void CreateAuthToken(const app::AuthTokenRecord& token, std::string_view now) override;
  std::optional<app::AuthTokenRecord> FindAuthToken(std::string_view token_hash) override;
  bool UseAuthToken(std::string_view token_hash, std::string_view now) override;
  void UseAuthTokensOf(std::int64_t person_id, std::string_view now) override;

  void RecordSignInFailure(std::string_view subject, std::string_view now) override;
  int CountSignInFailures(std::string_view subject, std::string_view since) override;
  void ClearSignInFailures(std::string_view subject) override;

  void Audit(const app::AuditEntry& entry) override;
  std::vector<app::AuditEntry> ListAudit(std::string_view action, std::size_t limit) override;

 private:
  std::int64_t InsertPerson(const domain::Person& person, std::string_view now);
  std::vector<domain::Person> LoadPeople(std::string_view where, std::string_view text_arg, std::int64_t int_arg);
};

}  // namespace lqf::store
