#include "cli/config_file.hpp"

#include <cstdlib>
#include <fstream>
#include <string_view>
#include <utility>
#include <vector>

namespace lqf::cli {
namespace {

// A config file holds a few lines; anything bigger is not one.
constexpr std::size_t kMaxConfigLines = 200;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

bool Known(std::string_view name) {
  for (const char* known : kConfigNames) {
    if (name == known) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> LoadConfigFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return "cannot read config file " + path;
  std::vector<std::pair<std::string, std::string>> settings;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    if (++number > kMaxConfigLines) return path + ": more than " + std::to_string(kMaxConfigLines) + " lines";
    auto text = Trim(line);
    if (text.empty() || text.front() == '#') continue;
    const auto equals = text.find('=');
    const auto where = path + " line " + std::to_string(number) + ": ";
    if (equals == std::string_view::npos) return where + "expected NAME=value";
    const auto name = Trim(text.substr(0, equals));
    auto value = Trim(text.substr(equals + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    if (!Known(name)) return where + "unknown setting " + std::string(name);
    settings.emplace_back(name, value);
  }
  for (const auto& [name, value] : settings) setenv(name.c_str(), value.c_str(), /*overwrite=*/0);
  return std::nullopt;
}

std::string ConfigPathFromArguments(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--config" && i + 1 < argc) return argv[i + 1];
    if (arg.starts_with("--config=")) return std::string(arg.substr(9));
  }
  const char* env = std::getenv("LQF_CONFIG");
  return env ? env : "";
}

}  // namespace lqf::cli
