// The HTTP server. This is the only translation unit that includes Boost.Beast
// and Boost.Asio: they cost seconds of compile time per includer, and the rest
// of LQF only needs Request -> Response.
//
// Shape: one event loop (io_context) per thread, each run by that thread alone.
// The first, `control`, holds the acceptor, the signals and the shutdown
// timer; with more than one thread, accepted connections are dealt out in turn
// to that many further loops (with one, the control loop serves them), and a connection's
// coroutine lives on its loop until it closes. A loop run by one thread needs
// no strands, and a completion never wakes another thread: with a shared loop
// each request cost several thread wake-ups, a quarter of the CPU serving a
// questionnaire page (bench/feedback.sh). The price: a slow handler delays the
// other connections on its loop (not the whole server), so threads should
// outnumber the requests expected to block at once (database commits).

#include "web/http/server.hpp"

#include <cxxabi.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <typeinfo>
#include <vector>

namespace lqf::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Errors come back as values: a peer hanging up is routine, not exceptional,
// and exceptions per closed connection would cost more than the request.
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// A single write(2) per line keeps lines whole when several threads log at once.
void WriteStderr(const char* data, std::size_t size) {
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, data, size);
}

void LogLine(std::string_view text) {
  char line[512];
  const int n = std::snprintf(line, sizeof line, "lqf http: %.*s\n", static_cast<int>(text.size()), text.data());
  if (n > 0) WriteStderr(line, std::min(static_cast<std::size_t>(n), sizeof line - 1));
}

// The exception's type only: its message may quote request data.
void LogException(std::string_view where, const std::type_info& type) {
  int status = 0;
  char* demangled = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string text(where);
  text += ": ";
  text += (status == 0 && demangled != nullptr) ? demangled : type.name();
  std::free(demangled);
  LogLine(text);
}

void LogCurrentException(std::string_view where) {
  try {
    throw;
  } catch (const std::exception& e) {
    LogException(where, typeid(e));
  } catch (...) {
    LogLine(std::string(where) + ": non-standard exception");
  }
}

void Append2(char* out, int v) {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
}

// The Date header, formatted once a second per thread. Hand-rolled because
// strftime's %a/%b follow the locale and HTTP dates must be English.
std::string_view HttpDate() {
  static constexpr char kDays[] = "SunMonTueWedThuFriSat";
  static constexpr char kMonths[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  thread_local std::time_t cached = -1;
  thread_local char text[] = "Thu, 01 Jan 1970 00:00:00 GMT";
  const std::time_t now = std::time(nullptr);
  if (now != cached) {
    std::tm t{};
    gmtime_r(&now, &t);
    std::copy_n(kDays + 3 * t.tm_wday, 3, text);
    Append2(text + 5, t.tm_mday);
    std::copy_n(kMonths + 3 * t.tm_mon, 3, text + 8);
    const int year = t.tm_year + 1900;
    Append2(text + 12, year / 100);
    Append2(text + 14, year % 100);
    Append2(text + 17, t.tm_hour);
    Append2(text + 20, t.tm_min);
    Append2(text + 23, t.tm_sec);
    cached = now;
  }
  return {text, sizeof text - 1};
}

void AccessLog(std::string_view method, std::string_view path, int status, std::size_t bytes, Clock::time_point start) {
  // Truncation keeps a line under PIPE_BUF, so a write to a pipe stays atomic.
  constexpr int kMaxLoggedMethod = 16;
  constexpr int kMaxLoggedPath = 256;
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
  const auto now = std::chrono::system_clock::now();
  const std::time_t secs = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm t{};
  gmtime_r(&secs, &t);
  char line[512];
  const int n = std::snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ %.*s %.*s %d %zu %lldus\n",
                              t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec,
                              static_cast<int>(millis), std::min(kMaxLoggedMethod, static_cast<int>(method.size())),
                              method.data(), std::min(kMaxLoggedPath, static_cast<int>(path.size())), path.data(),
                              status, bytes, static_cast<long long>(micros));
  if (n <= 0) return;
  if (static_cast<std::size_t>(n) >= sizeof line) line[sizeof line - 2] = '\n';
  WriteStderr(line, std::min(static_cast<std::size_t>(n), sizeof line - 1));
}

