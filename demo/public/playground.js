// The playground beside the billing page: edits the dev API's config for pub_demo, toggles its
// faults, shows what it received, and writes the snippet for the current look.
import { parseConfig } from '/dist/config.js'

const $ = (selector) => document.querySelector(selector)
const frame = $('#billing')
const themeForm = $('#theme')
const configBox = $('#config')
const errorsList = $('#config-errors')
const snippetBox = $('#snippet')
const customerForm = $('#customer')
const offerReport = $('#offer-report')
let config
let snippetKind = 'script'

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

customerForm.addEventListener('input', () => {
  offerReport.replaceChildren()
  renderSnippet()
  post({ type: 'windback-demo:refresh' })
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
  renderSnippet()
}

themeForm.addEventListener('input', () => {
  themeForm.elements.radius_out.value = `${themeForm.elements.radius_px.value} px`
  config = { ...config, theme: themeFromForm() }
  configBox.value = JSON.stringify(config, null, 2)
  showErrors([])
  scheduleSave()
})

// ── config JSON, validated with the package's own schema ───────────────────────
function showErrors(errors) {
  errorsList.replaceChildren(
    ...errors.map((error) => {
      const item = document.createElement('li')
      item.textContent = error
      return item
    }),
  )
  configBox.setAttribute('aria-invalid', String(errors.length > 0))
}

configBox.addEventListener('input', () => {
  let data
  try {
    data = JSON.parse(configBox.value)
  } catch (error) {
    showErrors([`Not valid JSON: ${error.message}`])
    return
  }
  const parsed = parseConfig(data)
  if (!parsed.ok) {
    showErrors(parsed.details.map((detail) => `${detail.field}: ${detail.message}`))
    return
  }
  const dropped = JSON.stringify(parsed.config) === JSON.stringify(data) ? [] : ['Note: some fields were ignored or dropped (unknown, unsafe or malformed).']
  showErrors(dropped)
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
windback-cancel-flow::part(dialog) { box-shadow: 0 30px 80px rgb(0 0 0 / 0.35); }
windback-cancel-flow::part(confirm-cancel) { font-weight: 700; }`,
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
  renderSnippet()
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
  offerReport.replaceChildren(
    ...[...lines, line].map((text) => {
      const item = document.createElement('li')
      item.textContent = text
      return item
    }),
  )
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

// ── start ───────────────────────────────────────────────────────────────────────
config = await api('GET', '/__dev/config/pub_demo')
configBox.value = JSON.stringify(config, null, 2)
fillThemeForm(config.theme)
renderSnippet()
for (const entry of await api('GET', '/__dev/log')) addLogEntry(entry)
