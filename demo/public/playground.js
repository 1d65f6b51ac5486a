// The playground beside the billing page: edits the dev API's config for pub_demo (checked by the
// config doctor as you type), styles every step at once in the gallery with live CSS, toggles the
// API's faults, shows what it received, and writes the snippet for the current look. Its whole
// state lives in the page's address, so a link shares it.
import { lintConfig, parseConfig } from '/dist/config.js'
import { checkCss, createGallery, decodeState, encodeState } from '/workbench.js'

const $ = (selector) => document.querySelector(selector)
const frame = $('#billing')
const themeForm = $('#theme')
const configBox = $('#config')
const errorsList = $('#config-errors')
const snippetBox = $('#snippet')
const customerForm = $('#customer')
const offerReport = $('#offer-report')
const cssBox = $('#custom-css')
let config
let snippetKind = 'script'
let view = 'flow'
let gallery

/** What the gallery's tiles read, and what the page's address holds. */
const currentState = () => ({ view, config, css: cssBox.value, locale: themeForm.elements.locale.value, customer: customerFromForm() })
window.workbench = { get state() { return currentState() } }

/** Replaces a list's items: one per entry, its severity (if any) for the colour. */
function showList(list, entries) {
  list.replaceChildren(
    ...entries.map(({ text, severity }) => {
      const item = document.createElement('li')
      if (severity) item.dataset.severity = severity
      item.textContent = text
      return item
    }),
  )
}

const post = (message) =>
  frame.contentWindow?.postMessage({ locale: themeForm.elements.locale.value, customer: customerFromForm(), ...message }, location.origin)

/** The eligibility fields of the customer; an empty field is one the page does not pass. */
function customerFromForm() {
  const form = customerForm.elements
  const customer = {}
  if (form.plan_name.value.trim()) customer.plan_name = form.plan_name.value.trim()
  for (const field of ['mrr', 'tenure_days']) {
    if (form[field].value !== '' && Number.isFinite(form[field].valueAsNumber)) customer[field] = form[field].valueAsNumber
  }
  return customer
}

// A (re)loaded billing page gets the playground's customer, language and CSS.
frame.addEventListener('load', () => post({ type: 'windback-demo:sync', css: cssBox.value }))

customerForm.addEventListener('input', () => {
  offerReport.replaceChildren()
  stateChanged()
  post({ type: 'windback-demo:refresh' })
})

function fillCustomerForm(customer = {}) {
  const form = customerForm.elements
  for (const field of ['plan_name', 'mrr', 'tenure_days']) form[field].value = customer[field] ?? ''
}

// ── custom CSS, applied live to the billing page and every tile ─────────────────
function applyCss() {
  const problems = checkCss(cssBox.value)
  showList($('#css-problems'), problems.map(({ line, message }) => ({ severity: 'error', text: `Line ${line}: ${message}` })))
  cssBox.setAttribute('aria-invalid', String(problems.length > 0))
  gallery?.setCss(cssBox.value)
  post({ type: 'windback-demo:css', css: cssBox.value })
  stateChanged({ cssOnly: true })
}
cssBox.addEventListener('input', applyCss)

// ── views: the billing page, or the gallery of every step ───────────────────────
function showView(next) {
  view = next
  for (const tab of document.querySelectorAll('[data-view]')) tab.setAttribute('aria-selected', String(tab.dataset.view === view))
  $('#flow-view').hidden = view !== 'flow'
  $('#gallery').hidden = view !== 'gallery'
  if (view === 'gallery' && !gallery) gallery = createGallery($('#gallery'))
  history.replaceState(null, '', encodeState(currentState()))
}
for (const tab of document.querySelectorAll('[data-view]')) tab.addEventListener('click', () => showView(tab.dataset.view))

// ── share ───────────────────────────────────────────────────────────────────────
$('#share').addEventListener('click', async () => {
  const url = `${location.origin}${location.pathname}${encodeState(currentState())}`
  const field = $('#share-url')
  field.value = url
  field.hidden = false
  field.select()
  await navigator.clipboard?.writeText(url).catch(() => undefined)
  $('#share').textContent = 'Link copied'
  setTimeout(() => ($('#share').textContent = 'Copy link'), 1500)
})

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return (await response.json()).data
}

// ── theme form ↔ config ─────────────────────────────────────────────────────────
function themeFromForm() {
  const form = themeForm.elements
  const theme = { primary_color: form.primary_color.value, mode: form.mode.value, radius_px: Number(form.radius_px.value) }
  if (form.font_family.value) theme.font_family = form.font_family.value
  if (form.logo_url.value.trim()) theme.logo_url = form.logo_url.value.trim()
  return theme
}

