#include "store/copy_database.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <optional>
#include <variant>

#include "app/ports.hpp"
#include "store/migrations.hpp"

namespace lqf::store {
namespace {

// The schema as migrations.cpp builds it, table by table, columns in the order
// declared. Parents come before the tables that reference them.
constexpr std::array<CopiedColumn, 7> kFrameworks{{
    {"id", true},
    {"code"},
    {"version"},
    {"title"},
    {"content_sha256"},
    {"document"},
    {"imported_at"},
}};
constexpr std::array<CopiedColumn, 9> kFrameworkElements{{
    {"id", true},
    {"framework_id", true},
    {"code"},
    {"parent_code"},
    {"type"},
    {"depth", true},
    {"position", true},
    {"name"},
    {"scored", true},
}};
constexpr std::array<CopiedColumn, 5> kOrganisations{{
    {"id", true},
    {"name"},
    {"kind"},
    {"region"},
    {"created_at"},
}};
constexpr std::array<CopiedColumn, 5> kCohorts{{
    {"id", true},
    {"organisation_id", true},
    {"name"},
    {"year", true},
    {"created_at"},
}};
constexpr std::array<CopiedColumn, 10> kPeople{{
    {"id", true},
    {"organisation_id", true},
    {"name"},
    {"email"},
    {"job_title"},
    {"background"},
    {"password_hash"},
    {"disabled_at"},
    {"erased_at"},
    {"created_at"},
}};
constexpr std::array<CopiedColumn, 6> kRoleGrants{{
    {"id", true},
    {"person_id", true},
    {"role"},
    {"organisation_id", true},
    {"cohort_id", true},
    {"granted_at"},
}};
constexpr std::array<CopiedColumn, 6> kSessions{{
    {"token_hash"},
    {"person_id", true},
    {"csrf_token"},
    {"created_at"},
    {"last_seen_at"},
    {"expires_at"},
}};
constexpr std::array<CopiedColumn, 6> kAuthTokens{{
    {"token_hash"},
    {"person_id", true},
    {"purpose"},
    {"created_at"},
    {"expires_at"},
    {"used_at"},
}};
constexpr std::array<CopiedColumn, 3> kSignInFailures{{
    {"id", true},
    {"subject"},
    {"failed_at"},
}};
constexpr std::array<CopiedColumn, 10> kOutbox{{
    {"id", true},
    {"recipient"},
    {"subject"},
    {"body_text"},
    {"created_at"},
    {"attempts", true},
    {"next_attempt_at"},
    {"claimed_until"},
    {"last_error"},
    {"sent_at"},
}};
constexpr std::array<CopiedColumn, 7> kAuditLog{{
    {"id", true},
    {"at"},
    {"actor_person_id", true},
    {"action"},
    {"subject_person_id", true},
    {"organisation_id", true},
    {"detail"},
}};

constexpr std::array<CopiedColumn, 13> kCycles{{
    {"id", true},
    {"participant_id", true},
    {"framework_code"},
    {"framework_version"},
    {"title"},
    {"deadline"},
    {"status"},
    {"needs_approval", true},
    {"reminder_limit", true},
    {"reminder_gap_days", true},
    {"created_by", true},
    {"created_at"},
    {"status_changed_at"},
}};
constexpr std::array<CopiedColumn, 4> kCycleElements{{
    {"id", true},
    {"cycle_id", true},
    {"position", true},
    {"element_code"},
}};
constexpr std::array<CopiedColumn, 8> kCycleGroups{{
    {"id", true},
    {"cycle_id", true},
    {"position", true},
    {"code"},
    {"label"},
    {"minimum", true},
    {"single_person", true},
    {"attributed", true},
}};
constexpr std::array<CopiedColumn, 11> kRaters{{
    {"id", true},
    {"cycle_id", true},
    {"name"},
    {"email"},
    {"group_code"},
    {"status"},
    {"access_hash"},
    {"reminders_sent", true},
    {"last_sent_at"},
    {"declined_reason"},
    {"created_at"},
}};
constexpr std::array<CopiedColumn, 4> kResponses{{
    {"response_key"},
    {"cycle_id", true},
    {"group_code"},
    {"submitted", true},
}};
constexpr std::array<CopiedColumn, 7> kAnswers{{
    {"answer_key"},
    {"response_key"},
    {"element_code"},
    {"answered", true},
    {"rating", true},
    {"importance", true},
    {"comment"},
}};

constexpr std::array<CopiedColumn, 4> kCycleContextNotes{{
    {"id", true},
    {"cycle_id", true},
    {"issue_code"},
    {"note"},
}};

constexpr std::array<CopiedColumn, 4> kReleases{{
    {"id", true},
    {"cycle_id", true},
    {"released_at"},
    {"released_by", true},
}};
constexpr std::array<CopiedColumn, 3> kReleaseResponses{{
    {"id", true},
    {"release_id", true},
    {"response_key"},
}};

constexpr std::array<CopiedColumn, 5> kCoachedReports{{
    {"id", true},
    {"cycle_id", true},
    {"debrief_on"},
    {"released_at"},
    {"released_by", true},
}};
constexpr std::array<CopiedColumn, 5> kReleaseMeans{{
    {"id", true},
    {"release_id", true},
    {"element_code"},
    {"score_sum", true},
    {"responses", true},
}};

constexpr std::array<CopiedColumn, 9> kPlanGoals{{
    {"id", true},
    {"participant_id", true},
    {"element_code"},
    {"title"},
    {"detail"},
    {"source"},
    {"source_cycle_id", true},
    {"finding"},
    {"created_at"},
}};
constexpr std::array<CopiedColumn, 10> kPlanActions{{
    {"id", true},
    {"goal_id", true},
    {"kind"},
    {"description"},
    {"owner"},
    {"due"},
    {"status"},
    {"updated_at"},
    {"session_id", true},
    {"reminded_at"},
}};
constexpr std::array<CopiedColumn, 11> kPlanEvidence{{
    {"id", true},
    {"participant_id", true},
    {"goal_id", true},
    {"action_id", true},
    {"file_name"},
    {"content_type"},
    {"size_bytes", true},
    {"sha256"},
    {"content"},
    {"uploaded_by", true},
    {"uploaded_at"},
}};
constexpr std::array<CopiedColumn, 8> kSupportRelationships{{
    {"id", true},
    {"participant_id", true},
    {"supporter_id", true},
    {"kind"},
    {"started_on"},
    {"ended_on"},
    {"shares_plan", true},
    {"created_at"},
}};
constexpr std::array<CopiedColumn, 6> kSupportSessions{{
    {"id", true},
    {"relationship_id", true},
    {"held_on"},
    {"summary"},
    {"private_note"},
    {"created_at"},
}};
constexpr std::array<CopiedColumn, 4> kSupportSessionThemes{{
    {"id", true},
    {"session_id", true},
    {"position", true},
    {"element_code"},
}};
constexpr std::array<CopiedColumn, 6> kPlanReviews{{
    {"id", true},
    {"participant_id", true},
    {"reviewer_id", true},
    {"held_on"},
    {"comment"},
    {"created_at"},
}};
constexpr std::array<CopiedColumn, 10> kAppraisals{{
    {"id", true},
    {"participant_id", true},
    {"manager_id", true},
    {"period_start"},
    {"period_end"},
    {"participant_signed_at"},
    {"manager_signed_at"},
    {"mid_year_reminded_at"},
    {"year_end_reminded_at"},
    {"created_at"},
}};
constexpr std::array<CopiedColumn, 7> kAppraisalObjectives{{
    {"id", true},
    {"appraisal_id", true},
    {"element_code"},
    {"title"},
    {"measure"},
    {"carried_from", true},
    {"outcome"},
}};
constexpr std::array<CopiedColumn, 7> kAppraisalReviews{{
    {"id", true},
    {"appraisal_id", true},
    {"kind"},
    {"held_on"},
    {"manager_comment"},
    {"participant_comment"},
    {"created_at"},
}};
constexpr std::array<CopiedColumn, 5> kPlanEvents{{
    {"id", true},
    {"participant_id", true},
    {"at"},
    {"actor_person_id", true},
    {"what"},
}};

constexpr std::array<CopiedTable, 33> kTables{{
    {"frameworks", kFrameworks},
    {"framework_elements", kFrameworkElements},
    {"organisations", kOrganisations},
    {"cohorts", kCohorts},
    {"people", kPeople},
    {"role_grants", kRoleGrants},
    {"sessions", kSessions},
    {"auth_tokens", kAuthTokens},
    {"sign_in_failures", kSignInFailures},
    {"outbox", kOutbox},
    {"audit_log", kAuditLog},
    {"cycles", kCycles},
    {"cycle_elements", kCycleElements},
    {"cycle_groups", kCycleGroups},
    {"raters", kRaters},
    {"responses", kResponses},
    {"answers", kAnswers},
    {"cycle_context_notes", kCycleContextNotes},
    {"releases", kReleases},
    {"release_responses", kReleaseResponses},
    {"release_means", kReleaseMeans},
    {"coached_reports", kCoachedReports},
    {"plan_goals", kPlanGoals},
    {"support_relationships", kSupportRelationships},
    {"support_sessions", kSupportSessions},
    {"support_session_themes", kSupportSessionThemes},
    {"plan_actions", kPlanActions},
    {"plan_evidence", kPlanEvidence},
    {"plan_events", kPlanEvents},
    {"plan_reviews", kPlanReviews},
    {"appraisals", kAppraisals},
    {"appraisal_objectives", kAppraisalObjectives},
    {"appraisal_reviews", kAppraisalReviews},
}};

// Written by Migrate on the target; compared, never copied.
constexpr std::string_view kLedger = "schema_migrations";

// Rows read per statement: PostgreSQL fetches a statement's rows whole, so a
// table is read in pages by primary key rather than in one SELECT.
constexpr std::int64_t kPageRows = 1000;
// Rows per INSERT: one round trip to the server for many rows.
constexpr std::size_t kInsertRows = 100;
// Tables whose rows hold whole files (up to 10 MiB, some 14 MiB as base64):
// a page of 1,000 of them, or an INSERT of 100, would need gigabytes. These
// are read a few rows at a time and inserted one by one.
constexpr std::string_view kLargeRowTables[] = {"plan_evidence"};
constexpr std::int64_t kLargeRowPageRows = 4;

bool HasLargeRows(const CopiedTable& table) {
  return std::find(std::begin(kLargeRowTables), std::end(kLargeRowTables), table.name) != std::end(kLargeRowTables);
}
std::int64_t PageRows(const CopiedTable& table) { return HasLargeRows(table) ? kLargeRowPageRows : kPageRows; }
std::size_t InsertRows(const CopiedTable& table) { return HasLargeRows(table) ? 1 : kInsertRows; }

const CopiedColumn& Key(const CopiedTable& table) { return table.columns.front(); }

//! The primary key as ORDER BY and comparisons use it: bytewise for text on
//! every engine (SQLite's BINARY is already; PostgreSQL's default collation
//! may not be), so both sides of a copy read rows in the same order.
std::string KeyExpression(const Database& db, const CopiedTable& table) {
  std::string key(Key(table).name);
  if (!Key(table).integer && db.Kind() == Dialect::kPostgres) key += " COLLATE \"C\"";
  return key;
}

std::string ColumnList(const CopiedTable& table) {
  std::string list;
  for (const auto& column : table.columns) {
    if (!list.empty()) list += ", ";
    list += column.name;
  }
  return list;
}

//! Calls `row(query)` for every row of `table`, in primary-key order, a page
//! at a time; returns how many rows there were.
template <typename Row>
std::int64_t ForEachRow(Database& db, const CopiedTable& table, Row&& row) {
  const std::string select = "SELECT " + ColumnList(table) + " FROM " + std::string(table.name);
  const std::string key = KeyExpression(db, table);
  Query first(db, select + " ORDER BY " + key + " LIMIT ?");
  Query next(db, select + " WHERE " + key + " > ? ORDER BY " + key + " LIMIT ?");
  std::int64_t rows = 0;
  std::int64_t last_id = 0;
  std::string last_text;
  for (bool started = false;; started = true) {
    Query& page = started ? next : first;
    page.Reset();
    int parameter = 1;
    if (started) {
      if (Key(table).integer) {
        page.Bind(parameter++, last_id);
      } else {
        page.Bind(parameter++, last_text);
      }
    }
    page.Bind(parameter, PageRows(table));
    std::int64_t in_page = 0;
    while (page.Step()) {
      ++in_page;
      row(page);
      if (Key(table).integer) {
        last_id = page.Int(0);
      } else {
        last_text = page.Text(0);
      }
    }
    rows += in_page;
    if (in_page < PageRows(table)) return rows;
  }
}

std::int64_t CountRows(Database& db, std::string_view table) {
  Query count(db, "SELECT COUNT(*) FROM " + std::string(table));
  count.Step();
  return count.Int(0);
}

//! The names a query returns, in order.
std::vector<std::string> Names(Database& db, std::string_view sql, std::string_view parameter = {}) {
  Query query(db, sql);
  if (!parameter.empty()) query.Bind(1, parameter);
  std::vector<std::string> names;
  while (query.Step()) names.push_back(query.Text(0));
  return names;
}

std::vector<std::string> TablesOf(Database& db) {
  auto names = db.Kind() == Dialect::kSqlite
                   ? Names(db,
                           "SELECT name FROM sqlite_master WHERE type = 'table' "
                           "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
                   : Names(db,
                           "SELECT table_name FROM information_schema.tables "
                           "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> ColumnsOf(Database& db, std::string_view table) {
  return db.Kind() == Dialect::kSqlite ? Names(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid", table)
                                       : Names(db,
                                               "SELECT column_name FROM information_schema.columns "
                                               "WHERE table_schema = current_schema() AND table_name = ? "
                                               "ORDER BY ordinal_position",
                                               table);
}

std::string Joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text.empty() ? "(none)" : text;
}

//! Refuses a database whose tables or columns are not the ones this program
//! copies: a table or column left out of kTables would otherwise be lost.
//! Other tables in the target are no concern of ours (a schema LQF shares).
void CheckTables(Database& db, std::string_view role) {
  std::vector<std::string> expected{std::string(kLedger)};
  for (const auto& table : kTables) expected.emplace_back(table.name);
  std::sort(expected.begin(), expected.end());
  const auto found = role == "source" ? TablesOf(db) : std::vector<std::string>{};
  for (const auto& name : found) {
    if (!std::binary_search(expected.begin(), expected.end(), name)) {
      throw app::StoreError("cannot copy: the " + std::string(role) + " " + db.Name() + " has a table " + name +
                            " that this program does not know, and would leave it behind");
    }
  }
  for (const auto& table : kTables) {
    std::vector<std::string> want;
    for (const auto& column : table.columns) want.emplace_back(column.name);
    const auto have = ColumnsOf(db, table.name);
    if (have != want) {
      throw app::StoreError("cannot copy: table " + std::string(table.name) + " in the " + std::string(role) + " " +
                            db.Name() + " has the columns " + Joined(have) + ", but this program copies " +
                            Joined(want));
    }
  }
}

//! The schema versions a database records, in order. Refuses a database with
//! no record (not an LQF database, or an empty one).
std::vector<std::int64_t> SchemaVersions(Database& db, std::string_view role) {
  std::vector<std::int64_t> versions;
  try {
    Query query(db, "SELECT version FROM schema_migrations ORDER BY version");
    while (query.Step()) versions.push_back(query.Int(0));
  } catch (const app::StoreError&) {
    versions.clear();
  }
  if (versions.empty()) {
    throw app::StoreError("cannot copy: the " + std::string(role) + " " + db.Name() +
                          " has no LQF schema (no schema_migrations table, or an empty one)");
  }
  return versions;
}

//! Refuses a database whose schema is not exactly this program's.
void CheckSchemaVersion(Database& db, std::string_view role) {
  const auto versions = SchemaVersions(db, role);
  std::vector<std::int64_t> ours;
  for (const auto& migration : AllMigrations()) ours.push_back(migration.version);
  if (versions == ours) return;
  const auto newest = versions.back();
  const auto our_newest = ours.back();
  std::string advice;
  if (newest > our_newest) {
    advice = "; copy it with the LQF that wrote it";
  } else if (newest < our_newest) {
    advice = "; bring it up to date first with: lqf migrate --db " + db.Name();
  } else {
    advice = "; it is missing some migrations";
  }
  throw app::StoreError("cannot copy: the " + std::string(role) + " " + db.Name() + " has schema version " +
                        std::to_string(newest) + ", this program's is " + std::to_string(our_newest) + advice);
}

//! A read transaction on the source while it lives, so every table is read as
//! it was at one moment even if a server is still writing to it. Never commits.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& db) : db_(db) {
    if (db_.Kind() == Dialect::kSqlite) {
      // Deferred: a read snapshot (WAL) without taking the write lock.
      db_.Exec("BEGIN DEFERRED");
    } else {
      db_.Begin();
      db_.Exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    }
  }
  ~ReadSnapshot() {
    try {
      db_.Rollback();
    } catch (...) {
      // The engine ends it when the connection closes.
    }
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Database& db_;
};

//! Inserts rows into one table, many per statement.
class BatchInsert {
 public:
  BatchInsert(Database& db, const CopiedTable& table) : db_(db), table_(table), batch_(InsertRows(table)) {}

  //! Queues the current row of `source` (which reads the same columns).
  void Add(const Query& source) {
    for (std::size_t i = 0; i < table_.columns.size(); ++i) {
      const int column = static_cast<int>(i);
      if (source.IsNull(column)) {
        values_.emplace_back(std::nullopt);
      } else if (table_.columns[i].integer) {
        values_.emplace_back(Value{source.Int(column)});
      } else {
        values_.emplace_back(Value{source.Text(column)});
      }
    }
    if (values_.size() == batch_ * table_.columns.size()) Flush();
  }

  //! Inserts whatever is queued.
  void Flush() {
    const std::size_t rows = values_.size() / table_.columns.size();
    if (rows == 0) return;
    std::optional<Query> tail;
    Query* insert = nullptr;
    if (rows == batch_) {
      if (!full_) full_.emplace(db_, Sql(batch_));
      insert = &*full_;
    } else {
      tail.emplace(db_, Sql(rows));
      insert = &*tail;
    }
    insert->Reset();
    for (std::size_t i = 0; i < values_.size(); ++i) {
      const int parameter = static_cast<int>(i) + 1;
      if (!values_[i]) {
        insert->BindNull(parameter);
      } else if (const auto* number = std::get_if<std::int64_t>(&*values_[i])) {
        insert->Bind(parameter, *number);
      } else {
        insert->Bind(parameter, std::get<std::string>(*values_[i]));
      }
    }
    insert->Run();
    values_.clear();
  }

 private:
  using Value = std::variant<std::int64_t, std::string>;

  std::string Sql(std::size_t rows) const {
    std::string row = "(";
    for (std::size_t i = 0; i < table_.columns.size(); ++i) row += i == 0 ? "?" : ", ?";
    row += ")";
    std::string sql = "INSERT INTO " + std::string(table_.name) + " (" + ColumnList(table_) + ") VALUES ";
    for (std::size_t i = 0; i < rows; ++i) sql += (i == 0 ? "" : ", ") + row;
    return sql;
  }

  Database& db_;
  const CopiedTable& table_;
  std::size_t batch_;  //!< rows per INSERT
  std::vector<std::optional<Value>> values_;
  std::optional<Query> full_;
};

//! Copies one table's rows; returns how many.
std::int64_t CopyTable(Database& from, Database& to, const CopiedTable& table) {
  BatchInsert insert(to, table);
  const auto rows = ForEachRow(from, table, [&](const Query& row) { insert.Add(row); });
  insert.Flush();
  if (to.Kind() == Dialect::kPostgres && Key(table).integer) {
    // The identity's sequence would otherwise hand out ids already copied.
    const std::string name(table.name);
    Query(to,
          "SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM " + name + "), false)")
        .Bind(1, name)
        .Run();
  }
  return rows;
}

std::string Hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

}  // namespace

std::span<const CopiedTable> CopiedTables() { return kTables; }

std::int64_t CopyReport::TotalRows() const {
  std::int64_t total = 0;
  for (const auto& table : tables) total += table.rows;
  return total;
}

TableCopy ChecksumTable(Database& db, const CopiedTable& table) {
  if (sodium_init() < 0) throw app::StoreError("cannot initialise libsodium");
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  auto add = [&](std::string_view text) {
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  };
  const auto rows = ForEachRow(db, table, [&](const Query& row) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const int column = static_cast<int>(i);
      // IsNull first: SQLite reports a value's type as stored only before
      // it has been read as text.
      if (row.IsNull(column)) {
        add("N;");
      } else {
        const auto text = row.Text(column);
        add(std::to_string(text.size()) + ":");
        add(text);
        add(";");
      }
    }
    add("\n");
  });
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  return {std::string(table.name), rows, Hex(digest, sizeof digest)};
}

