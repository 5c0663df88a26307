#include "store/migrations.hpp"

#include <array>

#include "app/ports.hpp"
#include "store/database.hpp"

namespace lqf::store {
namespace {

// Times are ISO 8601 UTC text; booleans are 0/1 integers; both work alike in
// SQLite and PostgreSQL.
constexpr std::string_view kFrameworks = R"sql(
CREATE TABLE frameworks (
  id {{id}},
  code TEXT NOT NULL,
  version TEXT NOT NULL,
  title TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  document TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  UNIQUE (code, version)
);
CREATE TABLE framework_elements (
  id {{id}},
  framework_id BIGINT NOT NULL REFERENCES frameworks (id),
  code TEXT NOT NULL,
  parent_code TEXT,
  type TEXT NOT NULL,
  depth INTEGER NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  scored INTEGER NOT NULL,
  UNIQUE (framework_id, code)
);
)sql";

// Accounts: organisations, cohorts, people and their roles; sign-in
// sessions, single-use links and throttling; the email outbox; the audit log.
// Emails are stored lower-case; secrets (passwords, session and link tokens)
// only ever as hashes.
constexpr std::string_view kAccounts = R"sql(
CREATE TABLE organisations (
  id {{id}},
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  region TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE TABLE cohorts (
  id {{id}},
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  name TEXT NOT NULL,
  year INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (organisation_id, name)
);
CREATE TABLE people (
  id {{id}},
  organisation_id BIGINT REFERENCES organisations (id),
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  job_title TEXT NOT NULL DEFAULT '',
  background TEXT NOT NULL DEFAULT 'not-recorded',
  password_hash TEXT,
  disabled_at TEXT,
  erased_at TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE role_grants (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES people (id),
  role TEXT NOT NULL,
  organisation_id BIGINT REFERENCES organisations (id),
  cohort_id BIGINT REFERENCES cohorts (id),
  granted_at TEXT NOT NULL
);
CREATE INDEX role_grants_person ON role_grants (person_id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people (id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);
CREATE TABLE auth_tokens (
  token_hash TEXT PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people (id),
  purpose TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE TABLE sign_in_failures (
  id {{id}},
  subject TEXT NOT NULL,
  failed_at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_subject ON sign_in_failures (subject, failed_at);
CREATE TABLE outbox (
  id {{id}},
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  claimed_until TEXT,
  last_error TEXT,
  sent_at TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
CREATE TABLE audit_log (
  id {{id}},
  at TEXT NOT NULL,
  actor_person_id BIGINT,
  action TEXT NOT NULL,
  subject_person_id BIGINT,
  organisation_id BIGINT,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
)sql";

// A person holds each role in each place once, even when two administrators
// grant it at the same moment on two servers.
constexpr std::string_view kUniqueGrants = R"sql(
CREATE UNIQUE INDEX role_grants_unique
  ON role_grants (person_id, role, COALESCE(organisation_id, 0), COALESCE(cohort_id, 0));
)sql";

// 360-degree feedback. A rater (raters: who, which group, how far along) and
// their answers (responses, answers) share no key: raters holds one hash of
// the rater's link token, responses another, and only the link has the
// token. Responses carry no time and a random key, so neither their order
// nor a timestamp pairs them with raters. The participant's own response is
// keyed 'self:CYCLE'. An answer with answered = 1 and no rating is "not able
// to comment".
constexpr std::string_view kFeedback = R"sql(
CREATE TABLE cycles (
  id {{id}},
  participant_id BIGINT NOT NULL REFERENCES people (id),
  framework_code TEXT NOT NULL,
  framework_version TEXT NOT NULL,
  title TEXT NOT NULL,
  deadline TEXT NOT NULL,
  status TEXT NOT NULL,
  needs_approval INTEGER NOT NULL DEFAULT 0,
  reminder_limit INTEGER NOT NULL,
  reminder_gap_days INTEGER NOT NULL,
  created_by BIGINT REFERENCES people (id),
  created_at TEXT NOT NULL,
  status_changed_at TEXT NOT NULL
);
CREATE INDEX cycles_participant ON cycles (participant_id);
CREATE TABLE cycle_elements (
  id {{id}},
  cycle_id BIGINT NOT NULL REFERENCES cycles (id),
  position INTEGER NOT NULL,
  element_code TEXT NOT NULL,
  UNIQUE (cycle_id, element_code)
);
CREATE TABLE cycle_groups (
  id {{id}},
  cycle_id BIGINT NOT NULL REFERENCES cycles (id),
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  minimum INTEGER NOT NULL,
  single_person INTEGER NOT NULL,
  attributed INTEGER NOT NULL,
  UNIQUE (cycle_id, code)
);
CREATE TABLE raters (
  id {{id}},
  cycle_id BIGINT NOT NULL REFERENCES cycles (id),
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  group_code TEXT NOT NULL,
  status TEXT NOT NULL,
  access_hash TEXT UNIQUE,
  reminders_sent INTEGER NOT NULL DEFAULT 0,
  last_sent_at TEXT,
  declined_reason TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (cycle_id, email)
);
CREATE TABLE responses (
  response_key TEXT PRIMARY KEY,
  cycle_id BIGINT NOT NULL REFERENCES cycles (id),
  group_code TEXT NOT NULL,
  submitted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX responses_cycle ON responses (cycle_id, group_code);
CREATE TABLE answers (
  answer_key TEXT PRIMARY KEY,
  response_key TEXT NOT NULL REFERENCES responses (response_key),
  element_code TEXT NOT NULL,
  answered INTEGER NOT NULL,
  rating INTEGER,
  importance INTEGER,
  comment TEXT NOT NULL DEFAULT '',
  UNIQUE (response_key, element_code)
);
)sql";

// The participant's notes on the issues that influence delivery of their role
// (the 2008 study's context questions), recorded with their self-assessment
// and never scored.
constexpr std::string_view kContextNotes = R"sql(
CREATE TABLE cycle_context_notes (
  id {{id}},
  cycle_id BIGINT NOT NULL REFERENCES cycles (id),
  issue_code TEXT NOT NULL,
  note TEXT NOT NULL,
  UNIQUE (cycle_id, issue_code)
);
)sql";

// Releases of a cycle's results: which submitted responses each release
// holds, so what a report shows is frozen until the next release.
constexpr std::string_view kReleases = R"sql(
CREATE TABLE releases (
  id {{id}},
  cycle_id BIGINT NOT NULL REFERENCES cycles (id),
  released_at TEXT NOT NULL,
  released_by BIGINT REFERENCES people (id)
);
CREATE INDEX releases_cycle ON releases (cycle_id);
CREATE TABLE release_responses (
  id {{id}},
  release_id BIGINT NOT NULL REFERENCES releases (id),
  response_key TEXT NOT NULL,
  UNIQUE (release_id, response_key)
);
)sql";

// Reports: cycles whose report waits for a debrief (a row per coached cycle:
// released to the participant when released_at is set), and each release's
// sums of others' scores per statement, from which cohort norms are made
// without reading anyone's answers again.
constexpr std::string_view kReports = R"sql(
CREATE TABLE coached_reports (
  id {{id}},
  cycle_id BIGINT NOT NULL UNIQUE REFERENCES cycles (id),
  debrief_on TEXT,
  released_at TEXT,
  released_by BIGINT REFERENCES people (id)
);
CREATE TABLE release_means (
  id {{id}},
  release_id BIGINT NOT NULL REFERENCES releases (id),
  element_code TEXT NOT NULL,
  score_sum BIGINT NOT NULL,
  responses INTEGER NOT NULL,
  UNIQUE (release_id, element_code)
);
)sql";

// Development plans: goals (tied to a statement, maybe drafted from a report
// finding), their actions, and the plan's history.
constexpr std::string_view kPlans = R"sql(
CREATE TABLE plan_goals (
  id {{id}},
  participant_id BIGINT NOT NULL REFERENCES people (id),
  element_code TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  source_cycle_id BIGINT REFERENCES cycles (id),
  finding TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX plan_goals_participant ON plan_goals (participant_id);
CREATE TABLE plan_actions (
  id {{id}},
  goal_id BIGINT NOT NULL REFERENCES plan_goals (id),
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  due TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX plan_actions_goal ON plan_actions (goal_id);
CREATE TABLE plan_events (
  id {{id}},
  participant_id BIGINT NOT NULL REFERENCES people (id),
  at TEXT NOT NULL,
  actor_person_id BIGINT REFERENCES people (id),
  what TEXT NOT NULL
);
CREATE INDEX plan_events_participant ON plan_events (participant_id);
)sql";

// Mentoring, coaching and appraisal: who supports a director (and whether
// the director shares their plan with them), session records with their
// themes (the supporter's private note beside the shared record), the
// session that agreed a plan action, reviews of a plan, and appraisal years
// with objectives and reviews. reminded_at columns make reminders go once.
constexpr std::string_view kSupport = R"sql(
CREATE TABLE support_relationships (
  id {{id}},
  participant_id BIGINT NOT NULL REFERENCES people (id),
  supporter_id BIGINT NOT NULL REFERENCES people (id),
  kind TEXT NOT NULL,
  started_on TEXT NOT NULL,
  ended_on TEXT NOT NULL DEFAULT '',
  shares_plan INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX support_relationships_participant ON support_relationships (participant_id);
CREATE INDEX support_relationships_supporter ON support_relationships (supporter_id);
CREATE TABLE support_sessions (
  id {{id}},
  relationship_id BIGINT NOT NULL REFERENCES support_relationships (id),
  held_on TEXT NOT NULL,
  summary TEXT NOT NULL,
  private_note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX support_sessions_relationship ON support_sessions (relationship_id);
CREATE TABLE support_session_themes (
  id {{id}},
  session_id BIGINT NOT NULL REFERENCES support_sessions (id),
  position INTEGER NOT NULL,
  element_code TEXT NOT NULL,
  UNIQUE (session_id, position)
);
ALTER TABLE plan_actions ADD COLUMN session_id BIGINT REFERENCES support_sessions (id);
ALTER TABLE plan_actions ADD COLUMN reminded_at TEXT;
CREATE TABLE plan_reviews (
  id {{id}},
  participant_id BIGINT NOT NULL REFERENCES people (id),
  reviewer_id BIGINT REFERENCES people (id),
  held_on TEXT NOT NULL,
  comment TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX plan_reviews_participant ON plan_reviews (participant_id);
CREATE TABLE appraisals (
  id {{id}},
  participant_id BIGINT NOT NULL REFERENCES people (id),
  manager_id BIGINT NOT NULL REFERENCES people (id),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  participant_signed_at TEXT NOT NULL DEFAULT '',
  manager_signed_at TEXT NOT NULL DEFAULT '',
  mid_year_reminded_at TEXT,
  year_end_reminded_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX appraisals_participant ON appraisals (participant_id);
CREATE TABLE appraisal_objectives (
  id {{id}},
  appraisal_id BIGINT NOT NULL REFERENCES appraisals (id),
  element_code TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  measure TEXT NOT NULL DEFAULT '',
  carried_from BIGINT REFERENCES appraisal_objectives (id),
  outcome TEXT NOT NULL
);
CREATE INDEX appraisal_objectives_appraisal ON appraisal_objectives (appraisal_id);
CREATE TABLE appraisal_reviews (
  id {{id}},
  appraisal_id BIGINT NOT NULL REFERENCES appraisals (id),
  kind TEXT NOT NULL,
  held_on TEXT NOT NULL,
  manager_comment TEXT NOT NULL,
  participant_comment TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (appraisal_id, kind)
);
)sql";

// Evidence attached to a plan goal, or to one of its actions: the file's
// cleaned name, its allow-listed type, size and SHA-256 (checked again each
// time it is served). The content is base64 in a TEXT column: the store's
// portable statement API binds only text and integers (no BLOBs), and base64
// is what both engines keep as plain text. A third more space, for files of
// at most 10 MiB.
constexpr std::string_view kEvidence = R"sql(
CREATE TABLE plan_evidence (
  id {{id}},
  participant_id BIGINT NOT NULL REFERENCES people (id),
  goal_id BIGINT NOT NULL REFERENCES plan_goals (id),
  action_id BIGINT REFERENCES plan_actions (id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  content TEXT NOT NULL,
  uploaded_by BIGINT REFERENCES people (id),
  uploaded_at TEXT NOT NULL
);
CREATE INDEX plan_evidence_participant ON plan_evidence (participant_id);
CREATE INDEX plan_evidence_goal ON plan_evidence (goal_id);
)sql";

// Two requests setting up the same mentor at once (a double click) cannot
// both succeed: at most one open relationship of each kind between two people.
constexpr std::string_view kOneOpenRelationship = R"sql(
CREATE UNIQUE INDEX support_relationships_open
  ON support_relationships (participant_id, supporter_id, kind) WHERE ended_on = '';
)sql";

constexpr std::array<Migration, 11> kMigrations{{
    {1, "frameworks and their elements", kFrameworks},
    {2, "accounts, sessions, outbox and audit log", kAccounts},
    {3, "each role held once per place", kUniqueGrants},
    {4, "360-degree feedback: cycles, raters, responses", kFeedback},
    {5, "context notes with the self-assessment", kContextNotes},
    {6, "releases of feedback results", kReleases},
    {7, "coached reports and release means", kReports},
    {8, "development plans", kPlans},
    {9, "mentoring, coaching and appraisal", kSupport},
    {10, "evidence for development plans", kEvidence},
    {11, "one open relationship of a kind between two people", kOneOpenRelationship},
}};

constexpr std::string_view kCreateLedger = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)
)sql";

// Any number, the same in every LQF: names the lock two migrators queue on.
constexpr std::int64_t kMigrationLockKey = 0x4c51460001;

//! Holds PostgreSQL's advisory lock for migrations while it lives. There BEGIN
//! takes no lock, and two CREATE TABLEs of one name race to a unique violation.
class MigrationLock {
 public:
  explicit MigrationLock(Database& db) : db_(db) {
    if (db_.Kind() == Dialect::kPostgres) Query(db_, "SELECT pg_advisory_lock(?)").Bind(1, kMigrationLockKey).Run();
  }
  ~MigrationLock() {
    if (db_.Kind() != Dialect::kPostgres) return;
    try {
      Query(db_, "SELECT pg_advisory_unlock(?)").Bind(1, kMigrationLockKey).Run();
    } catch (...) {
      // The server releases it when the session ends.
    }
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  Database& db_;
};

void Replace(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

std::span<const Migration> AllMigrations() { return kMigrations; }

std::string ForDialect(std::string_view sql, Dialect dialect) {
  std::string text(sql);
  Replace(text, "{{id}}",
          dialect == Dialect::kSqlite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  return text;
}

std::vector<MigrationState> MigrationStatus(Database& db) {
  MigrationLock lock(db);
  db.Exec(kCreateLedger);
  std::vector<MigrationState> states;
  Query query(db, "SELECT applied_at FROM schema_migrations WHERE version = ?");
  for (const auto& migration : kMigrations) {
    query.Reset();
    query.Bind(1, std::int64_t{migration.version});
    MigrationState state{migration.version, std::string(migration.name), {}};
    if (query.Step()) state.applied_at = query.Text(0);
    states.push_back(std::move(state));
  }
  return states;
}

int Migrate(Database& db, std::string_view now_utc) {
  MigrationLock lock(db);
  db.Exec(kCreateLedger);
  {
    Query newest(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    newest.Step();
    if (newest.Int(0) > kMigrations.back().version) {
      throw app::StoreError("database " + db.Name() + " has schema version " + std::to_string(newest.Int(0)) +
                            ", newer than this program knows (" + std::to_string(kMigrations.back().version) +
                            "); use a newer LQF");
    }
  }
  int applied = 0;
  for (const auto& migration : kMigrations) {
    // BEGIN IMMEDIATE takes the write lock first, so two processes starting at
    // once apply each migration once: the second sees it recorded and skips it.
    Transaction transaction(db);
    Query seen(db, "SELECT 1 FROM schema_migrations WHERE version = ?");
    seen.Bind(1, std::int64_t{migration.version});
    if (seen.Step()) continue;
    db.Exec(ForDialect(migration.sql, db.Kind()));
    Query record(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    record.Bind(1, std::int64_t{migration.version}).Bind(2, migration.name).Bind(3, now_utc).Run();
    transaction.Commit();
    ++applied;
  }
  return applied;
}

}  // namespace lqf::store
