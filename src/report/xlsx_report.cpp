#include "report/xlsx_report.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace lqf::report {
namespace {

// Excel refuses a cell holding more than this many characters (UTF-16 code
// units); libxlsxwriter refuses the write, which would lose the whole cell.
constexpr std::size_t kCellTextMax = 32767;
// What an invalid UTF-8 byte becomes: a workbook with one would not open.
constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";
// A literal underscore where Excel would otherwise read "_xHHHH_" as an escape.
constexpr std::string_view kEscapedUnderscore = "_x005F_";

constexpr std::string_view kNotAbleDefault = "Not able to comment";
constexpr std::string_view kWithheldNote =
    "Some groups of raters gave too few responses to be shown apart, so they are not shown on their own.";

[[noreturn]] void Fail(std::string_view what, lxw_error error) {
  throw std::runtime_error("XLSX report: " + std::string(what) + ": " + lxw_strerror(error));
}

// The length of the UTF-8 sequence starting at text[i] if it is a valid one
// (no overlong forms, no surrogates, nothing above U+10FFFF); 0 if not.
std::size_t ValidSequenceAt(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

// Whether text[i] starts "_xHHHH_", which Excel reads as the escape of one
// character, not as the seven characters written.
bool LooksEscapedAt(std::string_view text, std::size_t i) {
  if (i + 7 > text.size() || text[i] != '_' || text[i + 1] != 'x' || text[i + 6] != '_') return false;
  return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(i) + 2,
                     text.begin() + static_cast<std::ptrdiff_t>(i) + 6,
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// Text as a cell can hold it and Excel shows it: valid UTF-8, a literal
// "_xHHHH_" escaped as Excel escapes it ("_x005F_xHHHH_", as XlsxWriter does;
// libxlsxwriter 1.1.4 does not), at most kCellTextMax characters, cut at a
// character boundary. Most text is short ASCII and passes as it is; only the
// rest is copied into `scratch`.
const char* CellText(const std::string& text, std::string& scratch) {
  const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii && text.size() <= kCellTextMax && text.find("_x") == std::string::npos) return text.c_str();
  scratch.clear();
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = ValidSequenceAt(text, i);
    const bool escape = LooksEscapedAt(text, i);
    // A character beyond the BMP is a surrogate pair in Excel's count.
    const std::size_t needed = (length == 4 ? 2 : 1) + (escape ? kEscapedUnderscore.size() - 1 : 0);
    if (units + needed > kCellTextMax) break;
    units += needed;
    if (escape) {
      scratch += kEscapedUnderscore;
      ++i;
    } else if (length == 0) {
      scratch += kReplacementCharacter;
      ++i;
    } else {
      scratch.append(text, i, length);
      i += length;
    }
  }
  return scratch.c_str();
}

// A unique file for libxlsxwriter to write to, removed however we leave.
class TemporaryFile {
 public:
  TemporaryFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lqf-report-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd < 0) {
      throw std::runtime_error("XLSX report: cannot create a temporary file: " +
                               std::error_code(errno, std::generic_category()).message());
    }
    close(fd);
    path_ = std::move(pattern);
  }
  ~TemporaryFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::string& Path() const { return path_; }

  std::string Read() const {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw std::runtime_error("XLSX report: cannot read back the workbook");
    std::string bytes;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size > 0) bytes.resize(static_cast<std::size_t>(size));
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
      throw std::runtime_error("XLSX report: cannot read back the workbook");
    }
    return bytes;
  }

 private:
  std::string path_;
};

// A workbook not yet closed; freed if we leave by an exception.
struct WorkbookFree {
  void operator()(lxw_workbook* workbook) const { lxw_workbook_free(workbook); }
};
using WorkbookPtr = std::unique_ptr<lxw_workbook, WorkbookFree>;

// The workbook's formats, made once: libxlsxwriter keeps every format made
// until the workbook closes.
struct Formats {
  lxw_format* header = nullptr;
  lxw_format* decimal = nullptr;  // means, gaps, changes, norms
  lxw_format* whole = nullptr;    // counts, scores, importance
  lxw_format* wrapped = nullptr;  // statement text and comments

  explicit Formats(lxw_workbook* workbook)
      : header(workbook_add_format(workbook)),
        decimal(workbook_add_format(workbook)),
        whole(workbook_add_format(workbook)),
        wrapped(workbook_add_format(workbook)) {
    if (!header || !decimal || !whole || !wrapped) Fail("adding formats", LXW_ERROR_MEMORY_MALLOC_FAILED);
    format_set_bold(header);
    format_set_num_format(decimal, "0.00");
    format_set_num_format(whole, "0");
    format_set_text_wrap(wrapped);
    format_set_align(wrapped, LXW_ALIGN_VERTICAL_TOP);
  }
};

