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

//! A file only its owner can read (0600) for personal data, replacing what
//! was there; never follows a symbolic link planted at the path. Opened
//! before the export is made, so a path that cannot be written fails first.
class PrivateFile {
 public:
  explicit PrivateFile(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd_ < 0) Fail();
    // An existing file keeps its mode through O_TRUNC: narrow it too.
    if (::fchmod(fd_, 0600) != 0) Fail();
  }
  ~PrivateFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  PrivateFile(const PrivateFile&) = delete;
  PrivateFile& operator=(const PrivateFile&) = delete;

  //! Writes all of `text` and makes it durable.
  void Write(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
      const auto n = ::write(fd_, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) Fail();
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd_) != 0) Fail();
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) Fail();
  }

 private:
  [[noreturn]] void Fail() { throw PrivacyCommandError("cannot write " + path_ + ": " + std::strerror(errno)); }

  std::string path_;
  int fd_ = -1;
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
