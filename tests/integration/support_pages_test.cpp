// Mentoring, coaching and appraisal through the whole web application
// (routes, CSRF, templates, the JSON API), on both backends: a programme lead
// sets up a mentor and a line manager; the mentor records a session by API
// with an agreed action; what each person gets back holds only what they may
// see; strangers get 404s; forms and bodies that are wrong get a message.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <optional>

#include "app/secrets.hpp"
#include "store/connection_pool.hpp"
#include "store/migrations.hpp"
#include "store/postgres_database.hpp"
#include "store/sql_account_repository.hpp"
#include "store/sql_feedback_repository.hpp"
#include "store/sql_framework_repository.hpp"
#include "store/sql_outbox_repository.hpp"
#include "store/sql_plan_repository.hpp"
#include "store/sql_privacy_repository.hpp"
#include "store/sql_support_repository.hpp"
#include "store/sqlite_database.hpp"
#include "support/manual_clock.hpp"
#include "support/pg_schema.hpp"
#include "support/store_checks.hpp"
#include "support/temp_dir.hpp"
#include "web/web_app.hpp"

namespace lqf {
namespace {

namespace json = boost::json;
const std::filesystem::path kRoot(LQF_SOURCE_ROOT);

struct Visitor {
  std::int64_t id = 0;
  std::string cookies;
  std::string csrf;
};

class SupportPagesTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  SupportPagesTest()
      : pool_([this] { return Open(); }, 2),
        frameworks_(pool_),
        catalog_(frameworks_, clock_),
        account_repository_(pool_),
        accounts_(account_repository_, clock_),
        privacy_repository_(pool_),
        privacy_(privacy_repository_, account_repository_, clock_),
        outbox_(pool_),
        notifications_(outbox_, clock_, "https://lqf.example", {}),
        feedback_repository_(pool_),
        feedback_(feedback_repository_, account_repository_, catalog_, notifications_, clock_),
        reports_(feedback_repository_, account_repository_, catalog_, clock_),
        plan_repository_(pool_),
        support_repository_(pool_),
        plans_(plan_repository_, support_repository_, account_repository_, catalog_, reports_, clock_),
        support_(support_repository_, plan_repository_, account_repository_, catalog_, clock_),
        appraisals_(support_repository_, account_repository_, catalog_, clock_),
        web_({catalog_, accounts_, privacy_, feedback_, reports_, plans_, support_, appraisals_, notifications_,
              background_},
             web::WebOptions{kRoot}) {
    store::Migrate(pool_.Acquire(), clock_.NowUtc());
    EXPECT_EQ(catalog_.Import(testing::Slurp(kRoot / "data/frameworks/nlqf-2010.json")).status,
              app::ImportStatus::kImported);
    const auto admin = app::CommandLineActor();
    accounts_.AddOrganisation(admin, "Programme", "programme-body", "");
    accounts_.AddOrganisation(admin, "Northshire County Council", "local-authority", "");
    accounts_.AddCohort(admin, "Programme", "Cohort A", 2026);
    accounts_.AddCohort(admin, "Programme", "Cohort B", 2026);
    jo_ = SignedIn(
        {"Jo Bennett", "jo@northshire.example", "Northshire County Council", "", "", "participant", "Cohort A"});
    mentor_ =
        SignedIn({"Mo Mentor", "mo@elsewhere.example", "Northshire County Council", "", "", "participant", "Cohort B"});
    manager_ =
        SignedIn({"Cath Chief", "cath@northshire.example", "Northshire County Council", "", "", "participant", ""});
    lead_ = SignedIn({"Priya Shah", "priya@programme.example", "Programme", "", "", "programme-lead", "Cohort A"});
    stranger_ = SignedIn(
        {"Sam Other", "sam@northshire.example", "Northshire County Council", "", "", "participant", "Cohort B"});
  }

  std::unique_ptr<store::Database> Open() {
    if (GetParam() == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir_.File("lqf.db"));
    return std::make_unique<store::PostgresDatabase>(schema_->Url());
  }

