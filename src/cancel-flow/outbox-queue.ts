import { isRejected, retryDelay, type BackoffPolicy } from '../core/retry.js'

/** One submission waiting for a 2xx. Persisted as JSON, so plain data only. */
export interface OutboxEntry {
  /** The `submission_id`: the same on every attempt, so the server can dedupe. */
  id: string
  url: string
  publicKey: string
  body: string
  attempts: number
  /** Epoch ms before which the entry must not be sent again. */
  notBefore: number
  createdAt: number
}

export { OUTBOX_STORAGE_KEY } from '../defaults.js'

export const OUTBOX_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 5 * 60_000 }
/** A submission still undelivered after a week is about a cancellation long since handled. */
export const OUTBOX_MAX_AGE_MS = 7 * 24 * 60 * 60_000

export type Delivery =
  | { kind: 'delivered' }
  /** A 4xx other than 429: sending it again cannot succeed. */
  | { kind: 'rejected' }
  | { kind: 'retry'; serverDelayMs?: number }

export const classifyStatus = (status: number, serverDelayMs?: number): Delivery =>
  status >= 200 && status < 300
    ? { kind: 'delivered' }
    : isRejected(status)
      ? { kind: 'rejected' }
      : { kind: 'retry', ...(serverDelayMs === undefined ? {} : { serverDelayMs }) }

/** The entry after a failed attempt: one more attempt counted, the next one pushed back. */
export function afterFailedAttempt(entry: OutboxEntry, nowMs: number, serverDelayMs?: number, random?: () => number): OutboxEntry {
  const attempts = entry.attempts + 1
  return { ...entry, attempts, notBefore: nowMs + retryDelay(attempts, OUTBOX_BACKOFF, serverDelayMs, random) }
}

export const isExpired = (entry: OutboxEntry, nowMs: number): boolean => nowMs - entry.createdAt > OUTBOX_MAX_AGE_MS

/** Earliest `notBefore` among the entries, to know when to wake up next. */
export const nextWakeUp = (entries: readonly OutboxEntry[]): number | undefined =>
  entries.length === 0 ? undefined : Math.min(...entries.map((entry) => entry.notBefore))

/** Tolerates anything a stale or foreign writer may have left under our storage key. */
export function parseEntries(raw: string | null): OutboxEntry[] {
  if (!raw) return []
  try {
    const value: unknown = JSON.parse(raw)
    return Array.isArray(value) ? value.filter(isEntry) : []
  } catch {
    return []
  }
}

const isEntry = (value: unknown): value is OutboxEntry => {
  const entry = value as OutboxEntry
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.id === 'string' &&
    typeof entry.url === 'string' &&
    typeof entry.publicKey === 'string' &&
    typeof entry.body === 'string' &&
    typeof entry.attempts === 'number' &&
    typeof entry.notBefore === 'number' &&
    typeof entry.createdAt === 'number'
  )
}
