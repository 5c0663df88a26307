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

}  // namespace lqf::app
