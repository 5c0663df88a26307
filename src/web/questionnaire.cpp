// The questionnaire shared by raters and the participant: the framework's
// statements in pages, what a page's form holds, and the page's HTML.

#include "web/questionnaire.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace lqf::web {

std::vector<Section> Sections(const domain::Framework& framework, const std::vector<std::string>& scope) {
  std::vector<Section> sections;
  std::map<const domain::Node*, std::size_t> by_root;
  for (const auto& code : scope) {
    const auto* node = framework.Find(code);
    if (node == nullptr) continue;
    // Its top-level ancestor, by parent indices (no list of ancestors needed).
    const auto* root = node;
    while (root->parent) root = &framework.nodes[*root->parent];
    auto [it, added] = by_root.emplace(root, sections.size());
    if (added) sections.push_back({root->DisplayName(), {}});
    sections[it->second].elements.push_back(node);
  }
  return sections;
}

std::shared_ptr<const CyclePages> CycleSections(PreparedPages& prepared,
                                                const std::shared_ptr<const domain::Framework>& framework,
                                                const domain::Cycle& cycle) {
  // By the scope itself, so the many cycles on the same scope (a cohort on
  // the whole framework) share one entry. The pages point into this very
  // framework object (the catalog may load a new one), so it is part of the
  // key and kept alive by the entry.
  char address[32];
  std::snprintf(address, sizeof address, "%p", static_cast<const void*>(framework.get()));
  std::string key = address;
  key.reserve(key.size() + cycle.scope.size() * 8);
  for (const auto& code : cycle.scope) (key += '|') += code;
  return prepared.sections.Get(key, [&] { return CyclePages{framework, Sections(*framework, cycle.scope)}; });
}

//! Where an element's question is: its section (1-based).
std::size_t SectionOf(const std::vector<Section>& sections, std::string_view code) {
  for (std::size_t i = 0; i < sections.size(); ++i) {
    for (const auto* node : sections[i].elements) {
      if (node->code == code) return i + 1;
    }
  }
  return 1;
}

//! A page number from the query, within 1..count (else 0).
std::size_t PageNumber(const std::string& text, std::size_t count) {
  std::size_t n = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc() || end != text.data() + text.size() || n < 1 || n > count) return 0;
  return n;
}

//! A form value as a point on a scale; -1 for anything that is not a whole
//! number (so the use case refuses it as off the scale).
int ScaleValue(const std::string& text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : -1;
}

//! The answers one page's form holds, for its elements.
std::vector<domain::Answer> PageAnswers(const Call& call, const Section& section, bool with_importance) {
  std::vector<domain::Answer> answers;
  for (const auto* node : section.elements) {
    domain::Answer answer;
    answer.element = node->code;
    const auto rating = call.Field("rating-" + node->code);
    if (rating == "na") {
      answer.answered = true;
    } else if (!rating.empty()) {
      answer.answered = true;
      answer.rating = ScaleValue(rating);
    }
    if (with_importance) {
      const auto importance = call.Field("importance-" + node->code);
      if (!importance.empty()) answer.importance = ScaleValue(importance);
    }
    answer.comment = call.Field("comment-" + node->code);
    answers.push_back(std::move(answer));
  }
  return answers;
}

//! The saved answers with one page's replaced (an empty answer is dropped).
std::vector<domain::Answer> Merge(const std::vector<domain::Answer>& saved, const std::vector<domain::Answer>& page) {
  std::map<std::string, domain::Answer> by_element;
  for (const auto& answer : saved) by_element[answer.element] = answer;
  for (const auto& answer : page) {
    if (!answer.answered && !answer.importance && answer.comment.empty()) {
      by_element.erase(answer.element);
    } else {
      by_element[answer.element] = answer;
    }
  }
  std::vector<domain::Answer> merged;
  for (auto& [element, answer] : by_element) merged.push_back(std::move(answer));
  return merged;
}

//! The refusals of a save as error-summary items, each pointing at its
//! question (on `href_prefix`, the page it is on, when not this one).
Errors AnswerErrors(const Context& ctx, const std::vector<app::Refusal>& refusals, const domain::Framework& framework,
                    const std::function<std::string(std::string_view)>& page_of, std::string_view form) {
  Errors errors;
  for (const auto& refusal : refusals) {
    const auto dot = refusal.field.rfind('.');
    if (dot == std::string::npos) {
      errors.emplace_back("main-content",
                          ctx.messages.Get(std::string(form) + "." + refusal.field + "." + refusal.code));
      continue;
    }
    const auto element = refusal.field.substr(0, dot);
    const auto field = refusal.field.substr(dot + 1);
    const auto* node = framework.Find(element);
    const std::string name = node ? element + " " + node->DisplayName() : element;
    errors.emplace_back(page_of(element) + field + "-" + element,
                        name + ": " + ctx.messages.Get("answers." + field + "." + refusal.code));
  }
  return errors;
}

