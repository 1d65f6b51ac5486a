import { isEmail } from '../core/email.js'
import { isSnakeCase, normalizeTimestamp, type TrackedEvent } from './event-queue.js'
import type { TrackOptions } from './types.js'

/** What became of a `track()` call: its event, or why there is none. */
export type BuiltEvent = TrackedEvent | 'ignored' | 'dropped'

/**
 * Turns `track()` calls into events, stamped and numbered at the call, with the checks that keep
 * an event the proxy would refuse out of the queue; used by the tracker and, by script tag, by
 * the stand-in that takes calls before the tracker's code has arrived.
 */
export function createEventBuilder(
  warnOnce: (key: string, message: string) => void,
  isoNow: () => string,
  /** Prefixes every message id: unique per tracker, so ids stay unique across tabs and pages. */
  idPrefix: string,
) {
  let sequence = 0
  // The name check only exists to warn the developer once, so each name is looked at the first
  // time it is tracked and track() stays cheap after that.
  const checkedNames = new Set<string>()
  return (name: string, properties: Record<string, unknown> | undefined, options: TrackOptions | undefined, customerEmail: string | undefined): BuiltEvent => {
    if (typeof name !== 'string' || name.length === 0 || name.length > 200) {
      warnOnce('name', 'bad-event-name: track() needs 1–200 characters; event ignored')
      return 'ignored'
    }
    if (checkedNames.size < 1000 && !checkedNames.has(name)) {
      checkedNames.add(name)
      if (!isSnakeCase(name)) warnOnce('case', `event-name-case: "${name}" is not snake_case`)
    }
    // The proxy refuses a bad e-mail or timestamp; caught here, it costs this event, not its batch.
    const stamp = options?.timestamp
    const timestamp = stamp === undefined ? isoNow() : normalizeTimestamp(stamp)
    const email = options?.customerEmail ?? customerEmail
    const bad = timestamp === undefined ? 'timestamp' : email === undefined || isEmail(email) ? '' : 'email'
    if (bad) {
      warnOnce(bad, `bad-${bad}: "${name}" dropped`)
      return 'dropped'
    }
    const event: TrackedEvent = { event: name, timestamp: timestamp!, message_id: `${idPrefix}.${(sequence += 1).toString(36)}` }
    if (email) event.customer_email = email
    if (properties !== undefined) {
      try {
        // A snapshot: the caller may change the object after the call.
        event.properties = JSON.parse(JSON.stringify(properties)) as Record<string, unknown>
      } catch {
        warnOnce('properties', `bad-properties: "${name}" sent without its properties (not JSON)`)
      }
    }
    return event
  }
}
