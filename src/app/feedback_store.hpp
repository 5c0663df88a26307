#pragma once
//! The port for 360-degree feedback storage: cycles, the raters nominated in
//! them, and responses. A rater row (who, which group, how far along) and a
//! response row (which group, what answers) are never linked by anything the
//! store holds: the use case finds a rater by one hash of their link token and
//! their response by another, and only the rater's email carries the token.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/feedback.hpp"

namespace lqf::app {

//! A rater found by their link: the row and the cycle it belongs to.
struct RaterAccess {
  domain::Rater rater;
  domain::Cycle cycle;
  std::string participant_name;  //!< who the feedback is about
};

//! A response as stored: its group, whether it was submitted, and its answers
//! in the order saved.
struct StoredResponse {
  std::string group;
  bool submitted = false;
  std::vector<domain::Answer> answers;
};

//! What SaveResponse did.
enum class SaveOutcome {
  kSaved,             //!< a draft was saved (or replaced)
  kSubmitted,         //!< the answers were submitted, all in one commit
  kAlreadySubmitted,  //!< submitted before: nothing changed (a retried request is harmless)
  kNotOpen,           //!< the cycle is not open (closed, or not yet open): nothing changed
  kDeclined,          //!< the rater declined: nothing changed
};

//! A submitted response as a release sees it: its key, group and answers.
struct SubmittedResponse {
  std::string key;
  std::string group;
  std::vector<domain::Answer> answers;
};

//! A release of a cycle's results: when, and which responses it holds.
struct Release {
  std::int64_t id = 0;
  std::string released_at;
  std::vector<std::string> response_keys;
};

//! Others' scores for one statement in a release, as its report showed them.
struct ReleaseMean {
  std::string element;
  std::int64_t score_sum = 0;
  int responses = 0;
};

//! A coached cycle's debrief.
struct Debrief {
  std::string debrief_on;   //!< a date, YYYY-MM-DD; empty until booked
  std::string released_at;  //!< when the report was released to the participant; empty before
};

//! Stored cycles, raters and responses. Every method is atomic.
class FeedbackRepository {
 public:
  virtual ~FeedbackRepository() = default;

  //! Stores a cycle with its scope and groups; returns its id.
  virtual std::int64_t AddCycle(const domain::Cycle& cycle, std::string_view now) = 0;
  virtual std::optional<domain::Cycle> FindCycle(std::int64_t cycle_id) = 0;
  //! A participant's cycles, newest first.
  virtual std::vector<domain::Cycle> ListCycles(std::int64_t participant_id) = 0;
  //! Moves a cycle from `from` to `to`; false (nothing changed) if it was not
  //! in `from`, so two people acting at once cannot both move it.
  virtual bool ChangeCycleStatus(std::int64_t cycle_id, domain::CycleStatus from, domain::CycleStatus to,
                                 std::string_view now) = 0;

  //! Adds a nominated rater; nothing if their email is already in the cycle.
  //! Every open cycle (for the scheduled job).
  virtual std::vector<domain::Cycle> ListOpenCycles() = 0;
  //! Moves an open cycle's deadline.
  virtual bool SetDeadline(std::int64_t cycle_id, std::string_view deadline) = 0;

  virtual std::optional<std::int64_t> AddRater(const domain::Rater& rater, std::string_view now) = 0;
  //! A cycle's raters in the order nominated.
  virtual std::vector<domain::Rater> ListRaters(std::int64_t cycle_id) = 0;
  //! Removes a rater not yet invited; false otherwise.
  virtual bool RemoveRater(std::int64_t cycle_id, std::int64_t rater_id) = 0;
  //! Records an invitation: the rater's link (as `access_hash`) replaces any
  //! earlier one, status becomes invited. False if they had already finished.
  virtual bool MarkInvited(std::int64_t rater_id, std::string_view access_hash, std::string_view now) = 0;
  //! Counts one more reminder sent now.
  virtual void RecordReminder(std::int64_t rater_id, std::string_view now) = 0;
  //! The rater whose link hashes to `access_hash`, with their cycle.
  virtual std::optional<RaterAccess> FindRaterByAccess(std::string_view access_hash) = 0;

