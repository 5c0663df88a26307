// Accounts use cases over the real SQLite store: organisations and people,
// access checks, sign-in, sessions, links, throttling and the audit log.

#include <gtest/gtest.h>

#include "app/accounts.hpp"
#include "app/secrets.hpp"
#include "store/migrations.hpp"
#include "store/sql_account_repository.hpp"
#include "store/sqlite_database.hpp"
#include "support/manual_clock.hpp"
#include "support/pg_schema.hpp"
#include "support/temp_dir.hpp"

namespace lqf {
namespace {

using testing::ManualClock;

constexpr char kPassword[] = "correct horse battery";

//! Every test here runs on both backends: an SQLite file, and a schema of its
//! own on the throwaway PostgreSQL server ctest starts.
class AccountsTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  AccountsTest() : owned_db_(Open()), db_(*owned_db_), repository_(db_), accounts_(repository_, clock_) {
    store::Migrate(db_, clock_.NowUtc());
    admin_ = app::CommandLineActor();
    Expect(accounts_.AddOrganisation(admin_, "National Leadership Programme", "programme-body", ""));
    Expect(accounts_.AddOrganisation(admin_, "Northshire County Council", "local-authority", "North West"));
    Expect(accounts_.AddCohort(admin_, "National Leadership Programme", "Cohort A", 2026));
    Expect(accounts_.AddCohort(admin_, "National Leadership Programme", "Cohort B", 2026));
  }

  template <typename T>
  T Expect(const app::Outcome<T>& outcome) {
    EXPECT_TRUE(outcome.Ok()) << (outcome.refusals.empty()
                                      ? ""
                                      : outcome.refusals[0].field + " " + outcome.refusals[0].code);
    return outcome.value.value_or(T{});
  }

  std::int64_t AddWithPassword(const app::PersonInput& input) {
    auto id = Expect(accounts_.AddPerson(admin_, input));
    auto token = Expect(accounts_.IssueSetPasswordLink(admin_, id));
    Expect(accounts_.SetPasswordWithLink(token, kPassword));
    return id;
  }

  domain::Actor SignedIn(const std::string& email) {
    auto token = Expect(accounts_.SignIn(email, kPassword, "127.0.0.1"));
    auto session = accounts_.Resume(token);
    EXPECT_TRUE(session.has_value());
    return session ? session->actor : domain::Actor{};
  }

  std::unique_ptr<store::Database> Open() {
    if (GetParam() == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir_.File("lqf.db"));
    schema_.emplace();
    return schema_->Connect();
  }

