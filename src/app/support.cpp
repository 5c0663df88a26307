#include "app/support.hpp"

#include <algorithm>

#include "app/text_input.hpp"
#include "domain/feedback.hpp"

namespace lqf::app {

domain::Target TargetWithTies(const domain::Person& person, const std::vector<domain::Relationship>& supporters,
                              std::string_view today) {
  auto target = domain::TargetFor(person);
  for (const auto& r : supporters) target.ties.push_back({r.supporter_id, r.kind, r.ActiveOn(today), r.shares_plan});
  return target;
}

domain::Target TargetWithTies(const domain::Person& person, SupportRepository& support, std::string_view today) {
  return TargetWithTies(person, support.SupportersOf(person.id), today);
}

int SendPlanReminders(SupportRepository& support, AccountRepository& accounts, Notifications& notifications,
                      Clock& clock, int days_ahead) {
  const auto now = clock.NowUtc();
  const auto today = now.substr(0, 10);
  const auto today_number = domain::DayNumber(today);
  if (!today_number) return 0;
  int sent = 0;
  for (const auto& due : support.ActionsDueBy(domain::DateOfDay(*today_number + days_ahead))) {
    const auto person = accounts.FindPerson(due.participant_id);
    if (!person || person->disabled) continue;
    const auto queue = [&] {
      notifications.ActionFallingDue(*person, due.action.description, due.goal_title, due.action.due);
    };
    if (support.ClaimActionReminder(due.action.id, now, queue)) ++sent;
  }
  for (const auto& year : support.OpenAppraisals()) {
    const auto reviews = support.Reviews(year.id);
    for (const auto kind : domain::kAllReviewKinds) {
      const auto held_kind = [&](domain::ReviewKind k) {
        return std::any_of(reviews.begin(), reviews.end(), [k](const auto& r) { return r.kind == k; });
      };
      // A mid-year review is moot once the year-end one is held.
      const auto held = held_kind(kind) || held_kind(domain::ReviewKind::kYearEnd);
      const auto due = domain::ReviewDueOn(year, kind);
      if (held || due.empty() || due >= today) continue;
      // The line manager today: the one who can hold the review.
      std::optional<domain::Person> manager;
      for (const auto& r : support.SupportersOf(year.participant_id)) {
        if (r.kind == domain::SupportKind::kLineManager && r.ActiveOn(today)) {
          manager = accounts.FindPerson(r.supporter_id);
          break;
        }
      }
      if (!manager) continue;  // nobody to hold it: the person has no line manager today
      const auto participant = accounts.FindPerson(year.participant_id);
      if (!participant || participant->disabled || manager->disabled) continue;
      std::string review(domain::ReviewKindLabel(kind));
      review[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(review[0])));  // "mid-year review"
      const auto queue = [&] { notifications.ReviewNotHeld(*manager, participant->name, review, due, year.id); };
      if (support.ClaimReviewReminder(year.id, kind, now, queue)) ++sent;
    }
  }
  return sent;
}

Support::Support(SupportRepository& support, PlanRepository& plans, AccountRepository& accounts,
                 FrameworkCatalog& catalog, Clock& clock, std::string framework_code)
    : support_(support),
      plans_(plans),
      accounts_(accounts),
      catalog_(catalog),
      clock_(clock),
      framework_code_(std::move(framework_code)) {}

std::string Support::Today() const { return clock_.NowUtc().substr(0, 10); }

void Support::Audit(const domain::Actor& actor, std::string action, std::int64_t subject, std::string detail) {
  // Who set up or ended whose support, by id: never what was said in it.
  AuditEntry entry;
  entry.at = clock_.NowUtc();
  if (actor.person_id > 0) entry.actor_person_id = actor.person_id;
  entry.action = std::move(action);
  entry.subject_person_id = subject;
  entry.detail = std::move(detail);
  accounts_.Audit(entry);
}

std::string Support::NameOf(std::int64_t person_id) {
  const auto person = accounts_.FindPerson(person_id);
  return person ? person->name : std::string("Someone no longer here");
}

