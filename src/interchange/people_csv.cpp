#include "interchange/people_csv.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <unordered_map>
#include <utility>

#include "domain/text.hpp"

namespace lqf::interchange {
namespace {

using domain::Background;
using domain::Role;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Longest bit of a person's text we repeat back in a message: enough to
// recognise it, short enough that a pasted paragraph does not flood the page.
constexpr std::size_t kMaxQuotedLength = 40;

// The domain has no limit of its own for cohort names yet; they are short
// labels like organisation names, so they share that limit.
constexpr std::size_t kMaxCohortNameLength = domain::kMaxOrganisationNameLength;

std::string LineWhere(std::size_t line) { return "line " + std::to_string(line); }

// The N of a "line N" written by LineWhere, to put problems in file order.
std::size_t LineOf(const Problem& problem) {
  constexpr std::string_view kPrefix = "line ";
  std::size_t line = 0;
  if (problem.where.starts_with(kPrefix)) {
    const char* begin = problem.where.data() + kPrefix.size();
    std::from_chars(begin, problem.where.data() + problem.where.size(), line);
  }
  return line;
}

bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }

bool IsBlankField(std::string_view field) {
  return std::all_of(field.begin(), field.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return out;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) { return AsciiLower(a) == AsciiLower(b); }

// C0 controls, DEL and the C1 controls (U+0080..U+009F, which UTF-8 encodes
// as C2 80..C2 9F). Only called on valid UTF-8.
bool HasControlCharacter(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return true;
  }
  return false;
}

// Spreadsheets run a cell starting with one of these as a formula, so a file
// that round-trips through one could carry an attack (CSV injection).
bool LooksLikeFormula(std::string_view value) {
  return !value.empty() &&
         (value.front() == '=' || value.front() == '+' || value.front() == '-' || value.front() == '@');
}

// "5000" -> "5,000", as GOV.UK writes numbers.
std::string WithThousands(std::size_t number) {
  std::string digits = std::to_string(number);
  for (std::size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
  return digits;
}

std::string Quote(std::string_view text) {
  if (domain::CountCharacters(text) <= kMaxQuotedLength) return "\"" + std::string(text) + "\"";
  std::size_t end = 0;
  for (std::size_t kept = 0; end < text.size(); ++end) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80 && kept++ == kMaxQuotedLength) break;
  }
  return "\"" + std::string(text.substr(0, end)) + "...\"";
}

// "Programme lead" -> "programme lead", but "HR adviser" keeps its capitals.
std::string InSentence(std::string_view label) {
  std::string out(label);
  const bool acronym = out.size() > 1 && out[1] >= 'A' && out[1] <= 'Z';
  if (!acronym && !out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] + ('a' - 'A'));
  return out;
}

// ---------------------------------------------------------------------------
// The people import's columns and the messages it gives, in one place so the
// wording stays consistent (GOV.UK style: say what to do).

enum class Column { kName, kEmail, kOrganisation, kJobTitle, kBackground, kRole, kCohort };

struct ColumnSpec {
  Column column;
  std::string_view key;    // as written in the header, and in "line N, key"
  std::string_view label;  // how messages name it
  bool required;
  std::size_t max_length;  // 0 for columns whose values come from a list
};

constexpr std::array<ColumnSpec, 7> kColumns{{
    {Column::kName, "name", "Name", true, domain::kMaxNameLength},
    {Column::kEmail, "email", "Email address", true, domain::kMaxEmailLength},
    {Column::kOrganisation, "organisation", "Organisation", true, domain::kMaxOrganisationNameLength},
    {Column::kJobTitle, "job_title", "Job title", false, domain::kMaxJobTitleLength},
    {Column::kBackground, "background", "Background", false, 0},
    {Column::kRole, "role", "Role", false, 0},
    {Column::kCohort, "cohort", "Cohort", false, kMaxCohortNameLength},
}};

std::string ColumnList() {
  std::string out;
  for (const auto& spec : kColumns) {
    if (!out.empty()) out += ", ";
    out += spec.key;
  }
  return out;
}

std::string BackgroundList() {
  std::string out;
  for (Background background : domain::kAllBackgrounds) {
    if (background == Background::kNotRecorded) continue;  // that is what leaving it empty means
    if (!out.empty()) out += ", ";
    out += InSentence(domain::BackgroundLabel(background));
  }
  return out;
}

