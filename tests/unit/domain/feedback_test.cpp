// Feedback cycles in the domain: scope from chosen elements, the checks every
// answer passes, progress counts and when a reminder may go.

#include "domain/feedback.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lqf::domain {
namespace {

//! A small framework: a category of two attributes, an area with a
//! functional area of two statements, and a context question not scored.
Framework Small() {
  Framework f;
  f.code = "small";
  f.version = "1";
  f.scales.push_back({"proficiency",
                      ScalePurpose::kProficiency,
                      "P",
                      "Q",
                      {{1, "a", ""}, {2, "b", ""}, {3, "c", ""}},
                      NoAnswer{"Not able to comment", ""}});
  f.scales.push_back(
      {"importance", ScalePurpose::kImportance, "I", "Q", {{1, "low", ""}, {2, "high", ""}}, std::nullopt});
  auto add = [&](std::string code, NodeType type, int depth, std::optional<std::size_t> parent, bool scored = true) {
    Node node;
    node.code = std::move(code);
    node.type = type;
    node.depth = depth;
    node.parent = parent;
    node.scored = scored;
    node.text = node.code;
    f.nodes.push_back(node);
    const auto index = f.nodes.size() - 1;
    if (parent) {
      f.nodes[*parent].children.push_back(index);
    } else {
      f.roots.push_back(index);
    }
    return index;
  };
  const auto a = add("A", NodeType::kCategory, 0, std::nullopt);
  add("A1", NodeType::kAttribute, 1, a);
  add("A2", NodeType::kAttribute, 1, a);
  const auto k = add("K1", NodeType::kArea, 0, std::nullopt);
  const auto k11 = add("K1.1", NodeType::kFunctionalArea, 1, k);
  add("K1.1.1", NodeType::kStatement, 2, k11);
  add("K1.1.2", NodeType::kStatement, 2, k11);
  const auto x = add("X", NodeType::kCategory, 0, std::nullopt);
  add("X1", NodeType::kContextIssue, 1, x, false);
  f.Index();
  return f;
}

using Codes = std::vector<std::string>;

TEST(FeedbackScope, EmptyMeansEveryScoredElementInFrameworkOrder) {
  Codes unknown;
  EXPECT_EQ(ResolveScope(Small(), {}, &unknown), (Codes{"A1", "A2", "K1.1.1", "K1.1.2"}));
  EXPECT_TRUE(unknown.empty());
}

TEST(FeedbackScope, ABranchStandsForTheScoredLeavesBelowIt) {
  Codes unknown;
  EXPECT_EQ(ResolveScope(Small(), {"K1"}, &unknown), (Codes{"K1.1.1", "K1.1.2"}));
  EXPECT_EQ(ResolveScope(Small(), {"K1.1.2", "A"}, &unknown), (Codes{"A1", "A2", "K1.1.2"})) << "framework order";
  EXPECT_EQ(ResolveScope(Small(), {"A2", "A2", "A"}, &unknown), (Codes{"A1", "A2"})) << "no duplicates";
  EXPECT_TRUE(unknown.empty());
}

TEST(FeedbackScope, UnknownAndUnscoredChoicesAreReported) {
  Codes unknown;
  EXPECT_EQ(ResolveScope(Small(), {"A1", "Z9", "X", "X1"}, &unknown), (Codes{"A1"}));
  EXPECT_EQ(unknown, (Codes{"Z9", "X", "X1"}));
}

Answer Rated(std::string element, std::optional<int> rating) {
  Answer answer;
  answer.element = std::move(element);
  answer.rating = rating;
  answer.answered = true;
  return answer;
}

TEST(FeedbackAnswers, ACompleteSetOnTheScaleHasNoProblems) {
  const auto f = Small();
  const Codes scope{"A1", "A2"};
  auto second = Rated("A2", std::nullopt);  // not able to comment
  second.importance = 2;
  second.comment = "Seen at the partnership board, twice.";
  EXPECT_TRUE(CheckAnswers(f, scope, {Rated("A1", 3), second}, true).empty());
}

TEST(FeedbackAnswers, ADraftMayBePartButASubmissionMayNot) {
  const auto f = Small();
  const Codes scope{"A1", "A2", "K1.1.1"};
  EXPECT_TRUE(CheckAnswers(f, scope, {Rated("A1", 1)}, false).empty());
  const auto problems = CheckAnswers(f, scope, {Rated("A1", 1)}, true);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].element, "A2");
  EXPECT_EQ(problems[0].code, "missing");
  EXPECT_EQ(problems[1].element, "K1.1.1");
  // A comment without a rating is still unanswered.
  Answer comment_only;
  comment_only.element = "A2";
  comment_only.comment = "text";
  EXPECT_EQ(CheckAnswers(f, {"A2"}, {comment_only}, true).at(0).code, "missing");
}

