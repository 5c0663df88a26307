// A development plan: its goals (each tied to a statement, perhaps from a
// report finding, with the figures that put it there), their actions and
// statuses, evidence files (uploaded, and given back only as downloads), the
// plan's history, and the forms that add to it. Who may see or
// change a plan is app::Plans' business; this file only renders and reads forms.

#include <algorithm>
#include <cstdio>
#include <map>

#include "report/plan_pdf.hpp"
#include "web/handlers.hpp"
#include "web/plan_document.hpp"
#include "web/query.hpp"

namespace lqf::web {
namespace {

using Errors = std::vector<std::pair<std::string, std::string>>;

//! Whose plan: `person` in the query or form, else the actor's own.
std::int64_t PersonOf(const Call& call) {
  const auto from = call.request.method == "POST" ? call.Field("person") : QueryValue(call.request, "person");
  if (auto id = PathId(from)) return *id;
  return call.Actor().person_id;
}

std::string PlanHref(const Call& call, std::int64_t person) {
  return person == call.Actor().person_id ? std::string("/plan") : "/plan?person=" + std::to_string(person);
}

Errors FormErrors(const Context& ctx, const std::vector<app::Refusal>& refusals) {
  Errors errors;
  for (const auto& refusal : refusals) {
    errors.emplace_back(refusal.field, ctx.messages.Get("plan." + refusal.field + "." + refusal.code));
  }
  return errors;
}

bool NotFound(const std::vector<app::Refusal>& refusals) {
  if (refusals.empty()) return false;
  const auto& first = refusals.front();
  return first.code == "not_found" && (first.field == "participant" || first.field == "goal" ||
                                       first.field == "action" || first.field == "cycle" || first.field == "evidence");
}

//! A file's size as people read it: "830 bytes", "45 KB", "2.4 MB".
std::string FileSize(std::int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  if (bytes < std::int64_t{1024} * 1024) return std::to_string((bytes + 512) / 1024) + " KB";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

//! Content-Disposition for a download of `name` (a domain::SafeFileName, so
//! without quotes, backslashes or control characters): an ASCII `filename`
//! with '_' for each other character, and for a name that is not all ASCII
//! the exact name as RFC 5987 `filename*`, which browsers prefer.
std::string AttachmentHeader(std::string_view name) {
  std::string ascii, encoded;
  bool plain = true;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto byte = static_cast<unsigned char>(name[i]);
    if (byte < 0x80) {
      ascii += name[i];
    } else {
      plain = false;
      if ((byte & 0xC0) != 0x80) ascii += '_';  // one per character, at its first byte
    }
    // RFC 5987 attr-char is left as it is; everything else is %XX.
    const bool attr_char = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                           (byte >= '0' && byte <= '9') ||
                           std::string_view("!#$&+-.^_`|~").find(name[i]) != std::string_view::npos;
    if (attr_char) {
      encoded += name[i];
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0x0F];
    }
  }
  std::string header = "attachment; filename=\"" + ascii + "\"";
  if (!plain) header += "; filename*=UTF-8''" + encoded;
  return header;
}

//! The statements a goal may be about, for the form's list.
View StatementOptions(const Context& ctx, const std::string& chosen) {
  View options = ViewList();
  if (const auto entry = ctx.catalog.Get("nlqf-2010")) {
    for (const auto& node : entry->framework->nodes) {
      if (node.IsBranch() || !node.scored) continue;
      View o;
      o.set("code", node.code);
      o.set("text", node.DisplayName());
      o.set("selected", node.code == chosen);
      options.push_back(o);
    }
  }
  return options;
}

//! The plan page; `open_goal` names the goal whose action form was refused
//! (opened, with what was typed, so nothing is lost), `evidence_goal` the
//! goal whose evidence form was.
http::Response RenderPlan(Context& ctx, const Call& call, std::int64_t person, const Errors& errors,
                          const std::map<std::string, std::string>& typed, int status, std::int64_t open_goal = 0,
                          std::int64_t evidence_goal = 0) {
  auto plan = ctx.plans.PlanOf(call.Actor(), person);
  if (!plan.Ok()) return NotFoundPage(ctx, call);
  const auto entry = ctx.catalog.Get("nlqf-2010");
  http::Response cookies;
  View v;
  v.set("csrf_token", EnsureCsrfCookie(ctx, call, cookies));
  v.set("own", person == call.Actor().person_id);
  v.set("person", std::to_string(person));
  v.set("person_name", plan.value->participant_name);
  v.set("can_edit", plan.value->can_edit);
  // For the browser to refuse a file too large before sending it (static/js/lqf.mjs);
  // the server refuses it anyway.
  v.set("max_evidence_bytes", std::to_string(domain::kMaxEvidenceBytes));
  v.set("too_large_message", ctx.messages.Get("plan.file.too_large"));
  View goals = ViewList();
  for (const auto& goal : plan.value->goals) {
    View g;
    g.set("id", std::to_string(goal.id));
    g.set("title", goal.title);
    g.set("detail", goal.detail);
    g.set("element", goal.element);
    const auto* node = entry && !goal.element.empty() ? entry->framework->Find(goal.element) : nullptr;
    g.set("element_text", node ? node->DisplayName() : std::string());
    g.set("has_element", node != nullptr);
    g.set("finding", goal.finding);
    g.set("has_finding", !goal.finding.empty());
    g.set("has_detail", !goal.detail.empty());
    g.set("source", std::string(domain::GoalSourceLabel(goal.source)));
    View actions = ViewList();
    for (const auto& action : plan.value->actions) {
      if (action.goal_id != goal.id) continue;
      View a;
      a.set("id", std::to_string(action.id));
      a.set("kind", std::string(domain::ActionKindLabel(action.kind)));
      a.set("description", action.description);
      a.set("owner", action.owner.empty() ? std::string("–") : action.owner);
      a.set("due", action.due.empty() ? std::string("–") : action.due);
      a.set("status", std::string(domain::ActionStatusLabel(action.status)));
      a.set("from_session", action.session_id.has_value());
      View statuses = ViewList();
      for (auto s : domain::kAllActionStatuses) {
        View o;
        o.set("value", std::string(domain::ActionStatusName(s)));
        o.set("label", std::string(domain::ActionStatusLabel(s)));
        o.set("selected", s == action.status);
        statuses.push_back(o);
      }
      a.set("statuses", statuses);
      actions.push_back(a);
    }
    g.set("actions", actions);
    g.set("has_actions", !actions.is_empty_list());
    // Its evidence, and what the upload form may attach a file to.
    View evidence = ViewList();
    for (const auto& item : plan.value->evidence) {
      const auto& e = item.evidence;
      if (e.goal_id != goal.id) continue;
      View row;
      row.set("evidence_id", std::to_string(e.id));
      row.set("name", e.file_name);
      row.set("type", std::string(domain::EvidenceTypeLabel(e.content_type)));
      row.set("size", FileSize(e.size_bytes));
      std::string target = "The goal";
      for (const auto& action : plan.value->actions) {
        if (e.action_id && action.id == *e.action_id) target = "Action: " + action.description;
      }
      row.set("target", target);
      row.set("by", item.uploaded_by_name);
      row.set("at", e.uploaded_at.substr(0, 10));
      evidence.push_back(row);
    }
    g.set("evidence", evidence);
    g.set("has_evidence", !evidence.is_empty_list());
    const bool evidence_open = goal.id == evidence_goal;
    const auto typed_target = typed.find("for");
    View targets = ViewList();
    for (const auto& action : plan.value->actions) {
      if (action.goal_id != goal.id) continue;
      View o;
      o.set("value", std::to_string(action.id));
      o.set("label", std::string(domain::ActionKindLabel(action.kind)) + ": " + action.description);
      o.set("selected",
            evidence_open && typed_target != typed.end() && typed_target->second == std::to_string(action.id));
      targets.push_back(o);
    }
    g.set("evidence_targets", targets);
    g.set("evidence_open", evidence_open);
    const bool open = goal.id == open_goal;
    const auto typed_kind = typed.find("kind");
    View kinds = ViewList();
    for (auto k : domain::kAllActionKinds) {
      View o;
      o.set("value", std::string(domain::ActionKindName(k)));
      o.set("label", std::string(domain::ActionKindLabel(k)));
      o.set("selected", open && typed_kind != typed.end() && typed_kind->second == domain::ActionKindName(k));
      kinds.push_back(o);
    }
    g.set("kinds", kinds);
    g.set("open", open);
    for (const char* field : {"description", "owner", "due"}) {
      const auto it = typed.find(field);
      g.set(std::string("typed_") + field, open && it != typed.end() ? it->second : std::string());
    }
    for (const auto& [field, text] : errors) {
      if (open && field.starts_with("description-")) g.set("description_error", text);
      if (open && field.starts_with("owner-")) g.set("owner_error", text);
      if (open && field.starts_with("due-")) g.set("due_error", text);
      if (open && field.starts_with("kind-")) g.set("kind_error", text);
      if (evidence_open && field.starts_with("file-")) g.set("file_error", text);
    }
    goals.push_back(g);
  }
  v.set("goals", goals);
  v.set("has_goals", !goals.is_empty_list());
  View history = ViewList();
  for (const auto& event : plan.value->history) {
    View h;
    h.set("at", event.at.substr(0, 10));
    h.set("what", event.what);
    history.push_back(h);
  }
  v.set("history", history);
  v.set("has_history", !history.is_empty_list());
  View reviews = ViewList();
  for (const auto& review : plan.value->reviews) {
    View r;
    r.set("held_on", review.held_on);
    r.set("by", review.reviewer_name);
    r.set("comment", review.comment);
    reviews.push_back(r);
  }
  v.set("reviews", reviews);
  v.set("has_reviews", !reviews.is_empty_list());
  v.set("can_review", plan.value->can_review);
  const auto value = [&typed](const std::string& name) {
    const auto it = typed.find(name);
    return it == typed.end() ? std::string() : it->second;
  };
  v.set("statements", StatementOptions(ctx, value("element")));
  v.set("title", value("title"));
  v.set("detail", value("detail"));
  v.set("review_held_on", value("review_held_on"));
  v.set("review_comment", value("review_comment"));
  v.set("form_open", !errors.empty() && !errors.front().first.starts_with("review_"));
  SetErrors(v, errors);
  const std::string title = (errors.empty() ? "" : "Error: ") + std::string("Development plan");
  auto response = HtmlResponse(status, ctx.renderer.Page("plan", v, LayoutView(ctx, call, title)));
  response.Set("Cache-Control", "no-store");
  for (auto& header : cookies.headers) response.headers.push_back(std::move(header));
  return response;
}

}  // namespace

