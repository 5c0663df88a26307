#include "web/messages.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lqf::web {
namespace {

void Flatten(const boost::json::object& obj, const std::string& prefix,
             std::unordered_map<std::string, std::string>& out) {
  for (const auto& kv : obj) {
    if (kv.key().starts_with("_")) continue;
    const std::string key = prefix.empty() ? std::string(kv.key()) : prefix + "." + std::string(kv.key());
    if (kv.value().is_object()) {
      Flatten(kv.value().get_object(), key, out);
    } else if (kv.value().is_string()) {
      out.emplace(key, std::string(kv.value().get_string()));
    }
  }
}

}  // namespace

Messages::Messages(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("messages file not found: " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  boost::json::error_code ec;
  auto value = boost::json::parse(text.str(), ec);
  if (ec || !value.is_object()) throw std::runtime_error("messages file " + file.string() + " is not a JSON object");
  Flatten(value.get_object(), "", texts_);
}

const std::string& Messages::Get(std::string_view key) const {
  auto it = texts_.find(std::string(key));
  if (it != texts_.end()) return it->second;
  thread_local std::string missing;
  missing = std::string(key);
  return missing;
}

std::vector<std::string> DescribeImport(const Messages& messages, const app::ImportPeopleResult& result) {
  std::vector<std::string> lines;
  for (const auto& problem : result.problems) lines.push_back(problem.ToString());
  for (const auto& [line, refusal] : result.refusals) {
    const std::string text = refusal.code == "forbidden" ? "You cannot add people with this role or to this cohort"
                                                         : messages.Get("person." + refusal.field + "." + refusal.code);
    lines.push_back(line == 0 ? text : "line " + std::to_string(line) + ", " + refusal.field + ": " + text);
  }
  return lines;
}

}  // namespace lqf::web
