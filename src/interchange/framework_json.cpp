#include "interchange/framework_json.hpp"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <initializer_list>
#include <set>
#include <unordered_map>
#include <utility>

#include "interchange/pretty_json.hpp"

namespace lqf::interchange {
namespace json = boost::json;
using domain::Framework;
using domain::Node;
using domain::NodeType;
using domain::Scale;
using domain::ScalePurpose;

namespace {

// Field length limits: generous for real frameworks, small enough that a
// hostile file cannot make us store megabytes per element.
constexpr std::size_t kMaxCodeLength = 32;
constexpr std::size_t kMaxTitleLength = 300;
constexpr std::size_t kMaxTextLength = 2000;
constexpr std::size_t kMaxDescriptionLength = 20000;
constexpr std::size_t kMinScalePoints = 2;
constexpr std::size_t kMaxScalePoints = 11;
constexpr std::size_t kMaxScales = 8;
// Deep enough for any sensible file, shallow enough to keep recursion bounded.
constexpr std::size_t kMaxJsonNesting = 64;

std::string Quote(std::string_view s) {
  std::string out = "\"";
  out.append(s.substr(0, 60));
  if (s.size() > 60) out += "...";
  return out + "\"";
}

//! "line L, column C" for a byte offset, counting columns in bytes from 1.
std::string LineColumn(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

bool IsCodeChar(char c, bool first) {
  bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  if (first) return alpha;
  return alpha || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

//! "a category", "an attribute".
std::string WithArticle(std::string_view noun) {
  const bool vowel = !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(noun);
}

bool IsSlugChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

//! Walks the JSON and collects every problem; builds the framework as it goes,
//! which is thrown away unless no problem was found.
class Validator {
 public:
  explicit Validator(Problems& problems) : problems_(problems) {}

  void Top(const json::object& root, Framework& fw) {
    Fields(root, "",
           {"format", "code", "version", "title", "short_title", "publisher", "published", "source", "description",
            "scales", "model", "nodes"});
    if (auto format = String(root, "", "format", 40, true)) {
      if (*format != kFrameworkFormat) {
        Add("format", "must be \"" + std::string(kFrameworkFormat) + "\", found " + Quote(*format));
      }
    }
    if (auto code = String(root, "", "code", kMaxCodeLength, true)) {
      if (!std::all_of(code->begin(), code->end(), IsSlugChar)) {
        Add("code", "use only lower-case letters, digits and hyphens, found " + Quote(*code));
      }
      fw.code = *code;
    }
    if (auto version = String(root, "", "version", kMaxCodeLength, true)) {
      bool ok = std::all_of(version->begin(), version->end(), [](char c) { return IsCodeChar(c, false) || c == '_'; });
      if (!ok) Add("version", "use only letters, digits, dots and hyphens, found " + Quote(*version));
      fw.version = *version;
    }
    fw.title = String(root, "", "title", kMaxTitleLength, true).value_or("");
    fw.short_title = String(root, "", "short_title", kMaxTitleLength, true).value_or("");
    fw.publisher = String(root, "", "publisher", kMaxTitleLength, false).value_or("");
    fw.published = String(root, "", "published", kMaxCodeLength, false).value_or("");
    fw.source = String(root, "", "source", kMaxTitleLength * 2, false).value_or("");
    fw.description = String(root, "", "description", kMaxDescriptionLength, true, true).value_or("");

    if (const auto* scales = Array(root, "", "scales", true)) Scales(*scales, fw);
    if (const auto* nodes = Array(root, "", "nodes", true)) {
      if (nodes->empty()) Add("nodes", "must list at least one element");
      for (std::size_t i = 0; i < nodes->size(); ++i) {
        NodeAt((*nodes)[i], "nodes[" + std::to_string(i) + "]", std::nullopt, 0, fw);
      }
    }
    if (auto it = root.find("model"); it != root.end()) ModelAt(it->value(), fw);
  }

 private:
  void Add(std::string where, std::string message) { problems_.push_back({std::move(where), std::move(message)}); }

  static std::string Join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

  //! Reports keys that the format does not define (likely typos).
  void Fields(const json::object& obj, const std::string& path, std::initializer_list<std::string_view> allowed) {
    for (const auto& kv : obj) {
      if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end()) {
        Add(Join(path, kv.key()), "unknown field (check the spelling; see docs/framework-format.md)");
      }
    }
  }

  //! A string field: present if required, a string, not blank, within limits,
  //! no control characters (newlines only where `multiline`).
  std::optional<std::string> String(const json::object& obj, const std::string& path, std::string_view key,
                                    std::size_t max, bool required, bool multiline = false) {
    const auto where = Join(path, key);
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) Add(where, "missing");
      return std::nullopt;
    }
    if (!it->value().is_string()) {
      Add(where, "must be a string");
      return std::nullopt;
    }
    std::string value(it->value().get_string());
    if (value.find_first_not_of(" \t\n") == std::string::npos) {
      Add(where, "must not be empty");
      return std::nullopt;
    }
    if (value.size() > max) {
      Add(where, "too long: " + std::to_string(value.size()) + " bytes, at most " + std::to_string(max));
      return std::nullopt;
    }
    if (value.front() == ' ' || value.back() == ' ' || value.front() == '\n' || value.back() == '\n') {
      Add(where, "must not start or end with spaces or line breaks");
    }
    for (unsigned char c : value) {
      if (c < 0x20 && !(multiline && c == '\n')) {
        Add(where, multiline ? "must not contain control characters other than line breaks"
                             : "must not contain line breaks or control characters");
        break;
      }
    }
    return value;
  }

