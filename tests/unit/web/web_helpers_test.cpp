#include <gtest/gtest.h>

#include "domain/framework.hpp"
#include "web/html.hpp"
#include "web/model_svg.hpp"
#include "web/query.hpp"

namespace lqf::web {
namespace {

TEST(Html, EscapesEverythingThatMatters) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\" onclick='y'>&</a>"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("Children’s"), "Children’s");
}

TEST(Html, WrapsAtSpaces) {
  EXPECT_EQ(WrapWords("Managing the political and corporate context", 15),
            (std::vector<std::string>{"Managing the", "political and", "corporate", "context"}));
  EXPECT_EQ(WrapWords("Supercalifragilistic word", 5), (std::vector<std::string>{"Supercalifragilistic", "word"}));
  EXPECT_TRUE(WrapWords("", 10).empty());
}

TEST(Query, DecodesFormEncoding) {
  auto params = ParseQuery("q=pooling+budgets&x=%3Cb%3E&flag&q=second");
  ASSERT_TRUE(params.has_value());
  EXPECT_EQ(params->at("q"), "pooling budgets");  // the first value wins
  EXPECT_EQ(params->at("x"), "<b>");
  EXPECT_EQ(params->at("flag"), "");
  EXPECT_EQ(ParseQuery("q=a%2Bb")->at("q"), "a+b");
}

TEST(Query, RefusesMalformedInput) {
  EXPECT_FALSE(ParseQuery("q=%zz").has_value());
  EXPECT_FALSE(ParseQuery("q=%FF").has_value()) << "not UTF-8";
  EXPECT_FALSE(ParseQuery(std::string(kMaxQueryLength + 1, 'a')).has_value());
  EXPECT_TRUE(ParseQuery("")->empty());
}

domain::Framework ModelFramework() {
  domain::Framework fw;
  fw.short_title = "Test <framework>";
  auto add = [&](std::string code, domain::NodeType type, std::string name, std::optional<std::size_t> parent) {
    domain::Node node;
    node.code = code;
    node.type = type;
    (domain::IsBranchType(type) ? node.title : node.text) = name;
    node.parent = parent;
    fw.nodes.push_back(node);
    auto index = fw.nodes.size() - 1;
    if (parent) {
      fw.nodes[*parent].children.push_back(index);
    } else {
      fw.roots.push_back(index);
    }
    return index;
  };
  auto a = add("A", domain::NodeType::kCategory, "Attributes", std::nullopt);
  add("A1", domain::NodeType::kAttribute, "insight", a);
  add("A2", domain::NodeType::kAttribute, "courage", a);
  auto k = add("K", domain::NodeType::kCategory, "Areas", std::nullopt);
  auto k1 = add("K1", domain::NodeType::kArea, "Partnership & working", k);
  add("K1.1", domain::NodeType::kStatement, "one", k1);
  add("K2", domain::NodeType::kArea, "Community", k);
  fw.model = domain::Model{{"A"}, {"K1", "K2"}, ""};
  fw.Index();
  return fw;
}

TEST(ModelSvg, IsAnAccessibleImageWithItsTextAlternative) {
  auto fw = ModelFramework();
  auto svg = ModelSvg(fw, "m");
  EXPECT_EQ(svg.rfind("<svg class=\"lqf-model\" role=\"img\"", 0), 0u);
  EXPECT_NE(svg.find("aria-labelledby=\"m-title m-desc\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"m-title\">The model of the Test &lt;framework&gt;</title>"), std::string::npos);
  EXPECT_NE(svg.find("Partnership &amp;"), std::string::npos);
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '<') - std::count(svg.begin(), svg.end(), '>'), 0);
  EXPECT_EQ(svg.find("style="), std::string::npos);
  EXPECT_EQ(ModelSummary(fw),
            "A circle shows the central core: Attributes (2 elements). Around it, a ring is divided into 2 parts: "
            "Partnership & working and Community.");
}

TEST(ModelSvg, NothingWithoutAModel) {
  auto fw = ModelFramework();
  fw.model.reset();
  EXPECT_TRUE(ModelSvg(fw, "m").empty());
  EXPECT_TRUE(ModelSummary(fw).empty());
}

}  // namespace
}  // namespace lqf::web