// CR, LF or NUL in a handler-supplied field would let it inject headers
// (response splitting); Beast 1.81 does not check.
bool SafeFieldValue(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// A field name must be an RFC 9110 token; anything else would garble the head.
bool SafeFieldName(std::string_view s) {
  static constexpr std::string_view kTokenPunctuation = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           kTokenPunctuation.find(ch) != std::string_view::npos;
  });
}

// The status to answer a failed read with, or 0 to close without answering
// (peer gone, time-out, shutdown).
int StatusForReadError(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return 0;
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) return 400;
  return 0;
}

std::string RemoteAddress(const tcp::socket& socket) {
  beast::error_code ec;
  const tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  asio::ip::address address = endpoint.address();
  // Dual-stack listeners report IPv4 peers as ::ffff:a.b.c.d; throttling wants one form.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

// True if `path` matches `pattern`, in which '*' stands for one non-empty segment.
bool MatchesPattern(std::string_view pattern, std::string_view path) {
  while (!pattern.empty()) {
    if (pattern.front() == '*') {
      const auto segment = path.substr(0, path.find('/'));
      if (segment.empty()) return false;
      pattern.remove_prefix(1);
      path.remove_prefix(segment.size());
    } else {
      if (path.empty() || path.front() != pattern.front()) return false;
      pattern.remove_prefix(1);
      path.remove_prefix(1);
    }
  }
  return path.empty();
}

// A place among the uploads being read at once, held while its request is
// read and answered; given back when it goes out of scope.
class UploadSlot {
 public:
  UploadSlot() = default;
  UploadSlot(const UploadSlot&) = delete;
  UploadSlot& operator=(const UploadSlot&) = delete;
  ~UploadSlot() {
    if (count_ != nullptr) count_->fetch_sub(1);
  }
  // False, holding nothing, if `limit` uploads are already in flight.
  bool Acquire(std::atomic<unsigned>& count, unsigned limit) {
    if (count.fetch_add(1) >= limit) {
      count.fetch_sub(1);
      return false;
    }
    count_ = &count;
    return true;
  }

 private:
  std::atomic<unsigned>* count_ = nullptr;
};

std::string LowerFirst(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] + 32);
  return s;
}

}  // namespace

struct Server::Impl {
  // One accepted connection. Owned by its coroutine (shared_ptr) and listed in
  // Impl's registry so that shutdown can find and close the idle ones.
  struct Connection : std::enable_shared_from_this<Connection> {
    Connection(tcp::socket socket, Impl& owner)
        : server(owner), remote_address(RemoteAddress(socket)), stream(std::move(socket)) {}
    ~Connection() { server.Unregister(this); }

    Impl& server;
    std::string remote_address;
    beast::tcp_stream stream;
    // Reused for every request on the connection, so steady-state keep-alive
    // traffic allocates no new read buffers.
    beast::flat_buffer buffer;
    // True while waiting for the first byte of the next request. Only touched
    // on the connection's executor.
    bool idle = false;
    // Registry links, guarded by Impl::registry_mutex.
    Connection* prev = nullptr;
    Connection* next = nullptr;
  };

  Impl(ServerOptions opts, Handler h);
  ~Impl();

  void Register(Connection* c);
  void Unregister(Connection* c);
  asio::awaitable<void> Accept();
  asio::awaitable<void> Serve(std::shared_ptr<Connection> c);
  asio::awaitable<bool> Write(Connection& c, unsigned version, bool keep_alive, bool head, Response response,
                              std::string_view method, std::string_view path, Clock::time_point start);
  asio::awaitable<void> DrainAndClose(Connection& c);
  void BeginShutdown();
  //! Ends every loop's run() (connections left open close with the loops).
  void StopLoops();

