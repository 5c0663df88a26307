#include "store/sql_plan_repository.hpp"

#include <sodium.h>

#include "app/ports.hpp"

namespace lqf::store {
namespace {

constexpr std::string_view kGoalColumns =
    "SELECT id, participant_id, element_code, title, detail, source, source_cycle_id, finding, created_at "
    "FROM plan_goals";

// Every column but the content, which only FindEvidence reads.
constexpr std::string_view kEvidenceColumns =
    "id, participant_id, goal_id, action_id, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at";

domain::Goal ReadGoal(const Query& row) {
  domain::Goal goal;
  goal.id = row.Int(0);
  goal.participant_id = row.Int(1);
  goal.element = row.Text(2);
  goal.title = row.Text(3);
  goal.detail = row.Text(4);
  goal.source = domain::ParseGoalSource(row.Text(5)).value_or(domain::GoalSource::kOwn);
  if (!row.IsNull(6)) goal.source_cycle_id = row.Int(6);
  goal.finding = row.Text(7);
  goal.created_at = row.Text(8);
  return goal;
}

//! SELECT of every action column, from plan_actions aliased `a`.
std::string ActionSelect() { return "SELECT " + std::string(kPlanActionFields) + " FROM plan_actions a"; }

}  // namespace

domain::PlanAction ReadPlanAction(const Query& row) {
  domain::PlanAction action;
  action.id = row.Int(0);
  action.goal_id = row.Int(1);
  action.kind = domain::ParseActionKind(row.Text(2)).value_or(domain::ActionKind::kOther);
  action.description = row.Text(3);
  action.owner = row.Text(4);
  action.due = row.Text(5);
  action.status = domain::ParseActionStatus(row.Text(6)).value_or(domain::ActionStatus::kPlanned);
  action.updated_at = row.Text(7);
  if (!row.IsNull(8)) action.session_id = row.Int(8);
  return action;
}

namespace {

domain::Evidence ReadEvidence(const Query& row) {
  domain::Evidence evidence;
  evidence.id = row.Int(0);
  evidence.participant_id = row.Int(1);
  evidence.goal_id = row.Int(2);
  if (!row.IsNull(3)) evidence.action_id = row.Int(3);
  evidence.file_name = row.Text(4);
  evidence.content_type = row.Text(5);
  evidence.size_bytes = row.Int(6);
  evidence.sha256 = row.Text(7);
  if (!row.IsNull(8)) evidence.uploaded_by = row.Int(8);
  evidence.uploaded_at = row.Text(9);
  return evidence;
}

// Evidence content is kept as base64 text: the portable statement API binds
// only text and integers, and NUL bytes or invalid UTF-8 may not go into a
// PostgreSQL TEXT value.
constexpr int kBase64 = sodium_base64_VARIANT_ORIGINAL;

std::string ToBase64(std::string_view bytes) {
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), kBase64), '\0');
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    kBase64);
  text.pop_back();  // the terminating NUL
  return text;
}

std::optional<std::string> FromBase64(std::string_view text) {
  std::string bytes(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(), text.size(), nullptr,
                        &length, nullptr, kBase64) != 0) {
    return std::nullopt;
  }
  bytes.resize(length);
  return bytes;
}

}  // namespace

void RecordPlanEvent(Database& db, std::int64_t participant_id, std::optional<std::int64_t> by, std::string_view now,
                     const std::string& what) {
  Query event(db, "INSERT INTO plan_events (participant_id, at, actor_person_id, what) VALUES (?, ?, ?, ?)");
  event.Bind(1, participant_id).Bind(2, now).Bind(3, by).Bind(4, what).Run();
}

std::vector<domain::Goal> LoadGoals(Database& db, std::int64_t participant_id) {
  Query query(db, std::string(kGoalColumns) + " WHERE participant_id = ? ORDER BY id");
  query.Bind(1, participant_id);
  std::vector<domain::Goal> goals;
  while (query.Step()) goals.push_back(ReadGoal(query));
  return goals;
}

