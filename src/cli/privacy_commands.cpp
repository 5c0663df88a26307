// `lqf user export` and `lqf user erase`. Like cli.cpp, a composition root:
// it opens the store and builds the use cases it needs.

#include "cli/privacy_commands.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <utility>

#include "app/accounts.hpp"
#include "app/privacy.hpp"
#include "cli/cli.hpp"
#include "cli/private_file.hpp"
#include "domain/people.hpp"
#include "store/migrations.hpp"
#include "store/open_database.hpp"
#include "store/sql_account_repository.hpp"
#include "store/sql_privacy_repository.hpp"

namespace lqf::cli {
namespace {

//! A failure the person at the console can fix; its message is the one line we print.
class PrivacyCommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string Explain(const std::vector<app::Refusal>& refusals, const std::string& email) {
  const auto& code = refusals.empty() ? std::string() : refusals.front().code;
  if (code == "not_found") return "no one has the email address " + email;
  if (code == "self") return "you cannot erase yourself";
  if (code == "forbidden") return "not allowed";
  return code;
}

}  // namespace

bool PrivacyCommands::Chosen() const {
  return (export_command && export_command->parsed()) || (erase_command && erase_command->parsed());
}

void AddPrivacyCommands(CLI::App& user, PrivacyCommands& commands) {
  commands.export_command =
      user.add_subcommand("export", "Write everything LQF holds about a person as JSON (UK GDPR right of access)");
  commands.export_command->add_option("EMAIL", commands.email, "Their email address")->required();
  commands.export_command->add_option("--out", commands.out,
                                      "Write to this file (readable by you only) instead of standard output");
  commands.erase_command = user.add_subcommand(
      "erase", "Erase a person: remove their sessions, links, roles and emails, and anonymise them (cannot be undone)");
  commands.erase_command->add_option("EMAIL", commands.email, "Their email address")->required();
  commands.erase_command->add_flag("--yes", commands.yes, "Confirm: erasing cannot be undone");
}

int RunPrivacyCommand(const PrivacyCommands& commands, const std::string& db_path) {
  const bool erase = commands.erase_command && commands.erase_command->parsed();
  if (erase && !commands.yes) {
    std::cerr << "lqf: erasing " << commands.email << " cannot be undone; add --yes to confirm\n";
    return kExitUsage;
  }
  try {
    const bool postgres = db_path.starts_with("postgresql://") || db_path.starts_with("postgres://");
    const auto db_file = db_path.starts_with("sqlite:") ? db_path.substr(db_path.find(':') + 1) : db_path;
    if (!postgres && !std::filesystem::exists(db_file)) {
      throw PrivacyCommandError("database " + db_path + " not found; create it with: lqf init --db " + db_path);
    }
    // One connection: the use case reads through one repository and erases
    // through the other, and the pool gives a thread the connection it holds.
    store::ConnectionPool pool([&db_path] { return store::OpenDatabase(db_path); }, 1);
    app::SystemClock clock;
    store::Migrate(pool.Acquire(), clock.NowUtc());
    store::SqlAccountRepository account_repository(pool);
    store::SqlPrivacyRepository privacy_repository(pool);
    app::Privacy privacy(privacy_repository, account_repository, clock);
    const auto admin = app::CommandLineActor();

    const auto normalised = domain::NormaliseEmail(commands.email);
    auto person = normalised ? account_repository.FindPersonByEmail(*normalised) : std::nullopt;
    if (!person) throw PrivacyCommandError("no one has the email address " + commands.email);

    if (erase) {
      auto outcome = privacy.ErasePerson(admin, person->id);
      if (!outcome.Ok()) throw PrivacyCommandError(Explain(outcome.refusals, commands.email));
      std::cout << "Erased " << commands.email << " (person " << person->id
                << "): signed out, roles and links removed, name and email address replaced\n";
      return kExitOk;
    }
    std::optional<PrivateFile> file;
    if (!commands.out.empty()) file.emplace(commands.out);
    auto outcome = privacy.ExportPersonData(admin, person->id);
    if (!outcome.Ok()) throw PrivacyCommandError(Explain(outcome.refusals, commands.email));
    if (!file) {
      std::cout << *outcome.value << std::flush;
    } else {
      file->Write(*outcome.value);
      // On stderr, so a script reading stdout sees only data.
      std::cerr << "Wrote the data LQF holds about " << person->email << " to " << commands.out
                << ". It is personal data: keep it safe, and delete it when it has been sent.\n";
    }
    return kExitOk;
  } catch (const std::exception& error) {
    std::cerr << "lqf: " << error.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace lqf::cli
