// The PostgreSQL store against a real server: the same migrations,
// repositories and use cases as on SQLite, unchanged; errors as StoreError
// (never a crash, never a parameter's value in the message); a lost connection
// reported once, then repaired.
//
// The server comes from LQF_TEST_PG_URL or LQF_TEST_PG_URL_FILE (ctest starts a
// throwaway cluster with tests/support/pg_cluster.sh). Without it these tests fail rather than skip:
// a skipped test cannot catch anything. Each test works in a schema of its own,
// dropped when it ends.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <typeinfo>

#include "app/accounts.hpp"
#include "app/framework_catalog.hpp"
#include "app/housekeeping.hpp"
#include "app/mail.hpp"
#include "app/privacy.hpp"
#include "app/secrets.hpp"
#include "store/migrations.hpp"
#include "store/open_database.hpp"
#include "store/postgres_database.hpp"
#include "store/sql_account_repository.hpp"
#include "store/sql_framework_repository.hpp"
#include "store/sql_housekeeping_repository.hpp"
#include "store/sql_outbox_repository.hpp"
#include "store/sql_privacy_repository.hpp"
#include "support/manual_clock.hpp"
#include "support/pg_schema.hpp"
#include "support/store_checks.hpp"
#include "support/temp_dir.hpp"

namespace lqf {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using std::chrono::milliseconds;

const fs::path kRoot(LQF_SOURCE_ROOT);
constexpr char kT0[] = "2026-11-22T10:00:00Z";
constexpr char kPassword[] = "correct horse battery";
constexpr char kHowToStart[] =
    "LQF_TEST_PG_URL is not set (nor LQF_TEST_PG_URL_FILE, naming a file that holds it), so there is no "
    "PostgreSQL server to test against. ctest starts one itself; by hand:\n"
    "  export LQF_TEST_PG_URL=$(tests/support/pg_cluster.sh start /tmp/lqf-pg)\n"
    "  <run the tests>\n"
    "  tests/support/pg_cluster.sh stop /tmp/lqf-pg";

using testing::Count;
using testing::Schema;
using testing::ServerUrl;
using testing::Slurp;
using testing::StoreErrorOf;

// Starts at kT0, the same instant as testing::ManualClock's default.
using testing::ManualClock;

//! Whatever a thread's work threw, as text, so the test can report it
//! (an exception leaving a thread would end the whole run).
template <typename Action>
std::string AnyErrorOf(Action&& action) {
  try {
    action();
  } catch (const std::exception& error) {
    return std::string(typeid(error).name()) + ": " + error.what();
  }
  return "";
}

//! Every test against the server: a schema and a connection working in it.
class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(ServerUrl().empty()) << kHowToStart;
    schema_.emplace();
    db_ = schema_->Connect();
  }
  void TearDown() override {
    // Connections close before the schema is dropped.
    db_.reset();
    schema_.reset();
  }

  template <typename T>
  T Expect(const app::Outcome<T>& outcome) {
    EXPECT_TRUE(outcome.Ok()) << (outcome.refusals.empty()
                                      ? ""
                                      : outcome.refusals[0].field + " " + outcome.refusals[0].code);
    return outcome.value.value_or(T{});
  }

  //! The server's process id for a connection, and a way to end it from outside.
  static std::int64_t BackendPid(store::Database& db) { return Count(db, "SELECT pg_backend_pid()"); }
  static void Terminate(std::int64_t pid) {
    store::PostgresDatabase other(ServerUrl());
    // The timeout makes it wait until the backend has gone.
    store::Query kill(other, "SELECT pg_terminate_backend(?, 5000)");
    kill.Bind(1, pid);
    ASSERT_TRUE(kill.Step());
    ASSERT_EQ(kill.Int(0), 1) << "backend " << pid << " still there";
  }

  std::optional<Schema> schema_;
  std::unique_ptr<store::PostgresDatabase> db_;
};

// --- Without a server -------------------------------------------------------

TEST(PostgresPlaceholders, NumberedOutsideLiteralsIdentifiersAndComments) {
  EXPECT_EQ(store::NumberPlaceholders("SELECT a FROM t WHERE (? = '' OR b = ?) LIMIT ?"),
            "SELECT a FROM t WHERE ($1 = '' OR b = $2) LIMIT $3");
  EXPECT_EQ(store::NumberPlaceholders("SELECT '?', 'it''s ?', \"odd?\" FROM t WHERE x = ?"),
            "SELECT '?', 'it''s ?', \"odd?\" FROM t WHERE x = $1");
  EXPECT_EQ(store::NumberPlaceholders("SELECT ? -- why?\n, ? /* or ? */, ?"), "SELECT $1 -- why?\n, $2 /* or ? */, $3");
  EXPECT_EQ(store::NumberPlaceholders("SELECT 1"), "SELECT 1");
}

TEST(PostgresNames, NeverShowAPassword) {
  EXPECT_EQ(store::WithoutPassword("postgresql://lqf:s3cret@db.example:5432/lqf?sslmode=require"),
            "postgresql://lqf:***@db.example:5432/lqf?sslmode=require");
  EXPECT_EQ(store::WithoutPassword("postgres://lqf@db/lqf?sslmode=require&password=s3cret"),
            "postgres://lqf@db/lqf?sslmode=require&password=***");
  EXPECT_EQ(store::WithoutPassword("postgresql://lqf@127.0.0.1:5432/lqf"), "postgresql://lqf@127.0.0.1:5432/lqf");
  EXPECT_EQ(store::WithoutPassword("host=db password=s3cret dbname=lqf"), "host=db password=*** dbname=lqf");
}

