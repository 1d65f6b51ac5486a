import { configure, fireEvent, waitFor, within } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildCancelFlow, openCancelFlow } from '../../src/cancel-flow/create-cancel-flow.js'
import type { Outbox } from '../../src/cancel-flow/outbox.js'
import type { CancelFlowConfig, CancelFlowEvent, CancelFlowOptions } from '../../src/cancel-flow/types.js'
import ENGLISH from '../../src/ui/locales/en.js'
import { WindbackError } from '../../src/errors.js'

// The first open imports the modal's code; on a loaded two-core machine that alone can pass the
// default second that findBy* waits.
configure({ asyncUtilTimeout: 5000 })

const config: CancelFlowConfig = {
  title: 'Before you go…',
  reasons: [
    { id: 'too_expensive', label: "It's too expensive", offer_ids: ['discount_30'], stripe_feedback: 'too_expensive' },
    { id: 'other', label: 'Something else' },
  ],
  offers: [{ id: 'discount_30', type: 'discount', title: '30% off for 3 months', cta: 'Apply discount', percent_off: 30, duration_months: 3 }],
  theme: { primary_color: '#0f766e' },
  copy: {},
}

const customer = { email: 'jane@example.com', name: 'Jane Smith' }

function configFetch(reply: () => Response | Promise<Response> = () => Response.json({ data: config })) {
  return vi.fn(async () => reply()) as unknown as typeof fetch
}

function setup(
  overrides: Partial<CancelFlowOptions> = {},
  deps: { fetch?: typeof fetch; loadModal?: () => Promise<never>; outboxFailures?: number } = {},
) {
  const enqueued: Parameters<Outbox['enqueue']>[0][] = []
  const fake: Outbox = { enqueue: async (entry) => void enqueued.push(entry), resume: async () => undefined, size: () => enqueued.length, stop: () => undefined }
  let outboxFailures = deps.outboxFailures ?? 0
  const outbox = async () => {
    if (outboxFailures-- > 0) throw new TypeError('Failed to load the outbox')
    return fake
  }
  const events: CancelFlowEvent[] = []
  const fetch = deps.fetch ?? configFetch()
  const flow = buildCancelFlow(
    { publicKey: 'pub_test', customer, apiBase: 'https://api.test/api/v1', locale: 'en', onEvent: (event) => events.push(event), ...overrides },
    { fetch, loadModal: deps.loadModal ?? (() => import('../../src/modal.js')), outbox },
  )
  return { flow, enqueued, events, fetch }
}

/** The open modal, queried inside its shadow root as a customer sees it. */
async function modal() {
  const host = await waitFor(() => {
    const element = document.querySelector('windback-cancel-flow')
    if (!element?.shadowRoot?.querySelector('[part~=dialog]')) throw new Error('modal not open yet')
    return element
  })
  return within(host.shadowRoot as unknown as HTMLElement)
}

const part = (name: string) => document.querySelector('windback-cancel-flow')!.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)

afterEach(() => {
  document.body.innerHTML = ''
})