  Visitor SignedIn(const app::PersonInput& input) {
    const auto id = accounts_.AddPerson(app::CommandLineActor(), input).value.value();
    const auto token = app::NewToken();
    const auto csrf = app::NewToken();
    const auto now = clock_.NowUtc();
    account_repository_.CreateSession({app::TokenHash(token), id, csrf, now, now, app::AddSeconds(now, 3600)});
    return {id, "lqf_session=" + token, csrf};
  }

  http::Response Send(const Visitor& visitor, const std::string& method, const std::string& target,
                      const std::string& body = {}, const std::string& type = "application/x-www-form-urlencoded",
                      bool with_csrf = true) {
    http::Request request;
    request.method = method;
    request.target = target;
    const auto q = target.find('?');
    request.path = target.substr(0, q);
    request.query = q == std::string::npos ? std::string() : target.substr(q + 1);
    request.headers.push_back({"Cookie", visitor.cookies});
    if (method == "POST") {
      request.headers.push_back({"Content-Type", type});
      if (with_csrf && type == "application/json") request.headers.push_back({"X-CSRF-Token", visitor.csrf});
    }
    request.body = body;
    if (method == "POST" && with_csrf && type != "application/json") {
      request.body = "csrf_token=" + visitor.csrf + (body.empty() ? "" : "&" + body);
    }
    request.remote_address = "127.0.0.1";
    return web_.Handle(request);
  }
  http::Response Get(const Visitor& v, const std::string& target) { return Send(v, "GET", target); }
  http::Response Post(const Visitor& v, const std::string& target, const std::string& form) {
    return Send(v, "POST", target, form);
  }
  http::Response Api(const Visitor& v, const std::string& method, const std::string& target,
                     const std::string& body = {}) {
    return Send(v, method, target, body, "application/json");
  }
  static json::object Body(const http::Response& response) { return json::parse(response.body).as_object(); }

  //! The lead sets up Mo as Jo's mentor and Cath as her line manager; returns the mentoring's id.
  std::int64_t SetUpSupport() {
    const auto people = "/api/v1/people/" + std::to_string(jo_.id) + "/support";
    auto mentoring = Api(lead_, "POST", people,
                         R"({"supporter_email": "mo@elsewhere.example", "as": "mentor", "started_on": "2026-06-01"})");
    EXPECT_EQ(mentoring.status, 201) << mentoring.body;
    auto managing = Api(lead_, "POST", people,
                        R"({"supporter_email": "cath@northshire.example", "as": "line-manager",
                            "started_on": "2026-01-01"})");
    EXPECT_EQ(managing.status, 201) << managing.body;
    return Body(mentoring).at("id").as_int64();
  }

  testing::TempDir dir_;
  std::optional<testing::Schema> schema_ =
      GetParam() == store::Dialect::kPostgres ? std::make_optional<testing::Schema>() : std::nullopt;
  store::ConnectionPool pool_;
  testing::ManualClock clock_;
  store::SqlFrameworkRepository frameworks_;
  app::FrameworkCatalog catalog_;
  store::SqlAccountRepository account_repository_;
  app::Accounts accounts_;
  store::SqlPrivacyRepository privacy_repository_;
  app::Privacy privacy_;
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
  Visitor jo_, mentor_, manager_, lead_, stranger_;
};

