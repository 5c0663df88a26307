#pragma once
//! PlanRepository over a store::Database (portable SQL: SQLite and PostgreSQL).

#include "app/plans_store.hpp"
#include "store/connection_pool.hpp"

namespace lqf::store {

//! A plan action's columns, from plan_actions aliased `a`, in the order ReadPlanAction reads them.
inline constexpr std::string_view kPlanActionFields =
    "a.id, a.goal_id, a.kind, a.description, a.owner, a.due, a.status, a.updated_at, a.session_id";
//! The action in columns 0 to 8 of `row` (kPlanActionFields).
domain::PlanAction ReadPlanAction(const Query& row);

//! A participant's goals and their actions, read on `db` (inside whatever
//! transaction is open): shared with the person export.
std::vector<domain::Goal> LoadGoals(Database& db, std::int64_t participant_id);
std::vector<domain::PlanAction> LoadActions(Database& db, std::int64_t participant_id);
//! A participant's evidence, without content, read on `db`: shared with the person export.
std::vector<domain::Evidence> LoadEvidence(Database& db, std::int64_t participant_id);
//! Writes on `db` inside the caller's transaction, each with its line of
//! the plan's history: shared with the session that agrees an action.
void RecordPlanEvent(Database& db, std::int64_t participant_id, std::optional<std::int64_t> by, std::string_view now,
                     const std::string& what);
std::int64_t InsertGoal(Database& db, const domain::Goal& goal, std::optional<std::int64_t> by, std::string_view now);
//! `origin` is added to the history line after the kind: " in a session with Sam Patel".
std::int64_t InsertAction(Database& db, const domain::PlanAction& action, std::int64_t participant_id,
                          std::optional<std::int64_t> by, std::string_view now, std::string_view origin);

class SqlPlanRepository final : public app::PlanRepository, private PooledRepository {
 public:
  explicit SqlPlanRepository(ConnectionPool& pool) : PooledRepository(pool) {}
  explicit SqlPlanRepository(Database& db) : PooledRepository(db) {}

  std::int64_t AddGoal(const domain::Goal& goal, std::optional<std::int64_t> by, std::string_view now) override;
  std::optional<domain::Goal> FindGoal(std::int64_t goal_id) override;
  std::vector<domain::Goal> ListGoals(std::int64_t participant_id) override;
  std::int64_t AddAction(const domain::PlanAction& action, std::int64_t participant_id, std::optional<std::int64_t> by,
                         std::string_view now) override;
  std::optional<domain::PlanAction> FindAction(std::int64_t action_id) override;
  std::vector<domain::PlanAction> ListActions(std::int64_t participant_id) override;
  bool SetActionStatus(std::int64_t action_id, domain::ActionStatus status, std::int64_t participant_id,
                       std::optional<std::int64_t> by, std::string_view now) override;
  std::vector<app::PlanEvent> History(std::int64_t participant_id) override;
  std::int64_t AddEvidence(const domain::Evidence& evidence, std::string_view content, std::string_view now) override;
  std::vector<domain::Evidence> ListEvidence(std::int64_t participant_id) override;
  std::optional<app::EvidenceFile> FindEvidence(std::int64_t evidence_id) override;
  std::optional<std::int64_t> EvidenceParticipant(std::int64_t evidence_id) override;
};

}  // namespace lqf::store