  //! Saves a rater's (or, with no `rater_id`, the participant's own) answers
  //! under `response_key`, replacing a draft; with `submit`, submits them and
  //! marks the rater submitted in the same commit. Checks, inside the same
  //! transaction, that nothing was submitted before and that the cycle is
  //! open (for a rater) or not closed (for the participant).
  virtual SaveOutcome SaveResponse(std::int64_t cycle_id, std::optional<std::int64_t> rater_id,
                                   std::string_view response_key, std::string_view group,
                                   const std::vector<domain::Answer>& answers, bool submit) = 0;
  //! Every submitted response of a cycle (raters' and the participant's).
  virtual std::vector<SubmittedResponse> SubmittedResponses(std::int64_t cycle_id) = 0;
  //! The newest release of a cycle's results, if any.
  virtual std::optional<Release> LastRelease(std::int64_t cycle_id) = 0;
  //! Records a release holding `response_keys`, with its report's sums of
  //! others' scores per statement (for cohort norms); returns its id.
  virtual std::int64_t AddRelease(std::int64_t cycle_id, const std::vector<std::string>& response_keys,
                                  const std::vector<ReleaseMean>& means, std::optional<std::int64_t> released_by,
                                  std::string_view now) = 0;
  //! Others' mean per statement in a release, as its report showed it.
  virtual std::vector<std::pair<std::string, double>> ReleaseMeans(std::int64_t release_id) = 0;
  //! The id of the newest release of any cycle (0 if none).
  virtual std::int64_t NewestReleaseId() = 0;
  //! For each released cycle on this framework version (its latest release)
  //! of every participant in a cohort with `participant_id`, others' mean per
  //! statement as its report showed it.
  virtual std::vector<std::vector<std::pair<std::string, double>>> CohortMeans(std::int64_t participant_id,
                                                                               std::string_view framework_code,
                                                                               std::string_view framework_version) = 0;
  //! A coached cycle's debrief: when it is, and when the report was released
  //! to the participant (nothing for a cycle that is not coached).
  virtual std::optional<Debrief> FindDebrief(std::int64_t cycle_id) = 0;
  //! Records the debrief date and releases the report to the participant;
  //! false (nothing changed) if it was released already or the cycle is not coached.
  virtual bool ReleaseCoachedReport(std::int64_t cycle_id, std::string_view debrief_on,
                                    std::optional<std::int64_t> released_by, std::string_view now) = 0;
  //! Replaces the participant's context notes for a cycle (empty notes are not kept).
  virtual void SaveContextNotes(std::int64_t cycle_id, const std::vector<domain::ContextNote>& notes) = 0;
  virtual std::vector<domain::ContextNote> LoadContextNotes(std::int64_t cycle_id) = 0;
  //! Submits the answers saved under `response_key` as they are (the caller
  //! has checked they are complete), with the same checks as SaveResponse.
  virtual SaveOutcome SubmitResponse(std::int64_t cycle_id, std::optional<std::int64_t> rater_id,
                                     std::string_view response_key, std::string_view group) = 0;
  virtual std::optional<StoredResponse> LoadResponse(std::string_view response_key) = 0;
  //! Runs `reads` (calls of this repository's reading methods) in one read
  //! transaction: one snapshot, and one lock instead of one per query.
  virtual void ReadTogether(const std::function<void()>& reads) = 0;
  //! The answers saved under `response_key` to `elements` only (one page of
  //! a questionnaire), in element order; none if there is no such response.
  virtual std::vector<domain::Answer> LoadAnswers(std::string_view response_key,
                                                  const std::vector<std::string>& elements) = 0;
  //! Records that a rater declined, with their reason, and deletes their
  //! draft. False (nothing changed) if they had submitted or already declined.
  virtual bool Decline(std::int64_t rater_id, std::string_view response_key, std::string_view reason) = 0;
};

}  // namespace lqf::app
