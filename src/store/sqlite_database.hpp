#pragma once
//! A thin, safe wrapper over one SQLite connection: prepared statements with
//! bound parameters only (never SQL built from input), transactions, errors as
//! app::StoreError.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace lqf::store {

class SqliteDatabase;

//! A prepared statement. Bind parameters by 1-based index, then Step().
class SqliteStatement {
 public:
  SqliteStatement(SqliteDatabase& db, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& Bind(int index, std::string_view value);
  SqliteStatement& Bind(int index, std::int64_t value);
  SqliteStatement& BindNull(int index);

  //! Advances; true while there is a row to read.
  bool Step();
  //! Runs a statement that returns no rows.
  void Run();
  //! Makes the statement ready to bind and run again.
  void Reset();

  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;

 private:
  SqliteDatabase& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

//! SQLite's result code when a UNIQUE or PRIMARY KEY constraint fails.
inline constexpr int kSqliteConstraintUnique = 2067;

//! One connection to a database file, opened in WAL mode with foreign keys on.
class SqliteDatabase {
 public:
  //! Opens (creating if needed) the file; throws app::StoreError with the path
  //! and SQLite's reason if it cannot.
  explicit SqliteDatabase(const std::string& path);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  //! Runs one or more statements with no parameters (migrations, pragmas).
  void Exec(std::string_view sql);
  //! Extended result code of the last failure (e.g. kSqliteConstraintUnique).
  int LastErrorCode() const;
  sqlite3* Handle() { return db_; }
  //! The connection's lock. Every repository method holds it for its whole
  //! run (statements and transaction), so repositories sharing a connection
  //! never interleave on it, whatever thread calls them.
  std::recursive_mutex& Mutex() { return mutex_; }
  const std::string& Path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
  std::recursive_mutex mutex_;
};

//! Begins IMMEDIATE on construction; rolls back unless Commit() was called.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& db);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void Commit();

 private:
  SqliteDatabase& db_;
  bool done_ = false;
};

//! Thrown inside the store when a UNIQUE constraint fails, so an adapter can
//! turn that one expected failure into a return value.
class SqliteConstraintError : public std::exception {
 public:
  const char* what() const noexcept override { return "unique constraint"; }
};

}  // namespace lqf::store
