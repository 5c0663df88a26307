// Signing in over HTTP, and the attacks issue 3 names: missing or wrong CSRF
// tokens, session fixation, open redirects, a disabled person's live session,
// reaching pages by changing an id, and hostile text shown back.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "app/accounts.hpp"
#include "app/framework_catalog.hpp"
#include "app/plans.hpp"
#include "app/reports.hpp"
#include "app/secrets.hpp"
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
using testing::HttpReply;

constexpr char kPassword[] = "a long enough password";

//! Every test runs on both backends: an SQLite file, and a schema of its own
//! on the throwaway PostgreSQL server ctest starts.
class WebAuthTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  WebAuthTest()
      : owned_db_(Open()),
        db_(*owned_db_),
        frameworks_(db_),
        catalog_(frameworks_, clock_),
        repository_(db_),
        accounts_(repository_, clock_),
        privacy_repository_(db_),
        privacy_(privacy_repository_, repository_, clock_),
        owned_outbox_db_(Open()),
        outbox_db_(*owned_outbox_db_),
        outbox_(outbox_db_),
        notifications_(outbox_, clock_, "http://lqf.test", {}),
        feedback_repository_(db_),
        feedback_(feedback_repository_, repository_, catalog_, notifications_, clock_),
        reports_(feedback_repository_, repository_, catalog_, clock_),
        plan_repository_(db_),
        support_repository_(db_),
        plans_(plan_repository_, support_repository_, repository_, catalog_, reports_, clock_),
        support_(support_repository_, plan_repository_, repository_, catalog_, clock_),
        appraisals_(support_repository_, repository_, catalog_, clock_),
        web_({catalog_, accounts_, privacy_, feedback_, reports_, plans_, support_, appraisals_, notifications_,
              background_},
             web::WebOptions{fs::path(LQF_SOURCE_ROOT)}) {
    store::Migrate(db_, clock_.NowUtc());
    const auto admin = app::CommandLineActor();
    accounts_.AddOrganisation(admin, "Programme", "programme-body", "");
    accounts_.AddOrganisation(admin, "Northshire County Council", "local-authority", "");
    accounts_.AddCohort(admin, "Programme", "Cohort A", 2026);
    admin_id_ = Add({"Ada Admin", "admin@example.org", "", "", "", "administrator", ""});
    asha_id_ = Add({"Asha Patel", "asha@example.org", "Northshire County Council", "", "", "participant", "Cohort A"});
    bola_id_ =
        Add({"Bola Adeyemi", "bola@example.org", "Northshire County Council", "", "", "participant", "Cohort A"});
    http::ServerOptions options;
    options.port = 0;
    options.access_log = false;
    server_ = std::make_unique<http::Server>(options, [this](const http::Request& r) { return web_.Handle(r); });
    thread_ = std::thread([this] { server_->Run(false); });
  }
  ~WebAuthTest() override {
    server_->Stop();
    thread_.join();
  }

  std::int64_t Add(const app::PersonInput& input) {
    const auto admin = app::CommandLineActor();
    auto id = accounts_.AddPerson(admin, input).value.value();
    auto link = accounts_.IssueSetPasswordLink(admin, id).value.value();
    accounts_.SetPasswordWithLink(link, kPassword);
    return id;
  }

  unsigned short Port() { return server_->Port(); }

  //! The value of a cookie set by a response ("name=value; ..."), or empty.
  static std::string SetCookie(const HttpReply& reply, const std::string& name) {
    for (const auto& [key, value] : reply.headers) {
      if (key == "Set-Cookie" && value.rfind(name + "=", 0) == 0)
        return value.substr(name.size() + 1, value.find(';') - name.size() - 1);
    }
    return {};
  }

  //! The hidden CSRF field's value in a page.
  static std::string CsrfField(const std::string& body) {
    const std::string marker = "name=\"csrf_token\" value=\"";
    auto at = body.find(marker);
    if (at == std::string::npos) return {};
    at += marker.size();
    return body.substr(at, body.find('"', at) - at);
  }

  HttpReply Post(const std::string& target, const std::string& body, const std::string& cookies) {
    return testing::Request(Port(), "POST", target, body,
                            "Content-Type: application/x-www-form-urlencoded\r\nCookie: " + cookies + "\r\n");
  }

  //! Signs in through the pages, as a browser would; returns the session cookie.
  std::string SignIn(const std::string& email, const std::string& next = "") {
    auto page = testing::Get(Port(), "/sign-in");
    const auto csrf = SetCookie(page, "lqf_csrf");
    auto reply =
        Post("/sign-in", "csrf_token=" + csrf + "&email=" + email + "&password=a+long+enough+password&next=" + next,
             "lqf_csrf=" + csrf);
    EXPECT_EQ(reply.status, 303);
    return SetCookie(reply, "lqf_session");
  }

  //! A connection to this test's database (the outbox gets one of its own).
  std::unique_ptr<store::Database> Open() {
    if (GetParam() == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir_.File("lqf.db"));
    if (!schema_) schema_.emplace();
    return schema_->Connect();
  }

  testing::TempDir dir_;
  std::optional<testing::Schema> schema_;
  std::unique_ptr<store::Database> owned_db_;
  store::Database& db_;
  app::SystemClock clock_;
  store::SqlFrameworkRepository frameworks_;
  app::FrameworkCatalog catalog_;
  store::SqlAccountRepository repository_;
  app::Accounts accounts_;
  store::SqlPrivacyRepository privacy_repository_;
  app::Privacy privacy_;
  std::unique_ptr<store::Database> owned_outbox_db_;
  store::Database& outbox_db_;
  store::SqlOutboxRepository outbox_;
  app::Notifications notifications_;
  store::SqlFeedbackRepository feedback_repository_;
  app::Feedback feedback_;
  app::Reports reports_;
  store::SqlPlanRepository plan_repository_;
  store::SqlSupportRepository support_repository_;
  app::Plans plans_;
  app::Support support_;
  app::Appraisals appraisals_;
  app::BackgroundTasks background_;
  web::WebApp web_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::int64_t admin_id_ = 0, asha_id_ = 0, bola_id_ = 0;
};

