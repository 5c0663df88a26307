// The outbox sender and worker over an in-memory outbox, a fake mail server
// and a clock the test moves; the checks on emails; the timestamp helper.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "app/mail.hpp"

namespace lqf {
namespace {

using namespace std::chrono_literals;

class FakeClock final : public app::Clock {
 public:
  std::string NowUtc() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void Set(std::string now) {
    std::lock_guard lock(mutex_);
    now_ = std::move(now);
  }
  //! Moves the clock on.
  void Advance(std::int64_t seconds) { Set(*app::AddSecondsUtc(NowUtc(), seconds)); }

 private:
  std::mutex mutex_;
  std::string now_ = "2026-11-22T10:00:00Z";
};

//! The outbox table in memory, with the same rules as the SQL one.
class MemoryOutbox final : public app::OutboxRepository {
 public:
  struct Row {
    app::OutgoingEmail email;
    int attempts = 0;
    std::string next_attempt_at;
    std::string claimed_until;
    std::string last_error;
    std::string sent_at;
  };

  std::int64_t Enqueue(const app::OutgoingEmail& email, std::string_view now) override {
    std::lock_guard lock(mutex_);
    rows_[++last_id_] = {email, 0, std::string(now), "", "", ""};
    return last_id_;
  }
  std::vector<app::QueuedEmail> ClaimDue(std::string_view now, std::string_view claim_until,
                                         std::size_t limit) override {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::int64_t>> due;
    for (const auto& [id, row] : rows_) {
      if (row.sent_at.empty() && row.next_attempt_at <= now && (row.claimed_until.empty() || row.claimed_until < now)) {
        due.emplace_back(row.next_attempt_at, id);
      }
    }
    std::sort(due.begin(), due.end());
    std::vector<app::QueuedEmail> claimed;
    for (const auto& [when, id] : due) {
      if (claimed.size() == limit) break;
      rows_[id].claimed_until = claim_until;
      claimed.push_back({id, rows_[id].email, rows_[id].attempts});
    }
    return claimed;
  }
  void MarkSent(std::int64_t id, std::string_view now) override {
    std::lock_guard lock(mutex_);
    rows_.at(id).sent_at = now;
    rows_.at(id).claimed_until.clear();
  }
  void MarkFailed(std::int64_t id, int attempts, std::string_view next_attempt_at, std::string_view error) override {
    std::lock_guard lock(mutex_);
    auto& row = rows_.at(id);
    row.attempts = attempts;
    row.next_attempt_at = next_attempt_at;
    row.last_error = error;
    row.claimed_until.clear();
  }
  app::OutboxCounts Counts() override {
    std::lock_guard lock(mutex_);
    app::OutboxCounts counts;
    for (const auto& [id, row] : rows_) {
      if (!row.sent_at.empty()) {
        ++counts.sent;
      } else if (row.attempts > 0) {
        ++counts.failing;
      } else {
        ++counts.pending;
      }
    }
    return counts;
  }
  Row Get(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return rows_.at(id);
  }
  std::size_t Size() {
    std::lock_guard lock(mutex_);
    return rows_.size();
  }

