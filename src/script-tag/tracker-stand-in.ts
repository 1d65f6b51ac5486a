import { warn } from '../core/log.js'
import { randomUuid } from '../core/random-id.js'
import { browserLocalStorage } from '../core/storage.js'
import type { TrackedEvent } from '../tracker/event-queue.js'
import { assertCustomerEmail, normalizeTrackerOptions } from '../tracker/options.js'
import { createTabRecord } from '../tracker/tab-storage.js'
import type { Tracker, TrackerOptions } from '../tracker/types.js'
import { whenLoadedAndIdle } from './when-idle.js'

/** What dist/script-tag/signals.js hands over: the tracker itself. */
export interface TrackerCode {
  createTracker(options: TrackerOptions): Tracker
}

/**
 * The script tag's `createTracker`: checks the options at once (an `sk_` value or a missing
 * endpoint throws before any file loads) and returns a tracker that takes calls at once, while
 * the tracker's own code loads through the script tag's integrity chain on the first call, or
 * once the page has loaded and is idle (never holding up the page's own load). Each call is
 * stamped as it is made and replayed, in order, into the tracker once it arrives, which checks
 * it as it would have then. If the code cannot load (blocked, tampered, offline), or the page is
 * hidden before it arrives, the calls are stored the way the tracker stores its queue, as a
 * closed tab's: the next page whose tracker loads sends them, once.
 */
export function createTrackerStandIn(options: TrackerOptions, loadTrackerCode: () => Promise<TrackerCode>): Tracker {
  const { customerEmail: initialEmail, endpoint } = normalizeTrackerOptions(options)
  const id = randomUuid()
  const tabs = createTabRecord({ endpoint, tabId: id, storage: browserLocalStorage, now: Date.now })
  let customerEmail = initialEmail
  let waiting: TrackedEvent[] = []
  let real: Tracker | undefined
  let unavailable = false
  /** Whether `waiting` is in storage now, where another tab may adopt it. */
  let stored = false

  /** Stores what waits as a closed tab's record, adoptable by the next page (or another tab). */
  const store = () => {
    // Another tab adopted what was stored: those events are its to send now.
    if (stored && !tabs.exists()) waiting = []
    stored = tabs.save(waiting, true) && waiting.length > 0
  }
  /** Takes back what was stored, unless another tab adopted it meanwhile. */
  const takeBack = () => {
    if (!stored) return
    if (!tabs.exists()) waiting = []
    tabs.save([], false)
    stored = false
  }
  const onPageChange = (event: Event) => {
    if (event.type === 'pagehide' || document.visibilityState === 'hidden') store()
    else if (!unavailable) takeBack()
  }
  const listen = (method: 'addEventListener' | 'removeEventListener') => {
    for (const type of ['pagehide', 'pageshow', 'visibilitychange']) window[method](type, onPageChange)
  }
  listen('addEventListener')

  let arrival: Promise<void> | undefined
  /** Loads the tracker's code on the first call, or once the page has loaded and is idle. */
  const arrived = () =>
    (arrival ??= loadTrackerCode().then(
      (code) => {
        listen('removeEventListener')
        takeBack()
        real = code.createTracker({ ...options, ...(customerEmail ? { customerEmail } : {}) })
        for (const event of waiting) {
          real.track(event.event, event.properties, { timestamp: event.timestamp, ...(event.customer_email ? { customerEmail: event.customer_email } : {}) })
        }
        waiting = []
      },
      () => {
        unavailable = true
        warn('tracker-unavailable: its code could not be loaded; events are stored for the next page')
        store()
      },
    ))
  whenLoadedAndIdle(() => void arrived())
  const afterArrival = (then: (tracker: Tracker) => Promise<void>) => arrived().then(() => real && then(real))

  let sequence = 0
  return {
    track(name, properties, trackOptions) {
      if (real) return real.track(name, properties, trackOptions)
      const event: TrackedEvent = {
        event: name,
        timestamp: trackOptions?.timestamp ?? new Date().toISOString(),
        message_id: `${id}.${(sequence += 1).toString(36)}`,
      }
      const email = trackOptions?.customerEmail ?? customerEmail
      if (email) event.customer_email = email
      try {
        // A snapshot: the caller may change the object after the call.
        if (properties !== undefined) event.properties = JSON.parse(JSON.stringify(properties)) as Record<string, unknown>
      } catch {
        // Sent without them, as the tracker sends it (the tracker's bad-properties warning is not given here).
      }
      waiting.push(event)
      if (unavailable || stored) store()
      void arrived()
    },
    identify(email) {
      assertCustomerEmail(email)
      customerEmail = email
      real?.identify(email)
      void arrived()
    },
    flush: () => afterArrival((tracker) => tracker.flush()),
    shutdown: () => afterArrival((tracker) => tracker.shutdown()),
    stats: () => real?.stats() ?? { queued: waiting.length, sent: 0, dropped: 0 },
  }
}
