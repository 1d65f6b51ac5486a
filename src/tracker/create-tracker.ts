import { bodyBytes, keepaliveBytesLeft, reserveKeepalive } from '../core/keepalive.js'
import { createWarnOnce } from '../core/log.js'
import { randomUuid } from '../core/random-id.js'
import { isRejected, retryDelay, serverRetryDelay, type BackoffPolicy } from '../core/retry.js'
import { browserLocalStorage } from '../core/storage.js'
import { createEventBuilder } from './build-event.js'
import { createEventQueue, createIsoClock, keepaliveBatches, MAX_BATCH, type TrackedEvent } from './event-queue.js'
import { assertCustomerEmail, normalizeTrackerOptions } from './options.js'
import { adoptOrphans, createTabRecord, withTabLock, type StorageWithKeys } from './tab-storage.js'
import type { Tracker, TrackerOptions } from './types.js'

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
/** Of the page's keepalive allowance, what the tracker leaves for cancel-flow answers, which matter more. */
const ANSWERS_KEEPALIVE_SHARE = 16_000

/**
 * Batches behaviour events to your own backend route (see the README's "Track behaviour"):
 * retried with backoff, kept in `localStorage` across reloads, sent with `keepalive` as the page goes.
 * Throws `INVALID_KEY` for an `sk_` value and `INVALID_OPTIONS` for bad options.
 */
export function createTracker(options: TrackerOptions): Tracker {
  const browser = typeof window !== 'undefined'
  return buildTracker(options, {
    fetch: (...args) => fetch(...args),
    storage: browserLocalStorage,
    ...(browser ? { window, document, navigator } : {}),
    now: Date.now,
    random: Math.random,
    newId: randomUuid,
  })
}

