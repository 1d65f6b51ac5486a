import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CancelFlowOptions, CancelFlowResult } from '../../src/cancel-flow/types.js'
import { WindbackError } from '../../src/errors.js'
import { bindCancelLinks, customerFromElement } from '../../src/script-tag/cancel-links.js'

let unbind: (() => void) | undefined
afterEach(() => {
  unbind?.()
  document.body.innerHTML = ''
})

function bind(result: CancelFlowResult | Promise<CancelFlowResult>) {
  const open = vi.fn(async (_options: CancelFlowOptions) => result)
  unbind = bindCancelLinks(document, { publicKey: 'pub_test', apiBase: '/api/v1', open })
  return open
}

/** A button whose "original action" we can observe: a click handler of the page's own. */
function pageButton() {
  document.body.innerHTML = `<button data-windback-cancel data-customer-email="jane@example.com" data-customer-name="Jane"
    data-customer-mrr="4900" data-customer-tenure-days="oops">Cancel</button>`
  const button = document.querySelector('button')!
  const pageOwnAction = vi.fn()
  button.addEventListener('click', pageOwnAction)
  return { button, pageOwnAction }
}

const nextEvent = (target: EventTarget, type: string) =>
  new Promise<CustomEvent>((resolve) => target.addEventListener(type, (event) => resolve(event as CustomEvent), { once: true }))

describe('script-tag cancel links', () => {
  it('reads the customer from data attributes, keeping only numbers that parse', () => {
    const { button } = pageButton()
    expect(customerFromElement(button)).toEqual({ email: 'jane@example.com', name: 'Jane', mrr: 4900 })
  })

  it('opens the flow instead of the original action, and fires windback:retained only', async () => {
    const offer = { id: 'discount_30', type: 'discount' as const, title: '30% off' }
    const open = bind({ outcome: 'retained', reason: 'too_expensive', offer })
    const { button, pageOwnAction } = pageButton()
    const event = nextEvent(document, 'windback:retained')
    button.click()
    expect((await event).detail).toEqual({ outcome: 'retained', reason: 'too_expensive', offer })
    expect(open).toHaveBeenCalledWith({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com', name: 'Jane', mrr: 4900 } })
    expect(pageOwnAction).not.toHaveBeenCalled()
  })

  it('lets the original action proceed after cancelled', async () => {
    bind({ outcome: 'cancelled', reason: null })
    const { button, pageOwnAction } = pageButton()
    const event = nextEvent(button, 'windback:cancelled')
    button.click()
    await event
    await vi.waitFor(() => expect(pageOwnAction).toHaveBeenCalledTimes(1))
  })

  it('keeps the original action from running when a listener calls preventDefault()', async () => {
    bind({ outcome: 'cancelled', reason: null })
    const { button, pageOwnAction } = pageButton()
    const event = nextEvent(document, 'windback:cancelled')
    document.addEventListener('windback:cancelled', (e) => e.preventDefault(), { once: true })
    button.click()
    expect((await event).defaultPrevented).toBe(true)
    expect(pageOwnAction).not.toHaveBeenCalled()
  })

  it('turns a rejected open (missing e-mail) into windback:error, and the page path still runs', async () => {
    bind(Promise.reject(new WindbackError('INVALID_OPTIONS', 'customer.email must be an e-mail address')))
    const { button, pageOwnAction } = pageButton()
    const event = nextEvent(document, 'windback:error')
    button.click()
    expect((await event).detail.error).toMatchObject({ code: 'INVALID_OPTIONS' })
    await vi.waitFor(() => expect(pageOwnAction).toHaveBeenCalledTimes(1))
  })

  it('handles elements added after binding', async () => {
    bind({ outcome: 'dismissed' })
    const late = document.createElement('a')
    late.dataset['windbackCancel'] = ''
    late.dataset['customerEmail'] = 'late@example.com'
    late.innerHTML = '<span>Cancel</span>'
    document.body.append(late)
    const event = nextEvent(late, 'windback:dismissed')
    late.querySelector('span')!.click()
    expect((await event).detail).toEqual({ outcome: 'dismissed' })
  })
})
