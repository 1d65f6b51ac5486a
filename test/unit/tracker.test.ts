import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildTracker, type TrackerDeps } from '../../src/tracker/create-tracker.js'
import type { TrackerOptions } from '../../src/tracker/types.js'
import { createIsoClock, keepaliveBatches, type TrackedEvent } from '../../src/tracker/event-queue.js'
import { STALE_AFTER_MS } from '../../src/tracker/tab-storage.js'

type Reply = number | 'offline' | { status: number; headers: Record<string, string> }

/** localStorage as several tabs of one origin share it. */
function sharedStorage() {
  const data = new Map<string, string>()
  const writes: string[] = []
  return {
    data,
    writes,
    storage: {
      getItem: (key: string) => data.get(key) ?? null,
      setItem: (key: string, value: string) => {
        writes.push(key)
        data.set(key, value)
      },
      removeItem: (key: string) => void data.delete(key),
      key: (index: number) => [...data.keys()][index] ?? null,
      get length() {
        return data.size
      },
    },
  }
}

function network(replies: Reply[] = []) {
  const requests: { events: TrackedEvent[]; init: RequestInit; at: number }[] = []
  const fetch = vi.fn(async (_url: string | URL | Request, init: RequestInit = {}) => {
    requests.push({ events: JSON.parse(String(init.body)).events, init, at: Date.now() })
    const reply = replies.shift() ?? 200
    if (reply === 'offline') throw new TypeError('Failed to fetch')
    const { status, headers } = typeof reply === 'number' ? { status: reply, headers: {} } : reply
    return new Response('{}', { status, headers })
  }) as unknown as typeof globalThis.fetch
  return { fetch, requests }
}

let ids = 0
function tracker(options: Partial<TrackerOptions> = {}, deps: Partial<TrackerDeps> = {}) {
  const shared = deps.storage ? undefined : sharedStorage()
  const net = network()
  const instance = buildTracker(
    { endpoint: '/api/windback/track', customerEmail: 'jane@example.com', ...options },
    {
      fetch: net.fetch,
      storage: () => shared?.storage,
      now: Date.now,
      random: () => 0.5,
      newId: () => `id-${++ids}`,
      ...deps,
    },
  )
  return { tracker: instance, ...net, shared }
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-22T10:00:00Z') })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('tracker batching', () => {
  it('sends flushAt events as one request, in order, stamped at track() time', async () => {
    const { tracker: t, requests } = tracker({ flushAt: 3 })
    t.track('login')
    vi.advanceTimersByTime(1000)
    t.track('feature_used', { feature: 'exports' })
    t.track('invoice_paid', undefined, { timestamp: '2026-11-01T00:00:00.000Z' })
    await vi.advanceTimersByTimeAsync(0)
    expect(requests).toHaveLength(1)
    expect(requests[0]?.events).toEqual([
      { event: 'login', customer_email: 'jane@example.com', timestamp: '2026-11-22T10:00:00.000Z', message_id: expect.any(String) },
      { event: 'feature_used', customer_email: 'jane@example.com', properties: { feature: 'exports' }, timestamp: '2026-11-22T10:00:01.000Z', message_id: expect.any(String) },
      { event: 'invoice_paid', customer_email: 'jane@example.com', timestamp: '2026-11-01T00:00:00.000Z', message_id: expect.any(String) },
    ])
    expect(new Set(requests[0]?.events.map((event) => event.message_id)).size).toBe(3)
    expect(t.stats()).toEqual({ queued: 0, sent: 3, dropped: 0 })
  })

  it('sends a smaller queue after flushIntervalMs', async () => {
    const { tracker: t, requests } = tracker({ flushIntervalMs: 2000 })
    t.track('login')
    await vi.advanceTimersByTimeAsync(1999)
    expect(requests).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(requests).toHaveLength(1)
  })

  it('never puts more than 100 events in a request: 10,000 events take 100 requests', async () => {
    const { tracker: t, requests } = tracker({ flushAt: 100, maxQueue: 20_000 })
    for (let index = 0; index < 10_000; index += 1) t.track('feature_used', { index })
    await t.flush()
    expect(requests).toHaveLength(100)
    expect(requests.every((request) => request.events.length === 100)).toBe(true)
    expect(requests.flatMap((request) => request.events.map((event) => event.properties?.['index']))).toEqual(
      Array.from({ length: 10_000 }, (_, index) => index),
    )
  })

  it('snapshots properties and leaves out e-mail when none is known', async () => {
    const { tracker: t, requests } = tracker({ customerEmail: undefined, flushAt: 1 })
    const properties = { plan: 'pro' }
    t.track('subscription_upgraded', properties)
    properties.plan = 'changed'
    await t.flush()
    expect(requests[0]?.events[0]).toEqual({ event: 'subscription_upgraded', properties: { plan: 'pro' }, timestamp: expect.any(String), message_id: expect.any(String) })
    t.identify('sam@example.com')
    t.track('login')
    await t.flush()
    expect(requests[1]?.events[0]?.customer_email).toBe('sam@example.com')
  })
})