TEST(FeedbackAnswers, ValuesOffTheScaleAreRefusedEachByField) {
  const auto f = Small();
  auto answer = Rated("A1", 4);
  answer.importance = 0;
  const auto problems = CheckAnswers(f, {"A1"}, {answer}, true);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, "rating");
  EXPECT_EQ(problems[0].code, "out-of-scale");
  EXPECT_EQ(problems[1].field, "importance");
  EXPECT_EQ(problems[1].code, "out-of-scale");
  EXPECT_EQ(CheckAnswers(f, {"A1"}, {Rated("A1", -1)}, false).at(0).code, "out-of-scale");
}

TEST(FeedbackAnswers, ElementsOutsideTheScopeAreRefused) {
  const auto problems = CheckAnswers(Small(), {"A1"}, {Rated("A1", 2), Rated("K1.1.1", 2)}, true);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].element, "K1.1.1");
  EXPECT_EQ(problems[0].code, "not-in-scope");
}

TEST(FeedbackAnswers, CommentsMustBeTextAndNotTooLong) {
  const auto f = Small();
  auto answer = Rated("A1", 2);
  answer.comment = std::string(kMaxCommentCharacters, 'x');
  EXPECT_TRUE(CheckAnswers(f, {"A1"}, {answer}, true).empty()) << "exactly the limit";
  answer.comment += "é";
  EXPECT_EQ(CheckAnswers(f, {"A1"}, {answer}, true).at(0).code, "too-long");
  // Characters, not bytes: 5,000 two-byte letters are within the limit.
  std::string accented;
  for (std::size_t i = 0; i < kMaxCommentCharacters; ++i) accented += "é";
  answer.comment = accented;
  EXPECT_TRUE(CheckAnswers(f, {"A1"}, {answer}, true).empty());
  answer.comment = "bad \xC3";
  EXPECT_EQ(CheckAnswers(f, {"A1"}, {answer}, true).at(0).code, "not-text");
}

TEST(FeedbackProgress, CountsEachGroupByStatusAndNeverMore) {
  const auto groups = DefaultRaterGroups();
  std::vector<Rater> raters;
  auto add = [&](std::string group, RaterStatus status) {
    Rater rater;
    rater.group = std::move(group);
    rater.status = status;
    raters.push_back(rater);
  };
  add("peers", RaterStatus::kSubmitted);
  add("peers", RaterStatus::kSubmitted);
  add("peers", RaterStatus::kDeclined);
  add("direct-reports", RaterStatus::kStarted);
  add("direct-reports", RaterStatus::kInvited);
  add("line-manager", RaterStatus::kNominated);
  add("no-such-group", RaterStatus::kSubmitted);
  const auto progress = Progress(groups, raters);
  ASSERT_EQ(progress.size(), groups.size());
  EXPECT_EQ(progress[0].group, "line-manager");
  EXPECT_EQ(progress[0].nominated, 1);
  EXPECT_EQ(progress[2].group, "direct-reports");
  EXPECT_EQ(progress[2].started, 1);
  EXPECT_EQ(progress[2].invited, 1);
  EXPECT_EQ(progress[4].group, "peers");
  EXPECT_EQ(progress[4].submitted, 2);
  EXPECT_EQ(progress[4].declined, 1);
  int total = 0;
  for (const auto& p : progress) total += p.nominated + p.invited + p.started + p.submitted + p.declined;
  EXPECT_EQ(total, 6) << "the rater of an unknown group is not counted";
}

