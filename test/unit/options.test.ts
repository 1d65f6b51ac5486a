// Every option a developer can get wrong names its field and the rule, before anything is sent.
import { describe, expect, it, vi } from 'vitest'
import { normalizeCancelFlowOptions } from '../../src/cancel-flow/options.js'
import type { CancelFlowOptions } from '../../src/cancel-flow/types.js'
import { normalizeTrackerOptions } from '../../src/tracker/options.js'
import type { TrackerOptions } from '../../src/tracker/types.js'

const valid: CancelFlowOptions = { publicKey: 'pub_test', customer: { email: 'jane@example.com' } }
const problems = (options: unknown) => {
  try {
    normalizeCancelFlowOptions(options as CancelFlowOptions)
    return 'accepted'
  } catch (error) {
    return (error as { code: string; details?: unknown }).details ?? (error as { code: string }).code
  }
}

describe('cancel-flow options', () => {
  it.each([
    ['null', null],
    ['a string', 'pub_test'],
  ])('%s is refused as a whole', (_name, options) => {
    expect(() => normalizeCancelFlowOptions(options as unknown as CancelFlowOptions)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', message: 'Options must be an object with publicKey and customer' }),
    )
  })

  const EMAIL = [{ field: 'customer.email', message: 'must be an e-mail address' }]
  it.each([
    ['jane@example.com', 'accepted'],
    ['j@a.co.uk', 'accepted'],
    [`${'a'.repeat(242)}@example.com`, 'accepted'],
    [`${'a'.repeat(243)}@example.com`, EMAIL],
    ['jane@example', EMAIL],
    ['jane@@example.com', EMAIL],
    ['jane example@example.com', EMAIL],
    ['@example.com', EMAIL],
    ['jane@.com', EMAIL],
    ['jane@example.', EMAIL],
    ['jane@example.com.', EMAIL],
    ['jane@example.com and more', EMAIL],
    [42, EMAIL],
  ])('customer.email %j → %j', (email, expected) => {
    expect(problems({ ...valid, customer: { email } })).toEqual(expected)
  })

  it('without a customer, the e-mail is what is missing', () => {
    expect(problems({ publicKey: 'pub_test' })).toEqual(EMAIL)
    expect(problems({ publicKey: 'pub_test', customer: null })).toEqual(EMAIL)
    // A function carrying an e-mail is not a customer object.
    expect(problems({ publicKey: 'pub_test', customer: Object.assign(() => undefined, { email: 'jane@example.com' }) })).toEqual(EMAIL)
  })

  it('refuses a key that is only the pub_ prefix', () => {
    expect(problems({ ...valid, publicKey: 'pub_' })).toBe('INVALID_KEY')
    expect(problems({ ...valid, publicKey: 'pub_x' })).toBe('accepted')
  })

  it('where there is no DOM at all, a container is refused as an option, not thrown as a TypeError', () => {
    vi.stubGlobal('HTMLElement', undefined)
    try {
      expect(problems({ ...valid, container: {} })).toEqual([{ field: 'container', message: 'must be an HTMLElement' }])
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it.each([
    [{ name: 'a'.repeat(200), plan_name: 'Growth', mrr: 0, tenure_days: 12.5 }, 'accepted'],
    [{ name: 'a'.repeat(201) }, [{ field: 'customer.name', message: 'must be text of at most 200 characters' }]],
    [{ name: ['Jane'] }, [{ field: 'customer.name', message: 'must be text of at most 200 characters' }]],
    [{ plan_name: 7 }, [{ field: 'customer.plan_name', message: 'must be text of at most 200 characters' }]],
    [{ mrr: -1 }, [{ field: 'customer.mrr', message: 'must be a number ≥ 0' }]],
    [{ mrr: '10' }, [{ field: 'customer.mrr', message: 'must be a number ≥ 0' }]],
    [{ tenure_days: Number.POSITIVE_INFINITY }, [{ field: 'customer.tenure_days', message: 'must be a number ≥ 0' }]],
    [{ tenure_days: Number.NaN }, [{ field: 'customer.tenure_days', message: 'must be a number ≥ 0' }]],
  ])('customer fields %j → %j', (fields, expected) => {
    expect(problems({ ...valid, customer: { email: 'jane@example.com', ...fields } })).toEqual(expected)
  })

  const API_BASE = [{ field: 'apiBase', message: 'must be an http(s) URL or a path' }]
  it.each([
    ['https://api.example.com/v1', 'accepted'],
    ['http://localhost:3000/api/v1', 'accepted'],
    ['/api/v1', 'accepted'],
    ['api/v1', API_BASE],
    [['/api/v1'], API_BASE],
    ['ftp://example.com', API_BASE],
    ['javascript:alert(1)//https://x', API_BASE],
    [12, API_BASE],
  ])('apiBase %j → %j', (apiBase, expected) => {
    expect(problems({ ...valid, apiBase })).toEqual(expected)
  })

  it.each([
    [{ theme: null }, [{ field: 'theme', message: 'must be an object' }]],
    [{ theme: 'dark' }, [{ field: 'theme', message: 'must be an object' }]],
    [{ theme: { primary_color: 'red' } }, [{ field: 'theme.primary_color', message: 'must be a hex colour like #4f46e5' }]],
    [{ theme: { mode: 'dim' } }, [{ field: 'theme.mode', message: 'must be light, dark or auto' }]],
    [{ theme: { radius_px: 41 } }, [{ field: 'theme.radius_px', message: 'must be a number from 0 to 40' }]],
    [{ theme: { font_family: 'x; color: red' } }, [{ field: 'theme.font_family', message: 'must be a plain font-family list' }]],
    [{ theme: { logo_url: 'javascript:alert(1)' } }, [{ field: 'theme.logo_url', message: 'must be an https: URL or a same-origin path' }]],
    [{ container: {} }, [{ field: 'container', message: 'must be an HTMLElement' }]],
    [{ container: document.createElement('div') }, 'accepted'],
    [{ onEvent: 'log' }, [{ field: 'onEvent', message: 'must be a function' }]],
    [{ onEvent: () => undefined }, 'accepted'],
    [{ locale: 'french!' }, [{ field: 'locale', message: 'must be a BCP 47 tag like "fr" or "pt-BR"' }]],
  ])('%j → %j', (fields, expected) => {
    expect(problems({ ...valid, ...fields })).toEqual(expected)
  })

  it('reports every problem at once, in one INVALID_OPTIONS error', () => {
    expect(() => normalizeCancelFlowOptions({ publicKey: 'pub_test', customer: { email: 'x' }, apiBase: 'x', onEvent: 1 } as unknown as CancelFlowOptions)).toThrow(
      expect.objectContaining({
        name: 'WindbackError',
        code: 'INVALID_OPTIONS',
        message: expect.stringContaining('Invalid cancel-flow options'),
        details: [
          { field: 'customer.email', message: 'must be an e-mail address' },
          { field: 'apiBase', message: 'must be an http(s) URL or a path' },
          { field: 'onEvent', message: 'must be a function' },
        ],
      }),
    )
  })

  it('keeps what is known and set: the customer fields, a resolved API base, theme fields with values', () => {
    const container = document.createElement('div')
    const onEvent = () => undefined
    expect(
      normalizeCancelFlowOptions({
        publicKey: 'pub_test',
        customer: { email: 'jane@example.com', name: 'Jane', plan_name: 'Growth', mrr: 4900, tenure_days: 400, extra: 1 } as CancelFlowOptions['customer'],
        apiBase: 'https://api.example.com/v1/',
        locale: 'fr',
        theme: { primary_color: '#112233', mode: undefined, unknown_field: 'x' } as CancelFlowOptions['theme'],
        container,
        onEvent,
      }),
    ).toStrictEqual({
      publicKey: 'pub_test',
      customer: { email: 'jane@example.com', name: 'Jane', plan_name: 'Growth', mrr: 4900, tenure_days: 400 },
      apiBase: 'https://api.example.com/v1',
      locale: 'fr',
      theme: { primary_color: '#112233' },
      container,
      onEvent,
    })
  })
})

describe('tracker options', () => {
  const trackerProblems = (options: unknown) => {
    try {
      return normalizeTrackerOptions(options as TrackerOptions)
    } catch (error) {
      return (error as { details?: unknown }).details ?? (error as { code: string; message: string })
    }
  }

  it.each([null, 'endpoint'])('%j is refused as a whole', (options) => {
    expect(trackerProblems(options)).toEqual(expect.objectContaining({ code: 'INVALID_OPTIONS', message: 'createTracker needs { endpoint }' }))
  })

  it('defaults: 20 events a batch, every 5 s, up to 1,000 queued, same-origin credentials', () => {
    expect(normalizeTrackerOptions({ endpoint: '/track' })).toEqual({
      endpoint: '/track',
      customerEmail: undefined,
      flushAt: 20,
      flushIntervalMs: 5000,
      maxQueue: 1000,
      credentials: 'same-origin',
    })
  })

  it('rounds counts down and caps a batch at 100 events', () => {
    expect(normalizeTrackerOptions({ endpoint: '/track', flushAt: 500, flushIntervalMs: 1.9, maxQueue: 10.5, credentials: 'include' })).toMatchObject({
      flushAt: 100,
      flushIntervalMs: 1,
      maxQueue: 10,
      credentials: 'include',
    })
  })

  it.each([
    [{ endpoint: '' }, [{ field: 'endpoint', message: 'must be the URL of your backend route' }]],
    [{}, [{ field: 'endpoint', message: 'must be the URL of your backend route' }]],
    [{ endpoint: 5 }, [{ field: 'endpoint', message: 'must be the URL of your backend route' }]],
    [{ endpoint: '/t', customerEmail: 5 }, [{ field: 'customerEmail', message: 'must be an e-mail address' }]],
    [{ endpoint: '/t', customerEmail: 'a@b' }, [{ field: 'customerEmail', message: 'must be an e-mail address' }]],
    [{ endpoint: '/t', customerEmail: 'x@y.co\r\nBcc: all@example.com' }, [{ field: 'customerEmail', message: 'must be an e-mail address' }]],
    [{ endpoint: '/t', credentials: 'always' }, [{ field: 'credentials', message: 'must be omit, same-origin or include' }]],
    [{ endpoint: '/t', flushAt: 0 }, [{ field: 'flushAt', message: 'must be a number ≥ 1' }]],
    [{ endpoint: '/t', flushIntervalMs: Number.NaN }, [{ field: 'flushIntervalMs', message: 'must be a number ≥ 1' }]],
    [{ endpoint: '/t', maxQueue: 0.5 }, [{ field: 'maxQueue', message: 'must be a number ≥ 1' }]],
  ])('%j → %j', (options, expected) => {
    expect(trackerProblems(options)).toEqual(expected)
  })

  it('names every problem in one INVALID_OPTIONS error', () => {
    expect(() => normalizeTrackerOptions({ endpoint: '', flushAt: -1 } as TrackerOptions)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringContaining('Invalid tracker options'), details: expect.any(Array) }),
    )
  })
})
