// The whole web application on a server with two threads and a pool of three
// connections, as `lqf serve --threads 2` runs it, under several clients at
// once: sign-ins, pages, form posts and the API interleave, and every answer
// and the final state are what one client alone would get. On SQLite and on
// PostgreSQL.
// (Built with sanitizers in CI; run it under ThreadSanitizer to hunt races.)

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <thread>

#include "app/accounts.hpp"
#include "app/framework_catalog.hpp"
#include "app/plans.hpp"
#include "app/privacy.hpp"
#include "app/reports.hpp"
#include "store/connection_pool.hpp"
#include "store/migrations.hpp"
#include "store/sql_account_repository.hpp"
#include "store/sql_feedback_repository.hpp"
#include "store/sql_framework_repository.hpp"
#include "store/sql_outbox_repository.hpp"
#include "store/sql_plan_repository.hpp"
#include "store/sql_privacy_repository.hpp"
#include "store/sql_support_repository.hpp"
#include "store/sqlite_database.hpp"
#include "support/http_client.hpp"
#include "support/pg_schema.hpp"
#include "support/temp_dir.hpp"
#include "web/http/server.hpp"
#include "web/web_app.hpp"

namespace lqf {
namespace {

namespace fs = std::filesystem;
constexpr char kPassword[] = "a long enough password";
constexpr int kClients = 6;
constexpr int kRounds = 15;

std::string SetCookie(const testing::HttpReply& reply, const std::string& name) {
  for (const auto& [key, value] : reply.headers) {
    if (key == "Set-Cookie" && value.rfind(name + "=", 0) == 0) {
      return value.substr(name.size() + 1, value.find(';') - name.size() - 1);
    }
  }
  return {};
}

std::string CsrfField(const std::string& body) {
  const std::string marker = "name=\"csrf_token\" value=\"";
  auto at = body.find(marker);
  if (at == std::string::npos) return {};
  at += marker.size();
  return body.substr(at, body.find('"', at) - at);
}

//! The whole application over a pool of connections, composed as `lqf serve` composes it.
struct Stack {
  Stack(store::ConnectionPool::Opener open, std::size_t connections, std::chrono::milliseconds wait)
      : pool(std::move(open), connections, wait),
        frameworks(pool),
        catalog(frameworks, clock),
        repository(pool),
        accounts(repository, clock),
        privacy_repository(pool),
        privacy(privacy_repository, repository, clock),
        outbox(pool),
        notifications(outbox, clock, "http://lqf.test", {}),
        feedback_repository(pool),
        feedback(feedback_repository, repository, catalog, notifications, clock),
        reports(feedback_repository, repository, catalog, clock),
        plan_repository(pool),
        support_repository(pool),
        plans(plan_repository, support_repository, repository, catalog, reports, clock),
        support(support_repository, plan_repository, repository, catalog, clock),
        appraisals(support_repository, repository, catalog, clock),
        web({catalog, accounts, privacy, feedback, reports, plans, support, appraisals, notifications, background},
            web::WebOptions{fs::path(LQF_SOURCE_ROOT)}) {
    store::Migrate(pool.Acquire(), clock.NowUtc());
  }
  store::ConnectionPool pool;
  app::SystemClock clock;
  store::SqlFrameworkRepository frameworks;
  app::FrameworkCatalog catalog;
  store::SqlAccountRepository repository;
  app::Accounts accounts;
  store::SqlPrivacyRepository privacy_repository;
  app::Privacy privacy;
  store::SqlOutboxRepository outbox;
  app::Notifications notifications;
  store::SqlFeedbackRepository feedback_repository;
  app::Feedback feedback;
  app::Reports reports;
  store::SqlPlanRepository plan_repository;
  store::SqlSupportRepository support_repository;
  app::Plans plans;
  app::Support support;
  app::Appraisals appraisals;
  app::BackgroundTasks background;
  web::WebApp web;
};

class Concurrency : public ::testing::TestWithParam<store::Dialect> {
 protected:
  std::unique_ptr<store::Database> Open() {
    if (GetParam() == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir_.File("lqf.db"));
    return std::make_unique<store::PostgresDatabase>(schema_->Url());
  }
  testing::TempDir dir_;
  std::optional<testing::Schema> schema_ =
      GetParam() == store::Dialect::kPostgres ? std::make_optional<testing::Schema>() : std::nullopt;
};

TEST_P(Concurrency, ManyClientsOnTwoThreadsGetConsistentAnswers) {
  Stack stack([this] { return Open(); }, 3, store::ConnectionPool::kDefaultWait);
  auto& catalog = stack.catalog;
  auto& accounts = stack.accounts;
  auto& web = stack.web;

  std::ifstream in(fs::path(LQF_SOURCE_ROOT) / "data/frameworks/nlqf-2010.json");
  std::string framework((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(catalog.Import(framework).status, app::ImportStatus::kImported);
  const auto admin = app::CommandLineActor();
  accounts.AddOrganisation(admin, "Council", "local-authority", "");
  for (int i = 0; i < kClients; ++i) {
    auto id = accounts
                  .AddPerson(admin, {"Admin " + std::to_string(i), "admin" + std::to_string(i) + "@example.org", "", "",
                                     "", "administrator", ""})
                  .value.value();
    accounts.SetPasswordWithLink(accounts.IssueSetPasswordLink(admin, id).value.value(), kPassword);
  }

  http::ServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.access_log = false;
  http::Server server(options, [&web](const http::Request& r) { return web.Handle(r); });
  std::thread serving([&server] { server.Run(false); });
  const auto port = server.Port();

  std::atomic<int> failures{0};
  auto expect = [&](bool ok) {
    if (!ok) ++failures;
  };
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto page = testing::Get(port, "/sign-in");
      const auto pre = SetCookie(page, "lqf_csrf");
      auto signed_in = testing::Request(
          port, "POST", "/sign-in",
          "csrf_token=" + pre + "&email=admin" + std::to_string(c) + "%40example.org&password=a+long+enough+password",
          "Content-Type: application/x-www-form-urlencoded\r\nCookie: lqf_csrf=" + pre + "\r\n");
      expect(signed_in.status == 303);
      const auto session = SetCookie(signed_in, "lqf_session");
      const auto cookie = "Cookie: lqf_session=" + session + "\r\n";
      const auto csrf = CsrfField(testing::Get(port, "/admin/people", cookie).body);
      for (int r = 0; r < kRounds; ++r) {
        expect(testing::Get(port, "/frameworks/nlqf-2010/K" + std::to_string(1 + r % 4)).status == 200);
        expect(testing::Get(port, "/frameworks/nlqf-2010/search?q=safeguarding").status == 200);
        expect(testing::Get(port, "/account", cookie).status == 200);
        auto added = testing::Request(port, "POST", "/admin/people",
                                      "csrf_token=" + csrf + "&name=Person+" + std::to_string(c) + "-" +
                                          std::to_string(r) + "&email=p" + std::to_string(c) + "-" + std::to_string(r) +
                                          "%40example.org&organisation=Council&role=participant",
                                      "Content-Type: application/x-www-form-urlencoded\r\n" + cookie);
        expect(added.status == 303);
        expect(testing::Get(port, "/api/v1/people", cookie).status == 200);
      }
    });
  }
  for (auto& client : clients) client.join();
  server.Stop();
  serving.join();
  stack.background.Drain();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(stack.repository.ListPeople().size(), static_cast<std::size_t>(kClients + kClients * kRounds));
  EXPECT_EQ(stack.outbox.Counts().pending, kClients * kRounds) << "one set-password email per person added";
}

TEST_P(Concurrency, WhenEveryConnectionStaysBusyPagesSayBusyAndWhenToRetry) {
  Stack stack([this] { return Open(); }, 1, std::chrono::milliseconds(100));
  auto& pool = stack.pool;
  auto& web = stack.web;

  // Resuming a session reads the database; this thread holds its only connection.
  auto ask = [&](const std::string& path) {
    http::Request request;
    request.method = "GET";
    request.target = request.path = path;
    request.headers.push_back({"Cookie", "lqf_session=an-unknown-session"});
    request.remote_address = "127.0.0.1";
    return std::async(std::launch::async, [&web, request] { return web.Handle(request); }).get();
  };
  {
    auto held = pool.Acquire();
    const auto page = ask("/account");
    EXPECT_EQ(page.status, 503);
    EXPECT_EQ(page.Header("Retry-After"), "30");
    EXPECT_NE(page.body.find("Sorry, the service is busy"), std::string::npos);
    const auto api = ask("/api/v1/people");
    EXPECT_EQ(api.status, 503);
    EXPECT_EQ(api.Header("Content-Type"), "application/problem+json");
    EXPECT_NE(api.body.find("try again in a minute"), std::string::npos);
  }
  // Free again: the same request is answered as usual (not signed in).
  EXPECT_NE(ask("/account").status, 503);
}

INSTANTIATE_TEST_SUITE_P(Backends, Concurrency, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
