// UK GDPR: downloading a person's data and erasing it. The use cases in
// app/privacy.cpp decide who may; these handlers parse, call and render.
// Each POST has passed the CSRF check in routes.cpp before it gets here.

#include "web/privacy_pages.hpp"

#include <charconv>

#include "app/privacy.hpp"

namespace lqf::web {
namespace {

std::optional<std::int64_t> IdParam(const Call& call) {
  if (call.params.empty()) return std::nullopt;
  std::int64_t id = 0;
  const auto& text = call.params[0];
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

//! A JSON file to save, never to keep in a cache: it is personal data.
http::Response JsonDownload(std::string body, const std::string& filename) {
  http::Response response;
  response.status = 200;
  response.body = std::move(body);
  response.Set("Content-Type", "application/json");
  response.Set("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  response.Set("Cache-Control", "no-store");
  return response;
}

//! The page for a refusal: 404 for a person who is not there, else 403.
http::Response Refused(Context& ctx, const Call& call, const std::vector<app::Refusal>& refusals) {
  if (!refusals.empty() && refusals.front().code == "not_found") return NotFoundPage(ctx, call);
  return ForbiddenPage(ctx, call);
}

View Crumb(const std::string& href, const std::string& text) {
  View crumb;
  crumb.set("href", href);
  crumb.set("text", text);
  return crumb;
}

}  // namespace

http::Response ExportOwnDataSubmit(Context& ctx, const Call& call) {
  auto outcome = ctx.privacy.ExportPersonData(call.Actor(), call.session->person.id);
  if (!outcome.Ok()) return Refused(ctx, call, outcome.refusals);
  return JsonDownload(std::move(*outcome.value), "lqf-my-data.json");
}

http::Response ExportPersonSubmit(Context& ctx, const Call& call) {
  const auto id = IdParam(call);
  if (!id) return NotFoundPage(ctx, call);
  auto outcome = ctx.privacy.ExportPersonData(call.Actor(), *id);
  if (!outcome.Ok()) return Refused(ctx, call, outcome.refusals);
  return JsonDownload(std::move(*outcome.value), "lqf-person-" + std::to_string(*id) + ".json");
}

http::Response ErasePersonPage(Context& ctx, const Call& call) {
  const auto id = IdParam(call);
  if (!id) return NotFoundPage(ctx, call);
  auto outcome = ctx.privacy.PersonToErase(call.Actor(), *id);
  const bool is_self = !outcome.Ok() && outcome.refusals.front().code == "self";
  if (!outcome.Ok() && !is_self) return Refused(ctx, call, outcome.refusals);
  const auto& person = is_self ? call.session->person : *outcome.value;

  View view;
  view.set("id", std::to_string(person.id));
  view.set("name", person.name);
  view.set("email", person.email);
  view.set("job_title", person.job_title);
  std::string organisation;
  if (person.organisation_id) {
    for (const auto& o :
         ctx.accounts.ListOrganisations(call.Actor()).value.value_or(std::vector<domain::Organisation>{})) {
      if (o.id == *person.organisation_id) organisation = o.name;
    }
  }
  view.set("organisation", organisation);
  std::string roles;
  for (const auto& grant : person.grants) {
    if (!roles.empty()) roles += ", ";
    roles += domain::RoleLabel(grant.role);
  }
  view.set("roles", roles);
  view.set("is_self", is_self);
  view.set("csrf_token", call.session->csrf_token);

  View layout = LayoutView(ctx, call, "Erase " + person.name + "’s data");
  View crumbs = ViewList();
  crumbs.push_back(Crumb("/admin/people", "People"));
  SetBreadcrumbs(layout, crumbs);
  auto page = HtmlResponse(200, ctx.renderer.Page("erase_person", view, layout));
  page.Set("Cache-Control", "no-store");
  return page;
}

http::Response ErasePersonSubmit(Context& ctx, const Call& call) {
  const auto id = IdParam(call);
  if (!id) return NotFoundPage(ctx, call);
  auto outcome = ctx.privacy.ErasePerson(call.Actor(), *id);
  if (!outcome.Ok()) return Refused(ctx, call, outcome.refusals);
  // Erased now or before: either way the person is gone, so a repeated
  // submit lands on the same page. No name in the address: it is gone too.
  return Redirect("/admin/people?erased=1");
}

}  // namespace lqf::web