describe('tracker delivery under failures', () => {
  it('backs off exponentially with jitter on network errors and 5xx, keeping message ids', async () => {
    const net = network(['offline', 503, 502, 200])
    const retrying = buildTracker({ endpoint: '/t', customerEmail: 'a@b.co', flushAt: 1 }, { fetch: net.fetch, storage: () => undefined, now: Date.now, random: () => 0.5, newId: () => `r-${++ids}` })
    retrying.track('login')
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(net.requests).toHaveLength(4)
    const gaps = net.requests.slice(1).map((request, index) => request.at - net.requests[index]!.at)
    expect(gaps).toEqual([750, 1500, 3000])
    expect(new Set(net.requests.map((request) => request.events[0]?.message_id)).size).toBe(1)
    expect(retrying.stats()).toEqual({ queued: 0, sent: 1, dropped: 0 })
  })

  it('honours Retry-After on a 429', async () => {
    const net = network([{ status: 429, headers: { 'Retry-After': '20' } }, 200])
    const t = buildTracker({ endpoint: '/t', flushAt: 1 }, { fetch: net.fetch, storage: () => undefined, now: Date.now, random: () => 0, newId: () => `r-${++ids}` })
    t.track('login')
    await vi.advanceTimersByTimeAsync(19_999)
    expect(net.requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(net.requests).toHaveLength(2)
  })

  it('waits at most an hour, however long Retry-After or X-RateLimit-Reset asks (a longer timer would fire at once)', async () => {
    const farAway: Record<string, string>[] = [
      { 'Retry-After': String(25 * 86_400) },
      { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 30 * 86_400) },
    ]
    for (const headers of farAway) {
      const net = network([{ status: 429, headers }, 200])
      const t = buildTracker({ endpoint: '/t', flushAt: 1 }, { fetch: net.fetch, storage: () => undefined, now: Date.now, random: () => 0, newId: () => `r-${++ids}` })
      t.track('login')
      await vi.advanceTimersByTimeAsync(3_600_000 - 1)
      expect(net.requests).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(net.requests).toHaveLength(2)
      await t.shutdown()
    }
  })

  it('gives up only on a non-429 4xx: an unexpected 3xx is retried like the cancel-flow outbox does', async () => {
    const net = network([304, 200])
    const t = buildTracker({ endpoint: '/t', flushAt: 1 }, { fetch: net.fetch, storage: () => undefined, now: Date.now, random: () => 0, newId: () => `r-${++ids}` })
    t.track('login')
    await vi.advanceTimersByTimeAsync(1000)
    expect(net.requests).toHaveLength(2)
    expect(t.stats()).toEqual({ queued: 0, sent: 1, dropped: 0 })
  })

  it('drops a batch on a non-429 4xx and says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const net = network([400, 400])
    const t = buildTracker({ endpoint: '/t', flushAt: 1 }, { fetch: net.fetch, storage: () => undefined, now: Date.now, random: () => 0, newId: () => `r-${++ids}` })
    t.track('login')
    await t.flush()
    t.track('login')
    await t.flush()
    expect(t.stats()).toEqual({ queued: 0, sent: 0, dropped: 2 })
    expect(warn).toHaveBeenCalledTimes(1)
  })

  it('flush() resolves after a failed attempt, with the events rescheduled', async () => {
    const net = network(['offline'])
    const t = buildTracker({ endpoint: '/t' }, { fetch: net.fetch, storage: () => undefined, now: Date.now, random: () => 0, newId: () => `r-${++ids}` })
    t.track('login')
    await t.flush()
    expect(t.stats()).toEqual({ queued: 1, sent: 0, dropped: 0 })
    // The next attempt follows the backoff (500 ms with this jitter), not the 5 s interval.
    await vi.advanceTimersByTimeAsync(499)
    expect(t.stats().sent).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(t.stats()).toEqual({ queued: 0, sent: 1, dropped: 0 })
  })

  it('caps the queue, dropping the oldest and counting them', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const net = network()
    const t = buildTracker({ endpoint: '/t', maxQueue: 5, flushAt: 100 }, { fetch: net.fetch, storage: () => undefined, now: Date.now, random: () => 0, newId: () => `r-${++ids}` })
    for (let index = 0; index < 8; index += 1) t.track('feature_used', { index })
    expect(t.stats()).toEqual({ queued: 5, sent: 0, dropped: 3 })
    await t.flush()
    // The newest five are the ones kept and sent, in order.
    expect(net.requests.flatMap((request) => request.events.map((event) => event.properties?.['index']))).toEqual([3, 4, 5, 6, 7])
    expect(t.stats()).toEqual({ queued: 0, sent: 5, dropped: 3 })
    expect(warn).toHaveBeenCalledTimes(1)
  })
})

