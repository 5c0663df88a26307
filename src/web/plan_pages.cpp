// A development plan: its goals (each tied to a statement, perhaps from a
// report finding, with the figures that put it there), their actions and
// statuses, the plan's history, and the forms that add to it. Who may see or
// change a plan is app::Plans' business; this file only renders and reads forms.

#include <cstdio>

#include "web/handlers.hpp"
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
  return first.code == "not_found" &&
         (first.field == "participant" || first.field == "goal" || first.field == "action" || first.field == "cycle");
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
//! (opened, with what was typed, so nothing is lost).
http::Response RenderPlan(Context& ctx, const Call& call, std::int64_t person, const Errors& errors,
                          const std::map<std::string, std::string>& typed, int status, std::int64_t open_goal = 0) {
  auto plan = ctx.plans.PlanOf(call.Actor(), person);
  if (!plan.Ok()) return NotFoundPage(ctx, call);
  const auto owner = ctx.accounts.FindPerson(call.Actor(), person);
  const auto entry = ctx.catalog.Get("nlqf-2010");
  http::Response cookies;
  View v;
  v.set("csrf_token", EnsureCsrfCookie(ctx, call, cookies));
  v.set("own", person == call.Actor().person_id);
  v.set("person", std::to_string(person));
  v.set("person_name", owner.Ok() ? owner.value->name : std::string());
  v.set("can_edit", plan.value->can_edit);
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
  const auto value = [&typed](const std::string& name) {
    const auto it = typed.find(name);
    return it == typed.end() ? std::string() : it->second;
  };
  v.set("statements", StatementOptions(ctx, value("element")));
  v.set("title", value("title"));
  v.set("detail", value("detail"));
  v.set("form_open", !errors.empty());
  SetErrors(v, errors);
  const std::string title = (errors.empty() ? "" : "Error: ") + std::string("Development plan");
  auto response = HtmlResponse(status, ctx.renderer.Page("plan", v, LayoutView(ctx, call, title)));
  response.Set("Cache-Control", "no-store");
  for (auto& header : cookies.headers) response.headers.push_back(std::move(header));
  return response;
}

}  // namespace

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
  const auto owner = ctx.accounts.FindPerson(call.Actor(), person);
  const auto entry = ctx.catalog.Get("nlqf-2010");
  View v;
  v.set("own", person == call.Actor().person_id);
  v.set("person_name", owner.Ok() ? owner.value->name : std::string());
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
  // One row per statement, in the framework's order, for those scored in a
  // cycle or tied to a goal.
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
