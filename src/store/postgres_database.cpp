#include "store/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>
#include <utility>

#include "app/ports.hpp"

namespace lqf::store {
namespace {

// GENERATED ... AS IDENTITY (the schema's {{id}}) arrived in PostgreSQL 10.
constexpr int kMinimumServerVersion = 100000;
constexpr std::string_view kUniqueViolation = "23505";
// How much of a statement a message quotes: enough to recognise it.
constexpr std::size_t kSummaryLength = 60;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// libpq prints notices ("relation already exists, skipping", "there is no
// transaction in progress") to stderr by default; they are expected, and the
// server's log has them if anyone needs them.
void IgnoreNotice(void*, const char*) {}

//! `text` on one line: runs of whitespace become one space.
std::string OneLine(std::string_view text) {
  std::string line;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !line.empty();
    } else {
      if (space) line += ' ';
      space = false;
      line += c;
    }
  }
  return line;
}

//! The start of a statement, to name it in a message. Only ever our own SQL:
//! values travel as parameters, so this never holds personal data.
std::string Summary(std::string_view sql) {
  auto line = OneLine(sql);
  if (line.size() > kSummaryLength) line = line.substr(0, kSummaryLength) + "...";
  return line;
}

struct Numbered {
  std::string sql;
  int parameters = 0;
};

Numbered Number(std::string_view sql) {
  enum class In { kCode, kString, kIdentifier, kLineComment, kBlockComment };
  Numbered out;
  out.sql.reserve(sql.size() + 16);
  In in = In::kCode;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    switch (in) {
      case In::kCode:
        if (c == '?') {
          out.sql += '$' + std::to_string(++out.parameters);
          continue;
        }
        // A doubled quote inside a literal ('it''s') leaves and re-enters it,
        // which comes to the same thing.
        if (c == '\'') in = In::kString;
        if (c == '"') in = In::kIdentifier;
        if (c == '-' && next == '-') in = In::kLineComment;
        if (c == '/' && next == '*') {
          in = In::kBlockComment;
          out.sql += c;
          ++i;
          out.sql += next;
          continue;
        }
        break;
      case In::kString:
        if (c == '\'') in = In::kCode;
        break;
      case In::kIdentifier:
        if (c == '"') in = In::kCode;
        break;
      case In::kLineComment:
        if (c == '\n') in = In::kCode;
        break;
      case In::kBlockComment:
        if (c == '*' && next == '/') {
          in = In::kCode;
          out.sql += c;
          ++i;
          out.sql += next;
          continue;
        }
        break;
    }
    out.sql += c;
  }
  return out;
}

//! Where the passwords are in a URL (user:PASSWORD@host, ?password=...) or a
//! keyword string (password=...), as (offset, length) pairs.
std::vector<std::pair<std::size_t, std::size_t>> PasswordSpans(std::string_view url) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    const auto host = scheme + 3;
    const auto end = std::min(url.find_first_of("/?#", host), url.size());
    const auto at = url.substr(0, end).rfind('@');
    if (at != std::string_view::npos && at >= host) {
      const auto colon = url.substr(0, at).find(':', host);
      if (colon != std::string_view::npos) spans.emplace_back(colon + 1, at - colon - 1);
    }
  }
  constexpr std::string_view kKey = "password=";
  for (auto at = url.find(kKey); at != std::string_view::npos; at = url.find(kKey, at + kKey.size())) {
    if (at != 0 && url[at - 1] != '?' && url[at - 1] != '&' && url[at - 1] != ' ') continue;
    const auto start = at + kKey.size();
    const auto end = std::min(url.find_first_of("&# ", start), url.size());
    spans.emplace_back(start, end - start);
  }
  return spans;
}

//! `text` with every password of `url` in it replaced by ***.
std::string ScrubPasswords(std::string text, std::string_view url) {
  for (const auto& [start, length] : PasswordSpans(url)) {
    if (length == 0) continue;
    const auto password = url.substr(start, length);
    for (auto at = text.find(password); at != std::string::npos; at = text.find(password, at + 3)) {
      text.replace(at, password.size(), "***");
    }
  }
  return text;
}

