#pragma once
//! UK GDPR pages: a person downloads their own data; an administrator
//! downloads or erases someone's. Each needs `Context::privacy`.

#include "web/handlers.hpp"

namespace lqf::web {

//! POST /account/export: the signed-in person's data as a JSON download.
http::Response ExportOwnDataSubmit(Context& ctx, const Call& call);
//! POST /admin/people/{id}/export: a person's data as a JSON download (administrators).
http::Response ExportPersonSubmit(Context& ctx, const Call& call);
//! GET /admin/people/{id}/erase: what erasure does, and a form to confirm it.
http::Response ErasePersonPage(Context& ctx, const Call& call);
//! POST /admin/people/{id}/erase: erases, then back to the people page.
http::Response ErasePersonSubmit(Context& ctx, const Call& call);

}  // namespace lqf::web
