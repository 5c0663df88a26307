#pragma once
//! Ports: what the use cases need from the outside world. Adapters in store/
//! (and tests' fakes) implement them; only main/ chooses which.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/framework.hpp"

namespace lqf::app {

//! A storage failure we cannot recover from inside a request (disk full, the
//! database gone). Expected outcomes are return values, never this.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A framework version as stored: its canonical document and content hash.
struct StoredFramework {
  std::int64_t id = 0;
  std::string code;
  std::string version;
  std::string title;
  std::string content_sha256;
  std::string document;  //!< canonical JSON (interchange::WriteFrameworkJson)
  std::string imported_at;
};

//! What InsertFramework did.
enum class InsertOutcome { kInserted, kAlreadyExists };

//! Stored frameworks. Every method is atomic.
class FrameworkRepository {
 public:
  virtual ~FrameworkRepository() = default;
  //! Every stored version, in import order (oldest first).
  virtual std::vector<StoredFramework> ListFrameworks() = 0;
  //! One version, or nothing.
  virtual std::optional<StoredFramework> FindFramework(std::string_view code, std::string_view version) = 0;
  //! Stores a version and one row per element, all or nothing. Returns
  //! kAlreadyExists, writing nothing, if (code, version) is already there.
  virtual InsertOutcome InsertFramework(const domain::Framework& framework, const StoredFramework& record) = 0;
  //! A value that changes whenever a framework is added, by this process or
  //! another: lets readers cache parsed frameworks safely.
  virtual std::string FrameworksStamp() = 0;
};

//! The time, so tests can fix it.
class Clock {
 public:
  virtual ~Clock() = default;
  //! Now, as ISO 8601 UTC with seconds: "2026-11-22T16:24:41Z".
  virtual std::string NowUtc() = 0;
};

//! The real clock.
class SystemClock final : public Clock {
 public:
  std::string NowUtc() override;
};

}  // namespace lqf::app