TEST_P(SupportPagesTest, ASessionByApiShowsEachPersonOnlyWhatIsTheirs) {
  const auto mentoring = SetUpSupport();
  const auto at = "/api/v1/support/" + std::to_string(mentoring);
  // Wrong bodies: a 400 for what is not JSON as asked, a 422 naming each field.
  EXPECT_EQ(Api(mentor_, "POST", at + "/sessions", "not json").status, 400);
  EXPECT_EQ(Api(mentor_, "POST", at + "/sessions", R"({"themes": "S4"})").status, 400);
  auto refused = Api(mentor_, "POST", at + "/sessions",
                     R"({"held_on": "2026-02-30", "themes": ["S4", "S4"], "record": "",
                         "action": {"kind": "coaching", "description": "x", "goal_id": 999999}})");
  ASSERT_EQ(refused.status, 422) << refused.body;
  std::vector<std::string> fields;
  const auto problem = Body(refused);
  for (const auto& e : problem.at("errors").as_array()) fields.emplace_back(e.at("field").as_string());
  EXPECT_EQ(fields, (std::vector<std::string>{"held_on", "themes", "summary", "action_goal"}));
  EXPECT_EQ(Body(refused).at("errors").as_array()[0].at("detail").as_string(),
            "Enter the date the session was held as a real date, for example 2026-11-20");
  // Only the mentor records.
  const std::string session =
      R"({"held_on": "2026-11-20", "themes": ["S4"], "record": "We talked.", "private_note": "Only mine.",
          "action": {"kind": "shadowing", "description": "Shadow a peer", "due": "2027-01-31"}})";
  for (const auto* other : {&jo_, &lead_, &manager_, &stranger_}) {
    EXPECT_EQ(Api(*other, "POST", at + "/sessions", session).status, 404);
  }
  auto recorded = Api(mentor_, "POST", at + "/sessions", session);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_EQ(Body(recorded).at("sessions").as_array()[0].at("private_note").as_string(), "Only mine.");
  // Jo gets the record without the note; the lead neither; others nothing.
  auto hers = Body(Api(jo_, "GET", at)).at("sessions").as_array()[0].as_object();
  EXPECT_EQ(hers.at("record").as_string(), "We talked.");
  EXPECT_FALSE(hers.contains("private_note"));
  auto leads = Body(Api(lead_, "GET", at)).at("sessions").as_array()[0].as_object();
  EXPECT_FALSE(leads.contains("record"));
  EXPECT_FALSE(leads.contains("private_note"));
  EXPECT_EQ(leads.at("themes").as_array().size(), 1u);
  for (const auto* other : {&manager_, &stranger_}) EXPECT_EQ(Api(*other, "GET", at).status, 404);
  EXPECT_EQ(Get(stranger_, "/support/relationships/" + std::to_string(mentoring)).status, 404);
  // The page never carries the note to Jo either.
  auto page = Get(jo_, "/support/relationships/" + std::to_string(mentoring));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("We talked."), std::string::npos);
  EXPECT_EQ(page.body.find("Only mine."), std::string::npos);
  // The agreed action is in Jo's plan, as a new goal on the theme.
  auto plan = Body(Api(jo_, "GET", "/api/v1/people/" + std::to_string(jo_.id) + "/plan"));
  const auto& goal = plan.at("goals").as_array()[0].as_object();
  EXPECT_EQ(goal.at("statement").as_string(), "S4");
  EXPECT_EQ(goal.at("from").as_string(), "session");
  EXPECT_TRUE(goal.at("actions").as_array()[0].at("session_id").is_int64());
  // Only Jo shares her plan, by API too.
  EXPECT_EQ(Api(mentor_, "POST", at + "/share", R"({"share": true})").status, 404);
  EXPECT_EQ(Api(jo_, "POST", at + "/share", R"({"share": "yes"})").status, 400);
  EXPECT_EQ(Api(jo_, "POST", at + "/share", R"({"share": true})").status, 200);
  EXPECT_EQ(Api(mentor_, "GET", "/api/v1/people/" + std::to_string(jo_.id) + "/plan").status, 200);
}

TEST_P(SupportPagesTest, TheSessionFormSaysWhatIsWrongAndKeepsWhatWasTyped) {
  const auto mentoring = SetUpSupport();
  const auto at = "/support/relationships/" + std::to_string(mentoring);
  auto page = Get(mentor_, at);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Record a session"), std::string::npos);
  auto refused = Post(mentor_, at + "/sessions",
                      "held_on=tomorrow&theme1=S4&summary=&private_note=Keep+this+%3Cb%3Enote%3C%2Fb%3E");
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(refused.body.find("href=\"#held_on\""), std::string::npos);
  EXPECT_NE(refused.body.find("Enter a record of the session"), std::string::npos);
  EXPECT_NE(refused.body.find("Keep this &lt;b&gt;note&lt;/b&gt;"), std::string::npos) << "kept, and escaped";
  // Without the form's token, nothing is recorded.
  auto forged = Send(mentor_, "POST", at + "/sessions", "held_on=2026-11-20&summary=Forged",
                     "application/x-www-form-urlencoded", false);
  EXPECT_EQ(forged.status, 403);
  EXPECT_TRUE(support_repository_.Sessions(mentoring).empty());
  auto saved = Post(mentor_, at + "/sessions", "held_on=2026-11-20&theme1=S4&summary=Held");
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(support_repository_.Sessions(mentoring).size(), 1u);
}

