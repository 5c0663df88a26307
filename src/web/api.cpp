// The JSON API (docs/openapi.yaml): frameworks, health, and RFC 9457 problems.

#include <boost/json.hpp>
#include <charconv>

#include "web/api_json.hpp"
#include "web/handlers.hpp"
#include "web/query.hpp"

namespace lqf::web {
namespace json = boost::json;
namespace {

std::string_view Reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

}  // namespace

http::Response JsonResponse(const http::Request& request, std::string body, std::string_view etag) {
  http::Response response;
  response.Set("Content-Type", "application/json");
  response.Set("Cache-Control", "no-cache");
  if (!etag.empty()) {
    const std::string quoted = "\"" + std::string(etag) + "\"";
    response.Set("ETag", quoted);
    if (request.Header("If-None-Match") == quoted) {
      response.status = 304;
      return response;
    }
  }
  response.body = std::move(body);
  return response;
}

http::Response Problem(int status, std::string_view detail) {
  json::object problem;
  problem["type"] = "about:blank";
  problem["title"] = Reason(status);
  problem["status"] = status;
  problem["detail"] = detail;
  http::Response response;
  response.status = status;
  response.Set("Content-Type", "application/problem+json");
  response.Set("Cache-Control", "no-store");
  response.body = json::serialize(problem);
  return response;
}

http::Response ApiFrameworks(Context& ctx, const Call& call) {
  const auto& request = call.request;
  json::array list;
  std::string all_hashes;
  for (const auto& entry : ctx.catalog.List()) {
    const auto& fw = *entry.framework;
    json::object item;
    item["code"] = fw.code;
    item["version"] = fw.version;
    item["title"] = fw.title;
    item["short_title"] = fw.short_title;
    item["element_count"] = fw.nodes.size();
    item["content_sha256"] = entry.content_sha256;
    item["imported_at"] = entry.imported_at;
    item["href"] = "/api/v1/frameworks/" + fw.code;
    list.push_back(std::move(item));
    all_hashes += entry.content_sha256;
  }
  json::object body;
  body["frameworks"] = std::move(list);
  return JsonResponse(request, json::serialize(body), HexHash(all_hashes));
}

http::Response ApiFramework(Context& ctx, const Call& call) {
  const auto& request = call.request;
  const auto& params = call.params;
  auto query = ParseQuery(request.query);
  if (!query) return Problem(400, "The query string is not valid; percent-encode it as UTF-8.");
  std::string version;
  if (auto it = query->find("version"); it != query->end()) version = it->second;
  auto entry = ctx.catalog.Get(params[0], version);
  if (!entry) {
    if (!version.empty() && ctx.catalog.Get(params[0])) {
      return Problem(404, "Framework \"" + params[0] + "\" has no version \"" + version + "\".");
    }
    return Problem(404, "No framework has the code \"" + params[0] + "\". GET /api/v1/frameworks lists them.");
  }
  return JsonResponse(request, *entry->document, entry->content_sha256);
}

http::Response Health(Context& ctx, const Call& call) {
  const auto& request = call.request;
  json::object body;
  try {
    // Touches the database (the catalog checks whether frameworks changed).
    body["frameworks"] = ctx.catalog.List().size();
    body["status"] = "ok";
  } catch (const std::exception&) {
    body["status"] = "unavailable";
    auto response = JsonResponse(request, json::serialize(body));
    response.status = 503;
    return response;
  }
  auto response = JsonResponse(request, json::serialize(body));
  response.Set("Cache-Control", "no-store");
  return response;
}

namespace {

json::object PersonJson(const domain::Person& person) {
  json::object out;
  out["id"] = person.id;
  out["name"] = person.name;
  out["email"] = person.email;
  if (person.organisation_id) {
    out["organisation_id"] = *person.organisation_id;
  } else {
    out["organisation_id"] = nullptr;
  }
  out["job_title"] = person.job_title;
  out["background"] = domain::BackgroundName(person.background);
  out["disabled"] = person.disabled;
  json::array roles;
  for (const auto& grant : person.grants) {
    json::object g;
    g["role"] = domain::RoleName(grant.role);
    g["scope"] = grant.scope == domain::ScopeKind::kInstallation ? "installation"
                 : grant.scope == domain::ScopeKind::kCohort     ? "cohort"
                                                                 : "organisation";
    if (grant.scope != domain::ScopeKind::kInstallation) g["scope_id"] = grant.scope_id;
    roles.push_back(std::move(g));
  }
  out["roles"] = std::move(roles);
  return out;
}

}  // namespace

http::Response RefusalProblem(const Context& ctx, std::string_view input, const std::vector<app::Refusal>& refusals) {
  if (!refusals.empty() && refusals.front().code == "forbidden") {
    return Problem(403, "Your roles do not allow this.");
  }
  json::array errors;
  for (const auto& refusal : refusals) {
    json::object e;
    e["field"] = refusal.field;
    e["code"] = refusal.code;
    e["detail"] = ctx.messages.Get(std::string(input) + "." + refusal.field + "." + refusal.code);
    errors.push_back(std::move(e));
  }
  auto response = Problem(422, "Some fields need changing; see errors.");
  auto body = json::parse(response.body).as_object();
  body["errors"] = std::move(errors);
  response.body = json::serialize(body);
  return response;
}

http::Response ApiSession(Context&, const Call& call) {
  json::object body;
  body["person"] = PersonJson(call.session->person);
  body["csrf_token"] = call.session->csrf_token;
  auto response = JsonResponse(call.request, json::serialize(body));
  response.Set("Cache-Control", "no-store");
  return response;
}

http::Response ApiPeople(Context& ctx, const Call& call) {
  json::array people;
  for (const auto& person : ctx.accounts.ListPeople(call.Actor()).value.value_or(std::vector<domain::Person>{})) {
    people.push_back(PersonJson(person));
  }
  json::object body;
  body["people"] = std::move(people);
  return JsonResponse(call.request, json::serialize(body));
}

http::Response ApiAddPerson(Context& ctx, const Call& call) {
  json::error_code ec;
  auto value = json::parse(call.request.body, ec);
  if (ec || !value.is_object()) return Problem(400, "The body must be a JSON object.");
  const auto& obj = value.as_object();
  auto field = [&](std::string_view name) -> std::string {
    auto it = obj.find(name);
    return it != obj.end() && it->value().is_string() ? std::string(it->value().as_string()) : std::string();
  };
  app::PersonInput input{field("name"),       field("email"), field("organisation"), field("job_title"),
                         field("background"), field("role"),  field("cohort")};
  auto outcome = ctx.accounts.AddPerson(call.Actor(), input);
  if (!outcome.Ok()) return RefusalProblem(ctx, "person", outcome.refusals);
  auto person = ctx.accounts.FindPerson(call.Actor(), *outcome.value);
  if (auto link = ctx.accounts.IssueSetPasswordLink(call.Actor(), *outcome.value); link.Ok() && person.Ok()) {
    ctx.notifications.SetPasswordLink(*person.value, *link.value);
  }
  auto response = JsonResponse(call.request, person.Ok() ? json::serialize(PersonJson(*person.value)) : "{}");
  response.status = 201;
  response.Set("Location", "/api/v1/people/" + std::to_string(*outcome.value));
  return response;
}

http::Response ApiOrganisations(Context& ctx, const Call& call) {
  auto organisations = ctx.accounts.ListOrganisations(call.Actor());
  auto cohorts = ctx.accounts.ListCohorts(call.Actor());
  if (!organisations.Ok() || !cohorts.Ok()) return Problem(403, "Your roles do not allow this.");
  json::array o_list, c_list;
  for (const auto& o : *organisations.value) {
    json::object item;
    item["id"] = o.id;
    item["name"] = o.name;
    item["kind"] = domain::OrganisationKindName(o.kind);
    item["region"] = o.region;
    o_list.push_back(std::move(item));
  }
  for (const auto& c : *cohorts.value) {
    json::object item;
    item["id"] = c.id;
    item["organisation_id"] = c.organisation_id;
    item["name"] = c.name;
    item["year"] = c.year;
    c_list.push_back(std::move(item));
  }
  json::object body;
  body["organisations"] = std::move(o_list);
  body["cohorts"] = std::move(c_list);
  return JsonResponse(call.request, json::serialize(body));
}

http::Response ApiAudit(Context& ctx, const Call& call) {
  std::string action;
  if (auto query = ParseQuery(call.request.query)) {
    if (auto it = query->find("action"); it != query->end()) action = it->second.substr(0, 64);
  }
  constexpr std::size_t kApiAuditLimit = 1000;
  auto outcome = ctx.accounts.AuditLog(call.Actor(), action, kApiAuditLimit);
  if (!outcome.Ok()) return Problem(403, "Only administrators may read the audit log.");
  json::array entries;
  for (const auto& entry : *outcome.value) {
    json::object e;
    e["id"] = entry.id;
    e["at"] = entry.at;
    e["action"] = entry.action;
    if (entry.actor_person_id) e["actor_person_id"] = *entry.actor_person_id;
    if (entry.subject_person_id) e["subject_person_id"] = *entry.subject_person_id;
    e["detail"] = entry.detail;
    entries.push_back(std::move(e));
  }
  json::object body;
  body["entries"] = std::move(entries);
  return JsonResponse(call.request, json::serialize(body));
}

}  // namespace lqf::web

