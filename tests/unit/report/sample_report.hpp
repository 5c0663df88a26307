#pragma once
// A report made by hand for testing the renderers (charts, PDF, XLSX) apart
// from BuildReport: three statements in two areas, a withheld group, comments
// with text that must be escaped, a previous cycle and a cohort norm. The
// withheld group's key and a phrase only it "said" are exposed so tests can
// check that no form of the report carries them.

#include <string>

#include "domain/report.hpp"

namespace lqf::testing {

// Never in any rendered report: the withheld group appears only in
// StatementResult::withheld, as a key the renderers must not print as a figure.
inline constexpr const char* kWithheldGroup = "lead-member";

inline domain::Report SampleReport() {
  using domain::Figure;
  domain::Report r;
  r.participant_name = "Jo Bennett";
  r.cycle_title = "Autumn 2026 <360> & \"review\"";
  r.framework_title = "National Leadership Qualities Framework for Directors of Children's Services";
  r.released_at = "2026-11-20T09:30:00Z";
  r.scale = {{1, "Not yet developed", ""},
             {2, "Developing", ""},
             {3, "Established", ""},
             {4, "Strong", ""},
             {5, "Exemplary", ""}};
  r.not_able_label = "Not able to comment";
  r.responses = {{"self", "Self", 1},
                 {"line-manager", "Line manager (chief executive)", 1},
                 {"direct-reports", "Direct reports (assistant directors)", 4},
                 {"peers", "Peer directors", 3}};

  auto figure = [](std::string key, std::string label, std::vector<std::string> groups, std::vector<int> counts,
                   int not_able) {
    Figure f;
    f.key = std::move(key);
    f.label = std::move(label);
    f.groups = std::move(groups);
    f.distribution.counts = std::move(counts);
    f.distribution.not_able = not_able;
    int n = 0;
    double sum = 0;
    for (std::size_t i = 0; i < f.distribution.counts.size(); ++i) {
      n += f.distribution.counts[i];
      sum += static_cast<double>(f.distribution.counts[i]) * static_cast<double>(i + 1);
    }
    f.responses = n;
    if (n > 0) f.mean = sum / n;
    return f;
  };

  domain::StatementResult a1;
  a1.code = "A1";
  a1.text = "Moral purpose";
  a1.area_code = "A1";
  a1.area_title = "Moral purpose";
  a1.self_score = 5;
  a1.self_importance = 4;
  a1.figures = {
      figure("line-manager", "Line manager (chief executive)", {"line-manager"}, {0, 0, 1, 0, 0}, 0),
      figure("direct-reports", "Direct reports (assistant directors)", {"direct-reports"}, {0, 1, 2, 1, 0}, 0),
      figure("peers", "Peer directors", {"peers"}, {0, 0, 2, 1, 0}, 0)};
  a1.others = figure("others", "All raters shown", {"line-manager", "direct-reports", "peers"}, {0, 1, 5, 2, 0}, 0);
  a1.gap = 5 - *a1.others.mean;
  a1.withheld = {kWithheldGroup};
  a1.comments = {"Sets a clear moral purpose <b>every</b> time", "Could say \"no\" more often & sooner"};
  a1.previous_mean = 2.9;
  a1.change = *a1.others.mean - 2.9;
  a1.cohort_norm = 3.4;

  domain::StatementResult s4;
  s4.code = "S4";
  s4.text = "Leading change";
  s4.area_code = "S4";
  s4.area_title = "Leading change";
  s4.self_not_able = true;
  s4.self_importance = 2;
  // Only "All raters" is shown: it is `others`, and no group is apart.
  s4.others = figure("all-raters", "All raters", {"line-manager", "direct-reports", "peers"}, {1, 2, 3, 1, 1}, 1);
  s4.previous_mean = 2.0;
  s4.change = *s4.others.mean - 2.0;
  s4.marked_change = true;
  s4.cohort_norm = 3.1;

  domain::StatementResult k;
  k.code = "K1.1.1";
  k.text = "Understanding of the statutory framework for children's services";
  k.area_code = "K1.1";
  k.area_title = "Education, care and health: the statutory framework";
  k.self_score = 2;
  k.self_importance = 4;
  k.figures = {
      figure("other-raters", "Other raters", {"line-manager", "peers"}, {0, 1, 2, 0, 0}, 2),
      figure("direct-reports", "Direct reports (assistant directors)", {"direct-reports"}, {0, 0, 1, 2, 1}, 0)};
  k.others = figure("others", "All raters shown", {"line-manager", "peers", "direct-reports"}, {0, 1, 3, 2, 1}, 2);
  k.gap = 2 - *k.others.mean;
  k.withheld = {kWithheldGroup};

  r.statements = {a1, s4, k};
  auto area = [&](std::string code, std::string title, std::vector<std::size_t> statements) {
    domain::AreaResult a;
    a.code = std::move(code);
    a.title = std::move(title);
    a.statements = std::move(statements);
    double self = 0, others = 0;
    int self_n = 0, others_n = 0;
    for (auto i : a.statements) {
      const auto& s = r.statements[i];
      if (s.self_score) self += *s.self_score, ++self_n;
      if (s.others.mean) others += *s.others.mean, ++others_n;
    }
    if (self_n) a.self_mean = self / self_n;
    if (others_n) a.others_mean = others / others_n;
    if (a.self_mean && a.others_mean) a.gap = *a.self_mean - *a.others_mean;
    a.groups = {{"direct-reports", "Direct reports (assistant directors)", 3.0, 2}};
    return a;
  };
  r.areas = {area("A", "Leadership attributes", {0}), area("S", "Leadership skills", {1}),
             area("K1", "Knowing the business: education, care and health", {2})};
  r.blind_spots = {{0, *a1.gap}};
  r.hidden_strengths = {{2, -*k.gap}};
  r.highest = {{2, *k.others.mean}, {0, *a1.others.mean}, {1, *s4.others.mean}};
  r.lowest = {{1, *s4.others.mean}, {0, *a1.others.mean}, {2, *k.others.mean}};
  r.priorities = {{2, 4}};
  r.has_previous = true;
  r.previous_title = "Spring 2025";
  r.cohort_reports = 6;
  r.anything_withheld = true;
  return r;
}

}  // namespace lqf::testing
