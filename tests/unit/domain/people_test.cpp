#include "domain/people.hpp"

#include <gtest/gtest.h>

namespace lqf::domain {
namespace {

TEST(People, EmailsAreNormalisedOrRefused) {
  EXPECT_EQ(NormaliseEmail("  Jane.Doe@Example.GOV.uk "), "jane.doe@example.gov.uk");
  EXPECT_EQ(NormaliseEmail("o'brien+lqf@council.org.uk"), "o'brien+lqf@council.org.uk");
  for (const char* bad :
       {"", "jane", "@example.com", "jane@", "jane@example", "jane@@example.com", "a@b@c.com", "jane doe@example.com",
        "jane@example..com", "jane@.example.com", "jane@example.com.", "a@b.com\r\nBcc: x@y.com", "<a@b.com>",
        "a,b@c.com", "erased-7@erased.invalid", "x@Y.INVALID", "zoë@example.org"}) {
    EXPECT_FALSE(NormaliseEmail(bad).has_value()) << bad;
  }
  EXPECT_FALSE(NormaliseEmail(std::string(250, 'a') + "@b.com").has_value());
}

TEST(People, NamesRoundTrip) {
  for (auto role : kAllRoles) EXPECT_EQ(ParseRole(RoleName(role)), role);
  for (auto background : kAllBackgrounds) EXPECT_EQ(ParseBackground(BackgroundName(background)), background);
  for (auto kind : {OrganisationKind::kLocalAuthority, OrganisationKind::kProgrammeBody}) {
    EXPECT_EQ(ParseOrganisationKind(OrganisationKindName(kind)), kind);
  }
  EXPECT_EQ(RoleLabel(Role::kCoach), "Coach or mentor");
  EXPECT_EQ(BackgroundName(Background::kSocialCare), "social-care");
  EXPECT_FALSE(ParseRole("Administrator").has_value()) << "names are exact; labels are for people";
}

}  // namespace
}  // namespace lqf::domain