TEST(PostgresNames, AnUnreachableServerIsReportedWithoutItsPassword) {
  const auto message = StoreErrorOf([] { store::PostgresDatabase("postgresql://lqf:s3cret@127.0.0.1:1/lqf"); });
  EXPECT_NE(message.find("cannot connect to PostgreSQL at postgresql://lqf:***@127.0.0.1:1/lqf"), std::string::npos)
      << message;
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(OpenDatabase, ChoosesSqliteForPathsAndRefusesWhatItCannotOpen) {
  testing::TempDir dir;
  EXPECT_EQ(store::OpenDatabase(dir.File("a.db"))->Kind(), store::Dialect::kSqlite);
  auto prefixed = store::OpenDatabase("sqlite:" + dir.File("b.db"));
  EXPECT_EQ(prefixed->Kind(), store::Dialect::kSqlite);
  EXPECT_EQ(prefixed->Name(), dir.File("b.db"));
  EXPECT_TRUE(fs::exists(dir.File("b.db")));
  EXPECT_EQ(store::OpenDatabase("sqlite://" + dir.File("c.db"))->Name(), dir.File("c.db"));

  EXPECT_NE(StoreErrorOf([] { store::OpenDatabase(""); }).find("no database given"), std::string::npos);
  EXPECT_NE(StoreErrorOf([] { store::OpenDatabase("sqlite:"); }).find("no SQLite file"), std::string::npos);
  const auto mysql = StoreErrorOf([] { store::OpenDatabase("mysql://root:s3cret@db/lqf"); });
  EXPECT_NE(mysql.find("unsupported database \"mysql://...\""), std::string::npos) << mysql;
  EXPECT_EQ(mysql.find("s3cret"), std::string::npos) << mysql;
  EXPECT_NE(StoreErrorOf([] { store::OpenDatabase("host=db dbname=lqf"); }).find("as a URL"), std::string::npos);
  EXPECT_NE(StoreErrorOf([] { store::OpenDatabase("/nonexistent-folder/for/lqf.db"); }).find("/nonexistent-folder"),
            std::string::npos);
  EXPECT_NE(StoreErrorOf([] { store::OpenDatabase("postgres://lqf@127.0.0.1:1/lqf"); }).find("cannot connect"),
            std::string::npos);
}

TEST_F(PostgresTest, OpenDatabaseChoosesPostgresForItsUrls) {
  auto db = store::OpenDatabase(ServerUrl());
  EXPECT_EQ(db->Kind(), store::Dialect::kPostgres);
  EXPECT_EQ(db->Name(), store::WithoutPassword(ServerUrl()));
  EXPECT_EQ(Count(*db, "SELECT 1 + 1"), 2);
}

// --- Migrations and frameworks ----------------------------------------------

TEST_F(PostgresTest, MigrationsAreAppliedOnceAndRecorded) {
  for (const auto& state : store::MigrationStatus(*db_)) EXPECT_TRUE(state.applied_at.empty()) << state.version;
  const int total = static_cast<int>(store::AllMigrations().size());
  EXPECT_EQ(store::Migrate(*db_, kT0), total);
  EXPECT_EQ(store::Migrate(*db_, "2026-11-22T10:00:01Z"), 0);
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM schema_migrations"), total);
  for (const auto& state : store::MigrationStatus(*db_)) EXPECT_EQ(state.applied_at, kT0) << state.version;
  // The tables are in the test's schema, and every id is an identity ({{id}} expanded).
  store::Query tables(*db_,
                      "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_name IN "
                      "('schema_migrations', 'frameworks', 'people', 'sessions', 'outbox', 'audit_log')");
  tables.Bind(1, schema_->Name());
  ASSERT_TRUE(tables.Step());
  EXPECT_EQ(tables.Int(0), 6);
  EXPECT_EQ(Count(*db_,
                  "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                  "AND column_name = 'id' AND is_identity = 'NO'"),
            0);
  EXPECT_GT(Count(*db_,
                  "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                  "AND column_name = 'id' AND is_identity = 'YES'"),
            5);
}

TEST_F(PostgresTest, MigrationsRefuseADatabaseFromANewerProgram) {
  store::Migrate(*db_, kT0);
  db_->Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')");
  EXPECT_NE(StoreErrorOf([&] { store::Migrate(*db_, kT0); }).find("newer than this program"), std::string::npos);
}

// Two servers starting at once against one database: each migration once,
// neither fails. (On SQLite BEGIN IMMEDIATE serialises them.)
TEST_F(PostgresTest, TwoConnectionsMigratingAtOnceApplyEachMigrationOnce) {
  auto other = schema_->Connect();
  int applied_here = 0, applied_there = 0;
  std::string error_here, error_there;
  std::thread there([&] { error_there = AnyErrorOf([&] { applied_there = store::Migrate(*other, kT0); }); });
  error_here = AnyErrorOf([&] { applied_here = store::Migrate(*db_, kT0); });
  there.join();
  EXPECT_EQ(error_here, "");
  EXPECT_EQ(error_there, "");
  EXPECT_EQ(applied_here + applied_there, static_cast<int>(store::AllMigrations().size()));
}

class PostgresCatalogTest : public PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (HasFatalFailure()) return;
    store::Migrate(*db_, clock_.NowUtc());
    repository_.emplace(*db_);
    catalog_.emplace(*repository_, clock_);
  }
  ManualClock clock_;
  std::optional<store::SqlFrameworkRepository> repository_;
  std::optional<app::FrameworkCatalog> catalog_;
};

TEST_F(PostgresCatalogTest, ImportingTheBundledFrameworkIsIdempotent) {
  const auto text = Slurp(kRoot / "data/frameworks/nlqf-2010.json");
  auto result = catalog_->Import(text);
  ASSERT_EQ(result.status, app::ImportStatus::kImported) << result.message;
  auto entry = catalog_->Get("nlqf-2010");
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->imported_at, kT0);
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM frameworks"), 1);
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM framework_elements"),
            static_cast<std::int64_t>(entry->framework->nodes.size()));
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM framework_elements WHERE scored = 1"), 82);
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM framework_elements WHERE parent_code IS NULL"),
            Count(*db_, "SELECT COUNT(*) FROM framework_elements WHERE depth = 0"));

  auto again = catalog_->Import(text + "\n\n");
  EXPECT_EQ(again.status, app::ImportStatus::kUnchanged) << again.message;
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM frameworks"), 1);
  // Stored exactly: the canonical document comes back byte for byte.
  auto stored = repository_->FindFramework("nlqf-2010", entry->framework->version);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->content_sha256.size(), 64u);
  EXPECT_NE(stored->document.find("moral purpose"), std::string::npos);
}

