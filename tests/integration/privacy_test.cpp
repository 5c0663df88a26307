// UK GDPR over the real store: a person's data exported as JSON (everything,
// and no secrets), and erasure (who may, what goes, what stays). Every test
// runs on both backends: a real SQLite file, and a schema of its own on the
// throwaway PostgreSQL server ctest starts.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>

#include "app/accounts.hpp"
#include "app/mail.hpp"
#include "app/privacy.hpp"
#include "app/secrets.hpp"
#include "store/connection_pool.hpp"
#include "store/migrations.hpp"
#include "store/sql_account_repository.hpp"
#include "store/sql_feedback_repository.hpp"
#include "store/sql_outbox_repository.hpp"
#include "store/sql_plan_repository.hpp"
#include "store/sql_privacy_repository.hpp"
#include "store/sql_support_repository.hpp"
#include "store/sqlite_database.hpp"
#include "support/manual_clock.hpp"
#include "support/pg_schema.hpp"
#include "support/store_checks.hpp"
#include "support/temp_dir.hpp"

namespace lqf {
namespace {

namespace json = boost::json;

using testing::ManualClock;

constexpr char kPassword[] = "correct horse battery";
constexpr char kAshaEmail[] = "asha.patel@northshire.gov.uk";
constexpr char kAshaName[] = "Asha Patel";

class PrivacyTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  PrivacyTest()
      : repository_(pool_),
        accounts_(repository_, clock_),
        outbox_(pool_),
        privacy_repository_(pool_),
        privacy_(privacy_repository_, repository_, clock_) {
    store::Migrate(pool_.Acquire(), clock_.NowUtc());
    cli_ = app::CommandLineActor();
    Expect(accounts_.AddOrganisation(cli_, "National Leadership Programme", "programme-body", ""));
    Expect(accounts_.AddOrganisation(cli_, "Northshire County Council", "local-authority", "North West"));
    Expect(accounts_.AddCohort(cli_, "National Leadership Programme", "Cohort A", 2026));
    Expect(accounts_.AddCohort(cli_, "National Leadership Programme", "Cohort B", 2026));
    admin_id_ = AddWithPassword({"Ada Admin", "ada@example.org", "", "LQF administrator", "", "administrator", ""});
    asha_id_ = AddWithPassword(Participant(kAshaName, kAshaEmail, "Cohort A"));
    bola_id_ = AddWithPassword(Participant("Bola Adeyemi", "bola@northshire.gov.uk", "Cohort A"));
    lead_id_ = AddWithPassword({"Lee Chen", "lee@nlp.org.uk", "National Leadership Programme", "Programme lead", "",
                                "programme-lead", "Cohort A"});
  }

  static app::PersonInput Participant(std::string name, std::string email, std::string cohort) {
    return {std::move(name),
            std::move(email),
            "Northshire County Council",
            "Director of Children's Services",
            "social-care",
            "participant",
            std::move(cohort)};
  }

  template <typename T>
  T Expect(const app::Outcome<T>& outcome) {
    EXPECT_TRUE(outcome.Ok()) << (outcome.refusals.empty()
                                      ? ""
                                      : outcome.refusals[0].field + " " + outcome.refusals[0].code);
    return outcome.value.value_or(T{});
  }

  template <typename T>
  static std::string Code(const app::Outcome<T>& outcome) {
    return outcome.refusals.empty() ? std::string("(allowed)") : outcome.refusals.front().code;
  }

  std::int64_t AddWithPassword(const app::PersonInput& input) {
    auto id = Expect(accounts_.AddPerson(cli_, input));
    auto token = Expect(accounts_.IssueSetPasswordLink(cli_, id));
    Expect(accounts_.SetPasswordWithLink(token, kPassword));
    return id;
  }

  //! Signs in; the session token and the session as a request sees it.
  std::pair<std::string, app::CurrentSession> SignIn(const std::string& email) {
    auto token = Expect(accounts_.SignIn(email, kPassword, "127.0.0.1"));
    auto session = accounts_.Resume(token);
    EXPECT_TRUE(session.has_value());
    return {token, session.value_or(app::CurrentSession{})};
  }

  //! A new connection to this test's database (an SQLite file, or a
  //! PostgreSQL schema of its own).
  std::unique_ptr<store::Database> Open() {
    if (GetParam() == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir_.File("lqf.db"));
    return std::make_unique<store::PostgresDatabase>(schema_->Url());
  }

