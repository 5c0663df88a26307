// The `lqf` subcommands. This file is the composition root for commands: it
// opens the store, builds the use cases and, for `serve`, the web server.

#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "app/accounts.hpp"
#include "app/background.hpp"
#include "app/demo.hpp"
#include "app/feedback.hpp"
#include "app/framework_catalog.hpp"
#include "app/housekeeping.hpp"
#include "app/mail.hpp"
#include "app/notifications.hpp"
#include "app/privacy.hpp"
#include "app/reports.hpp"
#include "app/secrets.hpp"
#include "cli/config_file.hpp"
#include "cli/copy_db_command.hpp"
#include "cli/plan_commands.hpp"
#include "cli/privacy_commands.hpp"
#include "domain/plans.hpp"
#include "interchange/framework_csv.hpp"
#include "interchange/framework_json.hpp"
#include "interchange/people_csv.hpp"
#include "mail/smtp_transport.hpp"
#include "report/json_report.hpp"
#include "report/pdf_report.hpp"
#include "report/xlsx_report.hpp"
#include "store/migrations.hpp"
#include "store/open_database.hpp"
#include "store/sql_account_repository.hpp"
#include "store/sql_feedback_repository.hpp"
#include "store/sql_framework_repository.hpp"
#include "store/sql_housekeeping_repository.hpp"
#include "store/sql_outbox_repository.hpp"
#include "store/sql_plan_repository.hpp"
#include "store/sql_privacy_repository.hpp"
#include "store/sql_support_repository.hpp"
#include "store/sqlite_database.hpp"
#include "web/http/server.hpp"
#include "web/messages.hpp"
#include "web/report_pages.hpp"
#include "web/web_app.hpp"

