// 360-degree feedback pages: the questionnaire a rater opens from their email
// (no account: the link is their key), the participant's own questionnaire,
// and the pages where a participant or their programme lead runs a cycle.
// Each POST has passed the CSRF check in routes.cpp before it gets here.

#include <algorithm>
#include <charconv>
#include <map>

#include "app/feedback.hpp"
#include "web/handlers.hpp"
#include "web/query.hpp"
#include "web/questionnaire.hpp"

namespace lqf::web {
namespace {

http::Response PrivatePage(int status, std::string body) {
  auto response = HtmlResponse(status, std::move(body));
  // Answers and links are one person's: never kept by a browser or proxy.
  response.Set("Cache-Control", "no-store");
  return response;
}

//! A page that only says something ("Thank you", "This link does not work").
http::Response MessagePage(Context& ctx, const Call& call, int status, const std::string& title,
                           const std::vector<std::string>& paragraphs, bool success = false,
                           const std::string& link_href = {}, const std::string& link_text = {}) {
  View view;
  view.set("title", title);
  view.set("success", success);
  View list = ViewList();
  for (const auto& text : paragraphs) {
    View p;
    p.set("text", text);
    list.push_back(p);
  }
  view.set("paragraphs", list);
  view.set("has_link", !link_href.empty());
  view.set("link_href", link_href);
  view.set("link_text", link_text);
  return PrivatePage(status, ctx.renderer.Page("feedback_message", view, LayoutView(ctx, call, title)));
}

// ---------------------------------------------------------------------------
// Raters.

std::string TokenOf(const Call& call) {
  return call.request.method == "POST" ? call.Field("t") : QueryValue(call.request, "t");
}

http::Response UnknownLink(Context& ctx, const Call& call) {
  return MessagePage(ctx, call, 404, "This link does not work",
                     {"Check that you copied the whole link from the email. If it came in a reminder, use the newest "
                      "email: a new link replaces the one before.",
                      "If it still does not work, ask the person who asked for your feedback to send it again."});
}

//! The page a rater sees when their link can no longer take answers.
http::Response NotOpen(Context& ctx, const Call& call, const app::RaterView& view) {
  if (view.status == domain::RaterStatus::kSubmitted) {
    return MessagePage(ctx, call, 200, "You have given your feedback",
                       {"Thank you. Your answers have been saved and cannot be changed now."}, true);
  }
  if (view.status == domain::RaterStatus::kDeclined) {
    return MessagePage(ctx, call, 200, "You have declined to give feedback",
                       {"We will not send you reminders about this request."});
  }
  return MessagePage(ctx, call, 410, "This request for feedback has closed",
                     {"The deadline has passed or the request was closed, so answers can no longer be given. "
                      "Nothing you had saved has been shared apart from what was already submitted."});
}

//! One person's questionnaire: a rater's (reached by their link) or the
//! participant's own. Both are the same pages with different addresses.
struct QuestionnaireForm {
  std::string token;            //!< a rater's link token, sent back with each form; empty for the participant
  std::string participant;      //!< whom the feedback is about ("yourself" for the participant)
  std::string save_action;      //!< where a page's form goes
  std::string submit_action;    //!< where the check page's form goes
  std::string page_href;        //!< a page's address, to which its number is added
  std::string start_href;       //!< "Back" from the first page
  bool self = false;            //!< importance ratings and evidence notes
  std::size_t extra_pages = 0;  //!< pages after the statements (the context questions)
};

QuestionnaireForm RaterForm(const std::string& token, const app::RaterView& view) {
  const auto link = "/feedback?t=" + token;
  return {token, view.participant_name, "/feedback", "/feedback/submit", link + "&page=", link, false, 0};
}

QuestionnaireForm SelfForm(const app::SelfView& view) {
  const auto base = "/cycles/" + std::to_string(view.cycle.id) + "/self";
  return {{},
          "yourself",
          base,
          base + "/submit",
          base + "?page=",
          "/cycles/" + std::to_string(view.cycle.id),
          true,
          view.context.empty() ? 0u : 1u};
}

//! The texts of a page of questions that change from one request to the next.
enum QuestionsPageText : std::size_t {
  kCsrfText,
  kTokenText,
  kParticipantText,
  kActionText,
  kPageText,
  kPageCountText,
  kSectionText,
  kBackText,
  kTitleText,
  kTextCount
};

//! The template data of a page of questions.
View QuestionsPageView(const std::vector<std::string>& texts, bool is_last, std::string questions_html,
                       const Errors& errors) {
  View v;
  v.set("csrf_token", texts[kCsrfText]);
  v.set("token", texts[kTokenText]);
  v.set("participant", texts[kParticipantText]);
  v.set("action", texts[kActionText]);
  v.set("page", texts[kPageText]);
  v.set("page_count", texts[kPageCountText]);
  v.set("section_title", texts[kSectionText]);
  v.set("back_href", texts[kBackText]);
  v.set("questions_html", std::move(questions_html));
  v.set("is_last", is_last);
  v.set("save_label", "Save and come back later");
  SetErrors(v, errors);
  return v;
}

//! Page `page` of the statements (1-based).
http::Response RenderQuestionsPage(Context& ctx, const Call& call, const QuestionnaireForm& form,
                                   const domain::Framework& framework, const std::vector<Section>& sections,
                                   std::size_t page, const std::vector<domain::Answer>& answers, const Errors& errors,
                                   int status) {
  http::Response cookies;
  const auto& section = sections[page - 1];
  const bool is_last = page == sections.size() + form.extra_pages;
  std::vector<std::string> texts(kTextCount);
  texts[kCsrfText] = EnsureCsrfCookie(ctx, call, cookies);
  texts[kTokenText] = form.token;
  texts[kParticipantText] = form.participant;
  texts[kActionText] = form.save_action;
  texts[kPageText] = std::to_string(page);
  texts[kPageCountText] = std::to_string(sections.size() + form.extra_pages);
  texts[kSectionText] = section.title;
  texts[kBackText] = page > 1 ? form.page_href + std::to_string(page - 1) : form.start_href;
  texts[kTitleText] = (errors.empty() ? "" : "Error: ") + section.title;
  std::string body;
  if (errors.empty()) {
    // The page a rater opens again and again: made once as a stencil (per
    // navigation, address and what its sections test) and a skeleton of its
    // questions, then filled in with this request's texts and answers.
    const auto key = "questionnaire|" + NavVariant(call) + "|" + call.request.path + (is_last ? "|last" : "|") +
                     (form.token.empty() ? "|self" : "|rater");
    const auto stencil = ctx.prepared.stencils.Get(key, [&] {
      std::vector<std::string> markers;
      for (std::size_t i = 0; i < kTextCount; ++i) markers.push_back(Stencil::Field(i));
      return Stencil(ctx.renderer.Page("questionnaire",
                                       QuestionsPageView(markers, is_last, std::string(Stencil::kSlot), {}),
                                       LayoutView(ctx, call, markers[kTitleText])));
    });
    const auto skeleton = Skeleton(ctx.renderer, ctx.prepared, framework, section, form.self);
    body.reserve(stencil->Size() + skeleton->html.size() + 4096);
    const std::vector<std::string_view> values(texts.begin(), texts.end());
    stencil->Fill(body, values, [&](std::string& out) { FillQuestions(out, *skeleton, section, answers, form.self); });
  } else {
    body = ctx.renderer.Page(
        "questionnaire",
        QuestionsPageView(texts, is_last, RenderQuestions(ctx.renderer, framework, section, answers, form.self, errors),
                          errors),
        LayoutView(ctx, call, texts[kTitleText]));
  }
  auto response = PrivatePage(status, std::move(body));
  for (auto& header : cookies.headers) response.headers.push_back(std::move(header));
  return response;
}

//! "Check your answers", with `rows` (CheckRows and any more).
http::Response RenderCheckPage(Context& ctx, const Call& call, const QuestionnaireForm& form, const View& rows,
                               const Errors& errors, int status) {
  http::Response cookies;
  View v;
  v.set("csrf_token", EnsureCsrfCookie(ctx, call, cookies));
  v.set("token", form.token);
  v.set("participant", form.participant);
  v.set("action", form.submit_action);
  v.set("sections", rows);
  v.set("self", form.self);
  SetErrors(v, errors);
  auto response = PrivatePage(
      status,
      ctx.renderer.Page("check_answers", v,
                        LayoutView(ctx, call, (errors.empty() ? "" : "Error: ") + std::string("Check your answers"))));
  for (auto& header : cookies.headers) response.headers.push_back(std::move(header));
  return response;
}

http::Response RenderRaterPage(Context& ctx, const Call& call, const std::string& token, const app::RaterView& view,
                               std::size_t page, const std::vector<domain::Answer>& answers, const Errors& errors,
                               int status) {
  return RenderQuestionsPage(ctx, call, RaterForm(token, view), *view.framework,
                             Sections(*view.framework, view.cycle.scope), page, answers, errors, status);
}

http::Response RenderRaterCheck(Context& ctx, const Call& call, const std::string& token, const app::RaterView& view,
                                const Errors& errors, int status) {
  const auto form = RaterForm(token, view);
  const auto rows =
      CheckRows(*view.framework, Sections(*view.framework, view.cycle.scope), view.answers, form.page_href);
  return RenderCheckPage(ctx, call, form, rows, errors, status);
}

}  // namespace

http::Response RaterPage(Context& ctx, const Call& call) {
  const auto query = ParseQuery(call.request.query).value_or(std::map<std::string, std::string>{});
  const auto value = [&query](const std::string& name) {
    const auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  };
  const auto token = value("t");
  const bool check = value("check") == "1";
  const auto page_text = value("page");
  std::shared_ptr<const CyclePages> pages;
  std::size_t page = 0;
  // A page of questions reads only that page's answers: the link opened from
  // an email, and every page after, must come at once.
  const auto page_answers = [&](const app::RaterView& opened) {
    pages = CycleSections(ctx.prepared, opened.framework, opened.cycle);
    page = PageNumber(page_text, pages->sections.size());
    std::vector<std::string> elements;
    if (page == 0) return opened.cycle.scope;  // no such page: the start page, which asks whether any were given
    for (const auto* node : pages->sections[page - 1].elements) elements.push_back(node->code);
    return elements;
  };
  auto view = ctx.feedback.OpenLink(token, check || page_text.empty() ? app::AnswersWanted() : page_answers);
  if (!view) return UnknownLink(ctx, call);
  if (!view->open) return NotOpen(ctx, call, *view);
  if (check) return RenderRaterCheck(ctx, call, token, *view, {}, 200);
  if (!pages) pages = CycleSections(ctx.prepared, view->framework, view->cycle);
  const auto& sections = pages->sections;
  if (page != 0) {
    return RenderQuestionsPage(ctx, call, RaterForm(token, *view), *view->framework, sections, page, view->answers, {},
                               200);
  }
  // The start page: who asks, how answers are shown, the scale.
  http::Response cookies;
  View v;
  v.set("token", token);
  v.set("participant", view->participant_name);
  v.set("rater_name", view->rater_name);
  v.set("group_label", view->group_label);
  v.set("attributed", view->attributed);
  v.set("minimum", std::to_string(view->minimum));
  v.set("deadline", view->cycle.deadline);
  v.set("question_count", std::to_string(view->cycle.scope.size()));
  v.set("page_count", std::to_string(sections.size()) + (sections.size() == 1 ? " page" : " pages"));
  v.set("started", !view->answers.empty());
  View scale = ViewList();
  if (const auto* proficiency = view->framework->FindScale(domain::ScalePurpose::kProficiency)) {
    for (const auto& point : proficiency->points) {
      View p;
      p.set("label", std::to_string(point.value) + " " + point.label);
      p.set("description", point.description);
      scale.push_back(p);
    }
    if (proficiency->no_answer) {
      View p;
      p.set("label", proficiency->no_answer->label);
      p.set("description", proficiency->no_answer->description);
      scale.push_back(p);
    }
  }
  v.set("scale", scale);
  return PrivatePage(
      200, ctx.renderer.Page("feedback_start", v, LayoutView(ctx, call, "Feedback for " + view->participant_name)));
}

http::Response RaterSaveSubmit(Context& ctx, const Call& call) {
  const auto token = TokenOf(call);
  auto view = ctx.feedback.OpenLink(token);
  if (!view) return UnknownLink(ctx, call);
  if (!view->open) return NotOpen(ctx, call, *view);
  const auto sections = Sections(*view->framework, view->cycle.scope);
  const auto page = PageNumber(call.Field("page"), sections.size());
  if (page == 0) return ErrorPage(ctx, call, 400);
  const auto merged = Merge(view->answers, PageAnswers(call, sections[page - 1], false));
  auto saved = ctx.feedback.SaveRaterAnswers(token, merged, false);
  if (!saved.Ok()) {
    const auto& first = saved.refusals.front();
    if (first.field == "cycle" || first.field == "rater" || first.field == "link") {
      auto again = ctx.feedback.OpenLink(token);
      return again ? NotOpen(ctx, call, *again) : UnknownLink(ctx, call);
    }
    const auto errors = AnswerErrors(
        ctx, saved.refusals, *view->framework, [](std::string_view) { return std::string(); }, "answers");
    return RenderRaterPage(ctx, call, token, *view, page, merged, errors, 422);
  }
  if (call.Field("action") == "save") {
    return MessagePage(
        ctx, call, 200, "Your answers have been saved",
        {"You can come back to them at any time before " + view->cycle.deadline + " with the link in your email."},
        true, "/feedback?t=" + token + "&page=" + std::to_string(page), "Carry on answering");
  }
  return Redirect(page < sections.size() ? "/feedback?t=" + token + "&page=" + std::to_string(page + 1)
                                         : "/feedback?t=" + token + "&check=1");
}

http::Response RaterSubmit(Context& ctx, const Call& call) {
  const auto token = TokenOf(call);
  auto submitted = ctx.feedback.SubmitRaterDraft(token);
  if (!submitted.Ok()) {
    auto view = ctx.feedback.OpenLink(token);
    if (!view) return UnknownLink(ctx, call);
    const auto& first = submitted.refusals.front();
    if (first.field == "cycle" || first.field == "rater" || first.field == "link") return NotOpen(ctx, call, *view);
    const auto sections = Sections(*view->framework, view->cycle.scope);
    const auto errors = AnswerErrors(
        ctx, submitted.refusals, *view->framework,
        [&](std::string_view element) {
          return "/feedback?t=" + token + "&page=" + std::to_string(SectionOf(sections, element)) + "#";
        },
        "answers");
    return RenderRaterCheck(ctx, call, token, *view, errors, 422);
  }
  if (submitted.value->outcome == app::SaveOutcome::kAlreadySubmitted) {
    return MessagePage(ctx, call, 200, "You have given your feedback",
                       {"Thank you. Your answers have been saved and cannot be changed now."}, true);
  }
  // Committed before this page is sent: "Thank you" means it is kept.
  const auto& who = submitted.value->participant_name;
  return MessagePage(
      ctx, call, 200, "Thank you: your feedback has been given",
      {submitted.value->attributed ? who + " will see your answers as yours."
                                   : who + " will see your answers only combined with others', never as yours.",
       "You can close this page."},
      true);
}

http::Response DeclinePage(Context& ctx, const Call& call) {
  const auto token = TokenOf(call);
  auto view = ctx.feedback.OpenLink(token);
  if (!view) return UnknownLink(ctx, call);
  if (!view->open) return NotOpen(ctx, call, *view);
  http::Response cookies;
  View v;
  v.set("csrf_token", EnsureCsrfCookie(ctx, call, cookies));
  v.set("token", token);
  v.set("participant", view->participant_name);
  v.set("reason", std::string());
  SetErrors(v, {});
  auto response = PrivatePage(200, ctx.renderer.Page("decline", v, LayoutView(ctx, call, "Decline to give feedback")));
  for (auto& header : cookies.headers) response.headers.push_back(std::move(header));
  return response;
}

http::Response DeclineSubmit(Context& ctx, const Call& call) {
  const auto token = TokenOf(call);
  auto view = ctx.feedback.OpenLink(token);
  if (!view) return UnknownLink(ctx, call);
  const auto reason = call.Field("reason");
  auto outcome = ctx.feedback.Decline(token, reason);
  if (!outcome.Ok()) {
    const auto& refusal = outcome.refusals.front();
    if (refusal.field != "reason") {
      auto again = ctx.feedback.OpenLink(token);
      return again ? NotOpen(ctx, call, *again) : UnknownLink(ctx, call);
    }
    View v;
    v.set("csrf_token", call.Field(std::string(kCsrfField)));
    v.set("token", token);
    v.set("participant", view->participant_name);
    v.set("reason", reason);
    SetErrors(v, {{"reason", ctx.messages.Get("decline.reason." + refusal.code)}});
    return PrivatePage(422, ctx.renderer.Page("decline", v, LayoutView(ctx, call, "Error: Decline to give feedback")));
  }
  return MessagePage(ctx, call, 200, "You have declined to give feedback",
                     {"Thank you for letting us know. We will not send you reminders about this request."}, true);
}

}  // namespace lqf::web

