#include "domain/people.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace lqf::domain {
namespace {

template <typename E>
struct Named {
  E value;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<Named<OrganisationKind>, 2> kKinds{{
    {OrganisationKind::kLocalAuthority, "local-authority", "Local authority"},
    {OrganisationKind::kProgrammeBody, "programme-body", "Programme body"},
}};

constexpr std::array<Named<Role>, 6> kRoles{{
    {Role::kAdministrator, "administrator", "Administrator"},
    {Role::kProgrammeLead, "programme-lead", "Programme lead"},
    {Role::kHrAdviser, "hr-adviser", "HR adviser"},
    {Role::kAssessor, "assessor", "Assessor"},
    {Role::kCoach, "coach", "Coach or mentor"},
    {Role::kParticipant, "participant", "Participant"},
}};

constexpr std::array<Named<Background>, 5> kBackgrounds{{
    {Background::kNotRecorded, "not-recorded", "Not recorded"},
    {Background::kEducation, "education", "Education"},
    {Background::kSocialCare, "social-care", "Social care"},
    {Background::kHealth, "health", "Health"},
    {Background::kOther, "other", "Other"},
}};

template <typename E, std::size_t N>
const Named<E>& Find(const std::array<Named<E>, N>& table, E value) {
  return *std::find_if(table.begin(), table.end(), [value](const Named<E>& n) { return n.value == value; });
}

template <typename E, std::size_t N>
std::optional<E> Parse(const std::array<Named<E>, N>& table, std::string_view name) {
  for (const auto& n : table) {
    if (n.name == name) return n.value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view OrganisationKindName(OrganisationKind kind) { return Find(kKinds, kind).name; }
std::string_view OrganisationKindLabel(OrganisationKind kind) { return Find(kKinds, kind).label; }
std::optional<OrganisationKind> ParseOrganisationKind(std::string_view name) { return Parse(kKinds, name); }

std::string_view RoleName(Role role) { return Find(kRoles, role).name; }
std::string_view RoleLabel(Role role) { return Find(kRoles, role).label; }
std::optional<Role> ParseRole(std::string_view name) { return Parse(kRoles, name); }

std::string_view BackgroundName(Background background) { return Find(kBackgrounds, background).name; }
std::string_view BackgroundLabel(Background background) { return Find(kBackgrounds, background).label; }
std::optional<Background> ParseBackground(std::string_view name) { return Parse(kBackgrounds, name); }

std::optional<std::string> NormaliseEmail(std::string_view email) {
  while (!email.empty() && (email.front() == ' ' || email.front() == '\t')) email.remove_prefix(1);
  while (!email.empty() && (email.back() == ' ' || email.back() == '\t')) email.remove_suffix(1);
  if (email.empty() || email.size() > kMaxEmailLength) return std::nullopt;
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  const auto domain = email.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  // ".invalid" can never receive mail (RFC 2606); erasure uses it for the
  // stand-in addresses of erased people, so nobody may claim one.
  if (domain.size() >= 8) {
    std::string tail(domain.substr(domain.size() - 8));
    for (auto& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (tail == ".invalid") return std::nullopt;
  }
  std::string out;
  out.reserve(email.size());
  for (char c : email) {
    const auto u = static_cast<unsigned char>(c);
    // Control characters, spaces and the characters that break headers or
    // markup have no place in an address we will send mail to.
    // Non-ASCII addresses need SMTPUTF8, which we do not rely on.
    if (u <= 0x20 || u >= 0x7f || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c == '\\' || c == '(' ||
        c == ')') {
      return std::nullopt;
    }
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return out;
}

}  // namespace lqf::domain