http::Response PlanPdf(Context& ctx, const Call& call) {
  const auto person = PersonOf(call);
  auto plan = ctx.plans.PlanOf(call.Actor(), person);
  if (!plan.Ok()) return NotFoundPage(ctx, call);
  const auto entry = ctx.catalog.Get("nlqf-2010");
  const auto doc = PlanDocumentOf(*plan.value, ctx.reports.ScoresAcrossCycles(call.Actor(), person),
                                  entry ? entry->framework.get() : nullptr);
  http::Response response;
  response.status = 200;
  response.Set("Content-Type", "application/pdf");
  response.Set("Content-Disposition", "attachment; filename=\"development-plan-" + std::to_string(person) + ".pdf\"");
  response.Set("Cache-Control", "no-store");
  response.body = report::PlanPdf(doc);
  return response;
}

http::Response PlanPage(Context& ctx, const Call& call) { return RenderPlan(ctx, call, PersonOf(call), {}, {}, 200); }

http::Response AddGoalSubmit(Context& ctx, const Call& call) {
  const auto person = PersonOf(call);
  const app::GoalInput input{call.Field("element"), call.Field("title"), call.Field("detail")};
  auto added = ctx.plans.AddGoal(call.Actor(), person, input);
  if (added.Ok()) return Redirect(PlanHref(call, person) + "#goal-" + std::to_string(*added.value));
  if (NotFound(added.refusals)) return NotFoundPage(ctx, call);
  return RenderPlan(ctx, call, person, FormErrors(ctx, added.refusals),
                    {{"element", input.element}, {"title", input.title}, {"detail", input.detail}}, 422);
}