// ---------------------------------------------------------------------------
// Running a cycle: the participant, or their programme lead.

namespace lqf::web {
namespace {

//! Refusals as error-summary items for a form (messages "<form>.<field>.<code>").
Errors FormErrors(const Context& ctx, std::string_view form, const std::vector<app::Refusal>& refusals) {
  Errors errors;
  for (const auto& refusal : refusals) {
    errors.emplace_back(refusal.field, ctx.messages.Get(std::string(form) + "." + refusal.field + "." + refusal.code));
  }
  return errors;
}

//! True when a refusal means "this cycle is not yours to see".
bool NotFound(const std::vector<app::Refusal>& refusals) {
  return !refusals.empty() && refusals.front().code == "not_found" &&
         (refusals.front().field == "cycle" || refusals.front().field == "person" ||
          refusals.front().field == "participant");
}

std::string StatusTagClass(domain::CycleStatus status) {
  switch (status) {
    case domain::CycleStatus::kNominating:
      return "govuk-tag--blue";
    case domain::CycleStatus::kAwaitingApproval:
      return "govuk-tag--yellow";
    case domain::CycleStatus::kOpen:
      return "govuk-tag--green";
    case domain::CycleStatus::kClosed:
      return "govuk-tag--grey";
  }
  return "";
}

//! What a finished action says on the cycle page (from ?done=).
std::string DoneNotice(const std::string& done) {
  static const std::map<std::string, std::string> kNotices = {
      {"started",
       "Your feedback cycle has been started. Rate yourself, and add the people you would like feedback from."},
      {"added", "The rater has been added."},
      {"removed", "The rater has been removed."},
      {"invited", "Invitations have been sent by email."},
      {"approval", "The list of raters has been sent to your programme lead for approval."},
      {"approved", "The raters have been approved and invited by email."},
      {"reminded", "Reminders have been sent to those who have not finished."},
      {"none-due", "Nobody could be reminded now: each rater gets a reminder at most every few days, up to a limit."},
      {"extended", "The deadline has been changed."},
      {"closed", "The cycle has been closed. Links in emails no longer work."},
      {"released", "The results have been released. Reports show them until the next release."},
      {"self-saved", "Your self-assessment has been saved."},
      {"self-submitted", "Your self-assessment has been submitted."},
  };
  const auto it = kNotices.find(done);
  return it == kNotices.end() ? std::string() : it->second;
}

http::Response RenderCycle(Context& ctx, const Call& call, const app::CycleSummary& summary, const Errors& errors,
                           const std::map<std::string, std::string>& typed, int status) {
  const auto& cycle = summary.cycle;
  const auto actor = call.Actor();
  View v;
  v.set("csrf_token", call.session->csrf_token);
  v.set("id", std::to_string(cycle.id));
  v.set("title", cycle.title);
  v.set("participant", summary.participant_name);
  v.set("status", std::string(domain::CycleStatusLabel(cycle.status)));
  v.set("status_class", StatusTagClass(cycle.status));
  v.set("deadline", cycle.deadline);
  v.set("past_deadline", summary.past_deadline);
  v.set("scope_count", std::to_string(cycle.scope.size()));
  v.set("framework", cycle.framework_code + " " + cycle.framework_version);
  const bool is_participant = actor.person_id == cycle.participant_id;
  v.set("is_participant", is_participant);
  v.set("self_submitted", summary.self_submitted);
  const bool closed = cycle.status == domain::CycleStatus::kClosed;
  v.set("nominating", cycle.status == domain::CycleStatus::kNominating);
  v.set("awaiting", cycle.status == domain::CycleStatus::kAwaitingApproval);
  v.set("open", cycle.status == domain::CycleStatus::kOpen);
  v.set("closed", closed);
  v.set("needs_approval", cycle.needs_approval);
  v.set("coached_report", cycle.coached_report);
  v.set("can_approve", cycle.status == domain::CycleStatus::kAwaitingApproval && !is_participant);
  v.set("can_nominate", !closed);
  v.set("can_release", summary.submitted_total > 0);
  v.set("released", summary.last_release.has_value());
  if (summary.last_release) {
    v.set("released_at", summary.last_release->released_at.substr(0, 10));
    const auto count = summary.last_release->response_keys.size();
    v.set("released_count", std::to_string(count) + (count == 1 ? " response" : " responses"));
  }
  View progress = ViewList();
  int total_submitted = 0;
  for (const auto& p : summary.progress) {
    const auto* group = cycle.FindGroup(p.group);
    View row;
    row.set("group", group ? group->label : p.group);
    row.set("minimum", std::to_string(group ? group->minimum : domain::kDefaultMinimum));
    row.set("attributed", group && group->attributed);
    row.set("nominated", std::to_string(p.nominated));
    row.set("invited", std::to_string(p.invited));
    row.set("started", std::to_string(p.started));
    row.set("submitted", std::to_string(p.submitted));
    row.set("declined", std::to_string(p.declined));
    total_submitted += p.submitted;
    progress.push_back(row);
  }
  v.set("progress", progress);
  v.set("total_submitted", std::to_string(total_submitted));
  View raters = ViewList();
  for (const auto& r : summary.raters) {
    const auto* group = cycle.FindGroup(r.group);
    View row;
    row.set("rater_id", std::to_string(r.id));
    row.set("name", r.name);
    row.set("email", r.email);
    row.set("group", group ? group->label : r.group);
    row.set("invited", r.invited);
    raters.push_back(row);
  }
  v.set("raters", raters);
  v.set("has_raters", !summary.raters.empty());
  View groups = ViewList();
  for (const auto& g : cycle.groups) {
    View option;
    option.set("code", g.code);
    option.set("label", g.label);
    option.set("selected", typed.count("group") && typed.at("group") == g.code);
    groups.push_back(option);
  }
  v.set("groups", groups);
  for (const auto& field : {"name", "email", "new_deadline"}) {
    v.set(field, typed.count(field) ? typed.at(field) : std::string());
  }
  const auto notice = DoneNotice(QueryValue(call.request, "done"));
  v.set("has_notice", !notice.empty());
  v.set("notice", notice);
  SetErrors(v, errors);
  View crumbs = ViewList();
  View c;
  c.set("href", "/cycles" + (is_participant ? std::string() : "?person=" + std::to_string(cycle.participant_id)));
  c.set("text", "Feedback cycles");
  crumbs.push_back(c);
  auto layout = LayoutView(ctx, call, (errors.empty() ? "" : "Error: ") + cycle.title);
  SetBreadcrumbs(layout, crumbs);
  return PrivatePage(status, ctx.renderer.Page("cycle", v, layout));
}

//! Loads a cycle's summary for a follow-up render, or answers 404.
std::optional<app::CycleSummary> Summary(Context& ctx, const Call& call, std::int64_t id) {
  auto summary = ctx.feedback.GetCycle(call.Actor(), id);
  if (!summary.Ok()) return std::nullopt;
  return std::move(*summary.value);
}

//! Runs a cycle action from a POST and redirects to the cycle with a notice,
//! or shows what went wrong on the cycle page.
template <typename Action>
http::Response CycleAction(Context& ctx, const Call& call, Action action) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  auto [refusals, done] = action(*id);
  if (refusals.empty()) return Redirect("/cycles/" + std::to_string(*id) + "?done=" + done);
  if (NotFound(refusals)) return NotFoundPage(ctx, call);
  auto summary = Summary(ctx, call, *id);
  if (!summary) return NotFoundPage(ctx, call);
  std::map<std::string, std::string> typed;
  for (const auto& field : {"name", "email", "group", "new_deadline"}) typed[field] = call.Field(field);
  return RenderCycle(ctx, call, *summary, FormErrors(ctx, "cycle", refusals), typed, 422);
}

http::Response RenderNewCycle(Context& ctx, const Call& call, std::int64_t participant_id, const std::string& name,
                              const Errors& errors, int status) {
  View v;
  v.set("csrf_token", call.session->csrf_token);
  v.set("participant_id", std::to_string(participant_id));
  v.set("participant", name);
  v.set("for_someone_else", participant_id != call.Actor().person_id);
  const bool posted = call.request.method == "POST";
  v.set("title", call.Field("title"));
  v.set("deadline_day", call.Field("deadline-day"));
  v.set("deadline_month", call.Field("deadline-month"));
  v.set("deadline_year", call.Field("deadline-year"));
  v.set("reminder_limit", posted ? call.Field("reminder_limit") : std::string("3"));
  v.set("reminder_gap_days", posted ? call.Field("reminder_gap_days") : std::string("7"));
  v.set("needs_approval", posted && call.Field("needs_approval") == "1");
  v.set("coached_report", posted && call.Field("coached_report") == "1");
  v.set("attributed_line_manager", posted && call.Field("attributed-line-manager") == "1");
  v.set("attributed_lead_member", posted && call.Field("attributed-lead-member") == "1");
  View parts = ViewList();
  std::string first_part;
  if (const auto entry = ctx.catalog.Get("nlqf-2010")) {
    const auto& framework = *entry->framework;
    for (const auto root : framework.roots) {
      const auto& node = framework.nodes[root];
      if (first_part.empty()) first_part = node.code;
      View part;
      part.set("code", node.code);
      part.set("label", node.DisplayName());
      part.set("checked", !posted || call.Field("scope-" + node.code) == "1");
      parts.push_back(part);
    }
  }
  v.set("parts", parts);
  // The minimum number of answers before a group is shown apart, for the
  // groups of several people (single-person groups are shown only if told).
  View minimums = ViewList();
  bool first_minimum = true;
  for (const auto& group : domain::DefaultRaterGroups()) {
    if (group.single_person) continue;
    View m;
    m.set("code", group.code);
    m.set("label", group.label);
    m.set("id", first_minimum ? std::string("minimum") : "minimum-" + group.code);
    m.set("value", posted ? call.Field("minimum-" + group.code) : std::to_string(group.minimum));
    first_minimum = false;
    minimums.push_back(m);
  }
  v.set("minimums", minimums);
  std::map<std::string, std::string> anchors = {{"deadline", "deadline-day"}};
  if (!first_part.empty()) anchors["scope"] = "scope-" + first_part;
  SetErrors(v, errors, anchors);
  // A closed <details> would hide a field with an error.
  const auto has = [&](std::initializer_list<std::string_view> fields) {
    return std::any_of(errors.begin(), errors.end(), [&](const auto& error) {
      return std::find(fields.begin(), fields.end(), error.first) != fields.end();
    });
  };
  v.set("reminders_open", has({"reminder_limit", "reminder_gap_days"}));
  v.set("minimums_open", has({"minimum"}));
  View crumbs = ViewList();
  View c;
  c.set("href", "/cycles");
  c.set("text", "Feedback cycles");
  crumbs.push_back(c);
  auto layout = LayoutView(ctx, call, (errors.empty() ? "" : "Error: ") + std::string("Start a feedback cycle"));
  SetBreadcrumbs(layout, crumbs);
  return PrivatePage(status, ctx.renderer.Page("cycle_new", v, layout));
}

//! The participant a cycle page is for: `?person=` (or the form's
//! participant), else the one signed in.
std::int64_t ParticipantOf(const Call& call) {
  const auto from = call.request.method == "POST" ? call.Field("participant") : QueryValue(call.request, "person");
  if (auto id = PathId(from)) return *id;
  return call.Actor().person_id;
}

//! Two digits.
std::string Pad(const std::string& text) { return text.size() == 1 ? "0" + text : text; }

}  // namespace