bool Support::Oversees(const domain::Actor& actor, const domain::Person& participant) {
  // A programme lead (or an administrator) who may set up the person's support.
  return actor.person_id != participant.id &&
         domain::IsAllowed(actor, domain::Action::kManageSupport, domain::TargetFor(participant));
}

RelationshipView Support::View(const domain::Actor& actor, const domain::Relationship& r,
                               const domain::Person& participant) {
  RelationshipView view;
  view.relationship = r;
  view.participant_name = participant.name;
  view.supporter_name = NameOf(r.supporter_id);
  view.active = r.ActiveOn(Today());
  const bool oversees = Oversees(actor, participant);
  view.sight = domain::SightOfSession(actor.person_id, r, oversees);
  if (view.sight != domain::SessionSight::kNone) {
    view.sessions = support_.Sessions(r.id);
    for (auto& session : view.sessions) {
      if (view.sight != domain::SessionSight::kFull) session.private_note.clear();
      if (view.sight == domain::SessionSight::kOutline) session.summary.clear();
    }
  }
  const bool supporter = actor.person_id == r.supporter_id;
  view.can_record = supporter && view.active && r.kind != domain::SupportKind::kLineManager;
  view.can_share = actor.person_id == r.participant_id;
  view.can_end = r.ended_on.empty() && (oversees || actor.person_id == r.participant_id);
  if (supporter && view.active && r.shares_plan) view.shared_goals = plans_.ListGoals(r.participant_id);
  return view;
}

Outcome<std::vector<RelationshipView>> Support::SupportersOf(const domain::Actor& actor, std::int64_t participant_id) {
  const auto person = accounts_.FindPerson(participant_id);
  if (!person || !domain::IsAllowed(actor, domain::Action::kViewSupport, domain::TargetFor(*person))) {
    return Refuse<std::vector<RelationshipView>>("participant", "not_found");
  }
  std::vector<RelationshipView> views;
  for (const auto& r : support_.SupportersOf(participant_id)) views.push_back(View(actor, r, *person));
  return {std::move(views), {}};
}

std::vector<RelationshipView> Support::Supporting(const domain::Actor& actor) {
  std::vector<RelationshipView> views;
  if (actor.person_id <= 0) return views;
  for (const auto& r : support_.SupportedBy(actor.person_id)) {
    const auto participant = accounts_.FindPerson(r.participant_id);
    if (participant) views.push_back(View(actor, r, *participant));
  }
  return views;
}

Outcome<RelationshipView> Support::Open(const domain::Actor& actor, std::int64_t relationship_id) {
  const auto r = support_.FindRelationship(relationship_id);
  const auto participant = r ? accounts_.FindPerson(r->participant_id) : std::nullopt;
  if (!participant) return Refuse<RelationshipView>("relationship", "not_found");
  auto view = View(actor, *r, *participant);
  if (view.sight == domain::SessionSight::kNone) return Refuse<RelationshipView>("relationship", "not_found");
  return {std::move(view), {}};
}

