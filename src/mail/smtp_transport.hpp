#pragma once
//! Sending email over SMTP with libcurl: plain text, UTF-8, quoted-printable.

#include <optional>
#include <string>
#include <string_view>

#include "app/mail.hpp"

namespace lqf::mail {

//! Where and as whom to send.
struct SmtpSettings {
  std::string url;       //!< "smtp://host:587" (STARTTLS when offered) or "smtps://host:465"
  std::string from;      //!< "LQF <lqf@example.gov.uk>" or "lqf@example.gov.uk"
  std::string username;  //!< empty: no authentication
  std::string password;
};

//! Settings from LQF_SMTP_URL (default "smtp://127.0.0.1:25"), LQF_SMTP_FROM
//! (default "LQF <lqf@localhost>"), LQF_SMTP_USER and LQF_SMTP_PASSWORD.
SmtpSettings SmtpSettingsFromEnvironment();

//! Sends each message in its own SMTP session. Safe to use from several
//! threads (nothing is shared between calls). Logs nothing: the outbox keeps
//! the error text it returns.
class SmtpTransport final : public app::MailTransport {
 public:
  explicit SmtpTransport(SmtpSettings settings);
  std::optional<std::string> Send(const app::OutgoingEmail& email) override;

 private:
  SmtpSettings settings_;
};

//! Text as a quoted-printable body (RFC 2045): lines end in CRLF, none longer
//! than 76 characters, and none starts with "." (so no SMTP server can take
//! one for the end of the message).
std::string EncodeQuotedPrintable(std::string_view text);

}  // namespace lqf::mail
