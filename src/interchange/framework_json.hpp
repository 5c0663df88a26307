#pragma once
//! Framework files in the LQF format ("lqf-framework/1", docs/framework-format.md):
//! parsing with full validation, and writing back out in a canonical form.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/framework.hpp"
#include "interchange/problem.hpp"

namespace lqf::interchange {

//! The format identifier every framework file must carry.
inline constexpr std::string_view kFrameworkFormat = "lqf-framework/1";
//! Largest framework file we read. The 2010 framework is about 30 KB.
inline constexpr std::size_t kMaxFrameworkFileBytes = 4 * 1024 * 1024;
//! Most nodes a framework may have, and how deeply they may nest.
inline constexpr std::size_t kMaxFrameworkNodes = 5000;
inline constexpr int kMaxFrameworkDepth = 8;

//! Either a whole, valid framework, or every problem found (never half of one).
struct FrameworkParseResult {
  std::optional<domain::Framework> framework;
  Problems problems;

  bool Ok() const { return framework.has_value(); }
};

//! Parses and validates a framework file. Reports all problems at once, each
//! with its path; returns a framework only when there are none.
FrameworkParseResult ParseFramework(std::string_view text);

//! Writes a framework in the file format, keys in a fixed order. `pretty`
//! indents for people; compact output is what ContentHash digests.
std::string WriteFrameworkJson(const domain::Framework& framework, bool pretty = true);

//! SHA-256 (hex) of the canonical compact form: two files that differ only in
//! layout or key order have the same hash; any change of content changes it.
std::string ContentHash(const domain::Framework& framework);

}  // namespace lqf::interchange
