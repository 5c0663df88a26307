// The report as JSON (the API's report data and `lqf report --format json`):
// every figure of domain::Report, numbers as numbers, absent figures as null.

#include "report/json_report.hpp"

#include <boost/json.hpp>

namespace lqf::report {
namespace {

namespace json = boost::json;

json::value Number(const std::optional<double>& value) { return value ? json::value(*value) : json::value(nullptr); }
json::value Whole(const std::optional<int>& value) { return value ? json::value(*value) : json::value(nullptr); }

json::object FigureJson(const domain::Figure& figure) {
  json::array counts;
  for (int count : figure.distribution.counts) counts.push_back(count);
  json::array groups;
  for (const auto& group : figure.groups) groups.push_back(json::string(group));
  return {{"key", figure.key},
          {"label", figure.label},
          {"groups", std::move(groups)},
          {"responses", figure.responses},
          {"mean", Number(figure.mean)},
          {"counts", std::move(counts)},
          {"not_able_to_comment", figure.distribution.not_able}};
}

json::array Findings(const domain::Report& report, const std::vector<domain::Finding>& findings) {
  json::array list;
  for (const auto& finding : findings) {
    const auto& statement = report.statements.at(finding.statement);
    list.push_back(json::object{{"code", statement.code}, {"text", statement.text}, {"value", finding.value}});
  }
  return list;
}

}  // namespace

std::string JsonReport(const domain::Report& report) {
  json::array scale;
  for (const auto& point : report.scale) scale.push_back(json::object{{"value", point.value}, {"label", point.label}});
  json::array responses;
  for (const auto& group : report.responses) {
    responses.push_back(json::object{{"key", group.key}, {"label", group.label}, {"responses", group.responses}});
  }
  json::array statements;
  for (const auto& s : report.statements) {
    json::array figures;
    for (const auto& figure : s.figures) figures.push_back(FigureJson(figure));
    json::array comments;
    for (const auto& comment : s.comments) comments.push_back(json::string(comment));
    statements.push_back(json::object{{"code", s.code},
                                      {"text", s.text},
                                      {"area", s.area_code},
                                      {"self", Whole(s.self_score)},
                                      {"self_not_able_to_comment", s.self_not_able},
                                      {"self_importance", Whole(s.self_importance)},
                                      {"figures", std::move(figures)},
                                      {"others", FigureJson(s.others)},
                                      {"gap", Number(s.gap)},
                                      {"some_groups_withheld", !s.withheld.empty()},
                                      {"comments", std::move(comments)},
                                      {"previous_mean", Number(s.previous_mean)},
                                      {"change", Number(s.change)},
                                      {"marked_change", s.marked_change},
                                      {"cohort_norm", Number(s.cohort_norm)}});
  }
  json::array areas;
  for (const auto& area : report.areas) {
    json::array groups;
    for (const auto& group : area.groups) {
      groups.push_back(json::object{
          {"key", group.key}, {"label", group.label}, {"mean", group.mean}, {"statements", group.statements}});
    }
    json::array members;
    for (auto i : area.statements) members.push_back(json::string(report.statements.at(i).code));
    areas.push_back(json::object{{"code", area.code},
                                 {"title", area.title},
                                 {"statements", std::move(members)},
                                 {"self_mean", Number(area.self_mean)},
                                 {"others_mean", Number(area.others_mean)},
                                 {"gap", Number(area.gap)},
                                 {"groups", std::move(groups)}});
  }
  const auto& rules = report.rules;
  json::object out{
      {"participant", report.participant_name},
      {"cycle", report.cycle_title},
      {"framework", report.framework_title},
      {"released_at", report.released_at},
      {"rules", json::object{{"gap_threshold", rules.gap_threshold},
                             {"change_threshold", rules.change_threshold},
                             {"priority_importance", rules.priority_importance},
                             {"priority_score", rules.priority_score},
                             {"top_count", rules.top_count},
                             {"cohort_minimum", rules.cohort_minimum}}},
      {"scale", std::move(scale)},
      {"not_able_to_comment_label", report.not_able_label},
      {"responses", std::move(responses)},
      {"some_groups_withheld", report.anything_withheld},
      {"previous_cycle", report.has_previous ? json::value(report.previous_title) : json::value(nullptr)},
      {"cohort_reports", report.cohort_reports},
      {"areas", std::move(areas)},
      {"statements", std::move(statements)},
      {"blind_spots", Findings(report, report.blind_spots)},
      {"hidden_strengths", Findings(report, report.hidden_strengths)},
      {"highest", Findings(report, report.highest)},
      {"lowest", Findings(report, report.lowest)},
      {"development_priorities", Findings(report, report.priorities)},
  };
  return json::serialize(out);
}

}  // namespace lqf::report
