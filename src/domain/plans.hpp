#pragma once
//! Development plans: what a director means to develop, tied to the
//! framework's statements, and the actions that will get them there, of the
//! kinds that fit these leaders (the 2008 study found coaching, mentoring,
//! shadowing and time in a less familiar sector most useful to them). A goal
//! is written from scratch or straight from a report finding, and then keeps
//! the finding's statement and figures, so the plan shows why it is there.
//! Pure: checks and the making of a goal from a report; storage and who may
//! see or change a plan live above (app/).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/framework.hpp"
#include "domain/report.hpp"

namespace lqf::domain {

//! Where a goal came from.
enum class GoalSource {
  kOwn,             //!< written by its owner
  kBlindSpot,       //!< self clearly above others in a report
  kLowScore,        //!< among others' lowest scores in a report
  kPriority,        //!< important to the participant and scored low by others
  kHiddenStrength,  //!< others clearly above self: to build on
  kSession,         //!< agreed in a mentoring or coaching session (domain/support.hpp)
};
inline constexpr GoalSource kAllGoalSources[] = {
    GoalSource::kOwn,      GoalSource::kBlindSpot,      GoalSource::kLowScore,
    GoalSource::kPriority, GoalSource::kHiddenStrength, GoalSource::kSession};
std::string_view GoalSourceName(GoalSource source);   //!< "blind-spot"
std::string_view GoalSourceLabel(GoalSource source);  //!< "Blind spot"
std::optional<GoalSource> ParseGoalSource(std::string_view name);

//! The kinds of development action.
enum class ActionKind {
  kCoaching,
  kMentoring,
  kShadowing,
  kSecondment,  //!< a secondment or placement, e.g. in a less familiar sector
  kFormalProgramme,
  kReading,
  kActionLearning,
  kOther,
};
inline constexpr ActionKind kAllActionKinds[] = {
    ActionKind::kCoaching,        ActionKind::kMentoring, ActionKind::kShadowing,      ActionKind::kSecondment,
    ActionKind::kFormalProgramme, ActionKind::kReading,   ActionKind::kActionLearning, ActionKind::kOther};
std::string_view ActionKindName(ActionKind kind);   //!< "action-learning"
std::string_view ActionKindLabel(ActionKind kind);  //!< "Action learning set"
std::optional<ActionKind> ParseActionKind(std::string_view name);

//! Where an action is.
enum class ActionStatus { kPlanned, kInProgress, kDone, kDropped };
inline constexpr ActionStatus kAllActionStatuses[] = {ActionStatus::kPlanned, ActionStatus::kInProgress,
                                                      ActionStatus::kDone, ActionStatus::kDropped};
std::string_view ActionStatusName(ActionStatus status);   //!< "in-progress"
std::string_view ActionStatusLabel(ActionStatus status);  //!< "In progress"
std::optional<ActionStatus> ParseActionStatus(std::string_view name);

//! Limits, in characters.
inline constexpr std::size_t kMaxGoalTitleCharacters = 200;
inline constexpr std::size_t kMaxPlanTextCharacters = 4000;
inline constexpr std::size_t kMaxOwnerCharacters = 120;

//! A goal of a participant's development plan.
struct Goal {
  std::int64_t id = 0;
  std::int64_t participant_id = 0;
  std::string element;  //!< the framework statement it is about ("S4"); empty: none in particular
  std::string title;
  std::string detail;  //!< what success looks like, in the owner's words
  GoalSource source = GoalSource::kOwn;
  std::optional<std::int64_t> source_cycle_id;  //!< the cycle whose report it came from
  std::string finding;                          //!< the finding's figures in words, kept as they were
  std::string created_at;
};

//! One thing to do towards a goal.
struct PlanAction {
  std::int64_t id = 0;
  std::int64_t goal_id = 0;
  ActionKind kind = ActionKind::kOther;
  std::string description;
  std::string owner;  //!< who will do or arrange it ("Me", "My coach")
  std::string due;    //!< YYYY-MM-DD; empty: no date
  ActionStatus status = ActionStatus::kPlanned;
  std::string updated_at;
  std::optional<std::int64_t> session_id;  //!< the mentoring or coaching session that agreed it
};

//! What is wrong with a goal or action: `field` and a `code` ("blank",
//! "too-long", "not-text", "not-found", "invalid") for messages/en.json.
struct PlanProblem {
  std::string field;
  std::string code;
};

//! Checks one text field into `problems`: required or not, within `limit`
//! characters, UTF-8 without control characters (line breaks allowed where
//! `multiline`). Shared by the checks of plans, sessions and appraisals.
void CheckPlanText(std::string_view field, std::string_view text, std::size_t limit, bool required, bool multiline,
                   std::vector<PlanProblem>& problems);

//! Checks a goal: a title; an element, if given, a scored statement of `framework`.
std::vector<PlanProblem> CheckGoal(const Framework& framework, const Goal& goal);
//! Checks an action: a description; owner and due date well formed.
std::vector<PlanProblem> CheckAction(const PlanAction& action);

//! A goal drafted from a report finding about `element`: its title is the
//! statement, its finding the figures that put it there ("Blind spot in
//! Autumn 2026: you 5, others 3.1 from 14 responses, gap +1.9"). Nothing if
//! the report does not have that finding for that statement.
std::optional<Goal> GoalFromFinding(const Report& report, std::string_view element, GoalSource source);

}  // namespace lqf::domain
