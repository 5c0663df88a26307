#include "web/security_headers.hpp"

namespace lqf::web {
namespace {

// Everything comes from our own origin; no inline script or style anywhere,
// so an injected <script> or style attribute does nothing.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

}  // namespace

void ApplySecurityHeaders(http::Response& response) {
  if (response.Header("Content-Security-Policy").empty()) {
    response.Set("Content-Security-Policy", kContentSecurityPolicy);
  } else {
    // A handler's own, stricter policy (a download's "sandbox") is kept, and
    // the site's sent beside it: a browser enforces both, so a handler can
    // only narrow what the site allows, never widen it.
    response.headers.push_back({"Content-Security-Policy", std::string(kContentSecurityPolicy)});
  }
  response.Set("X-Content-Type-Options", "nosniff");
  response.Set("X-Frame-Options", "DENY");
  response.Set("Referrer-Policy", "no-referrer");
  response.Set("Cross-Origin-Opener-Policy", "same-origin");
  response.Set("Cross-Origin-Resource-Policy", "same-origin");
  response.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
}

}  // namespace lqf::web
