// `lqf plan`, `lqf support` and `lqf reminders`. Like cli.cpp, a composition
// root: it opens the store and builds the use cases it needs.

#include "cli/plan_commands.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "app/accounts.hpp"
#include "app/framework_catalog.hpp"
#include "app/notifications.hpp"
#include "app/plans.hpp"
#include "app/reports.hpp"
#include "app/support.hpp"
#include "cli/cli.hpp"
#include "cli/private_file.hpp"
#include "report/plan_pdf.hpp"
#include "store/migrations.hpp"
#include "store/open_database.hpp"
#include "store/sql_account_repository.hpp"
#include "store/sql_feedback_repository.hpp"
#include "store/sql_framework_repository.hpp"
#include "store/sql_outbox_repository.hpp"
#include "store/sql_plan_repository.hpp"
#include "store/sql_support_repository.hpp"
#include "web/messages.hpp"
#include "web/plan_document.hpp"

namespace lqf::cli {
namespace {

class PlanCommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string Explain(const web::Messages& messages, std::string_view input, const std::vector<app::Refusal>& refusals) {
  std::string text;
  for (const auto& refusal : refusals) {
    if (!text.empty()) text += "; ";
    text += messages.Get(std::string(input) + "." + refusal.field + "." + refusal.code);
  }
  return text;
}

void PrintPlan(const report::PlanDocument& plan) {
  std::cout << "Development plan: " << plan.participant_name << " (" << plan.generated_on << ")\n";
  if (plan.goals.empty()) std::cout << "\nNo goals yet.\n";
  int n = 0;
  for (const auto& goal : plan.goals) {
    std::cout << "\nGoal " << ++n << ": " << goal.title << "\n";
    if (!goal.element.empty()) std::cout << "  Statement: " << goal.element << "\n";
    std::cout << "  From: " << goal.source << (goal.finding.empty() ? "" : " (" + goal.finding + ")") << "\n";
    if (!goal.detail.empty()) std::cout << "  Success looks like: " << goal.detail << "\n";
    for (const auto& action : goal.actions) {
      std::cout << "  - [" << action.status << "] " << action.kind << ": " << action.description;
      if (!action.owner.empty()) std::cout << "; " << action.owner;
      if (!action.due.empty()) std::cout << "; by " << action.due;
      if (!action.origin.empty()) std::cout << " (" << action.origin << ")";
      std::cout << "\n";
    }
  }
  if (!plan.reviews.empty()) std::cout << "\nReviews:\n";
  for (const auto& review : plan.reviews) {
    std::cout << "  " << review.held_on << ", " << review.by << ": " << review.comment << "\n";
  }
}

}  // namespace

bool PlanCommands::Chosen() const {
  for (const auto* command : {plan_show, plan_pdf, support_list, support_add, reminders}) {
    if (command != nullptr && command->parsed()) return true;
  }
  return false;
}

void AddPlanCommands(CLI::App& app, PlanCommands& commands) {
  auto* plan = app.add_subcommand("plan", "Development plans: show one, or write it as a PDF");
  plan->require_subcommand(1);
  commands.plan_show = plan->add_subcommand("show", "Print a person's development plan");
  commands.plan_show->add_option("EMAIL", commands.email, "Their email address")->required();
  commands.plan_pdf = plan->add_subcommand("pdf", "Write a person's development plan as a PDF");
  commands.plan_pdf->add_option("EMAIL", commands.email, "Their email address")->required();
  commands.plan_pdf->add_option("--out", commands.out, "The PDF file to write (readable by you only)")->required();

  auto* support = app.add_subcommand("support", "Mentors, coaches and line managers: list and add");
  support->require_subcommand(1);
  commands.support_list = support->add_subcommand("list", "List who supports a person");
  commands.support_list->add_option("EMAIL", commands.email, "Their email address")->required();
  commands.support_add = support->add_subcommand("add", "Make someone a person's mentor, coach or line manager");
  commands.support_add->add_option("EMAIL", commands.email, "The email address of the person supported")->required();
  commands.support_add->add_option("--supporter", commands.supporter, "The supporter's email address")->required();
  commands.support_add->add_option("--as", commands.kind, "mentor, coach or line-manager")
      ->required()
      ->check(CLI::IsMember({"mentor", "coach", "line-manager"}));
  commands.support_add->add_option("--from", commands.from, "The first day, YYYY-MM-DD")->required();
  commands.support_add->add_option("--until", commands.until, "The last day, YYYY-MM-DD (optional)");

  commands.reminders = app.add_subcommand(
      "reminders",
      "Queue the reminders that are due (actions falling due, appraisal reviews not held); each goes once");
  commands.reminders->add_option("--base-url", commands.base_url,
                                 "The address people use to reach LQF, for links (default: $LQF_PUBLIC_URL)");
}

int RunPlanCommand(const PlanCommands& commands, const std::string& db_path, const std::string& root) {
  try {
    const bool postgres = db_path.starts_with("postgresql://") || db_path.starts_with("postgres://");
    const auto db_file = db_path.starts_with("sqlite:") ? db_path.substr(db_path.find(':') + 1) : db_path;
    if (!postgres && !std::filesystem::exists(db_file)) {
      throw PlanCommandError("database " + db_path + " not found; create it with: lqf init --db " + db_path);
    }
    const web::Messages messages(std::filesystem::path(root) / "messages" / "en.json");
    store::ConnectionPool pool([&db_path] { return store::OpenDatabase(db_path); }, 1);
    app::SystemClock clock;
    store::Migrate(pool.Acquire(), clock.NowUtc());
    store::SqlFrameworkRepository frameworks(pool);
    app::FrameworkCatalog catalog(frameworks, clock);
    store::SqlAccountRepository accounts(pool);
    store::SqlFeedbackRepository feedback(pool);
    store::SqlPlanRepository plan_repository(pool);
    store::SqlSupportRepository support_repository(pool);
    app::Reports reports(feedback, accounts, catalog, clock);
    app::Plans plans(plan_repository, support_repository, accounts, catalog, reports, clock);
    app::Support support(support_repository, plan_repository, accounts, catalog, clock);
    const auto admin = app::CommandLineActor();

    if (commands.reminders->parsed()) {
      // Links in the emails must reach the real service, never a guess.
      std::string base_url = commands.base_url;
      if (base_url.empty()) {
        const char* env = std::getenv("LQF_PUBLIC_URL");
        base_url = env != nullptr ? env : "";
      }
      if (base_url.empty()) {
        throw PlanCommandError(
            "give --base-url (the address people use to reach LQF, for the links in the emails) "
            "or set LQF_PUBLIC_URL");
      }
      store::SqlOutboxRepository outbox(pool);
      app::Notifications notifications(outbox, clock, base_url, {});
      const auto queued = app::SendPlanReminders(support_repository, accounts, notifications, clock);
      std::cout << "Queued " << queued << (queued == 1 ? " reminder" : " reminders")
                << " (lqf serve sends what is queued)\n";
      return kExitOk;
    }
    const auto normalised = domain::NormaliseEmail(commands.email);
    const auto person = normalised ? accounts.FindPersonByEmail(*normalised) : std::nullopt;
    if (!person) throw PlanCommandError("no one has the email address " + commands.email);

    if (commands.support_add->parsed()) {
      auto added = support.AddRelationship(admin, person->id,
                                           {commands.supporter, commands.kind, commands.from, commands.until});
      if (!added.Ok()) throw PlanCommandError(Explain(messages, "support", added.refusals));
      std::string as(domain::SupportKindLabel(*domain::ParseSupportKind(commands.kind)));
      as[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(as[0])));  // "line manager"
      std::cout << "Added " << commands.supporter << " as " << person->name << "'s " << as << " from " << commands.from
                << " (relationship " << *added.value << ")\n";
      return kExitOk;
    }
    if (commands.support_list->parsed()) {
      auto list = support.SupportersOf(admin, person->id);
      if (!list.Ok()) throw PlanCommandError(Explain(messages, "support", list.refusals));
      if (list.value->empty()) std::cout << "Nobody supports " << person->name << " yet\n";
      for (const auto& r : *list.value) {
        std::cout << r.relationship.id << "  " << domain::SupportKindName(r.relationship.kind) << "  "
                  << r.supporter_name << "  from " << r.relationship.started_on
                  << (r.relationship.ended_on.empty() ? "" : " to " + r.relationship.ended_on)
                  << (r.relationship.shares_plan ? "  plan shared" : "") << "  " << r.sessions.size()
                  << (r.sessions.size() == 1 ? " session" : " sessions") << "\n";
      }
      return kExitOk;
    }
    auto plan = plans.PlanOf(admin, person->id);
    if (!plan.Ok()) throw PlanCommandError("no one has the email address " + commands.email);
    // Opened once there is a plan to write: a failure before leaves any file there as it was.
    std::optional<PrivateFile> file;
    if (commands.plan_pdf->parsed()) file.emplace(commands.out);
    const auto entry = catalog.Get("nlqf-2010");
    const auto doc = web::PlanDocumentOf(*plan.value, reports.ScoresAcrossCycles(admin, person->id),
                                         entry ? entry->framework.get() : nullptr);
    if (!file) {
      PrintPlan(doc);
      return kExitOk;
    }
    file->Write(report::PlanPdf(doc));
    std::cerr << "Wrote " << person->name << "'s development plan to " << commands.out
              << ". It is personal data: keep it safe.\n";
    return kExitOk;
  } catch (const std::exception& error) {
    std::cerr << "lqf: " << error.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace lqf::cli
