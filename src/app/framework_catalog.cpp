#include "app/framework_catalog.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <utility>

#include "interchange/framework_json.hpp"

namespace lqf::app {

std::string SystemClock::NowUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

FrameworkCatalog::FrameworkCatalog(FrameworkRepository& repository, Clock& clock,
                                   std::chrono::milliseconds recheck_after)
    : repository_(repository), clock_(clock), recheck_after_(recheck_after) {}

std::shared_ptr<const std::vector<FrameworkEntry>> FrameworkCatalog::Snapshot() {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (entries_ && recheck_after_.count() > 0 && now - checked_at_ < recheck_after_) return entries_;
  auto stamp = repository_.FrameworksStamp();
  checked_at_ = now;
  if (entries_ && stamp == stamp_) return entries_;
  auto entries = std::make_shared<std::vector<FrameworkEntry>>();
  for (auto& stored : repository_.ListFrameworks()) {
    auto parsed = interchange::ParseFramework(stored.document);
    if (!parsed.Ok()) {
      // Stored documents were validated on the way in; one that no longer
      // parses means the database was edited by hand.
      throw StoreError("stored framework " + stored.code + " " + stored.version +
                       " is damaged: " + parsed.problems.front().ToString());
    }
    FrameworkEntry entry;
    entry.framework = std::make_shared<const domain::Framework>(std::move(*parsed.framework));
    entry.document = std::make_shared<const std::string>(std::move(stored.document));
    entry.content_sha256 = std::move(stored.content_sha256);
    entry.imported_at = std::move(stored.imported_at);
    entries->push_back(std::move(entry));
  }
  // The newest import of each code is its latest version.
  for (auto it = entries->rbegin(); it != entries->rend(); ++it) {
    bool newer_exists = std::any_of(entries->rbegin(), it,
                                    [&](const FrameworkEntry& e) { return e.framework->code == it->framework->code; });
    it->latest = !newer_exists;
  }
  entries_ = std::move(entries);
  stamp_ = std::move(stamp);
  return entries_;
}

std::vector<FrameworkEntry> FrameworkCatalog::List() {
  auto snapshot = Snapshot();
  std::vector<FrameworkEntry> latest;
  for (const auto& entry : *snapshot) {
    if (entry.latest) latest.push_back(entry);
  }
  std::sort(latest.begin(), latest.end(),
            [](const FrameworkEntry& a, const FrameworkEntry& b) { return a.framework->code < b.framework->code; });
  return latest;
}

std::optional<FrameworkEntry> FrameworkCatalog::Get(std::string_view code, std::string_view version) {
  auto snapshot = Snapshot();
  for (const auto& entry : *snapshot) {
    if (entry.framework->code != code) continue;
    if (version.empty() ? entry.latest : entry.framework->version == version) return entry;
  }
  return std::nullopt;
}

std::vector<FrameworkEntry> FrameworkCatalog::Versions(std::string_view code) {
  auto snapshot = Snapshot();
  std::vector<FrameworkEntry> versions;
  for (const auto& entry : *snapshot) {
    if (entry.framework->code == code) versions.push_back(entry);
  }
  return versions;
}

ImportResult FrameworkCatalog::Import(std::string_view document) {
  ImportResult result;
  auto parsed = interchange::ParseFramework(document);
  if (!parsed.Ok()) {
    result.status = ImportStatus::kInvalid;
    result.problems = std::move(parsed.problems);
    result.message = "The framework file has " + std::to_string(result.problems.size()) +
                     (result.problems.size() == 1 ? " problem" : " problems") + "; nothing was imported";
    return result;
  }
  const auto& framework = *parsed.framework;
  result.code = framework.code;
  result.version = framework.version;

  StoredFramework record;
  record.code = framework.code;
  record.version = framework.version;
  record.title = framework.title;
  record.content_sha256 = interchange::ContentHash(framework);
  record.document = interchange::WriteFrameworkJson(framework);
  record.imported_at = clock_.NowUtc();

  auto judge_existing = [&](const StoredFramework& existing) {
    if (existing.content_sha256 == record.content_sha256) {
      result.status = ImportStatus::kUnchanged;
      result.message = "Framework " + record.code + " version " + record.version +
                       " is already imported with the same content; nothing changed";
    } else {
      result.status = ImportStatus::kConflict;
      result.message = "Framework " + record.code + " version " + record.version +
                       " is already imported with different content; give the changed file a new "
                       "\"version\" and import it again";
    }
  };
  if (auto existing = repository_.FindFramework(record.code, record.version)) {
    judge_existing(*existing);
    return result;
  }
  if (repository_.InsertFramework(framework, record) == InsertOutcome::kAlreadyExists) {
    // Another process imported the same code and version a moment ago.
    if (auto existing = repository_.FindFramework(record.code, record.version)) judge_existing(*existing);
    return result;
  }
  {
    // Our own import is seen at once, whatever the re-check interval.
    std::lock_guard lock(mutex_);
    checked_at_ = {};
  }
  result.status = ImportStatus::kImported;
  result.message = "Imported framework " + record.code + " version " + record.version + " (" +
                   std::to_string(framework.nodes.size()) + " elements)";
  return result;
}

}  // namespace lqf::app
