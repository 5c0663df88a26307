#pragma once
//! Query strings ("q=safeguarding&page=2") parsed and percent-decoded.

#include <cstdint>
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

//! A record's number from a path segment ("/cycles/12"): a whole number
//! from 1, nothing else (no sign, no spaces, no overflow).
std::optional<std::int64_t> PathId(std::string_view text);

}  // namespace lqf::web
