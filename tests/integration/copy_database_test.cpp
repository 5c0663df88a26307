// `lqf copy-db`: a whole SQLite installation, built through the use cases,
// moved into PostgreSQL; counted and checksummed on both sides; still working
// there through the same use cases (passwords, sessions, links, frameworks,
// fresh ids past the copied ones). A target with rows, a source of another
// schema version and a copy that would not match are refused and leave the
// target as it was.
//
// The server comes from LQF_TEST_PG_URL or LQF_TEST_PG_URL_FILE, as in
// postgres_test.cpp; each test copies into a schema of its own.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>

#include "app/accounts.hpp"
#include "app/framework_catalog.hpp"
#include "app/mail.hpp"
#include "store/copy_database.hpp"
#include "store/migrations.hpp"
#include "store/open_database.hpp"
#include "store/postgres_database.hpp"
#include "store/sql_account_repository.hpp"
#include "store/sql_feedback_repository.hpp"
#include "store/sql_framework_repository.hpp"
#include "store/sql_outbox_repository.hpp"
#include "store/sql_plan_repository.hpp"
#include "store/sql_support_repository.hpp"
#include "store/sqlite_database.hpp"
#include "support/manual_clock.hpp"
#include "support/pg_schema.hpp"
#include "support/store_checks.hpp"
#include "support/temp_dir.hpp"

