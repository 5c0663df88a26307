// Accounts in a real browser, on a database made by `lqf init --demo`:
// signing in as each role, what each role may see, form errors, adding and
// disabling people, signing out (here and everywhere), the same flows without
// JavaScript, and every accounts page checked with axe-core (WCAG 2.2 A/AA).
//
//   LQF_BIN=build/ci/src/lqf node --test tests/e2e/accounts.test.mjs

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  expectNoAxeViolations, kDemoPeople, launchBrowser, openPage, signIn, startServer, submitAndWait
} from './support.mjs'

const kCohort = '2026 cohort'
const kForbiddenTitle = 'You cannot see this page'
const kWrongPassword = 'Enter a correct email address and password'

/** Text with whitespace collapsed. */
const squash = (text) => text.replace(/\s+/g, ' ').trim()

/** The text of <main>, whitespace collapsed. */
async function mainText (page) {
  return squash(await page.locator('main').innerText())
}

/** The texts of the links in the header's service navigation. */
async function navLinks (page) {
  return (await page.locator('nav[aria-label="Menu"] a').allInnerTexts()).map(squash)
}

/** The rows of the people table: { name, email, organisation, roles, status }. */
function peopleRows (page) {
  return page.locator('main table tbody tr').evaluateAll((rows) => rows.map((row) => {
    const cells = [...row.querySelectorAll('td')].map((td) => td.innerText.replace(/\s+/g, ' ').trim())
    return { name: cells[0], email: cells[1], organisation: cells[2], roles: cells[3], status: cells[4] }
  }))
}

/** The error summary's links: [{ href, text }]. */
function summaryLinks (page) {
  return page.locator('.govuk-error-summary a').evaluateAll((links) =>
    links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.replace(/\s+/g, ' ').trim() })))
}

