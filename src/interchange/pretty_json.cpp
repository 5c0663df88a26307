#include "interchange/pretty_json.hpp"

#include <boost/json.hpp>

namespace lqf::interchange {
namespace json = boost::json;
namespace {

void Pretty(const json::value& value, std::string& out, int indent) {
  auto newline = [&](int level) {
    out += '\n';
    out.append(static_cast<std::size_t>(level) * 2, ' ');
  };
  switch (value.kind()) {
    case json::kind::object: {
      const auto& obj = value.get_object();
      if (obj.empty()) {
        out += "{}";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& kv : obj) {
        if (!first) out += ',';
        first = false;
        newline(indent + 1);
        out += json::serialize(json::string(kv.key()));
        out += ": ";
        Pretty(kv.value(), out, indent + 1);
      }
      newline(indent);
      out += '}';
      return;
    }
    case json::kind::array: {
      const auto& arr = value.get_array();
      if (arr.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const auto& item : arr) {
        if (!first) out += ',';
        first = false;
        newline(indent + 1);
        Pretty(item, out, indent + 1);
      }
      newline(indent);
      out += ']';
      return;
    }
    default:
      out += json::serialize(value);
  }
}

}  // namespace

std::string PrettyJson(const json::value& value) {
  std::string out;
  Pretty(value, out, 0);
  out += '\n';
  return out;
}

}  // namespace lqf::interchange
