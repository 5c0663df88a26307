// The feedback use cases over the real store and outbox, on both backends: a
// cycle started and checked, raters nominated and invited by email, answers
// saved, submitted once and refused when wrong, declining, reminders with
// their limits, approval by a programme lead, the deadline and closing, and
// who may do what.

#include "app/feedback.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "app/appraisals.hpp"
#include "app/framework_catalog.hpp"
#include "app/plans.hpp"
#include "app/reports.hpp"
#include "app/support.hpp"
#include "store/connection_pool.hpp"
#include "store/migrations.hpp"
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

using domain::CycleStatus;
using Answers = std::vector<domain::Answer>;
const std::filesystem::path kRoot(LQF_SOURCE_ROOT);

domain::Answer Rated(std::string element, std::optional<int> rating, std::string comment = "") {
  domain::Answer answer;
  answer.element = std::move(element);
  answer.rating = rating;
  answer.answered = true;
  answer.comment = std::move(comment);
  return answer;
}

class FeedbackTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  FeedbackTest()
      : pool_([this] { return Open(); }, 2),
        frameworks_(pool_),
        catalog_(frameworks_, clock_),
        account_repository_(pool_),
        accounts_(account_repository_, clock_),
        outbox_(pool_),
        notifications_(outbox_, clock_, "https://lqf.example", {}),
        feedback_repository_(pool_),
        feedback_(feedback_repository_, account_repository_, catalog_, notifications_, clock_),
        reports_(feedback_repository_, account_repository_, catalog_, clock_),
        plan_repository_(pool_),
        support_repository_(pool_),
        plans_(plan_repository_, support_repository_, account_repository_, catalog_, reports_, clock_),
        support_(support_repository_, plan_repository_, account_repository_, catalog_, clock_),
        appraisals_(support_repository_, account_repository_, catalog_, clock_) {
    store::Migrate(pool_.Acquire(), clock_.NowUtc());
    EXPECT_EQ(catalog_.Import(testing::Slurp(kRoot / "data/frameworks/nlqf-2010.json")).status,
              app::ImportStatus::kImported);
    const auto admin = app::CommandLineActor();
    Expect(accounts_.AddOrganisation(admin, "National Leadership Programme", "programme-body", ""));
    Expect(accounts_.AddOrganisation(admin, "Northshire County Council", "local-authority", "North West"));
    Expect(accounts_.AddCohort(admin, "National Leadership Programme", "Cohort A", 2026));
    Expect(accounts_.AddCohort(admin, "National Leadership Programme", "Cohort B", 2026));
    director_ = Person("Jo Bennett", "jo@northshire.example", "participant", "Cohort A");
    other_director_ = Person("Sam Other", "sam@elsewhere.example", "participant", "Cohort B");
    lead_ = Person("Priya Shah", "priya@programme.example", "programme-lead", "Cohort A");
    other_lead_ = Person("Lee Far", "lee@programme.example", "programme-lead", "Cohort B");
    coach_ = Person("Cam Coach", "cam@coach.example", "coach", "");
  }

  std::unique_ptr<store::Database> Open() {
    if (GetParam() == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir_.File("lqf.db"));
    return std::make_unique<store::PostgresDatabase>(schema_->Url());
  }

  template <typename T>
  T Expect(const app::Outcome<T>& outcome) {
    EXPECT_TRUE(outcome.Ok()) << (outcome.refusals.empty()
                                      ? ""
                                      : outcome.refusals[0].field + " " + outcome.refusals[0].code);
    return outcome.value.value_or(T{});
  }

  //! A person and the actor they are when signed in.
  domain::Actor Person(const std::string& name, const std::string& email, const std::string& role,
                       const std::string& cohort) {
    const auto id = Expect(
        accounts_.AddPerson(app::CommandLineActor(), {name, email, "Northshire County Council", "", "", role, cohort}));
    const auto person = account_repository_.FindPerson(id).value();
    return domain::Actor{id, person.grants, {}};
  }

  app::CycleInput Input(const domain::Actor& participant) {
    app::CycleInput input;
    input.participant_id = participant.person_id;
    input.title = "Feedback autumn 2026";
    input.deadline = "2026-12-18";
    return input;
  }

  std::int64_t StartedCycle(bool needs_approval = false) {
    auto input = Input(director_);
    input.needs_approval = needs_approval;
    input.scope = {"A1", "A2", "S4"};
    return Expect(feedback_.StartCycle(director_, input));
  }

  std::int64_t Nominate(std::int64_t cycle, const std::string& name, const std::string& group) {
    return Expect(feedback_.NominateRater(director_, cycle, {name, name + "@raters.example", group}));
  }

  //! The newest link emailed to `email`, read from the outbox.
  std::string LinkFor(const std::string& email) {
    auto db = pool_.Acquire();
    store::Query query(db, "SELECT body_text FROM outbox WHERE recipient = ? ORDER BY id DESC");
    query.Bind(1, email);
    while (query.Step()) {
      const auto body = query.Text(0);
      const auto at = body.find("/feedback?t=");
      if (at == std::string::npos) continue;
      const auto start = at + 12;
      return body.substr(start, body.find('\n', start) - start);
    }
    return {};
  }

  int EmailsTo(const std::string& email) {
    auto db = pool_.Acquire();
    store::Query query(db, "SELECT COUNT(*) FROM outbox WHERE recipient = ?");
    query.Bind(1, email);
    query.Step();
    return static_cast<int>(query.Int(0));
  }

  static std::vector<std::string> Codes(const std::vector<app::Refusal>& refusals) {
    std::vector<std::string> codes;
    for (const auto& r : refusals) codes.push_back(r.field + " " + r.code);
    return codes;
  }

  Answers Complete() { return {Rated("A1", 4, "Clear moral purpose"), Rated("A2", std::nullopt), Rated("S4", 3)}; }

  testing::TempDir dir_;
  std::optional<testing::Schema> schema_ =
      GetParam() == store::Dialect::kPostgres ? std::make_optional<testing::Schema>() : std::nullopt;
  store::ConnectionPool pool_;
  testing::ManualClock clock_;
  store::SqlFrameworkRepository frameworks_;
  app::FrameworkCatalog catalog_;
  store::SqlAccountRepository account_repository_;
  app::Accounts accounts_;
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
  domain::Actor director_, other_director_, lead_, other_lead_, coach_;
};

using Refused = std::vector<std::string>;

TEST_P(FeedbackTest, ACycleStartsOnTheWholeFrameworkByDefault) {
  const auto id = Expect(feedback_.StartCycle(director_, Input(director_)));
  const auto summary = Expect(feedback_.GetCycle(director_, id));
  EXPECT_EQ(summary.cycle.status, CycleStatus::kNominating);
  EXPECT_EQ(summary.cycle.scope.size(), 82u) << "8 attributes, 17 skills, 57 functional statements";
  EXPECT_EQ(summary.cycle.framework_version, "1.0");
  EXPECT_EQ(summary.cycle.groups.size(), 6u);
  EXPECT_EQ(summary.participant_name, "Jo Bennett");
  EXPECT_EQ(summary.progress.size(), 6u);
  EXPECT_FALSE(summary.self_submitted);
}

