#include "app/feedback.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "app/secrets.hpp"
#include "app/text_input.hpp"
#include "domain/report.hpp"
#include "domain/text.hpp"

namespace lqf::app {
namespace {

// A link token is 43 characters; anything much longer is not one of ours,
// and is refused before it is hashed or looked up.
constexpr std::size_t kMaxTokenLength = 100;

bool Finished(domain::RaterStatus status) {
  return status == domain::RaterStatus::kSubmitted || status == domain::RaterStatus::kDeclined;
}

//! The answer problems as refusals: field "<element>.<field>".
std::vector<Refusal> AsRefusals(const std::vector<domain::AnswerProblem>& problems) {
  std::vector<Refusal> refusals;
  refusals.reserve(problems.size());
  for (const auto& problem : problems) refusals.push_back({problem.element + "." + problem.field, problem.code});
  return refusals;
}

}  // namespace

std::string SelfResponseKey(std::int64_t cycle_id) { return "self:" + std::to_string(cycle_id); }
std::string RaterAccessHash(std::string_view token) { return TokenHash("rater-access:" + std::string(token)); }
std::string RaterResponseKey(std::string_view token) { return TokenHash("rater-response:" + std::string(token)); }

Feedback::Feedback(FeedbackRepository& repository, AccountRepository& accounts, FrameworkCatalog& catalog,
                   Notifications& notifications, Clock& clock)
    : repository_(repository), accounts_(accounts), catalog_(catalog), notifications_(notifications), clock_(clock) {}

bool Feedback::AcceptsAnswers(const domain::Cycle& cycle) {
  if (cycle.status != domain::CycleStatus::kOpen) return false;
  const auto today = domain::DayNumber(clock_.NowUtc().substr(0, 10));
  const auto deadline = domain::DayNumber(cycle.deadline);
  return today && deadline && *today <= *deadline;
}

std::string Feedback::ParticipantName(std::int64_t person_id) {
  const auto person = accounts_.FindPerson(person_id);
  return person ? person->name : std::string();
}

Outcome<domain::Cycle> Feedback::CycleFor(const domain::Actor& actor, std::int64_t cycle_id, domain::Action action) {
  auto cycle = repository_.FindCycle(cycle_id);
  if (!cycle) return Refuse<domain::Cycle>("cycle", "not_found");
  const auto participant = accounts_.FindPerson(cycle->participant_id);
  // Not allowed reads as not there: a cycle's existence is not for everyone.
  if (!participant || !domain::IsAllowed(actor, action, domain::TargetFor(*participant))) {
    return Refuse<domain::Cycle>("cycle", "not_found");
  }
  return {std::move(*cycle), {}};
}

Outcome<std::int64_t> Feedback::StartCycle(const domain::Actor& actor, const CycleInput& input) {
  const auto participant = accounts_.FindPerson(input.participant_id);
  if (!participant || !domain::IsAllowed(actor, domain::Action::kRunFeedbackCycle, domain::TargetFor(*participant))) {
    return Refuse<std::int64_t>("participant", "not_found");
  }
  Outcome<std::int64_t> outcome;
  domain::Cycle cycle;
  cycle.participant_id = participant->id;
  cycle.created_by = actor.person_id;
  if (auto title = CheckLine(input.title, "title", kMaxCycleTitleCharacters, true, outcome.refusals)) {
    cycle.title = *title;
  }

  const auto entry = catalog_.Get(Trim(input.framework));
  if (!entry) {
    outcome.refusals.push_back({"framework", Trim(input.framework).empty() ? "blank" : "not_found"});
  } else if (entry->framework->FindScale(domain::ScalePurpose::kProficiency) == nullptr) {
    outcome.refusals.push_back({"framework", "no_scale"});
  } else {
    cycle.framework_code = entry->framework->code;
    cycle.framework_version = entry->framework->version;
    std::vector<std::string> unknown;
    cycle.scope = domain::ResolveScope(*entry->framework, input.scope, &unknown);
    if (input.scope.empty() && input.scope_required) {
      outcome.refusals.push_back({"scope", "empty"});
    } else if (!unknown.empty()) {
      outcome.refusals.push_back({"scope", "unknown"});
    } else if (cycle.scope.empty()) {
      outcome.refusals.push_back({"scope", "empty"});
    }
  }

  const auto deadline = domain::DayNumber(Trim(input.deadline));
  const auto today = domain::DayNumber(clock_.NowUtc().substr(0, 10));
  if (Trim(input.deadline).empty()) {
    outcome.refusals.push_back({"deadline", "blank"});
  } else if (!deadline || !today) {
    outcome.refusals.push_back({"deadline", "invalid"});
  } else if (*deadline < *today) {
    outcome.refusals.push_back({"deadline", "past"});
  } else if (*deadline > *today + kMaxDeadlineDays) {
    outcome.refusals.push_back({"deadline", "too_far"});
  } else {
    cycle.deadline = std::string(Trim(input.deadline));
  }

  if (input.reminder_limit < 0 || input.reminder_limit > domain::kMaxReminderLimit) {
    outcome.refusals.push_back({"reminder_limit", "invalid"});
  }
  if (input.reminder_gap_days < 1 || input.reminder_gap_days > domain::kMaxReminderGapDays) {
    outcome.refusals.push_back({"reminder_gap_days", "invalid"});
  }
  cycle.reminder_limit = input.reminder_limit;
  cycle.reminder_gap_days = input.reminder_gap_days;
  cycle.needs_approval = input.needs_approval;
  cycle.coached_report = input.coached_report;

  cycle.groups = domain::DefaultRaterGroups();
  auto find_group = [&cycle](std::string_view code) {
    auto it = std::find_if(cycle.groups.begin(), cycle.groups.end(), [code](const auto& g) { return g.code == code; });
    return it == cycle.groups.end() ? nullptr : &*it;
  };
  for (const auto& [code, minimum] : input.minimums) {
    auto* group = find_group(code);
    if (group == nullptr || minimum < domain::kMinGroupMinimum || minimum > domain::kMaxGroupMinimum) {
      outcome.refusals.push_back({"minimum", "invalid"});
    } else {
      group->minimum = minimum;
    }
  }
  for (const auto& code : input.attributed) {
    auto* group = find_group(code);
    if (group == nullptr || !group->single_person) {
      outcome.refusals.push_back({"attributed", "invalid"});
    } else {
      group->attributed = true;
    }
  }

  if (!outcome.refusals.empty()) return outcome;
  cycle.status = domain::CycleStatus::kNominating;
  const auto now = clock_.NowUtc();
  outcome.value = repository_.AddCycle(cycle, now);
  accounts_.Audit({0, now, actor.person_id, "feedback-cycle-started", participant->id, std::nullopt,
                   "cycle " + std::to_string(*outcome.value)});
  return outcome;
}

Outcome<CycleSummary> Feedback::GetCycle(const domain::Actor& actor, std::int64_t cycle_id) {
  auto cycle = CycleFor(actor, cycle_id, domain::Action::kRunFeedbackCycle);
  if (!cycle.Ok()) return {std::nullopt, cycle.refusals};
  CycleSummary summary;
  summary.cycle = std::move(*cycle.value);
  summary.participant_name = ParticipantName(summary.cycle.participant_id);
  const auto raters = repository_.ListRaters(cycle_id);
  summary.progress = domain::Progress(summary.cycle.groups, raters);
  for (const auto& rater : raters) {
    summary.raters.push_back(
        {rater.id, rater.name, rater.email, rater.group, rater.status != domain::RaterStatus::kNominated});
  }
  const auto self = repository_.LoadResponse(SelfResponseKey(cycle_id));
  summary.self_submitted = self && self->submitted;
  summary.submitted_total = summary.self_submitted ? 1 : 0;
  for (const auto& p : summary.progress) summary.submitted_total += p.submitted;
  summary.last_release = repository_.LastRelease(cycle_id);
  const auto today = domain::DayNumber(clock_.NowUtc().substr(0, 10));
  const auto deadline = domain::DayNumber(summary.cycle.deadline);
  summary.past_deadline = today && deadline && *today > *deadline;
  return {std::move(summary), {}};
}

Outcome<std::vector<domain::Cycle>> Feedback::CyclesOf(const domain::Actor& actor, std::int64_t person_id) {
  const auto person = accounts_.FindPerson(person_id);
  if (!person || !domain::IsAllowed(actor, domain::Action::kRunFeedbackCycle, domain::TargetFor(*person))) {
    return Refuse<std::vector<domain::Cycle>>("person", "not_found");
  }
  return {repository_.ListCycles(person_id), {}};
}

Outcome<std::int64_t> Feedback::NominateRater(const domain::Actor& actor, std::int64_t cycle_id,
                                              const RaterInput& input) {
  auto found = CycleFor(actor, cycle_id, domain::Action::kRunFeedbackCycle);
  if (!found.Ok()) return {std::nullopt, found.refusals};
  const auto& cycle = *found.value;
  if (cycle.status == domain::CycleStatus::kClosed) return Refuse<std::int64_t>("cycle", "closed");
  Outcome<std::int64_t> outcome;
  domain::Rater rater;
  rater.cycle_id = cycle_id;
  if (auto name = CheckLine(input.name, "name", kMaxRaterNameCharacters, true, outcome.refusals)) rater.name = *name;
  if (Trim(input.email).empty()) {
    outcome.refusals.push_back({"email", "blank"});
  } else if (auto email = domain::NormaliseEmail(Trim(input.email))) {
    rater.email = *email;
  } else {
    outcome.refusals.push_back({"email", "invalid"});
  }
  const auto* group = cycle.FindGroup(Trim(input.group));
  if (group == nullptr) {
    outcome.refusals.push_back({"group", Trim(input.group).empty() ? "blank" : "invalid"});
  }
  if (!outcome.refusals.empty()) return outcome;

  const auto raters = repository_.ListRaters(cycle_id);
  if (raters.size() >= kMaxRatersPerCycle) return Refuse<std::int64_t>("raters", "too_many");
  if (group->single_person &&
      std::any_of(raters.begin(), raters.end(), [&](const auto& r) { return r.group == group->code; })) {
    return Refuse<std::int64_t>("group", "full");
  }
  // The participant's own view is their self-assessment, not a rater's.
  if (const auto participant = accounts_.FindPerson(cycle.participant_id);
      participant && participant->email == rater.email) {
    return Refuse<std::int64_t>("email", "self");
  }
  rater.group = group->code;
  const auto id = repository_.AddRater(rater, clock_.NowUtc());
  if (!id) return Refuse<std::int64_t>("email", "taken");
  rater.id = *id;
  rater.status = domain::RaterStatus::kNominated;
  // Added to a cycle already open: invited at once.
  if (cycle.status == domain::CycleStatus::kOpen && AcceptsAnswers(cycle)) {
    Invite(cycle, rater, ParticipantName(cycle.participant_id), false);
  }
  return {*id, {}};
}

Outcome<bool> Feedback::RemoveRater(const domain::Actor& actor, std::int64_t cycle_id, std::int64_t rater_id) {
  auto found = CycleFor(actor, cycle_id, domain::Action::kRunFeedbackCycle);
  if (!found.Ok()) return {std::nullopt, found.refusals};
  if (!repository_.RemoveRater(cycle_id, rater_id)) return Refuse<bool>("rater", "invited");
  return {true, {}};
}

int Feedback::InviteNominated(const domain::Cycle& cycle, const std::vector<domain::Rater>& raters) {
  std::optional<std::string> name;  // looked up only if someone is to be invited
  int invited = 0;
  for (const auto& rater : raters) {
    if (rater.status != domain::RaterStatus::kNominated) continue;
    if (!name) name = ParticipantName(cycle.participant_id);
    Invite(cycle, rater, *name, false);
    ++invited;
  }
  return invited;
}

void Feedback::Invite(const domain::Cycle& cycle, const domain::Rater& rater, const std::string& participant_name,
                      bool reminder) {
  const auto* group = cycle.FindGroup(rater.group);
  Notifications::FeedbackRequest request;
  request.rater_name = rater.name;
  request.rater_email = rater.email;
  request.participant_name = participant_name;
  request.group_label = group ? group->label : rater.group;
  request.attributed = group && group->attributed;
  request.minimum = group ? group->minimum : domain::kDefaultMinimum;
  request.deadline = cycle.deadline;
  request.reminder = reminder;
  const auto now = clock_.NowUtc();
  if (reminder && rater.status == domain::RaterStatus::kStarted) {
    // A new link could not reach the answers they saved: they keep theirs.
    repository_.RecordReminder(rater.id, now);
  } else {
    request.token = NewToken();
    // Stored before the email is queued: a link that is sent always works.
    if (!repository_.MarkInvited(rater.id, RaterAccessHash(request.token), now)) return;
    if (reminder) repository_.RecordReminder(rater.id, now);
  }
  notifications_.FeedbackInvitation(request);
}

Outcome<domain::CycleStatus> Feedback::SubmitRaters(const domain::Actor& actor, std::int64_t cycle_id) {
  auto found = CycleFor(actor, cycle_id, domain::Action::kRunFeedbackCycle);
  if (!found.Ok()) return {std::nullopt, found.refusals};
  const auto& cycle = *found.value;
  if (cycle.status != domain::CycleStatus::kNominating) return Refuse<domain::CycleStatus>("cycle", "not_nominating");
  const auto raters = repository_.ListRaters(cycle_id);
  if (raters.empty()) return Refuse<domain::CycleStatus>("raters", "none");
  const auto now = clock_.NowUtc();
  if (cycle.needs_approval) {
    if (!repository_.ChangeCycleStatus(cycle_id, cycle.status, domain::CycleStatus::kAwaitingApproval, now)) {
      return Refuse<domain::CycleStatus>("cycle", "changed");
    }
    return {domain::CycleStatus::kAwaitingApproval, {}};
  }
  if (!repository_.ChangeCycleStatus(cycle_id, cycle.status, domain::CycleStatus::kOpen, now)) {
    return Refuse<domain::CycleStatus>("cycle", "changed");
  }
  auto open = cycle;
  open.status = domain::CycleStatus::kOpen;
  InviteNominated(open, raters);
  accounts_.Audit({0, now, actor.person_id, "feedback-invitations-sent", cycle.participant_id, std::nullopt,
                   "cycle " + std::to_string(cycle_id)});
  return {domain::CycleStatus::kOpen, {}};
}

Outcome<int> Feedback::ApproveRaters(const domain::Actor& actor, std::int64_t cycle_id) {
  auto found = CycleFor(actor, cycle_id, domain::Action::kApproveRaters);
  if (!found.Ok()) return {std::nullopt, found.refusals};
  const auto& cycle = *found.value;
  if (cycle.status != domain::CycleStatus::kAwaitingApproval) return Refuse<int>("cycle", "not_awaiting");
  const auto now = clock_.NowUtc();
  if (!repository_.ChangeCycleStatus(cycle_id, cycle.status, domain::CycleStatus::kOpen, now)) {
    return Refuse<int>("cycle", "changed");
  }
  auto open = cycle;
  open.status = domain::CycleStatus::kOpen;
  const int invited = InviteNominated(open, repository_.ListRaters(cycle_id));
  accounts_.Audit({0, now, actor.person_id, "feedback-raters-approved", cycle.participant_id, std::nullopt,
                   "cycle " + std::to_string(cycle_id)});
  return {invited, {}};
}

int Feedback::RemindDue(const domain::Cycle& cycle) {
  const auto now = clock_.NowUtc();
  const auto raters = repository_.ListRaters(cycle.id);
  // Raters left behind if sending stopped half-way are invited now.
  InviteNominated(cycle, raters);
  std::optional<std::string> name;  // looked up only if someone is due
  int reminded = 0;
  for (const auto& rater : raters) {
    if (rater.status == domain::RaterStatus::kNominated || domain::ReminderRefusal(cycle, rater, now)) continue;
    if (!name) name = ParticipantName(cycle.participant_id);
    Invite(cycle, rater, *name, true);
    ++reminded;
  }
  return reminded;
}

Outcome<int> Feedback::Remind(const domain::Actor& actor, std::int64_t cycle_id) {
  auto found = CycleFor(actor, cycle_id, domain::Action::kRunFeedbackCycle);
  if (!found.Ok()) return {std::nullopt, found.refusals};
  if (!AcceptsAnswers(*found.value)) return Refuse<int>("cycle", "closed");
  return {RemindDue(*found.value), {}};
}

Outcome<bool> Feedback::ExtendDeadline(const domain::Actor& actor, std::int64_t cycle_id, std::string_view deadline) {
  auto found = CycleFor(actor, cycle_id, domain::Action::kRunFeedbackCycle);
  if (!found.Ok()) return {std::nullopt, found.refusals};
  const auto& cycle = *found.value;
  if (cycle.status == domain::CycleStatus::kClosed) return Refuse<bool>("cycle", "closed");
  const auto wanted = domain::DayNumber(Trim(deadline));
  const auto current = domain::DayNumber(cycle.deadline);
  const auto today = domain::DayNumber(clock_.NowUtc().substr(0, 10));
  if (Trim(deadline).empty()) return Refuse<bool>("deadline", "blank");
  if (!wanted || !today) return Refuse<bool>("deadline", "invalid");
  if (current && *wanted <= *current) return Refuse<bool>("deadline", "not_later");
  if (*wanted > *today + kMaxDeadlineDays) return Refuse<bool>("deadline", "too_far");
  if (!repository_.SetDeadline(cycle_id, Trim(deadline))) return Refuse<bool>("cycle", "not_found");
  return {true, {}};
}

std::vector<ReleaseMean> ReleaseMeans(const domain::Framework& framework, const domain::Cycle& cycle,
                                      const std::vector<SubmittedResponse>& responses) {
  domain::ReportInput input;
  input.framework = &framework;
  input.cycle = cycle;
  for (const auto& response : responses) input.responses.push_back({response.group, response.answers});
  std::vector<ReleaseMean> means;
  for (const auto& statement : domain::BuildReport(input).statements) {
    const auto& others = statement.others;
    // A mean of whole scores times their number is their whole sum.
    if (others.mean) means.push_back({statement.code, std::llround(*others.mean * others.responses), others.responses});
  }
  return means;
}

Outcome<int> Feedback::ReleaseResults(const domain::Actor& actor, std::int64_t cycle_id) {
  auto found = CycleFor(actor, cycle_id, domain::Action::kRunFeedbackCycle);
  if (!found.Ok()) return {std::nullopt, found.refusals};
  const auto& cycle = *found.value;
  const auto submitted = repository_.SubmittedResponses(cycle_id);
  const auto last = repository_.LastRelease(cycle_id);
  std::set<std::string> in_last;
  if (last) in_last.insert(last->response_keys.begin(), last->response_keys.end());
  std::size_t fresh = 0;
  for (const auto& response : submitted) fresh += in_last.contains(response.key) ? 0 : 1;
  if (submitted.empty() || (fresh == 0 && in_last.size() == submitted.size())) {
    return Refuse<int>("release", "nothing_new");
  }
  // For each statement: how many in each group rated it, at the last release
  // and now ("not able to comment" is not a rating).
  auto counts = [&](bool only_last) {
    std::map<std::string, std::map<std::string, int>> by_element;  // element -> group -> count
    for (const auto& response : submitted) {
      if (only_last && !in_last.contains(response.key)) continue;
      for (const auto& answer : response.answers) {
        if (answer.answered && answer.rating) ++by_element[answer.element][response.group];
      }
    }
    return by_element;
  };
  const auto before = counts(true);
  const auto now = counts(false);
  auto groups_of = [&](const std::map<std::string, std::map<std::string, int>>& by_element,
                       const std::string& element) {
    std::vector<domain::GroupResponses> groups;
    const auto it = by_element.find(element);
    auto count = [&](const std::string& group) {
      if (it == by_element.end()) return 0;
      const auto g = it->second.find(group);
      return g == it->second.end() ? 0 : g->second;
    };
    groups.push_back({std::string(domain::kSelfGroup), count(std::string(domain::kSelfGroup)), 1, false});
    for (const auto& group : cycle.groups)
      groups.push_back({group.code, count(group.code), group.minimum, group.attributed});
    return groups;
  };
  for (const auto& element : cycle.scope) {
    const auto at_last = groups_of(before, element);
    const auto current = groups_of(now, element);
    const auto last_figures = last ? domain::Disclose(at_last) : domain::Disclosure{};
    const auto check = domain::CheckNewRelease(last ? at_last : std::vector<domain::GroupResponses>{}, last_figures,
                                               current, domain::Disclose(current));
    if (!check.allowed) return Refuse<int>("release", "exposes");
  }
  std::vector<std::string> keys;
  for (const auto& response : submitted) keys.push_back(response.key);
  // Others' figures as this release's report shows them, kept for cohort norms.
  std::vector<ReleaseMean> means;
  if (const auto entry = catalog_.Get(cycle.framework_code, cycle.framework_version)) {
    means = ReleaseMeans(*entry->framework, cycle, submitted);
  }
  const auto time = clock_.NowUtc();
  repository_.AddRelease(cycle_id, keys, means,
                         actor.person_id > 0 ? std::optional<std::int64_t>(actor.person_id) : std::nullopt, time);
  accounts_.Audit({0, time, actor.person_id, "feedback-results-released", cycle.participant_id, std::nullopt,
                   "cycle " + std::to_string(cycle_id)});
  return {static_cast<int>(keys.size()), {}};
}

Outcome<bool> Feedback::CloseCycle(const domain::Actor& actor, std::int64_t cycle_id) {
  auto found = CycleFor(actor, cycle_id, domain::Action::kRunFeedbackCycle);
  if (!found.Ok()) return {std::nullopt, found.refusals};
  const auto& cycle = *found.value;
  if (cycle.status == domain::CycleStatus::kClosed) return {true, {}};
  const auto now = clock_.NowUtc();
  if (!repository_.ChangeCycleStatus(cycle_id, cycle.status, domain::CycleStatus::kClosed, now)) {
    return Refuse<bool>("cycle", "changed");
  }
  accounts_.Audit({0, now, actor.person_id, "feedback-cycle-closed", cycle.participant_id, std::nullopt,
                   "cycle " + std::to_string(cycle_id)});
  return {true, {}};
}

Outcome<SelfView> Feedback::SelfAssessment(const domain::Actor& actor, std::int64_t cycle_id) {
  auto cycle = repository_.FindCycle(cycle_id);
  // The participant's own answers are theirs alone to see and give.
  if (!cycle || cycle->participant_id != actor.person_id || actor.person_id == 0) {
    return Refuse<SelfView>("cycle", "not_found");
  }
  const auto entry = catalog_.Get(cycle->framework_code, cycle->framework_version);
  if (!entry) return Refuse<SelfView>("framework", "not_found");
  SelfView view;
  view.framework = entry->framework;
  if (auto stored = repository_.LoadResponse(SelfResponseKey(cycle_id))) {
    view.answers = std::move(stored->answers);
    view.submitted = stored->submitted;
  }
  if (const auto context = catalog_.Get(kContextFramework)) {
    std::map<std::string, std::string> notes;
    for (auto& note : repository_.LoadContextNotes(cycle_id)) notes[note.issue] = std::move(note.note);
    for (const auto& node : context->framework->nodes) {
      if (node.type != domain::NodeType::kContextIssue) continue;
      view.context.push_back({node.code, node.DisplayName(), notes[node.code]});
    }
  }
  const auto today = domain::DayNumber(clock_.NowUtc().substr(0, 10));
  const auto deadline = domain::DayNumber(cycle->deadline);
  view.open =
      !view.submitted && cycle->status != domain::CycleStatus::kClosed && today && deadline && *today <= *deadline;
  view.cycle = std::move(*cycle);
  return {std::move(view), {}};
}

Outcome<SaveOutcome> Feedback::SaveSelfAssessment(const domain::Actor& actor, std::int64_t cycle_id,
                                                  const std::vector<domain::Answer>& answers, bool submit) {
  auto view = SelfAssessment(actor, cycle_id);
  if (!view.Ok()) return {std::nullopt, view.refusals};
  if (view.value->submitted) return {SaveOutcome::kAlreadySubmitted, {}};
  if (!view.value->open) return Refuse<SaveOutcome>("cycle", "closed");
  auto problems = AsRefusals(domain::CheckAnswers(*view.value->framework, view.value->cycle.scope, answers, submit));
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  const auto saved =
      repository_.SaveResponse(cycle_id, std::nullopt, SelfResponseKey(cycle_id), domain::kSelfGroup, answers, submit);
  if (saved == SaveOutcome::kNotOpen) return Refuse<SaveOutcome>("cycle", "closed");
  return {saved, {}};
}

Outcome<bool> Feedback::SaveSelfContext(const domain::Actor& actor, std::int64_t cycle_id,
                                        const std::vector<domain::ContextNote>& notes) {
  auto view = SelfAssessment(actor, cycle_id);
  if (!view.Ok()) return {std::nullopt, view.refusals};
  if (view.value->submitted) return Refuse<bool>("answers", "submitted");
  if (!view.value->open) return Refuse<bool>("cycle", "closed");
  Outcome<bool> outcome;
  std::vector<domain::ContextNote> kept;
  for (const auto& note : notes) {
    const bool asked = std::any_of(view.value->context.begin(), view.value->context.end(),
                                   [&](const ContextQuestion& q) { return q.code == note.issue; });
    const auto text = std::string(Trim(note.note));
    if (!asked) {
      outcome.refusals.push_back({"context", "unknown"});
    } else if (!domain::IsValidUtf8(text)) {
      outcome.refusals.push_back({note.issue + ".note", "not-text"});
    } else if (domain::CountCharacters(text) > domain::kMaxContextNoteCharacters) {
      outcome.refusals.push_back({note.issue + ".note", "too-long"});
    } else {
      kept.push_back({note.issue, text});
    }
  }
  if (!outcome.refusals.empty()) return outcome;
  repository_.SaveContextNotes(cycle_id, kept);
  return {true, {}};
}

std::optional<RaterView> Feedback::OpenLink(std::string_view token, const AnswersWanted& wanted) {
  if (token.empty() || token.size() > kMaxTokenLength) return std::nullopt;
  std::optional<RaterView> view;
  // The rater and their answers from one snapshot (and, on SQLite, one lock).
  repository_.ReadTogether([&] {
    auto access = repository_.FindRaterByAccess(RaterAccessHash(token));
    if (!access) return;
    const auto entry = catalog_.Get(access->cycle.framework_code, access->cycle.framework_version);
    if (!entry) return;
    view.emplace();
    view->framework = entry->framework;
    view->participant_name = access->participant_name;
    view->rater_name = access->rater.name;
    const auto* group = access->cycle.FindGroup(access->rater.group);
    view->group_label = group ? group->label : access->rater.group;
    view->attributed = group && group->attributed;
    view->minimum = group ? group->minimum : domain::kDefaultMinimum;
    view->status = access->rater.status;
    view->open = AcceptsAnswers(access->cycle) && !Finished(view->status);
    view->cycle = std::move(access->cycle);
    if (wanted) {
      view->answers = repository_.LoadAnswers(RaterResponseKey(token), wanted(*view));
    } else if (auto stored = repository_.LoadResponse(RaterResponseKey(token))) {
      view->answers = std::move(stored->answers);
    }
  });
  return view;
}

Outcome<SaveOutcome> Feedback::SaveRaterAnswers(std::string_view token, const std::vector<domain::Answer>& answers,
                                                bool submit) {
  if (token.empty() || token.size() > kMaxTokenLength) return Refuse<SaveOutcome>("link", "unknown");
  auto access = repository_.FindRaterByAccess(RaterAccessHash(token));
  if (!access) return Refuse<SaveOutcome>("link", "unknown");
  if (access->rater.status == domain::RaterStatus::kSubmitted) return {SaveOutcome::kAlreadySubmitted, {}};
  if (access->rater.status == domain::RaterStatus::kDeclined) return Refuse<SaveOutcome>("rater", "declined");
  if (!AcceptsAnswers(access->cycle)) return Refuse<SaveOutcome>("cycle", "closed");
  const auto entry = catalog_.Get(access->cycle.framework_code, access->cycle.framework_version);
  if (!entry) return Refuse<SaveOutcome>("link", "unknown");
  auto problems = AsRefusals(domain::CheckAnswers(*entry->framework, access->cycle.scope, answers, submit));
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  const auto saved = repository_.SaveResponse(access->cycle.id, access->rater.id, RaterResponseKey(token),
                                              access->rater.group, answers, submit);
  switch (saved) {
    case SaveOutcome::kNotOpen:
      return Refuse<SaveOutcome>("cycle", "closed");
    case SaveOutcome::kDeclined:
      return Refuse<SaveOutcome>("rater", "declined");
    default:
      return {saved, {}};
  }
}

Outcome<Feedback::Submitted> Feedback::SubmitRaterDraft(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenLength) return Refuse<Submitted>("link", "unknown");
  auto access = repository_.FindRaterByAccess(RaterAccessHash(token));
  if (!access) return Refuse<Submitted>("link", "unknown");
  const auto* group = access->cycle.FindGroup(access->rater.group);
  Submitted submitted{SaveOutcome::kAlreadySubmitted, access->participant_name, group && group->attributed};
  if (access->rater.status == domain::RaterStatus::kSubmitted) return {std::move(submitted), {}};
  if (access->rater.status == domain::RaterStatus::kDeclined) return Refuse<Submitted>("rater", "declined");
  if (!AcceptsAnswers(access->cycle)) return Refuse<Submitted>("cycle", "closed");
  const auto entry = catalog_.Get(access->cycle.framework_code, access->cycle.framework_version);
  if (!entry) return Refuse<Submitted>("link", "unknown");
  const auto key = RaterResponseKey(token);
  const auto draft = repository_.LoadResponse(key);
  const std::vector<domain::Answer> none;
  auto problems =
      AsRefusals(domain::CheckAnswers(*entry->framework, access->cycle.scope, draft ? draft->answers : none, true));
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  submitted.outcome = repository_.SubmitResponse(access->cycle.id, access->rater.id, key, access->rater.group);
  switch (submitted.outcome) {
    case SaveOutcome::kNotOpen:
      return Refuse<Submitted>("cycle", "closed");
    case SaveOutcome::kDeclined:
      return Refuse<Submitted>("rater", "declined");
    default:
      return {std::move(submitted), {}};
  }
}