http::Response CyclesPage(Context& ctx, const Call& call) {
  const auto person_id = ParticipantOf(call);
  auto cycles = ctx.feedback.CyclesOf(call.Actor(), person_id);
  const bool own = person_id == call.Actor().person_id;
  if (!cycles.Ok() && !own) return NotFoundPage(ctx, call);
  const auto person = ctx.accounts.FindPerson(call.Actor(), person_id);
  View v;
  v.set("own", own);
  v.set("person_id", std::to_string(person_id));
  v.set("person", person.Ok() ? person.value->name : std::string());
  v.set("can_start", cycles.Ok());
  View list = ViewList();
  for (const auto& cycle : cycles.value.value_or(std::vector<domain::Cycle>{})) {
    View row;
    row.set("id", std::to_string(cycle.id));
    row.set("title", cycle.title);
    row.set("status", std::string(domain::CycleStatusLabel(cycle.status)));
    row.set("status_class", StatusTagClass(cycle.status));
    row.set("deadline", cycle.deadline);
    list.push_back(row);
  }
  v.set("cycles", list);
  v.set("has_cycles", cycles.Ok() && !cycles.value->empty());
  const auto actor = call.Actor();
  v.set("reads_reports", own && (actor.Has(domain::Role::kCoach) || actor.Has(domain::Role::kProgrammeLead) ||
                                 actor.Has(domain::Role::kAdministrator)));
  return PrivatePage(200, ctx.renderer.Page("cycles", v, LayoutView(ctx, call, "Feedback cycles")));
}

