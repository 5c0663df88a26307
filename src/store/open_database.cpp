#include "store/open_database.hpp"

#include "app/ports.hpp"
#include "store/postgres_database.hpp"
#include "store/sqlite_database.hpp"

namespace lqf::store {
namespace {

constexpr std::string_view kHowToName = "give a file path, sqlite:PATH, or postgresql://user@host:port/dbname";

//! The scheme of `setting` if it looks like a URL ("scheme://..."), else empty.
std::string_view UrlScheme(std::string_view setting) {
  const auto colon = setting.find("://");
  if (colon == std::string_view::npos || colon == 0) return {};
  for (const char c : setting.substr(0, colon)) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!letter && !other) return {};
  }
  return setting.substr(0, colon);
}

//! True for a libpq keyword string ("host=db dbname=lqf"), which would
//! otherwise be taken for the name of an SQLite file.
bool LooksLikeKeywords(std::string_view setting) {
  const auto equals = setting.find('=');
  if (equals == std::string_view::npos || equals == 0) return false;
  for (const char c : setting.substr(0, equals)) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<Database> OpenDatabase(const std::string& setting) {
  if (setting.empty()) throw app::StoreError("no database given: " + std::string(kHowToName));
  const auto scheme = UrlScheme(setting);
  if (scheme == "postgresql" || scheme == "postgres") return std::make_unique<PostgresDatabase>(setting);
  if (!scheme.empty() && scheme != "sqlite") {
    // Never echo the rest: a URL may hold a password.
    throw app::StoreError("unsupported database \"" + std::string(scheme) + "://...\": " + std::string(kHowToName));
  }
  if (LooksLikeKeywords(setting)) {
    throw app::StoreError("a PostgreSQL keyword string is not supported as the database: write it as a URL, " +
                          std::string("postgresql://user@host:port/dbname"));
  }
  std::string path = setting;
  if (path.starts_with("sqlite://")) {
    path.erase(0, 9);  // sqlite:///var/lib/lqf.db names /var/lib/lqf.db
  } else if (path.starts_with("sqlite:")) {
    path.erase(0, 7);
  }
  if (path.empty()) throw app::StoreError("no SQLite file given after \"sqlite:\": " + std::string(kHowToName));
  return std::make_unique<SqliteDatabase>(path);
}

}  // namespace lqf::store
