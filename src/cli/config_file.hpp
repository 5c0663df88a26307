#pragma once
//! Settings from a file: the same names as the environment variables
//! (LQF_SMTP_URL=smtp://mail.example:587), one per line. The environment wins
//! over the file, so a deployment can override one setting without editing it.

#include <optional>
#include <string>

namespace lqf::cli {

//! The settings a config file may hold.
inline constexpr const char* kConfigNames[] = {"LQF_DB",           "LQF_DB_CONNECTIONS", "LQF_ROOT",
                                               "LQF_PUBLIC_URL",   "LQF_SECURE_COOKIES", "LQF_TRUSTED_PROXY",
                                               "LQF_SMTP_URL",     "LQF_SMTP_FROM",      "LQF_SMTP_USER",
                                               "LQF_SMTP_PASSWORD"};

//! Reads `path` and sets each setting not already in the environment.
//! Returns a reason ("lqf.conf line 3: unknown setting LQF_SMPT_URL") if the
//! file cannot be read or a line is wrong; then nothing is set.
std::optional<std::string> LoadConfigFile(const std::string& path);

//! The config file named by `--config PATH` (or `--config=PATH`) in the
//! arguments, else by $LQF_CONFIG, else empty.
std::string ConfigPathFromArguments(int argc, char** argv);

}  // namespace lqf::cli
