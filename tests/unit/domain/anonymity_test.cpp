// The anonymity rule against an independent, exact model of what a reader can
// work out by adding and subtracting figures (Gaussian elimination over
// doubles, every subset of raters tried), over every combination of small
// counts and many random settings; and hand-written cases that pin down what a
// report shows.

#include "domain/anonymity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace lqf::domain {
namespace {

using Groups = std::vector<GroupResponses>;

// The header's keys are literals, so their data() ends in a null.
constexpr const char* kSelf = kSelfGroup.data();
constexpr const char* kLineManager = kLineManagerGroup.data();
constexpr const char* kLeadMember = kLeadMemberGroup.data();
constexpr const char* kDirectReports = kDirectReportsGroup.data();
constexpr const char* kPartners = kPartnersGroup.data();
constexpr const char* kPeers = kPeersGroup.data();
constexpr const char* kOthers = kOthersGroup.data();
constexpr std::array<const char*, 6> kRaterGroups = {kLineManager, kLeadMember, kDirectReports,
                                                     kPartners,    kPeers,      kOthers};

GroupResponses Group(const std::string& name, int responses, int minimum = kDefaultMinimum, bool attributed = false) {
  return GroupResponses{name, responses, minimum, attributed};
}

GroupResponses Told(const std::string& name, int responses) { return Group(name, responses, kDefaultMinimum, true); }

// ---------------------------------------------------------------------------
// The model. An unknown is the summed answers of some raters of one group; a
// figure a reader sees is a 0/1 row over the unknowns. A set of unknowns is
// derivable when its row lies in the linear span of the figures' rows. Self and
// attributed raters are left out of the unknowns: their answers count as known.

struct Unknown {
  std::string group;
  int responses = 0;
  int minimum = 1;
  bool in_first = true;   // covered by the first release's figures
  bool in_second = true;  // covered by the second release's figures
};

class Reader {
 public:
  explicit Reader(std::vector<Unknown> unknowns) : unknowns_(std::move(unknowns)) {}

  const std::vector<Unknown>& Unknowns() const { return unknowns_; }

  //! Learns one figure: the unknowns of its groups that the release covers.
  void See(const ShownFigure& figure, bool second_release) {
    std::vector<double> row(unknowns_.size(), 0.0);
    for (std::size_t i = 0; i < unknowns_.size(); ++i) {
      const bool covered = second_release ? unknowns_[i].in_second : unknowns_[i].in_first;
      if (covered && std::find(figure.groups.begin(), figure.groups.end(), unknowns_[i].group) != figure.groups.end()) {
        row[i] = 1.0;
      }
    }
    Learn(std::move(row));
  }

  //! True if the reader can work out the total of the unknowns in `set` (a bit each).
  bool CanWorkOut(std::uint32_t set) const {
    std::vector<double> v(unknowns_.size(), 0.0);
    for (std::size_t i = 0; i < unknowns_.size(); ++i) v[i] = (set >> i) & 1U ? 1.0 : 0.0;
    Eliminate(v);
    return std::all_of(v.begin(), v.end(), [](double x) { return std::abs(x) < kTolerance; });
  }

 private:
  static constexpr double kTolerance = 1e-9;

  // Rows are kept in reduced row echelon form: each pivot is 1 and every other
  // row is 0 in that column.
  void Learn(std::vector<double> row) {
    Eliminate(row);
    std::size_t pivot = 0;
    for (std::size_t c = 1; c < row.size(); ++c) {
      if (std::abs(row[c]) > std::abs(row[pivot])) pivot = c;
    }
    if (row.empty() || std::abs(row[pivot]) < kTolerance) return;
    const double scale = row[pivot];
    for (auto& x : row) x /= scale;
    for (auto& other : rows_) {
      const double factor = other[pivot];
      for (std::size_t c = 0; c < row.size(); ++c) other[c] -= factor * row[c];
    }
    rows_.push_back(std::move(row));
    pivots_.push_back(pivot);
  }

  void Eliminate(std::vector<double>& v) const {
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      const double factor = v[pivots_[r]];
      if (factor == 0.0) continue;
      for (std::size_t c = 0; c < v.size(); ++c) v[c] -= factor * rows_[r][c];
    }
  }

  std::vector<Unknown> unknowns_;
  std::vector<std::vector<double>> rows_;
  std::vector<std::size_t> pivots_;
};

// Every set of unknowns the reader can work out that has fewer responses than
// the largest minimum among its groups: each one breaks the promise.
std::vector<std::uint32_t> Exposures(const Reader& reader) {
  const auto& unknowns = reader.Unknowns();
  if (unknowns.size() > 20) throw std::logic_error("too many unknowns to try every set");
  const std::uint32_t sets = 1U << unknowns.size();
  std::vector<int> total(sets, 0);
  std::vector<int> minimum(sets, 0);
  std::vector<std::uint32_t> exposures;
  for (std::uint32_t set = 1; set < sets; ++set) {
    const auto lowest = static_cast<std::size_t>(std::countr_zero(set));
    const std::uint32_t rest = set & (set - 1);
    total[set] = total[rest] + unknowns[lowest].responses;
    minimum[set] = std::max(minimum[rest], unknowns[lowest].minimum);
    // Every unknown has responses, so every non-empty set has a total above 0.
    if (total[set] < minimum[set] && reader.CanWorkOut(set)) exposures.push_back(set);
  }
  return exposures;
}

