import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createOutbox, OUTBOX_STORAGE_KEY } from '../../src/cancel-flow/outbox.js'
import type { KeyValueStorage } from '../../src/core/storage.js'

type Reply = number | 'offline' | { status: number; headers: Record<string, string> }

function memoryStorage() {
  const data = new Map<string, string>()
  const storage = {
    data,
    self: () => storage,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  }
  return storage
}

/** A fetch answering from a script of replies, recording every request. */
function scriptedFetch(replies: Reply[]) {
  const calls: { url: string; init: RequestInit; at: number }[] = []
  const fakeFetch = vi.fn(async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init, at: Date.now() })
    const reply = replies.shift() ?? 201
    if (reply === 'offline') throw new TypeError('Failed to fetch')
    const { status, headers } = typeof reply === 'number' ? { status: reply, headers: {} } : reply
    const body = status >= 400 ? JSON.stringify({ error: { code: 'X', message: 'no' } }) : '{"data":{}}'
    return new Response(body, { status, headers })
  }) as unknown as typeof fetch
  return { fetch: fakeFetch, calls }
}

const entry = (id = 'sub-1') => ({
  id,
  url: 'https://api.test/api/v1/cancel-flow/reasons',
  publicKey: 'pub_test',
  body: JSON.stringify({ submission_id: id, outcome: 'cancelled' }),
})

describe('outbox', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-22T10:00:00Z') })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends once with the public key and forgets the entry after a 2xx', async () => {
    const storage = memoryStorage()
    const { fetch, calls } = scriptedFetch([201])
    const outbox = createOutbox({ fetch, storage: () => storage })
    await outbox.enqueue(entry())
    expect(calls).toHaveLength(1)
    expect(calls[0]?.init.headers).toMatchObject({ 'X-API-Key': 'pub_test', 'Content-Type': 'application/json' })
    expect(calls[0]?.init.body).toBe(entry().body)
    expect(outbox.size()).toBe(0)
    expect(storage.data.has(OUTBOX_STORAGE_KEY)).toBe(false)
  })

  it('retries network errors, 5xx and 429 with growing, jittered delays, then delivers the same body', async () => {
    const storage = memoryStorage()
    const { fetch, calls } = scriptedFetch(['offline', 503, 429, 500, 201])
    const outbox = createOutbox({ fetch, storage: () => storage, random: () => 0.5 })
    await outbox.enqueue(entry())
    expect(outbox.size()).toBe(1)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls).toHaveLength(5)
    const gaps = calls.slice(1).map((call, index) => call.at - calls[index]!.at)
    // equal jitter at random 0.5: 3/4 of 1 s, 2 s, 4 s, 8 s (a 429 without Retry-After backs off like a 5xx)
    expect(gaps).toEqual([750, 1500, 3000, 6000])
    expect(new Set(calls.map((call) => call.init.body)).size).toBe(1)
    expect(outbox.size()).toBe(0)
  })

  it('waits as long as Retry-After asks on a 429', async () => {
    const { fetch, calls } = scriptedFetch([{ status: 429, headers: { 'Retry-After': '7' } }, 201])
    const outbox = createOutbox({ fetch, storage: memoryStorage().self, random: () => 0 })
    await outbox.enqueue(entry())
    await vi.advanceTimersByTimeAsync(6_999)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(2)
    expect(outbox.size()).toBe(0)
  })

  it('waits at most an hour, however long Retry-After asks (a longer timer would fire at once)', async () => {
    const { fetch, calls } = scriptedFetch([{ status: 429, headers: { 'Retry-After': String(25 * 86_400) } }, 201])
    const outbox = createOutbox({ fetch, storage: memoryStorage().self, random: () => 0 })
    await outbox.enqueue(entry())
    await vi.advanceTimersByTimeAsync(3_600_000 - 1)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(2)
  })

  it('honours X-RateLimit-Reset when no requests remain', async () => {
    const resetAt = Math.floor(Date.now() / 1000) + 12
    const { fetch, calls } = scriptedFetch([
      { status: 429, headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(resetAt) } },
      201,
    ])
    const outbox = createOutbox({ fetch, storage: memoryStorage().self, random: () => 0 })
    await outbox.enqueue(entry())
    await vi.advanceTimersByTimeAsync(11_000)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(calls).toHaveLength(2)
  })

  it('drops an entry the API rejects with a non-429 4xx, saying so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { fetch, calls } = scriptedFetch([400])
    const outbox = createOutbox({ fetch, storage: memoryStorage().self })
    await outbox.enqueue(entry())
    await vi.advanceTimersByTimeAsync(600_000)
    expect(calls).toHaveLength(1)
    expect(outbox.size()).toBe(0)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]?.[0])).toContain('sub-1')
  })

  it('keeps an undelivered entry in storage, and a later page sends it with the same id', async () => {
    const storage = memoryStorage()
    const first = scriptedFetch(['offline'])
    const page1 = createOutbox({ fetch: first.fetch, storage: () => storage })
    await page1.enqueue(entry('sub-kept'))
    page1.stop()
    expect(JSON.parse(storage.data.get(OUTBOX_STORAGE_KEY)!)).toHaveLength(1)

    await vi.advanceTimersByTimeAsync(5_000)
    const second = scriptedFetch([201])
    const page2 = createOutbox({ fetch: second.fetch, storage: () => storage })
    await page2.resume()
    expect(second.calls.map((call) => JSON.parse(String(call.init.body)).submission_id)).toEqual(['sub-kept'])
    expect(storage.data.has(OUTBOX_STORAGE_KEY)).toBe(false)
  })

  it('flushes pending entries with keepalive when the page is hidden', async () => {
    const target = new EventTarget()
    const doc = { visibilityState: 'visible' as DocumentVisibilityState }
    const { fetch, calls } = scriptedFetch(['offline', 201])
    const outbox = createOutbox({
      fetch,
      storage: memoryStorage().self,
      window: target as unknown as Window,
      document: doc,
    })
    await outbox.enqueue(entry())
    doc.visibilityState = 'hidden'
    target.dispatchEvent(new Event('visibilitychange'))
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toHaveLength(2)
    expect(calls[1]?.init.keepalive).toBe(true)
    expect(outbox.size()).toBe(0)
  })

  it('stops listening and scheduling once nothing is pending', async () => {
    const target = new EventTarget()
    const add = vi.spyOn(target, 'addEventListener')
    const remove = vi.spyOn(target, 'removeEventListener')
    const { fetch } = scriptedFetch(['offline', 201])
    const outbox = createOutbox({ fetch, storage: memoryStorage().self, window: target as unknown as Window })
    await outbox.enqueue(entry())
    expect(add).toHaveBeenCalledWith('pagehide', expect.any(Function))
    await vi.advanceTimersByTimeAsync(2_000)
    expect(remove).toHaveBeenCalledWith('pagehide', expect.any(Function))
    expect(vi.getTimerCount()).toBe(0)
  })

  it('keeps working in memory when localStorage throws (Safari private mode, quota)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const broken: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError')
      },
      removeItem: () => undefined,
    }
    const { fetch, calls } = scriptedFetch(['offline', 201])
    const outbox = createOutbox({ fetch, storage: () => broken, random: () => 0 })
    await outbox.enqueue(entry())
    expect(outbox.size()).toBe(1)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(calls).toHaveLength(2)
    expect(outbox.size()).toBe(0)
    expect(warn).toHaveBeenCalledTimes(1)
  })
})
