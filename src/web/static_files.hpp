#pragma once
//! The built front-end assets (public/), read into memory once and served
//! with ETags and long cache lifetimes.

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

#include "web/http/server.hpp"

namespace lqf::web {

//! A 64-bit FNV-1a hash as 16 hex digits: cheap, stable, good for ETags.
std::string HexHash(std::string_view data);

//! Assets by URL path ("/assets/lqf.css").
class StaticFiles {
 public:
  //! Reads every file under `dir`; throws std::runtime_error if `dir` is
  //! missing (the assets were not built).
  explicit StaticFiles(const std::filesystem::path& dir);

  //! The response for `request` if its path is an asset, or nullptr if not.
  //! Answers 304 when the client's If-None-Match matches.
  bool Serve(const http::Request& request, http::Response& response) const;

  //! Changes whenever any asset changes; pages put it in asset URLs (?v=) so
  //! browsers may cache assets for a year.
  const std::string& Version() const { return version_; }

 private:
  struct Asset {
    std::string body;
    std::string content_type;
    std::string etag;
  };
  std::unordered_map<std::string, Asset> assets_;
  std::string version_;
};

}  // namespace lqf::web
