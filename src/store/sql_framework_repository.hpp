#pragma once
//! FrameworkRepository over a store::Database (portable SQL: SQLite and PostgreSQL).

#include "app/ports.hpp"
#include "store/connection_pool.hpp"

namespace lqf::store {

//! Stores framework versions and their elements. Safe to share between
//! threads: each call borrows a connection from the pool.
class SqlFrameworkRepository final : public app::FrameworkRepository, private PooledRepository {
 public:
  //! Borrows a connection from `pool` for each call.
  explicit SqlFrameworkRepository(ConnectionPool& pool) : PooledRepository(pool) {}
  //! Uses one connection (shared with others through its Mutex()).
  explicit SqlFrameworkRepository(Database& db) : PooledRepository(db) {}

  std::vector<app::StoredFramework> ListFrameworks() override;
  std::optional<app::StoredFramework> FindFramework(std::string_view code, std::string_view version) override;
  app::InsertOutcome InsertFramework(const domain::Framework& framework, const app::StoredFramework& record) override;
  std::string FrameworksStamp() override;
};

}  // namespace lqf::store