//! A data exception's message without the offending value, which came from a
//! parameter and may be personal data: `invalid input syntax for type bigint:
//! "..."`, `value "..." is out of range for type integer`.
std::string WithoutValues(std::string message) {
  if (const auto colon = message.find(": "); colon != std::string::npos) message.resize(colon);
  std::string out;
  bool quoted = false;
  for (const char c : message) {
    if (c == '"') {
      if (!quoted) out += "\"...\"";
      quoted = !quoted;
    } else if (!quoted) {
      out += c;
    }
  }
  return out;
}

//! What went wrong, on one line, without DETAIL (which quotes row values).
std::string Describe(const PGresult* result, const PGconn* connection) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = OneLine(primary ? primary : PQerrorMessage(connection));
  if (message.empty()) message = "unknown error";
  if (state && std::string_view(state).starts_with("22")) message = WithoutValues(std::move(message));
  if (state) message += " (SQLSTATE " + std::string(state) + ")";
  return message;
}

}  // namespace

//! A statement: its SQL numbered for PostgreSQL, its parameters as text, and
//! after the first Step() its whole result, read one row per Step().
class PostgresStatement final : public Statement {
 public:
  PostgresStatement(PostgresDatabase& db, std::string_view sql) : db_(db) {
    auto numbered = Number(sql);
    sql_ = std::move(numbered.sql);
    values_.resize(static_cast<std::size_t>(numbered.parameters));
  }

  Statement& Bind(int index, std::string_view value) override {
    Slot(index) = std::string(value);
    return *this;
  }
  Statement& Bind(int index, std::int64_t value) override {
    Slot(index) = std::to_string(value);
    return *this;
  }
  Statement& BindNull(int index) override {
    Slot(index).reset();
    return *this;
  }

  bool Step() override {
    if (!executed_) {
      std::vector<const char*> values;
      values.reserve(values_.size());
      for (const auto& value : values_) values.push_back(value ? value->c_str() : nullptr);
      executed_ = true;
      result_.reset(db_.Run(sql_, &values));
      rows_ = PQntuples(result_.get());
      row_ = 0;
    } else if (row_ < rows_) {
      ++row_;
    }
    // Once done it stays done until Reset(), rather than run the statement again.
    return row_ < rows_;
  }

  void Reset() override {
    result_.reset();
    executed_ = false;
    rows_ = 0;
    row_ = 0;
    for (auto& value : values_) value.reset();
  }

  std::int64_t Int(int column) const override {
    const char* text = Value(column);
    // NULL reads as 0, as in SQLite.
    if (PQgetisnull(result_.get(), row_, column)) return 0;
    const auto length = static_cast<std::size_t>(PQgetlength(result_.get(), row_, column));
    // A comparison (`disabled_at IS NOT NULL`) is a boolean here, an integer in SQLite.
    if (length == 1 && text[0] == 't') return 1;
    if (length == 1 && text[0] == 'f') return 0;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text, text + length, value);
    if (error != std::errc() || end != text + length) {
      throw app::StoreError("column " + std::to_string(column) + " of \"" + Summary(sql_) + "\" is not an integer");
    }
    return value;
  }
  std::string Text(int column) const override {
    const char* text = Value(column);
    return std::string(text, static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
  }
  bool IsNull(int column) const override {
    Value(column);
    return PQgetisnull(result_.get(), row_, column) != 0;
  }

 private:
  std::optional<std::string>& Slot(int index) {
    if (index < 1 || static_cast<std::size_t>(index) > values_.size()) {
      throw app::StoreError("no parameter " + std::to_string(index) + " in \"" + Summary(sql_) + "\" (it has " +
                            std::to_string(values_.size()) + ")");
    }
    return values_[static_cast<std::size_t>(index - 1)];
  }
  //! The current row's value, checking there is one (libpq would return NULL).
  const char* Value(int column) const {
    if (!result_ || row_ >= rows_) {
      throw app::StoreError("reading column " + std::to_string(column) + " of \"" + Summary(sql_) +
                            "\" with no current row");
    }
    if (column < 0 || column >= PQnfields(result_.get())) {
      throw app::StoreError("no column " + std::to_string(column) + " in \"" + Summary(sql_) + "\"");
    }
    return PQgetvalue(result_.get(), row_, column);
  }

  PostgresDatabase& db_;
  std::string sql_;
  std::vector<std::optional<std::string>> values_;
  ResultPtr result_;
  bool executed_ = false;
  int rows_ = 0;
  int row_ = 0;
};