  ServerOptions options;
  Handler handler;
  Clock::duration read_timeout;

  // Declared before the loops: connections still pending when a loop is
  // destroyed unregister themselves from its destructor.
  std::mutex registry_mutex;
  Connection* connections = nullptr;
  std::size_t connection_count = 0;
  bool tearing_down = false;
  // Set by Stop() at once, not when the posted shutdown runs: a handler busy on
  // the only thread would otherwise finish its request without seeing it.
  std::atomic<bool> stopping{false};
  bool shutdown_started = false;  // on `control` only

  // Each loop is run by one thread (the hint: Asio never wakes another for it).
  // The connections' loops are declared first so that they outlive control:
  // an accept still pending there holds a socket made for one of them.
  std::vector<std::unique_ptr<asio::io_context>> loops;
  asio::io_context control{1};
  std::size_t next_loop = 0;  // on `control` only
  // Requests with a body limit above kMaxBodyBytes being read or answered now.
  std::atomic<unsigned> uploads_in_flight{0};
  tcp::acceptor acceptor;
  asio::steady_timer grace_timer;
  std::uint16_t port = 0;
};

Server::Impl::Impl(ServerOptions opts, Handler h)
    : options(std::move(opts)), handler(std::move(h)), acceptor(control), grace_timer(control) {
  // Fifteen seconds for a whole request, from its first byte (or from accept,
  // for the first one): long enough for a slow phone, short enough that
  // trickling clients cannot pin connections.
  constexpr auto kReadTimeout = std::chrono::seconds(15);
  // Backlog beyond which the kernel refuses connections; bounded anyway by
  // net.core.somaxconn.
  constexpr int kListenBacklog = 1024;

  // With one thread, control is the only loop; otherwise each thread serving
  // connections has its own, and control's thread only accepts them.
  if (options.threads > 1) {
    for (unsigned i = 0; i < options.threads; ++i) loops.push_back(std::make_unique<asio::io_context>(1));
  }

  read_timeout = options.read_timeout_ms != 0 ? Clock::duration(std::chrono::milliseconds(options.read_timeout_ms))
                                              : Clock::duration(kReadTimeout);

  beast::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options.address, ec);
  const std::string where =
      (address.is_v6() && !ec ? "[" + options.address + "]" : options.address) + ":" + std::to_string(options.port);
  auto fail = [&](std::string_view what) {
    throw std::runtime_error(where + ": " + std::string(what) + LowerFirst(ec.message()));
  };
  if (ec) fail("bad address: ");
  const tcp::endpoint endpoint(address, options.port);
  if (acceptor.open(endpoint.protocol(), ec)) fail("");
  // Lets a restarted server bind while old connections sit in TIME_WAIT.
  if (acceptor.set_option(asio::socket_base::reuse_address(true), ec)) fail("");
  if (acceptor.bind(endpoint, ec)) fail("");
  if (acceptor.listen(kListenBacklog, ec)) fail("");
  port = acceptor.local_endpoint(ec).port();
  if (ec) fail("");
}

Server::Impl::~Impl() {
  // Connections destroyed along with the io_context must not post to it.
  std::lock_guard lock(registry_mutex);
  tearing_down = true;
}

void Server::Impl::Register(Connection* c) {
  std::lock_guard lock(registry_mutex);
  c->next = connections;
  if (connections != nullptr) connections->prev = c;
  connections = c;
  ++connection_count;
}

void Server::Impl::Unregister(Connection* c) {
  std::lock_guard lock(registry_mutex);
  if (c->prev != nullptr) c->prev->next = c->next;
  if (c->next != nullptr) c->next->prev = c->prev;
  if (connections == c) connections = c->next;
  --connection_count;
  if (connection_count == 0 && stopping && !tearing_down) {
    // The last connection is gone: no need to wait out the grace period.
    asio::post(control, [this] { grace_timer.cancel(); });
  }
}