describe('cancel flow outcomes', () => {
  it('retained: the accepted offer resolves the promise and queues the exact submission', async () => {
    const { flow, enqueued, events } = setup()
    const result = flow.open()
    const ui = await modal()
    fireEvent.click(ui.getByRole('radio', { name: "It's too expensive" }))
    fireEvent.input(ui.getByRole('textbox'), { target: { value: 'budget is tight' } })
    fireEvent.click(ui.getByRole('button', { name: 'Continue' }))
    fireEvent.click(await ui.findByRole('button', { name: 'Apply discount' }))
    await expect(result).resolves.toEqual({ outcome: 'retained', reason: 'too_expensive', offer: config.offers[0], feedback: 'budget is tight' })
    expect(document.querySelector('windback-cancel-flow')).toBeNull()
    expect(enqueued).toHaveLength(1)
    const body = JSON.parse(enqueued[0]!.body)
    expect(body).toEqual({
      submission_id: enqueued[0]!.id,
      customer_email: 'jane@example.com',
      customer_name: 'Jane Smith',
      cancel_reason: 'too_expensive',
      stripe_feedback: 'too_expensive',
      feedback_text: 'budget is tight',
      selected_offer: 'discount_30',
      outcome: 'retained',
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(enqueued[0]).toMatchObject({ url: 'https://api.test/api/v1/cancel-flow/reasons', publicKey: 'pub_test' })
    expect(events.map((event) => event.type)).toEqual(['opened', 'step_viewed', 'reason_selected', 'step_viewed', 'offer_shown', 'offer_accepted'])
  })

  it('an outbox that failed to load on preload() is loaded again on open(), and the answer is queued', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { flow, enqueued } = setup({}, { outboxFailures: 1 })
    await flow.preload()
    const result = flow.open()
    const ui = await modal()
    fireEvent.click(ui.getByRole('button', { name: 'Continue' }))
    fireEvent.click(await ui.findByRole('button', { name: 'Cancel my subscription' }))
    await expect(result).resolves.toEqual({ outcome: 'cancelled', reason: null })
    expect(enqueued).toHaveLength(1)
    expect(logged).toHaveBeenCalledTimes(1)
  })

  it('cancelled: declining the offers reaches confirm, and confirming resolves cancelled', async () => {
    const { flow, enqueued } = setup()
    const result = flow.open()
    const ui = await modal()
    fireEvent.click(ui.getByRole('radio', { name: "It's too expensive" }))
    fireEvent.click(ui.getByRole('button', { name: 'Continue' }))
    fireEvent.click(await ui.findByRole('button', { name: 'No thanks, continue to cancel' }))
    fireEvent.click(await ui.findByRole('button', { name: 'Cancel my subscription' }))
    await expect(result).resolves.toEqual({ outcome: 'cancelled', reason: 'too_expensive' })
    expect(JSON.parse(enqueued[0]!.body)).toMatchObject({ outcome: 'cancelled', selected_offer: null, cancel_reason: 'too_expensive' })
  })

  it('cancelled without a reason: Continue goes straight to confirm and sends cancel_reason null', async () => {
    const { flow, enqueued } = setup()
    const result = flow.open()
    const ui = await modal()
    fireEvent.click(ui.getByRole('button', { name: 'Continue' }))
    fireEvent.click(await ui.findByRole('button', { name: 'Cancel my subscription' }))
    await expect(result).resolves.toEqual({ outcome: 'cancelled', reason: null })
    const body = JSON.parse(enqueued[0]!.body)
    expect(body).toMatchObject({ cancel_reason: null, selected_offer: null, outcome: 'cancelled' })
    expect(body).not.toHaveProperty('stripe_feedback')
  })

  it.each([
    ['the close button', () => fireEvent.click(part('close')[0]!)],
    ['Escape', () => fireEvent.keyDown(part('dialog')[0]!, { key: 'Escape' })],
    ['"Keep my subscription"', () => {
      fireEvent.click(part('continue-cancel')[0]!)
      fireEvent.click(part('keep')[0]!)
    }],
  ])('dismissed by %s: nothing is submitted', async (_name, act) => {
    const { flow, enqueued } = setup()
    const result = flow.open()
    await modal()
    act()
    await expect(result).resolves.toEqual({ outcome: 'dismissed' })
    expect(enqueued).toHaveLength(0)
    expect(document.querySelector('windback-cancel-flow')).toBeNull()
  })

  it('open() after destroy() rejects FLOW_DESTROYED instead of an outcome that would cancel', async () => {
    const { flow, fetch } = setup()
    flow.destroy()
    await expect(flow.open()).rejects.toMatchObject({ name: 'WindbackError', code: 'FLOW_DESTROYED' })
    expect(fetch).not.toHaveBeenCalled()
    expect(document.querySelector('windback-cancel-flow')).toBeNull()
  })

  it('dismissed by close(), and destroy() settles a flow still loading', async () => {
    const first = setup()
    const opened = first.flow.open()
    await modal()
    first.flow.close()
    await expect(opened).resolves.toEqual({ outcome: 'dismissed' })

    const never = setup({}, { fetch: configFetch(() => new Promise<Response>(() => undefined)) })
    const loading = never.flow.open()
    never.flow.destroy()
    await expect(loading).resolves.toEqual({ outcome: 'dismissed' })
    expect(document.querySelector('windback-cancel-flow')).toBeNull()
  })

  it('error: a modal chunk that fails to load resolves outcome error with RENDER_ERROR', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { flow, events } = setup({}, { loadModal: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')) })
    const result = await flow.open()
    expect(result.outcome).toBe('error')
    expect(result.outcome === 'error' && result.error).toBeInstanceOf(WindbackError)
    expect(result.outcome === 'error' && result.error.code).toBe('RENDER_ERROR')
    expect(events.map((event) => event.type)).toEqual(['error'])
    expect(logged).toHaveBeenCalledTimes(1)
  })

  it('error: preload() and open() settle even when preparing the modal throws before rendering, and the next open() prepares again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    let failures = 0
    const modalCode = async () => {
      const ui = await import('../../src/modal.js')
      return { ...ui, prepareFlow: (...args: Parameters<typeof ui.prepareFlow>) => (failures-- > 0 ? Promise.reject(new Error('strings failed')) : ui.prepareFlow(...args)) }
    }
    const { flow } = setup({}, { loadModal: modalCode as () => Promise<never> })
    failures = 2
    await expect(flow.preload()).resolves.toBeUndefined()
    const result = await flow.open()
    expect(result.outcome === 'error' && result.error.code).toBe('RENDER_ERROR')
    expect(document.querySelector('windback-cancel-flow')).toBeNull()
    const second = flow.open()
    await modal()
    flow.close()
    await expect(second).resolves.toEqual({ outcome: 'dismissed' })
  })

  it('open() while open returns the same pending promise and shows one modal', async () => {
    const { flow } = setup()
    const first = flow.open()
    await modal()
    expect(flow.open()).toBe(first)
    expect(document.querySelectorAll('windback-cancel-flow')).toHaveLength(1)
    flow.close()
    await first
  })
})

describe('when the config cannot be used', () => {
  it.each([
    ['a 500', () => Response.json({ error: { code: 'INTERNAL_ERROR', message: 'boom' } }, { status: 500 }), 'INTERNAL_ERROR'],
    ['malformed JSON', () => new Response('{"data": {"tit', { status: 200 }), 'INVALID_CONFIG'],
    ['a schema mismatch', () => Response.json({ data: { title: 'x', reasons: [] } }), 'INVALID_CONFIG'],
    ['a network error', () => Promise.reject(new TypeError('Failed to fetch')), 'NETWORK_ERROR'],
  ])('after %s it opens with the default reasons, no offers, and the customer can still cancel', async (_name, reply, code) => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { flow, events } = setup({}, { fetch: configFetch(reply) })
    const result = flow.open()
    const ui = await modal()
    const labels = ui.getAllByRole('radio').map((radio) => radio.closest('label')!.textContent)
    expect(labels).toEqual(Object.values(ENGLISH.fallback.reasons))
    fireEvent.click(ui.getByRole('radio', { name: ENGLISH.fallback.reasons.too_expensive }))
    fireEvent.click(ui.getByRole('button', { name: 'Continue' }))
    fireEvent.click(await ui.findByRole('button', { name: 'Cancel my subscription' }))
    await expect(result).resolves.toEqual({ outcome: 'cancelled', reason: 'too_expensive' })
    expect(events[0]).toMatchObject({ type: 'error', fallback: true, error: { code } })
    expect(warned).toHaveBeenCalledTimes(1)
  })

  it('fetches again on the next open instead of caching the failure', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    let calls = 0
    const fetch = configFetch(() => (++calls === 1 ? new Response('nope', { status: 503 }) : Response.json({ data: config })))
    const { flow } = setup({}, { fetch })
    const first = flow.open()
    await modal()
    flow.close()
    await first
    const second = flow.open()
    const ui = await modal()
    expect(ui.getByRole('radio', { name: "It's too expensive" })).toBeTruthy()
    flow.close()
    await second
    expect(calls).toBe(2)
  })
})

