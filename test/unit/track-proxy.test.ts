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

/** An error envelope as the proxy answers it. */
const error = (code: string, message: string, details?: unknown[]) => ({ error: { code, message, ...(details ? { details } : {}) } })

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

  it('answers 401 when authorize returns null, and a logged 500 when it throws (so browsers keep their events)', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    expect((await read(await proxy({ authorize: () => null }).handle(post({ events: [event()] })))).body.error.code).toBe('UNAUTHORIZED')
    const throwing = proxy({ authorize: () => { throw new Error('session store down') } })
    for (let round = 0; round < 2; round += 1) {
      expect(await read(await throwing.handle(post({ events: [event()] })))).toEqual({ status: 500, body: error('INTERNAL_ERROR', 'Could not check who is signed in') })
    }
    expect(throwing.calls).toHaveLength(0)
    expect(logged.mock.calls.map((call) => String(call[0]))).toEqual([
      '[windback] track proxy: authorize threw (Error: session store down); answered 500, so browsers keep their events and retry',
    ])
  })

  it('rejects a batch with no valid event with 400 and details per field of every event', async () => {
    const { handle, calls } = proxy()
    const result = await read(await handle(post({ events: [event({ event: '' }), event({ timestamp: 'yesterday' }), event({ customer_email: undefined })] })))
    expect(result.status).toBe(400)
    expect(result.body.error.code).toBe('VALIDATION_ERROR')
    expect(result.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(['events.0.event', 'events.1.timestamp', 'events.2.customer_email'])
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

describe('what the proxy answers, word for word', () => {
  it.each([
    ['an empty event name', [event({ event: '' })], [{ field: 'events.0.event', message: 'must not be empty' }]],
    ['a long event name', [event({ event: 'e'.repeat(201) })], [{ field: 'events.0.event', message: 'must be at most 200 characters' }]],
    ['a malformed e-mail', [event({ customer_email: 'jane' })], [{ field: 'events.0.customer_email', message: 'must be an e-mail address' }]],
    ['a date without a time zone', [event({ timestamp: '2026-11-22T10:00:00' })], [{ field: 'events.0.timestamp', message: 'must be an ISO 8601 date-time' }]],
  ])('400 for %s, naming the field and the rule', async (_name, events, details) => {
    const { handle, calls } = proxy()
    expect(await read(await handle(post({ events })))).toEqual({ status: 400, body: error('VALIDATION_ERROR', 'Invalid events', details) })
    expect(calls).toHaveLength(0)
  })

  it('accepts a timestamp with an offset', async () => {
    const { handle } = proxy()
    expect((await handle(post({ events: [event({ timestamp: '2026-11-22T10:00:00+01:00' })] }))).status).toBe(200)
  })

  it('400 for a body that is not JSON or not sent as JSON or text', async () => {
    const { handle } = proxy()
    expect(await read(await handle(post('{"events": [')))).toEqual({
      status: 400,
      body: error('VALIDATION_ERROR', 'The body is not valid JSON', [{ field: '(body)', message: 'must be JSON' }]),
    })
    expect(await read(await handle(post({ events: [event()] }, { 'content-type': 'application/xml' })))).toEqual({
      status: 400,
      body: error('VALIDATION_ERROR', 'Send the events as application/json (or text/plain)', [{ field: '(content-type)', message: 'must be application/json or text/plain' }]),
    })
    expect((await handle(post({ events: [event()] }, { 'content-type': 'Application/JSON; charset=utf-8' }))).status).toBe(200)
  })

  it('413 past the body limit, whether the length is declared or only streamed; exactly the limit is read', async () => {
    const { handle } = proxy({ maxBodyBytes: 300 })
    const body = JSON.stringify({ events: [event()] })
    const padded = (size: number) => body.replace('"feature_used"', `"${'f'.repeat(size - body.length + 12)}"`)
    const streamed = (text: string) =>
      new Request('https://app.example/api/windback/track', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({ start: (controller) => (controller.enqueue(new TextEncoder().encode(text)), controller.close()) }),
        duplex: 'half',
      } as RequestInit)
    const tooLarge = { status: 413, body: error('PAYLOAD_TOO_LARGE', 'The body is larger than 300 bytes') }
    expect(await read(await handle(post(padded(301), { 'content-type': 'application/json', 'content-length': '301' })))).toEqual(tooLarge)
    expect(await read(await handle(streamed(padded(301))))).toEqual(tooLarge)
    expect((await handle(streamed(padded(300)))).status).not.toBe(413)
    expect((await handle(post(padded(300), { 'content-type': 'application/json', 'content-length': '300' }))).status).not.toBe(413)
  })

  it('405 with Allow for other methods; 401 when authorize refuses; 400 for events without an e-mail', async () => {
    const { handle } = proxy({ authorize: () => null })
    const get = await handle(new Request('https://app.example/api/windback/track'))
    expect(get.headers.get('allow')).toBe('POST')
    expect(get.headers.get('cache-control')).toBe('no-store')
    expect(await read(get)).toEqual({ status: 405, body: error('METHOD_NOT_ALLOWED', 'Use POST') })
    expect(await read(await handle(post({ events: [event()] })))).toEqual({ status: 401, body: error('UNAUTHORIZED', 'Not signed in') })
    const anonymous = proxy({ authorize: () => ({}) })
    expect(await read(await anonymous.handle(post({ events: [event({ customer_email: undefined })] })))).toEqual({
      status: 400,
      body: error('VALIDATION_ERROR', 'Events without a customer e-mail', [{ field: 'events.0.customer_email', message: 'is required (and authorize gave none)' }]),
    })
    expect(await read(await anonymous.handle(post({ events: [event(), event({ customer_email: undefined })] })))).toEqual({
      status: 200,
      body: { data: { accepted: 1, rejected: [{ field: 'events.1.customer_email', message: 'is required (and authorize gave none)' }] } },
    })
    expect(anonymous.calls.map((call) => JSON.parse(String(call.init.body)).events.length)).toEqual([1])
  })

  it('forwards one POST per attempt with the key as JSON, and waits between attempts but not after the last', async () => {
    vi.useFakeTimers()
    try {
      const { handle, calls } = proxy({ upstreamAttempts: 2 }, upstream(503, 503))
      const answer = handle(post({ events: [event()] }))
      await vi.advanceTimersByTimeAsync(0)
      expect(calls).toHaveLength(1)
      expect(calls[0]).toEqual({
        url: 'https://api.test/api/v1/track',
        init: {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-API-Key': SECRET },
          body: JSON.stringify({ events: [event()] }),
          redirect: 'manual',
          signal: expect.any(AbortSignal),
        },
      })
      let answered = false
      void answer.then(() => (answered = true))
      await vi.advanceTimersToNextTimerAsync()
      expect(calls).toHaveLength(2)
      // No wait after the last attempt: the answer comes without any more time passing.
      await vi.advanceTimersByTimeAsync(0)
      expect([answered, vi.getTimerCount()]).toEqual([true, 0])
      expect(await read(await answer)).toEqual({ status: 502, body: error('UPSTREAM_ERROR', 'Windback could not be reached; try again later') })
    } finally {
      vi.useRealTimers()
    }
  })

  it('relays a 429 with a Retry-After of its own, and nothing for other refusals', async () => {
    const limited = Response.json(error('RATE_LIMITED', 'slow down'), { status: 429, headers: { 'Retry-After': '3' } })
    const { handle } = proxy({}, upstream(limited, 422))
    const first = await handle(post({ events: [event()] }))
    expect(first.headers.get('retry-after')).toBe('3')
    const second = await handle(post({ events: [event()] }))
    expect(second.headers.get('retry-after')).toBeNull()
    expect(await read(second)).toEqual({ status: 422, body: error('X', 'upstream says no') })
  })

  it('an sk_ key of at least one character after the prefix is a key; "sk_" alone is not', () => {
    expect(() => createTrackProxy({ secretKey: 'sk_' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', message: 'createTrackProxy needs secretKey: your sk_ key, from the server environment' }),
    )
    expect(() => createTrackProxy({ secretKey: 'sk_1' })).not.toThrow()
    expect(() => createTrackProxy(undefined as unknown as TrackProxyOptions)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
  })

  it('answers a preflight only for an allowed origin, and refuses other origins but never its own', async () => {
    const { handle } = proxy({ allowedOrigins: ['https://app.example.com'] })
    const preflight = (origin: string) =>
      handle(new Request('https://api.example/track', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } }))
    const allowed = await preflight('https://app.example.com')
    expect(allowed.status).toBe(204)
    expect(Object.fromEntries(allowed.headers)).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'Content-Type',
      'access-control-max-age': '600',
      vary: 'Origin',
    })
    expect(await read(await preflight('https://evil.example'))).toEqual({ status: 403, body: error('FORBIDDEN', 'Origin https://evil.example is not allowed') })
    const sameOrigin = await handle(new Request('https://api.example/track', { method: 'POST', headers: { origin: 'https://api.example', 'content-type': 'application/json' }, body: JSON.stringify({ events: [event()] }) }))
    expect(sameOrigin.status).toBe(200)
    expect(sameOrigin.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('what the proxy says at its edges', () => {
  it('says nothing about personal data for events without properties, and names the kind it found', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { handle } = proxy()
    expect((await handle(post({ events: [event({ properties: undefined })] }))).status).toBe(200)
    expect(warn).not.toHaveBeenCalled()
    await handle(post({ events: [event({ event: 'signup', properties: { contact: 'me@example.com' } })] }))
    await handle(post({ events: [event({ event: 'paid', properties: { pan: '4242 4242 4242 4242' } })] }))
    expect(warn.mock.calls.map((call) => call[0])).toEqual([
      '[windback] track proxy: event "signup" has a property that looks like an e-mail address. Send no personal data beyond customer_email.',
      '[windback] track proxy: event "paid" has a property that looks like a card number. Send no personal data beyond customer_email.',
    ])
  })

  it('without a key: 500 with its message, and a log line that says what to set', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { handle } = proxy({ secretKey: () => undefined })
    expect(await read(await handle(post({ events: [event()] })))).toEqual({ status: 500, body: error('INTERNAL_ERROR', 'The track proxy is not configured') })
    expect(logged.mock.calls.map((call) => call[0])).toEqual([
      '[windback] track proxy: secretKey() gave no sk_ key, so no event can be forwarded. Set WINDBACK_SECRET_KEY (or what your secretKey reads) on the server.',
    ])
  })

  it('a refused key: 502 with its message, and one log line per upstream status', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { handle } = proxy({}, upstream(401, 403, 401))
    const answers = [await handle(post({ events: [event()] })), await handle(post({ events: [event()] })), await handle(post({ events: [event()] }))]
    for (const answer of answers) expect(await read(answer)).toEqual({ status: 502, body: error('UPSTREAM_ERROR', 'Windback did not accept this server; try again later') })
    expect(logged.mock.calls.map((call) => String(call[0]).slice(0, 40))).toEqual(['[windback] track proxy: Windback answere', '[windback] track proxy: Windback answere'])
    expect(String(logged.mock.calls[1]?.[0])).toContain('answered 403 X')
  })

  it('a preflight without an allowed origin is not answered as one; a POST from an allowed origin is served, not preflighted', async () => {
    const open = proxy()
    const preflight = await open.handle(new Request('https://app.example/track', { method: 'OPTIONS', headers: { origin: 'https://app.example' } }))
    expect(await read(preflight)).toEqual({ status: 405, body: error('METHOD_NOT_ALLOWED', 'Use POST') })
    const allowed = proxy({ allowedOrigins: ['https://shop.example'] })
    const answer = await allowed.handle(post({ events: [event()] }, { 'content-type': 'text/plain', origin: 'https://shop.example' }))
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    expect(await read(answer)).toEqual({ status: 200, body: { data: { accepted: 1 } } })
  })

  it('reads the media type around spaces and parameters, and refuses a body sent without one', async () => {
    const { handle } = proxy()
    expect((await handle(post({ events: [event()] }, { 'content-type': 'application/json ; charset=utf-8' }))).status).toBe(200)
    const untyped = new Request('https://app.example/track', { method: 'POST', body: new Blob([JSON.stringify({ events: [event()] })]) })
    expect(untyped.headers.get('content-type')).toBeNull()
    expect(await read(await handle(untyped))).toEqual({
      status: 400,
      body: error('VALIDATION_ERROR', 'Send the events as application/json (or text/plain)', [{ field: '(content-type)', message: 'must be application/json or text/plain' }]),
    })
  })

  it('answers 413 from a declared length past the limit, reading (and dropping) at most 1 MiB of it for the connection\'s sake', async () => {
    const { handle, calls } = proxy({ maxBodyBytes: 300 })
    let pulled = 0
    const chunk = new Uint8Array(64 * 1024).fill(0x20)
    const endless = new Request('https://app.example/track', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) },
      body: new ReadableStream({ pull: (controller) => ((pulled += chunk.byteLength), controller.enqueue(chunk)) }),
      duplex: 'half',
    } as RequestInit)
    expect(await read(await handle(endless))).toEqual({ status: 413, body: error('PAYLOAD_TOO_LARGE', 'The body is larger than 300 bytes') })
    expect(pulled).toBeLessThanOrEqual(1024 * 1024 + 3 * chunk.byteLength)
    expect(calls).toHaveLength(0)
  })

  it('names a schema failure "Invalid events", and a body that is not an object "(body)"', async () => {
    const { handle } = proxy()
    expect(await read(await handle(post({ events: 'none' })))).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR', message: 'Invalid events' } } })
    const bare = await read(await handle(post('5')))
    expect(bare.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(['(body)'])
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