function fillThemeForm(theme = {}) {
  const form = themeForm.elements
  form.primary_color.value = theme.primary_color ?? '#4f46e5'
  form.mode.value = theme.mode ?? 'auto'
  form.radius_px.value = String(theme.radius_px ?? 14)
  form.radius_out.value = `${form.radius_px.value} px`
  form.font_family.value = theme.font_family ?? ''
  form.logo_url.value = theme.logo_url ?? ''
}

let saveTimer
function scheduleSave() {
  clearTimeout(saveTimer)
  saveTimer = setTimeout(async () => {
    await api('PUT', '/__dev/config/pub_demo', config)
    post({ type: 'windback-demo:refresh' })
  }, 250)
  stateChanged()
}

/** Every edit: the snippet, the gallery and the address follow (CSS alone restyles, never re-renders). */
function stateChanged({ cssOnly = false } = {}) {
  renderSnippet()
  if (!cssOnly) gallery?.update(currentState())
  history.replaceState(null, '', encodeState(currentState()))
}

themeForm.addEventListener('input', () => {
  themeForm.elements.radius_out.value = `${themeForm.elements.radius_px.value} px`
  config = { ...config, theme: themeFromForm() }
  configBox.value = JSON.stringify(config, null, 2)
  showFindings(lintConfig(config))
  scheduleSave()
})

// ── config JSON, checked by the config doctor as you type ───────────────────────
/** @param {Array<{ severity: string; code?: string; path?: string; message: string }>} findings */
function showFindings(findings) {
  showList(
    errorsList,
    findings.map(({ severity, code, path, message }) => ({ severity, text: code ? `${severity} ${code} · ${path}: ${message}` : message })),
  )
  const errors = findings.filter((finding) => finding.severity === 'error').length
  configBox.setAttribute('aria-invalid', String(errors > 0))
  $('#findings-count').textContent = findings.length ? `${errors} error(s), ${findings.length - errors} warning(s)` : ''
}

configBox.addEventListener('input', () => {
  let data
  try {
    data = JSON.parse(configBox.value)
  } catch (error) {
    showFindings([{ severity: 'error', message: `Not valid JSON: ${error.message}` }])
    return
  }
  showFindings(lintConfig(data))
  // A config the widget would refuse is not sent: the flow keeps the last one that works.
  if (!parseConfig(data).ok) return
  config = data
  fillThemeForm(config.theme)
  scheduleSave()
})

// ── faults ──────────────────────────────────────────────────────────────────────
$('#faults').addEventListener('change', async () => {
  const on = (name) => $('#faults').elements[name].checked
  const faults = {}
  if (on('config500')) faults.config = { status: 500 }
  if (on('configSlow')) faults.config = { ...faults.config, delayMs: 6000 }
  if (on('reasons503')) faults.reasons = { status: 503 }
  if (on('offline')) faults.all = { offline: true }
  await api('PUT', '/__dev/faults', faults)
})

// ── snippet ─────────────────────────────────────────────────────────────────────
function renderSnippet() {
  const theme = themeFromForm()
  const locale = themeForm.elements.locale.value
  const customer = customerFromForm()
  const attribute = { plan_name: 'data-customer-plan-name', mrr: 'data-customer-mrr', tenure_days: 'data-customer-tenure-days' }
  const customerAttributes = Object.entries(customer).map(([field, value]) => `\n   ${attribute[field]}="${value}"`).join('')
  const customerFields = Object.entries(customer).map(([field, value]) => `, ${field}: ${JSON.stringify(value)}`).join('')
  const snippets = {
    script: `<script src="https://unpkg.com/@windback/browser/dist/windback.umd.js"
        data-public-key="pub_demo" data-api-base="https://api.windbackai.com/api/v1"${locale ? `\n        data-locale="${locale}"` : ''} defer></script>

<a href="/account/cancel" data-windback-cancel
   data-customer-email="{{ user.email }}" data-customer-name="{{ user.name }}"${customerAttributes}>Cancel subscription</a>

<script>
  document.addEventListener('windback:retained', (event) => applyOffer(event.detail.offer))
</script>`,
    esm: `import { openCancelFlow } from '@windback/browser'

const result = await openCancelFlow({
  publicKey: 'pub_demo',
  customer: { email: user.email, name: user.name${customerFields} },${locale ? `\n  locale: '${locale}',` : ''}
  theme: ${JSON.stringify(theme, null, 2).replace(/\n/g, '\n  ')},
})
if (result.outcome === 'retained') await applyOffer(result.offer)
else if (result.outcome === 'cancelled' || result.outcome === 'error') await cancelSubscription()`,
    css: `/* Overrides the config's theme from your own stylesheet */
windback-cancel-flow {
  --wb-primary: ${theme.primary_color};
  --wb-radius: ${theme.radius_px}px;${theme.font_family ? `\n  --wb-font: ${theme.font_family};` : ''}
}
${cssBox.value.trim() || `windback-cancel-flow::part(dialog) { box-shadow: 0 30px 80px rgb(0 0 0 / 0.35); }
windback-cancel-flow::part(confirm-cancel) { font-weight: 700; }`}`,
  }
  snippetBox.textContent = snippets[snippetKind]
}