TEST_P(WebAuthTest, SigningInSetsASafeSessionCookie) {
  auto page = testing::Get(Port(), "/sign-in");
  ASSERT_EQ(page.status, 200);
  const auto csrf = SetCookie(page, "lqf_csrf");
  ASSERT_GE(csrf.size(), 40u);
  EXPECT_EQ(CsrfField(page.body), csrf);
  auto reply = Post("/sign-in", "csrf_token=" + csrf + "&email=asha%40example.org&password=a+long+enough+password",
                    "lqf_csrf=" + csrf);
  ASSERT_EQ(reply.status, 303);
  EXPECT_EQ(reply.Header("Location"), "/account");
  std::string cookie;
  for (const auto& [key, value] : reply.headers) {
    if (key == "Set-Cookie" && value.rfind("lqf_session=", 0) == 0) cookie = value;
  }
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);

  auto account = testing::Get(Port(), "/account", "Cookie: lqf_session=" + SetCookie(reply, "lqf_session") + "\r\n");
  ASSERT_EQ(account.status, 200);
  EXPECT_NE(account.body.find("Asha Patel"), std::string::npos);
  EXPECT_EQ(account.Header("Cache-Control"), "no-store");
}

TEST_P(WebAuthTest, WrongPasswordsAndUnknownPeopleGetTheSameAnswer) {
  auto page = testing::Get(Port(), "/sign-in");
  const auto csrf = SetCookie(page, "lqf_csrf");
  auto wrong = Post("/sign-in", "csrf_token=" + csrf + "&email=asha%40example.org&password=nope", "lqf_csrf=" + csrf);
  auto unknown =
      Post("/sign-in", "csrf_token=" + csrf + "&email=nobody%40example.org&password=nope", "lqf_csrf=" + csrf);
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(wrong.body.find("Enter a correct email address and password"), std::string::npos);
  EXPECT_NE(unknown.body.find("Enter a correct email address and password"), std::string::npos);
  EXPECT_NE(wrong.body.find("govuk-error-summary"), std::string::npos);
}

