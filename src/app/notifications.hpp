#pragma once
//! The emails LQF sends people, written once here and queued in the outbox
//! (app/mail.hpp), so they go out even if the mail server is down for a while.

#include <functional>
#include <string>
#include <string_view>

#include "app/mail.hpp"
#include "domain/people.hpp"

namespace lqf::app {

//! Composes and queues emails.
class Notifications {
 public:
  //! `base_url` is how people reach LQF ("https://lqf.example.gov.uk"), for
  //! links; `wake` asks the outbox worker to send at once.
  Notifications(OutboxRepository& outbox, Clock& clock, std::string base_url, std::function<void()> wake);

  //! "Set your password" with a single-use link.
  void SetPasswordLink(const domain::Person& person, std::string_view token);
  //! "Reset your password" with a single-use link.
  void ResetPasswordLink(const domain::Person& person, std::string_view token);

  //! What a feedback invitation or reminder says.
  struct FeedbackRequest {
    std::string rater_name;
    std::string rater_email;
    std::string participant_name;
    std::string group_label;
    bool attributed = false;  //!< their answers will be shown as theirs
    int minimum = 3;          //!< answers pooled with at least this many others' (when not attributed)
    std::string deadline;     //!< YYYY-MM-DD
    std::string token;        //!< the rater's own link; empty in a reminder to someone who has started
    bool reminder = false;
  };
  //! Asks a rater for feedback (or reminds them), with their own link.
  void FeedbackInvitation(const FeedbackRequest& request);
  //! Reminds a director that an action of their development plan falls due
  //! on `due` (YYYY-MM-DD). Says what the action is, not who else sees the plan.
  void ActionFallingDue(const domain::Person& person, std::string_view action, std::string_view goal,
                        std::string_view due);
  //! Reminds a line manager that an appraisal review has not been held.
  void ReviewNotHeld(const domain::Person& manager, std::string_view participant_name, std::string_view review,
                     std::string_view due, std::int64_t appraisal_id);

 private:
  void Queue(OutgoingEmail email);

  OutboxRepository& outbox_;
  Clock& clock_;
  std::string base_url_;
  std::function<void()> wake_;
};

}  // namespace lqf::app
