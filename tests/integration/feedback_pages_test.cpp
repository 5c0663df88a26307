// The feedback pages through the whole web application (routes, CSRF,
// templates), on both backends: a participant starts a cycle, adds raters
// and sends invitations; a rater opens the link from their email, answers
// page by page with mistakes put right, checks and submits; another
// declines; the participant rates themself; the cycle closes and the links
// stop. Each wrong input gets the GOV.UK error summary and keeps what was saved.

#include <gtest/gtest.h>

#include <tuple>

#include <fstream>

#include <cstdio>

#include <optional>

#include "app/feedback.hpp"
#include "app/plans.hpp"
#include "app/reports.hpp"
#include "app/secrets.hpp"
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
#include "support/manual_clock.hpp"
#include "support/pg_schema.hpp"
#include "support/store_checks.hpp"
#include "support/temp_dir.hpp"
#include "web/web_app.hpp"

namespace lqf {
namespace {

const std::filesystem::path kRoot(LQF_SOURCE_ROOT);

//! A browser's view of one visitor: cookies kept between requests.
struct Visitor {
  std::string cookies;  //!< "a=1; b=2"
  std::string csrf;     //!< the token forms carry
};

class FeedbackPagesTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  FeedbackPagesTest()
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
    jo_ = SignedIn("Jo Bennett", "jo@northshire.example");
    sam_ = SignedIn("Sam Other", "sam@northshire.example");
  }

  std::unique_ptr<store::Database> Open() {
    if (GetParam() == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir_.File("lqf.db"));
    return std::make_unique<store::PostgresDatabase>(schema_->Url());
  }

  //! A participant with a session made directly (signing in is tested elsewhere).
  Visitor SignedIn(const std::string& name, const std::string& email, const std::string& role = "participant") {
    const auto id = accounts_
                        .AddPerson(app::CommandLineActor(),
                                   {name, email, role == "participant" ? "Northshire County Council" : "Programme", "",
                                    "", role, "Cohort A"})
                        .value.value();
    const auto token = app::NewToken();
    const auto csrf = app::NewToken();
    const auto now = clock_.NowUtc();
    account_repository_.CreateSession({app::TokenHash(token), id, csrf, now, now, app::AddSeconds(now, 3600)});
    return {"lqf_session=" + token, csrf};
  }

  http::Response Send(Visitor& visitor, const std::string& method, const std::string& target,
                      const std::string& body = {}) {
    http::Request request;
    request.method = method;
    request.target = target;
    const auto q = target.find('?');
    request.path = target.substr(0, q);
    request.query = q == std::string::npos ? std::string() : target.substr(q + 1);
    if (!visitor.cookies.empty()) request.headers.push_back({"Cookie", visitor.cookies});
    if (method == "POST") request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    request.body = body;
    request.remote_address = "127.0.0.1";
    auto response = web_.Handle(request);
    // Keep the pre-sign-in CSRF cookie, as a browser would.
    for (const auto& [name, value] : response.headers) {
      if (name == "Set-Cookie" && value.starts_with("lqf_csrf=")) {
        const auto token = value.substr(9, value.find(';') - 9);
        visitor.cookies = "lqf_csrf=" + token;
        visitor.csrf = token;
      }
    }
    return response;
  }
  http::Response Get(Visitor& visitor, const std::string& target) { return Send(visitor, "GET", target); }
  //! A JSON API call with the session's CSRF token in its header.
  http::Response Api(Visitor& visitor, const std::string& method, const std::string& target,
                     const std::string& json = {}) {
    http::Request request;
    request.method = method;
    request.target = request.path = target;
    request.headers.push_back({"Cookie", visitor.cookies});
    if (method == "POST") {
      request.headers.push_back({"Content-Type", "application/json"});
      request.headers.push_back({"X-CSRF-Token", visitor.csrf});
    }
    request.body = json;
    request.remote_address = "127.0.0.1";
    return web_.Handle(request);
  }
  http::Response Post(Visitor& visitor, const std::string& target, const std::string& body) {
    return Send(visitor, "POST", target, "csrf_token=" + visitor.csrf + (body.empty() ? "" : "&" + body));
  }
  //! A form with a file, as a browser sends it (multipart/form-data, with
  //! the session's CSRF token). Without `file_name`, the form has no file part.
  http::Response Upload(Visitor& visitor, const std::string& target,
                        const std::vector<std::pair<std::string, std::string>>& fields,
                        std::optional<std::string> file_name, const std::string& content = {},
                        const std::string& sent_type = "application/octet-stream") {
    const std::string boundary = "----LqfTestBoundary7MA4YWxkTrZu0gW";
    std::string body;
    for (const auto& [name, value] : fields) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }
    if (file_name) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + *file_name +
              "\"\r\nContent-Type: " + sent_type + "\r\n\r\n" + content + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    http::Request request;
    request.method = "POST";
    request.target = request.path = target;
    request.headers.push_back({"Cookie", visitor.cookies});
    request.headers.push_back({"Content-Type", "multipart/form-data; boundary=" + boundary});
    request.body = std::move(body);
    request.remote_address = "127.0.0.1";
    return web_.Handle(request);
  }
  //! The goal added with `title` to the visitor's own plan, by id.
  std::string AddGoal(Visitor& visitor, const std::string& title) {
    const auto added = Post(visitor, "/plan/goals", "person=&title=" + title);
    EXPECT_EQ(added.status, 303);
    const auto location = std::string(added.Header("Location"));
    return location.substr(location.find("#goal-") + 6);
  }
  //! The single number `sql` returns.
  std::int64_t Count(const std::string& sql) {
    auto db = pool_.Acquire();
    return testing::Count(db, sql);
  }

  //! The newest link emailed to `email`.
  std::string LinkFor(const std::string& email) {
    auto db = pool_.Acquire();
    store::Query query(db, "SELECT body_text FROM outbox WHERE recipient = ? ORDER BY id DESC");
    query.Bind(1, email);
    while (query.Step()) {
      const auto body = query.Text(0);
      const auto at = body.find("/feedback?t=");
      if (at != std::string::npos) return body.substr(at + 12, body.find('\n', at) - at - 12);
    }
    return {};
  }

  //! Starts a cycle on the attributes and skills, with three peers invited.
  std::string OpenCycle() {
    auto started = Post(jo_, "/cycles",
                        "participant=&title=Autumn+feedback&scope-A=1&scope-S=1&deadline-day=18&deadline-month=12&"
                        "deadline-year=2026&reminder_limit=3&reminder_gap_days=7");
    EXPECT_EQ(started.status, 303);
    const auto location = std::string(started.Header("Location"));
    const auto cycle = location.substr(0, location.find('?'));
    for (const char* who : {"pat", "lee", "kim"}) {
      EXPECT_EQ(
          Post(jo_, cycle + "/raters", std::string("name=") + who + "&email=" + who + "%40peers.example&group=peers")
              .status,
          303);
    }
    EXPECT_EQ(Post(jo_, cycle + "/send", "").Header("Location"), cycle + "?done=invited");
    return cycle;
  }

  //! A page of answers: every attribute (A1-A8) rated `rating`.
  static std::string Attributes(const std::string& rating) {
    std::string body = "page=1&action=continue";
    for (int i = 1; i <= 8; ++i) body += "&rating-A" + std::to_string(i) + "=" + rating;
    return body;
  }
  static std::string Skills() {
    std::string body = "page=2&action=continue";
    for (int i = 1; i <= 17; ++i) body += "&rating-S" + std::to_string(i) + "=" + (i % 5 == 0 ? "na" : "3");
    return body;
  }

  static bool Has(const http::Response& response, const std::string& text) {
    return response.body.find(text) != std::string::npos;
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
  Visitor jo_, sam_;
};