  std::int64_t Count(const std::string& sql, std::int64_t id) {
    auto db = pool_.Acquire();
    store::Query query(db, sql);
    query.Bind(1, id);
    query.Step();
    return query.Int(0);
  }

  std::vector<std::string> AuditActions(std::optional<std::int64_t> subject) {
    std::vector<std::string> actions;
    for (const auto& entry : repository_.ListAudit("", 1000)) {
      if (!subject || entry.subject_person_id == subject) actions.push_back(entry.action);
    }
    return actions;
  }

  testing::TempDir dir_;
  std::optional<testing::Schema> schema_ =
      GetParam() == store::Dialect::kPostgres ? std::make_optional<testing::Schema>() : std::nullopt;
  // Connections lent to each call, as in production (`lqf serve`).
  store::ConnectionPool pool_{[this] { return Open(); }, 3};
  ManualClock clock_;
  store::SqlAccountRepository repository_;
  app::Accounts accounts_;
  store::SqlOutboxRepository outbox_;
  store::SqlPrivacyRepository privacy_repository_;
  app::Privacy privacy_;
  domain::Actor cli_;
  std::int64_t admin_id_ = 0, asha_id_ = 0, bola_id_ = 0, lead_id_ = 0;
};

TEST_P(PrivacyTest, ExportHoldsTheProfileGrantsSessionsLinksAndAudit) {
  auto [token, session] = SignIn(kAshaEmail);
  clock_.Advance(30);
  ASSERT_TRUE(accounts_.IssueResetLink(kAshaEmail));
  outbox_.Enqueue({kAshaEmail, "Reset your LQF password", "Follow this secret link"}, clock_.NowUtc());
  EXPECT_FALSE(accounts_.SignIn(kAshaEmail, "a wrong password", "127.0.0.1").Ok());
  clock_.Advance(30);

  const auto text = Expect(privacy_.ExportPersonData(session.actor, asha_id_));
  const auto doc = json::parse(text).as_object();
  EXPECT_EQ(doc.at("format").as_string(), "lqf-person-export/1");
  EXPECT_EQ(doc.at("generated_at").as_string(), "2026-11-22T10:01:00Z");

  const auto& profile = doc.at("profile").as_object();
  EXPECT_EQ(profile.at("id").as_int64(), asha_id_);
  EXPECT_EQ(profile.at("name").as_string(), kAshaName);
  EXPECT_EQ(profile.at("email").as_string(), kAshaEmail);
  EXPECT_EQ(profile.at("organisation").at("name").as_string(), "Northshire County Council");
  EXPECT_EQ(profile.at("job_title").as_string(), "Director of Children's Services");
  EXPECT_EQ(profile.at("background").as_string(), "social-care");
  EXPECT_FALSE(profile.at("disabled").as_bool());
  EXPECT_EQ(profile.at("created_at").as_string(), "2026-11-22T10:00:00Z");
  EXPECT_TRUE(doc.at("password").at("set").as_bool());

  const auto& grants = doc.at("role_grants").as_array();
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].at("role").as_string(), "participant");
  EXPECT_EQ(grants[0].at("scope").as_string(), "cohort");
  EXPECT_EQ(grants[0].at("scope_name").as_string(), "Cohort A");

  ASSERT_EQ(doc.at("sessions").as_array().size(), 1u);
  EXPECT_EQ(doc.at("sessions").as_array()[0].at("created_at").as_string(), "2026-11-22T10:00:00Z");
  std::vector<std::string> purposes;
  for (const auto& link : doc.at("password_links").as_array()) purposes.emplace_back(link.at("purpose").as_string());
  EXPECT_EQ(purposes, (std::vector<std::string>{"set-password", "reset-password"}));
  ASSERT_EQ(doc.at("emails").as_array().size(), 1u);
  EXPECT_EQ(doc.at("emails").as_array()[0].at("subject").as_string(), "Reset your LQF password");
  EXPECT_EQ(doc.at("failed_sign_ins_recorded").as_int64(), 1);

  std::vector<std::string> actions;
  for (const auto& entry : doc.at("audit_log").as_array()) actions.emplace_back(entry.at("action").as_string());
  EXPECT_EQ(actions,
            (std::vector<std::string>{"person-added", "role-granted", "set-password-link-issued", "password-set",
                                      "sign-in", "password-reset-requested", "sign-in-failed"}));

  // Secrets appear nowhere in the text, in any form.
  const auto password_hash = repository_.PasswordHash(asha_id_);
  ASSERT_TRUE(password_hash);
  for (const auto& secret : {*password_hash, std::string("$argon2id$"), app::TokenHash(token), token,
                             session.csrf_token, session.token_hash, std::string("secret link")}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "export holds " << secret;
  }
  auto db = pool_.Acquire();
  store::Query links(db, "SELECT token_hash FROM auth_tokens WHERE person_id = ?");
  links.Bind(1, asha_id_);
  int link_count = 0;
  while (links.Step()) {
    ++link_count;
    EXPECT_EQ(text.find(links.Text(0)), std::string::npos) << "export holds a link's hash";
  }
  EXPECT_EQ(link_count, 2);
}

