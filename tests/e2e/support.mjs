// Shared helpers for LQF's browser tests: start the real server on a fresh
// database, drive Debian's Chromium through playwright-core, and check pages
// with axe-core. Not a test file itself (node --test only runs *.test.mjs).

import { execFile, spawn } from 'node:child_process'
import { access, constants, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import AxeBuilder from '@axe-core/playwright'
import { chromium } from 'playwright-core'

const execFileAsync = promisify(execFile)

/** How long the server may take to print its Listening line. */
export const kStartTimeoutMs = 10_000
/** How long the server may take to exit after SIGTERM. */
export const kStopTimeoutMs = 5_000
/** How long `lqf init` may take to load the bundled frameworks. */
const kInitTimeoutMs = 30_000
/** Keep only the end of the server's log; the access log can be long. */
const kLogTailChars = 8_000
/** How long waitForMessages waits for email by default. */
export const kMailTimeoutMs = 10_000
/** How often waitForMessages looks in the sink's directory. */
const kMailPollMs = 50

const kSmtpSinkScript = fileURLToPath(new URL('../support/smtp_sink.mjs', import.meta.url))

/** The WCAG 2.2 A/AA rules we hold every page to. */
export const kAxeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

const kChromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
// Without the background-networking flags Chromium keeps calling home on a
// machine with no route out, which slows every test.
const kChromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'
]

/** The `lqf` executable under test, from LQF_BIN; throws with a clear reason. */
export async function lqfBinary () {
  const bin = process.env.LQF_BIN
  if (!bin) {
    throw new Error('Set LQF_BIN to the lqf executable, e.g. LQF_BIN=build/debug/lqf npm run test:e2e')
  }
  try {
    await access(bin, constants.X_OK)
  } catch {
    throw new Error(`LQF_BIN=${bin} is not an executable file (build it first: cmake --build --preset debug)`)
  }
  return bin
}

/** The password `lqf init --demo` gives every demo person. */
export const kDemoPassword = 'demo-password-2026'

/**
 * The people `lqf init --demo` adds (src/cli/cli.cpp, AddDemoData), keyed by
 * a short name; `role` is the label the pages show.
 */
export const kDemoPeople = {
  admin: { email: 'admin@demo.lqf.test', name: 'Alex Morgan', role: 'Administrator' },
  lead: { email: 'lead@demo.lqf.test', name: 'Priya Shah', role: 'Programme lead' },
  hr: { email: 'hr@demo.lqf.test', name: 'Tom Okafor', role: 'HR adviser' },
  assessor: { email: 'assessor@demo.lqf.test', name: 'Ruth Ellis', role: 'Assessor' },
  coach: { email: 'coach@demo.lqf.test', name: 'Sam Whitfield', role: 'Coach or mentor' },
  director: { email: 'director@demo.lqf.test', name: 'Jo Bennett', role: 'Participant' },
  aspirant: { email: 'aspirant@demo.lqf.test', name: 'Marcus Reid', role: 'Participant' },
  newdirector: { email: 'newdirector@demo.lqf.test', name: 'Helen Price', role: 'Participant' },
  director2: { email: 'director2@demo.lqf.test', name: 'Aisha Khan', role: 'Participant' },
  director3: { email: 'director3@demo.lqf.test', name: 'Owen Hughes', role: 'Participant' },
  ceo: { email: 'ceo@demo.lqf.test', name: 'Catherine Lloyd', role: 'Participant' }
}

/**
 * Starts `lqf serve` on a new database holding the bundled frameworks
 * (and, with { demo: true }, the demo people of `lqf init --demo`).
 * `env` adds to the server's environment (e.g. { LQF_SMTP_URL: sink.url }).
 * With { publicUrl: true } the server listens on a port chosen beforehand
 * and is told (--public-url) that it is reached there, so the links in its
 * emails lead back to it.
 * Returns { url, process, stop(), log() }; url ends with '/'.
 */
