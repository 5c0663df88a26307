// The privacy pages called directly with a Context, as routes.cpp calls them
// after its gate and CSRF checks: who gets a download, a 403 or a 404, and
// what the erase page shows. Every test runs on both backends: a real SQLite
// file, and a schema of its own on the throwaway PostgreSQL server ctest
// starts.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <optional>

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
#include "support/pg_schema.hpp"
#include "support/temp_dir.hpp"
#include "web/privacy_pages.hpp"
#include "web/questionnaire.hpp"

namespace lqf {
namespace {

constexpr char kPassword[] = "a long enough password";

class PrivacyPagesTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  PrivacyPagesTest()
      : frameworks_(pool_),
        catalog_(frameworks_, clock_),
        repository_(pool_),
        accounts_(repository_, clock_),
        privacy_repository_(pool_),
        privacy_(privacy_repository_, repository_, clock_),
        renderer_(std::filesystem::path(LQF_SOURCE_ROOT) / "templates"),
        assets_(std::filesystem::path(LQF_SOURCE_ROOT) / "public"),
        messages_(std::filesystem::path(LQF_SOURCE_ROOT) / "messages" / "en.json"),
        outbox_(pool_),
        notifications_(outbox_, clock_, "http://lqf.test", {}),
        feedback_repository_(pool_),
        feedback_(feedback_repository_, repository_, catalog_, notifications_, clock_),
        reports_(feedback_repository_, repository_, catalog_, clock_),
        plan_repository_(pool_),
        support_repository_(pool_),
        plans_(plan_repository_, support_repository_, repository_, catalog_, reports_, clock_),
        support_(support_repository_, plan_repository_, repository_, catalog_, clock_),
        appraisals_(support_repository_, repository_, catalog_, clock_),
        ctx_{catalog_,       accounts_,   privacy_, feedback_, reports_, plans_,    support_, appraisals_,
             notifications_, background_, false,    renderer_, assets_,  messages_, pages_,   prepared_} {
    store::Migrate(pool_.Acquire(), clock_.NowUtc());
    const auto admin = app::CommandLineActor();
    accounts_.AddOrganisation(admin, "Programme", "programme-body", "");
    accounts_.AddOrganisation(admin, "Northshire County Council", "local-authority", "");
    accounts_.AddCohort(admin, "Programme", "Cohort A", 2026);
    admin_id_ = Add({"Ada Admin", "admin@example.org", "", "", "", "administrator", ""});
    asha_id_ =
        Add({"Asha Patel", "asha@example.org", "Northshire County Council", "DCS", "", "participant", "Cohort A"});
    bola_id_ =
        Add({"Bola Adeyemi", "bola@example.org", "Northshire County Council", "", "", "participant", "Cohort A"});
    Add({"Lee Lead", "lead@example.org", "Programme", "", "", "programme-lead", "Cohort A"});
  }
  //! A new connection to this test's database (an SQLite file, or a
  //! PostgreSQL schema of its own).
  std::unique_ptr<store::Database> Open() {
    if (GetParam() == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir_.File("lqf.db"));
    return std::make_unique<store::PostgresDatabase>(schema_->Url());
  }
  std::int64_t Add(const app::PersonInput& input) {
    const auto admin = app::CommandLineActor();
    auto id = accounts_.AddPerson(admin, input).value.value();
    accounts_.SetPasswordWithLink(accounts_.IssueSetPasswordLink(admin, id).value.value(), kPassword);
    return id;
  }
  std::optional<app::CurrentSession> Session(const std::string& email) {
    return accounts_.Resume(accounts_.SignIn(email, kPassword, "127.0.0.1").value.value());
  }
  http::Response Call(http::Response (*handler)(web::Context&, const web::Call&), const std::string& method,
                      const std::string& path, const std::string& email, std::vector<std::string> params = {}) {
    request_ = http::Request{method, path, path, "", {}, "", "127.0.0.1"};
    web::Call call{.request = request_};
    call.params = std::move(params);
    call.session = Session(email);
    return handler(ctx_, call);
  }

