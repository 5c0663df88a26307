#pragma once
//! 360-degree feedback use cases: a participant (or their programme lead)
//! starts a cycle, rates themself, nominates raters by group, has the list
//! approved if the cycle asks for it, and sends invitations; raters answer
//! through their own link, with no account; reminders go by hand and on a
//! schedule; the cycle closes at its deadline or by hand.
//!
//! A rater's link token is given to them once, in their email. The store
//! keeps two different hashes of it: one finds the rater (their name, group
//! and progress), the other their answers. Nothing stored joins the two, so
//! no page, export or query of ours can say which rater gave which answer.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts.hpp"
#include "app/feedback_store.hpp"
#include "app/framework_catalog.hpp"
#include "app/notifications.hpp"
#include "domain/feedback.hpp"

namespace lqf::app {

//! Limits on what people type.
inline constexpr std::size_t kMaxCycleTitleCharacters = 120;
inline constexpr std::size_t kMaxRaterNameCharacters = 120;
inline constexpr std::size_t kMaxDeclineReasonCharacters = 1000;
inline constexpr std::size_t kMaxRatersPerCycle = 60;
//! The furthest ahead a deadline may be set, in days.
inline constexpr int kMaxDeadlineDays = 366;

//! What a person fills in to start a cycle.
struct CycleInput {
  std::int64_t participant_id = 0;
  std::string title;
  std::string framework = "nlqf-2010";  //!< a framework code; its latest version is used
  std::vector<std::string> scope;       //!< element codes (branches stand for their leaves); empty: all
  //! Refuse an empty scope ("empty") instead of taking the whole framework
  //! (a form where nothing was ticked).
  bool scope_required = false;
  std::string deadline;  //!< YYYY-MM-DD
  bool needs_approval = false;
  //! The report waits for a coach or programme lead to release it after booking a debrief.
  bool coached_report = false;
  int reminder_limit = 3;
  int reminder_gap_days = 7;
  //! Per-group minimums, by group code; groups not named keep the default.
  std::vector<std::pair<std::string, int>> minimums;
  //! Single-person groups whose raters are told their answers are shown as theirs.
  std::vector<std::string> attributed;
};

//! What a person types to nominate a rater.
struct RaterInput {
  std::string name;
  std::string email;
  std::string group;  //!< a RaterGroup code
};

//! A rater as the people running a cycle see them: never whether they answered.
struct NominatedRater {
  std::int64_t id = 0;
  std::string name;
  std::string email;
  std::string group;
  bool invited = false;  //!< false: still on the list, may be removed
};

//! A cycle with what its pages need: the participant's name, the framework,
//! and progress by group (counts only).
struct CycleSummary {
  domain::Cycle cycle;
  std::string participant_name;
  std::vector<domain::GroupProgress> progress;
  std::vector<NominatedRater> raters;
  bool self_submitted = false;
  bool past_deadline = false;
  int submitted_total = 0;              //!< responses submitted, the participant's included
  std::optional<Release> last_release;  //!< what reports show, frozen
};

//! What a rater's link opens.
struct RaterView {
  domain::Cycle cycle;
  std::shared_ptr<const domain::Framework> framework;
  std::string participant_name;
  std::string rater_name;
  std::string group_label;
  bool attributed = false;                //!< the rater was told their answers are shown as theirs
  int minimum = domain::kDefaultMinimum;  //!< otherwise shown only pooled with at least this many
  std::vector<domain::Answer> answers;    //!< the saved draft, or the submitted answers
  domain::RaterStatus status = domain::RaterStatus::kInvited;
  bool open = true;  //!< answers are still accepted
};

//! Others' sums per statement as the report of a release of `responses`
//! shows them (kept with the release for cohort norms).
std::vector<ReleaseMean> ReleaseMeans(const domain::Framework& framework, const domain::Cycle& cycle,
                                      const std::vector<SubmittedResponse>& responses);

//! Which statements' saved answers a page needs, worked out from the rater's
//! view (its framework and scope) once the link is known.
using AnswersWanted = std::function<std::vector<std::string>(const RaterView&)>;

//! The framework whose context issues the self-assessment asks about.
inline constexpr std::string_view kContextFramework = "dcs-characteristics-2008";

//! One of the 2008 study's issues that influence delivery of the role, and
//! what the participant said about it. Asked and recorded, never scored.
struct ContextQuestion {
  std::string code;  //!< "X1"
  std::string text;  //!< "The corporate and political demands of the role"
  std::string note;
};

//! What the participant's own questionnaire shows.
struct SelfView {
  domain::Cycle cycle;
  std::shared_ptr<const domain::Framework> framework;
  std::vector<domain::Answer> answers;
  bool submitted = false;
  bool open = true;
  //! The context questions (empty when their framework is not installed).
  std::vector<ContextQuestion> context;
};

//! Feedback use cases.
class Feedback {
 public:
  Feedback(FeedbackRepository& repository, AccountRepository& accounts, FrameworkCatalog& catalog,
           Notifications& notifications, Clock& clock);

