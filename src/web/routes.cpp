// The one routes file: every URL LQF answers, and the WebApp that dispatches
// to them. Kebab-case URLs; GET shows, POST submits.

#include <iostream>
#include <typeinfo>

#include "web/handlers.hpp"
#include "web/multipart.hpp"
#include "web/privacy_pages.hpp"
#include "web/query.hpp"
#include "web/questionnaire.hpp"
#include "web/security_headers.hpp"
#include "web/web_app.hpp"

namespace lqf::web {
namespace {

using HandlerFn = http::Response (*)(Context&, const Call&);

//! Who may reach a route at all. Finer checks happen in the use cases.
enum class Gate { kAnyone, kSignedIn };

struct Route {
  std::string_view method;
  std::string_view pattern;  //!< segments; "{name}" captures one segment
  HandlerFn handler;
  Gate gate = Gate::kAnyone;
};

// Order matters where patterns overlap: /frameworks/{code}/search comes
// before /frameworks/{code}/{element}, so an element coded "search" would be
// shadowed (no framework we know uses that code).
constexpr Route kRoutes[] = {
    {"GET", "/", HomePage},
    {"GET", "/frameworks", FrameworksPage},
    {"GET", "/frameworks/{code}", FrameworkPage},
    {"GET", "/frameworks/{code}/search", SearchPage},
    {"GET", "/frameworks/{code}/{element}", ElementPage},
    {"GET", "/sign-in", SignInPage},
    {"POST", "/sign-in", SignInSubmit},
    {"GET", "/sign-out", SignOutPage},
    {"POST", "/sign-out", SignOutSubmit},
    {"GET", "/set-password", SetPasswordPage},
    {"POST", "/set-password", SetPasswordSubmit},
    {"GET", "/reset-password", ResetPasswordPage},
    {"POST", "/reset-password", ResetPasswordSubmit},
    {"GET", "/account", AccountPage, Gate::kSignedIn},
    {"POST", "/account/sign-out-everywhere", SignOutEverywhereSubmit, Gate::kSignedIn},
    {"POST", "/account/export", ExportOwnDataSubmit, Gate::kSignedIn},
    {"GET", "/admin/people", PeoplePage, Gate::kSignedIn},
    {"POST", "/admin/people", AddPersonSubmit, Gate::kSignedIn},
    {"GET", "/admin/people/import", ImportPeoplePage, Gate::kSignedIn},
    {"POST", "/admin/people/import", ImportPeopleSubmit, Gate::kSignedIn},
    {"GET", "/admin/organisations", OrganisationsPage, Gate::kSignedIn},
    {"POST", "/admin/organisations", AddOrganisationSubmit, Gate::kSignedIn},
    {"POST", "/admin/cohorts", AddCohortSubmit, Gate::kSignedIn},
    {"GET", "/admin/people/{id}", PersonPage, Gate::kSignedIn},
    {"POST", "/admin/people/{id}/roles", GrantRoleSubmit, Gate::kSignedIn},
    {"POST", "/admin/people/{id}/roles/{index}/remove", RevokeRoleSubmit, Gate::kSignedIn},
    {"POST", "/admin/people/{id}/disable", DisablePersonSubmit, Gate::kSignedIn},
    {"POST", "/admin/people/{id}/enable", EnablePersonSubmit, Gate::kSignedIn},
    {"POST", "/admin/people/{id}/export", ExportPersonSubmit, Gate::kSignedIn},
    {"GET", "/admin/people/{id}/erase", ErasePersonPage, Gate::kSignedIn},
    {"POST", "/admin/people/{id}/erase", ErasePersonSubmit, Gate::kSignedIn},
    {"GET", "/admin/audit", AuditPage, Gate::kSignedIn},
    {"GET", "/feedback", RaterPage},
    {"POST", "/feedback", RaterSaveSubmit},
    {"POST", "/feedback/submit", RaterSubmit},
    {"GET", "/feedback/decline", DeclinePage},
    {"POST", "/feedback/decline", DeclineSubmit},
    {"GET", "/cycles", CyclesPage, Gate::kSignedIn},
    {"POST", "/cycles", StartCycleSubmit, Gate::kSignedIn},
    {"GET", "/cycles/new", NewCyclePage, Gate::kSignedIn},
    {"GET", "/cycles/{id}", CyclePage, Gate::kSignedIn},
    {"POST", "/cycles/{id}/raters", NominateSubmit, Gate::kSignedIn},
    {"POST", "/cycles/{id}/raters/{rater}/remove", RemoveRaterSubmit, Gate::kSignedIn},
    {"POST", "/cycles/{id}/send", SendInvitationsSubmit, Gate::kSignedIn},
    {"POST", "/cycles/{id}/approve", ApproveRatersSubmit, Gate::kSignedIn},
    {"POST", "/cycles/{id}/remind", RemindSubmit, Gate::kSignedIn},
    {"POST", "/cycles/{id}/deadline", DeadlineSubmit, Gate::kSignedIn},
    {"POST", "/cycles/{id}/close", CloseCycleSubmit, Gate::kSignedIn},
    {"POST", "/cycles/{id}/release", ReleaseSubmit, Gate::kSignedIn},
    {"GET", "/reports", ReportsPage, Gate::kSignedIn},
    {"GET", "/plan", PlanPage, Gate::kSignedIn},
    {"POST", "/plan/goals", AddGoalSubmit, Gate::kSignedIn},
    {"GET", "/plan/progress", ProgressPage, Gate::kSignedIn},
    {"GET", "/plan.pdf", PlanPdf, Gate::kSignedIn},
    {"GET", "/plan/from-finding", FromFindingPage, Gate::kSignedIn},
    {"POST", "/plan/goals/from-finding", GoalFromFindingSubmit, Gate::kSignedIn},
    {"POST", "/plan/goals/{id}/actions", AddActionSubmit, Gate::kSignedIn},
    {"POST", "/plan/goals/{id}/evidence", AddEvidenceSubmit, Gate::kSignedIn},
    {"GET", "/plan/evidence/{id}", EvidenceDownload, Gate::kSignedIn},
    {"POST", "/plan/actions/{id}/status", ActionStatusSubmit, Gate::kSignedIn},
    {"POST", "/plan/reviews", PlanReviewSubmit, Gate::kSignedIn},
    {"GET", "/support", SupportPage, Gate::kSignedIn},
    {"POST", "/support/relationships", AddRelationshipSubmit, Gate::kSignedIn},
    {"GET", "/support/relationships/{id}", RelationshipPage, Gate::kSignedIn},
    {"POST", "/support/relationships/{id}/end", EndRelationshipSubmit, Gate::kSignedIn},
    {"POST", "/support/relationships/{id}/share", SharePlanSubmit, Gate::kSignedIn},
    {"POST", "/support/relationships/{id}/sessions", RecordSessionSubmit, Gate::kSignedIn},
    {"GET", "/appraisals", AppraisalsPage, Gate::kSignedIn},
    {"POST", "/appraisals", StartAppraisalSubmit, Gate::kSignedIn},
    {"GET", "/appraisals/{id}", AppraisalPage, Gate::kSignedIn},
    {"POST", "/appraisals/{id}/objectives", AddObjectiveSubmit, Gate::kSignedIn},
    {"POST", "/appraisals/{id}/objectives/{objective}/outcome", ObjectiveOutcomeSubmit, Gate::kSignedIn},
    {"POST", "/appraisals/{id}/reviews", HoldReviewSubmit, Gate::kSignedIn},
    {"POST", "/appraisals/{id}/reviews/{kind}/comment", ReviewCommentSubmit, Gate::kSignedIn},
    {"POST", "/appraisals/{id}/sign", SignAppraisalSubmit, Gate::kSignedIn},
    {"GET", "/cycles/{id}/report", ReportPage, Gate::kSignedIn},
    {"GET", "/cycles/{id}/report.pdf", ReportPdf, Gate::kSignedIn},
    {"GET", "/cycles/{id}/report.xlsx", ReportXlsx, Gate::kSignedIn},
    {"POST", "/cycles/{id}/report/release", ReleaseReportSubmit, Gate::kSignedIn},
    {"GET", "/cycles/{id}/self", SelfPage, Gate::kSignedIn},
    {"POST", "/cycles/{id}/self", SelfSaveSubmit, Gate::kSignedIn},
    {"POST", "/cycles/{id}/self/submit", SelfSubmit, Gate::kSignedIn},
    {"GET", "/health", Health},
    {"GET", "/api/v1/frameworks", ApiFrameworks},
    {"GET", "/api/v1/frameworks/{code}", ApiFramework},
    {"GET", "/api/v1/session", ApiSession, Gate::kSignedIn},
    {"GET", "/api/v1/people", ApiPeople, Gate::kSignedIn},
    {"POST", "/api/v1/people", ApiAddPerson, Gate::kSignedIn},
    {"GET", "/api/v1/organisations", ApiOrganisations, Gate::kSignedIn},
    {"GET", "/api/v1/audit", ApiAudit, Gate::kSignedIn},
    {"GET", "/api/v1/people/{id}/cycles", ApiPersonCycles, Gate::kSignedIn},
    {"GET", "/api/v1/people/{id}/plan", ApiPlan, Gate::kSignedIn},
    {"POST", "/api/v1/people/{id}/plan/goals", ApiAddGoal, Gate::kSignedIn},
    {"POST", "/api/v1/people/{id}/plan/goals/{goal}/actions", ApiAddAction, Gate::kSignedIn},
    {"POST", "/api/v1/people/{id}/plan/actions/{action}/status", ApiActionStatus, Gate::kSignedIn},
    {"POST", "/api/v1/people/{id}/plan/reviews", ApiReviewPlan, Gate::kSignedIn},
    {"GET", "/api/v1/people/{id}/support", ApiSupport, Gate::kSignedIn},
    {"POST", "/api/v1/people/{id}/support", ApiAddRelationship, Gate::kSignedIn},
    {"GET", "/api/v1/support/{id}", ApiRelationship, Gate::kSignedIn},
    {"POST", "/api/v1/support/{id}/sessions", ApiRecordSession, Gate::kSignedIn},
    {"POST", "/api/v1/support/{id}/{action}", ApiRelationshipChange, Gate::kSignedIn},
    {"GET", "/api/v1/people/{id}/appraisals", ApiAppraisals, Gate::kSignedIn},
    {"POST", "/api/v1/people/{id}/appraisals", ApiStartAppraisal, Gate::kSignedIn},
    {"GET", "/api/v1/appraisals/{id}", ApiAppraisal, Gate::kSignedIn},
    {"POST", "/api/v1/appraisals/{id}/objectives/{objective}/outcome", ApiObjectiveOutcome, Gate::kSignedIn},
    {"POST", "/api/v1/appraisals/{id}/reviews/{kind}/comment", ApiReviewComment, Gate::kSignedIn},
    {"POST", "/api/v1/appraisals/{id}/{action}", ApiAppraisalChange, Gate::kSignedIn},
    {"POST", "/api/v1/cycles", ApiStartCycle, Gate::kSignedIn},
    {"GET", "/api/v1/cycles/{id}", ApiCycle, Gate::kSignedIn},
    {"GET", "/api/v1/cycles/{id}/report", ApiReport, Gate::kSignedIn},
    {"POST", "/api/v1/cycles/{id}/raters", ApiNominateRater, Gate::kSignedIn},
    {"POST", "/api/v1/cycles/{id}/raters/{rater}/remove", ApiRemoveRater, Gate::kSignedIn},
    {"POST", "/api/v1/cycles/{id}/send", ApiCycleAction, Gate::kSignedIn},
    {"POST", "/api/v1/cycles/{id}/approve", ApiCycleAction, Gate::kSignedIn},
    {"POST", "/api/v1/cycles/{id}/remind", ApiCycleAction, Gate::kSignedIn},
    {"POST", "/api/v1/cycles/{id}/deadline", ApiCycleAction, Gate::kSignedIn},
    {"POST", "/api/v1/cycles/{id}/close", ApiCycleAction, Gate::kSignedIn},
    {"POST", "/api/v1/cycles/{id}/release", ApiCycleAction, Gate::kSignedIn},
};

//! Matches `path` against `pattern`, capturing "{...}" segments.
bool Match(std::string_view pattern, std::string_view path, RouteParams& params) {
  params.clear();
  if (pattern == "/") return path == "/";
  while (!pattern.empty() && !path.empty()) {
    if (pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    auto pattern_end = std::min(pattern.find('/'), pattern.size());
    auto path_end = std::min(path.find('/'), path.size());
    auto want = pattern.substr(0, pattern_end);
    auto got = path.substr(0, path_end);
    if (got.empty()) return false;
    if (want.starts_with('{')) {
      params.emplace_back(got);
    } else if (want != got) {
      return false;
    }
    pattern.remove_prefix(pattern_end);
    path.remove_prefix(path_end);
  }
  return pattern.empty() && path.empty();
}

bool IsApi(std::string_view path) { return path.starts_with("/api/"); }

}  // namespace

std::shared_ptr<const PageCache::Page> PageCache::Find(const std::string& key, const std::string& content_hash) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.content_hash != content_hash) return nullptr;
  return it->second.page;
}

