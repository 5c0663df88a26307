// The XLSX report read back for real: written to a file and opened with
// openpyxl (python3-openpyxl), which reports each sheet's name, its frozen
// panes and every cell's value with its Python type, so the checks below see
// what a spreadsheet would, not what we meant to write.

#include "report/xlsx_report.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <sys/wait.h>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "sample_report.hpp"

namespace lqf {
namespace {

using report::XlsxReport;
using testing::SampleReport;

// Prints, tab-separated: "S", sheet name (hex), freeze_panes or "-"; then per
// cell with a value: "C", sheet name (hex), coordinate, Python type name,
// openpyxl data type ("s" text, "n" number, "f" formula), str(value) (hex).
// Hex keeps any text, hostile or not, on one line. No single quotes inside:
// the script travels in single quotes through the shell.
constexpr const char* kReadBack = R"(
import sys
try:
    import openpyxl
except ImportError:
    sys.exit(3)
wb = openpyxl.load_workbook(sys.argv[1])
hx = lambda s: s.encode("utf-8", "surrogatepass").hex()
for ws in wb.worksheets:
    print("S", hx(ws.title), ws.freeze_panes or "-", sep="\t")
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                print("C", hx(ws.title), c.coordinate, type(c.value).__name__, c.data_type, hx(str(c.value)), sep="\t")
)";

// How many times the shared strings hold "_x0041_" escaped as Excel escapes it.
constexpr const char* kCountEscapes = R"(
import sys, zipfile
print(zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode("utf-8").count("_x005F_x0041_"))
)";

struct Cell {
  std::string type;       // Python's: "str", "int", "float"
  std::string data_type;  // openpyxl's: "s", "n", "f"
  std::string value;
};

struct SheetData {
  std::string freeze_panes;
  std::map<std::pair<int, int>, Cell> cells;  // (row, column), both from 1

  const Cell* At(int row, int col) const {
    const auto it = cells.find({row, col});
    return it == cells.end() ? nullptr : &it->second;
  }
  // The column whose header (row 1) is `title`, or 0.
  int Column(const std::string& title) const {
    for (const auto& [at, cell] : cells) {
      if (at.first == 1 && cell.value == title) return at.second;
    }
    return 0;
  }
  // The first row whose first column holds `code`, or 0.
  int Row(const std::string& code) const {
    for (const auto& [at, cell] : cells) {
      if (at.first > 1 && at.second == 1 && cell.value == code) return at.first;
    }
    return 0;
  }
  int DataRows() const {
    return static_cast<int>(std::count_if(cells.begin(), cells.end(),
                                          [](const auto& c) { return c.first.first > 1 && c.first.second == 1; }));
  }
};

struct ReadBack {
  std::vector<std::string> order;
  std::map<std::string, SheetData> sheets;
};

std::string FromHex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

// "AB12" as (12, 28).
std::pair<int, int> Coordinate(const std::string& coordinate) {
  int col = 0;
  std::size_t i = 0;
  for (; i < coordinate.size() && std::isalpha(static_cast<unsigned char>(coordinate[i])); ++i) {
    col = col * 26 + (coordinate[i] - 'A' + 1);
  }
  return {std::stoi(coordinate.substr(i)), col};
}

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, '\t');) fields.push_back(field);
  return fields;
}

class TemporaryFile {
 public:
  TemporaryFile() {
    // openpyxl judges a workbook by its file name's extension.
    path_ = (std::filesystem::temp_directory_path() / "lqf-xlsx-test-XXXXXX.xlsx").string();
    const int fd = mkstemps(path_.data(), 5);
    if (fd >= 0) close(fd);
  }
  ~TemporaryFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& Path() const { return path_; }

 private:
  std::string path_;
};

// What `script` (python3, given the workbook's path) prints about the
// workbook; fails the test, naming the package to install, if it cannot run.
std::optional<std::string> RunPython(const char* script, const std::string& bytes) {
  TemporaryFile file;
  std::ofstream(file.Path(), std::ios::binary) << bytes;
  // Debian's interpreter first: python3-openpyxl installs for it, and a
  // python3 earlier on PATH (pyenv, a virtualenv) may lack the module.
  const std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const std::string command =
      "PYTHONIOENCODING=utf-8 " + python + " -c '" + std::string(script) + "' '" + file.Path() + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    ADD_FAILURE() << "cannot run python3 (Debian package python3-openpyxl)";
    return std::nullopt;
  }
  std::string output;
  char buffer[65536];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  const int status = pclose(pipe);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code == 127) {
    ADD_FAILURE() << "python3 is missing: install the Debian package python3-openpyxl (scripts/setup test)";
    return std::nullopt;
  }
  if (code == 3) {
    ADD_FAILURE() << "openpyxl is missing: install the Debian package python3-openpyxl (scripts/setup test)";
    return std::nullopt;
  }
  if (code != 0) {
    ADD_FAILURE() << "python3 could not read the workbook:\n" << output;
    return std::nullopt;
  }
  return output;
}