export async function startServer ({ demo = false, env = {}, publicUrl = false } = {}) {
  const bin = await lqfBinary()
  const dir = await mkdtemp(join(tmpdir(), 'lqf-e2e-'))
  const db = join(dir, 'lqf.db')
  const initArgs = ['init', '--db', db, ...(demo ? ['--demo'] : [])]
  try {
    await execFileAsync(bin, initArgs, { timeout: kInitTimeoutMs })
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw new Error(`${bin} ${initArgs.join(' ')} failed: ${error.message}\n${error.stderr ?? ''}`)
  }

  const serveArgs = ['serve', '--db', db, '--listen', '127.0.0.1:0']
  if (publicUrl) {
    const port = await freePort()
    serveArgs.splice(serveArgs.indexOf('--listen'), 2, '--listen', `127.0.0.1:${port}`,
      '--public-url', `http://127.0.0.1:${port}`)
  }
  const child = spawn(bin, serveArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env }
  })
  let logTail = ''
  // Drain stderr (the access log) so the server never blocks on a full pipe.
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk) => { logTail = (logTail + chunk).slice(-kLogTailChars) })
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))

  let url
  try {
    url = await readListeningUrl(child, exited)
  } catch (error) {
    child.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
    throw new Error(`${error.message}\nserver log:\n${logTail}`)
  }

  let stopping
  /** Sends SIGTERM once; resolves to { code, signal, ms } or rejects on time-out. */
  function stop () {
    stopping ??= (async () => {
      const started = Date.now()
      child.kill('SIGTERM')
      const result = await Promise.race([exited, delay(kStopTimeoutMs).then(() => null)])
      if (result === null) {
        child.kill('SIGKILL')
        await exited
      }
      await rm(dir, { recursive: true, force: true })
      if (result === null) {
        throw new Error(`server did not exit within ${kStopTimeoutMs} ms of SIGTERM\nserver log:\n${logTail}`)
      }
      return { ...result, ms: Date.now() - started }
    })()
    return stopping
  }

  return { url, process: child, stop, log: () => logTail }
}

/** Waits for the first stdout line, `Listening on http://127.0.0.1:PORT/`. */
function readListeningUrl (child, exited) {
  const lines = createInterface({ input: child.stdout })
  const firstLine = new Promise((resolve) => lines.once('line', resolve))
  const timeout = delay(kStartTimeoutMs).then(() => {
    throw new Error(`server printed no Listening line within ${kStartTimeoutMs} ms`)
  })
  const died = exited.then(({ code, signal }) => {
    throw new Error(`server exited before listening (code ${code}, signal ${signal})`)
  })
  return Promise.race([firstLine, timeout, died]).then((line) => {
    // Keep reading stdout so the server never blocks writing to it.
    child.stdout.resume()
    const match = /^Listening on (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(line.trim())
    if (!match) throw new Error(`unexpected first line from server: ${JSON.stringify(line)}`)
    return match[1]
  })
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the system's choice). */
export function freePort () {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

/**
 * Starts the SMTP sink of the C++ tests (tests/support/smtp_sink.mjs) on a
 * free port, keeping what it receives in a new temporary directory.
 * Returns { url, port, messages(), waitForMessages(count), stop() }: point the
 * server at it with env { LQF_SMTP_URL: sink.url }.
 */
export async function startSmtpSink () {
  const dir = await mkdtemp(join(tmpdir(), 'lqf-e2e-mail-'))
  const child = spawn(process.execPath, [kSmtpSinkScript, dir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let errors = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk) => { errors = (errors + chunk).slice(-kLogTailChars) })
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))

  const lines = createInterface({ input: child.stdout })
  const firstLine = new Promise((resolve) => lines.once('line', resolve))
  let port
  try {
    const line = await Promise.race([
      firstLine,
      delay(kStartTimeoutMs).then(() => { throw new Error(`SMTP sink did not start within ${kStartTimeoutMs} ms`) }),
      exited.then(({ code }) => { throw new Error(`SMTP sink exited (code ${code}): ${errors}`) })
    ])
    child.stdout.resume()
    const match = /^SMTP sink listening on (\d+)$/.exec(line.trim())
    if (!match) throw new Error(`unexpected first line from the SMTP sink: ${JSON.stringify(line)}`)
    port = Number(match[1])
  } catch (error) {
    child.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
    throw error
  }

  /** Every message received so far, oldest first, parsed (see parseEmail). */
  async function messages () {
    const numbers = (await readdir(dir)).map((name) => /^(\d+)\.eml$/.exec(name)?.[1])
      .filter(Boolean).map(Number).sort((a, b) => a - b)
    return Promise.all(numbers.map(async (n) => {
      // The sink renames the envelope into place before the message.
      const envelope = JSON.parse(await readFile(join(dir, `${n}.json`), 'utf8'))
      return { ...parseEmail(await readFile(join(dir, `${n}.eml`))), envelope }
    }))
  }

  /** Waits until at least `count` messages have arrived; returns them all. */
  async function waitForMessages (count, { timeoutMs = kMailTimeoutMs } = {}) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const received = await messages()
      if (received.length >= count) return received
      if (Date.now() > deadline) {
        throw new Error(`the SMTP sink received ${received.length} message(s) within ${timeoutMs} ms, not ${count}: ` +
          JSON.stringify(received.map((m) => ({ to: m.envelope.rcptTo, subject: m.subject }))))
      }
      await delay(kMailPollMs)
    }
  }

  let stopping
  function stop () {
    stopping ??= (async () => {
      child.kill('SIGTERM')
      await exited
      await rm(dir, { recursive: true, force: true })
    })()
    return stopping
  }

  return { url: `smtp://127.0.0.1:${port}`, port, messages, waitForMessages, stop }
}

