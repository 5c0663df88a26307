#pragma once
//! Query strings ("q=safeguarding&page=2") parsed and percent-decoded.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lqf::web {

//! Longest query string we look at; longer ones are refused as invalid.
inline constexpr std::size_t kMaxQueryLength = 4096;
//! Longest form body (application/x-www-form-urlencoded) we look at.
inline constexpr std::size_t kMaxFormLength = 64 * 1024;

//! Decoded parameters (the first value of each name wins), or nothing if
//! the query is malformed, longer than `max_length` or not valid UTF-8 once decoded.
std::optional<std::map<std::string, std::string>> ParseQuery(std::string_view query,
                                                             std::size_t max_length = kMaxQueryLength);

}  // namespace lqf::web
