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

/**
 * A file input with data-max-bytes: a file over the limit is refused before
 * it is sent (an upload of many megabytes the server will refuse anyway is a
 * long wait for nothing), with the GOV.UK error message and summary. The
 * server checks again; without this script it says the same after the upload.
 */
function checkFileSizes () {
  for (const input of document.querySelectorAll('input[type="file"][data-max-bytes]')) {
    input.form?.addEventListener('submit', (event) => {
      const file = input.files?.[0]
      if (!file || file.size <= Number(input.dataset.maxBytes)) return
      event.preventDefault()
      showError(input, input.dataset.tooLarge)
    })
  }
}

/** Marks `input` in error with `text`, and lists it in the page's error summary. */
function showError (input, text) {
  const group = input.closest('.govuk-form-group')
  group?.classList.add('govuk-form-group--error')
  input.classList.add('govuk-file-upload--error')
  let message = group?.querySelector('.govuk-error-message')
  if (!message) {
    message = document.createElement('p')
    message.className = 'govuk-error-message'
    message.id = `${input.id}-error`
    input.before(message)
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${message.id}`.trim())
  }
  message.replaceChildren(Object.assign(document.createElement('span'), {
    className: 'govuk-visually-hidden', textContent: 'Error:'
  }), ` ${text}`)
  document.querySelector('.lqf-client-error-summary')?.remove()
  const summary = document.createElement('div')
  summary.className = 'govuk-error-summary lqf-client-error-summary'
  summary.innerHTML = '<div role="alert"><h2 class="govuk-error-summary__title">There is a problem</h2>' +
    '<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list"><li><a></a></li></ul></div></div>'
  const link = summary.querySelector('a')
  link.href = `#${input.id}`
  link.textContent = text
  const main = document.querySelector('main .govuk-grid-column-two-thirds') ?? document.querySelector('main')
  main.prepend(summary)
  summary.setAttribute('tabindex', '-1')
  summary.focus()
}

enhance()
checkFileSizes()
