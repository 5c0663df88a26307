#pragma once
//! Organisations, cohorts, people and the roles they hold. A role is always
//! held within a scope: an organisation (a local authority or a programme
//! body), a cohort, or (administrators only) the whole installation.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lqf::domain {

//! What an organisation is.
enum class OrganisationKind { kLocalAuthority, kProgrammeBody };

std::string_view OrganisationKindName(OrganisationKind kind);   //!< "local-authority"
std::string_view OrganisationKindLabel(OrganisationKind kind);  //!< "Local authority"
std::optional<OrganisationKind> ParseOrganisationKind(std::string_view name);

//! A local authority, or a body that runs programmes and cohorts.
struct Organisation {
  std::int64_t id = 0;
  std::string name;
  OrganisationKind kind = OrganisationKind::kLocalAuthority;
  std::string region;  //!< e.g. "North West"; may be empty
};

//! A group of participants in a programme year, run by a programme body.
struct Cohort {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;  //!< the programme body
  std::string name;
  int year = 0;
};

//! The roles people hold. Coach and mentor are one role: what they may see is the same.
enum class Role { kAdministrator, kProgrammeLead, kHrAdviser, kAssessor, kCoach, kParticipant };

inline constexpr Role kAllRoles[] = {Role::kAdministrator, Role::kProgrammeLead, Role::kHrAdviser,
                                     Role::kAssessor,      Role::kCoach,         Role::kParticipant};

std::string_view RoleName(Role role);   //!< "programme-lead"
std::string_view RoleLabel(Role role);  //!< "Programme lead"
std::optional<Role> ParseRole(std::string_view name);

//! The professional background a director comes from (the 2008 study found
//! directors first need experience of the sectors they know less).
enum class Background { kNotRecorded, kEducation, kSocialCare, kHealth, kOther };

inline constexpr Background kAllBackgrounds[] = {Background::kNotRecorded, Background::kEducation,
                                                 Background::kSocialCare, Background::kHealth, Background::kOther};

std::string_view BackgroundName(Background background);   //!< "social-care"
std::string_view BackgroundLabel(Background background);  //!< "Social care"
std::optional<Background> ParseBackground(std::string_view name);

//! Where a role applies.
enum class ScopeKind { kInstallation, kOrganisation, kCohort };

//! A role held by a person within a scope.
struct RoleGrant {
  Role role = Role::kParticipant;
  ScopeKind scope = ScopeKind::kOrganisation;
  std::int64_t scope_id = 0;  //!< organisation or cohort id; 0 for the installation
};

//! A person with an account (raters have none: they answer through links).
struct Person {
  std::int64_t id = 0;
  std::string name;
  std::string email;  //!< lower-case
  std::optional<std::int64_t> organisation_id;
  std::string job_title;  //!< current role, in their words: "Director of Children's Services"
  Background background = Background::kNotRecorded;
  bool disabled = false;
  std::vector<RoleGrant> grants;
};

//! Limits on what people type, shared by every input that sets these fields.
inline constexpr std::size_t kMaxNameLength = 120;
inline constexpr std::size_t kMaxEmailLength = 254;
inline constexpr std::size_t kMaxJobTitleLength = 160;
inline constexpr std::size_t kMaxOrganisationNameLength = 160;

//! An email address lower-cased and trimmed, or nothing if it is not a
//! plausible address (one @, a dot in the domain, no spaces, within length).
std::optional<std::string> NormaliseEmail(std::string_view email);

}  // namespace lqf::domain
