#include "app/appraisals.hpp"

#include <algorithm>

#include "app/support.hpp"
#include "app/text_input.hpp"

namespace lqf::app {
namespace {

bool Held(const std::vector<domain::AppraisalReview>& reviews, domain::ReviewKind kind) {
  return std::any_of(reviews.begin(), reviews.end(), [kind](const auto& r) { return r.kind == kind; });
}

}  // namespace

Appraisals::Appraisals(SupportRepository& support, AccountRepository& accounts, FrameworkCatalog& catalog, Clock& clock,
                       std::string framework_code)
    : support_(support),
      accounts_(accounts),
      catalog_(catalog),
      clock_(clock),
      framework_code_(std::move(framework_code)) {}

std::string Appraisals::Today() const { return clock_.NowUtc().substr(0, 10); }

std::optional<Appraisals::Subject> Appraisals::SubjectOf(std::int64_t participant_id) {
  auto person = accounts_.FindPerson(participant_id);
  if (!person) return std::nullopt;
  auto supporters = support_.SupportersOf(participant_id);
  auto target = TargetWithTies(*person, supporters, Today());
  return Subject{std::move(*person), std::move(supporters), std::move(target)};
}

std::optional<AppraisalView> Appraisals::View(const domain::Actor& actor, const domain::Appraisal& appraisal,
                                              const Subject& subject) {
  if (!domain::IsAllowed(actor, domain::Action::kViewAppraisal, subject.target)) return std::nullopt;
  if (actor.person_id != appraisal.participant_id && appraisal.manager_id != actor.person_id) {
    // A line manager sees the years they ran, and those running while they
    // manage the person: not a predecessor's years before they came.
    const auto& ties = subject.supporters;
    const bool overlaps = std::any_of(ties.begin(), ties.end(), [&](const domain::Relationship& r) {
      return r.supporter_id == actor.person_id && r.kind == domain::SupportKind::kLineManager && r.ActiveOn(Today()) &&
             r.started_on <= appraisal.period_end;
    });
    if (!overlaps) return std::nullopt;
  }
  AppraisalView view;
  view.appraisal = appraisal;
  view.participant_name = subject.person.name;
  const auto manager = accounts_.FindPerson(appraisal.manager_id);
  view.manager_name = manager ? manager->name : "Someone no longer here";
  view.objectives = support_.Objectives(appraisal.id);
  view.reviews = support_.Reviews(appraisal.id);
  view.stage = domain::StageOf(appraisal, view.reviews);
  view.mid_year_due = domain::ReviewDueOn(appraisal, domain::ReviewKind::kMidYear);
  view.year_end_due = domain::ReviewDueOn(appraisal, domain::ReviewKind::kYearEnd);
  view.is_manager = domain::IsAllowed(actor, domain::Action::kRunAppraisal, subject.target);
  view.is_participant = actor.person_id == appraisal.participant_id;
  // A signature is given to what the year says: once either side has signed,
  // nothing in it changes (the other side may only sign too).
  const bool open = appraisal.participant_signed_at.empty() && appraisal.manager_signed_at.empty();
  view.can_add_objective = open && (view.is_manager || view.is_participant);
  view.can_review = open && view.is_manager && !Held(view.reviews, domain::ReviewKind::kYearEnd);
  const bool year_end = Held(view.reviews, domain::ReviewKind::kYearEnd);
  view.can_sign = year_end && ((view.is_manager && appraisal.manager_signed_at.empty()) ||
                               (view.is_participant && appraisal.participant_signed_at.empty()));
  return view;
}

Outcome<AppraisalYears> Appraisals::Of(const domain::Actor& actor, std::int64_t participant_id) {
  const auto subject = SubjectOf(participant_id);
  if (!subject || !domain::IsAllowed(actor, domain::Action::kViewAppraisal, subject->target)) {
    return Refuse<AppraisalYears>("participant", "not_found");
  }
  AppraisalYears years;
  years.participant_name = subject->person.name;
  years.can_start = domain::IsAllowed(actor, domain::Action::kRunAppraisal, subject->target);
  for (const auto& appraisal : support_.AppraisalsOf(participant_id)) {
    if (auto view = View(actor, appraisal, *subject)) years.years.push_back(std::move(*view));
  }
  return {std::move(years), {}};
}

Outcome<AppraisalView> Appraisals::Open(const domain::Actor& actor, std::int64_t appraisal_id) {
  const auto appraisal = support_.FindAppraisal(appraisal_id);
  const auto subject = appraisal ? SubjectOf(appraisal->participant_id) : std::nullopt;
  auto view = subject ? View(actor, *appraisal, *subject) : std::nullopt;
  if (!view) return Refuse<AppraisalView>("appraisal", "not_found");
  return {std::move(*view), {}};
}

Outcome<std::int64_t> Appraisals::Start(const domain::Actor& actor, std::int64_t participant_id,
                                        std::string_view period_start, std::string_view period_end,
                                        const std::vector<std::int64_t>& carry) {
  const auto person = accounts_.FindPerson(participant_id);
  if (!person || !domain::IsAllowed(actor, domain::Action::kRunAppraisal, TargetWithTies(*person, support_, Today()))) {
    return Refuse<std::int64_t>("participant", "not_found");
  }
  domain::Appraisal appraisal;
  appraisal.participant_id = participant_id;
  appraisal.manager_id = actor.person_id;
  appraisal.period_start = std::string(Trim(period_start));
  appraisal.period_end = std::string(Trim(period_end));
  auto refusals = AsRefusals(domain::CheckAppraisal(appraisal));
  const auto earlier = support_.AppraisalsOf(participant_id);
  if (refusals.empty()) {
    for (const auto& year : earlier) {
      if (appraisal.period_start <= year.period_end && year.period_start <= appraisal.period_end) {
        refusals.push_back({"period_start", "overlaps"});
        break;
      }
    }
  }
  std::vector<domain::Objective> carried;
  for (const auto id : carry) {
    const auto objective = support_.FindObjective(id);
    const bool theirs = objective && std::any_of(earlier.begin(), earlier.end(), [&](const domain::Appraisal& a) {
                          return a.id == objective->appraisal_id;
                        });
    if (!theirs || objective->outcome == domain::ObjectiveOutcome::kMet) {
      refusals.push_back({"carry", "not_found"});
      break;
    }
    auto next = *objective;
    next.carried_from = objective->id;
    carried.push_back(std::move(next));
  }
  if (!refusals.empty()) return {std::nullopt, std::move(refusals)};
  const auto id = support_.AddAppraisal(appraisal, carried, clock_.NowUtc());
  if (!id) return Refuse<std::int64_t>("period_start", "overlaps");  // another request got there first
  return {id, {}};
}

Outcome<std::int64_t> Appraisals::AddObjective(const domain::Actor& actor, std::int64_t appraisal_id,
                                               const ObjectiveInput& input) {
  const auto view = Open(actor, appraisal_id);
  if (!view.Ok() || !(view.value->is_manager || view.value->is_participant)) {
    return Refuse<std::int64_t>("appraisal", "not_found");
  }
  if (!view.value->can_add_objective) return Refuse<std::int64_t>("appraisal", "signed_off");
  const auto entry = catalog_.Get(framework_code_);
  if (!entry) return Refuse<std::int64_t>("element", "not-found");
  domain::Objective objective;
  objective.appraisal_id = appraisal_id;
  objective.element = std::string(Trim(input.element));
  objective.title = std::string(Trim(input.title));
  objective.measure = std::string(Trim(input.measure));
  auto refusals = AsRefusals(domain::CheckObjective(*entry->framework, objective));
  if (!refusals.empty()) return {std::nullopt, std::move(refusals)};
  return {support_.AddObjective(objective), {}};
}

Outcome<bool> Appraisals::SetOutcome(const domain::Actor& actor, std::int64_t objective_id, std::string_view outcome) {
  const auto objective = support_.FindObjective(objective_id);
  const auto view = objective ? Open(actor, objective->appraisal_id) : Outcome<AppraisalView>{};
  if (!view.Ok() || !view.value->is_manager) return Refuse<bool>("objective", "not_found");
  if (!view.value->can_add_objective) return Refuse<bool>("appraisal", "signed_off");
  const auto parsed = domain::ParseObjectiveOutcome(Trim(outcome));
  if (!parsed) return Refuse<bool>("outcome", "invalid");
  return {support_.SetObjectiveOutcome(objective_id, *parsed), {}};
}

Outcome<bool> Appraisals::HoldReview(const domain::Actor& actor, std::int64_t appraisal_id, std::string_view kind,
                                     std::string_view held_on, std::string_view comment) {
  const auto view = Open(actor, appraisal_id);
  if (!view.Ok() || !view.value->is_manager) return Refuse<bool>("appraisal", "not_found");
  if (!view.value->can_add_objective) return Refuse<bool>("appraisal", "signed_off");
  const auto parsed = domain::ParseReviewKind(Trim(kind));
  if (!parsed) return Refuse<bool>("kind", "invalid");
  domain::AppraisalReview review;
  review.appraisal_id = appraisal_id;
  review.kind = *parsed;
  review.held_on = std::string(Trim(held_on));
  review.manager_comment = std::string(Trim(comment));
  auto refusals = AsRefusals(domain::CheckReview(view.value->appraisal, view.value->reviews, review, Today()));
  if (!refusals.empty()) return {std::nullopt, std::move(refusals)};
  if (!support_.AddReview(review, clock_.NowUtc())) return Refuse<bool>("kind", "already_held");
  return {true, {}};
}

Outcome<bool> Appraisals::CommentOnReview(const domain::Actor& actor, std::int64_t appraisal_id, std::string_view kind,
                                          std::string_view comment) {
  const auto view = Open(actor, appraisal_id);
  const auto parsed = domain::ParseReviewKind(Trim(kind));
  if (!view.Ok() || !view.value->is_participant || !parsed) return Refuse<bool>("review", "not_found");
  const auto& reviews = view.value->reviews;
  const auto review = std::find_if(reviews.begin(), reviews.end(), [&](const auto& r) { return r.kind == *parsed; });
  if (review == reviews.end()) return Refuse<bool>("review", "not_found");
  if (!view.value->can_add_objective) return Refuse<bool>("appraisal", "signed_off");
  const std::string text(Trim(comment));
  std::vector<domain::PlanProblem> problems;
  domain::CheckPlanText("participant_comment", text, domain::kMaxPlanTextCharacters, true, true, problems);
  if (!problems.empty()) return {std::nullopt, AsRefusals(problems)};
  return {support_.SetParticipantComment(review->id, text), {}};
}

Outcome<bool> Appraisals::Sign(const domain::Actor& actor, std::int64_t appraisal_id) {
  const auto view = Open(actor, appraisal_id);
  if (!view.Ok() || !(view.value->is_manager || view.value->is_participant)) {
    return Refuse<bool>("appraisal", "not_found");
  }
  if (!Held(view.value->reviews, domain::ReviewKind::kYearEnd)) return Refuse<bool>("appraisal", "year_end_not_held");
  if (!view.value->can_sign) return Refuse<bool>("appraisal", "already_signed");
  // The person signs as themself; their line manager as manager.
  const bool as_manager = !view.value->is_participant;
  if (!support_.Sign(appraisal_id, as_manager, clock_.NowUtc())) return Refuse<bool>("appraisal", "already_signed");
  return {true, {}};
}

}  // namespace lqf::app