bool IsRater(const GroupResponses& g) { return g.group != kSelf; }
bool IsProtected(const GroupResponses& g) { return IsRater(g) && !g.attributed && g.responses > 0; }

Reader ReaderOfOne(const Groups& groups, const Disclosure& disclosure) {
  std::vector<Unknown> unknowns;
  for (const auto& g : groups) {
    if (IsProtected(g)) unknowns.push_back(Unknown{g.group, g.responses, std::max(g.minimum, 1)});
  }
  Reader reader(std::move(unknowns));
  for (const auto& figure : disclosure.figures) reader.See(figure, false);
  return reader;
}

// Two releases of the same groups (same names, order and settings): per group,
// the responses there at both, those that arrived in between (only the second
// release covers them) and those removed in between (only the first does).
Reader ReaderOfTwo(const Groups& before, const Disclosure& first, const Groups& after, const Disclosure& second) {
  std::vector<Unknown> unknowns;
  for (std::size_t i = 0; i < after.size(); ++i) {
    const auto& g = after[i];
    if (!IsRater(g) || g.attributed) continue;
    const int old_count = before[i].responses;
    const int new_count = g.responses;
    const int minimum = std::max(g.minimum, 1);
    if (std::min(old_count, new_count) > 0) {
      unknowns.push_back(Unknown{g.group, std::min(old_count, new_count), minimum, true, true});
    }
    if (new_count > old_count) unknowns.push_back(Unknown{g.group, new_count - old_count, minimum, false, true});
    if (old_count > new_count) unknowns.push_back(Unknown{g.group, old_count - new_count, minimum, true, false});
  }
  Reader reader(std::move(unknowns));
  for (const auto& figure : first.figures) reader.See(figure, false);
  for (const auto& figure : second.figures) reader.See(figure, true);
  return reader;
}

// The groups of every exposed set, in the order of `groups`.
std::vector<std::string> ExposedGroups(const Reader& reader, const Groups& groups) {
  std::set<std::string> exposed;
  for (const auto set : Exposures(reader)) {
    for (std::size_t i = 0; i < reader.Unknowns().size(); ++i) {
      if ((set >> i) & 1U) exposed.insert(reader.Unknowns()[i].group);
    }
  }
  std::vector<std::string> ordered;
  for (const auto& g : groups) {
    if (exposed.count(g.group) > 0) ordered.push_back(g.group);
  }
  return ordered;
}

// ---------------------------------------------------------------------------
// Describing cases, so that a failure says which one.

std::string Describe(const Groups& groups, int pool_minimum) {
  std::ostringstream out;
  out << "pool minimum " << pool_minimum << ":";
  for (const auto& g : groups) {
    out << " " << g.group << "=" << g.responses << "/" << g.minimum << (g.attributed ? " (attributed)" : "");
  }
  return out.str();
}

std::vector<std::string> Shown(const Disclosure& disclosure) {
  std::vector<std::string> shown;
  for (const auto& figure : disclosure.figures) {
    std::string text = figure.label;
    if (figure.groups != std::vector<std::string>{figure.label}) {
      text += "{";
      for (std::size_t i = 0; i < figure.groups.size(); ++i) text += (i ? "," : "") + figure.groups[i];
      text += "}";
    }
    shown.push_back(text + "=" + std::to_string(figure.responses));
  }
  return shown;
}

std::string Describe(const Disclosure& disclosure) {
  std::string text = "shows";
  for (const auto& s : Shown(disclosure)) text += " " + s;
  text += "; withholds";
  for (const auto& w : disclosure.withheld) text += " " + w;
  return text + (disclosure.comments_shown ? "; comments shown" : "; comments hidden");
}

// ---------------------------------------------------------------------------
// Everything a disclosure must be, checked from its inputs alone.

