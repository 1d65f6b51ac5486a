import { bodyBytes } from '../core/keepalive.js'

/** One behaviour event as the tracker sends it to the track endpoint. */
export interface TrackedEvent {
  event: string
  customer_email?: string
  properties?: Record<string, unknown>
  timestamp: string
  message_id: string
}

/** At most this many events per request, as the Windback batch endpoint allows. */
export const MAX_BATCH = 100

/**
 * The unsent events, oldest first, capped at `maxQueue`: beyond it the oldest go. A head index
 * instead of `shift()`, so a full queue under a dead network stays O(1) per event.
 */
export function createEventQueue(maxQueue: number) {
  let items: TrackedEvent[] = []
  let head = 0
  /** Drops what exceeds the cap from the front; returns how many went. */
  const trim = () => {
    const excess = Math.max(0, items.length - head - maxQueue)
    head += excess
    if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head)
      head = 0
    }
    return excess
  }
  return {
    size: () => items.length - head,
    /** Adds the event; returns how many old events were dropped to make room. */
    push(event: TrackedEvent): number {
      items.push(event)
      return trim()
    },
    /** Puts events back at the front (adopted from storage), keeping the cap. Returns drops. */
    prepend(events: TrackedEvent[]): number {
      items = [...events, ...items.slice(head)]
      head = 0
      return trim()
    },
    remove(gone: ReadonlySet<TrackedEvent>): void {
      items = items.slice(head).filter((event) => !gone.has(event))
      head = 0
    },
    all: (): TrackedEvent[] => items.slice(head),
  }
}

/**
 * A caller's timestamp written the way `toISOString` writes it, which the proxy accepts:
 * `undefined` for anything that does not start as an ISO 8601 date or that the browser cannot
 * read. A date alone is midnight UTC and a time without a zone is the browser's local time, as
 * `Date.parse` reads them.
 */
export function normalizeTimestamp(stamp: string): string | undefined {
  const ms = Date.parse(stamp)
  return /^\d{4}-\d\d-\d\d(?:T|$)/.test(stamp) && ms === ms ? new Date(ms).toISOString() : undefined
}

export const isSnakeCase = (name: string): boolean => /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/.test(name)

/**
 * Event timestamps without `toISOString()` per call (about 1 µs in Chromium, a third of a whole
 * `track()`): events within one second share its formatted prefix and differ in milliseconds.
 */
export function createIsoClock(now: () => number): () => string {
  let second = NaN
  let prefix = ''
  return () => {
    const ms = Math.floor(now())
    const current = Math.floor(ms / 1000)
    if (current !== second) {
      second = current
      prefix = new Date(current * 1000).toISOString().slice(0, 20)
    }
    return `${prefix}${String(ms - current * 1000).padStart(3, '0')}Z`
  }
}

/**
 * Greedily packs events, oldest first, into requests of at most {@link MAX_BATCH} whose bodies
 * together fit the page's keepalive budget; what does not fit waits for the next page.
 */
export function keepaliveBatches(events: TrackedEvent[], budgetBytes: number): TrackedEvent[][] {
  const envelope = '{"events":[]}'.length
  const batches: TrackedEvent[][] = []
  let remaining = budgetBytes
  let batch: TrackedEvent[] = []
  for (const event of events) {
    const size = bodyBytes(JSON.stringify(event)) + 1
    const opening = batch.length === 0 || batch.length === MAX_BATCH
    if (size + (opening ? envelope : 0) > remaining) break
    if (opening) batches.push((batch = []))
    remaining -= size + (opening ? envelope : 0)
    batch.push(event)
  }
  return batches
}