TEST_P(PrivacyTest, ExportingIsAuditedWithoutItsContent) {
  auto session = SignIn(kAshaEmail).second;
  Expect(privacy_.ExportPersonData(session.actor, asha_id_));
  auto log = repository_.ListAudit("person-data-exported", 10);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].actor_person_id, asha_id_);
  EXPECT_EQ(log[0].subject_person_id, asha_id_);
  EXPECT_EQ(log[0].detail, "");
}

TEST_P(PrivacyTest, AParticipantExportsTheirOwnDataButNoOneElses) {
  auto asha = SignIn(kAshaEmail).second.actor;
  EXPECT_TRUE(privacy_.ExportPersonData(asha, asha_id_).Ok());
  EXPECT_EQ(Code(privacy_.ExportPersonData(asha, bola_id_)), "forbidden");
  // An id that does not exist gets the same answer, so ids reveal nothing.
  EXPECT_EQ(Code(privacy_.ExportPersonData(asha, 999999)), "forbidden");
  // A programme lead who can see Bola still may not export her data.
  auto lead = SignIn("lee@nlp.org.uk").second.actor;
  EXPECT_EQ(Code(privacy_.ExportPersonData(lead, bola_id_)), "forbidden");
  EXPECT_EQ(Code(privacy_.ExportPersonData(domain::Actor{}, asha_id_)), "forbidden");

  auto admin = SignIn("ada@example.org").second.actor;
  EXPECT_TRUE(privacy_.ExportPersonData(admin, bola_id_).Ok());
  EXPECT_EQ(Code(privacy_.ExportPersonData(admin, 999999)), "not_found");
}

TEST_P(PrivacyTest, OnlyAnAdministratorMayErase) {
  auto lead = SignIn("lee@nlp.org.uk").second.actor;
  auto asha = SignIn(kAshaEmail).second.actor;
  EXPECT_EQ(Code(privacy_.ErasePerson(lead, asha_id_)), "forbidden");
  EXPECT_EQ(Code(privacy_.PersonToErase(lead, asha_id_)), "forbidden");
  EXPECT_EQ(Code(privacy_.ErasePerson(asha, bola_id_)), "forbidden");
  // Not even themself: a participant asks an administrator.
  EXPECT_EQ(Code(privacy_.ErasePerson(asha, asha_id_)), "forbidden");
  EXPECT_TRUE(repository_.FindPerson(asha_id_));
  EXPECT_TRUE(repository_.FindPerson(bola_id_));
  EXPECT_TRUE(repository_.ListAudit("person-erased", 10).empty());
}