TEST_P(WebAuthTest, MissingOrWrongCsrfTokensAreRefused) {
  auto page = testing::Get(Port(), "/sign-in");
  const auto csrf = SetCookie(page, "lqf_csrf");
  EXPECT_EQ(Post("/sign-in", "email=asha%40example.org&password=a+long+enough+password", "lqf_csrf=" + csrf).status,
            403);
  EXPECT_EQ(
      Post("/sign-in", "csrf_token=forged&email=asha%40example.org&password=a+long+enough+password", "lqf_csrf=" + csrf)
          .status,
      403);
  EXPECT_EQ(
      Post("/sign-in", "csrf_token=" + csrf + "&email=asha%40example.org&password=a+long+enough+password", "").status,
      403)
      << "a token with no cookie to match is refused";

  const auto session = SignIn("admin%40example.org");
  ASSERT_FALSE(session.empty());
  // A signed-in form needs the session's own token, not the pre-sign-in one.
  auto disable = Post("/admin/people/" + std::to_string(asha_id_) + "/disable", "csrf_token=" + csrf,
                      "lqf_session=" + session + "; lqf_csrf=" + csrf);
  EXPECT_EQ(disable.status, 403);
  EXPECT_FALSE(repository_.FindPerson(asha_id_)->disabled);
}

TEST_P(WebAuthTest, SessionFixationIsDefeated) {
  // An attacker plants a session id they know; signing in must not adopt it.
  const std::string planted = "attacker-chosen-session-id-0123456789abcdef";
  auto page = testing::Get(Port(), "/sign-in", "Cookie: lqf_session=" + planted + "\r\n");
  const auto csrf = SetCookie(page, "lqf_csrf");
  auto reply = Post("/sign-in", "csrf_token=" + csrf + "&email=asha%40example.org&password=a+long+enough+password",
                    "lqf_session=" + planted + "; lqf_csrf=" + csrf);
  ASSERT_EQ(reply.status, 303);
  const auto issued = SetCookie(reply, "lqf_session");
  EXPECT_NE(issued, planted);
  EXPECT_EQ(testing::Get(Port(), "/account", "Cookie: lqf_session=" + planted + "\r\n").status, 303);
  // Signing in again replaces the session: the old id stops working.
  const auto again = SignIn("asha%40example.org");
  EXPECT_NE(again, issued);
}

TEST_P(WebAuthTest, NextOnlyRedirectsWithinTheSite) {
  EXPECT_EQ(testing::Get(Port(), "/account").Header("Location"), "/sign-in?next=/account");
  for (const char* hostile : {"%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "%2F%5Cevil.example",
                              "javascript%3Aalert(1)", "%2F%0D%0ASet-Cookie%3A+x%3Dy"}) {
    auto page = testing::Get(Port(), "/sign-in");
    const auto csrf = SetCookie(page, "lqf_csrf");
    auto reply = Post(
        "/sign-in", "csrf_token=" + csrf + "&email=asha%40example.org&password=a+long+enough+password&next=" + hostile,
        "lqf_csrf=" + csrf);
    EXPECT_EQ(reply.Header("Location"), "/account") << hostile;
  }
  auto page = testing::Get(Port(), "/sign-in");
  const auto csrf = SetCookie(page, "lqf_csrf");
  auto local = Post(
      "/sign-in", "csrf_token=" + csrf + "&email=asha%40example.org&password=a+long+enough+password&next=%2Fframeworks",
      "lqf_csrf=" + csrf);
  EXPECT_EQ(local.Header("Location"), "/frameworks");
}

TEST_P(WebAuthTest, ADisabledPersonsLiveSessionStopsAtOnce) {
  const auto session = SignIn("asha%40example.org");
  ASSERT_EQ(testing::Get(Port(), "/account", "Cookie: lqf_session=" + session + "\r\n").status, 200);
  const auto admin = SignIn("admin%40example.org");
  auto people = testing::Get(Port(), "/admin/people", "Cookie: lqf_session=" + admin + "\r\n");
  ASSERT_EQ(people.status, 200);
  auto disable = Post("/admin/people/" + std::to_string(asha_id_) + "/disable", "csrf_token=" + CsrfField(people.body),
                      "lqf_session=" + admin);
  EXPECT_EQ(disable.status, 303);
  EXPECT_EQ(testing::Get(Port(), "/account", "Cookie: lqf_session=" + session + "\r\n").status, 303);
}