  testing::TempDir dir_;
  std::optional<testing::Schema> schema_ =
      GetParam() == store::Dialect::kPostgres ? std::make_optional<testing::Schema>() : std::nullopt;
  // Connections lent to each call, as in production (`lqf serve`).
  store::ConnectionPool pool_{[this] { return Open(); }, 3};
  app::SystemClock clock_;
  store::SqlFrameworkRepository frameworks_;
  app::FrameworkCatalog catalog_;
  store::SqlAccountRepository repository_;
  app::Accounts accounts_;
  store::SqlPrivacyRepository privacy_repository_;
  app::Privacy privacy_;
  web::Renderer renderer_;
  web::StaticFiles assets_;
  web::Messages messages_;
  web::PageCache pages_;
  web::PreparedPages prepared_;
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
  web::Context ctx_;
  http::Request request_;
  std::int64_t admin_id_ = 0, asha_id_ = 0, bola_id_ = 0;
};

TEST_P(PrivacyPagesTest, YourOwnDataIsAJsonDownloadNeverCached) {
  auto r = Call(web::ExportOwnDataSubmit, "POST", "/account/export", "asha@example.org");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Type"), "application/json");
  EXPECT_EQ(r.Header("Content-Disposition"), "attachment; filename=\"lqf-my-data.json\"");
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
  EXPECT_EQ(boost::json::parse(r.body).at("profile").at("email").as_string(), "asha@example.org");
}

TEST_P(PrivacyPagesTest, AnAdministratorDownloadsAPersonsDataAndNobodyElseDoes) {
  const auto id = std::to_string(bola_id_);
  auto r = Call(web::ExportPersonSubmit, "POST", "/admin/people/" + id + "/export", "admin@example.org", {id});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Disposition"), "attachment; filename=\"lqf-person-" + id + ".json\"");
  EXPECT_EQ(Call(web::ExportPersonSubmit, "POST", "/x", "asha@example.org", {id}).status, 403);
  EXPECT_EQ(Call(web::ExportPersonSubmit, "POST", "/x", "lead@example.org", {id}).status, 403);
  EXPECT_EQ(Call(web::ExportPersonSubmit, "POST", "/x", "admin@example.org", {"abc"}).status, 404);
  EXPECT_EQ(Call(web::ExportPersonSubmit, "POST", "/x", "admin@example.org", {"99999"}).status, 404);
}

TEST_P(PrivacyPagesTest, TheErasePageWarnsAndNamesThePerson) {
  const auto id = std::to_string(asha_id_);
  auto r = Call(web::ErasePersonPage, "GET", "/admin/people/" + id + "/erase", "admin@example.org", {id});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Erase Asha Patel’s data"), std::string::npos);
  EXPECT_NE(r.body.find("govuk-warning-text"), std::string::npos);
  EXPECT_NE(r.body.find("action=\"/admin/people/" + id + "/erase\""), std::string::npos);
  EXPECT_NE(r.body.find("Northshire County Council"), std::string::npos);
  EXPECT_NE(r.body.find("name=\"csrf_token\" value=\""), std::string::npos);
  const auto self = std::to_string(admin_id_);
  auto s = Call(web::ErasePersonPage, "GET", "/x", "admin@example.org", {self});
  EXPECT_EQ(s.status, 200);
  EXPECT_NE(s.body.find("You cannot erase your own data"), std::string::npos);
  EXPECT_EQ(s.body.find("/erase\""), std::string::npos);
  EXPECT_EQ(Call(web::ErasePersonPage, "GET", "/x", "lead@example.org", {id}).status, 403);
  EXPECT_EQ(Call(web::ErasePersonPage, "GET", "/x", "admin@example.org", {"99999"}).status, 404);
}

TEST_P(PrivacyPagesTest, ErasingRedirectsToPeopleOrRefuses) {
  const auto id = std::to_string(asha_id_);
  EXPECT_EQ(Call(web::ErasePersonSubmit, "POST", "/x", "lead@example.org", {id}).status, 403);
  EXPECT_EQ(Call(web::ErasePersonSubmit, "POST", "/x", "admin@example.org", {std::to_string(admin_id_)}).status, 403);
  EXPECT_EQ(Call(web::ErasePersonSubmit, "POST", "/x", "admin@example.org", {"99999"}).status, 404);
  auto r = Call(web::ErasePersonSubmit, "POST", "/x", "admin@example.org", {id});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.Header("Location"), "/admin/people?erased=1");
  EXPECT_EQ(Call(web::ErasePersonSubmit, "POST", "/x", "admin@example.org", {id}).status, 303);
  EXPECT_FALSE(accounts_.SignIn("asha@example.org", kPassword, "127.0.0.1").Ok());
}

TEST_P(PrivacyPagesTest, AccountPageOffersDownload) {
  auto r = Call(web::AccountPage, "GET", "/account", "asha@example.org");
  EXPECT_NE(r.body.find("action=\"/account/export\""), std::string::npos);
  EXPECT_NE(r.body.find("Download your data"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, PrivacyPagesTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
