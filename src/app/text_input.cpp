#include "app/text_input.hpp"

#include "domain/text.hpp"

namespace lqf::app {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<std::string> CheckLine(std::string_view raw, std::string field, std::size_t max, bool required,
                                     std::vector<Refusal>& refusals) {
  const auto text = Trim(raw);
  if (text.empty()) {
    if (required) refusals.push_back({std::move(field), "blank"});
    return required ? std::nullopt : std::optional<std::string>(std::string());
  }
  if (!domain::IsValidUtf8(text)) {
    refusals.push_back({std::move(field), "invalid"});
    return std::nullopt;
  }
  if (domain::CountCharacters(text) > max) {
    refusals.push_back({std::move(field), "too_long"});
    return std::nullopt;
  }
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      refusals.push_back({std::move(field), "invalid"});
      return std::nullopt;
    }
  }
  return std::string(text);
}

std::vector<Refusal> AsRefusals(const std::vector<domain::PlanProblem>& problems, std::string_view prefix) {
  std::vector<Refusal> refusals;
  for (const auto& problem : problems) refusals.push_back({std::string(prefix) + problem.field, problem.code});
  return refusals;
}

}  // namespace lqf::app