/** {@link createTracker} with its collaborators given explicitly. */
export function buildTracker(options: TrackerOptions, deps: TrackerDeps): Tracker {
  const { endpoint, flushAt, flushIntervalMs, maxQueue, credentials, ...initial } = normalizeTrackerOptions(options)
  let customerEmail = initial.customerEmail
  const warnOnce = createWarnOnce()
  const queue = createEventQueue(maxQueue)
  const tabId = deps.newId()
  const buildEvent = createEventBuilder(warnOnce, createIsoClock(deps.now), tabId)
  /** Events in a request now; `true` for a keepalive request, which outlives the page. */
  const inFlight = new Map<TrackedEvent, boolean>()
  let handedOver = new Set<TrackedEvent>()
  // From pagehide until the page comes back (bfcache), every write marks the record adoptable:
  // the visibilitychange that follows a pagehide must not take that back.
  let pageGone = false
  let sent = 0
  let dropped = 0
  /** Failed attempts in a row; above zero, a retry is pending and the endpoint is not to be trusted. */
  let failures = 0
  let retryAt = 0
  let flushTimer: ReturnType<typeof setTimeout> | undefined
  let flushDueAt = Infinity
  let persistTimer: ReturnType<typeof setTimeout> | undefined
  let sending: Promise<void> = Promise.resolve()
  let stopped = false
  const tabStorage = { endpoint, tabId, storage: deps.storage, now: deps.now }
  const tabs = createTabRecord(tabStorage)
  // A cross-origin endpoint gets text/plain: a CORS-simple request needs no preflight, even with keepalive.
  const origin = deps.window?.location?.origin
  const contentType =
    origin && new URL(endpoint, origin).origin !== origin ? 'text/plain;charset=UTF-8' : 'application/json'

  const drop = (count: number) => {
    if (count > 0) {
      dropped += count
      warnOnce('full', `queue-full: maxQueue ${maxQueue} reached, dropping the oldest events`)
    }
  }

  function persistNow() {
    clearTimeout(persistTimer)
    persistTimer = undefined
    // Once the page is gone, what a keepalive request carries is the request's to deliver.
    const events = pageGone ? queue.all().filter((event) => !inFlight.get(event)) : queue.all()
    if (!tabs.save(events, pageGone)) {
      warnOnce('storage', 'storage-unavailable: unsent events are kept for this page only')
    }
    return events
  }
  const persistSoon = () => {
    persistTimer ??= setTimeout(persistNow, PERSIST_DELAY_MS)
  }

  function schedule() {
    if (stopped || queue.size() === 0) return
    const now = deps.now()
    // A pending retry follows its backoff (or Retry-After) alone; the interval only paces new sends.
    const dueAt = failures > 0 ? retryAt : queue.size() >= flushAt ? now : now + flushIntervalMs
    if (flushTimer !== undefined && flushDueAt <= dueAt) return
    clearTimeout(flushTimer)
    flushDueAt = dueAt
    flushTimer = setTimeout(() => {
      flushTimer = undefined
      flushDueAt = Infinity
      void sendQueued()
    }, Math.max(0, dueAt - now))
  }

  /** Sends one batch; true when it is settled (delivered or given up), false when it waits for a retry. */
  async function post(batch: TrackedEvent[], keepalive: boolean, body = JSON.stringify({ events: batch })): Promise<boolean> {
    for (const event of batch) inFlight.set(event, keepalive)
    let settled = true
    let serverDelayMs: number | undefined
    try {
      const response = await deps.fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': contentType },
        body,
        keepalive,
        credentials,
      })
      // Unread, a response keeps holding its share of the page's keepalive allowance.
      void response.body?.cancel().catch(() => undefined)
      if (response.ok) sent += batch.length
      else if (isRejected(response.status)) {
        dropped += batch.length
        warnOnce(`rejected:${response.status}`, `events-rejected: ${endpoint} answered ${response.status}, events dropped`)
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
    sending = sending.catch((error: unknown) => warnOnce('send', 'send-failed', error))
    return sending
  }

  /**
   * The page is going (or hidden, which may be the last chance). Only an endpoint that answered
   * its last request gets the queue by keepalive, which leaves nothing stored: if that request
   * fails too, those events are lost (README: Limits). Offline, or with a retry pending, a
   * keepalive request would most likely fail, so everything is stored for the next page instead.
   */
  const onHide = (event: Event) => {
    if (event.type === 'visibilitychange' && deps.document?.visibilityState !== 'hidden') return
    if (failures === 0 && deps.navigator?.onLine !== false) {
      const waiting = queue.all().filter((queued) => !inFlight.has(queued))
      for (const batch of keepaliveBatches(waiting, keepaliveBytesLeft() - ANSWERS_KEEPALIVE_SHARE)) {
        const body = JSON.stringify({ events: batch })
        const release = reserveKeepalive(bodyBytes(body))
        if (release) void post(batch, true, body).finally(release)
      }
    }
    if (event.type === 'pagehide') {
      pageGone = true
      handedOver = new Set(persistNow())
    } else persistNow()
  }

  // Back from the back-forward cache: if another tab adopted what we stored, those events are its now.
  const onShow = (event: Event) => {
    if (!(event as PageTransitionEvent).persisted) return
    if (handedOver.size > 0 && !tabs.exists()) queue.remove(handedOver)
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
    const orphans = adoptOrphans(tabStorage)
    if (orphans.length === 0) return
    drop(queue.prepend(orphans))
    persistNow()
    schedule()
  })

  const flush = () => sendQueued(new Set(queue.all()))

  return {
    track(name, properties, trackOptions) {
      if (stopped) return
      const event = buildEvent(name, properties, trackOptions, customerEmail)
      if (event === 'dropped') dropped += 1
      if (typeof event !== 'object') return
      drop(queue.push(event))
      persistSoon()
      if (queue.size() >= flushAt || flushTimer === undefined) schedule()
    },
    identify(email) {
      assertCustomerEmail(email)
      customerEmail = email
    },
    flush,
    async shutdown() {
      await flush()
      stopped = true
      clearTimeout(flushTimer)
      flushTimer = undefined
      listen('removeEventListener')
      persistNow()
    },
    stats: () => ({ queued: queue.size(), sent, dropped }),
  }
}
