// The web application end to end over HTTP: the real server, the real store
// with the bundled frameworks, real templates and assets. Every test runs on
// both backends: a real SQLite file, and a schema of its own on the throwaway
// PostgreSQL server ctest starts.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "app/framework_catalog.hpp"
#include "app/plans.hpp"
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
#include "support/store_checks.hpp"
#include "support/temp_dir.hpp"
#include "web/http/server.hpp"
#include "web/web_app.hpp"

namespace lqf {
namespace {

namespace fs = std::filesystem;
using testing::Get;
using testing::HttpReply;
using testing::Slurp;

const fs::path kRoot(LQF_SOURCE_ROOT);

//! One server per backend for the whole suite, started by the first test on
//! that backend: starting it per test would only test start-up.
class WebTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  struct Fixture {
    explicit Fixture(store::Dialect dialect)
        : dialect(dialect),
          schema(dialect == store::Dialect::kPostgres ? std::make_optional<testing::Schema>() : std::nullopt),
          pool([this] { return Open(); }, 3),
          repository(pool),
          catalog(repository, clock),
          account_repository(pool),
          accounts(account_repository, clock),
          privacy_repository(pool),
          privacy(privacy_repository, account_repository, clock),
          outbox(pool),
          notifications(outbox, clock, "http://lqf.test", {}),
          feedback_repository(pool),
          feedback(feedback_repository, account_repository, catalog, notifications, clock),
          reports(feedback_repository, account_repository, catalog, clock),
          plan_repository(pool),
          support_repository(pool),
          plans(plan_repository, support_repository, account_repository, catalog, reports, clock),
          support(support_repository, plan_repository, account_repository, catalog, clock),
          appraisals(support_repository, account_repository, catalog, clock),
          web({catalog, accounts, privacy, feedback, reports, plans, support, appraisals, notifications, background},
              web::WebOptions{kRoot}) {
      store::Migrate(pool.Acquire(), clock.NowUtc());
      for (const char* name : {"nlqf-2010.json", "dcs-characteristics-2008.json"}) {
        auto result = catalog.Import(Slurp(kRoot / "data/frameworks" / name));
        if (result.status != app::ImportStatus::kImported) throw std::runtime_error(result.message);
      }
      http::ServerOptions options;
      options.port = 0;
      options.access_log = false;
      server = std::make_unique<http::Server>(options, [this](const http::Request& r) { return web.Handle(r); });
      thread = std::thread([this] { server->Run(false); });
    }
    ~Fixture() {
      server->Stop();
      thread.join();
    }
    //! A new connection to this backend's database (an SQLite file, or a
    //! PostgreSQL schema of its own).
    std::unique_ptr<store::Database> Open() {
      if (dialect == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir.File("lqf.db"));
      return std::make_unique<store::PostgresDatabase>(schema->Url());
    }
    store::Dialect dialect;
    testing::TempDir dir;
    std::optional<testing::Schema> schema;
    // Connections lent to each call, as in production (`lqf serve`).
    store::ConnectionPool pool;
    app::SystemClock clock;
    store::SqlFrameworkRepository repository;
    app::FrameworkCatalog catalog;
    store::SqlAccountRepository account_repository;
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
    std::unique_ptr<http::Server> server;
    std::thread thread;
  };

  void SetUp() override {
    auto& fixture = fixtures_[GetParam()];
    if (!fixture) fixture = std::make_unique<Fixture>(GetParam());
    fixture_ = fixture.get();
  }
  static void TearDownTestSuite() { fixtures_.clear(); }
  unsigned short Port() const { return fixture_->server->Port(); }
  HttpReply Fetch(std::string_view target, std::string_view headers = {}) const { return Get(Port(), target, headers); }

