// The HTTP server against real sockets on 127.0.0.1. The client side is plain
// POSIX on purpose: a Beast client would share the server's parser and so its
// blind spots.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "domain/evidence.hpp"
#include "web/http/server.hpp"

namespace lqf::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// A server on an ephemeral port, running on a background thread for the
// duration of a test.
class TestServer {
 public:
  explicit TestServer(Handler handler, ServerOptions options = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    options.access_log = false;
    server_ = std::make_unique<Server>(std::move(options), std::move(handler));
    thread_ = std::thread([this] {
      server_->Run(/*handle_signals=*/false);
      returned_ = true;
    });
  }
  ~TestServer() { StopAndJoin(); }

  std::uint16_t Port() const { return server_->Port(); }
  Server& server() { return *server_; }
  bool returned() const { return returned_; }

  void StopAndJoin() {
    if (!thread_.joinable()) return;
    server_->Stop();
    thread_.join();
  }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<bool> returned_{false};
};

// One client connection. Receives time out so a server bug fails the test
// instead of hanging it.
class Client {
 public:
  explicit Client(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket");
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("connect");
    }
  }
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  void Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send");
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // Reads until the peer closes (or errors); returns what arrived.
  std::string ReadToEof() {
    std::string out;
    while (Fill()) {
    }
    out.swap(pending_);
    return out;
  }

  // True once the server has closed the connection (EOF or reset).
  bool Closed() {
    while (Fill()) {
    }
    return eof_;
  }

  struct Reply {
    int status = 0;
    std::string head;                           // status line and fields, as sent
    std::map<std::string, std::string> fields;  // lower-cased names
    std::string body;
  };

  // Reads exactly one response; `head_request` means no body follows the fields.
  Reply ReadReply(bool head_request = false) {
    Reply reply;
    std::size_t end;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) throw std::runtime_error("connection closed before response head");
    }
    reply.head = pending_.substr(0, end + 2);
    pending_.erase(0, end + 4);
    reply.status = std::atoi(reply.head.substr(9, 3).c_str());
    std::size_t pos = reply.head.find("\r\n") + 2;
    while (pos < reply.head.size()) {
      const std::size_t eol = reply.head.find("\r\n", pos);
      const std::string line = reply.head.substr(pos, eol - pos);
      const std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      reply.fields[name] = value;
      pos = eol + 2;
    }
    std::size_t length = 0;
    if (auto it = reply.fields.find("content-length"); it != reply.fields.end() && !head_request) {
      length = std::stoul(it->second);
    }
    while (pending_.size() < length) {
      if (!Fill()) throw std::runtime_error("connection closed inside body");
    }
    reply.body = pending_.substr(0, length);
    pending_.erase(0, length);
    return reply;
  }

  // Bytes received but not yet consumed by ReadReply.
  const std::string& pending() const { return pending_; }

 private:
  bool Fill() {
    if (eof_) return false;
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n > 0) {
      pending_.append(buf, static_cast<std::size_t>(n));
      return true;
    }
    if (n == 0 || errno == ECONNRESET) eof_ = true;
    return false;  // EOF, reset or receive time-out
  }

  int fd_ = -1;
  bool eof_ = false;
  std::string pending_;
};

Response Hello(const Request&) {
  Response response;
  response.Set("Content-Type", "text/plain; charset=utf-8");
  response.Set("X-Test", "yes");
  response.body = "hello world";
  return response;
}

// Answers with what the server parsed, so tests can check the Request.
Response Echo(const Request& request) {
  Response response;
  response.body = request.method + "|" + request.path + "|" + request.query + "|" +
                  std::string(request.Header("x-probe")) + "|" + request.body + "|" + request.remote_address;
  return response;
}

