// A local SMTP server for tests and for trying LQF out (scripts/run starts
// one): accepts any mail without authentication or TLS and writes each
// message, exactly as received, to DIR/<n>.eml (and its envelope to
// DIR/<n>.json), plus DIR/<n>.txt for people to read: To, Subject and the
// text with quoted-printable decoded, so its links can be opened as they are.
// Each file appears whole (written, then renamed).
//
//   node tests/support/smtp_sink.mjs DIR [PORT]
//
// Listens on 127.0.0.1, on PORT or (by default) a free port, and prints
// "SMTP sink listening on PORT" as its first line of output.
import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

const [dir, port = '0'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: smtp_sink.mjs DIR [PORT]');
  process.exit(2);
}

/** A message as a person reads it: To, Subject, then the decoded text. */
function readable(raw) {
  const text = raw.toString('latin1');
  const split = text.search(/\r?\n\r?\n/);
  const head = split < 0 ? text : text.slice(0, split);
  let body = split < 0 ? '' : text.slice(split).replace(/^\r?\n\r?\n/, '');
  const header = (name) => (new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head)?.[1] ?? '')
    .replace(/\r?\n[ \t]+/g, ' ');
  if (/quoted-printable/i.test(header('Content-Transfer-Encoding'))) {
    body = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  }
  const utf8 = Buffer.from(body, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
  return `To: ${header('To')}\nSubject: ${header('Subject')}\n\n${utf8}`;
}

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      count += 1;
      const base = path.join(dir, String(count));
      const envelope = {
        mailFrom: session.envelope.mailFrom && session.envelope.mailFrom.address,
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
      };
      fs.writeFileSync(`${base}.json.tmp`, JSON.stringify(envelope));
      fs.renameSync(`${base}.json.tmp`, `${base}.json`);
      const raw = Buffer.concat(chunks);
      fs.writeFileSync(`${base}.txt.tmp`, readable(raw));
      fs.renameSync(`${base}.txt.tmp`, `${base}.txt`);
      fs.writeFileSync(`${base}.eml.tmp`, raw);
      fs.renameSync(`${base}.eml.tmp`, `${base}.eml`);
      callback();
    });
  },
});
server.on('error', (error) => {
  console.error(`SMTP sink: ${error.message}`);
  process.exit(1);
});
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`SMTP sink listening on ${server.server.address().port}`);
});
// Stop at once: a test that stops the sink has read what it needed.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
