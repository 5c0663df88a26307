// How long a feedback report takes to make, in each form, for one participant
// and for a cohort of 100: a whole-framework cycle (82 statements) answered by
// the participant and 14 raters in six groups, with comments, a previous
// cycle and a cohort norm. bench/report.sh runs it with the on-screen page
// under load beside nginx.

#include <benchmark/benchmark.h>

#include <fstream>
#include <random>
#include <sstream>

#include "domain/report.hpp"
#include "interchange/framework_json.hpp"
#include "report/json_report.hpp"
#include "report/pdf_report.hpp"
#include "report/xlsx_report.hpp"
#include "web/report_pages.hpp"

namespace {

using namespace lqf;

const domain::Framework& Framework2010() {
  static const domain::Framework framework = [] {
    std::ifstream in(std::string(LQF_SOURCE_ROOT) + "/data/frameworks/nlqf-2010.json", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(*interchange::ParseFramework(text.str()).framework);
  }();
  return framework;
}

std::vector<domain::ReportResponse> Responses(const std::vector<std::string>& scope, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<domain::ReportResponse> responses;
  const std::vector<std::pair<std::string, int>> groups = {
      {"self", 1},     {"line-manager", 1}, {"lead-member", 1}, {"direct-reports", 3},
      {"partners", 3}, {"peers", 3},        {"others", 3}};
  for (const auto& [group, count] : groups) {
    for (int r = 0; r < count; ++r) {
      domain::ReportResponse response{group, {}};
      for (const auto& code : scope) {
        domain::Answer answer;
        answer.element = code;
        answer.answered = true;
        if (random() % 12 != 0) answer.rating = 1 + static_cast<int>(random() % 5);
        if (group == "self") answer.importance = 1 + static_cast<int>(random() % 4);
        if (random() % 8 == 0)
          answer.comment = "A considered comment about how this is done, number " + std::to_string(random() % 100);
        response.answers.push_back(answer);
      }
      responses.push_back(std::move(response));
    }
  }
  return responses;
}

domain::ReportInput Input(std::uint32_t seed) {
  const auto& framework = Framework2010();
  domain::ReportInput input;
  input.framework = &framework;
  input.cycle.title = "Autumn 2026";
  input.cycle.scope = domain::ResolveScope(framework, {}, nullptr);
  input.cycle.groups = domain::DefaultRaterGroups();
  input.participant_name = "Demo Director " + std::to_string(seed);
  input.released_at = "2026-11-22T10:00:00Z";
  input.responses = Responses(input.cycle.scope, seed);
  input.comment_seed = seed;
  domain::ReportInput::Previous previous;
  previous.cycle = input.cycle;
  previous.cycle.title = "Spring 2025";
  previous.responses = Responses(input.cycle.scope, seed + 1000);
  input.previous = previous;
  for (int r = 0; r < 6; ++r) {
    std::vector<std::pair<std::string, double>> means;
    for (const auto& code : input.cycle.scope) means.emplace_back(code, 2.5 + r * 0.2);
    input.cohort.push_back(means);
  }
  return input;
}

const domain::Report& OneReport() {
  static const domain::Report report = domain::BuildReport(Input(1));
  return report;
}

void BM_Report_Build(benchmark::State& state) {
  const auto input = Input(1);
  for (auto _ : state) benchmark::DoNotOptimize(domain::BuildReport(input));
}
BENCHMARK(BM_Report_Build)->Unit(benchmark::kMillisecond);

void BM_Report_Pdf(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(report::PdfReport(OneReport()));
}
BENCHMARK(BM_Report_Pdf)->Unit(benchmark::kMillisecond);

void BM_Report_Xlsx(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(report::XlsxReport(OneReport()));
}
BENCHMARK(BM_Report_Xlsx)->Unit(benchmark::kMillisecond);

void BM_Report_Json(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(report::JsonReport(OneReport()));
}
BENCHMARK(BM_Report_Json)->Unit(benchmark::kMillisecond);

void BM_Report_Html(benchmark::State& state) {
  const web::Renderer renderer(std::string(LQF_SOURCE_ROOT) + "/templates");
  for (auto _ : state) benchmark::DoNotOptimize(web::ReportDocument(renderer, OneReport()));
}
BENCHMARK(BM_Report_Html)->Unit(benchmark::kMillisecond);

// A cohort of 100: each participant's report built and written as PDF and XLSX.
void BM_Report_Cohort100(benchmark::State& state) {
  std::vector<domain::ReportInput> inputs;
  for (std::uint32_t i = 0; i < 100; ++i) inputs.push_back(Input(i + 10));
  for (auto _ : state) {
    for (const auto& input : inputs) {
      const auto built = domain::BuildReport(input);
      benchmark::DoNotOptimize(report::PdfReport(built));
      benchmark::DoNotOptimize(report::XlsxReport(built));
    }
  }
}
BENCHMARK(BM_Report_Cohort100)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