describe('accounts', { timeout: 120_000 }, () => {
  let server
  let browser
  /** One signed-in browser context per demo person, keyed as kDemoPeople. */
  const signedIn = {}

  before(async () => {
    server = await startServer({ demo: true })
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
    await server?.stop().catch(() => {})
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

  /** A new context signed in as `who` through the form; its page is left on /account. */
  async function signedInContext (who, options = {}) {
    const context = await browser.newContext(options)
    const page = await context.newPage()
    await page.goto(url('/sign-in'))
    const response = await signIn(page, server.url, kDemoPeople[who].email)
    assert.equal(response.status(), 200, `sign-in of ${who} lands on a page`)
    assert.equal(new URL(page.url()).pathname, '/account', `${who} lands on /account`)
    return { context, page }
  }

  test('every demo role signs in through the form and lands on their account', async () => {
    const roles = Object.keys(kDemoPeople)
    const sessions = await Promise.all(roles.map((who) => signedInContext(who)))
    for (const [i, who] of roles.entries()) {
      const { context, page } = sessions[i]
      const person = kDemoPeople[who]
      signedIn[who] = context
      assert.equal(squash(await page.locator('h1').innerText()), 'Your account')
      const text = await mainText(page)
      assert.ok(text.includes(person.name), `${who}: /account shows the name ${person.name}`)
      assert.ok(text.includes(person.email), `${who}: /account shows the email`)
      assert.ok(text.includes(person.role), `${who}: /account shows the role ${person.role}`)
      const nav = await navLinks(page)
      assert.ok(nav.includes('Your account'), `${who}: nav has "Your account": ${nav}`)
      assert.ok(nav.includes('Sign out'), `${who}: nav has "Sign out": ${nav}`)
      assert.ok(!nav.includes('Sign in'), `${who}: nav has no "Sign in": ${nav}`)
      assert.equal(nav.includes('Administration'), who === 'admin', `${who}: "Administration" only for the administrator: ${nav}`)
      await page.close()
    }
    // One axe check of /account is enough: the page is the same for everyone.
    const page = await visit(signedIn.admin, '/account')
    assert.equal(await page.locator('a[aria-current="page"]').innerText(), 'Your account', 'nav marks this page')
    await page.close()
  })

  test('the sign-in page: accessible, asks for email and password, links back after sign-in', async () => {
    const anonymous = await browser.newContext()
    try {
      const page = await visit(anonymous, '/sign-in')
      assert.equal(squash(await page.locator('h1').innerText()), 'Sign in')
      assert.equal(await page.getByLabel('Email address').getAttribute('autocomplete'), 'email')
      assert.equal(await page.getByLabel('Password', { exact: true }).getAttribute('type'), 'password')
      assert.deepEqual(await navLinks(page), ['Home', 'Frameworks', 'Sign in'])
      await page.close()

      // A signed-in page asked for first: back there after signing in.
      const gated = await anonymous.newPage()
      await gated.goto(url('/admin/people'))
      assert.equal(new URL(gated.url()).pathname + new URL(gated.url()).search, '/sign-in?next=/admin/people')
      await signIn(gated, server.url, kDemoPeople.admin.email)
      assert.equal(new URL(gated.url()).pathname, '/admin/people', 'returned to the page first asked for')
      await gated.close()

      // A "next" that leaves the site is ignored.
      const other = await browser.newContext()
      try {
        const away = await other.newPage()
        await away.goto(url('/sign-in?next=//example.com/x'))
        await signIn(away, server.url, kDemoPeople.admin.email)
        assert.equal(away.url(), url('/account'), 'an off-site next is not followed')
      } finally {
        await other.close()
      }
    } finally {
      await anonymous.close()
    }
  })

  test('a wrong password: error summary, link to the field, email kept', async () => {
    const anonymous = await browser.newContext()
    try {
      const { page } = await openPage(anonymous, server.url, '/sign-in')
      await page.getByLabel('Email address').fill(kDemoPeople.director.email)
      await page.getByLabel('Password', { exact: true }).fill('not-the-password')
      const response = await submitAndWait(page, page.getByRole('button', { name: 'Sign in', exact: true }))
      assert.equal(response.status(), 422)
      assert.equal(new URL(page.url()).pathname, '/sign-in')
      assert.match(await page.title(), /^Error: Sign in – LQF$/)

      const summary = page.locator('.govuk-error-summary')
      assert.equal(squash(await summary.locator('h2').innerText()), 'There is a problem')
      assert.deepEqual(await summaryLinks(page), [{ href: '#email', text: kWrongPassword }])
      assert.equal(squash(await page.locator('#email-error').innerText()), `Error: ${kWrongPassword}`)
      assert.match(await page.getByLabel('Email address').getAttribute('aria-describedby'), /\bemail-error\b/)
      assert.equal(await page.getByLabel('Email address').inputValue(), kDemoPeople.director.email, 'the email is kept')
      assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'the password is not sent back')

      // GOV.UK Frontend moves focus to the summary, and its link to the field.
      await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'))
      await summary.getByRole('link', { name: kWrongPassword }).click()
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'the link focuses the email field')
      await expectNoAxeViolations(page)

      // Blank fields: one error for each.
      await page.getByLabel('Email address').fill('')
      await submitAndWait(page, page.getByRole('button', { name: 'Sign in', exact: true }))
      assert.deepEqual(await summaryLinks(page), [
        { href: '#email', text: 'Enter your email address' },
        { href: '#password', text: 'Enter your password' }
      ])
      await expectNoAxeViolations(page)
      await page.close()
    } finally {
      await anonymous.close()
    }
  })

  test('the administrator sees everyone and the audit log', async () => {
    const page = await visit(signedIn.admin, '/admin/people')
    assert.equal(squash(await page.locator('h1').innerText()), 'People')
    const nav = page.locator('nav[aria-label="Menu"] a', { hasText: 'Administration' })
    assert.equal(await nav.getAttribute('aria-current'), 'page', 'Administration marked current')
    const rows = await peopleRows(page)
    assert.deepEqual(rows.map((r) => r.email).sort(), Object.values(kDemoPeople).map((p) => p.email).sort(),
      'every demo person')
    const director = rows.find((r) => r.email === kDemoPeople.director.email)
    assert.equal(director.organisation, 'Northshire County Council')
    assert.equal(director.roles, 'Participant')
    assert.match(director.status, /Active/)
    // No button to disable yourself.
    assert.equal(await page.getByRole('button', { name: `Disable ${kDemoPeople.admin.name}` }).count(), 0)
    assert.equal(await page.getByRole('button', { name: `Disable ${kDemoPeople.lead.name}` }).count(), 1)
    const banners = await page.locator('main .govuk-notification-banner').evaluateAll((els) =>
      els.map((el) => el.textContent.replace(/\s+/g, ' ').trim()))
    await page.close()

    const audit = await visit(signedIn.admin, '/admin/audit')
    assert.equal(squash(await audit.locator('h1').innerText()), 'Audit log')
    const actions = (await audit.locator('main table tbody tr td:nth-child(2)').allInnerTexts()).map(squash)
    assert.ok(actions.filter((a) => a === 'sign-in').length >= 8, `sign-in entries for every role: ${actions}`)
    assert.ok(actions.includes('sign-in-failed'), 'the wrong password was logged')
    await audit.close()

    // Filtering by action, through the form.
    const filtered = await visit(signedIn.admin, '/admin/audit?action=sign-in-failed', { axe: false })
    const only = (await filtered.locator('main table tbody tr td:nth-child(2)').allInnerTexts()).map(squash)
    assert.ok(only.length > 0 && only.every((a) => a === 'sign-in-failed'), `filtered: ${only}`)
    assert.equal(await filtered.getByLabel('Show only this action').inputValue(), 'sign-in-failed')
    await filtered.close()

    // Last, as it fails while the bug it guards against is there.
    assert.deepEqual(banners, [], 'no notification banner on /admin/people when nothing has happened')
  })

  test('the programme lead sees only the people in their cohort', async () => {
    const page = await visit(signedIn.lead, '/admin/people')
    const emails = (await peopleRows(page)).map((r) => r.email).sort()
    const expected = ['lead', 'assessor', 'coach', 'director', 'aspirant', 'newdirector', 'director2', 'director3']
      .map((who) => kDemoPeople[who].email).sort()
    assert.deepEqual(emails, expected, 'the cohort\'s people and themself, not the administrator or HR adviser')
    await page.close()
  })

  test('participants, the HR adviser, the assessor and the coach cannot see administration', async () => {
    for (const who of ['director', 'hr', 'assessor', 'coach']) {
      for (const path of ['/admin/people', '/admin/audit']) {
        // axe once: the forbidden page is the same for everyone.
        const page = await visit(signedIn[who], path, { status: 403, axe: who === 'director' && path === '/admin/people' })
        assert.equal(squash(await page.locator('h1').innerText()), kForbiddenTitle, `${who} at ${path}`)
        assert.equal(await page.title(), `${kForbiddenTitle} – LQF`)
        assert.doesNotMatch(await mainText(page), /@demo\.lqf\.test/, `${who} at ${path}: no one's details shown`)
        await page.close()
      }
    }
    // The programme lead manages people but does not read the audit log.
    const page = await visit(signedIn.lead, '/admin/audit', { status: 403, axe: false })
    assert.equal(squash(await page.locator('h1').innerText()), kForbiddenTitle)
    await page.close()
  })

  test('adding a person: a blank name and a bad email show both errors', async () => {
    const page = await visit(signedIn.admin, '/admin/people')
    await page.getByLabel('Full name').fill('')
    await page.getByLabel('Email address').fill('not-an-email')
    await page.getByLabel('Organisation').selectOption({ label: 'Riverside Borough Council' })
    let response = await submitAndWait(page, page.getByRole('button', { name: 'Add person' }))
    assert.equal(response.status(), 422)
    assert.match(await page.title(), /^Error: People – LQF$/)
    assert.equal(squash(await page.locator('.govuk-error-summary h2').innerText()), 'There is a problem')
    assert.deepEqual(await summaryLinks(page), [
      { href: '#person-name', text: 'Enter a name' },
      { href: '#person-email', text: 'Enter an email address in the correct format, like name@example.com' }
    ])
    assert.equal(squash(await page.locator('#person-name-error').innerText()), 'Error: Enter a name')
    assert.equal(await page.getByLabel('Email address').inputValue(), 'not-an-email', 'the email typed is kept')
    assert.equal(await page.getByLabel('Organisation').inputValue(), 'Riverside Borough Council', 'the choice is kept')
    await expectNoAxeViolations(page)
    await page.locator('.govuk-error-summary a[href="#person-email"]').click()
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'person-email', 'the link focuses the field')

    // Neither an organisation nor a cohort: a participant needs one.
    await page.getByLabel('Full name').fill('Chris Lane')
    await page.getByLabel('Email address').fill('chris.lane@example.test')
    await page.getByLabel('Organisation').selectOption({ label: 'None' })
    response = await submitAndWait(page, page.getByRole('button', { name: 'Add person' }))
    assert.equal(response.status(), 422)
    assert.deepEqual(await summaryLinks(page), [{ href: '#person-organisation', text: 'Select an organisation' }])

    // Last, as it fails while the bug it guards against is there: an error
    // page has no (empty) success banner, and focus goes to the error summary.
    const banners = await page.locator('main .govuk-notification-banner').evaluateAll((els) =>
      els.map((el) => el.textContent.replace(/\s+/g, ' ').trim()))
    assert.deepEqual(banners, [], 'no notification banner on a page with errors')
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'),
      null, { timeout: 3_000 }).catch(() => {})
    const focused = await page.evaluate(() => document.activeElement?.className)
    assert.match(focused ?? '', /govuk-error-summary/, 'GOV.UK Frontend moves focus to the error summary')
    await page.close()
  })

  test('the administrator adds a person through the form', async () => {
    const page = await visit(signedIn.admin, '/admin/people')
    await page.getByLabel('Full name').fill('Chris Lane')
    await page.getByLabel('Email address').fill('chris.lane@example.test')
    await page.getByLabel('Organisation').selectOption({ label: 'Riverside Borough Council' })
    await page.getByLabel('Current role (optional)').fill('Head of Early Help')
    await page.getByLabel('Professional background').selectOption({ label: 'Social care' })
    await page.getByLabel('Role in LQF').selectOption({ label: 'Participant' })
    await page.getByLabel('Cohort (optional)').fill(kCohort)
    const response = await submitAndWait(page, page.getByRole('button', { name: 'Add person' }))
    assert.equal(response.status(), 200)
    assert.equal(await page.locator('.govuk-error-summary').count(), 0, `no errors: ${await mainText(page)}`)
    const banner = page.locator('.govuk-notification-banner--success')
    assert.equal(await banner.count(), 1, 'one success banner')
    assert.equal(squash(await banner.locator('.govuk-notification-banner__heading').innerText()), 'Chris Lane has been added.')
    const row = (await peopleRows(page)).find((r) => r.email === 'chris.lane@example.test')
    assert.ok(row, 'a row for the new person')
    assert.deepEqual({ name: row.name, organisation: row.organisation, roles: row.roles },
      { name: 'Chris Lane', organisation: 'Riverside Borough Council', roles: 'Participant' })
    assert.equal(await page.getByLabel('Full name').inputValue(), '', 'the form is empty again')
    await expectNoAxeViolations(page)
    await page.close()

    // The programme lead sees the new participant of their cohort.
    const lead = await visit(signedIn.lead, '/admin/people', { axe: false })
    assert.ok((await peopleRows(lead)).some((r) => r.email === 'chris.lane@example.test'), 'the lead sees the new participant')
    await lead.close()
  })

  test('a disabled participant is signed out of their open browser', async () => {
    const participant = kDemoPeople.aspirant
    // Their browser is open and signed in.
    const theirs = await visit(signedIn.aspirant, '/account', { axe: false })

    const page = await visit(signedIn.admin, '/admin/people', { axe: false })
    const response = await submitAndWait(page, page.getByRole('button', { name: `Disable ${participant.name}` }))
    assert.equal(response.status(), 200)
    assert.equal(new URL(page.url()).pathname, '/admin/people')
    const row = (await peopleRows(page)).find((r) => r.email === participant.email)
    assert.match(row.status, /Disabled/)
    assert.equal(await page.getByRole('button', { name: `Enable ${participant.name}` }).count(), 1)
    await page.close()

    // Their next navigation finds them signed out.
    await theirs.getByRole('link', { name: 'Your account' }).click()
    await theirs.waitForURL(/\/sign-in\?next=\/account$/)
    assert.deepEqual(await navLinks(theirs), ['Home', 'Frameworks', 'Sign in'])
    // And they cannot sign in again; the message gives nothing away.
    await signIn(theirs, server.url, participant.email)
    assert.equal(new URL(theirs.url()).pathname, '/sign-in')
    assert.deepEqual((await summaryLinks(theirs)).map((l) => l.text), [kWrongPassword])
    await theirs.close()
  })

  test('signing out: /sign-out, then the button', async () => {
    const context = signedIn.hr
    const page = await visit(context, '/sign-out')
    assert.equal(squash(await page.locator('h1').innerText()), 'Sign out')
    const response = await submitAndWait(page, page.locator('main').getByRole('button', { name: 'Sign out' }))
    assert.equal(response.status(), 200)
    const landed = new URL(page.url())
    assert.equal(landed.pathname, '/sign-in')
    assert.match(squash(await page.locator('.govuk-notification-banner').innerText()), /You have signed out\./)
    assert.deepEqual(await navLinks(page), ['Home', 'Frameworks', 'Sign in'])
    await expectNoAxeViolations(page)

    await page.goto(url('/account'))
    const asked = new URL(page.url())
    assert.equal(asked.pathname + asked.search, '/sign-in?next=/account', '/account asks to sign in again')
    await page.close()

    // Signed out, /sign-out has nothing to do.
    const again = await context.newPage()
    await again.goto(url('/sign-out'))
    assert.equal(new URL(again.url()).pathname, '/sign-in')
    await again.close()
  })

  test('"Sign out everywhere" ends the person\'s other sessions too', async () => {
    const here = signedIn.coach
    const { context: elsewhere } = await signedInContext('coach')
    try {
      const page = await visit(here, '/account', { axe: false })
      await submitAndWait(page, page.getByRole('button', { name: 'Sign out everywhere' }))
      assert.equal(new URL(page.url()).pathname, '/sign-in')
      assert.match(squash(await page.locator('main').innerText()), /You have signed out\./)
      await page.close()

      const other = await elsewhere.newPage()
      await other.goto(url('/account'))
      const landed = new URL(other.url())
      assert.equal(landed.pathname + landed.search, '/sign-in?next=/account', 'the other browser is signed out')
      await other.close()

      // Someone else's session is untouched.
      const director = await visit(signedIn.director, '/account', { axe: false })
      assert.ok((await mainText(director)).includes(kDemoPeople.director.name))
      await director.close()
    } finally {
      await elsewhere.close()
    }
  })

  test('signing in and adding a person work without JavaScript', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false })
    try {
      const page = await noScript.newPage()
      await page.goto(url('/sign-in'))
      await signIn(page, server.url, kDemoPeople.lead.email)
      assert.equal(new URL(page.url()).pathname, '/account')
      assert.ok((await mainText(page)).includes(kDemoPeople.lead.name))
      assert.equal(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported')), false,
        'JavaScript really was off')

      await page.goto(url('/admin/people'))
      await page.getByLabel('Full name').fill('')
      await page.getByLabel('Email address').fill('nope')
      await page.getByLabel('Organisation').selectOption({ label: 'Eastmoor City Council' })
      let response = await submitAndWait(page, page.getByRole('button', { name: 'Add person' }))
      assert.equal(response.status(), 422)
      assert.deepEqual((await summaryLinks(page)).map((l) => l.href), ['#person-name', '#person-email'])

      await page.getByLabel('Full name').fill('Dana Frost')
      await page.getByLabel('Email address').fill('dana.frost@example.test')
      await page.getByLabel('Organisation').selectOption({ label: 'Eastmoor City Council' })
      await page.getByLabel('Professional background').selectOption({ label: 'Health' })
      await page.getByLabel('Role in LQF').selectOption({ label: 'Participant' })
      await page.getByLabel('Cohort (optional)').fill(kCohort)
      response = await submitAndWait(page, page.getByRole('button', { name: 'Add person' }))
      assert.equal(response.status(), 200)
      assert.match(squash(await page.locator('.govuk-notification-banner').innerText()), /Dana Frost has been added\./)
      assert.ok((await peopleRows(page)).some((r) => r.email === 'dana.frost@example.test' && r.name === 'Dana Frost'))

      await page.goto(url('/sign-out'))
      await submitAndWait(page, page.locator('main').getByRole('button', { name: 'Sign out' }))
      assert.match(await mainText(page), /You have signed out\./)
      await page.close()
    } finally {
      await noScript.close()
    }
  })

  test('the set-password page is accessible, and says what is wrong', async () => {
    const anonymous = await browser.newContext()
    try {
      const page = await visit(anonymous, '/set-password?token=not-a-real-token')
      assert.equal(squash(await page.locator('h1').innerText()), 'Set your password')
      await page.getByLabel('New password').fill('a long enough password')
      await page.getByLabel('Type the password again').fill('a long enough password')
      const response = await submitAndWait(page, page.getByRole('button', { name: 'Set password' }))
      assert.equal(response.status(), 422)
      const links = await summaryLinks(page)
      assert.equal(links.length, 1)
      assert.match(links[0].text, /expired or has already been used/)
      await expectNoAxeViolations(page)
      await page.close()
    } finally {
      await anonymous.close()
    }
  })

  test('the server stops gracefully on SIGTERM', async () => {
    const { code, signal } = await server.stop()
    assert.equal(signal, null, 'exited by itself, not killed by the signal')
    assert.equal(code, 0, `exit code after SIGTERM; server log:\n${server.log()}`)
  })
})
