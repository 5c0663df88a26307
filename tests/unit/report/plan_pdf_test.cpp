// The development plan as a PDF, checked by independent readers as the
// report's PDF is (pdf_report_test.cpp): qpdf (structure, outline), pdfinfo
// (pages, metadata) and pdftotext (what a reader sees, and where). The tools
// are part of the test setup (scripts/setup); a missing one fails the test.

#include "report/plan_pdf.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "../../support/pdf_tools.hpp"
#include "../../support/temp_dir.hpp"

namespace lqf {
namespace {

using report::PlanDocument;

using testing::HaveTool;
using testing::Quote;
using testing::RunCommand;
using testing::ToolRun;
using testing::Write;

// A PDF's bytes begin with its header and end with its trailer's end marker.
void ExpectWholePdf(const std::string& pdf) {
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  auto end = pdf.find_last_not_of("\r\n");
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(pdf.substr(0, end + 1).substr(end + 1 - 5), "%%EOF");
}

// Pages as qpdf counts them; 0 if it cannot.
int PagesOf(const std::string& path) {
  if (!HaveTool("qpdf", "qpdf")) return 0;
  ToolRun pages = RunCommand("qpdf --show-npages " + Quote(path));
  return pages.exit_code == 0 && !pages.output.empty() ? std::stoi(pages.output) : 0;
}

void ExpectQpdfAccepts(const std::string& path) {
  if (!HaveTool("qpdf", "qpdf")) return;
  ToolRun check = RunCommand("qpdf --check " + Quote(path));
  EXPECT_EQ(check.exit_code, 0) << check.output.substr(0, 2000);
}

std::string TextOf(const std::string& path, const std::string& options = "") {
  if (!HaveTool("pdftotext", "poppler-utils")) return "";
  ToolRun text = RunCommand("pdftotext " + options + " " + Quote(path) + " -");
  EXPECT_EQ(text.exit_code, 0);
  return text.output;
}

PlanDocument::Goal SampleGoal(int n) {
  std::string number = std::to_string(n);
  PlanDocument::Goal goal;
  goal.element = "S" + number + " Leading change through others";
  goal.title = "Goal title " + number;
  goal.detail = "Why goal " + number + " matters to the service and to me.";
  goal.source = n % 2 ? "Blind spot" : "Own goal";
  goal.finding = n % 2 ? "You scored 4; others' mean 2.5 from 6 responses" : "";
  goal.actions = {
      {"Coaching", "Action description " + number + "a", "Me", "31 January 2027", "In progress",
       "Agreed in a coaching session on 3 March 2026"},
      {"Shadowing", "Action description " + number + "b", "My line manager", "", "Planned", ""},
      {"Reading", "Action description " + number + "c", "Me", "1 June 2027", "Done", ""},
  };
  if (n == 1) goal.evidence = {"board-minutes.pdf (application/pdf, 240 KB), added 3 March 2026 by Jo Bennett"};
  return goal;
}

// Three goals of three actions each, two reviews, progress and history.
PlanDocument SamplePlan() {
  PlanDocument plan;
  plan.participant_name = "Jo Bennett";
  plan.generated_on = "23 November 2026";
  for (int n = 1; n <= 3; ++n) plan.goals.push_back(SampleGoal(n));
  plan.reviews = {{"10 October 2026", "Sam Okafor", "Good progress on the coaching; the reading can wait."},
                  {"1 September 2026", "Sam Okafor", "Plan agreed."}};
  plan.progress = {{"S1 Leading change through others", {{"Spring 2026", 4.0, 2.5}, {"Autumn 2026", 3.5, 3.25}}},
                   {"S2 Leading change through others", {{"Autumn 2026", std::nullopt, 3.0}}}};
  plan.history = {"23 November 2026 10:04 \u00b7 Jo Bennett \u00b7 Goal added: Goal title 3",
                  "1 September 2026 09:00 \u00b7 Jo Bennett \u00b7 Plan started"};
  return plan;
}

TEST(PlanPdfTest, SampleIsAValidPdfWithThePlanInIt) {
  PlanDocument plan = SamplePlan();
  std::string pdf = report::PlanPdf(plan);
  ExpectWholePdf(pdf);
  testing::TempDir dir;
  std::string path = Write(dir, "plan.pdf", pdf);
  ExpectQpdfAccepts(path);
  int pages = PagesOf(path);
  EXPECT_GE(pages, 1);
  // For the record only: what a typical plan costs.
  std::cout << "[ measure ] PlanPdf, 3 goals x 3 actions: " << pdf.size() << " bytes, " << pages << " pages\n";
  RecordProperty("plan_pdf_3x3_bytes", std::to_string(pdf.size()));

  if (!HaveTool("pdfinfo", "poppler-utils")) return;
  ToolRun info = RunCommand("pdfinfo " + Quote(path));
  EXPECT_EQ(info.exit_code, 0) << info.output;
  EXPECT_NE(info.output.find("Author:          LQF"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("Development plan: Jo Bennett"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("Page size:       595.276 x 841.89 pts (A4)"), std::string::npos) << info.output;
  ToolRun fonts = RunCommand("pdffonts " + Quote(path));
  EXPECT_NE(fonts.output.find("Liberation"), std::string::npos) << fonts.output;
  // Every font embedded: the "emb" column, fifth from the end of each font's line.
  std::istringstream lines(fonts.output);
  int embedded = 0;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    if (w.size() < 6 || line.rfind("name", 0) == 0 || line.rfind("---", 0) == 0) continue;
    EXPECT_EQ(w[w.size() - 5], "yes") << line;
    ++embedded;
  }
  EXPECT_GE(embedded, 2) << "regular and bold:\n" << fonts.output;

  std::string t = TextOf(path, "-layout");
  for (const char* expected : {"Development plan",
                               "Jo Bennett",
                               "Generated on 23 November 2026",
                               "3 goals; 9 actions; 2 reviews.",
                               "Goals",
                               "Goal 1: Goal title 1",
                               "Goal 3: Goal title 3",
                               "Why goal 2 matters",
                               "S2 Leading change through others",
                               "You scored 4; others' mean 2.5 from 6 responses",
                               "Own goal",
                               "Action description 1a",
                               "Action description 3c",
                               "Agreed in a coaching session",
                               "Evidence",
                               "board-minutes.pdf (application/pdf, 240 KB), added 3 March 2026 by Jo Bennett",
                               "My line manager",
                               "31 January 2027",
                               "No date",
                               "In progress",
                               "Reviews",
                               "Sam Okafor",
                               "Good progress on the coaching",
                               "Progress across cycles",
                               "Spring 2026",
                               "History",
                               "Goal added: Goal title 3",
                               "Plan started"}) {
    EXPECT_NE(t.find(expected), std::string::npos) << "missing: " << expected;
  }
  // 3.25 to one decimal, whichever way it rounds; an absent score is a dash.
  EXPECT_TRUE(t.find("3.2") != std::string::npos || t.find("3.3") != std::string::npos);
  EXPECT_EQ(t.find("3.25"), std::string::npos) << "scores to one decimal";
  EXPECT_NE(t.find("Page 1 of " + std::to_string(pages)), std::string::npos) << "the title page is numbered";
  EXPECT_NE(t.find("Jo Bennett \u00b7 Development plan \u00b7 Confidential"), std::string::npos);
}

TEST(PlanPdfTest, EveryGoalIsInTheOutline) {
  std::string pdf = report::PlanPdf(SamplePlan());
  EXPECT_NE(pdf.find("/Outlines"), std::string::npos);
  testing::TempDir dir;
  std::string path = Write(dir, "plan.pdf", pdf);
  if (!HaveTool("qpdf", "qpdf")) return;
  ToolRun outline = RunCommand("qpdf --json --json-key=outlines " + Quote(path));
  ASSERT_EQ(outline.exit_code, 0);
  const std::string& o = outline.output;
  for (const char* title : {"\"Goals\"", "\"Goal 1: Goal title 1\"", "\"Goal 2: Goal title 2\"",
                            "\"Goal 3: Goal title 3\"", "\"Reviews\"", "\"Progress across cycles\"", "\"History\""}) {
    EXPECT_NE(o.find(title), std::string::npos) << "not in the outline: " << title << "\n" << o.substr(0, 3000);
  }
  // Goals under "Goals" (qpdf indents an item's kids deeper), the sections in the order they come.
  EXPECT_NE(o.find("\n          \"title\": \"Goal 1: Goal title 1\""), std::string::npos) << o.substr(0, 3000);
  EXPECT_NE(o.find("\n      \"title\": \"Goals\""), std::string::npos) << o.substr(0, 3000);
  EXPECT_LT(o.find("\"Goal 1: Goal title 1\""), o.find("\"Goal 3: Goal title 3\""));
  EXPECT_LT(o.find("\"Reviews\""), o.find("\"Progress across cycles\""));
  EXPECT_LT(o.find("\"Progress across cycles\""), o.find("\"History\""));
}

TEST(PlanPdfTest, ManyGoalsTakeMorePages) {
  testing::TempDir dir;
  int few = PagesOf(Write(dir, "few.pdf", report::PlanPdf(SamplePlan())));
  PlanDocument large = SamplePlan();
  for (int n = 4; n <= 40; ++n) large.goals.push_back(SampleGoal(n));
  std::string pdf = report::PlanPdf(large);
  ExpectWholePdf(pdf);
  std::string path = Write(dir, "many.pdf", pdf);
  ExpectQpdfAccepts(path);
  int many = PagesOf(path);
  EXPECT_GT(many, few);
  EXPECT_GE(many, 10) << "40 goals of three actions each";
  std::string t = TextOf(path);
  EXPECT_NE(t.find("Goal 40: Goal title 40"), std::string::npos);
  EXPECT_NE(t.find("Action description 40c"), std::string::npos);
  EXPECT_NE(t.find("Page " + std::to_string(many) + " of " + std::to_string(many)), std::string::npos);
}

TEST(PlanPdfTest, MarkupInUserTextIsJustText) {
  PlanDocument plan = SamplePlan();
  plan.participant_name = "Jo <b>Bennett</b> & Co";
  plan.goals[0].title = "Lead <i>change & grow";  // an unclosed tag: an error as pango markup
  plan.goals[0].detail = "a < b && c > d; <span foreground='red'>red</span> &amp; &#60;";
  plan.goals[0].actions[0].description = "\"<Lead> & <Manage>\"";
  const char kBadBytes[] = "Bad bytes \xff\xfe and a nul \0 here";
  plan.goals[1].title = std::string(kBadBytes, sizeof kBadBytes - 1);
  plan.history.push_back("Odd \xc3 byte");
  std::string pdf;
  ASSERT_NO_THROW(pdf = report::PlanPdf(plan));
  ExpectWholePdf(pdf);
  testing::TempDir dir;
  std::string path = Write(dir, "markup.pdf", pdf);
  ExpectQpdfAccepts(path);
  std::string t = TextOf(path);
  for (const char* expected : {"Jo <b>Bennett</b> & Co", "Goal 1: Lead <i>change & grow",
                               "a < b && c > d; <span foreground='red'>red</span> &amp; &#60;", "\"<Lead> & <Manage>\"",
                               "Bad bytes", "and a nul"}) {
    EXPECT_NE(t.find(expected), std::string::npos) << "missing: " << expected;
  }
}

// Every word pdftotext -bbox finds: each either in the body, above the
// bottom margin, or in the footer below it; never between, over the rule.
void ExpectNothingOverTheFooter(const std::string& bbox) {
  constexpr double kBodyBottom = 841.89 - 56.7;
  constexpr double kFooterTop = 841.89 - 28 - 10;
  int words = 0;
  for (std::size_t at = bbox.find("<word "); at != std::string::npos; at = bbox.find("<word ", at + 1)) {
    auto value = [&](const char* name) {
      std::size_t from = bbox.find(name, at) + std::string(name).size();
      return std::stod(bbox.substr(from, bbox.find('"', from) - from));
    };
    double top = value("yMin=\""), bottom = value("yMax=\"");
    std::size_t text = bbox.find('>', at) + 1;
    std::string word = bbox.substr(text, bbox.find('<', text) - text);
    EXPECT_TRUE(bottom <= kBodyBottom + 0.5 || top >= kFooterTop) << word << " from " << top << " to " << bottom;
    ++words;
  }
  EXPECT_GT(words, 100);
}

TEST(PlanPdfTest, LongTextWrapsAndTablesBreakAcrossPages) {
  PlanDocument plan = SamplePlan();
  std::string essay;
  for (int i = 0; i < 900; ++i) essay += "word" + std::to_string(i) + " ";
  // A cell longer than a page: its row breaks between lines.
  plan.goals[0].actions[1].description = essay + "Theend";
  plan.goals[0].actions[2].description = std::string(400, 'x');  // one word wider than its column
  plan.goals[1].detail = "detail" + essay + "Detailend";
  plan.goals[1].title = "Long " + std::string(300, 'y');
  // Many rows: the table goes on over pages, its header again on each.
  for (int i = 0; i < 80; ++i) {
    plan.goals[2].actions.push_back({"Reading", "Row " + std::to_string(i), "Me", "", "Planned", ""});
  }
  std::string pdf = report::PlanPdf(plan);
  ExpectWholePdf(pdf);
  testing::TempDir dir;
  std::string path = Write(dir, "long.pdf", pdf);
  ExpectQpdfAccepts(path);
  int pages = PagesOf(path);
  EXPECT_GE(pages, 5);

  std::string t = TextOf(path);
  for (const char* expected : {"word0 word1", "word899", "Theend", "detailword0", "Detailend", "Row 0", "Row 79"}) {
    EXPECT_NE(t.find(expected), std::string::npos) << "missing: " << expected;
  }
  ExpectNothingOverTheFooter(TextOf(path, "-bbox"));

  // The page with the last rows starts with the table's header again.
  std::string last_rows;
  for (int page = 2; page <= pages; ++page) {
    std::string text = TextOf(path, "-layout -f " + std::to_string(page) + " -l " + std::to_string(page));
    if (text.find("Row 79") != std::string::npos) last_rows = text;
  }
  ASSERT_FALSE(last_rows.empty());
  EXPECT_EQ(last_rows.find("Row 0 "), std::string::npos) << "the 80 rows take more than one page";
  auto header = last_rows.find("Kind");
  ASSERT_NE(header, std::string::npos) << last_rows.substr(0, 500);
  EXPECT_NE(last_rows.find("Status", header), std::string::npos);
  EXPECT_LT(header, last_rows.find("Row ")) << "the header comes before the rows";
}

TEST(PlanPdfTest, AnEmptyPlanSaysThereAreNoGoals) {
  std::string pdf = report::PlanPdf(PlanDocument{});
  ExpectWholePdf(pdf);
  testing::TempDir dir;
  std::string path = Write(dir, "empty.pdf", pdf);
  ExpectQpdfAccepts(path);
  EXPECT_EQ(PagesOf(path), 1);
  std::string t = TextOf(path);
  for (const char* expected : {"There are no goals in this plan yet.", "0 goals; 0 actions; 0 reviews.",
                               "The plan has not been reviewed yet.", "No changes recorded yet."}) {
    EXPECT_NE(t.find(expected), std::string::npos) << "missing: " << expected;
  }
}

}  // namespace
}  // namespace lqf