TEST(FeedbackGroups, TheDefaultsAreTheStudysStakeholders) {
  const auto groups = DefaultRaterGroups();
  ASSERT_EQ(groups.size(), 6u);
  for (const auto& group : groups) {
    EXPECT_EQ(group.minimum, 3) << group.code;
    EXPECT_FALSE(group.attributed) << group.code;
    EXPECT_EQ(group.single_person, group.code == "line-manager" || group.code == "lead-member") << group.code;
  }
}

TEST(FeedbackStatus, NamesRoundTrip) {
  for (auto s : {CycleStatus::kNominating, CycleStatus::kAwaitingApproval, CycleStatus::kOpen, CycleStatus::kClosed}) {
    EXPECT_EQ(ParseCycleStatus(CycleStatusName(s)), s);
    EXPECT_FALSE(CycleStatusLabel(s).empty());
  }
  for (auto s : {RaterStatus::kNominated, RaterStatus::kInvited, RaterStatus::kStarted, RaterStatus::kSubmitted,
                 RaterStatus::kDeclined}) {
    EXPECT_EQ(ParseRaterStatus(RaterStatusName(s)), s);
  }
  EXPECT_FALSE(ParseCycleStatus("Open").has_value());
  EXPECT_FALSE(ParseRaterStatus("").has_value());
}

TEST(FeedbackReminders, AtMostTheLimitAndNoSoonerThanTheGap) {
  Cycle cycle;
  cycle.reminder_limit = 2;
  cycle.reminder_gap_days = 7;
  Rater rater;
  rater.status = RaterStatus::kInvited;
  rater.last_sent_at = "2026-11-01T09:00:00Z";
  EXPECT_EQ(ReminderRefusal(cycle, rater, "2026-11-08T08:59:59Z"), "too-soon");
  EXPECT_EQ(ReminderRefusal(cycle, rater, "2026-11-08T09:00:00Z"), std::nullopt);
  EXPECT_EQ(ReminderRefusal(cycle, rater, "2027-03-01T00:00:00Z"), std::nullopt) << "across months and a year";
  rater.reminders_sent = 2;
  EXPECT_EQ(ReminderRefusal(cycle, rater, "2026-12-30T00:00:00Z"), "limit");
  rater.reminders_sent = 0;
  rater.status = RaterStatus::kStarted;
  EXPECT_EQ(ReminderRefusal(cycle, rater, "2026-12-30T00:00:00Z"), std::nullopt) << "a draft may be reminded";
  rater.status = RaterStatus::kSubmitted;
  EXPECT_EQ(ReminderRefusal(cycle, rater, "2026-12-30T00:00:00Z"), "finished");
  rater.status = RaterStatus::kDeclined;
  EXPECT_EQ(ReminderRefusal(cycle, rater, "2026-12-30T00:00:00Z"), "finished");
  rater.status = RaterStatus::kNominated;
  EXPECT_EQ(ReminderRefusal(cycle, rater, "2026-12-30T00:00:00Z"), "not-invited");
  // Leap day: 2028-02-22 + 7 days is 2028-02-29.
  rater.status = RaterStatus::kInvited;
  rater.last_sent_at = "2028-02-22T12:00:00Z";
  EXPECT_EQ(ReminderRefusal(cycle, rater, "2028-02-29T11:59:59Z"), "too-soon");
  EXPECT_EQ(ReminderRefusal(cycle, rater, "2028-02-29T12:00:00Z"), std::nullopt);
}

TEST(FeedbackDates, OnlyRealDatesInTheirOneForm) {
  EXPECT_EQ(DayNumber("1970-01-01"), 0);
  EXPECT_EQ(DayNumber("2026-11-22"), 20779);
  EXPECT_EQ(*DayNumber("2028-03-01") - *DayNumber("2028-02-28"), 2) << "a leap year";
  EXPECT_EQ(*DayNumber("2100-03-01") - *DayNumber("2100-02-28"), 1) << "not a leap year";
  EXPECT_TRUE(DayNumber("2000-02-29").has_value());
  for (const char* bad : {"2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "26-11-22",
                          "2026/11/22", "2026-11-22T00:00:00Z", "", "yesterday", "1969-12-31"}) {
    EXPECT_FALSE(DayNumber(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace lqf::domain
