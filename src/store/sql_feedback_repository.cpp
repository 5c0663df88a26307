#include "store/sql_feedback_repository.hpp"

#include <algorithm>
#include <map>

namespace lqf::store {
namespace {

constexpr std::string_view kCycleColumns =
    "SELECT id, participant_id, framework_code, framework_version, title, deadline, status, needs_approval, "
    "reminder_limit, reminder_gap_days, COALESCE(created_by, 0), created_at FROM cycles";

constexpr std::string_view kRaterColumns =
    "SELECT id, cycle_id, name, email, group_code, status, reminders_sent, COALESCE(last_sent_at, '') FROM raters";

//! A cycle's row, without its scope and groups (see Definition()).
domain::Cycle ReadCycleRow(const Query& row, int first = 0) {
  domain::Cycle cycle;
  cycle.id = row.Int(first + 0);
  cycle.participant_id = row.Int(first + 1);
  cycle.framework_code = row.Text(first + 2);
  cycle.framework_version = row.Text(first + 3);
  cycle.title = row.Text(first + 4);
  cycle.deadline = row.Text(first + 5);
  // A status this program does not know reads as closed: nothing more is accepted.
  cycle.status = domain::ParseCycleStatus(row.Text(first + 6)).value_or(domain::CycleStatus::kClosed);
  cycle.needs_approval = row.Int(first + 7) != 0;
  cycle.reminder_limit = static_cast<int>(row.Int(first + 8));
  cycle.reminder_gap_days = static_cast<int>(row.Int(first + 9));
  cycle.created_by = row.Int(first + 10);
  cycle.created_at = row.Text(first + 11);
  return cycle;
}

domain::Rater ReadRater(const Query& row) {
  domain::Rater rater;
  rater.id = row.Int(0);
  rater.cycle_id = row.Int(1);
  rater.name = row.Text(2);
  rater.email = row.Text(3);
  rater.group = row.Text(4);
  rater.status = domain::ParseRaterStatus(row.Text(5)).value_or(domain::RaterStatus::kDeclined);
  rater.reminders_sent = static_cast<int>(row.Int(6));
  rater.last_sent_at = row.Text(7);
  return rater;
}

std::string Name(domain::CycleStatus status) { return std::string(domain::CycleStatusName(status)); }
std::string Name(domain::RaterStatus status) { return std::string(domain::RaterStatusName(status)); }

//! Runs an UPDATE and tells whether it changed a row (RETURNING works on both engines).
bool Changed(Query& update) {
  bool changed = false;
  while (update.Step()) changed = true;
  return changed;
}

}  // namespace

std::int64_t SqlFeedbackRepository::AddCycle(const domain::Cycle& cycle, std::string_view now) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  Query insert(db,
               "INSERT INTO cycles (participant_id, framework_code, framework_version, title, deadline, status, "
               "needs_approval, reminder_limit, reminder_gap_days, created_by, created_at, status_changed_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  insert.Bind(1, cycle.participant_id)
      .Bind(2, cycle.framework_code)
      .Bind(3, cycle.framework_version)
      .Bind(4, cycle.title)
      .Bind(5, cycle.deadline)
      .Bind(6, Name(cycle.status))
      .Bind(7, std::int64_t{cycle.needs_approval ? 1 : 0})
      .Bind(8, std::int64_t{cycle.reminder_limit})
      .Bind(9, std::int64_t{cycle.reminder_gap_days})
      .Bind(10, cycle.created_by != 0 ? std::optional<std::int64_t>(cycle.created_by) : std::nullopt)
      .Bind(11, now)
      .Bind(12, now);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Run();
  Query element(db, "INSERT INTO cycle_elements (cycle_id, position, element_code) VALUES (?, ?, ?)");
  for (std::size_t i = 0; i < cycle.scope.size(); ++i) {
    element.Reset();
    element.Bind(1, id).Bind(2, static_cast<std::int64_t>(i)).Bind(3, cycle.scope[i]).Run();
  }
  Query group(db,
              "INSERT INTO cycle_groups (cycle_id, position, code, label, minimum, single_person, attributed) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < cycle.groups.size(); ++i) {
    const auto& g = cycle.groups[i];
    group.Reset();
    group.Bind(1, id)
        .Bind(2, static_cast<std::int64_t>(i))
        .Bind(3, g.code)
        .Bind(4, g.label)
        .Bind(5, std::int64_t{g.minimum})
        .Bind(6, std::int64_t{g.single_person ? 1 : 0})
        .Bind(7, std::int64_t{g.attributed ? 1 : 0})
        .Run();
  }
  if (cycle.coached_report) {
    Query coached(db, "INSERT INTO coached_reports (cycle_id) VALUES (?)");
    coached.Bind(1, id).Run();
  }
  transaction.Commit();
  return id;
}

domain::Cycle SqlFeedbackRepository::ReadCycle(Database& db, const Query& row) {
  auto cycle = ReadCycleRow(row);
  const auto definition = Definition(db, cycle);
  cycle.scope = definition->scope;
  cycle.groups = definition->groups;
  cycle.coached_report = definition->coached_report;
  return cycle;
}

std::shared_ptr<const SqlFeedbackRepository::CycleDefinition> SqlFeedbackRepository::Definition(
    Database& db, const domain::Cycle& cycle) {
  {
    std::lock_guard lock(definitions_mutex_);
    if (auto it = definitions_.find(cycle.id); it != definitions_.end() &&
                                               it->second->participant_id == cycle.participant_id &&
                                               it->second->created_at == cycle.created_at) {
      return it->second;
    }
  }
  auto definition = std::make_shared<CycleDefinition>();
  definition->participant_id = cycle.participant_id;
  definition->created_at = cycle.created_at;
  Query elements(db, "SELECT element_code FROM cycle_elements WHERE cycle_id = ? ORDER BY position");
  elements.Bind(1, cycle.id);
  while (elements.Step()) definition->scope.push_back(elements.Text(0));
  Query groups(db,
               "SELECT code, label, minimum, single_person, attributed FROM cycle_groups WHERE cycle_id = ? "
               "ORDER BY position");
  groups.Bind(1, cycle.id);
  while (groups.Step()) {
    definition->groups.push_back(
        {groups.Text(0), groups.Text(1), static_cast<int>(groups.Int(2)), groups.Int(3) != 0, groups.Int(4) != 0});
  }
  Query coached(db, "SELECT 1 FROM coached_reports WHERE cycle_id = ?");
  coached.Bind(1, cycle.id);
  definition->coached_report = coached.Step();
  coached.Run();
  std::lock_guard lock(definitions_mutex_);
  if (definitions_.size() >= kMaxCachedDefinitions) definitions_.clear();
  definitions_[cycle.id] = definition;
  return definition;
}

std::optional<domain::Cycle> SqlFeedbackRepository::FindCycle(std::int64_t cycle_id) {
  auto db = pool_.Acquire();
  Query query(db, std::string(kCycleColumns) + " WHERE id = ?");
  query.Bind(1, cycle_id);
  if (!query.Step()) return std::nullopt;
  return ReadCycle(db, query);
}

std::vector<domain::Cycle> SqlFeedbackRepository::ListCycles(std::int64_t participant_id) {
  auto db = pool_.Acquire();
  Query query(db, std::string(kCycleColumns) + " WHERE participant_id = ? ORDER BY created_at DESC, id DESC");
  query.Bind(1, participant_id);
  std::vector<domain::Cycle> cycles;
  while (query.Step()) cycles.push_back(ReadCycle(db, query));
  return cycles;
}

bool SqlFeedbackRepository::ChangeCycleStatus(std::int64_t cycle_id, domain::CycleStatus from, domain::CycleStatus to,
                                              std::string_view now) {
  auto db = pool_.Acquire();
  Query update(db, "UPDATE cycles SET status = ?, status_changed_at = ? WHERE id = ? AND status = ? RETURNING id");
  update.Bind(1, Name(to)).Bind(2, now).Bind(3, cycle_id).Bind(4, Name(from));
  return Changed(update);
}

std::vector<domain::Cycle> SqlFeedbackRepository::ListOpenCycles() {
  auto db = pool_.Acquire();
  Query query(db, std::string(kCycleColumns) + " WHERE status = ? ORDER BY id");
  query.Bind(1, Name(domain::CycleStatus::kOpen));
  std::vector<domain::Cycle> cycles;
  while (query.Step()) cycles.push_back(ReadCycle(db, query));
  return cycles;
}

bool SqlFeedbackRepository::SetDeadline(std::int64_t cycle_id, std::string_view deadline) {
  auto db = pool_.Acquire();
  Query update(db, "UPDATE cycles SET deadline = ? WHERE id = ? RETURNING id");
  update.Bind(1, deadline).Bind(2, cycle_id);
  return Changed(update);
}

std::optional<std::int64_t> SqlFeedbackRepository::AddRater(const domain::Rater& rater, std::string_view now) {
  auto db = pool_.Acquire();
  try {
    Query insert(db,
                 "INSERT INTO raters (cycle_id, name, email, group_code, status, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    insert.Bind(1, rater.cycle_id)
        .Bind(2, rater.name)
        .Bind(3, rater.email)
        .Bind(4, rater.group)
        .Bind(5, Name(domain::RaterStatus::kNominated))
        .Bind(6, now);
    insert.Step();
    const auto id = insert.Int(0);
    insert.Run();
    return id;
  } catch (const UniqueViolation&) {
    return std::nullopt;
  }
}

std::vector<domain::Rater> SqlFeedbackRepository::ListRaters(std::int64_t cycle_id) {
  auto db = pool_.Acquire();
  Query query(db, std::string(kRaterColumns) + " WHERE cycle_id = ? ORDER BY id");
  query.Bind(1, cycle_id);
  std::vector<domain::Rater> raters;
  while (query.Step()) raters.push_back(ReadRater(query));
  return raters;
}

bool SqlFeedbackRepository::RemoveRater(std::int64_t cycle_id, std::int64_t rater_id) {
  auto db = pool_.Acquire();
  Query remove(db, "DELETE FROM raters WHERE id = ? AND cycle_id = ? AND status = ? RETURNING id");
  remove.Bind(1, rater_id).Bind(2, cycle_id).Bind(3, Name(domain::RaterStatus::kNominated));
  return Changed(remove);
}

bool SqlFeedbackRepository::MarkInvited(std::int64_t rater_id, std::string_view access_hash, std::string_view now) {
  auto db = pool_.Acquire();
  // A new link replaces the old; a rater who has started keeps their status.
  Query update(db,
               "UPDATE raters SET access_hash = ?, last_sent_at = ?, "
               "status = CASE WHEN status = ? THEN ? ELSE status END "
               "WHERE id = ? AND status NOT IN (?, ?) RETURNING id");
  update.Bind(1, access_hash)
      .Bind(2, now)
      .Bind(3, Name(domain::RaterStatus::kNominated))
      .Bind(4, Name(domain::RaterStatus::kInvited))
      .Bind(5, rater_id)
      .Bind(6, Name(domain::RaterStatus::kSubmitted))
      .Bind(7, Name(domain::RaterStatus::kDeclined));
  return Changed(update);
}

void SqlFeedbackRepository::RecordReminder(std::int64_t rater_id, std::string_view now) {
  auto db = pool_.Acquire();
  Query update(db, "UPDATE raters SET reminders_sent = reminders_sent + 1, last_sent_at = ? WHERE id = ?");
  update.Bind(1, now).Bind(2, rater_id).Run();
}

std::optional<app::RaterAccess> SqlFeedbackRepository::FindRaterByAccess(std::string_view access_hash) {
  auto db = pool_.Acquire();
  // One query for what every page a rater opens needs: them, their cycle, and
  // the name of the person they are giving feedback on.
  Query query(db,
              "SELECT r.id, r.cycle_id, r.name, r.email, r.group_code, r.status, r.reminders_sent, "
              "COALESCE(r.last_sent_at, ''), "
              "c.id, c.participant_id, c.framework_code, c.framework_version, c.title, c.deadline, c.status, "
              "c.needs_approval, c.reminder_limit, c.reminder_gap_days, COALESCE(c.created_by, 0), c.created_at, "
              "p.name FROM raters r JOIN cycles c ON c.id = r.cycle_id JOIN people p ON p.id = c.participant_id "
              "WHERE r.access_hash = ?");
  query.Bind(1, access_hash);
  if (!query.Step()) return std::nullopt;
  app::RaterAccess access{ReadRater(query), ReadCycleRow(query, 8), query.Text(20)};
  query.Run();
  const auto definition = Definition(db, access.cycle);
  access.cycle.scope = definition->scope;
  access.cycle.groups = definition->groups;
  access.cycle.coached_report = definition->coached_report;
  return access;
}

namespace {

//! Saves, or submits, a response inside the caller's transaction. With no
//! `answers`, the saved answers are submitted as they are.
app::SaveOutcome SaveIn(Database& db, std::int64_t cycle_id, std::optional<std::int64_t> rater_id,
                        std::string_view response_key, std::string_view group,
                        const std::vector<domain::Answer>* answers, bool submit) {
  {
    Query status(db, "SELECT status FROM cycles WHERE id = ?");
    status.Bind(1, cycle_id);
    if (!status.Step()) return app::SaveOutcome::kNotOpen;
    // Raters answer while the cycle is open; the participant may rate
    // themself from the start, until it closes.
    const auto now_status = status.Text(0);
    if (rater_id ? now_status != Name(domain::CycleStatus::kOpen) : now_status == Name(domain::CycleStatus::kClosed)) {
      return app::SaveOutcome::kNotOpen;
    }
  }
  if (rater_id) {
    Query rater(db, "SELECT status FROM raters WHERE id = ? AND cycle_id = ?");
    rater.Bind(1, *rater_id).Bind(2, cycle_id);
    if (!rater.Step()) return app::SaveOutcome::kNotOpen;
    if (rater.Text(0) == Name(domain::RaterStatus::kDeclined)) return app::SaveOutcome::kDeclined;
  }
  {
    Query existing(db, "SELECT submitted FROM responses WHERE response_key = ?");
    existing.Bind(1, response_key);
    if (existing.Step()) {
      if (existing.Int(0) != 0) return app::SaveOutcome::kAlreadySubmitted;
    } else {
      Query insert(db, "INSERT INTO responses (response_key, cycle_id, group_code, submitted) VALUES (?, ?, ?, 0)");
      insert.Bind(1, response_key).Bind(2, cycle_id).Bind(3, group).Run();
    }
  }
  if (answers) {
    Query clear(db, "DELETE FROM answers WHERE response_key = ?");
    clear.Bind(1, response_key).Run();
    Query insert(db,
                 "INSERT INTO answers (answer_key, response_key, element_code, answered, rating, importance, comment) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& answer : *answers) {
      insert.Reset();
      insert.Bind(1, std::string(response_key) + "/" + answer.element)
          .Bind(2, response_key)
          .Bind(3, answer.element)
          .Bind(4, std::int64_t{answer.answered ? 1 : 0})
          .Bind(5, answer.rating ? std::optional<std::int64_t>(*answer.rating) : std::nullopt)
          .Bind(6, answer.importance ? std::optional<std::int64_t>(*answer.importance) : std::nullopt)
          .Bind(7, answer.comment)
          .Run();
    }
  }
  if (submit) {
    Query mark(db, "UPDATE responses SET submitted = 1 WHERE response_key = ?");
    mark.Bind(1, response_key).Run();
  }
  if (rater_id) {
    Query progress(db, "UPDATE raters SET status = ? WHERE id = ?");
    progress.Bind(1, Name(submit ? domain::RaterStatus::kSubmitted : domain::RaterStatus::kStarted))
        .Bind(2, *rater_id)
        .Run();
  }
  return submit ? app::SaveOutcome::kSubmitted : app::SaveOutcome::kSaved;
}

}  // namespace

app::SaveOutcome SqlFeedbackRepository::SaveResponse(std::int64_t cycle_id, std::optional<std::int64_t> rater_id,
                                                     std::string_view response_key, std::string_view group,
                                                     const std::vector<domain::Answer>& answers, bool submit) {
  // One transaction (shared with other writers arriving at the same moment):
  // the checks, the answers and the rater's new status are committed together
  // or not at all, so "Thank you" is shown only once the whole submission is
  // durable, and a retry finds it submitted.
  app::SaveOutcome outcome = app::SaveOutcome::kNotOpen;
  group_.Run([&](Database& db) { outcome = SaveIn(db, cycle_id, rater_id, response_key, group, &answers, submit); });
  return outcome;
}

app::SaveOutcome SqlFeedbackRepository::SubmitResponse(std::int64_t cycle_id, std::optional<std::int64_t> rater_id,
                                                       std::string_view response_key, std::string_view group) {
  app::SaveOutcome outcome = app::SaveOutcome::kNotOpen;
  group_.Run([&](Database& db) { outcome = SaveIn(db, cycle_id, rater_id, response_key, group, nullptr, true); });
  return outcome;
}

std::vector<app::SubmittedResponse> SqlFeedbackRepository::SubmittedResponses(std::int64_t cycle_id) {
  auto db = pool_.Acquire();
  std::vector<app::SubmittedResponse> responses;
  std::map<std::string, std::size_t> index;
  Query query(db,
              "SELECT r.response_key, r.group_code, a.element_code, a.answered, a.rating, a.importance, a.comment "
              "FROM responses r LEFT JOIN answers a ON a.response_key = r.response_key "
              "WHERE r.cycle_id = ? AND r.submitted = 1 ORDER BY r.response_key, a.element_code");
  query.Bind(1, cycle_id);
  while (query.Step()) {
    auto key = query.Text(0);
    auto [it, added] = index.emplace(key, responses.size());
    if (added) responses.push_back({key, query.Text(1), {}});
    if (!query.IsNull(2)) responses[it->second].answers.push_back(ReadAnswer(query, 2));
  }
  return responses;
}

std::optional<app::Release> SqlFeedbackRepository::LastRelease(std::int64_t cycle_id) {
  auto db = pool_.Acquire();
  Query last(db, "SELECT id, released_at FROM releases WHERE cycle_id = ? ORDER BY id DESC LIMIT 1");
  last.Bind(1, cycle_id);
  if (!last.Step()) return std::nullopt;
  app::Release release{last.Int(0), last.Text(1), {}};
  last.Run();
  Query keys(db, "SELECT response_key FROM release_responses WHERE release_id = ? ORDER BY response_key");
  keys.Bind(1, release.id);
  while (keys.Step()) release.response_keys.push_back(keys.Text(0));
  return release;
}

std::int64_t SqlFeedbackRepository::AddRelease(std::int64_t cycle_id, const std::vector<std::string>& response_keys,
                                               const std::vector<app::ReleaseMean>& means,
                                               std::optional<std::int64_t> released_by, std::string_view now) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  Query insert(db, "INSERT INTO releases (cycle_id, released_at, released_by) VALUES (?, ?, ?) RETURNING id");
  insert.Bind(1, cycle_id).Bind(2, now).Bind(3, released_by);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Run();
  Query key(db, "INSERT INTO release_responses (release_id, response_key) VALUES (?, ?)");
  for (const auto& response_key : response_keys) {
    key.Reset();
    key.Bind(1, id).Bind(2, response_key).Run();
  }
  Query mean(db, "INSERT INTO release_means (release_id, element_code, score_sum, responses) VALUES (?, ?, ?, ?)");
  for (const auto& m : means) {
    mean.Reset();
    mean.Bind(1, id).Bind(2, m.element).Bind(3, m.score_sum).Bind(4, std::int64_t{m.responses}).Run();
  }
  transaction.Commit();
  return id;
}

std::vector<std::vector<std::pair<std::string, double>>> SqlFeedbackRepository::CohortMeans(
    std::int64_t participant_id, std::string_view framework_code, std::string_view framework_version) {
  auto db = pool_.Acquire();
  // The cohorts where they take part, everyone taking part in those, each of
  // their cycles on this framework version, and its latest release's sums.
  Query query(db,
              "SELECT r.id, m.element_code, m.score_sum, m.responses FROM release_means m "
              "JOIN releases r ON r.id = m.release_id "
              "JOIN cycles c ON c.id = r.cycle_id "
              "WHERE c.framework_code = ? AND c.framework_version = ? "
              "AND r.id = (SELECT MAX(id) FROM releases WHERE cycle_id = c.id) "
              "AND c.participant_id IN (SELECT g.person_id FROM role_grants g WHERE g.role = 'participant' "
              "AND g.cohort_id IN (SELECT cohort_id FROM role_grants WHERE person_id = ? AND role = 'participant' "
              "AND cohort_id IS NOT NULL)) "
              "ORDER BY r.id, m.element_code");
  query.Bind(1, framework_code).Bind(2, framework_version).Bind(3, participant_id);
  std::vector<std::vector<std::pair<std::string, double>>> reports;
  std::int64_t current = -1;
  while (query.Step()) {
    const auto release = query.Int(0);
    if (release != current) {
      reports.emplace_back();
      current = release;
    }
    const auto responses = query.Int(3);
    if (responses > 0) {
      reports.back().emplace_back(query.Text(1), static_cast<double>(query.Int(2)) / static_cast<double>(responses));
    }
  }
  return reports;
}

std::vector<std::pair<std::string, double>> SqlFeedbackRepository::ReleaseMeans(std::int64_t release_id) {
  auto db = pool_.Acquire();
  Query query(db,
              "SELECT element_code, score_sum, responses FROM release_means WHERE release_id = ? AND responses > 0 "
              "ORDER BY element_code");
  query.Bind(1, release_id);
  std::vector<std::pair<std::string, double>> means;
  while (query.Step()) {
    means.emplace_back(query.Text(0), static_cast<double>(query.Int(1)) / static_cast<double>(query.Int(2)));
  }
  return means;
}

std::int64_t SqlFeedbackRepository::NewestReleaseId() {
  auto db = pool_.Acquire();
  Query query(db, "SELECT COALESCE(MAX(id), 0) FROM releases");
  query.Step();
  return query.Int(0);
}

std::optional<app::Debrief> SqlFeedbackRepository::FindDebrief(std::int64_t cycle_id) {
  auto db = pool_.Acquire();
  Query query(db, "SELECT COALESCE(debrief_on, ''), COALESCE(released_at, '') FROM coached_reports WHERE cycle_id = ?");
  query.Bind(1, cycle_id);
  if (!query.Step()) return std::nullopt;
  return app::Debrief{query.Text(0), query.Text(1)};
}

bool SqlFeedbackRepository::ReleaseCoachedReport(std::int64_t cycle_id, std::string_view debrief_on,
                                                 std::optional<std::int64_t> released_by, std::string_view now) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  Query update(db,
               "UPDATE coached_reports SET debrief_on = ?, released_at = ?, released_by = ? "
               "WHERE cycle_id = ? AND released_at IS NULL RETURNING id");
  update.Bind(1, debrief_on).Bind(2, now).Bind(3, released_by).Bind(4, cycle_id);
  const bool changed = Changed(update);
  transaction.Commit();
  return changed;
}

