// How often the catalog asks the store whether frameworks changed: on every
// use by default; at most once per interval when told to trust its cache
// (lqf serve), except right after its own import.

#include "app/framework_catalog.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace lqf::app {
namespace {

//! A store of frameworks in memory that counts how often it is asked for its stamp.
class CountingRepository final : public FrameworkRepository {
 public:
  std::vector<StoredFramework> ListFrameworks() override { return stored; }
  std::optional<StoredFramework> FindFramework(std::string_view code, std::string_view version) override {
    for (const auto& s : stored) {
      if (s.code == code && s.version == version) return s;
    }
    return std::nullopt;
  }
  InsertOutcome InsertFramework(const domain::Framework&, const StoredFramework& record) override {
    if (FindFramework(record.code, record.version)) return InsertOutcome::kAlreadyExists;
    auto copy = record;
    copy.id = static_cast<std::int64_t>(stored.size()) + 1;
    stored.push_back(copy);
    return InsertOutcome::kInserted;
  }
  std::string FrameworksStamp() override {
    ++stamps;
    return std::to_string(stored.size());
  }
  std::vector<StoredFramework> stored;
  int stamps = 0;
};

class FixedClock final : public Clock {
 public:
  std::string NowUtc() override { return "2026-11-22T10:00:00Z"; }
};

std::string Bundled(const char* name) {
  std::ifstream in(std::string(LQF_SOURCE_ROOT) + "/data/frameworks/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(FrameworkCatalog, AsksTheStoreOnEveryUseByDefault) {
  CountingRepository repository;
  FixedClock clock;
  FrameworkCatalog catalog(repository, clock);
  catalog.List();
  catalog.List();
  catalog.Get("nlqf-2010");
  EXPECT_EQ(repository.stamps, 3);
}

TEST(FrameworkCatalog, TrustsItsCacheForTheIntervalButSeesItsOwnImportAtOnce) {
  CountingRepository repository;
  FixedClock clock;
  FrameworkCatalog catalog(repository, clock, std::chrono::hours(1));
  EXPECT_TRUE(catalog.List().empty());
  catalog.List();
  catalog.Get("nlqf-2010");
  EXPECT_EQ(repository.stamps, 1) << "one question for three uses";
  ASSERT_EQ(catalog.Import(Bundled("dcs-characteristics-2008.json")).status, ImportStatus::kImported);
  EXPECT_EQ(catalog.List().size(), 1u) << "its own import, at once";
  // Another process's import waits for the interval.
  CountingRepository& shared = repository;
  FrameworkCatalog other(shared, clock);
  ASSERT_EQ(other.Import(Bundled("nlqf-2010.json")).status, ImportStatus::kImported);
  EXPECT_EQ(catalog.List().size(), 1u) << "not yet: trusted for an hour";
}

}  // namespace
}  // namespace lqf::app
