#include "report/pdf_report.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/canvas.hpp"
#include "report/charts.hpp"
#include "report/pdf_writer.hpp"

namespace lqf::report {

namespace {

using domain::Figure;
using domain::Finding;
using domain::Report;
using domain::StatementResult;
using namespace pdf;

// ---- words and figures ----

std::string Signed(double value) {
  std::string text = Fixed(value);
  return value > 0 && text != "0.0" ? "+" + text : text;
}

std::string Maybe(const std::optional<double>& value) { return value ? Fixed(*value) : "-"; }
std::string MaybeSigned(const std::optional<double>& value) { return value ? Signed(*value) : "-"; }

std::string NotAbleLabel(const Report& report) {
  return report.not_able_label.empty() ? "Not able to comment" : report.not_able_label;
}

std::string ScaleLabel(const Report& report, int value) {
  for (const auto& point : report.scale) {
    if (point.value == value) return std::to_string(value) + " (" + point.label + ")";
  }
  return std::to_string(value);
}

std::string StatementName(const StatementResult& s) { return s.code + " " + s.text; }

// ---- the charts, drawn where the writer has room for them ----

//! The legend of a kind of chart on its own (the statements' charts share one key).
void Key(Writer& w, const Report& report, ChartKind kind) {
  w.Drawing(KeySize(report, kind).height, 6,
            [&](Canvas& canvas, double x, double y) { DrawKey(canvas, report, kind, x, y); });
}

void PutChart(Writer& w, const Report& report, const Chart& chart) {
  w.Drawing(SizeOf(report, chart).height, 10,
            [&](Canvas& canvas, double x, double y) { Draw(canvas, report, chart, x, y); });
}

// ---- the report's parts ----

constexpr const char* kSummary = "Summary";
constexpr const char* kAreas = "Self and others by area";
constexpr const char* kGaps = "Blind spots and hidden strengths";
constexpr const char* kHighLow = "Highest and lowest";
constexpr const char* kPriorities = "Development priorities";
constexpr const char* kStatements = "Statements";

std::vector<Entry> Entries(const Report& report) {
  // Every section starts a page of its own; the statements' long list is
  // closed in the outline until asked for.
  std::vector<Entry> entries = {{kSummary, 1, true}, {kAreas, 1, true},      {kGaps, 1, true},
                                {kHighLow, 1, true}, {kPriorities, 1, true}, {kStatements, 1, true, false}};
  for (const auto& s : report.statements) entries.push_back({StatementName(s), 2});
  return entries;
}

void Cover(Writer& w, const Report& report) {
  w.NewPage();
  w.MoveTo(kMargin + 150);
  w.Paragraph("360-degree feedback report", 14, false, kDarkGrey, 0, 14);
  w.Paragraph(report.participant_name, 28, true, kBlack, 0, 16);
  w.Paragraph(report.cycle_title, 16, false, kBlack, 0, 10);
  w.Paragraph(report.framework_title, 12, false, kBlack, 0, 24);
  w.Paragraph("Results released " + domain::DateInWords(report.released_at), 11, false, kBlack, 0, 40);
  w.Paragraph("Confidential", 16, true, kBlack, 0, 6);
  w.Paragraph(
      "This report is for " + report.participant_name +
          " and whoever they choose to share it with. Raters' answers are shown only in groups large enough to keep "
          "them anonymous, and comments are unattributed and in random order.",
      kBodySize, false, kDarkGrey);
}

void ContentsPage(Writer& w, const std::vector<Entry>& entries) {
  w.NewPage();
  if (w.Cairo()) {
    std::string link = "page=" + std::to_string(2) + " pos=[" + std::to_string(static_cast<int>(kMargin)) + " " +
                       std::to_string(static_cast<int>(kMargin)) + "]";
    cairo_pdf_surface_add_outline(cairo_get_target(w.Cairo()), CAIRO_PDF_OUTLINE_ROOT, "Contents", link.c_str(),
                                  cairo_pdf_outline_flags_t{});
  }
  w.Heading("Contents", 1);
  w.Contents(entries);
}

std::string ThresholdWords(double threshold) { return Fixed(threshold) + (threshold == 1.0 ? " point" : " points"); }

void Summary(Writer& w, const Report& report, const Entry& entry) {
  w.Section(entry);
  w.Heading("Responses", 3);
  std::vector<Row> rows;
  int total = 0;
  for (const auto& group : report.responses) {
    rows.push_back({group.label, std::to_string(group.responses)});
    total += group.responses;
  }
  rows.push_back({"Total", std::to_string(total)});
  w.Table({{kContentWidth - 100, false}, {100, true}}, {"Group", "Responses"}, rows);
  if (report.anything_withheld) {
    w.Paragraph(
        "For some statements, a group of raters gave too few answers to be shown apart without the risk of "
        "identifying them. Their answers to those statements are not shown as a group of their own, and the figures "
        "for \"All raters shown\" pool only the groups that are shown.");
  }

  w.Heading("At a glance", 3);
  w.Paragraph(Count(static_cast<int>(report.statements.size()), "statement", "statements") + "; " +
              Count(static_cast<int>(report.blind_spots.size()), "blind spot", "blind spots") + "; " +
              Count(static_cast<int>(report.hidden_strengths.size()), "hidden strength", "hidden strengths") + "; " +
              Count(static_cast<int>(report.priorities.size()), "development priority", "development priorities") +
              ".");

  w.Heading("How to read this report", 3);
  std::string scale;
  if (!report.scale.empty()) {
    scale = "Scores are on a scale from " + ScaleLabel(report, report.scale.front().value) + " to " +
            ScaleLabel(report, report.scale.back().value) + ". ";
  }
  w.Paragraph(scale + "\"" + NotAbleLabel(report) +
              "\" is counted apart and is never a score. \"Others\" are all the raters shown for a statement, pooled; "
              "your own answers are never among them. A gap is your score minus others' mean.");
  const auto& rules = report.rules;
  w.Paragraph("A blind spot is a statement you scored at least " + ThresholdWords(rules.gap_threshold) +
              " above others' mean; a hidden strength, one where others' mean is at least " +
              ThresholdWords(rules.gap_threshold) + " above your score.");
  w.Paragraph("A development priority is a statement you rated " + std::to_string(rules.priority_importance) +
              " or more for importance and where others' mean is below " + Fixed(rules.priority_score) + ".");
  w.Paragraph("Highest and lowest list up to " + std::to_string(rules.top_count) +
              " statements with others' highest and lowest means.");
  if (report.has_previous) {
    w.Paragraph("Changes are against your previous cycle, " + report.previous_title + "; a change in others' mean of " +
                ThresholdWords(rules.change_threshold) + " or more either way is marked.");
  }
  if (report.cohort_reports > 0) {
    w.Paragraph("The cohort norm is the mean of others' means across " +
                Count(report.cohort_reports, "report", "reports") + " in your cohort on this framework.");
  } else {
    w.Paragraph("There is no cohort norm: it needs at least " + std::to_string(rules.cohort_minimum) +
                " released reports in your cohort on this framework.");
  }
}

void Areas(Writer& w, const Report& report, const Entry& entry) {
  w.Section(entry);
  w.Paragraph(
      "For each area of the framework: the mean of your own scores and the mean of others' means for its "
      "statements.");
  PutChart(w, report, {ChartKind::kAreas, 0});
  std::vector<Row> rows;
  for (const auto& area : report.areas) {
    rows.push_back({area.title, Maybe(area.self_mean), Maybe(area.others_mean), MaybeSigned(area.gap)});
  }
  if (rows.empty()) {
    w.Paragraph("No areas to show.");
    return;
  }
  w.Table({{kContentWidth - 210, false}, {70, true}, {80, true}, {60, true}},
          {"Area", "Self mean", "Others' mean", "Gap"}, rows);
}

std::vector<Row> GapRows(const Report& report, const std::vector<Finding>& findings) {
  std::vector<Row> rows;
  for (const auto& f : findings) {
    if (f.statement >= report.statements.size()) continue;
    const auto& s = report.statements[f.statement];
    rows.push_back({StatementName(s), s.self_score ? std::to_string(*s.self_score) : "-", Maybe(s.others.mean),
                    MaybeSigned(s.gap)});
  }
  return rows;
}

void Gaps(Writer& w, const Report& report, const Entry& entry) {
  w.Section(entry);
  const std::vector<Column> columns = {{kContentWidth - 180, false}, {50, true}, {80, true}, {50, true}};
  const Row header = {"Statement", "Self", "Others' mean", "Gap"};
  std::string threshold = ThresholdWords(report.rules.gap_threshold);
  w.Heading("Blind spots", 3);
  w.Paragraph("Statements where you scored yourself at least " + threshold + " above others' mean, largest first.");
  if (report.blind_spots.empty()) {
    w.Paragraph("None.");
  } else {
    w.Table(columns, header, GapRows(report, report.blind_spots));
  }
  w.Heading("Hidden strengths", 3);
  w.Paragraph("Statements where others' mean is at least " + threshold + " above your own score, largest first.");
  if (report.hidden_strengths.empty()) {
    w.Paragraph("None.");
  } else {
    w.Table(columns, header, GapRows(report, report.hidden_strengths));
  }
}

void HighLow(Writer& w, const Report& report, const Entry& entry) {
  w.Section(entry);
  const std::vector<Column> columns = {{kContentWidth - 160, false}, {80, true}, {80, true}};
  const Row header = {"Statement", "Others' mean", "Responses"};
  auto rows = [&](const std::vector<Finding>& findings) {
    std::vector<Row> out;
    for (const auto& f : findings) {
      if (f.statement >= report.statements.size()) continue;
      const auto& s = report.statements[f.statement];
      out.push_back({StatementName(s), Maybe(s.others.mean), std::to_string(s.others.responses)});
    }
    return out;
  };
  std::string top = std::to_string(report.rules.top_count);
  w.Heading("Highest", 3);
  w.Paragraph("Up to " + top + " statements with others' highest means.");
  if (report.highest.empty()) {
    w.Paragraph("None.");
  } else {
    w.Table(columns, header, rows(report.highest));
  }
  w.Heading("Lowest", 3);
  w.Paragraph("Up to " + top + " statements with others' lowest means.");
  if (report.lowest.empty()) {
    w.Paragraph("None.");
  } else {
    w.Table(columns, header, rows(report.lowest));
  }
}

void Priorities(Writer& w, const Report& report, const Entry& entry) {
  w.Section(entry);
  w.Paragraph("Statements you rated " + std::to_string(report.rules.priority_importance) +
              " or more for importance where others' mean is below " + Fixed(report.rules.priority_score) +
              " (the shaded region), most important first. The chart places every statement with an importance "
              "rating and others' mean.");
  PutChart(w, report, {ChartKind::kPriorities, 0});
  std::vector<Row> rows;
  for (const auto& f : report.priorities) {
    if (f.statement >= report.statements.size()) continue;
    const auto& s = report.statements[f.statement];
    rows.push_back({StatementName(s), s.self_importance ? std::to_string(*s.self_importance) : "-",
                    Maybe(s.others.mean), s.self_score ? std::to_string(*s.self_score) : "-"});
  }
  if (rows.empty()) {
    w.Paragraph("No development priorities.");
    return;
  }
  w.Table({{kContentWidth - 210, false}, {70, true}, {80, true}, {60, true}},
          {"Statement", "Importance", "Others' mean", "Self"}, rows);
}

std::string SelfInWords(const Report& report, const StatementResult& s) {
  if (s.self_score) return ScaleLabel(report, *s.self_score);
  return s.self_not_able ? NotAbleLabel(report) : "Not given";
}

void Statement(Writer& w, const Report& report, std::size_t index, const Entry& entry) {
  const auto& s = report.statements[index];
  w.Section(entry);
  if (!s.area_title.empty() && s.area_code != s.code)
    w.Paragraph("Part of " + s.area_title, kSmallSize, false, kDarkGrey);

  std::vector<Row> key;
  key.push_back({"Your score", SelfInWords(report, s)});
  key.push_back({"Importance to you", s.self_importance ? std::to_string(*s.self_importance) : "Not given"});
  key.push_back({"Others' mean",
                 s.others.mean ? Fixed(*s.others.mean) + " from " + Count(s.others.responses, "response", "responses")
                               : "No scores"});
  key.push_back({"Gap (your score minus others' mean)", MaybeSigned(s.gap)});
  if (report.has_previous) {
    std::string change = "Not asked then";
    if (s.previous_mean) {
      change = "Others' mean then " + Fixed(*s.previous_mean);
      if (s.change) change += "; change " + Signed(*s.change);
      if (s.marked_change) {
        change += " (marked: " + ThresholdWords(report.rules.change_threshold) + " or more)";
      }
    }
    key.push_back({"Since " + report.previous_title, change});
  }
  if (s.cohort_norm) {
    key.push_back({"Cohort norm (" + Count(report.cohort_reports, "report", "reports") + ")", Fixed(*s.cohort_norm)});
  }
  w.Table({{200, false}, {kContentWidth - 200, false}}, {}, key);

  // Their keys are printed once, before the first statement.
  PutChart(w, report, {ChartKind::kStatement, index, false});
  PutChart(w, report, {ChartKind::kDistribution, index, false});

  std::vector<Column> columns = {{140, false}, {55, true}, {40, true}};
  Row header = {"Figure", "Responses", "Mean"};
  double rest = kContentWidth - 140 - 55 - 40 - 55;
  std::size_t points = std::max<std::size_t>(report.scale.size(), 1);
  for (const auto& point : report.scale) {
    columns.push_back({rest / static_cast<double>(points), true});
    header.push_back(std::to_string(point.value));
  }
  columns.push_back({55, true});
  header.push_back("Not able");
  auto row = [&](const Figure& figure) {
    Row r = {figure.label, std::to_string(figure.responses), Maybe(figure.mean)};
    for (std::size_t i = 0; i < report.scale.size(); ++i) {
      r.push_back(i < figure.distribution.counts.size() ? std::to_string(figure.distribution.counts[i]) : "0");
    }
    r.push_back(std::to_string(figure.distribution.not_able));
    return r;
  };
  std::vector<Row> rows;
  for (const auto& figure : s.figures) rows.push_back(row(figure));
  rows.push_back(row(s.others));
  w.Table(columns, header, rows);

  w.Heading("Comments", 3);
  if (s.comments.empty()) {
    w.Paragraph("No comments to show.", kBodySize, false, kDarkGrey);
  }
  for (const auto& comment : s.comments) w.Paragraph(comment, kBodySize, false, kBlack, 12, 8);
}

void Compose(Writer& w, const Report& report) {
  auto entries = Entries(report);
  Cover(w, report);
  ContentsPage(w, entries);
  Summary(w, report, entries[0]);
  Areas(w, report, entries[1]);
  Gaps(w, report, entries[2]);
  HighLow(w, report, entries[3]);
  Priorities(w, report, entries[4]);
  w.Section(entries[5]);
  w.Paragraph(
      "Each statement in turn: the figures for every group shown, how the answers spread over the scale, "
      "and the comments made about it. The two charts of every statement use these keys:");
  Key(w, report, ChartKind::kStatement);
  Key(w, report, ChartKind::kDistribution);
  for (std::size_t i = 0; i < report.statements.size(); ++i) Statement(w, report, i, entries[6 + i]);
}

}  // namespace

std::string PdfReport(const Report& report) {
  PageStyle style{report.participant_name + " \u00b7 Confidential", 2};
  Metadata metadata{"360-degree feedback report: " + report.participant_name + ", " + report.cycle_title,
                    report.framework_title};
  return Render(style, metadata, std::size_t{64} * 1024 + report.statements.size() * 8 * 1024,
                [&](Writer& w) { Compose(w, report); });
}

}  // namespace lqf::report