//! One page of questions as the template shows it.
View QuestionsView(const domain::Framework& framework, const Section& section,
                   const std::vector<domain::Answer>& answers, bool with_importance, const Errors& errors) {
  std::map<std::string, const domain::Answer*> by_element;
  for (const auto& answer : answers) by_element[answer.element] = &answer;
  std::map<std::string, std::string> error_of;
  // Errors for this page's questions are keyed by their anchor ("rating-A1").
  for (const auto& [field, text] : errors) error_of["#" + field.substr(field.find('#') + 1)] = text;
  const auto* proficiency = framework.FindScale(domain::ScalePurpose::kProficiency);
  const auto* importance = framework.FindScale(domain::ScalePurpose::kImportance);
  View questions = ViewList();
  const domain::Node* last_parent = nullptr;
  for (const auto* node : section.elements) {
    View q;
    const auto* answer = by_element.count(node->code) ? by_element[node->code] : nullptr;
    q.set("code", node->code);
    q.set("text", node->DisplayName());
    const domain::Node* parent = node->parent ? &framework.nodes[*node->parent] : nullptr;
    // A heading where a new functional area starts (not for the section's own root).
    if (parent && parent->parent && parent != last_parent) q.set("group_heading", parent->DisplayName());
    last_parent = parent;
    View options = ViewList();
    if (proficiency) {
      for (const auto& point : proficiency->points) {
        View o;
        // The first choice carries the question's id, so error links land on it.
        o.set("id", point.value == proficiency->points.front().value
                        ? "rating-" + node->code
                        : "rating-" + node->code + "-" + std::to_string(point.value));
        o.set("code", node->code);
        o.set("value", std::to_string(point.value));
        o.set("label", std::to_string(point.value) + " " + point.label);
        o.set("checked", answer && answer->answered && answer->rating == point.value);
        options.push_back(o);
      }
      if (proficiency->no_answer) {
        View o;
        o.set("id", "rating-" + node->code + "-na");
        o.set("code", node->code);
        o.set("value", "na");
        o.set("label", proficiency->no_answer->label);
        o.set("checked", answer && answer->answered && !answer->rating);
        options.push_back(o);
      }
    }
    q.set("options", options);
    if (with_importance && importance) {
      View levels = ViewList();
      for (const auto& point : importance->points) {
        View o;
        o.set("value", std::to_string(point.value));
        o.set("label", point.label);
        o.set("selected", answer && answer->importance == point.value);
        levels.push_back(o);
      }
      q.set("importance", levels);
      q.set("has_importance", true);
      q.set("importance_question", importance->question);
    }
    q.set("comment", answer ? answer->comment : std::string());
    q.set("comment_label", with_importance ? "Evidence or notes" : "Comment");
    if (auto it = error_of.find("#rating-" + node->code); it != error_of.end()) q.set("rating_error", it->second);
    if (auto it = error_of.find("#importance-" + node->code); it != error_of.end()) {
      q.set("importance_error", it->second);
    }
    if (auto it = error_of.find("#comment-" + node->code); it != error_of.end()) q.set("comment_error", it->second);
    questions.push_back(q);
  }
  return questions;
}

std::string RenderQuestions(const Renderer& renderer, const domain::Framework& framework, const Section& section,
                            const std::vector<domain::Answer>& answers, bool with_importance, const Errors& errors) {
  View v;
  v.set("questions", QuestionsView(framework, section, answers, with_importance, errors));
  return renderer.Render("questions", v);
}

