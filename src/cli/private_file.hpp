#pragma once
//! A file only its owner can read (0600), for personal data written at the
//! console (`lqf user export --out`, `lqf plan pdf --out`).

#include <string>

namespace lqf::cli {

//! Replaces what was at the path; never follows a symbolic link planted
//! there. Opened before the data is made, so a path that cannot be written
//! fails first. Throws std::runtime_error ("cannot write PATH: reason").
class PrivateFile {
 public:
  explicit PrivateFile(std::string path);
  ~PrivateFile();
  PrivateFile(const PrivateFile&) = delete;
  PrivateFile& operator=(const PrivateFile&) = delete;

  //! Writes all of `text` and makes it durable.
  void Write(const std::string& text);

 private:
  [[noreturn]] void Fail();

  std::string path_;
  int fd_ = -1;
};

}  // namespace lqf::cli