describe('tracker persistence', () => {
  it('writes storage debounced, not once per event', async () => {
    const { tracker: t, shared } = tracker({ flushAt: 100 })
    for (let index = 0; index < 50; index += 1) t.track('feature_used')
    expect(shared!.writes).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(300)
    expect(shared!.writes).toHaveLength(1)
  })

  it('a closed tab\'s events are adopted by the next page exactly once', async () => {
    const shared = sharedStorage()
    const window = new EventTarget() as unknown as Window
    const offline = network(Array(5).fill('offline'))
    const first = buildTracker({ endpoint: '/t', customerEmail: 'a@b.co' }, { fetch: offline.fetch, storage: () => shared.storage, window, document: { visibilityState: 'hidden' }, navigator: { onLine: false }, now: Date.now, random: () => 0, newId: () => `a-${++ids}` })
    first.track('login')
    first.track('feature_used')
    window.dispatchEvent(new Event('pagehide'))
    // Chrome fires visibilitychange after pagehide when leaving: the record must stay adoptable.
    window.dispatchEvent(new Event('visibilitychange'))
    expect(offline.requests).toHaveLength(0)

    const online = network()
    const second = buildTracker({ endpoint: '/t' }, { fetch: online.fetch, storage: () => shared.storage, now: Date.now, random: () => 0, newId: () => `b-${++ids}` })
    const third = buildTracker({ endpoint: '/t' }, { fetch: online.fetch, storage: () => shared.storage, now: Date.now, random: () => 0, newId: () => `c-${++ids}` })
    await vi.advanceTimersByTimeAsync(0)
    await Promise.all([second.flush(), third.flush()])
    expect(online.requests.flatMap((request) => request.events.map((event) => event.event))).toEqual(['login', 'feature_used'])
  })

  it('adopted events keep their order, also when tracked in the same millisecond', async () => {
    const shared = sharedStorage()
    const window = new EventTarget() as unknown as Window
    const closing = buildTracker({ endpoint: '/t', customerEmail: 'a@b.co' }, { fetch: network(Array(5).fill('offline')).fetch, storage: () => shared.storage, window, navigator: { onLine: false }, now: Date.now, random: () => 0, newId: () => `s-${++ids}` })
    for (let index = 0; index < 40; index += 1) closing.track('feature_used', { index })
    window.dispatchEvent(new Event('pagehide'))
    const net = network()
    const next = buildTracker({ endpoint: '/t' }, { fetch: net.fetch, storage: () => shared.storage, now: Date.now, random: () => 0, newId: () => `n-${++ids}` })
    await vi.advanceTimersByTimeAsync(0)
    await next.flush()
    expect(net.requests.flatMap((request) => request.events.map((event) => event.properties?.['index']))).toEqual(Array.from({ length: 40 }, (_, index) => index))
  })

  it('does not adopt the events of a live tab, only of one silent for too long', async () => {
    const shared = sharedStorage()
    const live = buildTracker({ endpoint: '/t', customerEmail: 'a@b.co' }, { fetch: network(Array(50).fill('offline')).fetch, storage: () => shared.storage, now: Date.now, random: () => 0, newId: () => `l-${++ids}` })
    live.track('login')
    await vi.advanceTimersByTimeAsync(300)
    const net = network()
    const other = buildTracker({ endpoint: '/t' }, { fetch: net.fetch, storage: () => shared.storage, now: Date.now, random: () => 0, newId: () => `o-${++ids}` })
    await vi.advanceTimersByTimeAsync(0)
    await other.flush()
    expect(net.requests).toHaveLength(0)
    expect(other.stats().queued).toBe(0)

    const later = () => Date.now() + STALE_AFTER_MS + 1
    const adopter = buildTracker({ endpoint: '/t' }, { fetch: net.fetch, storage: () => shared.storage, now: later, random: () => 0, newId: () => `x-${++ids}` })
    await vi.advanceTimersByTimeAsync(0)
    await adopter.flush()
    expect(net.requests.flatMap((request) => request.events.map((event) => event.event))).toEqual(['login'])
  })

  it('on pagehide sends what is waiting with keepalive, and stores nothing it sent', async () => {
    const shared = sharedStorage()
    const window = new EventTarget() as unknown as Window
    const net = network()
    const t = buildTracker({ endpoint: '/t', customerEmail: 'a@b.co' }, { fetch: net.fetch, storage: () => shared.storage, window, navigator: { onLine: true }, now: Date.now, random: () => 0, newId: () => `k-${++ids}` })
    t.track('login')
    window.dispatchEvent(new Event('pagehide'))
    expect(net.requests).toHaveLength(1)
    expect(net.requests[0]?.init.keepalive).toBe(true)
    expect([...shared.data.keys()]).toEqual([])
  })
})

