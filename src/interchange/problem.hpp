#pragma once
//! A problem found in a file a person gave us, located precisely enough that
//! they can fix it: a JSON path ("nodes[2].children[0].code") or a line.

#include <string>
#include <vector>

namespace lqf::interchange {

//! One problem: where, and what is wrong, in words a person can act on.
struct Problem {
  std::string where;    //!< e.g. "nodes[2].children[0].code" or "line 3, column 14"
  std::string message;  //!< e.g. "duplicate code \"K3.1.4\" (first used at nodes[3]...)"

  std::string ToString() const { return where.empty() ? message : where + ": " + message; }
};

using Problems = std::vector<Problem>;

}  // namespace lqf::interchange