namespace lqf::cli {
namespace {

namespace fs = std::filesystem;

//! A failure the user can fix; its message is the one line we print.
class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : std::move(fallback);
}

//! Reads a file a person named, refusing what is not a readable regular file
//! or is larger than `limit`.
std::string ReadFile(const std::string& path, std::uintmax_t limit) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw CommandError("cannot read " + path + ": no such file");
  const auto size = fs::file_size(path, ec);
  if (ec) throw CommandError("cannot read " + path + ": " + ec.message());
  if (size > limit) {
    throw CommandError(path + " is too large: " + std::to_string(size) + " bytes, at most " + std::to_string(limit));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw CommandError("cannot read " + path);
  return text.str();
}

//! An open installation: the database, migrated, and the use cases over it.
//! `connections` is the most connections it opens at once (lqf serve: one per
//! serving thread and one for the background workers).
struct Installation {
  explicit Installation(const std::string& db_setting, std::size_t connections = 1)
      : pool([db_setting] { return store::OpenDatabase(db_setting); }, connections),
        repository(pool),
        catalog(repository, clock, std::chrono::seconds(1)),
        account_repository(pool),
        accounts(account_repository, clock),
        privacy_repository(pool),
        privacy(privacy_repository, account_repository, clock),
        feedback_repository(pool) {
    store::Migrate(pool.Acquire(), clock.NowUtc());
  }
  store::ConnectionPool pool;
  app::SystemClock clock;
  store::SqlFrameworkRepository repository;
  app::FrameworkCatalog catalog;
  store::SqlAccountRepository account_repository;
  app::Accounts accounts;
  store::SqlPrivacyRepository privacy_repository;
  app::Privacy privacy;
  store::SqlFeedbackRepository feedback_repository;
};

//! The refusals of a use case as one line of words from messages/en.json.
std::string Explain(const web::Messages& messages, std::string_view input, const std::vector<app::Refusal>& refusals) {
  std::string text;
  for (const auto& refusal : refusals) {
    if (!text.empty()) text += "; ";
    text += refusal.code == "forbidden" ? std::string("not allowed")
                                        : messages.Get(std::string(input) + "." + refusal.field + "." + refusal.code);
  }
  return text;
}

// The password every demo account shares. Demo data is for trying LQF out,
// never for real people.
constexpr std::string_view kDemoPassword = "demo-password-2026";

//! Feedback cycles with released results for the demo participants, so that
//! each has a report: Jo Bennett has two (spring 2025 and now, so her report
//! shows change), the cohort has enough released reports for a norm, Jo's
//! latest is coached and already released to her after a booked debrief, and
//! Marcus Reid's is coached and waits for the coach to release it.
void AddDemoCycles(Installation& installation) {
  auto& people = installation.account_repository;
  const auto find = [&](std::string_view email) { return people.FindPersonByEmail(email); };
  const auto jo = find("director@demo.lqf.test");
  if (!jo || !installation.feedback_repository.ListCycles(jo->id).empty()) return;  // made before
  const auto coach = find("coach@demo.lqf.test");
  struct Planned {
    std::string_view email;
    std::string title;
    std::string created_at;
    double strength;
    bool coached;
  };
  const std::vector<Planned> plan = {
      {"director@demo.lqf.test", "Spring 2025", "2025-04-14T09:00:00Z", 2.8, false},
      {"director@demo.lqf.test", "Autumn 2026", "", 3.3, true},
      {"aspirant@demo.lqf.test", "Autumn 2026", "", 3.0, true},
      {"newdirector@demo.lqf.test", "Autumn 2026", "", 3.5, false},
      {"director2@demo.lqf.test", "Autumn 2026", "", 3.1, false},
      {"director3@demo.lqf.test", "Autumn 2026", "", 3.6, false},
  };
  std::uint32_t seed = 2026;
  for (const auto& planned : plan) {
    const auto person = find(planned.email);
    if (!person) continue;
    app::DemoCycleSpec spec;
    spec.participant_id = person->id;
    spec.title = planned.title;
    spec.created_at = planned.created_at;
    spec.strength = planned.strength;
    spec.coached = planned.coached;
    spec.seed = ++seed;
    app::AddDemoCycle(installation.feedback_repository, installation.catalog, installation.clock, "nlqf-2010", spec);
  }
  // Jo's coach has booked her debrief for next week and released her report.
  for (const auto& cycle : installation.feedback_repository.ListCycles(jo->id)) {
    if (!cycle.coached_report) continue;
    const auto week = app::AddSeconds(installation.clock.NowUtc(), 7LL * 86400).substr(0, 10);
    installation.feedback_repository.ReleaseCoachedReport(
        cycle.id, week, coach ? std::optional<std::int64_t>(coach->id) : std::nullopt, installation.clock.NowUtc());
  }
  // And she has begun her development plan from its first blind spot.
  app::Reports reports(installation.feedback_repository, people, installation.catalog, installation.clock);
  const auto latest = installation.feedback_repository.ListCycles(jo->id);
  if (latest.empty()) return;
  auto report = reports.Open(app::CommandLineActor(), latest.front().id);
  if (!report.Ok() || report.value->report.blind_spots.empty()) return;
  const auto& first = report.value->report.statements.at(report.value->report.blind_spots.front().statement);
  auto goal = domain::GoalFromFinding(report.value->report, first.code, domain::GoalSource::kBlindSpot);
  if (!goal) return;
  goal->participant_id = jo->id;
  goal->source_cycle_id = latest.front().id;
  goal->detail = "Partners and my team would recognise it without being told.";
  store::SqlPlanRepository plans(installation.pool);
  const auto now = installation.clock.NowUtc();
  const auto goal_id = plans.AddGoal(*goal, jo->id, now);
  plans.AddAction(
      {0, goal_id, domain::ActionKind::kCoaching, "Talk it through at the debrief with my coach",
       "Me and Sam Whitfield", app::AddSeconds(now, 7LL * 86400).substr(0, 10), domain::ActionStatus::kPlanned, ""},
      jo->id, jo->id, now);
  plans.AddAction({0, goal_id, domain::ActionKind::kShadowing, "Shadow a peer director known for it, for two days",
                   "Me", app::AddSeconds(now, 90LL * 86400).substr(0, 10), domain::ActionStatus::kPlanned, ""},
                  jo->id, jo->id, now);
}

//! Who supports whom in the demo, and what they have done so far: Jo Bennett
//! has a coach (Sam Whitfield, one session held), a mentor (Owen Hughes, an
//! experienced director) and a line manager (Catherine Lloyd, her chief
//! executive), and shares her plan with coach and mentor; her last appraisal
//! year is signed off and this year's mid-year review is overdue. Helen
//! Price, newly appointed, is mentored by Aisha Khan and shares nothing.
void AddDemoSupport(Installation& installation) {
  auto& people = installation.account_repository;
  const auto find = [&](std::string_view email) { return people.FindPersonByEmail(email); };
  const auto jo = find("director@demo.lqf.test");
  const auto coach = find("coach@demo.lqf.test");
  const auto mentor = find("director3@demo.lqf.test");
  const auto ceo = find("ceo@demo.lqf.test");
  const auto helen = find("newdirector@demo.lqf.test");
  const auto aisha = find("director2@demo.lqf.test");
  if (!jo || !coach || !mentor || !ceo || !helen || !aisha) return;
  store::SqlSupportRepository support(installation.pool);
  if (!support.SupportersOf(jo->id).empty()) return;  // made before
  const auto now = installation.clock.NowUtc();
  const auto day = [&](long long days) { return app::AddSeconds(now, days * 86400).substr(0, 10); };
  const auto relate = [&](std::int64_t participant, std::int64_t supporter, domain::SupportKind kind, bool shares) {
    return support.AddRelationship({0, participant, supporter, kind, day(-200), "", shares, now}).value_or(0);
  };
  const auto coaching = relate(jo->id, coach->id, domain::SupportKind::kCoach, true);
  relate(jo->id, mentor->id, domain::SupportKind::kMentor, true);
  relate(jo->id, ceo->id, domain::SupportKind::kLineManager, false);
  relate(helen->id, aisha->id, domain::SupportKind::kMentor, false);
  support.AddSession({0,
                      coaching,
                      day(-30),
                      {"S4", "A2"},
                      "Talked through how Jo sets direction with partners; agreed to try saying the vision at every "
                      "partnership board.",
                      "Jo is more confident than she shows: push on visibility next time.",
                      ""},
                     std::nullopt, jo->id, coach->id, now);

  // Last year, signed off, with one objective only partly met...
  domain::Appraisal last{0, jo->id, ceo->id, day(-240 - 365), day(-241), "", "", ""};
  const auto last_id = support.AddAppraisal(last, {}, now).value_or(0);
  support.AddObjective({0, last_id, "S1", "Agree a shared vision for children with the health partners",
                        "Signed by the health and wellbeing board", std::nullopt, domain::ObjectiveOutcome::kMet});
  const auto partly =
      support.AddObjective({0, last_id, "A6", "Bring the three early help teams into one service",
                            "One service, one manager, by March", std::nullopt, domain::ObjectiveOutcome::kPartlyMet});
  support.AddReview({0, last_id, domain::ReviewKind::kMidYear, day(-240 - 183), "On track on both.", "Agreed.", ""},
                    now);
  support.AddReview({0, last_id, domain::ReviewKind::kYearEnd, day(-250),
                     "The vision is agreed; early help is two teams, not three.", "A fair summary.", ""},
                    now);
  support.Sign(last_id, true, now);
  support.Sign(last_id, false, now);
  // ...carried into this year, whose mid-year review is now overdue.
  auto carried = *support.FindObjective(partly);
  carried.carried_from = partly;
  const auto this_year =
      support.AddAppraisal({0, jo->id, ceo->id, day(-240), day(124), "", "", ""}, {carried}, now).value_or(0);
  support.AddObjective({0, this_year, "S4", "Lead the partnership through the new safeguarding arrangements",
                        "Partners say the arrangements are theirs too", std::nullopt, domain::ObjectiveOutcome::kOpen});
}

//! A small, believable installation: a programme body and its cohort, three
//! local authorities, and one person in each role.
void AddDemoData(Installation& installation, const web::Messages& messages) {
  auto admin = app::CommandLineActor();
  auto& accounts = installation.accounts;
  auto check = [&](const auto& outcome, std::string_view input) {
    if (!outcome.Ok() && outcome.refusals.front().code != "taken") {
      throw CommandError("demo data: " + Explain(messages, input, outcome.refusals));
    }
  };
  const std::string programme = "National Leadership Programme for Children's Services";
  check(accounts.AddOrganisation(admin, programme, "programme-body", ""), "organisation");
  check(accounts.AddOrganisation(admin, "Northshire County Council", "local-authority", "North West"), "organisation");
  check(accounts.AddOrganisation(admin, "Riverside Borough Council", "local-authority", "London"), "organisation");
  check(accounts.AddOrganisation(admin, "Eastmoor City Council", "local-authority", "Yorkshire and the Humber"),
        "organisation");
  check(accounts.AddCohort(admin, programme, "2026 cohort", 2026), "cohort");
  const std::vector<app::PersonInput> people = {
      {"Alex Morgan", "admin@demo.lqf.test", "", "LQF administrator", "", "administrator", ""},
      {"Priya Shah", "lead@demo.lqf.test", programme, "Programme lead", "", "programme-lead", "2026 cohort"},
      {"Tom Okafor", "hr@demo.lqf.test", "Northshire County Council", "HR business partner", "", "hr-adviser", ""},
      {"Ruth Ellis", "assessor@demo.lqf.test", programme, "Assessor", "", "assessor", "2026 cohort"},
      {"Sam Whitfield", "coach@demo.lqf.test", programme, "Executive coach", "", "coach", "2026 cohort"},
      {"Jo Bennett", "director@demo.lqf.test", "Northshire County Council", "Director of Children's Services",
       "education", "participant", "2026 cohort"},
      {"Marcus Reid", "aspirant@demo.lqf.test", "Riverside Borough Council",
       "Assistant Director, Children's Social Care", "social-care", "participant", "2026 cohort"},
      {"Helen Price", "newdirector@demo.lqf.test", "Eastmoor City Council", "Director of Children's Services", "health",
       "participant", "2026 cohort"},
      {"Aisha Khan", "director2@demo.lqf.test", "Riverside Borough Council", "Director of Children's Services",
       "social-care", "participant", "2026 cohort"},
      {"Owen Hughes", "director3@demo.lqf.test", "Eastmoor City Council", "Director of Children's Services",
       "education", "participant", "2026 cohort"},
      // Jo Bennett's line manager (an LQF participant in her own council, not the programme).
      {"Catherine Lloyd", "ceo@demo.lqf.test", "Northshire County Council", "Chief Executive", "", "participant", ""},
  };
  const auto hash = app::HashPassword(kDemoPassword);
  std::cout << "\nDemo sign-ins (password for all: " << kDemoPassword << "):\n";
  for (const auto& input : people) {
    check(accounts.AddPerson(admin, input), "person");
    if (auto person = installation.account_repository.FindPersonByEmail(input.email)) {
      installation.account_repository.SetPasswordHash(person->id, hash);
    }
    std::cout << "  " << input.email << "  (" << domain::RoleLabel(*domain::ParseRole(input.role)) << ")\n";
  }
  AddDemoCycles(installation);
  AddDemoSupport(installation);
}

//! True if the setting names an SQLite file ("lqf.db", "sqlite:lqf.db").
bool IsSqliteFile(const std::string& setting) {
  return !setting.starts_with("postgresql://") && !setting.starts_with("postgres://");
}

//! The file an SQLite setting names.
std::string SqlitePath(const std::string& setting) {
  if (setting.starts_with("sqlite://")) return setting.substr(9);
  if (setting.starts_with("sqlite:")) return setting.substr(7);
  return setting;
}

//! Opens an existing database (commands other than init never create one by
//! accident from a mistyped path).
std::unique_ptr<Installation> OpenExisting(const std::string& db_path, std::size_t connections = 1) {
  if (IsSqliteFile(db_path) && !fs::exists(SqlitePath(db_path))) {
    throw CommandError("database " + db_path + " not found; create it with: lqf init --db " + db_path);
  }
  return std::make_unique<Installation>(db_path, connections);
}

std::string Plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

void PrintProblems(const interchange::Problems& problems) {
  for (const auto& problem : problems) std::cerr << "  " << problem.ToString() << "\n";
}

//! Prints an import's outcome; returns false if it failed.
bool ReportImport(const std::string& file, const app::ImportResult& result) {
  switch (result.status) {
    case app::ImportStatus::kImported:
    case app::ImportStatus::kUnchanged:
      std::cout << result.message << "\n";
      return true;
    case app::ImportStatus::kInvalid:
      std::cerr << "lqf: " << file << ": " << result.message << ":\n";
      PrintProblems(result.problems);
      return false;
    case app::ImportStatus::kConflict:
      std::cerr << "lqf: " << file << ": " << result.message << "\n";
      return false;
  }
  return false;
}

//! The bundled framework files, in name order.
std::vector<fs::path> BundledFrameworks(const fs::path& root) {
  std::vector<fs::path> files;
  const auto dir = root / "data" / "frameworks";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) throw CommandError("bundled frameworks not found in " + dir.string() + " (set --root)");
  std::sort(files.begin(), files.end());
  return files;
}