std::shared_ptr<const PageCache::Page> PageCache::Store(const std::string& key, const std::string& content_hash,
                                                        std::string body) {
  auto page = std::make_shared<Page>();
  page->etag = "\"" + HexHash(body) + "\"";
  page->body = std::move(body);
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[key] = {content_hash, page};
  return page;
}

std::string NavVariant(const Call& call) {
  if (!call.session) return "anonymous";
  if (call.session->actor.Has(domain::Role::kAdministrator)) return "administrator";
  return call.session->actor.Has(domain::Role::kProgrammeLead) ? "lead" : "person";
}

View LayoutView(const Context& ctx, const Call& call, const std::string& page_title) {
  const auto& path = call.request.path;
  View layout;
  layout.set("page_title", page_title);
  layout.set("asset_version", ctx.assets.Version());
  View nav = ViewList();
  // "current": this very page; "active": a page within that section.
  auto item = [&](std::string href, std::string text, bool active) {
    View v;
    v.set("current", path == href);
    v.set("active", active);
    v.set("href", std::move(href));
    v.set("text", std::move(text));
    nav.push_back(v);
  };
  item("/", "Home", path == "/");
  item("/frameworks", "Frameworks", path.starts_with("/frameworks"));
  const auto variant = NavVariant(call);
  if (variant == "administrator") item("/admin/people", "Administration", path.starts_with("/admin"));
  if (variant == "lead") item("/admin/people", "People", path.starts_with("/admin"));
  if (variant == "anonymous") {
    item("/sign-in", "Sign in", path == "/sign-in");
  } else {
    item("/cycles", "Feedback", path.starts_with("/cycles"));
    item("/support", "Support",
         path.starts_with("/support") || path.starts_with("/appraisals") || path.starts_with("/plan"));
    item("/account", "Your account", path == "/account");
    item("/sign-out", "Sign out", path == "/sign-out");
  }
  layout.set("nav", nav);
  layout.set("has_breadcrumbs", false);
  return layout;
}

