#pragma once
//! JSON indented for people to read (exports and framework files).

#include <boost/json/value.hpp>
#include <string>

namespace lqf::interchange {

//! `value` with two-space indents, keys in their stored order, ending in a newline.
std::string PrettyJson(const boost::json::value& value);

}  // namespace lqf::interchange
