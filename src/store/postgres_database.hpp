#pragma once
//! The PostgreSQL implementation of store::Database: one libpq connection,
//! given as a URL (postgresql://user@host:port/dbname?...).
//!
//! Statements are prepared once per connection (PQprepare, then
//! PQexecPrepared), their `?` placeholders numbered $1, $2 ... and every
//! value sent as text, so the server types each parameter
//! from where it is used, as SQLite's loose typing lets the same SQL do.
//! A statement's rows are fetched whole on its first Step().
//!
//! A lost connection is reported (app::StoreError) by the statement that
//! finds it; the next statement reconnects. A reconnection is a new session:
//! anything set with `SET` through Exec() is gone, so settings that must last
//! belong in the URL (`?options=-csearch_path%3Dlqf`). A transaction cannot
//! survive a lost connection (the server rolls it back), so every statement
//! until Rollback() is refused rather than run outside it.

#include <chrono>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/database.hpp"

struct pg_conn;
struct pg_result;

namespace lqf::store {

class PostgresStatement;

//! One connection to a PostgreSQL database (10 or newer; built for 15).
class PostgresDatabase final : public Database {
 public:
  //! How long one statement may run before the server cancels it.
  static constexpr std::chrono::milliseconds kDefaultStatementTimeout{30'000};

  //! Connects; throws app::StoreError with the URL (password hidden) and the
  //! reason if it cannot. Unless the URL says otherwise, connecting gives up
  //! after 10 s, and a server that stops answering is noticed within a minute.
  explicit PostgresDatabase(const std::string& url,
                            std::chrono::milliseconds statement_timeout = kDefaultStatementTimeout);
  ~PostgresDatabase() override;
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  std::unique_ptr<Statement> Prepare(std::string_view sql) override;
  //! Runs one or more statements with no parameters (the simple protocol).
  void Exec(std::string_view sql) override;
  //! Refuses (app::StoreError) to nest: PostgreSQL would only warn, and the
  //! inner COMMIT would then commit the outer transaction's work.
  void Begin() override;
  void BeginRead() override;
  //! Throws app::StoreError if the transaction was rolled back instead (a
  //! statement in it had failed) or the connection was lost on the way.
  void Commit() override;
  void Rollback() override;
  Dialect Kind() const override { return Dialect::kPostgres; }
  //! The URL with any password replaced by ***.
  const std::string& Name() const override { return name_; }

 private:
  friend class PostgresStatement;

  //! Runs `sql` (with parameters if `parameters` is given, else with PQexec)
  //! after reconnecting if need be; returns the successful result (the caller
  //! frees it) or throws UniqueViolation or app::StoreError.
  pg_result* Run(const std::string& sql, const std::vector<const char*>* parameters);
  //! Runs `sql` on the connection as it is, without reconnecting.
  pg_result* RunOnce(const std::string& sql, const std::vector<const char*>* parameters);
  void ApplySessionSettings();
  //! The name of `sql` prepared on this connection, preparing it the first
  //! time; null if it cannot be (then it runs unprepared).
  const std::string* PreparedName(const std::string& sql);

  pg_conn* connection_ = nullptr;
  std::string name_;
  std::chrono::milliseconds statement_timeout_;
  //! Statements prepared on this session, by their SQL: each is parsed and
  //! planned once per connection rather than on every run.
  std::unordered_map<std::string, std::string> prepared_;
  //! Enough for every statement LQF has, with room; beyond it, statements run unprepared.
  static constexpr std::size_t kMaxPreparedStatements = 512;
  bool in_transaction_ = false;
  //! The connection was lost inside a transaction that has not been rolled back yet.
  bool transaction_lost_ = false;
};

//! `sql` with its `?` placeholders numbered for PostgreSQL ($1, $2 ...), except
//! inside quoted literals and identifiers and comments.
std::string NumberPlaceholders(std::string_view sql);

//! A connection URL fit for messages and logs: any password replaced by ***.
std::string WithoutPassword(std::string_view url);

}  // namespace lqf::store
