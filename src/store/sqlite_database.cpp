#include "store/sqlite_database.hpp"

#include <sqlite3.h>

#include <mutex>

#include "app/ports.hpp"

namespace lqf::store {
namespace {

// How long a writer waits for another process's write lock before giving up.
constexpr int kBusyTimeoutMs = 5000;

[[noreturn]] void Fail(sqlite3* db, std::string_view what) {
  const int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) throw UniqueViolation();
  throw app::StoreError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

//! A prepared SQLite statement, borrowed from its connection's cache of
//! statements and given back (reset) when done with.
class SqliteStatement final : public Statement {
 public:
  SqliteStatement(SqliteDatabase& owner, sqlite3* db, std::string sql, sqlite3_stmt* stmt)
      : owner_(owner), db_(db), sql_(std::move(sql)), stmt_(stmt) {}
  ~SqliteStatement() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    owner_.GiveBack(std::move(sql_), stmt_);
  }

  Statement& Bind(int index, std::string_view value) override {
    if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
      Fail(db_, "binding a value");
    }
    return *this;
  }
  Statement& Bind(int index, std::int64_t value) override {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) Fail(db_, "binding a value");
    return *this;
  }
  Statement& BindNull(int index) override {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) Fail(db_, "binding a value");
    return *this;
  }
  bool Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Fail(db_, "running a statement");
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  std::string Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }
  bool IsNull(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  SqliteDatabase& owner_;
  sqlite3* db_;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
};

//! Process-wide settings, made once before the first connection opens.
void ConfigureOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    // SQLite counts the memory it uses under one process-wide mutex, which
    // every thread then takes on each allocation; we do not read the counts.
    // (Refused, harmlessly, if something initialised SQLite before us.)
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

}  // namespace

SqliteDatabase::SqliteDatabase(const std::string& path) : path_(path) {
  ConfigureOnce();
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string reason = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw app::StoreError("cannot open database " + path + ": " + reason);
  }
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  // WAL lets readers carry on while one writer commits; synchronous=FULL makes
  // every acknowledged commit survive a power cut, not only a crash.
  // secure_delete: an erasure must not leave what it removed in the file's
  // free space (Debian's build already defaults to it; others may not).
  Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;");
}

SqliteDatabase::~SqliteDatabase() {
  for (auto& [sql, statements] : idle_) {
    for (auto* statement : statements) sqlite3_finalize(statement);
  }
  sqlite3_close_v2(db_);
}

std::unique_ptr<Statement> SqliteDatabase::Prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = idle_.find(key); it != idle_.end() && !it->second.empty()) {
    auto* statement = it->second.back();
    it->second.pop_back();
    return std::make_unique<SqliteStatement>(*this, db_, std::move(key), statement);
  }
  sqlite3_stmt* statement = nullptr;
  // Persistent: kept and reused, so SQLite plans it for the long run.
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement,
                         nullptr) != SQLITE_OK) {
    Fail(db_, "preparing a statement");
  }
  return std::make_unique<SqliteStatement>(*this, db_, std::move(key), statement);
}

void SqliteDatabase::GiveBack(std::string sql, sqlite3_stmt* statement) {
  auto it = idle_.find(sql);
  if (it == idle_.end()) {
    if (idle_.size() >= kMaxCachedStatements) {
      sqlite3_finalize(statement);
      return;
    }
    it = idle_.emplace(std::move(sql), std::vector<sqlite3_stmt*>{}).first;
  }
  it->second.push_back(statement);
}

void SqliteDatabase::Exec(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string reason = error ? error : "unknown error";
    sqlite3_free(error);
    const int code = sqlite3_extended_errcode(db_);
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) throw UniqueViolation();
    throw app::StoreError(path_ + ": " + reason);
  }
}

void SqliteDatabase::Begin() { Exec("BEGIN IMMEDIATE"); }
// A deferred BEGIN: the read lock is taken by the first query and kept to COMMIT.
void SqliteDatabase::BeginRead() { Prepare("BEGIN")->Step(); }
void SqliteDatabase::Commit() { Prepare("COMMIT")->Step(); }
void SqliteDatabase::Rollback() { Exec("ROLLBACK"); }

}  // namespace lqf::store
