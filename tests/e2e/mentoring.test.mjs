// Mentoring, coaching and appraisal in a real browser, from the demo data of
// `lqf init --demo`, with real email: Jo Bennett's plan began from her
// report; her mentor records a session whose agreed action goes into that
// plan (his private note stays his), her programme lead sees only that the
// session happened, her line manager holds the overdue mid-year review, and
// Jo's progress view shows it all beside her scores. The reminders the demo
// calls for (an action falling due, a review not held) arrive once each
// through the SMTP sink. Every page is checked with axe-core (WCAG 2.2 A/AA).
//
//   LQF_BIN=build/ci/src/lqf node --test tests/e2e/mentoring.test.mjs

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  expectNoAxeViolations, kDemoPeople, launchBrowser, openPage, signIn, startServer, startSmtpSink, submitAndWait
} from './support.mjs'

/** The text of <main>, whitespace collapsed. */
async function mainText (page) {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ').trim()
}

/** Problems that matter (a request abandoned when the test moves on is not one), less the statuses checked. */
function real (problems) {
  return problems.filter((p) => !/net::ERR_ABORTED/.test(p) && !/status of 422/.test(p))
}

const kToday = new Date().toISOString().slice(0, 10)
const kSummary = 'Talked about how Jo brings partners with her; agreed she will watch how another board is chaired.'
const kPrivateNote = 'Jo seems stretched: ask about support at home next time.'
const kAction = 'Shadow Owen at the Eastmoor partnership board'
const kReviewComment = 'Good progress on the partnership; the carried objective needs a date.'

