// libFuzzer target: any bytes given to the framework loader must yield either
// a framework or a list of problems; never a crash, a hang or a leak. A
// framework that loads must survive writing and reading back unchanged.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "interchange/framework_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = lqf::interchange::ParseFramework(text);
  if (result.Ok() != result.problems.empty()) std::abort();
  if (result.Ok()) {
    auto written = lqf::interchange::WriteFrameworkJson(*result.framework);
    auto again = lqf::interchange::ParseFramework(written);
    if (!again.Ok() ||
        lqf::interchange::ContentHash(*again.framework) != lqf::interchange::ContentHash(*result.framework)) {
      std::abort();
    }
  }
  return 0;
}
