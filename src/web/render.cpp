#include "web/render.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

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

std::string Renderer::Render(const std::string& name, const View& view) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) throw std::logic_error("no template named " + name);
  return it->second.render(view);
}

std::string Renderer::Page(const std::string& page, const View& view, View layout) const {
  layout.set("content", Render(page, view));
  return Render("layout", layout);
}

}  // namespace lqf::web