  //! Starts a cycle (nominating). Refusals name the field: title, framework,
  //! scope, deadline, reminder_limit, reminder_gap_days, minimum, attributed.
  Outcome<std::int64_t> StartCycle(const domain::Actor& actor, const CycleInput& input);
  //! A cycle with progress, for those who run it.
  Outcome<CycleSummary> GetCycle(const domain::Actor& actor, std::int64_t cycle_id);
  //! A person's cycles, newest first.
  Outcome<std::vector<domain::Cycle>> CyclesOf(const domain::Actor& actor, std::int64_t person_id);

  //! Adds a rater while the cycle is being set up (or open: they are then
  //! invited at once). Refusals: name, email, group ("invalid", "full" for a
  //! single-person group already filled), email "taken" (already nominated,
  //! or the participant themself), cycle "closed", "too_many".
  Outcome<std::int64_t> NominateRater(const domain::Actor& actor, std::int64_t cycle_id, const RaterInput& input);
  //! Removes a rater not yet invited.
  Outcome<bool> RemoveRater(const domain::Actor& actor, std::int64_t cycle_id, std::int64_t rater_id);

  //! Sends the rater list for approval (cycles that need it), or sends the
  //! invitations (those that do not). Refuses "no_raters" for an empty list.
  Outcome<domain::CycleStatus> SubmitRaters(const domain::Actor& actor, std::int64_t cycle_id);
  //! A programme lead approves the list: the invitations go. Needs kApproveRaters.
  Outcome<int> ApproveRaters(const domain::Actor& actor, std::int64_t cycle_id);
  //! Reminds every rater who may be reminded now (domain::ReminderRefusal);
  //! returns how many were. A reminder carries a new link: the old one stops.
  Outcome<int> Remind(const domain::Actor& actor, std::int64_t cycle_id);
  //! Moves the deadline later (only later, at most kMaxDeadlineDays ahead).
  Outcome<bool> ExtendDeadline(const domain::Actor& actor, std::int64_t cycle_id, std::string_view deadline);
  //! Releases the results as they stand: what reports show is frozen to the
  //! responses submitted now until the next release. Refused ("release"
  //! "nothing_new") when nothing was submitted since the last, and
  //! ("release" "exposes") when, for any statement, setting the figures of
  //! this release beside the last would let someone work out the answers of
  //! raters who answered in between (domain::CheckNewRelease): more must
  //! answer first. Returns how many responses the release holds.
  Outcome<int> ReleaseResults(const domain::Actor& actor, std::int64_t cycle_id);

  //! Closes the cycle: links stop working; no more answers.
  Outcome<bool> CloseCycle(const domain::Actor& actor, std::int64_t cycle_id);

