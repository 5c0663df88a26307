#pragma once
//! The questionnaire a rater (or the participant, rating themself) answers:
//! the statements in scope grouped into pages, one per top-level part of the
//! framework; what a page's form holds; and each page's HTML.

#include <functional>
#include <memory>
#include <optional>
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
//! One page of questions rendered once without answers, with where each
//! saved answer goes: the fast path of a questionnaire page.
struct QuestionsSkeleton {
  //! Where one question's answer is written in: after the radio of each
  //! rating (nullopt: "not able to comment"), after each importance option,
  //! and inside the comment box.
  struct Question {
    std::vector<std::pair<std::optional<int>, std::size_t>> ratings;
    std::vector<std::pair<int, std::size_t>> importance;
    std::size_t comment = 0;
  };
  std::string html;
  std::vector<Question> questions;  //!< in the section's order
};

//! A cycle's pages, with the framework their statements belong to (kept
//! alive while the pages point into it).
struct CyclePages {
  std::shared_ptr<const domain::Framework> framework;
  std::vector<Section> sections;
};

//! Pages made once and filled in for each request (see Stencil).
struct PreparedPages {
  SharedCache<CyclePages> sections;          //!< by cycle (a cycle's scope never changes)
  SharedCache<QuestionsSkeleton> questions;  //!< by framework version, scope of the page, importance
  SharedCache<Stencil> stencils;             //!< by page and what its sections test
};

//! Sections() of a cycle's scope, worked out once per framework and scope.
std::shared_ptr<const CyclePages> CycleSections(PreparedPages& prepared,
                                                const std::shared_ptr<const domain::Framework>& framework,
                                                const domain::Cycle& cycle);

//! The skeleton of a page of questions, made once per framework version and page.
std::shared_ptr<const QuestionsSkeleton> Skeleton(const Renderer& renderer, PreparedPages& prepared,
                                                  const domain::Framework& framework, const Section& section,
                                                  bool with_importance);
//! Appends the page of questions, without errors: the skeleton with the
//! answers written in. Gives exactly what RenderQuestions gives
//! (tests/unit/web/questionnaire_test.cpp).
void FillQuestions(std::string& out, const QuestionsSkeleton& skeleton, const Section& section,
                   const std::vector<domain::Answer>& answers, bool with_importance);

//! The "Check your answers" rows, one per statement, with a link to change it.
View CheckRows(const domain::Framework& framework, const std::vector<Section>& sections,
               const std::vector<domain::Answer>& answers, const std::string& page_href);

}  // namespace lqf::web