asio::awaitable<void> Server::Impl::Accept() {
  // Beyond this many open connections new ones are accepted and closed at once
  // (no 503: answering would need reading the request). Closing, rather than
  // not accepting, keeps the kernel backlog from filling with doomed clients.
  // With bodies of up to kMaxBodyBytes (1 MiB) each, 1,000 connections bound
  // what requests in flight can hold to about 1 GiB; uploads, of up to about
  // 10 MiB each, are at most kMaxUploadsInFlight (8) at once, which with the
  // handler's copies of an upload (the file out of its form, base64 for the
  // store: some 5 times the body) adds about 400 MiB at worst. It also sits
  // within the usual limit of 1,024 open files.
  constexpr std::size_t kMaxConnections = 1000;
  // After an accept error such as EMFILE, wait before retrying instead of spinning.
  constexpr auto kAcceptErrorBackoff = std::chrono::milliseconds(50);

  asio::steady_timer backoff(control);
  while (!stopping) {
    asio::io_context& loop = loops.empty() ? control : *loops[next_loop++ % loops.size()];
    auto [ec, socket] = co_await acceptor.async_accept(loop, kNoThrow);
    if (stopping) break;
    if (ec) {
      if (ec == asio::error::operation_aborted) break;
      backoff.expires_after(kAcceptErrorBackoff);
      co_await backoff.async_wait(kNoThrow);
      continue;
    }
    std::size_t count;
    {
      std::lock_guard lock(registry_mutex);
      count = connection_count;
    }
    if (count >= kMaxConnections) {
      socket.close(ec);
      continue;
    }
    // Small responses go out at once instead of waiting on Nagle's algorithm.
    socket.set_option(tcp::no_delay(true), ec);
    // One connection failing to start (bad_alloc) must not end the accept loop.
    try {
      auto connection = std::make_shared<Connection>(std::move(socket), *this);
      Register(connection.get());
      asio::any_io_executor connection_executor = connection->stream.get_executor();
      asio::co_spawn(connection_executor, Serve(std::move(connection)), [](std::exception_ptr e) {
        if (e) {
          try {
            std::rethrow_exception(e);
          } catch (...) {
            LogCurrentException("connection ended by exception");
          }
        }
      });
    } catch (...) {
      LogCurrentException("could not start a connection");
    }
  }
}

asio::awaitable<bool> Server::Impl::Write(Connection& c, unsigned version, bool keep_alive, bool head,
                                          Response response, std::string_view method, std::string_view path,
                                          Clock::time_point start) {
  // Thirty seconds to hand over a response: generous for a slow link, but a
  // client that stops reading must not hold the connection forever.
  constexpr auto kWriteTimeout = std::chrono::seconds(30);

  if (response.status < 100 || response.status > 599) {
    LogLine("handler returned a status outside 100-599; answered 500");
    response = Response{500, {}, "Internal Server Error\n"};
  }
  const int status = response.status;
  bhttp::response<bhttp::string_body> res;
  res.version(version);
  res.result(static_cast<unsigned>(status));
  for (const Field& f : response.headers) {
    if (!SafeFieldName(f.name) || !SafeFieldValue(f.value)) continue;
    res.insert(f.name, f.value);  // insert, not set: Set-Cookie may legitimately repeat
  }
  // Framing is the server's business alone.
  res.erase(bhttp::field::content_length);
  res.erase(bhttp::field::transfer_encoding);
  res.erase(bhttp::field::connection);
  res.set(bhttp::field::server, "lqf");
  res.set(bhttp::field::date, HttpDate());
  // 1xx, 204 and 304 carry no body, and 1xx/204 must not carry Content-Length.
  const bool bodiless = status < 200 || status == 204 || status == 304;
  if (!bodiless) res.content_length(response.body.size());
  // For HEAD, Content-Length is what GET would send; the body is dropped.
  if (!bodiless && !head) res.body() = std::move(response.body);
  res.keep_alive(keep_alive);
  const std::size_t body_bytes = res.body().size();

  c.stream.expires_after(kWriteTimeout);
  auto [ec, bytes] = co_await bhttp::async_write(c.stream, res, kNoThrow);
  (void)bytes;
  if (options.access_log) AccessLog(method, path, status, ec ? 0 : body_bytes, start);
  co_return !ec && keep_alive && !res.need_eof();
}

