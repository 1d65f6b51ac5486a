// @vitest-environment node
import { createServer } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { personalDataKinds } from '../../src/server/personal-data.js'
import { createTrackProxy, toNodeHandler, type TrackProxyOptions } from '../../src/server/index.js'

const SECRET = 'sk_live_0123456789abcdef'

const event = (overrides: Record<string, unknown> = {}) => ({
  event: 'feature_used',
  customer_email: 'jane@example.com',
  properties: { feature: 'exports' },
  timestamp: '2026-11-22T10:00:00.000Z',
  message_id: 'm-1',
  ...overrides,
})

function upstream(...replies: Array<number | Response | 'offline'>) {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch = vi.fn(async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init })
    const reply = replies.shift() ?? 200
    if (reply === 'offline') throw new TypeError('fetch failed')
    return typeof reply === 'number' ? Response.json(reply < 400 ? { status: 'ok' } : { error: { code: 'X', message: 'upstream says no' } }, { status: reply }) : reply
  }) as unknown as typeof globalThis.fetch
  return { fetch, calls }
}

function proxy(options: Partial<TrackProxyOptions> = {}, net = upstream()) {
  return { handle: createTrackProxy({ secretKey: SECRET, apiBase: 'https://api.test/api/v1', fetch: net.fetch, ...options }), ...net }
}

const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  new Request('https://app.example/api/windback/track', { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })

async function read(response: Response) {
  const text = await response.text()
  expect(text).not.toContain(SECRET)
  for (const [, value] of response.headers) expect(value).not.toContain(SECRET)
  return { status: response.status, body: JSON.parse(text) }
}

