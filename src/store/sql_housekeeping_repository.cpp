#include "store/sql_housekeeping_repository.hpp"

#include <mutex>

namespace lqf::store {
namespace {

//! Runs a DELETE ... RETURNING 1 and counts the rows it removed.
std::int64_t DeleteCounting(Database& db, std::string_view sql, std::initializer_list<std::string_view> values) {
  Query statement(db, sql);
  int index = 1;
  for (auto value : values) statement.Bind(index++, value);
  std::int64_t count = 0;
  while (statement.Step()) ++count;
  return count;
}

}  // namespace

app::PurgeCounts SqlHousekeepingRepository::Purge(const app::PurgeCutoffs& cutoffs) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  app::PurgeCounts counts;
  counts.sessions = DeleteCounting(db, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ? RETURNING 1",
                                   {cutoffs.now, cutoffs.idle_sessions_before});
  counts.links = DeleteCounting(db, "DELETE FROM auth_tokens WHERE expires_at <= ? OR used_at IS NOT NULL RETURNING 1",
                                {cutoffs.now});
  counts.failures =
      DeleteCounting(db, "DELETE FROM sign_in_failures WHERE failed_at <= ? RETURNING 1", {cutoffs.failures_before});
  counts.emails = DeleteCounting(db, "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at <= ? RETURNING 1",
                                 {cutoffs.sent_email_before});
  transaction.Commit();
  return counts;
}

}  // namespace lqf::store