asio::awaitable<void> Server::Impl::DrainAndClose(Connection& c) {
  // After an error answer the client may still be sending (say, the rest of a
  // too-large body). Closing with unread data makes the kernel send RST, which
  // can destroy the answer before the client reads it; so read and discard a
  // bounded amount for a short while first.
  constexpr auto kDrainTimeout = std::chrono::seconds(2);
  constexpr std::size_t kMaxDrainBytes = 256 * 1024;

  beast::error_code ec;
  c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  c.stream.expires_after(kDrainTimeout);
  std::size_t drained = 0;
  char scratch[4096];
  while (drained < kMaxDrainBytes) {
    auto [read_ec, n] = co_await c.stream.async_read_some(asio::buffer(scratch), kNoThrow);
    if (read_ec) break;
    drained += n;
  }
  c.stream.close();
}

asio::awaitable<void> Server::Impl::Serve(std::shared_ptr<Connection> connection) {
  // Limits on what a client may send: 8 KiB of request line plus fields is
  // what common servers allow; 1 MiB of body is far beyond any LQF form or API
  // call. Uploads (ServerOptions::uploads) may send more, but only so many at
  // once, each given longer to arrive: 10 MiB in two minutes needs 0.7 Mbit/s.
  constexpr std::uint32_t kMaxHeaderBytes = 8 * 1024;
  constexpr std::uint64_t kMaxBodyBytes = 1024 * 1024;
  constexpr unsigned kMaxUploadsInFlight = 8;
  constexpr auto kUploadReadTimeout = std::chrono::minutes(2);
  // How long a keep-alive connection may sit between requests.
  constexpr auto kIdleKeepAliveTimeout = std::chrono::seconds(30);
  // Read size when waiting for a new request; a typical request fits in one read.
  constexpr std::size_t kReadChunkBytes = 4096;
  // A buffer grown by a large request is given back rather than kept for the
  // connection's lifetime.
  constexpr std::size_t kRetainedBufferBytes = 64 * 1024;
  static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

  Connection& c = *connection;
  beast::flat_buffer& buffer = c.buffer;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser;
  bool first = true;
  bool clean_close = true;

  for (;;) {
    if (buffer.size() == 0) {
      if (buffer.capacity() > kRetainedBufferBytes) buffer.shrink_to_fit();
      // Checked here, on the connection's executor, so that a shutdown posted
      // after this point finds `idle` set and cancels the read.
      if (stopping) break;
      c.idle = true;
      // The first request's deadline runs from accept, so a silent client is
      // dropped after read_timeout, not the longer idle time-out.
      c.stream.expires_after(first ? read_timeout : kIdleKeepAliveTimeout);
      auto [ec, n] = co_await c.stream.async_read_some(buffer.prepare(kReadChunkBytes), kNoThrow);
      c.idle = false;
      if (ec) break;  // peer closed, idle time-out or shutdown
      buffer.commit(n);
    }
    const Clock::time_point start = Clock::now();
    if (!first) c.stream.expires_after(read_timeout);
    first = false;

    // A fresh parser per request (it cannot be reset), constructed in place.
    // Until its header says what the request is, its body limit is the
    // largest any request may have; it is narrowed before any body is read
    // (the parser checks a Content-Length against it once the header is done).
    parser.emplace();
    parser->header_limit(kMaxHeaderBytes);
    std::uint64_t largest_body = kMaxBodyBytes;
    for (const auto& upload : options.uploads) largest_body = std::max(largest_body, upload.max_body_bytes);
    parser->body_limit(largest_body);
    UploadSlot upload_slot;

    auto [ec, n] = co_await bhttp::async_read_header(c.stream, buffer, *parser, kNoThrow);
    int error_status = 0;
    if (!ec) {
      const auto& msg = parser->get();
      const std::string_view target = msg.target();
      // Origin-form only: absolute-form and '*' targets have no use here.
      if (target.empty() || target.front() != '/') {
        error_status = 400;
      } else if (!parser->is_done()) {
        // This request's limit, by its method and decoded path (as routes match them).
        std::uint64_t body_limit = kMaxBodyBytes;
        std::string path;
        if (DecodePath(target.substr(0, target.find('?')), path)) {
          for (const auto& upload : options.uploads) {
            if (msg.method_string() == upload.method && MatchesPattern(upload.pattern, path)) {
              body_limit = std::max(body_limit, upload.max_body_bytes);
            }
          }
        }
        const bool upload = body_limit > kMaxBodyBytes;
        const auto length = parser->content_length();
        if (length && *length > body_limit) {
          error_status = 413;  // before a 100 Continue invites the body
        } else if (upload && !upload_slot.Acquire(uploads_in_flight, kMaxUploadsInFlight)) {
          error_status = 503;
        } else {
          parser->body_limit(body_limit);
          const Clock::duration body_timeout =
              upload && options.read_timeout_ms == 0 ? Clock::duration(kUploadReadTimeout) : read_timeout;
          if (upload) c.stream.expires_after(body_timeout);
          if (beast::iequals(msg[bhttp::field::expect], "100-continue")) {
            c.stream.expires_after(body_timeout);
            auto [write_ec, written] = co_await asio::async_write(c.stream, asio::buffer(kContinue), kNoThrow);
            if (write_ec) break;
          }
          std::tie(ec, n) = co_await bhttp::async_read(c.stream, buffer, *parser, kNoThrow);
        }
      }
    }
    if (ec) error_status = StatusForReadError(ec);
    if (ec || error_status != 0) {
      if (error_status != 0) {
        const bool header_done = parser->is_header_done();
        const unsigned version = header_done ? parser->get().version() : 11;
        const std::string_view method = header_done ? parser->get().method_string() : "-";
        std::string_view path = "-";
        if (header_done) path = parser->get().target().substr(0, parser->get().target().find('?'));
        Response response{
            error_status, {}, std::string(bhttp::obsolete_reason(static_cast<bhttp::status>(error_status))) + "\n"};
        response.Set("Content-Type", "text/plain; charset=utf-8");
        if (header_done && options.refusal && (error_status == 413 || error_status == 503)) {
          // The application says why, in its own words (a page, or a JSON problem).
          const auto& msg = parser->get();
          Request head;
          head.method.assign(msg.method_string());
          head.target.assign(msg.target());
          const std::string_view target = head.target;
          if (const auto q = target.find('?'); q != std::string_view::npos) head.query.assign(target.substr(q + 1));
          if (DecodePath(target.substr(0, target.find('?')), head.path)) {
            for (const auto& field : msg) {
              head.headers.push_back(Field{std::string(field.name_string()), std::string(field.value())});
            }
            head.remote_address = c.remote_address;
            try {
              auto answer = options.refusal(error_status, head);
              answer.status = error_status;
              response = std::move(answer);
            } catch (...) {
              LogCurrentException("refusal page threw; answered in plain text");
            }
          }
        }
        if (error_status == 503) response.Set("Retry-After", "10");  // too many uploads at once
        co_await Write(c, version, false, false, std::move(response), method, path, start);
        clean_close = false;
      }
      break;
    }

    auto& msg = parser->get();
    Request request;
    request.method.assign(msg.method_string());
    request.target.assign(msg.target());
    const std::string_view target = request.target;
    const std::size_t question = target.find('?');
    const std::string_view raw_path = target.substr(0, question);
    if (question != std::string_view::npos) request.query.assign(target.substr(question + 1));

    const bool head = msg.method() == bhttp::verb::head;
    Response response;
    if (!DecodePath(raw_path, request.path)) {
      response = Response{400, {}, "Bad Request\n"};
      response.Set("Content-Type", "text/plain; charset=utf-8");
    } else {
      request.headers.reserve(static_cast<std::size_t>(std::distance(msg.begin(), msg.end())));
      for (const auto& field : msg) {
        request.headers.push_back(Field{std::string(field.name_string()), std::string(field.value())});
      }
      request.body = std::move(msg.body());
      request.remote_address = c.remote_address;
      try {
        response = handler(request);
      } catch (...) {
        LogCurrentException("handler threw; answered 500");
        response = Response{500, {}, "Internal Server Error\n"};
        response.Set("Content-Type", "text/plain; charset=utf-8");
      }
    }
    // Read after the handler: a Stop() during it must still close this connection.
    const bool keep_alive = msg.keep_alive() && !stopping;
    const bool keep =
        co_await Write(c, msg.version(), keep_alive, head, std::move(response), request.method, raw_path, start);
    if (!keep) break;
  }

  if (clean_close) {
    // A FIN rather than an abrupt close, as the peer may still be reading.
    beast::error_code ec;
    c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    c.stream.socket().close(ec);
  } else {
    co_await DrainAndClose(c);
  }
}