void SqlFeedbackRepository::SaveContextNotes(std::int64_t cycle_id, const std::vector<domain::ContextNote>& notes) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  Query clear(db, "DELETE FROM cycle_context_notes WHERE cycle_id = ?");
  clear.Bind(1, cycle_id).Run();
  Query insert(db, "INSERT INTO cycle_context_notes (cycle_id, issue_code, note) VALUES (?, ?, ?)");
  for (const auto& note : notes) {
    if (note.note.empty()) continue;
    insert.Reset();
    insert.Bind(1, cycle_id).Bind(2, note.issue).Bind(3, note.note).Run();
  }
  transaction.Commit();
}

std::vector<domain::ContextNote> SqlFeedbackRepository::LoadContextNotes(std::int64_t cycle_id) {
  auto db = pool_.Acquire();
  Query query(db, "SELECT issue_code, note FROM cycle_context_notes WHERE cycle_id = ? ORDER BY issue_code");
  query.Bind(1, cycle_id);
  std::vector<domain::ContextNote> notes;
  while (query.Step()) notes.push_back({query.Text(0), query.Text(1)});
  return notes;
}

domain::Answer ReadAnswer(const Query& row, int first) {
  domain::Answer answer;
  answer.element = row.Text(first);
  answer.answered = row.Int(first + 1) != 0;
  if (!row.IsNull(first + 2)) answer.rating = static_cast<int>(row.Int(first + 2));
  if (!row.IsNull(first + 3)) answer.importance = static_cast<int>(row.Int(first + 3));
  answer.comment = row.Text(first + 4);
  return answer;
}