TEST_F(PostgresCatalogTest, ChangedContentUnderAnExistingVersionIsRefused) {
  auto text = Slurp(kRoot / "data/frameworks/nlqf-2010.json");
  ASSERT_EQ(catalog_->Import(text).status, app::ImportStatus::kImported);
  const auto before = Count(*db_, "SELECT COUNT(*) FROM framework_elements");
  text.replace(text.find("moral purpose"), 13, "moral purposes");
  auto changed = catalog_->Import(text);
  EXPECT_EQ(changed.status, app::ImportStatus::kConflict);
  EXPECT_NE(changed.message.find("new \"version\""), std::string::npos) << changed.message;
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM frameworks"), 1);
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM framework_elements"), before);
  EXPECT_EQ(catalog_->Get("nlqf-2010")->framework->Find("A1")->text, "moral purpose");
}

TEST_F(PostgresCatalogTest, AnInsertRaceEndsAsAlreadyExistsAndStoresNothingTwice) {
  const auto text = Slurp(kRoot / "data/frameworks/nlqf-2010.json");
  ASSERT_EQ(catalog_->Import(text).status, app::ImportStatus::kImported);
  // As if another process had stored it between our look-up and our insert:
  // the unique constraint answers, and the transaction leaves nothing behind.
  const auto stored = repository_->ListFrameworks().front();
  const auto framework = catalog_->Get("nlqf-2010")->framework;
  const auto elements = Count(*db_, "SELECT COUNT(*) FROM framework_elements");
  EXPECT_EQ(repository_->InsertFramework(*framework, stored), app::InsertOutcome::kAlreadyExists);
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM framework_elements"), elements);
  EXPECT_EQ(repository_->FrameworksStamp(), "1:" + std::to_string(stored.id));
}

TEST_F(PostgresCatalogTest, ASecondConnectionSeesImportsAtOnce) {
  auto other_db = schema_->Connect();
  store::SqlFrameworkRepository other_repository(*other_db);
  app::FrameworkCatalog other(other_repository, clock_);
  EXPECT_TRUE(other.List().empty());
  ASSERT_EQ(catalog_->Import(Slurp(kRoot / "data/frameworks/dcs-characteristics-2008.json")).status,
            app::ImportStatus::kImported);
  EXPECT_EQ(other.List().size(), 1u);
}

// --- Accounts ---------------------------------------------------------------

class PostgresAccountsTest : public PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (HasFatalFailure()) return;
    store::Migrate(*db_, clock_.NowUtc());
    repository_.emplace(*db_);
    accounts_.emplace(*repository_, clock_);
    admin_ = app::CommandLineActor();
    Expect(accounts_->AddOrganisation(admin_, "National Leadership Programme", "programme-body", ""));
    Expect(accounts_->AddOrganisation(admin_, "Northshire County Council", "local-authority", "North West"));
    Expect(accounts_->AddCohort(admin_, "National Leadership Programme", "Cohort A", 2026));
    Expect(accounts_->AddCohort(admin_, "National Leadership Programme", "Cohort B", 2026));
  }

  static app::PersonInput Participant(std::string name, std::string email, std::string cohort = "Cohort A") {
    return {std::move(name),
            std::move(email),
            "Northshire County Council",
            "Director of Children's Services",
            "social-care",
            "participant",
            std::move(cohort)};
  }

  std::int64_t AddWithPassword(const app::PersonInput& input) {
    auto id = Expect(accounts_->AddPerson(admin_, input));
    auto token = Expect(accounts_->IssueSetPasswordLink(admin_, id));
    Expect(accounts_->SetPasswordWithLink(token, kPassword));
    return id;
  }

  ManualClock clock_;
  std::optional<store::SqlAccountRepository> repository_;
  std::optional<app::Accounts> accounts_;
  domain::Actor admin_;
};

