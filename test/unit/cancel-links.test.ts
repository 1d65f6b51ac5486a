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
  const flows: Array<{ options: CancelFlowOptions; preload: ReturnType<typeof vi.fn>; open: ReturnType<typeof vi.fn>; destroy: ReturnType<typeof vi.fn> }> = []
  const createFlow = vi.fn((options: CancelFlowOptions) => {
    const flow = { options, preload: vi.fn(async () => undefined), open: vi.fn(async () => result), close: vi.fn(), destroy: vi.fn() }
    flows.push(flow)
    return flow
  })
  unbind = bindCancelLinks(document, { publicKey: 'pub_test', apiBase: '/api/v1', createFlow })
  return { createFlow, flows }
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
    const { createFlow } = bind({ outcome: 'retained', reason: 'too_expensive', offer })
    const { button, pageOwnAction } = pageButton()
    const event = nextEvent(document, 'windback:retained')
    button.click()
    expect((await event).detail).toEqual({ outcome: 'retained', reason: 'too_expensive', offer })
    expect(createFlow).toHaveBeenCalledWith({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com', name: 'Jane', mrr: 4900 } })
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

  it('turns a flow that cannot be made (missing e-mail) into windback:error, and the page path still runs', async () => {
    const refused = new WindbackError('INVALID_OPTIONS', 'customer.email must be an e-mail address')
    unbind = bindCancelLinks(document, {
      publicKey: 'pub_test',
      createFlow: () => {
        throw refused
      },
    })
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

  it('preloads the flow on intent (pointer over, focus, touch), once per set of options, and opens that same flow on click', async () => {
    const { createFlow, flows } = bind({ outcome: 'dismissed' })
    const { button } = pageButton()
    button.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }))
    button.dispatchEvent(new FocusEvent('focusin', { bubbles: true }))
    expect(createFlow).toHaveBeenCalledTimes(1)
    expect(flows[0]!.preload).toHaveBeenCalledTimes(2)
    const event = nextEvent(button, 'windback:dismissed')
    button.click()
    await event
    expect(createFlow).toHaveBeenCalledTimes(1)
    expect(flows[0]!.open).toHaveBeenCalledTimes(1)

    // Other attributes, another flow: a customer's data never leaks into another's flow.
    button.dataset['customerEmail'] = 'sam@example.com'
    button.dispatchEvent(new Event('touchstart', { bubbles: true }))
    expect(flows.map((flow) => flow.options.customer.email)).toEqual(['jane@example.com', 'sam@example.com'])
    expect(flows[1]!.preload).toHaveBeenCalledTimes(1)
    document.body.append(Object.assign(document.createElement('p'), { textContent: 'not a cancel link' }))
    document.querySelector('p')!.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }))
    expect(createFlow).toHaveBeenCalledTimes(2)
  })

  it('ignores intent on a link whose attributes are refused, and destroys its flows when unbound', () => {
    const { flows } = bind({ outcome: 'dismissed' })
    const { button } = pageButton()
    button.dispatchEvent(new FocusEvent('focusin', { bubbles: true }))
    unbind?.()
    unbind = undefined
    expect(flows[0]!.destroy).toHaveBeenCalledTimes(1)
    button.dispatchEvent(new FocusEvent('focusin', { bubbles: true }))
    expect(flows).toHaveLength(1)
    const broken = bindCancelLinks(document, {
      publicKey: 'pub_test',
      createFlow: () => {
        throw new WindbackError('INVALID_OPTIONS', 'customer.email must be an e-mail address')
      },
    })
    expect(() => button.dispatchEvent(new FocusEvent('focusin', { bubbles: true }))).not.toThrow()
    broken()
  })
})
