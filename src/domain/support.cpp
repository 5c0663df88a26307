#include "domain/support.hpp"

#include <algorithm>

#include "domain/feedback.hpp"

namespace lqf::domain {

std::string_view SupportKindName(SupportKind kind) {
  switch (kind) {
    case SupportKind::kMentor:
      return "mentor";
    case SupportKind::kCoach:
      return "coach";
    case SupportKind::kLineManager:
      return "line-manager";
  }
  return {};
}

std::string_view SupportKindLabel(SupportKind kind) {
  switch (kind) {
    case SupportKind::kMentor:
      return "Mentor";
    case SupportKind::kCoach:
      return "Coach";
    case SupportKind::kLineManager:
      return "Line manager";
  }
  return {};
}

std::optional<SupportKind> ParseSupportKind(std::string_view name) {
  for (auto kind : kAllSupportKinds) {
    if (SupportKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

bool Relationship::ActiveOn(std::string_view today) const {
  // Dates in YYYY-MM-DD compare as text.
  return started_on <= today && (ended_on.empty() || today <= ended_on);
}

std::vector<PlanProblem> CheckRelationship(const Relationship& relationship) {
  std::vector<PlanProblem> problems;
  if (relationship.supporter_id == relationship.participant_id) problems.push_back({"supporter", "self"});
  const auto start = DayNumber(relationship.started_on);
  if (!start) problems.push_back({"started_on", relationship.started_on.empty() ? "blank" : "invalid"});
  if (!relationship.ended_on.empty()) {
    const auto end = DayNumber(relationship.ended_on);
    if (!end) {
      problems.push_back({"ended_on", "invalid"});
    } else if (start && *end < *start) {
      problems.push_back({"ended_on", "before_start"});
    }
  }
  return problems;
}

std::vector<PlanProblem> CheckSession(const Framework& framework, const Relationship& relationship,
                                      const SupportSession& session, std::string_view today) {
  std::vector<PlanProblem> problems;
  const auto held = DayNumber(session.held_on);
  if (!held) {
    problems.push_back({"held_on", session.held_on.empty() ? "blank" : "invalid"});
  } else if (session.held_on > today) {
    problems.push_back({"held_on", "future"});
  } else if (session.held_on < relationship.started_on ||
             (!relationship.ended_on.empty() && session.held_on > relationship.ended_on)) {
    problems.push_back({"held_on", "outside_relationship"});
  }
  if (session.themes.size() > kMaxSessionThemes) problems.push_back({"themes", "too_many"});
  for (std::size_t i = 0; i < session.themes.size(); ++i) {
    const auto* node = framework.Find(session.themes[i]);
    if (node == nullptr || node->IsBranch() || !node->scored) {
      problems.push_back({"themes", "not-found"});
      break;
    }
    if (std::find(session.themes.begin(), session.themes.begin() + static_cast<std::ptrdiff_t>(i), session.themes[i]) !=
        session.themes.begin() + static_cast<std::ptrdiff_t>(i)) {
      problems.push_back({"themes", "repeated"});
      break;
    }
  }
  CheckPlanText("summary", session.summary, kMaxPlanTextCharacters, true, true, problems);
  CheckPlanText("private_note", session.private_note, kMaxPlanTextCharacters, false, true, problems);
  return problems;
}

SessionSight SightOfSession(std::int64_t viewer_id, const Relationship& relationship, bool oversees) {
  if (viewer_id == 0) return SessionSight::kNone;  // nobody signed in
  // (The console's operator has no person id (-1): it oversees, nothing more.)
  if (viewer_id == relationship.supporter_id) return SessionSight::kFull;
  if (viewer_id == relationship.participant_id) return SessionSight::kRecord;
  return oversees ? SessionSight::kOutline : SessionSight::kNone;
}

}  // namespace lqf::domain
