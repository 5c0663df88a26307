#include "domain/search.hpp"

#include <algorithm>

namespace lqf::domain {
namespace {

bool IsWordChar(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80; }

//! ASCII lower-casing; other bytes (UTF-8 sequences) pass through unchanged.
std::string Lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

//! True if `term` starts a word somewhere in `haystack` (already lower-case).
bool HasWordPrefix(std::string_view haystack, std::string_view term) {
  for (auto at = haystack.find(term); at != std::string_view::npos; at = haystack.find(term, at + 1)) {
    if (at == 0 || !IsWordChar(static_cast<unsigned char>(haystack[at - 1]))) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> SearchTerms(std::string_view query) {
  std::vector<std::string> terms;
  std::string current;
  auto flush = [&] {
    while (!current.empty() && current.back() == '.') current.pop_back();
    if (!current.empty()) terms.push_back(current);
    current.clear();
  };
  for (char raw : Lower(query)) {
    auto c = static_cast<unsigned char>(raw);
    if (IsWordChar(c) || (c == '.' && !current.empty())) {
      current.push_back(raw);
    } else {
      flush();
    }
  }
  flush();
  return terms;
}

std::vector<SearchHit> Search(const Framework& framework, std::string_view query, std::size_t limit) {
  const auto terms = SearchTerms(query);
  std::vector<SearchHit> hits;
  if (terms.empty()) return hits;
  for (const auto& node : framework.nodes) {
    const auto code = Lower(node.code);
    const auto heading = Lower(node.IsBranch() ? node.title : node.text);
    const auto description = Lower(node.description);
    int score = 0;
    bool all = true;
    for (const auto& term : terms) {
      if (code == term) {
        score += 100;
      } else if (HasWordPrefix(heading, term)) {
        score += 10;
      } else if (HasWordPrefix(description, term)) {
        score += 1;
      } else {
        all = false;
        break;
      }
    }
    if (all) hits.push_back({&node, score});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

}  // namespace lqf::domain