void SetBreadcrumbs(View& layout, const View& crumbs) {
  layout.set("breadcrumbs", crumbs);
  layout.set("has_breadcrumbs", true);
}

http::Response HtmlResponse(int status, std::string body) {
  http::Response response;
  response.status = status;
  response.Set("Content-Type", "text/html; charset=utf-8");
  response.Set("Cache-Control", "no-cache");
  response.body = std::move(body);
  return response;
}

http::Response CacheableHtml(const http::Request& request, const std::string& body, const std::string& etag) {
  if (request.Header("If-None-Match") == etag) {
    http::Response response;
    response.status = 304;
    response.Set("ETag", etag);
    response.Set("Cache-Control", "no-cache");
    return response;
  }
  auto response = HtmlResponse(200, body);
  response.Set("ETag", etag);
  return response;
}

http::Response CacheableHtml(const http::Request& request, const std::string& body) {
  return CacheableHtml(request, body, "\"" + HexHash(body) + "\"");
}

struct WebApp::Impl {
  Impl(const Services& services, const WebOptions& options)
      : renderer(options.root / "templates"),
        assets(options.root / "public"),
        messages(options.root / "messages" / "en.json"),
        context{services.catalog,
                services.accounts,
                services.privacy,
                services.feedback,
                services.reports,
                services.plans,
                services.support,
                services.appraisals,
                services.notifications,
                services.background,
                options.secure_cookies,
                renderer,
                assets,
                messages,
                pages,
                prepared} {}

