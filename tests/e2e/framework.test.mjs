// The framework browser, in a real browser: every page is accessible
// (axe-core, WCAG 2.2 A/AA), loads its CSS and JS cleanly under the server's
// Content-Security-Policy, works without JavaScript, and prints cleanly.
//
//   LQF_BIN=build/debug/lqf npm run test:e2e

import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, test } from 'node:test'
import { expectNoAxeViolations, launchBrowser, openPage, startServer } from './support.mjs'

const kFramework = '/frameworks/nlqf-2010'
const kFrameworkTitle = "National Leadership Qualities Framework for Directors of Children's Services"
const kRepoRoot = new URL('../../', import.meta.url)

// A link to one element of the framework: /frameworks/nlqf-2010/<code>, where
// codes start with a capital (A1, K1.1) and pages such as "search" do not.
const kElementHref = /^\/frameworks\/nlqf-2010\/[A-Z][A-Za-z0-9.]*(#.*)?$/

/** Codes of the elements the overview must link to: all but categories and statements. */
async function linkedElementCodes () {
  const data = JSON.parse(await readFile(new URL('data/frameworks/nlqf-2010.json', kRepoRoot), 'utf8'))
  const codes = []
  const walk = (node) => {
    if (!['category', 'statement'].includes(node.type)) codes.push(node.code)
    for (const child of node.children ?? []) walk(child)
  }
  data.nodes.forEach(walk)
  return codes
}

/** The hrefs of links inside <main>, as written in the markup. */
function mainLinks (page) {
  return page.locator('main a[href]').evaluateAll((links) =>
    links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.replace(/\s+/g, ' ').trim() })))
}

/** The text of <main>, whitespace collapsed. */
async function mainText (page) {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ')
}

