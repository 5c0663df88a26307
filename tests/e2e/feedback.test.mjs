// A whole 360-degree feedback cycle in a real browser, with real email: the
// director starts a cycle, adds raters and sends the invitations, which the
// server's outbox worker delivers to a local SMTP sink; each rater opens the
// link from their own email with no account and answers, saves and comes
// back (once without JavaScript), declines or does nothing; the director
// sees counts only, cannot remind too soon, rates themself and closes the
// cycle, after which the links stop working. Every page is checked with
// axe-core (WCAG 2.2 A/AA), for other raters' names (privacy) and, under
// /feedback, for Cache-Control: no-store.
//
//   LQF_BIN=build/ci/src/lqf node --test tests/e2e/feedback.test.mjs

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  expectNoAxeViolations, kDemoPeople, launchBrowser, openPage, signIn, startServer, startSmtpSink, submitAndWait
} from './support.mjs'

const kDirector = kDemoPeople.director
const kCycleTitle = 'Feedback before my appraisal, e2e'
const kGroup = 'Peer directors'
const kFrom = 'LQF tests <lqf@e2e.lqf.test>'
/** The statements of "Leadership attributes", the only part asked about. */
const kStatements = [
  ['A1', 'Moral purpose'], ['A2', 'Integrity'], ['A3', 'Insight'], ['A4', 'Innovation'],
  ['A5', 'Self-awareness'], ['A6', 'Resilience'], ['A7', 'Adaptability and flexibility'],
  ['A8', 'Courage and passion']
]
/** The raters, each in a different organisation; token and link come from their email. */
const kRaters = [
  { name: 'Asha Kapoor', email: 'asha.kapoor@eastmoor.example.test' },
  { name: 'Ben Carter', email: 'ben.carter@riverside.example.test' },
  { name: 'Carla Diaz', email: 'carla.diaz@westvale.example.test' },
  { name: 'Dev Patel', email: 'dev.patel@northfield.example.test' }
]
/** True for an email to one of the raters (the demo also emails its people: plan reminders). */
const toRaters = (message) => kRaters.some((r) => message.envelope.rcptTo.includes(r.email))
/** The deadline of the cycle: a month from today. */
const kDeadline = dateAhead(1)
const kFeedbackLink = /(http:\/\/127\.0\.0\.1:\d+)\/feedback\?t=([A-Za-z0-9_-]+)/g

/** Text with whitespace collapsed. */
const squash = (text) => text.replace(/\s+/g, ' ').trim()

/** The text of <main>, whitespace collapsed. */
async function mainText (page) {
  return squash(await page.locator('main').innerText())
}

async function heading (page) {
  return squash(await page.locator('h1').innerText())
}

/** The error summary's links: [{ href, text }]. */
function summaryLinks (page) {
  return page.locator('.govuk-error-summary a').evaluateAll((links) =>
    links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.replace(/\s+/g, ' ').trim() })))
}

/** The success banner's message, or null. */
async function notice (page) {
  const banner = page.locator('.govuk-notification-banner__heading')
  return (await banner.count()) === 0 ? null : squash(await banner.innerText())
}

/** A date `months` months from today (UTC) as { day, month, year } strings, and as YYYY-MM-DD. */
function dateAhead (months) {
  const date = new Date()
  date.setUTCDate(1)
  date.setUTCMonth(date.getUTCMonth() + months)
  date.setUTCDate(Math.min(new Date().getUTCDate(), 28))
  const iso = date.toISOString().slice(0, 10)
  return { day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()), iso }
}

/** The question for a statement (its fieldset, named by its legend "A1 Moral purpose"). */
function question (page, code) {
  return page.getByRole('group', { name: new RegExp(`^${code} `) })
}

/** Chooses a rating ("4 Strong", "Not able to comment") for a statement. */
async function rate (page, code, label) {
  await question(page, code).getByLabel(label, { exact: true }).check()
}

/** The ratings chosen on a questionnaire page: { A1: '4 Strong', ... } (only those chosen). */
function chosenRatings (page) {
  return page.locator('main input[type=radio]:checked').evaluateAll((inputs) =>
    Object.fromEntries(inputs.map((input) => [input.name.replace(/^rating-/, ''),
      document.querySelector(`label[for="${input.id}"]`).textContent.replace(/\s+/g, ' ').trim()])))
}

/** The rows of "Check your answers": { A1: { value, comment } }. */
function checkRows (page) {
  return page.locator('main .govuk-summary-list__row').evaluateAll((rows) => Object.fromEntries(rows.map((row) => {
    const code = row.querySelector('.lqf-code').textContent.trim()
    const value = row.querySelector('.govuk-summary-list__value')
    const comment = value.querySelector('p')?.textContent.trim() ?? ''
    const shown = [...value.childNodes].filter((n) => n.nodeName !== 'P').map((n) => n.textContent).join(' ')
    return [code, { value: shown.replace(/\s+/g, ' ').trim(), comment }]
  })))
}

