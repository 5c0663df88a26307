// The JSON API for mentoring, coaching, appraisal and plan reviews
// (docs/openapi.yaml): the same use cases as the pages (app::Support,
// app::Appraisals), the same access rules, RFC 9457 problems for refusals.
// What someone may not see reads as not found.

#include <algorithm>

#include "web/api_json.hpp"
#include "web/query.hpp"

namespace lqf::web {
namespace json = boost::json;
namespace {

json::value TextOrNull(const std::string& text) { return text.empty() ? json::value(nullptr) : json::value(text); }

json::object SessionJson(const domain::SupportSession& s, domain::SessionSight sight) {
  json::array themes;
  for (const auto& theme : s.themes) themes.emplace_back(theme);
  json::object out{{"id", s.id}, {"held_on", s.held_on}, {"themes", std::move(themes)}};
  // Only what the viewer may see is in the answer at all.
  if (sight == domain::SessionSight::kRecord || sight == domain::SessionSight::kFull) out["record"] = s.summary;
  if (sight == domain::SessionSight::kFull) out["private_note"] = TextOrNull(s.private_note);
  return out;
}

json::object RelationshipJson(const app::RelationshipView& r) {
  json::array sessions;
  for (const auto& s : r.sessions) sessions.push_back(SessionJson(s, r.sight));
  return {{"id", r.relationship.id},
          {"person_id", r.relationship.participant_id},
          {"person", r.participant_name},
          {"supporter_id", r.relationship.supporter_id},
          {"supporter", r.supporter_name},
          {"as", domain::SupportKindName(r.relationship.kind)},
          {"started_on", r.relationship.started_on},
          {"ended_on", TextOrNull(r.relationship.ended_on)},
          {"active", r.active},
          {"plan_shared", r.relationship.shares_plan},
          {"can_record", r.can_record},
          {"sessions", std::move(sessions)}};
}

json::object AppraisalJson(const app::AppraisalView& a) {
  json::array objectives;
  for (const auto& o : a.objectives) {
    objectives.push_back(json::object{{"id", o.id},
                                      {"statement", TextOrNull(o.element)},
                                      {"title", o.title},
                                      {"measure", o.measure},
                                      {"carried_from", o.carried_from ? json::value(*o.carried_from) : nullptr},
                                      {"outcome", domain::ObjectiveOutcomeName(o.outcome)}});
  }
  json::array reviews;
  for (const auto& r : a.reviews) {
    reviews.push_back(json::object{{"kind", domain::ReviewKindName(r.kind)},
                                   {"held_on", r.held_on},
                                   {"manager_comment", r.manager_comment},
                                   {"participant_comment", TextOrNull(r.participant_comment)}});
  }
  return {{"id", a.appraisal.id},
          {"person_id", a.appraisal.participant_id},
          {"person", a.participant_name},
          {"manager", a.manager_name},
          {"period_start", a.appraisal.period_start},
          {"period_end", a.appraisal.period_end},
          {"stage", domain::AppraisalStageLabel(a.stage)},
          {"mid_year_due", a.mid_year_due},
          {"year_end_due", a.year_end_due},
          {"manager_signed_at", TextOrNull(a.appraisal.manager_signed_at)},
          {"person_signed_at", TextOrNull(a.appraisal.participant_signed_at)},
          {"objectives", std::move(objectives)},
          {"reviews", std::move(reviews)}};
}

http::Response NotFoundProblem(const std::vector<app::Refusal>& refusals, const Context& ctx, std::string_view input) {
  if (!refusals.empty() && refusals.front().code == "not_found" &&
      (refusals.front().field == "participant" || refusals.front().field == "relationship" ||
       refusals.front().field == "appraisal" || refusals.front().field == "objective" ||
       refusals.front().field == "review")) {
    return Problem(404, "There is no such person, relationship or appraisal, or it is not yours to see.");
  }
  return RefusalProblem(ctx, input, refusals);
}

http::Response Json(const Call& call, json::value body, int status = 200) {
  auto response = JsonResponse(call.request, json::serialize(body));
  response.status = status;
  response.Set("Cache-Control", "no-store");
  return response;
}

//! The relationship of `id` as the actor sees it, as JSON.
http::Response RelationshipAnswer(Context& ctx, const Call& call, std::int64_t id, int status) {
  auto opened = ctx.support.Open(call.Actor(), id);
  if (!opened.Ok()) return NotFoundProblem(opened.refusals, ctx, "support");
  return Json(call, RelationshipJson(*opened.value), status);
}

http::Response AppraisalAnswer(Context& ctx, const Call& call, std::int64_t id, int status) {
  auto opened = ctx.appraisals.Open(call.Actor(), id);
  if (!opened.Ok()) return NotFoundProblem(opened.refusals, ctx, "appraisal");
  return Json(call, AppraisalJson(*opened.value), status);
}

}  // namespace

http::Response ApiSupport(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such person.");
  auto supporters = ctx.support.SupportersOf(call.Actor(), *id);
  if (!supporters.Ok()) return NotFoundProblem(supporters.refusals, ctx, "support");
  json::array list;
  for (const auto& r : *supporters.value) list.push_back(RelationshipJson(r));
  return Json(call, json::object{{"person_id", *id}, {"relationships", std::move(list)}});
}

http::Response ApiAddRelationship(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such person.");
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  auto added = ctx.support.AddRelationship(call.Actor(), *id,
                                           {StringField(*body, "supporter_email"), StringField(*body, "as"),
                                            StringField(*body, "started_on"), StringField(*body, "ended_on")});
  if (!added.Ok()) return NotFoundProblem(added.refusals, ctx, "support");
  return RelationshipAnswer(ctx, call, *added.value, 201);
}

http::Response ApiRelationship(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such relationship.");
  return RelationshipAnswer(ctx, call, *id, 200);
}

http::Response ApiRelationshipChange(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such relationship.");
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  const auto& what = call.params.at(1);
  app::Outcome<bool> changed;
  if (what == "end") {
    changed = ctx.support.EndRelationship(call.Actor(), *id, StringField(*body, "ended_on"));
  } else if (what == "share") {
    const auto share = body->find("share");
    if (share == body->end() || !share->value().is_bool()) return Problem(400, "\"share\" must be true or false.");
    changed = ctx.support.SharePlan(call.Actor(), *id, share->value().as_bool());
  } else {
    return Problem(404, "There is no such action on a relationship.");
  }
  if (!changed.Ok()) return NotFoundProblem(changed.refusals, ctx, "support");
  return RelationshipAnswer(ctx, call, *id, 200);
}

http::Response ApiRecordSession(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such relationship.");
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  app::SessionInput input;
  input.held_on = StringField(*body, "held_on");
  if (auto themes = body->find("themes"); themes != body->end()) {
    if (!themes->value().is_array()) return Problem(400, "\"themes\" must be a list of statement codes.");
    for (const auto& theme : themes->value().as_array()) {
      if (!theme.is_string()) return Problem(400, "\"themes\" must be a list of statement codes.");
      input.themes.emplace_back(theme.as_string());
    }
  }
  input.summary = StringField(*body, "record");
  input.private_note = StringField(*body, "private_note");
  if (auto action = body->find("action"); action != body->end() && !action->value().is_null()) {
    if (!action->value().is_object()) return Problem(400, "\"action\" must be an object.");
    const auto& a = action->value().as_object();
    input.action_kind = StringField(a, "kind");
    input.action_description = StringField(a, "description");
    input.action_owner = StringField(a, "owner");
    input.action_due = StringField(a, "due");
    if (auto goal = a.find("goal_id"); goal == a.end() || goal->value().is_null()) {
      input.action_goal = "new";
    } else if (goal->value().is_int64()) {
      input.action_goal = std::to_string(goal->value().as_int64());
    } else {
      return Problem(400, "\"goal_id\" must be a whole number, or left out for a new goal on the first theme.");
    }
  }
  auto recorded = ctx.support.RecordSession(call.Actor(), *id, input);
  if (!recorded.Ok()) return NotFoundProblem(recorded.refusals, ctx, "session");
  return RelationshipAnswer(ctx, call, *id, 201);
}

http::Response ApiReviewPlan(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such person.");
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  auto added = ctx.support.ReviewPlan(call.Actor(), *id, StringField(*body, "held_on"), StringField(*body, "comment"));
  if (!added.Ok()) return NotFoundProblem(added.refusals, ctx, "plan");
  return Json(call, json::object{{"id", *added.value}}, 201);
}

http::Response ApiAppraisals(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such person.");
  auto years = ctx.appraisals.Of(call.Actor(), *id);
  if (!years.Ok()) return NotFoundProblem(years.refusals, ctx, "appraisal");
  json::array list;
  for (const auto& year : years.value->years) list.push_back(AppraisalJson(year));
  return Json(call, json::object{{"person_id", *id}, {"appraisals", std::move(list)}});
}

http::Response ApiStartAppraisal(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such person.");
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  std::vector<std::int64_t> carry;
  if (auto list = body->find("carry_forward"); list != body->end()) {
    if (!list->value().is_array()) return Problem(400, "\"carry_forward\" must be a list of objective ids.");
    for (const auto& item : list->value().as_array()) {
      if (!item.is_int64()) return Problem(400, "\"carry_forward\" must be a list of objective ids.");
      carry.push_back(item.as_int64());
    }
  }
  auto started = ctx.appraisals.Start(call.Actor(), *id, StringField(*body, "period_start"),
                                      StringField(*body, "period_end"), carry);
  if (!started.Ok()) return NotFoundProblem(started.refusals, ctx, "appraisal");
  return AppraisalAnswer(ctx, call, *started.value, 201);
}

http::Response ApiAppraisal(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such appraisal.");
  return AppraisalAnswer(ctx, call, *id, 200);
}

http::Response ApiAppraisalChange(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such appraisal.");
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  const auto& what = call.params.at(1);
  std::vector<app::Refusal> refusals;
  int status = 200;
  if (what == "objectives") {
    auto added = ctx.appraisals.AddObjective(
        call.Actor(), *id,
        {StringField(*body, "statement"), StringField(*body, "title"), StringField(*body, "measure")});
    refusals = added.refusals;
    status = 201;
  } else if (what == "reviews") {
    auto held = ctx.appraisals.HoldReview(call.Actor(), *id, StringField(*body, "kind"), StringField(*body, "held_on"),
                                          StringField(*body, "comment"));
    refusals = held.refusals;
    status = 201;
  } else if (what == "sign") {
    refusals = ctx.appraisals.Sign(call.Actor(), *id).refusals;
  } else {
    return Problem(404, "There is no such action on an appraisal.");
  }
  if (!refusals.empty()) return NotFoundProblem(refusals, ctx, "appraisal");
  return AppraisalAnswer(ctx, call, *id, status);
}

http::Response ApiObjectiveOutcome(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  const auto objective = PathId(call.params.at(1));
  if (!id || !objective) return Problem(404, "There is no such objective.");
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  // The objective must be of the year in the address.
  auto year = ctx.appraisals.Open(call.Actor(), *id);
  if (!year.Ok()) return NotFoundProblem(year.refusals, ctx, "appraisal");
  if (std::none_of(year.value->objectives.begin(), year.value->objectives.end(),
                   [&](const domain::Objective& o) { return o.id == *objective; })) {
    return Problem(404, "There is no such objective in this appraisal.");
  }
  auto set = ctx.appraisals.SetOutcome(call.Actor(), *objective, StringField(*body, "outcome"));
  if (!set.Ok()) return NotFoundProblem(set.refusals, ctx, "appraisal");
  return AppraisalAnswer(ctx, call, *id, 200);
}

http::Response ApiReviewComment(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such appraisal.");
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  auto added = ctx.appraisals.CommentOnReview(call.Actor(), *id, call.params.at(1), StringField(*body, "comment"));
  if (!added.Ok()) return NotFoundProblem(added.refusals, ctx, "appraisal");
  return AppraisalAnswer(ctx, call, *id, 200);
}

}  // namespace lqf::web
