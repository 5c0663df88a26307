#pragma once
//! Checks on a line of text a person typed, shared by the use cases.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts.hpp"
#include "domain/plans.hpp"

namespace lqf::app {

//! `text` without leading and trailing spaces and tabs.
std::string_view Trim(std::string_view text);

//! The trimmed text, or nothing with a refusal for `field` added: "blank"
//! (when required), "too_long" (more than `max` characters), "invalid" (not
//! UTF-8, or holding control characters). Optional and blank gives "".
std::optional<std::string> CheckLine(std::string_view raw, std::string field, std::size_t max, bool required,
                                     std::vector<Refusal>& refusals);

//! The domain's problems with a plan, session or appraisal as refusals, each
//! field name after `prefix` ("action_" + "due").
std::vector<Refusal> AsRefusals(const std::vector<domain::PlanProblem>& problems, std::string_view prefix = {});

//! An outcome holding one refusal.
template <typename T>
Outcome<T> Refuse(std::string field, std::string code) {
  Outcome<T> outcome;
  outcome.refusals.push_back({std::move(field), std::move(code)});
  return outcome;
}

}  // namespace lqf::app