namespace lqf {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot(LQF_SOURCE_ROOT);
constexpr char kT0[] = "2026-11-22T10:00:00Z";
//! A file attached to a plan action, with bytes that are not text.
constexpr char kEvidenceBytes[] = "%PDF-1.4\n\0\xFF\xFE binary \0 bytes\n%%EOF\n";
constexpr std::string_view kEvidenceContent(kEvidenceBytes, sizeof kEvidenceBytes - 1);
constexpr char kPassword[] = "correct horse battery";

using testing::Count;
using testing::Schema;
using testing::ServerUrl;
using testing::Slurp;
using testing::StoreErrorOf;

// Starts at kT0, the same instant as testing::ManualClock's default.
using testing::ManualClock;

template <typename T>
T Expect(const app::Outcome<T>& outcome) {
  EXPECT_TRUE(outcome.Ok()) << (outcome.refusals.empty() ? ""
                                                         : outcome.refusals[0].field + " " + outcome.refusals[0].code);
  return outcome.value.value_or(T{});
}

//! Every table's rows and checksum, as CopyDatabase computes them.
std::vector<store::TableCopy> Checksums(store::Database& db) {
  std::vector<store::TableCopy> sums;
  for (const auto& table : store::CopiedTables()) sums.push_back(store::ChecksumTable(db, table));
  return sums;
}

//! How many tables a PostgreSQL schema holds.
std::int64_t TablesIn(const Schema& schema) {
  store::PostgresDatabase db(ServerUrl());
  store::Query query(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?");
  query.Bind(1, schema.Name());
  EXPECT_TRUE(query.Step());
  return query.Int(0);
}

//! An SQLite installation with something in every table, made the way LQF
//! makes it: frameworks imported, people added and signed in, links issued,
//! email queued, sent and failed, and the audit log that comes with it all.
class Installation {
 public:
  explicit Installation(const std::string& path)
      : db(path),
        frameworks(db),
        catalog(frameworks, clock),
        repository(db),
        accounts(repository, clock),
        outbox(db),
        feedback(db) {
    store::Migrate(db, clock.NowUtc());
    for (const char* file : {"nlqf-2010.json", "dcs-characteristics-2008.json"}) {
      EXPECT_EQ(catalog.Import(Slurp(kRoot / "data/frameworks" / file)).status, app::ImportStatus::kImported) << file;
    }
    const auto admin = app::CommandLineActor();
    Expect(accounts.AddOrganisation(admin, "National Leadership Programme", "programme-body", ""));
    Expect(accounts.AddOrganisation(admin, "Cyngor Sir Ynys Môn", "local-authority", "Wales"));
    Expect(accounts.AddCohort(admin, "National Leadership Programme", "Cohort A", 2026));
    asha = AddWithPassword({"Asha Patel", "asha@example.org", "Cyngor Sir Ynys Môn", "Director of Children's Services",
                            "social-care", "participant", "Cohort A"});
    // Hostile and unusual text is data, byte for byte; an empty job title
    // stays '' and never becomes NULL.
    robert = AddWithPassword(
        {"Robert'); DROP TABLE people;--? \xF0\x9F\x98\x80", "bobby@example.org", "", "", "", "administrator", ""});
    // Someone who never set a password: a NULL hash and an unused link.
    Expect(accounts.AddPerson(
        admin, {"Newcomer", "new@example.org", "Cyngor Sir Ynys Môn", "Coach", "", "coach", "Cohort A"}));
    Expect(accounts.IssueSetPasswordLink(
        admin, repository.FindPersonByEmail("new@example.org").value_or(domain::Person{}).id));
    disabled = AddWithPassword({"Dee Sabled", "dee@example.org", "", "", "", "participant", "Cohort A"});
    Expect(accounts.SetDisabled(admin, disabled, true));

    session = Expect(accounts.SignIn("asha@example.org", kPassword, "10.0.0.1"));
    EXPECT_FALSE(accounts.SignIn("asha@example.org", "not the password", "10.0.0.2").Ok());
    auto reset = accounts.IssueResetLink("bobby@example.org");
    EXPECT_TRUE(reset);
    if (reset) reset_token = reset->second;

    const auto sent = outbox.Enqueue({"asha@example.org", "Welcome", "Dear Asha,\n\nRéunion à 10h.\n"}, kT0);
    outbox.MarkSent(sent, kT0);
    const auto failed = outbox.Enqueue({"bobby@example.org", "Reset", "Line one\r\nLine two\t\"quoted\""}, kT0);
    outbox.MarkFailed(failed, 1, app::AddSeconds(kT0, 60), "421 try later");
    outbox.Enqueue({"new@example.org", "Set your password", ""}, kT0);
    const auto cycle = AddFeedbackCycle();
    AddPlan(cycle);
    clock.Advance(60);
  }

  //! A feedback cycle for Asha: her own answers, one rater submitted (with
  //! "not able to comment" and no importance: NULLs), one declined.
  std::int64_t AddFeedbackCycle() {
    domain::Cycle cycle;
    cycle.participant_id = asha;
    cycle.framework_code = "nlqf-2010";
    cycle.framework_version = "1.0";
    cycle.title = "Feedback 2026";
    cycle.deadline = "2026-12-18";
    cycle.status = domain::CycleStatus::kOpen;
    cycle.scope = {"A1", "A2"};
    cycle.groups = domain::DefaultRaterGroups();
    cycle.created_by = asha;
    cycle.coached_report = true;
    const auto id = feedback.AddCycle(cycle, kT0);
    domain::Answer rated{"A1", 4, 3, "Clear about what matters, «always»", true};
    domain::Answer unable{"A2", std::nullopt, std::nullopt, "", true};
    EXPECT_EQ(feedback.SaveResponse(id, std::nullopt, "self:" + std::to_string(id), "self", {rated, unable}, true),
              app::SaveOutcome::kSubmitted);
    const auto peer = feedback.AddRater({0, id, "Pat Peer", "pat@example.org", "peers"}, kT0).value_or(0);
    EXPECT_TRUE(feedback.MarkInvited(peer, "access-pat", kT0));
    EXPECT_EQ(feedback.SaveResponse(id, peer, "response-pat", "peers", {rated, unable}, true),
              app::SaveOutcome::kSubmitted);
    const auto busy = feedback.AddRater({0, id, "Bo Busy", "bo@example.org", "partners"}, kT0).value_or(0);
    EXPECT_TRUE(feedback.MarkInvited(busy, "access-bo", kT0));
    EXPECT_TRUE(feedback.Decline(busy, "response-bo", "On leave until January"));
    feedback.SaveContextNotes(id, {{"X1", "A new chief executive since June"}});
    feedback.AddRelease(id, {"self:" + std::to_string(id), "response-pat"}, {{"A1", 4, 1}}, asha, kT0);
    EXPECT_TRUE(feedback.ReleaseCoachedReport(id, "2026-12-01", asha, kT0));
    return id;
  }

  //! Asha's development plan: a goal from the cycle's report (NULL-free) and
  //! one of her own (no statement, no cycle: NULL source), an action, history.
  void AddPlan(std::int64_t cycle) {
    store::SqlPlanRepository plans(db);
    domain::Goal from_report{0,
                             asha,
                             "A1",
                             "Moral purpose",
                             "Say it at every board",
                             domain::GoalSource::kBlindSpot,
                             cycle,
                             "Blind spot in Autumn: you 5, others 3.0 from 1 response, gap +2.0",
                             ""};
    const auto goal = plans.AddGoal(from_report, asha, kT0);
    plans.AddGoal({0, asha, "", "Time in health", "", domain::GoalSource::kOwn, std::nullopt, "", ""}, std::nullopt,
                  kT0);
    const auto action = plans.AddAction({0, goal, domain::ActionKind::kSecondment, "A month with the CCG", "Me",
                                         "2027-01-31", domain::ActionStatus::kPlanned, ""},
                                        asha, asha, kT0);
    EXPECT_TRUE(plans.SetActionStatus(action, domain::ActionStatus::kInProgress, asha, asha, kT0));
    // Evidence for the action, uploaded by no one on record (NULL), whose
    // bytes (NUL, 0xFF) only survive as base64.
    evidence = plans.AddEvidence({0, asha, goal, action, "certificate.pdf", "application/pdf",
                                  static_cast<std::int64_t>(kEvidenceContent.size()),
                                  "6de5d9ddca63f4415036b4a22c21ddcec9ad11f0315feb788099601c161915e1", std::nullopt, ""},
                                 kEvidenceContent, kT0);
    AddSupport(goal);
  }

  //! Robert mentors Asha (an ended relationship: '' and a date) and manages
  //! her: a session with themes and an agreed action, a plan review with no
  //! reviewer (NULL), a signed-off year and the next with a carried objective.
  void AddSupport(std::int64_t goal) {
    store::SqlSupportRepository support(db);
    const auto mentoring =
        support.AddRelationship({0, asha, robert, domain::SupportKind::kMentor, "2026-01-05", "", true, kT0}).value();
    support.AddRelationship(
        {0, asha, robert, domain::SupportKind::kLineManager, "2025-04-01", "2026-03-31", false, kT0});
    app::AgreedAction agreed{std::nullopt,
                             {0, goal, domain::ActionKind::kMentoring, "Ask the chair", "Me", "", {}, ""}};
    support.AddSession(
        {0, mentoring, "2026-02-02", {"A1", "S4"}, "We talked.\nAgreed one thing.", "Private: tired", ""}, agreed, asha,
        robert, kT0);
    support.AddPlanReview({0, asha, std::nullopt, "2026-03-01", "Good start", ""}, kT0);
    const auto year = support.AddAppraisal({0, asha, robert, "2025-04-01", "2026-03-31", "", "", ""}, {}, kT0).value();
    const auto objective = support.AddObjective(
        {0, year, "S4", "Merge early help", "One service", std::nullopt, domain::ObjectiveOutcome::kPartlyMet});
    EXPECT_TRUE(support.AddReview({0, year, domain::ReviewKind::kYearEnd, "2026-03-20", "Nearly", "", ""}, kT0));
    EXPECT_TRUE(support.Sign(year, true, kT0));
    auto carried = *support.FindObjective(objective);
    carried.carried_from = objective;
    support.AddAppraisal({0, asha, robert, "2026-04-01", "2027-03-31", "", "", ""}, {carried}, kT0);
    EXPECT_TRUE(support.ClaimReviewReminder(year, domain::ReviewKind::kMidYear, kT0, [] {}));
  }

  std::int64_t AddWithPassword(const app::PersonInput& input) {
    const auto admin = app::CommandLineActor();
    auto id = Expect(accounts.AddPerson(admin, input));
    Expect(accounts.SetPasswordWithLink(Expect(accounts.IssueSetPasswordLink(admin, id)), kPassword));
    return id;
  }

  ManualClock clock;
  store::SqliteDatabase db;
  store::SqlFrameworkRepository frameworks;
  app::FrameworkCatalog catalog;
  store::SqlAccountRepository repository;
  app::Accounts accounts;
  store::SqlOutboxRepository outbox;
  store::SqlFeedbackRepository feedback;
  std::int64_t asha = 0;
  std::int64_t robert = 0;
  std::int64_t disabled = 0;
  std::int64_t evidence = 0;
  std::string session;
  std::string reset_token;
};

class CopyDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(ServerUrl().empty()) << "LQF_TEST_PG_URL (or LQF_TEST_PG_URL_FILE) is not set; see postgres_test.cpp";
    schema_.emplace();
  }
  void TearDown() override { schema_.reset(); }

