// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { personalDataKinds } from '../../../src/server/personal-data.js'
import { createTrackProxy, type TrackProxyOptions } from '../../../src/server/index.js'
import { closeServers, listen, trackEvent as event } from '../../helpers/http.js'

const SECRET = 'sk_live_attack_test_key'
afterEach(async () => {
  vi.restoreAllMocks()
  await closeServers()
})

function proxy(options: Partial<TrackProxyOptions> = {}, reply: () => Response = () => Response.json({ status: 'ok' })) {
  const forwarded: Array<Record<string, unknown>> = []
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    forwarded.push(...JSON.parse(String(init?.body)).events)
    return reply()
  }) as unknown as typeof globalThis.fetch
  return { handle: createTrackProxy({ secretKey: SECRET, apiBase: 'https://api.test/api/v1', fetch, ...options }), forwarded }
}

/** Nesting too deep for JSON.stringify, written as text: a `properties` of `DEEP` becomes it. */
const DEEP = '(20,000 levels)'
const deepJson = `${'{"value":'.repeat(20_000)}{}${'}'.repeat(20_000)}`

const post = (events: unknown[], headers: Record<string, string> = {}) =>
  new Request('https://app.example/api/windback/track', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...headers },
    body: JSON.stringify({ events }).replace(JSON.stringify(DEEP), deepJson),
  })

describe('cross-site requests, with default options', () => {
  it('refuses a browser request another site made (403, nothing forwarded) and serves its own site', async () => {
    const { handle, forwarded } = proxy({ authorize: () => ({ customerEmail: 'victim@example.com' }) })
    const forged = await handle(post([event()], { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', cookie: 'session=victim' }))
    expect(forged.status).toBe(403)
    expect(await forged.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'Origin https://evil.example is not allowed' } })
    const olderBrowser = await handle(post([event()], { origin: 'https://evil.example' }))
    expect(olderBrowser.status).toBe(403)
    expect(forwarded).toEqual([])
    expect((await handle(post([event()], { origin: 'https://app.example', 'sec-fetch-site': 'same-origin' }))).status).toBe(200)
    expect((await handle(post([event()]))).status).toBe(200)
    expect(forwarded).toHaveLength(2)
  })

  it('refuses a cross-site preflight unless the origin is allowed', async () => {
    const preflight = (origin: string) =>
      new Request('https://app.example/track', { method: 'OPTIONS', headers: { origin, 'sec-fetch-site': 'cross-site', 'access-control-request-method': 'POST' } })
    expect((await proxy().handle(preflight('https://evil.example'))).status).toBe(403)
    expect((await proxy({ allowedOrigins: ['https://evil.example'] }).handle(preflight('https://evil.example'))).status).toBe(204)
  })
})

describe('the personal-data scan runs in linear time', () => {
  const adversarial: Array<[string, string]> = [
    ['a long local part and a domain without a dot', `${'a'.repeat(125_000)}@${'b'.repeat(125_000)}`],
    ['at signs everywhere', 'a@'.repeat(125_000)],
    ['dots after one at sign', `a@${'.b'.repeat(125_000)}`],
    ['digits with separators', '1 '.repeat(125_000)],
    ['digits with dashes and no card', '12-'.repeat(83_000)],
    ['one digit run', '7'.repeat(250_000)],
  ]
  it.each(adversarial)('a 250 KB string of %s is scanned in well under 100 ms', (_shape, text) => {
    personalDataKinds({ warmUp: text.slice(0, 1000) })
    const started = performance.now()
    personalDataKinds({ text, nested: { text } })
    expect(performance.now() - started).toBeLessThan(100)
  })

  it.each([
    ['me@example.com', ['email']],
    ['write to me@example.com today', ['email']],
    ['a@b.co', ['email']],
    ['@example.com', []],
    ['me@localhost', []],
    ['me@example.c', []],
    ['me @example.com', []],
    ['me@ example.com', []],
    ['me@.com', []],
    ['4242 4242 4242 4242', ['card']],
    ['4242-4242-4242-4242', ['card']],
    ['card 4111111111111111.', ['card']],
    ['4242 4242 4242 4243', []],
    ['ref4242424242424242', []],
    ['42424242424242424242424', []],
    ['order 1234567890123 then 4242424242424242', ['card']],
    ['+1 415 555 0100', []],
  ])('%s → %j', (text, kinds) => {
    expect(personalDataKinds({ text })).toEqual(kinds)
  })
})

describe('authorize fails closed', () => {
  const refusals: Array<[string, unknown]> = [
    ['customerEmail: undefined (no session)', { customerEmail: undefined }],
    ["customerEmail: ''", { customerEmail: '' }],
    ['customerEmail: 123', { customerEmail: 123 }],
    ['customerEmail: {"$ne":1}', { customerEmail: { $ne: 1 } }],
    ['customerEmail: "not an email"', { customerEmail: 'not an email' }],
    ['an e-mail with CRLF', { customerEmail: 'jane@example.com\r\nBcc: all@example.com' }],
    ['true', true],
    ['a string', 'jane@example.com'],
    ['1', 1],
    ['[]', []],
    ['undefined', undefined],
    ['a class instance', new (class Session { customerEmail = 'jane@example.com' })()],
  ]
  it.each(refusals)('%s is 401, nothing forwarded', async (_name, answer) => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { handle, forwarded } = proxy({ authorize: () => answer as never })
    const response = await handle(post([event()]))
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Not signed in' } })
    expect(forwarded).toEqual([])
  })

  it('tells the developer once per kind of wrong answer', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { handle } = proxy({ authorize: (request) => (request.headers.get('x-kind') === 'bool' ? (true as never) : { customerEmail: undefined }) })
    for (const kind of ['bool', 'bool', 'email', 'email']) await handle(post([event()], { 'x-kind': kind }))
    expect(logged.mock.calls.map((call) => String(call[0]))).toEqual([
      '[windback] track proxy: authorize returned a boolean; return null to refuse or { customerEmail } to accept',
      '[windback] track proxy: authorize returned a customerEmail that is not an e-mail address (no session?); the request was refused',
    ])
  })

  it('takes {} as "keep the events\' own e-mails" and a valid customerEmail as the customer', async () => {
    const open = proxy({ authorize: () => ({}) })
    expect((await open.handle(post([event()]))).status).toBe(200)
    expect(open.forwarded[0]?.customer_email).toBe('jane@example.com')
    const vouched = proxy({ authorize: async () => Object.assign(Object.create(null), { customerEmail: 'real@example.com' }) })
    expect((await vouched.handle(post([event()]))).status).toBe(200)
    expect(vouched.forwarded[0]?.customer_email).toBe('real@example.com')
  })
})