  testing::TempDir dir_;
  std::optional<testing::Schema> schema_;
  std::unique_ptr<store::Database> owned_db_;
  store::Database& db_;
  ManualClock clock_;
  store::SqlAccountRepository repository_;
  app::Accounts accounts_;
  domain::Actor admin_;
};

app::PersonInput Participant(std::string name, std::string email, std::string cohort = "Cohort A") {
  return {
      std::move(name), std::move(email), "Northshire County Council", "Director of Children's Services", "social-care",
      "participant",   std::move(cohort)};
}

TEST_P(AccountsTest, OrganisationsNeedUniqueNamesAndAKnownKind) {
  auto taken = accounts_.AddOrganisation(admin_, "Northshire County Council", "local-authority", "");
  ASSERT_FALSE(taken.Ok());
  EXPECT_EQ(taken.refusals[0].field, "name");
  EXPECT_EQ(taken.refusals[0].code, "taken");
  auto bad = accounts_.AddOrganisation(admin_, "  ", "county", "");
  ASSERT_EQ(bad.refusals.size(), 2u);
  EXPECT_EQ(bad.refusals[0].code, "blank");
  EXPECT_EQ(bad.refusals[1].field, "kind");
  EXPECT_EQ(accounts_.ListOrganisations(admin_).value->size(), 2u);
}

TEST_P(AccountsTest, PeopleAreValidatedAndEmailsAreUnique) {
  Expect(accounts_.AddPerson(admin_, Participant("Asha Patel", "Asha.Patel@Northshire.gov.uk")));
  auto again = accounts_.AddPerson(admin_, Participant("Someone Else", "asha.patel@northshire.gov.uk"));
  ASSERT_FALSE(again.Ok());
  EXPECT_EQ(again.refusals[0].field, "email");
  EXPECT_EQ(again.refusals[0].code, "taken");

  app::PersonInput bad{"", "not-an-email", "Nowhere Council", std::string(300, 'x'), "teaching", "wizard", ""};
  auto refused = accounts_.AddPerson(admin_, bad);
  ASSERT_FALSE(refused.Ok());
  std::vector<std::string> fields;
  for (const auto& r : refused.refusals) fields.push_back(r.field + ":" + r.code);
  EXPECT_EQ(fields, (std::vector<std::string>{"name:blank", "email:invalid", "job_title:too_long", "background:invalid",
                                              "organisation:not_found", "role:invalid"}));
}

TEST_P(AccountsTest, HostileTextIsStoredAsPlainData) {
  auto id =
      Expect(accounts_.AddPerson(admin_, Participant("Robert'); DROP TABLE people;--<script>", "bobby@example.org")));
  auto person = repository_.FindPerson(id);
  ASSERT_TRUE(person);
  EXPECT_EQ(person->name, "Robert'); DROP TABLE people;--<script>");
  EXPECT_FALSE(accounts_.AddPerson(admin_, Participant("Bad\xff", "bad@example.org")).Ok());
  EXPECT_FALSE(accounts_.AddPerson(admin_, Participant("Line\nbreak", "line@example.org")).Ok());
}

TEST_P(AccountsTest, SignInWorksAndFailuresAllLookAlike) {
  AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  auto wrong = accounts_.SignIn("asha@northshire.gov.uk", "not the password", "10.0.0.1");
  auto unknown = accounts_.SignIn("nobody@northshire.gov.uk", "not the password", "10.0.0.1");
  ASSERT_FALSE(wrong.Ok());
  ASSERT_FALSE(unknown.Ok());
  EXPECT_EQ(wrong.refusals[0].code, unknown.refusals[0].code);
  EXPECT_EQ(wrong.refusals[0].field, unknown.refusals[0].field);

  auto token = Expect(accounts_.SignIn(" ASHA@northshire.gov.uk ", kPassword, "10.0.0.1"));
  EXPECT_GE(token.size(), 40u);
  auto session = accounts_.Resume(token);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->person.name, "Asha Patel");
  EXPECT_FALSE(session->csrf_token.empty());
  EXPECT_NE(session->csrf_token, token);
}

