// A report built from a fixture of raw answers, every figure checked against
// a calculation written here, separately from BuildReport: sums and counts
// straight from the answers, group by group. The anonymity rule itself
// (domain::Disclose, tested exhaustively in anonymity_test.cpp) decides which
// groups each figure pools; everything else is recomputed.

#include "domain/report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "interchange/framework_json.hpp"

namespace lqf::domain {
namespace {

Framework Bundled() {
  std::ifstream in(std::string(LQF_SOURCE_ROOT) + "/data/frameworks/nlqf-2010.json");
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = interchange::ParseFramework(text.str());
  EXPECT_TRUE(parsed.Ok());
  return std::move(*parsed.framework);
}

// How many raters each group has in the fixture: partners are too few to be
// shown apart (and are pooled or withheld statement by statement), nobody is
// in "others", the lead member answers for themself.
const std::map<std::string, int> kRaters = {{"line-manager", 1}, {"lead-member", 1}, {"direct-reports", 4},
                                            {"partners", 2},     {"peers", 3},       {"others", 0}};

std::vector<ReportResponse> Responses(const std::vector<std::string>& scope, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<ReportResponse> responses;
  auto respond = [&](const std::string& group, bool self) {
    ReportResponse response{group, {}};
    for (const auto& code : scope) {
      if (random() % 7 == 0) continue;  // not answered
      Answer answer;
      answer.element = code;
      answer.answered = true;
      if (random() % 6 != 0) answer.rating = 1 + static_cast<int>(random() % 5);  // else "not able to comment"
      if (self && random() % 2 == 0) answer.importance = 1 + static_cast<int>(random() % 4);
      if (random() % 3 == 0) answer.comment = group + " comment " + std::to_string(random() % 1000);
      response.answers.push_back(answer);
    }
    responses.push_back(std::move(response));
  };
  respond(std::string(kSelfGroup), true);
  for (const auto& [group, raters] : kRaters) {
    for (int i = 0; i < raters; ++i) respond(group, false);
  }
  return responses;
}

// The scores (and "not able to comment"s, and comments) of each group for one statement.
struct Raw {
  std::map<std::string, std::vector<int>> scores;
  std::map<std::string, int> not_able;
  std::map<std::string, std::vector<std::string>> comments;
  std::optional<int> self, importance;
};

Raw RawAnswers(const std::vector<ReportResponse>& responses, const std::string& code) {
  Raw raw;
  for (const auto& response : responses) {
    for (const auto& answer : response.answers) {
      if (answer.element != code) continue;
      if (response.group == kSelfGroup) {
        raw.self = answer.rating;
        raw.importance = answer.importance;
        continue;
      }
      if (answer.rating) {
        raw.scores[response.group].push_back(*answer.rating);
      } else {
        ++raw.not_able[response.group];
      }
      if (!answer.comment.empty()) raw.comments[response.group].push_back(answer.comment);
    }
  }
  return raw;
}

double Mean(const std::vector<int>& values) {
  double sum = 0;
  for (int v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

// Others' mean for one statement, as a report would show it, recomputed.
std::optional<double> ExpectedOthers(const Cycle& cycle, const Raw& raw) {
  std::vector<GroupResponses> counts{{std::string(kSelfGroup), raw.self ? 1 : 0, 1, false}};
  for (const auto& group : cycle.groups) {
    const auto it = raw.scores.find(group.code);
    counts.push_back({group.code, it == raw.scores.end() ? 0 : static_cast<int>(it->second.size()), group.minimum,
                      group.attributed});
  }
  std::set<std::string> shown;  // every group in a figure, once
  for (const auto& figure : Disclose(counts).figures) {
    if (figure.label != kSelfGroup) shown.insert(figure.groups.begin(), figure.groups.end());
  }
  std::vector<int> pooled;
  for (const auto& group : shown) {
    const auto it = raw.scores.find(group);
    if (it != raw.scores.end()) pooled.insert(pooled.end(), it->second.begin(), it->second.end());
  }
  if (pooled.empty()) return std::nullopt;
  return Mean(pooled);
}

class ReportTest : public ::testing::Test {
 protected:
  ReportTest() : framework_(Bundled()) {
    cycle_.title = "Autumn 2026";
    cycle_.scope = ResolveScope(framework_, {}, nullptr);
    cycle_.groups = DefaultRaterGroups();
    for (auto& group : cycle_.groups) {
      if (group.code == "line-manager") group.attributed = true;  // told their answers are shown as theirs
    }
    input_.framework = &framework_;
    input_.cycle = cycle_;
    input_.participant_name = "Jo Bennett";
    input_.responses = Responses(cycle_.scope, 20261122);
    input_.comment_seed = 42;
  }

  Framework framework_;
  Cycle cycle_;
  ReportInput input_;
};

TEST_F(ReportTest, EveryFigureIsTheIndependentCalculation) {
  const auto report = BuildReport(input_);
  ASSERT_EQ(report.statements.size(), cycle_.scope.size());
  ASSERT_EQ(report.scale.size(), 5u);
  int figures_checked = 0, withheld_seen = 0, pooled_seen = 0;
  for (std::size_t i = 0; i < report.statements.size(); ++i) {
    const auto& statement = report.statements[i];
    const auto raw = RawAnswers(input_.responses, statement.code);
    SCOPED_TRACE(statement.code);
    ASSERT_EQ(statement.code, cycle_.scope[i]);
    EXPECT_EQ(statement.self_score, raw.self);
    EXPECT_EQ(statement.self_importance, raw.importance);

    // The rule's figures for these counts: each group apart and a merged
    // group are figures; "All raters" is `others`.
    std::vector<GroupResponses> counts{{std::string(kSelfGroup), raw.self ? 1 : 0, 1, false}};
    for (const auto& group : cycle_.groups) {
      const auto it = raw.scores.find(group.code);
      counts.push_back({group.code, it == raw.scores.end() ? 0 : static_cast<int>(it->second.size()), group.minimum,
                        group.attributed});
    }
    std::vector<std::string> keys;
    std::set<std::string> shown;
    bool all_raters = false;
    for (const auto& figure : Disclose(counts).figures) {
      if (figure.label == kSelfGroup) continue;
      shown.insert(figure.groups.begin(), figure.groups.end());
      if (figure.label == kAllRatersFigure) {
        all_raters = true;
      } else {
        keys.push_back(figure.label);
      }
    }
    std::vector<std::string> got;
    for (const auto& figure : statement.figures) got.push_back(figure.key);
    EXPECT_EQ(got, keys);
    EXPECT_EQ(statement.others.key, all_raters ? std::string(kAllRatersFigure) : std::string("others"));
    for (const auto& figure : statement.figures) {
      ASSERT_NE(figure.key, kSelfGroup);
      // The figure's numbers from the raw answers of exactly its groups.
      std::vector<int> scores;
      int not_able = 0;
      for (const auto& group : figure.groups) {
        if (auto it = raw.scores.find(group); it != raw.scores.end()) {
          scores.insert(scores.end(), it->second.begin(), it->second.end());
        }
        if (auto it = raw.not_able.find(group); it != raw.not_able.end()) not_able += it->second;
      }
      EXPECT_EQ(figure.responses, static_cast<int>(scores.size())) << figure.key;
      ASSERT_TRUE(figure.mean.has_value()) << figure.key;
      EXPECT_NEAR(*figure.mean, Mean(scores), 1e-12) << figure.key;
      EXPECT_EQ(figure.distribution.not_able, not_able) << figure.key;
      for (int point = 1; point <= 5; ++point) {
        EXPECT_EQ(figure.distribution.counts[static_cast<std::size_t>(point - 1)],
                  std::count(scores.begin(), scores.end(), point))
            << figure.key << " point " << point;
      }
      // A group apart has at least its minimum, unless its raters were told they are named.
      if (const auto* group = cycle_.FindGroup(figure.key); group && !group->attributed) {
        EXPECT_GE(figure.responses, group->minimum);
      }
      pooled_seen += figure.key == kOtherRatersFigure ? 1 : 0;
      ++figures_checked;
    }
    // Withheld: groups with scores that are in no figure; nothing of theirs is anywhere.
    std::set<std::string> withheld;
    for (const auto& [group, scores] : raw.scores) {
      if (!scores.empty() && !shown.contains(group)) withheld.insert(group);
    }
    EXPECT_EQ(std::set<std::string>(statement.withheld.begin(), statement.withheld.end()), withheld);
    withheld_seen += withheld.empty() ? 0 : 1;

    // Others: every shown group's scores, once each.
    std::vector<int> others;
    for (const auto& group : shown) {
      if (auto it = raw.scores.find(group); it != raw.scores.end())
        others.insert(others.end(), it->second.begin(), it->second.end());
    }
    EXPECT_EQ(statement.others.responses, static_cast<int>(others.size()));
    if (others.empty()) {
      EXPECT_FALSE(statement.others.mean.has_value());
    } else {
      EXPECT_NEAR(*statement.others.mean, Mean(others), 1e-12);
    }
    if (raw.self && !others.empty()) {
      EXPECT_NEAR(*statement.gap, *raw.self - Mean(others), 1e-12);
    } else {
      EXPECT_FALSE(statement.gap.has_value());
    }

    // Comments: exactly those of the shown groups, when shown at all.
    std::multiset<std::string> expected_comments;
    for (const auto& group : shown) {
      if (auto it = raw.comments.find(group); it != raw.comments.end())
        expected_comments.insert(it->second.begin(), it->second.end());
    }
    if (!statement.comments.empty()) {
      EXPECT_EQ(std::multiset<std::string>(statement.comments.begin(), statement.comments.end()), expected_comments);
    }
    for (const auto& group : withheld) {
      for (const auto& comment : statement.comments) EXPECT_EQ(comment.find(group + " comment"), std::string::npos);
    }
  }
  EXPECT_GT(figures_checked, 200);
  EXPECT_GT(withheld_seen + pooled_seen, 0) << "the fixture exercises the rule";
}

TEST_F(ReportTest, AreasAndFindingsFollowFromTheStatements) {
  const auto report = BuildReport(input_);
  // Areas: the nearest ancestor that is an area of the business, else the statement itself.
  std::map<std::string, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < report.statements.size(); ++i) {
    const auto* node = framework_.Find(report.statements[i].code);
    std::string area = node->code;
    for (auto parent = node->parent; parent; parent = framework_.nodes[*parent].parent) {
      if (framework_.nodes[*parent].type == NodeType::kArea) {
        area = framework_.nodes[*parent].code;
        break;
      }
    }
    members[area].push_back(i);
  }
  ASSERT_EQ(report.areas.size(), members.size());
  for (const auto& area : report.areas) {
    SCOPED_TRACE(area.code);
    EXPECT_EQ(area.statements, members[area.code]);
    double self = 0, others = 0;
    int self_n = 0, others_n = 0;
    for (auto i : members[area.code]) {
      const auto raw = RawAnswers(input_.responses, report.statements[i].code);
      if (raw.self) self += *raw.self, ++self_n;
      if (const auto mean = ExpectedOthers(cycle_, raw)) others += *mean, ++others_n;
    }
    if (self_n) EXPECT_NEAR(*area.self_mean, self / self_n, 1e-12);
    if (others_n) EXPECT_NEAR(*area.others_mean, others / others_n, 1e-12);
  }

  // Blind spots and hidden strengths: gaps of at least the threshold, largest first.
  std::vector<std::pair<double, std::size_t>> blind, hidden;
  std::vector<std::pair<double, std::size_t>> means;
  for (std::size_t i = 0; i < report.statements.size(); ++i) {
    const auto raw = RawAnswers(input_.responses, report.statements[i].code);
    const auto others = ExpectedOthers(cycle_, raw);
    if (others) means.emplace_back(*others, i);
    if (!raw.self || !others) continue;
    const double gap = *raw.self - *others;
    if (gap >= report.rules.gap_threshold - 1e-9) blind.emplace_back(gap, i);
    if (-gap >= report.rules.gap_threshold - 1e-9) hidden.emplace_back(-gap, i);
  }
  auto check = [](const std::vector<Finding>& got, std::vector<std::pair<double, std::size_t>> want, bool descending,
                  std::size_t limit) {
    std::stable_sort(want.begin(), want.end(),
                     [&](const auto& a, const auto& b) { return descending ? a.first > b.first : a.first < b.first; });
    if (want.size() > limit) want.resize(limit);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].statement, want[k].second) << k;
      EXPECT_NEAR(got[k].value, want[k].first, 1e-12) << k;
    }
  };
  EXPECT_FALSE(blind.empty() && hidden.empty()) << "the fixture has some gaps";
  check(report.blind_spots, blind, true, 1000);
  check(report.hidden_strengths, hidden, true, 1000);
  check(report.highest, means, true, 5);
  check(report.lowest, means, false, 5);
}

