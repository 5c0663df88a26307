// Feedback storage on both backends: cycles with their scope and groups,
// raters and their progress, responses saved as drafts and submitted once,
// declining, and the promise that a rater's row and their answers share
// nothing that links them.

#include "store/sql_feedback_repository.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <set>

#include "store/migrations.hpp"
#include "store/sqlite_database.hpp"
#include "support/pg_schema.hpp"
#include "support/store_checks.hpp"
#include "support/temp_dir.hpp"

namespace lqf {
namespace {

using domain::CycleStatus;
using domain::RaterStatus;
constexpr char kNow[] = "2026-11-22T10:00:00Z";

class FeedbackStoreTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  FeedbackStoreTest() : pool_([this] { return Open(); }, 2), feedback_(pool_) {
    store::Migrate(pool_.Acquire(), kNow);
    auto db = pool_.Acquire();
    store::Query person(db, "INSERT INTO people (name, email, created_at) VALUES (?, ?, ?) RETURNING id");
    person.Bind(1, "Jo Bennett").Bind(2, "jo@example.org").Bind(3, kNow);
    person.Step();
    participant_ = person.Int(0);
    person.Run();
  }

  std::unique_ptr<store::Database> Open() {
    if (GetParam() == store::Dialect::kSqlite) return std::make_unique<store::SqliteDatabase>(dir_.File("lqf.db"));
    return std::make_unique<store::PostgresDatabase>(schema_->Url());
  }

  domain::Cycle NewCycle(CycleStatus status = CycleStatus::kOpen) {
    domain::Cycle cycle;
    cycle.participant_id = participant_;
    cycle.framework_code = "nlqf-2010";
    cycle.framework_version = "1.0";
    cycle.title = "Autumn 2026";
    cycle.deadline = "2026-12-18";
    cycle.status = status;
    cycle.needs_approval = true;
    cycle.reminder_limit = 2;
    cycle.reminder_gap_days = 5;
    cycle.scope = {"A1", "S4", "K1.1.1"};
    cycle.groups = domain::DefaultRaterGroups();
    cycle.groups[0].attributed = true;
    cycle.created_by = participant_;
    return cycle;
  }

  std::int64_t AddRater(std::int64_t cycle, const std::string& email, const std::string& group = "peers") {
    domain::Rater rater;
    rater.cycle_id = cycle;
    rater.name = "Rater " + email;
    rater.email = email;
    rater.group = group;
    return feedback_.AddRater(rater, kNow).value();
  }

  static domain::Answer Rated(std::string element, std::optional<int> rating, std::string comment = "") {
    domain::Answer answer;
    answer.element = std::move(element);
    answer.rating = rating;
    answer.answered = true;
    answer.comment = std::move(comment);
    return answer;
  }

