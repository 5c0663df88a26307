#pragma once
//! PrivacyRepository over a store::Database (portable SQL: SQLite and PostgreSQL).

#include "app/privacy.hpp"
#include "store/connection_pool.hpp"

namespace lqf::store {

//! Reads everything held about a person, and erases it, each in one
//! transaction. Safe to share between threads: each call holds one
//! connection from the pool for its whole transaction.
class SqlPrivacyRepository final : public app::PrivacyRepository, private PooledRepository {
 public:
  //! Borrows a connection from `pool` for each call.
  explicit SqlPrivacyRepository(ConnectionPool& pool) : PooledRepository(pool) {}
  //! Uses one connection (shared with others through its Mutex()).
  explicit SqlPrivacyRepository(Database& db) : PooledRepository(db) {}

  std::optional<app::PersonData> LoadPersonData(std::int64_t person_id) override;
  app::ErasureResult ErasePerson(const app::ErasureRequest& request) override;
};

}  // namespace lqf::store
