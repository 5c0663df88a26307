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
  std::normal_distribution<double> leniency(0.0, 0.35);
  // Open for 30 days from the clock's date.
  const auto deadline = AddSeconds(now.substr(0, 10) + "T00:00:00Z", 30LL * 86400).substr(0, 10);
  for (std::size_t p = 0; p < ids->size(); ++p) {
    domain::Cycle cycle;
    cycle.participant_id = (*ids)[p];
    cycle.framework_code = framework.code;
    cycle.framework_version = framework.version;
    cycle.title = "Demonstration feedback";
    cycle.deadline = deadline;
    cycle.status = domain::CycleStatus::kOpen;
    cycle.scope = scope;
    cycle.groups = domain::DefaultRaterGroups();
    cycle.created_by = (*ids)[p];
    const auto cycle_id = feedback.AddCycle(cycle, now);
    ++result.cycles;
    std::vector<double> level(scope.size());
    const double overall = strength(random);
    for (auto& l : level) l = overall + leniency(random);
    // The participant rates themself a little higher than others do, as people often do.
    feedback.SaveResponse(cycle_id, std::nullopt, SelfResponseKey(cycle_id), domain::kSelfGroup,
                          Answers(scope, level, 0.3, true, random), true);
    ++result.responses;
    int rater_number = 0;
    for (const auto& group : cycle.groups) {
      const int count = group.single_person ? 1 : spec.raters_per_group;
      for (int r = 0; r < count; ++r) {
        domain::Rater rater;
        rater.cycle_id = cycle_id;
        rater.name = "Demo Rater " + std::to_string(++rater_number);
        rater.email = "rater" + std::to_string(rater_number) + ".cycle" + std::to_string(cycle_id) + "." + run +
                      "@raters.demo.lqf.test";
        rater.group = group.code;
        const auto rater_id = feedback.AddRater(rater, now);
        if (!rater_id) continue;
        const auto token = NewToken();
        feedback.MarkInvited(*rater_id, RaterAccessHash(token), now);
        feedback.SaveResponse(cycle_id, *rater_id, RaterResponseKey(token), group.code,
                              Answers(scope, level, leniency(random), false, random), !spec.drafts);
        ++result.responses;
        if (spec.drafts) result.links.push_back(token);
      }
    }
    if (!spec.drafts)
      feedback.ChangeCycleStatus(cycle_id, domain::CycleStatus::kOpen, domain::CycleStatus::kClosed, now);
  }
  result.questions = static_cast<int>(scope.size());
  return result;
}

}  // namespace lqf::app