// ---------------------------------------------------------------------------
// Feedback cycles: what a participant or programme lead does on the pages,
// for other systems. Never a rater's answers, nor who gave them.

namespace lqf::web {
namespace {

json::object CycleJson(const domain::Cycle& cycle) {
  json::object item;
  item["id"] = cycle.id;
  item["participant_id"] = cycle.participant_id;
  item["title"] = cycle.title;
  item["framework"] = cycle.framework_code;
  item["framework_version"] = cycle.framework_version;
  item["status"] = domain::CycleStatusName(cycle.status);
  item["deadline"] = cycle.deadline;
  item["needs_approval"] = cycle.needs_approval;
  item["coached_report"] = cycle.coached_report;
  item["reminder_limit"] = cycle.reminder_limit;
  item["reminder_gap_days"] = cycle.reminder_gap_days;
  json::array scope;
  for (const auto& code : cycle.scope) scope.emplace_back(code);
  item["scope"] = std::move(scope);
  json::array groups;
  for (const auto& g : cycle.groups) {
    json::object group;
    group["code"] = g.code;
    group["label"] = g.label;
    group["minimum"] = g.minimum;
    group["single_person"] = g.single_person;
    group["attributed"] = g.attributed;
    groups.push_back(std::move(group));
  }
  item["groups"] = std::move(groups);
  return item;
}

json::object SummaryJson(const app::CycleSummary& summary) {
  auto item = CycleJson(summary.cycle);
  item["participant_name"] = summary.participant_name;
  item["self_submitted"] = summary.self_submitted;
  json::array progress;
  for (const auto& p : summary.progress) {
    json::object row;
    row["group"] = p.group;
    row["nominated"] = p.nominated;
    row["invited"] = p.invited;
    row["started"] = p.started;
    row["submitted"] = p.submitted;
    row["declined"] = p.declined;
    progress.push_back(std::move(row));
  }
  item["progress"] = std::move(progress);
  json::array raters;
  for (const auto& r : summary.raters) {
    json::object rater;
    rater["id"] = r.id;
    rater["name"] = r.name;
    rater["email"] = r.email;
    rater["group"] = r.group;
    rater["invited"] = r.invited;
    raters.push_back(std::move(rater));
  }
  item["raters"] = std::move(raters);
  item["submitted_total"] = summary.submitted_total;
  if (summary.last_release) {
    item["last_release"] = json::object{{"released_at", summary.last_release->released_at},
                                        {"responses", summary.last_release->response_keys.size()}};
  } else {
    item["last_release"] = nullptr;
  }
  return item;
}

}  // namespace

std::optional<json::object> BodyObject(const Call& call) {
  json::error_code ec;
  auto value = json::parse(call.request.body, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::string StringField(const json::object& obj, std::string_view name) {
  auto it = obj.find(name);
  return it != obj.end() && it->value().is_string() ? std::string(it->value().as_string()) : std::string();
}

namespace {

//! A whole number field; `fallback` when absent, and a value no rule accepts
//! when present but not a whole number (so the use case refuses it by name).
int IntField(const json::object& obj, std::string_view name, int fallback) {
  auto it = obj.find(name);
  if (it == obj.end()) return fallback;
  if (it->value().is_int64() && it->value().as_int64() >= -1'000'000 && it->value().as_int64() <= 1'000'000) {
    return static_cast<int>(it->value().as_int64());
  }
  return -1;
}

std::vector<std::string> StringList(const json::object& obj, std::string_view name) {
  std::vector<std::string> list;
  auto it = obj.find(name);
  if (it == obj.end() || !it->value().is_array()) return list;
  for (const auto& v : it->value().as_array()) {
    if (v.is_string()) list.emplace_back(v.as_string());
  }
  return list;
}

//! The cycle (with progress) as JSON, or the refusal as a problem.
http::Response SummaryResponse(Context& ctx, const Call& call, std::int64_t id, int status = 200) {
  auto summary = ctx.feedback.GetCycle(call.Actor(), id);
  if (!summary.Ok()) return Problem(404, "There is no such feedback cycle, or it is not yours to see.");
  auto response = JsonResponse(call.request, json::serialize(SummaryJson(*summary.value)));
  response.status = status;
  return response;
}

//! Refusals of a cycle action: 404 for a cycle that is not there (or not
//! theirs), else 422 with each field's words.
http::Response CycleProblem(const Context& ctx, const std::vector<app::Refusal>& refusals) {
  if (!refusals.empty() && refusals.front().code == "not_found" &&
      (refusals.front().field == "cycle" || refusals.front().field == "participant" ||
       refusals.front().field == "person")) {
    return Problem(404, "There is no such feedback cycle or person, or it is not yours to act on.");
  }
  return RefusalProblem(ctx, "cycle", refusals);
}

}  // namespace

http::Response ApiPersonCycles(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such person.");
  auto cycles = ctx.feedback.CyclesOf(call.Actor(), *id);
  if (!cycles.Ok()) return Problem(404, "There is no such person, or their cycles are not yours to see.");
  json::array list;
  for (const auto& cycle : *cycles.value) list.push_back(CycleJson(cycle));
  json::object body;
  body["cycles"] = std::move(list);
  return JsonResponse(call.request, json::serialize(body));
}

http::Response ApiStartCycle(Context& ctx, const Call& call) {
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  app::CycleInput input;
  auto participant = body->find("participant_id");
  input.participant_id = participant != body->end() && participant->value().is_int64() ? participant->value().as_int64()
                                                                                       : call.Actor().person_id;
  input.title = StringField(*body, "title");
  if (auto framework = StringField(*body, "framework"); !framework.empty()) input.framework = framework;
  input.scope = StringList(*body, "scope");
  input.deadline = StringField(*body, "deadline");
  if (auto it = body->find("coached_report"); it != body->end() && it->value().is_bool()) {
    input.coached_report = it->value().as_bool();
  }
  if (auto it = body->find("needs_approval"); it != body->end() && it->value().is_bool()) {
    input.needs_approval = it->value().as_bool();
  }
  input.reminder_limit = IntField(*body, "reminder_limit", input.reminder_limit);
  input.reminder_gap_days = IntField(*body, "reminder_gap_days", input.reminder_gap_days);
  input.attributed = StringList(*body, "attributed");
  if (auto it = body->find("minimums"); it != body->end() && it->value().is_object()) {
    for (const auto& [group, value] : it->value().as_object()) {
      input.minimums.emplace_back(std::string(group),
                                  value.is_int64() && value.as_int64() >= 0 && value.as_int64() <= 1000
                                      ? static_cast<int>(value.as_int64())
                                      : -1);
    }
  }
  auto outcome = ctx.feedback.StartCycle(call.Actor(), input);
  if (!outcome.Ok()) return CycleProblem(ctx, outcome.refusals);
  auto response = SummaryResponse(ctx, call, *outcome.value, 201);
  response.Set("Location", "/api/v1/cycles/" + std::to_string(*outcome.value));
  return response;
}

http::Response ApiCycle(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such feedback cycle.");
  return SummaryResponse(ctx, call, *id);
}

http::Response ApiNominateRater(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such feedback cycle.");
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  auto outcome = ctx.feedback.NominateRater(
      call.Actor(), *id, {StringField(*body, "name"), StringField(*body, "email"), StringField(*body, "group")});
  if (!outcome.Ok()) return CycleProblem(ctx, outcome.refusals);
  return SummaryResponse(ctx, call, *id, 201);
}

http::Response ApiRemoveRater(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  const auto rater = PathId(call.params.at(1));
  if (!id || !rater) return Problem(404, "There is no such feedback cycle or rater.");
  auto outcome = ctx.feedback.RemoveRater(call.Actor(), *id, *rater);
  if (!outcome.Ok()) return CycleProblem(ctx, outcome.refusals);
  return SummaryResponse(ctx, call, *id);
}

http::Response ApiCycleAction(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such feedback cycle.");
  const auto& path = call.request.path;
  const auto action = path.substr(path.rfind('/') + 1);
  std::vector<app::Refusal> refusals;
  json::object result;
  if (action == "send") {
    auto outcome = ctx.feedback.SubmitRaters(call.Actor(), *id);
    refusals = outcome.refusals;
  } else if (action == "approve") {
    auto outcome = ctx.feedback.ApproveRaters(call.Actor(), *id);
    refusals = outcome.refusals;
  } else if (action == "remind") {
    auto outcome = ctx.feedback.Remind(call.Actor(), *id);
    refusals = outcome.refusals;
  } else if (action == "release") {
    refusals = ctx.feedback.ReleaseResults(call.Actor(), *id).refusals;
  } else if (action == "close") {
    refusals = ctx.feedback.CloseCycle(call.Actor(), *id).refusals;
  } else if (action == "deadline") {
    auto body = BodyObject(call);
    if (!body) return Problem(400, "The body must be a JSON object.");
    refusals = ctx.feedback.ExtendDeadline(call.Actor(), *id, StringField(*body, "deadline")).refusals;
  } else {
    return Problem(404, "There is nothing at this address. See docs/openapi.yaml.");
  }
  if (!refusals.empty()) return CycleProblem(ctx, refusals);
  return SummaryResponse(ctx, call, *id);
}

// ---------------------------------------------------------------------------
// Development plans.

namespace {

json::object PlanJson(const app::PlanView& plan) {
  json::array goals;
  for (const auto& goal : plan.goals) {
    json::array evidence;
    for (const auto& item : plan.evidence) {
      const auto& e = item.evidence;
      if (e.goal_id != goal.id) continue;
      evidence.push_back(json::object{{"id", e.id},
                                      {"action_id", e.action_id ? json::value(*e.action_id) : json::value(nullptr)},
                                      {"file_name", e.file_name},
                                      {"content_type", e.content_type},
                                      {"size_bytes", e.size_bytes},
                                      {"sha256", e.sha256},
                                      {"uploaded_by", item.uploaded_by_name},
                                      {"uploaded_at", e.uploaded_at},
                                      {"href", "/plan/evidence/" + std::to_string(e.id)}});
    }
    json::array actions;
    for (const auto& action : plan.actions) {
      if (action.goal_id != goal.id) continue;
      actions.push_back(
          json::object{{"id", action.id},
                       {"kind", domain::ActionKindName(action.kind)},
                       {"description", action.description},
                       {"owner", action.owner},
                       {"due", action.due.empty() ? json::value(nullptr) : json::value(action.due)},
                       {"status", domain::ActionStatusName(action.status)},
                       {"updated_at", action.updated_at},
                       {"session_id", action.session_id ? json::value(*action.session_id) : json::value(nullptr)}});
    }
    goals.push_back(
        json::object{{"id", goal.id},
                     {"statement", goal.element.empty() ? json::value(nullptr) : json::value(goal.element)},
                     {"title", goal.title},
                     {"detail", goal.detail},
                     {"from", domain::GoalSourceName(goal.source)},
                     {"cycle_id", goal.source_cycle_id ? json::value(*goal.source_cycle_id) : json::value(nullptr)},
                     {"finding", goal.finding.empty() ? json::value(nullptr) : json::value(goal.finding)},
                     {"created_at", goal.created_at},
                     {"actions", std::move(actions)},
                     {"evidence", std::move(evidence)}});
  }
  json::array history;
  for (const auto& event : plan.history) history.push_back(json::object{{"at", event.at}, {"what", event.what}});
  json::array reviews;
  for (const auto& review : plan.reviews) {
    reviews.push_back(
        json::object{{"held_on", review.held_on}, {"by", review.reviewer_name}, {"comment", review.comment}});
  }
  return {{"person_id", plan.participant_id}, {"name", plan.participant_name}, {"can_edit", plan.can_edit},
          {"goals", std::move(goals)},        {"reviews", std::move(reviews)}, {"history", std::move(history)}};
}

http::Response PlanProblem(const Context& ctx, const std::vector<app::Refusal>& refusals) {
  if (!refusals.empty() && refusals.front().code == "not_found") {
    return Problem(404, "There is no such plan, goal, action or finding, or it is not yours to act on.");
  }
  return RefusalProblem(ctx, "plan", refusals);
}

}  // namespace

http::Response ApiPlan(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such person.");
  auto plan = ctx.plans.PlanOf(call.Actor(), *id);
  if (!plan.Ok()) return PlanProblem(ctx, plan.refusals);
  auto response = JsonResponse(call.request, json::serialize(PlanJson(*plan.value)));
  response.Set("Cache-Control", "no-store");
  return response;
}

http::Response ApiAddGoal(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return Problem(404, "There is no such person.");
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  app::Outcome<std::int64_t> added;
  if (auto cycle = body->find("cycle_id"); cycle != body->end() && cycle->value().is_int64()) {
    // From a report finding: the report must be this person's.
    added = ctx.plans.AddGoalFromFinding(call.Actor(), cycle->value().as_int64(), StringField(*body, "statement"),
                                         StringField(*body, "from"), *id);
  } else {
    added =
        ctx.plans.AddGoal(call.Actor(), *id,
                          {StringField(*body, "statement"), StringField(*body, "title"), StringField(*body, "detail")});
  }
  if (!added.Ok()) return PlanProblem(ctx, added.refusals);
  auto plan = ctx.plans.PlanOf(call.Actor(), *id);
  if (!plan.Ok()) return PlanProblem(ctx, plan.refusals);
  auto response = JsonResponse(call.request, json::serialize(PlanJson(*plan.value)));
  response.status = 201;
  response.Set("Cache-Control", "no-store");
  return response;
}

http::Response ApiAddAction(Context& ctx, const Call& call) {
  const auto person = PathId(call.params.at(0));
  const auto goal = PathId(call.params.at(1));
  if (!person || !goal) return Problem(404, "There is no such goal.");
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  auto added = ctx.plans.AddAction(call.Actor(), *goal,
                                   {StringField(*body, "kind"), StringField(*body, "description"),
                                    StringField(*body, "owner"), StringField(*body, "due")});
  if (!added.Ok()) return PlanProblem(ctx, added.refusals);
  auto plan = ctx.plans.PlanOf(call.Actor(), *person);
  if (!plan.Ok()) return PlanProblem(ctx, plan.refusals);
  auto response = JsonResponse(call.request, json::serialize(PlanJson(*plan.value)));
  response.status = 201;
  response.Set("Cache-Control", "no-store");
  return response;
}

http::Response ApiActionStatus(Context& ctx, const Call& call) {
  const auto person = PathId(call.params.at(0));
  const auto action = PathId(call.params.at(1));
  if (!person || !action) return Problem(404, "There is no such action.");
  auto body = BodyObject(call);
  if (!body) return Problem(400, "The body must be a JSON object.");
  auto changed = ctx.plans.SetActionStatus(call.Actor(), *action, StringField(*body, "status"));
  if (!changed.Ok()) return PlanProblem(ctx, changed.refusals);
  auto plan = ctx.plans.PlanOf(call.Actor(), *person);
  if (!plan.Ok()) return PlanProblem(ctx, plan.refusals);
  auto response = JsonResponse(call.request, json::serialize(PlanJson(*plan.value)));
  response.Set("Cache-Control", "no-store");
  return response;
}

}  // namespace lqf::web
