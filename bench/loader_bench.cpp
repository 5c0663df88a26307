// How long it takes to load, hash and search the 2010 framework.

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "domain/search.hpp"
#include "interchange/framework_json.hpp"

namespace {

std::string Framework2010() {
  std::ifstream in(std::string(LQF_SOURCE_ROOT) + "/data/frameworks/nlqf-2010.json", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void BM_ParseFramework(benchmark::State& state) {
  const auto text = Framework2010();
  for (auto _ : state) {
    auto result = lqf::interchange::ParseFramework(text);
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseFramework);

void BM_ContentHash(benchmark::State& state) {
  auto fw = *lqf::interchange::ParseFramework(Framework2010()).framework;
  for (auto _ : state) benchmark::DoNotOptimize(lqf::interchange::ContentHash(fw));
}
BENCHMARK(BM_ContentHash);

void BM_Search(benchmark::State& state) {
  auto fw = *lqf::interchange::ParseFramework(Framework2010()).framework;
  for (auto _ : state) benchmark::DoNotOptimize(lqf::domain::Search(fw, "safeguarding children"));
}
BENCHMARK(BM_Search);

}  // namespace

BENCHMARK_MAIN();