TEST_P(WebAuthTest, AParticipantCannotReachAdministrationByChangingTheUrl) {
  const auto session = SignIn("asha%40example.org");
  const auto cookie = "Cookie: lqf_session=" + session + "\r\n";
  auto account = testing::Get(Port(), "/account", cookie);
  const auto csrf = CsrfField(account.body);
  EXPECT_EQ(testing::Get(Port(), "/admin/people", cookie).status, 403);
  EXPECT_EQ(testing::Get(Port(), "/admin/audit", cookie).status, 403);
  for (auto id : {bola_id_, admin_id_, asha_id_, std::int64_t{999}}) {
    EXPECT_EQ(testing::Get(Port(), "/admin/people/" + std::to_string(id), cookie).status, 403) << id;
    auto grant = Post("/admin/people/" + std::to_string(id) + "/roles", "csrf_token=" + csrf + "&role=administrator",
                      "lqf_session=" + session);
    EXPECT_EQ(grant.status, 403) << id;
  }
  EXPECT_EQ(repository_.FindPerson(asha_id_)->grants.size(), 1u) << "no role was gained";
  for (auto id : {bola_id_, admin_id_, std::int64_t{999}}) {
    auto reply =
        Post("/admin/people/" + std::to_string(id) + "/disable", "csrf_token=" + csrf, "lqf_session=" + session);
    EXPECT_EQ(reply.status, 403) << id;
  }
  EXPECT_FALSE(repository_.FindPerson(bola_id_)->disabled);
  EXPECT_EQ(Post("/admin/people/abc/disable", "csrf_token=" + csrf, "lqf_session=" + session).status, 404);
}

TEST_P(WebAuthTest, HostileTextIsShownEscaped) {
  const auto admin = SignIn("admin%40example.org");
  auto people = testing::Get(Port(), "/admin/people", "Cookie: lqf_session=" + admin + "\r\n");
  auto added = Post("/admin/people",
                    "csrf_token=" + CsrfField(people.body) +
                        "&name=%3Cscript%3Ealert(1)%3C%2Fscript%3E%27%3B+DROP+TABLE+people%3B--&email=x%40example.org"
                        "&organisation=Northshire+County+Council&role=participant&background=other",
                    "lqf_session=" + admin);
  ASSERT_EQ(added.status, 303) << "after a POST, a redirect: refreshing must not add them twice";
  auto shown = testing::Get(Port(), added.Header("Location"), "Cookie: lqf_session=" + admin + "\r\n");
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(shown.body.find("&lt;script&gt;alert(1)&lt;/script&gt;&apos;; DROP TABLE people;--"), std::string::npos);
  EXPECT_NE(shown.body.find("has been added."), std::string::npos);
  EXPECT_TRUE(repository_.FindPersonByEmail("x@example.org").has_value());
}

