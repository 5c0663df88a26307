#pragma once
//! Use cases for frameworks: list, look up, import. Parsed frameworks are
//! cached (they never change once stored) and shared by every request.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports.hpp"
#include "domain/framework.hpp"
#include "interchange/problem.hpp"

namespace lqf::app {

//! A stored framework version, parsed.
struct FrameworkEntry {
  std::shared_ptr<const domain::Framework> framework;
  std::shared_ptr<const std::string> document;  //!< canonical JSON, as stored
  std::string content_sha256;
  std::string imported_at;
  bool latest = false;  //!< the newest import of its code
};

//! How an import ended.
enum class ImportStatus {
  kImported,   //!< stored as a new version
  kUnchanged,  //!< the same content was already stored under this version: nothing to do
  kInvalid,    //!< the file has problems (listed); nothing stored
  kConflict,   //!< different content already stored under this code and version; nothing stored
};

//! The result of ImportFramework, with a sentence a person can act on.
struct ImportResult {
  ImportStatus status = ImportStatus::kInvalid;
  std::string code;
  std::string version;
  std::string message;
  interchange::Problems problems;
};

//! Frameworks as the rest of LQF sees them.
class FrameworkCatalog {
 public:
  //! `recheck_after`: how long the cached frameworks are trusted before the
  //! store is asked again whether another process imported one. Zero (the
  //! default) asks on every use; `lqf serve` trusts them for a second, so a
  //! busy server asks once a second rather than on every request.
  FrameworkCatalog(FrameworkRepository& repository, Clock& clock,
                   std::chrono::milliseconds recheck_after = std::chrono::milliseconds(0));

  //! The latest version of every framework, ordered by code.
  std::vector<FrameworkEntry> List();
  //! A framework by code: the latest version, or the given one. Nothing if unknown.
  std::optional<FrameworkEntry> Get(std::string_view code, std::string_view version = {});
  //! Every version of a code, oldest first.
  std::vector<FrameworkEntry> Versions(std::string_view code);
  //! Validates and stores a framework file. Importing the same content again
  //! is a no-op; different content under a stored version is refused.
  ImportResult Import(std::string_view document);

 private:
  //! Reloads the cache if the store says frameworks changed. Returns a snapshot.
  std::shared_ptr<const std::vector<FrameworkEntry>> Snapshot();

  FrameworkRepository& repository_;
  Clock& clock_;
  std::mutex mutex_;
  std::string stamp_;
  const std::chrono::milliseconds recheck_after_;
  std::chrono::steady_clock::time_point checked_at_;
  std::shared_ptr<const std::vector<FrameworkEntry>> entries_;  // every version, import order
};

}  // namespace lqf::app
