#include "web/query.hpp"

#include <boost/url/parse_query.hpp>
#include <charconv>

#include "domain/text.hpp"

namespace lqf::web {

std::optional<std::map<std::string, std::string>> ParseQuery(std::string_view query, std::size_t max_length) {
  std::map<std::string, std::string> params;
  if (query.empty()) return params;
  if (query.size() > max_length) return std::nullopt;
  auto parsed = boost::urls::parse_query(query);
  if (!parsed) return std::nullopt;
  for (const auto& param : *parsed) {
    // Forms send spaces as '+' (application/x-www-form-urlencoded).
    boost::urls::encoding_opts options;
    options.space_as_plus = true;
    std::string key = param.key.decode(options);
    std::string value = param.has_value ? param.value.decode(options) : std::string();
    if (!domain::IsValidUtf8(key) || !domain::IsValidUtf8(value)) return std::nullopt;
    params.emplace(std::move(key), std::move(value));
  }
  return params;
}

std::optional<std::int64_t> PathId(std::string_view text) {
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace lqf::web
