#pragma once
//! HousekeepingRepository over SQLite.

#include "app/housekeeping.hpp"
#include "store/sqlite_database.hpp"

namespace lqf::store {

//! Deletes expired sessions, links, throttling records and old sent email.
class SqlHousekeepingRepository final : public app::HousekeepingRepository {
 public:
  explicit SqlHousekeepingRepository(SqliteDatabase& db) : db_(db) {}
  app::PurgeCounts Purge(const app::PurgeCutoffs& cutoffs) override;

 private:
  SqliteDatabase& db_;
};

}  // namespace lqf::store
