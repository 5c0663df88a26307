#pragma once
//! OutboxRepository over a store::Database (portable SQL; SQLite today).

#include <mutex>

#include "app/mail.hpp"
#include "store/database.hpp"

namespace lqf::store {

//! The email outbox table. Safe to share between threads: calls are
//! serialised on the one connection. Give it a connection of its own (not one
//! another repository locks separately), since the outbox worker uses it from
//! its own thread.
class SqlOutboxRepository final : public app::OutboxRepository {
 public:
  explicit SqlOutboxRepository(Database& db);

  std::int64_t Enqueue(const app::OutgoingEmail& email, std::string_view now) override;
  std::vector<app::QueuedEmail> ClaimDue(std::string_view now, std::string_view claim_until,
                                         std::size_t limit) override;
  void MarkSent(std::int64_t id, std::string_view now) override;
  void MarkFailed(std::int64_t id, int attempts, std::string_view next_attempt_at, std::string_view error) override;
  app::OutboxCounts Counts() override;

 private:
  Database& db_;
};

}  // namespace lqf::store
