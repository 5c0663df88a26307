// A local SMTP server for tests: accepts any mail without authentication or
// TLS and writes each message, exactly as received, to DIR/<n>.eml (and its
// envelope to DIR/<n>.json). Each file appears whole (written, then renamed).
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
      fs.writeFileSync(`${base}.eml.tmp`, Buffer.concat(chunks));
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