TEST_P(FeedbackPagesTest, AParticipantStartsACycleAndWrongInputIsExplained) {
  EXPECT_TRUE(Has(Get(jo_, "/cycles"), "Start a feedback cycle"));
  EXPECT_EQ(Get(jo_, "/cycles/new").status, 200);
  auto wrong = Post(jo_, "/cycles", "title=&deadline-day=31&deadline-month=2&deadline-year=2027");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(Has(wrong, "There is a problem"));
  EXPECT_TRUE(Has(wrong, "Tick at least one part of the framework to ask about"));
  EXPECT_TRUE(Has(wrong, "Enter a name for the cycle"));
  EXPECT_TRUE(Has(wrong, "Enter the deadline as a real date"));
  EXPECT_TRUE(Has(wrong, "value=\"31\"")) << "what was typed is kept";
  EXPECT_TRUE(Has(wrong, "<title>Error: Start a feedback cycle"));

  // Each group's minimum may be raised; a value outside 1 to 10 is refused.
  auto bad_minimum = Post(jo_, "/cycles",
                          "title=T&scope-A=1&deadline-day=18&deadline-month=12&deadline-year=2026&reminder_limit=3&"
                          "reminder_gap_days=7&minimum-peers=0");
  EXPECT_EQ(bad_minimum.status, 422);
  EXPECT_TRUE(Has(bad_minimum, "minimum must be a number from 1 to 10"));
  EXPECT_TRUE(Has(bad_minimum, "href=\"#minimum\""));
  auto raised = Post(jo_, "/cycles",
                     "title=Raised&scope-A=1&deadline-day=18&deadline-month=12&deadline-year=2026&reminder_limit=3&"
                     "reminder_gap_days=7&minimum-peers=5");
  EXPECT_EQ(raised.status, 303);
  EXPECT_TRUE(Has(Get(jo_, std::string(raised.Header("Location"))), ">5</td>")) << "the peers' minimum shown";

  const auto cycle = OpenCycle();
  auto page = Get(jo_, cycle);
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page, "Autumn feedback"));
  EXPECT_TRUE(Has(page, "pat@peers.example"));
  EXPECT_EQ(page.Header("Cache-Control"), "no-store");
  auto bad_rater = Post(jo_, cycle + "/raters", "name=X&email=not-an-address&group=peers");
  EXPECT_EQ(bad_rater.status, 422);
  EXPECT_TRUE(Has(bad_rater, "Enter an email address in the correct format"));
  // Someone else's cycle is not there for them.
  EXPECT_EQ(Get(sam_, cycle).status, 404);
  EXPECT_EQ(Post(sam_, cycle + "/close", "").status, 404);
  EXPECT_EQ(Get(jo_, cycle).status, 200) << "still open";
}

TEST_P(FeedbackPagesTest, ARaterAnswersPageByPageChecksAndSubmitsOnce) {
  OpenCycle();
  const auto link = LinkFor("pat@peers.example");
  ASSERT_EQ(link.size(), 43u);
  Visitor pat;
  auto start = Get(pat, "/feedback?t=" + link);
  EXPECT_EQ(start.status, 200);
  EXPECT_TRUE(Has(start, "Feedback for Jo Bennett"));
  EXPECT_TRUE(Has(start, "only when at least 3 people have answered"));
  EXPECT_EQ(start.Header("Cache-Control"), "no-store");

  auto first = Get(pat, "/feedback?t=" + link + "&page=1");
  EXPECT_EQ(first.status, 200);
  EXPECT_FALSE(pat.csrf.empty()) << "the form's CSRF cookie is set";
  EXPECT_TRUE(Has(first, "Page 1 of 2"));
  EXPECT_TRUE(Has(first, "name=\"rating-A1\""));

  // A value off the scale is refused, with a link to the question.
  auto body = Attributes("4");
  body.replace(body.find("rating-A2=4"), 11, "rating-A2=9");
  auto wrong = Post(pat, "/feedback", "t=" + link + "&" + body);
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(Has(wrong, "href=\"#rating-A2\""));
  EXPECT_TRUE(Has(wrong, "Choose one of the ratings shown"));

  auto saved = Post(pat, "/feedback", "t=" + link + "&" + Attributes("4"));
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(saved.Header("Location"), "/feedback?t=" + link + "&page=2");
  // Submitting with a page unanswered points at what is missing.
  auto early = Post(pat, "/feedback/submit", "t=" + link);
  EXPECT_EQ(early.status, 422);
  EXPECT_TRUE(Has(early, "S1 "));
  EXPECT_TRUE(Has(early, "page=2#rating-S1"));

  EXPECT_EQ(Post(pat, "/feedback", "t=" + link + "&" + Skills()).Header("Location"),
            "/feedback?t=" + link + "&check=1");
  auto check = Get(pat, "/feedback?t=" + link + "&check=1");
  EXPECT_TRUE(Has(check, "Check your answers"));
  EXPECT_TRUE(Has(check, "4 Strong"));
  EXPECT_TRUE(Has(check, "Not able to comment"));
  auto thanks = Post(pat, "/feedback/submit", "t=" + link);
  EXPECT_EQ(thanks.status, 200);
  EXPECT_TRUE(Has(thanks, "Thank you: your feedback has been given"));
  // A double submission, or opening the link again, is harmless.
  EXPECT_TRUE(Has(Post(pat, "/feedback/submit", "t=" + link), "You have given your feedback"));
  EXPECT_TRUE(Has(Get(pat, "/feedback?t=" + link), "You have given your feedback"));
  EXPECT_EQ(feedback_.OpenLink(link)->answers.size(), 25u);
}

TEST_P(FeedbackPagesTest, SaveAndComeBackLaterKeepsTheDraft) {
  OpenCycle();
  const auto link = LinkFor("lee@peers.example");
  Visitor lee;
  Get(lee, "/feedback?t=" + link + "&page=1");
  auto body = Attributes("2");
  body.replace(body.find("action=continue"), 15, "action=save");
  auto saved = Post(lee, "/feedback", "t=" + link + "&" + body + "&comment-A1=Seen+at+the+board");
  EXPECT_EQ(saved.status, 200);
  EXPECT_TRUE(Has(saved, "Your answers have been saved"));
  Visitor later;  // another day, another browser: the link is the key
  auto again = Get(later, "/feedback?t=" + link + "&page=1");
  EXPECT_TRUE(Has(again, "Seen at the board"));
  EXPECT_TRUE(Has(again, "value=\"2\" checked"));
  EXPECT_TRUE(Has(Get(later, "/feedback?t=" + link), "Carry on"));
}