http::Response NewCyclePage(Context& ctx, const Call& call) {
  const auto person_id = ParticipantOf(call);
  // Only someone who may run cycles for this person sees the form.
  if (!ctx.feedback.CyclesOf(call.Actor(), person_id).Ok()) return NotFoundPage(ctx, call);
  const auto person = ctx.accounts.FindPerson(call.Actor(), person_id);
  return RenderNewCycle(ctx, call, person_id, person.Ok() ? person.value->name : std::string(), {}, 200);
}

http::Response StartCycleSubmit(Context& ctx, const Call& call) {
  app::CycleInput input;
  input.participant_id = ParticipantOf(call);
  input.title = call.Field("title");
  const auto day = call.Field("deadline-day"), month = call.Field("deadline-month"), year = call.Field("deadline-year");
  input.deadline =
      day.empty() && month.empty() && year.empty() ? std::string() : year + "-" + Pad(month) + "-" + Pad(day);
  input.needs_approval = call.Field("needs_approval") == "1";
  input.coached_report = call.Field("coached_report") == "1";
  if (call.Field("attributed-line-manager") == "1") input.attributed.push_back("line-manager");
  if (call.Field("attributed-lead-member") == "1") input.attributed.push_back("lead-member");
  input.reminder_limit = ScaleValue(call.Field("reminder_limit"));
  input.reminder_gap_days = ScaleValue(call.Field("reminder_gap_days"));
  for (const auto& group : domain::DefaultRaterGroups()) {
    if (group.single_person) continue;
    const auto value = call.Field("minimum-" + group.code);
    if (!value.empty()) input.minimums.emplace_back(group.code, ScaleValue(value));
  }
  if (const auto entry = ctx.catalog.Get("nlqf-2010")) {
    for (const auto root : entry->framework->roots) {
      const auto& code = entry->framework->nodes[root].code;
      if (call.Field("scope-" + code) == "1") input.scope.push_back(code);
    }
  }
  // Nothing ticked is a choice to refuse, not "the whole framework".
  input.scope_required = true;
  auto outcome = ctx.feedback.StartCycle(call.Actor(), input);
  if (!outcome.Ok()) {
    if (NotFound(outcome.refusals)) return NotFoundPage(ctx, call);
    const auto& refusals = outcome.refusals;
    const auto person = ctx.accounts.FindPerson(call.Actor(), input.participant_id);
    return RenderNewCycle(ctx, call, input.participant_id, person.Ok() ? person.value->name : std::string(),
                          FormErrors(ctx, "cycle", refusals), 422);
  }
  return Redirect("/cycles/" + std::to_string(*outcome.value) + "?done=started");
}

