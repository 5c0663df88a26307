#pragma once
//! Use cases for organisations, people, roles and signing in. Every one that
//! acts for someone takes the acting person and checks domain::IsAllowed
//! before it reads or changes anything.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports.hpp"
#include "domain/access.hpp"
#include "domain/people.hpp"
#include "interchange/problem.hpp"

namespace lqf::app {

//! A stored sign-in session (the token itself is never stored).
struct SessionRecord {
  std::string token_hash;
  std::int64_t person_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;  //!< absolute limit
};

//! A stored single-use link (set a first password, reset a password).
struct AuthTokenRecord {
  std::string token_hash;
  std::int64_t person_id = 0;
  std::string purpose;  //!< "set-password" or "reset-password"
  std::string expires_at;
  std::string used_at;  //!< empty until used
};

//! One line of the audit log. Never holds passwords, tokens or ratings.
struct AuditEntry {
  std::int64_t id = 0;
  std::string at;
  std::optional<std::int64_t> actor_person_id;  //!< empty: the command line or the system
  std::string action;                           //!< "sign-in", "sign-in-failed", "role-granted"...
  std::optional<std::int64_t> subject_person_id;
  std::optional<std::int64_t> organisation_id;
  std::string detail;
};

//! Organisations, cohorts, people, sessions, links, throttling and the audit
//! log. Methods are atomic. "Taken" outcomes are return values.
class AccountRepository {
 public:
  virtual ~AccountRepository() = default;

  //! The new id, or nothing if the name is taken.
  virtual std::optional<std::int64_t> AddOrganisation(const domain::Organisation& organisation,
                                                      std::string_view now) = 0;
  virtual std::vector<domain::Organisation> ListOrganisations() = 0;
  virtual std::optional<domain::Organisation> FindOrganisation(std::int64_t id) = 0;
  virtual std::optional<domain::Organisation> FindOrganisationByName(std::string_view name) = 0;
  //! The new id, or nothing if the programme body already has a cohort of that name.
  virtual std::optional<std::int64_t> AddCohort(const domain::Cohort& cohort, std::string_view now) = 0;
  virtual std::vector<domain::Cohort> ListCohorts() = 0;
  virtual std::optional<domain::Cohort> FindCohort(std::int64_t id) = 0;

  //! Adds a person with their grants; the new id, or nothing if the email is taken.
  virtual std::optional<std::int64_t> AddPerson(const domain::Person& person, std::string_view now) = 0;
  //! Adds several people, all or none; ids in order, or nothing if any email is taken.
  virtual std::optional<std::vector<std::int64_t>> AddPeople(const std::vector<domain::Person>& people,
                                                             std::string_view now) = 0;
  virtual std::optional<domain::Person> FindPerson(std::int64_t id) = 0;
  virtual std::optional<domain::Person> FindPersonByEmail(std::string_view email) = 0;
  virtual std::vector<domain::Person> ListPeople() = 0;
  virtual void SetDisabled(std::int64_t person_id, bool disabled, std::string_view now) = 0;
  //! Adds a grant; false if the person already holds exactly this one.
  virtual bool AddGrant(std::int64_t person_id, const domain::RoleGrant& grant, std::string_view now) = 0;
  //! Removes a grant; false if the person did not hold it.
  virtual bool RemoveGrant(std::int64_t person_id, const domain::RoleGrant& grant) = 0;
  virtual std::optional<std::string> PasswordHash(std::int64_t person_id) = 0;
  virtual void SetPasswordHash(std::int64_t person_id, std::string_view hash) = 0;

  virtual void CreateSession(const SessionRecord& session) = 0;
  virtual std::optional<SessionRecord> FindSession(std::string_view token_hash) = 0;
  virtual void TouchSession(std::string_view token_hash, std::string_view now) = 0;
  virtual void DeleteSession(std::string_view token_hash) = 0;
  virtual void DeleteSessionsOf(std::int64_t person_id) = 0;

  virtual void CreateAuthToken(const AuthTokenRecord& token, std::string_view now) = 0;
  virtual std::optional<AuthTokenRecord> FindAuthToken(std::string_view token_hash) = 0;
  //! Marks a link used; false if it was already used (so it works only once).
  virtual bool UseAuthToken(std::string_view token_hash, std::string_view now) = 0;
  //! Marks every unused link of a person used (after their password changes).
  virtual void UseAuthTokensOf(std::int64_t person_id, std::string_view now) = 0;

  virtual void RecordSignInFailure(std::string_view subject, std::string_view now) = 0;
  virtual int CountSignInFailures(std::string_view subject, std::string_view since) = 0;
  virtual void ClearSignInFailures(std::string_view subject) = 0;

  virtual void Audit(const AuditEntry& entry) = 0;
  //! Newest first; `action` filters when not empty.
  virtual std::vector<AuditEntry> ListAudit(std::string_view action, std::size_t limit) = 0;
};

//! Why a use case said no. `field` names the input field when there is one;
//! the web and CLI turn (input, field, code) into words from messages/en.json.
struct Refusal {
  std::string field;
  std::string code;  //!< "blank", "too_long", "invalid", "taken", "not_found", "forbidden"...
};

//! Either a value or the reasons it could not be done.
template <typename T>
struct Outcome {
  std::optional<T> value;
  std::vector<Refusal> refusals;
  bool Ok() const { return value.has_value(); }
};

//! What a person types to add someone.
struct PersonInput {
  std::string name;
  std::string email;
  std::string organisation;  //!< name; empty for none
  std::string job_title;
  std::string background;  //!< a domain::BackgroundName; empty for not recorded
  std::string role;        //!< a domain::RoleName
  std::string cohort;      //!< a cohort name, for cohort-scoped roles
};

//! A refusal about one line of an imported file.
struct LineRefusal {
  std::size_t line = 0;
  Refusal refusal;
};

//! What an import of people did: every id added, or (adding nothing) the
//! problems with the file and the refusals of individual lines.
struct ImportPeopleResult {
  std::vector<std::int64_t> ids;
  interchange::Problems problems;     //!< the file's own problems, already in words
  std::vector<LineRefusal> refusals;  //!< lines the use case refused (words from messages/en.json)
  bool forbidden = false;             //!< the actor may not add some of these people

