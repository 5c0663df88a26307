#pragma once
//! Internal to web/: what every handler gets, and the handlers themselves.
//! Handlers parse, call one use case, and render; they hold no SQL and no
//! business rules.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/accounts.hpp"
#include "app/appraisals.hpp"
#include "app/background.hpp"
#include "app/feedback.hpp"
#include "app/framework_catalog.hpp"
#include "app/notifications.hpp"
#include "app/plans.hpp"
#include "app/privacy.hpp"
#include "app/reports.hpp"
#include "app/support.hpp"
#include "web/http/server.hpp"
#include "web/messages.hpp"
#include "web/render.hpp"
#include "web/static_files.hpp"

namespace lqf::web {

//! Rendered pages of immutable framework versions, keyed by path. An entry is
//! valid only for the content hash it was rendered from.
class PageCache {
 public:
  //! A rendered page and its ETag.
  struct Page {
    std::string body;
    std::string etag;
  };
  //! The page for `key` rendered from `content_hash`, or nullptr.
  std::shared_ptr<const Page> Find(const std::string& key, const std::string& content_hash);
  //! Keeps a page (computing its ETag) and returns it.
  std::shared_ptr<const Page> Store(const std::string& key, const std::string& content_hash, std::string body);

 private:
  // Bound on entries: a framework has a few hundred pages; this stops a
  // crawler of made-up URLs from growing memory (misses are never stored).
  static constexpr std::size_t kMaxEntries = 4096;
  struct Entry {
    std::string content_hash;
    std::shared_ptr<const Page> page;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

//! Cookie names. The session cookie is HttpOnly and SameSite=Lax; the
//! pre-sign-in CSRF cookie (double-submit) is HttpOnly and SameSite=Strict.
//! Over HTTPS the names carry the __Host- prefix, which browsers only accept
//! from this very host, over TLS, for path /: a sibling subdomain cannot plant them.
inline constexpr std::string_view kSessionCookie = "lqf_session";
inline constexpr std::string_view kCsrfCookie = "lqf_csrf";
inline constexpr std::string_view kSecureSessionCookie = "__Host-lqf_session";
inline constexpr std::string_view kSecureCsrfCookie = "__Host-lqf_csrf";
//! The hidden form field that carries the CSRF token.
inline constexpr std::string_view kCsrfField = "csrf_token";

struct PreparedPages;  // web/questionnaire.hpp

//! Shared by every handler; everything in it is thread-safe.
struct Context {
  app::FrameworkCatalog& catalog;
  app::Accounts& accounts;
  app::Privacy& privacy;
  app::Feedback& feedback;
  app::Reports& reports;
  app::Plans& plans;
  app::Support& support;
  app::Appraisals& appraisals;
  app::Notifications& notifications;
  app::BackgroundTasks& background;
  bool secure_cookies;  //!< add Secure to cookies (served over TLS)
  const Renderer& renderer;
  const StaticFiles& assets;
  const Messages& messages;
  PageCache& pages;
  PreparedPages& prepared;  //!< pages made once, filled in for each request
  //! The reverse proxy's address, if LQF runs behind one: then the client's
  //! address (for throttling) is the last one the proxy adds to X-Forwarded-For.
  std::string trusted_proxy = {};
};

//! The address a request came from, seen through a trusted proxy.
std::string ClientAddress(const Context& ctx, const http::Request& request);

//! Values captured from the route pattern, in order ("{code}" etc.).
using RouteParams = std::vector<std::string>;

//! One request as a handler sees it: what was asked, and who is asking.
struct Call {
  const http::Request& request;
  RouteParams params;
  std::optional<app::CurrentSession> session;     //!< set when signed in
  std::string cookie_csrf;                        //!< the pre-sign-in CSRF cookie, if sent
  std::map<std::string, std::string> form;        //!< a POST's decoded fields (CSRF already checked)
  std::map<std::string, std::string> files;       //!< files uploaded with a multipart POST
  std::map<std::string, std::string> file_names;  //!< their names as sent (unchecked: see domain::SafeFileName)