http::Response CyclePage(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  auto summary = Summary(ctx, call, *id);
  if (!summary) return NotFoundPage(ctx, call);
  return RenderCycle(ctx, call, *summary, {}, {}, 200);
}

http::Response NominateSubmit(Context& ctx, const Call& call) {
  return CycleAction(ctx, call, [&](std::int64_t id) {
    auto outcome =
        ctx.feedback.NominateRater(call.Actor(), id, {call.Field("name"), call.Field("email"), call.Field("group")});
    return std::pair{outcome.refusals, std::string("added")};
  });
}

http::Response RemoveRaterSubmit(Context& ctx, const Call& call) {
  return CycleAction(ctx, call, [&](std::int64_t id) {
    const auto rater = PathId(call.params.at(1));
    if (!rater) return std::pair{std::vector<app::Refusal>{{"cycle", "not_found"}}, std::string()};
    return std::pair{ctx.feedback.RemoveRater(call.Actor(), id, *rater).refusals, std::string("removed")};
  });
}

http::Response SendInvitationsSubmit(Context& ctx, const Call& call) {
  return CycleAction(ctx, call, [&](std::int64_t id) {
    auto outcome = ctx.feedback.SubmitRaters(call.Actor(), id);
    const bool approval = outcome.Ok() && *outcome.value == domain::CycleStatus::kAwaitingApproval;
    return std::pair{outcome.refusals, std::string(approval ? "approval" : "invited")};
  });
}

