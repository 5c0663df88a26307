#pragma once
//! A leadership framework: a tree of elements (attributes, skills, areas,
//! functional areas, statements...) and the rating scales people answer on.
//! Frameworks are data: they are loaded from files (see interchange/) and,
//! once loaded, never change; a new edition is a new version.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lqf::domain {

//! What kind of element a node is. Branch kinds group other nodes; leaf kinds
//! are what people rate (or, for context issues, are asked about).
enum class NodeType {
  kCategory,
  kArea,
  kFunctionalArea,
  kAttribute,
  kSkill,
  kStatement,
  kQuality,
  kCharacteristic,
  kContextIssue,
};

//! The file spelling of a node type ("functional-area"), and back.
std::string_view NodeTypeName(NodeType type);
std::optional<NodeType> ParseNodeType(std::string_view name);
//! A person-facing label, singular ("Leadership attribute").
std::string_view NodeTypeLabel(NodeType type);
//! True for the kinds that hold children rather than text.
bool IsBranchType(NodeType type);

//! One point of a scale, e.g. {3, "Effective"}.
struct ScalePoint {
  int value = 0;
  std::string label;
  std::string description;
};

//! The answer that is not a score ("Not able to comment").
struct NoAnswer {
  std::string label;
  std::string description;
};

//! What a scale measures.
enum class ScalePurpose { kProficiency, kImportance };

//! A rating scale. A "no answer" choice never counts as a score.
struct Scale {
  std::string code;
  ScalePurpose purpose = ScalePurpose::kProficiency;
  std::string title;
  std::string question;
  std::vector<ScalePoint> points;  //!< values strictly ascending
  std::optional<NoAnswer> no_answer;

  //! True if `value` is one of the points.
  bool HasValue(int value) const;
};

//! An element of the framework. Nodes live in Framework::nodes in document
//! (pre-)order, so iterating the vector reads the framework as printed.
struct Node {
  std::string code;  //!< stable, unique in its framework: "A1", "K2.3.4"
  NodeType type = NodeType::kStatement;
  std::string title;                  //!< branches: heading
  std::string text;                   //!< leaves: the exact wording
  std::string description;            //!< branches: introductory text, paragraphs split by "\n\n"
  bool scored = true;                 //!< leaves: false for questions asked as context only
  int depth = 0;                      //!< 0 for top-level nodes
  std::optional<std::size_t> parent;  //!< index into Framework::nodes
  std::vector<std::size_t> children;  //!< indices into Framework::nodes

  bool IsBranch() const { return IsBranchType(type); }
  //! The heading to show: the title of a branch, or a leaf's text with its
  //! first letter capitalised ("moral purpose" -> "Moral purpose").
  std::string DisplayName() const;
};

//! How the model diagram is arranged: a central core and what surrounds it.
struct Model {
  std::vector<std::string> core;    //!< codes of top-level nodes in the core
  std::vector<std::string> around;  //!< codes of the nodes drawn around the core
  std::string description;
};

//! A whole framework, immutable once built.
struct Framework {
  std::string code;     //!< "nlqf-2010"
  std::string version;  //!< "1.0"
  std::string title;
  std::string short_title;
  std::string publisher;
  std::string published;
  std::string source;
  std::string description;
  std::vector<Scale> scales;
  std::optional<Model> model;
  std::vector<Node> nodes;         //!< every node, document order
  std::vector<std::size_t> roots;  //!< indices of top-level nodes

  //! The node with `code`, or nullptr.
  const Node* Find(std::string_view code) const;
  //! The scale for a purpose, or nullptr.
  const Scale* FindScale(ScalePurpose purpose) const;
  //! Leaves that people rate, in document order.
  std::vector<const Node*> ScoredLeaves() const;
  //! Ancestors of a node from the root down (not including the node).
  std::vector<const Node*> Ancestors(const Node& node) const;
  //! Rebuilds the code index; call after filling `nodes`.
  void Index();

 private:
  std::unordered_map<std::string, std::size_t> by_code_;
};

}  // namespace lqf::domain