TEST_P(PrivacyTest, ErasureRemovesThePersonAndTheirWayIn) {
  auto [token, session] = SignIn(kAshaEmail);
  auto reset = accounts_.IssueResetLink(kAshaEmail);
  ASSERT_TRUE(reset);
  outbox_.Enqueue({kAshaEmail, "Reset your LQF password", "Hello Asha Patel, follow this link"}, clock_.NowUtc());
  outbox_.Enqueue({"bola@northshire.gov.uk", "For Bola", "Hello Bola"}, clock_.NowUtc());
  accounts_.SignIn(kAshaEmail, "a wrong password", "127.0.0.1");
  auto admin = SignIn("ada@example.org").second.actor;

  auto failures_recorded = [&] {
    auto db = pool_.Acquire();
    store::Query failures(db, "SELECT COUNT(*) FROM sign_in_failures WHERE subject = ?");
    failures.Bind(1, app::SignInSubjectForEmail(kAshaEmail));
    failures.Step();
    return failures.Int(0);
  };
  ASSERT_EQ(failures_recorded(), 1) << "SignInSubjectForEmail must match the key Accounts::SignIn uses";

  EXPECT_EQ(Code(privacy_.PersonToErase(admin, asha_id_)), "(allowed)");
  EXPECT_TRUE(Expect(privacy_.ErasePerson(admin, asha_id_)));

  // Checked first: the sign-in tried below records a failure of its own.
  EXPECT_EQ(failures_recorded(), 0) << "failure records under a hash of their address go";
  // Gone from lists and lookups.
  const auto people = accounts_.ListPeople(admin);
  ASSERT_TRUE(people.Ok());
  EXPECT_EQ(people.value->size(), 3u);
  for (const auto& person : *people.value) EXPECT_NE(person.id, asha_id_);
  EXPECT_FALSE(repository_.FindPerson(asha_id_));
  EXPECT_FALSE(repository_.FindPersonByEmail(kAshaEmail));
  EXPECT_FALSE(repository_.FindPersonByEmail(app::ErasedEmail(asha_id_)));
  // No way back in: sessions dead, sign-in and links refused.
  EXPECT_FALSE(accounts_.Resume(token));
  EXPECT_EQ(Code(accounts_.SignIn(kAshaEmail, kPassword, "127.0.0.1")), "wrong");
  EXPECT_EQ(Code(accounts_.SetPasswordWithLink(reset->second, "another long password")), "expired");
  EXPECT_EQ(Code(privacy_.ExportPersonData(admin, asha_id_)), "not_found");

  // What is left of the row holds nothing about them. (CASE, not a bare
  // comparison: PostgreSQL answers those with booleans, SQLite with 0 or 1.)
  auto db = pool_.Acquire();
  store::Query row(db,
                   "SELECT name, email, job_title, background, CASE WHEN password_hash IS NULL THEN 1 ELSE 0 END, "
                   "CASE WHEN organisation_id IS NULL THEN 1 ELSE 0 END, "
                   "CASE WHEN disabled_at IS NOT NULL THEN 1 ELSE 0 END, erased_at FROM people WHERE id = ?");
  row.Bind(1, asha_id_);
  ASSERT_TRUE(row.Step());
  EXPECT_EQ(row.Text(0), "Erased person");
  EXPECT_EQ(row.Text(1), "erased-" + std::to_string(asha_id_) + "@erased.invalid");
  EXPECT_EQ(row.Text(2), "");
  EXPECT_EQ(row.Text(3), "not-recorded");
  EXPECT_EQ(row.Int(4), 1);
  EXPECT_EQ(row.Int(5), 1);
  EXPECT_EQ(row.Int(6), 1);
  EXPECT_EQ(row.Text(7), clock_.NowUtc());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions WHERE person_id = ?", asha_id_), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM auth_tokens WHERE person_id = ?", asha_id_), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM role_grants WHERE person_id = ?", asha_id_), 0);
  {
    store::Query outbox(db, "SELECT recipient FROM outbox");
    std::vector<std::string> recipients;
    while (outbox.Step()) recipients.push_back(outbox.Text(0));
    EXPECT_EQ(recipients, std::vector<std::string>{"bola@northshire.gov.uk"}) << "only Asha's emails go";
  }

  // Their name and address are nowhere in the database's text.
  store::Query dump(db,
                    "SELECT name || email || job_title FROM people UNION ALL "
                    "SELECT recipient || subject || body_text FROM outbox UNION ALL "
                    "SELECT detail FROM audit_log");
  while (dump.Step()) {
    EXPECT_EQ(dump.Text(0).find("Asha"), std::string::npos) << dump.Text(0);
    EXPECT_EQ(dump.Text(0).find(kAshaEmail), std::string::npos) << dump.Text(0);
  }
  // Other people are untouched.
  auto bola = repository_.FindPerson(bola_id_);
  ASSERT_TRUE(bola);
  EXPECT_EQ(bola->grants.size(), 1u);
  EXPECT_TRUE(accounts_.SignIn("bola@northshire.gov.uk", kPassword, "127.0.0.1").Ok());
}

