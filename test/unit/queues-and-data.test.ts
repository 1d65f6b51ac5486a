// The tracker's queue and batching, and the proxy's checks on what passes through it, at their edges.
import { describe, expect, it } from 'vitest'
import { personalDataKinds } from '../../src/server/personal-data.js'
import { createRedactor, redactDeep } from '../../src/server/redact.js'
import { createEventQueue, createIsoClock, isSnakeCase, keepaliveBatches, MAX_BATCH, type TrackedEvent } from '../../src/tracker/event-queue.js'

const event = (index: number): TrackedEvent => ({ event: 'e', timestamp: '2026-12-01T00:00:00.000Z', message_id: `m${index}` })
const ids = (events: TrackedEvent[]) => events.map((item) => item.message_id)

describe('the event queue', () => {
  it('drops the oldest beyond the cap and says how many, in order, through many compactions', () => {
    const queue = createEventQueue(3)
    const dropped = Array.from({ length: 5000 }, (_, index) => queue.push(event(index)))
    expect(dropped.slice(0, 4)).toEqual([0, 0, 0, 1])
    expect(dropped.reduce((sum, count) => sum + count, 0)).toBe(4997)
    expect(ids(queue.all())).toEqual(['m4997', 'm4998', 'm4999'])
    expect(queue.size()).toBe(3)
  })

  it('puts adopted events in front of its own, keeping the newest when over the cap', () => {
    const queue = createEventQueue(4)
    for (let index = 0; index < 2000; index += 1) queue.push(event(index))
    expect(queue.prepend([event(-2), event(-1)])).toBe(2)
    expect(ids(queue.all())).toEqual(['m1996', 'm1997', 'm1998', 'm1999'])
    const roomy = createEventQueue(10)
    roomy.push(event(1))
    expect(roomy.prepend([event(-1)])).toBe(0)
    expect(ids(roomy.all())).toEqual(['m-1', 'm1'])
  })

  it('removes exactly the given events', () => {
    const queue = createEventQueue(10)
    const events = [event(0), event(1), event(2)]
    for (const item of events) queue.push(item)
    queue.remove(new Set([events[1]!]))
    expect(ids(queue.all())).toEqual(['m0', 'm2'])
    expect(queue.size()).toBe(2)
  })
})

describe('event names and timestamps', () => {
  it.each([
    ['feature_used', true],
    ['login', true],
    ['step2_done', true],
    ['Feature_used', false],
    ['feature-used', false],
    ['feature__used', false],
    ['_feature', false],
    ['feature_', false],
    ['2fa_enabled', false],
    ['feature used', false],
  ])('%j is snake_case: %s', (name, expected) => {
    expect(isSnakeCase(name)).toBe(expected)
  })

  it('formats each millisecond as ISO 8601, across second boundaries', () => {
    let now = Date.UTC(2026, 11, 1, 10, 0, 59, 998)
    const clock = createIsoClock(() => now)
    const stamps = [clock()]
    now += 1
    stamps.push(clock())
    now += 1
    stamps.push(clock())
    now += 1000.7
    stamps.push(clock())
    expect(stamps).toEqual(['2026-12-01T10:00:59.998Z', '2026-12-01T10:00:59.999Z', '2026-12-01T10:01:00.000Z', '2026-12-01T10:01:01.000Z'])
    for (const stamp of stamps) expect(new Date(Date.parse(stamp)).toISOString()).toBe(stamp)
  })
})

describe('keepalive batches', () => {
  const bytes = (batch: TrackedEvent[]) => JSON.stringify({ events: batch }).length

  it('fills the budget exactly, and not a byte over', () => {
    const events = [event(1), event(2), event(3)]
    // Each event is counted with a separator, so the budget for all three is their body plus one.
    const needed = bytes(events) + 1
    expect(ids(keepaliveBatches(events, needed).flat())).toEqual(['m1', 'm2', 'm3'])
    expect(ids(keepaliveBatches(events, needed - 1).flat())).toEqual(['m1', 'm2'])
    expect(keepaliveBatches(events, 10)).toEqual([])
  })

  it(`splits at ${MAX_BATCH} events a request, each request paying for its own envelope`, () => {
    const events = Array.from({ length: MAX_BATCH * 2 + 1 }, (_, index) => event(index))
    const batches = keepaliveBatches(events, 1_000_000)
    expect(batches.map((batch) => batch.length)).toEqual([MAX_BATCH, MAX_BATCH, 1])
    const total = batches.reduce((sum, batch) => sum + bytes(batch) + 1, 0)
    expect(ids(keepaliveBatches(events, total).flat())).toHaveLength(events.length)
    expect(ids(keepaliveBatches(events, total - 1).flat())).toHaveLength(events.length - 1)
  })
})

describe('personal data in event properties', () => {
  it.each([
    [{ contact: 'jane@example.com' }, ['email']],
    [{ contact: 'write to jane@example.co.uk today' }, ['email']],
    [{ contact: 'a@b.c' }, []],
    [{ contact: 'jane@example' }, []],
    [{ card: '4242 4242 4242 4242' }, ['card']],
    [{ card: '5555-5555-5555-4444' }, ['card']],
    [{ card: '4242 4242 4242 4241' }, []],
    [{ card: '5555-5555-5555-4445' }, []],
    [{ card: 4242424242424242 }, ['card']],
    [{ card: 4242424242424241 }, []],
    [{ order: 123456789012 }, []],
    [{ phone: '+1 415 555 2671' }, []],
    [{ a: { b: { c: 'jane@example.com' } } }, ['email']],
    [{ a: { b: { c: { d: 'jane@example.com' } } } }, []],
    [{ list: ['x', { card: '4242424242424242' }] }, ['card']],
    [{ both: 'jane@example.com 4242424242424242' }, ['email', 'card']],
    [{ none: null, flag: true, list: [null] }, []],
  ])('%j → %j', (properties, kinds) => {
    expect(personalDataKinds(properties)).toEqual(kinds)
  })
})

describe('redaction of the secret key', () => {
  it('replaces each form of the key and leaves the rest of the text as it was', () => {
    const redact = createRedactor('sk_live_a.b+c')
    expect(redact('bad key sk_live_a.b+c, try again')).toBe('bad key [redacted], try again')
    expect(redact('sk%5Flive%5Fa%2Eb%2Bc|\\u0073k_live_a.b+c|\\x73k_live_a.b+c')).toBe('[redacted]|[redacted]|[redacted]')
    expect(redact('SK_LIVE_A.B+C')).toBe('[redacted]')
    // Regex characters in a key match only themselves.
    expect(redact('sk_live_aXbbc sk_live_a.bbc')).toBe('sk_live_aXbbc sk_live_a.bbc')
  })

  it('reaches every string and key of a body, and nothing else changes', () => {
    const redact = createRedactor('sk_test_123')
    expect(redactDeep({ n: 1, ok: true, none: null, list: ['sk_test_123', 2], sk_test_123: { deep: 'x sk_test_123' } }, redact)).toEqual({
      n: 1,
      ok: true,
      none: null,
      list: ['[redacted]', 2],
      '[redacted]': { deep: 'x [redacted]' },
    })
  })
})