void Server::Impl::BeginShutdown() {
  // How long requests in flight get to finish after Stop() or a signal.
  constexpr auto kShutdownGrace = std::chrono::seconds(5);

  if (shutdown_started) return;
  shutdown_started = true;
  stopping = true;
  beast::error_code ec;
  acceptor.close(ec);
  {
    std::lock_guard lock(registry_mutex);
    if (connection_count == 0) {
      StopLoops();
      return;
    }
    for (Connection* c = connections; c != nullptr; c = c->next) {
      // A connection whose destructor is already waiting on this lock is skipped.
      if (auto alive = c->weak_from_this().lock()) {
        asio::any_io_executor executor = alive->stream.get_executor();
        asio::post(executor, [alive] {
          if (alive->idle) alive->stream.cancel();
        });
      }
    }
  }
  grace_timer.expires_after(kShutdownGrace);
  // Fires at the deadline, or early when the last connection unregisters.
  grace_timer.async_wait([this](beast::error_code) { StopLoops(); });
}

void Server::Impl::StopLoops() {
  control.stop();
  for (auto& loop : loops) loop->stop();
}

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() = default;

std::uint16_t Server::Port() const { return impl_->port; }

void Server::Run(bool handle_signals) {
  Impl& impl = *impl_;
  std::optional<asio::signal_set> signals;
  if (handle_signals) {
    signals.emplace(impl.control, SIGINT, SIGTERM);
    // First signal: graceful shutdown. A second one means "now".
    signals->async_wait([&impl, &signals](beast::error_code ec, int) {
      if (ec) return;
      impl.BeginShutdown();
      signals->async_wait([&impl](beast::error_code ec2, int) {
        if (!ec2) impl.StopLoops();
      });
    });
  }
  asio::co_spawn(impl.control, impl.Accept(), [](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (...) {
        LogCurrentException("accept loop ended by exception");
      }
    }
  });

  std::vector<std::thread> workers;
  workers.reserve(impl.loops.size());
  for (auto& loop : impl.loops) {
    workers.emplace_back([&loop] {
      // Kept running while it has no connections, until StopLoops().
      auto work = asio::make_work_guard(*loop);
      loop->run();
    });
  }
  impl.control.run();
  for (std::thread& t : workers) t.join();
}

void Server::Stop() {
  Impl& impl = *impl_;
  impl.stopping = true;
  asio::post(impl.control, [&impl] { impl.BeginShutdown(); });
}

}  // namespace lqf::http
