#pragma once
//! PrivacyRepository over a store::Database (portable SQL; SQLite today).

#include <mutex>

#include "app/privacy.hpp"
#include "store/database.hpp"

namespace lqf::store {

//! Reads everything held about a person, and erases it, each in one
//! transaction. Calls are serialised on the connection, so it is safe to
//! share between threads. Give it a connection of its own: connections are
//! opened without SQLite's own mutex, and another repository locking the same
//! connection with its own mutex could run a statement inside this one's
//! transaction.
class SqlPrivacyRepository final : public app::PrivacyRepository {
 public:
  explicit SqlPrivacyRepository(Database& db);

  std::optional<app::PersonData> LoadPersonData(std::int64_t person_id) override;
  app::ErasureResult ErasePerson(const app::ErasureRequest& request) override;

 private:
  Database& db_;
};

}  // namespace lqf::store
