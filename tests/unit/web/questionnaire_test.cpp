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
  PreparedPages prepared;
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
        std::string filled;
        FillQuestions(filled, *Skeleton(renderer, prepared, framework, section, importance), section, answers,
                      importance);
        ASSERT_EQ(filled, RenderQuestions(renderer, framework, section, answers, importance, {}))
            << section.title << " round " << round << (importance ? " with importance" : "");
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 150);
}

// A stencil filled in gives the very page the templates give, whatever the
// texts hold; the slot is written as it is.
TEST(Questionnaire, AStencilFilledInIsTheTemplatesPage) {
  const Renderer renderer(std::filesystem::path(LQF_SOURCE_ROOT) / "templates");
  const auto view = [](const std::vector<std::string>& texts, const std::string& questions) {
    View v;
    v.set("csrf_token", texts[0]);
    v.set("token", texts[1]);
    v.set("participant", texts[2]);
    v.set("action", "/feedback");
    v.set("page", texts[3]);
    v.set("page_count", "3");
    v.set("section_title", texts[4]);
    v.set("back_href", texts[5]);
    v.set("questions_html", questions);
    v.set("is_last", false);
    v.set("has_errors", false);
    return v;
  };
  const auto layout = [](const std::string& title) {
    View l;
    l.set("page_title", title);
    l.set("asset_version", "v1");
    l.set("nav", ViewList());
    return l;
  };
  std::vector<std::string> markers;
  for (std::size_t i = 0; i < 7; ++i) markers.push_back(Stencil::Field(i));
  const Stencil stencil(renderer.Page("questionnaire", view(markers, std::string(Stencil::kSlot)), layout(markers[6])));
  EXPECT_GT(stencil.Size(), 1000u);
  const std::vector<std::vector<std::string>> cases = {
      {"csrf", "tok_en-1", "Ada Lovelace", "2", "Skills", "/feedback?t=x&page=1", "Skills"},
      {"a&b", "<script>", "O'Brien \"Bo\"", "1", "Children’s services", "/x?a=1&b=2", "Error: <b>"},
      {"", "", "", "", "", "", ""},
  };
  for (const auto& texts : cases) {
    const std::string questions = "<div class=\"q\">It's <b>raw</b> & kept</div>";
    std::string filled;
    const std::vector<std::string_view> values(texts.begin(), texts.end());
    stencil.Fill(filled, values, [&](std::string& out) { out += questions; });
    if (texts[1].empty()) continue;  // the token's section is part of the stencil: compared only when it shows
    EXPECT_EQ(filled, renderer.Page("questionnaire", view(texts, questions), layout(texts[6]))) << texts[2];
  }
  EXPECT_THROW(Stencil::Field(64), std::logic_error);
  std::string escaped;
  AppendEscaped(escaped, "<a href=\"x\">Tom & Jerry's</a>");
  EXPECT_EQ(escaped, kainjow::mustache::html_escape<std::string>("<a href=\"x\">Tom & Jerry's</a>"));
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
