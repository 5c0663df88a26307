#pragma once
//! `lqf user export EMAIL [--out FILE]` and `lqf user erase EMAIL --yes`:
//! UK GDPR requests handled at the console.

#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace lqf::cli {

//! The two subcommands and the options they bind (CLI11 writes into these
//! members while parsing, so the object must outlive the parse).
struct PrivacyCommands {
  CLI::App* export_command = nullptr;
  CLI::App* erase_command = nullptr;
  std::string email;
  std::string out;  //!< empty: standard output
  bool yes = false;

  //! True if the command line chose one of them.
  bool Chosen() const;
};

//! Adds `export` and `erase` under `user` (the caller adds --db to both).
void AddPrivacyCommands(CLI::App& user, PrivacyCommands& commands);

//! Runs the chosen command on the database at `db_path` as the installation's
//! administrator; returns the exit code (kExitOk, kExitFailure, kExitUsage)
//! after printing a one-line reason on stderr for a failure.
int RunPrivacyCommand(const PrivacyCommands& commands, const std::string& db_path);

}  // namespace lqf::cli