Outcome<bool> Feedback::Decline(std::string_view token, std::string_view reason) {
  if (token.empty() || token.size() > kMaxTokenLength) return Refuse<bool>("link", "unknown");
  auto access = repository_.FindRaterByAccess(RaterAccessHash(token));
  if (!access) return Refuse<bool>("link", "unknown");
  if (access->rater.status == domain::RaterStatus::kDeclined) return {true, {}};
  if (access->rater.status == domain::RaterStatus::kSubmitted) return Refuse<bool>("rater", "submitted");
  if (!AcceptsAnswers(access->cycle)) return Refuse<bool>("cycle", "closed");
  Outcome<bool> outcome;
  // A reason may run to paragraphs: checked as text, not as one line.
  const auto text = Trim(reason);
  if (!domain::IsValidUtf8(text)) {
    outcome.refusals.push_back({"reason", "invalid"});
  } else if (domain::CountCharacters(text) > kMaxDeclineReasonCharacters) {
    outcome.refusals.push_back({"reason", "too_long"});
  }
  if (!outcome.refusals.empty()) return outcome;
  if (!repository_.Decline(access->rater.id, RaterResponseKey(token), text)) {
    return Refuse<bool>("rater", "submitted");
  }
  return {true, {}};
}

int Feedback::RunSchedule() {
  int reminded = 0;
  const auto now = clock_.NowUtc();
  for (const auto& cycle : repository_.ListOpenCycles()) {
    if (AcceptsAnswers(cycle)) {
      reminded += RemindDue(cycle);
    } else {
      repository_.ChangeCycleStatus(cycle.id, domain::CycleStatus::kOpen, domain::CycleStatus::kClosed, now);
    }
  }
  return reminded;
}

}  // namespace lqf::app
