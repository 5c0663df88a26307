#pragma once
// Running the independent PDF readers the report tests check with (qpdf,
// pdfinfo, pdftotext, pdffonts): part of the test setup (scripts/setup); a
// missing one fails the test that needs it, naming its Debian package.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "temp_dir.hpp"

namespace lqf::testing {

struct ToolRun {
  int exit_code = -1;
  std::string output;
};

//! Runs a command line (arguments already quoted), collecting its standard output.
inline ToolRun RunCommand(const std::string& command) {
  ToolRun run;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.output.append(buffer.data(), n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

//! A tool the test needs; if it is missing, a failure says which Debian package gives it.
inline bool HaveTool(const std::string& tool, const std::string& package) {
  if (std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0) return true;
  ADD_FAILURE() << tool << " is missing: install the Debian package " << package << " (scripts/setup does)";
  return false;
}

inline std::string Quote(const std::string& path) { return "'" + path + "'"; }

//! Writes `bytes` to `name` in `dir`; returns the path.
inline std::string Write(const TempDir& dir, const std::string& name, const std::string& bytes) {
  std::string path = dir.File(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

}  // namespace lqf::testing
