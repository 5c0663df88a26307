#pragma once
//! UK GDPR use cases: everything LQF holds about a person as one JSON
//! document (the right of access), and erasure, which removes what can go and
//! anonymises what must stay (docs/privacy.md says what and why).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts.hpp"
#include "app/ports.hpp"
#include "app/support_store.hpp"
#include "domain/access.hpp"
#include "domain/evidence.hpp"
#include "domain/feedback.hpp"
#include "domain/people.hpp"
#include "domain/plans.hpp"

namespace lqf::app {

//! A role grant as the export shows it: with the name of where it applies.
struct GrantRecord {
  std::string role;   //!< a domain::RoleName
  std::string scope;  //!< "installation", "organisation" or "cohort"
  std::optional<std::int64_t> scope_id;
  std::string scope_name;  //!< the organisation's or cohort's name; empty for the installation
  std::string granted_at;
};

//! A sign-in session without its secrets (token hash and CSRF token).
struct SessionSummary {
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;
};

//! A single-use link (set or reset a password) without its token hash.
struct LinkSummary {
  std::string purpose;
  std::string created_at;
  std::string expires_at;
  std::string used_at;  //!< empty if not used
};

//! An email to the person, without its body: a body may hold a live link.
struct EmailSummary {
  std::string subject;
  std::string created_at;
  std::string sent_at;  //!< empty while it waits in the outbox
};

//! A feedback cycle about the person, as their export shows it: what they set
//! up and said themself. Raters' answers about them are not in it: one
//! rater's answers, apart from the others', are for nobody to see.
struct CycleExport {
  std::int64_t id = 0;
  std::string title;
  std::string framework;  //!< code and version
  std::string status;
  std::string deadline;
  std::string created_at;
  struct Rater {
    std::string name;
    std::string email;
    std::string group;
  };
  std::vector<Rater> raters;                 //!< whom they asked
  std::vector<domain::Answer> self_answers;  //!< their self-assessment
  bool self_submitted = false;
  std::vector<domain::ContextNote> context;  //!< their notes on the context questions
  std::vector<std::string> releases;         //!< when its results were released (reports show the last)
  bool coached_report = false;               //!< the report reaches them after a debrief
  std::string debrief_on;                    //!< coached: the debrief's date, once booked
  std::string report_released_at;            //!< coached: when the report was released to them
};

//! A mentoring, coaching or line-management relationship in a person's export.
struct SupportExport {
  domain::Relationship relationship;
  std::string other_name;  //!< the supporter's name, or the participant's when they are the supporter
  //! As participant: the sessions' records (never the supporter's private
  //! notes, which are the supporter's). As supporter: records and the notes they wrote.
  std::vector<domain::SupportSession> sessions;
};

//! An appraisal year in a person's export.
struct AppraisalExport {
  domain::Appraisal appraisal;
  std::string manager_name;
  std::vector<domain::Objective> objectives;
  std::vector<domain::AppraisalReview> reviews;
};

//! Everything stored about one person, with every secret left out: the
//! password hash appears only as whether there is one.
struct PersonData {
  std::int64_t id = 0;
  std::string name;
  std::string email;
  std::optional<std::int64_t> organisation_id;
  std::string organisation_name;
  std::string job_title;
  std::string background;   //!< a domain::BackgroundName
  std::string disabled_at;  //!< empty while the account is active
  std::string created_at;
  bool password_set = false;
  std::vector<GrantRecord> grants;
  std::vector<SessionSummary> sessions;
  std::vector<LinkSummary> links;
  std::vector<EmailSummary> emails;
  std::vector<AuditEntry> audit;            //!< where they are actor or subject, oldest first
  std::vector<CycleExport> cycles;          //!< feedback cycles about them, oldest first
  std::vector<domain::Goal> goals;          //!< their development plan, oldest first
  std::vector<domain::PlanAction> actions;  //!< its actions
  std::vector<domain::Evidence> evidence;   //!< files attached to its goals and actions (metadata only)
  std::vector<PlanReview> plan_reviews;     //!< reviews of their plan
  std::vector<SupportExport> supported_by;  //!< their mentors, coaches and line managers
  std::vector<SupportExport> supporting;    //!< the people they support
  //! Their private notes as a supporter were left out: someone else asked for the export.
  bool private_notes_withheld = false;
  std::vector<AppraisalExport> appraisals;  //!< their appraisal years
};

//! What erasing found.
enum class ErasureResult {
  kErased,         //!< erased now
  kAlreadyErased,  //!< erased before: nothing changed
  kNotFound,       //!< no such person
};

//! Everything an erasure needs to do in its one transaction.
struct ErasureRequest {
  std::int64_t person_id = 0;
  std::string now;
  //! The throttling key of the person's email (see SignInSubjectForEmail):
  //! its failure records go too. Empty: none to remove.
  std::string sign_in_subject;
  //! The "person-erased" audit entry, written with the erasure so that
  //! neither can happen without the other.
  AuditEntry record;
};

//! What LQF stores about a person, read whole and erased whole.
class PrivacyRepository {
 public:
  virtual ~PrivacyRepository() = default;

  //! Everything held about a person not erased, read as one consistent
  //! snapshot, or nothing.
  virtual std::optional<PersonData> LoadPersonData(std::int64_t person_id) = 0;
  //! All or nothing: deletes the person's sessions, links, role grants, sign-in
  //! failure records and emails; blanks any audit detail that names them;
  //! anonymises their row (which stays, so audit ids still point somewhere);
  //! and writes `request.record`. Does nothing to a person already erased.
  virtual ErasureResult ErasePerson(const ErasureRequest& request) = 0;
};

//! The format name and version of an export, so a reader can tell what it has.
inline constexpr std::string_view kPersonExportFormat = "lqf-person-export/1";
//! The name an erased person's row is given.
inline constexpr std::string_view kErasedName = "Erased person";

//! The stand-in email an erased person's row is given: unique (the column
//! is), never deliverable (.invalid is reserved, RFC 2606), and it frees the
//! person's real address for a new account.
std::string ErasedEmail(std::int64_t person_id);

//! The key sign-in failures are counted under for an email address: a hash,
//! so the table never holds the address itself. Must match Accounts::SignIn.
std::string SignInSubjectForEmail(std::string_view normalised_email);

//! UK GDPR use cases: export and erasure.
class Privacy {
 public:
  Privacy(PrivacyRepository& repository, AccountRepository& accounts, Clock& clock);

  //! Everything held about a person as a JSON document ("lqf-person-export/1").
  //! Oneself, or an administrator. Recorded in the audit log, without content.
  Outcome<std::string> ExportPersonData(const domain::Actor& actor, std::int64_t person_id);

  //! The person an administrator is about to erase, for the confirmation page.
  //! Refusals as for ErasePerson.
  Outcome<domain::Person> PersonToErase(const domain::Actor& actor, std::int64_t person_id);

  //! Erases a person: administrators only, never themself. True if erased now,
  //! false if they had been erased already (so a repeated request is harmless).
  //! Refusals: "forbidden", "self", "not_found".
  Outcome<bool> ErasePerson(const domain::Actor& actor, std::int64_t person_id);

 private:
  PrivacyRepository& repository_;
  AccountRepository& accounts_;
  Clock& clock_;
};

}  // namespace lqf::app
