// The access policy, role by action, as a table: every role in its usual
// scope against every action, on targets inside and outside that scope.

#include "domain/access.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace lqf::domain {
namespace {

constexpr std::int64_t kMe = 10;
constexpr std::int64_t kSomeoneInMyCohort = 11;
constexpr std::int64_t kSomeoneElsewhere = 12;
constexpr std::int64_t kMyCohort = 100;
constexpr std::int64_t kOtherCohort = 101;
constexpr std::int64_t kMyProgrammeBody = 1000;
constexpr std::int64_t kOtherOrganisation = 1001;

Actor ActorWith(Role role) {
  Actor actor;
  actor.person_id = kMe;
  switch (role) {
    case Role::kAdministrator:
      actor.grants.push_back({role, ScopeKind::kInstallation, 0});
      break;
    case Role::kProgrammeLead:
      actor.grants.push_back({role, ScopeKind::kCohort, kMyCohort});
      break;
    case Role::kParticipant:
    case Role::kCoach:  // coaches the people in one cohort
      actor.grants.push_back({role, ScopeKind::kCohort, kMyCohort});
      break;
    default:
      actor.grants.push_back({role, ScopeKind::kOrganisation, kMyProgrammeBody});
  }
  return actor;
}

// The targets each row of the table is checked against.
enum TargetKind { kSelf, kPersonInMyCohort, kPersonElsewhere, kMyCohortList, kOtherCohortList, kNothing };

Target Make(TargetKind kind) {
  switch (kind) {
    case kSelf:
      return Target{kMe, {kMyCohort}, std::nullopt, false};
    case kPersonInMyCohort:
      return Target{kSomeoneInMyCohort, {kMyCohort}, std::nullopt, false};
    case kPersonElsewhere:
      return Target{kSomeoneElsewhere, {kOtherCohort}, kOtherOrganisation, false};
    case kMyCohortList:
      return Target{std::nullopt, {kMyCohort}, std::nullopt, false};
    case kOtherCohortList:
      return Target{std::nullopt, {kOtherCohort}, std::nullopt, false};
    case kNothing:
      return Target{};
  }
  return Target{};
}

// Expected answers: one string per (role, action), one character per target in
// the order kSelf, kPersonInMyCohort, kPersonElsewhere, kMyCohortList,
// kOtherCohortList, kNothing; Y allowed, . refused.
struct Row {
  Role role;
  Action action;
  const char* expected;
};

constexpr Row kTable[] = {
    // Administrators may do everything, everywhere.
    {Role::kAdministrator, Action::kImportFramework, "YYYYYY"},
    {Role::kAdministrator, Action::kManageOrganisations, "YYYYYY"},
    {Role::kAdministrator, Action::kViewOrganisations, "YYYYYY"},
    {Role::kAdministrator, Action::kViewPeople, "YYYYYY"},
    {Role::kAdministrator, Action::kManagePeople, "YYYYYY"},
    {Role::kAdministrator, Action::kViewPerson, "YYYYYY"},
    {Role::kAdministrator, Action::kEditProfile, "YYYYYY"},
    {Role::kAdministrator, Action::kExportPersonData, "YYYYYY"},
    {Role::kAdministrator, Action::kErasePerson, "YYYYYY"},
    {Role::kAdministrator, Action::kViewAuditLog, "YYYYYY"},
    {Role::kAdministrator, Action::kRunFeedbackCycle, "YYYYYY"},
    {Role::kAdministrator, Action::kApproveRaters, "YYYYYY"},
    {Role::kAdministrator, Action::kViewReport, "YYYYYY"},
    {Role::kAdministrator, Action::kReleaseReport, "YYYYYY"},
    {Role::kAdministrator, Action::kViewPlan, "YYYYYY"},
    {Role::kAdministrator, Action::kEditPlan, "YYYYYY"},
    {Role::kAdministrator, Action::kViewSupport, "YYYYYY"},
    {Role::kAdministrator, Action::kManageSupport, "YYYYYY"},
    // ...but never acts as someone's mentor, coach or line manager, nor reads
    // an appraisal but their own.
    {Role::kAdministrator, Action::kViewAppraisal, "Y....."},
    {Role::kAdministrator, Action::kRecordSession, "......"},
    {Role::kAdministrator, Action::kRunAppraisal, "......"},
    // Programme leads see and manage the people in the cohorts they lead.
    {Role::kProgrammeLead, Action::kImportFramework, "......"},
    {Role::kProgrammeLead, Action::kManageOrganisations, "......"},
    {Role::kProgrammeLead, Action::kViewOrganisations, "YYYYYY"},
    {Role::kProgrammeLead, Action::kViewPeople, "YY.Y.."},
    {Role::kProgrammeLead, Action::kManagePeople, ".Y.Y.."},
    {Role::kProgrammeLead, Action::kViewPerson, "YY...."},
    {Role::kProgrammeLead, Action::kEditProfile, "Y....."},
    {Role::kProgrammeLead, Action::kExportPersonData, "Y....."},
    {Role::kProgrammeLead, Action::kErasePerson, "......"},
    {Role::kProgrammeLead, Action::kViewAuditLog, "......"},
    // A lead runs cycles for, and approves the raters of, the participants
    // they lead; not their own (they are not a participant here).
    {Role::kProgrammeLead, Action::kRunFeedbackCycle, ".Y...."},
    {Role::kProgrammeLead, Action::kApproveRaters, ".Y...."},
    // They see their participants' reports and release coached ones.
    {Role::kProgrammeLead, Action::kViewReport, ".Y...."},
    {Role::kProgrammeLead, Action::kReleaseReport, ".Y...."},
    {Role::kProgrammeLead, Action::kViewPlan, ".Y...."},
    {Role::kProgrammeLead, Action::kEditPlan, ".Y...."},
    {Role::kProgrammeLead, Action::kViewSupport, "YY...."},
    {Role::kProgrammeLead, Action::kManageSupport, ".Y...."},
    {Role::kProgrammeLead, Action::kRecordSession, "......"},
    {Role::kProgrammeLead, Action::kRunAppraisal, "......"},
    {Role::kProgrammeLead, Action::kViewAppraisal, "Y....."},
};

// Roles that, for now, act only on themselves; but a coach sees and releases
// the reports of the people in the cohort they coach, and a participant sees their own.
constexpr Role kSelfOnlyRoles[] = {Role::kHrAdviser, Role::kAssessor, Role::kCoach, Role::kParticipant};

std::string Answers(const Actor& actor, Action action) {
  std::string answers;
  for (auto kind : {kSelf, kPersonInMyCohort, kPersonElsewhere, kMyCohortList, kOtherCohortList, kNothing}) {
    answers += IsAllowed(actor, action, Make(kind)) ? 'Y' : '.';
  }
  return answers;
}

TEST(Access, TableOfRolesAgainstActions) {
  for (const auto& row : kTable) {
    EXPECT_EQ(Answers(ActorWith(row.role), row.action), row.expected)
        << RoleName(row.role) << " / " << ActionName(row.action);
  }
}

TEST(Access, OtherRolesActOnlyOnThemselves) {
  for (auto role : kSelfOnlyRoles) {
    for (auto action : kAllActions) {
      std::string expected = "......";
      if (action == Action::kViewPerson || action == Action::kEditProfile || action == Action::kExportPersonData ||
          action == Action::kViewSupport || action == Action::kViewAppraisal) {
        expected = "Y.....";
      }
      if (role == Role::kHrAdviser && action == Action::kViewOrganisations) expected = "YYYYYY";
      if (role == Role::kParticipant && action == Action::kRunFeedbackCycle) expected = "Y.....";
      if (role == Role::kParticipant && action == Action::kViewReport) expected = "Y.....";
      if (role == Role::kParticipant && (action == Action::kViewPlan || action == Action::kEditPlan)) {
        expected = "Y.....";
      }
      if (role == Role::kCoach && (action == Action::kViewReport || action == Action::kReleaseReport)) {
        expected = ".Y....";
      }
      EXPECT_EQ(Answers(ActorWith(role), action), expected) << RoleName(role) << " / " << ActionName(action);
    }
  }
}

TEST(Access, EveryRoleAndActionIsCovered) {
  std::map<std::pair<Role, Action>, int> seen;
  for (const auto& row : kTable) ++seen[{row.role, row.action}];
  for (auto role : kSelfOnlyRoles) {
    for (auto action : kAllActions) ++seen[{role, action}];
  }
  for (auto role : kAllRoles) {
    for (auto action : kAllActions) {
      EXPECT_EQ((seen[{role, action}]), 1) << RoleName(role) << " / " << ActionName(action);
    }
  }
}

TEST(Access, NobodySignedInMayDoNothing) {
  Actor anonymous;
  for (auto action : kAllActions) {
    EXPECT_FALSE(IsAllowed(anonymous, action, Make(kNothing))) << ActionName(action);
    EXPECT_FALSE(IsAllowed(anonymous, action, Target{0, {}, std::nullopt, false})) << ActionName(action);
  }
}

TEST(Access, ALeadNeverManagesAnAdministrator) {
  auto lead = ActorWith(Role::kProgrammeLead);
  Target admin{kSomeoneInMyCohort, {kMyCohort}, std::nullopt, true};
  EXPECT_FALSE(IsAllowed(lead, Action::kManagePeople, admin));
  EXPECT_TRUE(IsAllowed(lead, Action::kViewPerson, admin));
}

TEST(Access, AnOrganisationWideLeadLeadsItsCohorts) {
  Actor lead;
  lead.person_id = kMe;
  lead.grants.push_back({Role::kProgrammeLead, ScopeKind::kOrganisation, kMyProgrammeBody});
  lead.led_cohort_ids = {kMyCohort};
  EXPECT_TRUE(IsAllowed(lead, Action::kViewPerson, Make(kPersonInMyCohort)));
  EXPECT_TRUE(IsAllowed(lead, Action::kViewPeople, Target{std::nullopt, {}, kMyProgrammeBody, false}));
  EXPECT_FALSE(IsAllowed(lead, Action::kViewPeople, Target{std::nullopt, {}, kOtherOrganisation, false}));
  EXPECT_FALSE(IsAllowed(lead, Action::kViewPerson, Make(kPersonElsewhere)));
}

TEST(Access, ListsSpanningLedAndOtherCohortsAreRefused) {
  auto lead = ActorWith(Role::kProgrammeLead);
  EXPECT_FALSE(
      IsAllowed(lead, Action::kViewPeople, Target{std::nullopt, {kMyCohort, kOtherCohort}, std::nullopt, false}));
}

// Mentors, coaches and line managers act through their relationship with a
// person, not through a role: what they may do follows the tie, whether it is
// going on today, and what the person shares.
Target PersonSupportedBy(SupportKind kind, bool active, bool shares_plan) {
  Target target = Make(kPersonElsewhere);
  target.ties.push_back({kMe, kind, active, shares_plan});
  target.ties.push_back({kSomeoneInMyCohort, SupportKind::kCoach, true, true});  // someone else's tie
  return target;
}

std::string Answers(const Actor& actor, const Target& target) {
  std::string answers;
  for (auto action : {Action::kViewPlan, Action::kEditPlan, Action::kViewSupport, Action::kRecordSession,
                      Action::kRunAppraisal, Action::kViewAppraisal}) {
    answers += IsAllowed(actor, action, target) ? 'Y' : '.';
  }
  return answers;
}

TEST(Access, SupportersActThroughTheirRelationship) {
  // Anyone may be a supporter: a mentor is often another director, a line manager a chief executive.
  Actor supporter;
  supporter.person_id = kMe;
  // Order: view plan, edit plan, view support, record session, run appraisal, view appraisal.
  EXPECT_EQ(Answers(supporter, PersonSupportedBy(SupportKind::kMentor, true, true)), "Y..Y..");
  EXPECT_EQ(Answers(supporter, PersonSupportedBy(SupportKind::kMentor, true, false)), "...Y..");
  EXPECT_EQ(Answers(supporter, PersonSupportedBy(SupportKind::kCoach, true, false)), "...Y..");
  EXPECT_EQ(Answers(supporter, PersonSupportedBy(SupportKind::kLineManager, true, false)), "....YY");
  EXPECT_EQ(Answers(supporter, PersonSupportedBy(SupportKind::kLineManager, true, true)), "Y...YY");
  // Once it has ended, nothing.
  EXPECT_EQ(Answers(supporter, PersonSupportedBy(SupportKind::kMentor, false, true)), "......");
  EXPECT_EQ(Answers(supporter, PersonSupportedBy(SupportKind::kLineManager, false, true)), "......");
  // A coach by role, with no tie to the person, sees no plan.
  EXPECT_EQ(Answers(ActorWith(Role::kCoach), Make(kPersonInMyCohort)), "......");
  // A programme lead sees the plan and who supports the person, but holds no sessions or appraisals.
  auto lead = ActorWith(Role::kProgrammeLead);
  auto in_cohort = Make(kPersonInMyCohort);
  in_cohort.ties.push_back({kMe, SupportKind::kLineManager, true, false});
  EXPECT_EQ(Answers(lead, Make(kPersonInMyCohort)), "YYY...");
  EXPECT_EQ(Answers(lead, in_cohort), "YYY.YY");  // unless they are also the line manager
}

TEST(Access, SessionsAreSeenByWhatEachPersonIsToThem) {
  Relationship mentoring;
  mentoring.participant_id = kSomeoneInMyCohort;
  mentoring.supporter_id = kMe;
  EXPECT_EQ(SightOfSession(kMe, mentoring, false), SessionSight::kFull);
  EXPECT_EQ(SightOfSession(kSomeoneInMyCohort, mentoring, false), SessionSight::kRecord);
  EXPECT_EQ(SightOfSession(kSomeoneElsewhere, mentoring, true), SessionSight::kOutline);  // their programme lead
  EXPECT_EQ(SightOfSession(kSomeoneElsewhere, mentoring, false), SessionSight::kNone);
  EXPECT_EQ(SightOfSession(0, mentoring, true), SessionSight::kNone);
  EXPECT_EQ(SightOfSession(-1, mentoring, true), SessionSight::kOutline) << "the console's operator";
  // The participant never sees the private note, even if they oversee others.
  EXPECT_EQ(SightOfSession(kSomeoneInMyCohort, mentoring, true), SessionSight::kRecord);
}

}  // namespace
}  // namespace lqf::domain
