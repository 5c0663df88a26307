#pragma once
//! FeedbackRepository over a store::Database (portable SQL: SQLite and PostgreSQL).

#include <memory>
#include <mutex>
#include <unordered_map>

#include "app/feedback_store.hpp"
#include "store/connection_pool.hpp"
#include "store/group_commit.hpp"

namespace lqf::store {

//! An answer from a row whose columns, from `first`, are element_code,
//! answered, rating, importance, comment (NULL rating: not able to comment).
domain::Answer ReadAnswer(const Query& row, int first = 0);
//! The answers saved under `response_key`, in element order, read on `db`
//! (inside whatever transaction is open): shared with the person export.
std::vector<domain::Answer> LoadAnswers(Database& db, std::string_view response_key);

//! Cycles, raters and responses. Safe to share between threads: each call
//! borrows a connection from the pool for its whole transaction.
class SqlFeedbackRepository final : public app::FeedbackRepository, private PooledRepository {
 public:
  //! Borrows a connection from `pool` for each call.
  explicit SqlFeedbackRepository(ConnectionPool& pool) : PooledRepository(pool), group_(pool_) {}
  //! Uses one connection (shared with others through its Mutex()).
  explicit SqlFeedbackRepository(Database& db) : PooledRepository(db), group_(pool_) {}

  std::int64_t AddCycle(const domain::Cycle& cycle, std::string_view now) override;
  std::optional<domain::Cycle> FindCycle(std::int64_t cycle_id) override;
  std::vector<domain::Cycle> ListCycles(std::int64_t participant_id) override;
  bool ChangeCycleStatus(std::int64_t cycle_id, domain::CycleStatus from, domain::CycleStatus to,
                         std::string_view now) override;
  std::vector<domain::Cycle> ListOpenCycles() override;
  bool SetDeadline(std::int64_t cycle_id, std::string_view deadline) override;
  std::optional<std::int64_t> AddRater(const domain::Rater& rater, std::string_view now) override;
  std::vector<domain::Rater> ListRaters(std::int64_t cycle_id) override;
  bool RemoveRater(std::int64_t cycle_id, std::int64_t rater_id) override;
  bool MarkInvited(std::int64_t rater_id, std::string_view access_hash, std::string_view now) override;
  void RecordReminder(std::int64_t rater_id, std::string_view now) override;
  std::optional<app::RaterAccess> FindRaterByAccess(std::string_view access_hash) override;
  app::SaveOutcome SaveResponse(std::int64_t cycle_id, std::optional<std::int64_t> rater_id,
                                std::string_view response_key, std::string_view group,
                                const std::vector<domain::Answer>& answers, bool submit) override;
  app::SaveOutcome SubmitResponse(std::int64_t cycle_id, std::optional<std::int64_t> rater_id,
                                  std::string_view response_key, std::string_view group) override;
  std::optional<app::StoredResponse> LoadResponse(std::string_view response_key) override;
  void ReadTogether(const std::function<void()>& reads) override;
  std::vector<domain::Answer> LoadAnswers(std::string_view response_key,
                                          const std::vector<std::string>& elements) override;
  std::vector<app::SubmittedResponse> SubmittedResponses(std::int64_t cycle_id) override;
  std::optional<app::Release> LastRelease(std::int64_t cycle_id) override;
  std::int64_t AddRelease(std::int64_t cycle_id, const std::vector<std::string>& response_keys,
                          const std::vector<app::ReleaseMean>& means, std::optional<std::int64_t> released_by,
                          std::string_view now) override;
  std::vector<std::vector<std::pair<std::string, double>>> CohortMeans(std::int64_t participant_id,
                                                                       std::string_view framework_code,
                                                                       std::string_view framework_version) override;
  std::optional<app::Debrief> FindDebrief(std::int64_t cycle_id) override;
  std::int64_t NewestReleaseId() override;
  std::vector<std::pair<std::string, double>> ReleaseMeans(std::int64_t release_id) override;
  bool ReleaseCoachedReport(std::int64_t cycle_id, std::string_view debrief_on, std::optional<std::int64_t> released_by,
                            std::string_view now) override;
  void SaveContextNotes(std::int64_t cycle_id, const std::vector<domain::ContextNote>& notes) override;
  std::vector<domain::ContextNote> LoadContextNotes(std::int64_t cycle_id) override;
  bool Decline(std::int64_t rater_id, std::string_view response_key, std::string_view reason) override;

 private:
  //! What never changes once a cycle is made: its scope and groups, cached,
  //! with what identifies the cycle row they belong to (an id alone could be
  //! reused by SQLite after an erasure).
  struct CycleDefinition {
    std::int64_t participant_id = 0;
    std::string created_at;
    std::vector<std::string> scope;
    std::vector<domain::RaterGroup> groups;
    bool coached_report = false;
  };
  static constexpr std::size_t kMaxCachedDefinitions = 10'000;
  domain::Cycle ReadCycle(Database& db, const Query& row);
  std::shared_ptr<const CycleDefinition> Definition(Database& db, const domain::Cycle& cycle);

  std::mutex definitions_mutex_;
  std::unordered_map<std::int64_t, std::shared_ptr<const CycleDefinition>> definitions_;
  //! Responses are written by group commit: many raters submitting at once
  //! share one transaction and one flush to disk.
  GroupCommit group_;
};

}  // namespace lqf::store