TEST_P(FeedbackPagesTest, ARaterMayDecline) {
  OpenCycle();
  const auto link = LinkFor("kim@peers.example");
  Visitor kim;
  EXPECT_EQ(Get(kim, "/feedback/decline?t=" + link).status, 200);
  auto long_reason = Post(kim, "/feedback/decline", "t=" + link + "&reason=" + std::string(1001, 'x'));
  EXPECT_EQ(long_reason.status, 422);
  EXPECT_TRUE(Has(long_reason, "Your reason must be 1,000 characters or fewer"));
  auto declined = Post(kim, "/feedback/decline", "t=" + link + "&reason=On+leave");
  EXPECT_EQ(declined.status, 200);
  EXPECT_TRUE(Has(declined, "You have declined to give feedback"));
  EXPECT_TRUE(Has(Get(kim, "/feedback?t=" + link), "You have declined"));
}

TEST_P(FeedbackPagesTest, WrongLinksAndFormsWithoutTheirTokenDoNothing) {
  OpenCycle();
  Visitor stranger;
  auto unknown = Get(stranger, "/feedback?t=not-a-real-link");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_TRUE(Has(unknown, "This link does not work"));
  EXPECT_EQ(Get(stranger, "/feedback").status, 404);
  const auto link = LinkFor("pat@peers.example");
  // A form posted without the CSRF cookie (another site's page) is refused.
  Visitor forged;
  forged.csrf = "made-up";
  EXPECT_EQ(Post(forged, "/feedback", "t=" + link + "&" + Attributes("1")).status, 403);
  EXPECT_TRUE(feedback_.OpenLink(link)->answers.empty());
}

TEST_P(FeedbackPagesTest, TheParticipantRatesThemselfWithImportanceAndNotes) {
  const auto cycle = OpenCycle();
  auto first = Get(jo_, cycle + "/self");
  EXPECT_EQ(first.status, 200);
  EXPECT_TRUE(Has(first, "name=\"importance-A1\""));
  EXPECT_TRUE(Has(first, "Evidence or notes"));
  auto body = Attributes("3") + "&importance-A1=4&comment-A1=Led+the+inspection+response";
  EXPECT_EQ(Post(jo_, cycle + "/self", body).Header("Location"), cycle + "/self?page=2");
  EXPECT_EQ(Post(jo_, cycle + "/self", Skills()).Header("Location"), cycle + "/self?check=1");
  EXPECT_EQ(Post(jo_, cycle + "/self/submit", "").Header("Location"), cycle + "?done=self-submitted");
  auto page = Get(jo_, cycle + "?done=self-submitted");
  EXPECT_TRUE(Has(page, "You have submitted your self-assessment"));
  // A rater's link never opens the self-assessment, nor does another person.
  EXPECT_EQ(Get(sam_, cycle + "/self").status, 404);
}

TEST_P(FeedbackPagesTest, TheSelfAssessmentEndsWithTheContextQuestions) {
  ASSERT_EQ(catalog_.Import(testing::Slurp(kRoot / "data/frameworks/dcs-characteristics-2008.json")).status,
            app::ImportStatus::kImported);
  const auto cycle = OpenCycle();
  EXPECT_EQ(Post(jo_, cycle + "/self", Attributes("3")).Header("Location"), cycle + "/self?page=2");
  EXPECT_EQ(Post(jo_, cycle + "/self", Skills()).Header("Location"), cycle + "/self?page=3") << "then the context";
  auto context = Get(jo_, cycle + "/self?page=3");
  EXPECT_EQ(context.status, 200);
  EXPECT_TRUE(Has(context, "Issues that influence your role"));
  EXPECT_TRUE(Has(context, "name=\"context-X4\""));
  auto long_note = Post(jo_, cycle + "/self", "page=3&action=continue&context-X2=" + std::string(2001, 'x'));
  EXPECT_EQ(long_note.status, 422);
  EXPECT_TRUE(Has(long_note, "href=\"#context-X2\""));
  EXPECT_TRUE(Has(long_note, "Notes must be 2,000 characters or fewer"));
  EXPECT_EQ(Post(jo_, cycle + "/self", "page=3&action=continue&context-X1=Inspection+due+in+spring").Header("Location"),
            cycle + "/self?check=1");
  auto check = Get(jo_, cycle + "/self?check=1");
  EXPECT_TRUE(Has(check, "Inspection due in spring"));
  EXPECT_TRUE(Has(check, "No note"));
  // Raters never see the context questions.
  Visitor pat;
  EXPECT_FALSE(Has(Get(pat, "/feedback?t=" + LinkFor("pat@peers.example") + "&page=2"), "context-X1"));
  EXPECT_EQ(Get(pat, "/feedback?t=" + LinkFor("pat@peers.example") + "&page=3").status, 200)
      << "page 3 is not a rater's: they get the start page";
}

TEST_P(FeedbackPagesTest, ResultsAreReleasedFromTheCyclePage) {
  const auto cycle = OpenCycle();
  EXPECT_FALSE(Has(Get(jo_, cycle), "Release the results")) << "nothing submitted yet";
  EXPECT_EQ(Post(jo_, cycle + "/self", Attributes("3")).status, 303);
  EXPECT_EQ(Post(jo_, cycle + "/self", Skills()).status, 303);
  EXPECT_EQ(Post(jo_, cycle + "/self/submit", "").status, 303);
  EXPECT_TRUE(Has(Get(jo_, cycle), "Release the results"));
  EXPECT_EQ(Post(jo_, cycle + "/release", "").Header("Location"), cycle + "?done=released");
  auto page = Get(jo_, cycle + "?done=released");
  EXPECT_TRUE(Has(page, "The results have been released"));
  EXPECT_TRUE(Has(page, "with 1 response."));
  auto again = Post(jo_, cycle + "/release", "");
  EXPECT_EQ(again.status, 422);
  EXPECT_TRUE(Has(again, "Nothing has been submitted since the results were last released"));
  EXPECT_EQ(Post(sam_, cycle + "/release", "").status, 404);
}

TEST_P(FeedbackPagesTest, ClosingStopsEveryLink) {
  const auto cycle = OpenCycle();
  const auto link = LinkFor("pat@peers.example");
  EXPECT_EQ(Post(jo_, cycle + "/close", "").Header("Location"), cycle + "?done=closed");
  Visitor pat;
  auto closed = Get(pat, "/feedback?t=" + link);
  EXPECT_EQ(closed.status, 410);
  EXPECT_TRUE(Has(closed, "This request for feedback has closed"));
  EXPECT_FALSE(Has(Get(jo_, cycle), "Close the cycle"));
}

TEST_P(FeedbackPagesTest, AProgrammeLeadFindsAndRunsTheCyclesOfTheirParticipants) {
  OpenCycle();
  auto lead = SignedIn("Priya Shah", "priya@programme.example", "programme-lead");
  const auto jo = account_repository_.FindPersonByEmail("jo@northshire.example")->id;
  auto person = Get(lead, "/admin/people/" + std::to_string(jo));
  EXPECT_EQ(person.status, 200);
  EXPECT_TRUE(Has(person, "href=\"/cycles?person=" + std::to_string(jo) + "\""));
  auto list = Get(lead, "/cycles?person=" + std::to_string(jo));
  EXPECT_EQ(list.status, 200);
  EXPECT_TRUE(Has(list, "Feedback cycles for Jo Bennett"));
  EXPECT_TRUE(Has(list, "Autumn feedback"));
  EXPECT_TRUE(Has(Get(lead, "/cycles/new?person=" + std::to_string(jo)), "Start a feedback cycle for Jo Bennett"));
  // Someone outside what they lead is not there for them.
  EXPECT_EQ(
      Get(jo_, "/cycles?person=" + std::to_string(account_repository_.FindPersonByEmail("sam@northshire.example")->id))
          .status,
      404);
}

