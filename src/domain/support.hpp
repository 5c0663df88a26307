#pragma once
//! Mentoring, coaching and line management: who supports a director, and
//! the records of their sessions. The framework exists to support mentoring
//! of newly appointed directors and executive coaching (2010), and the 2008
//! study found both among what helped directors most. Pure: checks, and the
//! rule for who sees what of a session (access.hpp holds the rest).
//!
//! Confidentiality is the participant's: a supporter sees the development
//! plan only while the participant shares it with them (Relationship::
//! shares_plan); a session's record is seen by both; a supporter's private
//! note is theirs alone; a programme lead sees that sessions happened, and
//! their themes, never what was said.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/framework.hpp"
#include "domain/plans.hpp"

namespace lqf::domain {

//! The kinds of support relationship.
enum class SupportKind { kMentor, kCoach, kLineManager };
inline constexpr SupportKind kAllSupportKinds[] = {SupportKind::kMentor, SupportKind::kCoach,
                                                   SupportKind::kLineManager};
std::string_view SupportKindName(SupportKind kind);   //!< "line-manager"
std::string_view SupportKindLabel(SupportKind kind);  //!< "Line manager"
std::optional<SupportKind> ParseSupportKind(std::string_view name);

//! A supporter (mentor, coach or line manager) and the person they support.
struct Relationship {
  std::int64_t id = 0;
  std::int64_t participant_id = 0;
  std::int64_t supporter_id = 0;
  SupportKind kind = SupportKind::kMentor;
  std::string started_on;    //!< YYYY-MM-DD
  std::string ended_on;      //!< YYYY-MM-DD; empty: still going
  bool shares_plan = false;  //!< the participant lets the supporter see their development plan
  std::string created_at;

  //! True on `today` (YYYY-MM-DD): started, and not yet ended.
  bool ActiveOn(std::string_view today) const;
};

//! Limits, in characters.
inline constexpr std::size_t kMaxSessionThemes = 8;

//! A mentoring or coaching session.
struct SupportSession {
  std::int64_t id = 0;
  std::int64_t relationship_id = 0;
  std::string held_on;              //!< YYYY-MM-DD
  std::vector<std::string> themes;  //!< framework statement codes talked about
  std::string summary;              //!< the record both see: what was discussed and agreed
  std::string private_note;         //!< the supporter's own, seen by no one else
  std::string created_at;
};

//! Checks a relationship as set up: a start date, an end date (if any) not
//! before it, and a supporter who is not the participant.
std::vector<PlanProblem> CheckRelationship(const Relationship& relationship);
//! Checks a session: held on a real date within the relationship and not
//! after `today`; themes that are scored statements of `framework`, no more
//! than kMaxSessionThemes and none twice; summary and note within limits.
std::vector<PlanProblem> CheckSession(const Framework& framework, const Relationship& relationship,
                                      const SupportSession& session, std::string_view today);

//! How much of a session someone sees.
enum class SessionSight {
  kNone,     //!< nothing: not theirs to know of
  kOutline,  //!< that it happened: date, who, themes (a programme lead, an administrator)
  kRecord,   //!< the outline and the shared record (the participant)
  kFull,     //!< everything, with the private note (the supporter who wrote it)
};

//! What `viewer_id` sees of the sessions of `relationship`; `oversees` is
//! true if the viewer runs the participant's programme (or the installation).
SessionSight SightOfSession(std::int64_t viewer_id, const Relationship& relationship, bool oversees);

}  // namespace lqf::domain
