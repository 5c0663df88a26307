#include "store/sql_support_repository.hpp"

#include "store/sql_plan_repository.hpp"

namespace lqf::store {
namespace {

constexpr std::string_view kRelationshipColumns =
    "SELECT id, participant_id, supporter_id, kind, started_on, ended_on, shares_plan, created_at "
    "FROM support_relationships";
constexpr std::string_view kAppraisalColumns =
    "SELECT id, participant_id, manager_id, period_start, period_end, participant_signed_at, manager_signed_at, "
    "created_at FROM appraisals";
constexpr std::string_view kObjectiveColumns =
    "SELECT id, appraisal_id, element_code, title, measure, carried_from, outcome FROM appraisal_objectives";
constexpr std::string_view kReviewColumns =
    "SELECT id, appraisal_id, kind, held_on, manager_comment, participant_comment, created_at FROM appraisal_reviews";

domain::Relationship ReadRelationship(const Query& row) {
  domain::Relationship r;
  r.id = row.Int(0);
  r.participant_id = row.Int(1);
  r.supporter_id = row.Int(2);
  r.kind = domain::ParseSupportKind(row.Text(3)).value_or(domain::SupportKind::kMentor);
  r.started_on = row.Text(4);
  r.ended_on = row.Text(5);
  r.shares_plan = row.Int(6) != 0;
  r.created_at = row.Text(7);
  return r;
}

domain::Appraisal ReadAppraisal(const Query& row) {
  domain::Appraisal a;
  a.id = row.Int(0);
  a.participant_id = row.Int(1);
  a.manager_id = row.Int(2);
  a.period_start = row.Text(3);
  a.period_end = row.Text(4);
  a.participant_signed_at = row.Text(5);
  a.manager_signed_at = row.Text(6);
  a.created_at = row.Text(7);
  return a;
}

domain::Objective ReadObjective(const Query& row) {
  domain::Objective o;
  o.id = row.Int(0);
  o.appraisal_id = row.Int(1);
  o.element = row.Text(2);
  o.title = row.Text(3);
  o.measure = row.Text(4);
  if (!row.IsNull(5)) o.carried_from = row.Int(5);
  o.outcome = domain::ParseObjectiveOutcome(row.Text(6)).value_or(domain::ObjectiveOutcome::kOpen);
  return o;
}

domain::AppraisalReview ReadReview(const Query& row) {
  domain::AppraisalReview r;
  r.id = row.Int(0);
  r.appraisal_id = row.Int(1);
  r.kind = domain::ParseReviewKind(row.Text(2)).value_or(domain::ReviewKind::kMidYear);
  r.held_on = row.Text(3);
  r.manager_comment = row.Text(4);
  r.participant_comment = row.Text(5);
  r.created_at = row.Text(6);
  return r;
}

std::int64_t InsertObjective(Database& db, const domain::Objective& objective) {
  Query insert(db,
               "INSERT INTO appraisal_objectives (appraisal_id, element_code, title, measure, carried_from, outcome) "
               "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
  insert.Bind(1, objective.appraisal_id)
      .Bind(2, objective.element)
      .Bind(3, objective.title)
      .Bind(4, objective.measure)
      .Bind(5, objective.carried_from)
      .Bind(6, domain::ObjectiveOutcomeName(objective.outcome));
  insert.Step();
  const auto id = insert.Int(0);
  insert.Run();
  return id;
}

//! Runs an UPDATE ... RETURNING id; true if it changed a row.
bool Changed(Query& update) {
  const bool changed = update.Step();
  if (changed) update.Run();
  return changed;
}

}  // namespace

std::vector<domain::Relationship> LoadRelationships(Database& db, std::string_view column, std::int64_t person_id) {
  const std::string_view which = column == "supporter_id" ? "supporter_id" : "participant_id";
  Query query(db, std::string(kRelationshipColumns) + " WHERE " + std::string(which) +
                      " = ? ORDER BY started_on DESC, id DESC");
  query.Bind(1, person_id);
  std::vector<domain::Relationship> list;
  while (query.Step()) list.push_back(ReadRelationship(query));
  return list;
}

std::vector<domain::SupportSession> LoadSessions(Database& db, std::int64_t relationship_id) {
  Query query(db,
              "SELECT id, relationship_id, held_on, summary, private_note, created_at FROM support_sessions "
              "WHERE relationship_id = ? ORDER BY held_on DESC, id DESC");
  query.Bind(1, relationship_id);
  std::vector<domain::SupportSession> sessions;
  while (query.Step()) {
    domain::SupportSession s;
    s.id = query.Int(0);
    s.relationship_id = query.Int(1);
    s.held_on = query.Text(2);
    s.summary = query.Text(3);
    s.private_note = query.Text(4);
    s.created_at = query.Text(5);
    sessions.push_back(std::move(s));
  }
  Query themes(db, "SELECT element_code FROM support_session_themes WHERE session_id = ? ORDER BY position");
  for (auto& session : sessions) {
    themes.Reset();
    themes.Bind(1, session.id);
    while (themes.Step()) session.themes.push_back(themes.Text(0));
  }
  return sessions;
}

std::vector<domain::Appraisal> LoadAppraisals(Database& db, std::int64_t participant_id) {
  Query query(db, std::string(kAppraisalColumns) + " WHERE participant_id = ? ORDER BY period_start DESC, id DESC");
  query.Bind(1, participant_id);
  std::vector<domain::Appraisal> list;
  while (query.Step()) list.push_back(ReadAppraisal(query));
  return list;
}

std::vector<domain::Objective> LoadObjectives(Database& db, std::int64_t appraisal_id) {
  Query query(db, std::string(kObjectiveColumns) + " WHERE appraisal_id = ? ORDER BY id");
  query.Bind(1, appraisal_id);
  std::vector<domain::Objective> list;
  while (query.Step()) list.push_back(ReadObjective(query));
  return list;
}

std::vector<domain::AppraisalReview> LoadReviews(Database& db, std::int64_t appraisal_id) {
  Query query(db, std::string(kReviewColumns) + " WHERE appraisal_id = ? ORDER BY held_on, id");
  query.Bind(1, appraisal_id);
  std::vector<domain::AppraisalReview> list;
  while (query.Step()) list.push_back(ReadReview(query));
  return list;
}

std::vector<app::PlanReview> LoadPlanReviews(Database& db, std::int64_t participant_id) {
  Query query(db,
              "SELECT id, participant_id, reviewer_id, held_on, comment, created_at FROM plan_reviews "
              "WHERE participant_id = ? ORDER BY held_on DESC, id DESC");
  query.Bind(1, participant_id);
  std::vector<app::PlanReview> list;
  while (query.Step()) {
    app::PlanReview r;
    r.id = query.Int(0);
    r.participant_id = query.Int(1);
    if (!query.IsNull(2)) r.reviewer_id = query.Int(2);
    r.held_on = query.Text(3);
    r.comment = query.Text(4);
    r.created_at = query.Text(5);
    list.push_back(std::move(r));
  }
  return list;
}

namespace {

std::int64_t InsertRelationship(Database& db, const domain::Relationship& r) {
  Query insert(db,
               "INSERT INTO support_relationships (participant_id, supporter_id, kind, started_on, ended_on, "
               "shares_plan, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
  insert.Bind(1, r.participant_id)
      .Bind(2, r.supporter_id)
      .Bind(3, domain::SupportKindName(r.kind))
      .Bind(4, r.started_on)
      .Bind(5, r.ended_on)
      .Bind(6, std::int64_t{r.shares_plan ? 1 : 0})
      .Bind(7, r.created_at);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Run();
  return id;
}

}  // namespace

std::optional<std::int64_t> SqlSupportRepository::AddRelationship(const domain::Relationship& r) {
  auto db = pool_.Acquire();
  try {
    return InsertRelationship(db, r);
  } catch (const UniqueViolation&) {
    return std::nullopt;
  }
}

std::optional<domain::Relationship> SqlSupportRepository::FindRelationship(std::int64_t id) {
  auto db = pool_.Acquire();
  Query query(db, std::string(kRelationshipColumns) + " WHERE id = ?");
  query.Bind(1, id);
  if (!query.Step()) return std::nullopt;
  return ReadRelationship(query);
}

std::vector<domain::Relationship> SqlSupportRepository::SupportersOf(std::int64_t participant_id) {
  auto db = pool_.Acquire();
  return LoadRelationships(db, "participant_id", participant_id);
}

std::vector<domain::Relationship> SqlSupportRepository::SupportedBy(std::int64_t supporter_id) {
  auto db = pool_.Acquire();
  return LoadRelationships(db, "supporter_id", supporter_id);
}

bool SqlSupportRepository::EndRelationship(std::int64_t id, std::string_view ended_on) {
  auto db = pool_.Acquire();
  Query update(db, "UPDATE support_relationships SET ended_on = ? WHERE id = ? RETURNING id");
  update.Bind(1, ended_on).Bind(2, id);
  return Changed(update);
}

bool SqlSupportRepository::SetSharesPlan(std::int64_t id, bool shares) {
  auto db = pool_.Acquire();
  Query update(db, "UPDATE support_relationships SET shares_plan = ? WHERE id = ? RETURNING id");
  update.Bind(1, std::int64_t{shares ? 1 : 0}).Bind(2, id);
  return Changed(update);
}

std::int64_t SqlSupportRepository::AddSession(const domain::SupportSession& session,
                                              const std::optional<app::AgreedAction>& agreed,
                                              std::int64_t participant_id, std::int64_t supporter_id,
                                              std::string_view now) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  Query insert(db,
               "INSERT INTO support_sessions (relationship_id, held_on, summary, private_note, created_at) "
               "VALUES (?, ?, ?, ?, ?) RETURNING id");
  insert.Bind(1, session.relationship_id)
      .Bind(2, session.held_on)
      .Bind(3, session.summary)
      .Bind(4, session.private_note)
      .Bind(5, now);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Run();
  Query theme(db, "INSERT INTO support_session_themes (session_id, position, element_code) VALUES (?, ?, ?)");
  for (std::size_t i = 0; i < session.themes.size(); ++i) {
    theme.Reset();
    theme.Bind(1, id).Bind(2, static_cast<std::int64_t>(i)).Bind(3, session.themes[i]).Run();
  }
  if (agreed) {
    auto action = agreed->action;
    action.session_id = id;
    if (agreed->new_goal) action.goal_id = InsertGoal(db, *agreed->new_goal, supporter_id, now);
    InsertAction(db, action, participant_id, supporter_id, now, " in a session of " + session.held_on);
  }
  transaction.Commit();
  return id;
}

std::vector<domain::SupportSession> SqlSupportRepository::Sessions(std::int64_t relationship_id) {
  auto db = pool_.Acquire();
  ReadTransaction read(db);
  return LoadSessions(db, relationship_id);
}

std::int64_t SqlSupportRepository::AddPlanReview(const app::PlanReview& review, std::string_view now) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  Query insert(db,
               "INSERT INTO plan_reviews (participant_id, reviewer_id, held_on, comment, created_at) "
               "VALUES (?, ?, ?, ?, ?) RETURNING id");
  insert.Bind(1, review.participant_id)
      .Bind(2, review.reviewer_id)
      .Bind(3, review.held_on)
      .Bind(4, review.comment)
      .Bind(5, now);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Run();
  RecordPlanEvent(db, review.participant_id, review.reviewer_id, now, "Plan reviewed on " + review.held_on);
  transaction.Commit();
  return id;
}

std::vector<app::PlanReview> SqlSupportRepository::PlanReviews(std::int64_t participant_id) {
  auto db = pool_.Acquire();
  return LoadPlanReviews(db, participant_id);
}

std::optional<std::int64_t> SqlSupportRepository::AddAppraisal(const domain::Appraisal& appraisal,
                                                               const std::vector<domain::Objective>& carried,
                                                               std::string_view now) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  // Writers to one person's years queue here: SQLite's write transaction
  // already admits one writer; PostgreSQL locks the person's row.
  if (db->Kind() == Dialect::kPostgres) {
    Query(db, "SELECT id FROM people WHERE id = ? FOR UPDATE").Bind(1, appraisal.participant_id).Run();
  }
  Query overlap(db, "SELECT 1 FROM appraisals WHERE participant_id = ? AND period_start <= ? AND ? <= period_end");
  overlap.Bind(1, appraisal.participant_id).Bind(2, appraisal.period_end).Bind(3, appraisal.period_start);
  if (overlap.Step()) return std::nullopt;
  Query insert(db,
               "INSERT INTO appraisals (participant_id, manager_id, period_start, period_end, created_at) "
               "VALUES (?, ?, ?, ?, ?) RETURNING id");
  insert.Bind(1, appraisal.participant_id)
      .Bind(2, appraisal.manager_id)
      .Bind(3, appraisal.period_start)
      .Bind(4, appraisal.period_end)
      .Bind(5, now);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Run();
  for (auto objective : carried) {
    objective.appraisal_id = id;
    objective.outcome = domain::ObjectiveOutcome::kOpen;
    InsertObjective(db, objective);
  }
  transaction.Commit();
  return id;
}

