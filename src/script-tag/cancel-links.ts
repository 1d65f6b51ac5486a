import { openCancelFlow } from '../cancel-flow/create-cancel-flow.js'
import type { CancelFlowOptions, CancelFlowResult, Customer } from '../cancel-flow/types.js'
import { WindbackError } from '../errors.js'

export const CANCEL_LINK_SELECTOR = '[data-windback-cancel]'

export interface CancelLinkSettings {
  publicKey: string
  apiBase?: string
  locale?: string
  /** Opens the flow; replaced in tests. */
  open?: (options: CancelFlowOptions) => Promise<CancelFlowResult>
}

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
 * Returns a function that removes the listener.
 */
export function bindCancelLinks(doc: Document, settings: CancelLinkSettings): () => void {
  const open = settings.open ?? openCancelFlow
  // Clicks we replay after the flow must reach the page untouched.
  const replaying = new WeakSet<Element>()
  let busy = false

  const onClick = (event: MouseEvent) => {
    const target = event.target instanceof Element ? event.target.closest<HTMLElement>(CANCEL_LINK_SELECTOR) : null
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
    const result = await open({
      publicKey: settings.publicKey,
      customer: customerFromElement(element),
      ...(settings.apiBase ? { apiBase: settings.apiBase } : {}),
      ...(element.dataset['locale'] || settings.locale ? { locale: element.dataset['locale'] || settings.locale } : {}),
    }).catch(
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
  return () => doc.removeEventListener('click', onClick, true)
}