TEST_P(PrivacyTest, ExportHoldsTheirFeedbackCyclesButNoRatersAnswers) {
  store::SqlFeedbackRepository feedback(pool_);
  domain::Cycle c;
  c.participant_id = asha_id_;
  c.framework_code = "nlqf-2010";
  c.framework_version = "1.0";
  c.title = "Autumn feedback";
  c.deadline = "2026-12-18";
  c.status = domain::CycleStatus::kOpen;
  c.scope = {"A1"};
  c.groups = domain::DefaultRaterGroups();
  c.coached_report = true;
  const auto id = feedback.AddCycle(c, clock_.NowUtc());
  const auto rater = feedback.AddRater({0, id, "Rae Rater", "rae@example.org", "peers"}, clock_.NowUtc()).value();
  feedback.SaveResponse(id, rater, "response-rae", "peers", {{"A1", 2, std::nullopt, "What the rater thinks", true}},
                        true);
  feedback.SaveResponse(id, std::nullopt, "self:" + std::to_string(id), "self",
                        {{"A1", 4, 3, "What Asha thinks of herself", true}}, true);
  feedback.SaveContextNotes(id, {{"X1", "A new chief executive"}});
  feedback.AddRelease(id, {"response-rae"}, {{"A1", 2, 1}}, std::nullopt, "2026-11-20T09:00:00Z");
  ASSERT_TRUE(feedback.ReleaseCoachedReport(id, "2026-12-03", std::nullopt, "2026-11-21T10:00:00Z"));

  store::SqlPlanRepository plans(pool_);
  const auto goal = plans.AddGoal({0, asha_id_, "A1", "Say it at every board", "", domain::GoalSource::kBlindSpot, id,
                                   "Blind spot in Autumn feedback: you 4, others 2.0", ""},
                                  std::nullopt, clock_.NowUtc());
  plans.AddAction({0, goal, domain::ActionKind::kShadowing, "Shadow a DASS", "Me", "2027-01-31",
                   domain::ActionStatus::kPlanned, ""},
                  asha_id_, std::nullopt, clock_.NowUtc());

  auto admin = SignIn("ada@example.org").second.actor;
  const auto document = Expect(privacy_.ExportPersonData(admin, asha_id_));
  for (const char* expected : {"\"development_plan\"", "Say it at every board", "Shadow a DASS", "\"shadowing\"",
                               "Blind spot in Autumn feedback"}) {
    EXPECT_NE(document.find(expected), std::string::npos) << expected;
  }
  for (const char* expected : {"\"feedback_cycles\"", "Autumn feedback", "rae@example.org", "Rae Rater",
                               "What Asha thinks of herself", "A new chief executive", "\"submitted\": true",
                               "2026-11-20T09:00:00Z", "\"coached\": true", "2026-12-03", "2026-11-21T10:00:00Z"}) {
    EXPECT_NE(document.find(expected), std::string::npos) << expected;
  }
  EXPECT_EQ(document.find("What the rater thinks"), std::string::npos) << "one rater's answers are for nobody";
}