std::string RoleList() {
  std::string out;
  for (Role role : domain::kAllRoles) {
    if (!out.empty()) out += ", ";
    out += InSentence(domain::RoleLabel(role));
  }
  return out;
}

namespace message {

std::string FileTooLarge() {
  return "The file must be " + std::to_string(kMaxPeopleCsvBytes / (std::size_t{1024} * 1024)) +
         " MB or smaller. Split it into smaller files";
}
std::string TooManyRows() {
  return "The file has more than " + WithThousands(kMaxPeopleCsvRows) + " people. Split it into files of " +
         WithThousands(kMaxPeopleCsvRows) + " people or fewer";
}
std::string UnclosedQuote() {
  return "A quote mark (\") is not closed. Add the closing quote mark, and write any quote mark inside a value as "
         "two (\"\")";
}
std::string TextAfterQuote() {
  return "A closing quote mark (\") must be followed by a comma or the end of the line. Write any quote mark "
         "inside a value as two (\"\")";
}
std::string Empty() {
  return "The file is empty. The first line must name the columns, for example: name,email,organisation";
}
std::string NoPeople() { return "The file has no people in it. Add a line for each person below the first line"; }
std::string HeaderNotUtf8() {
  return "The file has characters that cannot be read. Save it as \"CSV UTF-8\" and try again";
}
std::string UnnamedColumn(std::size_t position) {
  return "Column " + std::to_string(position) + " has no name. Name it (" + ColumnList() + ") or remove it";
}
std::string UnknownColumn(std::string_view name) {
  return "Remove the column " + Quote(name) + " or rename it. The columns can be: " + ColumnList();
}
std::string DuplicateColumn(std::string_view key) {
  return "Remove one of the \"" + std::string(key) + "\" columns. Each column can appear only once";
}
std::string MissingColumn(std::string_view key) { return "Add a column named \"" + std::string(key) + "\""; }
std::string WrongFieldCount(std::size_t found, std::size_t expected) {
  return "This line has " + std::to_string(found) + (found == 1 ? " value" : " values") + " but the first line has " +
         std::to_string(expected) +
         " columns. Check for a missing or extra comma, and put any value that contains a comma in quote marks";
}
std::string NotUtf8(const ColumnSpec& spec) {
  return std::string(spec.label) + " has characters that cannot be read. Save the file as \"CSV UTF-8\" and try again";
}
std::string ControlCharacter(const ColumnSpec& spec) {
  return std::string(spec.label) + " must not contain line breaks, tabs or other control characters";
}
std::string Formula(const ColumnSpec& spec) {
  return std::string(spec.label) + " must not start with =, +, - or @, because a spreadsheet could run it as a formula";
}
std::string TooLong(const ColumnSpec& spec) {
  return std::string(spec.label) + " must be " + std::to_string(spec.max_length) + " characters or fewer";
}
std::string EnterName() { return "Enter a name"; }
std::string EnterEmail() { return "Enter an email address"; }
std::string EmailFormat() { return "Enter an email address in the correct format, like name@example.com"; }
std::string DuplicateEmail(std::size_t first_line) {
  return "This is the same email as line " + std::to_string(first_line) + ". Each person needs their own email address";
}
std::string EnterOrganisation() { return "Enter the name of the person's organisation"; }
std::string BackgroundChoice() { return "Background must be one of: " + BackgroundList(); }
std::string RoleChoice() { return "Role must be one of: " + RoleList(); }

}  // namespace message

std::optional<Background> MatchBackground(std::string_view value) {
  for (Background background : domain::kAllBackgrounds) {
    if (EqualsIgnoringCase(value, domain::BackgroundName(background)) ||
        EqualsIgnoringCase(value, domain::BackgroundLabel(background))) {
      return background;
    }
  }
  return std::nullopt;
}

std::optional<Role> MatchRole(std::string_view value) {
  for (Role role : domain::kAllRoles) {
    if (EqualsIgnoringCase(value, domain::RoleName(role)) || EqualsIgnoringCase(value, domain::RoleLabel(role))) {
      return role;
    }
  }
  return std::nullopt;
}

// Header cells are matched leniently ("Job title", " EMAIL ") because people
// type them by hand; values are not.
std::string HeaderKey(std::string_view cell) {
  std::string key = AsciiLower(TrimSpaces(cell));
  std::replace(key.begin(), key.end(), ' ', '_');
  std::replace(key.begin(), key.end(), '-', '_');
  return key;
}