 private:
  std::mutex mutex_;
  std::map<std::int64_t, Row> rows_;
  std::int64_t last_id_ = 0;
};

//! A mail server that can be down, and remembers what it accepted.
class FakeTransport final : public app::MailTransport {
 public:
  std::optional<std::string> Send(const app::OutgoingEmail& email) override {
    std::lock_guard lock(mutex_);
    ++calls_;
    if (down_) return "Couldn't connect to server";
    if (fail_subject_ && email.subject == *fail_subject_) return "550 mailbox unavailable";
    delivered_.push_back(email);
    return std::nullopt;
  }
  void SetDown(bool down) {
    std::lock_guard lock(mutex_);
    down_ = down;
  }
  void FailSubject(std::string subject) {
    std::lock_guard lock(mutex_);
    fail_subject_ = std::move(subject);
  }
  std::vector<app::OutgoingEmail> Delivered() {
    std::lock_guard lock(mutex_);
    return delivered_;
  }
  int Calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::mutex mutex_;
  bool down_ = false;
  std::optional<std::string> fail_subject_;
  std::vector<app::OutgoingEmail> delivered_;
  int calls_ = 0;
};

app::OutgoingEmail Email(std::string subject = "Your 360 feedback invitation") {
  return {"jo.bloggs@example.gov.uk", std::move(subject), "Dear Jo,\n\nPlease give your feedback.\n"};
}

struct Fixture {
  FakeClock clock;
  MemoryOutbox outbox;
  FakeTransport transport;
  app::OutboxSender sender{outbox, transport, clock};
};

TEST(OutboxSender, SendsADueMessageOnce) {
  Fixture f;
  const auto id = f.outbox.Enqueue(Email(), f.clock.NowUtc());
  EXPECT_EQ(f.sender.SendDue(), 1u);
  EXPECT_EQ(f.sender.SendDue(), 0u);
  f.clock.Advance(24 * 3600);
  EXPECT_EQ(f.sender.SendDue(), 0u);
  ASSERT_EQ(f.transport.Delivered().size(), 1u);
  EXPECT_EQ(f.transport.Delivered()[0].subject, "Your 360 feedback invitation");
  EXPECT_EQ(f.outbox.Get(id).sent_at, "2026-11-22T10:00:00Z");
  EXPECT_EQ(f.transport.Calls(), 1);
  const auto counts = f.outbox.Counts();
  EXPECT_EQ(counts.sent, 1);
  EXPECT_EQ(counts.pending + counts.failing, 0);
}

TEST(OutboxSender, BacksOffExponentiallyUpToAnHour) {
  Fixture f;
  f.transport.SetDown(true);
  const auto id = f.outbox.Enqueue(Email(), f.clock.NowUtc());
  const std::int64_t expected_delays[] = {60, 120, 240, 480, 960, 1920, 3600, 3600, 3600};
  int calls = 0;
  for (const auto delay : expected_delays) {
    EXPECT_EQ(f.sender.SendDue(), 0u);
    EXPECT_EQ(f.transport.Calls(), ++calls);
    const auto row = f.outbox.Get(id);
    EXPECT_EQ(row.attempts, calls);
    EXPECT_EQ(row.next_attempt_at, *app::AddSecondsUtc(f.clock.NowUtc(), delay)) << "attempt " << calls;
    EXPECT_EQ(row.last_error, "Couldn't connect to server");
    EXPECT_TRUE(row.claimed_until.empty());
    // Not tried again a second early.
    f.clock.Advance(delay - 1);
    EXPECT_EQ(f.sender.SendDue(), 0u);
    EXPECT_EQ(f.transport.Calls(), calls);
    f.clock.Advance(1);
  }
  EXPECT_EQ(f.outbox.Counts().failing, 1);
}

TEST(OutboxSender, RetryDelaysAreNamedAndCapped) {
  EXPECT_EQ(app::OutboxRetryDelaySeconds(1), app::kOutboxFirstRetrySeconds);
  EXPECT_EQ(app::OutboxRetryDelaySeconds(2), 2 * app::kOutboxFirstRetrySeconds);
  EXPECT_EQ(app::OutboxRetryDelaySeconds(3), 4 * app::kOutboxFirstRetrySeconds);
  EXPECT_EQ(app::OutboxRetryDelaySeconds(7), app::kOutboxMaxRetrySeconds);
  EXPECT_EQ(app::OutboxRetryDelaySeconds(1000000), app::kOutboxMaxRetrySeconds);
}

TEST(OutboxSender, DeliversWhatWasQueuedWhileTheServerWasDown) {
  Fixture f;
  f.transport.SetDown(true);
  f.outbox.Enqueue(Email("first"), f.clock.NowUtc());
  EXPECT_EQ(f.sender.SendDue(), 0u);
  f.clock.Advance(30);
  f.outbox.Enqueue(Email("second"), f.clock.NowUtc());
  EXPECT_EQ(f.sender.SendDue(), 0u);
  EXPECT_EQ(f.outbox.Counts().failing, 2);

  f.transport.SetDown(false);
  f.clock.Advance(30);  // the first is due again; the second not yet
  EXPECT_EQ(f.sender.SendDue(), 1u);
  f.clock.Advance(30);
  EXPECT_EQ(f.sender.SendDue(), 1u);
  const auto delivered = f.transport.Delivered();
  ASSERT_EQ(delivered.size(), 2u);
  EXPECT_EQ(delivered[0].subject, "first");
  EXPECT_EQ(delivered[1].subject, "second");
  EXPECT_EQ(f.outbox.Counts().sent, 2);
}

TEST(OutboxSender, SendsInBatchesOldestFirst) {
  Fixture f;
  const std::size_t total = app::kOutboxBatchSize + 3;
  for (std::size_t i = 0; i < total; ++i) {
    f.outbox.Enqueue(Email("message " + std::to_string(i)), f.clock.NowUtc());
    f.clock.Advance(1);
  }
  EXPECT_EQ(f.sender.SendDue(), app::kOutboxBatchSize);
  EXPECT_EQ(f.sender.SendDue(), 3u);
  const auto delivered = f.transport.Delivered();
  ASSERT_EQ(delivered.size(), total);
  for (std::size_t i = 0; i < total; ++i) EXPECT_EQ(delivered[i].subject, "message " + std::to_string(i));
}

TEST(OutboxSender, NeverLosesAMessage) {
  // One message the server always refuses, others through outages: after a
  // long time every other message was delivered exactly once, and the refused
  // one is still there, still being tried, still shown as failing.
  Fixture f;
  f.transport.FailSubject("refused");
  const auto refused = f.outbox.Enqueue(Email("refused"), f.clock.NowUtc());
  std::set<std::string> expected;
  for (int hour = 0; hour < 48; ++hour) {
    f.transport.SetDown(hour % 3 != 0);
    for (int i = 0; i < 4; ++i) {
      const std::string subject = "hour " + std::to_string(hour) + " message " + std::to_string(i);
      f.outbox.Enqueue(Email(subject), f.clock.NowUtc());
      expected.insert(subject);
    }
    for (int minute = 0; minute < 60; minute += 5) {
      f.sender.SendDue();
      f.clock.Advance(300);
    }
  }
  f.transport.SetDown(false);
  for (int minute = 0; minute < 120; minute += 5) {
    f.sender.SendDue();
    f.clock.Advance(300);
  }
  std::multiset<std::string> delivered;
  for (const auto& email : f.transport.Delivered()) delivered.insert(email.subject);
  EXPECT_EQ(delivered, std::multiset<std::string>(expected.begin(), expected.end()));
  EXPECT_EQ(f.outbox.Size(), expected.size() + 1);
  const auto row = f.outbox.Get(refused);
  EXPECT_TRUE(row.sent_at.empty());
  EXPECT_GT(row.attempts, 30);
  const auto counts = f.outbox.Counts();
  EXPECT_EQ(counts.sent, static_cast<std::int64_t>(expected.size()));
  EXPECT_EQ(counts.failing, 1);
  EXPECT_EQ(counts.pending, 0);
}

TEST(OutboxSender, NeverSendsAnInvalidMessageButKeepsIt) {
  Fixture f;
  const auto id = f.outbox.Enqueue({"a@b.com\r\nBcc: x@y.com", "Hello", "Body"}, f.clock.NowUtc());
  EXPECT_EQ(f.sender.SendDue(), 0u);
  EXPECT_EQ(f.transport.Calls(), 0);
  const auto row = f.outbox.Get(id);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_NE(row.last_error.find("not sent: the recipient"), std::string::npos) << row.last_error;
}

TEST(OutboxSender, KeepsOnlyTheStartOfALongError) {
  class Wordy final : public app::MailTransport {
   public:
    std::optional<std::string> Send(const app::OutgoingEmail&) override { return std::string(5000, 'x'); }
  };
  FakeClock clock;
  MemoryOutbox outbox;
  Wordy transport;
  app::OutboxSender sender(outbox, transport, clock);
  const auto id = outbox.Enqueue(Email(), clock.NowUtc());
  sender.SendDue();
  EXPECT_EQ(outbox.Get(id).last_error.size(), app::kOutboxMaxErrorLength);
}

TEST(OutboxWorker, SendsAtStartAndWhenWoken) {
  Fixture f;
  f.outbox.Enqueue(Email("before start"), f.clock.NowUtc());
  // An interval far longer than the test: only the start and Wake() send.
  app::OutboxWorker worker(f.sender, std::chrono::hours(1));
  const auto wait_for = [&](std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (f.transport.Delivered().size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    return f.transport.Delivered().size();
  };
  EXPECT_EQ(wait_for(1), 1u);
  f.outbox.Enqueue(Email("after start"), f.clock.NowUtc());
  worker.Wake();
  EXPECT_EQ(wait_for(2), 2u);
  worker.Stop();
}

TEST(OutboxWorker, SendsEveryInterval) {
  Fixture f;
  app::OutboxWorker worker(f.sender, 20ms);
  std::this_thread::sleep_for(50ms);
  f.outbox.Enqueue(Email(), f.clock.NowUtc());
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (f.transport.Delivered().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(f.transport.Delivered().size(), 1u);
}

TEST(OutboxWorker, StopsPromptly) {
  Fixture f;
  app::OutboxWorker worker(f.sender, std::chrono::hours(1));
  std::this_thread::sleep_for(20ms);
  const auto start = std::chrono::steady_clock::now();
  worker.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  worker.Stop();  // a second call is harmless
}

TEST(OutboxWorker, KeepsGoingAfterAStoreError) {
  class BrokenOnce final : public app::OutboxRepository {
   public:
    explicit BrokenOnce(MemoryOutbox& inner) : inner_(inner) {}
    std::int64_t Enqueue(const app::OutgoingEmail& email, std::string_view now) override {
      return inner_.Enqueue(email, now);
    }
    std::vector<app::QueuedEmail> ClaimDue(std::string_view now, std::string_view until, std::size_t limit) override {
      if (!failed_.exchange(true)) throw app::StoreError("database is locked");
      return inner_.ClaimDue(now, until, limit);
    }
    void MarkSent(std::int64_t id, std::string_view now) override { inner_.MarkSent(id, now); }
    void MarkFailed(std::int64_t id, int attempts, std::string_view next, std::string_view error) override {
      inner_.MarkFailed(id, attempts, next, error);
    }
    app::OutboxCounts Counts() override { return inner_.Counts(); }

   private:
    MemoryOutbox& inner_;
    std::atomic<bool> failed_{false};
  };
  FakeClock clock;
  MemoryOutbox memory;
  BrokenOnce outbox(memory);
  FakeTransport transport;
  app::OutboxSender sender(outbox, transport, clock);
  outbox.Enqueue(Email(), clock.NowUtc());
  ::testing::internal::CaptureStderr();
  app::OutboxWorker worker(sender, 10ms);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (transport.Delivered().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  worker.Stop();
  const auto log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(transport.Delivered().size(), 1u);
  EXPECT_NE(log.find("outbox: database is locked"), std::string::npos) << log;
}

TEST(ValidateEmail, AcceptsAPlainMessage) {
  EXPECT_EQ(app::ValidateEmail(Email()), std::nullopt);
  EXPECT_EQ(app::ValidateEmail({"Jo.Bloggs@Example.gov.uk", "Café — réunion", "Bonjour\r\n. là\n"}), std::nullopt);
}

TEST(ValidateEmail, RejectsHeaderInjection) {
  EXPECT_TRUE(app::ValidateEmail({"a@b.com\r\nBcc: x@y.com", "Hi", ""}));
  EXPECT_TRUE(app::ValidateEmail({"a@b.com\nBcc: x@y.com", "Hi", ""}));
  EXPECT_TRUE(app::ValidateEmail({"a@b.com", "Hi\r\nBcc: x@y.com", ""}));
  EXPECT_TRUE(app::ValidateEmail({"a@b.com", "Hi\nthere", ""}));
  EXPECT_TRUE(app::ValidateEmail({"a@b.com", std::string("Hi\0there", 8), ""}));
  EXPECT_TRUE(app::ValidateEmail({"a@b.com", "Hi\tthere", ""}));
  const auto reason = app::ValidateEmail({"a@b.com\r\nBcc: x@y.com", "Hi", ""});
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find("line break"), std::string::npos) << *reason;
}

TEST(ValidateEmail, RejectsBadAddresses) {
  for (const char* to : {"", "jo", "jo@", "@example.org", "jo@example", "jo@@example.org", "jo@example..org",
                         "Jo <jo@example.org>", "jo,al@example.org", "jo bloggs@example.org", "jö@example.org"}) {
    EXPECT_TRUE(app::ValidateEmail({to, "Hi", ""})) << to;
  }
}

TEST(ValidateEmail, RejectsEmptyOrLongSubjectsAndLargeBodies) {
  EXPECT_TRUE(app::ValidateEmail({"a@b.com", "", ""}));
  EXPECT_FALSE(app::ValidateEmail({"a@b.com", std::string(app::kMaxEmailSubjectLength, 'x'), ""}));
  EXPECT_TRUE(app::ValidateEmail({"a@b.com", std::string(app::kMaxEmailSubjectLength + 1, 'x'), ""}));
  // Characters, not bytes: 200 two-byte letters are fine.
  std::string accented;
  for (std::size_t i = 0; i < app::kMaxEmailSubjectLength; ++i) accented += "é";
  EXPECT_FALSE(app::ValidateEmail({"a@b.com", accented, ""}));
  EXPECT_FALSE(app::ValidateEmail({"a@b.com", "Hi", std::string(app::kMaxEmailBodyBytes, 'x')}));
  EXPECT_TRUE(app::ValidateEmail({"a@b.com", "Hi", std::string(app::kMaxEmailBodyBytes + 1, 'x')}));
  EXPECT_TRUE(app::ValidateEmail({"a@b.com", "Hi", "\xff\xfe"}));
  EXPECT_TRUE(app::ValidateEmail({"a@b.com", "\xc3", ""}));
}

TEST(AddSecondsUtc, MovesAcrossMinutesDaysMonthsAndYears) {
  EXPECT_EQ(app::AddSecondsUtc("2026-11-22T16:24:41Z", 0), "2026-11-22T16:24:41Z");
  EXPECT_EQ(app::AddSecondsUtc("2026-11-22T16:24:41Z", 60), "2026-11-22T16:25:41Z");
  EXPECT_EQ(app::AddSecondsUtc("2026-11-22T16:24:41Z", 3600), "2026-11-22T17:24:41Z");
  EXPECT_EQ(app::AddSecondsUtc("2026-11-30T23:59:59Z", 1), "2026-12-01T00:00:00Z");
  EXPECT_EQ(app::AddSecondsUtc("2026-12-31T23:30:00Z", 3600), "2027-01-01T00:30:00Z");
  EXPECT_EQ(app::AddSecondsUtc("2028-02-28T12:00:00Z", 86400), "2028-02-29T12:00:00Z");  // leap year
  EXPECT_EQ(app::AddSecondsUtc("2026-02-28T12:00:00Z", 86400), "2026-03-01T12:00:00Z");
  EXPECT_EQ(app::AddSecondsUtc("2026-01-01T00:00:00Z", -1), "2025-12-31T23:59:59Z");
  EXPECT_EQ(app::AddSecondsUtc("1970-01-01T00:00:00Z", -86401), "1969-12-30T23:59:59Z");
  EXPECT_EQ(app::AddSecondsUtc("2026-11-22T16:24:41Z", 365LL * 86400), "2027-11-22T16:24:41Z");
}

TEST(AddSecondsUtc, RefusesWhatIsNotOurForm) {
  for (const char* bad :
       {"", "2026-11-22", "2026-11-22 16:24:41Z", "2026-11-22T16:24:41", "2026-11-22T16:24:41+00:00",
        "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T16:60:00Z",
        "2026-11-22T16:24:60Z", "2026-1a-22T16:24:41Z", "-026-11-22T16:24:41Z", "2026-+1-22T16:24:41Z"}) {
    EXPECT_EQ(app::AddSecondsUtc(bad, 1), std::nullopt) << bad;
  }
  EXPECT_EQ(app::AddSecondsUtc("9999-12-31T23:59:59Z", 1), std::nullopt);
  EXPECT_EQ(app::AddSecondsUtc("0000-01-01T00:00:00Z", -1), std::nullopt);
  EXPECT_EQ(app::AddSecondsUtc("2026-11-22T16:24:41Z", std::numeric_limits<std::int64_t>::max()), std::nullopt);
  EXPECT_EQ(app::AddSecondsUtc("2026-11-22T16:24:41Z", std::numeric_limits<std::int64_t>::min()), std::nullopt);
}

}  // namespace
}  // namespace lqf