Outcome<std::int64_t> Support::AddRelationship(const domain::Actor& actor, std::int64_t participant_id,
                                               const RelationshipInput& input) {
  const auto participant = accounts_.FindPerson(participant_id);
  if (!participant || !Oversees(actor, *participant)) return Refuse<std::int64_t>("participant", "not_found");
  std::vector<Refusal> refusals;
  domain::Relationship r;
  r.participant_id = participant_id;
  std::string email(Trim(input.supporter_email));
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto supporter = email.empty() ? std::nullopt : accounts_.FindPersonByEmail(email);
  if (!supporter || supporter->disabled) {
    refusals.push_back({"supporter_email", email.empty() ? "blank" : "not_found"});
  } else if (supporter->id == actor.person_id) {
    // Whoever sets up support is not the one to give it: a lead who made
    // themself someone's line manager would read their appraisals.
    refusals.push_back({"supporter", "yourself"});
  } else {
    r.supporter_id = supporter->id;
  }
  const auto kind = domain::ParseSupportKind(Trim(input.kind));
  if (!kind) refusals.push_back({"kind", "invalid"});
  r.kind = kind.value_or(domain::SupportKind::kMentor);
  r.started_on = std::string(Trim(input.started_on));
  r.ended_on = std::string(Trim(input.ended_on));
  for (auto& refusal : AsRefusals(domain::CheckRelationship(r))) {
    if (refusal.field == "supporter" && r.supporter_id == 0) continue;  // the email is wrong already
    refusals.push_back(std::move(refusal));
  }
  if (refusals.empty()) {
    for (const auto& existing : support_.SupportersOf(participant_id)) {
      if (existing.supporter_id == r.supporter_id && existing.kind == r.kind && existing.ended_on.empty()) {
        refusals.push_back({"supporter", "taken"});
      }
    }
  }
  if (!refusals.empty()) return {std::nullopt, std::move(refusals)};
  r.created_at = clock_.NowUtc();
  const auto id = support_.AddRelationship(r);
  if (!id) return Refuse<std::int64_t>("supporter", "taken");  // another request got there first
  Audit(actor, "support-added", participant_id,
        std::string(domain::SupportKindName(r.kind)) + " " + std::to_string(r.supporter_id) + " from " + r.started_on);
  return {id, {}};
}

Outcome<bool> Support::EndRelationship(const domain::Actor& actor, std::int64_t relationship_id,
                                       std::string_view ended_on) {
  const auto r = support_.FindRelationship(relationship_id);
  const auto participant = r ? accounts_.FindPerson(r->participant_id) : std::nullopt;
  if (!participant || !(Oversees(actor, *participant) || actor.person_id == r->participant_id)) {
    return Refuse<bool>("relationship", "not_found");
  }
  // Ended is ended: a later date would bring it (and what it allows) back.
  if (!r->ended_on.empty() && r->ended_on < Today()) return Refuse<bool>("ended_on", "already_ended");
  auto ended = *r;
  ended.ended_on = std::string(Trim(ended_on));
  if (ended.ended_on.empty()) return Refuse<bool>("ended_on", "blank");
  if (!r->ended_on.empty() && ended.ended_on > r->ended_on) return Refuse<bool>("ended_on", "already_ended");
  auto problems = AsRefusals(domain::CheckRelationship(ended));
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  const bool changed = support_.EndRelationship(relationship_id, ended.ended_on);
  Audit(
      actor, "support-ended", r->participant_id,
      std::string(domain::SupportKindName(r->kind)) + " " + std::to_string(r->supporter_id) + " on " + ended.ended_on);
  return {changed, {}};
}

Outcome<bool> Support::SharePlan(const domain::Actor& actor, std::int64_t relationship_id, bool share) {
  const auto r = support_.FindRelationship(relationship_id);
  if (!r || actor.person_id != r->participant_id) return Refuse<bool>("relationship", "not_found");
  return {support_.SetSharesPlan(relationship_id, share), {}};
}