std::optional<domain::Appraisal> SqlSupportRepository::FindAppraisal(std::int64_t id) {
  auto db = pool_.Acquire();
  Query query(db, std::string(kAppraisalColumns) + " WHERE id = ?");
  query.Bind(1, id);
  if (!query.Step()) return std::nullopt;
  return ReadAppraisal(query);
}

std::vector<domain::Appraisal> SqlSupportRepository::AppraisalsOf(std::int64_t participant_id) {
  auto db = pool_.Acquire();
  return LoadAppraisals(db, participant_id);
}

std::vector<domain::Appraisal> SqlSupportRepository::OpenAppraisals() {
  auto db = pool_.Acquire();
  Query query(
      db, std::string(kAppraisalColumns) + " WHERE participant_signed_at = '' OR manager_signed_at = '' ORDER BY id");
  std::vector<domain::Appraisal> list;
  while (query.Step()) list.push_back(ReadAppraisal(query));
  return list;
}

std::int64_t SqlSupportRepository::AddObjective(const domain::Objective& objective) {
  auto db = pool_.Acquire();
  return InsertObjective(db, objective);
}

std::optional<domain::Objective> SqlSupportRepository::FindObjective(std::int64_t id) {
  auto db = pool_.Acquire();
  Query query(db, std::string(kObjectiveColumns) + " WHERE id = ?");
  query.Bind(1, id);
  if (!query.Step()) return std::nullopt;
  return ReadObjective(query);
}