TEST_P(FeedbackPagesTest, TheApiRunsACycleAsThePagesDo) {
  auto wrong = Api(jo_, "POST", "/api/v1/cycles", R"({"title": "", "scope": ["Z9"], "deadline": "tomorrow"})");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find(R"("field":"title","code":"blank")"), std::string::npos) << wrong.body;
  EXPECT_NE(wrong.body.find(R"("field":"deadline","code":"invalid")"), std::string::npos);
  EXPECT_EQ(Api(jo_, "POST", "/api/v1/cycles", "not json").status, 400);

  auto started =
      Api(jo_, "POST", "/api/v1/cycles",
          R"({"title": "By the API", "scope": ["A"], "deadline": "2026-12-18", "attributed": ["line-manager"]})");
  ASSERT_EQ(started.status, 201) << started.body;
  const auto location = std::string(started.Header("Location"));
  EXPECT_NE(started.body.find(R"("status":"nominating")"), std::string::npos);
  EXPECT_NE(started.body.find(R"("scope":["A1","A2","A3","A4","A5","A6","A7","A8"])"), std::string::npos);
  const auto cycle = location.substr(std::string("/api/v1/cycles/").size());

  auto bad = Api(jo_, "POST", location + "/raters", R"({"name": "Pat", "email": "nope", "group": "peers"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find(R"("field":"email","code":"invalid")"), std::string::npos);
  EXPECT_EQ(Api(jo_, "POST", location + "/raters", R"({"name": "Pat", "email": "pat@peers.example", "group": "peers"})")
                .status,
            201);
  auto sent = Api(jo_, "POST", location + "/send");
  EXPECT_EQ(sent.status, 200);
  EXPECT_NE(sent.body.find(R"("status":"open")"), std::string::npos);
  EXPECT_NE(sent.body.find(R"("invited":true)"), std::string::npos);
  EXPECT_EQ(LinkFor("pat@peers.example").size(), 43u);
  // Counts, never a rater's own status.
  EXPECT_EQ(sent.body.find(R"("status":"invited")"), std::string::npos);

  auto mine = Api(jo_, "GET",
                  "/api/v1/people/" +
                      std::to_string(account_repository_.FindPersonByEmail("jo@northshire.example")->id) + "/cycles");
  EXPECT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("By the API"), std::string::npos);
  EXPECT_EQ(Api(sam_, "GET", location).status, 404) << "not theirs";
  EXPECT_EQ(Api(sam_, "POST", location + "/close").status, 404);

  auto later = Api(jo_, "POST", location + "/deadline", R"({"deadline": "2027-01-10"})");
  EXPECT_EQ(later.status, 200);
  EXPECT_NE(later.body.find(R"("deadline":"2027-01-10")"), std::string::npos);
  EXPECT_EQ(Api(jo_, "POST", location + "/deadline", R"({"deadline": "2026-12-01"})").status, 422);
  auto closed = Api(jo_, "POST", location + "/close");
  EXPECT_NE(closed.body.find(R"("status":"closed")"), std::string::npos);
  EXPECT_EQ(Api(jo_, "POST", location + "/remind").status, 422);
  EXPECT_EQ(Api(jo_, "POST", "/api/v1/cycles/" + cycle + "/frobnicate").status, 404);
}

// ---------------------------------------------------------------------------
// Reports.

//! Runs a shell command and gives its standard output; fails the test if it fails.
std::string Shell(const std::string& command) {
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    EXPECT_EQ(pclose(pipe), 0) << command;
  } else {
    ADD_FAILURE() << "cannot run " << command;
  }
  return out;
}

//! A cycle for Jo on three statements with every response already submitted:
//! `raters` as (group, rating, comment) and her own at 5.
std::int64_t ReleasedLater(store::SqlFeedbackRepository& feedback, std::int64_t jo, bool coached,
                           const std::vector<std::tuple<std::string, int, std::string>>& raters,
                           const std::string& now) {
  domain::Cycle cycle;
  cycle.participant_id = jo;
  cycle.framework_code = "nlqf-2010";
  cycle.framework_version = "1.0";
  cycle.title = "Autumn feedback";
  cycle.deadline = "2026-12-18";
  cycle.status = domain::CycleStatus::kOpen;
  cycle.scope = {"A1", "A2", "S1"};
  cycle.groups = domain::DefaultRaterGroups();
  for (auto& group : cycle.groups) group.attributed = group.code == "line-manager";
  cycle.coached_report = coached;
  cycle.created_by = jo;
  const auto id = feedback.AddCycle(cycle, now);
  auto answers = [&](int rating, const std::string& comment) {
    std::vector<domain::Answer> list;
    for (const auto& code : cycle.scope) list.push_back({code, rating, std::nullopt, comment, true});
    return list;
  };
  EXPECT_EQ(feedback.SaveResponse(id, std::nullopt, "self-" + std::to_string(id), "self", answers(5, ""), true),
            app::SaveOutcome::kSubmitted);
  int n = 0;
  for (const auto& [group, rating, comment] : raters) {
    const auto rater = feedback.AddRater({0, id, "Rater", "rater" + std::to_string(++n) + "@x.example", group}, now);
    EXPECT_TRUE(feedback.MarkInvited(*rater, "access-" + std::to_string(id) + "-" + std::to_string(n), now));
    EXPECT_EQ(feedback.SaveResponse(id, *rater, "response-" + std::to_string(id) + "-" + std::to_string(n), group,
                                    answers(rating, comment), true),
              app::SaveOutcome::kSubmitted);
  }
  return id;
}

TEST_P(FeedbackPagesTest, NoFormOfAReportHoldsAnythingOfAWithheldGroup) {
  const auto jo = account_repository_.FindPersonByEmail("jo@northshire.example")->id;
  // The line manager was told their answers are shown as theirs; the one
  // partner was not, and nobody else answered: the partner is withheld.
  const auto id =
      ReleasedLater(feedback_repository_, jo, false,
                    {{"line-manager", 4, "Named and known"}, {"partners", 1, "ZEBRA withheld words"}}, clock_.NowUtc());
  const auto cycle = "/cycles/" + std::to_string(id);
  EXPECT_EQ(Get(jo_, cycle + "/report").status, 404) << "nothing released yet";
  EXPECT_TRUE(Has(Get(jo_, cycle + "/report"), "There is no report yet"));
  ASSERT_EQ(Post(jo_, cycle + "/release", "").status, 303);

  const auto page = Get(jo_, cycle + "/report");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page, "Line manager (chief executive)"));
  EXPECT_TRUE(Has(page, "<svg")) << "charts";
  EXPECT_TRUE(Has(page, "Some answers are not shown"));
  const auto pdf = Get(jo_, cycle + "/report.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Header("Content-Type"), "application/pdf");
  const auto xlsx = Get(jo_, cycle + "/report.xlsx");
  ASSERT_EQ(xlsx.status, 200);
  const auto json = Api(jo_, "GET", "/api/v1/cycles/" + std::to_string(id) + "/report");
  ASSERT_EQ(json.status, 200);
  const auto pdf_file = dir_.File("report.pdf");
  const auto xlsx_file = dir_.File("report.xlsx");
  std::ofstream(pdf_file, std::ios::binary) << pdf.body;
  std::ofstream(xlsx_file, std::ios::binary) << xlsx.body;
  Shell("qpdf --check " + pdf_file + " >/dev/null");
  const auto pdf_text = Shell("pdftotext " + pdf_file + " -");
  const auto xlsx_text = Shell("unzip -p " + xlsx_file + " 'xl/*'");
  EXPECT_NE(pdf_text.find("Jo Bennett"), std::string::npos);
  EXPECT_NE(xlsx_text.find("Line manager"), std::string::npos);
  for (const auto* form : {&page.body, &pdf_text, &xlsx_text, &json.body}) {
    for (const char* secret : {"ZEBRA", "Trust partners", "partners\"", "Named and known"}) {
      EXPECT_EQ(form->find(secret), std::string::npos) << secret << " in " << form->substr(0, 60);
    }
  }
  // Every download is in the audit log.
  EXPECT_EQ(account_repository_.ListAudit("report-downloaded", 10).size(), 3u);
}