http::Response ProgressPage(Context& ctx, const Call& call) {
  const auto person = PersonOf(call);
  auto plan = ctx.plans.PlanOf(call.Actor(), person);
  if (!plan.Ok()) return NotFoundPage(ctx, call);
  const auto cycles = ctx.reports.ScoresAcrossCycles(call.Actor(), person);
  const auto entry = ctx.catalog.Get("nlqf-2010");
  View v;
  v.set("own", person == call.Actor().person_id);
  v.set("person_name", plan.value->participant_name);
  v.set("plan_href", PlanHref(call, person));
  View headers = ViewList();
  for (const auto& cycle : cycles) {
    View h;
    h.set("title", cycle.title);
    h.set("released_on", cycle.released_at.substr(0, 10));
    headers.push_back(h);
  }
  v.set("cycles", headers);
  v.set("has_cycles", !cycles.empty());
  // What else is tied to each statement: the themes of mentoring and
  // coaching sessions, and appraisal objectives, as far as the viewer may see them.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> support_by_statement;
  if (auto supporters = ctx.support.SupportersOf(call.Actor(), person); supporters.Ok()) {
    for (const auto& r : *supporters.value) {
      for (const auto& session : r.sessions) {
        for (const auto& theme : session.themes) {
          support_by_statement[theme].emplace_back(
              std::string(domain::SupportKindLabel(r.relationship.kind)) + " session with " + r.supporter_name + ", " +
                  session.held_on,
              "/support/relationships/" + std::to_string(r.relationship.id) + "#session-" + std::to_string(session.id));
        }
      }
    }
  }
  if (auto years = ctx.appraisals.Of(call.Actor(), person); years.Ok()) {
    for (const auto& year : years.value->years) {
      for (const auto& objective : year.objectives) {
        if (objective.element.empty()) continue;
        support_by_statement[objective.element].emplace_back(
            "Objective " + year.appraisal.period_start.substr(0, 4) + "–" + year.appraisal.period_end.substr(0, 4) +
                ": " + objective.title + " (" + std::string(domain::ObjectiveOutcomeLabel(objective.outcome)) + ")",
            "/appraisals/" + std::to_string(year.appraisal.id) + "#objective-" + std::to_string(objective.id));
      }
    }
  }
  // One row per statement, in the framework's order, for those scored in a
  // cycle or tied to a goal, a session or an objective.
  View rows = ViewList();
  if (entry) {
    for (const auto& node : entry->framework->nodes) {
      if (node.IsBranch() || !node.scored) continue;
      View row;
      bool any = false;
      View cells = ViewList();
      for (const auto& cycle : cycles) {
        std::string cell = "–";
        for (const auto& [code, mean] : cycle.means) {
          if (code != node.code) continue;
          char text[16];
          std::snprintf(text, sizeof text, "%.1f", mean);
          cell = text;
          any = true;
        }
        cells.push_back(View(cell));
      }
      View goals = ViewList();
      for (const auto& goal : plan.value->goals) {
        if (goal.element != node.code) continue;
        int done = 0, total = 0;
        for (const auto& action : plan.value->actions) {
          if (action.goal_id != goal.id) continue;
          ++total;
          done += action.status == domain::ActionStatus::kDone ? 1 : 0;
        }
        View g;
        g.set("title", goal.title);
        g.set("href", PlanHref(call, person) + "#goal-" + std::to_string(goal.id));
        g.set("actions",
              std::to_string(done) + " of " + std::to_string(total) + (total == 1 ? " action done" : " actions done"));
        goals.push_back(g);
        any = true;
      }
      View support = ViewList();
      if (const auto found = support_by_statement.find(node.code); found != support_by_statement.end()) {
        for (const auto& [text, href] : found->second) {
          View s;
          s.set("text", text);
          s.set("href", href);
          support.push_back(s);
          any = true;
        }
      }
      row.set("support", support);
      if (!any) continue;
      row.set("code", node.code);
      row.set("text", node.DisplayName());
      row.set("cells", cells);
      row.set("goals", goals);
      rows.push_back(row);
    }
  }
  v.set("rows", rows);
  auto response = HtmlResponse(200, ctx.renderer.Page("plan_progress", v, LayoutView(ctx, call, "Progress")));
  response.Set("Cache-Control", "no-store");
  return response;
}

