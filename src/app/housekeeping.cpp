#include "app/housekeeping.hpp"

#include <iostream>

#include "app/accounts.hpp"

namespace lqf::app {

PurgeCounts PurgeExpired(HousekeepingRepository& repository, Clock& clock) {
  const auto now = clock.NowUtc();
  PurgeCutoffs cutoffs;
  cutoffs.now = now;
  cutoffs.idle_sessions_before = AddSeconds(now, -static_cast<long long>(kSessionIdleMinutes) * 60);
  cutoffs.failures_before = AddSeconds(now, -static_cast<long long>(kThrottleWindowMinutes) * 60);
  cutoffs.sent_email_before = AddSeconds(now, -static_cast<long long>(kKeepSentEmailDays) * 24 * 3600);
  return repository.Purge(cutoffs);
}

PurgeWorker::PurgeWorker(HousekeepingRepository& repository, Clock& clock, std::chrono::milliseconds interval)
    : repository_(repository), clock_(clock), interval_(interval), thread_([this] { Run(); }) {}

PurgeWorker::~PurgeWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PurgeWorker::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      PurgeExpired(repository_, clock_);
    } catch (const std::exception&) {
      // The database may be briefly unreachable; the next round tries again.
      std::cerr << "purge: the database could not be cleaned this time\n";
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace lqf::app