TEST_P(WebAuthTest, EveryTextFieldStoresHostileTextAndShowsItEscaped) {
  const auto admin = SignIn("admin%40example.org");
  const auto cookie = "Cookie: lqf_session=" + admin + "\r\n";
  const auto csrf = CsrfField(testing::Get(Port(), "/admin/people", cookie).body);
  // <script>, an attribute break-out and SQL metacharacters, percent-encoded for the form.
  const std::string hostile = "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22+onmouseover%3D%22x%27%3B+DROP+TABLE+people%3B--";
  const std::string escaped =
      "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x&apos;; DROP TABLE people;--";
  EXPECT_EQ(Post("/admin/organisations",
                 "csrf_token=" + csrf + "&name=Org+" + hostile + "&kind=programme-body&region=" + hostile,
                 "lqf_session=" + admin)
                .status,
            200);
  EXPECT_EQ(Post("/admin/cohorts",
                 "csrf_token=" + csrf + "&organisation=Org+" + hostile + "&name=Cohort+" + hostile + "&year=2026",
                 "lqf_session=" + admin)
                .status,
            200);
  auto added = Post("/admin/people",
                    "csrf_token=" + csrf + "&name=Name+" + hostile + "&email=h%40example.org&organisation=Org+" +
                        hostile + "&job_title=Title+" + hostile + "&role=participant&cohort=Cohort+" + hostile,
                    "lqf_session=" + admin);
  ASSERT_EQ(added.status, 303) << added.body.substr(0, 2000);
  const auto id = repository_.FindPersonByEmail("h@example.org")->id;
  for (const auto& target : {std::string("/admin/organisations"), std::string("/admin/people"),
                             "/admin/people/" + std::to_string(id), std::string("/admin/audit")}) {
    auto page = testing::Get(Port(), target, cookie);
    ASSERT_EQ(page.status, 200) << target;
    EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos) << target;
    EXPECT_EQ(page.body.find("\" onmouseover"), std::string::npos) << target;
    if (target != "/admin/audit") {
      EXPECT_NE(page.body.find(escaped), std::string::npos) << target;
    }
  }
  // The API returns the same text as data, unharmed.
  auto people = testing::Get(Port(), "/api/v1/people", cookie);
  EXPECT_NE(people.body.find("Title <script>alert(1)</script>\\\" onmouseover=\\\"x'; DROP TABLE people;--"),
            std::string::npos);
  // And the database still has its people table.
  EXPECT_EQ(repository_.ListPeople().size(), 4u);
}

TEST_P(WebAuthTest, OverLongFieldsAreRefusedWithTheirLimit) {
  const auto admin = SignIn("admin%40example.org");
  const auto csrf =
      CsrfField(testing::Get(Port(), "/admin/organisations", "Cookie: lqf_session=" + admin + "\r\n").body);
  auto reply = Post(
      "/admin/organisations",
      "csrf_token=" + csrf + "&name=" + std::string(161, 'x') + "&kind=local-authority&region=" + std::string(161, 'y'),
      "lqf_session=" + admin);
  EXPECT_EQ(reply.status, 422);
  EXPECT_NE(reply.body.find("Name must be 160 characters or fewer"), std::string::npos);
  auto job = Post(
      "/admin/people",
      "csrf_token=" + csrf +
          "&name=Ok&email=ok%40example.org&organisation=Northshire+County+Council&job_title=" + std::string(161, 'j'),
      "lqf_session=" + admin);
  EXPECT_EQ(job.status, 422);
  EXPECT_NE(job.body.find("Current role must be 160 characters or fewer"), std::string::npos);
  EXPECT_FALSE(repository_.FindPersonByEmail("ok@example.org"));
}

TEST_P(WebAuthTest, BadFormsGetAnErrorSummaryAndKeepWhatWasTyped) {
  const auto admin = SignIn("admin%40example.org");
  auto people = testing::Get(Port(), "/admin/people", "Cookie: lqf_session=" + admin + "\r\n");
  auto reply = Post("/admin/people",
                    "csrf_token=" + CsrfField(people.body) + "&name=" + std::string(200, 'n') +
                        "&email=not-an-email&organisation=&role=participant",
                    "lqf_session=" + admin);
  EXPECT_EQ(reply.status, 422);
  EXPECT_NE(reply.body.find("There is a problem"), std::string::npos);
  EXPECT_NE(reply.body.find("Name must be 120 characters or fewer"), std::string::npos);
  EXPECT_NE(reply.body.find("Enter an email address in the correct format"), std::string::npos);
  EXPECT_NE(reply.body.find("value=\"not-an-email\""), std::string::npos);
  auto invalid_utf8 =
      Post("/admin/people", "csrf_token=" + CsrfField(people.body) + "&name=%FF", "lqf_session=" + admin);
  EXPECT_EQ(invalid_utf8.status, 400);
  EXPECT_EQ(repository_.ListPeople().size(), 3u) << "nothing was added";
}

