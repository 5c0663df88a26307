#pragma once
//! Email: messages wait in an outbox (a table) until a worker has handed them
//! to the mail server, so nothing is lost while the server is down. Ports for
//! the outbox and the transport; the sender and its background worker.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "app/ports.hpp"

namespace lqf::app {

//! A plain-text email to one recipient.
struct OutgoingEmail {
  std::string to;  //!< one address, e.g. "jo.bloggs@example.gov.uk"
  std::string subject;
  std::string body_text;  //!< UTF-8; lines end in "\n" or "\r\n"
};

//! Limits on what we send (headers must stay well within SMTP's line limits).
inline constexpr std::size_t kMaxEmailSubjectLength = 200;
inline constexpr std::size_t kMaxEmailBodyBytes = 100 * 1024;

//! Why an email cannot be sent as it is (a bad address, a line break or control
//! character in a header, too long), or nothing if it is fine.
std::optional<std::string> ValidateEmail(const OutgoingEmail& email);

//! A message taken from the outbox to be sent.
struct QueuedEmail {
  std::int64_t id = 0;
  OutgoingEmail email;
  int attempts = 0;  //!< failed attempts so far
};

//! How many messages are in the outbox, for a status line.
struct OutboxCounts {
  std::int64_t pending = 0;  //!< not sent yet, and no attempt has failed
  std::int64_t sent = 0;
  std::int64_t failing = 0;  //!< not sent yet, and at least one attempt failed
};

//! The outbox: messages are added, claimed by one worker at a time, and marked
//! sent or failed. A message is never deleted. Times are ISO 8601 UTC text.
class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  //! Adds a message, due at once. Returns its id.
  virtual std::int64_t Enqueue(const OutgoingEmail& email, std::string_view now) = 0;
  //! Claims up to `limit` due messages (unsent, next attempt at or before
  //! `now`, not claimed or claim expired) until `claim_until`, oldest due first.
  //! Atomic: two workers, in this process or another, never get the same message.
  virtual std::vector<QueuedEmail> ClaimDue(std::string_view now, std::string_view claim_until, std::size_t limit) = 0;
  //! Records that the mail server accepted the message; it is never due again.
  virtual void MarkSent(std::int64_t id, std::string_view now) = 0;
  //! Records a failed attempt and when to try again; releases the claim.
  virtual void MarkFailed(std::int64_t id, int attempts, std::string_view next_attempt_at, std::string_view error) = 0;
  //! The outbox at a glance.
  virtual OutboxCounts Counts() = 0;
};

//! Hands one message to a mail server.
class MailTransport {
 public:
  virtual ~MailTransport() = default;
  //! Sends the message; nothing if the server accepted it, otherwise why not.
  virtual std::optional<std::string> Send(const OutgoingEmail& email) = 0;
};

//! How many messages one SendDue claims and sends.
inline constexpr std::size_t kOutboxBatchSize = 10;
//! How long a claim lasts. It must outlast a whole batch of slow sends (10
//! times the SMTP transport's 60 s limit), or a second worker would send a
//! message again while the first is still on it; if a worker dies, its
//! messages are sent by another once the claim expires.
inline constexpr std::int64_t kOutboxClaimSeconds = 15 * 60;
//! Back-off after a failure: 1 minute, doubling each time, at most an hour.
inline constexpr std::int64_t kOutboxFirstRetrySeconds = 60;
inline constexpr std::int64_t kOutboxMaxRetrySeconds = 60 * 60;
//! How much of a transport's error text is kept with the message.
inline constexpr std::size_t kOutboxMaxErrorLength = 500;

//! The wait before the next attempt after `attempts` failed ones (1, 2, ...).
std::int64_t OutboxRetryDelaySeconds(int attempts);

//! An ISO 8601 UTC time ("2026-11-22T16:24:41Z") moved by `seconds` (which may
//! be negative), or nothing if `utc` is not in that form.
std::optional<std::string> AddSecondsUtc(std::string_view utc, std::int64_t seconds);

//! Sends what is due from the outbox; on failure schedules a retry with
//! back-off. Never drops a message: one that keeps failing keeps being retried
//! at the longest interval, and shows as failing in the counts. Delivery is at
//! least once: a message sent just before the outbox became unreachable is
//! sent again when its claim expires.
class OutboxSender {
 public:
  OutboxSender(OutboxRepository& outbox, MailTransport& transport, Clock& clock);

  //! Claims up to kOutboxBatchSize due messages and tries each once. Returns
  //! how many were sent. Throws StoreError if the outbox cannot be reached.
  std::size_t SendDue();

 private:
  OutboxRepository& outbox_;
  MailTransport& transport_;
  Clock& clock_;
};

//! How often the worker looks for due messages unless woken.
inline constexpr std::chrono::milliseconds kOutboxDefaultInterval{5000};

//! A background thread that calls SendDue at once, then every interval, until
//! Stop(). Errors (the database unreachable) are logged as one line to stderr
//! and retried on the next round.
class OutboxWorker {
 public:
  explicit OutboxWorker(OutboxSender& sender, std::chrono::milliseconds interval = kOutboxDefaultInterval);
  ~OutboxWorker();
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  //! Sends at once rather than at the next round (call after enqueueing).
  void Wake();
  //! Stops promptly (after the send in progress, if any) and joins the thread.
  //! Safe to call more than once.
  void Stop();

 private:
  void Run();

  OutboxSender& sender_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;  //!< last, so it starts after everything it uses
};

}  // namespace lqf::app
