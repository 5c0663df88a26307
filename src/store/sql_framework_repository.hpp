#pragma once
//! FrameworkRepository over a store::Database (portable SQL; SQLite today).

#include <mutex>

#include "app/ports.hpp"
#include "store/database.hpp"

namespace lqf::store {

//! Stores framework versions and their elements. Safe to share between
//! threads: calls are serialised on the one connection.
class SqlFrameworkRepository final : public app::FrameworkRepository {
 public:
  explicit SqlFrameworkRepository(Database& db);

  std::vector<app::StoredFramework> ListFrameworks() override;
  std::optional<app::StoredFramework> FindFramework(std::string_view code, std::string_view version) override;
  app::InsertOutcome InsertFramework(const domain::Framework& framework, const app::StoredFramework& record) override;
  std::string FrameworksStamp() override;

 private:
  Database& db_;
};

}  // namespace lqf::store
