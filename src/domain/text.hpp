#pragma once
//! Checks on text that people give us.

#include <cstddef>
#include <string_view>

namespace lqf::domain {

//! True if `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(std::string_view text);

//! The number of characters (code points) in valid UTF-8 text.
std::size_t CountCharacters(std::string_view text);

}  // namespace lqf::domain