TEST_P(PrivacyTest, ErasureTakesTheirFeedbackCyclesWithThem) {
  store::SqlFeedbackRepository feedback(pool_);
  auto cycle = [&](std::int64_t participant, const std::string& rater_email) {
    domain::Cycle c;
    c.participant_id = participant;
    c.framework_code = "nlqf-2010";
    c.framework_version = "1.0";
    c.title = "Feedback";
    c.deadline = "2026-12-18";
    c.status = domain::CycleStatus::kOpen;
    c.scope = {"A1"};
    c.groups = domain::DefaultRaterGroups();
    c.created_by = participant;
    c.coached_report = true;
    const auto id = feedback.AddCycle(c, clock_.NowUtc());
    const auto rater = feedback.AddRater({0, id, "Rae Rater", rater_email, "peers"}, clock_.NowUtc()).value();
    feedback.MarkInvited(rater, "access-" + rater_email, clock_.NowUtc());
    domain::Answer answer{"A1", 4, std::nullopt, "About them", true};
    feedback.SaveResponse(id, rater, "response-" + rater_email, "peers", {answer}, true);
    feedback.SaveResponse(id, std::nullopt, "self:" + std::to_string(id), "self", {answer}, true);
    feedback.AddRelease(id, {"response-" + rater_email}, {{"A1", 4, 1}}, std::nullopt, clock_.NowUtc());
    store::SqlPlanRepository plans(pool_);
    const auto goal = plans.AddGoal({0, participant, "A1", "A goal", "", domain::GoalSource::kBlindSpot, id, "", ""},
                                    participant, clock_.NowUtc());
    plans.AddAction({0, goal, domain::ActionKind::kReading, "A book", "", "", domain::ActionStatus::kPlanned, ""},
                    participant, participant, clock_.NowUtc());
    return id;
  };
  const auto ashas = cycle(asha_id_, "rae@example.org");
  const auto bolas = cycle(bola_id_, "ray@example.org");
  auto admin = SignIn("ada@example.org").second.actor;
  EXPECT_TRUE(Expect(privacy_.ErasePerson(admin, asha_id_)));

  EXPECT_FALSE(feedback.FindCycle(ashas).has_value());
  EXPECT_FALSE(feedback.LoadResponse("response-rae@example.org").has_value());
  EXPECT_FALSE(feedback.LoadResponse("self:" + std::to_string(ashas)).has_value());
  EXPECT_FALSE(feedback.FindRaterByAccess("access-rae@example.org").has_value()) << "the rater's name and address go";
  auto db = pool_.Acquire();
  for (const char* table : {"cycles", "cycle_elements", "cycle_groups", "raters", "responses", "answers", "releases",
                            "release_responses", "release_means"}) {
    EXPECT_GT(testing::Count(db, std::string("SELECT COUNT(*) FROM ") + table), 0) << table << ": Bola's stay";
  }
  EXPECT_EQ(testing::Count(db, "SELECT COUNT(*) FROM releases"), 1) << "only Bola's release is left";
  EXPECT_EQ(testing::Count(db, "SELECT COUNT(*) FROM release_means"), 1);
  EXPECT_EQ(testing::Count(db, "SELECT COUNT(*) FROM coached_reports"), 1);
  for (const char* table : {"plan_goals", "plan_actions"}) {
    EXPECT_EQ(testing::Count(db, std::string("SELECT COUNT(*) FROM ") + table), 1) << table << ": only Bola's";
  }
  EXPECT_EQ(testing::Count(db, "SELECT COUNT(*) FROM plan_events WHERE participant_id = " + std::to_string(asha_id_)),
            0);
  EXPECT_TRUE(feedback.FindCycle(bolas).has_value());
  EXPECT_EQ(feedback.LoadResponse("response-ray@example.org")->answers.size(), 1u);
}

