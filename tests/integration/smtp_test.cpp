// Email over real SMTP: SmtpTransport (libcurl) sends to a local SMTP sink
// (tests/support/smtp_sink.mjs, Node's smtp-server), and we read back what
// arrived, byte for byte.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "app/mail.hpp"
#include "mail/smtp_transport.hpp"
#include "store/migrations.hpp"
#include "store/sql_outbox_repository.hpp"
#include "store/sqlite_database.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

namespace lqf {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path kSinkScript = fs::path(LQF_SOURCE_ROOT) / "tests" / "support" / "smtp_sink.mjs";

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

//! A loopback port nobody listens on (bound, then released).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

//! The SMTP sink, running as a child process until destroyed.
class SmtpSink {
 public:
  explicit SmtpSink(const fs::path& dir, int port = 0) : dir_(dir) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const std::string script = kSinkScript.string();
    const std::string dir_arg = dir.string();
    const std::string port_arg = std::to_string(port);
    std::vector<char*> argv{const_cast<char*>("node"), const_cast<char*>(script.c_str()),
                            const_cast<char*>(dir_arg.c_str()), const_cast<char*>(port_arg.c_str()), nullptr};
    const int spawned = posix_spawnp(&pid_, "node", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (spawned != 0) {
      close(out[0]);
      pid_ = -1;
      throw std::runtime_error("cannot start node");
    }
    // The first line says where it listens; node and the module load in well
    // under a second, but a busy machine gets time.
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd ready{out[0], POLLIN, 0};
      if (poll(&ready, 1, 100) <= 0) continue;
      char buffer[256];
      const auto n = read(out[0], buffer, sizeof buffer);
      if (n <= 0) break;
      line.append(buffer, static_cast<std::size_t>(n));
    }
    close(out[0]);
    const std::string prefix = "SMTP sink listening on ";
    if (line.rfind(prefix, 0) != 0) {
      Stop();  // the destructor does not run when the constructor throws
      throw std::runtime_error("the SMTP sink did not start: " + line);
    }
    port_ = std::stoi(line.substr(prefix.size()));
  }
  ~SmtpSink() { Stop(); }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int Port() const { return port_; }
  std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  //! The n-th message received (from 1), waiting for it a while; empty if it never came.
  std::string Message(int n) const { return WaitFor(std::to_string(n) + ".eml"); }
  //! Its envelope, as the sink's JSON.
  std::string Envelope(int n) const { return WaitFor(std::to_string(n) + ".json"); }

 private:
  void Stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

  std::string WaitFor(const std::string& name) const {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!fs::exists(dir_ / name) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
    return fs::exists(dir_ / name) ? Slurp(dir_ / name) : std::string();
  }

  fs::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;  // quoted-printable hex is upper-case (RFC 2045 6.7)
}

//! Decodes a quoted-printable body; fails the test on anything malformed.
std::string DecodeQuotedPrintable(std::string_view encoded) {
  std::string out;
  std::size_t start = 0;
  while (start < encoded.size()) {
    const auto end = encoded.find("\r\n", start);
    EXPECT_NE(end, std::string_view::npos) << "the body does not end with CRLF";
    if (end == std::string_view::npos) break;
    auto line = encoded.substr(start, end - start);
    start = end + 2;
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_EQ(line.find('\n'), std::string_view::npos);
    EXPECT_FALSE(!line.empty() && line.front() == '.') << "a line starts with a dot: " << line;
    EXPECT_FALSE(!line.empty() && (line.back() == ' ' || line.back() == '\t')) << "trailing space: " << line;
    const bool soft = !line.empty() && line.back() == '=';
    if (soft) line.remove_suffix(1);
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] != '=') {
        out += line[i];
        continue;
      }
      if (i + 2 >= line.size()) {
        ADD_FAILURE() << "a cut escape in " << line;
        break;
      }
      const int high = HexValue(line[i + 1]);
      const int low = HexValue(line[i + 2]);
      EXPECT_TRUE(high >= 0 && low >= 0) << "bad escape in " << line;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
    if (!soft) out += "\r\n";
  }
  return out;
}

std::string DecodeBase64(std::string_view text) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0;
  int value = 0;
  for (char c : text) {
    if (c == '=') break;
    const auto index = kAlphabet.find(c);
    EXPECT_NE(index, std::string::npos) << text;
    value = (value << 6) | static_cast<int>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xFF);
    }
  }
  return out;
}

