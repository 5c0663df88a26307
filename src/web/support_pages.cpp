// Mentoring, coaching and appraisal pages: who supports a person (set up by
// their programme lead), the sessions of a relationship (recorded by the
// mentor or coach, with an agreed action flowing into the plan), and
// appraisal years (objectives, reviews held by the line manager, sign-off by
// both). Who may see or do what is app::Support's and app::Appraisals'
// business; this file renders and reads forms.

#include <algorithm>

#include "web/handlers.hpp"
#include "web/query.hpp"

namespace lqf::web {
namespace {

using Errors = std::vector<std::pair<std::string, std::string>>;
using Typed = std::map<std::string, std::string>;

//! Whose page: `person` in the query or form, else the actor's own.
std::int64_t PersonOf(const Call& call) {
  const auto from = call.request.method == "POST" ? call.Field("person") : QueryValue(call.request, "person");
  if (auto id = PathId(from)) return *id;
  return call.Actor().person_id;
}

Errors FormErrors(const Context& ctx, std::string_view prefix, const std::vector<app::Refusal>& refusals) {
  Errors errors;
  for (const auto& refusal : refusals) {
    errors.emplace_back(refusal.field,
                        ctx.messages.Get(std::string(prefix) + "." + refusal.field + "." + refusal.code));
  }
  return errors;
}

//! True if the refusal means "not yours to see": answered as not found.
bool NotFound(const std::vector<app::Refusal>& refusals) {
  if (refusals.empty()) return false;
  const auto& first = refusals.front();
  return first.code == "not_found" &&
         (first.field == "participant" || first.field == "relationship" || first.field == "appraisal" ||
          first.field == "objective" || first.field == "review");
}

std::string Value(const Typed& typed, const std::string& name) {
  const auto it = typed.find(name);
  return it == typed.end() ? std::string() : it->second;
}

std::string StatementName(const Context& ctx, const std::string& code) {
  if (const auto entry = ctx.catalog.Get("nlqf-2010")) {
    if (const auto* node = entry->framework->Find(code)) return node->DisplayName();
  }
  return {};
}

//! The framework's statements for a select, `chosen` selected.
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

View Themes(const Context& ctx, const std::vector<std::string>& codes) {
  View themes = ViewList();
  for (const auto& code : codes) {
    View t;
    t.set("code", code);
    t.set("text", StatementName(ctx, code));
    themes.push_back(t);
  }
  return themes;
}

std::string Dates(const domain::Relationship& r) {
  return "From " + r.started_on + (r.ended_on.empty() ? std::string() : " to " + r.ended_on);
}

View RelationshipRow(const app::RelationshipView& r, bool as_supporter) {
  View v;
  v.set("id", std::to_string(r.relationship.id));
  v.set("kind", std::string(domain::SupportKindLabel(r.relationship.kind)));
  v.set("name", as_supporter ? r.participant_name : r.supporter_name);
  v.set("dates", Dates(r.relationship));
  v.set("active", r.active);
  v.set("shares_plan", r.relationship.shares_plan);
  v.set("can_share", r.can_share && r.active);
  v.set("can_end", r.can_end);
  v.set("is_line_manager", r.relationship.kind == domain::SupportKind::kLineManager);
  v.set("has_sessions_page", r.relationship.kind != domain::SupportKind::kLineManager);
  v.set("participant", std::to_string(r.relationship.participant_id));
  return v;
}

http::Response Finish(Context& ctx, const Call& call, int status, const std::string& page, View& v,
                      const std::string& title, const http::Response& cookies) {
  auto response = HtmlResponse(status, ctx.renderer.Page(page, v, LayoutView(ctx, call, title)));
  response.Set("Cache-Control", "no-store");
  for (const auto& header : cookies.headers) response.headers.push_back(header);
  return response;
}

http::Response RenderSupport(Context& ctx, const Call& call, std::int64_t person, const Errors& errors,
                             const Typed& typed, int status) {
  const auto actor = call.Actor();
  auto supporters = ctx.support.SupportersOf(actor, person);
  if (!supporters.Ok()) return NotFoundPage(ctx, call);
  const bool own = person == actor.person_id;
  const auto owner = ctx.accounts.FindPerson(actor, person);
  http::Response cookies;
  View v;
  v.set("csrf_token", EnsureCsrfCookie(ctx, call, cookies));
  v.set("own", own);
  v.set("person", std::to_string(person));
  v.set("person_name", owner.Ok() ? owner.value->name : std::string());
  v.set("is_participant", own && actor.Has(domain::Role::kParticipant));
  View list = ViewList();
  std::map<std::string, std::string> anchors{{"supporter", "supporter_email"}};
  for (const auto& r : *supporters.value) {
    auto row = RelationshipRow(r, false);
    // A refused end date: this row's form open, with its message and what was typed.
    const auto key = "end-" + std::to_string(r.relationship.id);
    for (const auto& [field, text] : errors) {
      if (field != key) continue;
      row.set("end_error", text);
      row.set("end_open", true);
      anchors[key] = "ended_on-" + std::to_string(r.relationship.id);
    }
    row.set("end_value", Value(typed, key));
    list.push_back(row);
  }
  v.set("supporters", list);
  v.set("has_supporters", !supporters.value->empty());
  // Only someone who oversees the person may set up their support.
  const bool can_manage =
      !own && owner.Ok() && domain::IsAllowed(actor, domain::Action::kManageSupport, domain::TargetFor(*owner.value));
  v.set("can_manage", can_manage);
  if (own) {
    View supporting = ViewList();
    for (const auto& r : ctx.support.Supporting(actor)) supporting.push_back(RelationshipRow(r, true));
    v.set("supporting", supporting);
    v.set("has_supporting", !supporting.is_empty_list());
  }
  View kinds = ViewList();
  for (auto k : domain::kAllSupportKinds) {
    View o;
    o.set("value", std::string(domain::SupportKindName(k)));
    o.set("label", std::string(domain::SupportKindLabel(k)));
    o.set("selected", Value(typed, "kind") == domain::SupportKindName(k));
    kinds.push_back(o);
  }
  v.set("kinds", kinds);
  for (const char* field : {"supporter_email", "started_on", "ended_on"}) v.set(field, Value(typed, field));
  SetErrors(v, errors, anchors);
  const std::string title =
      (errors.empty() ? "" : "Error: ") + std::string(own ? "Mentoring, coaching and appraisal" : "Support");
  return Finish(ctx, call, status, "support", v, title, cookies);
}

//! The relationship page, with the session form (typed values kept when refused).
http::Response RenderRelationship(Context& ctx, const Call& call, std::int64_t id, const Errors& errors,
                                  const Typed& typed, int status) {
  auto opened = ctx.support.Open(call.Actor(), id);
  if (!opened.Ok()) return NotFoundPage(ctx, call);
  const auto& r = *opened.value;
  http::Response cookies;
  View v;
  v.set("csrf_token", EnsureCsrfCookie(ctx, call, cookies));
  v.set("id", std::to_string(id));
  v.set("kind", std::string(domain::SupportKindLabel(r.relationship.kind)));
  v.set("kind_lower", r.relationship.kind == domain::SupportKind::kCoach ? "coaching" : "mentoring");
  v.set("participant_name", r.participant_name);
  v.set("supporter_name", r.supporter_name);
  v.set("dates", Dates(r.relationship));
  v.set("active", r.active);
  v.set("is_supporter", r.sight == domain::SessionSight::kFull);
  v.set("is_participant", r.sight == domain::SessionSight::kRecord);
  v.set("outline_only", r.sight == domain::SessionSight::kOutline);
  v.set("shares_plan", r.relationship.shares_plan);
  v.set("plan_href", "/plan?person=" + std::to_string(r.relationship.participant_id));
  v.set("can_record", r.can_record);
  View sessions = ViewList();
  for (const auto& s : r.sessions) {
    View item;
    item.set("id", std::to_string(s.id));
    item.set("held_on", s.held_on);
    item.set("themes", Themes(ctx, s.themes));
    item.set("has_themes", !s.themes.empty());
    item.set("summary", s.summary);
    item.set("has_summary", !s.summary.empty());
    item.set("private_note", s.private_note);
    item.set("has_private_note", !s.private_note.empty());
    sessions.push_back(item);
  }
  v.set("sessions", sessions);
  v.set("has_sessions", !r.sessions.empty());
  if (r.can_record) {
    for (int i = 1; i <= 3; ++i) {
      const auto field = "theme" + std::to_string(i);
      v.set(field + "_options", StatementOptions(ctx, Value(typed, field)));
    }
    View kinds = ViewList();
    const auto chosen_kind =
        Value(typed, "action_kind").empty()
            ? std::string(r.relationship.kind == domain::SupportKind::kCoach ? "coaching" : "mentoring")
            : Value(typed, "action_kind");
    for (auto k : domain::kAllActionKinds) {
      View o;
      o.set("value", std::string(domain::ActionKindName(k)));
      o.set("label", std::string(domain::ActionKindLabel(k)));
      o.set("selected", chosen_kind == domain::ActionKindName(k));
      kinds.push_back(o);
    }
    v.set("action_kinds", kinds);
    View goals = ViewList();
    for (const auto& goal : r.shared_goals) {
      View o;
      o.set("value", std::to_string(goal.id));
      o.set("label", goal.title);
      o.set("selected", Value(typed, "action_goal") == std::to_string(goal.id));
      goals.push_back(o);
    }
    v.set("goals", goals);
    v.set("has_goals", !r.shared_goals.empty());
    for (const char* field :
         {"held_on", "summary", "private_note", "action_description", "action_owner", "action_due"}) {
      v.set(field, Value(typed, field));
    }
    if (Value(typed, "action_owner").empty() && errors.empty()) v.set("action_owner", r.participant_name);
  }
  SetErrors(v, errors, {{"themes", "theme1"}});
  const std::string title = (errors.empty() ? "" : "Error: ") +
                            std::string(domain::SupportKindLabel(r.relationship.kind)) + ": " + r.participant_name;
  return Finish(ctx, call, status, "relationship", v, title, cookies);
}

View ObjectiveRow(const Context& ctx, const domain::Objective& o, bool can_judge) {
  View v;
  v.set("id", std::to_string(o.id));
  v.set("title", o.title);
  v.set("measure", o.measure);
  v.set("has_measure", !o.measure.empty());
  v.set("element", o.element);
  v.set("element_text", o.element.empty() ? std::string() : StatementName(ctx, o.element));
  v.set("has_element", !o.element.empty());
  v.set("carried", o.carried_from.has_value());
  v.set("outcome", std::string(domain::ObjectiveOutcomeLabel(o.outcome)));
  v.set("can_judge", can_judge);
  View outcomes = ViewList();
  for (auto outcome : domain::kAllObjectiveOutcomes) {
    View item;
    item.set("value", std::string(domain::ObjectiveOutcomeName(outcome)));
    item.set("label", std::string(domain::ObjectiveOutcomeLabel(outcome)));
    item.set("selected", outcome == o.outcome);
    outcomes.push_back(item);
  }
  v.set("outcomes", outcomes);
  return v;
}

http::Response RenderAppraisals(Context& ctx, const Call& call, std::int64_t person, const Errors& errors,
                                const Typed& typed, int status) {
  const auto actor = call.Actor();
  auto years = ctx.appraisals.Of(actor, person);
  if (!years.Ok()) return NotFoundPage(ctx, call);
  http::Response cookies;
  View v;
  v.set("csrf_token", EnsureCsrfCookie(ctx, call, cookies));
  v.set("own", person == actor.person_id);
  v.set("person", std::to_string(person));
  v.set("person_name", years.value->participant_name);
  View list = ViewList();
  View carry = ViewList();
  for (const auto& year : years.value->years) {
    View y;
    y.set("id", std::to_string(year.appraisal.id));
    y.set("period", year.appraisal.period_start + " to " + year.appraisal.period_end);
    y.set("manager_name", year.manager_name);
    y.set("stage", std::string(domain::AppraisalStageLabel(year.stage)));
    y.set("objectives", std::to_string(year.objectives.size()));
    list.push_back(y);
    for (const auto& o : year.objectives) {
      if (o.outcome == domain::ObjectiveOutcome::kMet || !year.appraisal.SignedOff()) continue;
      View c;
      c.set("id", std::to_string(o.id));
      c.set("title", o.title);
      c.set("outcome", std::string(domain::ObjectiveOutcomeLabel(o.outcome)));
      c.set("period", year.appraisal.period_start + " to " + year.appraisal.period_end);
      c.set("checked", Value(typed, "carry-" + std::to_string(o.id)) == "yes");
      carry.push_back(c);
    }
  }
  v.set("years", list);
  v.set("has_years", !years.value->years.empty());
  v.set("can_start", years.value->can_start);
  v.set("carry", carry);
  v.set("has_carry", !carry.is_empty_list());
  v.set("period_start", Value(typed, "period_start"));
  v.set("period_end", Value(typed, "period_end"));
  SetErrors(v, errors);
  const std::string title = (errors.empty() ? "" : "Error: ") + std::string("Appraisal");
  return Finish(ctx, call, status, "appraisals", v, title, cookies);
}

http::Response RenderAppraisal(Context& ctx, const Call& call, std::int64_t id, const Errors& errors,
                               const Typed& typed, int status) {
  auto opened = ctx.appraisals.Open(call.Actor(), id);
  if (!opened.Ok()) return NotFoundPage(ctx, call);
  const auto& a = *opened.value;
  http::Response cookies;
  View v;
  v.set("csrf_token", EnsureCsrfCookie(ctx, call, cookies));
  v.set("id", std::to_string(id));
  v.set("appraisal_id", std::to_string(id));
  v.set("person", std::to_string(a.appraisal.participant_id));
  v.set("participant_name", a.participant_name);
  v.set("manager_name", a.manager_name);
  v.set("period", a.appraisal.period_start + " to " + a.appraisal.period_end);
  v.set("stage", std::string(domain::AppraisalStageLabel(a.stage)));
  v.set("is_manager", a.is_manager);
  v.set("is_participant", a.is_participant);
  v.set("own", a.is_participant);
  v.set("can_add_objective", a.can_add_objective);
  v.set("can_review", a.can_review);
  v.set("can_sign", a.can_sign);
  v.set("signed_off", a.appraisal.SignedOff());
  v.set("manager_signed", a.appraisal.manager_signed_at.substr(0, 10));
  v.set("participant_signed", a.appraisal.participant_signed_at.substr(0, 10));
  v.set("has_manager_signed", !a.appraisal.manager_signed_at.empty());
  v.set("has_participant_signed", !a.appraisal.participant_signed_at.empty());
  View objectives = ViewList();
  const bool can_judge = a.is_manager && a.can_add_objective;  // nobody has signed yet
  for (const auto& o : a.objectives) objectives.push_back(ObjectiveRow(ctx, o, can_judge));
  v.set("objectives", objectives);
  v.set("has_objectives", !a.objectives.empty());
  View reviews = ViewList();
  bool mid_held = false;
  for (const auto& r : a.reviews) {
    View item;
    item.set("kind", std::string(domain::ReviewKindLabel(r.kind)));
    item.set("kind_name", std::string(domain::ReviewKindName(r.kind)));
    item.set("held_on", r.held_on);
    item.set("manager_comment", r.manager_comment);
    item.set("participant_comment", r.participant_comment);
    item.set("has_participant_comment", !r.participant_comment.empty());
    item.set("can_comment", a.is_participant && a.can_add_objective);
    const auto comment_key = "comment-" + std::string(domain::ReviewKindName(r.kind));
    item.set("typed_comment", Value(typed, comment_key));
    item.set("comment_error", std::string());
    for (const auto& [field, text] : errors) {
      if (field == comment_key) item.set("comment_error", text);
    }
    reviews.push_back(item);
    mid_held = mid_held || r.kind == domain::ReviewKind::kMidYear;
  }
  v.set("reviews", reviews);
  v.set("has_reviews", !a.reviews.empty());
  v.set("mid_year_due", a.mid_year_due);
  v.set("year_end_due", a.year_end_due);
  // The review to hold next: mid-year first, then year-end.
  const auto next_kind =
      Value(typed, "kind").empty() ? std::string(mid_held ? "year-end" : "mid-year") : Value(typed, "kind");
  View kinds = ViewList();
  for (auto k : domain::kAllReviewKinds) {
    View o;
    o.set("value", std::string(domain::ReviewKindName(k)));
    o.set("label", std::string(domain::ReviewKindLabel(k)));
    o.set("checked", next_kind == domain::ReviewKindName(k));
    kinds.push_back(o);
  }
  v.set("review_kinds", kinds);
  v.set("statements", StatementOptions(ctx, Value(typed, "element")));
  for (const char* field : {"title", "measure", "held_on", "manager_comment"}) v.set(field, Value(typed, field));
  SetErrors(v, errors, {{"kind", "kind-mid-year"}, {"appraisal", "stage"}, {"outcome", "objectives"}});
  const std::string title = (errors.empty() ? "" : "Error: ") + std::string("Appraisal: ") + a.participant_name;
  return Finish(ctx, call, status, "appraisal", v, title, cookies);
}

}  // namespace

// ---- Support and sessions ----

http::Response SupportPage(Context& ctx, const Call& call) {
  return RenderSupport(ctx, call, PersonOf(call), {}, {}, 200);
}

http::Response AddRelationshipSubmit(Context& ctx, const Call& call) {
  const auto person = PersonOf(call);
  const app::RelationshipInput input{call.Field("supporter_email"), call.Field("kind"), call.Field("started_on"),
                                     call.Field("ended_on")};
  auto added = ctx.support.AddRelationship(call.Actor(), person, input);
  if (added.Ok()) return Redirect("/support?person=" + std::to_string(person));
  if (NotFound(added.refusals)) return NotFoundPage(ctx, call);
  return RenderSupport(ctx, call, person, FormErrors(ctx, "support", added.refusals),
                       {{"supporter_email", input.supporter_email},
                        {"kind", input.kind},
                        {"started_on", input.started_on},
                        {"ended_on", input.ended_on}},
                       422);
}

http::Response EndRelationshipSubmit(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  const auto person = PersonOf(call);
  auto ended = ctx.support.EndRelationship(call.Actor(), *id, call.Field("ended_on"));
  if (ended.Ok()) return Redirect("/support?person=" + std::to_string(person));
  if (NotFound(ended.refusals)) return NotFoundPage(ctx, call);
  // Each relationship has its own "Last day" field: point the summary at this one's.
  auto errors = FormErrors(ctx, "support", ended.refusals);
  for (auto& error : errors) error.first = "end-" + std::to_string(*id);
  return RenderSupport(ctx, call, person, errors, {{"end-" + std::to_string(*id), call.Field("ended_on")}}, 422);
}

http::Response SharePlanSubmit(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  auto shared = ctx.support.SharePlan(call.Actor(), *id, call.Field("share") == "yes");
  if (!shared.Ok()) return NotFoundPage(ctx, call);
  return Redirect("/support");
}

http::Response RelationshipPage(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  return RenderRelationship(ctx, call, *id, {}, {}, 200);
}

http::Response RecordSessionSubmit(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  app::SessionInput input;
  input.held_on = call.Field("held_on");
  for (const char* field : {"theme1", "theme2", "theme3"}) input.themes.push_back(call.Field(field));
  input.summary = call.Field("summary");
  input.private_note = call.Field("private_note");
  input.action_kind = call.Field("action_kind");
  input.action_description = call.Field("action_description");
  input.action_owner = call.Field("action_owner");
  input.action_due = call.Field("action_due");
  input.action_goal = call.Field("action_goal");
  auto recorded = ctx.support.RecordSession(call.Actor(), *id, input);
  if (recorded.Ok()) return Redirect("/support/relationships/" + std::to_string(*id) + "#sessions");
  if (NotFound(recorded.refusals)) return NotFoundPage(ctx, call);
  Typed typed;
  for (const char* field : {"held_on", "theme1", "theme2", "theme3", "summary", "private_note", "action_kind",
                            "action_description", "action_owner", "action_due", "action_goal"}) {
    typed[field] = call.Field(field);
  }
  return RenderRelationship(ctx, call, *id, FormErrors(ctx, "session", recorded.refusals), typed, 422);
}

// ---- Appraisal ----

http::Response AppraisalsPage(Context& ctx, const Call& call) {
  return RenderAppraisals(ctx, call, PersonOf(call), {}, {}, 200);
}

http::Response StartAppraisalSubmit(Context& ctx, const Call& call) {
  const auto person = PersonOf(call);
  std::vector<std::int64_t> carry;
  Typed typed{{"period_start", call.Field("period_start")}, {"period_end", call.Field("period_end")}};
  for (const auto& [name, value] : call.form) {
    if (!name.starts_with("carry-") || value != "yes") continue;
    if (const auto id = PathId(name.substr(6))) carry.push_back(*id);
    typed[name] = value;
  }
  auto started = ctx.appraisals.Start(call.Actor(), person, typed["period_start"], typed["period_end"], carry);
  if (started.Ok()) return Redirect("/appraisals/" + std::to_string(*started.value));
  if (NotFound(started.refusals)) return NotFoundPage(ctx, call);
  return RenderAppraisals(ctx, call, person, FormErrors(ctx, "appraisal", started.refusals), typed, 422);
}

http::Response AppraisalPage(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  return RenderAppraisal(ctx, call, *id, {}, {}, 200);
}

http::Response AddObjectiveSubmit(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  const app::ObjectiveInput input{call.Field("element"), call.Field("title"), call.Field("measure")};
  auto added = ctx.appraisals.AddObjective(call.Actor(), *id, input);
  if (added.Ok()) return Redirect("/appraisals/" + std::to_string(*id) + "#objectives");
  if (NotFound(added.refusals)) return NotFoundPage(ctx, call);
  return RenderAppraisal(ctx, call, *id, FormErrors(ctx, "appraisal", added.refusals),
                         {{"element", input.element}, {"title", input.title}, {"measure", input.measure}}, 422);
}

http::Response ObjectiveOutcomeSubmit(Context& ctx, const Call& call) {
  const auto appraisal = PathId(call.params.at(0));
  const auto objective = PathId(call.params.at(1));
  if (!appraisal || !objective) return NotFoundPage(ctx, call);
  // The objective must be of the year in the address.
  auto year = ctx.appraisals.Open(call.Actor(), *appraisal);
  if (!year.Ok() || std::none_of(year.value->objectives.begin(), year.value->objectives.end(),
                                 [&](const domain::Objective& o) { return o.id == *objective; })) {
    return NotFoundPage(ctx, call);
  }
  auto set = ctx.appraisals.SetOutcome(call.Actor(), *objective, call.Field("outcome"));
  if (set.Ok()) return Redirect("/appraisals/" + std::to_string(*appraisal) + "#objectives");
  if (NotFound(set.refusals)) return NotFoundPage(ctx, call);
  return RenderAppraisal(ctx, call, *appraisal, FormErrors(ctx, "appraisal", set.refusals), {}, 422);
}

http::Response HoldReviewSubmit(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  const Typed typed{{"kind", call.Field("kind")},
                    {"held_on", call.Field("held_on")},
                    {"manager_comment", call.Field("manager_comment")}};
  auto held =
      ctx.appraisals.HoldReview(call.Actor(), *id, typed.at("kind"), typed.at("held_on"), typed.at("manager_comment"));
  if (held.Ok()) return Redirect("/appraisals/" + std::to_string(*id) + "#reviews");
  if (NotFound(held.refusals)) return NotFoundPage(ctx, call);
  return RenderAppraisal(ctx, call, *id, FormErrors(ctx, "appraisal", held.refusals), typed, 422);
}

http::Response ReviewCommentSubmit(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  const auto& kind = call.params.at(1);
  const auto comment = call.Field("comment");
  auto added = ctx.appraisals.CommentOnReview(call.Actor(), *id, kind, comment);
  if (added.Ok()) return Redirect("/appraisals/" + std::to_string(*id) + "#reviews");
  if (NotFound(added.refusals)) return NotFoundPage(ctx, call);
  auto errors = FormErrors(ctx, "appraisal", added.refusals);
  for (auto& error : errors) error.first = "comment-" + kind;
  return RenderAppraisal(ctx, call, *id, errors, {{"comment-" + kind, comment}}, 422);
}

http::Response SignAppraisalSubmit(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  auto signed_off = ctx.appraisals.Sign(call.Actor(), *id);
  if (signed_off.Ok()) return Redirect("/appraisals/" + std::to_string(*id));
  if (NotFound(signed_off.refusals)) return NotFoundPage(ctx, call);
  return RenderAppraisal(ctx, call, *id, FormErrors(ctx, "appraisal", signed_off.refusals), {}, 422);
}

}  // namespace lqf::web