describe('tracker input', () => {
  it('refuses secret keys in any option and in identify()', () => {
    const deps = { fetch: network().fetch, storage: () => undefined, now: Date.now, random: Math.random, newId: () => 'x' }
    expect(() => buildTracker({ endpoint: 'sk_live_123' }, deps)).toThrow(expect.objectContaining({ code: 'INVALID_KEY' }))
    expect(() => buildTracker({ endpoint: '/t', customerEmail: 'sk_test_1' }, deps)).toThrow(expect.objectContaining({ code: 'INVALID_KEY' }))
    expect(() => buildTracker({ endpoint: '/t' }, deps).identify('sk_live_1')).toThrow(expect.objectContaining({ code: 'INVALID_KEY' }))
    expect(() => buildTracker({} as TrackerOptions, deps)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
    expect(() => buildTracker({ endpoint: '/t', flushAt: 0 }, deps)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
  })

  it('never throws from track(); warns once for names that are not snake_case', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { tracker: t } = tracker()
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    expect(() => {
      t.track('FeatureUsed')
      t.track('Other Name')
      t.track(42 as unknown as string)
      t.track('feature_used', cyclic)
      t.track('nps_response', { score: 9 })
    }).not.toThrow()
    const messages = warn.mock.calls.map((call) => String(call[0]))
    expect(messages.filter((message) => message.includes('event-name-case'))).toHaveLength(1)
    expect(messages.filter((message) => message.includes('bad-properties'))).toHaveLength(1)
    expect(t.stats().queued).toBe(4)
  })

  it('drops and counts an event whose e-mail or timestamp the proxy would refuse, and keeps its neighbours', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { tracker: t, requests } = tracker({ flushAt: 100 })
    t.track('login')
    t.track('login', undefined, { customerEmail: 'a@b' })
    t.track('login', undefined, { customerEmail: 'x@y.co\r\nBcc: all@example.com' })
    t.track('login', undefined, { timestamp: 'yesterday' })
    t.track('login', undefined, { timestamp: '22/11/2026' })
    t.track('login', undefined, { timestamp: '2026-13-01T10:00:00Z' })
    t.track('feature_used', undefined, { timestamp: '2026-11-22T11:00:00+01:00', customerEmail: 'joe@example.org' })
    t.track('invoice_paid', undefined, { timestamp: '2026-11-21' })
    expect(t.stats()).toEqual({ queued: 3, sent: 0, dropped: 5 })
    await t.flush()
    // Every timestamp as the proxy accepts it: UTC, milliseconds, a date alone at midnight UTC.
    expect(requests[0]?.events.map(({ event, customer_email, timestamp }) => [event, customer_email, timestamp])).toEqual([
      ['login', 'jane@example.com', '2026-11-22T10:00:00.000Z'],
      ['feature_used', 'joe@example.org', '2026-11-22T10:00:00.000Z'],
      ['invoice_paid', 'jane@example.com', '2026-11-21T00:00:00.000Z'],
    ])
    expect(warn.mock.calls.map((call) => String(call[0]).split(':')[0])).toEqual(['[windback] bad-email', '[windback] bad-timestamp'])
  })

  it('identify() takes only an e-mail address', () => {
    const { tracker: t } = tracker()
    for (const bad of ['a@b', 'jane', '', 'x@y.co\r\nBcc: all@example.com', 5]) {
      expect(() => t.identify(bad as string), String(bad)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
    }
    expect(() => t.identify('joe@example.org')).not.toThrow()
  })

  it('gives each event its own message id, unique across trackers', async () => {
    const first = tracker({ flushAt: 100 })
    const second = tracker({ flushAt: 100 })
    for (let index = 0; index < 50; index += 1) {
      first.tracker.track('feature_used')
      second.tracker.track('feature_used')
    }
    await Promise.all([first.tracker.flush(), second.tracker.flush()])
    const ids = [...first.requests, ...second.requests].flatMap((request) => request.events.map((event) => event.message_id))
    expect(new Set(ids).size).toBe(100)
  })

  it('formats timestamps exactly as toISOString does, across second boundaries', () => {
    let now = Date.parse('2026-11-22T23:59:59.000Z') - 3
    const clock = createIsoClock(() => now)
    for (; now < Date.parse('2026-11-23T00:00:01.005Z'); now += 7) expect(clock()).toBe(new Date(now).toISOString())
  })

  it('splits keepalive batches to fit the budget', () => {
    const events = Array.from({ length: 250 }, (_, index) => ({ event: 'feature_used', timestamp: 't', message_id: `m${index}`, properties: { text: 'x'.repeat(100) } }))
    const batches = keepaliveBatches(events, 20_000)
    const size = batches.reduce((total, batch) => total + JSON.stringify({ events: batch }).length, 0)
    expect(size).toBeLessThanOrEqual(20_000)
    expect(batches.flat().map((event) => event.message_id)).toEqual(events.slice(0, batches.flat().length).map((event) => event.message_id))
    expect(batches.every((batch) => batch.length <= 100)).toBe(true)
    // Each event is about 160 bytes, so 20,000 bytes hold well over 100 of them: more than one batch.
    expect(batches.length).toBeGreaterThan(1)
    expect(batches.flat().length).toBeGreaterThan(100)
  })
})

describe('tracker retries and unload under a failing endpoint', () => {
  const deps = (net: ReturnType<typeof network>, extra: Partial<TrackerDeps> = {}): TrackerDeps => ({
    fetch: net.fetch,
    storage: () => undefined,
    now: Date.now,
    random: () => 0.5,
    newId: () => `f-${++ids}`,
    ...extra,
  })

  it('retries a 429 after its Retry-After, not after a long flush interval', async () => {
    const net = network([{ status: 429, headers: { 'Retry-After': '2' } }, 200])
    const t = buildTracker({ endpoint: '/t', flushIntervalMs: 60_000 }, deps(net))
    t.track('login')
    await t.flush()
    await vi.advanceTimersByTimeAsync(4_000)
    expect(net.requests).toHaveLength(2)
    const gap = net.requests[1]!.at - net.requests[0]!.at
    expect(gap).toBeGreaterThanOrEqual(2_000)
    expect(gap).toBeLessThanOrEqual(4_000)
  })

  it('retries a 503 within the first backoff step, whatever the interval', async () => {
    const net = network([503, 200])
    const t = buildTracker({ endpoint: '/t', flushIntervalMs: 60_000 }, deps(net))
    t.track('login')
    await t.flush()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(net.requests).toHaveLength(2)
    expect(t.stats()).toEqual({ queued: 0, sent: 1, dropped: 0 })
  })

  it.each([
    ['answering 503', 503 as Reply],
    ['unreachable', 'offline' as Reply],
  ])('with the endpoint %s, pagehide stores the queue for the next page instead of a keepalive', async (_name, failure) => {
    const shared = sharedStorage()
    const window = new EventTarget() as unknown as Window
    const net = network(Array(5).fill(failure))
    const t = buildTracker({ endpoint: '/t', customerEmail: 'a@b.co', flushAt: 10 }, deps(net, { storage: () => shared.storage, window, navigator: { onLine: true } }))
    for (let index = 0; index < 10; index += 1) t.track('feature_used', { index })
    await vi.advanceTimersByTimeAsync(0)
    expect(net.requests).toHaveLength(1)
    window.dispatchEvent(new Event('pagehide'))
    expect(net.requests).toHaveLength(1)

    const back = network()
    const next = buildTracker({ endpoint: '/t' }, deps(back, { storage: () => shared.storage }))
    await vi.advanceTimersByTimeAsync(0)
    await next.flush()
    const delivered = back.requests.flatMap((request) => request.events.map((event) => event.message_id))
    expect(delivered).toHaveLength(10)
    expect(new Set(delivered).size).toBe(10)
  })

  it('sends with the credentials mode it was given, same-origin by default', async () => {
    const net = network()
    const withCookies = buildTracker({ endpoint: 'https://track.example/t', flushAt: 1, credentials: 'include' }, deps(net))
    withCookies.track('login')
    const plain = buildTracker({ endpoint: '/t', flushAt: 1 }, deps(net))
    plain.track('login')
    await vi.advanceTimersByTimeAsync(0)
    expect(net.requests.map((request) => request.init.credentials)).toEqual(['include', 'same-origin'])
    expect(() => buildTracker({ endpoint: '/t', credentials: 'always' as RequestCredentials }, deps(net))).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', details: [{ field: 'credentials', message: expect.any(String) }] }),
    )
  })

  it('works with its methods detached from the tracker', async () => {
    const net = network()
    const { track, flush, shutdown, stats } = buildTracker({ endpoint: '/t', customerEmail: 'a@b.co' }, deps(net))
    track('login')
    await flush()
    track('feature_used')
    await expect(shutdown()).resolves.toBeUndefined()
    expect(stats()).toEqual({ queued: 0, sent: 2, dropped: 0 })
  })
})