TEST_P(FeedbackTest, WhatIsWrongWithANewCycleIsSaidFieldByField) {
  auto input = Input(director_);
  input.title = "  ";
  input.framework = "no-such-framework";
  input.deadline = "2026-11-21";
  input.reminder_limit = 11;
  input.reminder_gap_days = 0;
  input.minimums = {{"peers", 0}};
  input.attributed = {"peers"};
  EXPECT_EQ(Codes(feedback_.StartCycle(director_, input).refusals),
            (Refused{"title blank", "framework not_found", "deadline past", "reminder_limit invalid",
                     "reminder_gap_days invalid", "minimum invalid", "attributed invalid"}));
  input = Input(director_);
  input.scope = {"A1", "Z99"};
  input.deadline = "2026-02-30";
  EXPECT_EQ(Codes(feedback_.StartCycle(director_, input).refusals), (Refused{"scope unknown", "deadline invalid"}));
  input = Input(director_);
  input.deadline = "2028-01-01";
  input.title = std::string(121, 'x');
  EXPECT_EQ(Codes(feedback_.StartCycle(director_, input).refusals), (Refused{"title too_long", "deadline too_far"}));
  input = Input(director_);
  input.scope_required = true;
  EXPECT_EQ(Codes(feedback_.StartCycle(director_, input).refusals), (Refused{"scope empty"}));
  EXPECT_TRUE(feedback_.CyclesOf(director_, director_.person_id).value->empty()) << "nothing was stored";
}

TEST_P(FeedbackTest, OnlyTheParticipantAndTheirLeadRunTheirCycles) {
  EXPECT_EQ(Codes(feedback_.StartCycle(other_director_, Input(director_)).refusals),
            (Refused{"participant not_found"}));
  EXPECT_EQ(Codes(feedback_.StartCycle(other_lead_, Input(director_)).refusals), (Refused{"participant not_found"}));
  EXPECT_EQ(Codes(feedback_.StartCycle(coach_, Input(director_)).refusals), (Refused{"participant not_found"}));
  const auto by_lead = Expect(feedback_.StartCycle(lead_, Input(director_)));
  EXPECT_TRUE(feedback_.GetCycle(director_, by_lead).Ok());
  EXPECT_TRUE(feedback_.GetCycle(lead_, by_lead).Ok());
  for (const auto& stranger : {other_director_, other_lead_, coach_}) {
    EXPECT_EQ(Codes(feedback_.GetCycle(stranger, by_lead).refusals), (Refused{"cycle not_found"}));
    EXPECT_EQ(Codes(feedback_.NominateRater(stranger, by_lead, {"X", "x@example.org", "peers"}).refusals),
              (Refused{"cycle not_found"}));
    EXPECT_FALSE(feedback_.CloseCycle(stranger, by_lead).Ok());
  }
  // A lead runs the cycle but does not answer as the participant.
  EXPECT_EQ(Codes(feedback_.SelfAssessment(lead_, by_lead).refusals), (Refused{"cycle not_found"}));
}

TEST_P(FeedbackTest, RatersAreCheckedWhenNominated) {
  const auto cycle = StartedCycle();
  EXPECT_EQ(Codes(feedback_.NominateRater(director_, cycle, {"", "not-an-email", "friends"}).refusals),
            (Refused{"name blank", "email invalid", "group invalid"}));
  Nominate(cycle, "chief", "line-manager");
  EXPECT_EQ(Codes(feedback_.NominateRater(director_, cycle, {"Second", "second@example.org", "line-manager"}).refusals),
            (Refused{"group full"}))
      << "one line manager";
  EXPECT_EQ(Codes(feedback_.NominateRater(director_, cycle, {"Again", "CHIEF@raters.example", "peers"}).refusals),
            (Refused{"email taken"}));
  EXPECT_EQ(Codes(feedback_.NominateRater(director_, cycle, {"Me", "jo@northshire.example", "peers"}).refusals),
            (Refused{"email self"}));
  const auto peer = Nominate(cycle, "peer", "peers");
  EXPECT_TRUE(feedback_.RemoveRater(director_, cycle, peer).Ok());
  EXPECT_EQ(Expect(feedback_.GetCycle(director_, cycle)).raters.size(), 1u);
}

TEST_P(FeedbackTest, InvitationsGoByEmailEachWithItsOwnLink) {
  const auto cycle = StartedCycle();
  EXPECT_EQ(Codes(feedback_.SubmitRaters(director_, cycle).refusals), (Refused{"raters none"}));
  Nominate(cycle, "chief", "line-manager");
  Nominate(cycle, "ad1", "direct-reports");
  EXPECT_EQ(EmailsTo("ad1@raters.example"), 0) << "nothing is sent while the list is being made";
  EXPECT_EQ(Expect(feedback_.SubmitRaters(director_, cycle)), CycleStatus::kOpen);
  const auto chief = LinkFor("chief@raters.example");
  const auto ad1 = LinkFor("ad1@raters.example");
  ASSERT_EQ(chief.size(), 43u);
  ASSERT_EQ(ad1.size(), 43u);
  EXPECT_NE(chief, ad1);
  const auto view = feedback_.OpenLink(ad1).value();
  EXPECT_EQ(view.rater_name, "ad1");
  EXPECT_EQ(view.participant_name, "Jo Bennett");
  EXPECT_EQ(view.group_label, "Direct reports (assistant directors)");
  EXPECT_FALSE(view.attributed);
  EXPECT_TRUE(view.open);
  EXPECT_EQ(view.cycle.scope.size(), 3u);
  // The link is stored only as a hash.
  auto db = pool_.Acquire();
  EXPECT_EQ(testing::Count(db, "SELECT COUNT(*) FROM raters WHERE access_hash = '" + ad1 + "'"), 0);
  // Nominated once open: invited at once.
  Nominate(cycle, "late", "peers");
  EXPECT_EQ(LinkFor("late@raters.example").size(), 43u);
  const auto summary = Expect(feedback_.GetCycle(director_, cycle));
  for (const auto& rater : summary.raters) EXPECT_TRUE(rater.invited) << rater.name;
  EXPECT_EQ(Codes(feedback_.SubmitRaters(director_, cycle).refusals), (Refused{"cycle not_nominating"}));
}

TEST_P(FeedbackTest, TheEmailTellsARaterHowTheirAnswersWillBeShown) {
  auto input = Input(director_);
  input.attributed = {"line-manager"};
  const auto cycle = Expect(feedback_.StartCycle(director_, input));
  Nominate(cycle, "chief", "line-manager");
  Nominate(cycle, "peer", "peers");
  Expect(feedback_.SubmitRaters(director_, cycle));
  auto body = [&](const std::string& email) {
    auto db = pool_.Acquire();
    store::Query query(db, "SELECT subject, body_text FROM outbox WHERE recipient = ?");
    query.Bind(1, email);
    EXPECT_TRUE(query.Step());
    EXPECT_EQ(query.Text(0), "Feedback for Jo Bennett");
    return query.Text(1);
  };
  EXPECT_NE(body("chief@raters.example").find("will be shown to Jo Bennett as yours"), std::string::npos);
  EXPECT_NE(body("peer@raters.example").find("only when at least 3 people have answered"), std::string::npos);
  EXPECT_TRUE(feedback_.OpenLink(LinkFor("chief@raters.example"))->attributed);
}

