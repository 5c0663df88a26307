#include "web/multipart.hpp"

#include "domain/text.hpp"

namespace lqf::web {
namespace {

//! The value of `name="..."` in a header like Content-Disposition, or nothing.
std::optional<std::string> Parameter(std::string_view header, std::string_view name) {
  const std::string key = std::string(name) + "=";
  for (auto at = header.find(key); at != std::string_view::npos; at = header.find(key, at + 1)) {
    // The parameter must start a word: "filename=" is not "name=".
    if (at > 0 && header[at - 1] != ' ' && header[at - 1] != ';') continue;
    auto value = header.substr(at + key.size());
    if (!value.empty() && value.front() == '"') {
      auto end = value.find('"', 1);
      if (end == std::string_view::npos) return std::nullopt;
      return std::string(value.substr(1, end - 1));
    }
    return std::string(value.substr(0, value.find(';')));
  }
  return std::nullopt;
}

}  // namespace

std::optional<MultipartForm> ParseMultipart(std::string_view content_type, std::string_view body) {
  if (!content_type.starts_with("multipart/form-data")) return std::nullopt;
  auto boundary = Parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
  const std::string delimiter = "--" + *boundary;
  MultipartForm form;
  auto at = body.find(delimiter);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t parts = 0;
  for (;;) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return form;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") return std::nullopt;
    at += 2;
    if (++parts > kMaxMultipartParts) return std::nullopt;
    const auto headers_end = body.find("\r\n\r\n", at);
    if (headers_end == std::string_view::npos) return std::nullopt;
    const auto headers = body.substr(at, headers_end - at);
    const auto content_start = headers_end + 4;
    const auto next = body.find("\r\n" + delimiter, content_start);
    if (next == std::string_view::npos) return std::nullopt;
    const auto content = body.substr(content_start, next - content_start);

    std::optional<std::string> name, filename;
    std::size_t line_start = 0;
    while (line_start <= headers.size()) {
      auto line_end = headers.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = headers.size();
      auto line = headers.substr(line_start, line_end - line_start);
      std::string lower(line.substr(0, line.find(':')));
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "content-disposition") {
        name = Parameter(line, "name");
        filename = Parameter(line, "filename");
      }
      line_start = line_end + 2;
    }
    if (!name) return std::nullopt;
    if (filename) {
      if (form.files.emplace(*name, std::string(content)).second) form.file_names.emplace(*name, *filename);
    } else {
      if (!domain::IsValidUtf8(content)) return std::nullopt;
      form.fields.emplace(*name, std::string(content));
    }
    at = next + 2;
  }
}

}  // namespace lqf::web
