#pragma once
//! The web application: every page and API answer, as one function from
//! request to response (the HTTP server calls it; tests can call it directly).

#include <filesystem>
#include <memory>

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

namespace lqf::web {

//! Where the web application finds its files.
struct WebOptions {
  //! Holds templates/, messages/ and public/ (the built assets).
  std::filesystem::path root;
  //! Mark cookies Secure: set when LQF is served over HTTPS (usually behind a proxy).
  bool secure_cookies = false;
  //! The address of a reverse proxy in front of LQF, whose X-Forwarded-For is trusted.
  std::string trusted_proxy;
};

//! The use cases the web application drives (all built by the composition root).
struct Services {
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
};

//! Routes requests to page and API handlers. Thread-safe.
class WebApp {
 public:
  //! Loads templates, messages and assets; throws std::runtime_error naming
  //! the file if one is missing or broken.
  WebApp(const Services& services, const WebOptions& options);
  ~WebApp();
  WebApp(const WebApp&) = delete;
  WebApp& operator=(const WebApp&) = delete;

  //! Answers one request. Never throws.
  http::Response Handle(const http::Request& request);
  //! Answers a request the server refused before reading its body (413 too
  //! large, 503 too many uploads): a page saying why, or a JSON problem for
  //! the API (http::ServerOptions::refusal). `head` has no body. Never throws.
  http::Response Refused(int status, const http::Request& head);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lqf::web
