// Signing in and out, the account page and setting a password. Each POST has
// passed the CSRF check in routes.cpp before it gets here.

#include "app/secrets.hpp"
#include "web/handlers.hpp"
#include "web/html.hpp"
#include "web/query.hpp"

namespace lqf::web {
namespace {

http::Response RenderSignIn(Context& ctx, const Call& call, const std::string& email, const std::string& next,
                            const std::vector<std::pair<std::string, std::string>>& errors, int status) {
  http::Response response;
  View view;
  view.set("csrf_token", EnsureCsrfCookie(ctx, call, response));
  view.set("email", email);
  view.set("next", IsLocalPath(next) ? next : std::string());
  view.set("signed_out", QueryValue(call.request, "signed-out") == "1");
  view.set("password_set", QueryValue(call.request, "password-set") == "1");
  SetErrors(view, errors);
  auto page = HtmlResponse(
      status, ctx.renderer.Page("sign_in", view, LayoutView(ctx, call, errors.empty() ? "Sign in" : "Error: Sign in")));
  for (auto& header : response.headers) page.headers.push_back(std::move(header));
  page.Set("Cache-Control", "no-store");
  return page;
}

}  // namespace

namespace {

//! An error for the GOV.UK error summary and the field it belongs to.
View ErrorItem(const std::string& field, const std::string& text) {
  View item;
  // A field on this page, or (a path) a question on another page.
  item.set("href", field.starts_with('/') ? field : "#" + field);
  item.set("text", text);
  return item;
}

}  // namespace

//! Adds the errors to a page's view: a list for the summary, and one
//! "<field>_error" value per field for the message beside it.
void SetErrors(View& view, const std::vector<std::pair<std::string, std::string>>& errors,
               const std::map<std::string, std::string>& anchors) {
  View list = ViewList();
  for (const auto& [field, text] : errors) {
    const auto anchor = anchors.find(field);
    list.push_back(ErrorItem(anchor == anchors.end() ? field : anchor->second, text));
    view.set(field + "_error", text);
  }
  view.set("errors", list);
  view.set("has_errors", !errors.empty());
}

//! The pre-sign-in CSRF token: the cookie's, or a new one set on `response`.
std::string EnsureCsrfCookie(const Context& ctx, const Call& call, http::Response& response) {
  // Signed in, every form carries the session's token (routes.cpp checks that one).
  if (call.session) return call.session->csrf_token;
  if (call.cookie_csrf.size() >= 32) return call.cookie_csrf;
  auto token = app::NewToken();
  response.headers.push_back({"Set-Cookie", CookieHeader(ctx, CsrfCookieName(ctx), token, "Strict")});
  return token;
}

std::string QueryValue(const http::Request& request, const std::string& name) {
  auto query = ParseQuery(request.query);
  if (!query) return {};
  auto it = query->find(name);
  return it == query->end() ? std::string() : it->second;
}

std::string Call::Field(const std::string& name) const {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

std::string ClientAddress(const Context& ctx, const http::Request& request) {
  if (ctx.trusted_proxy.empty() || request.remote_address != ctx.trusted_proxy) return request.remote_address;
  // Only the last entry is the proxy's own word; earlier ones the client wrote.
  std::string_view forwarded = request.Header("X-Forwarded-For");
  auto last = forwarded.substr(forwarded.rfind(',') == std::string_view::npos ? 0 : forwarded.rfind(',') + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
  constexpr std::size_t kMaxAddressLength = 64;
  if (last.empty() || last.size() > kMaxAddressLength) return request.remote_address;
  return std::string(last);
}

std::string_view SessionCookieName(const Context& ctx) {
  return ctx.secure_cookies ? kSecureSessionCookie : kSessionCookie;
}

std::string_view CsrfCookieName(const Context& ctx) { return ctx.secure_cookies ? kSecureCsrfCookie : kCsrfCookie; }

std::string_view CookieValue(const http::Request& request, std::string_view name) {
  std::string_view header = request.Header("Cookie");
  while (!header.empty()) {
    auto end = header.find(';');
    auto pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

std::string CookieHeader(const Context& ctx, std::string_view name, std::string_view value,
                         std::string_view same_site) {
  std::string cookie =
      std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=" + std::string(same_site);
  if (value.empty()) cookie += "; Max-Age=0";
  if (ctx.secure_cookies) cookie += "; Secure";
  return cookie;
}

bool IsLocalPath(std::string_view target) {
  if (target.empty() || target.size() > 2000 || target[0] != '/') return false;
  // "//host" and "/\host" are read by browsers as another site.
  if (target.size() > 1 && (target[1] == '/' || target[1] == '\\')) return false;
  for (unsigned char c : target) {
    if (c < 0x20 || c == 0x7f || c == '\\') return false;
  }
  return true;
}

http::Response Redirect(std::string_view location) {
  http::Response response;
  response.status = 303;
  response.Set("Location", IsLocalPath(location) ? location : "/");
  response.Set("Cache-Control", "no-store");
  return response;
}

http::Response SignInFirst(const Call& call) {
  // Only a GET is worth returning to; a POST's form is gone.
  std::string next = call.request.method == "GET" ? call.request.target : std::string("/account");
  std::string encoded;
  for (unsigned char c : next) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.') {
      encoded += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return Redirect("/sign-in?next=" + encoded);
}

http::Response ForbiddenPage(Context& ctx, const Call& call) {
  return HtmlResponse(403, ctx.renderer.Page("forbidden", View(), LayoutView(ctx, call, "You cannot see this page")));
}

http::Response SignInPage(Context& ctx, const Call& call) {
  const auto next = QueryValue(call.request, "next");
  if (call.SignedIn()) return Redirect(IsLocalPath(next) ? next : "/account");
  return RenderSignIn(ctx, call, "", next, {}, 200);
}

http::Response SignInSubmit(Context& ctx, const Call& call) {
  const auto email = call.Field("email");
  const auto password = call.Field("password");
  const auto next = call.Field("next");
  std::vector<std::pair<std::string, std::string>> errors;
  if (email.find_first_not_of(" \t") == std::string::npos)
    errors.emplace_back("email", ctx.messages.Get("sign_in.email.blank"));
  if (password.empty()) errors.emplace_back("password", ctx.messages.Get("sign_in.password.blank"));
  if (!errors.empty()) return RenderSignIn(ctx, call, email, next, errors, 422);

  auto outcome = ctx.accounts.SignIn(email, password, ClientAddress(ctx, call.request));
  if (!outcome.Ok()) {
    errors.emplace_back("email", ctx.messages.Get("sign_in.email." + outcome.refusals.front().code));
    return RenderSignIn(ctx, call, email, next, errors, 422);
  }
  // A session that came with the request is ended: the new one has a new id.
  if (auto old = CookieValue(call.request, SessionCookieName(ctx)); !old.empty()) ctx.accounts.SignOut(old);
  auto response = Redirect(IsLocalPath(next) ? next : "/account");
  response.headers.push_back({"Set-Cookie", CookieHeader(ctx, SessionCookieName(ctx), *outcome.value, "Lax")});
  return response;
}

http::Response SignOutPage(Context& ctx, const Call& call) {
  if (!call.SignedIn()) return Redirect("/sign-in");
  View view;
  view.set("csrf_token", call.session->csrf_token);
  return HtmlResponse(200, ctx.renderer.Page("sign_out", view, LayoutView(ctx, call, "Sign out")));
}

http::Response SignOutSubmit(Context& ctx, const Call& call) {
  ctx.accounts.SignOut(CookieValue(call.request, SessionCookieName(ctx)));
  auto response = Redirect("/sign-in?signed-out=1");
  response.headers.push_back({"Set-Cookie", CookieHeader(ctx, SessionCookieName(ctx), "", "Lax")});
  return response;
}

http::Response AccountPage(Context& ctx, const Call& call) {
  const auto& person = call.session->person;
  View view;
  view.set("name", person.name);
  view.set("email", person.email);
  view.set("job_title", person.job_title);
  view.set("background", std::string(domain::BackgroundLabel(person.background)));
  View roles = ViewList();
  for (const auto& grant : person.grants) {
    View role;
    role.set("label", std::string(domain::RoleLabel(grant.role)));
    roles.push_back(role);
  }
  view.set("roles", roles);
  view.set("csrf_token", call.session->csrf_token);
  return HtmlResponse(200, ctx.renderer.Page("account", view, LayoutView(ctx, call, "Your account")));
}

http::Response SignOutEverywhereSubmit(Context& ctx, const Call& call) {
  ctx.accounts.SignOutEverywhere(call.Actor());
  auto response = Redirect("/sign-in?signed-out=1");
  response.headers.push_back({"Set-Cookie", CookieHeader(ctx, SessionCookieName(ctx), "", "Lax")});
  return response;
}

http::Response SetPasswordPage(Context& ctx, const Call& call) {
  http::Response cookies;
  View view;
  view.set("csrf_token", EnsureCsrfCookie(ctx, call, cookies));
  view.set("token", QueryValue(call.request, "token"));
  SetErrors(view, {});
  auto page = HtmlResponse(200, ctx.renderer.Page("set_password", view, LayoutView(ctx, call, "Set your password")));
  for (auto& header : cookies.headers) page.headers.push_back(std::move(header));
  page.Set("Cache-Control", "no-store");
  return page;
}

http::Response SetPasswordSubmit(Context& ctx, const Call& call) {
  const auto token = call.Field("token");
  const auto password = call.Field("password");
  std::vector<std::pair<std::string, std::string>> errors;
  if (password.empty()) {
    errors.emplace_back("password", ctx.messages.Get("set_password.password.blank"));
  } else if (password != call.Field("confirm")) {
    errors.emplace_back("confirm", ctx.messages.Get("set_password.confirm.different"));
  } else {
    auto outcome = ctx.accounts.SetPasswordWithLink(token, password);
    if (outcome.Ok()) return Redirect("/sign-in?password-set=1");
    for (const auto& refusal : outcome.refusals) {
      errors.emplace_back(refusal.field == "link" ? "password" : refusal.field,
                          ctx.messages.Get("set_password." + refusal.field + "." + refusal.code));
    }
  }
  View view;
  view.set("csrf_token", call.session ? call.session->csrf_token : call.cookie_csrf);
  view.set("token", token);
  SetErrors(view, errors);
  auto page =
      HtmlResponse(422, ctx.renderer.Page("set_password", view, LayoutView(ctx, call, "Error: Set your password")));
  page.Set("Cache-Control", "no-store");
  return page;
}

http::Response ResetPasswordPage(Context& ctx, const Call& call) {
  http::Response cookies;
  View view;
  view.set("csrf_token", EnsureCsrfCookie(ctx, call, cookies));
  SetErrors(view, {});
  auto page =
      HtmlResponse(200, ctx.renderer.Page("reset_password", view, LayoutView(ctx, call, "Reset your password")));
  for (auto& header : cookies.headers) page.headers.push_back(std::move(header));
  return page;
}

http::Response ResetPasswordSubmit(Context& ctx, const Call& call) {
  const auto email = call.Field("email");
  if (!domain::NormaliseEmail(email)) {
    View view;
    view.set("csrf_token", call.session ? call.session->csrf_token : call.cookie_csrf);
    view.set("email", email);
    SetErrors(view, {{"email", ctx.messages.Get(email.find_first_not_of(" \t") == std::string::npos
                                                    ? "reset_password.email.blank"
                                                    : "reset_password.email.invalid")}});
    return HtmlResponse(422,
                        ctx.renderer.Page("reset_password", view, LayoutView(ctx, call, "Error: Reset your password")));
  }
  // The same answer, in the same time, whether or not there is an account:
  // the looking up, the link and the email happen after we have answered, so
  // neither the words nor the time taken tell a stranger who uses LQF.
  ctx.background.Post([&accounts = ctx.accounts, &notifications = ctx.notifications, email] {
    if (auto reset = accounts.IssueResetLink(email)) notifications.ResetPasswordLink(reset->first, reset->second);
  });
  View view;
  view.set("sent", true);
  return HtmlResponse(200, ctx.renderer.Page("reset_password", view, LayoutView(ctx, call, "Check your email")));
}

}  // namespace lqf::web
