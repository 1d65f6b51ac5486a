// Demo only: the playground around this page sends messages here to show its edits live.
// A real billing page has nothing like this; it only has the <script> tag and the link.
const link = document.querySelector('[data-windback-cancel]')
let preview

function closeOpenFlow() {
  preview?.close()
  // A flow opened by clicking the link: Escape closes it like a customer would.
  const dialog = document.querySelector('windback-cancel-flow')?.shadowRoot?.querySelector('[part~=dialog]')
  dialog?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
}

const CUSTOMER_ATTRIBUTES = { plan_name: 'customerPlanName', mrr: 'customerMrr', tenure_days: 'customerTenureDays' }

/** The playground's customer fields go on the link, so a click on it uses them too. */
function setCustomer(customer) {
  for (const [field, attribute] of Object.entries(CUSTOMER_ATTRIBUTES)) {
    if (customer[field] === undefined) delete link.dataset[attribute]
    else link.dataset[attribute] = String(customer[field])
  }
}

/** The workbench's live CSS, as this page's own stylesheet would carry it. */
function setPageCss(css) {
  let style = document.getElementById('workbench-css')
  if (!style) {
    style = document.createElement('style')
    style.id = 'workbench-css'
    document.head.append(style)
  }
  style.textContent = css
}

function customerOfLink() {
  const { customerEmail, customerName, customerPlanName, customerMrr, customerTenureDays } = link.dataset
  return {
    email: customerEmail,
    name: customerName,
    ...(customerPlanName ? { plan_name: customerPlanName } : {}),
    ...(customerMrr ? { mrr: Number(customerMrr) } : {}),
    ...(customerTenureDays ? { tenure_days: Number(customerTenureDays) } : {}),
  }
}

function openPreview(locale) {
  preview = window.Windback.createCancelFlow({
    publicKey: 'pub_demo',
    apiBase: '/api/v1',
    customer: customerOfLink(),
    // Which offers this customer sees, and why others are hidden, for the playground to list.
    onEvent: (flowEvent) => {
      if (flowEvent.type === 'offer_shown' || flowEvent.type === 'offer_hidden') {
        parent.postMessage({ type: 'windback-demo:event', event: JSON.parse(JSON.stringify(flowEvent)) }, location.origin)
      }
    },
    ...(locale ? { locale } : {}),
  })
  const flow = preview
  void flow.open().then((result) => {
    flow.destroy()
    if (preview === flow) preview = undefined
    parent.postMessage({ type: 'windback-demo:outcome', result: JSON.parse(JSON.stringify(result)) }, location.origin)
  })
}

window.addEventListener('message', (event) => {
  if (event.origin !== location.origin || typeof event.data?.type !== 'string') return
  const { type, locale, customer, css } = event.data
  if (customer) setCustomer(customer)
  if (css !== undefined) setPageCss(css)
  if (locale !== undefined) {
    if (locale) link.dataset.locale = locale
    else delete link.dataset.locale
  }
  const isOpen = Boolean(document.querySelector('windback-cancel-flow'))
  if (type === 'windback-demo:open' || (type === 'windback-demo:refresh' && isOpen)) {
    closeOpenFlow()
    openPreview(locale)
  }
})
