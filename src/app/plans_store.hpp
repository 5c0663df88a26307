#pragma once
//! The port for development plans: goals, their actions, evidence attached
//! to them, and the plan's history (who added or changed what, and when).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/evidence.hpp"
#include "domain/plans.hpp"

namespace lqf::app {

//! One line of a plan's history.
struct PlanEvent {
  std::string at;
  std::optional<std::int64_t> actor_person_id;  //!< empty: the command line, or someone since erased
  std::string what;                             //!< "Goal added: Leading change"
};

//! A piece of evidence with its content (the file's bytes, as uploaded).
struct EvidenceFile {
  domain::Evidence evidence;
  std::string content;
};

//! Stored plans. Every method is atomic; a change and its history line are one commit.
class PlanRepository {
 public:
  virtual ~PlanRepository() = default;
  virtual std::int64_t AddGoal(const domain::Goal& goal, std::optional<std::int64_t> by, std::string_view now) = 0;
  virtual std::optional<domain::Goal> FindGoal(std::int64_t goal_id) = 0;
  //! A participant's goals, oldest first.
  virtual std::vector<domain::Goal> ListGoals(std::int64_t participant_id) = 0;
  virtual std::int64_t AddAction(const domain::PlanAction& action, std::int64_t participant_id,
                                 std::optional<std::int64_t> by, std::string_view now) = 0;
  virtual std::optional<domain::PlanAction> FindAction(std::int64_t action_id) = 0;
  //! The actions of all of a participant's goals, in the order added.
  virtual std::vector<domain::PlanAction> ListActions(std::int64_t participant_id) = 0;
  //! Moves an action to `status`; false if there is no such action.
  virtual bool SetActionStatus(std::int64_t action_id, domain::ActionStatus status, std::int64_t participant_id,
                               std::optional<std::int64_t> by, std::string_view now) = 0;
  //! A participant's plan history, newest first.
  virtual std::vector<PlanEvent> History(std::int64_t participant_id) = 0;
  //! Stores a file for `evidence.goal_id` (and `action_id`), by
  //! `evidence.uploaded_by`, with the history line "Evidence added: <name>",
  //! in one commit. The id, whatever `evidence.id` says.
  virtual std::int64_t AddEvidence(const domain::Evidence& evidence, std::string_view content,
                                   std::string_view now) = 0;
  //! A participant's evidence, oldest first, without content.
  virtual std::vector<domain::Evidence> ListEvidence(std::int64_t participant_id) = 0;
  //! One piece of evidence with its content, or nothing.
  virtual std::optional<EvidenceFile> FindEvidence(std::int64_t evidence_id) = 0;
  //! Whose plan a file is in, without reading the file: for the access check before it.
  virtual std::optional<std::int64_t> EvidenceParticipant(std::int64_t evidence_id) = 0;
};

}  // namespace lqf::app
