#pragma once
//! Housekeeping: records that have outlived their use are deleted, so the
//! database keeps personal data no longer than it serves a purpose
//! (docs/privacy.md). Run by `lqf purge` and every hour inside `lqf serve`
//! (an app::PeriodicTask).

#include <cstdint>
#include <string>
#include <string_view>

#include "app/ports.hpp"

namespace lqf::app {

//! How long each kind of record is kept once it can no longer be used.
inline constexpr int kKeepSentEmailDays = 7;  //!< their bodies can hold a password link

//! The cut-off times for one purge (ISO 8601 UTC): rows older are deleted.
struct PurgeCutoffs {
  std::string now;                   //!< sessions and links that expired before this
  std::string idle_sessions_before;  //!< sessions last seen before this
  std::string failures_before;       //!< throttling records older than the window
  std::string sent_email_before;     //!< sent outbox messages older than this
};

//! How many rows a purge deleted, by kind.
struct PurgeCounts {
  std::int64_t sessions = 0;
  std::int64_t links = 0;
  std::int64_t failures = 0;
  std::int64_t emails = 0;
};

//! Deletes what the cut-offs say, atomically.
class HousekeepingRepository {
 public:
  virtual ~HousekeepingRepository() = default;
  virtual PurgeCounts Purge(const PurgeCutoffs& cutoffs) = 0;
};

//! Works out the cut-offs from the clock and the limits in accounts.hpp, and purges.
PurgeCounts PurgeExpired(HousekeepingRepository& repository, Clock& clock);

}  // namespace lqf::app
