#include "app/privacy.hpp"

#include "interchange/pretty_json.hpp"

#include <boost/json.hpp>
#include <utility>

#include "app/secrets.hpp"

namespace lqf::app {
namespace {

namespace json = boost::json;
using domain::Action;

template <typename T>
Outcome<T> Refuse(std::string field, std::string code) {
  Outcome<T> outcome;
  outcome.refusals.push_back({std::move(field), std::move(code)});
  return outcome;
}

//! The target of an action on one person, as the access policy needs it.
domain::Target PersonTarget(std::int64_t person_id) {
  domain::Target target;
  target.person_id = person_id;
  return target;
}

json::value TextOrNull(const std::string& text) { return text.empty() ? json::value(nullptr) : json::value(text); }

json::value IdOrNull(const std::optional<std::int64_t>& id) { return id ? json::value(*id) : json::value(nullptr); }

//! The export document. Built from PersonData, which by construction holds no
//! secrets; this function adds none.
std::string ExportDocument(const PersonData& data, const std::string& generated_at, int failed_sign_ins) {
  json::object doc;
  doc["format"] = kPersonExportFormat;
  doc["generated_at"] = generated_at;

  json::object person;
  person["id"] = data.id;
  person["name"] = data.name;
  person["email"] = data.email;
  if (data.organisation_id) {
    person["organisation"] = json::object{{"id", *data.organisation_id}, {"name", data.organisation_name}};
  } else {
    person["organisation"] = nullptr;
  }
  person["job_title"] = data.job_title;
  person["background"] = data.background;
  person["disabled"] = !data.disabled_at.empty();
  person["disabled_at"] = TextOrNull(data.disabled_at);
  person["created_at"] = data.created_at;
  doc["profile"] = std::move(person);

  // Whether a password is set is all anyone needs; its hash is a secret.
  doc["password"] = json::object{{"set", data.password_set}};

  json::array grants;
  for (const auto& g : data.grants) {
    grants.push_back(json::object{{"role", g.role},
                                  {"scope", g.scope},
                                  {"scope_id", IdOrNull(g.scope_id)},
                                  {"scope_name", TextOrNull(g.scope_name)},
                                  {"granted_at", g.granted_at}});
  }
  doc["role_grants"] = std::move(grants);

  json::array sessions;
  for (const auto& s : data.sessions) {
    sessions.push_back(
        json::object{{"created_at", s.created_at}, {"last_seen_at", s.last_seen_at}, {"expires_at", s.expires_at}});
  }
  doc["sessions"] = std::move(sessions);

  json::array links;
  for (const auto& l : data.links) {
    links.push_back(json::object{{"purpose", l.purpose},
                                 {"created_at", l.created_at},
                                 {"expires_at", l.expires_at},
                                 {"used_at", TextOrNull(l.used_at)}});
  }
  doc["password_links"] = std::move(links);

  json::array emails;
  for (const auto& e : data.emails) {
    emails.push_back(
        json::object{{"subject", e.subject}, {"created_at", e.created_at}, {"sent_at", TextOrNull(e.sent_at)}});
  }
  doc["emails"] = std::move(emails);

  json::array cycles;
  for (const auto& c : data.cycles) {
    json::array raters;
    for (const auto& r : c.raters) {
      raters.push_back(json::object{{"name", r.name}, {"email", r.email}, {"group", r.group}});
    }
    json::array answers;
    for (const auto& a : c.self_answers) {
      answers.push_back(json::object{{"element", a.element},
                                     {"rating", a.rating ? json::value(*a.rating) : json::value(nullptr)},
                                     {"not_able_to_comment", a.answered && !a.rating},
                                     {"importance", a.importance ? json::value(*a.importance) : json::value(nullptr)},
                                     {"note", a.comment}});
    }
    json::array context;
    for (const auto& n : c.context) context.push_back(json::object{{"issue", n.issue}, {"note", n.note}});
    json::array released;
    for (const auto& at : c.releases) released.push_back(json::string(at));
    cycles.push_back(json::object{{"id", c.id},
                                  {"title", c.title},
                                  {"framework", c.framework},
                                  {"status", c.status},
                                  {"deadline", c.deadline},
                                  {"created_at", c.created_at},
                                  {"raters_asked", std::move(raters)},
                                  {"results_released_at", std::move(released)},
                                  {"report", json::object{{"coached", c.coached_report},
                                                          {"debrief_on", TextOrNull(c.debrief_on)},
                                                          {"released_to_you_at", TextOrNull(c.report_released_at)}}},
                                  {"self_assessment", json::object{{"submitted", c.self_submitted},
                                                                   {"answers", std::move(answers)},
                                                                   {"context_notes", std::move(context)}}}});
  }
  // Raters' answers about them are left out: one rater's answers, apart from
  // the others', are for nobody to see (reports show them combined).
  doc["feedback_cycles"] = std::move(cycles);

  json::array goals;
  for (const auto& g : data.goals) {
    json::array actions;
    for (const auto& a : data.actions) {
      if (a.goal_id != g.id) continue;
      actions.push_back(json::object{{"kind", domain::ActionKindName(a.kind)},
                                     {"description", a.description},
                                     {"owner", a.owner},
                                     {"due", TextOrNull(a.due)},
                                     {"status", domain::ActionStatusName(a.status)},
                                     {"updated_at", a.updated_at}});
    }
    // The files' details; the files themselves come from the plan page.
    json::array evidence;
    for (const auto& e : data.evidence) {
      if (e.goal_id != g.id) continue;
      json::value action = nullptr;
      for (const auto& a : data.actions) {
        if (e.action_id && a.id == *e.action_id) action = json::value(a.description);
      }
      evidence.push_back(json::object{{"file_name", e.file_name},
                                      {"content_type", e.content_type},
                                      {"size_bytes", e.size_bytes},
                                      {"sha256", e.sha256},
                                      {"uploaded_at", e.uploaded_at},
                                      {"action", std::move(action)}});
    }
    goals.push_back(json::object{{"statement", TextOrNull(g.element)},
                                 {"title", g.title},
                                 {"detail", g.detail},
                                 {"from", domain::GoalSourceName(g.source)},
                                 {"finding", TextOrNull(g.finding)},
                                 {"created_at", g.created_at},
                                 {"actions", std::move(actions)},
                                 {"evidence", std::move(evidence)}});
  }
  doc["development_plan"] = std::move(goals);
  json::array reviews;
  for (const auto& r : data.plan_reviews) {
    reviews.push_back(json::object{{"held_on", r.held_on},
                                   {"reviewer_person_id", IdOrNull(r.reviewer_id)},
                                   {"comment", r.comment},
                                   {"created_at", r.created_at}});
  }
  doc["development_plan_reviews"] = std::move(reviews);

  const auto relationships = [](const std::vector<SupportExport>& list, std::string_view other, bool notes) {
    json::array out;
    for (const auto& e : list) {
      json::array sessions;
      for (const auto& s : e.sessions) {
        json::array themes;
        for (const auto& t : s.themes) themes.emplace_back(t);
        json::object session{{"held_on", s.held_on}, {"themes", std::move(themes)}, {"record", s.summary}};
        if (notes) session["your_private_note"] = TextOrNull(s.private_note);
        sessions.push_back(std::move(session));
      }
      out.push_back(json::object{{"as", domain::SupportKindName(e.relationship.kind)},
                                 {other, e.other_name},
                                 {"started_on", e.relationship.started_on},
                                 {"ended_on", TextOrNull(e.relationship.ended_on)},
                                 {"plan_shared", e.relationship.shares_plan},
                                 {"sessions", std::move(sessions)}});
    }
    return out;
  };
  doc["supported_by"] = relationships(data.supported_by, "supporter", false);
  doc["supporting"] = relationships(data.supporting, "participant", !data.private_notes_withheld);
  if (data.private_notes_withheld) {
    doc["supporting_private_notes"] =
        "Left out: private notes are given only to the person who wrote them, in the export they ask for themselves.";
  }

  json::array appraisals;
  for (const auto& a : data.appraisals) {
    json::array objectives;
    for (const auto& o : a.objectives) {
      objectives.push_back(json::object{{"statement", TextOrNull(o.element)},
                                        {"title", o.title},
                                        {"measure", o.measure},
                                        {"carried_forward", o.carried_from.has_value()},
                                        {"outcome", domain::ObjectiveOutcomeName(o.outcome)}});
    }
    json::array held;
    for (const auto& r : a.reviews) {
      held.push_back(json::object{{"kind", domain::ReviewKindName(r.kind)},
                                  {"held_on", r.held_on},
                                  {"manager_comment", r.manager_comment},
                                  {"your_comment", TextOrNull(r.participant_comment)}});
    }
    appraisals.push_back(json::object{{"period_start", a.appraisal.period_start},
                                      {"period_end", a.appraisal.period_end},
                                      {"line_manager", a.manager_name},
                                      {"you_signed_at", TextOrNull(a.appraisal.participant_signed_at)},
                                      {"manager_signed_at", TextOrNull(a.appraisal.manager_signed_at)},
                                      {"objectives", std::move(objectives)},
                                      {"reviews", std::move(held)}});
  }
  doc["appraisals"] = std::move(appraisals);

  // Kept under a hash of the email address for kThrottleWindowMinutes' use.
  doc["failed_sign_ins_recorded"] = failed_sign_ins;

  json::array audit;
  for (const auto& entry : data.audit) {
    json::object e{{"at", entry.at},
                   {"action", entry.action},
                   {"actor_person_id", IdOrNull(entry.actor_person_id)},
                   {"subject_person_id", IdOrNull(entry.subject_person_id)},
                   {"organisation_id", IdOrNull(entry.organisation_id)},
                   {"detail", entry.detail}};
    audit.push_back(std::move(e));
  }
  doc["audit_log"] = std::move(audit);

  // Indented: the file is for a person to read, not only for a machine.
  return interchange::PrettyJson(doc);
}

}  // namespace

std::string ErasedEmail(std::int64_t person_id) { return "erased-" + std::to_string(person_id) + "@erased.invalid"; }

std::string SignInSubjectForEmail(std::string_view normalised_email) {
  return "account:" + TokenHash(normalised_email);
}

Privacy::Privacy(PrivacyRepository& repository, AccountRepository& accounts, Clock& clock)
    : repository_(repository), accounts_(accounts), clock_(clock) {}

Outcome<std::string> Privacy::ExportPersonData(const domain::Actor& actor, std::int64_t person_id) {
  // Checked before looking the person up, so a refusal says nothing about
  // whether an id exists.
  if (!domain::IsAllowed(actor, Action::kExportPersonData, PersonTarget(person_id))) {
    return Refuse<std::string>("", "forbidden");
  }
  auto data = repository_.LoadPersonData(person_id);
  if (!data) return Refuse<std::string>("person", "not_found");
  if (actor.person_id != person_id) {
    // A supporter's private notes are theirs alone: they reach an export only
    // when the supporter asks for their own (an administrator's export for
    // them, e.g. to answer a request, says they were left out).
    for (auto& e : data->supporting) {
      for (auto& session : e.sessions) session.private_note.clear();
    }
    data->private_notes_withheld = !data->supporting.empty();
  }
  const auto now = clock_.NowUtc();
  const int failures = accounts_.CountSignInFailures(SignInSubjectForEmail(data->email), "");
  auto document = ExportDocument(*data, now, failures);

  AuditEntry entry;
  entry.at = now;
  if (actor.person_id > 0) entry.actor_person_id = actor.person_id;
  entry.action = "person-data-exported";
  entry.subject_person_id = person_id;
  accounts_.Audit(entry);
  return {std::move(document), {}};
}

Outcome<domain::Person> Privacy::PersonToErase(const domain::Actor& actor, std::int64_t person_id) {
  if (!domain::IsAllowed(actor, Action::kErasePerson, PersonTarget(person_id))) {
    return Refuse<domain::Person>("", "forbidden");
  }
  // An administrator erasing themself would lock themself out mid-request and
  // could leave the installation with nobody to run it.
  if (actor.person_id == person_id) return Refuse<domain::Person>("person", "self");
  auto person = accounts_.FindPerson(person_id);
  if (!person) return Refuse<domain::Person>("person", "not_found");
  return {std::move(person), {}};
}

Outcome<bool> Privacy::ErasePerson(const domain::Actor& actor, std::int64_t person_id) {
  if (!domain::IsAllowed(actor, Action::kErasePerson, PersonTarget(person_id))) return Refuse<bool>("", "forbidden");
  if (actor.person_id == person_id) return Refuse<bool>("person", "self");

  ErasureRequest request;
  request.person_id = person_id;
  request.now = clock_.NowUtc();
  // Not found here may mean erased before: the repository tells the two apart.
  if (auto person = accounts_.FindPerson(person_id)) request.sign_in_subject = SignInSubjectForEmail(person->email);
  request.record.at = request.now;
  if (actor.person_id > 0) request.record.actor_person_id = actor.person_id;
  request.record.action = "person-erased";
  request.record.subject_person_id = person_id;

  switch (repository_.ErasePerson(request)) {
    case ErasureResult::kErased:
      return {true, {}};
    case ErasureResult::kAlreadyErased:
      return {false, {}};
    case ErasureResult::kNotFound:
      break;
  }
  return Refuse<bool>("person", "not_found");
}

}  // namespace lqf::app