std::vector<domain::PlanAction> LoadActions(Database& db, std::int64_t participant_id) {
  Query query(db, ActionSelect() + " JOIN plan_goals g ON g.id = a.goal_id WHERE g.participant_id = ? ORDER BY a.id");
  query.Bind(1, participant_id);
  std::vector<domain::PlanAction> actions;
  while (query.Step()) actions.push_back(ReadPlanAction(query));
  return actions;
}

std::vector<domain::Evidence> LoadEvidence(Database& db, std::int64_t participant_id) {
  Query query(db,
              "SELECT " + std::string(kEvidenceColumns) + " FROM plan_evidence WHERE participant_id = ? ORDER BY id");
  query.Bind(1, participant_id);
  std::vector<domain::Evidence> evidence;
  while (query.Step()) evidence.push_back(ReadEvidence(query));
  return evidence;
}

std::int64_t InsertGoal(Database& db, const domain::Goal& goal, std::optional<std::int64_t> by, std::string_view now) {
  Query insert(db,
               "INSERT INTO plan_goals (participant_id, element_code, title, detail, source, source_cycle_id, "
               "finding, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  insert.Bind(1, goal.participant_id)
      .Bind(2, goal.element)
      .Bind(3, goal.title)
      .Bind(4, goal.detail)
      .Bind(5, domain::GoalSourceName(goal.source))
      .Bind(6, goal.source_cycle_id)
      .Bind(7, goal.finding)
      .Bind(8, now);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Run();
  RecordPlanEvent(db, goal.participant_id, by, now, "Goal added: " + goal.title);
  return id;
}

std::int64_t SqlPlanRepository::AddGoal(const domain::Goal& goal, std::optional<std::int64_t> by,
                                        std::string_view now) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  const auto id = InsertGoal(db, goal, by, now);
  transaction.Commit();
  return id;
}

std::optional<domain::Goal> SqlPlanRepository::FindGoal(std::int64_t goal_id) {
  auto db = pool_.Acquire();
  Query query(db, std::string(kGoalColumns) + " WHERE id = ?");
  query.Bind(1, goal_id);
  if (!query.Step()) return std::nullopt;
  return ReadGoal(query);
}

std::vector<domain::Goal> SqlPlanRepository::ListGoals(std::int64_t participant_id) {
  auto db = pool_.Acquire();
  return LoadGoals(db, participant_id);
}

std::int64_t InsertAction(Database& db, const domain::PlanAction& action, std::int64_t participant_id,
                          std::optional<std::int64_t> by, std::string_view now, std::string_view origin) {
  Query insert(db,
               "INSERT INTO plan_actions (goal_id, kind, description, owner, due, status, updated_at, session_id) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  insert.Bind(1, action.goal_id)
      .Bind(2, domain::ActionKindName(action.kind))
      .Bind(3, action.description)
      .Bind(4, action.owner)
      .Bind(5, action.due)
      .Bind(6, domain::ActionStatusName(action.status))
      .Bind(7, now)
      .Bind(8, action.session_id);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Run();
  RecordPlanEvent(db, participant_id, by, now,
                  "Action added (" + std::string(domain::ActionKindLabel(action.kind)) + ")" + std::string(origin) +
                      ": " + action.description);
  return id;
}

std::int64_t SqlPlanRepository::AddAction(const domain::PlanAction& action, std::int64_t participant_id,
                                          std::optional<std::int64_t> by, std::string_view now) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  const auto id = InsertAction(db, action, participant_id, by, now, "");
  transaction.Commit();
  return id;
}

std::optional<domain::PlanAction> SqlPlanRepository::FindAction(std::int64_t action_id) {
  auto db = pool_.Acquire();
  Query query(db, ActionSelect() + " WHERE a.id = ?");
  query.Bind(1, action_id);
  if (!query.Step()) return std::nullopt;
  return ReadPlanAction(query);
}