describe('options', () => {
  it.each(['sk_live_abc123', 'pk_live_abc', '', undefined])('refuses the key %j before any request', async (publicKey) => {
    const fetch = configFetch()
    const options = { publicKey, customer } as unknown as CancelFlowOptions
    expect(() => buildCancelFlow(options, { fetch, loadModal: () => import('../../src/modal.js'), outbox: async () => ({}) as Outbox })).toThrow(
      expect.objectContaining({ code: 'INVALID_KEY', message: expect.stringContaining('secret key (sk_)') }),
    )
    expect(fetch).not.toHaveBeenCalled()
    // openCancelFlow uses the page's fetch.
    const pageFetch = vi.spyOn(globalThis, 'fetch')
    await expect(openCancelFlow(options)).rejects.toMatchObject({ name: 'WindbackError', code: 'INVALID_KEY' })
    expect(pageFetch).not.toHaveBeenCalled()
  })

  it('rejects a missing or malformed customer email with INVALID_OPTIONS and the field', async () => {
    await expect(openCancelFlow({ publicKey: 'pub_x', customer: { email: 'not-an-email' } })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      details: [{ field: 'customer.email', message: expect.any(String) }],
    })
    await expect(openCancelFlow({ publicKey: 'pub_x' } as CancelFlowOptions)).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
  })

  it('rejects a locale that is not a BCP 47 tag, naming the field and the rule', async () => {
    await expect(openCancelFlow({ publicKey: 'pub_x', customer, locale: 'french!' })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      details: [{ field: 'locale', message: 'must be a BCP 47 tag like "fr" or "pt-BR"' }],
    })
  })

  it('a throwing onEvent is logged and the flow goes on', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { flow } = setup({ onEvent: () => { throw new Error('analytics down') } })
    const result = flow.open()
    await modal()
    flow.close()
    await expect(result).resolves.toEqual({ outcome: 'dismissed' })
    expect(logged).toHaveBeenCalled()
  })
})
