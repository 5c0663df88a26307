#pragma once
//! Rendering pages from Mustache templates (templates/*.mustache) into the
//! shared layout. Templates are read and parsed once, at start-up.

#include <filesystem>
#include <kainjow/mustache.hpp>
#include <map>
#include <string>

namespace lqf::web {

//! The data a template sees.
using View = kainjow::mustache::data;

//! A list for a template section.
inline View ViewList() { return View(View::type::list); }

//! Parsed templates; rendering is safe from several threads at once.
class Renderer {
 public:
  //! Reads every *.mustache in `dir`; throws std::runtime_error naming the
  //! file and the parse error if one is broken.
  explicit Renderer(const std::filesystem::path& dir);

  //! Renders `page` with `view`, then wraps it in "layout" with `layout`
  //! (whose "content" is set to the page's HTML).
  std::string Page(const std::string& page, const View& view, View layout) const;

  //! Renders one template on its own.
  std::string Render(const std::string& name, const View& view) const;

 private:
  // kainjow's render() is not const, yet it writes to the template only to
  // record errors from partials and lambdas, which our templates do not use;
  // so one parsed template serves every thread without a copy or a lock.
  mutable std::map<std::string, kainjow::mustache::mustache> templates_;
};

}  // namespace lqf::web