TEST_F(PostgresAccountsTest, PeopleSignInAndTheirSessionsResume) {
  const auto id = AddWithPassword(Participant("Asha Patel", "Asha.Patel@Northshire.gov.uk"));
  auto wrong = accounts_->SignIn("asha.patel@northshire.gov.uk", "not the password", "10.0.0.1");
  ASSERT_FALSE(wrong.Ok());
  auto token = Expect(accounts_->SignIn(" ASHA.PATEL@northshire.gov.uk ", kPassword, "10.0.0.1"));
  auto session = accounts_->Resume(token);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->person.id, id);
  EXPECT_EQ(session->person.name, "Asha Patel");
  EXPECT_EQ(session->person.email, "asha.patel@northshire.gov.uk");
  ASSERT_EQ(session->person.grants.size(), 1u);
  EXPECT_EQ(session->person.grants[0].scope, domain::ScopeKind::kCohort);
  EXPECT_FALSE(session->person.disabled);
  EXPECT_FALSE(session->csrf_token.empty());
  accounts_->SignOut(token);
  EXPECT_FALSE(accounts_->Resume(token));

  // Hostile text is data, byte for byte.
  auto bobby =
      Expect(accounts_->AddPerson(admin_, Participant("Robert'); DROP TABLE people;--?", "bobby@example.org")));
  EXPECT_EQ(repository_->FindPerson(bobby)->name, "Robert'); DROP TABLE people;--?");
}

TEST_F(PostgresAccountsTest, UniqueConstraintsBecomeRefusalsAndLeaveNothingHalfDone) {
  Expect(accounts_->AddPerson(admin_, Participant("Asha Patel", "asha@northshire.gov.uk")));
  auto again = accounts_->AddPerson(admin_, Participant("Someone Else", "ASHA@northshire.gov.uk"));
  ASSERT_FALSE(again.Ok());
  EXPECT_EQ(again.refusals[0].code, "taken");
  auto taken = accounts_->AddOrganisation(admin_, "Northshire County Council", "local-authority", "");
  ASSERT_FALSE(taken.Ok());
  EXPECT_EQ(taken.refusals[0].code, "taken");

  // The repository itself, as when two requests race past the use case's check.
  const auto grants = Count(*db_, "SELECT COUNT(*) FROM role_grants");
  domain::Person twin;
  twin.name = "Asha Twin";
  twin.email = "asha@northshire.gov.uk";
  twin.grants.push_back({domain::Role::kParticipant, domain::ScopeKind::kInstallation, 0});
  EXPECT_EQ(repository_->AddPerson(twin, kT0), std::nullopt);
  EXPECT_EQ(repository_->AddOrganisation({0, "Northshire County Council"}, kT0), std::nullopt);
  domain::Person fresh = twin;
  fresh.email = "fresh@example.org";
  EXPECT_EQ(repository_->AddPeople({fresh, twin}, kT0), std::nullopt);
  EXPECT_FALSE(repository_->FindPersonByEmail("fresh@example.org")) << "a batch is all or nothing";
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM role_grants"), grants);
  // And the connection carries on.
  EXPECT_TRUE(repository_->AddPerson(fresh, kT0).has_value());
}

