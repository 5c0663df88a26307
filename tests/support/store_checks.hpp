#pragma once
//! Small checks shared by the store tests.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "app/ports.hpp"
#include "store/database.hpp"

namespace lqf::testing {

//! A file's whole content.
inline std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

//! The single number a query returns (COUNT(*) and the like).
inline std::int64_t Count(store::Database& db, const std::string& sql) {
  store::Query query(db, sql);
  EXPECT_TRUE(query.Step()) << sql;
  return query.Int(0);
}

//! What a StoreError says ("" if nothing was thrown). Anything else thrown
//! fails the test where it happens.
template <typename Action>
std::string StoreErrorOf(Action&& action) {
  try {
    action();
  } catch (const app::StoreError& error) {
    return error.what();
  }
  return "";
}

}  // namespace lqf::testing
