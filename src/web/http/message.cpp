// Request and Response helpers, kept apart from server.cpp so that code using
// them never pays for the Beast/Asio headers.

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "web/http/server.hpp"

namespace lqf::http {
namespace {

// ASCII only: header names are tokens, and locale-aware comparison would be
// both slower and wrong for them.
constexpr char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return AsciiLower(x) == AsciiLower(y); });
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view FindHeader(const std::vector<Field>& fields, std::string_view name) {
  for (const Field& f : fields) {
    if (EqualsIgnoreCase(f.name, name)) return f.value;
  }
  return {};
}

}  // namespace

std::string_view Request::Header(std::string_view name) const { return FindHeader(headers, name); }

std::string_view Response::Header(std::string_view name) const { return FindHeader(headers, name); }

void Response::Set(std::string_view name, std::string_view value) {
  auto it =
      std::find_if(headers.begin(), headers.end(), [&](const Field& f) { return EqualsIgnoreCase(f.name, name); });
  if (it == headers.end()) {
    headers.push_back(Field{std::string(name), std::string(value)});
    return;
  }
  it->value.assign(value);
  // "Replacing" must not leave an older duplicate behind to be sent as well.
  headers.erase(
      std::remove_if(std::next(it), headers.end(), [&](const Field& f) { return EqualsIgnoreCase(f.name, name); }),
      headers.end());
}

bool DecodePath(std::string_view raw, std::string& out) {
  out.clear();
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%') {
      if (i + 2 >= raw.size()) return false;  // truncated escape
      const int hi = HexValue(raw[i + 1]);
      const int lo = HexValue(raw[i + 2]);
      if (hi < 0 || lo < 0) return false;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    // A NUL would truncate the path wherever it meets a C API (file names).
    if (c == '\0') return false;
    out.push_back(c);
  }
  return true;
}

}  // namespace lqf::http
