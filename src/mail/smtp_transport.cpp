#include "mail/smtp_transport.hpp"

#include <curl/curl.h>
#include <sodium.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <vector>

#include "domain/people.hpp"

namespace lqf::mail {
namespace {

// How long to wait for the mail server to answer a connection, and for one
// whole message to be handed over. A claim in the outbox (app/mail.hpp)
// covers a batch of sends at this limit.
constexpr long kConnectTimeoutSeconds = 10;
constexpr long kTotalTimeoutSeconds = 60;
// Header lines should stay within 78 characters (RFC 5322 2.1.1); body lines
// of quoted-printable text within 76 (RFC 2045 6.7).
constexpr std::size_t kHeaderLineLength = 78;
constexpr std::size_t kQuotedPrintableLineLength = 76;
// Bytes of text per RFC 2047 encoded word: a multiple of 3 that keeps
// "Subject: =?UTF-8?B?...?=" within kHeaderLineLength.
constexpr std::size_t kEncodedWordBytes = 39;
constexpr std::size_t kMessageIdRandomBytes = 16;

std::once_flag global_init;

void InitialiseLibraries() {
  std::call_once(global_init, [] {
    // Once per process, before any thread uses curl: curl_global_init is not
    // thread-safe. Failures show up as errors from curl_easy_init or
    // curl_easy_perform, which Send reports.
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (sodium_init() < 0) std::abort();  // no secure randomness: nothing is safe
  });
}

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : std::move(fallback);
}

bool IsPrintableAscii(std::string_view text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

//! Text as RFC 2047 encoded words, each of whole UTF-8 characters (RFC 2047
//! 6.3), on folded lines.
std::string EncodedWords(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(start + kEncodedWordBytes, text.size());
    while (end < text.size() && end > start && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (end == start) end = std::min(start + kEncodedWordBytes, text.size());  // not UTF-8: split anyway
    if (start > 0) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

//! A header line "Name: value", folded at spaces to stay within the line
//! length, or as RFC 2047 encoded words when the value is not plain ASCII.
std::string Header(std::string_view name, std::string_view value) {
  std::string out = std::string(name) + ": ";
  // "=?" in plain text could be taken for an encoded word: encode it too.
  if (IsPrintableAscii(value) && value.find("=?") == std::string_view::npos) {
    std::size_t line_length = out.size();
    std::size_t start = 0;
    while (start < value.size()) {
      // A token is a run of text with the spaces before it; folding puts the
      // line break before those spaces, so unfolding restores the value.
      std::size_t end = start;
      while (end < value.size() && value[end] == ' ') ++end;
      const bool only_spaces = end == value.size();
      while (end < value.size() && value[end] != ' ') ++end;
      const auto token = value.substr(start, end - start);
      if (line_length + token.size() > kHeaderLineLength && line_length > name.size() + 2 && !only_spaces &&
          token.front() == ' ') {
        out += "\r\n";
        line_length = 0;
      }
      out += token;
      line_length += token.size();
      start = end;
    }
    return out + "\r\n";
  }
  return out + EncodedWords(value) + "\r\n";
}

//! The sender from the settings: "Name <address>" or a bare address.
struct Sender {
  std::string display_name;
  std::string address;
  std::string domain;
};

std::optional<Sender> ParseSender(std::string_view from) {
  Sender sender;
  std::string_view address = from;
  if (const auto open = from.rfind('<'); open != std::string_view::npos && !from.empty() && from.back() == '>') {
    address = from.substr(open + 1, from.size() - open - 2);
    auto name = from.substr(0, open);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    sender.display_name = name;
  }
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  for (char c : address) {
    if (c <= 0x20 || c > 0x7e || c == '<' || c == '>' || c == '"' || c == ',' || c == '\\') return std::nullopt;
  }
  for (char c : sender.display_name) {
    if ((c >= 0 && c < 0x20) || c == 0x7f) return std::nullopt;
  }
  sender.address = address;
  sender.domain = address.substr(at + 1);
  return sender;
}

//! The From header's value: the name quoted (or encoded) and the address.
std::string FromValue(const Sender& sender) {
  if (sender.display_name.empty()) return sender.address;
  std::string name;
  if (IsPrintableAscii(sender.display_name) && sender.display_name.find("=?") == std::string::npos) {
    name = "\"";
    for (char c : sender.display_name) {
      if (c == '"' || c == '\\') name += '\\';
      name += c;
    }
    name += "\"";
  } else {
    name = EncodedWords(sender.display_name);
  }
  return name + " <" + sender.address + ">";
}

//! Now, as RFC 5322 wants it: "Sun, 22 Nov 2026 16:24:41 +0000". Written by
//! hand because strftime's names depend on the locale.
std::string DateValue() {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday], utc.tm_mday,
                kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return buffer;
}

//! A Message-ID nobody else will use: random, at our own domain.
std::string MessageId(const Sender& sender) {
  std::array<unsigned char, kMessageIdRandomBytes> random{};
  randombytes_buf(random.data(), random.size());
  std::array<char, kMessageIdRandomBytes * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
  return "<" + std::string(hex.data()) + "@" + sender.domain + ">";
}

std::string ComposeMessage(const Sender& sender, std::string_view recipient, const app::OutgoingEmail& email) {
  std::string message;
  message += Header("Date", DateValue());
  // Already encoded as a header needs: Header() would encode it again.
  message += "From: " + FromValue(sender) + "\r\n";
  message += Header("To", recipient);
  message += Header("Subject", email.subject);
  message += Header("Message-ID", MessageId(sender));
  message += "MIME-Version: 1.0\r\n";
  message += "Content-Type: text/plain; charset=utf-8\r\n";
  message += "Content-Transfer-Encoding: quoted-printable\r\n";
  message += "\r\n";
  message += EncodeQuotedPrintable(email.body_text);
  return message;
}

//! The message being uploaded, for curl's read callback.
struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t ReadMessage(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

SmtpSettings SmtpSettingsFromEnvironment() {
  return {EnvOr("LQF_SMTP_URL", "smtp://127.0.0.1:25"), EnvOr("LQF_SMTP_FROM", "LQF <lqf@localhost>"),
          EnvOr("LQF_SMTP_USER", ""), EnvOr("LQF_SMTP_PASSWORD", "")};
}

std::string EncodeQuotedPrintable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    std::string current;  // the output line so far
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      const bool last = i + 1 == line.size();
      std::string piece;
      // Spaces at the end of a line may be stripped in transit: encode them.
      if ((c == ' ' || c == '\t') && !last) {
        piece = static_cast<char>(c);
      } else if (c >= 33 && c <= 126 && c != '=') {
        piece = static_cast<char>(c);
      } else {
        piece = {'=', kHex[c >> 4], kHex[c & 0xF]};
      }
      // A soft line break ("=" at the end) takes the 76th character.
      if (current.size() + piece.size() > kQuotedPrintableLineLength - 1) {
        out += current + "=\r\n";
        current.clear();
      }
      // A line starting with "." means something to SMTP: encode it.
      if (current.empty() && piece == ".") piece = "=2E";
      current += piece;
    }
    out += current + "\r\n";
  }
  return out;
}

SmtpTransport::SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) { InitialiseLibraries(); }

