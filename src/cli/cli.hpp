#pragma once
//! The `lqf` command line: administration and the server, over app/.

namespace lqf::cli {

//! Exit codes: 0 success, 1 failure (one-line reason on stderr), 2 bad usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

//! Parses the arguments and runs the command; returns the exit code.
int Run(int argc, char** argv);

}  // namespace lqf::cli
