#pragma once
//! The HTTP server: the only part of LQF that knows about Boost.Beast and Asio.
//! Everything above it sees a plain request and returns a plain response, so
//! that the heavy network headers stay in server.cpp alone.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lqf::http {

//! One header field. Names compare case-insensitively (see Request::Header).
struct Field {
  std::string name;
  std::string value;
};

//! A parsed request, complete with its body.
struct Request {
  std::string method;  //!< "GET", "HEAD", "POST", ...
  std::string target;  //!< as sent: path and query, e.g. "/frameworks?q=x"
  std::string path;    //!< the target's path, percent-decoded, e.g. "/frameworks"
  std::string query;   //!< the raw query after '?', without it; empty if none
  std::vector<Field> headers;
  std::string body;
  std::string remote_address;  //!< peer IP address, for throttling; never logged with personal data

  //! The value of the first header named `name` (case-insensitive), or empty.
  std::string_view Header(std::string_view name) const;
};

//! A response. Content-Length, Date and Connection are set by the server.
struct Response {
  int status = 200;
  std::vector<Field> headers;
  std::string body;

  //! Sets (replacing) a header field.
  void Set(std::string_view name, std::string_view value);
  //! The value of header `name` (case-insensitive), or empty.
  std::string_view Header(std::string_view name) const;
};

//! Percent-decodes a URL path into `out` ('+' stays '+'). Returns false on a
//! malformed %-escape or an escape that decodes to NUL; `out` is then unspecified.
bool DecodePath(std::string_view raw, std::string& out);

//! The application: one function from request to response. It must not throw;
//! if it does, the server answers 500 and logs the exception's type only.
//! With ServerOptions::threads > 1 it is called concurrently, so it must be thread-safe.
using Handler = std::function<Response(const Request&)>;

//! A request that may carry a larger body than the 1 MiB every other request
//! may: a file upload. The server picks a request's limit from its method and
//! decoded path as soon as its header is read, before any of its body.
struct UploadRoute {
  std::string method;   //!< "POST"
  std::string pattern;  //!< the path, '*' standing for any one segment: "/plan/goals/*/evidence"
  std::uint64_t max_body_bytes = 0;
};

//! The body limit of LQF's one upload, evidence for a development-plan goal:
//! domain::kMaxEvidenceBytes (10 MiB; the HTTP layer cannot see the domain, so
//! a test holds the two together) and 64 KiB for the multipart form around the
//! file. A slightly larger file still reaches the page, which explains the limit.
inline constexpr std::uint64_t kMaxEvidenceUploadBytes = (std::uint64_t{10} * 1024 + 64) * 1024;

//! Where and how to listen.
struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  //!< 0 picks a free port; see Server::Port()
  unsigned threads = 1;       //!< threads serving connections (with more than one, plus one accepting them)
  bool access_log = true;     //!< one line per request on stderr: method, path, status, bytes, µs
  //! Overrides the whole-request read time-out (kReadTimeout, 15 s; kUploadReadTimeout,
  //! 2 minutes, for uploads) when non-zero; for tests.
  std::uint32_t read_timeout_ms = 0;
  //! The requests that may send more than 1 MiB of body.
  std::vector<UploadRoute> uploads = {{"POST", "/plan/goals/*/evidence", kMaxEvidenceUploadBytes}};
  //! Answers a request refused once its header is read, before its body (413
  //! too large, 503 too many uploads at once): given the status and the
  //! request without its body, e.g. a page saying why. Empty, or if it throws:
  //! plain text. The status stays the server's.
  std::function<Response(int status, const Request& head)> refusal;
};

//! An HTTP/1.1 server with keep-alive. Limits (body, header, time-outs, queue
//! depth) are named constants in server.cpp at their point of use.
class Server {
 public:
  //! Binds the listening socket at once; throws std::runtime_error with a
  //! readable reason (e.g. "127.0.0.1:8080: address already in use").
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  //! The bound port (useful when options.port was 0).
  std::uint16_t Port() const;

  //! Serves until Stop() is called or, if `handle_signals`, until SIGINT or
  //! SIGTERM arrives; then stops accepting, lets requests in flight finish
  //! (up to a grace period) and returns.
  void Run(bool handle_signals = true);

  //! Asks a running server to shut down gracefully; safe from any thread.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lqf::http
