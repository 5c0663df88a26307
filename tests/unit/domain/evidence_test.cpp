// Evidence files in the domain: which kinds are taken, known by extension and
// content together; the size limits; and file names cleaned of directories,
// hidden-file dots, control and direction-changing characters.

#include "domain/evidence.hpp"

#include <gtest/gtest.h>

namespace lqf::domain {
namespace {

//! A literal's bytes, NULs and all.
template <std::size_t N>
constexpr std::string_view Bytes(const char (&text)[N]) {
  return {text, N - 1};
}

constexpr std::string_view kPdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
constexpr std::string_view kPng = Bytes("\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
constexpr std::string_view kJpeg = Bytes("\xFF\xD8\xFF\xE0\x00\x10JFIF");
// ZIP packages: the start of the first entry and, further on, the other entries' names.
constexpr std::string_view kDocx = Bytes("PK\x03\x04\x14\0[Content_Types].xml ... _rels/.rels ... word/document.xml");
constexpr std::string_view kXlsx = Bytes("PK\x03\x04\x14\0[Content_Types].xml ... xl/workbook.xml");
constexpr std::string_view kPptx = Bytes("PK\x03\x04\x14\0[Content_Types].xml ... ppt/presentation.xml");
constexpr std::string_view kZipOfAProgram = Bytes("PK\x03\x04\x14\0payload.exe");

//! The one problem's code, "" if none.
std::string Code(std::string_view name, std::string_view content) {
  const auto problems = CheckEvidence(true, name, content);
  if (problems.empty()) return "";
  EXPECT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems.front().field, "file");
  return problems.front().code;
}

TEST(Evidence, EachAllowedKindIsTakenWhenItsContentIsWhatItsExtensionSays) {
  const std::pair<std::string, std::string_view> files[] = {
      {"certificate.pdf", kPdf}, {"chart.png", kPng},        {"photo.jpg", kJpeg},
      {"photo.JPEG", kJpeg},     {"reflection.docx", kDocx}, {"budget.xlsx", kXlsx},
      {"talk.pptx", kPptx},      {"notes.txt", "Notes\n"},   {"log.csv", "date,hours\n2026-11-02,3\n"}};
  for (const auto& [name, content] : files) {
    CheckedEvidence checked;
    EXPECT_TRUE(CheckEvidence(true, name, content, &checked).empty()) << name;
    EXPECT_EQ(checked.file_name, name);
    const auto type = EvidenceTypeOf(name);
    ASSERT_TRUE(type.has_value()) << name;
    EXPECT_EQ(checked.content_type, type->content_type);
  }
  CheckedEvidence checked;
  ASSERT_TRUE(CheckEvidence(true, "Scan.PDF", kPdf, &checked).empty());
  EXPECT_EQ(checked.content_type, "application/pdf") << "the allow-list's type, whatever the case of the name";
  ASSERT_TRUE(CheckEvidence(true, "r.docx", kDocx, &checked).empty());
  EXPECT_EQ(checked.content_type, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  ASSERT_TRUE(CheckEvidence(true, "n.txt", "x", &checked).empty());
  EXPECT_EQ(checked.content_type, "text/plain; charset=utf-8");
}

TEST(Evidence, ContentThatIsNotWhatTheExtensionSaysIsAMismatch) {
  EXPECT_EQ(Code("report.pdf", "<!DOCTYPE html><script>alert(1)</script>"), "mismatch") << "HTML renamed .pdf";
  EXPECT_EQ(Code("report.pdf", kPng), "mismatch") << "a PNG named .pdf";
  EXPECT_EQ(Code("photo.png", kJpeg), "mismatch");
  EXPECT_EQ(Code("photo.jpg", kPdf), "mismatch");
  EXPECT_EQ(Code("photo.jpg", "\xFF\xD8"), "mismatch") << "too short for the signature";
  EXPECT_EQ(Code("report.docx", kZipOfAProgram), "mismatch") << "a ZIP, but no Office document";
  EXPECT_EQ(Code("report.docx", kXlsx), "mismatch") << "a workbook named as a Word document";
  EXPECT_EQ(Code("budget.xlsx", kDocx), "mismatch");
  EXPECT_EQ(Code("talk.pptx", kPdf), "mismatch");
  EXPECT_EQ(Code("notes.txt", std::string("MZ\x90\0\x03", 5)), "mismatch") << "a program named .txt";
  EXPECT_EQ(Code("notes.txt", "caf\xE9"), "mismatch") << "Latin-1, not UTF-8";
  EXPECT_EQ(Code("log.csv", std::string("a,b\n\0", 5)), "mismatch");
  EXPECT_EQ(Code("signature-late.pdf", " %PDF-1.4"), "mismatch") << "the signature must come first";
}

TEST(Evidence, KindsNotOnTheListAreRefusedWhateverTheirContent) {
  EXPECT_EQ(Code("setup.exe", std::string("MZ\x90\0", 4)), "type");
  EXPECT_EQ(Code("setup.exe", kPdf), "type") << "PDF content does not make a .exe acceptable";
  EXPECT_EQ(Code("report.pdf.exe", kPdf), "type");
  EXPECT_EQ(Code("page.html", "<p>hi</p>"), "type");
  EXPECT_EQ(Code("image.svg", "<svg/>"), "type") << "SVG can carry script";
  EXPECT_EQ(Code("macro.docm", kDocx), "type");
  EXPECT_EQ(Code("README", "text"), "type") << "no extension";
  EXPECT_EQ(Code(".htaccess", "Options +ExecCGI"), "type") << "cleaned to \"htaccess\": no extension";
  EXPECT_EQ(Code("../../etc/passwd", "root:x:0:0"), "type");
  EXPECT_EQ(Code("..\\..\\boot.ini", "[boot loader]"), "type");
  ASSERT_TRUE(EvidenceTypeOf("x.PdF").has_value());
  EXPECT_EQ(EvidenceTypeOf("x.PdF")->content_type, "application/pdf");
  EXPECT_FALSE(EvidenceTypeOf("pdf").has_value());
}

TEST(Evidence, SizesAtAndBeyondTheLimits) {
  EXPECT_EQ(Code("empty.pdf", ""), "empty");
  EXPECT_EQ(CheckEvidence(false, "", "").front().code, "missing") << "no file part at all";
  EXPECT_EQ(Code("", ""), "missing") << "what a browser sends when no file was chosen";
  std::string largest = std::string(kPdf) + std::string(kMaxEvidenceBytes - kPdf.size(), 'x');
  EXPECT_EQ(Code("largest.pdf", largest), "");
  largest += 'x';
  EXPECT_EQ(Code("too-large.pdf", largest), "too_large");
  EXPECT_EQ(kMaxEvidenceBytes, 10u * 1024 * 1024);
}

TEST(Evidence, NamesLoseTheirDirectoriesAndNeverClimbOut) {
  EXPECT_EQ(SafeFileName("../../etc/passwd"), "passwd");
  EXPECT_EQ(SafeFileName("..\\..\\boot.ini"), "boot.ini");
  EXPECT_EQ(SafeFileName("C:\\Users\\jo\\Desktop\\certificate.pdf"), "certificate.pdf");
  EXPECT_EQ(SafeFileName("/var/www/../x/report.pdf"), "report.pdf");
  EXPECT_EQ(SafeFileName("..%2F..%2Fsecret.pdf"), "2F..2Fsecret.pdf") << "no '%': nothing to decode later";
  EXPECT_EQ(SafeFileName("folder/"), "");
  EXPECT_EQ(SafeFileName(".."), "");
  EXPECT_EQ(SafeFileName("...."), "");
  EXPECT_EQ(Code("a/..", kPdf), "name");
  CheckedEvidence checked;
  ASSERT_TRUE(CheckEvidence(true, "../../../../tmp/cert.pdf", kPdf, &checked).empty());
  EXPECT_EQ(checked.file_name, "cert.pdf");
}

TEST(Evidence, HiddenNamesControlCharactersAndOddSpacingAreCleaned) {
  EXPECT_EQ(SafeFileName(".htaccess"), "htaccess");
  EXPECT_EQ(SafeFileName("...hidden.pdf"), "hidden.pdf");
  EXPECT_EQ(SafeFileName(" . .x.pdf"), "x.pdf");
  EXPECT_EQ(SafeFileName("report.pdf.exe"), "report.pdf.exe") << "kept as sent; its type refuses it";
  EXPECT_EQ(SafeFileName(std::string("a\0b\x01\x1f\x7f\tc\r\n.pdf", 14)), "abc.pdf");
  EXPECT_EQ(SafeFileName("x\"; filename=evil.html.pdf"), "x filenameevil.html.pdf") << "nothing to break a header";
  EXPECT_EQ(SafeFileName("<b>alert(1)<i>.pdf"), "balert(1)i.pdf");
  EXPECT_EQ(SafeFileName("my    end   of year\u00A0\u00A0review.pdf"), "my end of year review.pdf");
  EXPECT_EQ(SafeFileName("   padded.pdf   "), "padded.pdf");
  EXPECT_EQ(SafeFileName("trailing.pdf. . "), "trailing.pdf") << "Windows would drop them";
  EXPECT_EQ(SafeFileName("a:b*c?d|e.pdf"), "abcde.pdf");
  EXPECT_EQ(SafeFileName("Q&A (draft) [v2], Jo's+Sam's.pdf"), "Q&A (draft) [v2], Jo's+Sam's.pdf");
  EXPECT_EQ(SafeFileName("\xC0\xAF\xE0\x80\xAFpasswd.pdf"), "passwd.pdf") << "overlong '/' is no character";
  EXPECT_EQ(SafeFileName("\xFF\xFE.pdf"), "pdf");
}

TEST(Evidence, UnicodeNamesKeepTheirLettersButNotTheirTricks) {
  EXPECT_EQ(SafeFileName("Évaluation café.pdf"), "Évaluation café.pdf");
  EXPECT_EQ(SafeFileName("Adroddiad blynyddol – ŵyr ẃ.pdf"), "Adroddiad blynyddol – ŵyr ẃ.pdf");
  EXPECT_EQ(SafeFileName("Cafe\u0301.pdf"), "Cafe\u0301.pdf") << "decomposed, as macOS sends it";
  EXPECT_EQ(SafeFileName("Отчёт.docx"), "Отчёт.docx");
  EXPECT_EQ(SafeFileName("報告書.pdf"), "報告書.pdf");
  EXPECT_EQ(SafeFileName("Jo’s notes.txt"), "Jo’s notes.txt");
  // Right-to-left override: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf".
  EXPECT_EQ(SafeFileName("invoice\u202Efdp.exe"), "invoicefdp.exe");
  EXPECT_EQ(Code("invoice\u202Efdp.exe", kPdf), "type");
  EXPECT_EQ(SafeFileName("zero\u200Bwidth\uFEFF.pdf"), "zerowidth.pdf");
  EXPECT_EQ(SafeFileName("a\u2215b\uFF0Fc\u29F8d.pdf"), "abcd.pdf") << "look-alikes of '/' go";
  EXPECT_EQ(SafeFileName("party \U0001F389.pdf"), "party .pdf");
  EXPECT_EQ(SafeFileName("\u202E\u200B\U0001F389"), "");
}

TEST(Evidence, NamesUpTo120CharactersAreKept) {
  const std::string longest = std::string(116, 'a') + ".pdf";  // 120 characters
  CheckedEvidence checked;
  ASSERT_TRUE(CheckEvidence(true, longest, kPdf, &checked).empty());
  EXPECT_EQ(checked.file_name, longest);
  EXPECT_EQ(Code(std::string(117, 'a') + ".pdf", kPdf), "name") << "121 characters";
  // Characters, not bytes: 116 two-byte letters and ".pdf" are 120 characters in 236 bytes.
  std::string accented;
  for (int i = 0; i < 116; ++i) accented += "é";
  EXPECT_EQ(Code(accented + ".pdf", kPdf), "");
  EXPECT_EQ(Code("é" + accented + ".pdf", kPdf), "name");
  EXPECT_EQ(Code("/dir/" + std::string(60, 'd') + "/" + longest, kPdf), "") << "the directory does not count";
  EXPECT_EQ(Code("\u202E\u200B", kPdf), "name") << "nothing usable left";
}

TEST(Evidence, TheListOfKindsIsTheOneDocumented) {
  std::string extensions;
  for (const auto& type : EvidenceTypes()) extensions += std::string(type.extension) + " ";
  EXPECT_EQ(extensions, "pdf png jpg jpeg docx xlsx pptx txt csv ");
}

}  // namespace
}  // namespace lqf::domain
