#pragma once
//! HousekeepingRepository over a store::Database (portable SQL; SQLite today).

#include "app/housekeeping.hpp"
#include "store/database.hpp"

namespace lqf::store {

//! Deletes expired sessions, links, throttling records and old sent email.
class SqlHousekeepingRepository final : public app::HousekeepingRepository {
 public:
  explicit SqlHousekeepingRepository(Database& db) : db_(db) {}
  app::PurgeCounts Purge(const app::PurgeCutoffs& cutoffs) override;

 private:
  Database& db_;
};

}  // namespace lqf::store