  testing::TempDir dir_;
  std::optional<Schema> schema_;
};

TEST_F(CopyDatabaseTest, AWholeInstallationMovesToPostgresAndWorksThere) {
  Installation source(dir_.File("lqf.db"));
  const auto before = Checksums(source.db);

  store::CopyReport report;
  {
    auto target = store::OpenDatabase(schema_->Url());
    report = store::CopyDatabase(source.db, *target, kT0);
  }

  // Every table, in order, with something in it, as the source has it.
  ASSERT_EQ(report.tables.size(), store::CopiedTables().size());
  ASSERT_EQ(report.tables.size(), 33u);
  std::int64_t total = 0;
  for (std::size_t i = 0; i < report.tables.size(); ++i) {
    const auto& table = report.tables[i];
    EXPECT_EQ(table.name, store::CopiedTables()[i].name);
    EXPECT_GT(table.rows, 0) << table.name << ": the installation should have something in every table";
    EXPECT_EQ(table.rows, Count(source.db, "SELECT COUNT(*) FROM " + table.name)) << table.name;
    EXPECT_EQ(table.checksum, before[i].checksum) << table.name;
    EXPECT_EQ(table.checksum.size(), 64u);
    total += table.rows;
  }
  EXPECT_EQ(report.TotalRows(), total);
  EXPECT_EQ(report.tables.front().name, "frameworks");

  // Read back over a new connection, after the commit: the same rows.
  auto db = store::OpenDatabase(schema_->Url());
  const auto after = Checksums(*db);
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].rows, report.tables[i].rows) << after[i].name;
    EXPECT_EQ(after[i].checksum, report.tables[i].checksum) << after[i].name;
  }
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(store::AllMigrations().size()));
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM people WHERE password_hash IS NULL"), 1);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM people WHERE job_title = ''"), 2);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND last_error IS NULL"), 1);

  // The use cases work on the copy, with the same clock.
  store::SqlAccountRepository repository(*db);
  app::Accounts accounts(repository, source.clock);
  auto resumed = accounts.Resume(source.session);
  ASSERT_TRUE(resumed) << "the session signed in on SQLite goes on on PostgreSQL";
  EXPECT_EQ(resumed->person.id, source.asha);
  EXPECT_EQ(resumed->person.name, "Asha Patel");
  EXPECT_TRUE(accounts.SignIn("asha@example.org", kPassword, "10.0.0.3").Ok());
  EXPECT_FALSE(accounts.SignIn("dee@example.org", kPassword, "10.0.0.3").Ok()) << "still disabled";
  EXPECT_EQ(repository.FindPerson(source.robert)->name, "Robert'); DROP TABLE people;--? \xF0\x9F\x98\x80");
  EXPECT_TRUE(accounts.SetPasswordWithLink(source.reset_token, "a brand new password").Ok());
  EXPECT_TRUE(accounts.SignIn("bobby@example.org", "a brand new password", "10.0.0.3").Ok());
  // Feedback: the rater's link still finds them, answers (NULLs and all) as saved.
  store::SqlFeedbackRepository feedback(*db);
  const auto pat = feedback.FindRaterByAccess("access-pat");
  ASSERT_TRUE(pat);
  EXPECT_EQ(pat->rater.status, domain::RaterStatus::kSubmitted);
  EXPECT_EQ(pat->cycle.scope, (std::vector<std::string>{"A1", "A2"}));
  const auto answers = feedback.LoadResponse("response-pat");
  ASSERT_TRUE(answers && answers->answers.size() == 2);
  EXPECT_EQ(answers->answers[0].comment, "Clear about what matters, «always»");
  EXPECT_FALSE(answers->answers[1].rating.has_value());
  EXPECT_FALSE(answers->answers[1].importance.has_value());

  // Evidence: the file's bytes come back as they went in.
  const auto file = store::SqlPlanRepository(*db).FindEvidence(source.evidence);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->content, kEvidenceContent);
  EXPECT_EQ(file->evidence.file_name, "certificate.pdf");
  EXPECT_FALSE(file->evidence.uploaded_by.has_value());
  EXPECT_TRUE(file->evidence.action_id.has_value());

  store::SqlFrameworkRepository frameworks(*db);
  app::FrameworkCatalog catalog(frameworks, source.clock);
  const auto listed = catalog.List();
  const auto original = source.catalog.List();
  ASSERT_EQ(listed.size(), original.size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    EXPECT_EQ(listed[i].framework->code, original[i].framework->code);
    EXPECT_EQ(listed[i].content_sha256, original[i].content_sha256);
    EXPECT_EQ(*listed[i].document, *original[i].document);
    EXPECT_EQ(listed[i].imported_at, original[i].imported_at);
  }
  ASSERT_TRUE(catalog.Get("nlqf-2010"));
  EXPECT_EQ(catalog.Get("nlqf-2010")->framework->nodes.size(),
            source.catalog.Get("nlqf-2010")->framework->nodes.size());

  // New rows get ids past the copied ones: the sequences were moved.
  const auto max_person = Count(source.db, "SELECT MAX(id) FROM people");
  const auto max_audit = Count(source.db, "SELECT MAX(id) FROM audit_log");
  const auto added = Expect(accounts.AddPerson(
      app::CommandLineActor(), {"Late Comer", "late@example.org", "", "", "", "participant", "Cohort A"}));
  EXPECT_EQ(added, max_person + 1);
  EXPECT_GT(Count(*db, "SELECT MAX(id) FROM audit_log"), max_audit);
  EXPECT_EQ(Expect(accounts.AddOrganisation(app::CommandLineActor(), "Another Council", "local-authority", "")),
            Count(source.db, "SELECT MAX(id) FROM organisations") + 1);
  store::SqlOutboxRepository outbox(*db);
  EXPECT_EQ(outbox.Enqueue({"late@example.org", "Hello", "Body"}, kT0),
            Count(source.db, "SELECT MAX(id) FROM outbox") + 1);
  EXPECT_EQ(frameworks.ListFrameworks().size(), 2u);
  EXPECT_EQ(catalog.Import(Slurp(kRoot / "data/frameworks/nlqf-2010.json")).status, app::ImportStatus::kUnchanged);
}