http::Response ApproveRatersSubmit(Context& ctx, const Call& call) {
  return CycleAction(ctx, call, [&](std::int64_t id) {
    return std::pair{ctx.feedback.ApproveRaters(call.Actor(), id).refusals, std::string("approved")};
  });
}

http::Response RemindSubmit(Context& ctx, const Call& call) {
  return CycleAction(ctx, call, [&](std::int64_t id) {
    auto outcome = ctx.feedback.Remind(call.Actor(), id);
    return std::pair{outcome.refusals, std::string(outcome.Ok() && *outcome.value == 0 ? "none-due" : "reminded")};
  });
}

http::Response DeadlineSubmit(Context& ctx, const Call& call) {
  return CycleAction(ctx, call, [&](std::int64_t id) {
    return std::pair{ctx.feedback.ExtendDeadline(call.Actor(), id, call.Field("new_deadline")).refusals,
                     std::string("extended")};
  });
}

http::Response ReleaseSubmit(Context& ctx, const Call& call) {
  return CycleAction(ctx, call, [&](std::int64_t id) {
    return std::pair{ctx.feedback.ReleaseResults(call.Actor(), id).refusals, std::string("released")};
  });
}

http::Response CloseCycleSubmit(Context& ctx, const Call& call) {
  return CycleAction(ctx, call, [&](std::int64_t id) {
    return std::pair{ctx.feedback.CloseCycle(call.Actor(), id).refusals, std::string("closed")};
  });
}

