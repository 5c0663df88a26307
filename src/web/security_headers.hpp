#pragma once
//! Headers every response carries, whatever produced it.

#include "web/http/server.hpp"

namespace lqf::web {

//! Adds the Content-Security-Policy (no inline script or style), nosniff,
//! frame-ancestors 'none', a strict referrer policy and friends. A response
//! that already has a Content-Security-Policy keeps it, with the site's added
//! as a second one (browsers enforce every policy sent).
void ApplySecurityHeaders(http::Response& response);

}  // namespace lqf::web