TEST(HttpServerTest, GetReturnsHandlerStatusHeadersAndBody) {
  TestServer server([](const Request& request) {
    Response response = Hello(request);
    response.status = 201;
    return response;
  });
  Client client(server.Port());
  client.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  const Client::Reply reply = client.ReadReply();
  EXPECT_EQ(reply.status, 201);
  EXPECT_EQ(reply.body, "hello world");
  EXPECT_EQ(reply.fields.at("content-length"), "11");
  EXPECT_EQ(reply.fields.at("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(reply.fields.at("x-test"), "yes");
  EXPECT_EQ(reply.fields.at("server"), "lqf");
  EXPECT_EQ(reply.fields.at("date").size(), 29u);   // "Sun, 06 Nov 1994 08:49:37 GMT"
  EXPECT_EQ(reply.fields.count("connection"), 0u);  // HTTP/1.1 keep-alive is implicit
}

TEST(HttpServerTest, HeadSendsLengthOfGetBodyButNoBody) {
  TestServer server(Hello);
  Client client(server.Port());
  client.Send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
  const Client::Reply head = client.ReadReply(/*head_request=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.fields.at("content-length"), "11");
  // Had the body been sent, it would sit in front of the next response.
  client.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  const Client::Reply get = client.ReadReply();
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, "hello world");
}

TEST(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::atomic<int> calls{0};
  TestServer server([&](const Request& request) {
    ++calls;
    return Echo(request);
  });
  Client client(server.Port());
  client.Send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.ReadReply().body, "GET|/one||||127.0.0.1");
  client.Send("GET /two HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.ReadReply().body, "GET|/two||||127.0.0.1");
  EXPECT_EQ(calls, 2);
}

TEST(HttpServerTest, BackToBackRequestsInOneSendAreBothAnswered) {
  TestServer server(Echo);
  Client client(server.Port());
  client.Send(
      "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"
      "GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.ReadReply().body, "POST|/a|||hi|127.0.0.1");
  EXPECT_EQ(client.ReadReply().body, "GET|/b||||127.0.0.1");
}

TEST(HttpServerTest, RemoteAddressIsThePeerIp) {
  TestServer server(Echo);
  Client client(server.Port());
  client.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.ReadReply().body, "GET|/||||127.0.0.1");
}

TEST(HttpServerTest, PathIsPercentDecodedAndQueryKeptRaw) {
  TestServer server(Echo);
  Client client(server.Port());
  client.Send("GET /a%20b/c%2Fd+e?x=1&y=%20z HTTP/1.1\r\nHost: x\r\nX-Probe: p\r\n\r\n");
  const Client::Reply reply = client.ReadReply();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "GET|/a b/c/d+e|x=1&y=%20z|p||127.0.0.1");
}

TEST(HttpServerTest, PostBodyReachesHandler) {
  TestServer server(Echo);
  Client client(server.Port());
  client.Send("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\na=1&b=2");
  EXPECT_EQ(client.ReadReply().body, "POST|/form|||a=1&b=2|127.0.0.1");
  // Chunked bodies are reassembled too.
  client.Send(
      "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  EXPECT_EQ(client.ReadReply().body, "POST|/c|||abcde|127.0.0.1");
}

TEST(HttpServerTest, ExpectContinueGetsInterimResponse) {
  TestServer server(Echo);
  Client client(server.Port());
  client.Send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.ReadReply().status, 100);
  client.Send("xyz");
  EXPECT_EQ(client.ReadReply().body, "POST|/up|||xyz|127.0.0.1");
}

TEST(HttpServerTest, MalformedRequestLineIs400AndCloses) {
  TestServer server(Hello);
  Client client(server.Port());
  client.Send("THIS IS NOT HTTP\r\n\r\n");
  const Client::Reply reply = client.ReadReply();
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.fields.at("connection"), "close");
  EXPECT_FALSE(reply.body.empty());
  EXPECT_TRUE(client.Closed());
}

TEST(HttpServerTest, OversizedHeaderIs431) {
  TestServer server(Hello);
  Client client(server.Port());
  client.Send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n");
  const Client::Reply reply = client.ReadReply();
  EXPECT_EQ(reply.status, 431);
  EXPECT_EQ(reply.fields.at("connection"), "close");
  EXPECT_TRUE(client.Closed());
}

TEST(HttpServerTest, OversizedBodyIs413) {
  TestServer server(Hello);
  Client client(server.Port());
  client.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n");
  const Client::Reply reply = client.ReadReply();
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(reply.fields.at("connection"), "close");
}

TEST(HttpServerTest, ARefusalBeforeTheBodyIsExplainedByTheApplication) {
  ServerOptions options;
  std::string seen;
  options.refusal = [&seen](int status, const Request& head) {
    seen = head.method + " " + head.path + " ?" + head.query + " " + std::string(head.Header("Cookie"));
    Response response{200, {}, "<p>The file is too large (" + std::to_string(status) + ")</p>"};
    response.Set("Content-Type", "text/html; charset=utf-8");
    return response;
  };
  TestServer server(Hello, options);
  Client client(server.Port());
  client.Send(
      "POST /plan/goals/7/actions?x=1 HTTP/1.1\r\nHost: x\r\nCookie: lqf_session=abc\r\n"
      "Content-Length: 2000000\r\n\r\n");
  const Client::Reply reply = client.ReadReply();
  EXPECT_EQ(reply.status, 413) << "the server's status, whatever the page says";
  EXPECT_EQ(reply.body, "<p>The file is too large (413)</p>");
  EXPECT_EQ(reply.fields.at("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(seen, "POST /plan/goals/7/actions ?x=1 lqf_session=abc");
  // A page that fails leaves the plain answer.
  ServerOptions failing;
  failing.refusal = [](int, const Request&) -> Response { throw std::runtime_error("no page"); };
  TestServer plain(Hello, failing);
  Client other(plain.Port());
  other.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n");
  const Client::Reply fallback = other.ReadReply();
  EXPECT_EQ(fallback.status, 413);
  EXPECT_EQ(fallback.fields.at("content-type"), "text/plain; charset=utf-8");
}

TEST(HttpServerTest, OversizedChunkedBodyIs413) {
  TestServer server(Hello);
  Client client(server.Port());
  client.Send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";
  for (int i = 0; i < 17; ++i) client.Send(chunk);  // 1.06 MiB
  EXPECT_EQ(client.ReadReply().status, 413);
}

// Answers with the size of the body it was given.
Response BodySize(const Request& request) {
  Response response;
  response.body = std::to_string(request.body.size());
  return response;
}

TEST(HttpServerTest, OnlyTheUploadPathTakesBodiesOverOneMebibyte) {
  TestServer server(BodySize);
  const std::string two_mib(2 * 1024 * 1024, 'a');
  {
    Client client(server.Port());
    client.Send("POST /plan/goals/7/actions HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n");
    EXPECT_EQ(client.ReadReply().status, 413) << "an ordinary path keeps its 1 MiB";
  }
  {
    Client client(server.Port());
    client.Send("POST /plan/goals/7/evidence HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n" + two_mib);
    const auto reply = client.ReadReply();
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "2097152");
    // Chunked, on the same connection: the limit is counted as the body arrives.
    client.Send("POST /plan/goals/7/evidence?x=1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string chunk = "100000\r\n" + std::string(0x100000, 'b') + "\r\n";
    client.Send(chunk + chunk + "0\r\n\r\n");
    EXPECT_EQ(client.ReadReply().body, "2097152");
  }
  {
    // Only that method, and only that shape of path.
    for (const char* head : {"PUT /plan/goals/7/evidence", "POST /plan/goals/evidence", "POST /plan/goals/7/8/evidence",
                             "POST /plan/goals//evidence", "POST /plan/goals/7/evidence/x"}) {
      Client client(server.Port());
      client.Send(std::string(head) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n");
      EXPECT_EQ(client.ReadReply().status, 413) << head;
    }
  }
  {
    // Beyond the upload's own limit: refused before any body is read.
    Client client(server.Port());
    client.Send("POST /plan/goals/7/evidence HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                std::to_string(kMaxEvidenceUploadBytes + 1) + "\r\nExpect: 100-continue\r\n\r\n");
    EXPECT_EQ(client.ReadReply().status, 413) << "no 100 Continue first";
  }
  {
    Client client(server.Port());
    client.Send("POST /plan/goals/7/evidence HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string chunk = "100000\r\n" + std::string(0x100000, 'c') + "\r\n";
    for (int i = 0; i < 10; ++i) client.Send(chunk);
    // 10 MiB and 128 KiB: past the limit by less than the server drains after answering.
    client.Send("20000\r\n" + std::string(0x20000, 'c') + "\r\n");
    EXPECT_EQ(client.ReadReply().status, 413);
  }
}

TEST(HttpServerTest, TheUploadLimitLeavesRoomForTheLargestEvidenceAndItsForm) {
  const ServerOptions options;
  ASSERT_EQ(options.uploads.size(), 1u);
  EXPECT_EQ(options.uploads[0].method, "POST");
  EXPECT_EQ(options.uploads[0].pattern, "/plan/goals/*/evidence");
  EXPECT_GT(options.uploads[0].max_body_bytes, domain::kMaxEvidenceBytes + 16 * 1024);
  EXPECT_LT(options.uploads[0].max_body_bytes, domain::kMaxEvidenceBytes + 1024 * 1024);
}

TEST(HttpServerTest, UploadsBeyondTheNumberReadAtOnceAreTurnedAwayUntilOneEnds) {
  TestServer server(BodySize);
  const std::string head =
      "POST /plan/goals/7/evidence HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\nExpect: 100-continue\r\n\r\n";
  // Eight uploads under way: each has been told to go on, so each holds its place.
  std::vector<std::unique_ptr<Client>> uploading;
  for (int i = 0; i < 8; ++i) {
    uploading.push_back(std::make_unique<Client>(server.Port()));
    uploading.back()->Send(head);
    ASSERT_EQ(uploading.back()->ReadReply().status, 100) << i;
  }
  {
    Client ninth(server.Port());
    ninth.Send(head);
    const auto reply = ninth.ReadReply();
    EXPECT_EQ(reply.status, 503);
    EXPECT_EQ(reply.fields.at("retry-after"), "10");
  }
  // Ordinary requests are not held up.
  {
    Client other(server.Port());
    other.Send("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
    EXPECT_EQ(other.ReadReply().body, "3");
  }
  // One finishes: its place is free again.
  uploading.front()->Send(std::string(1048577, 'd'));
  EXPECT_EQ(uploading.front()->ReadReply().body, "1048577");
  Client next(server.Port());
  next.Send(head);
  EXPECT_EQ(next.ReadReply().status, 100);
}

TEST(HttpServerTest, BadPercentEscapeIs400) {
  TestServer server(Hello);
  for (const char* target : {"/a%zz", "/a%4", "/a%", "/a%00b"}) {
    Client client(server.Port());
    client.Send(std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(client.ReadReply().status, 400) << target;
  }
}

TEST(HttpServerTest, TargetNotStartingWithSlashIs400) {
  TestServer server(Hello);
  for (const char* target : {"http://example.com/", "*", "index.html"}) {
    Client client(server.Port());
    client.Send(std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    const Client::Reply reply = client.ReadReply();
    EXPECT_EQ(reply.status, 400) << target;
    EXPECT_EQ(reply.fields.at("connection"), "close") << target;
  }
}

TEST(HttpServerTest, ThrowingHandlerGives500AndServerKeepsServing) {
  TestServer server([](const Request& request) -> Response {
    if (request.path == "/boom") throw std::runtime_error("secret request data");
    return Hello(request);
  });
  Client client(server.Port());
  client.Send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
  const Client::Reply boom = client.ReadReply();
  EXPECT_EQ(boom.status, 500);
  EXPECT_EQ(boom.body, "Internal Server Error\n");
  client.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.ReadReply().body, "hello world");
  Client other(server.Port());
  other.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(other.ReadReply().status, 200);
}

TEST(HttpServerTest, ConnectionCloseAndHttp10AreRespected) {
  TestServer server(Hello);
  {
    Client client(server.Port());
    client.Send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const Client::Reply reply = client.ReadReply();
    EXPECT_EQ(reply.fields.at("connection"), "close");
    EXPECT_TRUE(client.Closed());
  }
  {
    Client client(server.Port());
    client.Send("GET / HTTP/1.0\r\n\r\n");
    const Client::Reply reply = client.ReadReply();
    EXPECT_EQ(reply.head.substr(0, 8), "HTTP/1.0");
    EXPECT_EQ(reply.body, "hello world");
    EXPECT_TRUE(client.Closed());
  }
  {
    Client client(server.Port());
    client.Send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    EXPECT_EQ(client.ReadReply().fields.at("connection"), "keep-alive");
    client.Send("GET / HTTP/1.0\r\n\r\n");
    EXPECT_EQ(client.ReadReply().body, "hello world");
  }
}

TEST(HttpServerTest, HandlerCannotBreakFramingOrInjectHeaders) {
  TestServer server([](const Request&) {
    Response response;
    response.status = 200;
    response.headers.push_back({"Content-Length", "999"});
    response.headers.push_back({"X-Evil", "a\r\nSet-Cookie: pwned=1"});
    response.headers.push_back({"X-Bad: name", "v"});
    response.headers.push_back({"Set-Cookie", "a=1"});
    response.headers.push_back({"Set-Cookie", "b=2"});
    response.body = "ok";
    return response;
  });
  Client client(server.Port());
  client.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  const Client::Reply reply = client.ReadReply();
  EXPECT_EQ(reply.fields.at("content-length"), "2");
  EXPECT_EQ(reply.body, "ok");
  EXPECT_EQ(reply.fields.count("x-evil"), 0u);
  EXPECT_EQ(reply.head.find("pwned"), std::string::npos);
  EXPECT_EQ(reply.head.find("X-Bad"), std::string::npos);
  EXPECT_NE(reply.head.find("Set-Cookie: a=1\r\n"), std::string::npos);
  EXPECT_NE(reply.head.find("Set-Cookie: b=2\r\n"), std::string::npos);
}

TEST(HttpServerTest, NoContentHasNoContentLength) {
  TestServer server([](const Request&) { return Response{204, {}, "ignored"}; });
  Client client(server.Port());
  client.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  const Client::Reply reply = client.ReadReply();
  EXPECT_EQ(reply.status, 204);
  EXPECT_EQ(reply.fields.count("content-length"), 0u);
  client.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.ReadReply().status, 204);  // nothing stray between the two
}

TEST(HttpServerTest, PortZeroGetsARealPort) {
  TestServer server(Hello);
  EXPECT_NE(server.Port(), 0);
}

TEST(HttpServerTest, SecondServerOnSamePortThrowsNamingThePort) {
  TestServer server(Hello);
  ServerOptions options;
  options.port = server.Port();
  try {
    Server second(options, Hello);
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("127.0.0.1:" + std::to_string(server.Port())), std::string::npos) << what;
    EXPECT_NE(what.find("in use"), std::string::npos) << what;
  }
}

TEST(HttpServerTest, BadAddressThrows) {
  ServerOptions options;
  options.address = "not-an-ip";
  options.port = 0;
  EXPECT_THROW(Server(options, Hello), std::runtime_error);
}

TEST(HttpServerTest, StopFromAnotherThreadMakesRunReturn) {
  TestServer server(Hello);
  Client idle(server.Port());  // an idle keep-alive connection must not delay shutdown
  idle.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  idle.ReadReply();
  const auto start = steady_clock::now();
  server.StopAndJoin();
  EXPECT_TRUE(server.returned());
  EXPECT_LT(steady_clock::now() - start, milliseconds(1000));
  EXPECT_TRUE(idle.Closed());
}

TEST(HttpServerTest, SigtermStopsRunWhenHandlingSignals) {
  Server server(ServerOptions{"127.0.0.1", 0, 1, false}, Hello);
  std::thread runner([&] { server.Run(/*handle_signals=*/true); });
  // A served request proves Run has installed its signal handlers, so the
  // signal below cannot hit the default action and kill the test binary.
  Client client(server.Port());
  client.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(client.ReadReply().status, 200);
  ::kill(::getpid(), SIGTERM);
  runner.join();
  EXPECT_TRUE(client.Closed());
}

TEST(HttpServerTest, StopBeforeRunReturnsPromptly) {
  Server server(ServerOptions{"127.0.0.1", 0, 1, false}, Hello);
  server.Stop();
  std::thread runner([&] { server.Run(false); });
  runner.join();
}

TEST(HttpServerTest, StopLetsRequestInFlightFinish) {
  std::atomic<bool> entered{false};
  TestServer server([&](const Request& request) {
    entered = true;
    std::this_thread::sleep_for(milliseconds(300));
    return Hello(request);
  });
  Client client(server.Port());
  client.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  while (!entered) std::this_thread::sleep_for(milliseconds(1));
  server.server().Stop();
  const Client::Reply reply = client.ReadReply();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "hello world");
  EXPECT_EQ(reply.fields.at("connection"), "close");  // no keep-alive while stopping
  EXPECT_TRUE(client.Closed());
  server.StopAndJoin();
  EXPECT_TRUE(server.returned());
}

TEST(HttpServerTest, SlowClientIsCutOffAfterReadTimeout) {
  ServerOptions options;
  options.read_timeout_ms = 200;
  TestServer server(Hello, options);
  Client client(server.Port());
  client.Send("GET / HTTP/1.1\r\nHost: x\r\n");  // and never the final CRLF
  const auto start = steady_clock::now();
  EXPECT_TRUE(client.Closed());
  EXPECT_LT(steady_clock::now() - start, milliseconds(2000));
  EXPECT_TRUE(client.pending().empty());  // closed without an answer
}

TEST(HttpServerTest, SeveralThreadsServeConcurrentClients) {
  ServerOptions options;
  options.threads = 2;
  TestServer server(Echo, options);
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&, i] {
      Client client(server.Port());
      for (int j = 0; j < 50; ++j) {
        const std::string path = "/c" + std::to_string(i) + "/" + std::to_string(j);
        client.Send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
        if (client.ReadReply().body == "GET|" + path + "||||127.0.0.1") ++ok;
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(ok, 8 * 50);
}

TEST(DecodePathTest, DecodesEscapesAndRejectsBadOnes) {
  std::string out;
  EXPECT_TRUE(DecodePath("/a%20b%2fc%C3%A9", out));
  EXPECT_EQ(out, "/a b/c\xC3\xA9");
  EXPECT_TRUE(DecodePath("/a+b", out));
  EXPECT_EQ(out, "/a+b");
  EXPECT_FALSE(DecodePath("/%", out));
  EXPECT_FALSE(DecodePath("/%a", out));
  EXPECT_FALSE(DecodePath("/%g0", out));
  EXPECT_FALSE(DecodePath("/%00", out));
}

TEST(MessageTest, HeaderLookupIsCaseInsensitiveAndSetReplaces) {
  Response response;
  response.headers.push_back({"X-A", "1"});
  response.headers.push_back({"x-a", "2"});
  response.Set("X-a", "3");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.Header("X-A"), "3");
  EXPECT_EQ(response.Header("missing"), "");
  Request request;
  request.headers.push_back({"Content-Type", "text/html"});
  EXPECT_EQ(request.Header("content-type"), "text/html");
}

}  // namespace
}  // namespace lqf::http
