#include "interchange/framework_csv.hpp"

namespace lqf::interchange {

std::string CsvCell(std::string_view value) {
  std::string cell;
  // A cell a spreadsheet would evaluate as a formula is defused with a leading
  // apostrophe (OWASP's advice on CSV injection).
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' || value[0] == '\t' ||
                         value[0] == '\r')) {
    cell += '\'';
  }
  cell.append(value);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string WriteFrameworkCsv(const domain::Framework& framework) {
  std::string out = "code,type,parent,depth,name,scored,description\r\n";
  for (const auto& node : framework.nodes) {
    out += CsvCell(node.code);
    out += ',';
    out += CsvCell(domain::NodeTypeName(node.type));
    out += ',';
    if (node.parent) out += CsvCell(framework.nodes[*node.parent].code);
    out += ',';
    out += std::to_string(node.depth);
    out += ',';
    out += CsvCell(node.IsBranch() ? node.title : node.text);
    out += ',';
    if (!node.IsBranch()) out += node.scored ? "yes" : "no";
    out += ',';
    out += CsvCell(node.description);
    out += "\r\n";
  }
  return out;
}

}  // namespace lqf::interchange
