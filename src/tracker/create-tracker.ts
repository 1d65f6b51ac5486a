import { createWarnOnce } from '../core/log.js'
import { isRejected, retryDelay, serverRetryDelay, type BackoffPolicy } from '../core/retry.js'
import { SECRET_KEY_MESSAGE, WindbackError } from '../errors.js'
import { createEventQueue, createIsoClock, isSnakeCase, keepaliveBatches, MAX_BATCH, type TrackedEvent } from './event-queue.js'
import { createTabStorage, withTabLock, type StorageWithKeys } from './tab-storage.js'

/** Event names the churn model understands (event-tracking seed); any other snake_case name is allowed. */
export type KnownEventName =
  | 'login'
  | 'feature_used'
  | 'subscription_renewed'
  | 'subscription_upgraded'
  | 'subscription_downgraded'
  | 'support_ticket_opened'
  | 'support_ticket_resolved'
  | 'invoice_paid'
  | 'invoice_overdue'
  | 'nps_response'
  | 'trial_started'
  | 'trial_ended'
  | 'refund_requested'

export interface TrackerOptions {
  /** Your own backend route that forwards to Windback with the secret key, e.g. `/api/windback/track`. */
  endpoint: string
  /** The signed-in customer; your proxy's `authorize` may override it. */
  customerEmail?: string
  /** Queue length that triggers a send. @default 20 */
  flushAt?: number
  /** Longest time an event waits before it is sent. @default 5000 */
  flushIntervalMs?: number
  /** Queue cap; beyond it the oldest events are dropped and counted in `stats().dropped`. @default 1000 */
  maxQueue?: number
}

export interface TrackOptions {
  /** ISO 8601; defaults to the time of the `track()` call. */
  timestamp?: string
  customerEmail?: string
}

export interface TrackerStats {
  queued: number
  sent: number
  dropped: number
}

export interface Tracker {
  /** Queues an event; never throws, never blocks (no storage write per call). */
  track(event: KnownEventName | (string & {}), properties?: Record<string, unknown>, options?: TrackOptions): void
  /** Sets the customer for the events tracked from now on. */
  identify(customerEmail: string): void
  /** Resolves when every event queued before the call was acknowledged, dropped, or rescheduled. Never rejects. */
  flush(): Promise<void>
  /** Flushes, then stops timers and listeners; what is left stays stored for the next page. */
  shutdown(): Promise<void>
  stats(): TrackerStats
}

export interface TrackerDeps {
  fetch: typeof fetch
  storage: () => StorageWithKeys | undefined
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'> & { location?: { origin: string } }
  document?: Pick<Document, 'visibilityState'>
  navigator?: { onLine?: boolean }
  now: () => number
  random: () => number
  /** A random id, taken once per tracker: it names the tab's storage and prefixes every message id. */
  newId: () => string
}

const RETRY: BackoffPolicy = { baseMs: 1000, maxMs: 60_000 }
const PERSIST_DELAY_MS = 300
/** The page's 64 KiB keepalive allowance, less what the cancel-flow outbox may need at the same moment. */
const KEEPALIVE_BUDGET_BYTES = 48_000

export function createTracker(options: TrackerOptions): Tracker {
  const browser = typeof window !== 'undefined'
  return buildTracker(options, {
    fetch: (...args) => fetch(...args),
    storage: () => (typeof localStorage === 'undefined' ? undefined : localStorage),
    ...(browser ? { window, document, navigator } : {}),
    now: Date.now,
    random: Math.random,
    // randomUUID exists only in secure contexts; an http: page still needs an id.
    newId: () => crypto.randomUUID?.() ?? Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2),
  })
}

function checkOptions(options: TrackerOptions) {
  if (typeof options !== 'object' || options === null) throw new WindbackError('INVALID_OPTIONS', 'createTracker needs { endpoint }')
  for (const value of Object.values(options)) {
    if (typeof value === 'string' && value.startsWith('sk_')) throw new WindbackError('INVALID_KEY', SECRET_KEY_MESSAGE)
  }
  if (typeof options.endpoint !== 'string' || !options.endpoint) {
    throw new WindbackError('INVALID_OPTIONS', 'endpoint must be the URL of your backend route that forwards events to Windback')
  }
  const positive = (name: 'flushAt' | 'flushIntervalMs' | 'maxQueue', fallback: number): number => {
    const value = options[name] ?? fallback
    if (!Number.isFinite(value) || value < 1) throw new WindbackError('INVALID_OPTIONS', `${name} must be a number ≥ 1`)
    return Math.floor(value)
  }
  return {
    flushAt: Math.min(positive('flushAt', 20), MAX_BATCH),
    flushIntervalMs: positive('flushIntervalMs', 5000),
    maxQueue: positive('maxQueue', 1000),
  }
}

