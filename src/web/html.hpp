#pragma once
//! Small helpers for writing HTML and SVG by hand, safely.

#include <string>
#include <string_view>
#include <vector>

namespace lqf::web {

//! Escapes &, <, >, " and ' for use in HTML/XML text and attribute values,
//! leaving out control characters (domain::AppendXmlEscaped).
std::string HtmlEscape(std::string_view text);

//! Splits text into lines of at most `width` bytes, at spaces (a longer word
//! gets a line of its own). For labels in drawings.
std::vector<std::string> WrapWords(std::string_view text, std::size_t width);

}  // namespace lqf::web