// One worksheet, every write checked.
class Sheet {
 public:
  Sheet(lxw_workbook* workbook, const char* name, const Formats& formats) : formats_(formats) {
    sheet_ = workbook_add_worksheet(workbook, name);
    if (!sheet_) Fail(name, LXW_ERROR_MEMORY_MALLOC_FAILED);
  }

  void Text(lxw_row_t row, lxw_col_t col, const std::string& text, lxw_format* format = nullptr) {
    if (text.empty()) return;
    Check(worksheet_write_string(sheet_, row, col, CellText(text, scratch_), format));
  }
  void Text(lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* format = nullptr) {
    Text(row, col, std::string(text), format);
  }
  // An absent figure, or one that is not a number at all, is an empty cell: never 0.
  void Number(lxw_row_t row, lxw_col_t col, std::optional<double> value, lxw_format* format) {
    if (!value || !std::isfinite(*value)) return;
    Check(worksheet_write_number(sheet_, row, col, *value, format));
  }
  void Decimal(lxw_row_t row, lxw_col_t col, std::optional<double> value) { Number(row, col, value, formats_.decimal); }
  void Whole(lxw_row_t row, lxw_col_t col, std::optional<int> value) {
    if (value) Number(row, col, static_cast<double>(*value), formats_.whole);
  }

  // A bold header row at `row`, columns from 0.
  void Header(lxw_row_t row, const std::vector<std::string>& titles) {
    for (std::size_t col = 0; col < titles.size(); ++col) {
      Text(row, static_cast<lxw_col_t>(col), titles[col], formats_.header);
    }
  }
  void Width(lxw_col_t first, lxw_col_t last, double width, lxw_format* format = nullptr) {
    Check(worksheet_set_column(sheet_, first, last, width, format));
  }
  void Freeze(lxw_row_t rows, lxw_col_t cols) { worksheet_freeze_panes(sheet_, rows, cols); }

  const Formats& formats() const { return formats_; }

 private:
  void Check(lxw_error error) const {
    if (error != LXW_NO_ERROR) Fail("writing a cell", error);
  }

  lxw_worksheet* sheet_ = nullptr;
  const Formats& formats_;
  std::string scratch_;
};

std::string_view NotAbleLabel(const domain::Report& report) {
  return report.not_able_label.empty() ? kNotAbleDefault : std::string_view(report.not_able_label);
}

// The figures a statement shows, then "others". A figure whose key the
// statement lists as withheld is a contradiction in the model; it is left
// out rather than risk showing a group the anonymity rule holds back.
std::vector<const domain::Figure*> ShownFigures(const domain::StatementResult& statement) {
  std::vector<const domain::Figure*> shown;
  shown.reserve(statement.figures.size() + 1);
  for (const auto& figure : statement.figures) {
    if (std::find(statement.withheld.begin(), statement.withheld.end(), figure.key) == statement.withheld.end()) {
      shown.push_back(&figure);
    }
  }
  shown.push_back(&statement.others);
  return shown;
}

void WriteSummary(Sheet& sheet, const domain::Report& report) {
  sheet.Width(0, 0, 48);
  sheet.Width(1, 1, 60);
  sheet.Header(0, {"Report", "Value"});
  sheet.Freeze(1, 0);
  lxw_row_t row = 1;
  auto item = [&](std::string_view name, const std::string& value) {
    sheet.Text(row, 0, name);
    sheet.Text(row, 1, value);
    ++row;
  };
  item("Participant", report.participant_name);
  item("Cycle", report.cycle_title);
  item("Framework", report.framework_title);
  item("Released", report.released_at);
  if (report.has_previous) item("Previous cycle", report.previous_title);

  ++row;
  sheet.Header(row++, {"Group", "Responses"});
  for (const auto& group : report.responses) {
    sheet.Text(row, 0, group.label);
    sheet.Whole(row, 1, group.responses);
    ++row;
  }

  ++row;
  sheet.Header(row++, {"Rule", "Value"});
  const auto& rules = report.rules;
  auto decimal = [&](std::string_view name, double value) {
    sheet.Text(row, 0, name);
    sheet.Decimal(row, 1, value);
    ++row;
  };
  auto whole = [&](std::string_view name, int value) {
    sheet.Text(row, 0, name);
    sheet.Whole(row, 1, value);
    ++row;
  };
  decimal("Gap threshold (blind spot or hidden strength)", rules.gap_threshold);
  decimal("Change threshold (change marked)", rules.change_threshold);
  whole("Development priority: importance at least", rules.priority_importance);
  decimal("Development priority: others' mean below", rules.priority_score);
  whole("Highest and lowest: statements listed", rules.top_count);
  whole("Cohort norm: released reports needed", rules.cohort_minimum);
  if (report.cohort_reports > 0) whole("Cohort norm: released reports behind it", report.cohort_reports);

  if (report.anything_withheld) {
    ++row;
    sheet.Text(row, 0, kWithheldNote);
  }
}