TEST_F(ReportTest, ChangeSinceThePreviousCycleAndTheCohortNorm) {
  ReportInput::Previous previous;
  previous.cycle = cycle_;
  previous.cycle.title = "Spring 2025";
  previous.responses = Responses(cycle_.scope, 2025);
  input_.previous = previous;
  // Five other reports in the cohort and this one: a norm for every statement they all show.
  for (int r = 0; r < 6; ++r) {
    std::vector<std::pair<std::string, double>> means;
    for (std::size_t i = 0; i < cycle_.scope.size(); ++i) means.emplace_back(cycle_.scope[i], 1.0 + (r + i) % 5);
    input_.cohort.push_back(means);
  }
  const auto report = BuildReport(input_);
  EXPECT_TRUE(report.has_previous);
  EXPECT_EQ(report.previous_title, "Spring 2025");
  EXPECT_EQ(report.cohort_reports, 6);
  int marked = 0;
  for (std::size_t i = 0; i < report.statements.size(); ++i) {
    const auto& statement = report.statements[i];
    SCOPED_TRACE(statement.code);
    const auto now = ExpectedOthers(cycle_, RawAnswers(input_.responses, statement.code));
    const auto then = ExpectedOthers(cycle_, RawAnswers(previous.responses, statement.code));
    EXPECT_EQ(statement.previous_mean.has_value(), then.has_value());
    if (now && then) {
      EXPECT_NEAR(*statement.change, *now - *then, 1e-12);
      EXPECT_EQ(statement.marked_change, std::abs(*now - *then) >= report.rules.change_threshold - 1e-9);
      marked += statement.marked_change ? 1 : 0;
    }
    double norm = 0;
    for (int r = 0; r < 6; ++r) norm += 1.0 + (r + i) % 5;
    EXPECT_NEAR(*statement.cohort_norm, norm / 6, 1e-12);
  }
  EXPECT_GT(marked, 0);

  input_.cohort.resize(4);  // below the minimum: no norm at all
  const auto small = BuildReport(input_);
  EXPECT_EQ(small.cohort_reports, 0);
  for (const auto& statement : small.statements) EXPECT_FALSE(statement.cohort_norm.has_value());
}

