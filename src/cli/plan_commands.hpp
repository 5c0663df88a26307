#pragma once
//! Development plans, mentoring and reminders at the console:
//!   lqf plan show EMAIL                 the plan as text
//!   lqf plan pdf EMAIL --out FILE       the plan as a PDF (readable by you only)
//!   lqf support list EMAIL              who mentors, coaches and line-manages them
//!   lqf support add EMAIL --supporter EMAIL --as mentor|coach|line-manager --from DATE [--until DATE]
//!   lqf reminders --base-url URL        queue the plan and appraisal reminders that are due
//! All act as the installation's administrator, through the same use cases as the pages.

#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace lqf::cli {

//! The subcommands and the options they bind (CLI11 writes into these
//! members while parsing, so the object must outlive the parse).
struct PlanCommands {
  CLI::App* plan_show = nullptr;
  CLI::App* plan_pdf = nullptr;
  CLI::App* support_list = nullptr;
  CLI::App* support_add = nullptr;
  CLI::App* reminders = nullptr;
  std::string email;
  std::string out;
  std::string supporter;
  std::string kind;
  std::string from;
  std::string until;
  std::string base_url;  //!< for links in emails: --base-url, else $LQF_PUBLIC_URL

  //! True if the command line chose one of them.
  bool Chosen() const;
};

//! Adds `plan`, `support` and `reminders` to `app`; returns the leaf
//! commands through `commands` (the caller adds --db to each).
void AddPlanCommands(CLI::App& app, PlanCommands& commands);

//! Runs the chosen command on the database at `db_path` (messages from
//! `root`/messages/en.json explain refusals); returns the exit code after
//! printing a one-line reason on stderr for a failure.
int RunPlanCommand(const PlanCommands& commands, const std::string& db_path, const std::string& root);

}  // namespace lqf::cli