TEST_P(WebAuthTest, AnAdministratorChangesRolesOnThePersonPage) {
  const auto admin = SignIn("admin%40example.org");
  const auto cookie = "Cookie: lqf_session=" + admin + "\r\n";
  const auto path = "/admin/people/" + std::to_string(asha_id_);
  auto page = testing::Get(Port(), path, cookie);
  ASSERT_EQ(page.status, 200);
  const auto csrf = CsrfField(page.body);
  EXPECT_EQ(Post(path + "/roles", "csrf_token=" + csrf + "&role=coach&cohort=Cohort+A", "lqf_session=" + admin).status,
            303);
  EXPECT_EQ(repository_.FindPerson(asha_id_)->grants.size(), 2u);
  // A stale page: it showed "participant" first, but the form says "coach" is there.
  EXPECT_EQ(Post(path + "/roles/0/remove", "csrf_token=" + csrf + "&role=coach", "lqf_session=" + admin).status, 409);
  EXPECT_EQ(repository_.FindPerson(asha_id_)->grants.size(), 2u);
  EXPECT_EQ(Post(path + "/roles/1/remove", "csrf_token=" + csrf + "&role=coach", "lqf_session=" + admin).status, 303);
  EXPECT_EQ(repository_.FindPerson(asha_id_)->grants.size(), 1u);
  auto bad = Post(path + "/roles", "csrf_token=" + csrf + "&role=coach&cohort=Nowhere", "lqf_session=" + admin);
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("Enter the name of a cohort that is in LQF"), std::string::npos);
}

TEST_P(WebAuthTest, SignOutEndsTheSession) {
  const auto session = SignIn("asha%40example.org");
  auto page = testing::Get(Port(), "/sign-out", "Cookie: lqf_session=" + session + "\r\n");
  ASSERT_EQ(page.status, 200);
  auto reply = Post("/sign-out", "csrf_token=" + CsrfField(page.body), "lqf_session=" + session);
  EXPECT_EQ(reply.status, 303);
  EXPECT_EQ(testing::Get(Port(), "/account", "Cookie: lqf_session=" + session + "\r\n").status, 303);
}

TEST_P(WebAuthTest, ASignedInPersonCanStillUseAPasswordLink) {
  const auto session = SignIn("asha%40example.org");
  const auto link = accounts_.IssueResetLink("asha@example.org");
  ASSERT_TRUE(link);
  auto page = testing::Get(Port(), "/set-password?token=" + link->second, "Cookie: lqf_session=" + session + "\r\n");
  ASSERT_EQ(page.status, 200);
  auto reply = Post("/set-password",
                    "csrf_token=" + CsrfField(page.body) + "&token=" + link->second +
                        "&password=another+long+password&confirm=another+long+password",
                    "lqf_session=" + session);
  EXPECT_EQ(reply.Header("Location"), "/sign-in?password-set=1");
}

TEST_P(WebAuthTest, AResetRequestAnswersAlikeAndEmailsOnlyRealAccounts) {
  auto page = testing::Get(Port(), "/reset-password");
  const auto csrf = SetCookie(page, "lqf_csrf");
  auto known = Post("/reset-password", "csrf_token=" + csrf + "&email=asha%40example.org", "lqf_csrf=" + csrf);
  auto unknown = Post("/reset-password", "csrf_token=" + csrf + "&email=nobody%40example.org", "lqf_csrf=" + csrf);
  EXPECT_EQ(known.status, 200);
  EXPECT_EQ(known.body, unknown.body) << "the same page whether or not there is an account";
  background_.Drain();
  const auto counts = outbox_.Counts();
  EXPECT_EQ(counts.pending, 1) << "one email, to the real account";
  auto bad = Post("/reset-password", "csrf_token=" + csrf + "&email=not-an-email", "lqf_csrf=" + csrf);
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("Enter an email address in the correct format"), std::string::npos);
}