TEST_P(AccountsTest, EachSignInGetsAFreshSessionAndSignOutEndsIt) {
  AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  auto first = Expect(accounts_.SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1"));
  auto second = Expect(accounts_.SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1"));
  EXPECT_NE(first, second);
  accounts_.SignOut(first);
  EXPECT_FALSE(accounts_.Resume(first));
  EXPECT_TRUE(accounts_.Resume(second));
  accounts_.SignOutEverywhere(accounts_.Resume(second)->actor);
  EXPECT_FALSE(accounts_.Resume(second));
}

TEST_P(AccountsTest, SessionsExpireWhenIdleAndAfterTheAbsoluteLimit) {
  AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  auto token = Expect(accounts_.SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1"));
  clock_.Advance(29 * 60);
  EXPECT_TRUE(accounts_.Resume(token)) << "still within the idle limit";
  clock_.Advance(29 * 60);
  EXPECT_TRUE(accounts_.Resume(token)) << "activity renewed the idle timer";
  clock_.Advance(31 * 60);
  EXPECT_FALSE(accounts_.Resume(token)) << "idle too long";

  auto busy = Expect(accounts_.SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1"));
  for (int i = 0; i < 12 * 3; ++i) {
    clock_.Advance(20 * 60);
    if (!accounts_.Resume(busy)) {
      EXPECT_GE(i, 12 * 3 - 2) << "ended before the absolute limit";
      return;
    }
  }
  FAIL() << "a session outlived its absolute limit";
}

TEST_P(AccountsTest, DisablingEndsLiveSessionsAndBlocksSignIn) {
  auto id = AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  auto token = Expect(accounts_.SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1"));
  Expect(accounts_.SetDisabled(admin_, id, true));
  EXPECT_FALSE(accounts_.Resume(token));
  EXPECT_FALSE(accounts_.SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1").Ok());
  Expect(accounts_.SetDisabled(admin_, id, false));
  EXPECT_TRUE(accounts_.SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1").Ok());
}

TEST_P(AccountsTest, RepeatedFailuresThrottleTheAccountAndTheAddress) {
  AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  for (int i = 0; i < app::kMaxFailuresPerAccount; ++i) {
    EXPECT_EQ(accounts_.SignIn("asha@northshire.gov.uk", "wrong password", "10.0.0.1").refusals[0].code, "wrong");
  }
  auto throttled = accounts_.SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.2");
  ASSERT_FALSE(throttled.Ok());
  EXPECT_EQ(throttled.refusals[0].code, "throttled");
  // The same limit applies to an address that does not exist, so throttling reveals nothing.
  for (int i = 0; i < app::kMaxFailuresPerAccount; ++i) accounts_.SignIn("ghost@example.org", "x", "10.0.0.3");
  EXPECT_EQ(accounts_.SignIn("ghost@example.org", "x", "10.0.0.4").refusals[0].code, "throttled");
  clock_.Advance(app::kThrottleWindowMinutes * 60 + 1);
  EXPECT_TRUE(accounts_.SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.2").Ok());

  // Many accounts tried from one address: the address is throttled too.
  for (int i = 0; i < app::kMaxFailuresPerAddress; ++i) {
    accounts_.SignIn("user" + std::to_string(i) + "@example.org", "x", "192.0.2.9");
  }
  EXPECT_EQ(accounts_.SignIn("asha@northshire.gov.uk", kPassword, "192.0.2.9").refusals[0].code, "throttled");
}

TEST_P(AccountsTest, PasswordLinksWorkOnceAndExpire) {
  auto id = Expect(accounts_.AddPerson(admin_, Participant("Asha Patel", "asha@northshire.gov.uk")));
  auto token = Expect(accounts_.IssueSetPasswordLink(admin_, id));
  EXPECT_EQ(accounts_.SetPasswordWithLink(token, "short").refusals[0].code, "too_short");
  Expect(accounts_.SetPasswordWithLink(token, kPassword));
  EXPECT_EQ(accounts_.SetPasswordWithLink(token, "another long password").refusals[0].code, "expired");
  EXPECT_EQ(accounts_.SetPasswordWithLink("guessed-token", kPassword).refusals[0].code, "expired");

  auto reset = accounts_.IssueResetLink("asha@northshire.gov.uk");
  ASSERT_TRUE(reset);
  EXPECT_FALSE(accounts_.IssueResetLink("nobody@northshire.gov.uk"));
  clock_.Advance(app::kResetPasswordLinkMinutes * 60 + 1);
  EXPECT_EQ(accounts_.SetPasswordWithLink(reset->second, "a new long password").refusals[0].code, "expired");
}

TEST_P(AccountsTest, SecretsAreStoredOnlyAsHashes) {
  auto id = Expect(accounts_.AddPerson(admin_, Participant("Asha Patel", "asha@northshire.gov.uk")));
  auto link = Expect(accounts_.IssueSetPasswordLink(admin_, id));
  Expect(accounts_.SetPasswordWithLink(link, kPassword));
  auto session = Expect(accounts_.SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1"));
  auto hash = repository_.PasswordHash(id);
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  // Nothing in the database holds the password, the link or the session token.
  std::string everything;
  for (const char* sql :
       {"SELECT token_hash FROM sessions", "SELECT token_hash FROM auth_tokens", "SELECT detail FROM audit_log",
        "SELECT subject FROM sign_in_failures", "SELECT COALESCE(password_hash, '') FROM people"}) {
    store::Query dump(db_, sql);
    while (dump.Step()) everything += dump.Text(0) + "\n";
  }
  EXPECT_EQ(everything.find(session), std::string::npos);
  EXPECT_EQ(everything.find(link), std::string::npos);
  EXPECT_EQ(everything.find(kPassword), std::string::npos);
  EXPECT_NE(everything.find(app::TokenHash(session)), std::string::npos);
}

TEST_P(AccountsTest, UseCasesCheckWhoIsActing) {
  AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  auto bola = AddWithPassword(Participant("Bola Adeyemi", "bola@northshire.gov.uk", "Cohort B"));
  AddWithPassword({"Lee Chen", "lee@nlp.org.uk", "National Leadership Programme", "Programme lead", "",
                   "programme-lead", "Cohort A"});
  auto participant = SignedIn("asha@northshire.gov.uk");
  auto lead = SignedIn("lee@nlp.org.uk");

  EXPECT_EQ(accounts_.AddOrganisation(participant, "Mine", "local-authority", "").refusals[0].code, "forbidden");
  EXPECT_EQ(accounts_.AddPerson(participant, Participant("New", "new@example.org")).refusals[0].code, "forbidden");
  EXPECT_EQ(accounts_.SetDisabled(participant, bola, true).refusals[0].code, "forbidden");
  EXPECT_EQ(accounts_.AuditLog(participant, "", 10).refusals[0].code, "forbidden");
  // A participant sees only themself.
  auto seen = accounts_.ListPeople(participant).value.value();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].name, "Asha Patel");

  // A lead sees and manages their own cohort, not another.
  std::vector<std::string> names;
  const auto lead_sees = accounts_.ListPeople(lead);
  for (const auto& p : lead_sees.value.value()) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Asha Patel", "Lee Chen"}));
  EXPECT_TRUE(accounts_.AddPerson(lead, Participant("Cara Doyle", "cara@example.org", "Cohort A")).Ok());
  EXPECT_EQ(accounts_.AddPerson(lead, Participant("Dev Rao", "dev@example.org", "Cohort B")).refusals[0].code,
            "forbidden");
  EXPECT_EQ(accounts_.SetDisabled(lead, bola, true).refusals[0].code, "forbidden");
  app::PersonInput admin_input{"Eve", "eve@example.org", "", "", "", "administrator", ""};
  EXPECT_EQ(accounts_.AddPerson(lead, admin_input).refusals[0].code, "forbidden");
}

TEST_P(AccountsTest, TheAuditLogRecordsWhatHappened) {
  AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  accounts_.SignIn("asha@northshire.gov.uk", "wrong password", "10.0.0.1");
  accounts_.SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1");
  std::vector<std::string> actions;
  const auto log = accounts_.AuditLog(admin_, "", 100);
  for (const auto& entry : log.value.value()) actions.push_back(entry.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"sign-in", "sign-in-failed", "password-set", "set-password-link-issued",
                                               "role-granted", "person-added", "cohort-added", "cohort-added",
                                               "organisation-added", "organisation-added"}));
  EXPECT_EQ(accounts_.AuditLog(admin_, "sign-in-failed", 100).value->size(), 1u);
}

TEST_P(AccountsTest, RolesCanBeGrantedAndRevokedAndTheLogSaysSo) {
  auto asha = AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  AddWithPassword(
      {"Lee Chen", "lee@nlp.org.uk", "National Leadership Programme", "", "", "programme-lead", "Cohort A"});
  auto lead = SignedIn("lee@nlp.org.uk");
  auto session = Expect(accounts_.SignIn("asha@northshire.gov.uk", kPassword, "10.0.0.1"));

  // A lead may add roles within their cohort, to people wholly within it.
  EXPECT_TRUE(accounts_.GrantRole(lead, asha, "assessor", "Cohort A").Ok());
  EXPECT_EQ(accounts_.GrantRole(lead, asha, "assessor", "Cohort B").refusals[0].code, "forbidden");
  EXPECT_EQ(accounts_.GrantRole(lead, asha, "administrator", "").refusals[0].code, "forbidden");

  Expect(accounts_.GrantRole(admin_, asha, "coach", "Cohort B"));
  EXPECT_EQ(accounts_.GrantRole(admin_, asha, "coach", "Cohort B").refusals[0].code, "held");
  EXPECT_EQ(accounts_.GrantRole(admin_, asha, "wizard", "").refusals[0].code, "invalid");
  EXPECT_EQ(accounts_.GrantRole(admin_, asha, "coach", "No Such Cohort").refusals[0].code, "not_found");
  // The change reaches a live session on its next request.
  auto resumed = accounts_.Resume(session);
  ASSERT_TRUE(resumed);
  EXPECT_TRUE(resumed->actor.Has(domain::Role::kCoach));
  // Now she also works in Cohort B, which the lead does not run: hands off.
  EXPECT_EQ(accounts_.GrantRole(lead, asha, "coach", "Cohort A").refusals[0].code, "forbidden");

  const auto grants = repository_.FindPerson(asha)->grants;
  ASSERT_EQ(grants.size(), 3u);
  ASSERT_EQ(grants[2].role, domain::Role::kCoach);
  Expect(accounts_.RevokeRole(admin_, asha, 2));
  EXPECT_FALSE(accounts_.Resume(session)->actor.Has(domain::Role::kCoach));
  EXPECT_EQ(accounts_.RevokeRole(admin_, asha, 9).refusals[0].code, "not_found");
  const auto log = accounts_.AuditLog(admin_, "role-revoked", 10);
  ASSERT_EQ(log.value->size(), 1u);
  EXPECT_EQ(log.value->front().detail, "coach");
  EXPECT_EQ(log.value->front().subject_person_id, asha);
}

TEST_P(AccountsTest, AnAdministratorCannotRemoveTheirOwnAdministratorRole) {
  auto id = AddWithPassword({"Ada Admin", "ada@example.org", "", "", "", "administrator", ""});
  auto ada = SignedIn("ada@example.org");
  EXPECT_EQ(accounts_.RevokeRole(ada, id, 0).refusals[0].code, "own_admin");
  EXPECT_TRUE(repository_.FindPerson(id)->grants.size() == 1);
}

TEST_P(AccountsTest, ALeadCannotPullAStrangerIntoTheirCohort) {
  auto bola = AddWithPassword(Participant("Bola Adeyemi", "bola@northshire.gov.uk", "Cohort B"));
  auto hr = AddWithPassword({"Tom HR", "tom@northshire.gov.uk", "Northshire County Council", "", "", "hr-adviser", ""});
  AddWithPassword(
      {"Lee Chen", "lee@nlp.org.uk", "National Leadership Programme", "", "", "programme-lead", "Cohort A"});
  auto lead = SignedIn("lee@nlp.org.uk");
  for (auto id : {bola, hr}) {
    EXPECT_EQ(accounts_.GrantRole(lead, id, "participant", "Cohort A").refusals[0].code, "forbidden") << id;
    // Nothing about the input is revealed to someone who may not act here.
    EXPECT_EQ(accounts_.GrantRole(lead, id, "participant", "No Such Cohort").refusals[0].code, "forbidden") << id;
  }
  EXPECT_EQ(repository_.FindPerson(bola)->grants.size(), 1u);
  const auto seen = accounts_.ListPeople(lead);
  EXPECT_EQ(seen.value->size(), 1u) << "the lead still sees only themself";
}

TEST_P(AccountsTest, ALeadCannotDisableSomeoneWhoAlsoHoldsRolesElsewhere) {
  auto id = AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk", "Cohort A"));
  // Asha is also the HR adviser of her council: the lead of Cohort A does not run that.
  Expect(accounts_.GrantRole(admin_, id, "hr-adviser", ""));
  AddWithPassword(
      {"Lee Chen", "lee@nlp.org.uk", "National Leadership Programme", "", "", "programme-lead", "Cohort A"});
  auto lead = SignedIn("lee@nlp.org.uk");
  EXPECT_TRUE(accounts_.FindPerson(lead, id).Ok()) << "they may still see her: she is in their cohort";
  EXPECT_EQ(accounts_.SetDisabled(lead, id, true).refusals[0].code, "forbidden");
  EXPECT_EQ(accounts_.IssueSetPasswordLink(lead, id).refusals[0].code, "forbidden");
  EXPECT_FALSE(repository_.FindPerson(id)->disabled);
}

TEST_P(AccountsTest, ANewPasswordRetiresEveryOtherLink) {
  auto id = AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  auto first = accounts_.IssueResetLink("asha@northshire.gov.uk");
  auto second = accounts_.IssueResetLink("asha@northshire.gov.uk");
  ASSERT_TRUE(first && second);
  Expect(accounts_.SetPasswordWithLink(second->second, "a brand new password"));
  EXPECT_EQ(accounts_.SetPasswordWithLink(first->second, "an attacker's password").refusals[0].code, "expired");
  EXPECT_TRUE(accounts_.SignIn("asha@northshire.gov.uk", "a brand new password", "10.0.0.1").Ok());
  (void)id;
}

TEST_P(AccountsTest, ResetEmailsAreLimitedPerAddress) {
  AddWithPassword(Participant("Asha Patel", "asha@northshire.gov.uk"));
  for (int i = 0; i < app::kMaxResetEmails; ++i) EXPECT_TRUE(accounts_.IssueResetLink("asha@northshire.gov.uk"));
  EXPECT_FALSE(accounts_.IssueResetLink("asha@northshire.gov.uk"));
  clock_.Advance(app::kThrottleWindowMinutes * 60 + 1);
  EXPECT_TRUE(accounts_.IssueResetLink("asha@northshire.gov.uk"));
}

TEST_P(AccountsTest, CohortNamesThatTwoBodiesShareAreNeverGuessed) {
  Expect(accounts_.AddOrganisation(admin_, "Another Programme", "programme-body", ""));
  Expect(accounts_.AddCohort(admin_, "Another Programme", "Cohort A", 2026));
  auto ambiguous = accounts_.AddPerson(admin_, Participant("Asha Patel", "asha@northshire.gov.uk", "Cohort A"));
  ASSERT_FALSE(ambiguous.Ok());
  EXPECT_EQ(ambiguous.refusals[0].code, "ambiguous");
  // Naming the programme body as the organisation settles it.
  Expect(accounts_.AddPerson(
      admin_, {"Asha Patel", "asha@northshire.gov.uk", "Another Programme", "", "", "participant", "Cohort A"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