TEST_P(FeedbackTest, ARaterSavesADraftThenSubmitsOnceAndProgressCountsIt) {
  const auto cycle = StartedCycle();
  Nominate(cycle, "peer1", "peers");
  Nominate(cycle, "peer2", "peers");
  Expect(feedback_.SubmitRaters(director_, cycle));
  const auto link = LinkFor("peer1@raters.example");

  EXPECT_EQ(Expect(feedback_.SaveRaterAnswers(link, {Rated("A1", 2, "So far")}, false)), app::SaveOutcome::kSaved);
  EXPECT_EQ(feedback_.OpenLink(link)->answers.at(0).comment, "So far") << "the draft comes back";
  EXPECT_EQ(Codes(feedback_.SaveRaterAnswers(link, {Rated("A1", 2)}, true).refusals),
            (Refused{"A2.rating missing", "S4.rating missing"}));
  EXPECT_EQ(Codes(feedback_.SaveRaterAnswers(link, {Rated("A1", 6), Rated("K9", 1)}, false).refusals),
            (Refused{"K9.rating not-in-scope", "A1.rating out-of-scale"}));
  EXPECT_EQ(feedback_.OpenLink(link)->answers.at(0).rating, 2) << "a refused save changes nothing";

  EXPECT_EQ(Expect(feedback_.SaveRaterAnswers(link, Complete(), true)), app::SaveOutcome::kSubmitted);
  EXPECT_EQ(Expect(feedback_.SaveRaterAnswers(link, Complete(), true)), app::SaveOutcome::kAlreadySubmitted)
      << "a retried submission is harmless";
  const auto after = feedback_.OpenLink(link).value();
  EXPECT_FALSE(after.open);
  EXPECT_EQ(after.status, domain::RaterStatus::kSubmitted);

  const auto progress = Expect(feedback_.GetCycle(director_, cycle)).progress;
  const auto peers = std::find_if(progress.begin(), progress.end(), [](auto& p) { return p.group == "peers"; });
  EXPECT_EQ(peers->submitted, 1);
  EXPECT_EQ(peers->invited, 1);
}

TEST_P(FeedbackTest, ARaterMayDeclineWithAReasonButNotAfterSubmitting) {
  const auto cycle = StartedCycle();
  Nominate(cycle, "busy", "partners");
  Nominate(cycle, "keen", "partners");
  Expect(feedback_.SubmitRaters(director_, cycle));
  const auto busy = LinkFor("busy@raters.example");
  const auto keen = LinkFor("keen@raters.example");
  EXPECT_EQ(Codes(feedback_.Decline(busy, std::string(1001, 'x')).refusals), (Refused{"reason too_long"}));
  EXPECT_TRUE(Expect(feedback_.Decline(busy, "On leave until January")));
  EXPECT_TRUE(Expect(feedback_.Decline(busy, "again"))) << "declining twice is harmless";
  EXPECT_EQ(Codes(feedback_.SaveRaterAnswers(busy, Complete(), true).refusals), (Refused{"rater declined"}));
  Expect(feedback_.SaveRaterAnswers(keen, Complete(), true));
  EXPECT_EQ(Codes(feedback_.Decline(keen, "changed my mind").refusals), (Refused{"rater submitted"}));
  const auto progress = Expect(feedback_.GetCycle(director_, cycle)).progress;
  const auto partners = std::find_if(progress.begin(), progress.end(), [](auto& p) { return p.group == "partners"; });
  EXPECT_EQ(partners->declined, 1);
  EXPECT_EQ(partners->submitted, 1);
}

