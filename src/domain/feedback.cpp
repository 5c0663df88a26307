#include "domain/feedback.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <set>
#include <unordered_map>
#include <utility>

#include "domain/text.hpp"

namespace lqf::domain {
namespace {

constexpr std::array<std::pair<CycleStatus, std::pair<std::string_view, std::string_view>>, 4> kCycleStatuses{{
    {CycleStatus::kNominating, {"nominating", "Choosing raters"}},
    {CycleStatus::kAwaitingApproval, {"awaiting-approval", "Awaiting approval"}},
    {CycleStatus::kOpen, {"open", "Open for feedback"}},
    {CycleStatus::kClosed, {"closed", "Closed"}},
}};

constexpr std::array<std::pair<RaterStatus, std::pair<std::string_view, std::string_view>>, 5> kRaterStatuses{{
    {RaterStatus::kNominated, {"nominated", "Not yet invited"}},
    {RaterStatus::kInvited, {"invited", "Invited"}},
    {RaterStatus::kStarted, {"started", "Started"}},
    {RaterStatus::kSubmitted, {"submitted", "Submitted"}},
    {RaterStatus::kDeclined, {"declined", "Declined"}},
}};

template <typename Table, typename Value>
std::string_view Lookup(const Table& table, Value value, bool label) {
  for (const auto& [v, names] : table) {
    if (v == value) return label ? names.second : names.first;
  }
  return {};
}

template <typename Value, typename Table>
std::optional<Value> Parse(const Table& table, std::string_view name) {
  for (const auto& [v, names] : table) {
    if (names.first == name) return v;
  }
  return std::nullopt;
}

//! Seconds since 1970 for "YYYY-MM-DDTHH:MM:SSZ" (or a bare date), or nothing.
std::optional<std::int64_t> UtcSeconds(std::string_view text) {
  auto number = [&](std::size_t at, std::size_t length) -> std::optional<int> {
    if (text.size() < at + length) return std::nullopt;
    int value = 0;
    const auto* begin = text.data() + at;
    const auto [end, error] = std::from_chars(begin, begin + length, value);
    if (error != std::errc() || end != begin + length) return std::nullopt;
    return value;
  };
  const auto year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-') return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  if (text.size() > 10) {
    const auto h = number(11, 2), m = number(14, 2), s = number(17, 2);
    if (!h || !m || !s) return std::nullopt;
    hour = *h;
    minute = *m;
    second = *s;
  }
  // Days from civil (Howard Hinnant's algorithm).
  const int y = *year - (*month <= 2 ? 1 : 0);
  const int era = y / 400;
  const int yoe = y - era * 400;
  const int mp = (*month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + *day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

}  // namespace

std::optional<std::int64_t> DayNumber(std::string_view date) {
  if (date.size() != 10) return std::nullopt;
  for (std::size_t i = 0; i < date.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? date[i] != '-' : (date[i] < '0' || date[i] > '9')) return std::nullopt;
  }
  const int year = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
  const int month = (date[5] - '0') * 10 + (date[6] - '0');
  const int day = (date[8] - '0') * 10 + (date[9] - '0');
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1970 || month < 1 || month > 12 || day < 1) return std::nullopt;
  if (day > kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0)) return std::nullopt;
  return *UtcSeconds(date) / 86400;
}

std::string DateOfDay(std::int64_t day) {
  // Civil from days (Howard Hinnant's algorithm).
  const std::int64_t z = day + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char text[64];
  std::snprintf(text, sizeof text, "%04lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m),
                static_cast<long long>(d));
  return text;
}

std::string DateInWords(std::string_view date) {
  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
  if (date.size() < 10 || !DayNumber(date.substr(0, 10))) return std::string(date);
  const int month = (date[5] - '0') * 10 + (date[6] - '0');
  const int day = (date[8] - '0') * 10 + (date[9] - '0');
  return std::to_string(day) + " " + kMonths[month - 1] + " " + std::string(date.substr(0, 4));
}

std::vector<RaterGroup> DefaultRaterGroups() {
  std::vector<RaterGroup> groups;
  for (const auto code :
       {kLineManagerGroup, kLeadMemberGroup, kDirectReportsGroup, kPartnersGroup, kPeersGroup, kOthersGroup}) {
    const bool single = code == kLineManagerGroup || code == kLeadMemberGroup;
    groups.push_back({std::string(code), std::string(RaterGroupLabel(code)), kDefaultMinimum, single, false});
  }
  return groups;
}

std::string_view CycleStatusName(CycleStatus status) { return Lookup(kCycleStatuses, status, false); }
std::string_view CycleStatusLabel(CycleStatus status) { return Lookup(kCycleStatuses, status, true); }
std::optional<CycleStatus> ParseCycleStatus(std::string_view name) { return Parse<CycleStatus>(kCycleStatuses, name); }