void PrintTree(const domain::Framework& fw) {
  for (const auto& node : fw.nodes) {
    std::cout << std::string(static_cast<std::size_t>(node.depth) * 2, ' ') << node.code << "  "
              << (node.IsBranch() ? node.title : node.text);
    if (!node.IsBranch() && !node.scored) std::cout << "  [context, not scored]";
    std::cout << "\n";
  }
}

//! "127.0.0.1:8080" -> address and port.
std::pair<std::string, std::uint16_t> ParseListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw CLI::ValidationError("--listen", "expected HOST:PORT, e.g. 127.0.0.1:8080");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const auto port_text = listen.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(), ::isdigit) ||
      std::stoul(port_text) > 65535) {
    throw CLI::ValidationError("--listen", "the port must be a number from 0 to 65535");
  }
  return {host, static_cast<std::uint16_t>(std::stoul(port_text))};
}

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app{"LQF: the National Leadership Qualities Framework for Directors of Children's Services, as a service.",
               "lqf"};
  app.set_version_flag("--version", std::string("lqf ") + LQF_VERSION);
  app.require_subcommand(1);
  // Settings from a file are read first, so they become the defaults below.
  std::string config_path = ConfigPathFromArguments(argc, argv);
  app.add_option("--config", config_path, "A file of settings (LQF_SMTP_URL=..., one per line; see README)");
  // Lets --config follow the subcommand too ("lqf serve --config lqf.conf").
  app.fallthrough();
  if (!config_path.empty()) {
    if (auto problem = LoadConfigFile(config_path)) {
      std::cerr << "lqf: " << *problem << "\n";
      return kExitUsage;
    }
  }

  std::string db_path = EnvOr("LQF_DB", "lqf.db");
  std::string root = EnvOr("LQF_ROOT", LQF_SOURCE_ROOT);
  auto add_db = [&](CLI::App* cmd) {
    cmd->add_option(
        "--db", db_path,
        "Database: an SQLite file (PATH or sqlite:PATH) or postgresql://... (default: $LQF_DB or ./lqf.db)");
  };
  auto add_root = [&](CLI::App* cmd) {
    cmd->add_option("--root", root, "Folder holding data/, templates/, messages/ and public/")
        ->check(CLI::ExistingDirectory);
  };

  // lqf init
  bool demo = false;
  auto* init = app.add_subcommand("init", "Create the database and load the bundled frameworks");
  add_db(init);
  add_root(init);
  init->add_flag("--demo", demo, "Also add demo organisations and people (one per role) and print their sign-ins");

  // lqf org ..., lqf cohort ..., lqf user ...
  std::string name, kind, region, organisation, email, job_title, background, role = "participant", cohort;
  std::string base_url = "http://127.0.0.1:8080";
  int year = 0;
  auto* org = app.add_subcommand("org", "Organisations: add, list");
  org->require_subcommand(1);
  auto* org_add = org->add_subcommand("add", "Add a local authority or a programme body");
  org_add->add_option("NAME", name, "Its name")->required();
  org_add->add_option("--kind", kind, "local-authority or programme-body")->required();
  org_add->add_option("--region", region, "e.g. North West");
  auto* org_list = org->add_subcommand("list", "List organisations");
  auto* cohort_cmd = app.add_subcommand("cohort", "Cohorts: add");
  cohort_cmd->require_subcommand(1);
  auto* cohort_add = cohort_cmd->add_subcommand("add", "Add a cohort to a programme body");
  cohort_add->add_option("NAME", name, "The cohort's name")->required();
  cohort_add->add_option("--organisation", organisation, "The programme body's name")->required();
  cohort_add->add_option("--year", year, "Programme year")->required();
  auto* user = app.add_subcommand("user", "People: add, list, disable, enable");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add a person and print a link for them to set their password");
  user_add->add_option("--name", name, "Full name")->required();
  user_add->add_option("--email", email, "Email address")->required();
  user_add->add_option("--organisation", organisation, "Organisation name");
  user_add->add_option("--job-title", job_title, "Current role, e.g. Director of Children's Services");
  user_add->add_option("--background", background, "education, social-care, health or other");
  user_add->add_option("--role", role, "administrator, programme-lead, hr-adviser, assessor, coach or participant");
  user_add->add_option("--cohort", cohort, "Cohort name, for roles within one cohort");
  user_add->add_option("--base-url", base_url, "The address people use to reach LQF, for the link");
  auto* user_list = user->add_subcommand("list", "List people");
  std::string csv_file;
  auto* user_import = user->add_subcommand("import", "Add everyone in a CSV file, or no one if any line is wrong");
  user_import->add_option("FILE", csv_file, "CSV: name,email,organisation[,job_title,background,role,cohort]")
      ->required();
  auto* user_disable = user->add_subcommand("disable", "Disable a person and end their sessions");
  user_disable->add_option("EMAIL", email, "Their email address")->required();
  auto* user_enable = user->add_subcommand("enable", "Enable a disabled person");
  user_enable->add_option("EMAIL", email, "Their email address")->required();
  PrivacyCommands privacy_commands;
  AddPrivacyCommands(*user, privacy_commands);
  for (auto* cmd : {org_add, org_list, cohort_add, user_add, user_list, user_import, user_disable, user_enable,
                    privacy_commands.export_command, privacy_commands.erase_command}) {
    add_db(cmd);
  }

  // lqf plan ..., lqf support ..., lqf reminders
  PlanCommands plan_commands;
  AddPlanCommands(app, plan_commands);
  for (auto* cmd : {plan_commands.plan_show, plan_commands.plan_pdf, plan_commands.support_list,
                    plan_commands.support_add, plan_commands.reminders}) {
    add_db(cmd);
    add_root(cmd);
  }

  // lqf migrate
  bool migrate_status = false;
  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations");
  add_db(migrate);
  migrate->add_flag("--status", migrate_status, "List migrations and whether each is applied; change nothing");

  // lqf framework ...
  auto* framework = app.add_subcommand("framework", "Frameworks: list, show, validate, import, export");
  framework->require_subcommand(1);
  auto* fw_list = framework->add_subcommand("list", "List stored frameworks and their versions");
  std::string code, version, file, format = "json", out;
  auto* fw_show = framework->add_subcommand("show", "Print a framework's elements as a tree");
  fw_show->add_option("CODE", code, "Framework code, e.g. nlqf-2010")->required();
  fw_show->add_option("--version", version, "A stored version (default: the latest)");
  auto* fw_validate = framework->add_subcommand("validate", "Check a framework file and report every problem");
  fw_validate->add_option("FILE", file, "Framework file (JSON)")->required();
  auto* fw_import = framework->add_subcommand("import", "Validate and store a framework file");
  fw_import->add_option("FILE", file, "Framework file (JSON)")->required();
  auto* fw_export = framework->add_subcommand("export", "Write a stored framework as JSON or CSV");
  fw_export->add_option("CODE", code, "Framework code")->required();
  fw_export->add_option("--version", version, "A stored version (default: the latest)");
  fw_export->add_option("--format", format, "json or csv")->check(CLI::IsMember({"json", "csv"}));
  fw_export->add_option("--out", out, "Write to this file instead of standard output");
  for (auto* cmd : {fw_list, fw_show, fw_import, fw_export}) add_db(cmd);

  // lqf copy-db
  CopyDbCommand copy_db;
  AddCopyDbCommand(app, copy_db);

  // lqf demo
  app::DemoSpec demo_spec;
  std::string demo_links;
  auto* demo_cmd = app.add_subcommand(
      "demo",
      "Add a demonstration cohort: participants with feedback cycles on the whole framework, answered by "
      "themselves and raters in every group (for trying LQF out, and for benchmarks)");
  add_db(demo_cmd);
  demo_cmd->add_option("--participants", demo_spec.participants, "How many participants (default 10)")
      ->check(CLI::Range(1, app::kMaxDemoParticipants));
  demo_cmd
      ->add_option("--raters-per-group", demo_spec.raters_per_group,
                   "Raters in each group of several people (default 3)")
      ->check(CLI::Range(1, 20));
  demo_cmd->add_flag("--drafts", demo_spec.drafts,
                     "Leave raters' answers as complete drafts and the cycles open (to benchmark submitting)");
  demo_cmd->add_option("--links-out", demo_links,
                       "With --drafts: write each rater's link token to this file, one per line");
  demo_cmd->add_option("--seed", demo_spec.seed, "Seed for the made-up answers (default 2026)");

  // lqf report
  std::int64_t report_cycle = 0;
  std::string report_format = "pdf";
  std::string report_out;
  auto* report_cmd = app.add_subcommand(
      "report",
      "Write a cycle's feedback report (its last release) as PDF, XLSX, HTML or JSON; recorded in the audit log");
  add_db(report_cmd);
  add_root(report_cmd);
  report_cmd->add_option("cycle", report_cycle, "The cycle's number (as in its address, /cycles/N)")
      ->required()
      ->check(CLI::PositiveNumber);
  report_cmd->add_option("--format", report_format, "pdf, xlsx, html or json (default pdf)")
      ->check(CLI::IsMember({"pdf", "xlsx", "html", "json"}));
  report_cmd->add_option("--out", report_out, "The file to write (\"-\" for standard output)")->required();

  // lqf purge
  auto* purge = app.add_subcommand("purge",
                                   "Delete expired sessions, used or expired links, old throttling records "
                                   "and sent email older than a week (lqf serve does this hourly)");
  add_db(purge);

  // lqf serve
  std::string listen = "127.0.0.1:8080";
  unsigned threads = 1;
  bool quiet = false;
  auto* serve = app.add_subcommand("serve", "Run the web server");
  add_db(serve);
  add_root(serve);
  serve->add_option("--listen", listen, "Address and port, e.g. 127.0.0.1:8080 (port 0 picks a free one)");
  serve->add_option("--threads", threads, "Threads serving requests")->check(CLI::Range(1u, 64u));
  unsigned db_connections = 0;
  if (const auto env = EnvOr("LQF_DB_CONNECTIONS", ""); !env.empty()) {
    // Checked like the option: a wrong value stops the server at start-up.
    try {
      db_connections = static_cast<unsigned>(std::stoul(env));
    } catch (const std::exception&) {
      db_connections = ~0u;
    }
  }
  serve
      ->add_option("--db-connections", db_connections,
                   "Most database connections open at once (default: $LQF_DB_CONNECTIONS, else threads + 1)")
      ->check(CLI::Range(1u, static_cast<unsigned>(store::ConnectionPool::kMaxSize)));
  serve->add_flag("--no-access-log", quiet, "Do not log each request");
  bool secure_cookies = EnvOr("LQF_SECURE_COOKIES", "") == "1";
  serve->add_flag("--secure-cookies", secure_cookies, "Mark cookies Secure (when LQF is reached over HTTPS)");
  std::string trusted_proxy = EnvOr("LQF_TRUSTED_PROXY", "");
  serve->add_option("--trusted-proxy", trusted_proxy,
                    "Address of a reverse proxy in front of LQF; its X-Forwarded-For gives client addresses");
  std::string public_url = EnvOr("LQF_PUBLIC_URL", "");
  serve->add_option("--public-url", public_url,
                    "How people reach LQF, for links in emails (default: http://LISTEN; or $LQF_PUBLIC_URL)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }

  try {
    if (*init) {
      Installation installation(db_path);
      bool ok = true;
      for (const auto& path : BundledFrameworks(root)) {
        auto result = installation.catalog.Import(ReadFile(path.string(), interchange::kMaxFrameworkFileBytes));
        ok = ReportImport(path.string(), result) && ok;
      }
      if (!ok) return kExitFailure;
      if (demo) AddDemoData(installation, web::Messages(fs::path(root) / "messages" / "en.json"));
      std::cout << "Database ready: " << db_path << "\n";
      return kExitOk;
    }
    if (*migrate) {
      if (IsSqliteFile(db_path) && !fs::exists(SqlitePath(db_path))) {
        throw CommandError("database " + db_path + " not found; create it with: lqf init");
      }
      auto owned = store::OpenDatabase(db_path);
      auto& db = *owned;
      if (migrate_status) {
        for (const auto& state : store::MigrationStatus(db)) {
          std::cout << state.version << "  " << (state.applied_at.empty() ? "pending" : "applied " + state.applied_at)
                    << "  " << state.name << "\n";
        }
        return kExitOk;
      }
      app::SystemClock clock;
      const int applied = store::Migrate(db, clock.NowUtc());
      std::cout << (applied == 0 ? "Database is up to date" : "Applied " + Plural(applied, "migration", "migrations"))
                << "\n";
      return kExitOk;
    }
    if (*fw_validate) {
      auto parsed = interchange::ParseFramework(ReadFile(file, interchange::kMaxFrameworkFileBytes));
      if (!parsed.Ok()) {
        std::cerr << "lqf: " << file << " has " << Plural(parsed.problems.size(), "problem", "problems") << ":\n";
        PrintProblems(parsed.problems);
        return kExitFailure;
      }
      std::cout << file << " is valid: framework " << parsed.framework->code << " version " << parsed.framework->version
                << ", " << Plural(parsed.framework->nodes.size(), "element", "elements") << "\n";
      return kExitOk;
    }
    if (copy_db.Chosen()) return RunCopyDb(copy_db.from, copy_db.to);
    if (privacy_commands.Chosen()) return RunPrivacyCommand(privacy_commands, db_path);
    if (plan_commands.Chosen()) return RunPlanCommand(plan_commands, db_path, root);
    if (*purge) {
      auto installation = OpenExisting(db_path);
      store::SqlHousekeepingRepository housekeeping(installation->pool);
      const auto counts = app::PurgeExpired(housekeeping, installation->clock);
      std::cout << "Deleted " << Plural(counts.sessions, "session", "sessions") << ", "
                << Plural(counts.links, "password link", "password links") << ", "
                << Plural(counts.failures, "throttling record", "throttling records") << " and "
                << Plural(counts.emails, "sent email", "sent emails") << "\n";
      return kExitOk;
    }
    if (*org_add || *org_list || *cohort_add || *user_add || *user_list || *user_import || *user_disable ||
        *user_enable) {
      auto installation = OpenExisting(db_path);
      auto& accounts = installation->accounts;
      const web::Messages messages(fs::path(root) / "messages" / "en.json");
      const auto admin = app::CommandLineActor();
      if (*org_add) {
        auto outcome = accounts.AddOrganisation(admin, name, kind, region);
        if (!outcome.Ok()) throw CommandError(Explain(messages, "organisation", outcome.refusals));
        std::cout << "Added organisation " << name << "\n";
      } else if (*org_list) {
        const auto organisations = accounts.ListOrganisations(admin);
        for (const auto& o : *organisations.value) {
          std::cout << o.name << "  " << domain::OrganisationKindName(o.kind)
                    << (o.region.empty() ? "" : "  " + o.region) << "\n";
        }
      } else if (*cohort_add) {
        auto outcome = accounts.AddCohort(admin, organisation, name, year);
        if (!outcome.Ok()) throw CommandError(Explain(messages, "cohort", outcome.refusals));
        std::cout << "Added cohort " << name << "\n";
      } else if (*user_add) {
        auto outcome = accounts.AddPerson(admin, {name, email, organisation, job_title, background, role, cohort});
        if (!outcome.Ok()) throw CommandError(Explain(messages, "person", outcome.refusals));
        auto link = accounts.IssueSetPasswordLink(admin, *outcome.value);
        std::cout << "Added " << name << ". Send them this link to set their password (it works once, for "
                  << app::kSetPasswordLinkHours << " hours):\n  " << base_url << "/set-password?token=" << *link.value
                  << "\n";
      } else if (*user_import) {
        auto result = accounts.ImportPeople(admin, ReadFile(csv_file, interchange::kMaxPeopleCsvBytes + 1));
        if (!result.Ok()) {
          const auto lines = web::DescribeImport(messages, result);
          std::cerr << "lqf: " << csv_file << ": nobody was imported; " << Plural(lines.size(), "problem", "problems")
                    << ":\n";
          for (const auto& line : lines) std::cerr << "  " << line << "\n";
          return kExitFailure;
        }
        std::cout << "Imported " << Plural(result.ids.size(), "person", "people") << " from " << csv_file << "\n";
      } else if (*user_list) {
        const auto people = accounts.ListPeople(admin);
        for (const auto& p : *people.value) {
          std::string roles;
          for (const auto& g : p.grants) roles += (roles.empty() ? "" : ",") + std::string(domain::RoleName(g.role));
          std::cout << p.email << "  " << p.name << "  " << roles << (p.disabled ? "  disabled" : "") << "\n";
        }
      } else {
        auto person = installation->account_repository.FindPersonByEmail(domain::NormaliseEmail(email).value_or(email));
        if (!person) throw CommandError("no one has the email address " + email);
        const bool disable = user_disable->parsed();
        auto outcome = accounts.SetDisabled(admin, person->id, disable);
        if (!outcome.Ok()) throw CommandError(Explain(messages, "person", outcome.refusals));
        std::cout << (disable ? "Disabled " : "Enabled ") << person->email << "\n";
      }
      return kExitOk;
    }
    if (*fw_list || *fw_show || *fw_import || *fw_export) {
      auto installation = OpenExisting(db_path);
      auto& catalog = installation->catalog;
      if (*fw_import) {
        return ReportImport(file, catalog.Import(ReadFile(file, interchange::kMaxFrameworkFileBytes))) ? kExitOk
                                                                                                       : kExitFailure;
      }
      if (*fw_list) {
        for (const auto& entry : catalog.List()) {
          for (const auto& v : catalog.Versions(entry.framework->code)) {
            std::cout << v.framework->code << "  " << v.framework->version << (v.latest ? " (latest)" : "") << "  "
                      << v.framework->title << "\n";
          }
        }
        return kExitOk;
      }
      auto entry = catalog.Get(code, version);
      if (!entry) {
        throw CommandError(version.empty() ? "no framework has the code " + code + " (see: lqf framework list)"
                                           : "framework " + code + " has no version " + version);
      }
      if (*fw_show) {
        std::cout << entry->framework->title << " (" << entry->framework->code << " " << entry->framework->version
                  << ")\n";
        PrintTree(*entry->framework);
        return kExitOk;
      }
      const std::string text = format == "csv" ? interchange::WriteFrameworkCsv(*entry->framework)
                                               : interchange::WriteFrameworkJson(*entry->framework);
      if (out.empty()) {
        std::cout << text;
      } else {
        std::ofstream file_out(out, std::ios::binary | std::ios::trunc);
        file_out << text;
        if (!file_out.flush()) throw CommandError("cannot write " + out);
      }
      return kExitOk;
    }
    if (*report_cmd) {
      auto installation = OpenExisting(db_path);
      app::Reports reports(installation->feedback_repository, installation->account_repository, installation->catalog,
                           installation->clock);
      auto view = reports.Open(app::CommandLineActor(), report_cycle, report_format);
      if (!view.Ok()) {
        const auto& first = view.refusals.front();
        if (first.code == "not_released")
          throw CommandError("the results of cycle " + std::to_string(report_cycle) + " have not been released yet");
        throw CommandError("there is no cycle " + std::to_string(report_cycle));
      }
      const auto& report = view.value->report;
      std::string bytes;
      if (report_format == "pdf") {
        bytes = report::PdfReport(report);
      } else if (report_format == "xlsx") {
        bytes = report::XlsxReport(report);
      } else if (report_format == "json") {
        bytes = report::JsonReport(report) + "\n";
      } else {
        bytes = web::ReportDocument(web::Renderer(fs::path(root) / "templates"), report);
      }
      if (report_out == "-") {
        std::cout << bytes << std::flush;
      } else {
        std::ofstream file_out(report_out, std::ios::binary | std::ios::trunc);
        file_out << bytes;
        if (!file_out.flush()) throw CommandError("cannot write " + report_out);
        std::cout << "Wrote the report of cycle " << report_cycle << " for " << report.participant_name << " to "
                  << report_out << " (" << bytes.size() << " bytes)\n";
      }
      return kExitOk;
    }
    if (*demo_cmd) {
      if (!demo_links.empty() && !demo_spec.drafts) throw CommandError("--links-out needs --drafts");
      auto installation = OpenExisting(db_path);
      const auto result = app::GenerateDemoCohort(installation->account_repository, installation->feedback_repository,
                                                  installation->catalog, installation->clock, demo_spec);
      if (!demo_links.empty()) {
        // Each line opens a rater's answers: readable by this user only.
        std::ofstream links(demo_links, std::ios::trunc);
        fs::permissions(demo_links, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
        for (const auto& token : result.links) links << token << "\n";
        if (!links.flush()) throw CommandError("cannot write " + demo_links);
      }
      std::cout << "Added " << Plural(static_cast<std::size_t>(result.participants), "participant", "participants")
                << " to the " << demo_spec.cohort << ", each with a feedback cycle of " << result.questions
                << " statements; " << Plural(static_cast<std::size_t>(result.responses), "response", "responses")
                << (demo_spec.drafts ? " left as drafts" : " submitted") << "\n";
      return kExitOk;
    }
    if (*serve) {
      auto [host, port] = ParseListen(listen);
      if (db_connections == 0) db_connections = threads + 1;  // the background workers share one
      if (db_connections > store::ConnectionPool::kMaxSize) {
        throw CommandError("LQF_DB_CONNECTIONS must be a number from 1 to " +
                           std::to_string(store::ConnectionPool::kMaxSize));
      }
      auto installation = OpenExisting(db_path, db_connections);
      // Email: an outbox in the database and a worker, on its own thread,
      // that sends what is due over SMTP. Everything shares the one pool.
      store::SqlOutboxRepository outbox(installation->pool);
      mail::SmtpTransport transport(mail::SmtpSettingsFromEnvironment());
      app::OutboxSender sender(outbox, transport, installation->clock);
      app::OutboxWorker worker(sender);
      store::SqlHousekeepingRepository housekeeping(installation->pool);
      app::Notifications notifications(outbox, installation->clock,
                                       public_url.empty() ? "http://" + listen : public_url,
                                       [&worker] { worker.Wake(); });
      store::SqlFeedbackRepository feedback_repository(installation->pool);
      app::Feedback feedback(feedback_repository, installation->account_repository, installation->catalog,
                             notifications, installation->clock);
      // Scheduled jobs: every server runs them; each step is safe to repeat
      // and to run on two servers at once (statuses change only from the
      // state expected; a reminder's gap is checked against what is stored).
      app::PeriodicTask purger(
          "purge", [&] { app::PurgeExpired(housekeeping, installation->clock); }, std::chrono::hours(1));
      app::PeriodicTask feedback_schedule(
          "feedback schedule", [&] { feedback.RunSchedule(); }, std::chrono::minutes(15));
      app::Reports reports(feedback_repository, installation->account_repository, installation->catalog,
                           installation->clock);
      store::SqlPlanRepository plan_repository(installation->pool);
      store::SqlSupportRepository support_repository(installation->pool);
      app::Plans plans(plan_repository, support_repository, installation->account_repository, installation->catalog,
                       reports, installation->clock);
      app::Support support(support_repository, plan_repository, installation->account_repository, installation->catalog,
                           installation->clock);
      app::Appraisals appraisals(support_repository, installation->account_repository, installation->catalog,
                                 installation->clock);
      app::PeriodicTask plan_reminders(
          "plan reminders",
          [&] {
            app::SendPlanReminders(support_repository, installation->account_repository, notifications,
                                   installation->clock);
          },
          std::chrono::minutes(15));
      app::BackgroundTasks background;
      web::WebApp web_app({installation->catalog, installation->accounts, installation->privacy, feedback, reports,
                           plans, support, appraisals, notifications, background},
                          web::WebOptions{root, secure_cookies, trusted_proxy});
      http::ServerOptions options;
      options.address = host;
      options.port = port;
      options.threads = threads;
      options.access_log = !quiet;
      options.refusal = [&web_app](int status, const http::Request& head) { return web_app.Refused(status, head); };
      http::Server server(options, [&web_app](const http::Request& request) { return web_app.Handle(request); });
      const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
      std::cout << "Listening on http://" << shown_host << ":" << server.Port() << "/" << std::endl;
      server.Run(true);
      std::cout << "Stopped" << std::endl;
      return kExitOk;
    }
  } catch (const CLI::ValidationError& error) {
    std::cerr << "lqf: " << error.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& error) {
    std::cerr << "lqf: " << error.what() << "\n";
    return kExitFailure;
  }
  return kExitUsage;
}

}  // namespace lqf::cli