TEST_F(ReportTest, CommentsComeInAnOrderFixedByTheSeedNotByTheRaters) {
  const auto a = BuildReport(input_);
  const auto b = BuildReport(input_);
  input_.comment_seed = 7;
  const auto c = BuildReport(input_);
  bool differs = false;
  for (std::size_t i = 0; i < a.statements.size(); ++i) {
    EXPECT_EQ(a.statements[i].comments, b.statements[i].comments);
    differs = differs || a.statements[i].comments != c.statements[i].comments;
  }
  EXPECT_TRUE(differs) << "another seed, another order";
}

TEST_F(ReportTest, AGroupOfOneIsNeverShownUnlessTold) {
  // Only the lead member (one, not told) and self answered: nothing of theirs shows.
  input_.responses.erase(
      std::remove_if(input_.responses.begin(), input_.responses.end(),
                     [](const ReportResponse& r) { return r.group != kSelfGroup && r.group != "lead-member"; }),
      input_.responses.end());
  const auto report = BuildReport(input_);
  for (const auto& statement : report.statements) {
    EXPECT_TRUE(statement.figures.empty()) << statement.code;
    EXPECT_TRUE(statement.comments.empty()) << statement.code;
    EXPECT_FALSE(statement.others.mean.has_value()) << statement.code;
  }
  EXPECT_TRUE(report.anything_withheld);
  for (const auto& count : report.responses) EXPECT_NE(count.key, "lead-member");
}

}  // namespace
}  // namespace lqf::domain