namespace {

//! The page of questions with no answers, and where each answer goes, found
//! by the markup around it (walking the page once, in question order).
QuestionsSkeleton MakeSkeleton(const Renderer& renderer, const domain::Framework& framework, const Section& section,
                               bool with_importance) {
  QuestionsSkeleton skeleton;
  skeleton.html = RenderQuestions(renderer, framework, section, {}, with_importance, {});
  const auto& html = skeleton.html;
  const auto* proficiency = framework.FindScale(domain::ScalePurpose::kProficiency);
  const auto* importance = framework.FindScale(domain::ScalePurpose::kImportance);
  // Where `text` ends, between `from` and `to`; npos if it is not there.
  const auto after = [&html](const std::string& text, std::size_t from, std::size_t to) {
    const auto at = html.find(text, from);
    return at == std::string::npos || at >= to ? std::string::npos : at + text.size();
  };
  std::size_t pos = 0;
  for (const auto* node : section.elements) {
    const auto start = html.find("name=\"rating-" + node->code + "\"", pos);
    const auto end_pattern = "name=\"comment-" + node->code + "\" rows=\"2\">";
    const auto end = start == std::string::npos ? std::string::npos : html.find(end_pattern, start);
    if (end == std::string::npos) throw std::logic_error("questions.mustache lost the question for " + node->code);
    QuestionsSkeleton::Question question;
    if (proficiency) {
      for (const auto& point : proficiency->points) {
        const auto at = after("value=\"" + std::to_string(point.value) + "\"", start, end);
        if (at != std::string::npos) question.ratings.emplace_back(point.value, at);
      }
      if (const auto at = after("value=\"na\"", start, end); at != std::string::npos) {
        question.ratings.emplace_back(std::nullopt, at);
      }
    }
    if (with_importance && importance) {
      for (const auto& point : importance->points) {
        const auto at = after("<option value=\"" + std::to_string(point.value) + "\"", start, end);
        if (at != std::string::npos) question.importance.emplace_back(point.value, at);
      }
    }
    pos = end + end_pattern.size();
    question.comment = pos;
    skeleton.questions.push_back(std::move(question));
  }
  return skeleton;
}

}  // namespace

std::shared_ptr<const QuestionsSkeleton> Skeleton(const Renderer& renderer, PreparedPages& prepared,
                                                  const domain::Framework& framework, const Section& section,
                                                  bool with_importance) {
  std::string key = framework.code + "|" + framework.version + (with_importance ? "|i" : "|-");
  for (const auto* node : section.elements) (key += '|') += node->code;
  return prepared.questions.Get(key, [&] { return MakeSkeleton(renderer, framework, section, with_importance); });
}

void FillQuestions(std::string& out, const QuestionsSkeleton& skeleton, const Section& section,
                   const std::vector<domain::Answer>& answers, bool with_importance) {
  const std::string& html = skeleton.html;
  std::map<std::string_view, const domain::Answer*> by_element;
  for (const auto& answer : answers) by_element[answer.element] = &answer;
  // Written in page order: within a question the radios come before the
  // importance list, which comes before the comment box.
  std::size_t from = 0;
  const auto write = [&](std::size_t at, std::string_view text) {
    out.append(html, from, at - from);
    out += text;
    from = at;
  };
  for (std::size_t i = 0; i < section.elements.size() && i < skeleton.questions.size(); ++i) {
    const auto found = by_element.find(section.elements[i]->code);
    if (found == by_element.end()) continue;
    const auto& answer = *found->second;
    const auto& question = skeleton.questions[i];
    if (answer.answered) {
      for (const auto& [value, at] : question.ratings) {
        if (value == answer.rating) write(at, " checked");
      }
    }
    if (answer.importance && with_importance) {
      for (const auto& [value, at] : question.importance) {
        if (value == *answer.importance) write(at, " selected");
      }
    }
    if (!answer.comment.empty()) {
      write(question.comment, {});
      AppendEscaped(out, answer.comment);
    }
  }
  out.append(html, from, std::string::npos);
}

//! The "Check your answers" rows, one per element, with a link to change it.
View CheckRows(const domain::Framework& framework, const std::vector<Section>& sections,
               const std::vector<domain::Answer>& answers, const std::string& page_href) {
  std::map<std::string, const domain::Answer*> by_element;
  for (const auto& answer : answers) by_element[answer.element] = &answer;
  const auto* proficiency = framework.FindScale(domain::ScalePurpose::kProficiency);
  View list = ViewList();
  for (std::size_t i = 0; i < sections.size(); ++i) {
    View section;
    section.set("title", sections[i].title);
    View rows = ViewList();
    for (const auto* node : sections[i].elements) {
      View row;
      row.set("code", node->code);
      row.set("text", node->DisplayName());
      const auto* answer = by_element.count(node->code) ? by_element[node->code] : nullptr;
      std::string value = "Not answered yet";
      if (answer && answer->answered) {
        value = proficiency && proficiency->no_answer ? proficiency->no_answer->label : "Not able to comment";
        if (answer->rating && proficiency) {
          for (const auto& point : proficiency->points) {
            if (point.value == *answer->rating) value = std::to_string(point.value) + " " + point.label;
          }
        }
      }
      row.set("value", value);
      row.set("missing", !(answer && answer->answered));
      row.set("comment", answer ? answer->comment : std::string());
      row.set("href", page_href + std::to_string(i + 1) + "#rating-" + node->code);
      rows.push_back(row);
    }
    section.set("rows", rows);
    list.push_back(section);
  }
  return list;
}

}  // namespace lqf::web
