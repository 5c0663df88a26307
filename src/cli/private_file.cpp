#include "cli/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace lqf::cli {

PrivateFile::PrivateFile(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd_ < 0) Fail();
  // An existing file keeps its mode through O_TRUNC: narrow it too.
  if (::fchmod(fd_, 0600) != 0) Fail();
}

PrivateFile::~PrivateFile() {
  if (fd_ >= 0) ::close(fd_);
}

void PrivateFile::Write(const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Fail();
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd_) != 0) Fail();
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) Fail();
}

void PrivateFile::Fail() { throw std::runtime_error("cannot write " + path_ + ": " + std::strerror(errno)); }

}  // namespace lqf::cli
