// The email outbox: claims are exclusive across connections, expire, and sent
// messages are never due again. Every test runs on both backends: a real
// SQLite file, and a schema of its own on the throwaway PostgreSQL server
// ctest starts.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include "app/mail.hpp"
#include "store/migrations.hpp"
#include "store/sql_outbox_repository.hpp"
#include "store/sqlite_database.hpp"
#include "support/pg_schema.hpp"
#include "support/temp_dir.hpp"

namespace lqf {
namespace {

constexpr std::string_view kT0 = "2026-11-22T10:00:00Z";

std::string At(std::int64_t seconds) { return *app::AddSecondsUtc(kT0, seconds); }

app::OutgoingEmail Email(std::string subject) {
  return {"jo.bloggs@example.gov.uk", std::move(subject), "Dear Jo,\n\nRéunion à 10h.\n"};
}

std::vector<std::int64_t> Ids(const std::vector<app::QueuedEmail>& claimed) {
  std::vector<std::int64_t> ids;
  for (const auto& message : claimed) ids.push_back(message.id);
  return ids;
}

class OutboxStore : public ::testing::TestWithParam<store::Dialect> {
 protected:
  OutboxStore() : owned_db_(Open()), db_(*owned_db_), outbox_(db_) { store::Migrate(db_, kT0); }

  //! A new connection to this test's database (an SQLite file, or a
  //! PostgreSQL schema of its own).
  std::unique_ptr<store::Database> Open() {
    if (GetParam() == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir_.File("lqf.db"));
    return std::make_unique<store::PostgresDatabase>(schema_->Url());
  }

  std::string Column(std::int64_t id, const std::string& column) {
    store::Query query(db_, "SELECT " + column + " FROM outbox WHERE id = ?");
    query.Bind(1, id);
    EXPECT_TRUE(query.Step());
    return query.IsNull(0) ? "NULL" : query.Text(0);
  }

