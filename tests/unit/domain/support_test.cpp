// Mentoring, coaching and appraisal in the domain: names, the checks on
// relationships, sessions, objectives and reviews, the stages of an
// appraisal year and when its reviews fall due.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/appraisal.hpp"
#include "domain/feedback.hpp"
#include "domain/support.hpp"
#include "interchange/framework_json.hpp"

namespace lqf::domain {
namespace {

Framework Bundled() {
  std::ifstream in(std::string(LQF_SOURCE_ROOT) + "/data/frameworks/nlqf-2010.json");
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(*interchange::ParseFramework(text.str()).framework);
}

std::string Codes(const std::vector<PlanProblem>& problems) {
  std::string codes;
  for (const auto& p : problems) codes += (codes.empty() ? "" : " ") + p.field + ":" + p.code;
  return codes;
}

TEST(Support, NamesGoBothWays) {
  for (auto kind : kAllSupportKinds) EXPECT_EQ(ParseSupportKind(SupportKindName(kind)), kind);
  for (auto outcome : kAllObjectiveOutcomes) EXPECT_EQ(ParseObjectiveOutcome(ObjectiveOutcomeName(outcome)), outcome);
  for (auto kind : kAllReviewKinds) EXPECT_EQ(ParseReviewKind(ReviewKindName(kind)), kind);
  EXPECT_EQ(SupportKindName(SupportKind::kLineManager), "line-manager");
  EXPECT_FALSE(ParseSupportKind("Mentor").has_value());
}

TEST(Support, DaysGoBothWays) {
  for (const char* date : {"1970-01-01", "2000-02-29", "2026-11-23", "2027-03-31", "2100-12-31"}) {
    EXPECT_EQ(DateOfDay(*DayNumber(date)), date);
  }
  EXPECT_EQ(DateOfDay(*DayNumber("2026-12-31") + 1), "2027-01-01");
}

TEST(Support, ARelationshipRunsFromItsStartToItsEnd) {
  Relationship r{1, 10, 20, SupportKind::kMentor, "2026-01-10", "", false, ""};
  EXPECT_TRUE(r.ActiveOn("2026-01-10"));
  EXPECT_FALSE(r.ActiveOn("2026-01-09"));
  r.ended_on = "2026-06-30";
  EXPECT_TRUE(r.ActiveOn("2026-06-30"));
  EXPECT_FALSE(r.ActiveOn("2026-07-01"));
  EXPECT_EQ(Codes(CheckRelationship(r)), "");
  r.ended_on = "2025-12-31";
  EXPECT_EQ(Codes(CheckRelationship(r)), "ended_on:before_start");
  r.ended_on = "2026-02-30";
  r.supporter_id = 10;
  EXPECT_EQ(Codes(CheckRelationship(r)), "supporter:self ended_on:invalid");
  r.started_on = "";
  r.ended_on = "";
  EXPECT_EQ(Codes(CheckRelationship(r)), "supporter:self started_on:blank");
}

TEST(Support, ASessionIsHeldWithinTheRelationshipOnStatements) {
  const auto framework = Bundled();
  const Relationship r{1, 10, 20, SupportKind::kCoach, "2026-01-10", "2026-12-31", true, ""};
  SupportSession s{0, 1, "2026-03-03", {"S4", "A2"}, "We talked about the board.", "", ""};
  EXPECT_EQ(Codes(CheckSession(framework, r, s, "2026-11-23")), "");
  s.held_on = "2026-11-24";
  EXPECT_EQ(Codes(CheckSession(framework, r, s, "2026-11-23")), "held_on:future");
  s.held_on = "2026-01-09";
  EXPECT_EQ(Codes(CheckSession(framework, r, s, "2026-11-23")), "held_on:outside_relationship");
  s.held_on = "2026-03-03";
  s.themes = {"S4", "S4"};
  EXPECT_EQ(Codes(CheckSession(framework, r, s, "2026-11-23")), "themes:repeated");
  s.themes = {"S"};  // a branch, not a statement
  EXPECT_EQ(Codes(CheckSession(framework, r, s, "2026-11-23")), "themes:not-found");
  s.themes = {};
  s.summary = "";
  s.private_note = std::string("bell\a");
  EXPECT_EQ(Codes(CheckSession(framework, r, s, "2026-11-23")), "summary:blank private_note:not-text");
}

TEST(Appraisal, AYearMovesThroughItsStages) {
  Appraisal a{1, 10, 20, "2026-04-01", "2027-03-31", "", "", ""};
  std::vector<AppraisalReview> reviews;
  EXPECT_EQ(StageOf(a, reviews), AppraisalStage::kObjectives);
  EXPECT_EQ(ReviewDueOn(a, ReviewKind::kMidYear), "2026-09-30");  // 182 of 364 days in
  EXPECT_EQ(ReviewDueOn(a, ReviewKind::kYearEnd), "2027-03-31");
  reviews.push_back({1, 1, ReviewKind::kMidYear, "2026-10-01", "Good progress", "", ""});
  EXPECT_EQ(StageOf(a, reviews), AppraisalStage::kMidYearHeld);
  reviews.push_back({2, 1, ReviewKind::kYearEnd, "2027-03-20", "A strong year", "", ""});
  EXPECT_EQ(StageOf(a, reviews), AppraisalStage::kYearEndHeld);
  a.manager_signed_at = "2027-03-21T10:00:00Z";
  EXPECT_EQ(StageOf(a, reviews), AppraisalStage::kYearEndHeld) << "both must sign";
  a.participant_signed_at = "2027-03-22T10:00:00Z";
  EXPECT_EQ(StageOf(a, reviews), AppraisalStage::kSignedOff);
}

TEST(Appraisal, ChecksYearsObjectivesAndReviews) {
  const auto framework = Bundled();
  Appraisal a{0, 10, 20, "2026-04-01", "2027-03-31", "", "", ""};
  EXPECT_EQ(Codes(CheckAppraisal(a)), "");
  a.period_end = "2026-03-31";
  EXPECT_EQ(Codes(CheckAppraisal(a)), "period_end:before_start");
  a.period_end = "2028-03-31";
  EXPECT_EQ(Codes(CheckAppraisal(a)), "period_end:too_long");
  a.period_end = "2027-03-31";

  Objective o{0, 1, "S4", "Lead the merger of two services", "", std::nullopt, ObjectiveOutcome::kOpen};
  EXPECT_EQ(Codes(CheckObjective(framework, o)), "");
  o.element = "Z9";
  o.title = "";
  EXPECT_EQ(Codes(CheckObjective(framework, o)), "title:blank element:not-found");

  std::vector<AppraisalReview> held;
  AppraisalReview mid{0, 1, ReviewKind::kMidYear, "2026-10-01", "On track", "", ""};
  EXPECT_EQ(Codes(CheckReview(a, held, mid, "2026-11-23")), "");
  EXPECT_EQ(Codes(CheckReview(a, held, mid, "2026-09-30")), "held_on:future");
  held.push_back(mid);
  EXPECT_EQ(Codes(CheckReview(a, held, mid, "2026-11-23")), "kind:already_held");
  AppraisalReview end{0, 1, ReviewKind::kYearEnd, "2026-09-01", "", "", ""};
  EXPECT_EQ(Codes(CheckReview(a, held, end, "2026-11-23")), "held_on:before_mid_year manager_comment:blank");
  end.held_on = "2026-03-01";
  end.manager_comment = "x";
  EXPECT_EQ(Codes(CheckReview(a, {}, end, "2026-11-23")), "held_on:before_period");
}

}  // namespace
}  // namespace lqf::domain