// A problem and the line it sorts by, so structural problems from the reader
// and problems found in rows come out in file order.
struct Located {
  std::size_t line;
  Problem problem;
};

// Reads the header once, then each row against it; remembers emails across
// rows so a repeat can name the line it repeats.
class PeopleValidator {
 public:
  explicit PeopleValidator(std::vector<Located>& problems) : problems_(problems) {}

  //! Maps header cells to columns. False if the file cannot be read at all.
  bool Header(const CsvRecord& header) {
    const std::string where = LineWhere(header.line);
    for (const auto& cell : header.fields) {
      if (!domain::IsValidUtf8(cell)) {
        Add(header.line, where, message::HeaderNotUtf8());
        return false;
      }
    }
    width_ = header.fields.size();
    for (std::size_t k = 0; k < header.fields.size(); ++k) {
      const std::string key = HeaderKey(header.fields[k]);
      const auto spec = std::find_if(kColumns.begin(), kColumns.end(), [&](const auto& s) { return s.key == key; });
      if (key.empty()) {
        Add(header.line, where, message::UnnamedColumn(k + 1));
      } else if (spec == kColumns.end()) {
        Add(header.line, where, message::UnknownColumn(TrimSpaces(header.fields[k])));
      } else if (std::any_of(positions_.begin(), positions_.end(), [&](const auto& p) { return p.second == &*spec; })) {
        Add(header.line, where, message::DuplicateColumn(spec->key));
      } else {
        positions_.emplace_back(k, &*spec);
      }
    }
    for (const auto& spec : kColumns) {
      if (!spec.required) continue;
      if (std::none_of(positions_.begin(), positions_.end(), [&](const auto& p) { return p.second == &spec; })) {
        Add(header.line, where, message::MissingColumn(spec.key));
      }
    }
    return true;
  }

  //! Checks one record; returns the person if every value in it is valid.
  std::optional<PersonRow> Row(const CsvRecord& record) {
    if (record.fields.size() != width_) {
      Add(record.line, LineWhere(record.line), message::WrongFieldCount(record.fields.size(), width_));
      return std::nullopt;
    }
    PersonRow row;
    row.line = record.line;
    bool ok = true;
    for (const auto& [index, spec] : positions_) {
      ok = Value(record, *spec, record.fields[index], row) && ok;
    }
    if (!ok) return std::nullopt;
    return row;
  }

 private:
  void Add(std::size_t line, std::string where, std::string text) {
    problems_.push_back({line, {std::move(where), std::move(text)}});
  }

  // Checks common to every column first (encoding, control characters,
  // formulas), then what the column itself needs. One problem per value:
  // the first one is the one to fix.
  bool Value(const CsvRecord& record, const ColumnSpec& spec, std::string_view raw, PersonRow& row) {
    const std::string where = LineWhere(record.line) + ", " + std::string(spec.key);
    auto fail = [&](std::string text) {
      Add(record.line, where, std::move(text));
      return false;
    };
    if (!domain::IsValidUtf8(raw)) return fail(message::NotUtf8(spec));
    const std::string_view value = TrimSpaces(raw);
    if (HasControlCharacter(value)) return fail(message::ControlCharacter(spec));
    if (LooksLikeFormula(value)) return fail(message::Formula(spec));
    if (spec.max_length != 0 && domain::CountCharacters(value) > spec.max_length) return fail(message::TooLong(spec));

    switch (spec.column) {
      case Column::kName:
        if (value.empty()) return fail(message::EnterName());
        row.name = value;
        return true;
      case Column::kEmail: {
        if (value.empty()) return fail(message::EnterEmail());
        auto email = domain::NormaliseEmail(value);
        if (!email) return fail(message::EmailFormat());
        const auto [first, inserted] = first_line_of_email_.emplace(*email, record.line);
        if (!inserted) return fail(message::DuplicateEmail(first->second));
        row.email = std::move(*email);
        return true;
      }
      case Column::kOrganisation:
        if (value.empty()) return fail(message::EnterOrganisation());
        row.organisation = value;
        return true;
      case Column::kJobTitle:
        row.job_title = value;
        return true;
      case Column::kBackground: {
        if (value.empty()) return true;
        auto background = MatchBackground(value);
        if (!background) return fail(message::BackgroundChoice());
        row.background = *background;
        return true;
      }
      case Column::kRole: {
        if (value.empty()) return true;
        auto role = MatchRole(value);
        if (!role) return fail(message::RoleChoice());
        row.role = *role;
        return true;
      }
      case Column::kCohort:
        row.cohort = value;
        return true;
    }
    return true;
  }