std::vector<domain::Objective> SqlSupportRepository::Objectives(std::int64_t appraisal_id) {
  auto db = pool_.Acquire();
  return LoadObjectives(db, appraisal_id);
}

bool SqlSupportRepository::SetObjectiveOutcome(std::int64_t objective_id, domain::ObjectiveOutcome outcome) {
  auto db = pool_.Acquire();
  Query update(db, "UPDATE appraisal_objectives SET outcome = ? WHERE id = ? RETURNING id");
  update.Bind(1, domain::ObjectiveOutcomeName(outcome)).Bind(2, objective_id);
  return Changed(update);
}

bool SqlSupportRepository::AddReview(const domain::AppraisalReview& review, std::string_view now) {
  auto db = pool_.Acquire();
  try {
    Query insert(db,
                 "INSERT INTO appraisal_reviews (appraisal_id, kind, held_on, manager_comment, participant_comment, "
                 "created_at) VALUES (?, ?, ?, ?, ?, ?)");
    insert.Bind(1, review.appraisal_id)
        .Bind(2, domain::ReviewKindName(review.kind))
        .Bind(3, review.held_on)
        .Bind(4, review.manager_comment)
        .Bind(5, review.participant_comment)
        .Bind(6, now)
        .Run();
  } catch (const UniqueViolation&) {
    return false;
  }
  return true;
}

