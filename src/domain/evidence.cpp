#include "domain/evidence.hpp"

#include <algorithm>
#include <array>

#include "domain/text.hpp"

namespace lqf::domain {
namespace {

constexpr std::string_view kWord = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::string_view kExcel = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::string_view kPowerPoint = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

constexpr std::array<EvidenceType, 9> kTypes{{
    {"pdf", "application/pdf", "PDF"},
    {"png", "image/png", "PNG image"},
    {"jpg", "image/jpeg", "JPEG image"},
    {"jpeg", "image/jpeg", "JPEG image"},
    {"docx", kWord, "Word document"},
    {"xlsx", kExcel, "Excel workbook"},
    {"pptx", kPowerPoint, "PowerPoint presentation"},
    {"txt", "text/plain; charset=utf-8", "Text"},
    {"csv", "text/csv; charset=utf-8", "CSV"},
}};

//! One UTF-8 sequence at the start of `text`: its code point and length, or a
//! length of 1 and no code point for a byte that does not start a valid one.
struct Decoded {
  std::optional<char32_t> code_point;
  std::size_t length = 1;
};

Decoded DecodeOne(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t value = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
  } else {
    return {};
  }
  if (text.size() < length) return {};
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return {};
    value = (value << 6) | (byte(i) & 0x3F);
  }
  // Overlong forms, surrogates and values beyond Unicode are not characters.
  static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kSmallest[length] || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) return {};
  return {value, length};
}

//! Spaces of every width read as one plain space.
bool IsSpace(char32_t c) { return c == U' ' || c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x3000; }

//! The characters a stored name may hold (spaces apart). Conservative on
//! purpose: no control, format, invisible or direction-changing characters,
//! no look-alikes of '/' and '\', nothing a shell, a header or a file system
//! reads specially.
bool IsKept(char32_t c) {
  if (c < 0x80) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9') ||
           std::u32string_view(U"._-()[],+&'").find(c) != std::u32string_view::npos;
  }
  return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7)  // Latin-1 letters, Latin Extended-A and B
         || (c >= 0x300 && c <= 0x36F)                        // combining accents (names from macOS come decomposed)
         || (c >= 0x370 && c <= 0x3FF && c != 0x37E && c != 0x387)  // Greek, not its ';' and '·'
         || (c >= 0x400 && c <= 0x4FF)                              // Cyrillic
         || (c >= 0x1E00 && c <= 0x1EFF)                            // Latin Extended Additional (Welsh ẃ, ỳ)
         || (c >= 0x2010 && c <= 0x2015)                            // hyphens and dashes
         || c == 0x2018 || c == 0x2019                              // curly apostrophes
         || (c >= 0x3040 && c <= 0x30FF)                            // hiragana and katakana
         || (c >= 0x4E00 && c <= 0x9FFF)                            // CJK ideographs
         || (c >= 0xAC00 && c <= 0xD7A3);                           // Hangul syllables
}

bool IsTrimmed(char c) { return c == ' ' || c == '.'; }

//! The last extension of a name, lower case, without its dot; empty if none.
std::string Extension(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  std::string extension(name.substr(dot + 1));
  for (auto& c : extension) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return extension;
}

bool Contains(std::string_view content, std::string_view what) { return content.find(what) != std::string_view::npos; }

//! True if `content` is what a file of `type` must be. An Office Open XML
//! file is a ZIP package whose entry names (stored uncompressed in the
//! archive) include [Content_Types].xml and the part folder of its kind: a
//! ZIP of anything else renamed .docx is not taken.
bool ContentMatches(const EvidenceType& type, std::string_view content) {
  const auto& ext = type.extension;
  if (ext == "pdf") return content.starts_with("%PDF-");
  if (ext == "png") return content.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8));
  if (ext == "jpg" || ext == "jpeg") return content.starts_with("\xFF\xD8\xFF");
  if (ext == "docx" || ext == "xlsx" || ext == "pptx") {
    const std::string_view folder = ext == "docx" ? "word/" : ext == "xlsx" ? "xl/" : "ppt/";
    return content.starts_with(std::string_view("PK\x03\x04", 4)) && Contains(content, "[Content_Types].xml") &&
           Contains(content, folder);
  }
  // Text: UTF-8 (ASCII is too) and no NUL, which no text file holds.
  return IsValidUtf8(content) && content.find('\0') == std::string_view::npos;
}

}  // namespace

std::span<const EvidenceType> EvidenceTypes() { return kTypes; }

std::optional<EvidenceType> EvidenceTypeOf(std::string_view file_name) {
  const auto extension = Extension(file_name);
  for (const auto& type : kTypes) {
    if (type.extension == extension) return type;
  }
  return std::nullopt;
}

std::string_view EvidenceTypeLabel(std::string_view content_type) {
  for (const auto& type : kTypes) {
    if (type.content_type == content_type) return type.label;
  }
  return "File";
}

std::string SafeFileName(std::string_view name) {
  // Only the last part of a path: browsers on Windows have sent "C:\...\x.pdf".
  if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string safe;
  bool space = false;
  while (!name.empty()) {
    const auto decoded = DecodeOne(name);
    const auto bytes = name.substr(0, decoded.length);
    name.remove_prefix(decoded.length);
    if (!decoded.code_point) continue;
    if (IsSpace(*decoded.code_point)) {
      space = !safe.empty();
      continue;
    }
    if (!IsKept(*decoded.code_point)) continue;
    if (space) safe += ' ';
    space = false;
    safe += bytes;
    // Nothing hidden: no leading dots (".htaccess", "..").
    if (safe.find_first_not_of(". ") == std::string::npos) safe.clear();
  }
  // Windows drops trailing dots and spaces, which could turn "x.pdf." into another name.
  while (!safe.empty() && IsTrimmed(safe.back())) safe.pop_back();
  return safe;
}

std::vector<PlanProblem> CheckEvidence(bool sent, std::string_view file_name, std::string_view content,
                                       CheckedEvidence* checked) {
  const auto problem = [](std::string code) { return std::vector<PlanProblem>{{"file", std::move(code)}}; };
  if (!sent || (file_name.empty() && content.empty())) return problem("missing");
  if (content.empty()) return problem("empty");
  if (content.size() > kMaxEvidenceBytes) return problem("too_large");
  auto safe = SafeFileName(file_name);
  if (safe.empty() || CountCharacters(safe) > kMaxEvidenceNameCharacters) return problem("name");
  const auto type = EvidenceTypeOf(safe);
  if (!type) return problem("type");
  if (!ContentMatches(*type, content)) return problem("mismatch");
  if (checked != nullptr) *checked = {std::move(safe), std::string(type->content_type)};
  return {};
}

}  // namespace lqf::domain
