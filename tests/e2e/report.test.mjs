// Feedback reports in a real browser, from the demo data of `lqf init --demo`:
// the director opens her report from her cycle (charts with text
// alternatives, every chart beside its table, change since her spring cycle,
// the cohort norm) and downloads it as PDF and XLSX; the participant whose
// report is coached cannot read it until the coach books the debrief and
// releases it, which the coach does from the report page. Every page is
// checked with axe-core (WCAG 2.2 A/AA).
//
//   LQF_BIN=build/ci/src/lqf node --test tests/e2e/report.test.mjs

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { expectNoAxeViolations, kDemoPeople, launchBrowser, openPage, signIn, startServer, submitAndWait } from './support.mjs'

/** The text of <main>, whitespace collapsed. */
async function mainText (page) {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ').trim()
}

/**
 * The problems that matter: a request the browser itself abandons when the
 * test moves on to the next page (net::ERR_ABORTED, typically the favicon) is not one.
 */
function real (problems) {
  return problems.filter((p) => !/net::ERR_ABORTED/.test(p))
}

/** A date `days` from today, YYYY-MM-DD. */
function daysAhead (days) {
  const date = new Date(Date.now() + days * 86400_000)
  return date.toISOString().slice(0, 10)
}

describe('feedback reports', () => {
  let server
  let browser

  before(async () => {
    server = await startServer({ demo: true })
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('the director opens her report from her cycle and downloads it as PDF and XLSX', async () => {
    const context = await browser.newContext()
    const { page, problems } = await openPage(context, server.url, '/sign-in')
    await signIn(page, server.url, kDemoPeople.director.email)
    await page.goto(new URL('/cycles', server.url).href)
    await submitAndWait(page, page.getByRole('link', { name: 'Autumn 2026' }))
    const response = await submitAndWait(page, page.getByRole('link', { name: 'Read the feedback report' }))
    assert.equal(response.status(), 200)
    assert.equal(await page.locator('h1').innerText(), kDemoPeople.director.name)
    const text = await mainText(page)
    for (const expected of ['Self and others by area', 'Blind spots', 'Hidden strengths', 'Development priorities',
      'Since Spring 2025', 'Cohort norm', 'Debrief:']) {
      assert.ok(text.includes(expected), `the report shows "${expected}"`)
    }
    // Charts are images with a title and a description, each followed by its table.
    const charts = page.locator('figure.lqf-chart svg[role="img"]')
    assert.ok(await charts.count() > 100, 'a chart for the areas, the priorities and two per statement')
    const first = charts.first()
    assert.ok((await first.locator('title').textContent()).length > 0)
    assert.ok((await first.locator('desc').textContent()).length > 0)
    await expectNoAxeViolations(page)

    const reportUrl = page.url()
    const pdf = await context.request.get(reportUrl + '.pdf')
    assert.equal(pdf.status(), 200)
    assert.equal(pdf.headers()['content-type'], 'application/pdf')
    assert.match(pdf.headers()['content-disposition'], /attachment; filename="feedback-report-\d+\.pdf"/)
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-')
    const xlsx = await context.request.get(reportUrl + '.xlsx')
    assert.equal(xlsx.status(), 200)
    assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK')
    assert.deepEqual(real(problems), [])
    await context.close()
  })

  test('the director turns a blind spot into a goal of her development plan and adds an action', async () => {
    const context = await browser.newContext()
    const { page, problems } = await openPage(context, server.url, '/sign-in')
    await signIn(page, server.url, kDemoPeople.director.email)
    await page.goto(new URL('/cycles', server.url).href)
    await submitAndWait(page, page.getByRole('link', { name: 'Autumn 2026' }))
    await submitAndWait(page, page.getByRole('link', { name: 'Read the feedback report' }))
    // The demo plan already holds the first blind spot: take the second.
    const offer = page.locator('table').filter({ hasText: 'Blind spots' }).getByRole('link', { name: /Add to my development plan/ }).nth(1)
    await submitAndWait(page, offer)
    assert.equal(await page.locator('h1').innerText(), 'Add to your development plan')
    assert.match(await mainText(page), /Blind spot in Autumn 2026: you \d/)
    await expectNoAxeViolations(page)
    await submitAndWait(page, page.getByRole('button', { name: 'Add the goal' }))
    assert.equal(new URL(page.url()).pathname, '/plan')
    assert.match(await mainText(page), /From Blind spot Figures Blind spot in Autumn 2026/)
    await expectNoAxeViolations(page)

    const goal = page.locator(new URL(page.url()).hash)
    assert.doesNotMatch(await goal.innerText(), /Success looks like/, 'no empty rows')
    // An action with a wrong date: the error summary, the form open with what was typed.
    await goal.getByText('Add an action').click()
    await goal.getByLabel('Kind of action').selectOption('shadowing')
    await goal.getByLabel('What will be done').fill('Shadow the director of adult social care')
    await goal.getByLabel('By when (optional)').fill('2027-02-30')
    const refused = await submitAndWait(page, goal.getByRole('button', { name: 'Add the action' }))
    assert.equal(refused.status(), 422)
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the date as a real date/)
    const again = page.locator(new URL(page.url()).hash || 'section:has(details[open])')
    assert.equal(await again.getByLabel('What will be done').inputValue(), 'Shadow the director of adult social care')
    await expectNoAxeViolations(page)
    await again.getByLabel('By when (optional)').fill('2027-02-28')
    await submitAndWait(page, again.getByRole('button', { name: 'Add the action' }))
    assert.match(await mainText(page), /Shadowing: Shadow the director of adult social care – 2027-02-28/,
      'the kind chosen before the refusal is kept')
    assert.match(await mainText(page), /History .*Action added \(Shadowing\)/)
    // Progress: each statement's score across cycles, beside the goal now tied to it.
    await submitAndWait(page, page.getByRole('link', { name: 'Progress', exact: true }))
    assert.equal(await page.locator('h1').innerText(), 'Your progress')
    assert.match(await mainText(page), /Spring 2025 .*Autumn 2026/)
    assert.match(await mainText(page), /\(0 of 1 action done\)/)
    await expectNoAxeViolations(page)
    // Chromium logs the refused form's 422 as a console error: that status was checked above.
    assert.deepEqual(real(problems).filter((p) => !/status of 422 .*\/actions\)$/.test(p)), [])
    await context.close()
  })

  test('a coached report waits until the coach books the debrief and releases it', async () => {
    // Marcus Reid's cycle is coached and not yet released to him (demo data).
    const marcus = await browser.newContext()
    const { page: his, problems } = await openPage(marcus, server.url, '/sign-in')
    await signIn(his, server.url, kDemoPeople.aspirant.email)
    await his.goto(new URL('/cycles', server.url).href)
    await submitAndWait(his, his.getByRole('link', { name: 'Autumn 2026' }))
    const cyclePath = new URL(his.url()).pathname
    const waiting = await his.goto(new URL(cyclePath + '/report', server.url).href)
    assert.equal(waiting.status(), 403)
    assert.match(await mainText(his), /Your report is not ready to read yet/)
    await expectNoAxeViolations(his)

    const coach = await browser.newContext()
    const { page: theirs } = await openPage(coach, server.url, '/sign-in')
    await signIn(theirs, server.url, kDemoPeople.coach.email)
    // From Feedback, the coach finds the reports they can read; Marcus's waits.
    await theirs.goto(new URL('/cycles', server.url).href)
    await submitAndWait(theirs, theirs.getByRole('link', { name: 'Reports you can read' }))
    await expectNoAxeViolations(theirs)
    const row = theirs.getByRole('row', { name: new RegExp(kDemoPeople.aspirant.name) })
    assert.match(await row.innerText(), /Waiting for the debrief/)
    await submitAndWait(theirs, row.getByRole('link', { name: 'Autumn 2026' }))
    assert.equal(new URL(theirs.url()).pathname, cyclePath + '/report')
    assert.match(await mainText(theirs), /will see this report when you release it/)
    // A date in the past is refused with the GOV.UK error summary.
    await theirs.getByLabel('Date of the debrief').fill('2020-01-01')
    const refused = await submitAndWait(theirs, theirs.getByRole('button', { name: /Release the report to Marcus Reid/ }))
    assert.equal(refused.status(), 422)
    assert.match(await theirs.locator('.govuk-error-summary').innerText(), /The debrief must be today or later/)
    await expectNoAxeViolations(theirs)
    const debrief = daysAhead(7)
    await theirs.getByLabel('Date of the debrief').fill(debrief)
    await submitAndWait(theirs, theirs.getByRole('button', { name: /Release the report to Marcus Reid/ }))
    assert.match(await mainText(theirs), new RegExp(`Debrief: ${debrief}`))

    const released = await his.goto(new URL(cyclePath + '/report', server.url).href)
    assert.equal(released.status(), 200)
    assert.equal(await his.locator('h1').innerText(), kDemoPeople.aspirant.name)
    // Chromium logs the 403 of the waiting report as a console error: that status was checked above.
    assert.deepEqual(real(problems).filter((p) => !/status of 403 .*\/report\)$/.test(p)), [])
    await marcus.close()
    await coach.close()
  })
})
