// The small rules every request, retry and stored answer goes through, at their boundaries.
import { describe, expect, it, vi } from 'vitest'
import { resolveApiBase } from '../../src/core/api-base.js'
import { errorFromResponse, readData, readResponse } from '../../src/core/http.js'
import { startRequest, type PendingRequest } from '../../src/core/request.js'
import { readConfig } from '../../src/cancel-flow/config-loader.js'
import { bodyBytes, keepaliveBytesLeft, reserveKeepalive } from '../../src/core/keepalive.js'
import { randomUuid } from '../../src/core/random-id.js'
import { browserLocalStorage, createPersistentSlot } from '../../src/core/storage.js'
import { serverRetryDelay } from '../../src/core/retry.js'
import { isHexColor, isSafeUrl, LOCALE_RULE } from '../../src/core/safe-values.js'
import { classifyStatus, isExpired, nextWakeUp, OUTBOX_MAX_AGE_MS, parseEntries, type OutboxEntry } from '../../src/cancel-flow/outbox-queue.js'
import { DEFAULT_API_BASE } from '../../src/defaults.js'

const entry = (fields: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id: 'a1b2c3d4',
  url: 'https://api.test/api/v1/cancel-flow/reasons',
  publicKey: 'pub_test',
  body: '{}',
  attempts: 0,
  notBefore: 0,
  createdAt: 0,
  ...fields,
})

