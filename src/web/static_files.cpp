#include "web/static_files.hpp"

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace lqf::web {
namespace {

// Largest single asset we load; GOV.UK Frontend's CSS is about 120 KB.
constexpr std::uintmax_t kMaxAssetBytes = 8 * 1024 * 1024;
// Versioned URLs never change content, so browsers may keep them a year.
constexpr std::string_view kVersionedCacheControl = "public, max-age=31536000, immutable";
// Unversioned URLs (images the CSS refers to) are revalidated daily.
constexpr std::string_view kUnversionedCacheControl = "public, max-age=86400";

std::string_view ContentType(const std::filesystem::path& path) {
  static const std::map<std::string, std::string_view, std::less<>> kTypes{
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".json", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
  };
  auto it = kTypes.find(path.extension().string());
  return it == kTypes.end() ? std::string_view("application/octet-stream") : it->second;
}

}  // namespace

std::string HexHash(std::string_view data) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = kHex[hash & 15];
  return out;
}

StaticFiles::StaticFiles(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw std::runtime_error("built assets not found in " + dir.string() +
                             " (run scripts/setup, or `npm ci && npm run build`)");
  }
  std::vector<std::string> etags;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.file_size() > kMaxAssetBytes) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    Asset asset;
    asset.body = body.str();
    asset.content_type = std::string(ContentType(entry.path()));
    asset.etag = "\"" + HexHash(asset.body) + "\"";
    const auto url = "/assets/" + std::filesystem::relative(entry.path(), dir).generic_string();
    etags.push_back(url + asset.etag);
    assets_.emplace(url, std::move(asset));
  }
  std::sort(etags.begin(), etags.end());
  std::string all;
  for (const auto& e : etags) all += e;
  version_ = HexHash(all).substr(0, 10);
}

bool StaticFiles::Serve(const http::Request& request, http::Response& response) const {
  auto it = assets_.find(request.path);
  if (it == assets_.end()) return false;
  const auto& asset = it->second;
  response.Set("Cache-Control", request.query.empty() ? kUnversionedCacheControl : kVersionedCacheControl);
  response.Set("ETag", asset.etag);
  if (request.Header("If-None-Match") == asset.etag) {
    response.status = 304;
    return true;
  }
  response.status = 200;
  response.Set("Content-Type", asset.content_type);
  response.body = asset.body;
  return true;
}

}  // namespace lqf::web
