#pragma once
//! A participant's development plan as a PDF (cairo and pango, as the
//! feedback report's PDF): A4, a title block, the goals with their actions,
//! the plan's reviews, progress across feedback cycles and its history; page
//! numbers, fonts embedded, and an outline (bookmarks) a reader can navigate.

#include <optional>
#include <string>
#include <vector>

namespace lqf::report {

//! A development plan as the PDF shows it: plain text, already in words
//! (the caller maps app/domain types to this), so the renderer knows nothing
//! of storage. Any text may hold anything: it is never read as markup.
struct PlanDocument {
  std::string participant_name;  // "Jo Bennett"
  std::string generated_on;      // "23 November 2026"
  struct Action {
    std::string kind;  // "Coaching"
    std::string description;
    std::string owner;   // "Me"
    std::string due;     // "31 January 2027" or empty
    std::string status;  // "In progress"
    std::string origin;  // "Agreed in a coaching session on 3 March 2026" or empty
  };
  struct Goal {
    std::string element;  // "S4 Leading change ..." (code and statement) or empty
    std::string title;
    std::string detail;
    std::string source;   // "Blind spot" / "Own goal"
    std::string finding;  // figures in words, or empty
    std::vector<Action> actions;
    std::vector<std::string> evidence;  // "minutes.pdf (PDF, 240 KB), added 3 March 2026 by Jo Bennett"
  };
  std::vector<Goal> goals;
  struct Review {  // a review of the plan with comments
    std::string held_on, by, comment;
  };
  std::vector<Review> reviews;
  struct Score {        // one cycle's scores for one element
    std::string cycle;  // "Autumn 2026"
    std::optional<double> self, others;
  };
  struct Progress {       // an element's scores across cycles
    std::string element;  // "S4 Leading change ..."
    std::vector<Score> scores;
  };
  std::vector<Progress> progress;
  std::vector<std::string> history;  // "23 November 2026 10:04 · Jo Bennett · Goal added: ..." newest first
};

//! The plan's PDF bytes: A4, title block, one section per goal with its
//! actions in a table, then reviews, progress across cycles, and history;
//! page numbers; an outline; fonts embedded. A plan without goals is still a
//! document, saying so. Throws std::runtime_error if cairo fails.
std::string PlanPdf(const PlanDocument& plan);

}  // namespace lqf::report