TEST_F(PostgresAccountsTest, RepeatedFailuresThrottleTheAccountAndTheAddress) {
  AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  for (int i = 0; i < app::kMaxFailuresPerAccount; ++i) {
    EXPECT_EQ(accounts_->SignIn("asha@northshire.gov.uk", "wrong password", "10.0.0.1").refusals[0].code, "wrong");
  }
  auto throttled = accounts_->SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.2");
  ASSERT_FALSE(throttled.Ok());
  EXPECT_EQ(throttled.refusals[0].code, "throttled");
  EXPECT_EQ(repository_->CountSignInFailures(app::SignInSubjectForEmail("asha@northshire.gov.uk"), "2026-01-01"),
            app::kMaxFailuresPerAccount);
  clock_.Advance(app::kThrottleWindowMinutes * 60 + 1);
  EXPECT_TRUE(accounts_->SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.2").Ok());

  for (int i = 0; i < app::kMaxFailuresPerAddress; ++i) {
    accounts_->SignIn("user" + std::to_string(i) + "@example.org", "x", "192.0.2.9");
  }
  EXPECT_EQ(accounts_->SignIn("asha@northshire.gov.uk", kPassword, "192.0.2.9").refusals[0].code, "throttled");
}

TEST_F(PostgresAccountsTest, DisablingIsReadBackAndEndsSessions) {
  auto id = AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  auto token = Expect(accounts_->SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1"));
  Expect(accounts_->SetDisabled(admin_, id, true));
  // `disabled_at IS NOT NULL` is a boolean column here.
  EXPECT_TRUE(repository_->FindPerson(id)->disabled);
  EXPECT_FALSE(accounts_->Resume(token));
  EXPECT_FALSE(accounts_->SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1").Ok());
  Expect(accounts_->SetDisabled(admin_, id, false));
  EXPECT_FALSE(repository_->FindPerson(id)->disabled);
  EXPECT_TRUE(accounts_->SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1").Ok());
}

TEST_F(PostgresAccountsTest, RolesAreGrantedAndRevokedAndTheLogFilters) {
  auto asha = AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  Expect(accounts_->GrantRole(admin_, asha, "coach", "Cohort B"));
  EXPECT_EQ(accounts_->GrantRole(admin_, asha, "coach", "Cohort B").refusals[0].code, "held");
  ASSERT_EQ(repository_->FindPerson(asha)->grants.size(), 2u);
  EXPECT_TRUE(Expect(accounts_->RevokeRole(admin_, asha, 1)));
  EXPECT_EQ(repository_->FindPerson(asha)->grants.size(), 1u);
  domain::RoleGrant absent{domain::Role::kCoach, domain::ScopeKind::kCohort, 999};
  EXPECT_FALSE(repository_->RemoveGrant(asha, absent));

  // `(? = '' OR action = ?)`, newest first, `LIMIT ?`.
  const auto all = repository_->ListAudit("", 100);
  ASSERT_GE(all.size(), 8u);
  EXPECT_GT(all.front().id, all.back().id);
  EXPECT_EQ(repository_->ListAudit("", 3).size(), 3u);
  const auto granted = repository_->ListAudit("role-granted", 100);
  ASSERT_EQ(granted.size(), 2u);
  EXPECT_EQ(granted[0].subject_person_id, asha);
  EXPECT_TRUE(repository_->ListAudit("no-such-action", 100).empty());
}

TEST_F(PostgresAccountsTest, LinksWorkOnce) {
  auto id = Expect(accounts_->AddPerson(admin_, Participant("Asha Patel", "asha@northshire.gov.uk")));
  auto token = Expect(accounts_->IssueSetPasswordLink(admin_, id));
  Expect(accounts_->SetPasswordWithLink(token, kPassword));
  EXPECT_EQ(accounts_->SetPasswordWithLink(token, "another long password").refusals[0].code, "expired");
  EXPECT_EQ(repository_->PasswordHash(id)->rfind("$argon2id$", 0), 0u);
}

// --- Outbox -----------------------------------------------------------------

std::string At(std::int64_t seconds) { return *app::AddSecondsUtc(kT0, seconds); }

app::OutgoingEmail Email(std::string subject) {
  return {"jo.bloggs@example.gov.uk", std::move(subject), "Dear Jo,\n\nRéunion à 10h.\n"};
}

class PostgresOutboxTest : public PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (HasFatalFailure()) return;
    store::Migrate(*db_, kT0);
    outbox_.emplace(*db_);
  }
  std::string Column(std::int64_t id, const std::string& column) {
    store::Query query(*db_, "SELECT " + column + " FROM outbox WHERE id = ?");
    query.Bind(1, id);
    EXPECT_TRUE(query.Step());
    return query.IsNull(0) ? "NULL" : query.Text(0);
  }
  std::optional<store::SqlOutboxRepository> outbox_;
};

TEST_F(PostgresOutboxTest, EnqueueClaimAndMarkSent) {
  const auto first = outbox_->Enqueue(Email("first"), At(0));
  const auto second = outbox_->Enqueue(Email("second"), At(1));
  const auto third = outbox_->Enqueue(Email("third"), At(2));
  EXPECT_LT(first, second);

  const auto claimed = outbox_->ClaimDue(At(10), At(910), 2);
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(claimed[0].id, first);
  EXPECT_EQ(claimed[1].id, second);
  EXPECT_EQ(claimed[0].email.body_text, "Dear Jo,\n\nRéunion à 10h.\n");
  EXPECT_EQ(claimed[0].attempts, 0);
  EXPECT_EQ(Column(first, "claimed_until"), At(910));
  const auto rest = outbox_->ClaimDue(At(10), At(910), 2);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, third);
  EXPECT_TRUE(outbox_->ClaimDue(At(10), At(910), 2).empty());

  outbox_->MarkSent(first, At(20));
  EXPECT_EQ(Column(first, "sent_at"), At(20));
  EXPECT_EQ(Column(first, "claimed_until"), "NULL");
  outbox_->MarkFailed(second, 1, At(60), "Couldn't connect to server");
  EXPECT_EQ(Column(second, "attempts"), "1");
  outbox_->MarkFailed(first, 3, At(60), "late report");
  EXPECT_EQ(Column(first, "attempts"), "0") << "a sent message stays sent";
  const auto counts = outbox_->Counts();
  EXPECT_EQ(counts.sent, 1);
  EXPECT_EQ(counts.failing, 1);
  EXPECT_EQ(counts.pending, 1);
}

TEST_F(PostgresOutboxTest, TwoConnectionsNeverClaimTheSameMessage) {
  constexpr int kMessages = 300;
  db_->Exec(
      "INSERT INTO outbox (recipient, subject, body_text, created_at, next_attempt_at) "
      "SELECT 'jo@example.org', 'message ' || n, 'Body', '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z' "
      "FROM generate_series(1, 300) AS n");
  // Two workers, each with its own connection (as two servers would have),
  // claiming small batches as fast as they can.
  const auto work = [&](std::vector<std::int64_t>& ids, std::string& error) {
    error = AnyErrorOf([&] {
      auto db = schema_->Connect();
      store::SqlOutboxRepository outbox(*db);
      // Bounded, so a broken claim fails the test rather than hanging it.
      for (int round = 0; round < kMessages; ++round) {
        const auto claimed = outbox.ClaimDue(At(10), At(900), 7);
        if (claimed.empty()) break;
        for (const auto& message : claimed) ids.push_back(message.id);
      }
    });
  };
  std::vector<std::int64_t> a, b;
  std::string error_a, error_b;
  std::thread first([&] { work(a, error_a); });
  std::thread second([&] { work(b, error_b); });
  first.join();
  second.join();
  EXPECT_EQ(error_a, "");
  EXPECT_EQ(error_b, "");
  std::set<std::int64_t> all(a.begin(), a.end());
  EXPECT_EQ(all.size(), a.size()) << "a worker claimed a message twice";
  std::size_t twice = 0;
  for (const auto id : b) twice += all.insert(id).second ? 0 : 1;
  EXPECT_EQ(twice, 0u) << "messages both workers claimed (" << a.size() << " + " << b.size() << " claims)";
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kMessages));
}