  //! The running servers, by backend.
  static inline std::map<store::Dialect, std::unique_ptr<Fixture>> fixtures_;
  Fixture* fixture_ = nullptr;
};

void ExpectSecurityHeaders(const HttpReply& reply) {
  const auto csp = reply.Header("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(reply.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(reply.Header("Referrer-Policy"), "no-referrer");
}

TEST_P(WebTest, HomePageSaysWhatLqfIs) {
  auto reply = Fetch("/");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(reply.body.find("Leadership Qualities Framework"), std::string::npos);
  EXPECT_NE(reply.body.find("href=\"/frameworks/nlqf-2010\""), std::string::npos);
  ExpectSecurityHeaders(reply);
}

TEST_P(WebTest, FrameworkOverviewHasTheModelAndEveryElement) {
  auto reply = Fetch("/frameworks/nlqf-2010");
  ASSERT_EQ(reply.status, 200);
  EXPECT_NE(reply.body.find("<svg class=\"lqf-model\" role=\"img\""), std::string::npos);
  EXPECT_NE(reply.body.find("aria-labelledby=\"model-nlqf-2010-title model-nlqf-2010-desc\""), std::string::npos);
  EXPECT_NE(reply.body.find("Leadership attributes (8 elements) and Leadership skills (17 elements)"),
            std::string::npos);
  for (const char* code : {"A1", "A8", "S17", "K1", "K4.2", "K3.1.7", "K4.2.4"}) {
    EXPECT_NE(reply.body.find("href=\"/frameworks/nlqf-2010/" + std::string(code) + "\""), std::string::npos) << code;
  }
  EXPECT_NE(reply.body.find("Not able to comment"), std::string::npos);
  ExpectSecurityHeaders(reply);
  EXPECT_EQ(reply.body.find("style=\""), std::string::npos) << "inline styles break under our CSP";
}

TEST_P(WebTest, ElementPagesShowTheirPlace) {
  auto attribute = Fetch("/frameworks/nlqf-2010/A1");
  ASSERT_EQ(attribute.status, 200);
  EXPECT_NE(attribute.body.find(">Moral purpose</h1>"), std::string::npos);
  EXPECT_NE(attribute.body.find("Leadership attribute"), std::string::npos);

  auto area = Fetch("/frameworks/nlqf-2010/K1");
  ASSERT_EQ(area.status, 200);
  EXPECT_NE(area.body.find("At the heart of ECM lies the commitment to integrated working."), std::string::npos);
  EXPECT_NE(area.body.find("href=\"/frameworks/nlqf-2010/K1.1\""), std::string::npos);

  auto functional = Fetch("/frameworks/nlqf-2010/K1.1");
  ASSERT_EQ(functional.status, 200);
  EXPECT_NE(functional.body.find("Commissioning, procuring and contracting services"), std::string::npos);

  auto context = Fetch("/frameworks/dcs-characteristics-2008/X1");
  ASSERT_EQ(context.status, 200);
  EXPECT_NE(context.body.find("never scored"), std::string::npos);
}

TEST_P(WebTest, UnknownThingsAre404) {
  for (const char* target : {"/frameworks/nope", "/frameworks/nlqf-2010/Z99", "/no/such/page",
                             "/frameworks/nlqf-2010/A1/x", "/assets/missing.css"}) {
    auto reply = Fetch(target);
    EXPECT_EQ(reply.status, 404) << target;
    EXPECT_NE(reply.body.find("Page not found"), std::string::npos) << target;
    ExpectSecurityHeaders(reply);
  }
}

TEST_P(WebTest, SearchFindsAndEscapes) {
  auto found = Fetch("/frameworks/nlqf-2010/search?q=safeguarding");
  ASSERT_EQ(found.status, 200);
  EXPECT_NE(found.body.find("href=\"/frameworks/nlqf-2010/K2.3.6\""), std::string::npos);

  auto hostile = Fetch("/frameworks/nlqf-2010/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  ASSERT_EQ(hostile.status, 200);
  EXPECT_EQ(hostile.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(hostile.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);

  auto plus = Fetch("/frameworks/nlqf-2010/search?q=pooling+budgets");
  EXPECT_NE(plus.body.find("1 result for"), std::string::npos);

  auto none = Fetch("/frameworks/nlqf-2010/search?q=zzzzqqq");
  EXPECT_EQ(none.status, 200);
  EXPECT_NE(none.body.find("There are no matching results"), std::string::npos);
}

TEST_P(WebTest, BadSearchInputGetsAnErrorSummary) {
  auto blank = Fetch("/frameworks/nlqf-2010/search?q=+");
  EXPECT_EQ(blank.status, 400);
  EXPECT_NE(blank.body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(blank.body.find("Enter words to search for"), std::string::npos);
  EXPECT_NE(blank.body.find("<title>Error:"), std::string::npos);

  auto too_long = Fetch("/frameworks/nlqf-2010/search?q=" + std::string(201, 'a'));
  EXPECT_EQ(too_long.status, 400);
  EXPECT_NE(too_long.body.find("200 characters or fewer"), std::string::npos);

  auto bad_utf8 = Fetch("/frameworks/nlqf-2010/search?q=%FF%FE");
  EXPECT_EQ(bad_utf8.status, 400);
  EXPECT_NE(bad_utf8.body.find("ordinary text"), std::string::npos);
}

TEST_P(WebTest, ApiListsFrameworks) {
  auto reply = Fetch("/api/v1/frameworks");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.Header("Content-Type"), "application/json");
  auto doc = boost::json::parse(reply.body).as_object();
  auto& list = doc.at("frameworks").as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].at("code").as_string(), "dcs-characteristics-2008");
  EXPECT_EQ(list[1].at("code").as_string(), "nlqf-2010");
  EXPECT_EQ(boost::json::value_to<std::int64_t>(list[1].at("element_count")), 99);
}

TEST_P(WebTest, ApiReturnsTheWholeTree) {
  auto reply = Fetch("/api/v1/frameworks/nlqf-2010");
  ASSERT_EQ(reply.status, 200);
  auto doc = boost::json::parse(reply.body).as_object();
  EXPECT_EQ(doc.at("format").as_string(), "lqf-framework/1");
  auto& nodes = doc.at("nodes").as_array();
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[0].at("children").as_array()[0].at("text").as_string(), "moral purpose");
  // Conditional requests: an unchanged framework is not sent twice.
  const auto etag = reply.Header("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = Fetch("/api/v1/frameworks/nlqf-2010", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_P(WebTest, ApiErrorsAreProblemDocuments) {
  auto missing = Fetch("/api/v1/frameworks/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Header("Content-Type"), "application/problem+json");
  auto problem = boost::json::parse(missing.body).as_object();
  EXPECT_EQ(problem.at("status").as_int64(), 404);
  EXPECT_EQ(problem.at("title").as_string(), "Not Found");
  EXPECT_NE(std::string(problem.at("detail").as_string()).find("nope"), std::string::npos);

  auto bad_version = Fetch("/api/v1/frameworks/nlqf-2010?version=9");
  EXPECT_EQ(bad_version.status, 404);

  auto nowhere = Fetch("/api/v1/nothing");
  EXPECT_EQ(nowhere.status, 404);
  EXPECT_EQ(nowhere.Header("Content-Type"), "application/problem+json");

  auto post = testing::Request(Port(), "POST", "/api/v1/frameworks", "{}", "Content-Type: application/json\r\n");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.Header("Allow"), "GET, HEAD");
  EXPECT_EQ(post.Header("Content-Type"), "application/problem+json");
}

TEST_P(WebTest, PagesRefuseOtherMethods) {
  auto reply = testing::Request(Port(), "DELETE", "/frameworks/nlqf-2010", "");
  EXPECT_EQ(reply.status, 405);
  EXPECT_EQ(reply.Header("Allow"), "GET, HEAD");
  ExpectSecurityHeaders(reply);
}

TEST_P(WebTest, PagesRevalidateWithETags) {
  auto first = Fetch("/frameworks/nlqf-2010/K2");
  ASSERT_EQ(first.status, 200);
  const auto etag = first.Header("ETag");
  ASSERT_FALSE(etag.empty());
  auto second = Fetch("/frameworks/nlqf-2010/K2");
  EXPECT_EQ(second.body, first.body) << "a cached page is the same page";
  auto conditional = Fetch("/frameworks/nlqf-2010/K2", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(conditional.status, 304);
}

TEST_P(WebTest, AssetsAreCachedForLongWithETags) {
  auto page = Fetch("/");
  auto at = page.body.find("/assets/lqf.css?v=");
  ASSERT_NE(at, std::string::npos);
  auto target = page.body.substr(at, page.body.find('"', at) - at);
  auto css = Fetch(target);
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(css.Header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css.Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(css.body.find("GDS Transport"), std::string::npos) << "no GOV.UK font";
  auto again = Fetch(target, "If-None-Match: " + css.Header("ETag") + "\r\n");
  EXPECT_EQ(again.status, 304);
}

TEST_P(WebTest, HealthReportsOk) {
  auto reply = Fetch("/health");
  ASSERT_EQ(reply.status, 200);
  auto doc = boost::json::parse(reply.body).as_object();
  EXPECT_EQ(doc.at("status").as_string(), "ok");
  EXPECT_EQ(reply.Header("Cache-Control"), "no-store");
}

TEST_P(WebTest, OversizedAndMalformedRequestsAreRefused) {
  auto big = testing::SendRaw(Port(), "POST /frameworks HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n");
  EXPECT_EQ(big.status, 413);
  auto garbage = testing::SendRaw(Port(), "HELLO THERE\r\n\r\n");
  EXPECT_EQ(garbage.status, 400);
  auto huge_header =
      testing::SendRaw(Port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(huge_header.status, 431);
  // The server is still well after all that.
  EXPECT_EQ(Fetch("/health").status, 200);
}

TEST_P(WebTest, HeadAnswersWithoutABody) {
  auto reply = testing::SendRaw(Port(), "HEAD /frameworks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.status, 200);
  EXPECT_TRUE(reply.body.empty());
  EXPECT_NE(reply.Header("Content-Length"), "0");
}

INSTANTIATE_TEST_SUITE_P(Backends, WebTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
