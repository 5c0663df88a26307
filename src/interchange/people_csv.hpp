#pragma once
//! People from a CSV file (issue 3): a generic RFC 4180 reader that keeps line
//! numbers, and the parsing and validation of the people import on top of it.
//! Pure: no database. Names of organisations and cohorts are resolved later.

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "domain/people.hpp"
#include "interchange/problem.hpp"

namespace lqf::interchange {

//! One record of a CSV file and the physical line (1-based) it starts on; a
//! quoted line break inside a field makes the next record start later.
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

//! The records of a CSV file, and problems with its structure (where = "line N").
struct CsvReadResult {
  std::vector<CsvRecord> records;
  Problems problems;
  //! 0, or the line of the first record left unread because of `max_records`.
  std::size_t stopped_at_line = 0;
};

//! Reads RFC 4180 CSV: quoted fields with "" escapes, commas and line breaks
//! inside quotes, CRLF, LF or CR line ends, an optional UTF-8 BOM, a final line
//! end or not. Records whose fields are all blank (empty or only spaces and
//! tabs) are skipped but still count for line numbers. A record with a
//! structural problem (an unclosed quote, text after a closing quote) is left
//! out and reported. Bytes are passed through: checking UTF-8 and field counts
//! is the caller's job, so it can say which column is wrong. Stops after
//! `max_records` records, so a huge file costs no more than the limit.
CsvReadResult ParseCsvRecords(std::string_view text, std::size_t max_records = std::numeric_limits<std::size_t>::max());

//! Largest people file we read, and most people in one file: beyond these,
//! splitting the file is kinder than a slow page.
inline constexpr std::size_t kMaxPeopleCsvBytes = std::size_t{2} * 1024 * 1024;
inline constexpr std::size_t kMaxPeopleCsvRows = 5000;

//! One valid person from the file. Organisation and cohort are names, still
//! to be resolved against the database.
struct PersonRow {
  std::size_t line = 0;  //!< where the record starts, to report problems found later
  std::string name;
  std::string email;  //!< normalised by domain::NormaliseEmail
  std::string organisation;
  std::string job_title;  //!< may be empty
  std::string cohort;     //!< may be empty
  domain::Background background = domain::Background::kNotRecorded;
  domain::Role role = domain::Role::kParticipant;
};

//! Either every person in the file, or every problem found (then no rows at
//! all, so nothing is half-imported).
struct PeopleCsvResult {
  std::vector<PersonRow> rows;
  Problems problems;

  bool Ok() const { return problems.empty(); }
};

//! Parses and validates a people file. The header names the columns (name,
//! email, organisation, and optionally job_title, background, role, cohort) in
//! any order, case-insensitively. Problems come in file order, located as
//! "line N" or "line N, column", with messages that say what to do.
PeopleCsvResult ParsePeopleCsv(std::string_view text);

}  // namespace lqf::interchange
