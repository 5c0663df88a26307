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

}  // namespace lqf::app