PostgresDatabase::PostgresDatabase(const std::string& url, std::chrono::milliseconds statement_timeout)
    : name_(WithoutPassword(url)), statement_timeout_(statement_timeout) {
  // Defaults first: the URL is expanded in place of dbname, so its own
  // settings override them. Keepalives notice a server that vanished without
  // closing the connection (a crash, a network cut) in about a minute.
  const char* const keywords[] = {"connect_timeout",
                                  "keepalives_idle",
                                  "keepalives_interval",
                                  "keepalives_count",
                                  "application_name",
                                  "client_encoding",
                                  "dbname",
                                  nullptr};
  const char* const values[] = {"10", "30", "10", "3", "lqf", "UTF8", url.c_str(), nullptr};
  connection_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!connection_) throw app::StoreError("cannot connect to PostgreSQL at " + name_ + ": out of memory");
  try {
    if (PQstatus(connection_) != CONNECTION_OK) {
      throw app::StoreError("cannot connect to PostgreSQL at " + name_ + ": " +
                            ScrubPasswords(OneLine(PQerrorMessage(connection_)), url));
    }
    if (PQserverVersion(connection_) < kMinimumServerVersion) {
      throw app::StoreError("PostgreSQL at " + name_ + " is version " + std::to_string(PQserverVersion(connection_)) +
                            "; LQF needs 10 or newer");
    }
    // Terse: error messages then never carry DETAIL, which can quote a row.
    PQsetErrorVerbosity(connection_, PQERRORS_TERSE);
    PQsetNoticeProcessor(connection_, IgnoreNotice, nullptr);
    ApplySessionSettings();
  } catch (...) {
    PQfinish(connection_);
    throw;
  }
}

PostgresDatabase::~PostgresDatabase() { PQfinish(connection_); }

void PostgresDatabase::ApplySessionSettings() {
  PQclear(RunOnce("SET statement_timeout = " + std::to_string(statement_timeout_.count()), nullptr));
}

std::unique_ptr<Statement> PostgresDatabase::Prepare(std::string_view sql) {
  return std::make_unique<PostgresStatement>(*this, sql);
}

void PostgresDatabase::Exec(std::string_view sql) { PQclear(Run(std::string(sql), nullptr)); }

void PostgresDatabase::Begin() {
  if (in_transaction_ || transaction_lost_) {
    throw app::StoreError("a transaction is already open on " + name_ + "; transactions do not nest");
  }
  PQclear(Run("BEGIN", nullptr));
  in_transaction_ = true;
}