  testing::TempDir dir_;
  std::optional<testing::Schema> schema_ =
      GetParam() == store::Dialect::kPostgres ? std::make_optional<testing::Schema>() : std::nullopt;
  store::ConnectionPool pool_;
  store::SqlFeedbackRepository feedback_;
  std::int64_t participant_ = 0;
};

TEST_P(FeedbackStoreTest, ACycleIsReadBackWithItsScopeAndGroupsInOrder) {
  const auto id = feedback_.AddCycle(NewCycle(CycleStatus::kNominating), kNow);
  const auto cycle = feedback_.FindCycle(id).value();
  EXPECT_EQ(cycle.id, id);
  EXPECT_EQ(cycle.participant_id, participant_);
  EXPECT_EQ(cycle.title, "Autumn 2026");
  EXPECT_EQ(cycle.deadline, "2026-12-18");
  EXPECT_EQ(cycle.status, CycleStatus::kNominating);
  EXPECT_TRUE(cycle.needs_approval);
  EXPECT_EQ(cycle.reminder_limit, 2);
  EXPECT_EQ(cycle.reminder_gap_days, 5);
  EXPECT_EQ(cycle.scope, (std::vector<std::string>{"A1", "S4", "K1.1.1"}));
  ASSERT_EQ(cycle.groups.size(), 6u);
  EXPECT_EQ(cycle.groups[0].code, "line-manager");
  EXPECT_TRUE(cycle.groups[0].attributed);
  EXPECT_TRUE(cycle.groups[0].single_person);
  EXPECT_EQ(cycle.groups[5].code, "others");
  EXPECT_EQ(cycle.groups[5].minimum, 3);
  EXPECT_EQ(cycle.created_at, kNow);
  EXPECT_FALSE(feedback_.FindCycle(id + 100).has_value());
}

TEST_P(FeedbackStoreTest, AReusedIdNeverGetsAnotherCyclesScope) {
  // SQLite may give a deleted row's id to the next row: the cached scope of
  // the old cycle must not be served for the new one.
  const auto first = feedback_.AddCycle(NewCycle(), "2026-01-01T00:00:00Z");
  ASSERT_EQ(feedback_.FindCycle(first)->scope.size(), 3u);
  {
    auto db = pool_.Acquire();
    for (const char* sql : {"DELETE FROM cycle_elements WHERE cycle_id = ?",
                            "DELETE FROM cycle_groups WHERE cycle_id = ?", "DELETE FROM cycles WHERE id = ?"}) {
      store::Query(db, sql).Bind(1, first).Run();
    }
  }
  auto other = NewCycle();
  other.scope = {"K2.1.1"};
  const auto second = feedback_.AddCycle(other, "2026-02-01T00:00:00Z");
  EXPECT_EQ(feedback_.FindCycle(second)->scope, (std::vector<std::string>{"K2.1.1"}));
}

TEST_P(FeedbackStoreTest, AParticipantsCyclesComeNewestFirst) {
  const auto first = feedback_.AddCycle(NewCycle(), "2026-01-01T00:00:00Z");
  const auto second = feedback_.AddCycle(NewCycle(), "2026-06-01T00:00:00Z");
  const auto cycles = feedback_.ListCycles(participant_);
  ASSERT_EQ(cycles.size(), 2u);
  EXPECT_EQ(cycles[0].id, second);
  EXPECT_EQ(cycles[1].id, first);
  EXPECT_TRUE(feedback_.ListCycles(participant_ + 1).empty());
}

TEST_P(FeedbackStoreTest, AStatusChangesOnlyFromTheStateExpected) {
  const auto id = feedback_.AddCycle(NewCycle(CycleStatus::kNominating), kNow);
  EXPECT_TRUE(feedback_.ChangeCycleStatus(id, CycleStatus::kNominating, CycleStatus::kOpen, kNow));
  EXPECT_FALSE(feedback_.ChangeCycleStatus(id, CycleStatus::kNominating, CycleStatus::kOpen, kNow))
      << "a second person acting at once changes nothing";
  EXPECT_EQ(feedback_.FindCycle(id)->status, CycleStatus::kOpen);
  EXPECT_TRUE(feedback_.ChangeCycleStatus(id, CycleStatus::kOpen, CycleStatus::kClosed, kNow));
  EXPECT_EQ(feedback_.FindCycle(id)->status, CycleStatus::kClosed);
}

TEST_P(FeedbackStoreTest, RatersAreNominatedOncePerEmailAndRemovedOnlyBeforeTheirInvitation) {
  const auto cycle = feedback_.AddCycle(NewCycle(CycleStatus::kNominating), kNow);
  const auto a = AddRater(cycle, "a@example.org", "direct-reports");
  const auto b = AddRater(cycle, "b@example.org");
  domain::Rater again;
  again.cycle_id = cycle;
  again.name = "A again";
  again.email = "a@example.org";
  again.group = "peers";
  EXPECT_FALSE(feedback_.AddRater(again, kNow).has_value());
  auto raters = feedback_.ListRaters(cycle);
  ASSERT_EQ(raters.size(), 2u);
  EXPECT_EQ(raters[0].id, a);
  EXPECT_EQ(raters[0].group, "direct-reports");
  EXPECT_EQ(raters[0].status, RaterStatus::kNominated);
  EXPECT_EQ(raters[1].id, b);

  EXPECT_TRUE(feedback_.MarkInvited(b, "hash-b", kNow));
  EXPECT_FALSE(feedback_.RemoveRater(cycle, b)) << "invited: stays";
  EXPECT_FALSE(feedback_.RemoveRater(cycle + 1, a)) << "another cycle's id does not reach it";
  EXPECT_TRUE(feedback_.RemoveRater(cycle, a));
  raters = feedback_.ListRaters(cycle);
  ASSERT_EQ(raters.size(), 1u);
  EXPECT_EQ(raters[0].status, RaterStatus::kInvited);
  EXPECT_EQ(raters[0].last_sent_at, kNow);
}

TEST_P(FeedbackStoreTest, ALinkFindsItsRaterAndANewLinkReplacesTheOld) {
  const auto cycle = feedback_.AddCycle(NewCycle(), kNow);
  const auto rater = AddRater(cycle, "r@example.org");
  EXPECT_FALSE(feedback_.FindRaterByAccess("hash-1").has_value());
  ASSERT_TRUE(feedback_.MarkInvited(rater, "hash-1", kNow));
  const auto found = feedback_.FindRaterByAccess("hash-1").value();
  EXPECT_EQ(found.rater.id, rater);
  EXPECT_EQ(found.cycle.id, cycle);
  EXPECT_EQ(found.cycle.scope.size(), 3u);
  ASSERT_TRUE(feedback_.MarkInvited(rater, "hash-2", "2026-11-23T10:00:00Z"));
  EXPECT_FALSE(feedback_.FindRaterByAccess("hash-1").has_value()) << "the old link stops working";
  EXPECT_EQ(feedback_.FindRaterByAccess("hash-2")->rater.last_sent_at, "2026-11-23T10:00:00Z");

  feedback_.RecordReminder(rater, "2026-11-30T10:00:00Z");
  const auto reminded = feedback_.ListRaters(cycle).at(0);
  EXPECT_EQ(reminded.reminders_sent, 1);
  EXPECT_EQ(reminded.last_sent_at, "2026-11-30T10:00:00Z");
}

TEST_P(FeedbackStoreTest, ADraftIsSavedReplacedThenSubmittedOnceWithTheRatersProgress) {
  const auto cycle = feedback_.AddCycle(NewCycle(), kNow);
  const auto rater = AddRater(cycle, "r@example.org");
  ASSERT_TRUE(feedback_.MarkInvited(rater, "access", kNow));

  EXPECT_EQ(feedback_.SaveResponse(cycle, rater, "resp-1", "peers", {Rated("A1", 2, "first thoughts")}, false),
            app::SaveOutcome::kSaved);
  EXPECT_EQ(feedback_.ListRaters(cycle).at(0).status, RaterStatus::kStarted);
  auto draft = feedback_.LoadResponse("resp-1").value();
  EXPECT_FALSE(draft.submitted);
  EXPECT_EQ(draft.group, "peers");
  ASSERT_EQ(draft.answers.size(), 1u);
  EXPECT_EQ(draft.answers[0].comment, "first thoughts");

  auto unable = Rated("S4", std::nullopt);
  unable.importance = 4;
  const std::vector<domain::Answer> full = {Rated("A1", 3, "seen at the board"), unable, Rated("K1.1.1", 5)};
  EXPECT_EQ(feedback_.SaveResponse(cycle, rater, "resp-1", "peers", full, true), app::SaveOutcome::kSubmitted);
  EXPECT_EQ(feedback_.ListRaters(cycle).at(0).status, RaterStatus::kSubmitted);
  auto submitted = feedback_.LoadResponse("resp-1").value();
  EXPECT_TRUE(submitted.submitted);
  ASSERT_EQ(submitted.answers.size(), 3u);
  EXPECT_EQ(submitted.answers[0].element, "A1");
  EXPECT_EQ(submitted.answers[0].rating, 3);
  EXPECT_EQ(submitted.answers[0].comment, "seen at the board");
  EXPECT_EQ(submitted.answers[2].element, "S4");
  EXPECT_TRUE(submitted.answers[2].answered);
  EXPECT_FALSE(submitted.answers[2].rating.has_value()) << "not able to comment";
  EXPECT_EQ(submitted.answers[2].importance, 4);

  // A retried or second submission changes nothing.
  EXPECT_EQ(feedback_.SaveResponse(cycle, rater, "resp-1", "peers", {Rated("A1", 1)}, true),
            app::SaveOutcome::kAlreadySubmitted);
  EXPECT_EQ(feedback_.SaveResponse(cycle, rater, "resp-1", "peers", {Rated("A1", 1)}, false),
            app::SaveOutcome::kAlreadySubmitted);
  EXPECT_EQ(feedback_.LoadResponse("resp-1")->answers.at(0).rating, 3);
  EXPECT_FALSE(feedback_.Decline(rater, "resp-1", "changed my mind")) << "submitted answers stay";
  EXPECT_TRUE(feedback_.LoadResponse("resp-1")->submitted);
}

// A questionnaire page reads only its own statements' answers, whatever order
// the database would sort their codes in, and inside one read transaction.
TEST_P(FeedbackStoreTest, OnePagesAnswersAreReadAloneAndInOneSnapshot) {
  const auto cycle = feedback_.AddCycle(NewCycle(), kNow);
  const auto rater = AddRater(cycle, "r@example.org");
  std::vector<domain::Answer> answers;
  for (const char* code : {"A1", "K1.1.1", "K1.10.2", "K2.1.1", "S10", "S4", "S9"}) answers.push_back(Rated(code, 3));
  answers[5].comment = "only S4 has a comment";
  ASSERT_EQ(feedback_.SaveResponse(cycle, rater, "resp", "peers", answers, false), app::SaveOutcome::kSaved);

  const auto codes = [](const std::vector<domain::Answer>& read) {
    std::vector<std::string> out;
    for (const auto& answer : read) out.push_back(answer.element);
    return out;
  };
  EXPECT_EQ(codes(feedback_.LoadAnswers("resp", {"S4", "S10"})), (std::vector<std::string>{"S10", "S4"}))
      << "S9 lies between them in byte order but is not on the page";
  EXPECT_EQ(feedback_.LoadAnswers("resp", {"S4"}).at(0).comment, "only S4 has a comment");
  EXPECT_EQ(codes(feedback_.LoadAnswers("resp", {"K1.10.2", "K1.1.1", "K3"})),
            (std::vector<std::string>{"K1.1.1", "K1.10.2"}));
  EXPECT_TRUE(feedback_.LoadAnswers("resp", {"X1"}).empty());
  EXPECT_TRUE(feedback_.LoadAnswers("another", {"A1"}).empty());
  EXPECT_TRUE(feedback_.LoadAnswers("resp", {}).empty());

  std::size_t together = 0;
  feedback_.ReadTogether([&] {
    ASSERT_TRUE(feedback_.FindCycle(cycle).has_value());
    together = feedback_.LoadAnswers("resp", {"A1", "S9"}).size();
  });
  EXPECT_EQ(together, 2u);
  // The transaction ended: writing works again on this connection.
  EXPECT_EQ(feedback_.SaveResponse(cycle, rater, "resp", "peers", {Rated("A1", 4)}, false), app::SaveOutcome::kSaved);
}

TEST_P(FeedbackStoreTest, NothingIsSavedUnlessTheCycleIsOpen) {
  const auto cycle = feedback_.AddCycle(NewCycle(CycleStatus::kNominating), kNow);
  const auto rater = AddRater(cycle, "r@example.org");
  EXPECT_EQ(feedback_.SaveResponse(cycle, rater, "resp", "peers", {Rated("A1", 2)}, true), app::SaveOutcome::kNotOpen);
  const std::string self = "self:" + std::to_string(cycle);
  EXPECT_EQ(feedback_.SaveResponse(cycle, std::nullopt, self, "self", {Rated("A1", 2)}, false),
            app::SaveOutcome::kSaved)
      << "the participant rates themself while choosing raters";
  ASSERT_TRUE(feedback_.ChangeCycleStatus(cycle, CycleStatus::kNominating, CycleStatus::kOpen, kNow));
  EXPECT_EQ(feedback_.SaveResponse(cycle, rater, "resp", "peers", {Rated("A1", 2)}, false), app::SaveOutcome::kSaved);
  ASSERT_TRUE(feedback_.ChangeCycleStatus(cycle, CycleStatus::kOpen, CycleStatus::kClosed, kNow));
  EXPECT_EQ(feedback_.SaveResponse(cycle, rater, "resp", "peers", {Rated("A1", 5)}, true), app::SaveOutcome::kNotOpen);
  EXPECT_EQ(feedback_.LoadResponse("resp")->answers.at(0).rating, 2) << "the draft is as it was";
  EXPECT_EQ(feedback_.SaveResponse(cycle, std::nullopt, self, "self", {Rated("A1", 3)}, true),
            app::SaveOutcome::kNotOpen);
  EXPECT_FALSE(feedback_.LoadResponse("resp")->submitted);
  EXPECT_EQ(feedback_.SaveResponse(cycle + 1, std::nullopt, "self", "self", {}, false), app::SaveOutcome::kNotOpen)
      << "no such cycle";
}

TEST_P(FeedbackStoreTest, DecliningKeepsTheReasonDeletesTheDraftAndStopsAnswers) {
  const auto cycle = feedback_.AddCycle(NewCycle(), kNow);
  const auto rater = AddRater(cycle, "r@example.org");
  ASSERT_TRUE(feedback_.MarkInvited(rater, "access", kNow));
  ASSERT_EQ(feedback_.SaveResponse(cycle, rater, "resp", "peers", {Rated("A1", 2, "draft")}, false),
            app::SaveOutcome::kSaved);
  EXPECT_TRUE(feedback_.Decline(rater, "resp", "I have only just joined the council"));
  EXPECT_FALSE(feedback_.LoadResponse("resp").has_value());
  EXPECT_EQ(feedback_.ListRaters(cycle).at(0).status, RaterStatus::kDeclined);
  EXPECT_FALSE(feedback_.Decline(rater, "resp", "again"));
  EXPECT_EQ(feedback_.SaveResponse(cycle, rater, "resp", "peers", {Rated("A1", 2)}, true), app::SaveOutcome::kDeclined);
  EXPECT_FALSE(feedback_.LoadResponse("resp").has_value());
  EXPECT_FALSE(feedback_.MarkInvited(rater, "new-access", kNow)) << "a declined rater gets no new link";
  auto db = pool_.Acquire();
  EXPECT_EQ(
      testing::Count(db, "SELECT COUNT(*) FROM raters WHERE declined_reason = 'I have only just joined the council'"),
      1);
}

TEST_P(FeedbackStoreTest, TheParticipantsOwnAnswersNeedNoRater) {
  const auto cycle = feedback_.AddCycle(NewCycle(), kNow);
  const std::string key = "self:" + std::to_string(cycle);
  EXPECT_EQ(feedback_.SaveResponse(cycle, std::nullopt, key, "self", {Rated("A1", 4)}, true),
            app::SaveOutcome::kSubmitted);
  EXPECT_EQ(feedback_.LoadResponse(key)->group, "self");
  EXPECT_EQ(feedback_.SaveResponse(cycle, std::nullopt, key, "self", {Rated("A1", 1)}, true),
            app::SaveOutcome::kAlreadySubmitted);
}

TEST_P(FeedbackStoreTest, ARatersRowAndTheirAnswersShareNothingThatLinksThem) {
  const auto cycle = feedback_.AddCycle(NewCycle(), kNow);
  const auto rater = AddRater(cycle, "secret.rater@example.org");
  ASSERT_TRUE(feedback_.MarkInvited(rater, "access-hash-of-the-token", kNow));
  ASSERT_EQ(
      feedback_.SaveResponse(cycle, rater, "response-hash-of-the-token", "peers", {Rated("A1", 2, "kind words")}, true),
      app::SaveOutcome::kSubmitted);
  auto db = pool_.Acquire();
  auto values = [&](const std::string& sql) {
    std::set<std::string> all;
    store::Query query(db, sql);
    while (query.Step()) {
      for (int column = 0; column < 8; ++column) all.insert(query.Text(column));
    }
    return all;
  };
  const auto rater_row = values(
      "SELECT CAST(id AS TEXT), name, email, status, COALESCE(access_hash, ''), CAST(reminders_sent AS TEXT), "
      "COALESCE(last_sent_at, ''), created_at FROM raters");
  const auto answer_rows = values(
      "SELECT r.response_key, a.answer_key, a.element_code, CAST(a.answered AS TEXT), CAST(a.rating AS TEXT), "
      "COALESCE(CAST(a.importance AS TEXT), ''), a.comment, CAST(r.submitted AS TEXT) "
      "FROM responses r JOIN answers a ON a.response_key = r.response_key");
  std::set<std::string> shared;
  for (const auto& value : rater_row) {
    if (answer_rows.contains(value)) shared.insert(value);
  }
  // Only small shared numbers and empties are possible (an id of 1 and a
  // submitted flag of 1); no key, name, address or time.
  for (const auto& value : shared) {
    EXPECT_TRUE(value.empty() || value.size() <= 2) << "shared value: " << value;
  }
  EXPECT_FALSE(answer_rows.contains("secret.rater@example.org"));
  EXPECT_FALSE(answer_rows.contains(kNow));
}

INSTANTIATE_TEST_SUITE_P(Backends, FeedbackStoreTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<store::Dialect>& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace lqf