testing::AssertionResult KeepsThePromise(const Groups& groups, int pool_minimum, const Disclosure& disclosure) {
  auto broken = [&](const std::string& what) {
    return testing::AssertionFailure() << what << "\n  case: " << Describe(groups, pool_minimum)
                                       << "\n  disclosure: " << Describe(disclosure);
  };
  auto find = [&groups](const std::string& name) {
    return std::find_if(groups.begin(), groups.end(), [&](const GroupResponses& g) { return g.group == name; });
  };

  // Each figure adds up, names real groups with responses, and keeps self alone.
  std::set<std::string> in_figures;
  for (const auto& figure : disclosure.figures) {
    int total = 0;
    std::set<std::string> distinct(figure.groups.begin(), figure.groups.end());
    if (distinct.size() != figure.groups.size()) return broken("a figure names a group twice");
    for (const auto& name : figure.groups) {
      const auto g = find(name);
      if (g == groups.end() || g->responses <= 0) return broken("a figure names a group with no responses: " + name);
      if (name == kSelf && figure.groups.size() != 1) return broken("self is pooled with others");
      total += g->responses;
      in_figures.insert(name);
    }
    if (total != figure.responses || total <= 0) return broken("a figure's responses do not add up");
  }

  // Withheld is exactly the rater groups with responses found in no figure.
  std::vector<std::string> missing;
  for (const auto& g : groups) {
    if (IsRater(g) && g.responses > 0 && in_figures.count(g.group) == 0) missing.push_back(g.group);
  }
  if (missing != disclosure.withheld) return broken("withheld is not the groups left out");

  // Self, and attributed groups with any response, are shown apart.
  for (const auto& g : groups) {
    if (g.responses <= 0 || (IsRater(g) && !g.attributed)) continue;
    const bool apart = std::any_of(disclosure.figures.begin(), disclosure.figures.end(), [&g](const ShownFigure& f) {
      return f.groups == std::vector<std::string>{g.group};
    });
    if (!apart) return broken(g.group + " is not shown apart");
  }

  // The promise: nothing a reader can work out is too small; no withheld group can be worked out.
  const Reader reader = ReaderOfOne(groups, disclosure);
  const auto exposures = Exposures(reader);
  if (!exposures.empty()) {
    std::string sets;
    for (const auto set : exposures) {
      sets += " {";
      for (std::size_t i = 0; i < reader.Unknowns().size(); ++i) {
        if ((set >> i) & 1U) sets += reader.Unknowns()[i].group + " ";
      }
      sets += "}";
    }
    return broken("a reader can work out too few raters:" + sets);
  }
  for (std::size_t i = 0; i < reader.Unknowns().size(); ++i) {
    const auto& name = reader.Unknowns()[i].group;
    const bool withheld =
        std::find(disclosure.withheld.begin(), disclosure.withheld.end(), name) != disclosure.withheld.end();
    if (withheld && reader.CanWorkOut(1U << i)) return broken("a withheld group can be worked out: " + name);
  }

  // Nothing withheld needlessly: only when all unattributed raters together are too few for one group.
  int unattributed = 0;
  int needed = std::max(pool_minimum, 1);
  bool any_rater = false;
  for (const auto& g : groups) {
    if (IsRater(g) && g.responses > 0) any_rater = true;
    if (!IsProtected(g)) continue;
    unattributed += g.responses;
    needed = std::max(needed, std::max(g.minimum, 1));
  }
  if (!disclosure.withheld.empty() && unattributed >= needed) return broken("withheld raters who could be pooled");

  // "All raters", every rater but self, is shown exactly when nothing is withheld.
  const auto all = std::find_if(disclosure.figures.begin(), disclosure.figures.end(),
                                [](const ShownFigure& f) { return f.label == kAllRatersFigure; });
  const bool all_expected = disclosure.withheld.empty() && any_rater;
  if ((all != disclosure.figures.end()) != all_expected)
    return broken("All raters shown when it should not be, or not");
  if (all != disclosure.figures.end()) {
    std::vector<std::string> everyone;
    for (const auto& g : groups) {
      if (IsRater(g) && g.responses > 0) everyone.push_back(g.group);
    }
    if (all->groups != everyone) return broken("All raters is not every rater but self");
  }

  // A merged figure meets the larger of the pool minimum and its groups' minimums, and pools nobody attributed.
  for (const auto& figure : disclosure.figures) {
    if (figure.label != kOtherRatersFigure) continue;
    int merged_needed = std::max(pool_minimum, 1);
    for (const auto& name : figure.groups) {
      if (find(name)->attributed) return broken("an attributed group is pooled");
      merged_needed = std::max(merged_needed, std::max(find(name)->minimum, 1));
    }
    if (figure.responses < merged_needed) return broken("Other raters has too few responses");
  }

  // Comments: only when the unattributed raters together would make a group.
  const bool comments = unattributed > 0 && unattributed >= needed;
  if (disclosure.comments_shown != comments) return broken("comments shown wrongly");
  if (disclosure.comments_shown && !disclosure.withheld.empty()) return broken("comments shown beside withheld raters");
  return testing::AssertionSuccess();
}

// Stops a loop of generated cases from printing thousands of failures.
class FailureBudget {
 public:
  //! Reports a failed result; true once five have failed.
  bool Spent(const testing::AssertionResult& result) {
    if (!result) {
      ADD_FAILURE() << result.message();
      ++failures_;
    }
    return Exhausted();
  }
  bool Exhausted() const { return failures_ >= 5; }

 private:
  int failures_ = 0;
};

// Self plus the six rater groups with the given counts and one rule for all.
Groups DefaultGroups(const std::vector<int>& counts, int minimum = kDefaultMinimum) {
  Groups groups = {Group(kSelf, 1)};
  for (std::size_t i = 0; i < kRaterGroups.size(); ++i) groups.push_back(Group(kRaterGroups[i], counts[i], minimum));
  return groups;
}

// Calls `visit` with every combination of counts 0..top for `n` groups.
template <typename Visit>
void EveryCount(std::size_t n, int top, Visit visit) {
  std::vector<int> counts(n, 0);
  while (true) {
    visit(counts);
    std::size_t i = 0;
    while (i < n && counts[i] == top) counts[i++] = 0;
    if (i == n) return;
    ++counts[i];
  }
}

