#pragma once
//! A clock a test moves by hand, for time limits (sessions, links, throttling).

#include <string>

#include "app/accounts.hpp"
#include "app/ports.hpp"

namespace lqf::testing {

//! Starts at `start` and moves only when told to.
class ManualClock final : public app::Clock {
 public:
  explicit ManualClock(std::string start = "2026-11-22T10:00:00Z") : now_(std::move(start)) {}
  std::string NowUtc() override { return now_; }
  void Advance(long long seconds) { now_ = app::AddSeconds(now_, seconds); }

 private:
  std::string now_;
};

}  // namespace lqf::testing
