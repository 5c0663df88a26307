#pragma once
//! SupportRepository over a store::Database (portable SQL: SQLite and PostgreSQL).

#include "app/support_store.hpp"
#include "store/connection_pool.hpp"

namespace lqf::store {

//! Read on `db` inside whatever transaction is open: shared with the person export.
std::vector<domain::Relationship> LoadRelationships(Database& db, std::string_view column, std::int64_t person_id);
std::vector<domain::SupportSession> LoadSessions(Database& db, std::int64_t relationship_id);
std::vector<domain::Appraisal> LoadAppraisals(Database& db, std::int64_t participant_id);
std::vector<domain::Objective> LoadObjectives(Database& db, std::int64_t appraisal_id);
std::vector<domain::AppraisalReview> LoadReviews(Database& db, std::int64_t appraisal_id);
std::vector<app::PlanReview> LoadPlanReviews(Database& db, std::int64_t participant_id);

class SqlSupportRepository final : public app::SupportRepository, private PooledRepository {
 public:
  explicit SqlSupportRepository(ConnectionPool& pool) : PooledRepository(pool) {}
  explicit SqlSupportRepository(Database& db) : PooledRepository(db) {}

  std::optional<std::int64_t> AddRelationship(const domain::Relationship& relationship) override;
  std::optional<domain::Relationship> FindRelationship(std::int64_t id) override;
  std::vector<domain::Relationship> SupportersOf(std::int64_t participant_id) override;
  std::vector<domain::Relationship> SupportedBy(std::int64_t supporter_id) override;
  bool EndRelationship(std::int64_t id, std::string_view ended_on) override;
  bool SetSharesPlan(std::int64_t id, bool shares) override;
  std::int64_t AddSession(const domain::SupportSession& session, const std::optional<app::AgreedAction>& agreed,
                          std::int64_t participant_id, std::int64_t supporter_id, std::string_view now) override;
  std::vector<domain::SupportSession> Sessions(std::int64_t relationship_id) override;
  std::int64_t AddPlanReview(const app::PlanReview& review, std::string_view now) override;
  std::vector<app::PlanReview> PlanReviews(std::int64_t participant_id) override;
  std::optional<std::int64_t> AddAppraisal(const domain::Appraisal& appraisal,
                                           const std::vector<domain::Objective>& carried,
                                           std::string_view now) override;
  std::optional<domain::Appraisal> FindAppraisal(std::int64_t id) override;
  std::vector<domain::Appraisal> AppraisalsOf(std::int64_t participant_id) override;
  std::vector<domain::Appraisal> OpenAppraisals() override;
  std::int64_t AddObjective(const domain::Objective& objective) override;
  std::optional<domain::Objective> FindObjective(std::int64_t id) override;
  std::vector<domain::Objective> Objectives(std::int64_t appraisal_id) override;
  bool SetObjectiveOutcome(std::int64_t objective_id, domain::ObjectiveOutcome outcome) override;
  bool AddReview(const domain::AppraisalReview& review, std::string_view now) override;
  std::vector<domain::AppraisalReview> Reviews(std::int64_t appraisal_id) override;
  bool SetParticipantComment(std::int64_t review_id, std::string_view comment) override;
  bool Sign(std::int64_t appraisal_id, bool as_manager, std::string_view now) override;
  std::vector<app::DueAction> ActionsDueBy(std::string_view day) override;
  bool ClaimActionReminder(std::int64_t action_id, std::string_view now, const std::function<void()>& queue) override;
  bool ClaimReviewReminder(std::int64_t appraisal_id, domain::ReviewKind kind, std::string_view now,
                           const std::function<void()>& queue) override;
};

}  // namespace lqf::store