  http::Response Dispatch(Call& call) {
    const auto& request = call.request;
    const bool read = request.method == "GET" || request.method == "HEAD";
    if (request.path.starts_with("/assets/")) {
      http::Response response;
      if (read && assets.Serve(request, response)) return response;
      if (!read) return Problem(405, "Assets can only be read.");
      return NotFoundPage(context, call);
    }
    std::string allowed;
    for (const auto& route : kRoutes) {
      if (!Match(route.pattern, request.path, call.params)) continue;
      if (route.method == request.method || (request.method == "HEAD" && route.method == "GET")) {
        return Enter(route, call);
      }
      if (!allowed.empty()) allowed += ", ";
      allowed += route.method;
      if (route.method == "GET") allowed += ", HEAD";
    }
    if (!allowed.empty()) {
      auto response =
          IsApi(request.path) ? Problem(405, "Use " + allowed + " for this address.") : ErrorPage(context, call, 405);
      response.Set("Allow", allowed);
      return response;
    }
    if (IsApi(request.path)) return Problem(404, "There is nothing at this address. See docs/openapi.yaml.");
    return NotFoundPage(context, call);
  }

  //! Checks what every route of its kind needs, then calls the handler:
  //! a signed-in session where required, and for every POST a form body with
  //! the right CSRF token (the session's, or before sign-in the cookie's).
  http::Response Enter(const Route& route, Call& call) {
    const bool api = IsApi(call.request.path);
    if (route.gate == Gate::kSignedIn && !call.SignedIn()) {
      return api ? Problem(401, "Sign in first: the API uses the same session as the pages.") : SignInFirst(call);
    }
    if (call.request.method == "POST" && api) {
      if (!call.session) return Problem(401, "Sign in first: the API uses the same session as the pages.");
      // JSON clients send the session's CSRF token (from GET /api/v1/session)
      // in a header, which a cross-site form cannot set.
      if (!call.request.Header("Content-Type").starts_with("application/json")) {
        return Problem(415, "Send a JSON body with Content-Type: application/json.");
      }
      if (!SameSecret(call.request.Header("X-CSRF-Token"), call.session->csrf_token)) {
        return Problem(403, "Send the X-CSRF-Token header given by GET /api/v1/session.");
      }
    } else if (call.request.method == "POST") {
      const auto type = call.request.Header("Content-Type");
      if (type.starts_with("multipart/form-data")) {
        auto form = ParseMultipart(type, call.request.body);
        if (!form) return ErrorPage(context, call, 400);
        call.form = std::move(form->fields);
        call.files = std::move(form->files);
        call.file_names = std::move(form->file_names);
      } else if (type.starts_with("application/x-www-form-urlencoded")) {
        auto form = ParseQuery(call.request.body, kMaxFormLength);
        if (!form) return ErrorPage(context, call, 400);
        call.form = std::move(*form);
      } else {
        return ErrorPage(context, call, 415);
      }
      const auto sent = call.Field(std::string(kCsrfField));
      const std::string& expected = call.session ? call.session->csrf_token : call.cookie_csrf;
      if (expected.empty() || !SameSecret(sent, expected)) return ErrorPage(context, call, 403);
    }
    return route.handler(context, call);
  }

