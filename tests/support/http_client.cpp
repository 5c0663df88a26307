#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <strings.h>

namespace lqf::testing {

std::string HttpReply::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  }
  return {};
}

HttpReply SendRaw(unsigned short port, std::string_view raw) {
  HttpReply reply;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return reply;
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return reply;
  }
  std::size_t sent = 0;
  while (sent < raw.size()) {
    auto n = send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early on a request it refuses
    sent += static_cast<std::size_t>(n);
  }
  std::string data;
  char buffer[65536];
  for (;;) {
    auto n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);

  auto head_end = data.find("\r\n\r\n");
  if (head_end == std::string::npos || data.compare(0, 5, "HTTP/") != 0) return reply;
  auto line_end = data.find("\r\n");
  reply.status = std::stoi(data.substr(data.find(' ') + 1, 3));
  std::size_t at = line_end + 2;
  while (at < head_end) {
    auto end = data.find("\r\n", at);
    auto line = data.substr(at, end - at);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      reply.headers.emplace_back(line.substr(0, colon), value);
    }
    at = end + 2;
  }
  reply.body = data.substr(head_end + 4);
  return reply;
}

HttpReply Get(unsigned short port, std::string_view target, std::string_view extra_headers) {
  std::string raw = "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                    std::string(extra_headers) + "\r\n";
  return SendRaw(port, raw);
}

HttpReply Request(unsigned short port, std::string_view method, std::string_view target, std::string_view body,
                  std::string_view extra_headers) {
  std::string raw =
      std::string(method) + " " + std::string(target) +
      " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
      std::string(extra_headers) + "\r\n" + std::string(body);
  return SendRaw(port, raw);
}

}  // namespace lqf::testing
