// The people import, driven by data: every file in people_cases/ is a CSV
// file. "valid_*" ones must load, and the .expected beside them lists the
// people read, one per line; the others must fail with exactly the problems
// listed in their .expected (one per line, in file order) and give no people.
// LQF_UPDATE_GOLDEN=1 rewrites the .expected files from the current output.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "interchange/people_csv.hpp"

namespace lqf::interchange {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = fs::path(LQF_SOURCE_ROOT) / "tests/unit/interchange/people_cases";

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Describe(const Problems& problems) {
  std::string out;
  for (const auto& problem : problems) out += problem.ToString() + "\n";
  return out;
}

std::string Describe(const std::vector<PersonRow>& rows) {
  std::string out;
  for (const auto& row : rows) {
    out += "line " + std::to_string(row.line) + ": name=\"" + row.name + "\" email=\"" + row.email +
           "\" organisation=\"" + row.organisation + "\" job_title=\"" + row.job_title +
           "\" background=" + std::string(domain::BackgroundName(row.background)) +
           " role=" + std::string(domain::RoleName(row.role)) + " cohort=\"" + row.cohort + "\"\n";
  }
  return out;
}

std::string Header() { return "name,email,organisation\n"; }

std::string PersonLine(std::size_t i) {
  return "Person " + std::to_string(i) + ",person" + std::to_string(i) + "@example.com,Blackpool Council\n";
}

TEST(PeopleCsvCases, EachCaseGivesItsExpectedOutput) {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(kCases)) {
    if (entry.path().extension() == ".csv") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  ASSERT_GE(cases.size(), 20u) << "the case folder looks empty: " << kCases;
  const bool update = std::getenv("LQF_UPDATE_GOLDEN") != nullptr;
  for (const auto& path : cases) {
    SCOPED_TRACE(path.filename().string());
    const auto result = ParsePeopleCsv(Slurp(path));
    std::string actual;
    if (path.stem().string().starts_with("valid_")) {
      EXPECT_TRUE(result.Ok()) << Describe(result.problems);
      EXPECT_FALSE(result.rows.empty());
      actual = Describe(result.rows);
    } else {
      EXPECT_FALSE(result.Ok());
      EXPECT_TRUE(result.rows.empty()) << "a file with problems must give no people";
      actual = Describe(result.problems);
    }
    auto expected_path = path;
    expected_path.replace_extension(".expected");
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      continue;
    }
    ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path << "; the output was:\n" << actual;
    EXPECT_EQ(actual, Slurp(expected_path));
  }
}

TEST(PeopleCsv, FiveThousandPeopleLoad) {
  std::string text = Header();
  for (std::size_t i = 1; i <= kMaxPeopleCsvRows; ++i) text += PersonLine(i);
  const auto result = ParsePeopleCsv(text);
  ASSERT_TRUE(result.Ok()) << Describe(result.problems);
  ASSERT_EQ(result.rows.size(), kMaxPeopleCsvRows);
  EXPECT_EQ(result.rows.back().line, kMaxPeopleCsvRows + 1);
  EXPECT_EQ(result.rows.back().email, "person5000@example.com");
}

TEST(PeopleCsv, MoreThanFiveThousandPeopleAreRefusedAtTheFirstExtraLine) {
  std::string text = Header();
  for (std::size_t i = 1; i <= kMaxPeopleCsvRows + 50; ++i) text += PersonLine(i);
  // A problem before the limit is still reported, ahead of the limit itself.
  text.replace(text.find("person7@"), 8, "person7-");
  const auto result = ParsePeopleCsv(text);
  EXPECT_TRUE(result.rows.empty());
  EXPECT_EQ(Describe(result.problems),
            "line 8, email: Enter an email address in the correct format, like name@example.com\n"
            "line 5002: The file has more than 5,000 people. Split it into files of 5,000 people or fewer\n");
}

TEST(PeopleCsv, BlankLinesDoNotCountTowardsTheLimit) {
  std::string text = Header() + "\n,,\n";
  for (std::size_t i = 1; i <= kMaxPeopleCsvRows; ++i) text += PersonLine(i) + "\n";
  const auto result = ParsePeopleCsv(text);
  ASSERT_TRUE(result.Ok()) << Describe(result.problems);
  EXPECT_EQ(result.rows.size(), kMaxPeopleCsvRows);
  EXPECT_EQ(result.rows.front().line, 4u);
}

