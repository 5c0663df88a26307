#pragma once
//! Evidence attached to a development-plan goal or one of its actions: an
//! uploaded file (a certificate, a reflective log, a 360 action summary).
//! Only a few kinds are taken, each known by its extension AND its content,
//! so a file is never stored as something it is not; the type stored is the
//! allow-list's, never the browser's. Files are kept and given back as
//! downloads only: never executed, opened or shown inline by LQF.
//! Pure: the checks and the cleaning of names; storage, checksums and who may
//! add or read evidence live above (app/plans.hpp).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/plans.hpp"

namespace lqf::domain {

//! Largest file taken: a scanned certificate or a long document, not a video.
inline constexpr std::size_t kMaxEvidenceBytes = std::size_t{10} * 1024 * 1024;
//! Longest file name kept, in characters, after cleaning.
inline constexpr std::size_t kMaxEvidenceNameCharacters = 120;

//! A kind of file we take: its extension (lower case, without the dot) and
//! the Content-Type it is stored and served with.
struct EvidenceType {
  std::string_view extension;
  std::string_view content_type;
  std::string_view label;  //!< for people: "PDF", "Word document"
};

//! Every kind taken: PDF, PNG, JPEG, Word, Excel and PowerPoint (Office Open
//! XML), plain text and CSV.
std::span<const EvidenceType> EvidenceTypes();

//! The allowed type for a file name's last extension (any case), or nothing.
std::optional<EvidenceType> EvidenceTypeOf(std::string_view file_name);
//! The label of a stored content type ("Word document"); "File" for one not on the list.
std::string_view EvidenceTypeLabel(std::string_view content_type);

//! A file name safe to store, show and send back in a header: the directory
//! part (after the last '/' or '\') dropped; control characters, invisible
//! and direction-changing characters and anything outside a conservative set
//! (ASCII letters, digits, space and `._-()[],+&'`; letters of the Latin,
//! Greek, Cyrillic, CJK, kana and Hangul scripts; combining accents, dashes and
//! curly apostrophes) dropped; runs of spaces made one; leading dots and spaces
//! and trailing dots and spaces dropped. Empty if nothing usable is left.
std::string SafeFileName(std::string_view name);

//! A file that passed CheckEvidence: what to store it as.
struct CheckedEvidence {
  std::string file_name;     //!< SafeFileName of what was sent
  std::string content_type;  //!< from the allow-list
};

//! Checks an uploaded file. `sent` is false when the form had no file at all
//! (a browser sends an empty part with an empty name when none was chosen).
//! Problems, field "file": "missing" (none chosen), "empty" (no bytes),
//! "too_large" (over kMaxEvidenceBytes), "name" (nothing usable left of the
//! name, or longer than kMaxEvidenceNameCharacters), "type" (an extension not
//! on the allow-list, or none), "mismatch" (the content is not what the
//! extension says: HTML renamed .pdf, a ZIP that is not that Office document,
//! text that is not UTF-8 or holds NUL). The first problem found is the only one.
std::vector<PlanProblem> CheckEvidence(bool sent, std::string_view file_name, std::string_view content,
                                       CheckedEvidence* checked = nullptr);

//! Evidence as stored, without its content.
struct Evidence {
  std::int64_t id = 0;
  std::int64_t participant_id = 0;          //!< whose plan
  std::int64_t goal_id = 0;                 //!< the goal it supports
  std::optional<std::int64_t> action_id;    //!< one of the goal's actions; empty: the goal itself
  std::string file_name;                    //!< SafeFileName
  std::string content_type;                 //!< from the allow-list
  std::int64_t size_bytes = 0;              //!< of the content as uploaded
  std::string sha256;                       //!< of the content, lower-case hex
  std::optional<std::int64_t> uploaded_by;  //!< empty: the command line, or someone since erased
  std::string uploaded_at;                  //!< ISO 8601 UTC
};

}  // namespace lqf::domain