  bool SignedIn() const { return session.has_value(); }
  //! The acting person (nobody, if not signed in).
  domain::Actor Actor() const { return session ? session->actor : domain::Actor{}; }
  //! A form field, or empty.
  std::string Field(const std::string& name) const;
};

//! The session and CSRF cookie names in use (see kSecureSessionCookie).
std::string_view SessionCookieName(const Context& ctx);
std::string_view CsrfCookieName(const Context& ctx);
//! The value of one cookie in a request, or empty.
std::string_view CookieValue(const http::Request& request, std::string_view name);
//! A Set-Cookie value with our attributes; an empty value deletes the cookie.
std::string CookieHeader(const Context& ctx, std::string_view name, std::string_view value, std::string_view same_site);
//! A 303 redirect (after a POST) to a local path.
http::Response Redirect(std::string_view location);
//! True if `target` is a path on this site ("/account"), never another site
//! ("//evil.example", "https://...", "/\\evil").
bool IsLocalPath(std::string_view target);

//! The layout's data for a page: title, navigation, asset version.
View LayoutView(const Context& ctx, const Call& call, const std::string& page_title);
//! Which navigation a visitor sees ("anonymous", "person", "lead", "administrator"):
//! part of the key of cached pages.
std::string NavVariant(const Call& call);
//! Puts breadcrumbs (a list of {href, text}) in the layout.
void SetBreadcrumbs(View& layout, const View& crumbs);
//! Adds the errors to a page's view: a list `errors` ({href, text}) for the
//! GOV.UK error summary, `has_errors`, and "<field>_error" beside each field.
//! A summary link goes to the field's own id, or to the one `anchors` names
//! for it (a group's first input: a date's day, the first checkbox).
void SetErrors(View& view, const std::vector<std::pair<std::string, std::string>>& errors,
               const std::map<std::string, std::string>& anchors = {});
//! The pre-sign-in CSRF token for a form: the session's when signed in, else
//! the cookie's, else a new one set as a cookie on `response`.
std::string EnsureCsrfCookie(const Context& ctx, const Call& call, http::Response& response);
//! One value of the request's query string, or empty.
std::string QueryValue(const http::Request& request, const std::string& name);
//! An HTML response with the right headers.
http::Response HtmlResponse(int status, std::string body);
//! Answers 304 if the client already has this exact body (by ETag), else 200 with it.
http::Response CacheableHtml(const http::Request& request, const std::string& body, const std::string& etag);
//! The same, computing the ETag.
http::Response CacheableHtml(const http::Request& request, const std::string& body);

// Pages (pages.cpp).
http::Response HomePage(Context& ctx, const Call& call);
http::Response FrameworksPage(Context& ctx, const Call& call);
http::Response FrameworkPage(Context& ctx, const Call& call);
http::Response ElementPage(Context& ctx, const Call& call);
http::Response SearchPage(Context& ctx, const Call& call);
http::Response NotFoundPage(Context& ctx, const Call& call);
http::Response ErrorPage(Context& ctx, const Call& call, int status);

// Signing in and out, account, passwords (auth_pages.cpp).
http::Response SignInPage(Context& ctx, const Call& call);
http::Response SignInSubmit(Context& ctx, const Call& call);
http::Response SignOutPage(Context& ctx, const Call& call);
http::Response SignOutSubmit(Context& ctx, const Call& call);
http::Response AccountPage(Context& ctx, const Call& call);
http::Response SignOutEverywhereSubmit(Context& ctx, const Call& call);
http::Response SetPasswordPage(Context& ctx, const Call& call);
http::Response SetPasswordSubmit(Context& ctx, const Call& call);
http::Response ResetPasswordPage(Context& ctx, const Call& call);
http::Response ResetPasswordSubmit(Context& ctx, const Call& call);

// Administration (admin_pages.cpp).
http::Response PeoplePage(Context& ctx, const Call& call);
http::Response AddPersonSubmit(Context& ctx, const Call& call);
http::Response DisablePersonSubmit(Context& ctx, const Call& call);
http::Response EnablePersonSubmit(Context& ctx, const Call& call);
http::Response AuditPage(Context& ctx, const Call& call);
http::Response PersonPage(Context& ctx, const Call& call);
http::Response GrantRoleSubmit(Context& ctx, const Call& call);
http::Response RevokeRoleSubmit(Context& ctx, const Call& call);
http::Response ImportPeoplePage(Context& ctx, const Call& call);
http::Response ImportPeopleSubmit(Context& ctx, const Call& call);
http::Response OrganisationsPage(Context& ctx, const Call& call);
http::Response AddOrganisationSubmit(Context& ctx, const Call& call);
http::Response AddCohortSubmit(Context& ctx, const Call& call);

// 360-degree feedback (feedback_pages.cpp): raters by link, and running cycles.
http::Response RaterPage(Context& ctx, const Call& call);
http::Response RaterSaveSubmit(Context& ctx, const Call& call);
http::Response RaterSubmit(Context& ctx, const Call& call);
http::Response DeclinePage(Context& ctx, const Call& call);
http::Response DeclineSubmit(Context& ctx, const Call& call);
http::Response CyclesPage(Context& ctx, const Call& call);
http::Response NewCyclePage(Context& ctx, const Call& call);
http::Response StartCycleSubmit(Context& ctx, const Call& call);
http::Response CyclePage(Context& ctx, const Call& call);
http::Response NominateSubmit(Context& ctx, const Call& call);
http::Response RemoveRaterSubmit(Context& ctx, const Call& call);
http::Response SendInvitationsSubmit(Context& ctx, const Call& call);
http::Response ApproveRatersSubmit(Context& ctx, const Call& call);
http::Response RemindSubmit(Context& ctx, const Call& call);
http::Response DeadlineSubmit(Context& ctx, const Call& call);
http::Response CloseCycleSubmit(Context& ctx, const Call& call);
http::Response ReleaseSubmit(Context& ctx, const Call& call);
http::Response SelfPage(Context& ctx, const Call& call);
http::Response SelfSaveSubmit(Context& ctx, const Call& call);
http::Response SelfSubmit(Context& ctx, const Call& call);

// Development plans (plan_pages.cpp).
http::Response PlanPage(Context& ctx, const Call& call);
http::Response AddGoalSubmit(Context& ctx, const Call& call);
http::Response ProgressPage(Context& ctx, const Call& call);
http::Response FromFindingPage(Context& ctx, const Call& call);
http::Response GoalFromFindingSubmit(Context& ctx, const Call& call);
http::Response AddActionSubmit(Context& ctx, const Call& call);
http::Response ActionStatusSubmit(Context& ctx, const Call& call);
http::Response PlanReviewSubmit(Context& ctx, const Call& call);
//! GET /plan.pdf[?person=N]: the plan as a PDF download.
http::Response PlanPdf(Context& ctx, const Call& call);
//! POST /plan/goals/{id}/evidence (multipart: `file`, `for` = "goal" or an action id, `person`).
http::Response AddEvidenceSubmit(Context& ctx, const Call& call);
//! GET /plan/evidence/{id}: the file, as an attachment that is never shown inline.
http::Response EvidenceDownload(Context& ctx, const Call& call);

// Mentoring, coaching and appraisal (support_pages.cpp).
http::Response SupportPage(Context& ctx, const Call& call);
http::Response AddRelationshipSubmit(Context& ctx, const Call& call);
http::Response EndRelationshipSubmit(Context& ctx, const Call& call);
http::Response SharePlanSubmit(Context& ctx, const Call& call);
http::Response RelationshipPage(Context& ctx, const Call& call);
http::Response RecordSessionSubmit(Context& ctx, const Call& call);
http::Response AppraisalsPage(Context& ctx, const Call& call);
http::Response StartAppraisalSubmit(Context& ctx, const Call& call);
http::Response AppraisalPage(Context& ctx, const Call& call);
http::Response AddObjectiveSubmit(Context& ctx, const Call& call);
http::Response ObjectiveOutcomeSubmit(Context& ctx, const Call& call);
http::Response HoldReviewSubmit(Context& ctx, const Call& call);
http::Response ReviewCommentSubmit(Context& ctx, const Call& call);
http::Response SignAppraisalSubmit(Context& ctx, const Call& call);

// Feedback reports (report_pages.cpp).
http::Response ReportsPage(Context& ctx, const Call& call);
http::Response ReportPage(Context& ctx, const Call& call);
http::Response ReportPdf(Context& ctx, const Call& call);
http::Response ReportXlsx(Context& ctx, const Call& call);
http::Response ReleaseReportSubmit(Context& ctx, const Call& call);
http::Response ApiReport(Context& ctx, const Call& call);

//! 403: signed in but not allowed.
http::Response ForbiddenPage(Context& ctx, const Call& call);
//! Sends someone who is not signed in to the sign-in page, returning here after.
http::Response SignInFirst(const Call& call);

// API (api.cpp).
http::Response ApiFrameworks(Context& ctx, const Call& call);
http::Response ApiFramework(Context& ctx, const Call& call);
http::Response Health(Context& ctx, const Call& call);
http::Response ApiSession(Context& ctx, const Call& call);
http::Response ApiPeople(Context& ctx, const Call& call);
http::Response ApiAddPerson(Context& ctx, const Call& call);
http::Response ApiOrganisations(Context& ctx, const Call& call);
http::Response ApiAudit(Context& ctx, const Call& call);
http::Response ApiPersonCycles(Context& ctx, const Call& call);
http::Response ApiStartCycle(Context& ctx, const Call& call);
http::Response ApiCycle(Context& ctx, const Call& call);
http::Response ApiNominateRater(Context& ctx, const Call& call);
http::Response ApiRemoveRater(Context& ctx, const Call& call);
//! POST /api/v1/cycles/{id}/{send|approve|remind|close|deadline}.
http::Response ApiCycleAction(Context& ctx, const Call& call);
//! Development plans: GET /api/v1/people/{id}/plan, POST .../plan/goals,
//! POST .../plan/goals/{goal}/actions, POST .../plan/actions/{action}/status.
http::Response ApiPlan(Context& ctx, const Call& call);
http::Response ApiAddGoal(Context& ctx, const Call& call);
http::Response ApiAddAction(Context& ctx, const Call& call);
http::Response ApiActionStatus(Context& ctx, const Call& call);
//! Mentoring, coaching, appraisal and plan reviews (support_api.cpp):
//! GET/POST /api/v1/people/{id}/support, GET /api/v1/support/{id}, POST
//! .../sessions, .../end, .../share; POST /api/v1/people/{id}/plan/reviews;
//! GET/POST /api/v1/people/{id}/appraisals, GET /api/v1/appraisals/{id}, POST
//! .../objectives, .../objectives/{objective}/outcome, .../reviews,
//! .../reviews/{kind}/comment, .../sign.
http::Response ApiSupport(Context& ctx, const Call& call);
http::Response ApiAddRelationship(Context& ctx, const Call& call);
http::Response ApiRelationship(Context& ctx, const Call& call);
http::Response ApiRelationshipChange(Context& ctx, const Call& call);
http::Response ApiRecordSession(Context& ctx, const Call& call);
http::Response ApiReviewPlan(Context& ctx, const Call& call);
http::Response ApiAppraisals(Context& ctx, const Call& call);
http::Response ApiStartAppraisal(Context& ctx, const Call& call);
http::Response ApiAppraisal(Context& ctx, const Call& call);
http::Response ApiAppraisalChange(Context& ctx, const Call& call);
http::Response ApiObjectiveOutcome(Context& ctx, const Call& call);
http::Response ApiReviewComment(Context& ctx, const Call& call);
//! An RFC 9457 problem document.
http::Response Problem(int status, std::string_view detail);

}  // namespace lqf::web
