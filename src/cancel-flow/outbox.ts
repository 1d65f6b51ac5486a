import { bodyBytes, reserveKeepalive } from '../core/keepalive.js'
import { serverRetryDelay } from '../core/retry.js'
import { errorFromResponse } from '../core/http.js'
import { createWarnOnce } from '../core/log.js'
import { createPersistentSlot, type KeyValueStorage } from '../core/storage.js'
import {
  afterFailedAttempt,
  classifyStatus,
  isExpired,
  nextWakeUp,
  OUTBOX_STORAGE_KEY,
  parseEntries,
  type Delivery,
  type OutboxEntry,
} from './outbox-queue.js'

export { OUTBOX_STORAGE_KEY }


export interface OutboxDeps {
  fetch: typeof fetch
  storage: () => KeyValueStorage | undefined
  /** Where `pagehide` / `visibilitychange` are listened to; absent outside a browser. */
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'>
  document?: Pick<Document, 'visibilityState'>
  now?: () => number
  random?: () => number
}

export interface Outbox {
  /** Stores the entry, then sends it; resolves when this first attempt is over (whatever its result). */
  enqueue(entry: Omit<OutboxEntry, 'attempts' | 'notBefore' | 'createdAt'>): Promise<void>
  /** Sends every entry that is due (after a reload: everything left over). */
  resume(): Promise<void>
  /** Number of undelivered entries. */
  size(): number
  /** Stops timers and listeners; stored entries stay for the next page. */
  stop(): void
}

/**
 * The durable queue for cancel-flow submissions: persisted in `localStorage` until a 2xx or a
 * 4xx other than 429, retried with backoff, flushed with `keepalive` when the page is hidden.
 * Listeners and a timer exist only while something is undelivered.
 */
export function createOutbox(deps: OutboxDeps): Outbox {
  const now = deps.now ?? Date.now
  const warnOnce = createWarnOnce()
  const slot = createPersistentSlot(OUTBOX_STORAGE_KEY, deps.storage, () =>
    warnOnce('storage', 'localStorage is unavailable or full: unsent cancel-flow answers are kept for this page only.'),
  )
  const inFlight = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let listening = false

  // Storage is re-read on every change: another tab may have delivered or added entries.
  const load = () => parseEntries(slot.read())
  const save = (entries: OutboxEntry[]) => slot.write(entries.length ? JSON.stringify(entries) : null)
  const update = (change: (entries: OutboxEntry[]) => OutboxEntry[]) => {
    const entries = change(load())
    save(entries)
    return entries
  }

  const onPageHidden = () => {
    if (deps.document && deps.document.visibilityState !== 'hidden') return
    // Even entries already in flight: an ordinary request dies with the page, a keepalive one does not.
    for (const entry of load()) {
      const release = reserveKeepalive(bodyBytes(entry.body))
      if (!release) break
      void send(entry, true).finally(release)
    }
  }

  const setListening = (on: boolean) => {
    if (!deps.window || on === listening) return
    listening = on
    const method = on ? 'addEventListener' : 'removeEventListener'
    deps.window[method]('pagehide', onPageHidden)
    deps.window[method]('visibilitychange', onPageHidden)
  }

  const schedule = (entries: OutboxEntry[]) => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    setListening(entries.length > 0)
    const wakeAt = nextWakeUp(entries.filter((entry) => !inFlight.has(entry.id)))
    if (wakeAt !== undefined) timer = setTimeout(() => void flushDue(), Math.max(0, wakeAt - now()))
  }

  async function attempt(entry: OutboxEntry, keepalive: boolean): Promise<Delivery> {
    try {
      const response = await deps.fetch(entry.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-API-Key': entry.publicKey },
        body: entry.body,
        keepalive,
      })
      const delivery = classifyStatus(response.status, serverRetryDelay(response.headers, now()))
      if (delivery.kind === 'rejected') {
        const error = await errorFromResponse(response)
        warnOnce(`rejected:${entry.id}`, `The cancel-flow answer ${entry.id} was rejected (${error.code}: ${error.message}) and will not be sent again.`)
      } else {
        // A keepalive response that is never read keeps holding the page's keepalive budget.
        await response.body?.cancel().catch(() => undefined)
      }
      return delivery
    } catch {
      return { kind: 'retry' }
    }
  }

  async function send(entry: OutboxEntry, keepalive = false): Promise<void> {
    inFlight.add(entry.id)
    const delivery = await attempt(entry, keepalive)
    inFlight.delete(entry.id)
    const entries = update((current) =>
      delivery.kind === 'retry'
        ? current.map((stored) =>
            stored.id === entry.id ? afterFailedAttempt(stored, now(), delivery.serverDelayMs, deps.random) : stored,
          )
        : current.filter((stored) => stored.id !== entry.id),
    )
    schedule(entries)
  }

  async function flushDue(): Promise<void> {
    const entries = update((current) => current.filter((entry) => !isExpired(entry, now())))
    const due = entries.filter((entry) => entry.notBefore <= now() && !inFlight.has(entry.id))
    schedule(entries)
    await Promise.all(due.map((entry) => send(entry)))
  }

  return {
    async enqueue(fields) {
      const entry: OutboxEntry = { ...fields, attempts: 0, notBefore: now(), createdAt: now() }
      update((entries) => [...entries.filter((stored) => stored.id !== entry.id), entry])
      await send(entry)
    },
    resume: flushDue,
    size: () => load().length,
    stop() {
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      setListening(false)
    },
  }
}