  testing::TempDir dir_;
  std::optional<testing::Schema> schema_ =
      GetParam() == store::Dialect::kPostgres ? std::make_optional<testing::Schema>() : std::nullopt;
  std::unique_ptr<store::Database> owned_db_;
  store::Database& db_;
  store::SqlOutboxRepository outbox_;
};

TEST_P(OutboxStore, ClaimsDueMessagesOldestFirstAndOnlyOnce) {
  const auto first = outbox_.Enqueue(Email("first"), At(0));
  const auto second = outbox_.Enqueue(Email("second"), At(1));
  const auto third = outbox_.Enqueue(Email("third"), At(2));
  const auto later = At(10);
  const auto until = At(10 + 900);

  const auto claimed = outbox_.ClaimDue(later, until, 2);
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(Ids(claimed), (std::vector<std::int64_t>{first, second}));
  EXPECT_EQ(claimed[0].email.to, "jo.bloggs@example.gov.uk");
  EXPECT_EQ(claimed[0].email.subject, "first");
  EXPECT_EQ(claimed[0].email.body_text, "Dear Jo,\n\nRéunion à 10h.\n");
  EXPECT_EQ(claimed[0].attempts, 0);
  EXPECT_EQ(Column(first, "claimed_until"), until);

  EXPECT_EQ(Ids(outbox_.ClaimDue(later, until, 2)), std::vector<std::int64_t>{third});
  EXPECT_TRUE(outbox_.ClaimDue(later, until, 2).empty());
  // Still claimed at the very second the claim ends; free the second after.
  EXPECT_TRUE(outbox_.ClaimDue(until, At(2000), 10).empty());
  EXPECT_EQ(outbox_.ClaimDue(At(10 + 901), At(2000), 10).size(), 3u);
}

TEST_P(OutboxStore, NothingIsDueBeforeItsTime) {
  const auto id = outbox_.Enqueue(Email("hello"), At(60));
  EXPECT_TRUE(outbox_.ClaimDue(At(59), At(999), 10).empty());
  EXPECT_EQ(outbox_.ClaimDue(At(60), At(999), 10).size(), 1u);
  EXPECT_EQ(Column(id, "created_at"), At(60));
}

TEST_P(OutboxStore, AFailureReleasesTheClaimAndSchedulesTheRetry) {
  const auto id = outbox_.Enqueue(Email("hello"), At(0));
  ASSERT_EQ(outbox_.ClaimDue(At(0), At(900), 10).size(), 1u);
  outbox_.MarkFailed(id, 1, At(60), "Couldn't connect to server");
  EXPECT_EQ(Column(id, "claimed_until"), "NULL");
  EXPECT_EQ(Column(id, "last_error"), "Couldn't connect to server");
  EXPECT_EQ(Column(id, "attempts"), "1");
  EXPECT_TRUE(outbox_.ClaimDue(At(59), At(900), 10).empty());
  const auto again = outbox_.ClaimDue(At(60), At(900), 10);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 1);
  const auto counts = outbox_.Counts();
  EXPECT_EQ(counts.failing, 1);
  EXPECT_EQ(counts.pending, 0);
  EXPECT_EQ(counts.sent, 0);
}

TEST_P(OutboxStore, ASentMessageIsNeverDueAgain) {
  const auto id = outbox_.Enqueue(Email("hello"), At(0));
  outbox_.Enqueue(Email("waiting"), At(0));
  ASSERT_EQ(outbox_.ClaimDue(At(0), At(900), 1).size(), 1u);
  outbox_.MarkSent(id, At(5));
  EXPECT_EQ(Column(id, "sent_at"), At(5));
  EXPECT_EQ(Column(id, "claimed_until"), "NULL");
  // A late failure report (another worker whose claim had expired) does not
  // bring it back.
  outbox_.MarkFailed(id, 3, At(10), "timeout");
  EXPECT_EQ(Column(id, "attempts"), "0");
  const auto years_later = outbox_.ClaimDue("2099-01-01T00:00:00Z", "2099-01-01T00:15:00Z", 10);
  ASSERT_EQ(years_later.size(), 1u);
  EXPECT_EQ(years_later[0].email.subject, "waiting");
  const auto counts = outbox_.Counts();
  EXPECT_EQ(counts.sent, 1);
  EXPECT_EQ(counts.pending, 1);
  EXPECT_EQ(counts.failing, 0);
}

TEST_P(OutboxStore, CountsAnEmptyOutbox) {
  const auto counts = outbox_.Counts();
  EXPECT_EQ(counts.pending + counts.sent + counts.failing, 0);
}

TEST_P(OutboxStore, MessagesSurviveReopeningTheDatabase) {
  {
    auto other = Open();
    store::SqlOutboxRepository writer(*other);
    writer.Enqueue(Email("kept"), At(0));
  }
  auto reopened = Open();
  store::SqlOutboxRepository reader(*reopened);
  const auto claimed = reader.ClaimDue(At(1), At(900), 10);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].email.subject, "kept");
}

TEST_P(OutboxStore, TwoConnectionsNeverClaimTheSameMessage) {
  constexpr int kMessages = 300;
  for (int i = 0; i < kMessages; ++i) outbox_.Enqueue(Email("message " + std::to_string(i)), At(0));

  // Two workers, each with its own connection to the same database (as two
  // processes would have), claiming small batches as fast as they can.
  const auto work = [&](std::vector<std::int64_t>& ids) {
    auto db = Open();
    store::SqlOutboxRepository outbox(*db);
    // Bounded, so a broken claim fails the test rather than hanging it.
    for (int round = 0; round < kMessages; ++round) {
      const auto claimed = outbox.ClaimDue(At(10), At(900), 7);
      if (claimed.empty()) break;
      for (const auto& message : claimed) ids.push_back(message.id);
    }
  };
  std::vector<std::int64_t> a;
  std::vector<std::int64_t> b;
  std::thread first([&] { work(a); });
  std::thread second([&] { work(b); });
  first.join();
  second.join();

  std::set<std::int64_t> all(a.begin(), a.end());
  EXPECT_EQ(all.size(), a.size()) << "a worker claimed a message twice";
  for (const auto id : b) EXPECT_TRUE(all.insert(id).second) << "both workers claimed message " << id;
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kMessages));
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxStore, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