// Bola mentors Asha and manages her: each export holds what is theirs (Asha
// the records of her sessions, never Bola's private note; Bola the notes she
// wrote), and erasing either takes theirs away without breaking the other's.
TEST_P(PrivacyTest, MentoringAndAppraisalAreExportedAndErasedAsTheirs) {
  store::SqlSupportRepository support(pool_);
  store::SqlPlanRepository plans(pool_);
  const auto now = clock_.NowUtc();
  const auto mentoring =
      support.AddRelationship({0, asha_id_, bola_id_, domain::SupportKind::kMentor, "2026-01-05", "", true, now})
          .value();
  support.AddRelationship({0, asha_id_, bola_id_, domain::SupportKind::kLineManager, "2026-01-01", "", false, now});
  const auto goal = plans.AddGoal(
      {0, asha_id_, "A1", "Say it at every board", "", domain::GoalSource::kOwn, std::nullopt, "", ""}, asha_id_, now);
  app::AgreedAction agreed{std::nullopt, {0, goal, domain::ActionKind::kMentoring, "Ask the chair", "", "", {}, ""}};
  support.AddSession({0, mentoring, "2026-02-02", {"A1"}, "The record of the session", "Bola's own note", ""}, agreed,
                     asha_id_, bola_id_, now);
  support.AddPlanReview({0, asha_id_, bola_id_, "2026-03-01", "A review by Bola", ""}, now);
  const auto year =
      support.AddAppraisal({0, asha_id_, bola_id_, "2026-01-01", "2026-12-31", "", "", ""}, {}, now).value();
  support.AddObjective({0, year, "A1", "An objective of Asha's", "", std::nullopt, domain::ObjectiveOutcome::kOpen});
  support.AddReview({0, year, domain::ReviewKind::kMidYear, "2026-07-01", "Mid-year words", "Asha's reply", ""}, now);

  auto admin = SignIn("ada@example.org").second.actor;
  const auto ashas = Expect(privacy_.ExportPersonData(admin, asha_id_));
  for (const char* expected :
       {"\"supported_by\"", "\"mentor\"", "\"line-manager\"", "The record of the session", "A review by Bola",
        "\"appraisals\"", "An objective of Asha's", "Mid-year words", "Asha's reply"}) {
    EXPECT_NE(ashas.find(expected), std::string::npos) << expected;
  }
  EXPECT_EQ(ashas.find("Bola's own note"), std::string::npos) << "the mentor's note is the mentor's";
  const auto bolas = Expect(privacy_.ExportPersonData(admin, bola_id_));
  EXPECT_NE(bolas.find("\"supporting\""), std::string::npos);
  EXPECT_EQ(bolas.find("Bola's own note"), std::string::npos) << "not even an administrator gets her note";
  EXPECT_NE(bolas.find("\"supporting_private_notes\""), std::string::npos) << "the export says it was left out";
  auto bola = SignIn("bola@northshire.gov.uk").second.actor;
  EXPECT_NE(Expect(privacy_.ExportPersonData(bola, bola_id_)).find("Bola's own note"), std::string::npos)
      << "her own export has her note";

  // Erasing the mentor: the session's record stays Asha's; the note goes.
  EXPECT_TRUE(Expect(privacy_.ErasePerson(admin, bola_id_)));
  auto sessions = support.Sessions(mentoring);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].summary, "The record of the session");
  EXPECT_EQ(sessions[0].private_note, "");
  EXPECT_FALSE(support.PlanReviews(asha_id_).at(0).reviewer_id.has_value());
  // Erasing Asha: everything about her goes.
  EXPECT_TRUE(Expect(privacy_.ErasePerson(admin, asha_id_)));
  auto db = pool_.Acquire();
  for (const char* table : {"support_relationships", "support_sessions", "support_session_themes", "plan_reviews",
                            "appraisals", "appraisal_objectives", "appraisal_reviews", "plan_actions", "plan_goals"}) {
    EXPECT_EQ(testing::Count(db, std::string("SELECT COUNT(*) FROM ") + table), 0) << table;
  }
}

TEST_P(PrivacyTest, TheAuditLogIsKeptWithIdsOnly) {
  auto admin = SignIn("ada@example.org").second.actor;
  const auto before = AuditActions(asha_id_);
  // A detail that names the person (none do today) is blanked; one that does not, kept.
  repository_.Audit(
      {0, clock_.NowUtc(), admin_id_, "note", asha_id_, std::nullopt, "spoke to asha.patel@NORTHSHIRE.gov.uk"});
  repository_.Audit({0, clock_.NowUtc(), asha_id_, "note", bola_id_, std::nullopt, "Asha Patel helped Bola"});
  repository_.Audit({0, clock_.NowUtc(), admin_id_, "note", asha_id_, std::nullopt, "Cohort A"});
  Expect(privacy_.ErasePerson(admin, asha_id_));

  auto after = AuditActions(asha_id_);
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(after.front(), "person-erased");
  after.erase(after.begin());
  after.erase(after.begin(), after.begin() + 2);  // the two notes about Asha
  EXPECT_EQ(after, before) << "every earlier entry about them is kept";
  auto erased = repository_.ListAudit("person-erased", 10);
  ASSERT_EQ(erased.size(), 1u);
  EXPECT_EQ(erased[0].actor_person_id, admin_id_);
  EXPECT_EQ(erased[0].subject_person_id, asha_id_);
  EXPECT_EQ(erased[0].detail, "");

  std::vector<std::string> details;
  for (const auto& entry : repository_.ListAudit("note", 10)) details.push_back(entry.detail);
  EXPECT_EQ(details, (std::vector<std::string>{"Cohort A", "[erased]", "[erased]"}));
}