for (const tab of document.querySelectorAll('[data-snippet]')) {
  tab.addEventListener('click', () => {
    snippetKind = tab.dataset.snippet
    for (const other of document.querySelectorAll('[data-snippet]')) other.setAttribute('aria-selected', String(other === tab))
    renderSnippet()
  })
}
themeForm.elements.locale.addEventListener('change', () => {
  stateChanged()
  post({ type: 'windback-demo:refresh' })
})

$('#copy').addEventListener('click', async () => {
  await navigator.clipboard?.writeText(snippetBox.textContent).catch(() => undefined)
  $('#copy').textContent = 'Copied'
  setTimeout(() => ($('#copy').textContent = 'Copy'), 1500)
})

// ── open the flow, show outcomes ────────────────────────────────────────────────
$('#open-flow').addEventListener('click', () => {
  offerReport.replaceChildren()
  post({ type: 'windback-demo:open' })
})
window.addEventListener('message', (event) => {
  if (event.origin !== location.origin) return
  if (event.data?.type === 'windback-demo:outcome') $('#outcome').textContent = `Outcome: ${JSON.stringify(event.data.result)}`
  if (event.data?.type === 'windback-demo:event') reportOffer(event.data.event)
})

/** One line per offer: shown where, or hidden and which eligibility conditions this customer misses. */
function reportOffer({ type, offer, placement, unmet }) {
  const line = `${offer} (${placement}): ${type === 'offer_shown' ? 'shown' : `hidden, not met: ${unmet.join(', ')}`}`
  const lines = [...offerReport.children].map((item) => item.textContent).filter((text) => !text.startsWith(`${offer} (${placement})`))
  showList(offerReport, [...lines, line].map((text) => ({ text })))
}

// ── live log of the dev API ─────────────────────────────────────────────────────
const logList = $('#log')
function addLogEntry(entry) {
  const item = document.createElement('li')
  item.dataset.status = String(entry.status)
  const line = document.createElement('div')
  line.className = 'log-line'
  const status = entry.status === 0 ? 'dropped' : String(entry.status)
  line.textContent = `${entry.at.slice(11, 19)}  ${entry.method} ${entry.path}  → ${status}${entry.fault ? '  (fault)' : ''}`
  item.append(line)
  if (entry.body !== undefined) {
    const body = document.createElement('pre')
    body.textContent = JSON.stringify(entry.body, null, 2)
    item.append(body)
  }
  logList.prepend(item)
  while (logList.children.length > 100) logList.lastElementChild.remove()
}
$('#clear-log').addEventListener('click', async (event) => {
  event.preventDefault()
  await api('DELETE', '/__dev/log')
  logList.replaceChildren()
})
const stream = new EventSource('/__dev/log/stream')
stream.addEventListener('message', (event) => addLogEntry(JSON.parse(event.data)))

// ── start: from a shared link's state, else from the dev API ────────────────────
const shared = decodeState(location.hash)
if (shared?.config) await api('PUT', '/__dev/config/pub_demo', shared.config)
config = shared?.config ?? (await api('GET', '/__dev/config/pub_demo'))
configBox.value = JSON.stringify(config, null, 2)
fillThemeForm(config.theme)
showFindings(lintConfig(config))
if (shared) {
  themeForm.elements.locale.value = shared.locale ?? ''
  fillCustomerForm(shared.customer)
  cssBox.value = shared.css ?? ''
  if (cssBox.value) applyCss()
  post({ type: 'windback-demo:refresh' })
}
showView(shared?.view === 'gallery' ? 'gallery' : 'flow')
renderSnippet()
document.documentElement.dataset.ready = 'true'
for (const entry of await api('GET', '/__dev/log')) addLogEntry(entry)
