#pragma once
//! HousekeepingRepository over a store::Database (portable SQL: SQLite and PostgreSQL).

#include "app/housekeeping.hpp"
#include "store/connection_pool.hpp"

namespace lqf::store {

//! Deletes expired sessions, links, throttling records and old sent email.
class SqlHousekeepingRepository final : public app::HousekeepingRepository, private PooledRepository {
 public:
  //! Borrows a connection from `pool` for each call.
  explicit SqlHousekeepingRepository(ConnectionPool& pool) : PooledRepository(pool) {}
  //! Uses one connection (shared with others through its Mutex()).
  explicit SqlHousekeepingRepository(Database& db) : PooledRepository(db) {}
  app::PurgeCounts Purge(const app::PurgeCutoffs& cutoffs) override;
};

}  // namespace lqf::store
