#include "app/demo.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <random>
#include <stdexcept>

#include "app/feedback.hpp"
#include "app/secrets.hpp"

namespace lqf::app {
namespace {

constexpr std::array<std::string_view, 8> kComments = {
    "Sets a clear direction and explains the reasons for it.",
    "Could involve partners earlier, before decisions are settled.",
    "Calm and decisive when the pressure is on.",
    "Listens to young people and acts on what they say.",
    "Strong grasp of the data; shares it openly with the partnership.",
    "Sometimes takes on too much personally rather than delegating.",
    "Builds trust with schools and health colleagues.",
    "Would benefit from more time with elected members.",
};

//! Ratings for one person's view of one participant: a level per element
//! (the participant's), moved by the rater's leniency and some noise.
std::vector<domain::Answer> Answers(const std::vector<std::string>& scope, const std::vector<double>& level,
                                    double leniency, bool importance, std::mt19937& random) {
  std::normal_distribution<double> noise(0.0, 0.6);
  std::uniform_real_distribution<double> chance(0.0, 1.0);
  std::vector<domain::Answer> answers;
  answers.reserve(scope.size());
  for (std::size_t i = 0; i < scope.size(); ++i) {
    domain::Answer answer;
    answer.element = scope[i];
    answer.answered = true;
    if (chance(random) >= 0.08) {  // else "not able to comment"
      answer.rating = std::clamp(static_cast<int>(std::lround(level[i] + leniency + noise(random))), 1, 5);
    }
    if (importance) answer.importance = 1 + static_cast<int>(chance(random) * 4) % 4;
    if (chance(random) < 0.1) answer.comment = kComments[random() % kComments.size()];
    answers.push_back(std::move(answer));
  }
  return answers;
}

std::int64_t OrganisationId(AccountRepository& accounts, const std::string& name, domain::OrganisationKind kind,
                            const std::string& now) {
  if (auto found = accounts.FindOrganisationByName(name)) return found->id;
  if (auto id = accounts.AddOrganisation({0, name, kind, ""}, now)) return *id;
  return accounts.FindOrganisationByName(name).value().id;  // added meanwhile by someone else
}

}  // namespace

int AddDemoCycle(FeedbackRepository& feedback, FrameworkCatalog& catalog, Clock& clock,
                 const std::string& framework_code, const DemoCycleSpec& spec, std::vector<std::string>* links) {
  const auto entry = catalog.Get(framework_code);
  if (!entry) throw std::invalid_argument("no framework has the code " + framework_code);
  const auto& framework = *entry->framework;
  const auto scope = domain::ResolveScope(framework, {}, nullptr);
  const auto now = spec.created_at.empty() ? clock.NowUtc() : spec.created_at;
  std::mt19937 random(spec.seed);
  std::normal_distribution<double> leniency(0.0, 0.35);
  domain::Cycle cycle;
  cycle.participant_id = spec.participant_id;
  cycle.framework_code = framework.code;
  cycle.framework_version = framework.version;
  cycle.title = spec.title;
  // Open for 30 days from when it starts.
  cycle.deadline = AddSeconds(now.substr(0, 10) + "T00:00:00Z", 30LL * 86400).substr(0, 10);
  cycle.status = domain::CycleStatus::kOpen;
  cycle.scope = scope;
  cycle.groups = domain::DefaultRaterGroups();
  cycle.created_by = spec.participant_id;
  cycle.coached_report = spec.coached;
  const auto cycle_id = feedback.AddCycle(cycle, now);
  cycle.id = cycle_id;
  std::vector<double> level(scope.size());
  for (auto& l : level) l = spec.strength + leniency(random);
  int responses = 1;
  // The participant rates themself a little higher than others do, as people often do.
  feedback.SaveResponse(cycle_id, std::nullopt, SelfResponseKey(cycle_id), domain::kSelfGroup,
                        Answers(scope, level, 0.3, true, random), true);
  int rater_number = 0;
  for (const auto& group : cycle.groups) {
    const int count = group.single_person ? 1 : spec.raters_per_group;
    for (int r = 0; r < count; ++r) {
      domain::Rater rater;
      rater.cycle_id = cycle_id;
      rater.name = "Demo Rater " + std::to_string(++rater_number);
      rater.email = "rater" + std::to_string(rater_number) + ".cycle" + std::to_string(cycle_id) + "." + spec.run +
                    "@raters.demo.lqf.test";
      rater.group = group.code;
      const auto rater_id = feedback.AddRater(rater, now);
      if (!rater_id) continue;
      const auto token = NewToken();
      feedback.MarkInvited(*rater_id, RaterAccessHash(token), now);
      feedback.SaveResponse(cycle_id, *rater_id, RaterResponseKey(token), group.code,
                            Answers(scope, level, leniency(random), false, random), !spec.drafts);
      ++responses;
      if (spec.drafts && links != nullptr) links->push_back(token);
    }
  }
  if (!spec.drafts) {
    // Closed with its results released, so it has a report.
    feedback.ChangeCycleStatus(cycle_id, domain::CycleStatus::kOpen, domain::CycleStatus::kClosed, now);
    std::vector<std::string> keys;
    const auto submitted = feedback.SubmittedResponses(cycle_id);
    for (const auto& response : submitted) keys.push_back(response.key);
    feedback.AddRelease(cycle_id, keys, ReleaseMeans(framework, cycle, submitted), std::nullopt, now);
  }
  return responses;
}

DemoResult GenerateDemoCohort(AccountRepository& accounts, FeedbackRepository& feedback, FrameworkCatalog& catalog,
                              Clock& clock, const DemoSpec& spec) {
  if (spec.participants < 1 || spec.participants > kMaxDemoParticipants) {
    throw std::invalid_argument("participants must be from 1 to " + std::to_string(kMaxDemoParticipants));
  }
  if (spec.raters_per_group < 1 || spec.raters_per_group > 20) {
    throw std::invalid_argument("raters per group must be from 1 to 20");
  }
  const auto entry = catalog.Get(spec.framework);
  if (!entry) throw std::invalid_argument("no framework has the code " + spec.framework);
  const auto& framework = *entry->framework;
  std::vector<std::string> scope = domain::ResolveScope(framework, {}, nullptr);
  if (scope.empty()) throw std::invalid_argument("framework " + spec.framework + " has nothing to rate");

  const auto now = clock.NowUtc();
  const auto programme = OrganisationId(accounts, "Demo Programme", domain::OrganisationKind::kProgrammeBody, now);
  const auto authority =
      OrganisationId(accounts, "Demoshire County Council", domain::OrganisationKind::kLocalAuthority, now);
  std::int64_t cohort_id = 0;
  for (const auto& cohort : accounts.ListCohorts()) {
    if (cohort.organisation_id == programme && cohort.name == spec.cohort) cohort_id = cohort.id;
  }
  if (cohort_id == 0) {
    cohort_id = accounts.AddCohort({0, programme, spec.cohort, std::stoi(now.substr(0, 4))}, now).value();
  }
  // A run number keeps addresses unique when the command runs again.
  std::string run = now.substr(0, 10) + "-" + std::to_string(spec.seed) + "-" + NewToken().substr(0, 6);
  // Lower case, as every stored address is.
  for (auto& c : run) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

  std::vector<domain::Person> people;
  for (int i = 1; i <= spec.participants; ++i) {
    domain::Person person;
    person.organisation_id = authority;
    person.name = "Demo Director " + std::to_string(i);
    person.email = "director" + std::to_string(i) + "." + run + "@cohort.demo.lqf.test";
    person.job_title = "Director of Children's Services";
    person.background = std::array{domain::Background::kEducation, domain::Background::kSocialCare,
                                   domain::Background::kHealth}[static_cast<std::size_t>(i) % 3];
    person.grants.push_back({domain::Role::kParticipant, domain::ScopeKind::kCohort, cohort_id});
    people.push_back(std::move(person));
  }
  const auto ids = accounts.AddPeople(people, now);
  if (!ids) throw std::invalid_argument("demo people could not be added: an address is taken");

  DemoResult result;
  result.participants = spec.participants;
  std::mt19937 random(spec.seed);
  std::normal_distribution<double> strength(3.2, 0.6);
  for (const auto id : *ids) {
    DemoCycleSpec cycle;
    cycle.participant_id = id;
    cycle.title = "Demonstration feedback";
    cycle.strength = strength(random);
    cycle.raters_per_group = spec.raters_per_group;
    cycle.drafts = spec.drafts;
    cycle.seed = static_cast<std::uint32_t>(random());
    cycle.run = run;
    result.responses += AddDemoCycle(feedback, catalog, clock, spec.framework, cycle, &result.links);
    ++result.cycles;
  }
  result.questions = static_cast<int>(scope.size());
  return result;
}

}  // namespace lqf::app
