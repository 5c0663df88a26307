// The questionnaire's fast path (a skeleton per page with the saved answers
// written in) gives exactly the page the template gives, for many made-up
// sets of answers on every page of the whole framework, with and without
// importance ratings, and with text that must be escaped.

#include "web/questionnaire.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "interchange/framework_json.hpp"

namespace lqf::web {
namespace {

domain::Framework Bundled() {
  std::ifstream in(std::string(LQF_SOURCE_ROOT) + "/data/frameworks/nlqf-2010.json");
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = interchange::ParseFramework(text.str());
  EXPECT_TRUE(parsed.Ok());
  return std::move(*parsed.framework);
}

TEST(Questionnaire, TheFastPageIsExactlyTheTemplatesPage) {
  const auto framework = Bundled();
  const Renderer renderer(std::filesystem::path(LQF_SOURCE_ROOT) / "templates");
  PageCache cache;
  const auto sections = Sections(framework, domain::ResolveScope(framework, {}, nullptr));
  ASSERT_EQ(sections.size(), 3u) << "attributes, skills, knowing the business";
  const std::vector<std::string> comments = {"", "Seen at the board", "<script>alert('x')</script> & \"quoted\"",
                                             "Line one\nline two", "Children’s services"};
  std::mt19937 random(7);
  int compared = 0;
  for (const bool importance : {false, true}) {
    for (const auto& section : sections) {
      for (int round = 0; round < 25; ++round) {
        std::vector<domain::Answer> answers;
        for (const auto* node : section.elements) {
          if (random() % 4 == 0) continue;  // not answered at all
          domain::Answer answer;
          answer.element = node->code;
          answer.answered = random() % 5 != 0;
          if (answer.answered && random() % 6 != 0) answer.rating = 1 + static_cast<int>(random() % 5);
          if (random() % 3 == 0) answer.importance = 1 + static_cast<int>(random() % 4);
          answer.comment = comments[random() % comments.size()];
          answers.push_back(answer);
        }
        ASSERT_EQ(FillQuestions(renderer, cache, framework, section, answers, importance),
                  RenderQuestions(renderer, framework, section, answers, importance, {}))
            << section.title << " round " << round << (importance ? " with importance" : "");
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 150);
}

TEST(Questionnaire, PagesFollowTheFrameworkAndNumbersAreChecked) {
  const auto framework = Bundled();
  const auto sections = Sections(framework, {"A1", "A3", "S2", "K1.1.1", "K2.1.1"});
  ASSERT_EQ(sections.size(), 3u);
  EXPECT_EQ(sections[0].title, "Leadership attributes");
  EXPECT_EQ(sections[0].elements.size(), 2u);
  EXPECT_EQ(sections[2].elements.size(), 2u) << "both areas' statements on one page";
  EXPECT_EQ(SectionOf(sections, "K1.1.1"), 3u);
  EXPECT_EQ(PageNumber("2", 3), 2u);
  for (const char* bad : {"0", "4", "-1", "1x", "", "99999999999999999999"}) EXPECT_EQ(PageNumber(bad, 3), 0u) << bad;
  EXPECT_EQ(ScaleValue("5"), 5);
  EXPECT_EQ(ScaleValue("five"), -1);
  EXPECT_EQ(ScaleValue("3.5"), -1);
}

}  // namespace
}  // namespace lqf::web