// ---------------------------------------------------------------------------
// The participant's own questionnaire.

namespace {

http::Response RenderSelf(Context& ctx, const Call& call, const app::SelfView& view, std::size_t page,
                          const std::vector<domain::Answer>& answers, const Errors& errors, int status) {
  return RenderQuestionsPage(ctx, call, SelfForm(view), *view.framework, Sections(*view.framework, view.cycle.scope),
                             page, answers, errors, status);
}

//! The last page of the self-assessment: the issues that influence delivery
//! of the role (2008 study), with a note on each; never scored.
http::Response RenderSelfContext(Context& ctx, const Call& call, const app::SelfView& view,
                                 const std::map<std::string, std::string>& typed, const Errors& errors, int status) {
  const auto sections = Sections(*view.framework, view.cycle.scope);
  const auto page = sections.size() + 1;
  const auto base = "/cycles/" + std::to_string(view.cycle.id) + "/self";
  View v;
  v.set("csrf_token", call.session->csrf_token);
  v.set("action", base);
  v.set("page", std::to_string(page));
  v.set("page_count", std::to_string(page));
  v.set("back_href", base + "?page=" + std::to_string(page - 1));
  View questions = ViewList();
  for (const auto& question : view.context) {
    View q;
    q.set("code", question.code);
    q.set("text", question.text);
    const auto it = typed.find(question.code);
    q.set("note", it != typed.end() ? it->second : question.note);
    for (const auto& [field, text] : errors) {
      if (field == "context-" + question.code) q.set("note_error", text);
    }
    questions.push_back(q);
  }
  v.set("questions", questions);
  SetErrors(v, errors);
  const std::string title = "Issues that influence your role";
  return PrivatePage(
      status, ctx.renderer.Page("self_context", v, LayoutView(ctx, call, (errors.empty() ? "" : "Error: ") + title)));
}

http::Response RenderSelfCheck(Context& ctx, const Call& call, const app::SelfView& view, const Errors& errors,
                               int status) {
  const auto form = SelfForm(view);
  const auto sections = Sections(*view.framework, view.cycle.scope);
  auto rows = CheckRows(*view.framework, sections, view.answers, form.page_href);
  if (!view.context.empty()) {
    View section;
    section.set("title", std::string("Issues that influence your role"));
    View list = ViewList();
    for (const auto& question : view.context) {
      View row;
      row.set("code", question.code);
      row.set("text", question.text);
      row.set("value", question.note.empty() ? std::string("No note") : question.note);
      row.set("missing", false);
      row.set("comment", std::string());
      row.set("href", form.page_href + std::to_string(sections.size() + 1) + "#context-" + question.code);
      list.push_back(row);
    }
    section.set("rows", list);
    rows.push_back(section);
  }
  return RenderCheckPage(ctx, call, form, rows, errors, status);
}

}  // namespace