std::vector<domain::AppraisalReview> SqlSupportRepository::Reviews(std::int64_t appraisal_id) {
  auto db = pool_.Acquire();
  return LoadReviews(db, appraisal_id);
}

bool SqlSupportRepository::SetParticipantComment(std::int64_t review_id, std::string_view comment) {
  auto db = pool_.Acquire();
  Query update(db, "UPDATE appraisal_reviews SET participant_comment = ? WHERE id = ? RETURNING id");
  update.Bind(1, comment).Bind(2, review_id);
  return Changed(update);
}

bool SqlSupportRepository::Sign(std::int64_t appraisal_id, bool as_manager, std::string_view now) {
  auto db = pool_.Acquire();
  Query update(db, as_manager ? "UPDATE appraisals SET manager_signed_at = ? WHERE id = ? AND manager_signed_at = '' "
                                "RETURNING id"
                              : "UPDATE appraisals SET participant_signed_at = ? WHERE id = ? AND "
                                "participant_signed_at = '' RETURNING id");
  update.Bind(1, now).Bind(2, appraisal_id);
  return Changed(update);
}

std::vector<app::DueAction> SqlSupportRepository::ActionsDueBy(std::string_view day) {
  auto db = pool_.Acquire();
  Query query(db, "SELECT " + std::string(kPlanActionFields) +
                      ", g.participant_id, g.title FROM plan_actions a JOIN plan_goals g ON g.id = a.goal_id "
                      "WHERE a.due <> '' AND a.due <= ? AND a.status IN ('planned', 'in-progress') AND "
                      "a.reminded_at IS NULL ORDER BY a.due, a.id");
  query.Bind(1, day);
  std::vector<app::DueAction> list;
  while (query.Step()) list.push_back({ReadPlanAction(query), query.Int(9), query.Text(10)});
  return list;
}

bool SqlSupportRepository::ClaimActionReminder(std::int64_t action_id, std::string_view now,
                                               const std::function<void()>& queue) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  Query update(db, "UPDATE plan_actions SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL RETURNING id");
  update.Bind(1, now).Bind(2, action_id);
  if (!Changed(update)) return false;
  queue();  // the outbox borrows this thread's connection: the same commit
  transaction.Commit();
  return true;
}

bool SqlSupportRepository::ClaimReviewReminder(std::int64_t appraisal_id, domain::ReviewKind kind, std::string_view now,
                                               const std::function<void()>& queue) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  Query update(db, kind == domain::ReviewKind::kMidYear
                       ? "UPDATE appraisals SET mid_year_reminded_at = ? WHERE id = ? AND mid_year_reminded_at IS NULL "
                         "RETURNING id"
                       : "UPDATE appraisals SET year_end_reminded_at = ? WHERE id = ? AND year_end_reminded_at IS "
                         "NULL RETURNING id");
  update.Bind(1, now).Bind(2, appraisal_id);
  if (!Changed(update)) return false;
  queue();
  transaction.Commit();
  return true;
}

}  // namespace lqf::store