TEST_P(FeedbackTest, GuessedAndOverlongLinksOpenNothing) {
  const auto cycle = StartedCycle();
  Nominate(cycle, "peer", "peers");
  Expect(feedback_.SubmitRaters(director_, cycle));
  const auto link = LinkFor("peer@raters.example");
  auto guess = link;
  guess[10] = guess[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(feedback_.OpenLink(guess).has_value());
  EXPECT_FALSE(feedback_.OpenLink("").has_value());
  EXPECT_FALSE(feedback_.OpenLink(std::string(10'000, 'A')).has_value());
  EXPECT_EQ(Codes(feedback_.SaveRaterAnswers(guess, Complete(), true).refusals), (Refused{"link unknown"}));
  EXPECT_EQ(Codes(feedback_.Decline(guess, "").refusals), (Refused{"link unknown"}));
}

TEST_P(FeedbackTest, RemindersKeepToTheirLimitAndGapAndKeepStartedAnswers) {
  const auto cycle = StartedCycle();  // at most 3 reminders, 7 days apart
  Nominate(cycle, "quiet", "peers");
  Nominate(cycle, "started", "peers");
  Nominate(cycle, "done", "peers");
  Expect(feedback_.SubmitRaters(director_, cycle));
  const auto quiet_first = LinkFor("quiet@raters.example");
  const auto started = LinkFor("started@raters.example");
  Expect(feedback_.SaveRaterAnswers(started, {Rated("A1", 3, "half-way")}, false));
  Expect(feedback_.SaveRaterAnswers(LinkFor("done@raters.example"), Complete(), true));

  EXPECT_EQ(Expect(feedback_.Remind(director_, cycle)), 0) << "too soon after the invitation";
  clock_.Advance(7 * 86400);
  EXPECT_EQ(Expect(feedback_.Remind(director_, cycle)), 2) << "not the one who submitted";
  EXPECT_EQ(EmailsTo("done@raters.example"), 1);
  // The quiet rater has a new link; the old one stops.
  const auto quiet_second = LinkFor("quiet@raters.example");
  EXPECT_NE(quiet_second, quiet_first);
  EXPECT_FALSE(feedback_.OpenLink(quiet_first).has_value());
  EXPECT_TRUE(feedback_.OpenLink(quiet_second).has_value());
  // The rater who started keeps theirs, and their draft.
  EXPECT_EQ(EmailsTo("started@raters.example"), 2);
  EXPECT_EQ(LinkFor("started@raters.example"), started) << "the reminder carries no new link";
  EXPECT_EQ(feedback_.OpenLink(started)->answers.at(0).comment, "half-way");

  EXPECT_EQ(Expect(feedback_.Remind(director_, cycle)), 0) << "the gap applies to reminders by hand";
  clock_.Advance(7 * 86400);
  EXPECT_EQ(feedback_.RunSchedule(), 2) << "the schedule sends those due";
  clock_.Advance(7 * 86400);
  EXPECT_EQ(feedback_.RunSchedule(), 2);
  clock_.Advance(7 * 86400);
  // The deadline (2026-12-18) has passed: the schedule closes the cycle instead.
  EXPECT_EQ(feedback_.RunSchedule(), 0);
  EXPECT_EQ(Expect(feedback_.GetCycle(director_, cycle)).cycle.status, CycleStatus::kClosed);
  EXPECT_EQ(EmailsTo("quiet@raters.example"), 4) << "an invitation and three reminders, the limit";
}

TEST_P(FeedbackTest, AfterTheDeadlineOrClosingLinksAcceptNothing) {
  const auto cycle = StartedCycle();
  Nominate(cycle, "peer", "peers");
  Nominate(cycle, "other", "peers");
  Expect(feedback_.SubmitRaters(director_, cycle));
  const auto link = LinkFor("peer@raters.example");
  Expect(feedback_.SaveRaterAnswers(link, {Rated("A1", 3)}, false));

  clock_.Advance(27 * 86400);  // 2026-12-19: a day late
  EXPECT_FALSE(feedback_.OpenLink(link)->open);
  EXPECT_EQ(Codes(feedback_.SaveRaterAnswers(link, Complete(), true).refusals), (Refused{"cycle closed"}));
  EXPECT_EQ(Codes(feedback_.Remind(director_, cycle).refusals), (Refused{"cycle closed"}));
  EXPECT_EQ(Codes(feedback_.ExtendDeadline(director_, cycle, "2026-12-18").refusals), (Refused{"deadline not_later"}));
  EXPECT_EQ(Codes(feedback_.ExtendDeadline(director_, cycle, "31/12/2026").refusals), (Refused{"deadline invalid"}));
  EXPECT_TRUE(Expect(feedback_.ExtendDeadline(director_, cycle, "2027-01-15")));
  EXPECT_TRUE(feedback_.OpenLink(link)->open) << "open again until the new deadline";
  Expect(feedback_.SaveRaterAnswers(link, Complete(), true));

  EXPECT_TRUE(Expect(feedback_.CloseCycle(director_, cycle)));
  const auto other = LinkFor("other@raters.example");
  EXPECT_FALSE(feedback_.OpenLink(other)->open);
  EXPECT_EQ(Codes(feedback_.SaveRaterAnswers(other, Complete(), true).refusals), (Refused{"cycle closed"}));
  EXPECT_EQ(Codes(feedback_.Decline(other, "").refusals), (Refused{"cycle closed"}));
  EXPECT_EQ(Codes(feedback_.ExtendDeadline(director_, cycle, "2027-02-01").refusals), (Refused{"cycle closed"}));
}

TEST_P(FeedbackTest, AProgrammeLeadApprovesTheRatersBeforeInvitationsGo) {
  const auto cycle = StartedCycle(/*needs_approval=*/true);
  Nominate(cycle, "peer", "peers");
  EXPECT_EQ(Expect(feedback_.SubmitRaters(director_, cycle)), CycleStatus::kAwaitingApproval);
  EXPECT_EQ(EmailsTo("peer@raters.example"), 0);
  EXPECT_EQ(Codes(feedback_.ApproveRaters(director_, cycle).refusals), (Refused{"cycle not_found"}))
      << "a participant does not approve their own raters";
  EXPECT_EQ(Codes(feedback_.ApproveRaters(other_lead_, cycle).refusals), (Refused{"cycle not_found"}));
  EXPECT_EQ(Expect(feedback_.ApproveRaters(lead_, cycle)), 1);
  EXPECT_EQ(EmailsTo("peer@raters.example"), 1);
  EXPECT_EQ(Codes(feedback_.ApproveRaters(lead_, cycle).refusals), (Refused{"cycle not_awaiting"}));
}

TEST_P(FeedbackTest, TheParticipantRatesThemselfFromTheStart) {
  const auto cycle = StartedCycle();
  EXPECT_EQ(Expect(feedback_.SaveSelfAssessment(director_, cycle, {Rated("A1", 3)}, false)), app::SaveOutcome::kSaved);
  EXPECT_EQ(Codes(feedback_.SaveSelfAssessment(director_, cycle, {Rated("A1", 3)}, true).refusals),
            (Refused{"A2.rating missing", "S4.rating missing"}));
  auto with_importance = Complete();
  with_importance[0].importance = 5;
  EXPECT_EQ(Codes(feedback_.SaveSelfAssessment(director_, cycle, with_importance, true).refusals),
            (Refused{"A1.importance out-of-scale"}));
  EXPECT_EQ(Expect(feedback_.SaveSelfAssessment(director_, cycle, Complete(), true)), app::SaveOutcome::kSubmitted);
  const auto view = Expect(feedback_.SelfAssessment(director_, cycle));
  EXPECT_TRUE(view.submitted);
  EXPECT_FALSE(view.open);
  EXPECT_EQ(view.answers.size(), 3u);
  EXPECT_TRUE(Expect(feedback_.GetCycle(director_, cycle)).self_submitted);
  EXPECT_EQ(Expect(feedback_.SaveSelfAssessment(director_, cycle, Complete(), true)),
            app::SaveOutcome::kAlreadySubmitted);
}

TEST_P(FeedbackTest, TheSelfAssessmentAsksTheContextQuestionsWithoutScoringThem) {
  const auto cycle = StartedCycle();
  EXPECT_TRUE(Expect(feedback_.SelfAssessment(director_, cycle)).context.empty())
      << "not asked while the 2008 framework is not installed";
  ASSERT_EQ(catalog_.Import(testing::Slurp(kRoot / "data/frameworks/dcs-characteristics-2008.json")).status,
            app::ImportStatus::kImported);
  auto view = Expect(feedback_.SelfAssessment(director_, cycle));
  ASSERT_EQ(view.context.size(), 4u);
  EXPECT_EQ(view.context[0].code, "X1");
  EXPECT_EQ(view.context[0].text, "The corporate and political demands of the role");

  EXPECT_EQ(Codes(feedback_.SaveSelfContext(director_, cycle, {{"X1", std::string(2001, 'x')}, {"X9", "?"}}).refusals),
            (Refused{"X1.note too-long", "context unknown"}));
  EXPECT_TRUE(Expect(feedback_.SaveSelfContext(director_, cycle, {{"X1", "  A new chief executive  "}, {"X2", ""}})));
  view = Expect(feedback_.SelfAssessment(director_, cycle));
  EXPECT_EQ(view.context[0].note, "A new chief executive");
  EXPECT_EQ(view.context[1].note, "");
  EXPECT_EQ(Codes(feedback_.SaveSelfContext(lead_, cycle, {{"X1", "not mine"}}).refusals), (Refused{"cycle not_found"}))
      << "the participant's alone";
  Expect(feedback_.SaveSelfAssessment(director_, cycle, Complete(), true));
  EXPECT_EQ(Codes(feedback_.SaveSelfContext(director_, cycle, {{"X1", "later"}}).refusals),
            (Refused{"answers submitted"}));
  EXPECT_EQ(Expect(feedback_.SelfAssessment(director_, cycle)).context[0].note, "A new chief executive");
}

TEST_P(FeedbackTest, AReleaseFreezesResultsAndIsRefusedWhenItWouldExposeLateRaters) {
  const auto cycle = StartedCycle();
  for (int i = 1; i <= 6; ++i) Nominate(cycle, "peer" + std::to_string(i), "peers");
  Expect(feedback_.SubmitRaters(director_, cycle));
  EXPECT_EQ(Codes(feedback_.ReleaseResults(director_, cycle).refusals), (Refused{"release nothing_new"}));
  auto submit = [&](int i) {
    Expect(feedback_.SaveRaterAnswers(LinkFor("peer" + std::to_string(i) + "@raters.example"), Complete(), true));
  };
  for (int i = 1; i <= 3; ++i) submit(i);
  Expect(feedback_.SaveSelfAssessment(director_, cycle, Complete(), true));
  EXPECT_EQ(Expect(feedback_.ReleaseResults(director_, cycle)), 4) << "three peers and the self-assessment";
  EXPECT_EQ(Codes(feedback_.ReleaseResults(director_, cycle).refusals), (Refused{"release nothing_new"}));

  // One late peer: the peers' figure would move by one person's answers.
  submit(4);
  EXPECT_EQ(Codes(feedback_.ReleaseResults(director_, cycle).refusals), (Refused{"release exposes"}));
  EXPECT_EQ(feedback_repository_.LastRelease(cycle)->response_keys.size(), 4u) << "the last release stands";
  // Three late peers are enough to be shown together.
  submit(5);
  submit(6);
  EXPECT_EQ(Expect(feedback_.ReleaseResults(director_, cycle)), 7);
  EXPECT_EQ(feedback_repository_.LastRelease(cycle)->response_keys.size(), 7u);
  EXPECT_EQ(Codes(feedback_.ReleaseResults(other_director_, cycle).refusals), (Refused{"cycle not_found"}));
}

TEST_P(FeedbackTest, TheAuditLogRecordsActionsNeverAnswers) {
  const auto cycle = StartedCycle();
  Nominate(cycle, "peer", "peers");
  Expect(feedback_.SubmitRaters(director_, cycle));
  Expect(feedback_.SaveRaterAnswers(LinkFor("peer@raters.example"), Complete(), true));
  Expect(feedback_.CloseCycle(director_, cycle));
  std::vector<std::string> actions;
  for (const auto& entry : account_repository_.ListAudit("", 100)) {
    if (entry.action.starts_with("feedback")) actions.push_back(entry.action);
    EXPECT_EQ(entry.detail.find("moral purpose"), std::string::npos);
    EXPECT_EQ(entry.detail.find("peer@"), std::string::npos);
  }
  EXPECT_EQ(actions,
            (std::vector<std::string>{"feedback-cycle-closed", "feedback-invitations-sent", "feedback-cycle-started"}));
}

// ---------------------------------------------------------------------------
// Development plans.

TEST_P(FeedbackTest, APlanGoalFromAReportFindingKeepsItsStatementAndFigures) {
  const auto cycle = StartedCycle();
  for (int i = 1; i <= 3; ++i) Nominate(cycle, "peer" + std::to_string(i), "peers");
  Expect(feedback_.SubmitRaters(director_, cycle));
  for (int i = 1; i <= 3; ++i) {
    Expect(feedback_.SaveRaterAnswers(LinkFor("peer" + std::to_string(i) + "@raters.example"), Complete(), true));
  }
  // She rates herself 5 on S4 where her peers give 3: a blind spot.
  Expect(feedback_.SaveSelfAssessment(director_, cycle, {Rated("A1", 4), Rated("A2", std::nullopt), Rated("S4", 5)},
                                      true));
  Expect(feedback_.ReleaseResults(director_, cycle));

  EXPECT_EQ(Codes(plans_.AddGoalFromFinding(director_, cycle, "S4", "blind-spot", other_director_.person_id).refusals),
            (Refused{"participant not_found"}))
      << "an address naming someone else's plan";
  const auto goal = Expect(plans_.AddGoalFromFinding(director_, cycle, "S4", "blind-spot"));
  auto plan = Expect(plans_.PlanOf(director_, director_.person_id));
  ASSERT_EQ(plan.goals.size(), 1u);
  EXPECT_EQ(plan.goals[0].id, goal);
  EXPECT_EQ(plan.goals[0].element, "S4");
  EXPECT_EQ(plan.goals[0].source, domain::GoalSource::kBlindSpot);
  EXPECT_EQ(plan.goals[0].source_cycle_id, cycle);
  EXPECT_EQ(plan.goals[0].finding, "Blind spot in Feedback autumn 2026: you 5, others 3.0 from 3 responses, gap +2.0");
  EXPECT_TRUE(plan.can_edit);
  EXPECT_EQ(Codes(plans_.AddGoalFromFinding(director_, cycle, "A1", "blind-spot").refusals),
            (Refused{"finding not_found"}));
  EXPECT_EQ(Codes(plans_.AddGoalFromFinding(director_, cycle, "S4", "blind-spot").refusals),
            (Refused{"finding already_planned"}));
  EXPECT_EQ(Codes(plans_.AddGoalFromFinding(director_, cycle, "S4", "own").refusals), (Refused{"source invalid"}));
  EXPECT_EQ(Codes(plans_.AddGoalFromFinding(other_director_, cycle, "S4", "blind-spot").refusals),
            (Refused{"cycle not_found"}));

  EXPECT_EQ(Codes(plans_.AddAction(director_, goal, {"juggling", " ", "", "2027-02-30"}).refusals),
            (Refused{"kind invalid", "description blank", "due invalid"}));
  const auto action = Expect(
      plans_.AddAction(director_, goal, {"shadowing", "Shadow the director of adult services", "Me", "2027-03-31"}));
  EXPECT_EQ(Codes(plans_.SetActionStatus(director_, action, "finished").refusals), (Refused{"status invalid"}));
  EXPECT_TRUE(Expect(plans_.SetActionStatus(director_, action, "done")));
  EXPECT_EQ(Codes(plans_.AddAction(other_director_, goal, {"reading", "Not theirs", "", ""}).refusals),
            (Refused{"goal not_found"}));
  plan = Expect(plans_.PlanOf(director_, director_.person_id));
  ASSERT_EQ(plan.actions.size(), 1u);
  EXPECT_EQ(plan.actions[0].kind, domain::ActionKind::kShadowing);
  EXPECT_EQ(plan.actions[0].status, domain::ActionStatus::kDone);
  EXPECT_EQ(plan.actions[0].due, "2027-03-31");
  // The plan's history, newest first, with who did it.
  ASSERT_EQ(plan.history.size(), 3u);
  EXPECT_EQ(plan.history[0].what, "Action Done: Shadow the director of adult services");
  EXPECT_EQ(plan.history[1].what, "Action added (Shadowing): Shadow the director of adult services");
  EXPECT_TRUE(plan.history[2].what.starts_with("Goal added: ")) << plan.history[2].what;
  EXPECT_EQ(plan.history[0].actor_person_id, director_.person_id);
}

TEST_P(FeedbackTest, APlanIsSeenByItsParticipantAndThoseWhoSupportThem) {
  Expect(plans_.AddGoal(director_, director_.person_id, {"S4", "Build the partnership board", "Agreed by March"}));
  EXPECT_EQ(Codes(plans_.AddGoal(director_, director_.person_id, {"K1", " ", ""}).refusals),
            (Refused{"title blank", "element not-found"}));
  // Their programme lead sees and adds to it.
  auto lead_view = Expect(plans_.PlanOf(lead_, director_.person_id));
  EXPECT_EQ(lead_view.goals.size(), 1u);
  EXPECT_TRUE(lead_view.can_edit);
  Expect(plans_.AddGoal(lead_, director_.person_id, {"", "A place on the leadership programme", ""}));
  // A coach of their cohort sees it only as their coach, and only while the director shares it.
  const auto cohort_coach = Person("Cora Coach", "cora@coach.example", "coach", "Cohort A");
  EXPECT_EQ(Codes(plans_.PlanOf(cohort_coach, director_.person_id).refusals), (Refused{"participant not_found"}));
  const auto coaching =
      Expect(support_.AddRelationship(lead_, director_.person_id, {"cora@coach.example", "coach", "2026-09-01", ""}));
  EXPECT_EQ(Codes(plans_.PlanOf(cohort_coach, director_.person_id).refusals), (Refused{"participant not_found"}));
  Expect(support_.SharePlan(director_, coaching, true));
  auto coach_view = Expect(plans_.PlanOf(cohort_coach, director_.person_id));
  EXPECT_EQ(coach_view.goals.size(), 2u);
  EXPECT_FALSE(coach_view.can_edit);
  EXPECT_EQ(Codes(plans_.AddGoal(cohort_coach, director_.person_id, {"", "Mine", ""}).refusals),
            (Refused{"participant not_found"}));
  // Only the director shares or stops sharing.
  EXPECT_EQ(Codes(support_.SharePlan(lead_, coaching, false).refusals), (Refused{"relationship not_found"}));
  Expect(support_.SharePlan(director_, coaching, false));
  EXPECT_EQ(Codes(plans_.PlanOf(cohort_coach, director_.person_id).refusals), (Refused{"participant not_found"}));
  // Nobody else, and not by guessing numbers.
  for (const auto* stranger : {&other_director_, &other_lead_, &coach_}) {
    EXPECT_EQ(Codes(plans_.PlanOf(*stranger, director_.person_id).refusals), (Refused{"participant not_found"}));
    EXPECT_EQ(Codes(plans_.AddGoal(*stranger, director_.person_id, {"", "Theirs", ""}).refusals),
              (Refused{"participant not_found"}));
  }
  EXPECT_EQ(Codes(plans_.PlanOf(director_, 999999).refusals), (Refused{"participant not_found"}));
}

// Who sees what of mentoring: the participant, their mentor, a coach, their
// line manager and their programme lead, each against the plan, a session's
// record and the mentor's private note.
TEST_P(FeedbackTest, EachSupporterSeesOnlyWhatIsTheirsToSee) {
  const auto mentor = Person("Mo Mentor", "mo@elsewhere.example", "participant", "Cohort B");
  const auto manager = Person("Cath Chief", "cath@northshire.example", "participant", "");
  const auto jo = director_.person_id;
  // Only their programme lead sets up support, with a real account and sensible dates, and never as themself.
  EXPECT_EQ(
      Codes(
          support_.AddRelationship(lead_, jo, {"priya@programme.example", "line-manager", "2026-01-01", ""}).refusals),
      (Refused{"supporter yourself"}));
  EXPECT_EQ(Codes(support_.AddRelationship(mentor, jo, {"mo@elsewhere.example", "mentor", "2026-06-01", ""}).refusals),
            (Refused{"participant not_found"}));
  EXPECT_EQ(Codes(support_.AddRelationship(lead_, jo, {"nobody@nowhere.example", "guru", "2026-13-01", ""}).refusals),
            (Refused{"supporter_email not_found", "kind invalid", "started_on invalid"}));
  EXPECT_EQ(Codes(support_.AddRelationship(lead_, jo, {"JO@northshire.example", "mentor", "2026-06-01", ""}).refusals),
            (Refused{"supporter self"}));
  const auto mentoring =
      Expect(support_.AddRelationship(lead_, jo, {" MO@elsewhere.example ", "mentor", "2026-06-01", ""}));
  EXPECT_EQ(Codes(support_.AddRelationship(lead_, jo, {"mo@elsewhere.example", "mentor", "2026-07-01", ""}).refusals),
            (Refused{"supporter taken"}));
  // Two requests at once (the check above passed for both): the database keeps one.
  EXPECT_FALSE(support_repository_
                   .AddRelationship({0, jo, mentor.person_id, domain::SupportKind::kMentor, "2026-07-01", "", false,
                                     clock_.NowUtc()})
                   .has_value());
  const auto audit = account_repository_.ListAudit("support-added", 10);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].subject_person_id, jo);
  EXPECT_EQ(audit[0].actor_person_id, lead_.person_id);
  Expect(support_.AddRelationship(lead_, jo, {"cath@northshire.example", "line-manager", "2026-04-01", ""}));

  // The mentor records a session; the manager cannot (that is appraisal), nor can anyone else.
  app::SessionInput session;
  session.held_on = "2026-11-20";
  session.themes = {"S4", "A2", ""};
  session.summary = "Talked about the partnership board.";
  session.private_note = "Tired; ask about support at home.";
  Expect(support_.RecordSession(mentor, mentoring, session));
  for (const auto* other : std::vector<const domain::Actor*>{&manager, &lead_, &director_, &coach_}) {
    EXPECT_EQ(Codes(support_.RecordSession(*other, mentoring, session).refusals), (Refused{"relationship not_found"}));
  }
  // The mentor sees everything they wrote; Jo the record, never the note; her
  // lead the date and themes only; the manager and strangers nothing.
  auto as_mentor = Expect(support_.Open(mentor, mentoring));
  ASSERT_EQ(as_mentor.sessions.size(), 1u);
  EXPECT_EQ(as_mentor.sessions[0].private_note, "Tired; ask about support at home.");
  EXPECT_EQ(as_mentor.sessions[0].themes, (std::vector<std::string>{"S4", "A2"}));
  auto as_jo = Expect(support_.Open(director_, mentoring));
  EXPECT_EQ(as_jo.sessions[0].summary, "Talked about the partnership board.");
  EXPECT_EQ(as_jo.sessions[0].private_note, "");
  auto as_lead = Expect(support_.Open(lead_, mentoring));
  EXPECT_EQ(as_lead.sessions[0].summary, "");
  EXPECT_EQ(as_lead.sessions[0].private_note, "");
  EXPECT_EQ(as_lead.sessions[0].themes.size(), 2u);
  for (const auto* other : std::vector<const domain::Actor*>{&manager, &other_lead_, &coach_, &other_director_}) {
    EXPECT_EQ(Codes(support_.Open(*other, mentoring).refusals), (Refused{"relationship not_found"}));
  }
  // Nor the plan, until Jo shares it; the manager never sees sessions, even with the plan shared.
  Expect(plans_.AddGoal(director_, jo, {"S4", "Build the partnership board", ""}));
  EXPECT_FALSE(plans_.PlanOf(mentor, jo).Ok());
  EXPECT_FALSE(plans_.PlanOf(manager, jo).Ok());
  Expect(support_.SharePlan(director_, mentoring, true));
  EXPECT_TRUE(plans_.PlanOf(mentor, jo).Ok());
  EXPECT_FALSE(plans_.PlanOf(manager, jo).Ok());
  // Ended, the mentor keeps their own records but loses the plan and records no more.
  Expect(support_.EndRelationship(lead_, mentoring, "2026-11-21"));
  EXPECT_FALSE(plans_.PlanOf(mentor, jo).Ok());
  EXPECT_EQ(Expect(support_.Open(mentor, mentoring)).sessions[0].private_note, "Tired; ask about support at home.");
  session.held_on = "2026-11-22";
  EXPECT_EQ(Codes(support_.RecordSession(mentor, mentoring, session).refusals), (Refused{"relationship not_found"}));
  EXPECT_EQ(Codes(support_.EndRelationship(mentor, mentoring, "2026-11-22").refusals),
            (Refused{"relationship not_found"}));
  // Ended is ended: a later date does not bring it back.
  EXPECT_EQ(Codes(support_.EndRelationship(lead_, mentoring, "2099-01-01").refusals),
            (Refused{"ended_on already_ended"}));
  EXPECT_FALSE(plans_.PlanOf(mentor, jo).Ok());
}

TEST_P(FeedbackTest, AnActionAgreedInASessionGoesIntoThePlan) {
  const auto mentor = Person("Mo Mentor", "mo@elsewhere.example", "participant", "Cohort B");
  const auto jo = director_.person_id;
  const auto mentoring =
      Expect(support_.AddRelationship(lead_, jo, {"mo@elsewhere.example", "mentor", "2026-06-01", ""}));
  const auto goal = Expect(plans_.AddGoal(director_, jo, {"S4", "Build the partnership board", ""}));
  app::SessionInput session;
  session.held_on = "2026-11-20";
  session.themes = {"A2"};
  session.summary = "Agreed a shadowing day.";
  session.action_kind = "shadowing";
  session.action_description = "Shadow Owen at his partnership board";
  session.action_owner = "Jo";
  session.action_due = "2027-01-31";
  // Not shared: the mentor cannot name Jo's goals, only start a new one on the session's theme.
  session.action_goal = std::to_string(goal);
  EXPECT_EQ(Codes(support_.RecordSession(mentor, mentoring, session).refusals), (Refused{"action_goal not_found"}));
  session.action_goal = "new";
  Expect(support_.RecordSession(mentor, mentoring, session));
  auto plan = Expect(plans_.PlanOf(director_, jo));
  ASSERT_EQ(plan.goals.size(), 2u);
  EXPECT_EQ(plan.goals[1].element, "A2");
  EXPECT_EQ(plan.goals[1].source, domain::GoalSource::kSession);
  EXPECT_EQ(plan.goals[1].finding, "Mentor session on 2026-11-20");
  ASSERT_EQ(plan.actions.size(), 1u);
  EXPECT_EQ(plan.actions[0].goal_id, plan.goals[1].id);
  EXPECT_EQ(plan.actions[0].kind, domain::ActionKind::kShadowing);
  EXPECT_TRUE(plan.actions[0].session_id.has_value());
  EXPECT_NE(plan.history.front().what.find("in a session of 2026-11-20"), std::string::npos);
  // Shared: an existing goal, in one commit with the session.
  Expect(support_.SharePlan(director_, mentoring, true));
  session.held_on = "2026-11-21";
  session.action_goal = std::to_string(goal);
  session.action_description = "Read the board's terms of reference";
  session.action_kind = "reading";
  Expect(support_.RecordSession(mentor, mentoring, session));
  plan = Expect(plans_.PlanOf(director_, jo));
  ASSERT_EQ(plan.actions.size(), 2u);
  EXPECT_EQ(plan.actions[1].goal_id, goal);
  // A bad action loses nothing and adds nothing: neither the session nor the action.
  session.held_on = "2026-11-22";
  session.action_due = "31/01/2027";
  session.action_kind = "lunch";
  session.action_goal = "999999";
  session.summary = "";
  EXPECT_EQ(Codes(support_.RecordSession(mentor, mentoring, session).refusals),
            (Refused{"summary blank", "action_kind invalid", "action_due invalid", "action_goal not_found"}));
  EXPECT_EQ(Expect(support_.Open(mentor, mentoring)).sessions.size(), 2u);
  EXPECT_EQ(Expect(plans_.PlanOf(director_, jo)).actions.size(), 2u);
  // A review of the plan by someone who may see it.
  Expect(support_.ReviewPlan(mentor, jo, "2026-11-22", "Good progress on the board."));
  EXPECT_EQ(Codes(support_.ReviewPlan(other_director_, jo, "2026-11-22", "Hi").refusals),
            (Refused{"participant not_found"}));
  EXPECT_EQ(Codes(support_.ReviewPlan(director_, jo, "2026-11-23", "").refusals),
            (Refused{"held_on future", "comment blank"}));
  plan = Expect(plans_.PlanOf(director_, jo));
  ASSERT_EQ(plan.reviews.size(), 1u);
  EXPECT_EQ(plan.reviews[0].reviewer_name, "Mo Mentor");
}

TEST_P(FeedbackTest, AnAppraisalYearRunsFromObjectivesToSignOffAndCarriesForward) {
  const auto manager = Person("Cath Chief", "cath@northshire.example", "participant", "");
  const auto jo = director_.person_id;
  // No appraisal without a line manager today; the programme lead has no part in it.
  EXPECT_EQ(Codes(appraisals_.Start(manager, jo, "2025-04-01", "2026-03-31").refusals),
            (Refused{"participant not_found"}));
  Expect(support_.AddRelationship(lead_, jo, {"cath@northshire.example", "line-manager", "2025-01-01", ""}));
  EXPECT_EQ(Codes(appraisals_.Start(lead_, jo, "2025-04-01", "2026-03-31").refusals),
            (Refused{"participant not_found"}));
  EXPECT_EQ(Codes(appraisals_.Start(manager, jo, "2025-04-01", "2025-03-31").refusals),
            (Refused{"period_end before_start"}));
  const auto year = Expect(appraisals_.Start(manager, jo, "2025-04-01", "2026-03-31"));
  EXPECT_EQ(Codes(appraisals_.Start(manager, jo, "2026-01-01", "2026-12-31").refusals),
            (Refused{"period_start overlaps"}));
  // Two requests at once (both past the check above): the store keeps one.
  EXPECT_FALSE(
      support_repository_
          .AddAppraisal({0, jo, manager.person_id, "2026-01-01", "2026-12-31", "", "", ""}, {}, clock_.NowUtc())
          .has_value());
  // Both add objectives.
  const auto merged = Expect(appraisals_.AddObjective(manager, year, {"A6", "Merge early help", "One service"}));
  const auto vision = Expect(appraisals_.AddObjective(director_, year, {"S1", "A shared vision", ""}));
  EXPECT_EQ(Codes(appraisals_.AddObjective(director_, year, {"Z9", "", ""}).refusals),
            (Refused{"title blank", "element not-found"}));
  EXPECT_FALSE(appraisals_.Of(lead_, jo).Ok());
  EXPECT_FALSE(appraisals_.Open(other_director_, year).Ok());
  // The manager holds the reviews; Jo comments; nobody signs before the year-end review.
  EXPECT_EQ(Codes(appraisals_.HoldReview(director_, year, "mid-year", "2025-10-01", "Mine").refusals),
            (Refused{"appraisal not_found"}));
  EXPECT_EQ(Codes(appraisals_.Sign(director_, year).refusals), (Refused{"appraisal year_end_not_held"}));
  Expect(appraisals_.HoldReview(manager, year, "mid-year", "2025-10-01", "On track."));
  EXPECT_EQ(Codes(appraisals_.HoldReview(manager, year, "mid-year", "2025-10-02", "Again").refusals),
            (Refused{"kind already_held"}));
  Expect(appraisals_.CommentOnReview(director_, year, "mid-year", "Agreed."));
  EXPECT_EQ(Codes(appraisals_.CommentOnReview(manager, year, "mid-year", "Not mine").refusals),
            (Refused{"review not_found"}));
  Expect(appraisals_.SetOutcome(manager, merged, "partly-met"));
  Expect(appraisals_.SetOutcome(manager, vision, "met"));
  EXPECT_EQ(Codes(appraisals_.SetOutcome(director_, merged, "met").refusals), (Refused{"objective not_found"}));
  Expect(appraisals_.HoldReview(manager, year, "year-end", "2026-03-20", "A good year."));
  EXPECT_EQ(Codes(appraisals_.HoldReview(manager, year, "mid-year", "2026-03-21", "Late").refusals),
            (Refused{"kind already_held"}));
  Expect(appraisals_.Sign(manager, year));
  // Signed by one side, it no longer changes: the other may only sign too.
  EXPECT_EQ(Codes(appraisals_.SetOutcome(manager, merged, "met").refusals), (Refused{"appraisal signed_off"}));
  EXPECT_EQ(Codes(appraisals_.CommentOnReview(director_, year, "year-end", "Changed my mind").refusals),
            (Refused{"appraisal signed_off"}));
  // Not even an administrator reads it.
  const auto admin = Person("Ada Admin", "ada@lqf.example", "administrator", "");
  EXPECT_EQ(Codes(appraisals_.Open(admin, year).refusals), (Refused{"appraisal not_found"}));
  EXPECT_EQ(Codes(appraisals_.Sign(manager, year).refusals), (Refused{"appraisal already_signed"}));
  EXPECT_EQ(Expect(appraisals_.Open(director_, year)).stage, domain::AppraisalStage::kYearEndHeld);
  Expect(appraisals_.Sign(director_, year));
  auto closed = Expect(appraisals_.Open(director_, year));
  EXPECT_EQ(closed.stage, domain::AppraisalStage::kSignedOff);
  EXPECT_EQ(closed.reviews[0].participant_comment, "Agreed.");
  // Signed off, nothing changes.
  EXPECT_EQ(Codes(appraisals_.AddObjective(manager, year, {"", "Late", ""}).refusals),
            (Refused{"appraisal signed_off"}));
  EXPECT_EQ(Codes(appraisals_.SetOutcome(manager, merged, "met").refusals), (Refused{"appraisal signed_off"}));
  // The next year carries forward what was not met; what was met cannot be.
  for (const auto carry : {vision, std::int64_t{999999}}) {
    EXPECT_EQ(Codes(appraisals_.Start(manager, jo, "2026-04-01", "2027-03-31", {merged, carry}).refusals),
              (Refused{"carry not_found"}));
  }
  const auto next = Expect(appraisals_.Start(manager, jo, "2026-04-01", "2027-03-31", {merged}));
  auto opened = Expect(appraisals_.Open(director_, next));
  ASSERT_EQ(opened.objectives.size(), 1u);
  EXPECT_EQ(opened.objectives[0].title, "Merge early help");
  EXPECT_EQ(opened.objectives[0].carried_from, merged);
  EXPECT_EQ(opened.objectives[0].outcome, domain::ObjectiveOutcome::kOpen);
  EXPECT_EQ(opened.mid_year_due, "2026-09-30");
}

TEST_P(FeedbackTest, RemindersGoOnceForActionsFallingDueAndReviewsNotHeld) {
  const auto manager = Person("Cath Chief", "cath@northshire.example", "participant", "");
  const auto jo = director_.person_id;
  const auto goal = Expect(plans_.AddGoal(director_, jo, {"S4", "Build the partnership board", ""}));
  Expect(plans_.AddAction(director_, goal, {"reading", "Read the terms of reference", "Me", "2026-11-25"}));
  Expect(plans_.AddAction(director_, goal, {"shadowing", "Shadow a peer", "Me", "2027-02-01"}));  // not yet
  const auto done = Expect(plans_.AddAction(director_, goal, {"reading", "Already read", "Me", "2026-11-20"}));
  Expect(plans_.SetActionStatus(director_, done, "done"));
  Expect(support_.AddRelationship(lead_, jo, {"cath@northshire.example", "line-manager", "2025-01-01", ""}));
  const auto year = Expect(appraisals_.Start(manager, jo, "2026-01-01", "2026-12-31"));  // mid-year due 2026-07-01

  EXPECT_EQ(app::SendPlanReminders(support_repository_, account_repository_, notifications_, clock_), 2);
  EXPECT_EQ(EmailsTo("jo@northshire.example"), 1);
  EXPECT_EQ(EmailsTo("cath@northshire.example"), 1);
  // Once: a second run, even on another server, sends nothing more.
  EXPECT_EQ(app::SendPlanReminders(support_repository_, account_repository_, notifications_, clock_), 0);
  // The year-end review falls due later, and is reminded then, once.
  clock_.Advance(45LL * 86400);
  EXPECT_EQ(app::SendPlanReminders(support_repository_, account_repository_, notifications_, clock_), 1);
  EXPECT_EQ(EmailsTo("cath@northshire.example"), 2);
  Expect(appraisals_.HoldReview(manager, year, "mid-year", "2026-12-01", "Late, but held."));
  EXPECT_EQ(app::SendPlanReminders(support_repository_, account_repository_, notifications_, clock_), 0);
}

TEST_P(FeedbackTest, AReminderThatCouldNotBeQueuedIsNotLost) {
  const auto jo = director_.person_id;
  const auto goal = Expect(plans_.AddGoal(director_, jo, {"S4", "Build the partnership board", ""}));
  const auto action =
      Expect(plans_.AddAction(director_, goal, {"reading", "Read the terms of reference", "Me", "2026-11-25"}));
  // The outbox fails mid-claim: the claim is undone with it.
  EXPECT_THROW(support_repository_.ClaimActionReminder(action, clock_.NowUtc(),
                                                       [] { throw std::runtime_error("outbox unavailable"); }),
               std::runtime_error);
  EXPECT_EQ(EmailsTo("jo@northshire.example"), 0);
  // So the next run sends it, once.
  EXPECT_EQ(app::SendPlanReminders(support_repository_, account_repository_, notifications_, clock_), 1);
  EXPECT_EQ(EmailsTo("jo@northshire.example"), 1);
  EXPECT_EQ(app::SendPlanReminders(support_repository_, account_repository_, notifications_, clock_), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, FeedbackTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