TEST_P(FeedbackPagesTest, ACoachedReportWaitsForItsDebrief) {
  const auto jo = account_repository_.FindPersonByEmail("jo@northshire.example")->id;
  auto lead = SignedIn("Lee Lead", "lee@programme.example", "programme-lead");
  const auto id = ReleasedLater(feedback_repository_, jo, true,
                                {{"peers", 3, "Clear"}, {"peers", 4, "Calm"}, {"peers", 2, "Busy"}}, clock_.NowUtc());
  const auto cycle = "/cycles/" + std::to_string(id);
  ASSERT_EQ(Post(jo_, cycle + "/release", "").status, 303);
  EXPECT_EQ(Get(jo_, cycle + "/report").status, 403);
  EXPECT_TRUE(Has(Get(jo_, cycle + "/report"), "not ready to read yet"));
  EXPECT_EQ(Get(jo_, cycle + "/report.pdf").status, 403);
  EXPECT_EQ(Api(jo_, "GET", "/api/v1/cycles/" + std::to_string(id) + "/report").status, 403);
  EXPECT_EQ(Get(sam_, cycle + "/report").status, 404) << "another participant";

  // Their coach finds it among the reports they can read, waiting.
  auto coach = SignedIn("Cora Coach", "cora@programme.example", "coach");
  const auto readable = Get(coach, "/reports");
  ASSERT_EQ(readable.status, 200);
  EXPECT_TRUE(Has(readable, "href=\"" + cycle + "/report\""));
  EXPECT_TRUE(Has(readable, "Waiting for the debrief"));
  EXPECT_TRUE(Has(Get(coach, "/cycles"), "Reports you can read"));
  EXPECT_FALSE(Has(Get(sam_, "/reports"), cycle + "/report")) << "another participant reads none";
  EXPECT_TRUE(Has(Get(coach, cycle + "/report"), "Release the report to Jo Bennett"));

  auto prepared = Get(lead, cycle + "/report");
  ASSERT_EQ(prepared.status, 200);
  EXPECT_TRUE(Has(prepared, "Release the report to Jo Bennett"));
  auto past = Post(lead, cycle + "/report/release", "debrief_on=2020-01-01");
  EXPECT_EQ(past.status, 422);
  EXPECT_TRUE(Has(past, "The debrief must be today or later"));
  EXPECT_TRUE(Has(past, "govuk-error-summary"));
  EXPECT_EQ(Post(lead, cycle + "/report/release", "debrief_on=not+a+date").status, 422);
  EXPECT_EQ(Get(jo_, cycle + "/report").status, 403) << "nothing released by a refused form";
  EXPECT_FALSE(Has(Get(jo_, "/plan/progress"), "Autumn feedback")) << "not her scores before her debrief";
  const auto week = app::AddSeconds(clock_.NowUtc(), 7 * 86400).substr(0, 10);
  EXPECT_EQ(Post(lead, cycle + "/report/release", "debrief_on=" + week).status, 303);
  const auto page = Get(jo_, cycle + "/report");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page, "Debrief: " + week));
  EXPECT_TRUE(Has(Get(jo_, "/plan/progress"), "Autumn feedback")) << "released to her: her scores too";
  EXPECT_FALSE(Has(page, "Release the report to"));
  EXPECT_TRUE(Has(page, "Peer directors"));
  EXPECT_TRUE(Has(page, "Clear")) << "three peers: their comments are shown";
  EXPECT_EQ(account_repository_.ListAudit("report-released", 10).size(), 1u);
  EXPECT_EQ(Post(sam_, cycle + "/report/release", "debrief_on=" + week).status, 404) << "not theirs to release";
}