TEST(PeopleCsv, RefusesFilesOverTheSizeLimitWithoutReadingThem) {
  std::string text = Header() + PersonLine(1);
  text += std::string(kMaxPeopleCsvBytes - text.size(), ' ');
  EXPECT_TRUE(ParsePeopleCsv(text).Ok()) << "exactly at the limit is allowed";
  text += ' ';
  const auto result = ParsePeopleCsv(text);
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].where, "");
  EXPECT_EQ(result.problems[0].message, "The file must be 2 MB or smaller. Split it into smaller files");
  EXPECT_TRUE(result.rows.empty());
}

TEST(PeopleCsv, LineEndsOfEveryKindGiveTheSameLines) {
  for (std::string_view end : {"\n", "\r\n", "\r"}) {
    SCOPED_TRACE(end == "\n" ? "LF" : end == "\r" ? "CR" : "CRLF");
    std::string text = "name,email,organisation" + std::string(end) + std::string(end) +
                       "Jo Bloggs,jo@example.com,Leeds City Council" + std::string(end) + "x,bad,Leeds";
    const auto result = ParsePeopleCsv(text);
    EXPECT_EQ(Describe(result.problems),
              "line 4, email: Enter an email address in the correct format, like name@example.com\n");
  }
}

TEST(CsvRecords, QuotedFieldsKeepCommasQuotesAndLineBreaks) {
  const auto csv = ParseCsvRecords("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\n\nlast,\"\"");
  EXPECT_TRUE(csv.problems.empty()) << Describe(csv.problems);
  ASSERT_EQ(csv.records.size(), 3u);
  EXPECT_EQ(csv.records[0].line, 1u);
  EXPECT_EQ(csv.records[0].fields, (std::vector<std::string>{"a", "b, c", "say \"hi\""}));
  EXPECT_EQ(csv.records[1].line, 2u);
  EXPECT_EQ(csv.records[1].fields, (std::vector<std::string>{"two\nlines", "x"}));
  // The quoted line break moved the next record down a line, and the blank line another.
  EXPECT_EQ(csv.records[2].line, 5u);
  EXPECT_EQ(csv.records[2].fields, (std::vector<std::string>{"last", ""}));
}

TEST(CsvRecords, ByteOrderMarkAndFinalLineEndAreOptional) {
  const auto with = ParseCsvRecords("\xEF\xBB\xBFh1,h2\r\n1,2\r\n");
  const auto without = ParseCsvRecords("h1,h2\n1,2");
  ASSERT_EQ(with.records.size(), 2u);
  ASSERT_EQ(without.records.size(), 2u);
  EXPECT_EQ(with.records[0].fields, without.records[0].fields);
  EXPECT_EQ(with.records[0].fields[0], "h1");
  EXPECT_EQ(with.records[1].fields, without.records[1].fields);
  // A trailing comma is one more, empty, field.
  EXPECT_EQ(ParseCsvRecords("a,b,\n").records[0].fields.size(), 3u);
}

TEST(CsvRecords, SpacesAroundQuotedFieldsAreAllowedButTextAfterTheQuoteIsNot) {
  const auto spaced = ParseCsvRecords("a,  \"b, c\"  ,d\n");
  ASSERT_EQ(spaced.records.size(), 1u);
  EXPECT_EQ(spaced.records[0].fields, (std::vector<std::string>{"a", "b, c", "d"}));
  // A quote mark inside an unquoted field is just a character.
  EXPECT_EQ(ParseCsvRecords("O\"Brien,x\n").records[0].fields[0], "O\"Brien");

  const auto after = ParseCsvRecords("ok\n\"Jane\" Smith,x\nfine\n");
  ASSERT_EQ(after.problems.size(), 1u);
  EXPECT_EQ(after.problems[0].where, "line 2");
  ASSERT_EQ(after.records.size(), 2u) << "the broken record is left out, the others are kept";
  EXPECT_EQ(after.records[1].line, 3u);
}

TEST(CsvRecords, AnUnclosedQuoteStopsReadingAtTheLineItStarts) {
  const auto csv = ParseCsvRecords("a,b\nc,\"d\ne,f\ng,h\n");
  ASSERT_EQ(csv.problems.size(), 1u);
  EXPECT_EQ(csv.problems[0].where, "line 2");
  ASSERT_EQ(csv.records.size(), 1u);
}

TEST(CsvRecords, StopsAfterMaxRecordsAndSaysWhere) {
  const auto csv = ParseCsvRecords("1\n\n2\n3\n4\n", 2);
  ASSERT_EQ(csv.records.size(), 2u);
  EXPECT_EQ(csv.stopped_at_line, 4u);
  EXPECT_EQ(ParseCsvRecords("1\n2\n", 2).stopped_at_line, 0u);
}

}  // namespace
}  // namespace lqf::interchange
