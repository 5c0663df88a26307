#include "domain/anonymity.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <numeric>
#include <optional>

namespace lqf::domain {
namespace {

struct Labelled {
  std::string_view key;
  std::string_view label;
};

constexpr std::array<Labelled, 9> kLabels{{
    {kSelfGroup, "Self"},
    {kLineManagerGroup, "Line manager (chief executive)"},
    {kLeadMemberGroup, "Lead member for children's services"},
    {kDirectReportsGroup, "Direct reports (assistant directors)"},
    {kPartnersGroup, "Children's Trust partners"},
    {kPeersGroup, "Peer directors"},
    {kOthersGroup, "Others"},
    {kOtherRatersFigure, "Other raters"},
    {kAllRatersFigure, "All raters"},
}};

// A minimum below 1 would show a group with no protection at all; a negative
// count is nonsense. Both come from stored settings, so are mended, not trusted.
int MinimumOf(const GroupResponses& group) { return std::max(group.minimum, 1); }
int ResponsesOf(const GroupResponses& group) { return std::max(group.responses, 0); }
bool IsSelf(const GroupResponses& group) { return group.group == kSelfGroup; }

bool NamesAreUnique(const std::vector<GroupResponses>& groups) {
  for (std::size_t i = 0; i < groups.size(); ++i) {
    for (std::size_t j = i + 1; j < groups.size(); ++j) {
      if (groups[i].group == groups[j].group) return false;
    }
  }
  return true;
}

// The exact linear span of integer vectors: fraction-free elimination, each
// row kept with no common factor. Each row is reduced against every earlier row
// when added, so reducing a vector by the rows in order clears every pivot.
// Arithmetic that would overflow marks the span as too complex to judge.
class Span {
 public:
  explicit Span(std::size_t width) : width_(width) {}

  void Add(std::vector<std::int64_t> vector) {
    if (!Reduce(vector)) return;
    const auto pivot = std::find_if(vector.begin(), vector.end(), [](std::int64_t x) { return x != 0; });
    if (pivot == vector.end()) return;
    pivots_.push_back(static_cast<std::size_t>(pivot - vector.begin()));
    rows_.push_back(std::move(vector));
  }

  //! True if `vector` is a linear combination of the rows added.
  bool Contains(std::vector<std::int64_t> vector) {
    if (!Reduce(vector)) return false;
    return std::all_of(vector.begin(), vector.end(), [](std::int64_t x) { return x == 0; });
  }

  bool TooComplex() const { return overflowed_; }

 private:
  bool Reduce(std::vector<std::int64_t>& vector) {
    for (std::size_t r = 0; r < rows_.size() && !overflowed_; ++r) {
      const std::int64_t ours = vector[pivots_[r]];
      if (ours == 0) continue;
      const std::int64_t theirs = rows_[r][pivots_[r]];
      std::int64_t common = 0;
      for (std::size_t c = 0; c < width_; ++c) {
        std::int64_t left = 0;
        std::int64_t right = 0;
        if (__builtin_mul_overflow(vector[c], theirs, &left) || __builtin_mul_overflow(rows_[r][c], ours, &right) ||
            __builtin_sub_overflow(left, right, &vector[c])) {
          overflowed_ = true;
          break;
        }
        common = std::gcd(common, vector[c]);
      }
      if (common > 1) {
        for (auto& x : vector) x /= common;
      }
    }
    return !overflowed_;
  }

  std::size_t width_;
  std::vector<std::vector<std::int64_t>> rows_;
  std::vector<std::size_t> pivots_;
  bool overflowed_ = false;
};

// A group as the release check sees it: its counts at both releases.
struct Tracked {
  std::string name;
  int before = 0;
  int after = 0;
  int minimum = 1;
  bool attributed = true;  // only if every list that has the group says so
};

// Responses of one group a reader could tell apart across releases: those
// there at both ("kept") and those that arrived or went in between.
struct Variable {
  std::size_t group = 0;
  int responses = 0;
  bool in_last = false;
  bool in_next = false;
};

// Beyond this many sets tried (about 100 ms of work), the check gives up and
// refuses. Never reached with the default groups: two variables for each of six
// groups make at most 4,095 sets.
constexpr long kMaxSetsTried = 100'000;

// Visits every set of variables whose responses total less than `ceiling`
// (the largest minimum), recording the groups of each set a reader could work
// out that has fewer responses than the largest minimum among its own groups.
class ExposureSearch {
 public:
  ExposureSearch(const std::vector<Tracked>& groups, const std::vector<Variable>& variables, Span& span)
      : groups_(groups), variables_(variables), span_(span), exposed_(groups.size(), false) {
    for (const auto& v : variables_) ceiling_ = std::max(ceiling_, groups_[v.group].minimum);
  }

