// Purging: what has outlived its use goes; what is still in use stays. On both
// backends: a real SQLite file, and a schema of its own on the throwaway
// PostgreSQL server ctest starts.

#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "app/accounts.hpp"
#include "app/housekeeping.hpp"
#include "app/mail.hpp"
#include "store/migrations.hpp"
#include "store/sql_account_repository.hpp"
#include "store/sql_housekeeping_repository.hpp"
#include "store/sql_outbox_repository.hpp"
#include "store/sqlite_database.hpp"
#include "support/manual_clock.hpp"
#include "support/pg_schema.hpp"
#include "support/store_checks.hpp"
#include "support/temp_dir.hpp"

namespace lqf {
namespace {

using testing::Count;
using testing::ManualClock;

class Housekeeping : public ::testing::TestWithParam<store::Dialect> {
 protected:
  //! A new connection to this test's database (an SQLite file, or a
  //! PostgreSQL schema of its own).
  std::unique_ptr<store::Database> Open() {
    if (GetParam() == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir_.File("lqf.db"));
    return std::make_unique<store::PostgresDatabase>(schema_->Url());
  }
  testing::TempDir dir_;
  std::optional<testing::Schema> schema_ =
      GetParam() == store::Dialect::kPostgres ? std::make_optional<testing::Schema>() : std::nullopt;
};

TEST_P(Housekeeping, PurgesWhatExpiredAndKeepsWhatIsLive) {
  auto owned_db = Open();
  store::Database& db = *owned_db;
  ManualClock clock;
  store::Migrate(db, clock.NowUtc());
  store::SqlAccountRepository repository(db);
  app::Accounts accounts(repository, clock);
  store::SqlOutboxRepository outbox(db);
  store::SqlHousekeepingRepository housekeeping(db);
  const auto admin = app::CommandLineActor();
  accounts.AddOrganisation(admin, "Council", "local-authority", "");
  auto add = [&](const std::string& email) {
    auto id = accounts.AddPerson(admin, {"Person", email, "Council", "", "", "participant", ""}).value.value();
    accounts.SetPasswordWithLink(accounts.IssueSetPasswordLink(admin, id).value.value(), "a long enough password");
    return id;
  };
  add("old@example.org");
  add("live@example.org");

  // Old things: a session left idle, a failure, a used link (from above), a sent email.
  auto old_session = accounts.SignIn("old@example.org", "a long enough password", "10.0.0.1").value.value();
  accounts.SignIn("old@example.org", "wrong", "10.0.0.1");
  auto sent = outbox.Enqueue({"old@example.org", "Old", "Body"}, clock.NowUtc());
  outbox.MarkSent(sent, clock.NowUtc());
  clock.Advance(8 * 24 * 3600);

  // Live things: a fresh session, a pending link, a recent failure, an unsent email.
  auto live_session = accounts.SignIn("live@example.org", "a long enough password", "10.0.0.2").value.value();
  auto pending = accounts.IssueResetLink("live@example.org");
  ASSERT_TRUE(pending);
  accounts.SignIn("live@example.org", "wrong", "10.0.0.2");
  outbox.Enqueue({"live@example.org", "New", "Body"}, clock.NowUtc());

  const auto counts = app::PurgeExpired(housekeeping, clock);
  EXPECT_EQ(counts.sessions, 1);
  EXPECT_EQ(counts.links, 2) << "the two used set-password links";
  EXPECT_GE(counts.failures, 2) << "the old account and address records";
  EXPECT_EQ(counts.emails, 1);

  EXPECT_FALSE(accounts.Resume(old_session));
  EXPECT_TRUE(accounts.Resume(live_session));
  EXPECT_TRUE(accounts.SetPasswordWithLink(pending->second, "another long password").Ok()) << "pending link kept";
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM outbox"), 1);
  EXPECT_EQ(outbox.Counts().pending, 1);
  // Purging again finds nothing more to do.
  const auto again = app::PurgeExpired(housekeeping, clock);
  EXPECT_EQ(again.sessions + again.emails, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, Housekeeping, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
