#pragma once
//! A 360-degree feedback report: every figure a report shows, worked out from
//! the responses of one release, under the anonymity rule (domain/anonymity.hpp)
//! applied statement by statement. Pure: the same inputs give the same report,
//! comments included (their random order comes from a seed the caller keeps).
//! Every form of the report (the page, PDF, XLSX, JSON) renders this and
//! nothing else, so none can show what the rule withholds.
//!
//! Scores are on the framework's proficiency scale; "not able to comment" is
//! counted apart and is never a score. A mean is shown only for a figure the
//! rule shows; "others" for a statement pools exactly the raters in the
//! figures shown for it (all raters but self when nothing is withheld).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/anonymity.hpp"
#include "domain/feedback.hpp"
#include "domain/framework.hpp"

namespace lqf::domain {

//! The thresholds a report uses, stated in the report itself.
struct ReportRules {
  //! Self at least this far above others is a blind spot; others this far
  //! above self, a hidden strength (points of the proficiency scale).
  double gap_threshold = 1.0;
  //! A change in others' mean since the previous cycle at least this large is marked.
  double change_threshold = 0.5;
  //! Importance (the participant's own rating, on the importance scale) at
  //! least this, with others' mean below `priority_score`, makes a development priority.
  int priority_importance = 3;
  double priority_score = 3.0;
  //! How many statements in "highest" and "lowest".
  int top_count = 5;
  //! Released reports in the cohort on the same framework needed for a cohort norm.
  int cohort_minimum = 5;
};

//! One released response, as a report reads it.
struct ReportResponse {
  std::string group;  //!< kSelfGroup for the participant's own
  std::vector<Answer> answers;
};

//! What a report is built from.
struct ReportInput {
  const Framework* framework = nullptr;
  Cycle cycle;  //!< its scope and groups
  std::string participant_name;
  std::string released_at;                //!< when the results were released (UTC)
  std::vector<ReportResponse> responses;  //!< the release's responses, self included
  std::uint64_t comment_seed = 0;         //!< fixes the comments' random order
  //! The participant's previous released cycle on the same framework, if any.
  struct Previous {
    Cycle cycle;
    std::string released_at;
    std::vector<ReportResponse> responses;
  };
  std::optional<Previous> previous;
  //! Others' mean for each statement in each released report of the cohort on
  //! this framework (this one included), as those reports show it: one map per report.
  std::vector<std::vector<std::pair<std::string, double>>> cohort;
  ReportRules rules;
};

//! How the answers of a figure spread over the scale.
struct Distribution {
  std::vector<int> counts;  //!< per point of the proficiency scale, in its order
  int not_able = 0;         //!< "not able to comment", never a score
};

//! One figure shown for a statement: a group apart, a merged group, or all raters.
struct Figure {
  std::string key;                  //!< a group key, kOtherRatersFigure or kAllRatersFigure
  std::string label;                //!< for people: "Direct reports (assistant directors)"
  std::vector<std::string> groups;  //!< the groups pooled in it
  int responses = 0;                //!< raters who gave a score
  std::optional<double> mean;       //!< of the scores; none without any
  Distribution distribution;
};

//! Everything a report shows for one statement.
struct StatementResult {
  std::string code;
  std::string text;
  std::string area_code;  //!< the part of the framework it belongs to (its parent, or itself at the top)
  std::string area_title;
  std::optional<int> self_score;       //!< the participant's own score
  bool self_not_able = false;          //!< the participant chose "not able to comment"
  std::optional<int> self_importance;  //!< the participant's importance rating
  std::vector<Figure> figures;         //!< groups apart and a merged group; never self
  //! Every rater shown, pooled: "All raters" (key kAllRatersFigure) when
  //! nothing is withheld, else "All raters shown" (key "others").
  Figure others;
  std::optional<double> gap;            //!< self minus others' mean
  std::vector<std::string> withheld;    //!< groups with scores too few to show (keys)
  std::vector<std::string> comments;    //!< unattributed, in random order; empty when not shown
  std::optional<double> previous_mean;  //!< others' mean in the previous cycle, as it showed it
  std::optional<double> change;         //!< others' mean now minus then
  bool marked_change = false;           //!< |change| at least the rules' threshold
  std::optional<double> cohort_norm;    //!< mean of others' means across the cohort's reports
};

//! A part of the framework (an attribute, a skill, an area of the business):
//! the means of its statements' figures.
struct AreaResult {
  std::string code;
  std::string title;
  std::vector<std::size_t> statements;  //!< indices into Report::statements
  std::optional<double> self_mean;      //!< of the self scores given
  std::optional<double> others_mean;    //!< of the statements' others' means
  std::optional<double> gap;
  //! Per figure key (groups apart, merged, all raters): the mean of that
  //! figure's means over the statements where it is shown, and on how many.
  struct GroupMean {
    std::string key;
    std::string label;
    double mean = 0;
    int statements = 0;
  };
  std::vector<GroupMean> groups;
};

//! A statement singled out: a blind spot, a hidden strength, a high or low
//! score, a development priority.
struct Finding {
  std::size_t statement = 0;  //!< index into Report::statements
  double value = 0;           //!< the gap, the mean, or the importance, as the list says
};

//! How many responses each group gave (self included), for the summary.
struct GroupCount {
  std::string key;
  std::string label;
  int responses = 0;
};

//! A whole report.
struct Report {
  std::string participant_name;
  std::string cycle_title;
  std::string framework_title;
  std::string released_at;
  ReportRules rules;
  std::vector<ScalePoint> scale;  //!< the proficiency scale's points
  std::string not_able_label;     //!< "Not able to comment"
  std::vector<GroupCount> responses;
  std::vector<StatementResult> statements;  //!< in the cycle's scope order
  std::vector<AreaResult> areas;            //!< in framework order
  std::vector<Finding> blind_spots;         //!< self above others by the threshold or more, largest first
  std::vector<Finding> hidden_strengths;    //!< others above self by the threshold or more, largest first
  std::vector<Finding> highest;             //!< others' highest means (up to rules.top_count)
  std::vector<Finding> lowest;              //!< others' lowest means
  std::vector<Finding> priorities;          //!< important to the participant and scored low, most important first
  bool has_previous = false;
  std::string previous_title;
  int cohort_reports = 0;  //!< reports behind the cohort norm; 0 when below the minimum
  bool anything_withheld = false;
};

//! Builds the report. Statements outside the framework are skipped; answers
//! to statements outside the scope are ignored.
Report BuildReport(const ReportInput& input);

}  // namespace lqf::domain
