#include "app/notifications.hpp"

#include <utility>

#include "app/accounts.hpp"

namespace lqf::app {

Notifications::Notifications(OutboxRepository& outbox, Clock& clock, std::string base_url, std::function<void()> wake)
    : outbox_(outbox), clock_(clock), base_url_(std::move(base_url)), wake_(std::move(wake)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

void Notifications::Queue(OutgoingEmail email) {
  // Our own texts and stored addresses: a failure here is a bug, not input.
  if (ValidateEmail(email)) return;
  outbox_.Enqueue(email, clock_.NowUtc());
  if (wake_) wake_();
}

void Notifications::SetPasswordLink(const domain::Person& person, std::string_view token) {
  Queue({person.email, "Set your password for LQF",
         "Hello " + person.name + ",\n\n" +
             "An account has been made for you on LQF, the Leadership Qualities Framework service for directors of "
             "children's services.\n\n" +
             "To set your password, open this link:\n" + base_url_ + "/set-password?token=" + std::string(token) +
             "\n\n" + "The link works once and stops working after " + std::to_string(kSetPasswordLinkHours) +
             " hours. If it has stopped working, ask your programme lead or administrator for a new one.\n\n" +
             "If you were not expecting this email, you can ignore it.\n"});
}

void Notifications::ResetPasswordLink(const domain::Person& person, std::string_view token) {
  Queue({person.email, "Reset your LQF password",
         "Hello " + person.name + ",\n\n" + "To choose a new password for LQF, open this link:\n" + base_url_ +
             "/set-password?token=" + std::string(token) + "\n\n" + "The link works once and stops working after " +
             std::to_string(kResetPasswordLinkMinutes) + " minutes.\n\n" +
             "If you did not ask to reset your password, you can ignore this email: your password has not changed.\n"});
}

void Notifications::FeedbackInvitation(const FeedbackRequest& request) {
  const std::string who = request.participant_name;
  std::string body = "Hello " + request.rater_name + ",\n\n";
  if (request.reminder) {
    body += "This is a reminder: " + who + " would value your feedback, and there is still time to give it.\n\n";
  } else {
    body += who +
            " has asked for your feedback on their leadership, using the National Leadership Qualities Framework for "
            "directors of children's services. It takes about 20 minutes; you can save your answers and come back.\n\n";
  }
  body += "You were asked as: " + request.group_label + ".\n";
  if (request.attributed) {
    body += "Your answers will be shown to " + who + " as yours.\n\n";
  } else {
    body += "Your answers are confidential: " + who +
            " will see them only combined with those of other people in your group, and only when at least " +
            std::to_string(request.minimum) +
            " people have answered; comments are shown without names. Nobody, administrators included, can see "
            "which answers are yours.\n\n";
  }
  if (request.token.empty()) {
    // A rater who has started keeps their link: a new one could not find
    // their saved answers (only the link they hold leads to them).
    body += "You have started already: open the link in our first email to carry on where you left off.\n\n";
  } else {
    body += "Give your feedback here (the link is yours alone; please do not forward it):\n" + base_url_ +
            "/feedback?t=" + request.token + "\n\n";
  }
  body += "Please answer by " + request.deadline + ". If you would rather not give feedback, the same link lets you " +
          "decline" + (request.reminder ? "" : ", and we will not remind you") + ".\n";
  if (request.reminder && !request.token.empty()) {
    body += "\nThis link replaces the one in earlier emails, which no longer works.\n";
  }
  Queue({request.rater_email, (request.reminder ? "Reminder: feedback for " : "Feedback for ") + who, body});
}

void Notifications::ActionFallingDue(const domain::Person& person, std::string_view action, std::string_view goal,
                                     std::string_view due) {
  Queue({person.email, "Reminder: an action in your development plan is due",
         "Hello " + person.name + ",\n\n" + "This action in your development plan is due on " + std::string(due) +
             ":\n\n  " + std::string(action) + "\n\n" + "It is towards your goal: " + std::string(goal) + "\n\n" +
             "When it is done, or if plans have changed, you can mark it in your plan:\n" + base_url_ + "/plan\n\n" +
             "We remind you once for each action.\n"});
}

void Notifications::ReviewNotHeld(const domain::Person& manager, std::string_view participant_name,
                                  std::string_view review, std::string_view due, std::int64_t appraisal_id) {
  Queue({manager.email, "Reminder: " + std::string(review) + " with " + std::string(participant_name),
         "Hello " + manager.name + ",\n\n" + "The " + std::string(review) + " of " + std::string(participant_name) +
             "'s appraisal was due on " + std::string(due) + " and has not been recorded.\n\n" +
             "When you have held it, record it here:\n" + base_url_ + "/appraisals/" + std::to_string(appraisal_id) +
             "\n\n" + "We remind you once for each review.\n"});
}

}  // namespace lqf::app
