#include "domain/search.hpp"

#include <gtest/gtest.h>

#include "domain/text.hpp"

namespace lqf::domain {
namespace {

Framework Sample() {
  Framework fw;
  auto add = [&](std::string code, NodeType type, std::string name, std::optional<std::size_t> parent,
                 std::string description = {}) {
    Node node;
    node.code = std::move(code);
    node.type = type;
    (IsBranchType(type) ? node.title : node.text) = std::move(name);
    node.description = std::move(description);
    node.parent = parent;
    node.depth = parent ? fw.nodes[*parent].depth + 1 : 0;
    fw.nodes.push_back(std::move(node));
    const auto index = fw.nodes.size() - 1;
    if (parent) {
      fw.nodes[*parent].children.push_back(index);
    } else {
      fw.roots.push_back(index);
    }
    return index;
  };
  auto k = add("K", NodeType::kCategory, "Areas", std::nullopt, "Safeguarding matters everywhere.");
  auto k1 = add("K1", NodeType::kArea, "Partnership working", k);
  add("K1.1", NodeType::kStatement, "Engaging schools in the safeguarding and well-being of children", k1);
  add("K1.2", NodeType::kStatement, "Pooling budgets to enhance provision", k1);
  add("S1", NodeType::kSkill, "manage key relationships", std::nullopt);
  fw.Index();
  return fw;
}

TEST(Search, FindsWordPrefixesCaseInsensitively) {
  auto fw = Sample();
  auto hits = Search(fw, "SAFEGUARD");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].node->code, "K1.1");  // in the wording beats in a description
  EXPECT_EQ(hits[1].node->code, "K");
}

TEST(Search, EveryTermMustMatch) {
  auto fw = Sample();
  EXPECT_EQ(Search(fw, "pooling budgets").size(), 1u);
  EXPECT_TRUE(Search(fw, "pooling safeguarding").empty());
  EXPECT_TRUE(Search(fw, "ooling").empty()) << "matches start at a word";
}

TEST(Search, CodesMatchExactlyAndRankFirst) {
  auto fw = Sample();
  auto hits = Search(fw, "k1.2");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].node->code, "K1.2");
}

TEST(Search, BlankAndPunctuationOnlyQueriesFindNothing) {
  auto fw = Sample();
  EXPECT_TRUE(Search(fw, "").empty());
  EXPECT_TRUE(Search(fw, "  <>!! ").empty());
  EXPECT_EQ(SearchTerms("<script>alert(1)</script>"), (std::vector<std::string>{"script", "alert", "1", "script"}));
}

TEST(Search, LimitsResults) {
  auto fw = Sample();
  EXPECT_EQ(Search(fw, "s", 1).size(), 1u);
}

TEST(Text, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("Children’s – café 🙂"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xe2\x80"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_EQ(CountCharacters("café"), 4u);
}

TEST(Framework, DisplayNameCapitalisesLeavesOnly) {
  Node leaf;
  leaf.type = NodeType::kAttribute;
  leaf.text = "moral purpose";
  EXPECT_EQ(leaf.DisplayName(), "Moral purpose");
  Node branch;
  branch.type = NodeType::kArea;
  branch.title = "partnership";
  EXPECT_EQ(branch.DisplayName(), "partnership");
  EXPECT_EQ(ParseNodeType("functional-area"), NodeType::kFunctionalArea);
  EXPECT_FALSE(ParseNodeType("Functional-Area").has_value());
}

}  // namespace
}  // namespace lqf::domain