void WriteAreas(Sheet& sheet, const domain::Report& report) {
  // One column per figure key, in the order first met.
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& area : report.areas) {
    for (const auto& group : area.groups) {
      const bool known = std::any_of(keys.begin(), keys.end(), [&](const auto& k) { return k.first == group.key; });
      if (!known) keys.emplace_back(group.key, group.label);
    }
  }
  constexpr lxw_col_t kFirstGroup = 5;
  std::vector<std::string> header{"Area", "Title", "Self mean", "Others' mean", "Gap"};
  for (const auto& key : keys) header.push_back(key.second);
  sheet.Header(0, header);
  sheet.Freeze(1, 1);
  sheet.Width(0, 0, 10);
  sheet.Width(1, 1, 50);
  sheet.Width(2, static_cast<lxw_col_t>(header.size() - 1), 14);

  lxw_row_t row = 1;
  for (const auto& area : report.areas) {
    sheet.Text(row, 0, area.code);
    sheet.Text(row, 1, area.title);
    sheet.Decimal(row, 2, area.self_mean);
    sheet.Decimal(row, 3, area.others_mean);
    sheet.Decimal(row, 4, area.gap);
    for (const auto& group : area.groups) {
      const auto at = std::find_if(keys.begin(), keys.end(), [&](const auto& k) { return k.first == group.key; });
      const auto col = kFirstGroup + static_cast<lxw_col_t>(std::distance(keys.begin(), at));
      if (group.statements > 0) sheet.Decimal(row, col, group.mean);
    }
    ++row;
  }
}

void WriteStatements(Sheet& sheet, const domain::Report& report) {
  sheet.Header(0,
               {"Code", "Statement", "Area code", "Area", "Self score", "Self: not able to comment", "Self importance",
                "Others' responses", "Others' mean", "Gap", "Previous mean", "Change", "Marked change", "Cohort norm"});
  sheet.Freeze(1, 1);
  sheet.Width(0, 0, 10);
  sheet.Width(1, 1, 60, sheet.formats().wrapped);
  sheet.Width(2, 2, 10);
  sheet.Width(3, 3, 40);
  sheet.Width(4, 4, 12);
  sheet.Width(5, 5, 24);
  sheet.Width(6, 13, 14);

  const std::string not_able(NotAbleLabel(report));
  lxw_row_t row = 1;
  for (const auto& statement : report.statements) {
    sheet.Text(row, 0, statement.code);
    sheet.Text(row, 1, statement.text, sheet.formats().wrapped);
    sheet.Text(row, 2, statement.area_code);
    sheet.Text(row, 3, statement.area_title);
    sheet.Whole(row, 4, statement.self_score);
    if (statement.self_not_able) sheet.Text(row, 5, not_able);
    sheet.Whole(row, 6, statement.self_importance);
    sheet.Whole(row, 7, statement.others.responses);
    sheet.Decimal(row, 8, statement.others.mean);
    sheet.Decimal(row, 9, statement.gap);
    sheet.Decimal(row, 10, statement.previous_mean);
    sheet.Decimal(row, 11, statement.change);
    if (statement.marked_change) sheet.Text(row, 12, std::string_view("Yes"));
    sheet.Decimal(row, 13, statement.cohort_norm);
    ++row;
  }
}

void WriteFigures(Sheet& sheet, const domain::Report& report) {
  sheet.Header(0, {"Code", "Figure", "Responses", "Mean"});
  sheet.Freeze(1, 1);
  sheet.Width(0, 0, 10);
  sheet.Width(1, 1, 40);
  sheet.Width(2, 3, 12);
  lxw_row_t row = 1;
  for (const auto& statement : report.statements) {
    for (const auto* figure : ShownFigures(statement)) {
      sheet.Text(row, 0, statement.code);
      sheet.Text(row, 1, figure->label);
      sheet.Whole(row, 2, figure->responses);
      sheet.Decimal(row, 3, figure->mean);
      ++row;
    }
  }
}