describe('mentoring, coaching and appraisal', { timeout: 180_000 }, () => {
  let sink
  let server
  let browser
  /** Jo's person id, read from her mentor's page. */
  let jo

  before(async () => {
    sink = await startSmtpSink()
    server = await startServer({ demo: true, env: { LQF_SMTP_URL: sink.url, LQF_SMTP_FROM: 'lqf@e2e.lqf.test' } })
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
    await sink?.stop().catch(() => {})
  })

  /** A signed-in page for one of the demo people. */
  async function as (who, path) {
    const context = await browser.newContext()
    const { page, problems } = await openPage(context, server.url, '/sign-in')
    await signIn(page, server.url, kDemoPeople[who].email)
    if (path) await page.goto(new URL(path, server.url).href)
    return { context, page, problems }
  }

  test('reminders go by email, once each: an action falling due, and a review not held', async () => {
    const messages = await sink.waitForMessages(2)
    const to = (email) => messages.filter((m) => m.envelope.rcptTo.includes(email))
    const jos = to(kDemoPeople.director.email)
    assert.equal(jos.length, 1, 'one reminder to Jo')
    assert.equal(jos[0].subject, 'Reminder: an action in your development plan is due')
    assert.match(jos[0].text, /Talk it through at the debrief with my coach/)
    const managers = to(kDemoPeople.ceo.email)
    assert.equal(managers.length, 1, 'one reminder to her line manager')
    assert.equal(managers[0].subject, 'Reminder: mid-year review with Jo Bennett')
    assert.match(managers[0].text, /\/appraisals\/\d+/)
    // Nothing about what the plan says goes to anyone else.
    assert.equal(messages.length, 2)
  })

  test('Jo sees who supports her, and that she shares her plan with her mentor and coach', async () => {
    const { context, page, problems } = await as('director', '/support')
    assert.equal(await page.locator('h1').innerText(), 'Mentoring, coaching and appraisal')
    const text = await mainText(page)
    for (const [name, as] of [['Sam Whitfield', 'Coach'], ['Owen Hughes', 'Mentor'], ['Catherine Lloyd', 'Line manager']]) {
      assert.match(text, new RegExp(`${name} ${as}`))
    }
    assert.equal(await page.getByRole('button', { name: 'Stop sharing with Owen Hughes' }).count(), 1)
    await expectNoAxeViolations(page)
    assert.deepEqual(real(problems), [])
    await context.close()
  })

  test('her mentor records a session, and the action agreed in it goes into her plan', async () => {
    const { context, page, problems } = await as('director3', '/support')
    const row = page.getByRole('row', { name: /Jo Bennett/ })
    const planLink = await row.getByRole('link', { name: /see the plan/ }).getAttribute('href')
    jo = /person=(\d+)/.exec(planLink)[1]
    await submitAndWait(page, row.getByRole('link', { name: 'Jo Bennett', exact: true }))
    assert.equal(await page.locator('h1').innerText(), 'Jo Bennett')
    assert.match(await mainText(page), /shares their development plan with you/)
    await expectNoAxeViolations(page)

    // A wrong date and no record: the error summary, with what was typed kept.
    await page.getByLabel('Date held').fill('2026-02-30')
    await page.getByLabel('First theme').selectOption('S4')
    await page.getByLabel('Your private note (optional)').fill(kPrivateNote)
    await page.getByLabel('What will be done').fill(kAction)
    await page.getByLabel('Kind of action').selectOption('shadowing')
    await page.getByLabel('Towards').selectOption({ index: 1 })
    const refused = await submitAndWait(page, page.getByRole('button', { name: 'Record the session' }))
    assert.equal(refused.status(), 422)
    const summary = await page.locator('.govuk-error-summary').innerText()
    assert.match(summary, /Enter the date the session was held as a real date/)
    assert.match(summary, /Enter a record of the session/)
    assert.equal(await page.getByLabel('Your private note (optional)').inputValue(), kPrivateNote)
    assert.equal(await page.getByLabel('What will be done').inputValue(), kAction)
    await expectNoAxeViolations(page)

    await page.getByLabel('Date held').fill(kToday)
    await page.getByLabel('Record of the session').fill(kSummary)
    const goal = await page.getByLabel('Towards').locator('option:checked').innerText()
    await submitAndWait(page, page.getByRole('button', { name: 'Record the session' }))
    const text = await mainText(page)
    assert.ok(text.includes(kSummary), 'the record')
    assert.ok(text.includes(kPrivateNote), 'his private note, to him')
    assert.match(text, /S4 /)
    await expectNoAxeViolations(page)
    assert.deepEqual(real(problems), [])
    await context.close()

    // In Jo's plan, under the goal he chose.
    const hers = await as('director', '/plan')
    const section = hers.page.locator('section').filter({ has: hers.page.getByRole('heading', { name: goal }) })
    assert.match(await section.innerText(), new RegExp(`Shadowing: ${kAction} Agreed in a session`))
    assert.match(await mainText(hers.page), /Action added \(Shadowing\) in a session of/)
    await expectNoAxeViolations(hers.page)

    // Evidence for that goal: a file too large is refused in the browser before it is sent...
    await section.getByText('Add evidence').click()
    const upload = section.getByLabel('Upload a file')
    await upload.setInputFiles({ name: 'recording.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 32) })
    const before = hers.page.url()
    await section.getByRole('button', { name: 'Add the evidence' }).click()
    const tooLarge = hers.page.locator('.govuk-error-summary')
    await tooLarge.waitFor()
    assert.match(await tooLarge.innerText(), /The selected file must be smaller than 10 MB/)
    assert.equal(hers.page.url(), before, 'nothing was sent')
    await expectNoAxeViolations(hers.page)
    // ...and a small one is kept, listed under the goal, and downloads as it was sent.
    const minutes = Buffer.from('%PDF-1.4\n% Partnership board minutes\n%%EOF\n')
    await upload.setInputFiles({ name: 'board minutes.pdf', mimeType: 'application/pdf', buffer: minutes })
    await submitAndWait(hers.page, section.getByRole('button', { name: 'Add the evidence' }))
    const link = hers.page.getByRole('link', { name: 'board minutes.pdf' })
    const file = await hers.context.request.get(new URL(await link.getAttribute('href'), server.url).href)
    assert.equal(file.status(), 200)
    assert.match(file.headers()['content-disposition'], /^attachment; filename="board minutes.pdf"/)
    assert.equal(file.headers()['x-content-type-options'], 'nosniff')
    assert.ok((await file.body()).equals(minutes), 'byte for byte')
    await expectNoAxeViolations(hers.page)
    await hers.context.close()
  })

  test('Jo reads the record but never the private note; her programme lead sees only that it happened', async () => {
    const { context, page, problems } = await as('director', '/support')
    await submitAndWait(page, page.getByRole('link', { name: 'Owen Hughes', exact: true }))
    let text = await mainText(page)
    assert.ok(text.includes(kSummary))
    assert.ok(!text.includes(kPrivateNote), 'not the private note')
    assert.equal(await page.getByRole('button', { name: 'Record the session' }).count(), 0)
    await expectNoAxeViolations(page)
    assert.deepEqual(real(problems), [])
    await context.close()

    const lead = await as('lead', `/support?person=${jo}`)
    assert.equal(await lead.page.locator('h1').innerText(), 'Support: Jo Bennett')
    await submitAndWait(lead.page, lead.page.getByRole('link', { name: 'Owen Hughes', exact: true }))
    text = await mainText(lead.page)
    assert.match(text, new RegExp(kToday))
    assert.match(text, /S4 /)
    assert.ok(!text.includes(kSummary), 'not the record')
    assert.ok(!text.includes(kPrivateNote), 'not the private note')
    await expectNoAxeViolations(lead.page)
    await lead.context.close()
  })

  test('her line manager holds the mid-year review, and Jo adds her comments', async () => {
    const { context, page, problems } = await as('ceo', '/support')
    await submitAndWait(page, page.getByRole('row', { name: /Jo Bennett/ }).getByRole('link', { name: 'Jo Bennett', exact: true }))
    assert.equal(await page.locator('h1').innerText(), 'Appraisal: Jo Bennett')
    await expectNoAxeViolations(page)
    // The newest year first: this year's, with its mid-year review overdue.
    await submitAndWait(page, page.locator('table a').first())
    assert.match(await mainText(page), /Objectives agreed, no review yet/)
    assert.match(await mainText(page), /Bring the three early help teams into one service Carried forward/)
    await expectNoAxeViolations(page)

    await page.getByLabel('Date held').fill('2999-01-01')
    await page.getByLabel('Your comments').fill(kReviewComment)
    const refused = await submitAndWait(page, page.getByRole('button', { name: 'Record the review' }))
    assert.equal(refused.status(), 422)
    assert.match(await page.locator('.govuk-error-summary').innerText(), /The review must have been held today or earlier/)
    assert.equal(await page.getByLabel('Your comments').inputValue(), kReviewComment)
    await expectNoAxeViolations(page)
    await page.getByLabel('Date held').fill(kToday)
    await submitAndWait(page, page.getByRole('button', { name: 'Record the review' }))
    const appraisal = new URL(page.url()).pathname
    assert.match(await mainText(page), /Where it is Mid-year review held/)
    assert.match(await mainText(page), new RegExp(`Mid-year review, held on ${kToday}`))
    assert.deepEqual(real(problems), [])
    await context.close()

    const hers = await as('director', appraisal)
    await hers.page.getByLabel('Your comments on the Mid-year review').fill('Agreed; I will set the date this month.')
    await submitAndWait(hers.page, hers.page.getByRole('button', { name: 'Save your comments' }))
    assert.match(await mainText(hers.page), /Jo Bennett’s comments Agreed; I will set the date this month\./)
    assert.equal(await hers.page.getByRole('button', { name: 'Record the review' }).count(), 0, 'only the manager holds reviews')
    await expectNoAxeViolations(hers.page)
    assert.deepEqual(real(hers.problems), [])
    await hers.context.close()
  })

  test('the progress view shows her scores beside the goals, sessions and objectives of each statement', async () => {
    const { context, page, problems } = await as('director', '/plan/progress')
    assert.equal(await page.locator('h1').innerText(), 'Your progress')
    const s4 = page.getByRole('row', { name: /^S4 / })
    const row = await s4.innerText()
    assert.match(row, new RegExp(`Mentor session with Owen Hughes, ${kToday}`))
    assert.match(row, /Coach session with Sam Whitfield/)
    assert.match(row, /Objective \d{4}–\d{4}: Lead the partnership through the new safeguarding arrangements/)
    assert.match(await mainText(page), /Spring 2025 .*Autumn 2026/)
    await expectNoAxeViolations(page)

    // And the plan as a PDF to take to the next session.
    const pdf = await context.request.get(new URL('/plan.pdf', server.url).href)
    assert.equal(pdf.status(), 200)
    assert.equal(pdf.headers()['content-type'], 'application/pdf')
    assert.match(pdf.headers()['content-disposition'], /attachment; filename="development-plan-\d+\.pdf"/)
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-')
    assert.deepEqual(real(problems), [])
    await context.close()
  })
})