http::Response SelfPage(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  auto view = ctx.feedback.SelfAssessment(call.Actor(), *id);
  if (!view.Ok()) return NotFoundPage(ctx, call);
  if (!view.value->open) return Redirect("/cycles/" + std::to_string(*id));
  const auto sections = Sections(*view.value->framework, view.value->cycle.scope);
  if (QueryValue(call.request, "check") == "1") return RenderSelfCheck(ctx, call, *view.value, {}, 200);
  const auto pages = sections.size() + (view.value->context.empty() ? 0 : 1);
  const auto page = std::max<std::size_t>(1, PageNumber(QueryValue(call.request, "page"), pages));
  if (page > sections.size()) return RenderSelfContext(ctx, call, *view.value, {}, {}, 200);
  return RenderSelf(ctx, call, *view.value, page, view.value->answers, {}, 200);
}

http::Response SelfSaveSubmit(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  auto view = ctx.feedback.SelfAssessment(call.Actor(), *id);
  if (!view.Ok()) return NotFoundPage(ctx, call);
  if (!view.value->open) return Redirect("/cycles/" + std::to_string(*id));
  const auto sections = Sections(*view.value->framework, view.value->cycle.scope);
  const bool has_context = !view.value->context.empty();
  const auto page = PageNumber(call.Field("page"), sections.size() + (has_context ? 1 : 0));
  if (page == 0) return ErrorPage(ctx, call, 400);
  const auto base = "/cycles/" + std::to_string(*id);
  if (page > sections.size()) {
    std::vector<domain::ContextNote> notes;
    std::map<std::string, std::string> typed;
    for (const auto& question : view.value->context) {
      notes.push_back({question.code, call.Field("context-" + question.code)});
      typed[question.code] = notes.back().note;
    }
    auto saved = ctx.feedback.SaveSelfContext(call.Actor(), *id, notes);
    if (!saved.Ok()) {
      const auto& first = saved.refusals.front();
      if (first.field == "cycle" || first.field == "answers") return Redirect(base);
      Errors errors;
      for (const auto& refusal : saved.refusals) {
        const auto dot = refusal.field.find('.');
        const auto code = dot == std::string::npos ? std::string() : refusal.field.substr(0, dot);
        const auto it = std::find_if(view.value->context.begin(), view.value->context.end(),
                                     [&](const auto& q) { return q.code == code; });
        errors.emplace_back("context-" + code, (it != view.value->context.end() ? it->text + ": " : std::string()) +
                                                   ctx.messages.Get("answers.note." + refusal.code));
      }
      return RenderSelfContext(ctx, call, *view.value, typed, errors, 422);
    }
    if (call.Field("action") == "save") return Redirect(base + "?done=self-saved");
    return Redirect(base + "/self?check=1");
  }
  const auto merged = Merge(view.value->answers, PageAnswers(call, sections[page - 1], true));
  auto saved = ctx.feedback.SaveSelfAssessment(call.Actor(), *id, merged, false);
  if (!saved.Ok()) {
    if (saved.refusals.front().field == "cycle") return Redirect(base);
    const auto errors = AnswerErrors(
        ctx, saved.refusals, *view.value->framework, [](std::string_view) { return std::string(); }, "answers");
    return RenderSelf(ctx, call, *view.value, page, merged, errors, 422);
  }
  if (call.Field("action") == "save") return Redirect(base + "?done=self-saved");
  const bool last = page == sections.size() && !has_context;
  return Redirect(last ? base + "/self?check=1" : base + "/self?page=" + std::to_string(page + 1));
}

http::Response SelfSubmit(Context& ctx, const Call& call) {
  const auto id = PathId(call.params.at(0));
  if (!id) return NotFoundPage(ctx, call);
  auto view = ctx.feedback.SelfAssessment(call.Actor(), *id);
  if (!view.Ok()) return NotFoundPage(ctx, call);
  const auto base = "/cycles/" + std::to_string(*id);
  if (view.value->submitted) return Redirect(base + "?done=self-submitted");
  auto saved = ctx.feedback.SaveSelfAssessment(call.Actor(), *id, view.value->answers, true);
  if (!saved.Ok()) {
    if (saved.refusals.front().field == "cycle") return Redirect(base);
    const auto sections = Sections(*view.value->framework, view.value->cycle.scope);
    const auto errors = AnswerErrors(
        ctx, saved.refusals, *view.value->framework,
        [&](std::string_view element) {
          return base + "/self?page=" + std::to_string(SectionOf(sections, element)) + "#";
        },
        "answers");
    return RenderSelfCheck(ctx, call, *view.value, errors, 422);
  }
  return Redirect(base + "?done=self-submitted");
}

}  // namespace lqf::web
