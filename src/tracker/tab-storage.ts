import type { KeyValueStorage } from '../core/storage.js'
import type { TrackedEvent } from './event-queue.js'

const PREFIX = 'windback:tracker:v1:'
/** A tab that has not written for this long is taken for dead (crashed, killed) and its events adopted. */
export const STALE_AFTER_MS = 5 * 60_000

interface TabRecord {
  endpoint: string
  updatedAt: number
  /** Set on `pagehide`: the page is gone (or in the back-forward cache) and may be adopted now. */
  closed?: boolean
  events: TrackedEvent[]
}

export type StorageWithKeys = KeyValueStorage & Pick<Storage, 'key' | 'length'>

interface TabStorageOptions {
  endpoint: string
  tabId: string
  storage: () => StorageWithKeys | undefined
  now: () => number
}

// Any access may throw (storage disabled, full, or blocked in a sandboxed frame).
function attempt<T>(storage: () => StorageWithKeys | undefined, task: (target: StorageWithKeys) => T, fallback: T): T {
  try {
    const target = storage()
    return target ? task(target) : fallback
  } catch {
    return fallback
  }
}

function readRecord(target: StorageWithKeys, key: string): TabRecord | undefined {
  try {
    const record = JSON.parse(target.getItem(key) ?? 'null') as TabRecord | null
    return Array.isArray(record?.events) && typeof record.endpoint === 'string' ? record : undefined
  } catch {
    return undefined
  }
}

/**
 * Each tab keeps its unsent events under its own key, so tabs never send each other's events.
 * A record marked closed (or not written for {@link STALE_AFTER_MS}) is adopted by the next tab
 * whose tracker starts: see {@link adoptOrphans}.
 */
export function createTabRecord({ endpoint, tabId, storage, now }: TabStorageOptions) {
  const ownKey = PREFIX + tabId
  return {
    /** Writes this tab's unsent events; false when storage is unavailable or full. */
    save: (events: TrackedEvent[], closed: boolean): boolean =>
      attempt(
        storage,
        (target) => {
          if (events.length === 0) target.removeItem(ownKey)
          else target.setItem(ownKey, JSON.stringify({ endpoint, updatedAt: now(), events, closed }))
          return true
        },
        false,
      ),
    /** This tab's record is still there (nobody adopted it while the page was away). */
    exists: (): boolean => attempt(storage, (target) => readRecord(target, ownKey) !== undefined, false),
  }
}

/**
 * Takes over the events of closed or dead tabs for the same endpoint, oldest first. It deletes
 * their key in the same task it reads it, under a Web Lock where there is one
 * ({@link withTabLock}), so two tabs cannot both adopt them.
 */
export function adoptOrphans({ endpoint, tabId, storage, now }: TabStorageOptions): TrackedEvent[] {
  return attempt(
    storage,
    (target) => {
      const adopted: TrackedEvent[] = []
      const keys = Array.from({ length: target.length }, (_, index) => target.key(index))
      for (const key of keys) {
        if (!key?.startsWith(PREFIX) || key === PREFIX + tabId) continue
        const record = readRecord(target, key)
        const live = record && !record.closed && now() - record.updatedAt < STALE_AFTER_MS
        if (record && (record.endpoint !== endpoint || live)) continue
        // An unreadable record is removed too: nothing could ever use it.
        target.removeItem(key)
        adopted.push(...(record?.events ?? []))
      }
      // Stable: events of one tab stamped in the same millisecond keep their order.
      return adopted.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0))
    },
    [],
  )
}

/** Runs `task` while holding a cross-tab lock when the browser has Web Locks, else directly. */
export function withTabLock(name: string, task: () => void): Promise<unknown> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
  return locks ? locks.request(name, async () => task()).catch(task) : Promise.resolve(task())
}