TEST_P(SupportPagesTest, AnAppraisalYearByApiFromStartToSignOff) {
  SetUpSupport();
  const auto years = "/api/v1/people/" + std::to_string(jo_.id) + "/appraisals";
  EXPECT_EQ(Api(lead_, "GET", years).status, 404) << "appraisal is between Jo and her line manager";
  EXPECT_EQ(Api(mentor_, "POST", years, R"({"period_start": "2026-01-01", "period_end": "2026-12-31"})").status, 404);
  auto bad = Api(manager_, "POST", years, R"({"period_start": "2026-01-01", "period_end": "2025-12-31"})");
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(Body(bad).at("errors").as_array()[0].at("detail").as_string(), "The last day must be after the first day");
  auto started = Api(manager_, "POST", years, R"({"period_start": "2026-01-01", "period_end": "2026-11-01"})");
  ASSERT_EQ(started.status, 201) << started.body;
  const auto at = "/api/v1/appraisals/" + std::to_string(Body(started).at("id").as_int64());
  EXPECT_EQ(Api(jo_, "POST", at + "/objectives", R"({"statement": "S4", "title": "Lead the board"})").status, 201);
  EXPECT_EQ(Api(manager_, "POST", at + "/reviews", R"({"kind": "mid-year", "held_on": "2026-07-01",
                                                       "comment": "On track"})")
                .status,
            201);
  EXPECT_EQ(
      Api(jo_, "POST", at + "/reviews", R"({"kind": "year-end", "held_on": "2026-11-01", "comment": "x"})").status,
      404);
  EXPECT_EQ(Api(manager_, "POST", at + "/reviews", R"({"kind": "year-end", "held_on": "2026-11-01",
                                                       "comment": "Done"})")
                .status,
            201);
  EXPECT_EQ(Api(jo_, "POST", at + "/reviews/year-end/comment", R"({"comment": "Agreed"})").status, 200);
  EXPECT_EQ(Api(manager_, "POST", at + "/sign", "{}").status, 200);
  auto signed_off = Api(jo_, "POST", at + "/sign", "{}");
  ASSERT_EQ(signed_off.status, 200);
  EXPECT_EQ(Body(signed_off).at("stage").as_string(), "Signed off");
  auto again = Api(jo_, "POST", at + "/sign", "{}");
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(Body(again).at("errors").as_array()[0].at("detail").as_string(), "You have signed this year already");
  EXPECT_EQ(Api(stranger_, "GET", at).status, 404);
  EXPECT_EQ(Get(stranger_, "/appraisals/" + std::to_string(Body(started).at("id").as_int64())).status, 404);
  EXPECT_EQ(Get(manager_, "/appraisals?person=" + std::to_string(jo_.id)).status, 200);
}

// A file too large for the server to read at all (http::ServerOptions::refusal)
// still gets a page in words, with the navigation of whoever is signed in.
TEST_P(SupportPagesTest, AnUploadTooLargeToReadGetsAPageSayingSo) {
  http::Request head;
  head.method = "POST";
  head.target = head.path = "/plan/goals/1/evidence";
  head.headers.push_back({"Cookie", jo_.cookies});
  auto page = web_.Refused(413, head);
  EXPECT_EQ(page.status, 413);
  EXPECT_NE(page.body.find("The file is too large"), std::string::npos);
  EXPECT_NE(page.body.find("smaller than 10 MB"), std::string::npos);
  EXPECT_NE(page.body.find("Sign out"), std::string::npos) << "Jo is still signed in";
  EXPECT_EQ(page.Header("Cache-Control"), "no-store");
  head.target = head.path = "/api/v1/people/1/plan/goals";
  auto problem = web_.Refused(413, head);
  EXPECT_EQ(problem.status, 413);
  EXPECT_EQ(Body(problem).at("status").as_int64(), 413);
  auto busy = web_.Refused(503, head);
  EXPECT_EQ(busy.Header("Retry-After"), "10");
}

INSTANTIATE_TEST_SUITE_P(Backends, SupportPagesTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