std::vector<domain::Answer> LoadAnswers(Database& db, std::string_view response_key) {
  Query query(db,
              "SELECT element_code, answered, rating, importance, comment FROM answers WHERE response_key = ? "
              "ORDER BY element_code");
  query.Bind(1, response_key);
  std::vector<domain::Answer> answers;
  while (query.Step()) answers.push_back(ReadAnswer(query));
  return answers;
}

std::optional<app::StoredResponse> SqlFeedbackRepository::LoadResponse(std::string_view response_key) {
  auto db = pool_.Acquire();
  Query response(db, "SELECT group_code, submitted FROM responses WHERE response_key = ?");
  response.Bind(1, response_key);
  if (!response.Step()) return std::nullopt;
  app::StoredResponse stored{response.Text(0), response.Int(1) != 0, {}};
  response.Run();
  stored.answers = store::LoadAnswers(db, response_key);
  return stored;
}

void SqlFeedbackRepository::ReadTogether(const std::function<void()>& reads) {
  // The calls inside borrow this same connection (the pool is re-entrant).
  auto db = pool_.Acquire();
  ReadTransaction transaction(db);
  reads();
}

std::vector<domain::Answer> SqlFeedbackRepository::LoadAnswers(std::string_view response_key,
                                                               const std::vector<std::string>& elements) {
  if (elements.empty()) return {};
  // The codes between the page's first and last, in byte order (as
  // std::string compares them; PostgreSQL is told to compare so too), keeping
  // only the page's own. A page is one part of the framework, whose codes
  // share a prefix, so little else is read; an IN list would cost SQLite a
  // temporary table on every call.
  const auto [first, last] = std::minmax_element(elements.begin(), elements.end());
  auto db = pool_.Acquire();
  Query query(db, db->Kind() == Dialect::kPostgres
                      ? "SELECT element_code, answered, rating, importance, comment FROM answers "
                        "WHERE response_key = ? AND element_code COLLATE \"C\" BETWEEN ? AND ?"
                      : "SELECT element_code, answered, rating, importance, comment FROM answers "
                        "WHERE response_key = ? AND element_code BETWEEN ? AND ?");
  query.Bind(1, response_key).Bind(2, *first).Bind(3, *last);
  std::vector<domain::Answer> answers;
  while (query.Step()) {
    auto answer = ReadAnswer(query);
    if (std::find(elements.begin(), elements.end(), answer.element) != elements.end()) {
      answers.push_back(std::move(answer));
    }
  }
  std::sort(answers.begin(), answers.end(), [](const auto& a, const auto& b) { return a.element < b.element; });
  return answers;
}

bool SqlFeedbackRepository::Decline(std::int64_t rater_id, std::string_view response_key, std::string_view reason) {
  auto db = pool_.Acquire();
  Transaction transaction(db);
  Query update(db,
               "UPDATE raters SET status = ?, declined_reason = ? WHERE id = ? AND status NOT IN (?, ?) RETURNING id");
  update.Bind(1, Name(domain::RaterStatus::kDeclined))
      .Bind(2, reason)
      .Bind(3, rater_id)
      .Bind(4, Name(domain::RaterStatus::kSubmitted))
      .Bind(5, Name(domain::RaterStatus::kDeclined));
  if (!Changed(update)) return false;
  // A draft of a rater who declined is not an answer: it goes.
  Query answers(db, "DELETE FROM answers WHERE response_key = ?");
  answers.Bind(1, response_key).Run();
  Query response(db, "DELETE FROM responses WHERE response_key = ? AND submitted = 0");
  response.Bind(1, response_key).Run();
  transaction.Commit();
  return true;
}

}  // namespace lqf::store
