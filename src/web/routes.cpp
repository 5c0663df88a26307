// The one routes file: every URL LQF answers, and the WebApp that dispatches
// to them. Kebab-case URLs; GET shows, POST submits.

#include <iostream>
#include <typeinfo>

#include "web/handlers.hpp"
#include "web/security_headers.hpp"
#include "web/web_app.hpp"

namespace lqf::web {
namespace {

using HandlerFn = http::Response (*)(Context&, const http::Request&, const RouteParams&);

struct Route {
  std::string_view method;
  std::string_view pattern;  //!< segments; "{name}" captures one segment
  HandlerFn handler;
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
    {"GET", "/health", Health},
    {"GET", "/api/v1/frameworks", ApiFrameworks},
    {"GET", "/api/v1/frameworks/{code}", ApiFramework},
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

View LayoutView(const Context& ctx, const http::Request& request, const std::string& page_title) {
  View layout;
  layout.set("page_title", page_title);
  layout.set("asset_version", ctx.assets.Version());
  View nav = ViewList();
  // "current": this very page; "active": a page within that section.
  auto item = [&](std::string href, std::string text, bool active) {
    View v;
    v.set("current", request.path == href);
    v.set("active", active);
    v.set("href", std::move(href));
    v.set("text", std::move(text));
    nav.push_back(v);
  };
  item("/", "Home", request.path == "/");
  item("/frameworks", "Frameworks", request.path.starts_with("/frameworks"));
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
  Impl(app::FrameworkCatalog& catalog, const WebOptions& options)
      : renderer(options.root / "templates"),
        assets(options.root / "public"),
        messages(options.root / "messages" / "en.json"),
        context{catalog, renderer, assets, messages, pages} {}

  http::Response Dispatch(const http::Request& request) {
    const bool read = request.method == "GET" || request.method == "HEAD";
    if (request.path.starts_with("/assets/")) {
      http::Response response;
      if (read && assets.Serve(request, response)) return response;
      if (!read) return Problem(405, "Assets can only be read.");
      return NotFoundPage(context, request);
    }
    RouteParams params;
    std::string allowed;
    for (const auto& route : kRoutes) {
      if (!Match(route.pattern, request.path, params)) continue;
      if (route.method == request.method || (request.method == "HEAD" && route.method == "GET")) {
        return route.handler(context, request, params);
      }
      if (!allowed.empty()) allowed += ", ";
      allowed += route.method;
      if (route.method == "GET") allowed += ", HEAD";
    }
    if (!allowed.empty()) {
      auto response = IsApi(request.path) ? Problem(405, "Use " + allowed + " for this address.")
                                          : ErrorPage(context, request, 405);
      response.Set("Allow", allowed);
      return response;
    }
    if (IsApi(request.path)) return Problem(404, "There is nothing at this address. See docs/openapi.yaml.");
    return NotFoundPage(context, request);
  }

  Renderer renderer;
  StaticFiles assets;
  Messages messages;
  PageCache pages;
  Context context;
};

WebApp::WebApp(app::FrameworkCatalog& catalog, const WebOptions& options)
    : impl_(std::make_unique<Impl>(catalog, options)) {}

WebApp::~WebApp() = default;

http::Response WebApp::Handle(const http::Request& request) {
  http::Response response;
  try {
    response = impl_->Dispatch(request);
  } catch (const std::exception& error) {
    // Only the exception's type is logged: its message may quote input.
    std::cerr << "error: " << typeid(error).name() << " while answering " << request.method << " request\n";
    try {
      response = IsApi(request.path) ? Problem(500, "Something went wrong on our side; try again later.")
                                     : ErrorPage(impl_->context, request, 500);
    } catch (const std::exception&) {
      response = Problem(500, "Something went wrong on our side; try again later.");
    }
  }
  ApplySecurityHeaders(response);
  return response;
}

}  // namespace lqf::web