describe('framework browser', { timeout: 120_000 }, () => {
  let server
  let browser
  let context

  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    context = await browser.newContext()
  })

  after(async () => {
    await browser?.close()
    // Normally already stopped by the last test; this covers an early failure.
    await server?.stop().catch(() => {})
  })

  /** Waits for lqf.mjs to mark the body, which it does once GOV.UK Frontend has loaded. */
  async function expectScriptsRan (page, problems = []) {
    try {
      await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'),
        null, { timeout: 5_000 })
    } catch {
      throw new Error(`lqf.mjs did not run on ${page.url()}; problems seen: ${JSON.stringify(problems, null, 2)}`)
    }
  }

  /**
   * Opens a page and checks what every page owes its users: the expected
   * status, no console errors or failed asset requests, our CSS applied, our
   * JS run, and no accessibility violations. Returns the page for more checks.
   */
  async function visit (path, { status = 200 } = {}) {
    const { page, response, problems } = await openPage(context, server.url, path)
    assert.equal(response.status(), status, `status of ${path}`)
    assert.match(response.headers()['content-type'] ?? '', /^text\/html/, `content type of ${path}`)

    await expectScriptsRan(page, problems)
    const fontFamily = await page.evaluate(() => getComputedStyle(document.body).fontFamily)
    assert.doesNotMatch(fontFamily, /GDS Transport/, 'GOV.UK\'s font is for GOV.UK only')
    assert.match(fontFamily, /system-ui/, `lqf.css applied to ${path} (body font: ${fontFamily})`)
    const headingFont = await page.evaluate(() => getComputedStyle(document.querySelector('h1')).fontFamily)
    assert.match(headingFont, /system-ui/, `GOV.UK Frontend styles built with our font (h1 font: ${headingFont})`)
    assert.match(await page.title(), / – LQF$/, `title of ${path}`)

    await expectNoAxeViolations(page)
    assert.deepEqual(problems, [], `problems loading ${path}`)
    return page
  }

  test('home page introduces the framework and links to the frameworks', async () => {
    const page = await visit('/')
    assert.match(await page.locator('h1').innerText(), /Leadership Qualities Framework/)
    assert.ok(await page.locator('main a[href="/frameworks"]').count() > 0, 'link to /frameworks')
    await page.close()
  })

  test('layout: skip link, header without the crown, service navigation, footer', async () => {
    const page = await visit('/')
    assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    assert.equal(await page.locator('a.govuk-skip-link').getAttribute('href'), '#main-content')
    assert.equal(await page.locator('main#main-content').count(), 1)
    assert.match(await page.locator('header').innerText(), /LQF/)
    assert.match(await page.locator('header').innerText(), /Leadership Qualities Framework/)
    assert.equal(await page.locator('.govuk-header__logotype, .govuk-footer__crown, .govuk-footer__copyright-logo').count(), 0,
      'no GOV.UK crown or crest')
    assert.ok(await page.locator('.govuk-service-navigation__link').count() > 1, 'service navigation links')
    const footer = page.locator('footer')
    assert.match(await footer.innerText(), /National Leadership Qualities Framework for Directors of Children's Services \(National College, 2010\)/)
    assert.equal(await footer.getByRole('link', { name: 'API' }).getAttribute('href'), '/api/v1/frameworks')
    await page.close()
  })

  test('assets load with the right types', async () => {
    // A fresh context, so nothing comes from the cache of earlier pages.
    const fresh = await browser.newContext()
    const page = await fresh.newPage()
    const assets = new Map()
    page.on('response', (response) => {
      const url = new URL(response.url())
      if (url.pathname.startsWith('/assets/')) assets.set(url.pathname, response)
    })
    await page.goto(new URL('/', server.url).href, { waitUntil: 'load' })
    await expectScriptsRan(page)
    const expected = {
      '/assets/lqf.css': /^text\/css/,
      '/assets/lqf.mjs': /^(text|application)\/javascript/,
      '/assets/govuk-frontend.min.js': /^(text|application)\/javascript/
    }
    for (const [path, type] of Object.entries(expected)) {
      const response = assets.get(path)
      assert.ok(response, `${path} was requested`)
      assert.equal(response.status(), 200, `status of ${path}`)
      assert.match(response.headers()['content-type'] ?? '', type, `content type of ${path}`)
    }
    await fresh.close()
  })

  test('frameworks page lists both bundled frameworks', async () => {
    const page = await visit('/frameworks')
    const links = await mainLinks(page)
    const nlqf = links.find((link) => link.href === kFramework)
    assert.ok(nlqf, `a link to ${kFramework}; links: ${JSON.stringify(links)}`)
    assert.match(nlqf.text, /Leadership Qualities Framework/)
    assert.ok(links.some((link) => link.href === '/frameworks/dcs-characteristics-2008'),
      'a link to /frameworks/dcs-characteristics-2008')
    await page.close()
  })

  test('framework overview draws the model and links every element', async () => {
    const page = await visit(kFramework)
    assert.equal((await page.locator('h1').innerText()).trim(), kFrameworkTitle)

    // The model: an inline SVG with an accessible name from its own title.
    const svg = page.locator('main svg[role="img"]')
    assert.equal(await svg.count(), 1, 'one model picture')
    const labelledBy = await svg.getAttribute('aria-labelledby')
    assert.ok(labelledBy, 'the model picture has aria-labelledby')
    for (const id of labelledBy.split(/\s+/)) {
      const label = await page.evaluate((i) => document.getElementById(i)?.textContent.trim(), id)
      assert.ok(label, `aria-labelledby points at #${id}, which has text`)
    }
    assert.ok(await svg.evaluate((el) => el.getBoundingClientRect().width > 100), 'the model picture is drawn')

    // The text alternative: every element, as a link, in the page's text.
    const links = await mainLinks(page)
    const hrefs = new Set(links.map((link) => link.href))
    const missing = (await linkedElementCodes()).filter((code) => !hrefs.has(`${kFramework}/${code}`))
    assert.deepEqual(missing, [], 'overview links to every attribute, skill, area and functional area')
    const moralPurpose = links.find((link) => link.href === `${kFramework}/A1`)
    assert.match(moralPurpose.text, /Moral purpose/)
    await page.close()
  })

  test('an attribute page: Moral purpose (A1)', async () => {
    const page = await visit(`${kFramework}/A1`)
    const h1 = page.locator('h1')
    // The type caption may sit inside the h1 (GOV.UK's caption pattern) or just before it.
    assert.match(await h1.innerText(), /Moral purpose/)
    const text = await mainText(page)
    assert.match(text, /Leadership attribute/)
    assert.match(text, /\bA1\b/)
    await page.close()
  })

  test('a knowledge area: Integrated service delivery (K1)', async () => {
    const page = await visit(`${kFramework}/K1`)
    assert.match(await page.locator('h1').innerText(), /Integrated service delivery/)
    assert.match(await mainText(page), /At the heart of ECM lies the commitment to integrated working\./)
    const area = (await mainLinks(page)).find((link) => link.href === `${kFramework}/K1.1`)
    assert.ok(area, 'a link to functional area K1.1')
    assert.match(area.text, /Resource planning and management/)
    await page.close()
  })

  test('a functional area lists its statements (K1.1)', async () => {
    const page = await visit(`${kFramework}/K1.1`)
    assert.match(await page.locator('h1').innerText(), /Resource planning and management/)
    assert.match(await mainText(page), /Commissioning, procuring and contracting services/)
    await page.close()
  })

  test('search finds elements', async () => {
    const page = await visit(`${kFramework}/search?q=safeguard`)
    const input = page.getByLabel('Search the framework')
    assert.equal(await input.getAttribute('name'), 'q')
    assert.equal(await input.inputValue(), 'safeguard', 'the query stays in the box')
    const form = page.locator('form', { has: page.locator('input[name="q"]') })
    assert.equal((await form.getAttribute('method') ?? 'get').toLowerCase(), 'get')
    const results = (await mainLinks(page)).filter((link) => kElementHref.test(link.href))
    assert.ok(results.length > 0, 'results link to elements')
    assert.match(await mainText(page), /safeguard/i)
    await page.close()
  })

  test('search with no matches says so', async () => {
    const page = await visit(`${kFramework}/search?q=zzzzqqq`)
    assert.match(await mainText(page), /\bno\b[^.]*\bresults?\b|\b0 results\b/i)
    const results = (await mainLinks(page)).filter((link) => kElementHref.test(link.href))
    assert.deepEqual(results, [], 'no result links')
    await page.close()
  })

  test('search shows a hostile query as text and never runs it', async () => {
    const query = '<script>alert(1)</script>'
    const dialogs = []
    context.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss() })
    const page = await visit(`${kFramework}/search?q=${encodeURIComponent(query)}`)
    const shownAsText = (await mainText(page)).includes(query)
    const keptInBox = (await page.getByLabel('Search the framework').inputValue()) === query
    assert.ok(shownAsText || keptInBox, 'the query is shown back, as text')
    assert.equal(await page.locator('main script').count(), 0, 'no script element made from the query')
    // Check the bytes the server sent: the browser's own serialisation would re-escape.
    const raw = await (await context.request.get(page.url())).text()
    assert.ok(!raw.includes(query), 'the query is escaped in the markup')
    assert.deepEqual(dialogs, [], 'no dialog fired')
    await page.close()
  })

  test('the 2008 characteristics list the issues, unscored', async () => {
    const page = await visit('/frameworks/dcs-characteristics-2008')
    const text = await mainText(page)
    assert.match(text, /Issues that influence delivery of the role/)
    assert.match(text, /not (be )?scored|never scored|no scores?\b|not rated/i)
    await page.close()
  })

  test('an unknown page answers 404 with a page of its own', async () => {
    const page = await visit('/frameworks/nope', { status: 404 })
    assert.equal((await page.locator('h1').innerText()).trim(), 'Page not found')
    await page.close()
  })

  test('search works without JavaScript', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false })
    try {
      const page = await noScript.newPage()
      await page.goto(new URL(`${kFramework}/search`, server.url).href)
      await page.getByLabel('Search the framework').fill('safeguard')
      await Promise.all([
        page.waitForURL(/[?&]q=safeguard\b/),
        page.getByLabel('Search the framework').press('Enter')
      ])
      const results = (await mainLinks(page)).filter((link) => kElementHref.test(link.href))
      assert.ok(results.length > 0, 'results appear without JavaScript')
      assert.equal(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported')), false,
        'JavaScript really was off')
    } finally {
      await noScript.close()
    }
  })

  test('print hides navigation and the search form', async () => {
    const { page } = await openPage(context, server.url, `${kFramework}/search?q=safeguard`)
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('.govuk-service-navigation__wrapper').isVisible(), false, 'navigation hidden')
    assert.equal(await page.locator('.govuk-skip-link').isVisible(), false, 'skip link hidden')
    assert.equal(await page.locator('.govuk-footer__inline-list').isVisible(), false, 'footer links hidden')
    assert.equal(await page.getByLabel('Search the framework').isVisible(), false, 'search form hidden')
    assert.equal(await page.locator('h1').isVisible(), true, 'content still shown')
    const colour = await page.evaluate(() => getComputedStyle(document.querySelector('main')).color)
    assert.equal(colour, 'rgb(0, 0, 0)', 'black text in print')
    await page.emulateMedia({ media: 'screen' })
    assert.equal(await page.locator('.govuk-service-navigation__wrapper').isVisible(), true, 'navigation back on screen')
    await page.close()
  })

  test('the server stops gracefully on SIGTERM', async () => {
    const { code, signal } = await server.stop()
    assert.equal(signal, null, 'exited by itself, not killed by the signal')
    assert.equal(code, 0, `exit code after SIGTERM; server log:\n${server.log()}`)
  })
})
