#pragma once
//! Rendering pages from Mustache templates (templates/*.mustache) into the
//! shared layout. Templates are read and parsed once, at start-up.

#include <filesystem>
#include <functional>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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
  //! (whose "content" is the page's HTML).
  std::string Page(const std::string& page, const View& view, View layout) const;

  //! Renders one template on its own.
  std::string Render(const std::string& name, const View& view) const;

 private:
  kainjow::mustache::mustache& Template(const std::string& name) const;

  // kainjow's render() is not const, yet it writes to the template only to
  // record errors from partials and lambdas, which our templates do not use;
  // so one parsed template serves every thread without a copy or a lock.
  mutable std::map<std::string, kainjow::mustache::mustache> templates_;
};

//! A page rendered once with markers in place of the text that changes from
//! one request to the next, then filled in for each request without the
//! template engine: for the pages that must come at once (a rater's
//! questionnaire). Put Field(i) in the view wherever text i goes (escaped or
//! not, it is escaped when filled in) and kSlot where a large, already
//! rendered part goes ({{{name}}}). What the view tests in sections must be
//! the same for every use of one stencil: make it part of the stencil's key.
class Stencil {
 public:
  //! The marker for text `index` (below 64). Control characters: no
  //! template, and no text a person can enter, holds them.
  static std::string Field(std::size_t index);
  static constexpr std::string_view kSlot = "\x01*\x01";

  //! Cuts a page rendered with markers.
  explicit Stencil(const std::string& html);
  //! Appends the page to `out`: `texts[i]` (HTML-escaped, as the template
  //! engine escapes) for field i, and what `slot` appends at kSlot.
  void Fill(std::string& out, const std::vector<std::string_view>& texts,
            const std::function<void(std::string&)>& slot) const;
  //! Bytes of the page without its texts and slot.
  std::size_t Size() const { return size_; }

 private:
  static constexpr int kSlotIndex = -1;
  std::vector<std::string> pieces_;  //!< the page between markers: one more than fields_
  std::vector<int> fields_;          //!< which text each marker stands for (kSlotIndex: the slot)
  std::size_t size_ = 0;
};

//! Appends `text` escaped exactly as the template engine escapes {{name}}.
void AppendEscaped(std::string& out, std::string_view text);

//! Things made once and shared by every thread (stencils, pages of
//! questions), by key. Framework versions never change, so an entry never
//! goes stale; a bound on entries stops unusual keys from growing memory.
template <typename T>
class SharedCache {
 public:
  //! The entry for `key`, made by `make` the first time.
  std::shared_ptr<const T> Get(const std::string& key, const std::function<T()>& make) {
    {
      std::lock_guard lock(mutex_);
      if (auto it = entries_.find(key); it != entries_.end()) return it->second;
    }
    auto made = std::make_shared<const T>(make());
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_.emplace(key, made);
    return made;
  }

 private:
  static constexpr std::size_t kMaxEntries = 1024;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const T>> entries_;
};

}  // namespace lqf::web
