// The framework browser's pages: parse the request, ask the catalog, render.

#include <algorithm>

#include "domain/search.hpp"
#include "domain/text.hpp"
#include "web/handlers.hpp"
#include "web/html.hpp"
#include "web/model_svg.hpp"
#include "web/query.hpp"

namespace lqf::web {
namespace {

using domain::Framework;
using domain::Node;

std::string FrameworkHref(const Framework& fw) { return "/frameworks/" + fw.code; }
std::string NodeHref(const Framework& fw, const Node& node) { return FrameworkHref(fw) + "/" + node.code; }

//! Text split at blank lines, for {{#paragraphs}}<p>{{text}}</p>{{/paragraphs}}.
View Paragraphs(std::string_view text) {
  View list = ViewList();
  std::size_t at = 0;
  while (at < text.size()) {
    auto end = text.find("\n\n", at);
    if (end == std::string_view::npos) end = text.size();
    View item;
    item.set("text", std::string(text.substr(at, end - at)));
    list.push_back(item);
    at = end + 2;
  }
  return list;
}

//! A nested list of links to `indices` and everything under them. Built in
//! code rather than a template because Mustache has no recursion without
//! partials; every piece of text goes through HtmlEscape.
void TreeHtml(const Framework& fw, const std::vector<std::size_t>& indices, std::string& out, int level) {
  out += level == 0 ? "<ul class=\"govuk-list lqf-tree\">" : "<ul class=\"govuk-list lqf-tree lqf-tree--nested\">";
  for (auto index : indices) {
    const Node& node = fw.nodes[index];
    out += "<li><a class=\"govuk-link\" href=\"" + HtmlEscape(NodeHref(fw, node)) + "\">" +
           HtmlEscape(node.DisplayName()) + "</a> <span class=\"lqf-code\">" + HtmlEscape(node.code) + "</span>";
    if (!node.IsBranch() && !node.scored) out += " <strong class=\"govuk-tag govuk-tag--grey\">Context only</strong>";
    if (!node.children.empty()) TreeHtml(fw, node.children, out, level + 1);
    out += "</li>";
  }
  out += "</ul>";
}

std::string TreeHtml(const Framework& fw, const std::vector<std::size_t>& indices) {
  std::string out;
  TreeHtml(fw, indices, out, 0);
  return out;
}

View Crumb(std::string href, std::string text) {
  View crumb;
  crumb.set("href", std::move(href));
  crumb.set("text", std::move(text));
  return crumb;
}

View FrameworkCrumbs(const Framework& fw, bool include_framework) {
  View crumbs = ViewList();
  crumbs.push_back(Crumb("/", "Home"));
  crumbs.push_back(Crumb("/frameworks", "Frameworks"));
  if (include_framework) crumbs.push_back(Crumb(FrameworkHref(fw), fw.short_title));
  return crumbs;
}

std::string CountText(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

View ScalesView(const Framework& fw) {
  View scales = ViewList();
  for (const auto& scale : fw.scales) {
    View s;
    s.set("title", scale.title);
    s.set("question", scale.question);
    s.set("code", scale.code);
    View points = ViewList();
    for (const auto& point : scale.points) {
      View p;
      p.set("value", std::to_string(point.value));
      p.set("label", point.label);
      p.set("description", point.description);
      points.push_back(p);
    }
    s.set("points", points);
    if (scale.no_answer) {
      View n;
      n.set("label", scale.no_answer->label);
      n.set("description", scale.no_answer->description);
      s.set("no_answer", n);
    }
    scales.push_back(s);
  }
  return scales;
}

//! The page for a framework version, or nullopt if the path names none.
std::optional<app::FrameworkEntry> FindFramework(Context& ctx, const std::string& code) {
  return ctx.catalog.Get(code);
}

std::string RenderOverview(Context& ctx, const Call& call, const Framework& fw) {
  View view;
  view.set("title", fw.title);
  view.set("code", fw.code);
  view.set("version", fw.version);
  view.set("publisher", fw.publisher);
  view.set("published", fw.published);
  view.set("source", fw.source);
  view.set("description", Paragraphs(fw.description));
  view.set("search_href", FrameworkHref(fw) + "/search");
  view.set("api_href", "/api/v1/frameworks/" + fw.code);
  view.set("element_count", CountText(fw.nodes.size(), "element", "elements"));
  if (fw.model) {
    View model;
    model.set("svg", ModelSvg(fw, "model-" + fw.code));
    model.set("summary", ModelSummary(fw));
    model.set("description", Paragraphs(fw.model->description));
    view.set("model", model);
  }
  View sections = ViewList();
  for (auto root : fw.roots) {
    const Node& node = fw.nodes[root];
    View section;
    section.set("id", node.code);
    section.set("title", node.DisplayName());
    section.set("href", NodeHref(fw, node));
    section.set("description", Paragraphs(node.description));
    section.set("tree", TreeHtml(fw, node.children));
    sections.push_back(section);
  }
  view.set("sections", sections);
  view.set("scales", ScalesView(fw));

  View layout = LayoutView(ctx, call, fw.short_title);
  SetBreadcrumbs(layout, FrameworkCrumbs(fw, false));
  return ctx.renderer.Page("framework", view, layout);
}

std::string RenderElement(Context& ctx, const Call& call, const Framework& fw, const Node& node) {
  View view;
  view.set("type_label", std::string(domain::NodeTypeLabel(node.type)));
  view.set("name", node.DisplayName());
  view.set("code", node.code);
  view.set("framework_title", fw.short_title);
  view.set("framework_href", FrameworkHref(fw));
  view.set("is_branch", node.IsBranch());
  view.set("unscored", !node.IsBranch() && !node.scored);
  view.set("description", Paragraphs(node.description));
  if (!node.children.empty()) view.set("tree", TreeHtml(fw, node.children));

  View crumbs = FrameworkCrumbs(fw, true);
  View ancestors = ViewList();
  for (const Node* parent : fw.Ancestors(node)) {
    crumbs.push_back(Crumb(NodeHref(fw, *parent), parent->DisplayName()));
    View a;
    a.set("href", NodeHref(fw, *parent));
    a.set("name", parent->DisplayName());
    a.set("type_label", std::string(domain::NodeTypeLabel(parent->type)));
    ancestors.push_back(a);
  }
  view.set("ancestors", ancestors);
  view.set("has_ancestors", !fw.Ancestors(node).empty());

  // Previous and next elements of the same kind, in the framework's order.
  const Node* previous = nullptr;
  const Node* next = nullptr;
  bool seen = false;
  for (const auto& other : fw.nodes) {
    if (other.type != node.type) continue;
    if (&other == &node) {
      seen = true;
    } else if (!seen) {
      previous = &other;
    } else {
      next = &other;
      break;
    }
  }
  auto link = [&](const Node* n) {
    View v;
    v.set("href", NodeHref(fw, *n));
    v.set("name", n->DisplayName());
    v.set("code", n->code);
    return v;
  };
  if (previous) view.set("previous", link(previous));
  if (next) view.set("next", link(next));

  View layout = LayoutView(ctx, call, node.DisplayName() + " – " + fw.short_title);
  SetBreadcrumbs(layout, crumbs);
  return ctx.renderer.Page("element", view, layout);
}

}  // namespace

http::Response HomePage(Context& ctx, const Call& call) {
  const auto& request = call.request;
  View view;
  View frameworks = ViewList();
  for (const auto& entry : ctx.catalog.List()) {
    View f;
    f.set("href", FrameworkHref(*entry.framework));
    f.set("title", entry.framework->title);
    frameworks.push_back(f);
  }
  view.set("frameworks", frameworks);
  return CacheableHtml(request, ctx.renderer.Page("home", view, LayoutView(ctx, call, "Home")));
}

http::Response FrameworksPage(Context& ctx, const Call& call) {
  const auto& request = call.request;
  View view;
  View frameworks = ViewList();
  for (const auto& entry : ctx.catalog.List()) {
    const auto& fw = *entry.framework;
    View f;
    f.set("href", FrameworkHref(fw));
    f.set("title", fw.title);
    f.set("short_title", fw.short_title);
    f.set("code", fw.code);
    f.set("version", fw.version);
    f.set("published", fw.published);
    f.set("description", Paragraphs(fw.description));
    f.set("element_count", CountText(fw.nodes.size(), "element", "elements"));
    frameworks.push_back(f);
  }
  view.set("frameworks", frameworks);
  View layout = LayoutView(ctx, call, "Frameworks");
  View crumbs = ViewList();
  crumbs.push_back(Crumb("/", "Home"));
  SetBreadcrumbs(layout, crumbs);
  return CacheableHtml(request, ctx.renderer.Page("frameworks", view, layout));
}

http::Response FrameworkPage(Context& ctx, const Call& call) {
  const auto& request = call.request;
  const auto& params = call.params;
  auto entry = FindFramework(ctx, params[0]);
  if (!entry) return NotFoundPage(ctx, call);
  // Pages differ only by the navigation each kind of visitor sees.
  const auto key = request.path + "|" + NavVariant(call);
  auto page = ctx.pages.Find(key, entry->content_sha256);
  if (!page) page = ctx.pages.Store(key, entry->content_sha256, RenderOverview(ctx, call, *entry->framework));
  return CacheableHtml(request, page->body, page->etag);
}

http::Response ElementPage(Context& ctx, const Call& call) {
  const auto& request = call.request;
  const auto& params = call.params;
  auto entry = FindFramework(ctx, params[0]);
  if (!entry) return NotFoundPage(ctx, call);
  const Node* node = entry->framework->Find(params[1]);
  if (!node) return NotFoundPage(ctx, call);
  const auto key = request.path + "|" + NavVariant(call);
  auto page = ctx.pages.Find(key, entry->content_sha256);
  if (!page) {
    page = ctx.pages.Store(key, entry->content_sha256, RenderElement(ctx, call, *entry->framework, *node));
  }
  return CacheableHtml(request, page->body, page->etag);
}

http::Response SearchPage(Context& ctx, const Call& call) {
  const auto& request = call.request;
  const auto& params = call.params;
  auto entry = FindFramework(ctx, params[0]);
  if (!entry) return NotFoundPage(ctx, call);
  const Framework& fw = *entry->framework;

  // The input: one field, q. Validate, then search; errors go in the summary.
  std::string query;
  std::string error;
  bool submitted = false;
  if (auto decoded = ParseQuery(request.query)) {
    if (auto it = decoded->find("q"); it != decoded->end()) {
      submitted = true;
      query = it->second;
      if (domain::CountCharacters(query) > domain::kMaxSearchQueryLength) {
        error = ctx.messages.Get("search.q.too_long");
      } else if (domain::SearchTerms(query).empty()) {
        error = ctx.messages.Get("search.q.blank");
      }
    }
  } else {
    submitted = true;
    error = ctx.messages.Get("search.q.invalid");
  }

  View view;
  view.set("framework_title", fw.short_title);
  view.set("action", FrameworkHref(fw) + "/search");
  // Echo what was typed (escaped by the template), shortened if it was huge.
  view.set("query", domain::CountCharacters(query) > domain::kMaxSearchQueryLength * 2
                        ? query.substr(0, domain::kMaxSearchQueryLength * 2)
                        : query);
  if (!error.empty()) {
    view.set("error", error);
  } else if (submitted) {
    const auto hits = domain::Search(fw, query);
    View results = ViewList();
    for (const auto& hit : hits) {
      View r;
      r.set("href", NodeHref(fw, *hit.node));
      r.set("name", hit.node->DisplayName());
      r.set("code", hit.node->code);
      r.set("type_label", std::string(domain::NodeTypeLabel(hit.node->type)));
      std::string where;
      for (const Node* parent : fw.Ancestors(*hit.node)) {
        if (!where.empty()) where += " › ";
        where += parent->DisplayName();
      }
      r.set("where", where);
      results.push_back(r);
    }
    view.set("searched", true);
    view.set("results", results);
    view.set("has_results", !hits.empty());
    view.set("result_count", CountText(hits.size(), "result", "results"));
  }
  const std::string title = error.empty() ? "Search " + fw.short_title : "Error: Search " + fw.short_title;
  View layout = LayoutView(ctx, call, title);
  SetBreadcrumbs(layout, FrameworkCrumbs(fw, true));
  auto response = HtmlResponse(error.empty() ? 200 : 400, ctx.renderer.Page("search", view, layout));
  return response;
}

http::Response NotFoundPage(Context& ctx, const Call& call) {
  return HtmlResponse(404, ctx.renderer.Page("not_found", View(), LayoutView(ctx, call, "Page not found")));
}

http::Response ErrorPage(Context& ctx, const Call& call, int status) {
  // What went wrong, in words, and what the person can do about it.
  std::string title, text;
  switch (status) {
    case 400:
    case 415:
      title = "What was sent could not be read";
      text = "Go back, check what you entered and try again. Nothing was saved.";
      break;
    case 403:
      title = "This form has expired";
      text =
          "For your security, a form stops working after you sign in or out, or after a while. "
          "Go back, reload the page and try again. Nothing was saved.";
      break;
    case 413:
      title = "The file is too large";
      text =
          "A file must be smaller than 10 MB. Go back and choose a smaller file, or make this one smaller "
          "(for example, save a document as PDF). Nothing was saved.";
      break;
    case 405:
      title = "This action is not possible here";
      text = "This page can only be viewed, not changed.";
      break;
    case 503:
      title = "Sorry, the service is busy";
      text = "Try again in a minute. Nothing you had already saved has been lost.";
      break;
    default:
      title = "Sorry, there is a problem with the service";
      text = "Try again later. Nothing you had already saved has been lost.";
  }
  View view;
  view.set("title", title);
  view.set("text", text);
  return HtmlResponse(status, ctx.renderer.Page("error", view, LayoutView(ctx, call, title)));
}

}  // namespace lqf::web
