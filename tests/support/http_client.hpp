#pragma once
//! A tiny blocking HTTP/1.1 client over POSIX sockets for tests: it sends
//! exactly the bytes given, so tests can also send malformed requests.

#include <string>
#include <string_view>
#include <vector>

namespace lqf::testing {

//! A parsed response (or status 0 if the connection failed or was closed
//! without an answer).
struct HttpReply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  //! First header with this name (case-insensitive), or empty.
  std::string Header(std::string_view name) const;
};

//! Sends `raw` to 127.0.0.1:port and reads until the server closes.
HttpReply SendRaw(unsigned short port, std::string_view raw);

//! GET `target` with Connection: close and any extra header lines
//! ("Name: value\r\n" each).
HttpReply Get(unsigned short port, std::string_view target, std::string_view extra_headers = {});

//! Any method with a body.
HttpReply Request(unsigned short port, std::string_view method, std::string_view target, std::string_view body,
                  std::string_view extra_headers = {});

}  // namespace lqf::testing
