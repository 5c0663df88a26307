// The JSON API (docs/openapi.yaml): frameworks, health, and RFC 9457 problems.

#include <boost/json.hpp>

#include "web/handlers.hpp"
#include "web/query.hpp"

namespace lqf::web {
namespace json = boost::json;
namespace {

std::string_view Reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Content Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

http::Response JsonResponse(const http::Request& request, std::string body, std::string_view etag = {}) {
  http::Response response;
  response.Set("Content-Type", "application/json");
  response.Set("Cache-Control", "no-cache");
  if (!etag.empty()) {
    const std::string quoted = "\"" + std::string(etag) + "\"";
    response.Set("ETag", quoted);
    if (request.Header("If-None-Match") == quoted) {
      response.status = 304;
      return response;
    }
  }
  response.body = std::move(body);
  return response;
}

}  // namespace

http::Response Problem(int status, std::string_view detail) {
  json::object problem;
  problem["type"] = "about:blank";
  problem["title"] = Reason(status);
  problem["status"] = status;
  problem["detail"] = detail;
  http::Response response;
  response.status = status;
  response.Set("Content-Type", "application/problem+json");
  response.Set("Cache-Control", "no-store");
  response.body = json::serialize(problem);
  return response;
}

http::Response ApiFrameworks(Context& ctx, const Call& call) {
  const auto& request = call.request;
  json::array list;
  std::string all_hashes;
  for (const auto& entry : ctx.catalog.List()) {
    const auto& fw = *entry.framework;
    json::object item;
    item["code"] = fw.code;
    item["version"] = fw.version;
    item["title"] = fw.title;
    item["short_title"] = fw.short_title;
    item["element_count"] = fw.nodes.size();
    item["content_sha256"] = entry.content_sha256;
    item["imported_at"] = entry.imported_at;
    item["href"] = "/api/v1/frameworks/" + fw.code;
    list.push_back(std::move(item));
    all_hashes += entry.content_sha256;
  }
  json::object body;
  body["frameworks"] = std::move(list);
  return JsonResponse(request, json::serialize(body), HexHash(all_hashes));
}

http::Response ApiFramework(Context& ctx, const Call& call) {
  const auto& request = call.request;
  const auto& params = call.params;
  auto query = ParseQuery(request.query);
  if (!query) return Problem(400, "The query string is not valid; percent-encode it as UTF-8.");
  std::string version;
  if (auto it = query->find("version"); it != query->end()) version = it->second;
  auto entry = ctx.catalog.Get(params[0], version);
  if (!entry) {
    if (!version.empty() && ctx.catalog.Get(params[0])) {
      return Problem(404, "Framework \"" + params[0] + "\" has no version \"" + version + "\".");
    }
    return Problem(404, "No framework has the code \"" + params[0] + "\". GET /api/v1/frameworks lists them.");
  }
  return JsonResponse(request, *entry->document, entry->content_sha256);
}

http::Response Health(Context& ctx, const Call& call) {
  const auto& request = call.request;
  json::object body;
  try {
    // Touches the database (the catalog checks whether frameworks changed).
    body["frameworks"] = ctx.catalog.List().size();
    body["status"] = "ok";
  } catch (const std::exception&) {
    body["status"] = "unavailable";
    auto response = JsonResponse(request, json::serialize(body));
    response.status = 503;
    return response;
  }
  auto response = JsonResponse(request, json::serialize(body));
  response.Set("Cache-Control", "no-store");
  return response;
}

}  // namespace lqf::web
