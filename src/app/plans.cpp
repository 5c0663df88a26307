#include "app/plans.hpp"

#include "app/support.hpp"
#include "app/text_input.hpp"

namespace lqf::app {
namespace {

std::vector<Refusal> AsRefusals(const std::vector<domain::PlanProblem>& problems) {
  std::vector<Refusal> refusals;
  for (const auto& problem : problems) refusals.push_back({problem.field, problem.code});
  return refusals;
}

}  // namespace

Plans::Plans(PlanRepository& plans, SupportRepository& support, AccountRepository& accounts, FrameworkCatalog& catalog,
             Reports& reports, Clock& clock, std::string framework_code)
    : plans_(plans),
      support_(support),
      accounts_(accounts),
      catalog_(catalog),
      reports_(reports),
      clock_(clock),
      framework_code_(std::move(framework_code)) {}

bool Plans::Allowed(const domain::Actor& actor, std::int64_t participant_id, domain::Action action) {
  const auto person = accounts_.FindPerson(participant_id);
  return person && domain::IsAllowed(actor, action, TargetWithTies(*person, support_, clock_.NowUtc().substr(0, 10)));
}

std::optional<std::int64_t> Plans::By(const domain::Actor& actor) const {
  return actor.person_id > 0 ? std::optional<std::int64_t>(actor.person_id) : std::nullopt;
}

Outcome<PlanView> Plans::PlanOf(const domain::Actor& actor, std::int64_t participant_id) {
  // Not allowed reads as not there.
  if (!Allowed(actor, participant_id, domain::Action::kViewPlan)) return Refuse<PlanView>("participant", "not_found");
  PlanView view;
  view.participant_id = participant_id;
  if (const auto person = accounts_.FindPerson(participant_id)) view.participant_name = person->name;
  view.goals = plans_.ListGoals(participant_id);
  view.actions = plans_.ListActions(participant_id);
  view.history = plans_.History(participant_id);
  view.reviews = support_.PlanReviews(participant_id);
  view.as_of = clock_.NowUtc();
  for (auto& review : view.reviews) {
    const auto reviewer = review.reviewer_id ? accounts_.FindPerson(*review.reviewer_id) : std::nullopt;
    review.reviewer_name = reviewer ? reviewer->name : "Someone no longer here";
  }
  view.can_edit = Allowed(actor, participant_id, domain::Action::kEditPlan);
  view.can_review = true;  // whoever may see a plan may record a review of it
  return {std::move(view), {}};
}

Outcome<std::int64_t> Plans::AddGoal(const domain::Actor& actor, std::int64_t participant_id, const GoalInput& input) {
  if (!Allowed(actor, participant_id, domain::Action::kEditPlan)) {
    return Refuse<std::int64_t>("participant", "not_found");
  }
  const auto entry = catalog_.Get(framework_code_);
  if (!entry) return Refuse<std::int64_t>("element", "not-found");
  domain::Goal goal;
  goal.participant_id = participant_id;
  goal.element = std::string(Trim(input.element));
  goal.title = std::string(Trim(input.title));
  goal.detail = std::string(Trim(input.detail));
  auto problems = AsRefusals(domain::CheckGoal(*entry->framework, goal));
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  return {plans_.AddGoal(goal, By(actor), clock_.NowUtc()), {}};
}

Outcome<std::int64_t> Plans::AddGoalFromFinding(const domain::Actor& actor, std::int64_t cycle_id,
                                                std::string_view element, std::string_view source,
                                                std::optional<std::int64_t> expected_participant) {
  const auto kind = domain::ParseGoalSource(source);
  if (!kind || *kind == domain::GoalSource::kOwn || *kind == domain::GoalSource::kSession)
    return Refuse<std::int64_t>("source", "invalid");
  auto report = reports_.Open(actor, cycle_id);
  if (!report.Ok()) return {std::nullopt, report.refusals};
  const auto participant_id = report.value->access.cycle.participant_id;
  if ((expected_participant && *expected_participant != participant_id) ||
      !Allowed(actor, participant_id, domain::Action::kEditPlan)) {
    return Refuse<std::int64_t>("participant", "not_found");
  }
  auto goal = domain::GoalFromFinding(report.value->report, element, *kind);
  if (!goal) return Refuse<std::int64_t>("finding", "not_found");
  for (const auto& existing : plans_.ListGoals(participant_id)) {
    if (existing.source_cycle_id == cycle_id && existing.element == goal->element && existing.source == *kind) {
      return Refuse<std::int64_t>("finding", "already_planned");
    }
  }
  goal->participant_id = participant_id;
  goal->source_cycle_id = cycle_id;
  return {plans_.AddGoal(*goal, By(actor), clock_.NowUtc()), {}};
}

Outcome<std::int64_t> Plans::AddAction(const domain::Actor& actor, std::int64_t goal_id, const ActionInput& input) {
  const auto goal = plans_.FindGoal(goal_id);
  if (!goal || !Allowed(actor, goal->participant_id, domain::Action::kEditPlan)) {
    return Refuse<std::int64_t>("goal", "not_found");
  }
  domain::PlanAction action;
  action.goal_id = goal_id;
  const auto kind = domain::ParseActionKind(Trim(input.kind));
  action.description = std::string(Trim(input.description));
  action.owner = std::string(Trim(input.owner));
  action.due = std::string(Trim(input.due));
  auto problems = AsRefusals(domain::CheckAction(action));
  if (!kind) problems.insert(problems.begin(), {"kind", "invalid"});
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  action.kind = *kind;
  return {plans_.AddAction(action, goal->participant_id, By(actor), clock_.NowUtc()), {}};
}

Outcome<bool> Plans::SetActionStatus(const domain::Actor& actor, std::int64_t action_id, std::string_view status) {
  const auto action = plans_.FindAction(action_id);
  const auto goal = action ? plans_.FindGoal(action->goal_id) : std::nullopt;
  if (!goal || !Allowed(actor, goal->participant_id, domain::Action::kEditPlan)) {
    return Refuse<bool>("action", "not_found");
  }
  const auto parsed = domain::ParseActionStatus(status);
  if (!parsed) return Refuse<bool>("status", "invalid");
  return {plans_.SetActionStatus(action_id, *parsed, goal->participant_id, By(actor), clock_.NowUtc()), {}};
}

}  // namespace lqf::app
