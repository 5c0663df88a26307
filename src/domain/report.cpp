#include "domain/report.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <set>

namespace lqf::domain {
namespace {

// Figures are means of small whole numbers: compare with a margin so that a
// gap of exactly the threshold counts however the sum was rounded.
constexpr double kEpsilon = 1e-9;

//! One statement's answers, group by group.
struct Answers {
  const Answer* self = nullptr;
  std::map<std::string, std::vector<const Answer*>> by_group;  // group key -> answers, in response order
};

//! The part of the framework a statement is reported under: its area of the
//! business (the nearest ancestor of type "area"), or itself (an attribute or
//! a skill, asked as one statement).
const Node& AreaOf(const Framework& framework, const Node& node) {
  for (const Node* at = &node; at->parent;) {
    at = &framework.nodes[*at->parent];
    if (at->type == NodeType::kArea) return *at;
  }
  return node;
}

std::string GroupLabel(const Cycle& cycle, const std::string& key) {
  if (key == kOtherRatersFigure) return "Other raters";
  if (key == kAllRatersFigure) return "All raters";
  if (const auto* group = cycle.FindGroup(key)) return group->label;
  return std::string(RaterGroupLabel(key));
}

//! The figure pooling `groups`' answers to one statement.
Figure MakeFigure(std::string key, std::string label, const std::vector<std::string>& groups, const Answers& answers,
                  const std::vector<ScalePoint>& scale) {
  Figure figure;
  figure.key = std::move(key);
  figure.label = std::move(label);
  figure.groups = groups;
  figure.distribution.counts.assign(scale.size(), 0);
  long sum = 0;
  for (const auto& group : groups) {
    const auto it = answers.by_group.find(group);
    if (it == answers.by_group.end()) continue;
    for (const auto* answer : it->second) {
      if (!answer->answered) continue;
      if (!answer->rating) {
        ++figure.distribution.not_able;
        continue;
      }
      const auto point =
          std::find_if(scale.begin(), scale.end(), [&](const ScalePoint& p) { return p.value == *answer->rating; });
      if (point == scale.end()) continue;  // off the scale: the use case never stores one
      ++figure.distribution.counts[static_cast<std::size_t>(point - scale.begin())];
      ++figure.responses;
      sum += *answer->rating;
    }
  }
  if (figure.responses > 0) figure.mean = static_cast<double>(sum) / figure.responses;
  return figure;
}

//! The comments shown for one statement, in an order fixed by `seed` and the
//! statement (a reader cannot match them to the order raters answered in).
std::vector<std::string> Shuffled(std::vector<std::string> comments, std::uint64_t seed, const std::string& code) {
  std::uint64_t mixed = seed;
  for (const char c : code) mixed = mixed * 1099511628211ULL + static_cast<unsigned char>(c);
  std::mt19937_64 random(mixed);
  // Fisher-Yates with our own draw, so the order is the same on every platform.
  for (std::size_t i = comments.size(); i > 1; --i) std::swap(comments[i - 1], comments[random() % i]);
  return comments;
}

//! The statements of one report, without what needs other reports.
std::vector<StatementResult> Statements(const ReportInput& input, const std::vector<ScalePoint>& scale) {
  const auto& framework = *input.framework;
  const auto& cycle = input.cycle;
  std::set<std::string> in_scope(cycle.scope.begin(), cycle.scope.end());
  std::map<std::string, Answers> by_statement;
  for (const auto& response : input.responses) {
    for (const auto& answer : response.answers) {
      if (!in_scope.contains(answer.element)) continue;
      auto& answers = by_statement[answer.element];
      if (response.group == kSelfGroup) {
        if (!answers.self) answers.self = &answer;
      } else {
        answers.by_group[response.group].push_back(&answer);
      }
    }
  }

  std::vector<StatementResult> statements;
  for (const auto& code : cycle.scope) {
    const auto* node = framework.Find(code);
    if (node == nullptr || node->IsBranch()) continue;
    const auto& answers = by_statement[code];
    StatementResult result;
    result.code = code;
    result.text = node->DisplayName();
    const auto& area = AreaOf(framework, *node);
    result.area_code = area.code;
    result.area_title = area.DisplayName();
    if (answers.self) {
      const auto& self = *answers.self;
      if (self.answered && self.rating) result.self_score = self.rating;
      result.self_not_able = self.answered && !self.rating;
      result.self_importance = self.importance;
    }

    // What the anonymity rule lets this statement show.
    std::vector<GroupResponses> counts;
    counts.push_back({std::string(kSelfGroup), result.self_score ? 1 : 0, 1, false});
    for (const auto& group : cycle.groups) {
      int scored = 0;
      if (const auto it = answers.by_group.find(group.code); it != answers.by_group.end()) {
        for (const auto* answer : it->second) scored += answer->answered && answer->rating ? 1 : 0;
      }
      counts.push_back({group.code, scored, group.minimum, group.attributed});
    }
    const auto disclosure = Disclose(counts);
    std::vector<std::string> shown_groups;
    for (const auto& shown : disclosure.figures) {
      // "All raters" is `others` below: the same raters, shown once.
      if (shown.label == kSelfGroup || shown.label == kAllRatersFigure) continue;
      result.figures.push_back(MakeFigure(shown.label, GroupLabel(cycle, shown.label), shown.groups, answers, scale));
      for (const auto& group : shown.groups) {
        if (std::find(shown_groups.begin(), shown_groups.end(), group) == shown_groups.end()) {
          shown_groups.push_back(group);
        }
      }
    }
    for (const auto& group : disclosure.withheld) {
      if (group != kSelfGroup) result.withheld.push_back(group);
    }
    for (const auto& shown : disclosure.figures) {
      if (shown.label != kAllRatersFigure) continue;
      for (const auto& group : shown.groups) {
        if (std::find(shown_groups.begin(), shown_groups.end(), group) == shown_groups.end()) {
          shown_groups.push_back(group);
        }
      }
    }
    result.others = result.withheld.empty()
                        ? MakeFigure(std::string(kAllRatersFigure), "All raters", shown_groups, answers, scale)
                        : MakeFigure("others", "All raters shown", shown_groups, answers, scale);
    if (result.self_score && result.others.mean) result.gap = *result.self_score - *result.others.mean;

    if (disclosure.comments_shown) {
      // From the groups shown only: nothing of a withheld group reaches a report.
      std::vector<std::string> comments;
      for (const auto& group : shown_groups) {
        const auto it = answers.by_group.find(group);
        if (it == answers.by_group.end()) continue;
        for (const auto* answer : it->second) {
          if (!answer->comment.empty()) comments.push_back(answer->comment);
        }
      }
      result.comments = Shuffled(std::move(comments), input.comment_seed, code);
    }
    statements.push_back(std::move(result));
  }
  return statements;
}

//! The indices of statements with others' means, ordered by `before`.
template <typename Before>
std::vector<Finding> Ranked(const std::vector<StatementResult>& statements, const Before& before,
                            const std::function<std::optional<double>(const StatementResult&)>& value,
                            std::size_t limit) {
  std::vector<Finding> found;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (const auto v = value(statements[i])) found.push_back({i, *v});
  }
  std::stable_sort(found.begin(), found.end(), before);
  if (found.size() > limit) found.resize(limit);
  return found;
}

}  // namespace

