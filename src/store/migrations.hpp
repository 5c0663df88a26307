#pragma once
//! The database schema, as numbered migrations applied in order and recorded
//! in the schema_migrations table. The SQL is shared by every backend; the few
//! dialect differences are placeholders expanded by ForDialect().

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace lqf::store {

//! One step of the schema. Never edit a released migration: add a new one.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

//! Every migration, in order.
std::span<const Migration> AllMigrations();

//! Expands the dialect placeholders: {{id}} (an auto-assigned primary key).
std::string ForDialect(std::string_view sql, Dialect dialect);

//! A migration and whether this database has it.
struct MigrationState {
  int version;
  std::string name;
  std::string applied_at;  //!< empty if pending
};

//! Applies pending migrations, each in its own transaction; returns how many
//! were applied. Refuses (app::StoreError) a database newer than this program.
int Migrate(Database& db, std::string_view now_utc);

//! The state of every known migration in this database.
std::vector<MigrationState> MigrationStatus(Database& db);

}  // namespace lqf::store
