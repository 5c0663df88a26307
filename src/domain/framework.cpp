#include "domain/framework.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace lqf::domain {
namespace {

struct TypeInfo {
  NodeType type;
  std::string_view name;
  std::string_view label;
  bool branch;
};

constexpr std::array<TypeInfo, 9> kTypes{{
    {NodeType::kCategory, "category", "Category", true},
    {NodeType::kArea, "area", "Area of strategic leadership", true},
    {NodeType::kFunctionalArea, "functional-area", "Functional area", true},
    {NodeType::kAttribute, "attribute", "Leadership attribute", false},
    {NodeType::kSkill, "skill", "Leadership skill", false},
    {NodeType::kStatement, "statement", "Functional statement", false},
    {NodeType::kQuality, "quality", "Personal quality", false},
    {NodeType::kCharacteristic, "characteristic", "Professional characteristic", false},
    {NodeType::kContextIssue, "context-issue", "Issue that influences the role", false},
}};

const TypeInfo& Info(NodeType type) { return kTypes[static_cast<std::size_t>(type)]; }

}  // namespace

std::string_view NodeTypeName(NodeType type) { return Info(type).name; }
std::string_view NodeTypeLabel(NodeType type) { return Info(type).label; }
bool IsBranchType(NodeType type) { return Info(type).branch; }

std::optional<NodeType> ParseNodeType(std::string_view name) {
  for (const auto& info : kTypes) {
    if (info.name == name) return info.type;
  }
  return std::nullopt;
}

bool Scale::HasValue(int value) const {
  return std::any_of(points.begin(), points.end(), [value](const ScalePoint& p) { return p.value == value; });
}

std::string Node::DisplayName() const {
  if (IsBranch()) return title;
  std::string name = text;
  // Only ASCII letters are capitalised: the framework's leaves all start with one,
  // and a multi-byte first character is left exactly as written.
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name;
}

const Node* Framework::Find(std::string_view code) const {
  auto it = by_code_.find(std::string(code));
  return it == by_code_.end() ? nullptr : &nodes[it->second];
}

const Scale* Framework::FindScale(ScalePurpose purpose) const {
  for (const auto& scale : scales) {
    if (scale.purpose == purpose) return &scale;
  }
  return nullptr;
}

std::vector<const Node*> Framework::ScoredLeaves() const {
  std::vector<const Node*> leaves;
  for (const auto& node : nodes) {
    if (!node.IsBranch() && node.scored) leaves.push_back(&node);
  }
  return leaves;
}

std::vector<const Node*> Framework::Ancestors(const Node& node) const {
  std::vector<const Node*> chain;
  for (auto at = node.parent; at; at = nodes[*at].parent) chain.push_back(&nodes[*at]);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

void Framework::Index() {
  by_code_.clear();
  by_code_.reserve(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) by_code_.emplace(nodes[i].code, i);
}

}  // namespace lqf::domain