std::optional<std::string> SmtpTransport::Send(const app::OutgoingEmail& email) {
  // The sender checks too; checking here keeps any caller from putting a line
  // break into a header.
  if (auto invalid = app::ValidateEmail(email)) return "not sent: " + *invalid;
  const auto recipient = domain::NormaliseEmail(email.to);
  const auto sender = ParseSender(settings_.from);
  if (!recipient) return "not sent: the recipient is not a valid email address";
  if (!sender) return "not sent: the sender address (LQF_SMTP_FROM) is not valid";

  const std::string message = ComposeMessage(*sender, *recipient, email);
  Upload upload{message};
  const std::string mail_from = "<" + sender->address + ">";

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return "cannot start libcurl";
  std::unique_ptr<curl_slist, CurlDeleter> recipients(curl_slist_append(nullptr, ("<" + *recipient + ">").c_str()));
  if (!recipients) return "out of memory";
  std::array<char, CURL_ERROR_SIZE> error_buffer{};

  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer.data());
  curl_easy_setopt(handle, CURLOPT_URL, settings_.url.c_str());
  // Only SMTP: a mistyped setting must not make us read a file or fetch a page.
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(handle, CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
  curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  // STARTTLS whenever the server offers it; and never send a password in the
  // clear: with credentials, no TLS means no mail.
  const bool authenticate = !settings_.username.empty();
  curl_easy_setopt(handle, CURLOPT_USE_SSL, authenticate ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  if (authenticate) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, kTotalTimeoutSeconds);
  // No signals: we run on worker threads, and a SIGALRM would hit any of them.
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);

  const CURLcode result = curl_easy_perform(handle);
  if (result == CURLE_OK) return std::nullopt;
  std::string error = curl_easy_strerror(result);
  if (error_buffer[0] != '\0') error += std::string(": ") + error_buffer.data();
  long response = 0;
  if (curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response) == CURLE_OK && response != 0) {
    error += " (server replied " + std::to_string(response) + ")";
  }
  return error;
}

}  // namespace lqf::mail
