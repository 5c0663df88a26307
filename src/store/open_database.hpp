#pragma once
//! Chooses and opens a database from one setting, so the command line and the
//! configuration file take either engine in the same place.

#include <memory>
#include <string>

#include "store/database.hpp"

namespace lqf::store {

//! Opens the database a setting names:
//! - `postgresql://...` or `postgres://...`: PostgreSQL (a libpq URL);
//! - `sqlite:PATH`, or a plain PATH: an SQLite file, created if missing.
//! Throws app::StoreError with a reason a person can act on (an unknown
//! scheme, an empty setting, or the engine's own reason).
std::unique_ptr<Database> OpenDatabase(const std::string& setting);

}  // namespace lqf::store
