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

function openPreview(locale) {
  preview = window.Windback.createCancelFlow({
    publicKey: 'pub_demo',
    apiBase: '/api/v1',
    customer: { email: link.dataset.customerEmail, name: link.dataset.customerName },
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
  const { type, locale } = event.data
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