CopyReport CopyDatabase(Database& from, Database& to, std::string_view now) {
  if (&from == &to) throw app::StoreError("cannot copy a database onto itself");
  std::scoped_lock lock(from.Mutex(), to.Mutex());

  // The source first: nothing is written anywhere for a source we cannot copy.
  CheckSchemaVersion(from, "source");
  CheckTables(from, "source");
  ReadSnapshot snapshot(from);

  Migrate(to, now);
  CheckSchemaVersion(to, "target");
  CheckTables(to, "target");

  CopyReport report;
  Transaction transaction(to);
  for (const auto& table : kTables) {
    Query any(to, "SELECT 1 FROM " + std::string(table.name) + " LIMIT 1");
    if (any.Step()) {
      throw app::StoreError("cannot copy into " + to.Name() + ": its table " + std::string(table.name) +
                            " already has rows, and copy-db only fills an empty database");
    }
  }
  for (const auto& table : kTables) {
    try {
      CopyTable(from, to, table);
    } catch (const UniqueViolation&) {
      throw app::StoreError("copying table " + std::string(table.name) + " into " + to.Name() +
                            ": a unique constraint failed; nothing was written");
    } catch (const app::StoreError& error) {
      throw app::StoreError("copying table " + std::string(table.name) + " into " + to.Name() + ": " + error.what() +
                            "; nothing was written");
    }
  }
  // Read back inside the transaction: a mismatch rolls the whole copy back.
  for (const auto& table : kTables) {
    const auto source = ChecksumTable(from, table);
    const auto target = ChecksumTable(to, table);
    const auto counted = CountRows(from, table.name);
    if (source.rows != counted) {
      throw app::StoreError("cannot copy table " + std::string(table.name) + ": the source " + from.Name() + " has " +
                            std::to_string(counted) + " rows but " + std::to_string(source.rows) +
                            " can be read in key order; nothing was written");
    }
    if (target.rows != source.rows || target.checksum != source.checksum) {
      throw app::StoreError("the copy of table " + std::string(table.name) + " does not match: the source has " +
                            std::to_string(source.rows) + " rows (checksum " + source.checksum.substr(0, 16) +
                            "...), the target " + std::to_string(target.rows) + " (checksum " +
                            target.checksum.substr(0, 16) + "...); nothing was written");
    }
    report.tables.push_back(source);
  }
  transaction.Commit();
  return report;
}

}  // namespace lqf::store
