#pragma once
//! Internal to web/: what every handler gets, and the handlers themselves.
//! Handlers parse, call one use case, and render; they hold no SQL and no
//! business rules.

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/framework_catalog.hpp"
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

//! Shared by every handler; everything in it is thread-safe.
struct Context {
  app::FrameworkCatalog& catalog;
  const Renderer& renderer;
  const StaticFiles& assets;
  const Messages& messages;
  PageCache& pages;
};

//! Values captured from the route pattern, in order ("{code}" etc.).
using RouteParams = std::vector<std::string>;

//! The layout's data for a page: title, navigation, asset version.
View LayoutView(const Context& ctx, const http::Request& request, const std::string& page_title);
//! Puts breadcrumbs (a list of {href, text}) in the layout.
void SetBreadcrumbs(View& layout, const View& crumbs);
//! An HTML response with the right headers.
http::Response HtmlResponse(int status, std::string body);
//! Answers 304 if the client already has this exact body (by ETag), else 200 with it.
http::Response CacheableHtml(const http::Request& request, const std::string& body, const std::string& etag);
//! The same, computing the ETag.
http::Response CacheableHtml(const http::Request& request, const std::string& body);

// Pages (pages.cpp).
http::Response HomePage(Context& ctx, const http::Request& request, const RouteParams& params);
http::Response FrameworksPage(Context& ctx, const http::Request& request, const RouteParams& params);
http::Response FrameworkPage(Context& ctx, const http::Request& request, const RouteParams& params);
http::Response ElementPage(Context& ctx, const http::Request& request, const RouteParams& params);
http::Response SearchPage(Context& ctx, const http::Request& request, const RouteParams& params);
http::Response NotFoundPage(Context& ctx, const http::Request& request);
http::Response ErrorPage(Context& ctx, const http::Request& request, int status);

// API (api.cpp).
http::Response ApiFrameworks(Context& ctx, const http::Request& request, const RouteParams& params);
http::Response ApiFramework(Context& ctx, const http::Request& request, const RouteParams& params);
http::Response Health(Context& ctx, const http::Request& request, const RouteParams& params);
//! An RFC 9457 problem document.
http::Response Problem(int status, std::string_view detail);

}  // namespace lqf::web