//! A header value with RFC 2047 encoded words decoded (space between two
//! encoded words is not part of the text).
std::string DecodeHeader(std::string_view value) {
  constexpr std::string_view kOpen = "=?UTF-8?B?";
  std::string out;
  std::string pending_space;
  bool last_was_word = false;
  while (!value.empty()) {
    const auto close = value.find("?=", kOpen.size());
    if (value.substr(0, kOpen.size()) == kOpen && close != std::string_view::npos) {
      if (!last_was_word) out += pending_space;
      pending_space.clear();
      out += DecodeBase64(value.substr(kOpen.size(), close - kOpen.size()));
      value.remove_prefix(close + 2);
      last_was_word = true;
    } else if (value.front() == ' ') {
      pending_space += ' ';
      value.remove_prefix(1);
    } else {
      out += pending_space;
      pending_space.clear();
      out += value.front();
      value.remove_prefix(1);
      last_was_word = false;
    }
  }
  return out + pending_space;
}

//! True for "<32 lower-case hex digits@domain>".
bool IsMessageId(std::string_view value, std::string_view domain) {
  if (value.size() != 1 + 32 + 1 + domain.size() + 1 || value.front() != '<' || value.back() != '>') return false;
  for (char c : value.substr(1, 32)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return value.substr(33, 1) == "@" && value.substr(34, domain.size()) == domain;
}

//! True for an RFC 5322 date in UTC as we write it: "Sun, 22 Nov 2026 16:24:41 +0000".
bool IsUtcDate(std::string_view value) {
  std::string shape;
  for (char c : value) shape += (c >= '0' && c <= '9') ? '9' : (c >= 'A' && c <= 'z') ? 'a' : c;
  constexpr std::string_view kDays = "Mon Tue Wed Thu Fri Sat Sun";
  constexpr std::string_view kMonths = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec";
  return shape == "aaa, 99 aaa 9999 99:99:99 +9999" && value.substr(26) == "+0000" &&
         kDays.find(value.substr(0, 3)) != std::string_view::npos &&
         kMonths.find(value.substr(8, 3)) != std::string_view::npos;
}

//! A received message split into unfolded headers and the raw body.
struct Received {
  std::multimap<std::string, std::string> headers;
  std::string body;

  std::string Header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

Received Parse(const std::string& raw) {
  Received received;
  const auto split = raw.find("\r\n\r\n");
  EXPECT_NE(split, std::string::npos) << raw;
  if (split == std::string::npos) return received;
  const std::string head = raw.substr(0, split + 2);
  received.body = raw.substr(split + 4);
  // Every line of the message ends in CRLF and is within SMTP's limits.
  std::size_t start = 0;
  while (start < raw.size()) {
    const auto end = raw.find('\n', start);
    EXPECT_NE(end, std::string::npos) << "the message does not end with a line break";
    if (end == std::string::npos) break;
    EXPECT_TRUE(end > start && raw[end - 1] == '\r') << "a bare LF at byte " << end;
    EXPECT_LE(end - start - 1, 78u) << raw.substr(start, end - start);
    start = end + 1;
  }
  for (char c : head) EXPECT_TRUE(c > 0 && c < 0x7f) << "headers must be ASCII: " << head;
  // Unfold (RFC 5322 2.2.3): a CRLF before whitespace is removed.
  std::string unfolded;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head.compare(i, 2, "\r\n") == 0 && i + 2 < head.size() && (head[i + 2] == ' ' || head[i + 2] == '\t')) {
      ++i;
      continue;
    }
    unfolded += head[i];
  }
  std::istringstream lines(unfolded);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(": ");
    EXPECT_NE(colon, std::string::npos) << line;
    if (colon != std::string::npos) received.headers.emplace(line.substr(0, colon), line.substr(colon + 2));
  }
  return received;
}

std::string Crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' && (out.empty() || out.back() != '\r')) out += '\r';
    out += c;
  }
  return out;
}

mail::SmtpSettings Settings(const std::string& url) { return {url, "LQF Test <lqf@lqf.example>", "", ""}; }

TEST(QuotedPrintable, KeepsLinesShortAndDecodesBackExactly) {
  std::string long_line;
  for (int i = 0; i < 40; ++i) long_line += "Évaluation à 360°, ligne très longue = ok. ";
  const std::string text = "Dear Jo,\n\n.a line that starts with a dot\n.\ntrailing space \ntab\t\nrésumé\r\n" +
                           long_line + "\n" + std::string(75, 'x') + "=\n" + std::string(200, '.') + "\n\nend";
  const auto encoded = mail::EncodeQuotedPrintable(text);
  EXPECT_EQ(DecodeQuotedPrintable(encoded), Crlf(text) + "\r\n");
  EXPECT_NE(encoded.find("=2Ea line that starts"), std::string::npos);
  EXPECT_NE(encoded.find("trailing space=20\r\n"), std::string::npos);
  EXPECT_NE(encoded.find("r=C3=A9sum=C3=A9"), std::string::npos);
}