  //! False if the search gave up.
  bool Run() {
    std::vector<std::size_t> chosen;
    Visit(0, chosen, 0, 0);
    return !gave_up_ && !span_.TooComplex();
  }

  const std::vector<bool>& Exposed() const { return exposed_; }

 private:
  void Visit(std::size_t start, std::vector<std::size_t>& chosen, int total, int minimum) {
    for (std::size_t i = start; i < variables_.size() && !gave_up_; ++i) {
      const Variable& v = variables_[i];
      if (total + v.responses >= ceiling_) continue;
      if (++tried_ > kMaxSetsTried) {
        gave_up_ = true;
        return;
      }
      chosen.push_back(i);
      const int set_total = total + v.responses;
      const int set_minimum = std::max(minimum, groups_[v.group].minimum);
      if (set_total < set_minimum && span_.Contains(Indicator(chosen))) {
        for (const auto c : chosen) exposed_[variables_[c].group] = true;
      }
      Visit(i + 1, chosen, set_total, set_minimum);
      chosen.pop_back();
    }
  }

  std::vector<std::int64_t> Indicator(const std::vector<std::size_t>& chosen) const {
    std::vector<std::int64_t> vector(variables_.size(), 0);
    for (const auto c : chosen) vector[c] = 1;
    return vector;
  }

  const std::vector<Tracked>& groups_;
  const std::vector<Variable>& variables_;
  Span& span_;
  std::vector<bool> exposed_;
  int ceiling_ = 0;
  long tried_ = 0;
  bool gave_up_ = false;
};

std::vector<Tracked> TrackGroups(const std::vector<GroupResponses>& at_last_release,
                                 const std::vector<GroupResponses>& now) {
  std::vector<Tracked> groups;
  auto track = [&groups](const GroupResponses& group, int Tracked::*count) {
    if (IsSelf(group)) return;
    auto found = std::find_if(groups.begin(), groups.end(), [&](const Tracked& t) { return t.name == group.group; });
    if (found == groups.end()) {
      groups.push_back(Tracked{group.group});
      found = std::prev(groups.end());
    }
    (*found).*count = ResponsesOf(group);
    found->minimum = std::max(found->minimum, MinimumOf(group));
    found->attributed = found->attributed && group.attributed;
  };
  for (const auto& group : now) track(group, &Tracked::after);
  for (const auto& group : at_last_release) track(group, &Tracked::before);
  return groups;
}

std::vector<std::int64_t> FigureVector(const ShownFigure& figure, const std::vector<Tracked>& groups,
                                       const std::vector<Variable>& variables, bool Variable::*in_release) {
  std::vector<std::int64_t> vector(variables.size(), 0);
  for (std::size_t i = 0; i < variables.size(); ++i) {
    const auto& name = groups[variables[i].group].name;
    if (variables[i].*in_release &&
        std::find(figure.groups.begin(), figure.groups.end(), name) != figure.groups.end()) {
      vector[i] = 1;
    }
  }
  return vector;
}

}  // namespace

std::string_view RaterGroupLabel(std::string_view key) {
  for (const auto& labelled : kLabels) {
    if (labelled.key == key) return labelled.label;
  }
  return key;
}

Disclosure Disclose(const std::vector<GroupResponses>& groups, int pool_minimum) {
  assert(NamesAreUnique(groups));
  const int merged_floor = std::max(pool_minimum, 1);

  std::optional<std::size_t> self;
  std::vector<std::size_t> apart;  // steps 2 and 3, in input order
  std::vector<std::size_t> small;  // below their minimum and not attributed
  int unattributed_total = 0;      // for comments (step 7)
  int unattributed_needed = merged_floor;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto& group = groups[i];
    const int responses = ResponsesOf(group);
    if (responses == 0) continue;
    if (IsSelf(group)) {
      self = i;
      continue;
    }
    if (group.attributed) {
      apart.push_back(i);
      continue;
    }
    unattributed_total += responses;
    unattributed_needed = std::max(unattributed_needed, MinimumOf(group));
    (responses >= MinimumOf(group) ? apart : small).push_back(i);
  }