describe('the secret key cannot leave by a redirect', () => {
  it('never follows an upstream redirect: the second server receives nothing, the browser gets a retryable 502, logged once', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const elsewhere: string[] = []
    const { url: other } = await listen((request, response) => {
      elsewhere.push(String(request.headers['x-api-key']))
      response.end('{}')
    })
    for (const status of [301, 302, 307, 308]) {
      const { url: windback } = await listen((_request, response) => {
        response.writeHead(status, { Location: `${other}/api/v1/track` })
        response.end()
      })
      const handle = createTrackProxy({ secretKey: SECRET, apiBase: `${windback}/api/v1`, upstreamAttempts: 1 })
      const response = await handle(post([event()]))
      expect(response.status, String(status)).toBe(502)
      expect((await response.json()).error.code).toBe('UPSTREAM_ERROR')
    }
    expect(elsewhere).toEqual([])
    expect(logged.mock.calls).toHaveLength(4)
    for (const call of logged.mock.calls) expect(String(call[0])).toContain('a redirect')
  })
})

describe('deadlines and caps', () => {
  it('gives up on an upstream that never answers after its deadline, per attempt', async () => {
    const { url: hanging } = await listen(() => undefined)
    const handle = createTrackProxy({ secretKey: SECRET, apiBase: `${hanging}/api/v1`, upstreamAttempts: 2, upstreamTimeoutMs: 200 })
    const started = performance.now()
    const response = await handle(post([event()]))
    expect(response.status).toBe(502)
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it.each([
    ['a Retry-After of 30 days', { 'Retry-After': String(30 * 86_400) }],
    ['a Retry-After date next year', { 'Retry-After': new Date(Date.now() + 365 * 86_400_000).toUTCString() }],
    ['an X-RateLimit-Reset far away', { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 40 * 86_400) }],
  ])('relays %s as at most an hour', async (_name, headers) => {
    const { handle } = proxy({}, () => Response.json({ error: { code: 'RATE_LIMITED', message: 'slow down' } }, { status: 429, headers }))
    const response = await handle(post([event()]))
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('3600')
  })
})

describe('logs an attacker can write into', () => {
  it('escapes control characters and reordering marks in event names', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { handle } = proxy()
    await handle(post([event({ event: 'x\r\n[windback] forged line\u001b[31m\u202Eevil', properties: { contact: 'me@example.com' } })]))
    const line = String(warn.mock.calls[0]?.[0])
    expect(line).toContain('x\\u000d\\u000a[windback] forged line\\u001b[31m\\u202eevil')
    for (const raw of ['\r', '\n', '\u001b', '\u202e']) expect(line).not.toContain(raw)
  })

  it('redacts the key in every log line, the upstream error code included', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { handle } = proxy({}, () => Response.json({ error: { code: `E_${SECRET}`, message: `bad ${SECRET}` } }, { status: 401 }))
    expect((await handle(post([event()]))).status).toBe(502)
    const line = logged.mock.calls.flat().map(String).join(' ')
    expect(line).toContain('answered 401 E_[redacted] (bad [redacted])')
    expect(line).not.toContain(SECRET)
  })
})