// --- Privacy and housekeeping -----------------------------------------------

class PostgresPrivacyTest : public PostgresAccountsTest {
 protected:
  void SetUp() override {
    PostgresAccountsTest::SetUp();
    if (HasFatalFailure()) return;
    privacy_db_ = schema_->Connect();  // a connection of its own, as in production
    outbox_.emplace(*db_);
    privacy_repository_.emplace(*privacy_db_);
    privacy_.emplace(*privacy_repository_, *repository_, clock_);
  }
  void TearDown() override {
    privacy_db_.reset();
    PostgresAccountsTest::TearDown();
  }
  std::unique_ptr<store::PostgresDatabase> privacy_db_;
  std::optional<store::SqlOutboxRepository> outbox_;
  std::optional<store::SqlPrivacyRepository> privacy_repository_;
  std::optional<app::Privacy> privacy_;
};

TEST_F(PostgresPrivacyTest, ExportThenEraseLeavesOnlyIds) {
  constexpr char kAsha[] = "asha.patel@northshire.gov.uk";
  const auto asha = AddWithPassword(Participant("Asha Patel", kAsha));
  const auto bola = AddWithPassword(Participant("Bola Adeyemi", "bola@northshire.gov.uk"));
  auto token = Expect(accounts_->SignIn(kAsha, kPassword, "127.0.0.1"));
  auto session = accounts_->Resume(token);
  ASSERT_TRUE(session);
  ASSERT_TRUE(accounts_->IssueResetLink(kAsha));
  outbox_->Enqueue({kAsha, "Reset your LQF password", "Hello Asha Patel"}, clock_.NowUtc());
  outbox_->Enqueue({"bola@northshire.gov.uk", "For Bola", "Hello Bola"}, clock_.NowUtc());
  accounts_->SignIn(kAsha, "a wrong password", "127.0.0.1");
  repository_->Audit({0, clock_.NowUtc(), asha, "note", bola, std::nullopt, "Asha Patel helped Bola"});

  const auto doc = json::parse(Expect(privacy_->ExportPersonData(session->actor, asha))).as_object();
  const auto& profile = doc.at("profile").as_object();
  EXPECT_EQ(profile.at("id").as_int64(), asha);
  EXPECT_EQ(profile.at("email").as_string(), kAsha);
  EXPECT_EQ(profile.at("organisation").at("name").as_string(), "Northshire County Council");
  EXPECT_FALSE(profile.at("disabled").as_bool());
  EXPECT_TRUE(doc.at("password").at("set").as_bool());
  ASSERT_EQ(doc.at("role_grants").as_array().size(), 1u);
  EXPECT_EQ(doc.at("role_grants").as_array()[0].at("scope_name").as_string(), "Cohort A");
  EXPECT_EQ(doc.at("sessions").as_array().size(), 1u);
  EXPECT_EQ(doc.at("password_links").as_array().size(), 2u);
  EXPECT_EQ(doc.at("emails").as_array().size(), 1u);
  EXPECT_EQ(doc.at("failed_sign_ins_recorded").as_int64(), 1);

  EXPECT_TRUE(Expect(privacy_->ErasePerson(admin_, asha)));
  EXPECT_FALSE(accounts_->Resume(token));
  EXPECT_FALSE(repository_->FindPerson(asha));
  EXPECT_FALSE(repository_->FindPersonByEmail(kAsha));
  store::Query failures(*db_, "SELECT COUNT(*) FROM sign_in_failures WHERE subject = ?");
  failures.Bind(1, app::SignInSubjectForEmail(kAsha));
  ASSERT_TRUE(failures.Step());
  EXPECT_EQ(failures.Int(0), 0);
  store::Query dump(*db_,
                    "SELECT name || email || job_title FROM people UNION ALL "
                    "SELECT recipient || subject || body_text FROM outbox UNION ALL SELECT detail FROM audit_log");
  int rows = 0;
  while (dump.Step()) {
    ++rows;
    EXPECT_EQ(dump.Text(0).find("Asha"), std::string::npos) << dump.Text(0);
    EXPECT_EQ(dump.Text(0).find(kAsha), std::string::npos) << dump.Text(0);
  }
  EXPECT_GT(rows, 5);
  EXPECT_EQ(repository_->ListAudit("person-erased", 10).size(), 1u);
  // Erasing again changes nothing.
  EXPECT_FALSE(Expect(privacy_->ErasePerson(admin_, asha)));
  EXPECT_TRUE(accounts_->SignIn("bola@northshire.gov.uk", kPassword, "127.0.0.1").Ok());
}

TEST_F(PostgresPrivacyTest, ErasureIsAllOrNothing) {
  const auto asha = AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  auto token = Expect(accounts_->SignIn("asha@northshire.gov.uk", kPassword, "127.0.0.1"));
  // The placeholder address is taken, so the last step fails on the unique
  // constraint, inside the transaction: everything before it must go back.
  db_->Exec("INSERT INTO people (name, email, created_at) VALUES ('Impostor', '" + app::ErasedEmail(asha) +
            "', '2026-01-01T00:00:00Z')");
  const auto message = StoreErrorOf([&] { privacy_->ErasePerson(admin_, asha); });
  EXPECT_NE(message.find("already in use"), std::string::npos) << message;
  EXPECT_TRUE(accounts_->Resume(token));
  EXPECT_EQ(repository_->FindPerson(asha)->grants.size(), 1u);
  EXPECT_TRUE(repository_->ListAudit("person-erased", 10).empty());
  // The privacy connection is usable again.
  EXPECT_TRUE(privacy_->ExportPersonData(admin_, asha).Ok());
}