TEST_F(CopyDatabaseTest, ATargetWithRowsIsRefusedAndLeftAsItWas) {
  Installation source(dir_.File("lqf.db"));
  auto target = store::OpenDatabase(schema_->Url());
  store::CopyDatabase(source.db, *target, kT0);
  const auto before = Checksums(*target);

  const auto message = StoreErrorOf([&] { store::CopyDatabase(source.db, *target, kT0); });
  EXPECT_NE(message.find("already has rows"), std::string::npos) << message;
  EXPECT_NE(message.find("frameworks"), std::string::npos) << message;
  const auto after = Checksums(*target);
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].rows, before[i].rows) << after[i].name;
    EXPECT_EQ(after[i].checksum, before[i].checksum) << after[i].name;
  }

  // One row anywhere is enough, and the message names its table.
  auto other = std::make_unique<Schema>();
  {
    auto db = store::OpenDatabase(other->Url());
    store::Migrate(*db, kT0);
    db->Exec("INSERT INTO sign_in_failures (subject, failed_at) VALUES ('x', 'now')");
    const auto refused = StoreErrorOf([&] { store::CopyDatabase(source.db, *db, kT0); });
    EXPECT_NE(refused.find("table sign_in_failures already has rows"), std::string::npos) << refused;
    EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM people"), 0);
  }
}

