#pragma once
//! What the repositories need from a database, whichever it is: prepared
//! statements with bound parameters (never SQL built from input), write
//! transactions, and one lock per connection. SQLite implements it today
//! (sqlite_database.hpp); PostgreSQL is next (issue 4).
//!
//! SQL is written once, with `?` placeholders; an adapter translates what its
//! engine needs (PostgreSQL's $1, $2 ...). Dialect differences in the schema
//! are placeholders expanded by ForDialect() (migrations.hpp).

#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace lqf::store {

//! Which SQL engine a connection talks to.
enum class Dialect { kSqlite, kPostgres };

//! A prepared statement. Bind parameters by 1-based index, then Step().
class Statement {
 public:
  virtual ~Statement() = default;
  virtual Statement& Bind(int index, std::string_view value) = 0;
  virtual Statement& Bind(int index, std::int64_t value) = 0;
  virtual Statement& BindNull(int index) = 0;
  //! Advances; true while there is a row to read. Throws app::StoreError on
  //! failure, UniqueViolation when a unique constraint fails.
  virtual bool Step() = 0;
  //! Makes the statement ready to bind and run again.
  virtual void Reset() = 0;
  virtual std::int64_t Int(int column) const = 0;
  virtual std::string Text(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
};

//! One connection. Every repository method holds Mutex() for its whole run,
//! so repositories sharing a connection never interleave on it.
class Database {
 public:
  virtual ~Database() = default;
  //! Prepares `sql` (with `?` placeholders).
  virtual std::unique_ptr<Statement> Prepare(std::string_view sql) = 0;
  //! Runs statements with no parameters (schema changes).
  virtual void Exec(std::string_view sql) = 0;
  //! Starts a transaction that will write (SQLite: BEGIN IMMEDIATE, so two
  //! writers queue at the start rather than fail at the end).
  virtual void Begin() = 0;
  //! Starts a transaction that only reads: its queries see one snapshot
  //! (and on SQLite share one read lock instead of taking one each).
  virtual void BeginRead() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
  virtual Dialect Kind() const = 0;
  //! What to call this database in messages (a path, or a URL without its password).
  virtual const std::string& Name() const = 0;

  std::recursive_mutex& Mutex() { return mutex_; }

 private:
  std::recursive_mutex mutex_;
};

//! A statement on a connection, by value: `Query q(db, "SELECT ..."); q.Bind(1, x);`.
class Query {
 public:
  Query(Database& db, std::string_view sql) : statement_(db.Prepare(sql)) {}
  Query& Bind(int index, std::string_view value) {
    statement_->Bind(index, value);
    return *this;
  }
  Query& Bind(int index, std::int64_t value) {
    statement_->Bind(index, value);
    return *this;
  }
  Query& BindNull(int index) {
    statement_->BindNull(index);
    return *this;
  }
  //! Binds a value, or NULL when there is none.
  Query& Bind(int index, const std::optional<std::int64_t>& value) {
    if (value) {
      statement_->Bind(index, *value);
    } else {
      statement_->BindNull(index);
    }
    return *this;
  }
  bool Step() { return statement_->Step(); }
  //! Runs a statement to its end (one that returns no rows, or whose rows are not needed).
  void Run() {
    while (Step()) {
    }
  }
  void Reset() { statement_->Reset(); }
  std::int64_t Int(int column) const { return statement_->Int(column); }
  std::string Text(int column) const { return statement_->Text(column); }
  bool IsNull(int column) const { return statement_->IsNull(column); }

 private:
  std::unique_ptr<Statement> statement_;
};

//! Begins a write transaction; rolls back unless Commit() was called.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) { db_.Begin(); }
  ~Transaction() {
    if (!done_) {
      try {
        db_.Rollback();
      } catch (...) {
        // The engine rolls back itself when the connection closes.
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void Commit() {
    db_.Commit();
    done_ = true;
  }

 private:
  Database& db_;
  bool done_ = false;
};

//! Begins a read-only transaction, ended when this goes out of scope.
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db) : db_(db) { db_.BeginRead(); }
  ~ReadTransaction() {
    try {
      db_.Commit();
    } catch (...) {
      // Nothing was written; the engine ends the transaction itself when the
      // connection closes.
    }
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& db_;
};

//! Thrown by Step() when a UNIQUE or PRIMARY KEY constraint fails, so an
//! adapter can turn that one expected failure into a return value.
class UniqueViolation : public std::exception {
 public:
  const char* what() const noexcept override { return "unique constraint"; }
};

}  // namespace lqf::store
