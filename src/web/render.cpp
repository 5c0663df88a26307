#include "web/render.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace lqf::web {

Renderer::Renderer(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) throw std::runtime_error("templates folder not found: " + dir.string());
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".mustache") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    kainjow::mustache::mustache parsed(text.str());
    if (!parsed.is_valid()) {
      throw std::runtime_error("template " + entry.path().string() + ": " + parsed.error_message());
    }
    templates_.emplace(entry.path().stem().string(), std::move(parsed));
  }
  if (!templates_.contains("layout")) throw std::runtime_error("template layout.mustache missing in " + dir.string());
}

namespace {

// Where the layout's {{{content}}} goes: escaped text never holds a '<'.
constexpr std::string_view kContent = "<lqf-content>";

}  // namespace

kainjow::mustache::mustache& Renderer::Template(const std::string& name) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) throw std::logic_error("no template named " + name);
  return it->second;
}

std::string Renderer::Render(const std::string& name, const View& view) const {
  // Straight into one string: the engine's own render() goes through a stream.
  std::string out;
  Template(name).render(view, [&out](const std::string& text) { out += text; });
  return out;
}

std::string Renderer::Page(const std::string& page, const View& view, View layout) const {
  // One output string, the page written where the layout has its content:
  // a large page is copied once, not once per template.
  std::string out;
  out.reserve(16384);
  auto& page_template = Template(page);
  layout.set("content", std::string(kContent));
  Template("layout").render(layout, [&](const std::string& text) {
    const auto at = text.find(kContent);
    if (at == std::string::npos) {
      out += text;
      return;
    }
    out.append(text, 0, at);
    page_template.render(view, [&out](const std::string& line) { out += line; });
    out.append(text, at + kContent.size(), std::string::npos);
  });
  return out;
}

std::string Stencil::Field(std::size_t index) {
  if (index >= 64) throw std::logic_error("a stencil has at most 64 fields");
  return std::string{'\x01', static_cast<char>('0' + index), '\x01'};
}

Stencil::Stencil(const std::string& html) {
  std::size_t from = 0;
  pieces_.emplace_back();
  while (from < html.size()) {
    const auto at = html.find('\x01', from);
    if (at == std::string::npos || at + 2 >= html.size() || html[at + 2] != '\x01') {
      pieces_.back().append(html, from, at == std::string::npos ? std::string::npos : at + 1 - from);
      if (at == std::string::npos) break;
      from = at + 1;
      continue;
    }
    pieces_.back().append(html, from, at - from);
    fields_.push_back(html[at + 1] == '*' ? kSlotIndex : html[at + 1] - '0');
    pieces_.emplace_back();
    from = at + 3;
  }
  for (const auto& piece : pieces_) size_ += piece.size();
}

void Stencil::Fill(std::string& out, const std::vector<std::string_view>& texts,
                   const std::function<void(std::string&)>& slot) const {
  out += pieces_.front();
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const int field = fields_[i];
    if (field == kSlotIndex) {
      slot(out);
    } else if (static_cast<std::size_t>(field) < texts.size()) {
      AppendEscaped(out, texts[static_cast<std::size_t>(field)]);
    }
    out += pieces_[i + 1];
  }
}

void AppendEscaped(std::string& out, std::string_view text) {
  std::size_t from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view entity;
    switch (text[i]) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      case '\'':
        entity = "&apos;";
        break;
      default:
        continue;
    }
    out.append(text, from, i - from);
    out += entity;
    from = i + 1;
  }
  out.append(text, from, std::string_view::npos);
}

}  // namespace lqf::web