TEST_P(PrivacyTest, TheErasedAddressIsFreeForANewAccount) {
  auto admin = SignIn("ada@example.org").second.actor;
  Expect(privacy_.ErasePerson(admin, asha_id_));
  const auto again = Expect(accounts_.AddPerson(admin, Participant("Asha Patel", kAshaEmail, "Cohort B")));
  EXPECT_NE(again, asha_id_);
  // The new account starts clean: nothing of the old one comes with the address.
  const auto doc = json::parse(Expect(privacy_.ExportPersonData(admin, again))).as_object();
  EXPECT_FALSE(doc.at("password").at("set").as_bool());
  EXPECT_EQ(doc.at("sessions").as_array().size(), 0u);
  for (const auto& entry : doc.at("audit_log").as_array()) {
    EXPECT_EQ(entry.at("subject_person_id").as_int64(), again);
  }
  EXPECT_FALSE(accounts_.SignIn(kAshaEmail, kPassword, "127.0.0.1").Ok()) << "the old password does not carry over";
}

TEST_P(PrivacyTest, ErasingTwiceIsHarmless) {
  auto admin = SignIn("ada@example.org").second.actor;
  EXPECT_TRUE(Expect(privacy_.ErasePerson(admin, asha_id_)));
  clock_.Advance(60);
  auto again = privacy_.ErasePerson(admin, asha_id_);
  ASSERT_TRUE(again.Ok());
  EXPECT_FALSE(*again.value) << "nothing left to erase";
  EXPECT_EQ(repository_.ListAudit("person-erased", 10).size(), 1u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM people WHERE id = ? AND erased_at = '2026-11-22T10:00:00Z'", asha_id_), 1)
      << "the first erasure's time stands";
  EXPECT_EQ(Code(privacy_.ErasePerson(admin, 999999)), "not_found");
  EXPECT_EQ(Code(privacy_.PersonToErase(admin, asha_id_)), "not_found");
}

TEST_P(PrivacyTest, NobodyErasesThemself) {
  auto [token, session] = SignIn("ada@example.org");
  EXPECT_EQ(Code(privacy_.ErasePerson(session.actor, admin_id_)), "self");
  EXPECT_EQ(Code(privacy_.PersonToErase(session.actor, admin_id_)), "self");
  EXPECT_TRUE(accounts_.Resume(token));
  EXPECT_TRUE(repository_.FindPerson(admin_id_));
  // The command line's administrator is nobody in particular, so it may erase anyone.
  EXPECT_TRUE(Expect(privacy_.ErasePerson(cli_, admin_id_)));
  EXPECT_FALSE(accounts_.Resume(token));
}

TEST_P(PrivacyTest, ErasureIsAllOrNothing) {
  auto [token, session] = SignIn(kAshaEmail);
  // The placeholder address is already taken (NormaliseEmail refuses ".invalid",
  // so only a hand edit of the database can do this): the last step fails.
  pool_.Acquire()->Exec("INSERT INTO people (name, email, created_at) VALUES ('Impostor', '" +
                        app::ErasedEmail(asha_id_) + "', '2026-01-01T00:00:00Z')");
  EXPECT_THROW(privacy_.ErasePerson(cli_, asha_id_), app::StoreError);
  // Nothing was done: the earlier steps were rolled back with it.
  EXPECT_TRUE(accounts_.Resume(token));
  auto asha = repository_.FindPerson(asha_id_);
  ASSERT_TRUE(asha);
  EXPECT_EQ(asha->name, kAshaName);
  EXPECT_EQ(asha->grants.size(), 1u);
  EXPECT_TRUE(repository_.ListAudit("person-erased", 10).empty());
}

TEST_P(PrivacyTest, ErasedDataDoesNotLingerInTheDatabaseFiles) {
  // Deleted rows can survive as free space in the file, and every page
  // written before lives on in the write-ahead log until a checkpoint.
  Expect(privacy_.ErasePerson(cli_, asha_id_));
  // SQLite only: its database is these files, read here byte by byte
  // (secure_delete and the checkpoint after an erasure). PostgreSQL's files
  // belong to the server, out of a client's reach, and keep deleted rows
  // until VACUUM (docs/privacy.md); on it the erasure above must still succeed.
  if (GetParam() != store::Dialect::kSqlite) return;
  for (const auto* suffix : {"", "-wal"}) {
    std::ifstream in(dir_.File(std::string("lqf.db") + suffix), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find(kAshaEmail), std::string::npos) << "lqf.db" << suffix << " holds the email address";
    EXPECT_EQ(bytes.find(kAshaName), std::string::npos) << "lqf.db" << suffix << " holds the name";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, PrivacyTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