  const json::array* Array(const json::object& obj, const std::string& path, std::string_view key, bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) Add(Join(path, key), "missing");
      return nullptr;
    }
    if (!it->value().is_array()) {
      Add(Join(path, key), "must be a list");
      return nullptr;
    }
    return &it->value().get_array();
  }

  const json::object* Object(const json::value& value, const std::string& path) {
    if (!value.is_object()) {
      Add(path, "must be an object");
      return nullptr;
    }
    return &value.get_object();
  }

  void Scales(const json::array& scales, Framework& fw) {
    if (scales.size() > kMaxScales) Add("scales", "at most " + std::to_string(kMaxScales) + " scales");
    std::set<std::string> codes;
    int proficiency = 0, importance = 0;
    for (std::size_t i = 0; i < scales.size() && i < kMaxScales; ++i) {
      const auto path = "scales[" + std::to_string(i) + "]";
      const auto* obj = Object(scales[i], path);
      if (!obj) continue;
      Fields(*obj, path, {"code", "purpose", "title", "question", "points", "no_answer"});
      Scale scale;
      if (auto code = String(*obj, path, "code", kMaxCodeLength, true)) {
        if (!std::all_of(code->begin(), code->end(), IsSlugChar)) {
          Add(path + ".code", "use only lower-case letters, digits and hyphens, found " + Quote(*code));
        } else if (!codes.insert(*code).second) {
          Add(path + ".code", "duplicate scale code " + Quote(*code));
        }
        scale.code = *code;
      }
      if (auto purpose = String(*obj, path, "purpose", kMaxCodeLength, true)) {
        if (*purpose == "proficiency") {
          scale.purpose = ScalePurpose::kProficiency;
          if (++proficiency > 1) Add(path + ".purpose", "only one proficiency scale is allowed");
        } else if (*purpose == "importance") {
          scale.purpose = ScalePurpose::kImportance;
          if (++importance > 1) Add(path + ".purpose", "only one importance scale is allowed");
        } else {
          Add(path + ".purpose", "must be \"proficiency\" or \"importance\", found " + Quote(*purpose));
        }
      }
      scale.title = String(*obj, path, "title", kMaxTitleLength, true).value_or("");
      scale.question = String(*obj, path, "question", kMaxTitleLength, true).value_or("");
      if (const auto* points = Array(*obj, path, "points", true)) {
        if (points->size() < kMinScalePoints || points->size() > kMaxScalePoints) {
          Add(path + ".points", "must have between " + std::to_string(kMinScalePoints) + " and " +
                                    std::to_string(kMaxScalePoints) + " points, found " +
                                    std::to_string(points->size()));
        }
        for (std::size_t p = 0; p < points->size() && p < kMaxScalePoints; ++p) {
          const auto ppath = path + ".points[" + std::to_string(p) + "]";
          const auto* pobj = Object((*points)[p], ppath);
          if (!pobj) continue;
          Fields(*pobj, ppath, {"value", "label", "description"});
          domain::ScalePoint point;
          auto vit = pobj->find("value");
          if (vit == pobj->end()) {
            Add(ppath + ".value", "missing");
          } else if (!vit->value().is_int64() || vit->value().get_int64() < -1000 || vit->value().get_int64() > 1000) {
            Add(ppath + ".value", "must be a whole number between -1000 and 1000");
          } else {
            point.value = static_cast<int>(vit->value().get_int64());
            if (!scale.points.empty() && point.value <= scale.points.back().value) {
              Add(ppath + ".value", "values must go up: " + std::to_string(point.value) + " does not follow " +
                                        std::to_string(scale.points.back().value));
            }
          }
          point.label = String(*pobj, ppath, "label", kMaxTitleLength, true).value_or("");
          point.description = String(*pobj, ppath, "description", kMaxTitleLength * 2, false).value_or("");
          scale.points.push_back(std::move(point));
        }
      }
      if (auto nit = obj->find("no_answer"); nit != obj->end()) {
        if (const auto* nobj = Object(nit->value(), path + ".no_answer")) {
          Fields(*nobj, path + ".no_answer", {"label", "description"});
          domain::NoAnswer no_answer;
          no_answer.label = String(*nobj, path + ".no_answer", "label", kMaxTitleLength, true).value_or("");
          no_answer.description =
              String(*nobj, path + ".no_answer", "description", kMaxTitleLength * 2, false).value_or("");
          scale.no_answer = std::move(no_answer);
        }
      } else if (scale.purpose == ScalePurpose::kProficiency) {
        Add(path + ".no_answer",
            "missing: a proficiency scale needs a \"not able to comment\" answer that is never scored");
      }
      fw.scales.push_back(std::move(scale));
    }
    if (proficiency == 0) Add("scales", "must include a scale with purpose \"proficiency\"");
  }

  void NodeAt(const json::value& value, const std::string& path, std::optional<std::size_t> parent, int depth,
              Framework& fw) {
    if (fw.nodes.size() >= kMaxFrameworkNodes) {
      if (!too_many_reported_) {
        Add(path, "too many elements: at most " + std::to_string(kMaxFrameworkNodes));
        too_many_reported_ = true;
      }
      return;
    }
    const auto* obj = Object(value, path);
    if (!obj) return;
    if (depth >= kMaxFrameworkDepth) {
      Add(path, "nested too deeply: at most " + std::to_string(kMaxFrameworkDepth) + " levels");
      return;
    }
    Fields(*obj, path, {"code", "type", "title", "text", "description", "scored", "children"});

    const std::size_t index = fw.nodes.size();
    fw.nodes.emplace_back();
    Node node;
    node.depth = depth;
    node.parent = parent;
    if (auto code = String(*obj, path, "code", kMaxCodeLength, true)) {
      bool ok = IsCodeChar((*code)[0], true) &&
                std::all_of(code->begin() + 1, code->end(), [](char c) { return IsCodeChar(c, false); });
      if (!ok) {
        Add(path + ".code",
            "must start with a letter and use only letters, digits, dots and hyphens, found " + Quote(*code));
      } else if (auto [it, fresh] = first_seen_.emplace(*code, path + ".code"); !fresh) {
        Add(path + ".code", "duplicate " + Quote(*code) + " (first used at " + it->second + ")");
      }
      node.code = *code;
    }
    bool branch = false;
    bool type_known = false;
    if (auto type = String(*obj, path, "type", kMaxCodeLength, true)) {
      if (auto parsed = domain::ParseNodeType(*type)) {
        node.type = *parsed;
        branch = domain::IsBranchType(*parsed);
        type_known = true;
      } else {
        Add(path + ".type", "unknown type " + Quote(*type) +
                                " (one of category, area, functional-area, attribute, skill, statement, quality, "
                                "characteristic, context-issue)");
      }
    }
    const bool has_children = obj->contains("children");
    if (type_known && branch) {
      node.title = String(*obj, path, "title", kMaxTitleLength, true).value_or("");
      node.description = String(*obj, path, "description", kMaxDescriptionLength, false, true).value_or("");
      if (obj->contains("text"))
        Add(path + ".text", WithArticle(domain::NodeTypeName(node.type)) + " has a title, not text");
      if (obj->contains("scored")) Add(path + ".scored", "only elements that are rated can be unscored");
      if (!has_children)
        Add(path + ".children", "missing: " + WithArticle(domain::NodeTypeName(node.type)) + " must contain elements");
    } else if (type_known) {
      node.text = String(*obj, path, "text", kMaxTextLength, true).value_or("");
      if (obj->contains("title"))
        Add(path + ".title", WithArticle(domain::NodeTypeName(node.type)) + " has text, not a title");
      if (obj->contains("description")) {
        Add(path + ".description", "only categories and areas have a description");
      }
      if (has_children)
        Add(path + ".children", WithArticle(domain::NodeTypeName(node.type)) + " cannot contain other elements");
      if (auto sit = obj->find("scored"); sit != obj->end()) {
        if (!sit->value().is_bool()) {
          Add(path + ".scored", "must be true or false");
        } else {
          node.scored = sit->value().get_bool();
        }
      }
    }
    fw.nodes[index] = std::move(node);
    if (parent) {
      fw.nodes[*parent].children.push_back(index);
    } else {
      fw.roots.push_back(index);
    }
    if (type_known && branch && has_children) {
      if (const auto* children = Array(*obj, path, "children", true)) {
        if (children->empty()) Add(path + ".children", "must list at least one element");
        for (std::size_t i = 0; i < children->size(); ++i) {
          NodeAt((*children)[i], path + ".children[" + std::to_string(i) + "]", index, depth + 1, fw);
        }
      }
    }
  }

  void ModelAt(const json::value& value, Framework& fw) {
    const auto* obj = Object(value, "model");
    if (!obj) return;
    Fields(*obj, "model", {"core", "around", "description"});
    domain::Model model;
    model.description = String(*obj, "model", "description", kMaxDescriptionLength, false, true).value_or("");
    auto codes = [&](std::string_view key, std::vector<std::string>& out) {
      const auto* list = Array(*obj, "model", key, true);
      if (!list) return;
      if (list->empty()) Add("model." + std::string(key), "must list at least one element code");
      for (std::size_t i = 0; i < list->size(); ++i) {
        const auto where = "model." + std::string(key) + "[" + std::to_string(i) + "]";
        if (!(*list)[i].is_string()) {
          Add(where, "must be an element code");
          continue;
        }
        std::string code((*list)[i].get_string());
        if (!first_seen_.contains(code)) Add(where, "no element has the code " + Quote(code));
        out.push_back(std::move(code));
      }
    };
    codes("core", model.core);
    codes("around", model.around);
    fw.model = std::move(model);
  }

  Problems& problems_;
  std::unordered_map<std::string, std::string> first_seen_;  // code -> path where first used
  bool too_many_reported_ = false;
};

