// A feedback report: on screen (with its charts as SVG, each beside its
// table), as PDF and XLSX downloads, as JSON for the API, and the form by
// which a coach or programme lead releases a coached report after booking the
// debrief. Access and release rules are app::Reports'; this file only renders.

#include <charconv>
#include <cstdio>

#include "report/charts.hpp"
#include "report/json_report.hpp"
#include "report/pdf_report.hpp"
#include "report/xlsx_report.hpp"
#include "web/handlers.hpp"
#include "web/query.hpp"
#include "web/report_pages.hpp"

namespace lqf::web {
namespace {

//! A figure for people: one decimal, or a dash when there is none.
std::string Figure(const std::optional<double>& value, bool sign = false) {
  if (!value) return "–";
  char text[32];
  std::snprintf(text, sizeof text, sign ? "%+.1f" : "%.1f", *value);
  std::string out = text;
  if (out == "-0.0" || out == "+0.0") out = "0.0";
  if (sign && !out.empty() && out[0] == '-') out = "−" + out.substr(1);  // a real minus sign
  return out;
}

std::string Whole(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

//! An id for a statement's heading ("K1.1.1" -> "K1-1-1").
std::string Anchor(const std::string& code) {
  std::string anchor;
  for (char c : code) anchor += (c == '.' || c == ' ') ? '-' : c;
  return anchor;
}

//! A table of findings; with `plan_source` (a goal source name), each row
//! offers to put the statement in the participant's development plan.
View FindingsTable(const domain::Report& report, const std::string& caption, const std::string& value_label,
                   const std::vector<domain::Finding>& findings, bool whole_values = false,
                   const std::string& plan_source = {}, std::int64_t cycle_id = 0) {
  View table;
  table.set("caption", caption);
  table.set("value_label", value_label);
  View rows = ViewList();
  for (const auto& finding : findings) {
    const auto& statement = report.statements.at(finding.statement);
    View row;
    row.set("code", statement.code);
    row.set("anchor", Anchor(statement.code));
    row.set("text", statement.text);
    row.set("value", whole_values ? Whole(finding.value) : Figure(finding.value));
    row.set("others", Figure(statement.others.mean));
    if (!plan_source.empty()) {
      row.set("plan_href", "/plan/from-finding?cycle=" + std::to_string(cycle_id) + "&element=" + statement.code +
                               "&source=" + plan_source);
    }
    rows.push_back(row);
  }
  table.set("rows", rows);
  return table;
}

//! The report page's data; `csrf_token` is used only by the release form.
View ReportData(const app::ReportAccess& access, const domain::Report& report, const std::string& csrf_token,
                const std::string& debrief_on) {
  View v;
  v.set("cycle_id", std::to_string(access.cycle.id));
  v.set("cycle_title", report.cycle_title);
  v.set("participant", report.participant_name);
  v.set("framework_title", report.framework_title);
  v.set("released_on", report.released_at.substr(0, 10));
  v.set("awaiting_debrief", access.can_release);
  v.set("csrf_token", csrf_token);
  v.set("debrief_on", debrief_on);
  const bool booked = access.debrief && !access.debrief->debrief_on.empty();
  v.set("debrief_booked", booked);
  if (booked) v.set("debrief_on", access.debrief->debrief_on);

  View responses = ViewList();
  for (const auto& group : report.responses) {
    View r;
    r.set("label", group.label);
    r.set("count", std::to_string(group.responses));
    responses.push_back(r);
  }
  v.set("responses", responses);
  v.set("scale_low", report.scale.empty() ? std::string() : report.scale.front().label);
  v.set("scale_high", report.scale.empty() ? std::string() : report.scale.back().label);
  v.set("scale_max", std::to_string(report.scale.empty() ? 0 : report.scale.back().value));
  v.set("not_able_label", report.not_able_label);
  v.set("anything_withheld", report.anything_withheld);
  const auto& rules = report.rules;
  v.set("gap_threshold", Figure(rules.gap_threshold));
  v.set("change_threshold", Figure(rules.change_threshold));
  v.set("priority_importance", std::to_string(rules.priority_importance));
  v.set("priority_score", Figure(rules.priority_score));
  v.set("has_previous", report.has_previous);
  v.set("previous_title", report.previous_title);
  v.set("has_cohort", report.cohort_reports > 0);
  v.set("cohort_reports", std::to_string(report.cohort_reports));
  v.set("cohort_minimum", std::to_string(rules.cohort_minimum));

  v.set("areas_svg", report::Svg(report, {report::ChartKind::kAreas, 0}));
  View areas = ViewList();
  for (const auto& area : report.areas) {
    View a;
    a.set("code", area.code);
    a.set("title", area.title);
    a.set("self", Figure(area.self_mean));
    a.set("others", Figure(area.others_mean));
    a.set("gap", Figure(area.gap, true));
    std::string by_group;
    for (const auto& group : area.groups) {
      if (!by_group.empty()) by_group += "; ";
      by_group += group.label + " " + Figure(group.mean);
    }
    a.set("by_group", by_group.empty() ? std::string("–") : by_group);
    areas.push_back(a);
  }
  v.set("areas", areas);

  const std::string gap = Figure(rules.gap_threshold);
  // The participant may put a finding straight into their development plan.
  const auto plan = [&](const char* source) { return access.participant ? std::string(source) : std::string(); };
  const auto id = access.cycle.id;
  View gaps = ViewList();
  gaps.push_back(FindingsTable(report, "Blind spots: you rated yourself at least " + gap + " above others", "Gap",
                               report.blind_spots, false, plan("blind-spot"), id));
  gaps.push_back(FindingsTable(report, "Hidden strengths: others rated you at least " + gap + " above yourself", "Gap",
                               report.hidden_strengths, false, plan("hidden-strength"), id));
  v.set("findings_gaps", gaps);
  View top = ViewList();
  top.push_back(FindingsTable(report, "Highest rated by others", "Others’ score", report.highest));
  top.push_back(
      FindingsTable(report, "Lowest rated by others", "Others’ score", report.lowest, false, plan("low-score"), id));
  v.set("findings_top", top);
  v.set("priorities_svg", report::Svg(report, {report::ChartKind::kPriorities, 0}));
  v.set("findings_priorities", FindingsTable(report, "Important to you and scored low by others", "Importance",
                                             report.priorities, true, plan("priority"), id));

  View points = ViewList();
  for (const auto& point : report.scale) {
    View p;
    p.set("value", std::to_string(point.value));
    p.set("label", point.label);
    points.push_back(p);
  }
  View statements = ViewList();
  for (std::size_t i = 0; i < report.statements.size(); ++i) {
    const auto& s = report.statements[i];
    View st;
    st.set("code", s.code);
    st.set("anchor", Anchor(s.code));
    st.set("text", s.text);
    st.set("area", s.area_code == s.code ? std::string() : s.area_code + " " + s.area_title);
    st.set("self", s.self_score ? std::to_string(*s.self_score)
                                : (s.self_not_able ? report.not_able_label : std::string("Not answered")));
    if (s.self_importance) st.set("importance", std::to_string(*s.self_importance));
    st.set("others", s.others.mean ? Figure(s.others.mean) + " from " + std::to_string(s.others.responses) +
                                         (s.others.responses == 1 ? " response" : " responses")
                                   : std::string("Too few responses to show"));
    if (s.gap) st.set("gap", Figure(s.gap, true));
    st.set("has_change", s.previous_mean.has_value());
    st.set("previous_title", report.previous_title);
    st.set("previous", Figure(s.previous_mean));
    st.set("change", Figure(s.change, true));
    st.set("marked", s.marked_change);
    if (s.cohort_norm) st.set("cohort_norm", Figure(s.cohort_norm));
    st.set("statement_svg", report::Svg(report, {report::ChartKind::kStatement, i}));
    st.set("distribution_svg", report::Svg(report, {report::ChartKind::kDistribution, i}));
    st.set("scale_points", points);
    st.set("not_able_label", report.not_able_label);
    View figures = ViewList();
    auto add = [&](const domain::Figure& f) {
      View row;
      row.set("label", f.label);
      row.set("responses", std::to_string(f.responses));
      row.set("mean", Figure(f.mean));
      View counts = ViewList();
      for (int count : f.distribution.counts) counts.push_back(View(std::to_string(count)));
      row.set("counts", counts);
      row.set("not_able", std::to_string(f.distribution.not_able));
      figures.push_back(row);
    };
    for (const auto& f : s.figures) add(f);
    if (s.figures.size() != 1) add(s.others);  // with one figure, others is the same raters
    st.set("figures", figures);
    st.set("has_comments", !s.comments.empty());
    View comments = ViewList();
    for (const auto& comment : s.comments) comments.push_back(View(comment));
    st.set("comments", comments);
    statements.push_back(st);
  }
  v.set("statements", statements);
  return v;
}

//! A short page in place of the report (none yet, not released to you yet).
http::Response Notice(Context& ctx, const Call& call, int status, const std::string& title, const std::string& text,
                      std::int64_t cycle_id) {
  View v;
  v.set("title", title);
  v.set("success", false);
  View paragraphs = ViewList();
  View p;
  p.set("text", text);
  paragraphs.push_back(p);
  v.set("paragraphs", paragraphs);
  v.set("has_link", true);
  v.set("link_href", "/cycles/" + std::to_string(cycle_id));
  v.set("link_text", "Back to the cycle");
  auto response = HtmlResponse(status, ctx.renderer.Page("feedback_message", v, LayoutView(ctx, call, title)));
  response.Set("Cache-Control", "no-store");
  return response;
}

//! What to say when a report cannot be opened.
http::Response Refused(Context& ctx, const Call& call, const std::vector<app::Refusal>& refusals,
                       std::int64_t cycle_id) {
  const auto& first = refusals.front();
  if (first.field == "report" && first.code == "not_released") {
    return Notice(ctx, call, 404, "There is no report yet",
                  "The report appears when the results of the cycle are released.", cycle_id);
  }
  if (first.field == "report" && first.code == "awaiting_debrief") {
    return Notice(ctx, call, 403, "Your report is not ready to read yet",
                  "Your coach or programme lead will release it to you when they have booked your debrief, so that "
                  "you can talk it through together.",
                  cycle_id);
  }
  return NotFoundPage(ctx, call);
}

http::Response RenderReport(Context& ctx, const Call& call, const app::ReportAccess& access,
                            const domain::Report& report, const std::string& debrief_on,
                            const std::vector<std::pair<std::string, std::string>>& errors, int status) {
  http::Response cookies;
  View v =
      ReportData(access, report, access.can_release ? EnsureCsrfCookie(ctx, call, cookies) : std::string(), debrief_on);
  SetErrors(v, errors);
  const std::string title =
      (errors.empty() ? "" : "Error: ") + std::string("Feedback report: ") + report.participant_name;
  auto response = HtmlResponse(status, ctx.renderer.Page("report", v, LayoutView(ctx, call, title)));
  for (auto& header : cookies.headers) response.headers.push_back(std::move(header));
  return response;
}

http::Response Download(std::string body, std::string_view type, const std::string& filename) {
  http::Response response;
  response.status = 200;
  response.Set("Content-Type", std::string(type));
  response.Set("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  response.Set("Cache-Control", "no-store");
  response.body = std::move(body);
  return response;
}

}  // namespace

std::string ReportDocument(const Renderer& renderer, const domain::Report& report) {
  app::ReportAccess access;
  View v = ReportData(access, report, {}, {});
  View page;
  page.set("title", "Feedback report: " + report.participant_name);
  page.set("content", renderer.Render("report", v));
  return renderer.Render("report_document", page);
}

http::Response ReportPage(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  auto access = ctx.reports.Check(call.Actor(), *id);
  if (!access.Ok()) return Refused(ctx, call, access.refusals, *id);
  if (access.value->can_release) {
    // The release form carries this person's CSRF token: made afresh.
    return RenderReport(ctx, call, *access.value, ctx.reports.Build(*access.value), {}, {}, 200);
  }
  // A release never changes, but the cohort's norm moves with any new
  // release: the page is kept until then, per release and navigation.
  const auto key = "report|" + std::to_string(access.value->release.id) + "|" + NavVariant(call) + "|" +
                   (access.value->participant ? "participant" : "supporter") + "|" +
                   (access.value->debrief ? access.value->debrief->debrief_on : std::string());
  const auto version = std::to_string(access.value->newest_release);
  auto page = ctx.pages.Find(key, version);
  if (!page) {
    const auto report = ctx.reports.Build(*access.value);
    const std::string title = "Feedback report: " + report.participant_name;
    page = ctx.pages.Store(
        key, version,
        ctx.renderer.Page("report", ReportData(*access.value, report, {}, {}), LayoutView(ctx, call, title)));
  }
  return CacheableHtml(call.request, page->body, page->etag);
}

http::Response ReportsPage(Context& ctx, const Call& call) {
  View v;
  View list = ViewList();
  for (const auto& listing : ctx.reports.Readable(call.Actor())) {
    View row;
    row.set("id", std::to_string(listing.cycle_id));
    row.set("participant", listing.participant_name);
    row.set("title", listing.cycle_title);
    row.set("released_on", listing.released_at.substr(0, 10));
    row.set("waiting", !listing.released_to_participant);
    list.push_back(row);
  }
  v.set("has_reports", !list.is_empty_list());
  v.set("reports", list);
  auto response = HtmlResponse(200, ctx.renderer.Page("reports", v, LayoutView(ctx, call, "Reports you can read")));
  response.Set("Cache-Control", "no-store");
  return response;
}

http::Response ReportPdf(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  auto view = ctx.reports.Open(call.Actor(), *id, "pdf");
  if (!view.Ok()) return Refused(ctx, call, view.refusals, *id);
  return Download(report::PdfReport(view.value->report), "application/pdf",
                  "feedback-report-" + std::to_string(*id) + ".pdf");
}

http::Response ReportXlsx(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  auto view = ctx.reports.Open(call.Actor(), *id, "xlsx");
  if (!view.Ok()) return Refused(ctx, call, view.refusals, *id);
  return Download(report::XlsxReport(view.value->report),
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "feedback-report-" + std::to_string(*id) + ".xlsx");
}

http::Response ReleaseReportSubmit(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  const auto debrief_on = call.Field("debrief_on");
  auto released = ctx.reports.ReleaseToParticipant(call.Actor(), *id, debrief_on);
  if (released.Ok()) return Redirect("/cycles/" + std::to_string(*id) + "/report");
  const auto& first = released.refusals.front();
  if (first.field != "debrief_on") {
    auto access = ctx.reports.Check(call.Actor(), *id);
    if (!access.Ok()) return Refused(ctx, call, access.refusals, *id);
    // Released meanwhile by someone else, or not coached: the report as it is now.
    return Redirect("/cycles/" + std::to_string(*id) + "/report");
  }
  auto access = ctx.reports.Check(call.Actor(), *id);
  if (!access.Ok()) return Refused(ctx, call, access.refusals, *id);
  return RenderReport(ctx, call, *access.value, ctx.reports.Build(*access.value), debrief_on,
                      {{"debrief_on", ctx.messages.Get("report.debrief_on." + first.code)}}, 422);
}

http::Response ApiReport(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such feedback cycle.");
  auto view = ctx.reports.Open(call.Actor(), *id, "json");
  if (!view.Ok()) {
    const auto& first = view.refusals.front();
    if (first.code == "not_released") return Problem(409, "The results of this cycle have not been released yet.");
    if (first.code == "awaiting_debrief") {
      return Problem(403,
                     "This report is released to you by your coach or programme lead after your debrief is booked.");
    }
    return Problem(404, "There is no such feedback cycle.");
  }
  http::Response response;
  response.status = 200;
  response.Set("Content-Type", "application/json");
  response.Set("Cache-Control", "no-store");
  response.body = report::JsonReport(view.value->report);
  return response;
}

}  // namespace lqf::web