  //! Compares secrets in time that does not depend on where they differ.
  static bool SameSecret(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
  }

  Renderer renderer;
  StaticFiles assets;
  Messages messages;
  PageCache pages;
  PreparedPages prepared;
  Context context;
};

WebApp::WebApp(const Services& services, const WebOptions& options)
    : impl_(std::make_unique<Impl>(services, options)) {}

WebApp::~WebApp() = default;

http::Response WebApp::Handle(const http::Request& request) {
  Call call{request, {}, std::nullopt, {}, {}};
  http::Response response;
  try {
    if (auto token = CookieValue(request, SessionCookieName(impl_->context));
        !token.empty() && !request.path.starts_with("/assets/")) {
      call.session = impl_->context.accounts.Resume(token);
    }
    call.cookie_csrf = std::string(CookieValue(request, CsrfCookieName(impl_->context)));
    response = impl_->Dispatch(call);
  } catch (const app::StoreError&) {
    // The database could not answer (unreachable, every connection busy, a
    // statement timed out): nothing half-done was committed, so say "busy"
    // and when to retry. Its message may name the database, so it stays out
    // of the response; the log gets no request content.
    std::cerr << "error: the database could not answer a " << request.method << " request\n";
    try {
      response = IsApi(request.path) ? Problem(503, "The service is busy; try again in a minute.")
                                     : ErrorPage(impl_->context, call, 503);
    } catch (const std::exception&) {
      response = Problem(503, "The service is busy; try again in a minute.");
    }
    response.Set("Retry-After", "30");
  } catch (const std::exception& error) {
    // Only the exception's type is logged: its message may quote input.
    std::cerr << "error: " << typeid(error).name() << " while answering " << request.method << " request\n";
    try {
      response = IsApi(request.path) ? Problem(500, "Something went wrong on our side; try again later.")
                                     : ErrorPage(impl_->context, call, 500);
    } catch (const std::exception&) {
      response = Problem(500, "Something went wrong on our side; try again later.");
    }
  }
  if (call.session) {
    // A signed-in person's pages are theirs alone: no shared or browser cache.
    response.Set("Cache-Control", "no-store");
  }
  if (!request.path.starts_with("/assets/")) response.Set("Vary", "Cookie");
  ApplySecurityHeaders(response);
  return response;
}

http::Response WebApp::Refused(int status, const http::Request& head) {
  Call call{head, {}, std::nullopt, {}, {}};
  http::Response response;
  const auto problem = [status] {
    return Problem(status, status == 413 ? "The request is too large: a file must be smaller than 10 MB."
                                         : "The service is busy; try again in a minute.");
  };
  try {
    // Signed in or not, for the page's navigation: nothing of the request is acted on.
    if (auto token = CookieValue(head, SessionCookieName(impl_->context)); !token.empty()) {
      call.session = impl_->context.accounts.Resume(token);
    }
    response = IsApi(head.path) ? problem() : ErrorPage(impl_->context, call, status);
  } catch (const std::exception&) {
    response = problem();
  }
  response.status = status;
  if (status == 503) response.Set("Retry-After", "10");
  response.Set("Cache-Control", "no-store");
  response.Set("Vary", "Cookie");
  ApplySecurityHeaders(response);
  return response;
}

}  // namespace lqf::web