  //! The participant's own questionnaire (they alone: not a lead).
  Outcome<SelfView> SelfAssessment(const domain::Actor& actor, std::int64_t cycle_id);
  //! Saves (or with `submit`, submits) the participant's own answers.
  //! Refusals: field "<element>.<rating|importance|comment>" with the
  //! domain::AnswerProblem code; "cycle" "closed"; "answers" "submitted".
  Outcome<SaveOutcome> SaveSelfAssessment(const domain::Actor& actor, std::int64_t cycle_id,
                                          const std::vector<domain::Answer>& answers, bool submit);

  //! Saves the participant's notes on the context questions (kept with their
  //! self-assessment, never scored). Refusals: "context" "unknown" for a code
  //! not asked; "<code>.note" "too-long" or "not-text"; as SaveSelfAssessment
  //! for a closed cycle or one already submitted ("answers" "submitted").
  Outcome<bool> SaveSelfContext(const domain::Actor& actor, std::int64_t cycle_id,
                                const std::vector<domain::ContextNote>& notes);

  //! What a rater's link opens, or nothing for a link we do not know (a
  //! guessed, mistyped or replaced link): the caller says the same either way.
  //! With `wanted`, only the saved answers to the statements it names (one
  //! page's, worked out from the view) are read.
  std::optional<RaterView> OpenLink(std::string_view token, const AnswersWanted& wanted = {});
  //! Saves or submits a rater's answers. Refusals as for SaveSelfAssessment,
  //! plus "link" "unknown" and "rater" "declined".
  Outcome<SaveOutcome> SaveRaterAnswers(std::string_view token, const std::vector<domain::Answer>& answers,
                                        bool submit);
  //! What submitting a draft did, and what the thank-you page says.
  struct Submitted {
    SaveOutcome outcome = SaveOutcome::kSubmitted;
    std::string participant_name;
    bool attributed = false;
  };
  //! Submits the answers a rater has saved, as they are, once they answer
  //! every question (refusals as for SaveRaterAnswers). Cheaper than saving
  //! them again: nothing is rewritten, only marked submitted.
  Outcome<Submitted> SubmitRaterDraft(std::string_view token);
  //! A rater declines, with a reason (may be empty). Refusals: "link"
  //! "unknown", "reason" "too_long"/"invalid", "rater" "submitted".
  Outcome<bool> Decline(std::string_view token, std::string_view reason);

  //! The scheduled job: closes open cycles whose deadline has passed and
  //! sends reminders that are due. Returns how many reminders went.
  int RunSchedule();

 private:
  //! The cycle if the actor may run it; refusals "not_found" (also when not allowed).
  Outcome<domain::Cycle> CycleFor(const domain::Actor& actor, std::int64_t cycle_id, domain::Action action);
  //! Invites (or reminds) one rater: a new link, stored as a hash, sent by
  //! email, naming the participant (looked up once by the caller).
  void Invite(const domain::Cycle& cycle, const domain::Rater& rater, const std::string& participant_name,
              bool reminder);
  //! Invites every rater of an open cycle not yet invited; returns how many.
  int InviteNominated(const domain::Cycle& cycle, const std::vector<domain::Rater>& raters);
  //! True while answers are accepted: open and not past the deadline.
  bool AcceptsAnswers(const domain::Cycle& cycle);
  std::string ParticipantName(std::int64_t person_id);
  int RemindDue(const domain::Cycle& cycle);

  FeedbackRepository& repository_;
  AccountRepository& accounts_;
  FrameworkCatalog& catalog_;
  Notifications& notifications_;
  Clock& clock_;
};

//! The key of the participant's own response in a cycle.
std::string SelfResponseKey(std::int64_t cycle_id);
//! The two hashes of a rater's link token: one finds the rater, the other their answers.
std::string RaterAccessHash(std::string_view token);
std::string RaterResponseKey(std::string_view token);

}  // namespace lqf::app