describe('a 360-degree feedback cycle, with email', { timeout: 180_000 }, () => {
  let sink
  let server
  let browser
  let director
  /** The cycle's page, /cycles/N. */
  let cyclePath
  /** What each error link of "Start a feedback cycle" focused: { href, target, focused }. */
  const focusedByErrorLinks = []
  /** Every page a rater's browser was sent under /feedback: { url, status, cacheControl }. */
  const raterResponses = []
  /** Every rater page's HTML with the rater it was for, for the privacy check. */
  const raterPages = []

  before(async () => {
    sink = await startSmtpSink()
    server = await startServer({
      demo: true,
      publicUrl: true,
      env: { LQF_SMTP_URL: sink.url, LQF_SMTP_FROM: kFrom }
    })
    browser = await launchBrowser()
    director = await browser.newContext()
    const page = await director.newPage()
    const response = await signIn(page, server.url, kDirector.email)
    assert.equal(response.status(), 200, 'the director signs in')
    await page.close()
  })

  after(async () => {
    await browser?.close()
    await server?.stop().catch(() => {})
    await sink?.stop().catch(() => {})
  })

  const url = (path) => new URL(path, server.url).href

  /**
   * Opens `path` in a new page of `context` and checks the status, that
   * nothing failed to load, and (unless axe: false) that axe finds nothing.
   */
  async function visit (context, path, { status = 200, axe = true } = {}) {
    const { page, response, problems } = await openPage(context, server.url, path)
    assert.equal(response.status(), status, `status of ${path} (landed on ${page.url()})`)
    if (axe) await expectNoAxeViolations(page)
    assert.deepEqual(problems, [], `problems loading ${path}`)
    return page
  }

  /**
   * A new browser context for a rater (nobody signed in) that records every
   * page it is sent from /feedback, for the Cache-Control and privacy checks.
   */
  async function raterContext (rater, options = {}) {
    const context = await browser.newContext(options)
    const bodies = []
    context.on('response', (response) => {
      const request = response.request()
      if (!request.isNavigationRequest() || !new URL(response.url()).pathname.startsWith('/feedback')) return
      if (response.status() >= 300 && response.status() < 400) return
      raterResponses.push({ url: response.url(), status: response.status(), cacheControl: response.headers()['cache-control'] })
      bodies.push(response.text().then((html) => raterPages.push({ rater, url: response.url(), html }),
        (error) => raterPages.push({ rater, url: response.url(), html: `(not read: ${error.message})` })))
    })
    // Read every page's body before the context goes.
    const close = context.close.bind(context)
    context.close = async () => {
      await Promise.all(bodies)
      return close()
    }
    return context
  }

  /** The Peer directors row of the progress table, as numbers by column. */
  async function peerProgress (page) {
    const rows = await page.locator('main table').first().locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent.replace(/\s+/g, ' ').trim())))
    const row = rows.find((cells) => cells[0] === kGroup)
    assert.ok(row, `a progress row for ${kGroup}: ${JSON.stringify(rows)}`)
    const [, nominated, invited, started, submitted, declined, minimum] = row.map(Number)
    return { nominated, invited, started, submitted, declined, minimum }
  }

  /** The rows of the raters table: [{ name, email, group, action }]. */
  function raterRows (page) {
    return page.locator('main table').nth(1).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => {
      const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/\s+/g, ' ').trim())
      return { name: cells[0], email: cells[1], group: cells[2], action: cells[3] }
    }))
  }

  test('the director finds Feedback and starts a cycle; the form says what is wrong and keeps what was typed', async () => {
    const account = await visit(director, '/account', { axe: false })
    const feedback = account.locator('nav[aria-label="Menu"]').getByRole('link', { name: 'Feedback', exact: true })
    assert.equal(await feedback.getAttribute('href'), '/cycles')
    await submitAndWait(account, feedback)
    assert.equal(new URL(account.url()).pathname, '/cycles')
    assert.equal(await heading(account), 'Feedback cycles')
    // The demo director's earlier cycles (lqf init --demo) are listed.
    assert.match(await mainText(account), /Autumn 2026 .* Closed Spring 2025 .* Closed/)
    await account.close()

    const cycles = await visit(director, '/cycles')
    assert.equal(await cycles.locator('a[aria-current="page"]').innerText(), 'Feedback', 'the navigation marks Feedback')
    await submitAndWait(cycles, cycles.getByRole('button', { name: 'Start a feedback cycle' }))
    assert.equal(new URL(cycles.url()).pathname, '/cycles/new')
    await cycles.close()

    const page = await visit(director, '/cycles/new')
    assert.equal(await heading(page), 'Start a feedback cycle')
    assert.equal(await page.getByLabel('Most reminders to each rater').inputValue(), '3', 'three reminders at most, at first')
    const parts = page.getByRole('group', { name: 'What should people give feedback on?' }).getByRole('checkbox')
    assert.equal(await parts.count(), 3, 'attributes, skills and knowing the business')
    for (const box of await parts.all()) assert.ok(await box.isChecked(), 'every part is ticked at first')

    // Empty: no name, nothing ticked, no deadline.
    for (const box of await parts.all()) await box.uncheck()
    let response = await submitAndWait(page, page.getByRole('button', { name: 'Start the cycle' }))
    assert.equal(response.status(), 422)
    assert.equal(await page.title(), 'Error: Start a feedback cycle – LQF')
    assert.equal(squash(await page.locator('.govuk-error-summary h2').innerText()), 'There is a problem')
    const links = await summaryLinks(page)
    assert.deepEqual(links.map((l) => l.text), [
      'Enter a name for the cycle',
      'Tick at least one part of the framework to ask about',
      'Enter the deadline'
    ])
    assert.equal(squash(await page.locator('#title-error').innerText()), 'Error: Enter a name for the cycle')
    assert.equal(squash(await page.locator('#scope-error').innerText()), 'Error: Tick at least one part of the framework to ask about')
    assert.equal(squash(await page.locator('#deadline-error').innerText()), 'Error: Enter the deadline')
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'),
      null, { timeout: 5_000 })
    await expectNoAxeViolations(page)
    // Each link must lead to a field: checked at the end of this test.
    for (const { href } of links) {
      const target = await page.evaluate((id) => {
        const element = document.getElementById(id)
        return element ? `${element.tagName.toLowerCase()}${element.type ? `[type=${element.type}]` : ''}` : null
      }, href.slice(1))
      await page.locator(`.govuk-error-summary a[href="${href}"]`).click()
      const focused = await page.evaluate(() => {
        const element = document.activeElement
        return element ? { tag: element.tagName.toLowerCase(), id: element.id } : null
      })
      focusedByErrorLinks.push({ href, target, focused })
    }

    // What was typed is kept when something else is wrong: no 31 February,
    // and a number of reminders that is not a number.
    const day = page.getByLabel('Day', { exact: true })
    const month = page.getByLabel('Month', { exact: true })
    const year = page.getByLabel('Year', { exact: true })
    const reminders = page.getByLabel('Most reminders to each rater')
    const next = dateAhead(12)
    await page.getByLabel('Name of the cycle').fill(kCycleTitle)
    await page.getByLabel('Leadership attributes').check()
    await day.fill('31')
    await month.fill('2')
    await year.fill(next.year)
    await page.locator('summary', { hasText: 'Reminders' }).click()
    await reminders.fill('lots')
    response = await submitAndWait(page, page.getByRole('button', { name: 'Start the cycle' }))
    assert.equal(response.status(), 422)
    assert.deepEqual(await summaryLinks(page), [
      { href: '#deadline-day', text: 'Enter the deadline as a real date, for example 18 12 2026' },
      { href: '#reminder_limit', text: 'Enter how many reminders as a number from 0 to 10' }
    ])
    assert.equal(await page.getByLabel('Name of the cycle').inputValue(), kCycleTitle, 'the name is kept')
    assert.deepEqual([await day.inputValue(), await month.inputValue(), await year.inputValue()],
      ['31', '2', next.year], 'the date typed is kept')
    assert.equal(await reminders.inputValue(), 'lots', 'the number of reminders typed is kept')
    assert.equal(await page.getByLabel('Leadership attributes').isChecked(), true, 'the tick is kept')
    assert.equal(await page.getByLabel('Leadership skills').isChecked(), false, 'unticked stays unticked')
    assert.equal(await page.getByLabel(/^Areas of strategic leadership/).isChecked(), false, 'unticked stays unticked')
    await expectNoAxeViolations(page)
    // The field with the error must be in view, and its link must reach it:
    // checked at the end of this test.
    const reminderErrorShown = await reminders.isVisible()
    await page.locator('.govuk-error-summary a[href="#reminder_limit"]').click()
    focusedByErrorLinks.push({
      href: '#reminder_limit',
      target: 'input (inside the closed "Reminders" details)',
      focused: await page.evaluate(() => ({ tag: document.activeElement?.tagName.toLowerCase(), id: document.activeElement?.id }))
    })

    // A deadline a month ahead: the cycle starts.
    const deadline = kDeadline
    await day.fill(deadline.day)
    await month.fill(deadline.month)
    await year.fill(deadline.year)
    if (!(await reminders.isVisible())) await page.locator('summary', { hasText: 'Reminders' }).click()
    await reminders.fill('3')
    response = await submitAndWait(page, page.getByRole('button', { name: 'Start the cycle' }))
    assert.equal(response.status(), 200)
    const landed = new URL(page.url())
    assert.match(landed.pathname, /^\/cycles\/\d+$/)
    cyclePath = landed.pathname
    assert.equal(await heading(page), kCycleTitle)
    assert.match(await notice(page), /^Your feedback cycle has been started\./)
    const text = await mainText(page)
    assert.match(text, new RegExp(`Feedback cycle for ${kDirector.name}`))
    assert.match(text, /Status Choosing raters/)
    assert.match(text, new RegExp(`Deadline ${deadline.iso}`))
    assert.match(text, /Questions 8 statements from nlqf-2010/)
    assert.match(text, /No raters yet\./)
    await page.close()

    const list = await visit(director, '/cycles', { axe: false })
    assert.equal(await list.getByRole('link', { name: kCycleTitle }).getAttribute('href'), cyclePath)
    await list.close()

    // Last, as they fail while the bugs they guard against are there: a field
    // with an error is shown, not hidden in a closed <details>; and every
    // link in the error summary moves focus to a form field (GOV.UK: the
    // first checkbox, the first date input with an error).
    const wrong = []
    if (!reminderErrorShown) wrong.push('"Most reminders to each rater" has an error but stays hidden in the closed "Reminders" details')
    for (const { href, target, focused } of focusedByErrorLinks) {
      if (!['input', 'select', 'textarea'].includes(focused?.tag)) {
        wrong.push(`the error link ${href} (pointing at ${target ?? 'nothing'}) leaves focus on ${JSON.stringify(focused)}, not a field`)
      }
    }
    assert.deepEqual(wrong, [], 'the errors of "Start a feedback cycle" lead to their fields')
  })

  test('the director adds four raters (a wrong email is refused) and sends the invitations by email', async () => {
    const page = await visit(director, cyclePath)
    for (const rater of kRaters) {
      await page.getByLabel('Full name').fill(rater.name)
      await page.getByLabel('Email address').fill(rater.email)
      await page.locator('#group').selectOption({ label: kGroup })
      const response = await submitAndWait(page, page.getByRole('button', { name: 'Add rater' }))
      assert.equal(response.status(), 200)
      assert.equal(await notice(page), 'The rater has been added.', `${rater.name}: ${await mainText(page)}`)
    }

    await page.getByLabel('Full name').fill('Eve Wrong')
    await page.getByLabel('Email address').fill('eve.wrong@')
    await page.locator('#group').selectOption({ label: kGroup })
    let response = await submitAndWait(page, page.getByRole('button', { name: 'Add rater' }))
    assert.equal(response.status(), 422)
    assert.equal(await page.title(), `Error: ${kCycleTitle} – LQF`)
    assert.deepEqual(await summaryLinks(page), [
      { href: '#email', text: 'Enter an email address in the correct format, like name@example.gov.uk' }
    ])
    assert.equal(squash(await page.locator('#email-error').innerText()),
      'Error: Enter an email address in the correct format, like name@example.gov.uk')
    assert.equal(await page.getByLabel('Full name').inputValue(), 'Eve Wrong', 'the name is kept')
    assert.equal(await page.getByLabel('Email address').inputValue(), 'eve.wrong@', 'the email is kept')
    assert.equal(await page.locator('#group option:checked').innerText(), kGroup, 'the group is kept')
    await expectNoAxeViolations(page)
    await page.locator('.govuk-error-summary a[href="#email"]').click()
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'the link focuses the field')
    await page.close()

    const withRaters = await visit(director, cyclePath)
    assert.deepEqual((await raterRows(withRaters)).map(({ name, email, group }) => ({ name, email, group })),
      kRaters.map(({ name, email }) => ({ name, email, group: kGroup })), 'the four raters, not the wrong one')
    for (const rater of kRaters) {
      assert.equal(await withRaters.getByRole('button', { name: `Remove ${rater.name}` }).count(), 1)
    }
    assert.deepEqual(await peerProgress(withRaters),
      { nominated: 4, invited: 0, started: 0, submitted: 0, declined: 0, minimum: 3 })
    assert.deepEqual((await sink.messages()).filter(toRaters), [], 'no email to a rater before the invitations are sent')

    response = await submitAndWait(withRaters, withRaters.getByRole('button', { name: 'Send invitations' }))
    assert.equal(response.status(), 200)
    assert.equal(await notice(withRaters), 'Invitations have been sent by email.')
    assert.match(await mainText(withRaters), /Status Open/)
    assert.deepEqual((await raterRows(withRaters)).map((r) => r.action), ['Invited', 'Invited', 'Invited', 'Invited'])
    assert.deepEqual(await peerProgress(withRaters),
      { nominated: 0, invited: 4, started: 0, submitted: 0, declined: 0, minimum: 3 })
    await withRaters.close()

    // The outbox worker sends one email to each rater.
    const messages = await waitForRaterMessages(4)
    assert.equal(messages.length, 4, 'exactly one email each')
    const origin = new URL(server.url).origin
    for (const rater of kRaters) {
      const mine = messages.filter((m) => m.envelope.rcptTo.includes(rater.email))
      assert.equal(mine.length, 1, `one email to ${rater.email}`)
      const [message] = mine
      assert.deepEqual(message.envelope.rcptTo, [rater.email], 'sent to the rater alone')
      assert.equal(message.envelope.mailFrom, 'lqf@e2e.lqf.test')
      assert.equal(message.headers.from, '"LQF tests" <lqf@e2e.lqf.test>')
      assert.equal(message.headers.to, rater.email)
      assert.equal(message.subject, `Feedback for ${kDirector.name}`)
      assert.match(message.text, new RegExp(`^Hello ${rater.name},`))
      assert.match(message.text, new RegExp(`${kDirector.name} has asked for your feedback`))
      assert.match(message.text, new RegExp(`You were asked as: ${kGroup}\\.`))
      assert.match(message.text, /Your answers are confidential/)
      assert.match(message.text, new RegExp(`Please answer by ${kDeadline.iso}\\.`))
      const links = [...message.text.matchAll(kFeedbackLink)]
      assert.equal(links.length, 1, `one link in the email to ${rater.email}:\n${message.text}`)
      assert.equal(links[0][1], origin, 'the link leads to this server (--public-url)')
      rater.token = links[0][2]
      rater.link = links[0][0]
      for (const other of kRaters.filter((r) => r !== rater)) {
        for (const secret of [other.name, other.email]) {
          assert.ok(!message.raw.includes(secret) && !message.text.includes(secret),
            `the email to ${rater.name} does not mention ${secret}`)
        }
      }
    }
    assert.equal(new Set(kRaters.map((r) => r.token)).size, 4, 'each rater has their own link')
  })

  test('rater 1 answers, is told what is missing, fixes it and submits', async () => {
    const [rater] = kRaters
    const context = await raterContext(rater)
    try {
      const start = await visit(context, rater.link)
      assert.equal(await heading(start), `Feedback for ${kDirector.name}`)
      const text = await mainText(start)
      assert.match(text, new RegExp(`Hello ${rater.name}\\. ${kDirector.name} has asked for your view of their leadership`))
      assert.match(text, /There are 8 statements over 1 pages?\./)
      assert.match(text, new RegExp(`You were asked as: ${kGroup}\\.`))
      assert.match(text, /Your answers are confidential\./)
      assert.match(text, /Nobody, administrators included, can see which answers are yours\./)
      assert.match(text, /5 Exemplary/)
      assert.match(text, /Not able to comment/)
      await submitAndWait(start, start.getByRole('button', { name: 'Start now' }))
      assert.equal(new URL(start.url()).searchParams.get('page'), '1')
      assert.equal(await heading(start), 'Leadership attributes')
      assert.match(squash(await start.locator('.govuk-caption-l').innerText()), new RegExp(`^Page 1 of 1: feedback for ${kDirector.name}$`))
      assert.equal(await start.locator('main fieldset').count(), 8, 'a question for each attribute')
      await expectNoAxeViolations(start)
      const page = start

      // Everything but A8, with a comment that is too long on A8.
      for (const [i, [code]] of kStatements.slice(0, 7).entries()) {
        await rate(page, code, ['3 Effective', '4 Strong', '5 Exemplary', '2 Developing'][i % 4])
      }
      await page.getByLabel('Comment (optional)').first().fill('Holds the partnership to the needs of children.')
      await page.locator('#comment-A8').fill('x'.repeat(5001))
      let response = await submitAndWait(page, page.getByRole('button', { name: 'Save and check your answers' }))
      assert.equal(response.status(), 422)
      assert.equal(await page.title(), 'Error: Leadership attributes – LQF')
      assert.deepEqual(await summaryLinks(page), [
        { href: '#comment-A8', text: 'A8 Courage and passion: Comments must be 5,000 characters or fewer' }
      ])
      assert.equal(squash(await page.locator('#comment-A8-error').innerText()),
        'Error: A8 Courage and passion: Comments must be 5,000 characters or fewer')
      assert.equal((await chosenRatings(page)).A3, '5 Exemplary', 'the answers typed are kept')
      await expectNoAxeViolations(page)
      await page.locator('.govuk-error-summary a[href="#comment-A8"]').click()
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'comment-A8')

      await page.locator('#comment-A8').fill('')
      response = await submitAndWait(page, page.getByRole('button', { name: 'Save and check your answers' }))
      assert.equal(response.status(), 200)
      assert.equal(new URL(page.url()).searchParams.get('check'), '1')
      assert.equal(await heading(page), 'Check your answers')
      const rows = await checkRows(page)
      assert.deepEqual(rows.A1, { value: '3 Effective', comment: 'Holds the partnership to the needs of children.' })
      assert.deepEqual(rows.A8, { value: 'Not answered yet', comment: '' })
      await expectNoAxeViolations(page)

      response = await submitAndWait(page, page.getByRole('button', { name: 'Submit', exact: true }))
      assert.equal(response.status(), 422)
      assert.equal(await page.title(), 'Error: Check your answers – LQF')
      const missing = `/feedback?t=${rater.token}&page=1#rating-A8`
      assert.deepEqual(await summaryLinks(page), [
        { href: missing, text: 'A8 Courage and passion: Choose a rating, or ‘Not able to comment’' }
      ])
      await expectNoAxeViolations(page)

      // The link leads to the question.
      await page.locator('.govuk-error-summary a').click()
      await page.waitForURL((u) => u.href === url(missing))
      assert.equal(await heading(page), 'Leadership attributes')
      assert.equal(await page.locator('#rating-A8').count(), 1, 'the link\'s target is A8\'s first choice')
      await rate(page, 'A8', 'Not able to comment')
      await submitAndWait(page, page.getByRole('button', { name: 'Save and check your answers' }))
      assert.equal((await checkRows(page)).A8.value, 'Not able to comment')
      response = await submitAndWait(page, page.getByRole('button', { name: 'Submit', exact: true }))
      assert.equal(response.status(), 200)
      assert.equal(squash(await page.locator('.govuk-panel__title').innerText()), 'Thank you: your feedback has been given')
      assert.match(await mainText(page), new RegExp(`${kDirector.name} will see your answers only combined with others', never as yours\\.`))
      await expectNoAxeViolations(page)
      await page.close()

      const again = await visit(context, rater.link, { axe: false })
      assert.equal(await heading(again), 'You have given your feedback')
      assert.match(await mainText(again), /cannot be changed now/)
      await again.close()
    } finally {
      await context.close()
    }
  })

  test('rater 2 saves without JavaScript, comes back in a new browser to find their answers, and submits', async () => {
    const rater = kRaters[1]
    const noScript = await raterContext(rater, { javaScriptEnabled: false })
    try {
      const page = await visit(noScript, rater.link, { axe: false })
      await submitAndWait(page, page.getByRole('button', { name: 'Start now' }))
      assert.equal(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported')), false,
        'JavaScript really was off')
      await rate(page, 'A1', '4 Strong')
      await rate(page, 'A2', '5 Exemplary')
      await rate(page, 'A3', 'Not able to comment')
      await page.locator('#comment-A2').fill('Straightforward with members and partners alike.')
      const response = await submitAndWait(page, page.getByRole('button', { name: 'Save and come back later' }))
      assert.equal(response.status(), 200)
      assert.equal(squash(await page.locator('.govuk-panel__title').innerText()), 'Your answers have been saved')
      assert.match(await mainText(page), new RegExp(`before ${kDeadline.iso} with the link in your email`))
      assert.equal(await page.getByRole('link', { name: 'Carry on answering' }).getAttribute('href'),
        `/feedback?t=${rater.token}&page=1`)
      await page.close()
    } finally {
      await noScript.close()
    }

    const context = await raterContext(rater)
    try {
      const start = await visit(context, rater.link, { axe: false })
      await submitAndWait(start, start.getByRole('button', { name: 'Carry on' }))
      const page = start
      assert.deepEqual(await chosenRatings(page), { A1: '4 Strong', A2: '5 Exemplary', A3: 'Not able to comment' },
        'the saved answers are there')
      assert.equal(await page.locator('#comment-A2').inputValue(), 'Straightforward with members and partners alike.')
      for (const [code] of kStatements.slice(3)) await rate(page, code, '3 Effective')
      await submitAndWait(page, page.getByRole('button', { name: 'Save and check your answers' }))
      const rows = await checkRows(page)
      assert.deepEqual(rows.A2, { value: '5 Exemplary', comment: 'Straightforward with members and partners alike.' })
      assert.equal(Object.values(rows).filter((r) => r.value === 'Not answered yet').length, 0)
      const response = await submitAndWait(page, page.getByRole('button', { name: 'Submit', exact: true }))
      assert.equal(response.status(), 200)
      assert.equal(squash(await page.locator('.govuk-panel__title').innerText()), 'Thank you: your feedback has been given')
      await page.close()
    } finally {
      await context.close()
    }
  })

  test('rater 3 declines with a reason', async () => {
    const rater = kRaters[2]
    const context = await raterContext(rater)
    try {
      const page = await visit(context, rater.link, { axe: false })
      await submitAndWait(page, page.getByRole('link', { name: 'I would rather not give feedback' }))
      assert.equal(new URL(page.url()).pathname, '/feedback/decline')
      assert.equal(await heading(page), `Decline to give feedback for ${kDirector.name}`)
      await expectNoAxeViolations(page)

      await page.getByLabel('Why are you declining? (optional)').fill('y'.repeat(1001))
      let response = await submitAndWait(page, page.getByRole('button', { name: 'Decline', exact: true }))
      assert.equal(response.status(), 422)
      assert.deepEqual(await summaryLinks(page), [{ href: '#reason', text: 'Your reason must be 1,000 characters or fewer' }])
      await expectNoAxeViolations(page)

      await page.getByLabel('Why are you declining? (optional)').fill('I have not worked with Jo closely enough this year.')
      response = await submitAndWait(page, page.getByRole('button', { name: 'Decline', exact: true }))
      assert.equal(response.status(), 200)
      assert.equal(squash(await page.locator('.govuk-panel__title').innerText()), 'You have declined to give feedback')
      assert.match(await mainText(page), /We will not send you reminders about this request\./)
      await expectNoAxeViolations(page)
      await page.close()

      const again = await visit(context, rater.link)
      assert.equal(await heading(again), 'You have declined to give feedback')
      assert.match(await mainText(again), /We will not send you reminders about this request\./)
      await again.close()
    } finally {
      await context.close()
    }
  })

  test('the director sees counts, not who answered, and cannot remind too soon', async () => {
    // Rater 4 has done nothing.
    const page = await visit(director, cyclePath, { axe: false })
    assert.deepEqual(await peerProgress(page),
      { nominated: 0, invited: 1, started: 0, submitted: 2, declined: 1, minimum: 3 })
    const rows = await raterRows(page)
    assert.deepEqual(rows.map((r) => r.name), kRaters.map((r) => r.name))
    for (const row of rows) {
      assert.doesNotMatch(`${row.name} ${row.email} ${row.group} ${row.action}`, /Submitted|Declined|Started/i,
        `nothing says what ${row.name} did`)
    }
    assert.equal(new Set(rows.map((r) => r.action)).size, 1, 'every rater\'s row looks the same')
    assert.doesNotMatch(await mainText(page), /not worked with Jo closely|Holds the partnership|Straightforward with members/,
      'no rater\'s words on the cycle page')

    const response = await submitAndWait(page, page.getByRole('button', { name: 'Send reminders now' }))
    assert.equal(response.status(), 200)
    assert.equal(await notice(page),
      'Nobody could be reminded now: each rater gets a reminder at most every few days, up to a limit.')
    await page.close()
  })

  test('the director rates themself, with importance and evidence, and submits', async () => {
    const cycle = await visit(director, cyclePath, { axe: false })
    assert.match(await mainText(cycle), /Your self-assessment Rate yourself on the same statements/)
    await submitAndWait(cycle, cycle.getByRole('link', { name: 'Rate yourself' }))
    assert.equal(new URL(cycle.url()).pathname, `${cyclePath}/self`)
    await cycle.close()

    const page = await visit(director, `${cyclePath}/self`)
    assert.equal(await heading(page), 'Leadership attributes')
    assert.equal(squash(await page.locator('.govuk-caption-l').innerText()), 'Page 1 of 2: feedback for yourself')
    const importance = 'How much does this matter in our local context at present? (optional)'
    assert.equal(await page.getByLabel(importance).count(), 8, 'an importance question for each statement')
    assert.equal(await page.getByLabel('Evidence or notes (optional)').count(), 8)
    for (const [code] of kStatements) await rate(page, code, '3 Effective')
    await rate(page, 'A5', '2 Developing')
    await page.locator('#importance-A5').selectOption({ label: 'Critical' })
    await page.locator('#comment-A5').fill('Feedback from my last appraisal: I can seem distant under pressure.')
    await submitAndWait(page, page.getByRole('button', { name: 'Save and continue' }))
    // The 2008 study's context questions: asked, recorded, never scored.
    assert.equal(await heading(page), 'Issues that influence your role')
    assert.match(await mainText(page), /never scored/)
    assert.equal(await page.locator('textarea[name^="context-X"]').count(), 4)
    await expectNoAxeViolations(page)
    await page.locator('#context-X1').fill('A new chief executive and an inspection due this spring.')
    await submitAndWait(page, page.getByRole('button', { name: 'Save and check your answers' }))
    assert.equal(await heading(page), 'Check your answers')
    assert.equal((await checkRows(page)).X1.value, 'A new chief executive and an inspection due this spring.')
    assert.deepEqual((await checkRows(page)).A5,
      { value: '2 Developing', comment: 'Feedback from my last appraisal: I can seem distant under pressure.' })
    assert.match(await mainText(page), /Once you submit your self-assessment you cannot change it\./)
    await expectNoAxeViolations(page)
    const response = await submitAndWait(page, page.getByRole('button', { name: 'Submit', exact: true }))
    assert.equal(response.status(), 200)
    assert.equal(new URL(page.url()).pathname, cyclePath)
    assert.equal(await notice(page), 'Your self-assessment has been submitted.')
    assert.match(await mainText(page), /You have submitted your self-assessment\./)
    assert.equal(await page.getByRole('link', { name: 'Rate yourself' }).count(), 0)
    await page.close()
  })

  test('the director closes the cycle; the links stop working', async () => {
    const page = await visit(director, cyclePath, { axe: false })
    const response = await submitAndWait(page, page.getByRole('button', { name: 'Close the cycle' }))
    assert.equal(response.status(), 200)
    assert.equal(await notice(page), 'The cycle has been closed. Links in emails no longer work.')
    assert.match(await mainText(page), /Status Closed/)
    assert.equal(await page.getByRole('button', { name: 'Send reminders now' }).count(), 0)
    await page.close()

    const rater = kRaters[3]
    const context = await raterContext(rater)
    try {
      const closed = await visit(context, rater.link, { status: 410 })
      assert.equal(await heading(closed), 'This request for feedback has closed')
      await closed.close()
      const questions = await visit(context, `/feedback?t=${rater.token}&page=1`, { status: 410, axe: false })
      assert.equal(await heading(questions), 'This request for feedback has closed')
      await questions.close()
    } finally {
      await context.close()
    }
  })

  test('a guessed link does not work; a used one reveals nothing but that it was used', async () => {
    const context = await raterContext(null)
    try {
      const token = kRaters[3].token
      const changed = token.slice(0, -1) + (token.at(-1) === 'A' ? 'B' : 'A')
      const page = await visit(context, `/feedback?t=${changed}`, { status: 404 })
      assert.equal(await heading(page), 'This link does not work')
      assert.match(await mainText(page), /Check that you copied the whole link from the email\./)
      await page.close()
      const bare = await visit(context, '/feedback', { status: 404, axe: false })
      assert.equal(await heading(bare), 'This link does not work')
      await bare.close()

      // Rater 1's link, in someone else's browser: the link is the key.
      const used = await visit(context, kRaters[0].link, { axe: false })
      assert.equal(await heading(used), 'You have given your feedback')
      const text = await mainText(used)
      for (const secret of [kRaters[0].name, kRaters[0].email, kDirector.name, 'Holds the partnership']) {
        assert.ok(!text.includes(secret), `the used link's page does not show ${secret}`)
      }
      await used.close()
    } finally {
      await context.close()
    }
  })

  test('rater pages never show another rater, and are never stored by the browser', async () => {
    assert.ok(raterResponses.length >= 20, `rater pages were recorded: ${raterResponses.length}`)
    for (const { url: where, status, cacheControl } of raterResponses) {
      assert.equal(cacheControl, 'no-store', `Cache-Control of ${where} (${status})`)
    }
    assert.equal(raterPages.length, raterResponses.length, 'every rater page was read')
    for (const { rater, url: where, html } of raterPages) {
      assert.match(html, /<\/html>/, `the whole of ${where} was read`)
      for (const other of kRaters.filter((r) => r !== rater)) {
        for (const secret of [other.name, other.email]) {
          assert.ok(!html.includes(secret), `a page for ${rater?.name ?? 'nobody'} does not mention ${secret}`)
        }
      }
    }
    // Nothing more was emailed: no reminder went, and closing sends nothing.
    assert.equal((await sink.messages()).filter(toRaters).length, 4, 'still only the four invitations')
  })

  /** Waits until `count` emails have reached raters; returns those. */
  async function waitForRaterMessages (count) {
    const deadline = Date.now() + 30_000
    for (;;) {
      const received = (await sink.messages()).filter(toRaters)
      if (received.length >= count || Date.now() > deadline) return received
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  test('the server stops gracefully on SIGTERM', async () => {
    const { code, signal } = await server.stop()
    assert.equal(signal, null, 'exited by itself, not killed by the signal')
    assert.equal(code, 0, `exit code after SIGTERM; server log:\n${server.log()}`)
  })
})
