// Development plans in the domain: the names of sources, kinds and statuses,
// the checks on goals and actions, and a goal drafted from a report finding
// carrying the finding's statement and figures.

#include "domain/plans.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "interchange/framework_json.hpp"

namespace lqf::domain {
namespace {

Framework Bundled() {
  std::ifstream in(std::string(LQF_SOURCE_ROOT) + "/data/frameworks/nlqf-2010.json");
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(*interchange::ParseFramework(text.str()).framework);
}

TEST(Plans, NamesGoBothWays) {
  for (auto source : kAllGoalSources) {
    EXPECT_EQ(ParseGoalSource(GoalSourceName(source)), source);
    EXPECT_FALSE(GoalSourceLabel(source).empty());
  }
  for (auto kind : kAllActionKinds) {
    EXPECT_EQ(ParseActionKind(ActionKindName(kind)), kind);
    EXPECT_FALSE(ActionKindLabel(kind).empty());
  }
  for (auto status : kAllActionStatuses) {
    EXPECT_EQ(ParseActionStatus(ActionStatusName(status)), status);
    EXPECT_FALSE(ActionStatusLabel(status).empty());
  }
  EXPECT_EQ(ActionKindName(ActionKind::kActionLearning), "action-learning");
  EXPECT_FALSE(ParseActionKind("Coaching").has_value()) << "names are exact";
  EXPECT_FALSE(ParseActionStatus("").has_value());
}

TEST(Plans, AGoalNeedsATitleAndAStatementOfTheFramework) {
  const auto framework = Bundled();
  Goal goal;
  goal.title = "Lead change across the partnership";
  goal.element = "S4";
  EXPECT_TRUE(CheckGoal(framework, goal).empty());
  goal.element.clear();
  EXPECT_TRUE(CheckGoal(framework, goal).empty()) << "a goal may be about no statement in particular";

  auto problems = [&](Goal g) {
    std::vector<std::string> out;
    for (const auto& p : CheckGoal(framework, g)) out.push_back(p.field + ":" + p.code);
    return out;
  };
  Goal blank;
  EXPECT_EQ(problems(blank), std::vector<std::string>{"title:blank"});
  Goal branch = goal;
  branch.element = "K1";
  EXPECT_EQ(problems(branch), std::vector<std::string>{"element:not-found"}) << "an area is not a statement";
  Goal unknown = goal;
  unknown.element = "Z9";
  EXPECT_EQ(problems(unknown), std::vector<std::string>{"element:not-found"});
  Goal hostile = goal;
  hostile.title = "Line\nbreak";
  hostile.detail = std::string(kMaxPlanTextCharacters + 1, 'x');
  EXPECT_EQ(problems(hostile), (std::vector<std::string>{"title:not-text", "detail:too-long"}));
  Goal multiline = goal;
  multiline.detail = "First line\nsecond line, in “quotes”";
  EXPECT_TRUE(problems(multiline).empty());
  Goal long_title = goal;
  long_title.title = std::string(kMaxGoalTitleCharacters, 'a');
  EXPECT_TRUE(problems(long_title).empty());
  long_title.title += "é";
  EXPECT_EQ(problems(long_title), std::vector<std::string>{"title:too-long"});
}

TEST(Plans, AnActionNeedsWhatToDoAndARealDate) {
  PlanAction action;
  action.description = "Shadow the director of adult social care for a week";
  action.kind = ActionKind::kShadowing;
  action.owner = "Me";
  action.due = "2027-03-31";
  EXPECT_TRUE(CheckAction(action).empty());
  action.due.clear();
  EXPECT_TRUE(CheckAction(action).empty()) << "a date is optional";
  PlanAction wrong;
  wrong.due = "2027-02-30";
  wrong.owner = std::string(kMaxOwnerCharacters + 1, 'o');
  std::vector<std::string> got;
  for (const auto& p : CheckAction(wrong)) got.push_back(p.field + ":" + p.code);
  EXPECT_EQ(got, (std::vector<std::string>{"description:blank", "owner:too-long", "due:invalid"}));
}

TEST(Plans, AGoalFromAFindingKeepsItsStatementAndFigures) {
  Report report;
  report.cycle_title = "Autumn 2026";
  StatementResult s;
  s.code = "S4";
  s.text = "Work collaboratively and in partnership with stakeholders";
  s.self_score = 5;
  s.self_importance = 4;
  s.others.responses = 8;
  s.others.mean = 3.125;
  s.gap = 5 - 3.125;
  StatementResult other = s;
  other.code = "A1";
  report.statements = {other, s};
  report.blind_spots = {{1, *s.gap}};
  report.priorities = {{0, 4}};

  const auto goal = GoalFromFinding(report, "S4", GoalSource::kBlindSpot);
  ASSERT_TRUE(goal.has_value());
  EXPECT_EQ(goal->element, "S4");
  EXPECT_EQ(goal->title, s.text);
  EXPECT_EQ(goal->source, GoalSource::kBlindSpot);
  EXPECT_EQ(goal->finding, "Blind spot in Autumn 2026: you 5 (importance 4), others 3.1 from 8 responses, gap +1.9");
  EXPECT_FALSE(GoalFromFinding(report, "S4", GoalSource::kPriority)) << "S4 is no priority in this report";
  EXPECT_TRUE(GoalFromFinding(report, "A1", GoalSource::kPriority));
  EXPECT_FALSE(GoalFromFinding(report, "K1.1.1", GoalSource::kBlindSpot));
  EXPECT_FALSE(GoalFromFinding(report, "S4", GoalSource::kOwn)) << "your own goal comes from no finding";
}

}  // namespace
}  // namespace lqf::domain