http::Response FromFindingPage(Context& ctx, const Call& call) {
  const auto cycle = PathId(QueryValue(call.request, "cycle"));
  const auto element = QueryValue(call.request, "element");
  const auto source = QueryValue(call.request, "source");
  if (!cycle) return NotFoundPage(ctx, call);
  auto report = ctx.reports.Open(call.Actor(), *cycle);
  const auto kind = domain::ParseGoalSource(source);
  if (!report.Ok() || !kind) return NotFoundPage(ctx, call);
  const auto goal = domain::GoalFromFinding(report.value->report, element, *kind);
  if (!goal) return NotFoundPage(ctx, call);
  http::Response cookies;
  View v;
  v.set("csrf_token", EnsureCsrfCookie(ctx, call, cookies));
  v.set("cycle", std::to_string(*cycle));
  v.set("element", goal->element);
  v.set("source", std::string(domain::GoalSourceName(goal->source)));
  v.set("title", goal->title);
  v.set("finding", goal->finding);
  auto response = HtmlResponse(
      200, ctx.renderer.Page("plan_from_finding", v, LayoutView(ctx, call, "Add to your development plan")));
  response.Set("Cache-Control", "no-store");
  for (auto& header : cookies.headers) response.headers.push_back(std::move(header));
  return response;
}