TEST_P(FeedbackPagesTest, AReportFindingBecomesAPlanGoalAndActionsFollow) {
  const auto jo = account_repository_.FindPersonByEmail("jo@northshire.example")->id;
  const auto id = ReleasedLater(feedback_repository_, jo, false,
                                {{"peers", 3, "Clear"}, {"peers", 3, "Calm"}, {"peers", 3, "Busy"}}, clock_.NowUtc());
  const auto cycle = "/cycles/" + std::to_string(id);
  ASSERT_EQ(Post(jo_, cycle + "/release", "").status, 303);
  // Her own 5 against her peers' 3: a blind spot, which her report offers to put in her plan.
  const auto report = Get(jo_, cycle + "/report");
  const auto link = "/plan/from-finding?cycle=" + std::to_string(id) + "&amp;element=A1&amp;source=blind-spot";
  ASSERT_TRUE(Has(report, link)) << "the participant is offered the finding";
  auto lead = SignedIn("Lee Lead", "lee@programme.example", "programme-lead");
  EXPECT_FALSE(Has(Get(lead, cycle + "/report"), "Add to my development plan")) << "only the participant";

  const auto confirm = Get(jo_, "/plan/from-finding?cycle=" + std::to_string(id) + "&element=A1&source=blind-spot");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(Has(confirm, "Blind spot in Autumn feedback: you 5, others 3.0 from 3 responses, gap +2.0"));
  EXPECT_EQ(Get(jo_, "/plan/from-finding?cycle=" + std::to_string(id) + "&element=Z9&source=blind-spot").status, 404);
  const auto added =
      Post(jo_, "/plan/goals/from-finding", "cycle=" + std::to_string(id) + "&element=A1&source=blind-spot");
  ASSERT_EQ(added.status, 303);
  const auto goal_anchor = std::string(added.Header("Location"));
  ASSERT_TRUE(goal_anchor.starts_with("/plan#goal-"));
  const auto goal = goal_anchor.substr(std::string("/plan#goal-").size());
  // A second click (a back button) adds nothing.
  EXPECT_EQ(Post(jo_, "/plan/goals/from-finding", "cycle=" + std::to_string(id) + "&element=A1&source=blind-spot")
                .Header("Location"),
            "/plan");

  auto plan = Get(jo_, "/plan");
  ASSERT_EQ(plan.status, 200);
  EXPECT_TRUE(Has(plan, "Your development plan"));
  EXPECT_TRUE(Has(plan, "gap +2.0"));
  EXPECT_TRUE(Has(plan, "/frameworks/nlqf-2010/A1"));

  // A wrong date is explained, and what was typed stays.
  auto wrong = Post(jo_, "/plan/goals/" + goal + "/actions",
                    "person=&kind=shadowing&description=Shadow+a+DASS&owner=Me&due=2027-02-30");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(Has(wrong, "govuk-error-summary"));
  EXPECT_TRUE(Has(wrong, "Enter the date as a real date"));
  EXPECT_TRUE(Has(wrong, "href=\"#due-" + goal + "\""));
  EXPECT_TRUE(Has(wrong, ">Shadow a DASS</textarea>"));
  EXPECT_EQ(Post(jo_, "/plan/goals/" + goal + "/actions",
                 "person=&kind=shadowing&description=Shadow+a+DASS&owner=Me&due=2027-02-28")
                .status,
            303);
  plan = Get(jo_, "/plan");
  EXPECT_TRUE(Has(plan, "<strong>Shadowing</strong>: Shadow a DASS"));
  EXPECT_TRUE(Has(plan, "Action added (Shadowing): Shadow a DASS")) << "the history";
  // Progress: the statement's score in each released cycle beside its goal.
  const auto progress = Get(jo_, "/plan/progress");
  ASSERT_EQ(progress.status, 200);
  EXPECT_TRUE(Has(progress, "Autumn feedback"));
  EXPECT_TRUE(Has(progress, "<span class=\"lqf-code\">A1</span>"));
  EXPECT_TRUE(Has(progress, ">3.0</td>"));
  EXPECT_TRUE(Has(progress, "(0 of 1 action done)"));
  EXPECT_EQ(Get(sam_, "/plan/progress?person=" + std::to_string(jo)).status, 404);

  // Her programme lead sees it; another participant does not, nor can they add to it.
  const auto person = std::to_string(jo);
  EXPECT_TRUE(Has(Get(lead, "/plan?person=" + person), "Development plan: Jo Bennett"));
  EXPECT_EQ(Get(sam_, "/plan?person=" + person).status, 404);
  EXPECT_EQ(Post(sam_, "/plan/goals", "person=" + person + "&title=Mine").status, 404);
  EXPECT_EQ(Post(sam_, "/plan/goals/" + goal + "/actions", "kind=reading&description=x").status, 404);
  auto blank = Post(jo_, "/plan/goals", "person=&title=+&element=K1");
  EXPECT_EQ(blank.status, 422);
  EXPECT_TRUE(Has(blank, "Enter the goal"));
  EXPECT_TRUE(Has(blank, "Choose a statement from the list, or none"));
}

TEST_P(FeedbackPagesTest, TheApiKeepsAPlanAsThePagesDo) {
  const auto jo = std::to_string(account_repository_.FindPersonByEmail("jo@northshire.example")->id);
  const auto base = "/api/v1/people/" + jo + "/plan";
  auto empty = Api(jo_, "GET", base);
  ASSERT_EQ(empty.status, 200);
  EXPECT_TRUE(Has(empty, "\"goals\":[]"));
  auto wrong = Api(jo_, "POST", base + "/goals", R"({"title": " ", "statement": "K1"})");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(Has(wrong, "\"field\":\"title\"")) << wrong.body;
  EXPECT_TRUE(Has(wrong, "Choose a statement from the list, or none"));
  auto added = Api(jo_, "POST", base + "/goals", R"({"title": "Build the partnership board", "statement": "S4"})");
  ASSERT_EQ(added.status, 201) << added.body;
  const auto id_at = added.body.find("\"id\":") + 5;
  const auto goal = added.body.substr(id_at, added.body.find(',', id_at) - id_at);
  EXPECT_EQ(
      Api(jo_, "POST", base + "/goals/" + goal + "/actions", R"({"kind": "juggling", "description": "x"})").status,
      422);
  auto action = Api(jo_, "POST", base + "/goals/" + goal + "/actions",
                    R"({"kind": "action-learning", "description": "Join a set", "due": "2027-04-30"})");
  ASSERT_EQ(action.status, 201) << action.body;
  const auto action_at = action.body.find("\"actions\":[{\"id\":") + 17;
  const auto action_id = action.body.substr(action_at, action.body.find(',', action_at) - action_at);
  auto done = Api(jo_, "POST", base + "/actions/" + action_id + "/status", R"({"status": "done"})");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_TRUE(Has(done, "\"status\":\"done\""));
  EXPECT_TRUE(Has(done, "Action Done: Join a set"));
  EXPECT_EQ(Api(sam_, "GET", base).status, 404);
  EXPECT_EQ(Api(sam_, "POST", base + "/goals", R"({"title": "Mine"})").status, 404);
  auto lead = SignedIn("Lee Lead", "lee@programme.example", "programme-lead");
  auto seen = Api(lead, "GET", base);
  EXPECT_EQ(seen.status, 200);
  EXPECT_TRUE(Has(seen, "\"can_edit\":true"));
}

//! A small PDF with every byte value in it (NUL, CR, LF, 0xFF...), and its SHA-256.
std::string EvidencePdf() {
  std::string pdf = "%PDF-1.7\n";
  for (int i = 0; i < 100000; ++i) pdf += static_cast<char>((i * 7 + 3) % 256);
  return pdf + "\n%%EOF\n";
}
constexpr char kEvidencePdfSha256[] = "5ed34dbd7fa3e1812f20f5a8e1e070c7e601013a924d69c6a8fb1406ea655aa3";

