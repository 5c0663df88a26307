#pragma once
//! The framework's model drawn as an accessible SVG: the central core (for
//! the 2010 framework, leadership attributes and skills) within the areas
//! around it (the four areas of strategic leadership).

#include <string>
#include <string_view>

#include "domain/framework.hpp"

namespace lqf::web {

//! An inline <svg role="img"> with <title> and <desc> (ids derived from
//! `id_prefix`), or an empty string if the framework has no model. Uses
//! presentation attributes only, so it needs no inline style under our CSP.
std::string ModelSvg(const domain::Framework& framework, std::string_view id_prefix);

//! The same picture in words, for <desc> and for the page's text alternative.
std::string ModelSummary(const domain::Framework& framework);

}  // namespace lqf::web
