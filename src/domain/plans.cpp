#include "domain/plans.hpp"

#include <algorithm>
#include <cstdio>

#include "domain/feedback.hpp"
#include "domain/text.hpp"

namespace lqf::domain {
namespace {

template <typename Enum>
struct Names {
  Enum value;
  std::string_view name;
  std::string_view label;
};

constexpr Names<GoalSource> kSourceNames[] = {
    {GoalSource::kOwn, "own", "Your own"},
    {GoalSource::kBlindSpot, "blind-spot", "Blind spot"},
    {GoalSource::kLowScore, "low-score", "Low score"},
    {GoalSource::kPriority, "priority", "Development priority"},
    {GoalSource::kHiddenStrength, "hidden-strength", "Hidden strength"},
    {GoalSource::kSession, "session", "Agreed in a session"},
};

constexpr Names<ActionKind> kKindNames[] = {
    {ActionKind::kCoaching, "coaching", "Coaching"},
    {ActionKind::kMentoring, "mentoring", "Mentoring"},
    {ActionKind::kShadowing, "shadowing", "Shadowing"},
    {ActionKind::kSecondment, "secondment", "Secondment or placement"},
    {ActionKind::kFormalProgramme, "formal-programme", "Formal programme"},
    {ActionKind::kReading, "reading", "Reading"},
    {ActionKind::kActionLearning, "action-learning", "Action learning set"},
    {ActionKind::kOther, "other", "Other"},
};

constexpr Names<ActionStatus> kStatusNames[] = {
    {ActionStatus::kPlanned, "planned", "Planned"},
    {ActionStatus::kInProgress, "in-progress", "In progress"},
    {ActionStatus::kDone, "done", "Done"},
    {ActionStatus::kDropped, "dropped", "Dropped"},
};

template <typename Table, typename Enum>
std::string_view NameOf(const Table& table, Enum value, bool label) {
  for (const auto& entry : table) {
    if (entry.value == value) return label ? entry.label : entry.name;
  }
  return {};
}

template <typename Enum, typename Table>
std::optional<Enum> Parse(const Table& table, std::string_view name) {
  for (const auto& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace

void CheckPlanText(std::string_view field, std::string_view text, std::size_t limit, bool required, bool multiline,
                   std::vector<PlanProblem>& problems) {
  if (text.empty()) {
    if (required) problems.push_back({std::string(field), "blank"});
    return;
  }
  const bool control = std::any_of(text.begin(), text.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || u == 0x7f;
  });
  if (!IsValidUtf8(text) || control) {
    problems.push_back({std::string(field), "not-text"});
  } else if (CountCharacters(text) > limit) {
    problems.push_back({std::string(field), "too-long"});
  }
}

namespace {

std::string Fixed(double value, bool sign = false) {
  char text[32];
  std::snprintf(text, sizeof text, sign ? "%+.1f" : "%.1f", value);
  return text;
}

}  // namespace

std::string_view GoalSourceName(GoalSource source) { return NameOf(kSourceNames, source, false); }
std::string_view GoalSourceLabel(GoalSource source) { return NameOf(kSourceNames, source, true); }
std::optional<GoalSource> ParseGoalSource(std::string_view name) { return Parse<GoalSource>(kSourceNames, name); }
std::string_view ActionKindName(ActionKind kind) { return NameOf(kKindNames, kind, false); }
std::string_view ActionKindLabel(ActionKind kind) { return NameOf(kKindNames, kind, true); }
std::optional<ActionKind> ParseActionKind(std::string_view name) { return Parse<ActionKind>(kKindNames, name); }
std::string_view ActionStatusName(ActionStatus status) { return NameOf(kStatusNames, status, false); }
std::string_view ActionStatusLabel(ActionStatus status) { return NameOf(kStatusNames, status, true); }
std::optional<ActionStatus> ParseActionStatus(std::string_view name) { return Parse<ActionStatus>(kStatusNames, name); }

std::vector<PlanProblem> CheckGoal(const Framework& framework, const Goal& goal) {
  std::vector<PlanProblem> problems;
  CheckPlanText("title", goal.title, kMaxGoalTitleCharacters, true, false, problems);
  CheckPlanText("detail", goal.detail, kMaxPlanTextCharacters, false, true, problems);
  if (!goal.element.empty()) {
    const auto* node = framework.Find(goal.element);
    if (node == nullptr || node->IsBranch() || !node->scored) problems.push_back({"element", "not-found"});
  }
  return problems;
}

std::vector<PlanProblem> CheckAction(const PlanAction& action) {
  std::vector<PlanProblem> problems;
  CheckPlanText("description", action.description, kMaxPlanTextCharacters, true, true, problems);
  CheckPlanText("owner", action.owner, kMaxOwnerCharacters, false, false, problems);
  if (!action.due.empty() && !DayNumber(action.due)) problems.push_back({"due", "invalid"});
  return problems;
}

std::optional<Goal> GoalFromFinding(const Report& report, std::string_view element, GoalSource source) {
  const std::vector<Finding>* list = nullptr;
  switch (source) {
    case GoalSource::kBlindSpot:
      list = &report.blind_spots;
      break;
    case GoalSource::kLowScore:
      list = &report.lowest;
      break;
    case GoalSource::kPriority:
      list = &report.priorities;
      break;
    case GoalSource::kHiddenStrength:
      list = &report.hidden_strengths;
      break;
    case GoalSource::kOwn:
    case GoalSource::kSession:
      return std::nullopt;
  }
  const auto found = std::find_if(list->begin(), list->end(), [&](const Finding& finding) {
    return report.statements.at(finding.statement).code == element;
  });
  if (found == list->end()) return std::nullopt;
  const auto& s = report.statements.at(found->statement);
  Goal goal;
  goal.element = s.code;
  goal.title = s.text;
  goal.source = source;
  // The figures that put it there, in words, as the report showed them.
  std::string figures = std::string(GoalSourceLabel(source)) + " in " + report.cycle_title + ": ";
  figures += "you " + (s.self_score ? std::to_string(*s.self_score) : std::string("no score"));
  if (s.self_importance) figures += " (importance " + std::to_string(*s.self_importance) + ")";
  figures += ", others " + (s.others.mean ? Fixed(*s.others.mean) : std::string("no score")) + " from " +
             std::to_string(s.others.responses) + (s.others.responses == 1 ? " response" : " responses");
  if (s.gap) figures += ", gap " + Fixed(*s.gap, true);
  goal.finding = figures;
  return goal;
}

}  // namespace lqf::domain
