#include "app/plans.hpp"

#include <sodium.h>

#include <iostream>
#include <map>

#include "app/support.hpp"
#include "app/text_input.hpp"

namespace lqf::app {
namespace {

//! The SHA-256 of `bytes`, lower-case hex.
std::string Sha256Hex(std::string_view bytes) {
  if (sodium_init() < 0) throw StoreError("cannot initialise libsodium");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
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
  // Who the person is and who supports them, read once for both questions.
  const auto person = accounts_.FindPerson(participant_id);
  const auto target =
      person ? std::optional(TargetWithTies(*person, support_, clock_.NowUtc().substr(0, 10))) : std::nullopt;
  // Not allowed reads as not there.
  if (!target || !domain::IsAllowed(actor, domain::Action::kViewPlan, *target)) {
    return Refuse<PlanView>("participant", "not_found");
  }
  PlanView view;
  view.participant_id = participant_id;
  view.participant_name = person->name;
  view.goals = plans_.ListGoals(participant_id);
  view.actions = plans_.ListActions(participant_id);
  view.history = plans_.History(participant_id);
  view.reviews = support_.PlanReviews(participant_id);
  view.as_of = clock_.NowUtc();
  std::map<std::int64_t, std::string> names;  // each reviewer or uploader looked up once
  const auto name_of = [&](const std::optional<std::int64_t>& id) {
    if (!id) return std::string("Someone no longer here");
    auto [it, added] = names.try_emplace(*id);
    if (added) {
      const auto found = accounts_.FindPerson(*id);
      it->second = found ? found->name : "Someone no longer here";
    }
    return it->second;
  };
  for (auto& review : view.reviews) review.reviewer_name = name_of(review.reviewer_id);
  for (auto& evidence : plans_.ListEvidence(participant_id)) {
    auto name = name_of(evidence.uploaded_by);
    view.evidence.push_back({std::move(evidence), std::move(name)});
  }
  view.can_edit = domain::IsAllowed(actor, domain::Action::kEditPlan, *target);
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

Outcome<std::int64_t> Plans::AddEvidence(const domain::Actor& actor, std::int64_t goal_id,
                                         std::optional<std::int64_t> action_id, bool sent, std::string_view file_name,
                                         std::string_view content) {
  const auto goal = plans_.FindGoal(goal_id);
  if (!goal || !Allowed(actor, goal->participant_id, domain::Action::kEditPlan)) {
    return Refuse<std::int64_t>("goal", "not_found");
  }
  if (action_id) {
    const auto action = plans_.FindAction(*action_id);
    if (!action || action->goal_id != goal_id) return Refuse<std::int64_t>("action", "not_found");
  }
  domain::CheckedEvidence checked;
  auto problems = AsRefusals(domain::CheckEvidence(sent, file_name, content, &checked));
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  domain::Evidence evidence;
  evidence.participant_id = goal->participant_id;
  evidence.goal_id = goal_id;
  evidence.action_id = action_id;
  evidence.file_name = std::move(checked.file_name);
  evidence.content_type = std::move(checked.content_type);
  evidence.size_bytes = static_cast<std::int64_t>(content.size());
  evidence.sha256 = Sha256Hex(content);
  evidence.uploaded_by = By(actor);
  return {plans_.AddEvidence(evidence, content, clock_.NowUtc()), {}};
}

Outcome<EvidenceFile> Plans::Evidence(const domain::Actor& actor, std::int64_t evidence_id) {
  // Who may see it first: nobody makes the server read a file they may not have.
  const auto participant = plans_.EvidenceParticipant(evidence_id);
  if (!participant || !Allowed(actor, *participant, domain::Action::kViewPlan)) {
    return Refuse<EvidenceFile>("evidence", "not_found");
  }
  auto file = plans_.FindEvidence(evidence_id);
  if (!file || file->evidence.participant_id != *participant) return Refuse<EvidenceFile>("evidence", "not_found");
  // Checked on every download: a file damaged in the store (or changed behind
  // LQF's back) is not handed out as if it were what was uploaded.
  if (Sha256Hex(file->content) != file->evidence.sha256 ||
      static_cast<std::int64_t>(file->content.size()) != file->evidence.size_bytes) {
    // The id only: the name and content are the participant's.
    std::cerr << "error: evidence " << evidence_id << " does not match its stored SHA-256; not served\n";
    throw EvidenceIntegrityError("evidence " + std::to_string(evidence_id) + " does not match its checksum");
  }
  return {std::move(*file), {}};
}

}  // namespace lqf::app