TEST_P(WebAuthTest, SetPasswordLinkWorksOnceThroughThePages) {
  const auto id = accounts_
                      .AddPerson(app::CommandLineActor(), {"New Person", "new@example.org", "Northshire County Council",
                                                           "", "", "participant", "Cohort A"})
                      .value.value();
  const auto link = accounts_.IssueSetPasswordLink(app::CommandLineActor(), id).value.value();
  auto page = testing::Get(Port(), "/set-password?token=" + link);
  const auto csrf = SetCookie(page, "lqf_csrf");
  const auto form =
      "csrf_token=" + csrf + "&token=" + link + "&password=another+long+password&confirm=another+long+password";
  EXPECT_EQ(Post("/set-password", form, "lqf_csrf=" + csrf).Header("Location"), "/sign-in?password-set=1");
  auto reuse = Post("/set-password", form, "lqf_csrf=" + csrf);
  EXPECT_EQ(reuse.status, 422);
  EXPECT_NE(reuse.body.find("expired or has already been used"), std::string::npos);
}

TEST_P(WebAuthTest, TheApiUsesTheSessionAndAHeaderToken) {
  EXPECT_EQ(testing::Get(Port(), "/api/v1/people").status, 401);
  EXPECT_EQ(testing::Get(Port(), "/api/v1/people").Header("Content-Type"), "application/problem+json");
  const auto admin = SignIn("admin%40example.org");
  const auto cookie = "Cookie: lqf_session=" + admin + "\r\n";
  auto session = testing::Get(Port(), "/api/v1/session", cookie);
  ASSERT_EQ(session.status, 200);
  const auto csrf = std::string(boost::json::parse(session.body).at("csrf_token").as_string());
  const std::string person =
      R"({"name":"Api Person","email":"api@example.org","organisation":"Northshire County Council","role":"participant","cohort":"Cohort A"})";
  auto no_token =
      testing::Request(Port(), "POST", "/api/v1/people", person, "Content-Type: application/json\r\n" + cookie);
  EXPECT_EQ(no_token.status, 403);
  auto form =
      testing::Request(Port(), "POST", "/api/v1/people", "name=x",
                       "Content-Type: application/x-www-form-urlencoded\r\nX-CSRF-Token: " + csrf + "\r\n" + cookie);
  EXPECT_EQ(form.status, 415);
  auto added = testing::Request(Port(), "POST", "/api/v1/people", person,
                                "Content-Type: application/json\r\nX-CSRF-Token: " + csrf + "\r\n" + cookie);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(boost::json::parse(added.body).at("email").as_string(), "api@example.org");
  auto bad = testing::Request(Port(), "POST", "/api/v1/people", R"({"name":"","email":"nope"})",
                              "Content-Type: application/json\r\nX-CSRF-Token: " + csrf + "\r\n" + cookie);
  ASSERT_EQ(bad.status, 422);
  auto errors = boost::json::parse(bad.body).at("errors").as_array();
  ASSERT_GE(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("field").as_string(), "name");
  EXPECT_EQ(errors[0].at("detail").as_string(), "Enter a name");
  auto people = boost::json::parse(testing::Get(Port(), "/api/v1/people", cookie).body).at("people").as_array();
  EXPECT_EQ(people.size(), 4u);
  EXPECT_EQ(testing::Get(Port(), "/api/v1/audit", cookie).status, 200);
  EXPECT_EQ(testing::Get(Port(), "/api/v1/organisations", cookie).status, 200);
}

TEST_P(WebAuthTest, TheApiShowsAParticipantOnlyThemself) {
  const auto cookie = "Cookie: lqf_session=" + SignIn("asha%40example.org") + "\r\n";
  auto people = boost::json::parse(testing::Get(Port(), "/api/v1/people", cookie).body).at("people").as_array();
  ASSERT_EQ(people.size(), 1u);
  EXPECT_EQ(people[0].at("email").as_string(), "asha@example.org");
  EXPECT_EQ(testing::Get(Port(), "/api/v1/audit", cookie).status, 403);
  EXPECT_EQ(testing::Get(Port(), "/api/v1/organisations", cookie).status, 403);
  auto session = boost::json::parse(testing::Get(Port(), "/api/v1/session", cookie).body);
  const auto csrf = std::string(session.at("csrf_token").as_string());
  auto add = testing::Request(Port(), "POST", "/api/v1/people",
                              R"({"name":"X","email":"x@example.org","organisation":"Northshire County Council"})",
                              "Content-Type: application/json\r\nX-CSRF-Token: " + csrf + "\r\n" + cookie);
  EXPECT_EQ(add.status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebAuthTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
