#pragma once
//! multipart/form-data (RFC 7578), for forms that upload a file.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lqf::web {

//! A form's text fields and uploaded files (by field name; the first wins).
struct MultipartForm {
  std::map<std::string, std::string> fields;
  std::map<std::string, std::string> files;       //!< field name -> file content
  std::map<std::string, std::string> file_names;  //!< field name -> the file's name as sent (unchecked)
};

//! Most parts we read from one form: ours have a handful.
inline constexpr std::size_t kMaxMultipartParts = 16;

//! Parses a body sent with `content_type` ("multipart/form-data; boundary=...").
//! Nothing if it is malformed, has too many parts, or a field (not a file) is
//! not valid UTF-8.
std::optional<MultipartForm> ParseMultipart(std::string_view content_type, std::string_view body);

}  // namespace lqf::web