/** {@link createTracker} with its collaborators given explicitly. */
export function buildTracker(options: TrackerOptions, deps: TrackerDeps): Tracker {
  const { flushAt, flushIntervalMs, maxQueue } = checkOptions(options)
  const { endpoint } = options
  let customerEmail = options.customerEmail
  const warnOnce = createWarnOnce()
  const queue = createEventQueue(maxQueue)
  const isoNow = createIsoClock(deps.now)
  const tabId = deps.newId()
  let sequence = 0
  /** Events in a request now; `true` for a keepalive request, which outlives the page. */
  const inFlight = new Map<TrackedEvent, boolean>()
  let handedOver = new Set<TrackedEvent>()
  // From pagehide until the page comes back (bfcache), every write marks the record adoptable:
  // the visibilitychange that follows a pagehide must not take that back.
  let pageGone = false
  let sent = 0
  let dropped = 0
  let failures = 0
  let retryAt = 0
  let flushTimer: ReturnType<typeof setTimeout> | undefined
  let flushDueAt = Infinity
  let persistTimer: ReturnType<typeof setTimeout> | undefined
  let sending: Promise<void> = Promise.resolve()
  let stopped = false
  const tabs = createTabStorage({ endpoint, tabId, storage: deps.storage, now: deps.now })
  // A cross-origin endpoint gets text/plain: a CORS-simple request needs no preflight, even with keepalive.
  const origin = deps.window?.location?.origin
  const contentType =
    origin && new URL(endpoint, origin).origin !== origin ? 'text/plain;charset=UTF-8' : 'application/json'

  const drop = (count: number) => {
    if (count > 0) {
      dropped += count
      warnOnce('full', `The event queue is full (maxQueue ${maxQueue}); the oldest events are being dropped.`)
    }
  }

  function persistNow() {
    clearTimeout(persistTimer)
    persistTimer = undefined
    // Once the page is gone, what a keepalive request carries is the request's to deliver.
    const events = pageGone ? queue.all().filter((event) => !inFlight.get(event)) : queue.all()
    if (!tabs.save(events, pageGone)) {
      warnOnce('storage', 'localStorage is unavailable or full: unsent events are kept for this page only.')
    }
    return events
  }
  const persistSoon = () => {
    persistTimer ??= setTimeout(persistNow, PERSIST_DELAY_MS)
  }

  function schedule() {
    if (stopped || queue.size() === 0) return
    const now = deps.now()
    const dueAt = Math.max(retryAt, queue.size() >= flushAt ? now : now + flushIntervalMs)
    if (flushTimer !== undefined && flushDueAt <= dueAt) return
    clearTimeout(flushTimer)
    flushDueAt = dueAt
    flushTimer = setTimeout(() => {
      flushTimer = undefined
      flushDueAt = Infinity
      void sendQueued()
    }, dueAt - now)
  }

  /** Sends one batch; true when it is settled (delivered or given up), false when it waits for a retry. */
  async function post(batch: TrackedEvent[], keepalive: boolean): Promise<boolean> {
    for (const event of batch) inFlight.set(event, keepalive)
    let settled = true
    let serverDelayMs: number | undefined
    try {
      const response = await deps.fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': contentType },
        body: JSON.stringify({ events: batch }),
        keepalive,
      })
      void response.body?.cancel().catch(() => undefined)
      if (response.ok) sent += batch.length
      else if (isRejected(response.status)) {
        dropped += batch.length
        warnOnce(`rejected:${response.status}`, `${endpoint} answered ${response.status}: those events are dropped (a 4xx other than 429 cannot succeed on retry).`)
      } else {
        settled = false
        serverDelayMs = serverRetryDelay(response.headers, deps.now())
      }
    } catch {
      settled = false
    }
    for (const event of batch) inFlight.delete(event)
    if (settled) {
      failures = 0
      queue.remove(new Set(batch))
    } else {
      failures += 1
      retryAt = deps.now() + retryDelay(failures, RETRY, serverDelayMs, deps.random)
    }
    return settled
  }

  /** Sends, one request at a time and in order, the queued events `include` selects (all by default). */
  function sendQueued(include?: ReadonlySet<TrackedEvent>): Promise<void> {
    sending = sending.then(async () => {
      let batch: TrackedEvent[]
      do {
        batch = queue
          .all()
          .filter((event) => !inFlight.has(event) && (!include || include.has(event)))
          .slice(0, MAX_BATCH)
      } while (batch.length > 0 && (await post(batch, false)))
      persistSoon()
      schedule()
    })
    // flush() never rejects, and one failed round must not break the chain for the next.
    sending = sending.catch((error: unknown) => warnOnce('send', 'Sending events failed unexpectedly.', error))
    return sending
  }

  const onHide = (event: Event) => {
    if (event.type === 'visibilitychange' && deps.document?.visibilityState !== 'hidden') return
    // Offline, a keepalive request would just fail after the page is gone; the next page sends them.
    if (deps.navigator?.onLine !== false) {
      const waiting = queue.all().filter((queued) => !inFlight.has(queued))
      for (const batch of keepaliveBatches(waiting, KEEPALIVE_BUDGET_BYTES)) void post(batch, true)
    }
    if (event.type === 'pagehide') {
      pageGone = true
      handedOver = new Set(persistNow())
    } else persistNow()
  }

  // Back from the back-forward cache: if another tab adopted what we stored, those events are its now.
  const onShow = (event: Event) => {
    if (!(event as PageTransitionEvent).persisted) return
    if (handedOver.size > 0 && !tabs.ownRecordExists()) queue.remove(handedOver)
    handedOver = new Set()
    pageGone = false
    persistNow()
    schedule()
  }

  const listen = (method: 'addEventListener' | 'removeEventListener') => {
    deps.window?.[method]('pagehide', onHide)
    deps.window?.[method]('visibilitychange', onHide)
    deps.window?.[method]('pageshow', onShow)
  }
  listen('addEventListener')

  void withTabLock('windback:tracker', () => {
    const orphans = tabs.adoptOrphans()
    if (orphans.length === 0) return
    drop(queue.prepend(orphans))
    persistNow()
    schedule()
  })

  // The name check only exists to warn the developer once, so each name is looked at the first
  // time it is tracked and track() stays cheap after that.
  const checkedNames = new Set<string>()
  return {
    track(name, properties, trackOptions) {
      if (stopped) return
      if (typeof name !== 'string' || name.length === 0 || name.length > 200) {
        warnOnce('name', 'track() needs an event name (a string of 1–200 characters); the event was ignored.')
        return
      }
      if (checkedNames.size < 1000 && !checkedNames.has(name)) {
        checkedNames.add(name)
        if (!isSnakeCase(name)) warnOnce('case', `Event names should be snake_case, like "feature_used" (got "${name}").`)
      }
      const stamp = trackOptions?.timestamp
      const event: TrackedEvent = {
        event: name,
        timestamp: stamp && !Number.isNaN(Date.parse(stamp)) ? stamp : isoNow(),
        message_id: `${tabId}.${(sequence += 1).toString(36)}`,
      }
      const email = trackOptions?.customerEmail ?? customerEmail
      if (email) event.customer_email = email
      if (properties !== undefined) {
        try {
          // A snapshot: the caller may change the object after the call.
          event.properties = JSON.parse(JSON.stringify(properties)) as Record<string, unknown>
        } catch {
          warnOnce('properties', `track("${name}"): properties must be JSON-serialisable; they were left out.`)
        }
      }
      drop(queue.push(event))
      persistSoon()
      if (queue.size() >= flushAt || flushTimer === undefined) schedule()
    },
    identify(email) {
      if (typeof email === 'string' && email.startsWith('sk_')) throw new WindbackError('INVALID_KEY', SECRET_KEY_MESSAGE)
      if (typeof email !== 'string' || !email.includes('@')) {
        throw new WindbackError('INVALID_OPTIONS', 'identify() needs the customer e-mail address')
      }
      customerEmail = email
    },
    flush() {
      return sendQueued(new Set(queue.all()))
    },
    async shutdown() {
      await this.flush()
      stopped = true
      clearTimeout(flushTimer)
      flushTimer = undefined
      listen('removeEventListener')
      persistNow()
    },
    stats: () => ({ queued: queue.size(), sent, dropped }),
  }
}
