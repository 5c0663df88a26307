// The report as a PDF, checked by independent readers: qpdf (structure),
// pdfinfo (pages, metadata) and pdftotext (what a reader sees). The tools are
// part of the test setup (scripts/setup); a missing one fails the test.

#include "report/pdf_report.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "../../support/pdf_tools.hpp"
#include "../../support/temp_dir.hpp"
#include "sample_report.hpp"

namespace lqf {
namespace {

using testing::HaveTool;
using testing::Quote;
using testing::RunCommand;
using testing::ToolRun;
using testing::Write;

int PagesOf(const std::string& pdfinfo) {
  auto at = pdfinfo.find("Pages:");
  if (at == std::string::npos) return 0;
  return std::stoi(pdfinfo.substr(at + 6));
}

// The sample with `count` statements: its three again and again under new codes.
domain::Report LargeReport(std::size_t count) {
  auto r = testing::SampleReport();
  auto sample = r.statements;
  r.statements.clear();
  for (std::size_t i = 0; i < count; ++i) {
    auto s = sample[i % sample.size()];
    s.code = "S" + std::to_string(i + 1);
    r.statements.push_back(s);
  }
  for (auto& area : r.areas) area.statements.clear();
  for (std::size_t i = 0; i < count; ++i) r.areas[i % r.areas.size()].statements.push_back(i);
  return r;
}

TEST(PdfReportTest, SampleIsAValidPdfWithTheReportInIt) {
  auto report = testing::SampleReport();
  std::string pdf = report::PdfReport(report);
  ASSERT_EQ(pdf.rfind("%PDF", 0), 0u);
  testing::TempDir dir;
  std::string path = Write(dir, "report.pdf", pdf);

  if (HaveTool("qpdf", "qpdf")) {
    ToolRun check = RunCommand("qpdf --check " + Quote(path));
    EXPECT_EQ(check.exit_code, 0) << check.output;
  }
  if (!HaveTool("pdfinfo", "poppler-utils") || !HaveTool("pdftotext", "poppler-utils")) return;
  ToolRun info = RunCommand("pdfinfo " + Quote(path));
  EXPECT_EQ(info.exit_code, 0) << info.output;
  int pages = PagesOf(info.output);
  EXPECT_GE(pages, 4) << info.output;
  EXPECT_NE(info.output.find("Author:          LQF"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("Jo Bennett"), std::string::npos) << "title: " << info.output;
  EXPECT_NE(info.output.find("Page size:       595.276 x 841.89 pts (A4)"), std::string::npos) << info.output;

  ToolRun text = RunCommand("pdftotext -layout " + Quote(path) + " -");
  ASSERT_EQ(text.exit_code, 0);
  const std::string& t = text.output;
  for (const char* expected :
       {"Jo Bennett", "Confidential", "Autumn 2026 <360> & \"review\"", "20 November 2026", "Contents", "Summary",
        "A1 Moral purpose", "Moral purpose", "Sets a clear moral purpose <b>every</b> time",
        "Could say \"no\" more often & sooner", "Line manager (chief executive)", "Blind spots", "Hidden strengths",
        "Development priorities", "K1.1.1", "at least 1.0 point above", "0.5 points or more", "Cohort norm",
        "Not able to comment"}) {
    EXPECT_NE(t.find(expected), std::string::npos) << "missing: " << expected;
  }
  EXPECT_NE(t.find("Page 2 of " + std::to_string(pages)), std::string::npos);
  EXPECT_NE(t.find("Page " + std::to_string(pages) + " of " + std::to_string(pages)), std::string::npos);
  EXPECT_EQ(t.find("Page 1 of"), std::string::npos) << "the cover has no page number";
  EXPECT_EQ(t.find(testing::kWithheldGroup), std::string::npos);
  EXPECT_EQ(t.find("Lead member"), std::string::npos);
  EXPECT_NE(t.find("too few answers to be shown apart"), std::string::npos);
}

TEST(PdfReportTest, ContentsGiveThePagesSectionsStartOn) {
  auto report = testing::SampleReport();
  testing::TempDir dir;
  std::string path = Write(dir, "report.pdf", report::PdfReport(report));
  if (!HaveTool("pdftotext", "poppler-utils")) return;
  // Page 2 is the contents; "Summary" is the first section, on page 3.
  ToolRun contents = RunCommand("pdftotext -layout -f 2 -l 2 " + Quote(path) + " -");
  ASSERT_EQ(contents.exit_code, 0);
  auto line = contents.output.substr(contents.output.find("Summary"));
  line = line.substr(0, line.find('\n'));
  EXPECT_EQ(line.substr(line.find_last_not_of(' ')), "3") << line;
  ToolRun third = RunCommand("pdftotext -f 3 -l 3 " + Quote(path) + " -");
  EXPECT_EQ(third.output.rfind("Summary", 0), 0u) << third.output.substr(0, 200);
}

TEST(PdfReportTest, EightyTwoStatementsHaveAnOutline) {
  auto report = LargeReport(82);
  std::string pdf = report::PdfReport(report);
  ASSERT_EQ(pdf.rfind("%PDF", 0), 0u);
  EXPECT_NE(pdf.find("/Outlines"), std::string::npos);
  testing::TempDir dir;
  std::string path = Write(dir, "large.pdf", pdf);
  if (HaveTool("qpdf", "qpdf")) {
    ToolRun check = RunCommand("qpdf --check " + Quote(path));
    EXPECT_EQ(check.exit_code, 0) << check.output.substr(0, 2000);
    ToolRun pages = RunCommand("qpdf --show-npages " + Quote(path));
    EXPECT_GT(std::stoi(pages.output.empty() ? "0" : pages.output), 41) << "about a page per statement";
  }
  if (HaveTool("pdftotext", "poppler-utils")) {
    ToolRun text = RunCommand("pdftotext " + Quote(path) + " -");
    EXPECT_NE(text.output.find("S82 Moral purpose"), std::string::npos);
    EXPECT_EQ(text.output.find(testing::kWithheldGroup), std::string::npos);
  }

  // For the record only (no assertion: machines differ): a full report's time.
  double best = 1e9;
  for (int i = 0; i < 5; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto bytes = report::PdfReport(report);
    best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    ASSERT_FALSE(bytes.empty());
  }
  std::cout << "[ timing ] PdfReport, 82 statements: " << best << " ms (best of 5), " << pdf.size() / 1024 << " KiB\n";
  RecordProperty("pdf_82_statements_ms", std::to_string(best));
}

TEST(PdfReportTest, LongTextWrapsAndBreaksAcrossPages) {
  auto report = testing::SampleReport();
  std::string essay;
  for (int i = 0; i < 900; ++i) essay += "word" + std::to_string(i) + " ";
  essay += "Theend";
  report.statements[0].comments.push_back(essay);
  report.statements[0].comments.push_back(std::string(400, 'x'));  // one word wider than the page
  report.participant_name = "Jo Bennett-" + std::string(200, 'y');
  std::string pdf = report::PdfReport(report);
  testing::TempDir dir;
  std::string path = Write(dir, "long.pdf", pdf);
  if (HaveTool("qpdf", "qpdf")) {
    EXPECT_EQ(RunCommand("qpdf --check " + Quote(path)).exit_code, 0);
  }
  if (HaveTool("pdftotext", "poppler-utils")) {
    ToolRun text = RunCommand("pdftotext " + Quote(path) + " -");
    EXPECT_NE(text.output.find("word0 word1"), std::string::npos);
    EXPECT_NE(text.output.find("Theend"), std::string::npos);
  }
}

TEST(PdfReportTest, AnEmptyReportIsStillADocument) {
  domain::Report empty;
  std::string pdf = report::PdfReport(empty);
  ASSERT_EQ(pdf.rfind("%PDF", 0), 0u);
  testing::TempDir dir;
  std::string path = Write(dir, "empty.pdf", pdf);
  if (HaveTool("qpdf", "qpdf")) {
    EXPECT_EQ(RunCommand("qpdf --check " + Quote(path)).exit_code, 0);
  }
}

}  // namespace
}  // namespace lqf