  // Steps 4 and 5: pool the small groups, folding in the smallest groups shown
  // apart until the pool is big enough, or withhold the small groups.
  std::vector<bool> pooled(groups.size(), false);
  bool withhold = false;
  if (!small.empty()) {
    int total = 0;
    int needed = merged_floor;
    for (const auto i : small) {
      pooled[i] = true;
      total += ResponsesOf(groups[i]);
      needed = std::max(needed, MinimumOf(groups[i]));
    }
    std::vector<std::size_t> foldable;
    std::copy_if(apart.begin(), apart.end(), std::back_inserter(foldable),
                 [&groups](std::size_t i) { return !groups[i].attributed; });
    std::stable_sort(foldable.begin(), foldable.end(), [&groups](std::size_t a, std::size_t b) {
      return ResponsesOf(groups[a]) < ResponsesOf(groups[b]);
    });
    for (auto next = foldable.begin(); total < needed && next != foldable.end(); ++next) {
      pooled[*next] = true;
      total += ResponsesOf(groups[*next]);
      needed = std::max(needed, MinimumOf(groups[*next]));
    }
    if (total < needed) {
      withhold = true;
      for (const auto i : foldable) pooled[i] = false;
    }
  }

  Disclosure disclosure;
  if (self) {
    disclosure.figures.push_back(ShownFigure{groups[*self].group, {groups[*self].group}, ResponsesOf(groups[*self])});
  }
  for (const auto i : apart) {
    if (!pooled[i])
      disclosure.figures.push_back(ShownFigure{groups[i].group, {groups[i].group}, ResponsesOf(groups[i])});
  }
  ShownFigure merged{std::string(kOtherRatersFigure), {}, 0};
  ShownFigure all{std::string(kAllRatersFigure), {}, 0};
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const int responses = ResponsesOf(groups[i]);
    if (responses == 0 || IsSelf(groups[i])) continue;
    all.groups.push_back(groups[i].group);
    all.responses += responses;
    if (pooled[i] && !withhold) {
      merged.groups.push_back(groups[i].group);
      merged.responses += responses;
    }
  }
  if (withhold) {
    for (const auto i : small) disclosure.withheld.push_back(groups[i].group);
  } else {
    // Step 6. The merged figure pools a subset of all raters, so equal sizes mean equal sets.
    if (!merged.groups.empty() && merged.groups.size() != all.groups.size()) {
      disclosure.figures.push_back(std::move(merged));
    }
    if (!all.groups.empty()) disclosure.figures.push_back(std::move(all));
  }
  disclosure.comments_shown = unattributed_total > 0 && unattributed_total >= unattributed_needed;
  return disclosure;
}

ReleaseCheck CheckNewRelease(const std::vector<GroupResponses>& at_last_release, const Disclosure& last,
                             const std::vector<GroupResponses>& now, const Disclosure& next) {
  assert(NamesAreUnique(at_last_release) && NamesAreUnique(now));
  // Self and attributed raters are outside the promise: leaving them out of the
  // variables is the same as assuming every reader knows their answers.
  const std::vector<Tracked> groups = TrackGroups(at_last_release, now);
  std::vector<Variable> variables;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& group = groups[g];
    if (group.attributed) continue;
    const int kept = std::min(group.before, group.after);
    if (kept > 0) variables.push_back(Variable{g, kept, true, true});
    if (group.after != group.before) {
      const bool arrived = group.after > group.before;
      variables.push_back(
          Variable{g, arrived ? group.after - group.before : group.before - group.after, !arrived, arrived});
    }
  }

  Span span(variables.size());
  for (const auto& figure : last.figures) span.Add(FigureVector(figure, groups, variables, &Variable::in_last));
  for (const auto& figure : next.figures) span.Add(FigureVector(figure, groups, variables, &Variable::in_next));

  ExposureSearch search(groups, variables, span);
  const bool finished = search.Run();
  ReleaseCheck check;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    // A search given up on refuses, naming every group that could be at risk.
    const bool at_risk =
        finished ? search.Exposed()[g] : !groups[g].attributed && (groups[g].before > 0 || groups[g].after > 0);
    if (at_risk) check.exposed_groups.push_back(groups[g].name);
  }
  check.allowed = finished && check.exposed_groups.empty();
  return check;
}

}  // namespace lqf::domain
