#include "store/sql_outbox_repository.hpp"

namespace lqf::store {

std::int64_t SqlOutboxRepository::Enqueue(const app::OutgoingEmail& email, std::string_view now) {
  auto db = pool_.Acquire();
  Query insert(db,
               "INSERT INTO outbox (recipient, subject, body_text, created_at, attempts, next_attempt_at) "
               "VALUES (?, ?, ?, ?, 0, ?) RETURNING id");
  insert.Bind(1, email.to).Bind(2, email.subject).Bind(3, email.body_text).Bind(4, now).Bind(5, now);
  insert.Step();
  const std::int64_t id = insert.Int(0);
  insert.Run();
  return id;
}

std::vector<app::QueuedEmail> SqlOutboxRepository::ClaimDue(std::string_view now, std::string_view claim_until,
                                                            std::size_t limit) {
  auto db = pool_.Acquire();
  // BEGIN IMMEDIATE takes the database's write lock before the SELECT, so a
  // worker in another process waits and then sees our claims: nobody can
  // read the same rows as due in between. On PostgreSQL this becomes
  // "SELECT ... FOR UPDATE SKIP LOCKED" followed by the same UPDATE, so
  // workers on many servers skip each other's rows instead of waiting.
  Transaction transaction(db);
  std::string sql =
      "SELECT id, recipient, subject, body_text, attempts FROM outbox "
      "WHERE sent_at IS NULL AND next_attempt_at <= ? "
      "AND (claimed_until IS NULL OR claimed_until < ?) "
      "ORDER BY next_attempt_at, id LIMIT ?";
  if (db->Kind() == Dialect::kPostgres) sql += " FOR UPDATE SKIP LOCKED";
  Query due(db, sql);
  due.Bind(1, now).Bind(2, now).Bind(3, static_cast<std::int64_t>(limit));
  std::vector<app::QueuedEmail> claimed;
  while (due.Step()) {
    claimed.push_back({due.Int(0), {due.Text(1), due.Text(2), due.Text(3)}, static_cast<int>(due.Int(4))});
  }
  Query claim(db, "UPDATE outbox SET claimed_until = ? WHERE id = ?");
  for (const auto& message : claimed) {
    claim.Reset();
    claim.Bind(1, claim_until).Bind(2, message.id).Run();
  }
  transaction.Commit();
  return claimed;
}

void SqlOutboxRepository::MarkSent(std::int64_t id, std::string_view now) {
  auto db = pool_.Acquire();
  Query update(db,
               "UPDATE outbox SET sent_at = ?, claimed_until = NULL, last_error = NULL "
               "WHERE id = ? AND sent_at IS NULL");
  update.Bind(1, now).Bind(2, id).Run();
}

void SqlOutboxRepository::MarkFailed(std::int64_t id, int attempts, std::string_view next_attempt_at,
                                     std::string_view error) {
  auto db = pool_.Acquire();
  Query update(db,
               "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_until = NULL "
               "WHERE id = ? AND sent_at IS NULL");
  update.Bind(1, std::int64_t{attempts}).Bind(2, next_attempt_at).Bind(3, error).Bind(4, id).Run();
}

app::OutboxCounts SqlOutboxRepository::Counts() {
  auto db = pool_.Acquire();
  Query query(db,
              "SELECT "
              "COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts = 0 THEN 1 ELSE 0 END), 0), "
              "COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0), "
              "COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts > 0 THEN 1 ELSE 0 END), 0) "
              "FROM outbox");
  query.Step();
  return {query.Int(0), query.Int(1), query.Int(2)};
}

}  // namespace lqf::store