http::Response GoalFromFindingSubmit(Context& ctx, const Call& call) {
  const auto cycle = PathId(call.Field("cycle"));
  if (!cycle) return NotFoundPage(ctx, call);
  auto added = ctx.plans.AddGoalFromFinding(call.Actor(), *cycle, call.Field("element"), call.Field("source"));
  if (!added.Ok()) {
    if (NotFound(added.refusals) || added.refusals.front().field == "report") return NotFoundPage(ctx, call);
    // Already in the plan (a second click, a back button): the plan, as it is.
    if (added.refusals.front().code == "already_planned") return Redirect("/plan");
    return ErrorPage(ctx, call, 400);
  }
  return Redirect("/plan#goal-" + std::to_string(*added.value));
}

http::Response AddActionSubmit(Context& ctx, const Call& call) {
  const auto goal = PathId(call.params.at(0));
  if (!goal) return NotFoundPage(ctx, call);
  const auto person = PersonOf(call);
  auto added = ctx.plans.AddAction(
      call.Actor(), *goal, {call.Field("kind"), call.Field("description"), call.Field("owner"), call.Field("due")});
  if (added.Ok()) return Redirect(PlanHref(call, person) + "#goal-" + std::to_string(*goal));
  if (NotFound(added.refusals)) return NotFoundPage(ctx, call);
  auto errors = FormErrors(ctx, added.refusals);
  // Each goal has its own action form: point the summary at this goal's fields.
  for (auto& error : errors) error.first += "-" + std::to_string(*goal);
  return RenderPlan(ctx, call, person, errors,
                    {{"kind", call.Field("kind")},
                     {"description", call.Field("description")},
                     {"owner", call.Field("owner")},
                     {"due", call.Field("due")}},
                    422, *goal);
}

