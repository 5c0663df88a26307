#pragma once
//! Passwords and unguessable tokens (libsodium). Passwords are hashed with
//! argon2id, a memory-hard function; tokens are 256 random bits, given to the
//! person once and stored only as a SHA-256 hash.

#include <string>
#include <string_view>

namespace lqf::app {

//! Shortest and longest passwords we accept (NCSC: length over complexity).
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 256;

//! An argon2id hash string (with its salt and cost parameters) for `password`.
std::string HashPassword(std::string_view password);
//! True if `password` matches `hash`. Takes about as long for a wrong password.
bool VerifyPassword(std::string_view password, std::string_view hash);
//! A hash to compare against when there is no account, so that the time taken
//! does not reveal whether an account exists.
const std::string& DecoyPasswordHash();

//! A new random token, URL-safe base64 (43 characters).
std::string NewToken();
//! The SHA-256 of a token as hex: what the database stores.
std::string TokenHash(std::string_view token);

}  // namespace lqf::app
