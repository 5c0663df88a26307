// The framework loader, driven by data: every file in cases/ is a framework
// file; "valid_*" ones must load, the others must fail with exactly the
// problems listed in the .expected file beside them (one per line).
// LQF_UPDATE_GOLDEN=1 rewrites the .expected files from the current output.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "interchange/framework_csv.hpp"
#include "interchange/framework_json.hpp"

namespace lqf::interchange {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = fs::path(LQF_SOURCE_ROOT) / "tests/unit/interchange/cases";
const fs::path kBundled = fs::path(LQF_SOURCE_ROOT) / "data/frameworks";

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

TEST(FrameworkJsonCases, EachCaseGivesItsExpectedProblems) {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(kCases)) {
    if (entry.path().extension() == ".json") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  ASSERT_GE(cases.size(), 20u) << "the case folder looks empty: " << kCases;
  const bool update = std::getenv("LQF_UPDATE_GOLDEN") != nullptr;
  for (const auto& path : cases) {
    SCOPED_TRACE(path.filename().string());
    auto result = ParseFramework(Slurp(path));
    if (path.stem().string().starts_with("valid_")) {
      EXPECT_TRUE(result.Ok()) << Describe(result.problems);
      continue;
    }
    EXPECT_FALSE(result.Ok());
    EXPECT_FALSE(result.problems.empty());
    auto expected_path = path;
    expected_path.replace_extension(".expected");
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << Describe(result.problems);
      continue;
    }
    ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path << "; the problems were:\n"
                                           << Describe(result.problems);
    EXPECT_EQ(Describe(result.problems), Slurp(expected_path));
  }
}

TEST(FrameworkJson, BundledFrameworksLoad) {
  auto nlqf = ParseFramework(Slurp(kBundled / "nlqf-2010.json"));
  ASSERT_TRUE(nlqf.Ok()) << Describe(nlqf.problems);
  const auto& fw = *nlqf.framework;
  EXPECT_EQ(fw.code, "nlqf-2010");
  ASSERT_NE(fw.Find("A1"), nullptr);
  EXPECT_EQ(fw.Find("A1")->text, "moral purpose");
  EXPECT_EQ(fw.Find("A1")->DisplayName(), "Moral purpose");
  ASSERT_NE(fw.Find("K2.3"), nullptr);
  EXPECT_EQ(fw.Find("K2.3")->title, "Practice");
  EXPECT_EQ(fw.ScoredLeaves().size(), 8u + 17u + 57u);
  ASSERT_NE(fw.FindScale(domain::ScalePurpose::kProficiency), nullptr);
  EXPECT_TRUE(fw.FindScale(domain::ScalePurpose::kProficiency)->no_answer.has_value());
  ASSERT_TRUE(fw.model.has_value());

  auto study = ParseFramework(Slurp(kBundled / "dcs-characteristics-2008.json"));
  ASSERT_TRUE(study.Ok()) << Describe(study.problems);
  std::size_t context = 0;
  for (const auto& node : study.framework->nodes) {
    if (node.type == domain::NodeType::kContextIssue) {
      ++context;
      EXPECT_FALSE(node.scored) << node.code;
    }
  }
  EXPECT_EQ(context, 4u);
}

TEST(FrameworkJson, WritingAndReadingBackKeepsEverything) {
  auto first = ParseFramework(Slurp(kBundled / "nlqf-2010.json"));
  ASSERT_TRUE(first.Ok());
  auto written = WriteFrameworkJson(*first.framework);
  auto second = ParseFramework(written);
  ASSERT_TRUE(second.Ok()) << Describe(second.problems);
  EXPECT_EQ(WriteFrameworkJson(*second.framework), written);
  EXPECT_EQ(ContentHash(*first.framework), ContentHash(*second.framework));
}

TEST(FrameworkJson, HashIgnoresLayoutButNotContent) {
  const auto text = Slurp(kCases / "valid_minimal.json");
  auto a = ParseFramework(text);
  ASSERT_TRUE(a.Ok());
  // Same content, different layout and key order.
  auto b = ParseFramework(WriteFrameworkJson(*a.framework, false));
  ASSERT_TRUE(b.Ok());
  EXPECT_EQ(ContentHash(*a.framework), ContentHash(*b.framework));
  EXPECT_EQ(ContentHash(*a.framework).size(), 64u);
  // One changed word changes the hash.
  auto changed = text;
  changed.replace(changed.find("integrity"), 9, "integrities");
  auto c = ParseFramework(changed);
  ASSERT_TRUE(c.Ok());
  EXPECT_NE(ContentHash(*a.framework), ContentHash(*c.framework));
}

TEST(FrameworkJson, RefusesHugeFilesAndDeepNestingWithoutCrashing) {
  std::string huge(kMaxFrameworkFileBytes + 1, ' ');
  auto big = ParseFramework(huge);
  ASSERT_FALSE(big.Ok());
  EXPECT_NE(big.problems[0].message.find("too large"), std::string::npos);

  std::string deep(100000, '[');
  auto nested = ParseFramework(deep);
  ASSERT_FALSE(nested.Ok());
  EXPECT_NE(nested.problems[0].message.find("not valid JSON"), std::string::npos);

  auto invalid_utf8 = ParseFramework("{\"format\": \"\xff\xfe\"}");
  ASSERT_FALSE(invalid_utf8.Ok());
}

TEST(FrameworkJson, ParentsAndChildrenAreLinked) {
  auto result = ParseFramework(Slurp(kCases / "valid_minimal.json"));
  ASSERT_TRUE(result.Ok());
  const auto& fw = *result.framework;
  const auto* statement = fw.Find("K1.1.1");
  ASSERT_NE(statement, nullptr);
  auto chain = fw.Ancestors(*statement);
  ASSERT_EQ(chain.size(), 3u);
  EXPECT_EQ(chain[0]->code, "K");
  EXPECT_EQ(chain[2]->code, "K1.1");
  EXPECT_EQ(statement->depth, 3);
  EXPECT_EQ(fw.roots.size(), 2u);
}

TEST(FrameworkCsv, QuotesAndDefusesCells) {
  EXPECT_EQ(CsvCell("plain"), "plain");
  EXPECT_EQ(CsvCell("a, b"), "\"a, b\"");
  EXPECT_EQ(CsvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvCell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvCell("+1"), "'+1");
  EXPECT_EQ(CsvCell("line\nbreak"), "\"line\nbreak\"");
}

TEST(FrameworkCsv, OneRowPerElement) {
  auto result = ParseFramework(Slurp(kCases / "valid_minimal.json"));
  ASSERT_TRUE(result.Ok());
  const auto csv = WriteFrameworkCsv(*result.framework);
  std::size_t rows = 0;
  for (auto at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) ++rows;
  EXPECT_EQ(rows, result.framework->nodes.size() + 1);
  EXPECT_NE(csv.find("K1.1.1,statement,K1.1,3,Leading the board,yes,\r\n"), std::string::npos);
  EXPECT_NE(csv.find("K1,area,K,1,Partnership working,,\"Intro.\n\nMore.\"\r\n"), std::string::npos);
}

}  // namespace
}  // namespace lqf::interchange
