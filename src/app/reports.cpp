#include "app/reports.hpp"

#include <algorithm>
#include <set>

namespace lqf::app {
namespace {

// A debrief is booked within the coming year.
constexpr std::int64_t kMaxDebriefDays = 366;

//! The released responses of a cycle's last release, as a report reads them.
std::vector<domain::ReportResponse> Released(FeedbackRepository& feedback, std::int64_t cycle_id,
                                             const Release& release) {
  const std::set<std::string> keys(release.response_keys.begin(), release.response_keys.end());
  std::vector<domain::ReportResponse> responses;
  for (auto& response : feedback.SubmittedResponses(cycle_id)) {
    if (keys.contains(response.key)) responses.push_back({response.group, std::move(response.answers)});
  }
  return responses;
}

}  // namespace

Reports::Reports(FeedbackRepository& feedback, AccountRepository& accounts, FrameworkCatalog& catalog, Clock& clock)
    : feedback_(feedback), accounts_(accounts), catalog_(catalog), clock_(clock) {}

Outcome<ReportAccess> Reports::Check(const domain::Actor& actor, std::int64_t cycle_id) {
  auto cycle = feedback_.FindCycle(cycle_id);
  if (!cycle) return Refuse<ReportAccess>("cycle", "not_found");
  const auto participant = accounts_.FindPerson(cycle->participant_id);
  const auto target = participant ? domain::TargetFor(*participant) : domain::Target{};
  // Not allowed reads as not there.
  if (!participant || !domain::IsAllowed(actor, domain::Action::kViewReport, target)) {
    return Refuse<ReportAccess>("cycle", "not_found");
  }
  auto release = feedback_.LastRelease(cycle_id);
  if (!release) return Refuse<ReportAccess>("report", "not_released");
  ReportAccess access;
  access.participant = actor.person_id == cycle->participant_id;
  access.coached = cycle->coached_report;
  if (access.coached) access.debrief = feedback_.FindDebrief(cycle_id);
  const bool released_to_participant = !access.coached || (access.debrief && !access.debrief->released_at.empty());
  // An administrator who is also the participant is still the participant here.
  if (access.participant && !released_to_participant) return Refuse<ReportAccess>("report", "awaiting_debrief");
  access.can_release = access.coached && !released_to_participant && !access.participant &&
                       domain::IsAllowed(actor, domain::Action::kReleaseReport, target);
  access.participant_name = participant->name;
  access.release = std::move(*release);
  access.newest_release = feedback_.NewestReleaseId();
  access.cycle = std::move(*cycle);
  return {std::move(access), {}};
}

domain::Report Reports::Build(const ReportAccess& access) {
  const auto& cycle = access.cycle;
  const auto entry = catalog_.Get(cycle.framework_code, cycle.framework_version);
  if (!entry) return {};
  domain::ReportInput input;
  input.framework = entry->framework.get();
  input.cycle = cycle;
  input.participant_name = access.participant_name;
  input.released_at = access.release.released_at;
  input.responses = Released(feedback_, cycle.id, access.release);
  // The order of comments is fixed per release: reloading shows the same
  // order, and nothing ties it to when raters answered.
  input.comment_seed = static_cast<std::uint64_t>(access.release.id) * 0x9E3779B97F4A7C15ULL;
  // The previous released cycle on the same framework: the newest one made
  // before this one (ListCycles is newest first).
  for (const auto& earlier : feedback_.ListCycles(cycle.participant_id)) {
    if (earlier.id == cycle.id || earlier.framework_code != cycle.framework_code ||
        earlier.created_at > cycle.created_at || (earlier.created_at == cycle.created_at && earlier.id > cycle.id)) {
      continue;
    }
    const auto earlier_release = feedback_.LastRelease(earlier.id);
    if (!earlier_release) continue;
    input.previous = domain::ReportInput::Previous{earlier, earlier_release->released_at,
                                                   Released(feedback_, earlier.id, *earlier_release)};
    break;
  }
  input.cohort = feedback_.CohortMeans(cycle.participant_id, cycle.framework_code, cycle.framework_version);
  return domain::BuildReport(input);
}

Outcome<ReportView> Reports::Open(const domain::Actor& actor, std::int64_t cycle_id, std::string_view download) {
  auto access = Check(actor, cycle_id);
  if (!access.Ok()) return {std::nullopt, access.refusals};
  ReportView view;
  view.report = Build(*access.value);
  view.access = std::move(*access.value);
  if (!download.empty()) Downloaded(actor, view.access, download);
  return {std::move(view), {}};
}

void Reports::Downloaded(const domain::Actor& actor, const ReportAccess& access, std::string_view form) {
  accounts_.Audit({0, clock_.NowUtc(),
                   actor.person_id > 0 ? std::optional<std::int64_t>(actor.person_id) : std::nullopt,
                   "report-downloaded", access.cycle.participant_id, std::nullopt,
                   "cycle " + std::to_string(access.cycle.id) + ", " + std::string(form)});
}

std::vector<CycleScores> Reports::ScoresAcrossCycles(const domain::Actor& actor, std::int64_t participant_id) {
  std::vector<CycleScores> scores;
  for (const auto& cycle : feedback_.ListCycles(participant_id)) {
    auto access = Check(actor, cycle.id);
    if (!access.Ok()) continue;
    scores.push_back(
        {cycle.id, cycle.title, access.value->release.released_at, feedback_.ReleaseMeans(access.value->release.id)});
  }
  std::reverse(scores.begin(), scores.end());  // ListCycles is newest first
  return scores;
}

std::vector<ReportListing> Reports::Readable(const domain::Actor& actor) {
  std::vector<ReportListing> listings;
  for (const auto& person : accounts_.ListPeople()) {
    if (person.id == actor.person_id ||
        !domain::IsAllowed(actor, domain::Action::kViewReport, domain::TargetFor(person))) {
      continue;
    }
    for (const auto& cycle : feedback_.ListCycles(person.id)) {
      const auto release = feedback_.LastRelease(cycle.id);
      if (!release) continue;
      ReportListing listing{cycle.id, person.name, cycle.title, release->released_at, cycle.coached_report, true};
      if (cycle.coached_report) {
        const auto debrief = feedback_.FindDebrief(cycle.id);
        listing.released_to_participant = debrief && !debrief->released_at.empty();
      }
      listings.push_back(std::move(listing));
    }
  }
  std::stable_sort(listings.begin(), listings.end(), [](const ReportListing& a, const ReportListing& b) {
    if (a.released_to_participant != b.released_to_participant) return !a.released_to_participant;
    return a.released_at > b.released_at;
  });
  return listings;
}

Outcome<bool> Reports::ReleaseToParticipant(const domain::Actor& actor, std::int64_t cycle_id,
                                            std::string_view debrief_on) {
  const auto cycle = feedback_.FindCycle(cycle_id);
  if (!cycle) return Refuse<bool>("cycle", "not_found");
  const auto participant = accounts_.FindPerson(cycle->participant_id);
  if (!participant || !domain::IsAllowed(actor, domain::Action::kReleaseReport, domain::TargetFor(*participant))) {
    return Refuse<bool>("cycle", "not_found");
  }
  const std::string date(Trim(debrief_on));
  const auto day = domain::DayNumber(date);
  const auto today = domain::DayNumber(clock_.NowUtc().substr(0, 10));
  if (date.empty()) return Refuse<bool>("debrief_on", "blank");
  if (!day || !today) return Refuse<bool>("debrief_on", "invalid");
  if (*day < *today) return Refuse<bool>("debrief_on", "past");
  if (*day > *today + kMaxDebriefDays) return Refuse<bool>("debrief_on", "too_far");
  if (!cycle->coached_report) return Refuse<bool>("report", "not_coached");
  if (!feedback_.LastRelease(cycle_id)) return Refuse<bool>("report", "not_released");
  const auto now = clock_.NowUtc();
  if (!feedback_.ReleaseCoachedReport(
          cycle_id, date, actor.person_id > 0 ? std::optional<std::int64_t>(actor.person_id) : std::nullopt, now)) {
    return Refuse<bool>("report", "already_released");
  }
  accounts_.Audit({0, now, actor.person_id > 0 ? std::optional<std::int64_t>(actor.person_id) : std::nullopt,
                   "report-released", cycle->participant_id, std::nullopt,
                   "cycle " + std::to_string(cycle_id) + ", debrief " + date});
  return {true, {}};
}

}  // namespace lqf::app