TEST_F(PostgresAccountsTest, HousekeepingPurgesWhatExpiredAndKeepsWhatIsLive) {
  store::SqlOutboxRepository outbox(*db_);
  store::SqlHousekeepingRepository housekeeping(*db_);
  AddWithPassword(Participant("Old", "old@example.org"));
  AddWithPassword(Participant("Live", "live@example.org"));
  auto old_session = Expect(accounts_->SignIn("old@example.org", kPassword, "10.0.0.1"));
  accounts_->SignIn("old@example.org", "wrong", "10.0.0.1");
  outbox.MarkSent(outbox.Enqueue({"old@example.org", "Old", "Body"}, clock_.NowUtc()), clock_.NowUtc());
  clock_.Advance(8LL * 24 * 3600);
  auto live_session = Expect(accounts_->SignIn("live@example.org", kPassword, "10.0.0.2"));
  auto pending = accounts_->IssueResetLink("live@example.org");
  ASSERT_TRUE(pending);
  outbox.Enqueue({"live@example.org", "New", "Body"}, clock_.NowUtc());

  const auto counts = app::PurgeExpired(housekeeping, clock_);
  EXPECT_EQ(counts.sessions, 1);
  EXPECT_EQ(counts.links, 2) << "the two used set-password links";
  EXPECT_GE(counts.failures, 2);
  EXPECT_EQ(counts.emails, 1);
  EXPECT_FALSE(accounts_->Resume(old_session));
  EXPECT_TRUE(accounts_->Resume(live_session));
  EXPECT_TRUE(accounts_->SetPasswordWithLink(pending->second, "another long password").Ok());
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM outbox"), 1);
  // Purging again finds nothing more to do (but the link used just now).
  const auto again = app::PurgeExpired(housekeeping, clock_);
  EXPECT_EQ(again.sessions + again.emails, 0);
  EXPECT_EQ(again.links, 1);
}

// --- Errors -----------------------------------------------------------------