Outcome<std::int64_t> Support::RecordSession(const domain::Actor& actor, std::int64_t relationship_id,
                                             const SessionInput& input) {
  const auto r = support_.FindRelationship(relationship_id);
  const auto participant = r ? accounts_.FindPerson(r->participant_id) : std::nullopt;
  if (!participant ||
      !domain::IsAllowed(actor, domain::Action::kRecordSession, TargetWithTies(*participant, support_, Today()))) {
    return Refuse<std::int64_t>("relationship", "not_found");
  }
  // Only this relationship's supporter records in it (not the same person's other tie).
  if (r->supporter_id != actor.person_id || !r->ActiveOn(Today()) || r->kind == domain::SupportKind::kLineManager) {
    return Refuse<std::int64_t>("relationship", "not_found");
  }
  const auto entry = catalog_.Get(framework_code_);
  if (!entry) return Refuse<std::int64_t>("themes", "not-found");
  domain::SupportSession session;
  session.relationship_id = relationship_id;
  session.held_on = std::string(Trim(input.held_on));
  for (const auto& theme : input.themes) {
    const auto code = Trim(theme);
    if (!code.empty()) session.themes.emplace_back(code);
  }
  session.summary = std::string(Trim(input.summary));
  session.private_note = std::string(Trim(input.private_note));
  auto refusals = AsRefusals(domain::CheckSession(*entry->framework, *r, session, Today()));

  std::optional<AgreedAction> agreed;
  const bool wants_action = !Trim(input.action_description).empty() || !Trim(input.action_due).empty();
  if (wants_action) {
    AgreedAction a;
    a.action.description = std::string(Trim(input.action_description));
    a.action.owner = std::string(Trim(input.action_owner));
    a.action.due = std::string(Trim(input.action_due));
    const auto kind = domain::ParseActionKind(Trim(input.action_kind));
    if (!kind) refusals.push_back({"action_kind", "invalid"});
    a.action.kind = kind.value_or(r->kind == domain::SupportKind::kCoach ? domain::ActionKind::kCoaching
                                                                         : domain::ActionKind::kMentoring);
    for (auto& refusal : AsRefusals(domain::CheckAction(a.action), "action_")) refusals.push_back(std::move(refusal));
    const auto goal_choice = Trim(input.action_goal);
    if (goal_choice == "new" || goal_choice.empty()) {
      // A new goal on the session's first theme: it needs one.
      if (session.themes.empty()) {
        refusals.push_back({"action_goal", "needs_theme"});
      } else if (const auto* node = entry->framework->Find(session.themes.front()); node != nullptr) {
        domain::Goal goal;
        goal.participant_id = r->participant_id;
        goal.element = node->code;
        goal.title = node->DisplayName();
        goal.source = domain::GoalSource::kSession;
        // No name here: the supporter's name stays theirs (and goes if they are erased).
        goal.finding = std::string(domain::SupportKindLabel(r->kind)) + " session on " + session.held_on;
        a.new_goal = std::move(goal);
      }
    } else {
      // An existing goal: only one the participant shares with this supporter.
      std::int64_t goal_id = 0;
      const auto digits =
          std::all_of(goal_choice.begin(), goal_choice.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (digits && goal_choice.size() < 18) goal_id = std::stoll(std::string(goal_choice));
      const auto goal = goal_id > 0 ? plans_.FindGoal(goal_id) : std::nullopt;
      if (!goal || goal->participant_id != r->participant_id || !r->shares_plan) {
        refusals.push_back({"action_goal", "not_found"});
      } else {
        a.action.goal_id = goal->id;
      }
    }
    agreed = std::move(a);
  }
  if (!refusals.empty()) return {std::nullopt, std::move(refusals)};
  return {support_.AddSession(session, agreed, r->participant_id, r->supporter_id, clock_.NowUtc()), {}};
}

Outcome<std::int64_t> Support::ReviewPlan(const domain::Actor& actor, std::int64_t participant_id,
                                          std::string_view held_on, std::string_view comment) {
  const auto person = accounts_.FindPerson(participant_id);
  if (!person || !domain::IsAllowed(actor, domain::Action::kViewPlan, TargetWithTies(*person, support_, Today()))) {
    return Refuse<std::int64_t>("participant", "not_found");
  }
  PlanReview review;
  review.participant_id = participant_id;
  review.reviewer_id = actor.person_id;
  review.held_on = std::string(Trim(held_on));
  review.comment = std::string(Trim(comment));
  std::vector<domain::PlanProblem> problems;
  if (!domain::DayNumber(review.held_on)) {
    problems.push_back({"held_on", review.held_on.empty() ? "blank" : "invalid"});
  } else if (review.held_on > Today()) {
    problems.push_back({"held_on", "future"});
  }
  domain::CheckPlanText("comment", review.comment, domain::kMaxPlanTextCharacters, true, true, problems);
  if (!problems.empty()) return {std::nullopt, AsRefusals(problems)};
  return {support_.AddPlanReview(review, clock_.NowUtc()), {}};
}

}  // namespace lqf::app
