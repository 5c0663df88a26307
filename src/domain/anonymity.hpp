#pragma once
//! The anonymity rule of 360-degree feedback: which figures a report may show
//! for one framework element, and whether a new release of results may replace
//! the last one. Pure functions of response counts; the tests check them against
//! an exact model of what a reader could work out
//! (tests/unit/domain/anonymity_test.cpp).
//!
//! What we protect against. A figure (a mean, a spread of answers) is a sum over
//! the raters in it, and the reader knows how many answered, so adding and
//! subtracting figures gives the answers of other sets of raters: "All raters"
//! less every group shown apart is whatever was withheld; this month's "Direct
//! reports" less last month's is the one assistant director who answered late.
//! The promise covers every set of raters a reader can reach that way, not only
//! the figures printed: each such set, among raters who were not told their
//! answers would be shown as theirs, has at least the minimum number of
//! responses of its groups. Self is the participant's own rating and is outside
//! the promise; so are "attributed" raters, who were told at invitation that
//! their answers are shown as theirs, and whose answers we therefore treat as
//! known to everyone.

#include <string>
#include <string_view>
#include <vector>

namespace lqf::domain {

//! The rater groups a cycle starts with (the keys reports and messages use;
//! domain/feedback.hpp has them with their rules).
inline constexpr std::string_view kSelfGroup = "self";
inline constexpr std::string_view kLineManagerGroup = "line-manager";
inline constexpr std::string_view kLeadMemberGroup = "lead-member";
inline constexpr std::string_view kDirectReportsGroup = "direct-reports";
inline constexpr std::string_view kPartnersGroup = "partners";
inline constexpr std::string_view kPeersGroup = "peers";
inline constexpr std::string_view kOthersGroup = "others";

//! Labels of figures that pool several groups.
inline constexpr std::string_view kOtherRatersFigure = "other-raters";
inline constexpr std::string_view kAllRatersFigure = "all-raters";

//! How many responses a group needs, unless the cycle says otherwise, before it
//! is shown apart; also the usual minimum for a merged figure.
inline constexpr int kDefaultMinimum = 3;

//! How many raters in one group answered one element ("not able to comment" is
//! not an answer), and that group's rule.
struct GroupResponses {
  std::string group;              //!< a key such as "direct-reports"; "self" is the participant
  int responses = 0;              //!< raters who answered this element
  int minimum = kDefaultMinimum;  //!< responses needed to be shown apart (below 1 counts as 1)
  //! The raters were told at invitation that their answers are shown as theirs
  //! (typically the line manager or lead member, who are single people).
  bool attributed = false;
};

//! One figure a report may show: the groups pooled in it and how many responses it has.
struct ShownFigure {
  std::string label;                //!< the group's key, kOtherRatersFigure or kAllRatersFigure
  std::vector<std::string> groups;  //!< the groups whose answers it pools, in input order
  int responses = 0;
};

//! What a report may show for one element.
struct Disclosure {
  //! Self, the groups shown apart, at most one merged group, and "All raters"
  //! when safe, in that order.
  std::vector<ShownFigure> figures;
  std::vector<std::string> withheld;  //!< groups with responses that appear in no figure
  //! Comments may be shown (unattributed, in random order) for this element.
  bool comments_shown = false;
};

//! A group's or figure's label for people ("Direct reports (assistant
//! directors)"); unknown keys come back as they are.
std::string_view RaterGroupLabel(std::string_view key);

//! Decides what a report may show for one element, given each group's responses
//! to it. `pool_minimum` is the fewest responses a merged figure may have.
//!
//! The rule, step by step:
//!  1. Self is shown as it is, never pooled with anyone.
//!  2. A group whose raters were told their answers are shown as theirs is shown
//!     apart with any number of responses. It is never pooled into a merged
//!     figure: anyone could subtract it out again.
//!  3. Every other group with at least its minimum is shown apart.
//!  4. The groups below their minimum are pooled into one "Other raters" figure
//!     when the pool reaches the merged minimum: the larger of `pool_minimum` and
//!     the largest minimum among the pooled groups.
//!  5. If the pool is too small, the smallest group from step 3 (fewest
//!     responses; the first listed on a tie) stops being shown apart and joins the
//!     pool, then the next smallest, until the pool is big enough. If it never
//!     is, the groups from step 3 stay shown apart and the small groups are
//!     withheld: they appear in no figure at all.
//!  6. "All raters" (everyone but self) is shown only when nothing is withheld,
//!     since subtracting the other figures from it would give the withheld
//!     groups. When "Other raters" would pool exactly the same raters, only
//!     "All raters" is shown.
//!  7. Comments are shown only when the raters other than self and the
//!     attributed groups, taken together, reach the merged minimum; the report
//!     shows them unattributed, in random order.
//!
//! Why that keeps the promise: apart from "All raters", no two figures share a
//! group, so adding and subtracting figures can only give whole figures put
//! together, each of which has enough responses; and "All raters", shown only
//! when nothing is withheld, is just the other figures added up. Something is
//! withheld only when even every rater outside self and the attributed groups,
//! pooled together, would be too few.
Disclosure Disclose(const std::vector<GroupResponses>& groups, int pool_minimum = kDefaultMinimum);

//! Whether a new release of results may replace the last one.
struct ReleaseCheck {
  bool allowed = false;
  //! Groups whose raters would be exposed, in the order of `now` (then any found only in
  //! `at_last_release`); empty when allowed.
  std::vector<std::string> exposed_groups;
};

//! Results are frozen when released: a response that arrives later changes
//! nothing until a new release. This refuses the new release (`next`, made from
//! the counts `now`) when a reader holding both it and the last one (`last`, made
//! from `at_last_release`) could add and subtract figures across the two to reach
//! a set of raters with fewer responses than its groups' minimum: typically the
//! raters who answered in between, but also anyone whose answers were removed in
//! between (the reader compares before and after), and anything one release
//! alone would give away. Once refused, the last release stays; a new one is
//! possible when enough further responses have arrived.
//!
//! It is exact: it tries every set of raters, old and late, small enough to
//! matter against everything the two releases let a reader work out. For a first
//! release pass empty `at_last_release` and `last`. Should a cycle ever have so
//! many groups that the search would take too long, it refuses.
ReleaseCheck CheckNewRelease(const std::vector<GroupResponses>& at_last_release, const Disclosure& last,
                             const std::vector<GroupResponses>& now, const Disclosure& next);

}  // namespace lqf::domain
