#pragma once
//! Searching a framework's elements by words, for the framework browser.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/framework.hpp"

namespace lqf::domain {

//! One element that matched, with a rank (higher is better).
struct SearchHit {
  const Node* node = nullptr;
  int score = 0;
};

//! The longest query we search for; longer input is refused by the caller.
inline constexpr std::size_t kMaxSearchQueryLength = 200;

//! Splits a query into lower-case search terms (letters and digits; a dot
//! inside a term is kept so codes like "k1.2" match).
std::vector<std::string> SearchTerms(std::string_view query);

//! Elements in which every term occurs (case-insensitive, as a word prefix),
//! best first: a code match, then matches in the heading or wording, then in
//! descriptions; ties keep document order. At most `limit` hits.
std::vector<SearchHit> Search(const Framework& framework, std::string_view query, std::size_t limit = 100);

}  // namespace lqf::domain