void PostgresDatabase::BeginRead() {
  if (in_transaction_ || transaction_lost_) {
    throw app::StoreError("a transaction is already open on " + name_ + "; transactions do not nest");
  }
  PQclear(Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", nullptr));
  in_transaction_ = true;
}

void PostgresDatabase::Commit() {
  if (transaction_lost_) {
    throw app::StoreError("cannot commit on " + name_ +
                          ": the connection was lost and the server rolled the transaction back");
  }
  ResultPtr result;
  try {
    result.reset(Run("COMMIT", nullptr));
  } catch (...) {
    // Whatever happened, the transaction is over (a lost connection keeps
    // transaction_lost_ set until Rollback()).
    in_transaction_ = false;
    throw;
  }
  in_transaction_ = false;
  // PostgreSQL answers COMMIT of a transaction in which a statement failed
  // with a rollback, not an error. SQLite would have committed the rest.
  if (std::string_view(PQcmdStatus(result.get())) == "ROLLBACK") {
    throw app::StoreError("PostgreSQL at " + name_ +
                          " rolled the transaction back instead of committing it: a statement in it had failed");
  }
}

void PostgresDatabase::Rollback() {
  const bool lost = transaction_lost_;
  in_transaction_ = false;
  transaction_lost_ = false;
  // With the connection gone the server has rolled back already; the next
  // statement reconnects.
  if (lost || PQstatus(connection_) != CONNECTION_OK) return;
  PQclear(Run("ROLLBACK", nullptr));
}

PGresult* PostgresDatabase::Run(const std::string& sql, const std::vector<const char*>* parameters) {
  if (transaction_lost_) {
    throw app::StoreError("the connection to PostgreSQL at " + name_ +
                          " was lost inside a transaction, which the server rolled back; nothing more runs in it");
  }
  if (PQstatus(connection_) != CONNECTION_OK) {
    // One attempt per statement: a server that is down fails each request
    // within connect_timeout rather than holding it.
    PQreset(connection_);
    prepared_.clear();  // a new session has none of the old one's statements
    if (PQstatus(connection_) != CONNECTION_OK) {
      throw app::StoreError("cannot reconnect to PostgreSQL at " + name_ + ": " + OneLine(PQerrorMessage(connection_)));
    }
    ApplySessionSettings();
  }
  return RunOnce(sql, parameters);
}

const std::string* PostgresDatabase::PreparedName(const std::string& sql) {
  if (const auto found = prepared_.find(sql); found != prepared_.end()) return &found->second;
  if (prepared_.size() >= kMaxPreparedStatements) return nullptr;
  std::string name = "lqf_" + std::to_string(prepared_.size());
  ResultPtr result(PQprepare(connection_, name.c_str(), sql.c_str(), 0, nullptr));
  // On failure (a mistake in the SQL, an aborted transaction, a lost
  // connection) the caller runs it unprepared, which reports the reason.
  if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) return nullptr;
  return &prepared_.emplace(sql, std::move(name)).first->second;
}

PGresult* PostgresDatabase::RunOnce(const std::string& sql, const std::vector<const char*>* parameters) {
  ResultPtr result;
  if (!parameters) {
    result.reset(PQexec(connection_, sql.c_str()));
  } else if (const std::string* name = PreparedName(sql)) {
    result.reset(PQexecPrepared(connection_, name->c_str(), static_cast<int>(parameters->size()), parameters->data(),
                                nullptr, nullptr, /*resultFormat=*/0));
  } else {
    result.reset(PQexecParams(connection_, sql.c_str(), static_cast<int>(parameters->size()), nullptr,
                              parameters->data(), nullptr, nullptr, /*resultFormat=*/0));
  }
  const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    return result.release();
  }
  if (PQstatus(connection_) != CONNECTION_OK) {
    std::string consequence = "; the next statement reconnects";
    if (sql == "COMMIT") {
      consequence = "; whether the transaction was committed is unknown" + consequence;
    } else if (in_transaction_) {
      consequence = "; the server rolled the transaction back" + consequence;
    }
    if (in_transaction_) transaction_lost_ = true;
    throw app::StoreError("lost the connection to PostgreSQL at " + name_ + " while running \"" + Summary(sql) + "\"" +
                          consequence);
  }
  const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
  if (state && state == kUniqueViolation) throw UniqueViolation();
  if (status != PGRES_FATAL_ERROR && status != PGRES_NONFATAL_ERROR && status != PGRES_BAD_RESPONSE) {
    throw app::StoreError("PostgreSQL at " + name_ + " gave an unexpected " + PQresStatus(status) + " for \"" +
                          Summary(sql) + "\"");
  }
  throw app::StoreError("PostgreSQL at " + name_ + " could not run \"" + Summary(sql) +
                        "\": " + Describe(result.get(), connection_));
}

std::string NumberPlaceholders(std::string_view sql) { return Number(sql).sql; }

std::string WithoutPassword(std::string_view url) {
  std::string text(url);
  auto spans = PasswordSpans(url);
  // From the end, so earlier offsets stay right.
  std::sort(spans.begin(), spans.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [start, length] : spans) text.replace(start, length, "***");
  return text;
}

}  // namespace lqf::store