void WriteDistribution(Sheet& sheet, const domain::Report& report) {
  std::vector<std::string> header{"Code", "Figure"};
  for (const auto& point : report.scale) {
    header.push_back(point.label.empty() ? std::to_string(point.value)
                                         : std::to_string(point.value) + " " + point.label);
  }
  header.emplace_back(NotAbleLabel(report));
  sheet.Header(0, header);
  sheet.Freeze(1, 2);
  sheet.Width(0, 0, 10);
  sheet.Width(1, 1, 40);
  sheet.Width(2, static_cast<lxw_col_t>(header.size() - 1), 16);

  const auto not_able_col = static_cast<lxw_col_t>(2 + report.scale.size());
  lxw_row_t row = 1;
  for (const auto& statement : report.statements) {
    for (const auto* figure : ShownFigures(statement)) {
      sheet.Text(row, 0, statement.code);
      sheet.Text(row, 1, figure->label);
      const auto& counts = figure->distribution.counts;
      for (std::size_t i = 0; i < report.scale.size() && i < counts.size(); ++i) {
        sheet.Whole(row, static_cast<lxw_col_t>(2 + i), counts[i]);
      }
      sheet.Whole(row, not_able_col, figure->distribution.not_able);
      ++row;
    }
  }
}

void WriteFindings(Sheet& sheet, const domain::Report& report) {
  sheet.Header(0, {"List", "Code", "Statement", "Value", "Value is"});
  sheet.Freeze(1, 0);
  sheet.Width(0, 0, 24);
  sheet.Width(1, 1, 10);
  sheet.Width(2, 2, 60, sheet.formats().wrapped);
  sheet.Width(3, 3, 10);
  sheet.Width(4, 4, 24);

  struct List {
    std::string_view name;
    std::string_view measure;
    const std::vector<domain::Finding>* findings;
  };
  const List lists[] = {
      {"Blind spots", "Self minus others' mean", &report.blind_spots},
      {"Hidden strengths", "Others' mean minus self", &report.hidden_strengths},
      {"Highest", "Others' mean", &report.highest},
      {"Lowest", "Others' mean", &report.lowest},
      {"Development priorities", "Importance", &report.priorities},
  };
  lxw_row_t row = 1;
  for (const auto& list : lists) {
    for (const auto& finding : *list.findings) {
      if (finding.statement >= report.statements.size()) continue;  // not in the report: nothing to name
      const auto& statement = report.statements[finding.statement];
      sheet.Text(row, 0, list.name);
      sheet.Text(row, 1, statement.code);
      sheet.Text(row, 2, statement.text, sheet.formats().wrapped);
      sheet.Decimal(row, 3, finding.value);
      sheet.Text(row, 4, list.measure);
      ++row;
    }
  }
}

void WriteComments(Sheet& sheet, const domain::Report& report) {
  sheet.Header(0, {"Code", "Statement", "Comment"});
  sheet.Freeze(1, 0);
  sheet.Width(0, 0, 10);
  sheet.Width(1, 1, 40, sheet.formats().wrapped);
  sheet.Width(2, 2, 80, sheet.formats().wrapped);
  lxw_row_t row = 1;
  for (const auto& statement : report.statements) {
    for (const auto& comment : statement.comments) {
      sheet.Text(row, 0, statement.code);
      sheet.Text(row, 1, statement.text, sheet.formats().wrapped);
      sheet.Text(row, 2, comment, sheet.formats().wrapped);
      ++row;
    }
  }
}

}  // namespace

std::string XlsxReport(const domain::Report& report) {
  const TemporaryFile file;
  WorkbookPtr workbook(workbook_new(file.Path().c_str()));
  if (!workbook) Fail("creating the workbook", LXW_ERROR_MEMORY_MALLOC_FAILED);

  const Formats formats(workbook.get());
  using Writer = void (*)(Sheet&, const domain::Report&);
  const std::pair<const char*, Writer> sheets[] = {
      {"Summary", WriteSummary},           {"Areas", WriteAreas},
      {"Statements", WriteStatements},     {"Figures", WriteFigures},
      {"Distribution", WriteDistribution}, {"Findings", WriteFindings},
      {"Comments", WriteComments},
  };
  for (const auto& [name, write] : sheets) {
    Sheet sheet(workbook.get(), name, formats);
    write(sheet, report);
  }

  // workbook_close frees the workbook whatever it returns.
  const lxw_error closed = workbook_close(workbook.release());
  if (closed != LXW_NO_ERROR) Fail("writing the workbook", closed);
  return file.Read();
}

}  // namespace lqf::report