// --- writing -----------------------------------------------------------------

json::object NodeJson(const Framework& fw, const Node& node) {
  json::object out;
  out["code"] = node.code;
  out["type"] = domain::NodeTypeName(node.type);
  if (node.IsBranch()) {
    out["title"] = node.title;
    if (!node.description.empty()) out["description"] = node.description;
    json::array children;
    for (auto child : node.children) children.push_back(NodeJson(fw, fw.nodes[child]));
    out["children"] = std::move(children);
  } else {
    out["text"] = node.text;
    if (!node.scored) out["scored"] = false;
  }
  return out;
}

json::object FrameworkJson(const Framework& fw) {
  json::object out;
  out["format"] = kFrameworkFormat;
  out["code"] = fw.code;
  out["version"] = fw.version;
  out["title"] = fw.title;
  out["short_title"] = fw.short_title;
  if (!fw.publisher.empty()) out["publisher"] = fw.publisher;
  if (!fw.published.empty()) out["published"] = fw.published;
  if (!fw.source.empty()) out["source"] = fw.source;
  out["description"] = fw.description;
  json::array scales;
  for (const auto& scale : fw.scales) {
    json::object s;
    s["code"] = scale.code;
    s["purpose"] = scale.purpose == ScalePurpose::kProficiency ? "proficiency" : "importance";
    s["title"] = scale.title;
    s["question"] = scale.question;
    json::array points;
    for (const auto& point : scale.points) {
      json::object p;
      p["value"] = point.value;
      p["label"] = point.label;
      if (!point.description.empty()) p["description"] = point.description;
      points.push_back(std::move(p));
    }
    s["points"] = std::move(points);
    if (scale.no_answer) {
      json::object n;
      n["label"] = scale.no_answer->label;
      if (!scale.no_answer->description.empty()) n["description"] = scale.no_answer->description;
      s["no_answer"] = std::move(n);
    }
    scales.push_back(std::move(s));
  }
  out["scales"] = std::move(scales);
  if (fw.model) {
    json::object m;
    m["core"] = json::value_from(fw.model->core);
    m["around"] = json::value_from(fw.model->around);
    if (!fw.model->description.empty()) m["description"] = fw.model->description;
    out["model"] = std::move(m);
  }
  json::array nodes;
  for (auto root : fw.roots) nodes.push_back(NodeJson(fw, fw.nodes[root]));
  out["nodes"] = std::move(nodes);
  return out;
}

}  // namespace

