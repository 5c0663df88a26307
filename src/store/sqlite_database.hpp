#pragma once
//! The SQLite implementation of store::Database: one connection to a file,
//! in WAL mode with foreign keys on and synchronous=FULL.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/database.hpp"

struct sqlite3;
struct sqlite3_stmt;

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
  void BeginRead() override;
  void Commit() override;
  void Rollback() override;
  Dialect Kind() const override { return Dialect::kSqlite; }
  const std::string& Name() const override { return path_; }

  //! The file's path.
  const std::string& Path() const { return path_; }
  sqlite3* Handle() { return db_; }

  //! Takes back a statement its user is done with (reset), to reuse for the
  //! same SQL. Called by the statements Prepare() hands out.
  void GiveBack(std::string sql, sqlite3_stmt* statement);

 private:
  //! Distinct statements kept prepared; beyond this, statements are finalised after use.
  static constexpr std::size_t kMaxCachedStatements = 512;

  sqlite3* db_ = nullptr;
  std::string path_;
  //! Prepared statements not in use, by their SQL: each is compiled once per
  //! connection, not on every run. (One thread uses a connection at a time.)
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>> idle_;
};

}  // namespace lqf::store
