// Builds LQF's front-end assets into public/, which the server serves under
// /assets/. Runs offline after `npm ci`; safe to run again at any time.
//
//   public/lqf.css                      static/scss/lqf.scss, compiled
//   public/lqf.mjs                      static/js/lqf.mjs, import pinned by hash
//   public/govuk-frontend.min.js(.map)  GOV.UK Frontend's compiled module
//   public/images/*                     static/images/* and any GOV.UK image the CSS uses

import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const nodeModules = join(root, 'node_modules')
const govukDist = join(nodeModules, 'govuk-frontend', 'dist', 'govuk')
const out = join(root, 'public')

// GOV.UK's brand is for GOV.UK services only: these must never ship with LQF.
// (The CSS keeps GOV.UK's unused .govuk-header__crown-style selectors: harmless
// without the images and fonts, which is what these guard against.)
const forbiddenImages = /crest|crown|govuk-icon|govuk-opengraph|govuk-logo/i
const forbiddenCss = [/GDS Transport/, /\/assets\/fonts\//, /url\([^)]*(crest|crown)/i]

const written = []

/** Writes through a temporary file so a running server never serves half a file. */
async function writeAtomically (path, data) {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.tmp-${process.pid}`
  await writeFile(temporary, data)
  await rename(temporary, path)
  written.push(relative(out, path))
}

function shortHash (data) {
  return createHash('sha256').update(data).digest('hex').slice(0, 12)
}

/** Compiles the Sass and checks that nothing of GOV.UK's brand got in. */
async function buildCss () {
  const result = sass.compile(join(root, 'static', 'scss', 'lqf.scss'), {
    style: 'compressed',
    quietDeps: true,
    loadPaths: [nodeModules]
  })
  for (const pattern of forbiddenCss) {
    if (pattern.test(result.css)) {
      throw new Error(`lqf.css must not contain ${pattern}: GOV.UK branding is not ours to use`)
    }
  }
  await writeAtomically(join(out, 'lqf.css'), result.css)
  return result.css
}

/** Copies GOV.UK Frontend's module; returns its hash for cache busting. */
async function copyGovukJs () {
  const js = await readFile(join(govukDist, 'govuk-frontend.min.js'))
  await writeAtomically(join(out, 'govuk-frontend.min.js'), js)
  // The module names its source map; ship it so browser tools do not 404.
  const map = await readFile(join(govukDist, 'govuk-frontend.min.js.map'))
  await writeAtomically(join(out, 'govuk-frontend.min.js.map'), map)
  return shortHash(js)
}

/** Copies LQF's module, pinning its GOV.UK Frontend import to that file's hash. */
async function buildJs (govukHash) {
  const source = await readFile(join(root, 'static', 'js', 'lqf.mjs'), 'utf8')
  const specifier = "'/assets/govuk-frontend.min.js'"
  if (!source.includes(specifier)) {
    throw new Error(`static/js/lqf.mjs must import ${specifier}`)
  }
  const pinned = source.replace(specifier, `'/assets/govuk-frontend.min.js?v=${govukHash}'`)
  await writeAtomically(join(out, 'lqf.mjs'), pinned)
}

/** Copies LQF's own images and the GOV.UK images the stylesheet refers to. */
async function copyImages (css) {
  const ownDir = join(root, 'static', 'images')
  for (const name of await readdir(ownDir)) {
    await writeAtomically(join(out, 'images', name), await readFile(join(ownDir, name)))
  }
  const referenced = new Set([...css.matchAll(/\/assets\/images\/([\w.-]+)/g)].map((m) => m[1]))
  for (const name of referenced) {
    if (forbiddenImages.test(name)) {
      throw new Error(`lqf.css refers to ${name}: GOV.UK branding is not ours to use`)
    }
    const ours = join(ownDir, name)
    const theirs = join(govukDist, 'assets', 'images', name)
    const data = await readFile(theirs).catch(() => readFile(ours))
    await writeAtomically(join(out, 'images', name), data)
  }
}

async function main () {
  const started = performance.now()
  const css = await buildCss()
  const govukHash = await copyGovukJs()
  await buildJs(govukHash)
  await copyImages(css)
  const ms = Math.round(performance.now() - started)
  console.log(`build-assets: wrote ${written.length} files to ${relative(process.cwd(), out) || '.'}/ in ${ms} ms: ${written.sort().join(', ')}`)
}

main().catch((error) => {
  console.error(`build-assets: ${error.message}`)
  process.exitCode = 1
})
