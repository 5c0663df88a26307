// LQF's one script. Everything works without it: it only enhances GOV.UK
// Frontend components (e.g. the collapsible navigation on small screens).
// It is an external module because the Content-Security-Policy forbids inline
// script; GOV.UK's template does this job with an inline snippet instead.
//
// The build rewrites the import below to carry a content hash, so a new
// GOV.UK Frontend release is never served from a stale cache.
import { initAll } from '/assets/govuk-frontend.min.js'

/** Marks the page as able to run GOV.UK Frontend, then starts its components. */
function enhance () {
  // GOV.UK Frontend's CSS hides or reveals some parts only under this class,
  // and initAll() does nothing without it.
  document.body.classList.add('js-enabled', 'govuk-frontend-supported')
  initAll()
}

enhance()
