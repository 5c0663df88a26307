#pragma once
//! OutboxRepository over a store::Database (portable SQL: SQLite and PostgreSQL).

#include "app/mail.hpp"
#include "store/connection_pool.hpp"

namespace lqf::store {

//! The email outbox table. Safe to share between threads (the
//! outbox worker calls it from its own): each call borrows a connection from
//! the pool.
class SqlOutboxRepository final : public app::OutboxRepository, private PooledRepository {
 public:
  //! Borrows a connection from `pool` for each call.
  explicit SqlOutboxRepository(ConnectionPool& pool) : PooledRepository(pool) {}
  //! Uses one connection (shared with others through its Mutex()).
  explicit SqlOutboxRepository(Database& db) : PooledRepository(db) {}

  std::int64_t Enqueue(const app::OutgoingEmail& email, std::string_view now) override;
  std::vector<app::QueuedEmail> ClaimDue(std::string_view now, std::string_view claim_until,
                                         std::size_t limit) override;
  void MarkSent(std::int64_t id, std::string_view now) override;
  void MarkFailed(std::int64_t id, int attempts, std::string_view next_attempt_at, std::string_view error) override;
  app::OutboxCounts Counts() override;
};

}  // namespace lqf::store
