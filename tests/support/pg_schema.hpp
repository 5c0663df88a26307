#pragma once
//! PostgreSQL for tests: the throwaway server's URL, and a schema of a test's
//! own, dropped with everything in it when the test ends.

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "store/postgres_database.hpp"

namespace lqf::testing {

//! The test server's URL: LQF_TEST_PG_URL, or the first line of the file
//! LQF_TEST_PG_URL_FILE names (ctest's, written when it starts the cluster,
//! whose port is known only then).
inline std::string ServerUrl() {
  if (const char* url = std::getenv("LQF_TEST_PG_URL"); url && *url) return url;
  std::string url;
  if (const char* file = std::getenv("LQF_TEST_PG_URL_FILE"); file && *file) {
    std::ifstream in(file);
    std::getline(in, url);
  }
  return url;
}

//! A schema of the test's own on the test server, dropped with everything in
//! it when the test ends, so tests never see each other's rows.
class Schema {
 public:
  Schema() {
    std::random_device random;
    std::ostringstream name;
    name << "t_" << std::hex << random() << random();
    name_ = name.str();
    store::PostgresDatabase(ServerUrl()).Exec("CREATE SCHEMA " + name_);
  }
  ~Schema() {
    try {
      // A short timeout: a connection a test left inside a transaction would
      // otherwise hold the drop until it closes.
      store::PostgresDatabase(ServerUrl(), std::chrono::milliseconds(10'000)).Exec("DROP SCHEMA " + name_ + " CASCADE");
    } catch (const std::exception& error) {
      ADD_FAILURE() << "could not drop schema " << name_ << ": " << error.what();
    }
  }
  Schema(const Schema&) = delete;
  Schema& operator=(const Schema&) = delete;

  //! A new connection working in this schema.
  std::unique_ptr<store::PostgresDatabase> Connect(
      std::chrono::milliseconds statement_timeout = store::PostgresDatabase::kDefaultStatementTimeout) const {
    auto db = std::make_unique<store::PostgresDatabase>(ServerUrl(), statement_timeout);
    Use(*db);
    return db;
  }
  //! Points a connection at this schema (again, after a reconnection).
  void Use(store::Database& db) const { db.Exec("SET search_path TO " + name_); }
  const std::string& Name() const { return name_; }
  //! The server's URL working in this schema, as a person would give it to
  //! `lqf copy-db --to` (the setting survives a reconnection).
  std::string Url() const {
    const auto url = ServerUrl();
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + name_;
  }

 private:
  std::string name_;
};

}  // namespace lqf::testing