TEST_P(FeedbackPagesTest, EvidenceIsUploadedToAGoalAndDownloadedBackByteForByte) {
  const auto goal = AddGoal(jo_, "Lead+change");
  ASSERT_EQ(Post(jo_, "/plan/goals/" + goal + "/actions", "kind=reading&description=Read+the+Munro+review").status,
            303);
  const auto action = std::to_string(Count("SELECT MAX(id) FROM plan_actions"));
  auto plan = Get(jo_, "/plan");
  EXPECT_TRUE(
      Has(plan, "action=\"/plan/goals/" + goal + "/evidence\" method=\"post\" enctype=\"multipart/form-data\""));
  EXPECT_TRUE(Has(plan, "No evidence has been added to this goal."));

  // The browser says text/html; what is stored and served is the allow-list's type.
  const auto pdf = EvidencePdf();
  const auto uploaded =
      Upload(jo_, "/plan/goals/" + goal + "/evidence", {{"csrf_token", jo_.csrf}, {"person", ""}, {"for", "goal"}},
             "Certificate of completion.pdf", pdf, "text/html");
  ASSERT_EQ(uploaded.status, 303) << uploaded.body;
  EXPECT_EQ(uploaded.Header("Location"), "/plan#goal-" + goal + "-evidence");
  const auto id = std::to_string(Count("SELECT MAX(id) FROM plan_evidence"));
  {
    auto db = pool_.Acquire();
    store::Query row(db,
                     "SELECT file_name, content_type, size_bytes, sha256, action_id, uploaded_by, goal_id "
                     "FROM plan_evidence WHERE id = ?");
    row.Bind(1, std::stoll(id));
    ASSERT_TRUE(row.Step());
    EXPECT_EQ(row.Text(0), "Certificate of completion.pdf");
    EXPECT_EQ(row.Text(1), "application/pdf");
    EXPECT_EQ(row.Int(2), 100016);
    EXPECT_EQ(row.Text(3), kEvidencePdfSha256) << "the checksum is stored";
    EXPECT_TRUE(row.IsNull(4)) << "for the goal itself";
    EXPECT_EQ(row.Int(5), account_repository_.FindPersonByEmail("jo@northshire.example")->id);
    EXPECT_EQ(std::to_string(row.Int(6)), goal);
  }

  plan = Get(jo_, "/plan");
  EXPECT_TRUE(Has(plan, "href=\"/plan/evidence/" + id + "\" download>Certificate of completion.pdf</a>"));
  EXPECT_TRUE(Has(plan, "PDF, 98 KB"));
  EXPECT_TRUE(Has(plan, "by Jo Bennett"));
  EXPECT_TRUE(Has(plan, "Evidence added: Certificate of completion.pdf")) << "the history";

  auto download = Get(jo_, "/plan/evidence/" + id);
  ASSERT_EQ(download.status, 200);
  EXPECT_TRUE(download.body == pdf) << "byte for byte";
  EXPECT_EQ(download.Header("Content-Type"), "application/pdf");
  EXPECT_EQ(download.Header("Content-Disposition"), "attachment; filename=\"Certificate of completion.pdf\"");
  EXPECT_EQ(download.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(download.Header("Content-Security-Policy"), "sandbox; default-src 'none'");
  EXPECT_EQ(download.Header("Cache-Control"), "no-store");
  int policies = 0;
  for (const auto& [name, value] : download.headers) policies += name == "Content-Security-Policy" ? 1 : 0;
  EXPECT_EQ(policies, 2) << "the site's policy still applies beside the download's own";

  // For one of its actions, with a name that is not all ASCII.
  const std::string unicode = "\xC3\x89valuation \xE5\xA0\xB1\xE5\x91\x8A.txt";  // "Évaluation 報告.txt"
  ASSERT_EQ(Upload(jo_, "/plan/goals/" + goal + "/evidence",
                   {{"csrf_token", jo_.csrf}, {"person", ""}, {"for", action}}, unicode, "Read it: notes\n")
                .status,
            303);
  const auto text_id = std::to_string(Count("SELECT MAX(id) FROM plan_evidence"));
  EXPECT_EQ(std::to_string(Count("SELECT action_id FROM plan_evidence WHERE id = " + text_id)), action);
  auto text = Get(jo_, "/plan/evidence/" + text_id);
  EXPECT_EQ(text.body, "Read it: notes\n");
  EXPECT_EQ(text.Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(text.Header("Content-Disposition"),
            "attachment; filename=\"_valuation __.txt\"; filename*=UTF-8''%C3%89valuation%20%E5%A0%B1%E5%91%8A.txt");
  EXPECT_TRUE(Has(Get(jo_, "/plan"), "Action: Read the Munro review"));

  // Her programme lead, who may see her plan, downloads it too; HEAD sends no body.
  auto lead = SignedIn("Lee Lead", "lee@programme.example", "programme-lead");
  EXPECT_TRUE(Get(lead, "/plan/evidence/" + id).body == pdf);
  EXPECT_TRUE(Send(lead, "HEAD", "/plan/evidence/" + id).status == 200);

  // The API lists them under their goal, with where to download each.
  const auto jo_id = account_repository_.FindPersonByEmail("jo@northshire.example")->id;
  auto listed = Api(jo_, "GET", "/api/v1/people/" + std::to_string(jo_id) + "/plan");
  ASSERT_EQ(listed.status, 200);
  EXPECT_TRUE(Has(listed, "\"file_name\":\"Certificate of completion.pdf\"")) << listed.body;
  EXPECT_TRUE(Has(listed, "\"href\":\"/plan/evidence/" + id + "\""));
  EXPECT_TRUE(Has(listed, std::string("\"sha256\":\"") + kEvidencePdfSha256 + "\""));

  // Her export lists the files' details, never their content.
  auto exported = Post(jo_, "/account/export", "");
  ASSERT_EQ(exported.status, 200);
  EXPECT_TRUE(Has(exported, "Certificate of completion.pdf"));
  EXPECT_TRUE(Has(exported, kEvidencePdfSha256));
  EXPECT_TRUE(Has(exported, "\"size_bytes\": 100016")) << exported.body.substr(0, 2000);
  EXPECT_FALSE(Has(exported, "JVBERi0xLjcK")) << "no base64 of the file (\"%PDF-1.7\\n\")";
}

TEST_P(FeedbackPagesTest, EvidenceTooLargeOrOfTheWrongKindIsRefusedAndNothingIsStored) {
  const auto goal = AddGoal(jo_, "Lead+change");
  const auto url = "/plan/goals/" + goal + "/evidence";
  const std::vector<std::pair<std::string, std::string>> form{{"csrf_token", jo_.csrf}, {"person", ""}};
  const auto refused = [&](const http::Response& response, const std::string& message) {
    EXPECT_EQ(response.status, 422);
    EXPECT_TRUE(Has(response, "There is a problem"));
    EXPECT_TRUE(Has(response, "<a href=\"#file-" + goal + "\">" + message + "</a>"))
        << "the summary points at the input";
    EXPECT_TRUE(Has(response, "govuk-file-upload--error"));
    EXPECT_TRUE(Has(response, "<title>Error: Development plan"));
  };

  auto large = "%PDF-1.7\n" + std::string(10 * 1024 * 1024, 'x');
  refused(Upload(jo_, url, form, "scan.pdf", large), "The selected file must be smaller than 10 MB");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_evidence"), 0);
  large.resize(10 * 1024 * 1024);
  ASSERT_EQ(Upload(jo_, url, form, "scan.pdf", large).status, 303) << "10 MiB exactly is taken";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_evidence"), 1);
  {
    auto db = pool_.Acquire();
    store::Query(db, "DELETE FROM plan_evidence").Run();
  }

  refused(Upload(jo_, url, form, "setup.exe", std::string("MZ\x90\0\x03", 5)),
          "The selected file must be a PDF, a Word, Excel or PowerPoint file (.docx, .xlsx, .pptx), a PNG or JPEG "
          "image, or a text or CSV file");
  refused(
      Upload(jo_, url, form, "report.pdf", "<!DOCTYPE html><script>alert(document.cookie)</script>", "application/pdf"),
      "The selected file is not the kind of file its name says: save it again in the right format, or check it is "
      "the file you meant");
  refused(Upload(jo_, url, form, "report.pdf.exe", EvidencePdf()),
          "The selected file must be a PDF, a Word, Excel or PowerPoint file (.docx, .xlsx, .pptx), a PNG or JPEG "
          "image, or a text or CSV file");
  refused(Upload(jo_, url, form, ".htaccess", "Options +ExecCGI"),
          "The selected file must be a PDF, a Word, Excel or PowerPoint file (.docx, .xlsx, .pptx), a PNG or JPEG "
          "image, or a text or CSV file");
  refused(Upload(jo_, url, form, "", ""), "Select a file to upload");
  refused(Upload(jo_, url, form, std::nullopt), "Select a file to upload");
  refused(Upload(jo_, url, form, "empty.pdf", ""), "The selected file is empty");
  refused(Upload(jo_, url, form, std::string(117, 'a') + ".pdf", EvidencePdf()),
          "The file name must be 120 characters or fewer and contain letters or numbers: rename the file and upload "
          "it again");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_evidence"), 0) << "nothing stored";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_events WHERE what LIKE 'Evidence%'"), 1) << "only the 10 MiB one, removed";

  // Without the CSRF token nothing is read at all.
  EXPECT_EQ(Upload(jo_, url, {{"person", ""}}, "scan.pdf", EvidencePdf()).status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_evidence"), 0);
}

TEST_P(FeedbackPagesTest, AnEvidenceFileNameThatTriesToLeaveItsFolderIsStoredCleaned) {
  const auto goal = AddGoal(jo_, "Lead+change");
  const auto url = "/plan/goals/" + goal + "/evidence";
  const std::vector<std::pair<std::string, std::string>> form{{"csrf_token", jo_.csrf}, {"person", ""}};
  ASSERT_EQ(Upload(jo_, url, form, "../../../etc/cron.d/evil.pdf", EvidencePdf()).status, 303);
  ASSERT_EQ(Upload(jo_, url, form, "..\\..\\Windows\\System32\\..\\boot.pdf", EvidencePdf()).status, 303);
  ASSERT_EQ(Upload(jo_, url, form, "...hidden\x01\x7f  name.pdf", EvidencePdf()).status, 303);
  auto db = pool_.Acquire();
  store::Query names(db, "SELECT id, file_name FROM plan_evidence ORDER BY id");
  std::vector<std::string> stored;
  std::string last;
  while (names.Step()) {
    stored.push_back(names.Text(1));
    last = std::to_string(names.Int(0));
  }
  EXPECT_EQ(stored, (std::vector<std::string>{"evil.pdf", "boot.pdf", "hidden name.pdf"}));
  EXPECT_EQ(Get(jo_, "/plan/evidence/" + last).Header("Content-Disposition"),
            "attachment; filename=\"hidden name.pdf\"");
}

TEST_P(FeedbackPagesTest, EvidenceOfAPlanSomeoneMayNotSeeIsNotThereForThem) {
  const auto goal = AddGoal(jo_, "Lead+change");
  const std::vector<std::pair<std::string, std::string>> jo_form{{"csrf_token", jo_.csrf}, {"person", ""}};
  ASSERT_EQ(Upload(jo_, "/plan/goals/" + goal + "/evidence", jo_form, "mine.pdf", EvidencePdf()).status, 303);
  const auto id = std::to_string(Count("SELECT MAX(id) FROM plan_evidence"));

  // Another participant: neither her file nor her goal is there for him.
  EXPECT_EQ(Get(sam_, "/plan/evidence/" + id).status, 404);
  EXPECT_FALSE(Has(Get(sam_, "/plan/evidence/" + id), "%PDF"));
  const std::vector<std::pair<std::string, std::string>> sam_form{{"csrf_token", sam_.csrf}, {"person", ""}};
  EXPECT_EQ(Upload(sam_, "/plan/goals/" + goal + "/evidence", sam_form, "planted.pdf", EvidencePdf()).status, 404);
  EXPECT_EQ(Upload(sam_, "/plan/goals/" + goal + "/evidence", sam_form, "planted.exe", "MZ").status, 404)
      << "refused as not there before the file is looked at";
  EXPECT_EQ(Get(jo_, "/plan/evidence/999999").status, 404);
  EXPECT_EQ(Get(jo_, "/plan/evidence/abc").status, 404);
  // An action of another goal cannot be named as this goal's.
  const auto other = AddGoal(jo_, "Another");
  ASSERT_EQ(Post(jo_, "/plan/goals/" + other + "/actions", "kind=reading&description=Elsewhere").status, 303);
  const auto elsewhere = std::to_string(Count("SELECT MAX(id) FROM plan_actions"));
  EXPECT_EQ(Upload(jo_, "/plan/goals/" + goal + "/evidence", {{"csrf_token", jo_.csrf}, {"for", elsewhere}}, "x.pdf",
                   EvidencePdf())
                .status,
            404);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_evidence"), 1) << "only hers";
  // Signed out: sent to sign in, nothing served.
  Visitor nobody;
  EXPECT_EQ(Get(nobody, "/plan/evidence/" + id).status, 303);
}

TEST_P(FeedbackPagesTest, EvidenceWhoseContentNoLongerMatchesItsChecksumIsNotServed) {
  const auto goal = AddGoal(jo_, "Lead+change");
  ASSERT_EQ(
      Upload(jo_, "/plan/goals/" + goal + "/evidence", {{"csrf_token", jo_.csrf}}, "mine.pdf", EvidencePdf()).status,
      303);
  const auto id = Count("SELECT MAX(id) FROM plan_evidence");
  EXPECT_EQ(Get(jo_, "/plan/evidence/" + std::to_string(id)).status, 200);
  {
    // The same length, one byte changed ("%PDF-1.8"), as damage on disk might.
    auto db = pool_.Acquire();
    store::Query query(db, "SELECT content FROM plan_evidence WHERE id = ?");
    query.Bind(1, id);
    ASSERT_TRUE(query.Step());
    auto content = query.Text(0);
    ASSERT_EQ(content.substr(0, 12), "JVBERi0xLjcK");
    content.replace(0, 12, "JVBERi0xLjgK");
    store::Query damage(db, "UPDATE plan_evidence SET content = ? WHERE id = ?");
    damage.Bind(1, content).Bind(2, id).Run();
  }
  auto served = Get(jo_, "/plan/evidence/" + std::to_string(id));
  EXPECT_EQ(served.status, 500);
  EXPECT_FALSE(Has(served, "%PDF")) << "nothing of the file";
}

TEST_P(FeedbackPagesTest, ErasureTakesAPersonsEvidenceAndTheirNameFromWhatTheyAdded) {
  const auto goal = AddGoal(jo_, "Lead+change");
  auto lead = SignedIn("Lee Lead", "lee@programme.example", "programme-lead");
  const auto jo = account_repository_.FindPersonByEmail("jo@northshire.example")->id;
  const auto lee = account_repository_.FindPersonByEmail("lee@programme.example")->id;
  // Her programme lead adds evidence to her plan; she adds her own.
  ASSERT_EQ(Upload(lead, "/plan/goals/" + goal + "/evidence",
                   {{"csrf_token", lead.csrf}, {"person", std::to_string(jo)}}, "place.pdf", EvidencePdf())
                .status,
            303);
  ASSERT_EQ(
      Upload(jo_, "/plan/goals/" + goal + "/evidence", {{"csrf_token", jo_.csrf}}, "mine.pdf", EvidencePdf()).status,
      303);
  EXPECT_TRUE(Has(Get(jo_, "/plan"), "by Lee Lead"));
  ASSERT_TRUE(privacy_.ErasePerson(app::CommandLineActor(), lee).Ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_evidence"), 2) << "what he added is her plan's";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_evidence WHERE uploaded_by IS NULL"), 1);
  EXPECT_TRUE(Has(Get(jo_, "/plan"), "by Someone no longer here"));
  ASSERT_TRUE(privacy_.ErasePerson(app::CommandLineActor(), jo).Ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_evidence"), 0) << "her files go with her plan";
}

INSTANTIATE_TEST_SUITE_P(Backends, FeedbackPagesTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