// ---------------------------------------------------------------------------
// The model itself can fail: it finds what badly chosen figures give away.

TEST(AnonymityModel, FindsAWithheldGroupBehindAllRaters) {
  const Groups groups = {Group(kDirectReports, 4), Group(kPartners, 2)};
  Disclosure bad;
  bad.figures = {{kDirectReports, {kDirectReports}, 4}, {"all-raters", {kDirectReports, kPartners}, 6}};
  const auto exposures = Exposures(ReaderOfOne(groups, bad));
  ASSERT_EQ(exposures.size(), 1U);
  EXPECT_EQ(exposures[0], 0b10U);  // partners = all raters - direct reports
  EXPECT_FALSE(KeepsThePromise(groups, 3, bad));
}

TEST(AnonymityModel, FindsASetReachedOnlyWithFractions) {
  // Three overlapping pairs of 4 each: (ab + ac - bc) / 2 gives a alone, 2 raters.
  const Groups groups = {Group("a", 2), Group("b", 2), Group("c", 2)};
  Disclosure bad;
  bad.figures = {{"ab", {"a", "b"}, 4}, {"bc", {"b", "c"}, 4}, {"ac", {"a", "c"}, 4}};
  const Reader reader = ReaderOfOne(groups, bad);
  EXPECT_TRUE(reader.CanWorkOut(0b001U));
  EXPECT_EQ(Exposures(reader), (std::vector<std::uint32_t>{0b001U, 0b010U, 0b100U}));

  // The release check, given these as a first release, finds the same.
  const ReleaseCheck check = CheckNewRelease({}, {}, groups, bad);
  EXPECT_FALSE(check.allowed);
  EXPECT_EQ(check.exposed_groups, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(AnonymityModel, TreatsAttributedAnswersAsKnown) {
  // A told line manager pooled with two direct reports: subtracting the line manager leaves two.
  const Groups groups = {Told(kLineManager, 1), Group(kDirectReports, 2)};
  Disclosure bad;
  bad.figures = {{"other-raters", {kLineManager, kDirectReports}, 3}};
  EXPECT_EQ(Exposures(ReaderOfOne(groups, bad)), (std::vector<std::uint32_t>{0b1U}));
}

TEST(AnonymityModel, FindsLateRatersAcrossReleases) {
  const Groups before = {Group(kDirectReports, 3), Group(kPartners, 3)};
  const Groups after = {Group(kDirectReports, 4), Group(kPartners, 3)};
  Disclosure first;
  first.figures = {{kDirectReports, {kDirectReports}, 3}, {kPartners, {kPartners}, 3}};
  Disclosure second;
  second.figures = {{kDirectReports, {kDirectReports}, 4}, {kPartners, {kPartners}, 3}};
  const Reader reader = ReaderOfTwo(before, first, after, second);
  ASSERT_EQ(reader.Unknowns().size(), 3U);  // direct reports kept, direct reports late, partners
  EXPECT_EQ(Exposures(reader), (std::vector<std::uint32_t>{0b010U}));
  EXPECT_EQ(ExposedGroups(reader, after), (std::vector<std::string>{kDirectReports}));
}

// ---------------------------------------------------------------------------
// What a report shows, case by case.

TEST(AnonymityDisclose, EveryGroupBigEnoughIsShownApartWithAllRaters) {
  const Groups groups = DefaultGroups({3, 3, 4, 5, 3, 6});
  const Disclosure d = Disclose(groups, 3);
  EXPECT_EQ(Shown(d), (std::vector<std::string>{
                          "self=1", "line-manager=3", "lead-member=3", "direct-reports=4", "partners=5", "peers=3",
                          "others=6", "all-raters{line-manager,lead-member,direct-reports,partners,peers,others}=24"}));
  EXPECT_TRUE(d.withheld.empty());
  EXPECT_TRUE(d.comments_shown);
  EXPECT_TRUE(KeepsThePromise(groups, 3, d));
}

TEST(AnonymityDisclose, SmallGroupsArePooledIntoOtherRaters) {
  const Groups groups = DefaultGroups({1, 1, 5, 1, 0, 0});
  const Disclosure d = Disclose(groups, 3);
  EXPECT_EQ(Shown(d),
            (std::vector<std::string>{"self=1", "direct-reports=5", "other-raters{line-manager,lead-member,partners}=3",
                                      "all-raters{line-manager,lead-member,direct-reports,partners}=8"}));
  EXPECT_TRUE(d.withheld.empty());
  EXPECT_TRUE(KeepsThePromise(groups, 3, d));
}

TEST(AnonymityDisclose, ASmallPoolTakesInTheSmallestGroupShownApart) {
  const Groups groups = DefaultGroups({0, 0, 4, 2, 3, 5});
  const Disclosure d = Disclose(groups, 3);
  EXPECT_EQ(Shown(d),
            (std::vector<std::string>{"self=1", "direct-reports=4", "others=5", "other-raters{partners,peers}=5",
                                      "all-raters{direct-reports,partners,peers,others}=14"}));
  EXPECT_TRUE(KeepsThePromise(groups, 3, d));

  // On a tie, the group listed first joins the pool.
  const Disclosure tie = Disclose(DefaultGroups({0, 0, 3, 1, 3, 0}), 3);
  EXPECT_EQ(Shown(tie), (std::vector<std::string>{"self=1", "peers=3", "other-raters{direct-reports,partners}=4",
                                                  "all-raters{direct-reports,partners,peers}=7"}));
}

TEST(AnonymityDisclose, OtherRatersPoolingEveryoneIsShownOnlyAsAllRaters) {
  // A line manager not told their answers are theirs is never shown apart with one response.
  const Groups groups = DefaultGroups({1, 0, 3, 0, 0, 0});
  const Disclosure d = Disclose(groups, 3);
  EXPECT_EQ(Shown(d), (std::vector<std::string>{"self=1", "all-raters{line-manager,direct-reports}=4"}));
  EXPECT_TRUE(KeepsThePromise(groups, 3, d));
}

TEST(AnonymityDisclose, TooFewRatersAreWithheldAndAllRatersHidden) {
  const Groups groups = DefaultGroups({0, 0, 1, 1, 0, 0});
  const Disclosure d = Disclose(groups, 3);
  EXPECT_EQ(Shown(d), (std::vector<std::string>{"self=1"}));
  EXPECT_EQ(d.withheld, (std::vector<std::string>{kDirectReports, kPartners}));
  EXPECT_FALSE(d.comments_shown);
  EXPECT_TRUE(KeepsThePromise(groups, 3, d));
}

TEST(AnonymityDisclose, NeverOneWithheldGroupBesideAllRaters) {
  // Direct reports need 5: even with partners folded in the pool has 4, so
  // direct reports are withheld, and All raters would give them away.
  const Groups groups = {Group(kSelf, 1), Group(kDirectReports, 1, 5), Group(kPartners, 3)};
  const Disclosure d = Disclose(groups, 3);
  EXPECT_EQ(Shown(d), (std::vector<std::string>{"self=1", "partners=3"}));
  EXPECT_EQ(d.withheld, (std::vector<std::string>{kDirectReports}));
  EXPECT_TRUE(KeepsThePromise(groups, 3, d));
}

TEST(AnonymityDisclose, AttributedLineManagerIsShownApartWithOneResponse) {
  const Groups groups = {Group(kSelf, 1), Told(kLineManager, 1), Group(kDirectReports, 3), Group(kPartners, 4)};
  const Disclosure d = Disclose(groups, 3);
  EXPECT_EQ(Shown(d), (std::vector<std::string>{"self=1", "line-manager=1", "direct-reports=3", "partners=4",
                                                "all-raters{line-manager,direct-reports,partners}=8"}));
  EXPECT_TRUE(d.comments_shown);
  EXPECT_TRUE(KeepsThePromise(groups, 3, d));
}

TEST(AnonymityDisclose, AttributedRatersNeverMakeUpAPool) {
  // Line manager + two direct reports would be 3, but the line manager's answers are known.
  const Groups groups = {Group(kSelf, 1), Told(kLineManager, 1), Group(kDirectReports, 2)};
  const Disclosure d = Disclose(groups, 3);
  EXPECT_EQ(Shown(d), (std::vector<std::string>{"self=1", "line-manager=1"}));
  EXPECT_EQ(d.withheld, (std::vector<std::string>{kDirectReports}));
  EXPECT_FALSE(d.comments_shown);
  EXPECT_TRUE(KeepsThePromise(groups, 3, d));
}

TEST(AnonymityDisclose, MergedMinimumIsTheLargerOfPoolMinimumAndGroupMinimums) {
  const Groups groups = DefaultGroups({0, 0, 3, 3, 1, 1});
  const Disclosure d = Disclose(groups, 5);
  EXPECT_EQ(Shown(d), (std::vector<std::string>{"self=1", "partners=3", "other-raters{direct-reports,peers,others}=5",
                                                "all-raters{direct-reports,partners,peers,others}=8"}));
  EXPECT_TRUE(KeepsThePromise(groups, 5, d));

  // A pooled group's own larger minimum raises the bar for the pool.
  const Groups strict = {Group(kDirectReports, 4, 5), Group(kPartners, 3)};
  EXPECT_EQ(Shown(Disclose(strict, 3)), (std::vector<std::string>{"all-raters{direct-reports,partners}=7"}));
}

TEST(AnonymityDisclose, SelfIsAlwaysShownAndNeverPooled) {
  const Groups groups = {Group(kSelf, 1, 5), Group(kDirectReports, 2), Group(kPeers, 1)};
  const Disclosure d = Disclose(groups, 3);
  EXPECT_EQ(Shown(d), (std::vector<std::string>{"self=1", "all-raters{direct-reports,peers}=3"}));
  EXPECT_EQ(Shown(Disclose({Group(kSelf, 1)}, 3)), (std::vector<std::string>{"self=1"}));
  EXPECT_TRUE(Shown(Disclose({Group(kSelf, 0), Group(kPeers, 0)}, 3)).empty());
}

TEST(AnonymityDisclose, CommentsNeedEnoughUnattributedRaters) {
  EXPECT_TRUE(Disclose({Group(kDirectReports, 3)}, 3).comments_shown);
  EXPECT_TRUE(Disclose({Group(kDirectReports, 2), Group(kPartners, 1)}, 3).comments_shown);
  EXPECT_FALSE(Disclose({Group(kDirectReports, 2)}, 3).comments_shown);
  EXPECT_FALSE(Disclose({Group(kSelf, 1), Group(kDirectReports, 2)}, 3).comments_shown);  // self does not count
  EXPECT_FALSE(Disclose({Told(kLineManager, 1), Told(kLeadMember, 1), Group(kDirectReports, 1)}, 3).comments_shown);
  EXPECT_FALSE(Disclose({Group(kDirectReports, 3)}, 4).comments_shown);
  EXPECT_FALSE(Disclose({Group(kDirectReports, 4, 5)}, 3).comments_shown);
  EXPECT_FALSE(Disclose({}, 3).comments_shown);
}

TEST(AnonymityDisclose, SettingsBelowOneAreMended) {
  // A minimum of 0 means 1, a negative count means none; a pool minimum of 0 means 1.
  EXPECT_EQ(Shown(Disclose({Group(kDirectReports, 1, 0), Group(kPeers, -2)}, 0)),
            (std::vector<std::string>{"direct-reports=1", "all-raters{direct-reports}=1"}));
}

TEST(AnonymityDisclose, NothingIsWithheldWhenEveryGroupMeetsItsMinimum) {
  int cases = 0;
  FailureBudget budget;
  std::mt19937 random(20240611);
  EveryCount(kRaterGroups.size(), 3, [&](const std::vector<int>& step) {
    std::vector<int> counts;
    Groups groups = {Group(kSelf, 1)};
    for (std::size_t i = 0; i < step.size(); ++i) {
      const int minimum = 1 + static_cast<int>(random() % 5);
      const int responses = step[i] == 0 ? 0 : minimum + step[i] - 1;  // none, or at least the minimum
      groups.push_back(Group(kRaterGroups[i], responses, minimum, random() % 4 == 0));
    }
    const Disclosure d = Disclose(groups, 1 + static_cast<int>(random() % 5));
    ++cases;
    for (const auto& g : groups) {
      const bool apart = std::any_of(d.figures.begin(), d.figures.end(), [&g](const ShownFigure& f) {
        return f.groups == std::vector<std::string>{g.group};
      });
      if (g.responses > 0 && !apart) budget.Spent(testing::AssertionFailure() << g.group << " not shown apart");
    }
    if (!d.withheld.empty()) budget.Spent(testing::AssertionFailure() << "withheld " << Describe(d));
  });
  EXPECT_EQ(cases, 4096);
}

// ---------------------------------------------------------------------------
// Generated cases: every one must keep the promise.

TEST(AnonymityDisclose, KeepsThePromiseForEveryCountUpToFiveInEachGroup) {
  int cases = 0;
  int withheld = 0;
  int merged = 0;
  FailureBudget budget;
  EveryCount(kRaterGroups.size(), 5, [&](const std::vector<int>& counts) {
    if (budget.Exhausted()) return;
    const Groups groups = DefaultGroups(counts);
    const Disclosure d = Disclose(groups, 3);
    ++cases;
    withheld += d.withheld.empty() ? 0 : 1;
    merged += std::any_of(d.figures.begin(), d.figures.end(),
                          [](const ShownFigure& f) { return f.label == kOtherRatersFigure; });
    if (budget.Spent(KeepsThePromise(groups, 3, d))) return;
    // With one minimum of 3 for everything, raters are withheld exactly when 1 or 2 answered in all.
    int total = 0;
    for (const auto c : counts) total += c;
    if (d.withheld.empty() != (total == 0 || total >= 3)) {
      budget.Spent(testing::AssertionFailure() << "withheld wrongly: " << Describe(groups, 3));
    }
  });
  EXPECT_EQ(cases, 46656);
  EXPECT_GT(withheld, 0);  // the grid reaches every branch of the rule
  EXPECT_GT(merged, 0);
}

TEST(AnonymityDisclose, KeepsThePromiseWithAttributedLineManagerAndLeadMember) {
  int cases = 0;
  FailureBudget budget;
  for (int told = 0; told < 4; ++told) {
    EveryCount(4, 5, [&](const std::vector<int>& counts) {
      for (int single = 0; single < 4; ++single) {
        Groups groups = {Group(kSelf, single % 2), Group(kLineManager, single & 1, 3, (told & 1) != 0),
                         Group(kLeadMember, (single >> 1) & 1, 3, (told & 2) != 0)};
        for (std::size_t i = 0; i < counts.size(); ++i) groups.push_back(Group(kRaterGroups[i + 2], counts[i]));
        ++cases;
        if (budget.Spent(KeepsThePromise(groups, 3, Disclose(groups, 3)))) return;
      }
    });
  }
  EXPECT_EQ(cases, 4 * 1296 * 4);
}

// Random settings: any subset of the default groups, minimums 1-5, some attributed.
Groups RandomGroups(std::mt19937& random, int top) {
  Groups groups;
  if (random() % 2 == 0) groups.push_back(Group(kSelf, static_cast<int>(random() % 2)));
  for (const auto& name : kRaterGroups) {
    if (random() % 6 == 0) continue;
    groups.push_back(
        Group(name, static_cast<int>(random() % (top + 1)), 1 + static_cast<int>(random() % 5), random() % 5 == 0));
  }
  return groups;
}

TEST(AnonymityDisclose, KeepsThePromiseForRandomSettings) {
  std::mt19937 random(7);
  FailureBudget budget;
  for (int i = 0; i < 20000; ++i) {
    const Groups groups = RandomGroups(random, 7);
    const int pool_minimum = 1 + static_cast<int>(random() % 5);
    if (budget.Spent(KeepsThePromise(groups, pool_minimum, Disclose(groups, pool_minimum)))) return;
  }
}

// ---------------------------------------------------------------------------
// Releases, case by case.

struct Releases {
  Groups before;
  Groups after;
  Disclosure first;
  Disclosure second;
  ReleaseCheck check;
};

Releases Release(const Groups& before, const Groups& after, int pool_minimum = 3) {
  Releases r{before, after, Disclose(before, pool_minimum), Disclose(after, pool_minimum), {}};
  r.check = CheckNewRelease(r.before, r.first, r.after, r.second);
  return r;
}

TEST(AnonymityRelease, NothingNewIsAllowed) {
  const Groups groups = DefaultGroups({1, 1, 3, 2, 4, 0});
  const auto r = Release(groups, groups);
  EXPECT_TRUE(r.check.allowed);
  EXPECT_TRUE(r.check.exposed_groups.empty());
}

TEST(AnonymityRelease, OneLateDirectReportIsRefused) {
  const auto r = Release(DefaultGroups({0, 0, 3, 3, 0, 0}), DefaultGroups({0, 0, 4, 3, 0, 0}));
  EXPECT_FALSE(r.check.allowed);
  EXPECT_EQ(r.check.exposed_groups, (std::vector<std::string>{kDirectReports}));
}

TEST(AnonymityRelease, EnoughLateResponsesAreAllowed) {
  EXPECT_TRUE(Release(DefaultGroups({0, 0, 3, 3, 0, 0}), DefaultGroups({0, 0, 6, 3, 0, 0})).check.allowed);
}

TEST(AnonymityRelease, LateResponsesSeenOnlyThroughAllRatersAreRefused) {
  // First: all raters of 3 (one direct report, two partners). Then a third
  // partner: partners alone would be 3, but with the direct report folded in
  // only All raters is shown, now 4; the difference is the late partner.
  const auto r = Release(DefaultGroups({0, 0, 1, 2, 0, 0}), DefaultGroups({0, 0, 1, 3, 0, 0}));
  EXPECT_EQ(Shown(r.first), (std::vector<std::string>{"self=1", "all-raters{direct-reports,partners}=3"}));
  EXPECT_EQ(Shown(r.second), (std::vector<std::string>{"self=1", "all-raters{direct-reports,partners}=4"}));
  EXPECT_FALSE(r.check.allowed);
  EXPECT_EQ(r.check.exposed_groups, (std::vector<std::string>{kPartners}));
}

TEST(AnonymityRelease, LateResponsesInAGroupStillWithheldAreAllowed) {
  EXPECT_TRUE(Release(DefaultGroups({0, 0, 1, 0, 0, 0}), DefaultGroups({0, 0, 2, 0, 0, 0})).check.allowed);
  // And once there are enough to show, nothing shown before can be subtracted.
  EXPECT_TRUE(Release(DefaultGroups({0, 0, 1, 1, 0, 0}), DefaultGroups({0, 0, 2, 1, 0, 0})).check.allowed);
}

TEST(AnonymityRelease, ARemovedResponseIsRefused) {
  // Erasing one direct report's answers between releases: the difference is theirs.
  const auto r = Release(DefaultGroups({0, 0, 4, 3, 0, 0}), DefaultGroups({0, 0, 3, 3, 0, 0}));
  EXPECT_FALSE(r.check.allowed);
  EXPECT_EQ(r.check.exposed_groups, (std::vector<std::string>{kDirectReports}));
}

TEST(AnonymityRelease, ALateAttributedLineManagerIsAllowed) {
  const Groups before = {Group(kSelf, 1), Told(kLineManager, 0), Group(kDirectReports, 3), Group(kPartners, 3)};
  const Groups after = {Group(kSelf, 1), Told(kLineManager, 1), Group(kDirectReports, 3), Group(kPartners, 3)};
  EXPECT_TRUE(Release(before, after).check.allowed);
}

TEST(AnonymityRelease, AFirstReleaseIsJudgedAlone) {
  const Groups groups = DefaultGroups({0, 0, 3, 1, 1, 1});
  EXPECT_TRUE(CheckNewRelease({}, {}, groups, Disclose(groups, 3)).allowed);
  Disclosure unsafe;
  unsafe.figures = {{kDirectReports, {kDirectReports}, 3}, {"all-raters", {kDirectReports, kPartners}, 4}};
  const ReleaseCheck check = CheckNewRelease({}, {}, groups, unsafe);
  EXPECT_FALSE(check.allowed);
  EXPECT_EQ(check.exposed_groups, (std::vector<std::string>{kPartners}));
}

TEST(AnonymityRelease, GivesUpAndRefusesWhenTheSearchIsTooLarge) {
  Groups before;
  Groups after;
  for (int i = 0; i < 30; ++i) {
    before.push_back(Group("g" + std::to_string(i), 1, 10));
    after.push_back(Group("g" + std::to_string(i), 2, 10));
  }
  const auto started = std::chrono::steady_clock::now();
  const auto r = Release(before, after, 10);
  EXPECT_FALSE(r.check.allowed);
  EXPECT_EQ(r.check.exposed_groups.size(), 30U);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

// ---------------------------------------------------------------------------
// Generated release pairs: the check refuses exactly when the model finds an exposure.

testing::AssertionResult AgreesWithTheModel(const Releases& r, int pool_minimum) {
  const auto expected = ExposedGroups(ReaderOfTwo(r.before, r.first, r.after, r.second), r.after);
  if (r.check.allowed == expected.empty() && r.check.exposed_groups == expected) return testing::AssertionSuccess();
  std::string want;
  for (const auto& g : expected) want += " " + g;
  std::string got;
  for (const auto& g : r.check.exposed_groups) got += " " + g;
  return testing::AssertionFailure() << "before " << Describe(r.before, pool_minimum) << "\n  after "
                                     << Describe(r.after, pool_minimum) << "\n  first " << Describe(r.first)
                                     << "\n  second " << Describe(r.second) << "\n  model exposes" << want << "; check "
                                     << (r.check.allowed ? "allows" : "refuses") << got;
}

TEST(AnonymityRelease, AgreesWithTheModelForUpToThreeLateResponsesInEachGroup) {
  const std::vector<std::vector<int>> starts = {{0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1}, {1, 0, 3, 3, 3, 3},
                                                {0, 1, 4, 2, 3, 0}, {1, 1, 0, 2, 0, 5}, {0, 0, 2, 1, 1, 0}};
  int cases = 0;
  int allowed = 0;
  FailureBudget budget;
  for (const auto& start : starts) {
    EveryCount(kRaterGroups.size(), 3, [&](const std::vector<int>& late) {
      if (budget.Exhausted()) return;
      std::vector<int> now = start;
      for (std::size_t i = 0; i < now.size(); ++i) now[i] += late[i];
      const auto r = Release(DefaultGroups(start), DefaultGroups(now));
      ++cases;
      allowed += r.check.allowed ? 1 : 0;
      budget.Spent(AgreesWithTheModel(r, 3));
    });
  }
  EXPECT_EQ(cases, 6 * 4096);
  EXPECT_GT(allowed, 0);  // both answers occur
  EXPECT_LT(allowed, cases);
}

TEST(AnonymityRelease, AgreesWithTheModelForRandomSettingsAndRemovals) {
  std::mt19937 random(11);
  FailureBudget budget;
  int allowed = 0;
  const int cases = 10000;
  for (int i = 0; i < cases; ++i) {
    const Groups before = RandomGroups(random, 6);
    Groups after = before;
    for (auto& g : after) g.responses = std::max(0, g.responses + static_cast<int>(random() % 6) - 2);
    const int pool_minimum = 1 + static_cast<int>(random() % 5);
    const auto r = Release(before, after, pool_minimum);
    allowed += r.check.allowed ? 1 : 0;
    if (budget.Spent(AgreesWithTheModel(r, pool_minimum))) return;
  }
  EXPECT_GT(allowed, 0);
  EXPECT_LT(allowed, cases);
}

// ---------------------------------------------------------------------------
// Fast enough for every element of every report.

TEST(AnonymitySpeed, DiscloseTakesMicrosecondsAndTheReleaseCheckMilliseconds) {
  const Groups groups = DefaultGroups({1, 1, 2, 1, 2, 1});
  const auto started = std::chrono::steady_clock::now();
  int shown = 0;
  for (int i = 0; i < 10000; ++i) shown += static_cast<int>(Disclose(groups, 3).figures.size());
  const auto disclose = (std::chrono::steady_clock::now() - started) / 10000;
  EXPECT_GT(shown, 0);

  // The most sets to try with the default groups: every group changes, every part has one response, minimum 5.
  const Groups before = DefaultGroups({1, 1, 1, 1, 1, 1}, 5);
  const Groups after = DefaultGroups({2, 2, 2, 2, 2, 2}, 5);
  const auto check_started = std::chrono::steady_clock::now();
  const auto r = Release(before, after, 5);
  const auto release = std::chrono::steady_clock::now() - check_started;
  EXPECT_TRUE(AgreesWithTheModel(r, 5));
  // Generous bounds: sanitizer builds are several times slower than release builds.
  EXPECT_LT(disclose, std::chrono::microseconds(200));
  EXPECT_LT(release, std::chrono::milliseconds(100));
  std::cout << "Disclose: " << std::chrono::duration<double, std::micro>(disclose).count()
            << " us; CheckNewRelease (worst default case): "
            << std::chrono::duration<double, std::milli>(release).count() << " ms\n";
}

}  // namespace
}  // namespace lqf::domain