TEST_F(PostgresTest, AFailingStatementIsAStoreErrorAndTheConnectionCarriesOn) {
  const auto message = StoreErrorOf([&] { Count(*db_, "SELECT COUNT(*) FROM no_such_table"); });
  EXPECT_NE(message.find("relation \"no_such_table\" does not exist"), std::string::npos) << message;
  EXPECT_NE(message.find("42P01"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_NE(StoreErrorOf([&] { db_->Exec("CREATE TABLE x (a INTEGER); CREATE TABEL y (b INTEGER)"); }).find("syntax"),
            std::string::npos);
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'x' AND schemaname = current_schema()"), 0)
      << "a failed Exec runs as one transaction";
  EXPECT_EQ(Count(*db_, "SELECT 40 + 2"), 42);
}

TEST_F(PostgresTest, MessagesNeverQuoteAValue) {
  store::Migrate(*db_, kT0);
  const std::string secret = "asha.patel@northshire.gov.uk";
  for (const auto* sql : {"SELECT name FROM people WHERE id = ?", "SELECT ?::integer",
                          "INSERT INTO people (name, email, created_at) VALUES (?, NULL, 'now')"}) {
    const auto message = StoreErrorOf([&] {
      store::Query query(*db_, sql);
      query.Bind(1, secret);
      query.Run();
    });
    EXPECT_NE(message, "") << sql;
    EXPECT_EQ(message.find("asha"), std::string::npos) << message;
  }
  db_->Exec("INSERT INTO people (name, email, created_at) VALUES ('A', 'a@example.org', 'now')");
  EXPECT_THROW(db_->Exec("INSERT INTO people (name, email, created_at) VALUES ('B', 'a@example.org', 'now')"),
               store::UniqueViolation);
}

TEST_F(PostgresTest, MisuseIsAStoreErrorNotACrash) {
  store::Query query(*db_, "SELECT ? || 'x'");
  EXPECT_NE(StoreErrorOf([&] { query.Bind(2, "y"); }).find("no parameter 2"), std::string::npos);
  EXPECT_NE(StoreErrorOf([&] { query.Text(0); }).find("no current row"), std::string::npos);
  query.Bind(1, "y");
  ASSERT_TRUE(query.Step());
  EXPECT_EQ(query.Text(0), "yx");
  EXPECT_NE(StoreErrorOf([&] { query.Text(1); }).find("no column 1"), std::string::npos);
  EXPECT_NE(StoreErrorOf([&] { query.Int(0); }).find("not an integer"), std::string::npos);
  EXPECT_FALSE(query.Step());
  EXPECT_FALSE(query.Step()) << "done stays done until Reset";
  query.Reset();
  query.Bind(1, std::int64_t{7});
  ASSERT_TRUE(query.Step());
  EXPECT_EQ(query.Text(0), "7x");
  // Unbound parameters are NULL, as in SQLite.
  query.Reset();
  ASSERT_TRUE(query.Step());
  EXPECT_TRUE(query.IsNull(0));
  EXPECT_EQ(query.Int(0), 0);
  EXPECT_EQ(query.Text(0), "");
}

TEST_F(PostgresTest, ACommitAfterAFailedStatementIsRefusedAndNothingIsKept) {
  db_->Exec("CREATE TABLE notes (text TEXT NOT NULL UNIQUE)");
  store::Transaction transaction(*db_);
  store::Query(*db_, "INSERT INTO notes (text) VALUES ('kept?')").Run();
  EXPECT_THROW(store::Query(*db_, "INSERT INTO notes (text) VALUES ('kept?')").Run(), store::UniqueViolation);
  // The server refuses anything else in the transaction...
  EXPECT_NE(StoreErrorOf([&] { Count(*db_, "SELECT COUNT(*) FROM notes"); }).find("25P02"), std::string::npos);
  // ...and answers COMMIT with a rollback, which must not pass for a commit.
  EXPECT_NE(StoreErrorOf([&] { transaction.Commit(); }).find("rolled the transaction back"), std::string::npos);
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM notes"), 0);
  EXPECT_NE(StoreErrorOf([&] {
              store::Transaction outer(*db_);
              store::Transaction inner(*db_);
            }).find("do not nest"),
            std::string::npos);
  EXPECT_EQ(Count(*db_, "SELECT 1"), 1) << "usable after the refused nesting";
}

TEST_F(PostgresTest, AStatementThatRunsTooLongIsCancelled) {
  auto hasty = schema_->Connect(milliseconds(200));
  const auto started = std::chrono::steady_clock::now();
  const auto message = StoreErrorOf([&] { Count(*hasty, "SELECT COUNT(*) FROM pg_sleep(5)"); });
  EXPECT_NE(message.find("statement timeout"), std::string::npos) << message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_EQ(Count(*hasty, "SELECT 1"), 1);
  store::Query setting(*db_, "SHOW statement_timeout");
  ASSERT_TRUE(setting.Step());
  EXPECT_EQ(setting.Text(0), "30s");
}

// --- A lost connection --------------------------------------------------------

TEST_F(PostgresTest, ALostConnectionIsReportedOnceThenRepaired) {
  store::Migrate(*db_, kT0);
  store::SqlOutboxRepository outbox(*db_);
  const auto kept = outbox.Enqueue(Email("kept"), At(0));
  const auto pid = BackendPid(*db_);
  Terminate(pid);

  const auto message = StoreErrorOf([&] { outbox.Counts(); });
  EXPECT_NE(message.find("lost the connection to PostgreSQL"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  // The next statement reconnects: a new session, with the statement timeout
  // set again but not what the test SET (its search_path).
  EXPECT_NE(BackendPid(*db_), pid);
  store::Query setting(*db_, "SHOW statement_timeout");
  ASSERT_TRUE(setting.Step());
  EXPECT_EQ(setting.Text(0), "30s");
  schema_->Use(*db_);
  EXPECT_EQ(outbox.Counts().pending, 1);
  EXPECT_EQ(outbox.ClaimDue(At(1), At(900), 10).at(0).id, kept);
}

TEST_F(PostgresTest, EachStatementIsPreparedOnceAndAgainAfterAReconnection) {
  auto add = [&](std::int64_t value) {
    store::Query query(*db_, "SELECT ? + 1");
    query.Bind(1, value);
    EXPECT_TRUE(query.Step());
    return query.Int(0);
  };
  auto prepared = [&] {
    return Count(*db_, "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement = 'SELECT $1 + 1'");
  };
  EXPECT_EQ(add(1), 2);
  EXPECT_EQ(add(41), 42);
  EXPECT_EQ(prepared(), 1) << "prepared once, run twice";

  Terminate(BackendPid(*db_));
  StoreErrorOf([&] { add(0); });  // finds the connection lost
  EXPECT_EQ(add(2), 3) << "prepared again on the new session";
  EXPECT_EQ(prepared(), 1);
}

TEST_F(PostgresTest, ATransactionCutOffByALostConnectionLeavesNothing) {
  store::Migrate(*db_, kT0);
  store::SqlOutboxRepository outbox(*db_);
  {
    store::Transaction transaction(*db_);
    store::Query(*db_, "INSERT INTO sign_in_failures (subject, failed_at) VALUES ('x', 'now')").Run();
    Terminate(BackendPid(*db_));
    EXPECT_NE(StoreErrorOf([&] { Count(*db_, "SELECT COUNT(*) FROM sign_in_failures"); }).find("lost the connection"),
              std::string::npos);
    // Nothing more runs as if it were still in the transaction.
    EXPECT_NE(StoreErrorOf([&] { Count(*db_, "SELECT 1"); }).find("inside a transaction"), std::string::npos);
    EXPECT_NE(StoreErrorOf([&] { transaction.Commit(); }).find("cannot commit"), std::string::npos);
  }  // rolls back
  schema_->Use(*db_);
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM sign_in_failures"), 0);
  EXPECT_EQ(outbox.Counts().pending, 0);
}

TEST_F(PostgresTest, SettingsInTheUrlSurviveAReconnection) {
  store::Migrate(*db_, kT0);
  store::PostgresDatabase db(ServerUrl() + (ServerUrl().find('?') == std::string::npos ? "?" : "&") +
                             "options=-csearch_path%3D" + schema_->Name());
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(store::AllMigrations().size()));
  Terminate(BackendPid(db));
  EXPECT_NE(StoreErrorOf([&] { Count(db, "SELECT 1"); }), "");
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(store::AllMigrations().size()));
}

}  // namespace
}  // namespace lqf
