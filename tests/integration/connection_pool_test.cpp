// The connection pool on both backends: a thread keeps its connection across
// nested calls, threads get connections of their own up to the pool's size
// and then wait, a caller who waits too long gets a clear error, a connection
// that cannot open leaves the pool usable, and transactions on two
// connections do not see each other's uncommitted work.

#include "store/connection_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <set>
#include <thread>

#include "app/ports.hpp"
#include "store/group_commit.hpp"
#include "store/migrations.hpp"
#include "store/sql_account_repository.hpp"
#include "store/sqlite_database.hpp"
#include "support/pg_schema.hpp"
#include "support/store_checks.hpp"
#include "support/temp_dir.hpp"

namespace lqf {
namespace {

using std::chrono::milliseconds;

class ConnectionPoolTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  std::unique_ptr<store::Database> Open() {
    ++opened_;
    if (fail_next_open_.exchange(false)) throw app::StoreError("cannot open: refused for the test");
    if (GetParam() == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir_.File("lqf.db"));
    return std::make_unique<store::PostgresDatabase>(schema_->Url());
  }
  store::ConnectionPool::Opener Opener() {
    return [this] { return Open(); };
  }

  testing::TempDir dir_;
  std::optional<testing::Schema> schema_ =
      GetParam() == store::Dialect::kPostgres ? std::make_optional<testing::Schema>() : std::nullopt;
  std::atomic<int> opened_{0};
  std::atomic<bool> fail_next_open_{false};
};

TEST_P(ConnectionPoolTest, RefusesASizeOutsideOneToTheMaximum) {
  for (std::size_t size : {std::size_t{0}, store::ConnectionPool::kMaxSize + 1}) {
    try {
      store::ConnectionPool pool(Opener(), size);
      ADD_FAILURE() << "a pool of " << size << " was accepted";
    } catch (const app::StoreError& error) {
      EXPECT_NE(std::string(error.what()).find("give 1 to 64"), std::string::npos) << error.what();
    }
  }
  EXPECT_EQ(opened_.load(), 0) << "nothing is opened for a wrong size";
}

TEST_P(ConnectionPoolTest, OpensOneNowAndNamesTheDatabase) {
  store::ConnectionPool pool(Opener(), 4);
  EXPECT_EQ(pool.Opened(), 1u);
  EXPECT_EQ(pool.Size(), 4u);
  EXPECT_EQ(pool.Kind(), GetParam());
  EXPECT_FALSE(pool.Name().empty());
  EXPECT_EQ(pool.Name().find("password"), std::string::npos);
}

TEST_P(ConnectionPoolTest, ANestedAcquireOnOneThreadGetsTheSameConnection) {
  store::ConnectionPool pool(Opener(), 4);
  auto outer = pool.Acquire();
  {
    auto inner = pool.Acquire();
    EXPECT_EQ(&*inner, &*outer);
  }
  auto again = pool.Acquire();
  EXPECT_EQ(&*again, &*outer) << "still held by the outer lease";
  EXPECT_EQ(pool.Opened(), 1u);
}

TEST_P(ConnectionPoolTest, ThreadsHoldingConnectionsAtOnceGetDifferentOnesUpToTheSize) {
  store::ConnectionPool pool(Opener(), 3);
  std::promise<void> release;
  const auto released = release.get_future().share();
  std::vector<std::future<store::Database*>> holders;
  std::vector<std::promise<void>> holding(3);
  for (int i = 0; i < 3; ++i) {
    holders.push_back(std::async(std::launch::async, [&, i] {
      auto lease = pool.Acquire();
      holding[i].set_value();
      released.wait();
      return &*lease;
    }));
  }
  for (auto& h : holding) h.get_future().wait();
  EXPECT_EQ(pool.Opened(), 3u);

  // A fourth waits for one of them.
  std::atomic<bool> fourth_has_one{false};
  auto fourth = std::async(std::launch::async, [&] {
    auto lease = pool.Acquire();
    fourth_has_one = true;
    return &*lease;
  });
  EXPECT_EQ(fourth.wait_for(milliseconds(200)), std::future_status::timeout);
  EXPECT_FALSE(fourth_has_one.load());
  release.set_value();
  std::set<store::Database*> distinct;
  for (auto& h : holders) distinct.insert(h.get());
  EXPECT_EQ(distinct.size(), 3u);
  EXPECT_TRUE(distinct.contains(fourth.get())) << "the fourth reused one of the three";
  EXPECT_EQ(pool.Opened(), 3u) << "never more than the size";
}

TEST_P(ConnectionPoolTest, ACallerWhoWaitsTooLongIsToldTheDatabaseIsBusy) {
  store::ConnectionPool pool(Opener(), 1, milliseconds(50));
  auto held = pool.Acquire();
  auto other = std::async(std::launch::async, [&] {
    try {
      pool.Acquire();
      return std::string("acquired");
    } catch (const app::StoreError& error) {
      return std::string(error.what());
    }
  });
  EXPECT_EQ(other.get(), "all 1 connections to the database are busy; try again");
}

TEST_P(ConnectionPoolTest, AConnectionThatCannotOpenLeavesThePoolUsable) {
  store::ConnectionPool pool(Opener(), 2);
  auto held = pool.Acquire();
  fail_next_open_ = true;
  auto failed = std::async(std::launch::async, [&] {
    try {
      pool.Acquire();
      return std::string("acquired");
    } catch (const app::StoreError& error) {
      return std::string(error.what());
    }
  });
  EXPECT_EQ(failed.get(), "cannot open: refused for the test");
  EXPECT_EQ(pool.Opened(), 1u);
  // The slot it would have taken is still there for the next caller.
  auto second = std::async(std::launch::async, [&] { return &*pool.Acquire(); });
  EXPECT_NE(second.get(), &*held);
  EXPECT_EQ(pool.Opened(), 2u);
}

TEST_P(ConnectionPoolTest, TwoConnectionsKeepTheirTransactionsApart) {
  store::ConnectionPool pool(Opener(), 2);
  app::SystemClock clock;
  store::Migrate(pool.Acquire(), clock.NowUtc());
  store::SqlAccountRepository accounts(pool);

  std::promise<void> written, checked;
  auto writer = std::async(std::launch::async, [&] {
    auto db = pool.Acquire();
    store::Transaction transaction(db);
    store::Query(db,
                 "INSERT INTO organisations (name, kind, region, created_at) VALUES ('Pending', 'local-authority', "
                 "'', '2026-11-22T00:00:00Z')")
        .Run();
    written.set_value();
    checked.get_future().wait();
    transaction.Commit();
  });
  written.get_future().wait();
  // This thread borrows the other connection: the uncommitted row is not there.
  EXPECT_FALSE(accounts.FindOrganisationByName("Pending").has_value());
  checked.set_value();
  writer.get();
  EXPECT_TRUE(accounts.FindOrganisationByName("Pending").has_value());
}

TEST_P(ConnectionPoolTest, ARepositoryCallInsideAnotherJoinsItsTransaction) {
  // A use case that holds a connection in a transaction and calls a
  // repository gets the same connection: the call sees (and is part of) the
  // transaction rather than waiting for a second connection.
  store::ConnectionPool pool(Opener(), 1, milliseconds(200));
  app::SystemClock clock;
  store::Migrate(pool.Acquire(), clock.NowUtc());
  store::SqlAccountRepository accounts(pool);
  {
    auto db = pool.Acquire();
    store::Transaction transaction(db);
    store::Query(db,
                 "INSERT INTO organisations (name, kind, region, created_at) VALUES ('Inside', 'local-authority', "
                 "'', '2026-11-22T00:00:00Z')")
        .Run();
    EXPECT_TRUE(accounts.FindOrganisationByName("Inside").has_value());
    // Rolled back when the transaction goes out of scope uncommitted.
  }
  EXPECT_FALSE(accounts.FindOrganisationByName("Inside").has_value());
}

TEST_P(ConnectionPoolTest, GroupCommitKeepsEveryWriteAndIsolatesOneThatFails) {
  store::ConnectionPool pool(Opener(), 4);
  store::Migrate(pool.Acquire(), "2026-11-22T10:00:00Z");
  store::GroupCommit group(pool);
  auto insert = [](store::Database& db, const std::string& name) {
    store::Query(db,
                 "INSERT INTO organisations (name, kind, region, created_at) VALUES (?, 'local-authority', '', "
                 "'2026-11-22T10:00:00Z')")
        .Bind(1, name)
        .Run();
  };
  constexpr int kThreads = 6;
  constexpr int kWrites = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        const auto name = "Council " + std::to_string(t) + "-" + std::to_string(i);
        try {
          group.Run([&](store::Database& db) {
            insert(db, name);
            // Every tenth write fails after writing: only it is undone.
            if (i % 10 == 9) throw app::StoreError("refused for the test");
          });
          if (i % 10 == 9) ++failures;  // should have thrown
        } catch (const app::StoreError& error) {
          if (i % 10 != 9 || std::string(error.what()) != "refused for the test") ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto db = pool.Acquire();
  EXPECT_EQ(testing::Count(db, "SELECT COUNT(*) FROM organisations"), kThreads * (kWrites - kWrites / 10));
  EXPECT_EQ(testing::Count(db, "SELECT COUNT(*) FROM organisations WHERE name LIKE '%-9'"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ConnectionPoolTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
