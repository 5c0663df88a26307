#pragma once
//! `lqf copy-db --from SETTING --to SETTING`: moves a whole installation to
//! another database (an SQLite file to PostgreSQL, say), refusing a target
//! that already has rows and checking every table's rows and checksum.

#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace lqf::cli {

//! The subcommand and the options it binds (CLI11 writes into these members
//! while parsing, so the object must outlive the parse).
struct CopyDbCommand {
  CLI::App* command = nullptr;
  std::string from;
  std::string to;

  //! True if the command line chose it.
  bool Chosen() const;
};

//! Adds `copy-db` to `app`.
void AddCopyDbCommand(CLI::App& app, CopyDbCommand& command);

//! Copies the installation `from` names into the (empty) database `to` names;
//! each is an SQLite file (PATH or sqlite:PATH) or a postgresql:// URL. Prints
//! the rows copied per table; returns kExitOk, or kExitFailure after one line
//! on stderr ("lqf: ..."). The source must exist: it is never created.
int RunCopyDb(const std::string& from, const std::string& to);

}  // namespace lqf::cli
