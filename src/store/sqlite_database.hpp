#pragma once
//! The SQLite implementation of store::Database: one connection to a file,
//! in WAL mode with foreign keys on and synchronous=FULL.

#include <string>
#include <string_view>

#include "store/database.hpp"

struct sqlite3;

namespace lqf::store {

//! One connection to a database file.
class SqliteDatabase final : public Database {
 public:
  //! Opens (creating if needed) the file; throws app::StoreError with the path
  //! and SQLite's reason if it cannot.
  explicit SqliteDatabase(const std::string& path);
  ~SqliteDatabase() override;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  std::unique_ptr<Statement> Prepare(std::string_view sql) override;
  void Exec(std::string_view sql) override;
  void Begin() override;
  void Commit() override;
  void Rollback() override;
  Dialect Kind() const override { return Dialect::kSqlite; }
  const std::string& Name() const override { return path_; }

  //! The file's path.
  const std::string& Path() const { return path_; }
  sqlite3* Handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace lqf::store
