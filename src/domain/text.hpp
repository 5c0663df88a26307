#pragma once
//! Checks on text that people give us.

#include <cstddef>
#include <string>
#include <string_view>

namespace lqf::domain {

//! True if `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(std::string_view text);

//! The number of characters (code points) in valid UTF-8 text.
std::size_t CountCharacters(std::string_view text);

//! Appends `text` escaped for XML and HTML, text and attribute values alike
//! (&, <, >, " and '), leaving out the control characters XML 1.0 forbids
//! (all below space but tab, line feed and carriage return). Shared by the
//! pages (web/html.hpp) and the charts' SVG (report/svg_canvas.cpp).
void AppendXmlEscaped(std::string& out, std::string_view text);

}  // namespace lqf::domain