TEST(QuotedPrintable, EmptyAndSingleLine) {
  EXPECT_EQ(mail::EncodeQuotedPrintable(""), "");
  EXPECT_EQ(mail::EncodeQuotedPrintable("hi"), "hi\r\n");
  EXPECT_EQ(mail::EncodeQuotedPrintable("hi\n"), "hi\r\n");
  EXPECT_EQ(mail::EncodeQuotedPrintable("\n"), "\r\n");
  EXPECT_EQ(mail::EncodeQuotedPrintable("a=b"), "a=3Db\r\n");
}

TEST(SmtpTransport, DeliversAWellFormedMessage) {
  testing::TempDir dir;
  SmtpSink sink(dir.Path());
  mail::SmtpTransport transport({sink.Url(), "Équipe LQF <lqf@lqf.example>", "", ""});

  std::string long_line;
  for (int i = 0; i < 30; ++i) long_line += "Rapport d’évaluation à 360° — ";
  const std::string subject = "Évaluation 360° — your feedback report is ready to read, Jo (ça va?)";
  const std::string body = "Dear Jo,\n\n.This line starts with a dot.\n.\n" + long_line + "\nLast line, no newline";
  const auto error = transport.Send({"Jo.Bloggs@Example.gov.uk", subject, body});
  ASSERT_EQ(error, std::nullopt) << *error;

  const auto raw = sink.Message(1);
  ASSERT_FALSE(raw.empty()) << "no message arrived";
  const auto message = Parse(raw);
  EXPECT_EQ(DecodeHeader(message.Header("From")), "Équipe LQF <lqf@lqf.example>") << message.Header("From");
  EXPECT_EQ(message.Header("To"), "jo.bloggs@example.gov.uk");
  EXPECT_EQ(DecodeHeader(message.Header("Subject")), subject) << message.Header("Subject");
  EXPECT_TRUE(IsMessageId(message.Header("Message-ID"), "lqf.example")) << message.Header("Message-ID");
  EXPECT_TRUE(IsUtcDate(message.Header("Date"))) << message.Header("Date");
  EXPECT_EQ(message.Header("MIME-Version"), "1.0");
  EXPECT_EQ(message.Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(message.Header("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(message.headers.count("Bcc"), 0u);
  EXPECT_EQ(DecodeQuotedPrintable(message.body), Crlf(body) + "\r\n");

  const auto envelope = sink.Envelope(1);
  EXPECT_NE(envelope.find(R"("mailFrom":"lqf@lqf.example")"), std::string::npos) << envelope;
  EXPECT_NE(envelope.find(R"("rcptTo":["jo.bloggs@example.gov.uk"])"), std::string::npos) << envelope;
}

TEST(SmtpTransport, FoldsALongPlainSubjectWithoutChangingIt) {
  testing::TempDir dir;
  SmtpSink sink(dir.Path());
  mail::SmtpTransport transport({sink.Url(), "lqf@lqf.example", "", ""});
  std::string subject;
  while (subject.size() < app::kMaxEmailSubjectLength) subject += "Reminder: feedback ";
  subject.resize(app::kMaxEmailSubjectLength);
  ASSERT_EQ(transport.Send({"jo@example.org", subject, "Hello"}), std::nullopt);
  const auto message = Parse(sink.Message(1));
  EXPECT_EQ(message.Header("Subject"), subject);
  EXPECT_EQ(message.Header("From"), "lqf@lqf.example");
  EXPECT_TRUE(IsMessageId(message.Header("Message-ID"), "lqf.example")) << message.Header("Message-ID");
}

TEST(SmtpTransport, ReportsAServerThatIsNotThere) {
  mail::SmtpTransport transport(Settings("smtp://127.0.0.1:" + std::to_string(FreePort())));
  const auto start = std::chrono::steady_clock::now();
  const auto error = transport.Send({"jo@example.org", "Hello", "Body"});
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("connect"), std::string::npos) << *error;
  EXPECT_EQ(error->find("jo@example.org"), std::string::npos) << *error;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 15s);
}

TEST(SmtpTransport, RefusesHeaderInjectionAndBadSettingsWithoutSending) {
  testing::TempDir dir;
  SmtpSink sink(dir.Path());
  mail::SmtpTransport transport(Settings(sink.Url()));
  const auto injected = transport.Send({"a@b.com\r\nBcc: x@y.com", "Hello", "Body"});
  ASSERT_TRUE(injected);
  EXPECT_EQ(injected->rfind("not sent:", 0), 0u) << *injected;
  EXPECT_TRUE(transport.Send({"a@b.com", "Hello\r\nBcc: x@y.com", "Body"}));

  mail::SmtpTransport bad_from({sink.Url(), "LQF <nobody>", "", ""});
  EXPECT_TRUE(bad_from.Send({"a@b.com", "Hello", "Body"}));
  mail::SmtpTransport not_smtp({"file:///etc/passwd", "lqf@lqf.example", "", ""});
  EXPECT_TRUE(not_smtp.Send({"a@b.com", "Hello", "Body"}));
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(fs::exists(dir.Path() / "1.eml"));
}

TEST(SmtpSettings, ComeFromTheEnvironmentWithDefaults) {
  unsetenv("LQF_SMTP_URL");
  unsetenv("LQF_SMTP_FROM");
  unsetenv("LQF_SMTP_USER");
  unsetenv("LQF_SMTP_PASSWORD");
  auto settings = mail::SmtpSettingsFromEnvironment();
  EXPECT_EQ(settings.url, "smtp://127.0.0.1:25");
  EXPECT_EQ(settings.from, "LQF <lqf@localhost>");
  EXPECT_EQ(settings.username, "");
  setenv("LQF_SMTP_URL", "smtps://mail.example.gov.uk:465", 1);
  setenv("LQF_SMTP_USER", "lqf", 1);
  setenv("LQF_SMTP_PASSWORD", "secret", 1);
  settings = mail::SmtpSettingsFromEnvironment();
  EXPECT_EQ(settings.url, "smtps://mail.example.gov.uk:465");
  EXPECT_EQ(settings.username, "lqf");
  EXPECT_EQ(settings.password, "secret");
  unsetenv("LQF_SMTP_URL");
  unsetenv("LQF_SMTP_USER");
  unsetenv("LQF_SMTP_PASSWORD");
}

class TestClock final : public app::Clock {
 public:
  std::string NowUtc() override { return now_; }
  void Advance(std::int64_t seconds) { now_ = *app::AddSecondsUtc(now_, seconds); }

 private:
  std::string now_ = "2026-11-22T10:00:00Z";
};

TEST(OutboxOverSmtp, DeliversWhatWasQueuedWhileTheServerWasDown) {
  testing::TempDir dir;
  store::SqliteDatabase db(dir.File("lqf.db"));
  TestClock clock;
  store::Migrate(db, clock.NowUtc());
  store::SqlOutboxRepository outbox(db);
  const int port = FreePort();
  mail::SmtpTransport transport(Settings("smtp://127.0.0.1:" + std::to_string(port)));
  app::OutboxSender sender(outbox, transport, clock);

  const app::OutgoingEmail email{"jo@example.org", "Your invitation", "Please answer by Friday.\n"};
  ASSERT_EQ(app::ValidateEmail(email), std::nullopt);
  outbox.Enqueue(email, clock.NowUtc());
  EXPECT_EQ(sender.SendDue(), 0u);
  EXPECT_EQ(outbox.Counts().failing, 1);

  fs::create_directories(dir.Path() / "mail");
  SmtpSink sink(dir.Path() / "mail", port);
  EXPECT_EQ(sender.SendDue(), 0u) << "retried before its back-off";
  clock.Advance(app::kOutboxFirstRetrySeconds);
  EXPECT_EQ(sender.SendDue(), 1u);
  const auto message = Parse(sink.Message(1));
  EXPECT_EQ(message.Header("Subject"), "Your invitation");
  EXPECT_EQ(message.Header("From"), "\"LQF Test\" <lqf@lqf.example>");
  EXPECT_EQ(DecodeQuotedPrintable(message.body), "Please answer by Friday.\r\n");
  const auto counts = outbox.Counts();
  EXPECT_EQ(counts.sent, 1);
  EXPECT_EQ(counts.failing + counts.pending, 0);
  clock.Advance(24 * 3600);
  EXPECT_EQ(sender.SendDue(), 0u);
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(fs::exists(dir.Path() / "mail" / "2.eml")) << "sent twice";
}

}  // namespace
}  // namespace lqf