// The workbook as openpyxl reads it; fails the test if it cannot be read.
std::optional<ReadBack> Read(const std::string& bytes) {
  const auto output = RunPython(kReadBack, bytes);
  if (!output) return std::nullopt;
  ReadBack book;
  std::stringstream lines(*output);
  for (std::string line; std::getline(lines, line);) {
    const auto fields = Split(line);
    if (fields.size() == 3 && fields[0] == "S") {
      book.order.push_back(FromHex(fields[1]));
      book.sheets[book.order.back()].freeze_panes = fields[2];
    } else if (fields.size() == 6 && fields[0] == "C") {
      book.sheets[FromHex(fields[1])].cells[Coordinate(fields[2])] = Cell{fields[3], fields[4], FromHex(fields[5])};
    } else {
      ADD_FAILURE() << "unexpected line from the read-back script: " << line;
    }
  }
  return book;
}

// Others' mean from a figure's distribution, as the report defines it.
double MeanOf(const domain::Distribution& distribution) {
  double sum = 0;
  int n = 0;
  for (std::size_t i = 0; i < distribution.counts.size(); ++i) {
    sum += static_cast<double>(distribution.counts[i]) * static_cast<double>(i + 1);
    n += distribution.counts[i];
  }
  return sum / n;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

TEST(XlsxReport, IsAZipFile) {
  const std::string bytes = XlsxReport(SampleReport());
  ASSERT_GE(bytes.size(), 4u);
  EXPECT_EQ(bytes.substr(0, 2), "PK");
}

TEST(XlsxReport, ReadsBackAsAWorkbookOfRealNumbersAndPlainText) {
  auto sample = SampleReport();
  sample.statements[0].comments.push_back("=1+2");
  sample.statements[0].comments.push_back("=HYPERLINK(\"http://example.com\",\"click\")");
  const auto book = Read(XlsxReport(sample));
  ASSERT_TRUE(book);

  EXPECT_EQ(book->order, (std::vector<std::string>{"Summary", "Areas", "Statements", "Figures", "Distribution",
                                                   "Findings", "Comments"}));
  for (const auto& [name, sheet] : book->sheets) {
    EXPECT_NE(sheet.freeze_panes, "-") << name << " has no frozen panes";
    EXPECT_EQ(sheet.At(1, 1) ? sheet.At(1, 1)->type : "", "str") << name << " has no header";
  }

  // Others' mean for A1 is a number, the sample's own.
  const auto& statements = book->sheets.at("Statements");
  const int a1 = statements.Row("A1");
  const int mean_col = statements.Column("Others' mean");
  ASSERT_GT(a1, 0);
  ASSERT_GT(mean_col, 0);
  const Cell* mean = statements.At(a1, mean_col);
  ASSERT_NE(mean, nullptr);
  EXPECT_EQ(mean->type, "float");
  EXPECT_DOUBLE_EQ(std::stod(mean->value), MeanOf(sample.statements[0].others.distribution));

  // Absent figures are empty cells, never 0: S4 has no self score and no gap.
  const int s4 = statements.Row("S4");
  ASSERT_GT(s4, 0);
  EXPECT_EQ(statements.At(s4, statements.Column("Self score")), nullptr);
  EXPECT_EQ(statements.At(s4, statements.Column("Gap")), nullptr);
  const Cell* not_able = statements.At(s4, statements.Column("Self: not able to comment"));
  ASSERT_NE(not_able, nullptr);
  EXPECT_EQ(not_able->value, "Not able to comment");
  const Cell* marked = statements.At(s4, statements.Column("Marked change"));
  ASSERT_NE(marked, nullptr);
  EXPECT_EQ(marked->value, "Yes");
  EXPECT_EQ(statements.At(a1, statements.Column("Marked change")), nullptr);

  // Distribution counts are numbers, under the scale's labelled points.
  const auto& distribution = book->sheets.at("Distribution");
  EXPECT_GT(distribution.Column("1 Not yet developed"), 0);
  EXPECT_GT(distribution.Column("Not able to comment"), 0);
  int counts = 0;
  for (const auto& [at, cell] : distribution.cells) {
    if (at.first == 1 || at.second <= 2) continue;
    ++counts;
    EXPECT_TRUE(cell.type == "int" || cell.type == "float") << "count read back as " << cell.type;
    EXPECT_EQ(cell.data_type, "n");
  }
  EXPECT_GT(counts, 0);

  // Areas: a column per figure key met in any area, holding that group's mean.
  const auto& areas = book->sheets.at("Areas");
  const int group_col = areas.Column(sample.areas[0].groups[0].label);
  ASSERT_GT(group_col, 0);
  const Cell* group_mean = areas.At(areas.Row(sample.areas[0].code), group_col);
  ASSERT_NE(group_mean, nullptr);
  EXPECT_EQ(group_mean->data_type, "n");
  EXPECT_DOUBLE_EQ(std::stod(group_mean->value), sample.areas[0].groups[0].mean);

  // Findings: every list's value a number.
  const auto& findings = book->sheets.at("Findings");
  const int value_col = findings.Column("Value");
  ASSERT_GT(value_col, 0);
  EXPECT_EQ(findings.DataRows(),
            static_cast<int>(sample.blind_spots.size() + sample.hidden_strengths.size() + sample.highest.size() +
                             sample.lowest.size() + sample.priorities.size()));
  for (const auto& [at, cell] : findings.cells) {
    if (at.first > 1 && at.second == value_col) {
      EXPECT_EQ(cell.data_type, "n");
    }
  }

  // Figures: one row per statement and figure, "others" included.
  std::size_t figures = 0;
  for (const auto& s : sample.statements) figures += s.figures.size() + 1;
  EXPECT_EQ(book->sheets.at("Figures").DataRows(), static_cast<int>(figures));

  // Hostile text stays text.
  bool title_found = false;
  for (const auto& [at, cell] : book->sheets.at("Summary").cells) {
    if (cell.value == sample.cycle_title) {
      title_found = true;
      EXPECT_EQ(cell.type, "str");
      EXPECT_EQ(cell.data_type, "s");
    }
  }
  EXPECT_TRUE(title_found);
  int formula_like = 0;
  for (const auto& [at, cell] : book->sheets.at("Comments").cells) {
    if (cell.value.rfind('=', 0) == 0) {
      ++formula_like;
      EXPECT_EQ(cell.type, "str");
      EXPECT_EQ(cell.data_type, "s") << cell.value << " was read back as a formula";
    }
  }
  EXPECT_EQ(formula_like, 2);

  // Numbers everywhere a figure is shown: no cell outside a header is a number written as text.
  for (const auto& [name, sheet] : book->sheets) {
    for (const auto& [at, cell] : sheet.cells) {
      if (cell.type != "str") continue;
      char* end = nullptr;
      std::strtod(cell.value.c_str(), &end);
      const bool numeric_text = !cell.value.empty() && end == cell.value.c_str() + cell.value.size();
      EXPECT_FALSE(numeric_text) << name << " holds the number " << cell.value << " as text";
    }
  }

  // Nothing of the withheld group, anywhere.
  for (const auto& [name, sheet] : book->sheets) {
    for (const auto& [at, cell] : sheet.cells) {
      EXPECT_EQ(Lower(cell.value).find(testing::kWithheldGroup), std::string::npos) << name << ": " << cell.value;
      EXPECT_EQ(Lower(cell.value).find("lead member"), std::string::npos) << name << ": " << cell.value;
    }
  }
}

TEST(XlsxReport, SaysSomethingWasWithheldWithoutNamingIt) {
  auto sample = SampleReport();
  const auto with = Read(XlsxReport(sample));
  sample.anything_withheld = false;
  const auto without = Read(XlsxReport(sample));
  ASSERT_TRUE(with && without);
  auto mentions = [](const SheetData& sheet) {
    return std::count_if(sheet.cells.begin(), sheet.cells.end(),
                         [](const auto& c) { return c.second.value.find("too few responses") != std::string::npos; });
  };
  EXPECT_EQ(mentions(with->sheets.at("Summary")), 1);
  EXPECT_EQ(mentions(without->sheets.at("Summary")), 0);
}

TEST(XlsxReport, KeepsHostileTextAsExcelCanHoldIt) {
  auto sample = SampleReport();
  sample.statements[0].comments = {
      // Over Excel's 32,767-character cell limit, with a two-byte character across the cut.
      std::string(32766, 'x') + "\xC3\xA9\xC3\xA9 tail",
      "bad \xFF\xFE bytes",
      // Excel would show "_x0041_" as "A" unless its underscore is escaped.
      "_x0041_ and _x00_",
  };
  const auto book = Read(XlsxReport(sample));
  ASSERT_TRUE(book);
  const auto& comments = book->sheets.at("Comments");
  const int col = comments.Column("Comment");
  std::vector<std::string> read;
  for (const auto& [at, cell] : comments.cells) {
    if (at.first > 1 && at.second == col) read.push_back(cell.value);
  }
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0], std::string(32766, 'x') + "\xC3\xA9");
  EXPECT_EQ(read[1], "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
  EXPECT_EQ(read[2], "_x0041_ and _x00_");  // openpyxl, like Excel, undoes the escape

  // The escape itself, in the shared strings as Excel reads them.
  const auto escaped = RunPython(kCountEscapes, XlsxReport(sample));
  ASSERT_TRUE(escaped);
  EXPECT_EQ(*escaped, "1\n");
}

TEST(XlsxReport, HasARowPerStatementForAFullReport) {
  auto sample = SampleReport();
  const auto base = sample.statements;
  sample.statements.clear();
  for (int i = 0; i < 82; ++i) {
    auto statement = base[static_cast<std::size_t>(i) % base.size()];
    char code[16];  // not "X" + std::to_string(...): GCC 12 warns falsely (-Wrestrict) on that
    std::snprintf(code, sizeof code, "X%d", i + 1);
    statement.code = code;
    sample.statements.push_back(std::move(statement));
  }
  const auto book = Read(XlsxReport(sample));
  ASSERT_TRUE(book);
  const auto& statements = book->sheets.at("Statements");
  EXPECT_EQ(statements.DataRows(), 82);
  EXPECT_GT(statements.Row("X82"), 0);
}

}  // namespace
}  // namespace lqf