std::string_view RaterStatusName(RaterStatus status) { return Lookup(kRaterStatuses, status, false); }
std::string_view RaterStatusLabel(RaterStatus status) { return Lookup(kRaterStatuses, status, true); }
std::optional<RaterStatus> ParseRaterStatus(std::string_view name) { return Parse<RaterStatus>(kRaterStatuses, name); }

const RaterGroup* Cycle::FindGroup(std::string_view code) const {
  for (const auto& group : groups) {
    if (group.code == code) return &group;
  }
  return nullptr;
}

std::vector<std::string> ResolveScope(const Framework& framework, const std::vector<std::string>& chosen,
                                      std::vector<std::string>* unknown) {
  std::vector<bool> wanted(framework.nodes.size(), chosen.empty());
  for (const auto& code : chosen) {
    const Node* node = framework.Find(code);
    if (node == nullptr) {
      if (unknown) unknown->push_back(code);
      continue;
    }
    // Mark the node and everything below it (nodes are in pre-order, so its
    // subtree is the run of deeper nodes that follows it).
    const auto at = static_cast<std::size_t>(node - framework.nodes.data());
    bool any_scored = false;
    for (std::size_t i = at; i < framework.nodes.size(); ++i) {
      if (i > at && framework.nodes[i].depth <= node->depth) break;
      wanted[i] = true;
      any_scored = any_scored || (!framework.nodes[i].IsBranch() && framework.nodes[i].scored);
    }
    if (!any_scored && unknown) unknown->push_back(code);
  }
  std::vector<std::string> scope;
  for (std::size_t i = 0; i < framework.nodes.size(); ++i) {
    const auto& node = framework.nodes[i];
    if (wanted[i] && !node.IsBranch() && node.scored) scope.push_back(node.code);
  }
  return scope;
}

std::vector<AnswerProblem> CheckAnswers(const Framework& framework, const std::vector<std::string>& scope,
                                        const std::vector<Answer>& answers, bool complete) {
  std::vector<AnswerProblem> problems;
  const Scale* proficiency = framework.FindScale(ScalePurpose::kProficiency);
  const Scale* importance = framework.FindScale(ScalePurpose::kImportance);
  const std::set<std::string_view> in_scope(scope.begin(), scope.end());
  std::unordered_map<std::string_view, const Answer*> by_element;
  for (const auto& answer : answers) {
    if (!in_scope.contains(answer.element)) {
      problems.push_back({answer.element, "rating", "not-in-scope"});
      continue;
    }
    by_element[answer.element] = &answer;
  }
  // In scope order, so the first problem is the first question on the page.
  for (const auto& element : scope) {
    const auto found = by_element.find(element);
    if (found == by_element.end() || !found->second->answered) {
      if (complete) problems.push_back({element, "rating", "missing"});
      if (found == by_element.end()) continue;
    }
    const Answer& answer = *found->second;
    if (answer.answered && answer.rating && (proficiency == nullptr || !proficiency->HasValue(*answer.rating))) {
      problems.push_back({element, "rating", "out-of-scale"});
    }
    if (answer.importance && (importance == nullptr || !importance->HasValue(*answer.importance))) {
      problems.push_back({element, "importance", "out-of-scale"});
    }
    if (!IsValidUtf8(answer.comment)) {
      problems.push_back({element, "comment", "not-text"});
    } else if (CountCharacters(answer.comment) > kMaxCommentCharacters) {
      problems.push_back({element, "comment", "too-long"});
    }
  }
  return problems;
}

std::vector<GroupProgress> Progress(const std::vector<RaterGroup>& groups, const std::vector<Rater>& raters) {
  std::vector<GroupProgress> progress;
  progress.reserve(groups.size());
  for (const auto& group : groups) progress.push_back({group.code});
  for (const auto& rater : raters) {
    auto it = std::find_if(progress.begin(), progress.end(), [&](const auto& p) { return p.group == rater.group; });
    if (it == progress.end()) continue;
    switch (rater.status) {
      case RaterStatus::kNominated:
        ++it->nominated;
        break;
      case RaterStatus::kInvited:
        ++it->invited;
        break;
      case RaterStatus::kStarted:
        ++it->started;
        break;
      case RaterStatus::kSubmitted:
        ++it->submitted;
        break;
      case RaterStatus::kDeclined:
        ++it->declined;
        break;
    }
  }
  return progress;
}

std::optional<std::string> ReminderRefusal(const Cycle& cycle, const Rater& rater, std::string_view now) {
  if (rater.status == RaterStatus::kSubmitted || rater.status == RaterStatus::kDeclined) return "finished";
  if (rater.status == RaterStatus::kNominated || rater.last_sent_at.empty()) return "not-invited";
  if (rater.reminders_sent >= cycle.reminder_limit) return "limit";
  const auto then = UtcSeconds(rater.last_sent_at);
  const auto at = UtcSeconds(now);
  if (!then || !at || *at - *then < static_cast<std::int64_t>(cycle.reminder_gap_days) * 86400) return "too-soon";
  return std::nullopt;
}

}  // namespace lqf::domain