/**
 * A message as the SMTP sink stored it: { headers, subject, text, raw }, with
 * header names in lower case, folded headers joined, encoded words
 * (=?UTF-8?B?...?= / ?Q?) decoded, and a quoted-printable or base64 body decoded.
 */
export function parseEmail (bytes) {
  const raw = Buffer.from(bytes).toString('latin1')
  const split = raw.search(/\r?\n\r?\n/)
  const head = split < 0 ? raw : raw.slice(0, split)
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '')
  const headers = {}
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim())
  }
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase()
  let text
  if (encoding === 'quoted-printable') {
    text = decodeQuotedPrintable(body)
  } else if (encoding === 'base64') {
    text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  } else {
    text = Buffer.from(body, 'latin1').toString('utf8')
  }
  return { headers, subject: headers.subject ?? '', text: text.replace(/\r\n/g, '\n'), raw }
}

function decodeQuotedPrintable (text) {
  const bytes = []
  const input = text.replace(/=\r?\n/g, '')
  for (let i = 0; i < input.length; ++i) {
    if (input[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(input.slice(i + 1, i + 3))) {
      bytes.push(parseInt(input.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(input.charCodeAt(i) & 0xff)
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

/** A header value with its RFC 2047 encoded words decoded (latin1 in, text out). */
function decodeWords (value) {
  const decoded = value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (word, charset, kind, data) => {
    if (kind.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8')
    return decodeQuotedPrintable(data.replace(/_/g, ' '))
  })
  // Unencoded header text arrived as bytes (read as latin1): make it UTF-8 text.
  return /=\?/.test(value) ? decoded : Buffer.from(decoded, 'latin1').toString('utf8')
}

function delay (ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}

/** Launches Debian's Chromium headless. */
export function launchBrowser () {
  return chromium.launch({ executablePath: kChromiumPath, args: kChromiumArgs })
}

/**
 * Opens `path` in a new page of `context`, watching for the problems every
 * page must be free of: console errors, and asset requests that fail.
 * Returns { page, response, problems } where problems is a live array.
 */
export async function openPage (context, baseUrl, path) {
  const page = await context.newPage()
  const problems = []
  const url = new URL(path, baseUrl).href
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    // Chromium reports an error status of the page itself (e.g. the 404 page)
    // as a console error; the test checks that status directly instead.
    const where = message.location()?.url
    if (where === url && /Failed to load resource/.test(message.text())) return
    problems.push(`console error: ${message.text()} (${where ?? 'unknown source'})`)
  })
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`))
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`)
  })
  page.on('response', (response) => {
    if (response.url().includes('/assets/') && response.status() >= 400) {
      problems.push(`asset answered ${response.status()}: ${response.url()}`)
    }
  })
  const response = await page.goto(url, { waitUntil: 'load' })
  return { page, response, problems }
}

/** Asserts-style helper: throws listing every axe-core violation readably. */
export async function expectNoAxeViolations (page) {
  const results = await new AxeBuilder({ page }).withTags(kAxeTags).analyze()
  if (results.violations.length === 0) return
  const report = results.violations.map((violation) => {
    const nodes = violation.nodes.map((node) =>
      `    at ${node.target.join(' ')}\n      ${node.html.slice(0, 200)}\n      ${(node.failureSummary ?? '').replace(/\n/g, '\n      ')}`
    ).join('\n')
    return `  [${violation.impact}] ${violation.id}: ${violation.help}\n    ${violation.helpUrl}\n${nodes}`
  }).join('\n')
  throw new Error(`${results.violations.length} accessibility violation(s) on ${page.url()}:\n${report}`)
}

/**
 * Clicks `locator` (a submit button or link) and waits for the page it leads
 * to, following redirects. Returns the final document's response.
 */
export async function submitAndWait (page, locator) {
  const response = page.waitForResponse((r) => r.request().isNavigationRequest() &&
    r.request().frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400))
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() })
  await locator.click()
  const [final] = await Promise.all([response, navigated])
  await page.waitForLoadState('load')
  return final
}

/**
 * Signs in through the form on /sign-in (opened in `page`, or opened here if
 * the page is elsewhere). Returns the response of the page it lands on.
 */
export async function signIn (page, baseUrl, email, password = kDemoPassword) {
  if (new URL(page.url(), baseUrl).pathname !== '/sign-in') {
    await page.goto(new URL('/sign-in', baseUrl).href, { waitUntil: 'load' })
  }
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  return submitAndWait(page, page.getByRole('button', { name: 'Sign in', exact: true }))
}