FrameworkParseResult ParseFramework(std::string_view text) {
  FrameworkParseResult result;
  if (text.size() > kMaxFrameworkFileBytes) {
    result.problems.push_back({"", "file too large: " + std::to_string(text.size()) + " bytes, at most " +
                                       std::to_string(kMaxFrameworkFileBytes)});
    return result;
  }
  json::parse_options options;
  options.max_depth = kMaxJsonNesting;
  json::stream_parser parser({}, options);
  json::error_code ec;
  std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    result.problems.push_back({LineColumn(text, consumed), "not valid JSON: " + ec.message()});
    return result;
  }
  const json::value root = parser.release();
  if (!root.is_object()) {
    result.problems.push_back({"", "a framework file must be a JSON object"});
    return result;
  }
  Framework fw;
  Validator(result.problems).Top(root.get_object(), fw);
  if (result.problems.empty()) {
    fw.Index();
    result.framework = std::move(fw);
  }
  return result;
}

std::string WriteFrameworkJson(const Framework& framework, bool pretty) {
  const json::value doc = FrameworkJson(framework);
  if (!pretty) return json::serialize(doc);
  return PrettyJson(doc);
}

std::string ContentHash(const Framework& framework) {
  const std::string canonical = WriteFrameworkJson(framework, false);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(sizeof digest * 2);
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

}  // namespace lqf::interchange
