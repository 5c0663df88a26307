#include "store/sql_privacy_repository.hpp"

#include "app/feedback.hpp"
#include "store/sql_account_repository.hpp"
#include "store/sql_feedback_repository.hpp"
#include "store/sql_plan_repository.hpp"
#include "store/sql_support_repository.hpp"

#include <utility>
#include <vector>

namespace lqf::store {
namespace {

std::optional<std::int64_t> OptionalInt(const Query& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int(column);
}

std::string Lower(std::string text) {
  for (auto& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

//! True if an audit detail names the person. Details today hold role,
//! organisation and cohort names only; this catches any that ever do more.
bool NamesPerson(const std::string& detail, const std::string& name, const std::string& email) {
  return (!name.empty() && detail.find(name) != std::string::npos) ||
         (!email.empty() && Lower(detail).find(email) != std::string::npos);
}

// What replaces an audit detail that named an erased person.
constexpr std::string_view kErasedDetail = "[erased]";

}  // namespace

std::optional<app::PersonData> SqlPrivacyRepository::LoadPersonData(std::int64_t person_id) {
  auto db = pool_.Acquire();
  // A transaction, so the export is one moment's truth even if an erasure or
  // a sign-in commits from another connection while it is read.
  Transaction transaction(db);
  // One moment's truth: PostgreSQL's default isolation would let each query
  // see a different moment; SQLite's transaction already is one snapshot.
  if (db->Kind() == Dialect::kPostgres) db->Exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  app::PersonData data;
  {
    // CASE rather than a bare IS NOT NULL: PostgreSQL would return a boolean.
    Query query(db,
                "SELECT p.id, p.name, p.email, p.organisation_id, COALESCE(o.name, ''), p.job_title, "
                "p.background, COALESCE(p.disabled_at, ''), p.created_at, "
                "CASE WHEN p.password_hash IS NULL THEN 0 ELSE 1 END "
                "FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id "
                "WHERE p.id = ? AND p.erased_at IS NULL");
    query.Bind(1, person_id);
    if (!query.Step()) return std::nullopt;
    data.id = query.Int(0);
    data.name = query.Text(1);
    data.email = query.Text(2);
    data.organisation_id = OptionalInt(query, 3);
    data.organisation_name = query.Text(4);
    data.job_title = query.Text(5);
    data.background = query.Text(6);
    data.disabled_at = query.Text(7);
    data.created_at = query.Text(8);
    data.password_set = query.Int(9) != 0;
  }
  {
    Query query(db,
                "SELECT g.role, g.organisation_id, g.cohort_id, COALESCE(c.name, o.name, ''), g.granted_at "
                "FROM role_grants g LEFT JOIN organisations o ON o.id = g.organisation_id "
                "LEFT JOIN cohorts c ON c.id = g.cohort_id WHERE g.person_id = ? ORDER BY g.id");
    query.Bind(1, person_id);
    while (query.Step()) {
      app::GrantRecord grant;
      grant.role = query.Text(0);
      if (!query.IsNull(2)) {
        grant.scope = "cohort";
        grant.scope_id = query.Int(2);
      } else if (!query.IsNull(1)) {
        grant.scope = "organisation";
        grant.scope_id = query.Int(1);
      } else {
        grant.scope = "installation";
      }
      grant.scope_name = query.Text(3);
      grant.granted_at = query.Text(4);
      data.grants.push_back(std::move(grant));
    }
  }
  {
    // Never the token hash or the CSRF token: they are the session.
    Query query(db,
                "SELECT created_at, last_seen_at, expires_at FROM sessions WHERE person_id = ? "
                "ORDER BY created_at, expires_at");
    query.Bind(1, person_id);
    while (query.Step()) data.sessions.push_back({query.Text(0), query.Text(1), query.Text(2)});
  }
  {
    Query query(db,
                "SELECT purpose, created_at, expires_at, COALESCE(used_at, '') FROM auth_tokens "
                "WHERE person_id = ? ORDER BY created_at, expires_at");
    query.Bind(1, person_id);
    while (query.Step()) data.links.push_back({query.Text(0), query.Text(1), query.Text(2), query.Text(3)});
  }
  {
    // Emails are stored lower-case; LOWER() covers a message queued with
    // the address as someone typed it.
    Query query(db,
                "SELECT subject, created_at, COALESCE(sent_at, '') FROM outbox WHERE LOWER(recipient) = ? "
                "ORDER BY id");
    query.Bind(1, data.email);
    while (query.Step()) data.emails.push_back({query.Text(0), query.Text(1), query.Text(2)});
  }
  {
    Query query(db,
                "SELECT id, at, actor_person_id, action, subject_person_id, organisation_id, detail "
                "FROM audit_log WHERE actor_person_id = ? OR subject_person_id = ? ORDER BY id");
    query.Bind(1, person_id).Bind(2, person_id);
    while (query.Step()) {
      app::AuditEntry entry;
      entry.id = query.Int(0);
      entry.at = query.Text(1);
      entry.actor_person_id = OptionalInt(query, 2);
      entry.action = query.Text(3);
      entry.subject_person_id = OptionalInt(query, 4);
      entry.organisation_id = OptionalInt(query, 5);
      entry.detail = query.Text(6);
      data.audit.push_back(std::move(entry));
    }
  }
  {
    Query cycles(db,
                 "SELECT id, title, framework_code || ' ' || framework_version, status, deadline, created_at "
                 "FROM cycles WHERE participant_id = ? ORDER BY id");
    cycles.Bind(1, person_id);
    while (cycles.Step()) {
      data.cycles.push_back({cycles.Int(0),
                             cycles.Text(1),
                             cycles.Text(2),
                             cycles.Text(3),
                             cycles.Text(4),
                             cycles.Text(5),
                             {},
                             {},
                             false,
                             {}});
    }
  }
  for (auto& cycle : data.cycles) {
    Query raters(db, "SELECT name, email, group_code FROM raters WHERE cycle_id = ? ORDER BY id");
    raters.Bind(1, cycle.id);
    while (raters.Step()) cycle.raters.push_back({raters.Text(0), raters.Text(1), raters.Text(2)});
    const auto self_key = app::SelfResponseKey(cycle.id);
    Query self(db, "SELECT submitted FROM responses WHERE response_key = ?");
    self.Bind(1, self_key);
    cycle.self_submitted = self.Step() && self.Int(0) != 0;
    cycle.self_answers = LoadAnswers(db, self_key);
    Query notes(db, "SELECT issue_code, note FROM cycle_context_notes WHERE cycle_id = ? ORDER BY issue_code");
    notes.Bind(1, cycle.id);
    while (notes.Step()) cycle.context.push_back({notes.Text(0), notes.Text(1)});
    Query releases(db, "SELECT released_at FROM releases WHERE cycle_id = ? ORDER BY id");
    releases.Bind(1, cycle.id);
    while (releases.Step()) cycle.releases.push_back(releases.Text(0));
    Query coached(db,
                  "SELECT COALESCE(debrief_on, ''), COALESCE(released_at, '') FROM coached_reports WHERE cycle_id = ?");
    coached.Bind(1, cycle.id);
    if (coached.Step()) {
      cycle.coached_report = true;
      cycle.debrief_on = coached.Text(0);
      cycle.report_released_at = coached.Text(1);
    }
  }
  data.goals = LoadGoals(db, person_id);
  data.actions = LoadActions(db, person_id);
  data.evidence = LoadEvidence(db, person_id);
  data.plan_reviews = LoadPlanReviews(db, person_id);
  Query name(db, "SELECT name FROM people WHERE id = ?");
  const auto name_of = [&name](std::int64_t id) {
    name.Reset();
    name.Bind(1, id);
    return name.Step() ? name.Text(0) : std::string();
  };
  for (const auto& r : LoadRelationships(db, "participant_id", person_id)) {
    app::SupportExport e{r, name_of(r.supporter_id), LoadSessions(db, r.id)};
    for (auto& session : e.sessions) session.private_note.clear();  // the supporter's, not theirs
    data.supported_by.push_back(std::move(e));
  }
  for (const auto& r : LoadRelationships(db, "supporter_id", person_id)) {
    data.supporting.push_back({r, name_of(r.participant_id), LoadSessions(db, r.id)});
  }
  for (const auto& a : LoadAppraisals(db, person_id)) {
    data.appraisals.push_back({a, name_of(a.manager_id), LoadObjectives(db, a.id), LoadReviews(db, a.id)});
  }
  transaction.Commit();
  return data;
}

app::ErasureResult SqlPrivacyRepository::ErasePerson(const app::ErasureRequest& request) {
  auto db = pool_.Acquire();
  // One transaction: an erasure half done (sessions gone, name kept) would be
  // worse than either state, and the audit entry must not exist without it.
  Transaction transaction(db);
  const auto id = request.person_id;
  std::string name, email;
  {
    Query query(db, "SELECT name, email, CASE WHEN erased_at IS NULL THEN 0 ELSE 1 END FROM people WHERE id = ?");
    query.Bind(1, id);
    if (!query.Step()) return app::ErasureResult::kNotFound;
    if (query.Int(2) != 0) return app::ErasureResult::kAlreadyErased;
    name = query.Text(0);
    email = Lower(query.Text(1));
  }

  for (const char* sql : {"DELETE FROM sessions WHERE person_id = ?", "DELETE FROM auth_tokens WHERE person_id = ?",
                          "DELETE FROM role_grants WHERE person_id = ?"}) {
    Query remove(db, sql);
    remove.Bind(1, id).Run();
  }
  {
    // Who supported them, their sessions, reviews of their plan and their
    // appraisal years: about them alone, so all of it goes. Where they were
    // the supporter, the record stays the other person's, but their private
    // notes go; reviews they wrote of others' plans lose their name.
    for (const char* sql :
         {"DELETE FROM support_session_themes WHERE session_id IN (SELECT s.id FROM support_sessions s JOIN "
          "support_relationships r ON r.id = s.relationship_id WHERE r.participant_id = ?)",
          "UPDATE plan_actions SET session_id = NULL WHERE session_id IN (SELECT s.id FROM support_sessions s JOIN "
          "support_relationships r ON r.id = s.relationship_id WHERE r.participant_id = ?)",
          "DELETE FROM support_sessions WHERE relationship_id IN (SELECT id FROM support_relationships WHERE "
          "participant_id = ?)",
          "DELETE FROM support_relationships WHERE participant_id = ?",
          "UPDATE support_sessions SET private_note = '' WHERE relationship_id IN (SELECT id FROM "
          "support_relationships WHERE supporter_id = ?)",
          "DELETE FROM plan_reviews WHERE participant_id = ?",
          "UPDATE plan_reviews SET reviewer_id = NULL WHERE reviewer_id = ?",
          "DELETE FROM appraisal_reviews WHERE appraisal_id IN (SELECT id FROM appraisals WHERE participant_id = ?)",
          "UPDATE appraisal_objectives SET carried_from = NULL WHERE appraisal_id IN (SELECT id FROM appraisals "
          "WHERE participant_id = ?)",
          "DELETE FROM appraisal_objectives WHERE appraisal_id IN (SELECT id FROM appraisals WHERE participant_id = "
          "?)",
          "DELETE FROM appraisals WHERE participant_id = ?"}) {
      Query remove(db, sql);
      remove.Bind(1, id).Run();
    }
  }
  {
    // Their development plan, with its evidence and history. Evidence they
    // added to someone else's plan stays that person's, without their name.
    for (const char* sql :
         {"DELETE FROM plan_evidence WHERE participant_id = ?",
          "UPDATE plan_evidence SET uploaded_by = NULL WHERE uploaded_by = ?",
          "DELETE FROM plan_actions WHERE goal_id IN (SELECT id FROM plan_goals WHERE participant_id = ?)",
          "DELETE FROM plan_goals WHERE participant_id = ?", "DELETE FROM plan_events WHERE participant_id = ?",
          "UPDATE plan_events SET actor_person_id = NULL WHERE actor_person_id = ?"}) {
      Query remove(db, sql);
      remove.Bind(1, id).Run();
    }
  }
  {
    // Their feedback cycles: their self-assessment, what others said about
    // them, and the names and addresses of the raters they asked. A cycle
    // is about them alone, so all of it goes.
    for (const char* sql :
         {"DELETE FROM answers WHERE response_key IN (SELECT r.response_key FROM responses r JOIN cycles c ON "
          "c.id = r.cycle_id WHERE c.participant_id = ?)",
          "DELETE FROM responses WHERE cycle_id IN (SELECT id FROM cycles WHERE participant_id = ?)",
          "DELETE FROM cycle_context_notes WHERE cycle_id IN (SELECT id FROM cycles WHERE participant_id = ?)",
          "DELETE FROM release_responses WHERE release_id IN (SELECT r.id FROM releases r JOIN cycles c ON "
          "c.id = r.cycle_id WHERE c.participant_id = ?)",
          "DELETE FROM release_means WHERE release_id IN (SELECT r.id FROM releases r JOIN cycles c ON "
          "c.id = r.cycle_id WHERE c.participant_id = ?)",
          "DELETE FROM coached_reports WHERE cycle_id IN (SELECT id FROM cycles WHERE participant_id = ?)",
          "DELETE FROM releases WHERE cycle_id IN (SELECT id FROM cycles WHERE participant_id = ?)",
          "DELETE FROM raters WHERE cycle_id IN (SELECT id FROM cycles WHERE participant_id = ?)",
          "DELETE FROM cycle_groups WHERE cycle_id IN (SELECT id FROM cycles WHERE participant_id = ?)",
          "DELETE FROM cycle_elements WHERE cycle_id IN (SELECT id FROM cycles WHERE participant_id = ?)",
          "DELETE FROM cycles WHERE participant_id = ?"}) {
      Query remove(db, sql);
      remove.Bind(1, id).Run();
    }
    // Cycles they started for someone else keep going, without their name.
    // So do releases they made, for others' cycles.
    for (const char* sql : {"UPDATE cycles SET created_by = NULL WHERE created_by = ?",
                            "UPDATE releases SET released_by = NULL WHERE released_by = ?",
                            "UPDATE coached_reports SET released_by = NULL WHERE released_by = ?"}) {
      Query unlink(db, sql);
      unlink.Bind(1, id).Run();
    }
  }
  {
    // Sent and unsent alike: a sent message's copy holds their name and
    // address as surely as one still waiting. The outbox worker's later
    // MarkSent or MarkFailed of a deleted message changes nothing.
    Query remove(db, "DELETE FROM outbox WHERE LOWER(recipient) = ?");
    remove.Bind(1, email).Run();
  }
  if (!request.sign_in_subject.empty()) {
    // Both counters kept per email address: failed sign-ins ("account:") and
    // reset requests ("reset:"), keyed by the same hash.
    const auto hash = request.sign_in_subject.substr(request.sign_in_subject.find(':') + 1);
    Query remove(db, "DELETE FROM sign_in_failures WHERE subject = ? OR subject = ?");
    remove.Bind(1, request.sign_in_subject).Bind(2, "reset:" + hash).Run();
  }
  {
    // Audit rows stay (they are the record of who did what) but must hold
    // only ids: blank any detail that names the person.
    std::vector<std::int64_t> naming;
    Query query(db,
                "SELECT id, detail FROM audit_log WHERE (actor_person_id = ? OR subject_person_id = ?) "
                "AND detail <> ''");
    query.Bind(1, id).Bind(2, id);
    while (query.Step()) {
      if (NamesPerson(query.Text(1), name, email)) naming.push_back(query.Int(0));
    }
    Query scrub(db, "UPDATE audit_log SET detail = ? WHERE id = ?");
    for (auto entry_id : naming) {
      scrub.Reset();
      scrub.Bind(1, kErasedDetail).Bind(2, entry_id).Run();
    }
  }
  {
    // The row stays so that audit ids still point at someone, and it stays
    // disabled and erased so that nothing can sign in as it or list it.
    Query update(db,
                 "UPDATE people SET name = ?, email = ?, job_title = '', background = 'not-recorded', "
                 "password_hash = NULL, organisation_id = NULL, disabled_at = ?, erased_at = ? WHERE id = ?");
    update.Bind(1, app::kErasedName)
        .Bind(2, app::ErasedEmail(id))
        .Bind(3, request.now)
        .Bind(4, request.now)
        .Bind(5, id);
    try {
      update.Run();
    } catch (const UniqueViolation&) {
      // Only if someone was given the stand-in address as their own.
      throw app::StoreError("cannot erase person " + std::to_string(id) + ": the address " + app::ErasedEmail(id) +
                            " is already in use");
    }
  }
  AppendAudit(db, request.record);
  transaction.Commit();
  try {
    // Until a checkpoint, the write-ahead log still holds the pages as they
    // were before the erasure. Best effort: a reader in the middle of a
    // snapshot can delay it, and then a later checkpoint does it.
    if (db->Kind() == Dialect::kSqlite) db->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const app::StoreError&) {
  }
  return app::ErasureResult::kErased;
}

}  // namespace lqf::store