  std::vector<Located>& problems_;
  std::size_t width_ = 0;
  std::vector<std::pair<std::size_t, const ColumnSpec*>> positions_;  // file order
  std::unordered_map<std::string, std::size_t> first_line_of_email_;
};

}  // namespace

CsvReadResult ParseCsvRecords(std::string_view text, std::size_t max_records) {
  CsvReadResult result;
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  const std::size_t n = text.size();
  std::size_t i = 0;
  std::size_t line = 1;
  // A line end is CRLF, LF, or a lone CR (old Mac spreadsheets), each one line.
  auto skip_line_end = [&] {
    i += (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
    ++line;
  };
  auto skip_spaces = [&](std::size_t from) {
    while (from < n && text[from] == ' ') ++from;
    return from;
  };

  while (i < n) {
    CsvRecord record;
    record.line = line;
    bool broken = false;
    for (;;) {
      std::string field;
      // Spaces before an opening quote are allowed: people write `a, "b, c"`.
      if (const std::size_t start = skip_spaces(i); start < n && text[start] == '"') {
        i = start + 1;
        bool closed = false;
        while (i < n) {
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (IsLineEnd(text[i])) {
            const std::size_t from = i;
            skip_line_end();
            field.append(text.substr(from, i - from));
            continue;
          }
          field += text[i++];
        }
        if (!closed) {
          // The rest of the file is inside the quote: nothing more can be read.
          result.problems.push_back({LineWhere(record.line), message::UnclosedQuote()});
          return result;
        }
        i = skip_spaces(i);
        if (i < n && text[i] != ',' && !IsLineEnd(text[i])) {
          if (!broken) result.problems.push_back({LineWhere(record.line), message::TextAfterQuote()});
          broken = true;
          while (i < n && text[i] != ',' && !IsLineEnd(text[i])) ++i;
        }
      } else {
        const std::size_t from = i;
        while (i < n && text[i] != ',' && !IsLineEnd(text[i])) ++i;
        field.append(text.substr(from, i - from));
      }
      record.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < n) skip_line_end();
      break;
    }
    if (broken || std::all_of(record.fields.begin(), record.fields.end(), IsBlankField)) continue;
    if (result.records.size() == max_records) {
      result.stopped_at_line = record.line;
      break;
    }
    result.records.push_back(std::move(record));
  }
  return result;
}

PeopleCsvResult ParsePeopleCsv(std::string_view text) {
  PeopleCsvResult result;
  if (text.size() > kMaxPeopleCsvBytes) {
    result.problems.push_back({"", message::FileTooLarge()});
    return result;
  }
  // The header, then at most the limit of people.
  const CsvReadResult csv = ParseCsvRecords(text, kMaxPeopleCsvRows + 1);

  std::vector<Located> problems;
  for (const auto& problem : csv.problems) problems.push_back({LineOf(problem), problem});
  const bool header_broken = !problems.empty() && (csv.records.empty() || problems.front().line < csv.records[0].line);

  std::vector<PersonRow> rows;
  if (csv.records.empty() && problems.empty()) {
    problems.push_back({1, {LineWhere(1), message::Empty()}});
  } else if (!header_broken) {
    // Without a readable header no row can be understood, so stop there.
    PeopleValidator validator(problems);
    if (validator.Header(csv.records[0])) {
      for (std::size_t k = 1; k < csv.records.size(); ++k) {
        if (auto row = validator.Row(csv.records[k])) rows.push_back(std::move(*row));
      }
      if (csv.stopped_at_line != 0) {
        problems.push_back({csv.stopped_at_line, {LineWhere(csv.stopped_at_line), message::TooManyRows()}});
      } else if (csv.records.size() == 1 && csv.problems.empty()) {
        const std::size_t line = csv.records[0].line + 1;
        problems.push_back({line, {LineWhere(line), message::NoPeople()}});
      }
    }
  }

  std::stable_sort(problems.begin(), problems.end(),
                   [](const Located& a, const Located& b) { return a.line < b.line; });
  for (auto& located : problems) result.problems.push_back(std::move(located.problem));
  if (result.problems.empty()) result.rows = std::move(rows);
  return result;
}

}  // namespace lqf::interchange