TEST_F(CopyDatabaseTest, ASourceOfAnotherSchemaVersionIsRefusedBeforeAnythingIsWritten) {
  Installation source(dir_.File("lqf.db"));
  auto target = store::OpenDatabase(schema_->Url());

  source.db.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', 'now')");
  auto message = StoreErrorOf([&] { store::CopyDatabase(source.db, *target, kT0); });
  EXPECT_NE(message.find("schema version 99"), std::string::npos) << message;
  EXPECT_NE(message.find(dir_.File("lqf.db")), std::string::npos) << message;
  EXPECT_EQ(TablesIn(*schema_), 0) << "the target is not even migrated";

  source.db.Exec("DELETE FROM schema_migrations WHERE version >= " +
                 std::to_string(store::AllMigrations().back().version));
  message = StoreErrorOf([&] { store::CopyDatabase(source.db, *target, kT0); });
  EXPECT_NE(message.find("lqf migrate"), std::string::npos) << message;
  EXPECT_EQ(TablesIn(*schema_), 0);

  // Not an LQF database at all.
  store::SqliteDatabase empty(dir_.File("empty.db"));
  message = StoreErrorOf([&] { store::CopyDatabase(empty, *target, kT0); });
  EXPECT_NE(message.find("no LQF schema"), std::string::npos) << message;
  EXPECT_EQ(TablesIn(*schema_), 0);
}

