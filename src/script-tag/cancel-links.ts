import { createCancelFlow } from '../cancel-flow/create-cancel-flow.js'
import type { CancelFlow, CancelFlowOptions, CancelFlowResult, Customer } from '../cancel-flow/types.js'
import { WindbackError } from '../errors.js'

export const CANCEL_LINK_SELECTOR = '[data-windback-cancel]'

export interface CancelLinkSettings {
  publicKey: string
  apiBase?: string
  locale?: string
  /** Makes a flow; replaced in tests. */
  createFlow?: (options: CancelFlowOptions) => CancelFlow
}

/** Signs that the customer is about to press a cancel link: the flow's code and config load then. */
const INTENT_EVENTS = ['pointerover', 'focusin', 'touchstart'] as const

/** Reads the customer from `data-customer-*` attributes; numbers only when they parse. */
export function customerFromElement(element: HTMLElement): Customer {
  const data = element.dataset
  const number = (value: string | undefined) => {
    if (value === undefined || value.trim() === '') return undefined
    const parsed = Number(value)
    return Number.isFinite(parsed) ? parsed : undefined
  }
  const customer: Customer = { email: data['customerEmail'] ?? '' }
  if (data['customerName']) customer.name = data['customerName']
  if (data['customerPlanName']) customer.plan_name = data['customerPlanName']
  const mrr = number(data['customerMrr'])
  if (mrr !== undefined) customer.mrr = mrr
  const tenureDays = number(data['customerTenureDays'])
  if (tenureDays !== undefined) customer.tenure_days = tenureDays
  return customer
}

/**
 * Delegated click handling for every `[data-windback-cancel]` element, present now or added
 * later: the click opens the flow, and the element then fires `windback:<outcome>`. For
 * `cancelled` and `error` the original action (link, submit) runs afterwards unless a listener
 * called `preventDefault()`, so the page's own cancel path always still works.
 *
 * Intent (the pointer over one, focus on one, a touch) preloads that element's flow, so the
 * click shows the modal without waiting for the network. Returns a function that removes the
 * listeners.
 */
export function bindCancelLinks(doc: Document, settings: CancelLinkSettings): () => void {
  const createFlow = settings.createFlow ?? createCancelFlow
  // Clicks we replay after the flow must reach the page untouched.
  const replaying = new WeakSet<Element>()
  // One flow per distinct set of options, kept for the page: a second click reuses its config.
  const flows = new Map<string, CancelFlow>()
  let busy = false

  const cancelLinkOf = (event: Event) => (event.target instanceof Element ? event.target.closest<HTMLElement>(CANCEL_LINK_SELECTOR) : null)

  /** The element's flow; throws `INVALID_OPTIONS` / `INVALID_KEY` for what its attributes say. */
  function flowFor(element: HTMLElement): CancelFlow {
    const locale = element.dataset['locale'] || settings.locale
    const options: CancelFlowOptions = {
      publicKey: settings.publicKey,
      customer: customerFromElement(element),
      ...(settings.apiBase ? { apiBase: settings.apiBase } : {}),
      ...(locale ? { locale } : {}),
    }
    const key = JSON.stringify(options)
    let flow = flows.get(key)
    if (!flow) flows.set(key, (flow = createFlow(options)))
    return flow
  }

  const onIntent = (event: Event) => {
    const target = cancelLinkOf(event)
    if (!target) return
    try {
      void flowFor(target).preload()
    } catch {
      // Bad attributes are reported when the link is pressed, as windback:error.
    }
  }

  const onClick = (event: MouseEvent) => {
    const target = cancelLinkOf(event)
    if (!target) return
    if (replaying.has(target)) {
      replaying.delete(target)
      return
    }
    // Ctrl/⌘/Shift-click and middle clicks ask for a new tab or window: honour them as they are.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    event.stopPropagation()
    if (busy) return
    busy = true
    void run(target).finally(() => (busy = false))
  }

  async function run(element: HTMLElement) {
    const result = await Promise.resolve()
      .then(() => flowFor(element).open())
      .catch(
        (cause: unknown): CancelFlowResult => ({
          outcome: 'error',
          error: cause instanceof WindbackError ? cause : new WindbackError('RENDER_ERROR', String(cause), { cause }),
        }),
      )
    const proceed = element.dispatchEvent(
      new CustomEvent(`windback:${result.outcome}`, { bubbles: true, cancelable: true, detail: result }),
    )
    if (!proceed || (result.outcome !== 'cancelled' && result.outcome !== 'error')) return
    continueOriginalAction(element)
  }

  function continueOriginalAction(element: HTMLElement) {
    if (element.isConnected) {
      replaying.add(element)
      element.click()
      return
    }
    // The page re-rendered the element away; a link can still be followed.
    const href = element instanceof HTMLAnchorElement ? element.href : undefined
    if (href) doc.defaultView?.location.assign(href)
  }

  doc.addEventListener('click', onClick, true)
  for (const type of INTENT_EVENTS) doc.addEventListener(type, onIntent, { capture: true, passive: true })
  return () => {
    doc.removeEventListener('click', onClick, true)
    for (const type of INTENT_EVENTS) doc.removeEventListener(type, onIntent, true)
    for (const flow of flows.values()) flow.destroy()
  }
}
