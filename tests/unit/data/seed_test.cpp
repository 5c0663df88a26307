// Checks that the framework data files are exact transcriptions of their seed texts:
// every text, title and description of data/frameworks/*.json must appear word for word in the
// seed (after collapsing whitespace), in the seed's order, with the expected number of elements.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef LQF_SOURCE_ROOT
#error "LQF_SOURCE_ROOT must be defined as the source tree's root directory (a string literal)"
#endif

namespace lqf::data {
namespace {

namespace json = boost::json;

const std::filesystem::path kSourceRoot{LQF_SOURCE_ROOT};
const std::filesystem::path kFrameworksDir = kSourceRoot / "data" / "frameworks";
const std::filesystem::path kSeedsDir = kSourceRoot / ".." / "shared" / "seeds";

// 2010 framework, counted by hand from nlqf-dcs-2010.txt.
constexpr std::size_t kAttributeCount = 8;
constexpr std::size_t kSkillCount = 17;
constexpr std::size_t kAreaCount = 4;
constexpr std::size_t kFunctionalAreaCount = 10;  // 3 + 3 + 2 + 2
// Functional statements per functional area, in seed order:
//   a. Integrated service delivery:   5 (resource planning) + 7 (quality assurance)
//                                     + 5 (developing integrated practice)           = 17
//   b. Partnership working:           6 (governance) + 6 (culture) + 6 (practice)     = 18
//   c. Political/corporate context:   7 (corporate role) + 4 (political interface)    = 11
//   d. Community engagement:          7 (community leadership) + 4 (governance and
//                                     cohesion)                                       = 11
constexpr std::size_t kFunctionalStatementCount = 57;

// 2008 characteristics, counted by hand from dcs-training-needs-2008.txt.
constexpr std::size_t kQualityCount = 1;
constexpr std::size_t kCharacteristicCount = 5;
constexpr std::size_t kContextIssueCount = 4;

//! Returns the whole content of the file at `path`, or fails the current test.
std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

//! Parses the JSON file at `path` and returns its top-level object.
json::object LoadFramework(const std::filesystem::path& path) {
  json::value value = json::parse(ReadFile(path));
  EXPECT_TRUE(value.is_object()) << path << " is not a JSON object";
  return value.is_object() ? value.as_object() : json::object{};
}

//! Replaces every run of ASCII whitespace (newlines included) with one space and trims the ends.
std::string NormaliseWhitespace(std::string_view text) {
  std::string normalised;
  normalised.reserve(text.size());
  bool pending_space = false;
  for (const char c : text) {
    const bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (is_space) {
      pending_space = !normalised.empty();
      continue;
    }
    if (pending_space) {
      normalised.push_back(' ');
      pending_space = false;
    }
    normalised.push_back(c);
  }
  return normalised;
}

//! Splits a description into its paragraphs (separated by a blank line), each normalised.
std::vector<std::string> SplitParagraphs(std::string_view description) {
  std::vector<std::string> paragraphs;
  std::size_t start = 0;
  while (start <= description.size()) {
    const std::size_t end = description.find("\n\n", start);
    const std::string_view paragraph =
        description.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    paragraphs.push_back(NormaliseWhitespace(paragraph));
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 2;
  }
  return paragraphs;
}

//! Returns the string member `key` of `object`, or "" when it is absent or not a string.
std::string StringField(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

//! Calls `visit` on every node of `nodes` and their descendants, depth first, in file order.
void ForEachNode(const json::array& nodes, const std::function<void(const json::object&)>& visit) {
  for (const json::value& node : nodes) {
    ASSERT_TRUE(node.is_object());
    const json::object& object = node.as_object();
    visit(object);
    if (const json::value* children = object.if_contains("children")) {
      ASSERT_TRUE(children->is_array());
      ForEachNode(children->as_array(), visit);
    }
  }
}

//! Returns every node of the framework, in file order.
std::vector<json::object> AllNodes(const json::object& framework) {
  std::vector<json::object> nodes;
  ForEachNode(framework.at("nodes").as_array(), [&nodes](const json::object& node) { nodes.push_back(node); });
  return nodes;
}

//! Counts the nodes of each type.
std::map<std::string, std::size_t> CountTypes(const std::vector<json::object>& nodes) {
  std::map<std::string, std::size_t> counts;
  for (const json::object& node : nodes) {
    ++counts[StringField(node, "type")];
  }
  return counts;
}

//! Expects every paragraph of `description` to appear in the normalised seed and, unless
//! `whole_sentences` is false, to end a sentence (a paragraph cut mid-sentence is a broken wrap).
void ExpectDescriptionInSeed(const std::string& seed, const std::string& description, const std::string& where,
                             bool whole_sentences = true) {
  for (const std::string& paragraph : SplitParagraphs(description)) {
    EXPECT_NE(seed.find(paragraph), std::string::npos) << where << ": description paragraph not in seed: " << paragraph;
    if (whole_sentences) {
      EXPECT_TRUE(paragraph.ends_with('.') || paragraph.ends_with(':'))
          << where << ": paragraph does not end a sentence: " << paragraph;
    }
  }
}

//! Expects node codes to be unique across the whole file.
void ExpectUniqueCodes(const std::vector<json::object>& nodes) {
  std::set<std::string> codes;
  for (const json::object& node : nodes) {
    const std::string code = StringField(node, "code");
    EXPECT_FALSE(code.empty()) << "node without a code";
    EXPECT_TRUE(codes.insert(code).second) << "duplicate code " << code;
  }
}

//! Expects `scored` only on context issues, where it must be false.
void ExpectScoredOnlyOnContextIssues(const std::vector<json::object>& nodes) {
  for (const json::object& node : nodes) {
    const json::value* scored = node.if_contains("scored");
    if (StringField(node, "type") == "context-issue") {
      ASSERT_NE(scored, nullptr) << StringField(node, "code") << " has no \"scored\"";
      EXPECT_TRUE(scored->is_bool() && !scored->as_bool()) << StringField(node, "code");
    } else {
      EXPECT_EQ(scored, nullptr) << StringField(node, "code") << " must not set \"scored\"";
    }
  }
}

class Nlqf2010SeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    raw_seed_ = ReadFile(kSeedsDir / "nlqf-dcs-2010.txt");
    seed_ = NormaliseWhitespace(raw_seed_);
    framework_ = LoadFramework(kFrameworksDir / "nlqf-2010.json");
    ASSERT_FALSE(seed_.empty());
    ASSERT_TRUE(framework_.contains("nodes"));
    nodes_ = AllNodes(framework_);
  }

