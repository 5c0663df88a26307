// Administration: people (list, add, disable) and the audit log. The use
// cases decide who may do what; these pages only ask and show.

#include <algorithm>
#include <charconv>

#include "web/handlers.hpp"
#include "web/query.hpp"

namespace lqf::web {
namespace {

bool MayAdminister(const Call& call) {
  const auto actor = call.Actor();
  return actor.Has(domain::Role::kAdministrator) || actor.Has(domain::Role::kProgrammeLead);
}

View Options(const std::vector<std::pair<std::string, std::string>>& choices, const std::string& selected) {
  View list = ViewList();
  for (const auto& [value, label] : choices) {
    View option;
    option.set("value", value);
    option.set("label", label);
    option.set("selected", value == selected);
    list.push_back(option);
  }
  return list;
}

http::Response RenderPeople(Context& ctx, const Call& call, const app::PersonInput& input,
                            const std::vector<app::Refusal>& refusals, int status, const std::string& notice) {
  View view;
  view.set("csrf_token", call.session->csrf_token);
  if (!notice.empty()) view.set("notice", notice);  // an empty string is truthy in Mustache
  view.set("is_admin", call.Actor().Has(domain::Role::kAdministrator));
  std::map<std::int64_t, std::string> organisation_names;
  std::vector<std::pair<std::string, std::string>> organisation_choices{{"", "None"}};
  if (auto organisations = ctx.accounts.ListOrganisations(call.Actor()); organisations.Ok()) {
    for (const auto& o : *organisations.value) {
      organisation_names[o.id] = o.name;
      organisation_choices.emplace_back(o.name, o.name);
    }
  }
  View people = ViewList();
  for (const auto& person : ctx.accounts.ListPeople(call.Actor()).value.value_or(std::vector<domain::Person>{})) {
    View p;
    p.set("id", std::to_string(person.id));
    p.set("name", person.name);
    p.set("email", person.email);
    p.set("organisation", person.organisation_id ? organisation_names[*person.organisation_id] : std::string());
    std::string roles;
    for (const auto& grant : person.grants) {
      if (!roles.empty()) roles += ", ";
      roles += domain::RoleLabel(grant.role);
    }
    p.set("roles", roles);
    p.set("disabled", person.disabled);
    p.set("is_self", person.id == call.session->person.id);
    p.set("can_erase", call.Actor().Has(domain::Role::kAdministrator));
    people.push_back(p);
  }
  view.set("people", people);

  std::vector<std::pair<std::string, std::string>> roles, backgrounds;
  for (auto role : domain::kAllRoles) roles.emplace_back(domain::RoleName(role), domain::RoleLabel(role));
  for (auto b : domain::kAllBackgrounds)
    backgrounds.emplace_back(domain::BackgroundName(b), domain::BackgroundLabel(b));
  view.set("organisations", Options(organisation_choices, input.organisation));
  view.set("roles", Options(roles, input.role.empty() ? "participant" : input.role));
  view.set("backgrounds", Options(backgrounds, input.background.empty() ? "not-recorded" : input.background));
  view.set("name", input.name);
  view.set("email", input.email);
  view.set("job_title", input.job_title);
  view.set("cohort", input.cohort);

  View errors = ViewList();
  for (const auto& refusal : refusals) {
    const auto text = ctx.messages.Get("person." + refusal.field + "." + refusal.code);
    View item;
    item.set("href", "#person-" + refusal.field);
    item.set("text", text);
    errors.push_back(item);
    view.set(refusal.field + "_error", text);
  }
  view.set("errors", errors);
  view.set("has_errors", !refusals.empty());
  View layout = LayoutView(ctx, call, refusals.empty() ? "People" : "Error: People");
  return HtmlResponse(status, ctx.renderer.Page("people", view, layout));
}

std::optional<std::int64_t> IdParam(const Call& call) {
  std::int64_t id = 0;
  const auto& text = call.params[0];
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

http::Response SetDisabled(Context& ctx, const Call& call, bool disabled) {
  auto id = IdParam(call);
  if (!id) return NotFoundPage(ctx, call);
  auto outcome = ctx.accounts.SetDisabled(call.Actor(), *id, disabled);
  if (!outcome.Ok()) {
    // The same answer for "no such person" and "not yours": ids reveal nothing.
    return outcome.refusals.front().code == "forbidden" || outcome.refusals.front().code == "not_found"
               ? ForbiddenPage(ctx, call)
               : ErrorPage(ctx, call, 400);
  }
  return Redirect("/admin/people");
}

}  // namespace

http::Response PeoplePage(Context& ctx, const Call& call) {
  if (!MayAdminister(call)) return ForbiddenPage(ctx, call);
  // After adding someone we redirect here (so a refresh does not add them
  // twice) and name them in the banner, if the viewer may see them.
  std::string notice;
  if (auto query = ParseQuery(call.request.query)) {
    if (query->count("erased")) notice = "The person's data has been erased.";
    if (auto it = query->find("added"); it != query->end()) {
      for (const auto& person : ctx.accounts.ListPeople(call.Actor()).value.value_or(std::vector<domain::Person>{})) {
        if (std::to_string(person.id) == it->second) notice = person.name + " has been added.";
      }
    }
  }
  return RenderPeople(ctx, call, {}, {}, 200, notice);
}

http::Response AddPersonSubmit(Context& ctx, const Call& call) {
  if (!MayAdminister(call)) return ForbiddenPage(ctx, call);
  app::PersonInput input{call.Field("name"),      call.Field("email"),      call.Field("organisation"),
                         call.Field("job_title"), call.Field("background"), call.Field("role"),
                         call.Field("cohort")};
  auto outcome = ctx.accounts.AddPerson(call.Actor(), input);
  if (!outcome.Ok()) {
    if (outcome.refusals.front().code == "forbidden") return ForbiddenPage(ctx, call);
    return RenderPeople(ctx, call, input, outcome.refusals, 422, "");
  }
  // They choose their own password from a single-use link sent by email.
  if (auto link = ctx.accounts.IssueSetPasswordLink(call.Actor(), *outcome.value); link.Ok()) {
    if (auto person = ctx.accounts.FindPerson(call.Actor(), *outcome.value); person.Ok()) {
      ctx.notifications.SetPasswordLink(*person.value, *link.value);
    }
  }
  return Redirect("/admin/people?added=" + std::to_string(*outcome.value));
}

http::Response DisablePersonSubmit(Context& ctx, const Call& call) { return SetDisabled(ctx, call, true); }
http::Response EnablePersonSubmit(Context& ctx, const Call& call) { return SetDisabled(ctx, call, false); }

http::Response AuditPage(Context& ctx, const Call& call) {
  std::string action;
  if (auto query = ParseQuery(call.request.query)) {
    if (auto it = query->find("action"); it != query->end()) action = it->second.substr(0, 64);
  }
  constexpr std::size_t kAuditPageSize = 200;
  auto outcome = ctx.accounts.AuditLog(call.Actor(), action, kAuditPageSize);
  if (!outcome.Ok()) return ForbiddenPage(ctx, call);
  View view;
  view.set("action", action);
  View entries = ViewList();
  for (const auto& entry : *outcome.value) {
    View e;
    e.set("at", entry.at);
    e.set("action", entry.action);
    e.set("actor", entry.actor_person_id ? "person " + std::to_string(*entry.actor_person_id) : std::string("system"));
    e.set("subject", entry.subject_person_id ? "person " + std::to_string(*entry.subject_person_id) : std::string());
    e.set("detail", entry.detail);
    entries.push_back(e);
  }
  view.set("entries", entries);
  return HtmlResponse(200, ctx.renderer.Page("audit", view, LayoutView(ctx, call, "Audit log")));
}

}  // namespace lqf::web

namespace lqf::web {
namespace {

//! The most problems an import page lists; the rest are counted.
constexpr std::size_t kMaxProblemsShown = 100;

http::Response RenderImport(Context& ctx, const Call& call, const std::vector<std::string>& problems, int status,
                            const std::string& notice) {
  View view;
  view.set("csrf_token", call.session->csrf_token);
  if (!notice.empty()) view.set("notice", notice);  // an empty string is truthy in Mustache
  View list = ViewList();
  for (std::size_t i = 0; i < problems.size() && i < kMaxProblemsShown; ++i) {
    View item;
    item.set("text", problems[i]);
    list.push_back(item);
  }
  view.set("problems", list);
  view.set("has_problems", !problems.empty());
  view.set("problem_count", std::to_string(problems.size()));
  view.set("more_problems", problems.size() > kMaxProblemsShown);
  return HtmlResponse(
      status, ctx.renderer.Page("import_people", view,
                                LayoutView(ctx, call, problems.empty() ? "Import people" : "Error: Import people")));
}

http::Response RenderOrganisations(Context& ctx, const Call& call, const std::string& form,
                                   const std::vector<app::Refusal>& refusals, int status, const std::string& notice) {
  View view;
  view.set("csrf_token", call.session->csrf_token);
  if (!notice.empty()) view.set("notice", notice);  // an empty string is truthy in Mustache
  const auto organisations =
      ctx.accounts.ListOrganisations(call.Actor()).value.value_or(std::vector<domain::Organisation>{});
  std::map<std::int64_t, std::string> names;
  View list = ViewList();
  View bodies = ViewList();
  for (const auto& o : organisations) {
    names[o.id] = o.name;
    View item;
    item.set("name", o.name);
    item.set("kind", std::string(domain::OrganisationKindLabel(o.kind)));
    item.set("region", o.region);
    list.push_back(item);
    if (o.kind == domain::OrganisationKind::kProgrammeBody) {
      View body;
      body.set("value", o.name);
      body.set("label", o.name);
      body.set("selected", call.Field("organisation") == o.name);
      bodies.push_back(body);
    }
  }
  view.set("organisations", list);
  view.set("programme_bodies", bodies);
  View cohorts = ViewList();
  for (const auto& c : ctx.accounts.ListCohorts(call.Actor()).value.value_or(std::vector<domain::Cohort>{})) {
    View item;
    item.set("name", c.name);
    item.set("body", names[c.organisation_id]);
    item.set("year", std::to_string(c.year));
    cohorts.push_back(item);
  }
  view.set("cohorts", cohorts);
  // Keep what was typed in the form that was sent.
  View typed;
  for (const char* field : {"name", "region", "year"}) typed.set(field, call.Field(field));
  typed.set("kind_la", call.Field("kind") == "local-authority");
  typed.set("kind_pb", call.Field("kind") == "programme-body");
  view.set(form.empty() ? "unused" : form, typed);
  View errors = ViewList();
  for (const auto& refusal : refusals) {
    const auto text = ctx.messages.Get(form + "." + refusal.field + "." + refusal.code);
    View item;
    item.set("href", "#" + form + "-" + refusal.field);
    item.set("text", text);
    errors.push_back(item);
    view.set(form + "_" + refusal.field + "_error", text);
  }
  view.set("errors", errors);
  view.set("has_errors", !refusals.empty());
  return HtmlResponse(
      status, ctx.renderer.Page("organisations", view,
                                LayoutView(ctx, call, refusals.empty() ? "Organisations" : "Error: Organisations")));
}

}  // namespace

http::Response ImportPeoplePage(Context& ctx, const Call& call) {
  if (!MayAdminister(call)) return ForbiddenPage(ctx, call);
  return RenderImport(ctx, call, {}, 200, "");
}

http::Response ImportPeopleSubmit(Context& ctx, const Call& call) {
  if (!MayAdminister(call)) return ForbiddenPage(ctx, call);
  auto file = call.files.find("file");
  if (file == call.files.end() || file->second.empty()) {
    return RenderImport(ctx, call, {ctx.messages.Get("import.file.blank")}, 422, "");
  }
  auto result = ctx.accounts.ImportPeople(call.Actor(), file->second);
  if (!result.Ok()) return RenderImport(ctx, call, DescribeImport(ctx.messages, result), 422, "");
  return RenderImport(ctx, call, {}, 200,
                      std::to_string(result.ids.size()) + (result.ids.size() == 1 ? " person" : " people") + " added.");
}

http::Response OrganisationsPage(Context& ctx, const Call& call) {
  auto organisations = ctx.accounts.ListOrganisations(call.Actor());
  if (!organisations.Ok() || !call.Actor().Has(domain::Role::kAdministrator)) return ForbiddenPage(ctx, call);
  return RenderOrganisations(ctx, call, {}, {}, 200, "");
}

http::Response AddOrganisationSubmit(Context& ctx, const Call& call) {
  auto outcome =
      ctx.accounts.AddOrganisation(call.Actor(), call.Field("name"), call.Field("kind"), call.Field("region"));
  if (!outcome.Ok()) {
    if (outcome.refusals.front().code == "forbidden") return ForbiddenPage(ctx, call);
    return RenderOrganisations(ctx, call, "organisation", outcome.refusals, 422, "");
  }
  return RenderOrganisations(ctx, call, {}, {}, 200, call.Field("name") + " has been added.");
}

http::Response AddCohortSubmit(Context& ctx, const Call& call) {
  int year = 0;
  const auto year_text = call.Field("year");
  std::from_chars(year_text.data(), year_text.data() + year_text.size(), year);
  auto outcome = ctx.accounts.AddCohort(call.Actor(), call.Field("organisation"), call.Field("name"), year);
  if (!outcome.Ok()) {
    if (outcome.refusals.front().code == "forbidden") return ForbiddenPage(ctx, call);
    return RenderOrganisations(ctx, call, "cohort", outcome.refusals, 422, "");
  }
  return RenderOrganisations(ctx, call, {}, {}, 200, call.Field("name") + " has been added.");
}

namespace {

http::Response RenderPerson(Context& ctx, const Call& call, const domain::Person& person,
                            const std::vector<app::Refusal>& refusals, int status) {
  View view;
  view.set("csrf_token", call.session->csrf_token);
  view.set("id", std::to_string(person.id));
  view.set("name", person.name);
  view.set("email", person.email);
  view.set("job_title", person.job_title);
  view.set("background", std::string(domain::BackgroundLabel(person.background)));
  view.set("disabled", person.disabled);
  view.set("is_participant", std::any_of(person.grants.begin(), person.grants.end(),
                                         [](const auto& grant) { return grant.role == domain::Role::kParticipant; }));
  std::map<std::int64_t, std::string> cohort_names;
  for (const auto& c : ctx.accounts.ListCohorts(call.Actor()).value.value_or(std::vector<domain::Cohort>{})) {
    cohort_names[c.id] = c.name;
  }
  View roles = ViewList();
  for (std::size_t i = 0; i < person.grants.size(); ++i) {
    const auto& grant = person.grants[i];
    View r;
    r.set("index", std::to_string(i));
    r.set("role", std::string(domain::RoleName(grant.role)));
    r.set("label", std::string(domain::RoleLabel(grant.role)));
    r.set("where", grant.scope == domain::ScopeKind::kCohort         ? "Cohort: " + cohort_names[grant.scope_id]
                   : grant.scope == domain::ScopeKind::kInstallation ? std::string("Everywhere")
                                                                     : std::string("Their organisation"));
    roles.push_back(r);
  }
  view.set("roles", roles);
  std::vector<std::pair<std::string, std::string>> choices;
  for (auto role : domain::kAllRoles) choices.emplace_back(domain::RoleName(role), domain::RoleLabel(role));
  view.set("role_choices", Options(choices, call.Field("role")));
  view.set("cohort", call.Field("cohort"));
  View errors = ViewList();
  for (const auto& refusal : refusals) {
    const auto text = ctx.messages.Get("role." + refusal.field + "." + refusal.code);
    View item;
    item.set("href", "#role-" + refusal.field);
    item.set("text", text);
    errors.push_back(item);
    view.set(refusal.field + "_error", text);
  }
  view.set("errors", errors);
  view.set("has_errors", !refusals.empty());
  return HtmlResponse(status, ctx.renderer.Page("person", view, LayoutView(ctx, call, person.name)));
}

}  // namespace

http::Response PersonPage(Context& ctx, const Call& call) {
  auto id = IdParam(call);
  if (!id) return NotFoundPage(ctx, call);
  auto person = ctx.accounts.FindPerson(call.Actor(), *id);
  // Someone who may not see this person gets the same page as for no such
  // person: changing the id in the address reveals nothing.
  if (!person.Ok() || !MayAdminister(call)) return ForbiddenPage(ctx, call);
  return RenderPerson(ctx, call, *person.value, {}, 200);
}

http::Response GrantRoleSubmit(Context& ctx, const Call& call) {
  auto id = IdParam(call);
  if (!id) return NotFoundPage(ctx, call);
  auto outcome = ctx.accounts.GrantRole(call.Actor(), *id, call.Field("role"), call.Field("cohort"));
  if (!outcome.Ok()) {
    const auto& code = outcome.refusals.front().code;
    if (code == "forbidden" || outcome.refusals.front().field == "person") return ForbiddenPage(ctx, call);
    auto person = ctx.accounts.FindPerson(call.Actor(), *id);
    if (!person.Ok()) return ForbiddenPage(ctx, call);
    return RenderPerson(ctx, call, *person.value, outcome.refusals, 422);
  }
  return Redirect("/admin/people/" + std::to_string(*id));
}

http::Response RevokeRoleSubmit(Context& ctx, const Call& call) {
  auto id = IdParam(call);
  std::size_t index = 0;
  const auto& text = call.params[1];
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (!id || error != std::errc() || end != text.data() + text.size()) return NotFoundPage(ctx, call);
  // The page named the role it showed at this place in the list: if the list
  // has changed since (another administrator was quicker), remove nothing.
  if (auto shown = ctx.accounts.FindPerson(call.Actor(), *id);
      shown.Ok() && (index >= shown.value->grants.size() ||
                     domain::RoleName(shown.value->grants[index].role) != call.Field("role"))) {
    return RenderPerson(ctx, call, *shown.value, {{"role", "not_found"}}, 409);
  }
  auto outcome = ctx.accounts.RevokeRole(call.Actor(), *id, index);
  if (!outcome.Ok()) {
    const auto& refusal = outcome.refusals.front();
    if (refusal.code == "forbidden" || refusal.field == "person") return ForbiddenPage(ctx, call);
    auto person = ctx.accounts.FindPerson(call.Actor(), *id);
    if (!person.Ok()) return ForbiddenPage(ctx, call);
    return RenderPerson(ctx, call, *person.value, outcome.refusals, 422);
  }
  return Redirect("/admin/people/" + std::to_string(*id));
}

}  // namespace lqf::web