TEST_F(CopyDatabaseTest, ASourceWithAColumnOrTableThisProgramDoesNotCopyIsRefused) {
  Installation source(dir_.File("lqf.db"));
  auto target = store::OpenDatabase(schema_->Url());
  source.db.Exec("ALTER TABLE people ADD COLUMN shoe_size INTEGER");
  auto message = StoreErrorOf([&] { store::CopyDatabase(source.db, *target, kT0); });
  EXPECT_NE(message.find("table people"), std::string::npos) << message;
  EXPECT_NE(message.find("shoe_size"), std::string::npos) << message;
  EXPECT_EQ(TablesIn(*schema_), 0);

  store::SqliteDatabase other(dir_.File("other.db"));
  store::Migrate(other, kT0);
  other.Exec("CREATE TABLE notes (text TEXT)");
  message = StoreErrorOf([&] { store::CopyDatabase(other, *target, kT0); });
  EXPECT_NE(message.find("table notes"), std::string::npos) << message;
  EXPECT_EQ(TablesIn(*schema_), 0);
}

TEST_F(CopyDatabaseTest, ACopyThatWouldNotMatchRollsBackAndNamesTheTable) {
  Installation source(dir_.File("lqf.db"));
  // SQLite keeps a NUL inside text; PostgreSQL text cannot hold one, and the
  // value arrives cut short. Only the checksum notices.
  store::Query(source.db, "UPDATE people SET job_title = ? WHERE id = ?")
      .Bind(1, std::string_view("Head\0of Service", 15))
      .Bind(2, source.asha)
      .Run();
  auto target = store::OpenDatabase(schema_->Url());
  const auto message = StoreErrorOf([&] { store::CopyDatabase(source.db, *target, kT0); });
  EXPECT_NE(message.find("table people does not match"), std::string::npos) << message;
  EXPECT_NE(message.find("nothing was written"), std::string::npos) << message;
  for (const auto& table : store::CopiedTables()) {
    EXPECT_EQ(Count(*target, "SELECT COUNT(*) FROM " + std::string(table.name)), 0) << table.name;
  }
  // The target is left empty and usable: put right, the copy goes through.
  store::Query(source.db, "UPDATE people SET job_title = 'Head of Service' WHERE id = ?").Bind(1, source.asha).Run();
  EXPECT_EQ(store::CopyDatabase(source.db, *target, kT0).tables.size(), 33u);
}

