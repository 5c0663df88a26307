#pragma once
//! The questionnaire a rater (or the participant, rating themself) answers:
//! the statements in scope grouped into pages, one per top-level part of the
//! framework; what a page's form holds; and each page's HTML.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/feedback.hpp"
#include "domain/framework.hpp"
#include "web/handlers.hpp"

namespace lqf::web {

//! Error-summary items: (field or link, text).
using Errors = std::vector<std::pair<std::string, std::string>>;

//! One page: a top-level part of the framework and its statements in scope.
struct Section {
  std::string title;
  std::vector<const domain::Node*> elements;
};

//! The statements of `scope` in pages, in the order of `scope` (a cycle's
//! scope is in framework order).
std::vector<Section> Sections(const domain::Framework& framework, const std::vector<std::string>& scope);
//! The page (1-based) a statement is on.
std::size_t SectionOf(const std::vector<Section>& sections, std::string_view code);
//! A page number from a form or query, within 1..count (else 0).
std::size_t PageNumber(const std::string& text, std::size_t count);
//! A form value as a point on a scale; -1 for anything not a whole number
//! (the use case refuses it as off the scale).
int ScaleValue(const std::string& text);
//! The answers one page's form holds, for its statements.
std::vector<domain::Answer> PageAnswers(const Call& call, const Section& section, bool with_importance);
//! The saved answers with one page's replaced (an empty answer is dropped).
std::vector<domain::Answer> Merge(const std::vector<domain::Answer>& saved, const std::vector<domain::Answer>& page);
//! Refusals as error-summary items, each linking to its question; `page_of`
//! gives the link's start for a statement ("" on this page).
Errors AnswerErrors(const Context& ctx, const std::vector<app::Refusal>& refusals, const domain::Framework& framework,
                    const std::function<std::string(std::string_view)>& page_of, std::string_view form);
//! The template data of one page of questions.
View QuestionsView(const domain::Framework& framework, const Section& section,
                   const std::vector<domain::Answer>& answers, bool with_importance, const Errors& errors);
//! A page of questions rendered in full from templates/questions.mustache.
std::string RenderQuestions(const Renderer& renderer, const domain::Framework& framework, const Section& section,
                            const std::vector<domain::Answer>& answers, bool with_importance, const Errors& errors);
//! The same page, without errors, made fast: a skeleton rendered once per
//! framework version and page (kept in `cache`) with the answers written in.
//! Gives exactly what RenderQuestions gives (tests/unit/web/questionnaire_test.cpp).
std::string FillQuestions(const Renderer& renderer, PageCache& cache, const domain::Framework& framework,
                          const Section& section, const std::vector<domain::Answer>& answers, bool with_importance);
//! FillQuestions when there are no errors, else RenderQuestions.
std::string QuestionsHtml(Context& ctx, const domain::Framework& framework, const Section& section,
                          const std::vector<domain::Answer>& answers, bool with_importance, const Errors& errors);
//! The "Check your answers" rows, one per statement, with a link to change it.
View CheckRows(const domain::Framework& framework, const std::vector<Section>& sections,
               const std::vector<domain::Answer>& answers, const std::string& page_href);

}  // namespace lqf::web