Report BuildReport(const ReportInput& input) {
  Report report;
  if (input.framework == nullptr) return report;
  const auto& framework = *input.framework;
  const auto& rules = input.rules;
  report.participant_name = input.participant_name;
  report.cycle_title = input.cycle.title;
  report.framework_title = framework.title;
  report.released_at = input.released_at;
  report.rules = rules;
  if (const auto* proficiency = framework.FindScale(ScalePurpose::kProficiency)) {
    report.scale = proficiency->points;
    report.not_able_label = proficiency->no_answer ? proficiency->no_answer->label : "Not able to comment";
  }
  report.statements = Statements(input, report.scale);
  auto& statements = report.statements;

  // Responses per group: self and every group seen in a figure.
  std::set<std::string> seen;
  for (const auto& statement : statements) {
    for (const auto& figure : statement.figures) seen.insert(figure.groups.begin(), figure.groups.end());
    report.anything_withheld = report.anything_withheld || !statement.withheld.empty();
  }
  auto count = [&](const std::string& group) {
    return static_cast<int>(std::count_if(input.responses.begin(), input.responses.end(),
                                          [&](const ReportResponse& r) { return r.group == group; }));
  };
  report.responses.push_back({std::string(kSelfGroup), "Self", count(std::string(kSelfGroup))});
  for (const auto& group : input.cycle.groups) {
    if (seen.contains(group.code)) report.responses.push_back({group.code, group.label, count(group.code)});
  }

  // Change since the previous cycle, as that cycle's report showed it.
  if (input.previous) {
    ReportInput before;
    before.framework = input.framework;
    before.cycle = input.previous->cycle;
    before.responses = input.previous->responses;
    const auto then = Statements(before, report.scale);
    report.has_previous = true;
    report.previous_title = input.previous->cycle.title;
    for (auto& statement : statements) {
      const auto it = std::find_if(then.begin(), then.end(), [&](const auto& s) { return s.code == statement.code; });
      if (it == then.end() || !it->others.mean) continue;
      statement.previous_mean = it->others.mean;
      if (statement.others.mean) {
        statement.change = *statement.others.mean - *it->others.mean;
        statement.marked_change = std::abs(*statement.change) + kEpsilon >= rules.change_threshold;
      }
    }
  }

  // The cohort norm: only from enough reports, each as it showed its figures.
  if (static_cast<int>(input.cohort.size()) >= rules.cohort_minimum) {
    report.cohort_reports = static_cast<int>(input.cohort.size());
    for (auto& statement : statements) {
      double sum = 0;
      int n = 0;
      for (const auto& other : input.cohort) {
        for (const auto& [code, mean] : other) {
          if (code == statement.code) {
            sum += mean;
            ++n;
          }
        }
      }
      if (n >= rules.cohort_minimum) statement.cohort_norm = sum / n;
    }
  }

  // Areas, attributes and skills, in framework order.
  std::map<std::string, std::size_t> area_index;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    auto [it, added] = area_index.emplace(statements[i].area_code, report.areas.size());
    if (added) report.areas.push_back({statements[i].area_code, statements[i].area_title, {}, {}, {}, {}, {}});
    report.areas[it->second].statements.push_back(i);
  }
  for (auto& area : report.areas) {
    double self = 0, others = 0;
    int self_n = 0, others_n = 0;
    std::vector<AreaResult::GroupMean> groups;
    for (const auto i : area.statements) {
      const auto& statement = statements[i];
      if (statement.self_score) self += *statement.self_score, ++self_n;
      if (statement.others.mean) others += *statement.others.mean, ++others_n;
      for (const auto& figure : statement.figures) {
        if (!figure.mean) continue;
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.key == figure.key; });
        if (it == groups.end()) it = groups.insert(groups.end(), {figure.key, figure.label, 0, 0});
        it->mean += *figure.mean;
        ++it->statements;
      }
    }
    for (auto& group : groups) group.mean /= group.statements;
    area.groups = std::move(groups);
    if (self_n > 0) area.self_mean = self / self_n;
    if (others_n > 0) area.others_mean = others / others_n;
    if (area.self_mean && area.others_mean) area.gap = *area.self_mean - *area.others_mean;
  }

  // Findings.
  const auto all = statements.size();
  const auto larger = [](const Finding& a, const Finding& b) { return a.value > b.value; };
  const auto smaller = [](const Finding& a, const Finding& b) { return a.value < b.value; };
  report.blind_spots = Ranked(
      statements, larger,
      [&](const StatementResult& s) -> std::optional<double> {
        if (s.gap && *s.gap + kEpsilon >= rules.gap_threshold) return *s.gap;
        return std::nullopt;
      },
      all);
  report.hidden_strengths = Ranked(
      statements, larger,
      [&](const StatementResult& s) -> std::optional<double> {
        if (s.gap && -*s.gap + kEpsilon >= rules.gap_threshold) return -*s.gap;
        return std::nullopt;
      },
      all);
  const auto others_mean = [](const StatementResult& s) { return s.others.mean; };
  const auto top = static_cast<std::size_t>(std::max(rules.top_count, 0));
  report.highest = Ranked(statements, larger, others_mean, top);
  report.lowest = Ranked(statements, smaller, others_mean, top);
  report.priorities = Ranked(
      statements, larger,
      [&](const StatementResult& s) -> std::optional<double> {
        if (s.self_importance && *s.self_importance >= rules.priority_importance && s.others.mean &&
            *s.others.mean < rules.priority_score) {
          return *s.self_importance;
        }
        return std::nullopt;
      },
      all);
  return report;
}

}  // namespace lqf::domain