std::vector<domain::PlanAction> SqlPlanRepository::ListActions(std::int64_t participant_id) {
  auto db = pool_.Acquire();
  return LoadActions(db, participant_id);
}

bool SqlPlanRepository::SetActionStatus(std::int64_t action_id, domain::ActionStatus status,
                                        std::int64_t participant_id, std::optional<std::int64_t> by,
                                        std::string_view now) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  Query update(db, "UPDATE plan_actions SET status = ?, updated_at = ? WHERE id = ? RETURNING description");
  update.Bind(1, domain::ActionStatusName(status)).Bind(2, now).Bind(3, action_id);
  if (!update.Step()) return false;
  const auto description = update.Text(0);
  update.Run();
  RecordPlanEvent(db, participant_id, by, now,
                  "Action " + std::string(domain::ActionStatusLabel(status)) + ": " + description);
  transaction.Commit();
  return true;
}

std::vector<app::PlanEvent> SqlPlanRepository::History(std::int64_t participant_id) {
  auto db = pool_.Acquire();
  Query query(db, "SELECT at, actor_person_id, what FROM plan_events WHERE participant_id = ? ORDER BY id DESC");
  query.Bind(1, participant_id);
  std::vector<app::PlanEvent> events;
  while (query.Step()) {
    app::PlanEvent event{query.Text(0), std::nullopt, query.Text(2)};
    if (!query.IsNull(1)) event.actor_person_id = query.Int(1);
    events.push_back(std::move(event));
  }
  return events;
}

std::int64_t SqlPlanRepository::AddEvidence(const domain::Evidence& evidence, std::string_view content,
                                            std::string_view now) {
  const auto encoded = ToBase64(content);
  auto db = pool_.Acquire();
  Transaction transaction(db);
  Query insert(db,
               "INSERT INTO plan_evidence (participant_id, goal_id, action_id, file_name, content_type, size_bytes, "
               "sha256, content, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  insert.Bind(1, evidence.participant_id)
      .Bind(2, evidence.goal_id)
      .Bind(3, evidence.action_id)
      .Bind(4, evidence.file_name)
      .Bind(5, evidence.content_type)
      .Bind(6, evidence.size_bytes)
      .Bind(7, evidence.sha256)
      .Bind(8, encoded)
      .Bind(9, evidence.uploaded_by)
      .Bind(10, now);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Run();
  RecordPlanEvent(db, evidence.participant_id, evidence.uploaded_by, now, "Evidence added: " + evidence.file_name);
  transaction.Commit();
  return id;
}

std::vector<domain::Evidence> SqlPlanRepository::ListEvidence(std::int64_t participant_id) {
  auto db = pool_.Acquire();
  return LoadEvidence(db, participant_id);
}

std::optional<std::int64_t> SqlPlanRepository::EvidenceParticipant(std::int64_t evidence_id) {
  auto db = pool_.Acquire();
  Query query(db, "SELECT participant_id FROM plan_evidence WHERE id = ?");
  query.Bind(1, evidence_id);
  if (!query.Step()) return std::nullopt;
  return query.Int(0);
}

std::optional<app::EvidenceFile> SqlPlanRepository::FindEvidence(std::int64_t evidence_id) {
  auto db = pool_.Acquire();
  Query query(db, "SELECT " + std::string(kEvidenceColumns) + ", content FROM plan_evidence WHERE id = ?");
  query.Bind(1, evidence_id);
  if (!query.Step()) return std::nullopt;
  app::EvidenceFile file{ReadEvidence(query), {}};
  auto content = FromBase64(query.Text(10));
  // Only the id: the content is the participant's.
  if (!content) throw app::StoreError("evidence " + std::to_string(evidence_id) + ": stored content is not base64");
  file.content = std::move(*content);
  return file;
}

}  // namespace lqf::store