  bool Ok() const { return problems.empty() && refusals.empty() && !forbidden; }
};

//! A signed-in session as a request sees it.
struct CurrentSession {
  domain::Actor actor;
  domain::Person person;
  std::string csrf_token;
  std::string token_hash;
};

//! Session and throttling limits.
inline constexpr int kSessionIdleMinutes = 30;
inline constexpr int kSessionAbsoluteHours = 12;
inline constexpr int kMaxFailuresPerAccount = 5;   //!< within kThrottleWindowMinutes
inline constexpr int kMaxFailuresPerAddress = 20;  //!< within kThrottleWindowMinutes
inline constexpr int kThrottleWindowMinutes = 15;
inline constexpr int kMaxResetEmails = 3;  //!< per address, within kThrottleWindowMinutes
inline constexpr int kSetPasswordLinkHours = 72;
inline constexpr int kResetPasswordLinkMinutes = 60;

//! ISO 8601 UTC time plus (or minus) some seconds.
std::string AddSeconds(std::string_view iso_time, long long seconds);

//! The installation's administrator acting from the command line.
domain::Actor CommandLineActor();

//! Accounts use cases.
class Accounts {
 public:
  Accounts(AccountRepository& repository, Clock& clock);

  Outcome<std::int64_t> AddOrganisation(const domain::Actor& actor, std::string_view name, std::string_view kind,
                                        std::string_view region);
  Outcome<std::vector<domain::Organisation>> ListOrganisations(const domain::Actor& actor);
  Outcome<std::vector<domain::Cohort>> ListCohorts(const domain::Actor& actor);
  Outcome<std::int64_t> AddCohort(const domain::Actor& actor, std::string_view organisation, std::string_view name,
                                  int year);
  Outcome<std::int64_t> AddPerson(const domain::Actor& actor, const PersonInput& input);
  Outcome<std::vector<domain::Person>> ListPeople(const domain::Actor& actor);
  //! One person, if the actor may see them ("not_found" either way otherwise).
  Outcome<domain::Person> FindPerson(const domain::Actor& actor, std::int64_t person_id);
  //! Adds everyone in a CSV file (interchange/people_csv.hpp), or no one: any
  //! bad line, unknown organisation or cohort, or email already in use stops
  //! the whole import, and every such problem is reported with its line.
  ImportPeopleResult ImportPeople(const domain::Actor& actor, std::string_view csv);
  //! Gives a person another role, in a cohort (by name) or their organisation.
  Outcome<bool> GrantRole(const domain::Actor& actor, std::int64_t person_id, std::string_view role,
                          std::string_view cohort);
  //! Takes away one of a person's roles (their `index`th grant, as listed).
  Outcome<bool> RevokeRole(const domain::Actor& actor, std::int64_t person_id, std::size_t index);
  //! Disabling also ends every session the person has.
  Outcome<bool> SetDisabled(const domain::Actor& actor, std::int64_t person_id, bool disabled);

  //! Validates `input` without storing it (shared by AddPerson and imports).
  Outcome<domain::Person> CheckPerson(const PersonInput& input);

  //! A single-use link token for a person to set their first password.
  Outcome<std::string> IssueSetPasswordLink(const domain::Actor& actor, std::int64_t person_id);
  //! Sets a password with a link token; ends the person's other sessions.
  Outcome<bool> SetPasswordWithLink(std::string_view token, std::string_view password);
  //! A reset link token for the account with `email`, or nothing if there is
  //! none (the caller says the same thing either way).
  std::optional<std::pair<domain::Person, std::string>> IssueResetLink(std::string_view email);

  //! Signs in; on success a new session token (never reused from before).
  //! Every failure gives the same refusal, whether or not the account exists.
  Outcome<std::string> SignIn(std::string_view email, std::string_view password, std::string_view address);
  //! The session for a token, if it is live; refreshes its idle timer.
  std::optional<CurrentSession> Resume(std::string_view token);
  void SignOut(std::string_view token);
  void SignOutEverywhere(const domain::Actor& actor);

  //! The audit log, for those allowed to read it.
  Outcome<std::vector<AuditEntry>> AuditLog(const domain::Actor& actor, std::string_view action, std::size_t limit);

 private:
  //! The cohort with this name (in one programme body, if given); refuses
  //! "not_found", or "ambiguous" when two bodies use the name.
  Outcome<domain::Cohort> FindCohortByName(std::string_view name, std::optional<std::int64_t> organisation_id = {});
  domain::Actor ActorFor(const domain::Person& person);
  void Audit(const domain::Actor* actor, std::string action, std::optional<std::int64_t> subject,
             std::string detail = {});

  AccountRepository& repository_;
  Clock& clock_;
};

}  // namespace lqf::app