  //! Returns the texts of the nodes of `type`, in file order.
  std::vector<std::string> TextsOfType(std::string_view type) const {
    std::vector<std::string> texts;
    for (const json::object& node : nodes_) {
      if (StringField(node, "type") == type) {
        texts.push_back(StringField(node, "text"));
      }
    }
    return texts;
  }

  std::string raw_seed_;
  std::string seed_;
  json::object framework_;
  std::vector<json::object> nodes_;
};

TEST_F(Nlqf2010SeedTest, EveryTextTitleAndDescriptionIsInTheSeed) {
  EXPECT_EQ(StringField(framework_, "format"), "lqf-framework/1");
  EXPECT_NE(seed_.find(StringField(framework_, "title")), std::string::npos);
  // The framework's description is the seed's aim, whose sentence ends without a full stop.
  ExpectDescriptionInSeed(seed_, StringField(framework_, "description"), "framework",
                          /*whole_sentences=*/false);
  ASSERT_TRUE(framework_.contains("model"));
  ExpectDescriptionInSeed(seed_, StringField(framework_.at("model").as_object(), "description"), "model");
  for (const json::object& node : nodes_) {
    const std::string code = StringField(node, "code");
    if (node.contains("children")) {
      const std::string title = StringField(node, "title");
      ASSERT_FALSE(title.empty()) << code;
      EXPECT_NE(seed_.find(title), std::string::npos) << code << ": title not in seed: " << title;
    } else {
      const std::string text = StringField(node, "text");
      ASSERT_FALSE(text.empty()) << code;
      EXPECT_EQ(NormaliseWhitespace(text), text) << code << ": stray whitespace";
      EXPECT_NE(seed_.find(text), std::string::npos) << code << ": text not in seed: " << text;
    }
    if (node.contains("description")) {
      ExpectDescriptionInSeed(seed_, StringField(node, "description"), code);
    }
  }
}

TEST_F(Nlqf2010SeedTest, CountsMatchTheSeed) {
  const std::map<std::string, std::size_t> counts = CountTypes(nodes_);
  EXPECT_EQ(counts.at("attribute"), kAttributeCount);
  EXPECT_EQ(counts.at("skill"), kSkillCount);
  EXPECT_EQ(counts.at("area"), kAreaCount);
  EXPECT_EQ(counts.at("functional-area"), kFunctionalAreaCount);
  EXPECT_EQ(counts.at("statement"), kFunctionalStatementCount);
}

TEST_F(Nlqf2010SeedTest, CodesAreUnique) {
  ExpectUniqueCodes(nodes_);
  ExpectScoredOnlyOnContextIssues(nodes_);
}

TEST_F(Nlqf2010SeedTest, AttributesAndSkillsAreWholeBulletsInSeedOrder) {
  for (const std::string_view type : {"attribute", "skill"}) {
    std::size_t previous = 0;
    for (const std::string& text : TextsOfType(type)) {
      // Each attribute and skill is a whole "- " bullet of the seed.
      const std::size_t position = seed_.find("- " + text + " ");
      ASSERT_NE(position, std::string::npos) << type << " is not a whole bullet: " << text;
      EXPECT_GT(position, previous) << type << " out of seed order: " << text;
      previous = position;
    }
  }
  std::vector<std::string> attribute_codes;
  for (const json::object& node : nodes_) {
    if (StringField(node, "type") == "attribute") {
      attribute_codes.push_back(StringField(node, "code"));
    }
  }
  EXPECT_EQ(attribute_codes, (std::vector<std::string>{"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"}));
}

TEST_F(Nlqf2010SeedTest, FunctionalAreasAndStatementsAreWholeLinesInSeedOrder) {
  std::vector<std::string> lines;
  std::istringstream stream(raw_seed_);
  for (std::string line; std::getline(stream, line);) {
    lines.push_back(NormaliseWhitespace(line));
  }
  std::size_t next_line = 0;
  for (const json::object& node : nodes_) {
    const std::string type = StringField(node, "type");
    if (type != "functional-area" && type != "statement") {
      continue;
    }
    const std::string wording = StringField(node, type == "statement" ? "text" : "title");
    std::size_t line = next_line;
    while (line < lines.size() && lines[line] != wording) {
      ++line;
    }
    ASSERT_LT(line, lines.size()) << StringField(node, "code")
                                  << " is not a whole seed line after the previous element: " << wording;
    next_line = line + 1;
  }
}

TEST(Dcs2008SeedTest, EveryTextIsInTheSeed) {
  const std::string seed = NormaliseWhitespace(ReadFile(kSeedsDir / "dcs-training-needs-2008.txt"));
  const json::object framework = LoadFramework(kFrameworksDir / "dcs-characteristics-2008.json");
  ASSERT_FALSE(seed.empty());
  ASSERT_TRUE(framework.contains("nodes"));
  EXPECT_EQ(StringField(framework, "format"), "lqf-framework/1");
  const std::vector<json::object> nodes = AllNodes(framework);
  std::size_t previous = 0;
  for (const json::object& node : nodes) {
    const std::string code = StringField(node, "code");
    if (node.contains("children")) {
      // Category titles are ours; the first paragraph of each description is the seed's.
      const std::vector<std::string> paragraphs = SplitParagraphs(StringField(node, "description"));
      ASSERT_FALSE(paragraphs.empty()) << code;
      EXPECT_NE(seed.find(paragraphs.front()), std::string::npos)
          << code << ": description not in seed: " << paragraphs.front();
      continue;
    }
    const std::string text = StringField(node, "text");
    ASSERT_FALSE(text.empty()) << code;
    EXPECT_EQ(NormaliseWhitespace(text), text) << code << ": stray whitespace";
    const std::size_t position = seed.find(text, previous);
    ASSERT_NE(position, std::string::npos) << code << ": text not in seed (in order): " << text;
    previous = position + text.size();
  }
  const std::map<std::string, std::size_t> counts = CountTypes(nodes);
  EXPECT_EQ(counts.at("quality"), kQualityCount);
  EXPECT_EQ(counts.at("characteristic"), kCharacteristicCount);
  EXPECT_EQ(counts.at("context-issue"), kContextIssueCount);
  ExpectUniqueCodes(nodes);
  ExpectScoredOnlyOnContextIssues(nodes);
}

}  // namespace
}  // namespace lqf::data