describe('one bad event does not sink its batch', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['an address without a dot', { customer_email: 'a@b' }, 'events.1.customer_email'],
    ['an address with CRLF', { customer_email: 'x@y.co\r\nBcc: all@example.com' }, 'events.1.customer_email'],
    ['a date-only timestamp', { timestamp: '2026-11-22' }, 'events.1.timestamp'],
    ['properties 20,000 levels deep', { properties: DEEP }, 'events.1.properties'],
  ])('%s is refused alone; its neighbours are forwarded', async (_name, overrides, field) => {
    const { handle, forwarded } = proxy()
    const response = await handle(post([event({ message_id: 'a' }), event({ message_id: 'b', ...overrides }), event({ message_id: 'c' })]))
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.data.accepted).toBe(2)
    expect(body.data.rejected.map((detail: { field: string }) => detail.field)).toEqual([field])
    expect(forwarded.map((forwardedEvent) => forwardedEvent.message_id)).toEqual(['a', 'c'])
  })

  it('takes properties nested 32 levels deep, refuses 33, and says so', async () => {
    const nested = (levels: number) => {
      let value: Record<string, unknown> = {}
      for (let level = 1; level < levels; level += 1) value = { value }
      return value
    }
    const { handle, forwarded } = proxy()
    const response = await handle(post([event({ message_id: 'deep-32', properties: { value: nested(32) } }), event({ message_id: 'deep-33', properties: { value: nested(33) } })]))
    expect(await response.json()).toEqual({ data: { accepted: 1, rejected: [{ field: 'events.1.properties', message: 'must be nested at most 32 levels deep' }] } })
    expect(forwarded.map((forwardedEvent) => forwardedEvent.message_id)).toEqual(['deep-32'])
  })

  it('a key with a line break is refused at start, or (read per request) answered 500 and logged once, never a retried 502', async () => {
    expect(() => createTrackProxy({ secretKey: `${SECRET}\n` })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringContaining('trailing newline') }))
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { handle, forwarded } = proxy({ secretKey: () => `${SECRET}\r\n` })
    for (let round = 0; round < 2; round += 1) expect((await handle(post([event()]))).status).toBe(500)
    expect(forwarded).toEqual([])
    expect(logged).toHaveBeenCalledTimes(1)
    expect(String(logged.mock.calls[0]?.[0])).not.toContain(SECRET)
  })
})
