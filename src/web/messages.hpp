#pragma once
//! The texts shown to people when their input is wrong, from messages/en.json,
//! keyed "input.field.error" (e.g. "search.q.too_long").

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/accounts.hpp"

namespace lqf::web {

//! Error messages by key. Loaded once; read-only afterwards.
class Messages {
 public:
  //! Reads the file; throws std::runtime_error naming it if it is unreadable.
  explicit Messages(const std::filesystem::path& file);
  //! The message for a key. A missing key is a programmer error: it returns
  //! the key itself so the gap is visible (and a test catches it).
  const std::string& Get(std::string_view key) const;

 private:
  std::unordered_map<std::string, std::string> texts_;
};

//! Every problem with an import of people, one line each ("line 4, email: ...").
std::vector<std::string> DescribeImport(const Messages& messages, const app::ImportPeopleResult& result);

}  // namespace lqf::web
