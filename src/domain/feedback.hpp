#pragma once
//! 360-degree feedback: cycles, the groups raters belong to, their answers
//! and the rules those answers must keep. A participant rates themself on the
//! elements in a cycle's scope; raters they nominate, by group, answer the
//! same questions through a link of their own. Pure: no storage, no clock.
//!
//! Which rater gave which answer is never part of this model: a rater's
//! progress (invited, submitted, declined) and their answers are kept apart,
//! and only the anonymity rule (domain/anonymity.hpp) decides what answers
//! may be shown, and how pooled.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/anonymity.hpp"
#include "domain/framework.hpp"

namespace lqf::domain {

//! Who a group of raters is to the participant, and how their answers may be shown.
struct RaterGroup {
  std::string code;   //!< "direct-reports"; unique in a cycle
  std::string label;  //!< "Direct reports (assistant directors)"
  //! Responses needed before the group's results may be shown apart.
  int minimum = kDefaultMinimum;
  //! The group is one person (line manager, lead member): at most one rater.
  bool single_person = false;
  //! The rater was told at invitation that their answers are shown as theirs.
  //! Only a single-person group may be attributed.
  bool attributed = false;
};

//! The groups the 2008 study consulted, in the order reports show them
//! (without self): line manager (chief executive), lead member, direct
//! reports (assistant directors), Children's Trust partners, peer directors
//! and others. Minimum 3 each; the two single-person groups unattributed.
std::vector<RaterGroup> DefaultRaterGroups();

//! The smallest and largest minimum a group may have.
inline constexpr int kMinGroupMinimum = 1;
inline constexpr int kMaxGroupMinimum = 10;

//! Where a cycle is in its life.
enum class CycleStatus {
  kNominating,        //!< the participant is choosing raters; nothing sent yet
  kAwaitingApproval,  //!< the rater list waits for a programme lead's approval
  kOpen,              //!< invitations sent; raters answer until the deadline or close
  kClosed,            //!< no more answers; links stop working
};

std::string_view CycleStatusName(CycleStatus status);   //!< "awaiting-approval"
std::string_view CycleStatusLabel(CycleStatus status);  //!< "Awaiting approval"
std::optional<CycleStatus> ParseCycleStatus(std::string_view name);

//! A rater's progress. Never says what they answered.
enum class RaterStatus { kNominated, kInvited, kStarted, kSubmitted, kDeclined };

std::string_view RaterStatusName(RaterStatus status);   //!< "submitted"
std::string_view RaterStatusLabel(RaterStatus status);  //!< "Submitted"
std::optional<RaterStatus> ParseRaterStatus(std::string_view name);

//! One feedback cycle for one participant.
struct Cycle {
  std::int64_t id = 0;
  std::int64_t participant_id = 0;
  std::string framework_code;
  std::string framework_version;
  std::string title;
  std::string deadline;  //!< a date, YYYY-MM-DD: answers are accepted to its end (UTC)
  CycleStatus status = CycleStatus::kNominating;
  bool needs_approval = false;     //!< a programme lead approves the raters before invitations go
  int reminder_limit = 3;          //!< at most this many reminders to each rater
  int reminder_gap_days = 7;       //!< at least this many days between reminders
  std::vector<std::string> scope;  //!< codes of the scored elements asked about, in framework order
  std::vector<RaterGroup> groups;  //!< without self
  //! Coached release: the participant sees the report only when a coach or
  //! programme lead releases it, having booked the debrief. Otherwise the
  //! report is theirs as soon as the results are released.
  bool coached_report = false;
  std::int64_t created_by = 0;
  std::string created_at;

  //! The group with `code`, or nullptr.
  const RaterGroup* FindGroup(std::string_view code) const;
};

//! Someone the participant asked for feedback.
struct Rater {
  std::int64_t id = 0;
  std::int64_t cycle_id = 0;
  std::string name;
  std::string email;
  std::string group;  //!< a RaterGroup code
  RaterStatus status = RaterStatus::kNominated;
  int reminders_sent = 0;
  std::string last_sent_at;  //!< the invitation or the last reminder, UTC; empty before
};

//! Reminders and invitations must stay within these (whatever a cycle says).
inline constexpr int kMaxReminderLimit = 10;
inline constexpr int kMaxReminderGapDays = 60;

//! The scored elements a choice of codes covers, in framework order: a
//! branch (area, category) stands for every scored leaf below it; an empty
//! choice means the whole framework. Codes that name nothing, or name only
//! unscored elements, are returned in `unknown` (and the rest still resolved).
std::vector<std::string> ResolveScope(const Framework& framework, const std::vector<std::string>& chosen,
                                      std::vector<std::string>* unknown);

//! One answer to one element: a rating (empty: "not able to comment"), an
//! optional importance rating and an optional comment or evidence note.
struct Answer {
  std::string element;
  std::optional<int> rating;
  std::optional<int> importance;
  std::string comment;
  //! False until the person chose a rating or "not able to comment".
  bool answered = false;
};

//! The longest comment or evidence note, in characters.
inline constexpr std::size_t kMaxCommentCharacters = 5000;

//! What is wrong with one answer: `field` is "rating", "importance" or
//! "comment"; `code` one of "missing", "out-of-scale", "not-in-scope",
//! "too-long", "not-text" (keys into messages/en.json).
struct AnswerProblem {
  std::string element;
  std::string field;
  std::string code;
};

//! Checks answers against the cycle's scope and the framework's scales. A
//! draft (`complete` false) may leave elements unanswered; a submission must
//! answer every element in scope (a rating or "not able to comment").
std::vector<AnswerProblem> CheckAnswers(const Framework& framework, const std::vector<std::string>& scope,
                                        const std::vector<Answer>& answers, bool complete);

//! What the participant says about one issue that influences the delivery of
//! their role (the 2008 study's context questions): recorded, never scored.
struct ContextNote {
  std::string issue;  //!< a context-issue code, e.g. "X1"
  std::string note;
};

//! The longest context note, in characters.
inline constexpr std::size_t kMaxContextNoteCharacters = 2000;

//! Counts for one group: never who.
struct GroupProgress {
  std::string group;
  int nominated = 0;  //!< on the list, not yet invited
  int invited = 0;    //!< invited and not yet started
  int started = 0;    //!< saved a draft, not yet submitted
  int submitted = 0;
  int declined = 0;
};

//! Progress of each group in `groups` order (raters of unknown groups are ignored).
std::vector<GroupProgress> Progress(const std::vector<RaterGroup>& groups, const std::vector<Rater>& raters);

//! Why a reminder may not go to a rater now, or nothing if it may: "finished"
//! (submitted or declined), "not-invited", "limit" (reminder_limit reached),
//! "too-soon" (less than reminder_gap_days since the last email). `now` and
//! `rater.last_sent_at` are UTC timestamps (YYYY-MM-DDTHH:MM:SSZ).
std::optional<std::string> ReminderRefusal(const Cycle& cycle, const Rater& rater, std::string_view now);

//! The day number (days since 1970-01-01) of a date written YYYY-MM-DD, or
//! nothing if it is not exactly that form or not a real date (2026-02-30).
std::optional<std::int64_t> DayNumber(std::string_view date);
//! The date (YYYY-MM-DD) of a day number: DayNumber's inverse.
std::string DateOfDay(std::int64_t day);
//! A date, or a timestamp starting with one, in words: "2026-11-23" as
//! "23 November 2026"; anything that is not a real date as it is.
std::string DateInWords(std::string_view date);

}  // namespace lqf::domain