TEST_F(CopyDatabaseTest, LargeTablesAreCopiedInPagesAndBatches) {
  Installation source(dir_.File("lqf.db"));
  // More rows than one page (1000) and not a whole number of insert batches
  // (100); text keys in mixed case, which a collation other than bytewise
  // would order differently.
  {
    store::Transaction transaction(source.db);
    store::Query failure(source.db, "INSERT INTO sign_in_failures (subject, failed_at) VALUES (?, ?)");
    for (int i = 0; i < 2345; ++i) {
      failure.Reset();
      failure.Bind(1, "subject-" + std::to_string(i % 17)).Bind(2, app::AddSeconds(kT0, i)).Run();
    }
    store::Query session(source.db,
                         "INSERT INTO sessions (token_hash, person_id, csrf_token, created_at, last_seen_at, "
                         "expires_at) VALUES (?, ?, 'csrf', ?, ?, ?)");
    std::mt19937 random(42);
    const std::string letters = "0123456789abcdefABCDEF_-";
    for (int i = 0; i < 1203; ++i) {
      std::string key;
      for (int j = 0; j < 12; ++j) key += letters[random() % letters.size()];
      session.Reset();
      session.Bind(1, key + std::to_string(i)).Bind(2, source.asha).Bind(3, kT0).Bind(4, kT0).Bind(5, kT0).Run();
    }
    transaction.Commit();
  }
  const auto before = Checksums(source.db);
  auto target = store::OpenDatabase(schema_->Url());
  const auto report = store::CopyDatabase(source.db, *target, kT0);
  for (std::size_t i = 0; i < report.tables.size(); ++i) {
    EXPECT_EQ(report.tables[i].rows, before[i].rows) << report.tables[i].name;
    EXPECT_EQ(report.tables[i].checksum, before[i].checksum) << report.tables[i].name;
  }
  EXPECT_GT(Count(*target, "SELECT COUNT(*) FROM sign_in_failures"), 2345);
  EXPECT_EQ(Count(*target, "SELECT COUNT(*) FROM sign_in_failures"),
            Count(source.db, "SELECT COUNT(*) FROM sign_in_failures"));
  EXPECT_GT(Count(*target, "SELECT COUNT(DISTINCT token_hash) FROM sessions"), 1203);
  EXPECT_EQ(Count(*target, "SELECT COUNT(DISTINCT token_hash) FROM sessions"),
            Count(source.db, "SELECT COUNT(*) FROM sessions"));
}

TEST_F(CopyDatabaseTest, SqliteToSqliteWorksTooAndTheSourceIsNeverChanged) {
  Installation source(dir_.File("lqf.db"));
  const auto before = Checksums(source.db);
  store::SqliteDatabase target(dir_.File("copy.db"));
  const auto report = store::CopyDatabase(source.db, target, kT0);
  EXPECT_EQ(Checksums(source.db).back().checksum, before.back().checksum);
  const auto after = Checksums(target);
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].checksum, report.tables[i].checksum) << after[i].name;
    EXPECT_EQ(after[i].checksum, before[i].checksum) << after[i].name;
  }
  EXPECT_NE(StoreErrorOf([&] { store::CopyDatabase(source.db, source.db, kT0); }), "");
  // A copy back from PostgreSQL into SQLite gives the same checksums.
  auto pg = store::OpenDatabase(schema_->Url());
  store::CopyDatabase(target, *pg, kT0);
  store::SqliteDatabase back(dir_.File("back.db"));
  const auto round_trip = store::CopyDatabase(*pg, back, kT0);
  for (std::size_t i = 0; i < round_trip.tables.size(); ++i) {
    EXPECT_EQ(round_trip.tables[i].checksum, before[i].checksum) << round_trip.tables[i].name;
  }
}

}  // namespace
}  // namespace lqf
