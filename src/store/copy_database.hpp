#pragma once
//! Moves a whole installation from one database to another (`lqf copy-db`):
//! SQLite to PostgreSQL, or any engine to any other behind store::Database.
//!
//! The target is migrated to this program's schema and must be empty; every
//! table is copied with its ids, in one transaction on the target, and each
//! table's rows are counted and checksummed on both sides before that
//! transaction commits, so a copy that does not match leaves nothing behind.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace lqf::store {

//! One column as copied: integers are read and bound as integers, the rest as text.
struct CopiedColumn {
  std::string_view name;
  bool integer = false;
};

//! One table as copied. The first column is its primary key, the order in
//! which rows are read, copied and checksummed.
struct CopiedTable {
  std::string_view name;
  std::span<const CopiedColumn> columns;
};

//! Every table of the schema but schema_migrations (which Migrate writes on
//! the target), parents before children. The one list to change when a
//! migration adds a table or a column: CopyDatabase refuses a database whose
//! tables or columns differ from it, so it can never leave one behind.
std::span<const CopiedTable> CopiedTables();

//! What one table held: the same on both sides once copied.
struct TableCopy {
  std::string name;
  std::int64_t rows = 0;
  std::string checksum;  //!< SHA-256 (hex) over every row, in primary-key order
};

//! What a copy moved, table by table, in the order copied.
struct CopyReport {
  std::vector<TableCopy> tables;

  std::int64_t TotalRows() const;
};

//! A table's rows and checksum: each row's values as text, length-prefixed,
//! NULL marked apart from '', rows ordered by primary key (bytewise for text
//! keys on every engine). Read a page at a time.
TableCopy ChecksumTable(Database& db, const CopiedTable& table);

//! Copies every table of `from` into `to`. `from` is read as it is (never
//! migrated), inside one read transaction so it is seen at one moment; `to` is
//! migrated first (at `now`). Refuses, with app::StoreError naming the
//! database and the table, and writing no rows:
//! - a source whose schema version is not this program's (or with no LQF schema);
//! - a source or target whose tables or columns differ from CopiedTables();
//! - a target in which any table already has rows;
//! - a copy whose row counts or checksums differ on the two sides (checked
//!   before the target's transaction commits, so it rolls back).
//! On PostgreSQL, each identity column's sequence is moved past the copied ids.
CopyReport CopyDatabase(Database& from, Database& to, std::string_view now);

}  // namespace lqf::store
