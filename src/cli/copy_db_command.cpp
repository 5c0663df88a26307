#include "cli/copy_db_command.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <stdexcept>

#include "app/ports.hpp"
#include "cli/cli.hpp"
#include "store/copy_database.hpp"
#include "store/open_database.hpp"

namespace lqf::cli {
namespace {

namespace fs = std::filesystem;

class CopyDbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

bool IsPostgres(const std::string& setting) {
  return setting.starts_with("postgresql://") || setting.starts_with("postgres://");
}

//! The file an SQLite setting names ("lqf.db", "sqlite:lqf.db", "sqlite:///var/lib/lqf.db").
std::string SqlitePath(const std::string& setting) {
  if (setting.starts_with("sqlite://")) return setting.substr(9);
  if (setting.starts_with("sqlite:")) return setting.substr(7);
  return setting;
}

//! Refuses a source that is not there (opening an SQLite file would create
//! an empty one) and a target that is the source.
void CheckSettings(const std::string& from, const std::string& to) {
  if (from.empty() || to.empty()) throw CopyDbError("give both --from and --to");
  if (from == to) throw CopyDbError("the source and the target are the same database");
  if (IsPostgres(from)) return;
  std::error_code ec;
  if (!fs::is_regular_file(SqlitePath(from), ec)) {
    throw CopyDbError("source database " + from + " not found (copy-db never creates its source)");
  }
  if (!IsPostgres(to) && fs::exists(SqlitePath(to), ec) && fs::equivalent(SqlitePath(from), SqlitePath(to), ec)) {
    throw CopyDbError("the source and the target are the same database");
  }
}

}  // namespace

bool CopyDbCommand::Chosen() const { return command && command->parsed(); }

void AddCopyDbCommand(CLI::App& app, CopyDbCommand& command) {
  command.command = app.add_subcommand(
      "copy-db", "Copy a whole installation into an empty database (e.g. SQLite to PostgreSQL), checking every table");
  command.command->add_option("--from", command.from, "The installation to copy: an SQLite file or postgresql://...")
      ->required();
  command.command->add_option("--to", command.to, "An empty database to copy it into: postgresql://... or a file")
      ->required();
}

int RunCopyDb(const std::string& from, const std::string& to) {
  try {
    CheckSettings(from, to);
    auto source = store::OpenDatabase(from);
    auto target = store::OpenDatabase(to);
    app::SystemClock clock;
    const auto report = store::CopyDatabase(*source, *target, clock.NowUtc());
    std::size_t width = 5;
    for (const auto& table : report.tables) width = std::max(width, table.name.size());
    std::cout << std::left << std::setw(static_cast<int>(width)) << "table"
              << "  " << std::right << std::setw(10) << "rows"
              << "\n";
    for (const auto& table : report.tables) {
      std::cout << std::left << std::setw(static_cast<int>(width)) << table.name << "  " << std::right << std::setw(10)
                << table.rows << "\n";
    }
    std::cout << "Copied " << report.TotalRows() << " rows in " << report.tables.size()
              << " tables; counts and checksums match\n";
    return kExitOk;
  } catch (const std::exception& error) {
    std::cerr << "lqf: " << error.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace lqf::cli