http::Response AddEvidenceSubmit(Context& ctx, const Call& call) {
  const auto goal = PathId(call.params.at(0));
  if (!goal) return NotFoundPage(ctx, call);
  const auto person = PersonOf(call);
  // "goal" (or nothing): the goal itself; otherwise one of its actions' ids.
  const auto target = call.Field("for");
  std::optional<std::int64_t> action;
  if (!target.empty() && target != "goal") {
    action = PathId(target);
    if (!action) return NotFoundPage(ctx, call);
  }
  const auto file = call.files.find("file");
  const bool sent = file != call.files.end();
  const auto name = call.file_names.find("file");
  auto added = ctx.plans.AddEvidence(call.Actor(), *goal, action, sent,
                                     name != call.file_names.end() ? name->second : std::string(),
                                     sent ? file->second : std::string());
  if (added.Ok()) return Redirect(PlanHref(call, person) + "#goal-" + std::to_string(*goal) + "-evidence");
  if (NotFound(added.refusals)) return NotFoundPage(ctx, call);
  auto errors = FormErrors(ctx, added.refusals);
  // Each goal has its own upload form: point the summary at this goal's file input.
  for (auto& error : errors) error.first += "-" + std::to_string(*goal);
  return RenderPlan(ctx, call, person, errors, {{"for", target}}, 422, 0, *goal);
}

http::Response EvidenceDownload(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  auto file = ctx.plans.Evidence(call.Actor(), *id);
  if (!file.Ok()) return NotFoundPage(ctx, call);
  const auto& evidence = file.value->evidence;
  http::Response response;
  response.status = 200;
  // The allow-list's type, as stored; always a download, never shown here.
  response.Set("Content-Type", evidence.content_type);
  response.Set("Content-Disposition", AttachmentHeader(evidence.file_name));
  response.Set("X-Content-Type-Options", "nosniff");
  // Should a browser show it after all, it runs nothing and loads nothing.
  response.Set("Content-Security-Policy", "sandbox; default-src 'none'");
  response.Set("Cache-Control", "no-store");
  response.body = std::move(file.value->content);
  return response;
}

http::Response PlanReviewSubmit(Context& ctx, const Call& call) {
  const auto person = PersonOf(call);
  const auto held_on = call.Field("review_held_on");
  const auto comment = call.Field("review_comment");
  auto added = ctx.support.ReviewPlan(call.Actor(), person, held_on, comment);
  if (added.Ok()) return Redirect(PlanHref(call, person) + "#reviews");
  if (NotFound(added.refusals)) return NotFoundPage(ctx, call);
  auto errors = FormErrors(ctx, added.refusals);
  for (auto& error : errors) error.first = "review_" + error.first;
  return RenderPlan(ctx, call, person, errors, {{"review_held_on", held_on}, {"review_comment", comment}}, 422);
}

http::Response ActionStatusSubmit(Context& ctx, const Call& call) {
  const auto action = PathId(call.params.at(0));
  if (!action) return NotFoundPage(ctx, call);
  const auto person = PersonOf(call);
  auto changed = ctx.plans.SetActionStatus(call.Actor(), *action, call.Field("status"));
  if (changed.Ok()) return Redirect(PlanHref(call, person));
  if (NotFound(changed.refusals)) return NotFoundPage(ctx, call);
  return RenderPlan(ctx, call, person, FormErrors(ctx, changed.refusals), {}, 422);
}

}  // namespace lqf::web
