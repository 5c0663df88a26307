#include "app/mail.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <stdexcept>

#include "domain/people.hpp"
#include "domain/text.hpp"

namespace lqf::app {
namespace {

constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;

bool HasControlCharacter(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

//! The number written in `text`, which must be all decimal digits.
std::optional<int> ReadDigits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

//! The time `seconds` after `utc`; the clock's output is always in form, so a
//! bad one is a programming error, not something to store.
std::string Later(std::string_view utc, std::int64_t seconds) {
  auto later = AddSecondsUtc(utc, seconds);
  if (!later) throw std::invalid_argument("the clock gave a time that is not ISO 8601 UTC: " + std::string(utc));
  return *later;
}

//! At most kOutboxMaxErrorLength bytes, cut at a character boundary.
std::string ShortError(std::string error) {
  if (error.size() <= kOutboxMaxErrorLength) return error;
  std::size_t cut = kOutboxMaxErrorLength;
  while (cut > 0 && (static_cast<unsigned char>(error[cut]) & 0xC0) == 0x80) --cut;
  error.resize(cut);
  return error;
}

}  // namespace

std::optional<std::string> ValidateEmail(const OutgoingEmail& email) {
  // Checked before NormaliseEmail, which trims, so that a line break is
  // always reported as the header injection it would be.
  if (HasControlCharacter(email.to)) return "the recipient contains a line break or control character";
  if (!domain::NormaliseEmail(email.to)) return "the recipient is not a valid email address";
  // Addresses with other characters need SMTPUTF8, which not every server
  // along the way supports.
  for (char c : email.to) {
    if (static_cast<unsigned char>(c) > 0x7e) return "the recipient has characters other than plain ASCII";
  }
  if (email.subject.empty()) return "the subject is empty";
  if (HasControlCharacter(email.subject)) return "the subject contains a line break or control character";
  if (!domain::IsValidUtf8(email.subject)) return "the subject is not valid UTF-8";
  if (domain::CountCharacters(email.subject) > kMaxEmailSubjectLength) {
    return "the subject is longer than " + std::to_string(kMaxEmailSubjectLength) + " characters";
  }
  if (!domain::IsValidUtf8(email.body_text)) return "the body is not valid UTF-8";
  if (email.body_text.size() > kMaxEmailBodyBytes) {
    return "the body is larger than " + std::to_string(kMaxEmailBodyBytes) + " bytes";
  }
  return std::nullopt;
}

std::int64_t OutboxRetryDelaySeconds(int attempts) {
  std::int64_t delay = kOutboxFirstRetrySeconds;
  // Doubling stops at the cap, so no number of attempts can overflow.
  for (int i = 1; i < attempts && delay < kOutboxMaxRetrySeconds; ++i) delay *= 2;
  return std::min(delay, kOutboxMaxRetrySeconds);
}

std::optional<std::string> AddSecondsUtc(std::string_view utc, std::int64_t seconds) {
  // Exactly "YYYY-MM-DDTHH:MM:SSZ": the one form we store, which sorts as text.
  if (utc.size() != 20 || utc[4] != '-' || utc[7] != '-' || utc[10] != 'T' || utc[13] != ':' || utc[16] != ':' ||
      utc[19] != 'Z') {
    return std::nullopt;
  }
  const auto year = ReadDigits(utc.substr(0, 4));
  const auto month = ReadDigits(utc.substr(5, 2));
  const auto day = ReadDigits(utc.substr(8, 2));
  const auto hour = ReadDigits(utc.substr(11, 2));
  const auto minute = ReadDigits(utc.substr(14, 2));
  const auto second = ReadDigits(utc.substr(17, 2));
  if (!year || !month || !day || !hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;

  // Beyond ten thousand years the result cannot be written anyway; refusing
  // first keeps the sum below from overflowing.
  constexpr std::int64_t kMaxShift = 10000LL * 366 * kSecondsPerDay;
  if (seconds > kMaxShift || seconds < -kMaxShift) return std::nullopt;
  const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  const std::int64_t total = days * kSecondsPerDay + *hour * 3600 + *minute * 60 + *second + seconds;
  // Floor division, so times before 1970 come out right too.
  std::int64_t out_days = total / kSecondsPerDay;
  std::int64_t rest = total % kSecondsPerDay;
  if (rest < 0) {
    rest += kSecondsPerDay;
    --out_days;
  }
  const std::chrono::year_month_day out{std::chrono::sys_days{std::chrono::days{out_days}}};
  const int out_year = static_cast<int>(out.year());
  if (out_year < 0 || out_year > 9999) return std::nullopt;

  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", out_year, static_cast<unsigned>(out.month()),
                static_cast<unsigned>(out.day()), static_cast<int>(rest / 3600), static_cast<int>(rest % 3600 / 60),
                static_cast<int>(rest % 60));
  return std::string(buffer);
}

OutboxSender::OutboxSender(OutboxRepository& outbox, MailTransport& transport, Clock& clock)
    : outbox_(outbox), transport_(transport), clock_(clock) {}

std::size_t OutboxSender::SendDue() {
  const std::string now = clock_.NowUtc();
  const auto batch = outbox_.ClaimDue(now, Later(now, kOutboxClaimSeconds), kOutboxBatchSize);
  std::size_t sent = 0;
  for (const auto& message : batch) {
    // Whatever put it in the outbox should have validated it; checking again
    // here keeps a bad header from ever reaching the mail server.
    std::optional<std::string> error;
    if (auto invalid = ValidateEmail(message.email)) {
      error = "not sent: " + *invalid;
    } else {
      error = transport_.Send(message.email);
    }
    // Sending may take a while: stamp with the time it ended.
    const std::string after = clock_.NowUtc();
    if (!error) {
      outbox_.MarkSent(message.id, after);
      ++sent;
      continue;
    }
    const int attempts = message.attempts + 1;
    outbox_.MarkFailed(message.id, attempts, Later(after, OutboxRetryDelaySeconds(attempts)), ShortError(*error));
  }
  return sent;
}

OutboxWorker::OutboxWorker(OutboxSender& sender, std::chrono::milliseconds interval)
    : sender_(sender), interval_(interval), thread_([this] { Run(); }) {}

OutboxWorker::~OutboxWorker() { Stop(); }

void OutboxWorker::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void OutboxWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxWorker::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    std::size_t sent = 0;
    try {
      sent = sender_.SendDue();
    } catch (const std::exception& error) {
      // The store's messages name the database and SQLite's reason, never a
      // recipient or a message.
      std::cerr << "outbox: " << error.what() << "\n";
    } catch (...) {
      std::cerr << "outbox: unknown error\n";
    }
    lock.lock();
    // A full batch all sent: there may be more waiting, so go again at once.
    if (sent == kOutboxBatchSize) continue;
    wake_.wait_for(lock, interval_, [this] { return stopping_ || woken_; });
  }
}

}  // namespace lqf::app