describe('what an answer POST status means for the outbox', () => {
  it.each([
    [200, 'delivered'],
    [201, 'delivered'],
    [299, 'delivered'],
    [300, 'retry'],
    [400, 'rejected'],
    [404, 'rejected'],
    [407, 'rejected'],
    [408, 'retry'],
    [409, 'rejected'],
    [499, 'rejected'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
  ])('%i: %s', (status, kind) => {
    expect(classifyStatus(status).kind).toBe(kind)
  })

  it('a retry carries the delay the server asked for, and none when it asked for none', () => {
    expect(classifyStatus(503, 2000)).toStrictEqual({ kind: 'retry', serverDelayMs: 2000 })
    expect(classifyStatus(503)).toStrictEqual({ kind: 'retry' })
  })

  it('an answer expires a week after it was given, not a millisecond before', () => {
    expect(isExpired(entry({ createdAt: 1000 }), 1000 + OUTBOX_MAX_AGE_MS)).toBe(false)
    expect(isExpired(entry({ createdAt: 1000 }), 1001 + OUTBOX_MAX_AGE_MS)).toBe(true)
    expect(OUTBOX_MAX_AGE_MS).toBe(604_800_000)
  })

  it('wakes up for the earliest entry, and not at all with none', () => {
    expect(nextWakeUp([entry({ notBefore: 30 }), entry({ notBefore: 10 }), entry({ notBefore: 20 })])).toBe(10)
    expect(nextWakeUp([])).toBeUndefined()
  })

  it('keeps only well-formed entries from storage, whatever else was written there', () => {
    const good = entry()
    const broken = (['id', 'url', 'publicKey', 'body', 'attempts', 'notBefore', 'createdAt'] as const).map((field) => ({
      ...good,
      [field]: typeof good[field] === 'string' ? 1 : '1',
    }))
    expect(parseEntries(JSON.stringify([null, 'x', 7, ...broken, good]))).toEqual([good])
    expect(parseEntries(JSON.stringify({ ...good }))).toEqual([])
    expect(parseEntries('{not json')).toEqual([])
    expect(parseEntries(null)).toEqual([])
  })
})

describe('the page-wide keepalive allowance', () => {
  it('grants up to what is left, takes it back exactly once on release', () => {
    const free = keepaliveBytesLeft()
    expect(free).toBe(63_000)
    const release = reserveKeepalive(free - 100)!
    expect(keepaliveBytesLeft()).toBe(100)
    expect(reserveKeepalive(101)).toBeUndefined()
    const last = reserveKeepalive(100)!
    expect(keepaliveBytesLeft()).toBe(0)
    release()
    release()
    expect(keepaliveBytesLeft()).toBe(free - 100)
    last()
    expect(keepaliveBytesLeft()).toBe(free)
  })

  it('counts a body in UTF-8 bytes, as the browser does', () => {
    expect(bodyBytes('é€')).toBe(5)
  })

  it('is one ledger per page, also between separately loaded copies of the code (the script tag and its outbox file)', async () => {
    vi.resetModules()
    const copy = await import('../../src/core/keepalive.js')
    expect(copy.reserveKeepalive).not.toBe(reserveKeepalive)
    const release = reserveKeepalive(60_000)!
    expect(copy.keepaliveBytesLeft()).toBe(3_000)
    expect(copy.reserveKeepalive(3_001)).toBeUndefined()
    release()
    expect(copy.keepaliveBytesLeft()).toBe(63_000)
  })
})

describe('how long the server asked us to wait', () => {
  const headers = (values: Record<string, string>) => new Headers(values)
  it.each([
    [{ 'Retry-After': '2' }, 2000],
    [{ 'Retry-After': ' 1.5 ' }, 1500],
    [{ 'Retry-After': '1.25' }, 1250],
    [{ 'Retry-After': 'Thu, 01 Jan 1970 00:00:10 GMT' }, 4000],
    [{ 'Retry-After': 'Thu, 01 Jan 1970 00:00:01 GMT' }, 0],
    [{ 'Retry-After': 'soon' }, undefined],
    [{ 'Retry-After': '2s' }, undefined],
    [{ 'Retry-After': 'x2' }, undefined],
    [{ 'Retry-After': '1.x' }, undefined],
    [{ 'X-RateLimit-Reset': '9', 'X-RateLimit-Remaining': '0' }, 3000],
    [{ 'X-RateLimit-Reset': '9', 'X-RateLimit-Remaining': ' 0 ' }, 3000],
    [{ 'X-RateLimit-Reset': ' 9 ', 'X-RateLimit-Remaining': '0' }, 3000],
    [{ 'X-RateLimit-Reset': '9', 'X-RateLimit-Remaining': '3' }, undefined],
    [{ 'X-RateLimit-Reset': '9' }, undefined],
    [{ 'X-RateLimit-Reset': 'x9', 'X-RateLimit-Remaining': '0' }, undefined],
    [{ 'X-RateLimit-Reset': '9x', 'X-RateLimit-Remaining': '0' }, undefined],
    [{ 'X-RateLimit-Reset': '1', 'X-RateLimit-Remaining': '0' }, 0],
    [{ 'Retry-After': '3600' }, 3_600_000],
    [{ 'Retry-After': '3600.001' }, 3_600_000],
    [{ 'Retry-After': String(25 * 86_400) }, 3_600_000],
    [{ 'Retry-After': '9'.repeat(400) }, 3_600_000],
    [{ 'Retry-After': 'Fri, 01 Jan 2100 00:00:00 GMT' }, 3_600_000],
    [{ 'X-RateLimit-Reset': '99999999999', 'X-RateLimit-Remaining': '0' }, 3_600_000],
    [{}, undefined],
  ])('%j at t = 6 s → %s ms', (values, expected) => {
    expect(serverRetryDelay(headers(values), 6000)).toBe(expected)
  })

  it('Retry-After wins over the rate-limit headers', () => {
    expect(serverRetryDelay(headers({ 'Retry-After': '1', 'X-RateLimit-Reset': '60', 'X-RateLimit-Remaining': '0' }), 0)).toBe(1000)
  })
})

describe('values from an untrusted config', () => {
  it.each([
    ['https://cdn.example.com/logo.png', true],
    ['HTTPS://cdn.example.com/logo.png', true],
    ['/logo.png', true],
    ['/', true],
    ['http://cdn.example.com/logo.png', false],
    ['javascript:alert(1)', false],
    ['data:image/png;base64,AAAA', false],
    ['//evil.example/logo.png', false],
    ['/\\evil.example', false],
    ['https://cdn.example.com/a b.png', false],
    ['/a b.png', false],
    ['x https://cdn.example.com/logo.png', false],
    ['logo.png', false],
    ['https://', false],
  ])('URL %j safe: %s', (url, safe) => {
    expect(isSafeUrl(url)).toBe(safe)
  })

  it.each([
    ['#4f46e5', true],
    ['#FFF', true],
    ['#abcd', false],
    ['#4f46e', false],
    ['4f46e5', false],
    ['#4f46e5 ', false],
    ['x#4f46e5', false],
    ['#ggg', false],
    ['#4', false],
  ])('colour %j valid: %s', (colour, valid) => {
    expect(isHexColor(colour)).toBe(valid)
  })

  it.each([
    ['fr', true],
    ['pt-BR', true],
    ['zh-Hant-TW', true],
    ['f', false],
    ['french', false],
    ['1fr', false],
    ['fr-', false],
    ['fr_FR', false],
    [7, false],
  ])('locale %j valid: %s', (locale, valid) => {
    expect(LOCALE_RULE[0](locale)).toBe(valid)
  })
})

describe('API responses', () => {
  it('the API base: the default, or the given one without trailing slashes', () => {
    expect(resolveApiBase(undefined)).toBe(DEFAULT_API_BASE)
    expect(resolveApiBase('https://api.test/v1//')).toBe('https://api.test/v1')
    expect(resolveApiBase('/api/v1')).toBe('/api/v1')
  })

  it.each([
    [400, 'VALIDATION_ERROR'],
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [405, 'METHOD_NOT_ALLOWED'],
    [409, 'CONFLICT'],
    [413, 'PAYLOAD_TOO_LARGE'],
    [429, 'RATE_LIMITED'],
    [418, 'VALIDATION_ERROR'],
    [499, 'VALIDATION_ERROR'],
    [500, 'INTERNAL_ERROR'],
    [502, 'INTERNAL_ERROR'],
  ])('a %i without an error envelope becomes %s, saying the status', async (status, code) => {
    const error = await errorFromResponse(new Response('<html>', { status }))
    expect(error).toMatchObject({ name: 'WindbackError', code, message: `HTTP ${status}`, status })
  })

  it('an error envelope keeps its code, message and well-formed details', async () => {
    const envelope = (details: unknown) => Response.json({ error: { code: 'VALIDATION_ERROR', message: 'Invalid', details } }, { status: 400 })
    expect(await errorFromResponse(envelope([{ field: 'a', message: 'b' }]))).toMatchObject({ code: 'VALIDATION_ERROR', message: 'Invalid', status: 400, details: [{ field: 'a', message: 'b' }] })
    for (const details of [[{ field: 'a' }], [{ field: 1, message: 'b' }], [null], 'x', [{ field: 'a', message: 'b' }, 'c']]) {
      const error = await errorFromResponse(envelope(details))
      expect(error.details).toBeUndefined()
      expect(error.status).toBe(400)
    }
    for (const body of [{ error: { code: 1, message: 'm' } }, { error: { code: 'X', message: 2 } }, { error: null }, null, 'text']) {
      expect(await errorFromResponse(Response.json(body, { status: 404 }))).toMatchObject({ code: 'NOT_FOUND', message: 'HTTP 404' })
    }
  })

  it('readData: the data of an envelope, else the given code with the status', async () => {
    expect(await readData(Response.json({ data: { a: 1 } }), 'INVALID_CONFIG')).toEqual({ a: 1 })
    expect(await readData(Response.json({ data: null }), 'INVALID_CONFIG')).toBeNull()
    for (const body of [{ nope: 1 }, null, [1], 'data']) {
      await expect(readData(Response.json(body, { status: 200 }), 'INVALID_CONFIG')).rejects.toMatchObject({
        code: 'INVALID_CONFIG',
        message: 'The response has no "data" envelope',
        status: 200,
      })
    }
    await expect(readData(new Response('{"data": {', { status: 202 }), 'INVALID_CONFIG')).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: 'The response is not valid JSON',
      status: 202,
      cause: expect.any(SyntaxError),
    })
  })

  it('startRequest + readResponse: NETWORK_ERROR when unreachable, TIMEOUT when the body is too slow, the read result otherwise', async () => {
    const unreachable = vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch
    await expect(readResponse(startRequest(unreachable, 'https://api.test/x', {}, 1000), async () => 1)).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      message: 'Could not reach https://api.test/x',
      cause: expect.any(TypeError),
    })
    const throwsAtOnce = (() => {
      throw new TypeError('Invalid URL')
    }) as unknown as typeof fetch
    await expect(readResponse(startRequest(throwsAtOnce, 'nope', {}, 1000), async () => 1)).rejects.toMatchObject({ code: 'NETWORK_ERROR' })

    vi.useFakeTimers()
    try {
      const seen: RequestInit[] = []
      // Headers arrive at once; the body never ends, until the request is aborted (as fetch does).
      const slowBody = (async (_url: string, init: RequestInit) => {
        seen.push(init)
        const body = new ReadableStream({
          start(controller) {
            controller.enqueue(new Uint8Array([123]))
            init.signal!.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')))
          },
        })
        return new Response(body)
      }) as unknown as typeof fetch
      const timedOut = expect(readResponse(startRequest(slowBody, 'https://api.test/y', { method: 'POST' }, 500), async () => 1)).rejects.toMatchObject({
        code: 'TIMEOUT',
        message: 'No response from https://api.test/y within 500 ms',
        cause: expect.objectContaining({ name: 'AbortError' }),
      })
      await vi.advanceTimersByTimeAsync(499)
      expect((seen[0]!.signal as AbortSignal).aborted).toBe(false)
      expect(seen[0]!.method).toBe('POST')
      await vi.advanceTimersByTimeAsync(1)
      await timedOut

      // A read that failed on its own keeps its own error, and no timer is left behind.
      const quick = (async () => new Response('{}', { status: 201 })) as unknown as typeof fetch
      const failing = readResponse(startRequest(quick, 'https://api.test/z', {}, 500), async () => Promise.reject(new RangeError('bad body')))
      await expect(failing).rejects.toBeInstanceOf(RangeError)
      expect(vi.getTimerCount()).toBe(0)
      expect(await readResponse(startRequest(quick, 'https://api.test/z', {}, 500), async (response) => [response.status, await response.text()])).toEqual([201, '{}'])
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('reading the config answer', () => {
  const answered = (response: unknown): PendingRequest => ({ url: 'https://api.test/c', timeoutMs: 4000, signal: new AbortController().signal, response: Promise.resolve(response as Response) })

  it('an answer that cannot even be looked at is INVALID_CONFIG with its cause, never a rejection', async () => {
    const broken = new TypeError('no status')
    const unreadable = {
      get ok(): boolean {
        throw broken
      },
    }
    expect(await readConfig(answered(unreadable))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INVALID_CONFIG', message: 'The cancel-flow config could not be read', cause: broken }),
    })
  })

  it('an envelope is its data with the status; an error envelope keeps its own code', async () => {
    expect(await readConfig(answered(Response.json({ data: { title: 'x' } }, { status: 200 })))).toEqual({ ok: true, data: { title: 'x' }, status: 200 })
    const refused = await readConfig(answered(Response.json({ error: { code: 'NOT_FOUND', message: 'no such key' } }, { status: 404 })))
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND', message: 'no such key', status: 404 }) })
  })
})

describe('ids and storage', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

  it('makes v4 UUIDs, also where crypto.randomUUID is missing (a page served over http:)', () => {
    expect(randomUuid()).toMatch(UUID)
    const native = vi.spyOn(crypto, 'randomUUID').mockReturnValue('00000000-0000-4000-8000-000000000000')
    expect(randomUuid()).toBe('00000000-0000-4000-8000-000000000000')
    native.mockRestore()
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) })
    try {
      const insecure = Array.from({ length: 100 }, () => randomUuid())
      expect(insecure.every((id) => UUID.test(id))).toBe(true)
      expect(new Set(insecure).size).toBe(100)
    } finally {
      vi.unstubAllGlobals()
    }
    const ids = new Set(Array.from({ length: 100 }, () => randomUuid()))
    expect(ids.size).toBe(100)
  })

  it("is the page's localStorage in a browser, and none where there is none", () => {
    expect(browserLocalStorage()).toBe(localStorage)
    // Not declared at all, as in a server or a worker: reading the name would throw.
    const declared = Object.getOwnPropertyDescriptor(globalThis, 'localStorage')!
    Reflect.deleteProperty(globalThis, 'localStorage')
    try {
      expect(() => browserLocalStorage()).not.toThrow()
      expect(browserLocalStorage()).toBeUndefined()
    } finally {
      Object.defineProperty(globalThis, 'localStorage', declared)
    }
  })

  it('after a failed write, reads come from memory until a write succeeds again, then from storage', () => {
    const values = new Map<string, string>()
    let full = true
    const storage = {
      getItem: (key: string) => values.get(key) ?? null,
      setItem: (key: string, value: string) => {
        if (full) throw new DOMException('full', 'QuotaExceededError')
        values.set(key, value)
      },
      removeItem: (key: string) => void values.delete(key),
    }
    const failed = vi.fn()
    const slot = createPersistentSlot('k', () => storage, failed)
    slot.write('kept in memory')
    expect([slot.read(), failed.mock.calls.length]).toEqual(['kept in memory', 1])
    full = false
    slot.write('stored')
    // Another tab writes the key: once writes work again, storage is the truth.
    values.set('k', 'from another tab')
    expect(slot.read()).toBe('from another tab')
  })

  it('a slot whose storage cannot even be reached keeps its value in memory, and says so', () => {
    const failed = vi.fn()
    const slot = createPersistentSlot('k', () => {
      throw new DOMException('blocked', 'SecurityError')
    }, failed)
    slot.write('v')
    expect(slot.read()).toBe('v')
    expect(failed).toHaveBeenCalledTimes(2)
  })

  it('a slot whose storage throws on reading says so and reads its memory copy', () => {
    const failed = vi.fn()
    const blocked = { getItem: () => { throw new DOMException('blocked', 'SecurityError') }, setItem: () => undefined, removeItem: () => undefined }
    const slot = createPersistentSlot('k', () => blocked, failed)
    expect(slot.read()).toBeNull()
    expect(failed).toHaveBeenCalledTimes(1)
  })
})