describe('createTrackProxy', () => {
  it('warns the server log once per kind of personal data in properties, and still forwards', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { handle, calls } = proxy()
    const events = [
      event({ properties: { reply: 'me@example.com' } }),
      event({ message_id: 'm-2', properties: { nested: { card: '4242 4242 4242 4242' } } }),
      event({ message_id: 'm-3', properties: { email: 'jane@example.com', order: '1234567890123' } }),
    ]
    expect((await handle(post({ events }))).status).toBe(200)
    expect(JSON.parse(String(calls[0]?.init.body)).events).toHaveLength(3)
    const messages = warn.mock.calls.map((call) => String(call[0]))
    expect(messages.filter((message) => message.includes('an e-mail address'))).toHaveLength(1)
    expect(messages.filter((message) => message.includes('a card number'))).toHaveLength(1)
    warn.mockRestore()
  })

  it('recognises e-mails and Luhn-valid card numbers, not order or phone numbers', () => {
    expect(personalDataKinds({ a: 'x@y.io', nested: { card: '4111-1111-1111-1111' } })).toEqual(['email', 'card'])
    expect(personalDataKinds({ order: '1234567890123', phone: '+1 415 555 0100' })).toEqual([])
  })

  it('forwards a valid batch with the secret key and answers accepted', async () => {
    const { handle, calls } = proxy()
    expect(await read(await handle(post({ events: [event(), event({ message_id: 'm-2' })] })))).toEqual({ status: 200, body: { data: { accepted: 2 } } })
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe('https://api.test/api/v1/track')
    expect(calls[0]?.init.headers).toMatchObject({ 'X-API-Key': SECRET })
    expect(JSON.parse(String(calls[0]?.init.body)).events).toHaveLength(2)
  })

  it('accepts text/plain, the CORS-simple form of sendBeacon and keepalive requests', async () => {
    const { handle } = proxy()
    const response = await handle(post({ events: [event()] }, { 'content-type': 'text/plain;charset=UTF-8' }))
    expect(response.status).toBe(200)
  })

  it('replaces every e-mail with the identity from authorize', async () => {
    const { handle, calls } = proxy({ authorize: async () => ({ customerEmail: 'real@example.com' }) })
    await handle(post({ events: [event({ customer_email: 'someone-else@example.com' }), event({ customer_email: undefined })] }))
    expect(JSON.parse(String(calls[0]?.init.body)).events.map((e: { customer_email: string }) => e.customer_email)).toEqual(['real@example.com', 'real@example.com'])
  })

  it('answers 401 when authorize returns null or throws', async () => {
    expect((await read(await proxy({ authorize: () => null }).handle(post({ events: [event()] })))).body.error.code).toBe('UNAUTHORIZED')
    const throwing = proxy({ authorize: () => { throw new Error('session store down') } })
    expect((await throwing.handle(post({ events: [event()] }))).status).toBe(401)
  })

  it('rejects invalid events with 400 and details per field', async () => {
    const { handle, calls } = proxy()
    const result = await read(await handle(post({ events: [event({ event: '' }), event({ timestamp: 'yesterday' }), event({ customer_email: undefined })] })))
    expect(result.status).toBe(400)
    expect(result.body.error.code).toBe('VALIDATION_ERROR')
    expect(result.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(['events.0.event', 'events.1.timestamp'])
    expect(calls).toHaveLength(0)
  })

  it('forwards properties as given, and refuses properties that are not an object', async () => {
    const { handle, calls } = proxy()
    const properties = { plan: 'pro', seats: 3, nested: { list: [1, 'two'] }, none: null }
    expect((await handle(post({ events: [event({ properties })] }))).status).toBe(200)
    expect(JSON.parse(String(calls[0]?.init.body)).events[0].properties).toEqual(properties)
    for (const bad of [['a'], 'plan', 3, null]) {
      const result = await read(await handle(post({ events: [event({ properties: bad })] })))
      expect(result.status, JSON.stringify(bad)).toBe(400)
      expect(result.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(['events.0.properties'])
    }
    expect(calls).toHaveLength(1)
  })

  it('rejects events with no e-mail when authorize gives none', async () => {
    const result = await read(await proxy().handle(post({ events: [event({ customer_email: undefined })] })))
    expect(result).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR', details: [{ field: 'events.0.customer_email' }] } } })
  })

  it('answers 400 for bad JSON, a wrong content type, or too many events', async () => {
    const { handle } = proxy({ maxEvents: 2 })
    expect((await handle(post('{"events": ['))).status).toBe(400)
    expect((await handle(post({ events: [event()] }, { 'content-type': 'application/x-www-form-urlencoded' }))).status).toBe(400)
    expect((await handle(post({ events: [event(), event(), event()] }))).status).toBe(400)
  })

  it('answers 413 for an oversize body and 405 for other methods', async () => {
    const { handle } = proxy({ maxBodyBytes: 100 })
    expect((await read(await handle(post({ events: [event()] })))).body.error.code).toBe('PAYLOAD_TOO_LARGE')
    const get = await handle(new Request('https://app.example/api/windback/track'))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
  })

  it('retries an upstream 5xx or network error, then answers 502 UPSTREAM_ERROR', async () => {
    const recovered = proxy({}, upstream(503, 'offline', 200))
    expect((await recovered.handle(post({ events: [event()] }))).status).toBe(200)
    expect(recovered.calls).toHaveLength(3)

    const down = proxy({}, upstream(500, 500, 500))
    expect(await read(await down.handle(post({ events: [event()] })))).toMatchObject({ status: 502, body: { error: { code: 'UPSTREAM_ERROR' } } })
  })

  it('passes an upstream 400 or 429 through with its code and a Retry-After of its own', async () => {
    const invalid = Response.json({ error: { code: 'VALIDATION_ERROR', message: 'bad event', details: [{ field: 'events.0.event', message: 'unknown' }] } }, { status: 400 })
    expect(await read(await proxy({}, upstream(invalid)).handle(post({ events: [event()] })))).toEqual({
      status: 400,
      body: { error: { code: 'VALIDATION_ERROR', message: 'bad event', details: [{ field: 'events.0.event', message: 'unknown' }] } },
    })
    const limited = Response.json({ error: { code: 'RATE_LIMITED', message: 'slow down' } }, { status: 429, headers: { 'Retry-After': '9', 'X-Upstream-Secret': SECRET } })
    const rateLimited = await proxy({}, upstream(limited)).handle(post({ events: [event()] }))
    expect(rateLimited.status).toBe(429)
    expect(rateLimited.headers.get('retry-after')).toBe('9')
    expect(rateLimited.headers.get('x-upstream-secret')).toBeNull()
  })

  it.each([401, 403])('answers an upstream %i (the server key is wrong) with a retryable 502, logged once without the key', async (status) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const refusal = () => Response.json({ error: { code: 'UNAUTHORIZED', message: `Key ${SECRET} was revoked` } }, { status })
    const { handle, calls } = proxy({}, upstream(refusal(), refusal()))
    for (let round = 0; round < 2; round += 1) {
      expect(await read(await handle(post({ events: [event()] })))).toMatchObject({ status: 502, body: { error: { code: 'UPSTREAM_ERROR' } } })
    }
    expect(calls).toHaveLength(2)
    expect(error).toHaveBeenCalledTimes(1)
    const logged = error.mock.calls.flat().map(String).join(' ')
    expect(logged).toContain(String(status))
    expect(logged).not.toContain(SECRET)
  })

  describe('never lets the secret key reach a browser', () => {
    const encoded = [...SECRET].map((char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('')
    const jsonEscaped = [...SECRET].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
    const echoes: Array<[string, () => Response]> = [
      ['message', () => Response.json({ error: { code: 'X', message: `key ${SECRET}` } }, { status: 422 })],
      ['details[].message', () => Response.json({ error: { code: 'X', message: 'no', details: [{ field: 'key', message: `got ${SECRET}` }] } }, { status: 400 })],
      ['a nested field', () => Response.json({ error: { code: 'X', message: 'no', details: [{ field: 'f', message: 'm', meta: { deep: [SECRET] } }] } }, { status: 400 })],
      ['a field name', () => Response.json({ error: { code: 'X', message: 'no', details: [{ field: 'f', message: 'm', [SECRET]: 1 }] } }, { status: 400 })],
      ['a header', () => new Response('{}', { status: 409, headers: { 'X-Echo': SECRET, 'Set-Cookie': `k=${SECRET}` } })],
      ['a text/plain body', () => new Response(`invalid key ${SECRET}`, { status: 400, headers: { 'Content-Type': 'text/plain' } })],
      ['a 5xx body', () => new Response(`invalid key ${SECRET}`, { status: 500 })],
      ['URL-encoded form', () => Response.json({ error: { code: 'X', message: `https://x.test/?key=${encoded}` } }, { status: 400 })],
      ['JSON-escaped form', () => new Response(`{"error":{"code":"X","message":"key ${jsonEscaped}"}}`, { status: 400, headers: { 'Content-Type': 'application/json' } })],
    ]
    it.each(echoes)('echoed in %s', async (_where, reply) => {
      const { handle } = proxy({ upstreamAttempts: 1 }, upstream(reply()))
      const response = await handle(post({ events: [event()] }))
      const text = await response.text()
      expect(text).not.toContain(SECRET)
      expect(text.toLowerCase()).not.toContain(encoded.toLowerCase())
      expect(decodeURIComponent(text)).not.toContain(SECRET)
      expect(JSON.stringify(JSON.parse(text))).not.toContain(SECRET)
      for (const [, value] of response.headers) expect(decodeURIComponent(value)).not.toContain(SECRET)
    })
  })

  it('takes the key from a function per request: without one it answers 500 and logs once', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    let key: string | undefined = undefined
    const { handle, calls } = proxy({ secretKey: () => key })
    expect((await handle(post({ events: [event()] }))).status).toBe(500)
    expect((await handle(post({ events: [event()] }))).status).toBe(500)
    expect(error).toHaveBeenCalledTimes(1)
    expect(calls).toHaveLength(0)
    key = SECRET
    expect((await handle(post({ events: [event()] }))).status).toBe(200)
    expect(calls[0]?.init.headers).toMatchObject({ 'X-API-Key': SECRET })
  })

  it('checks allowedOrigins and answers their preflight', async () => {
    const { handle } = proxy({ allowedOrigins: ['https://app.example.com'] })
    const foreign = await handle(post({ events: [event()] }, { 'content-type': 'text/plain', origin: 'https://evil.example' }))
    expect(foreign.status).toBe(403)
    const preflight = await handle(new Request('https://api.example/track', { method: 'OPTIONS', headers: { origin: 'https://app.example.com' } }))
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
  })

  it('refuses to start without an sk_ key', () => {
    expect(() => createTrackProxy({ secretKey: 'pub_123' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
  })
})

describe('toNodeHandler', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => close?.())

  it('serves the proxy from node:http with a streamed body', async () => {
    const { handle, calls } = proxy()
    const server = createServer(toNodeHandler(handle))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    close = () => new Promise((resolve) => server.close(() => resolve()))
    const { port } = server.address() as { port: number }
    const response = await fetch(`http://127.0.0.1:${port}/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [event()] }) })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ data: { accepted: 1 } })
    expect(calls).toHaveLength(1)
  })
})
