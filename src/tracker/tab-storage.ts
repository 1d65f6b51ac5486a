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

/**
 * Each tab keeps its unsent events under its own key, so tabs never send each other's events.
 * A new tab adopts the events of tabs that closed or died: it deletes their key in the same
 * task it reads it, under a Web Lock where there is one, so two tabs cannot both adopt them.
 */
export function createTabStorage(options: { endpoint: string; tabId: string; storage: () => StorageWithKeys | undefined; now: () => number }) {
  const ownKey = PREFIX + options.tabId
  // Any access may throw (storage disabled, full, or blocked in a sandboxed frame).
  const attempt = <T>(task: (target: StorageWithKeys) => T, fallback: T): T => {
    try {
      const target = options.storage()
      return target ? task(target) : fallback
    } catch {
      return fallback
    }
  }
  const read = (target: StorageWithKeys, key: string) =>
    attempt(() => {
      const record = JSON.parse(target.getItem(key) ?? 'null') as TabRecord | null
      return Array.isArray(record?.events) && typeof record.endpoint === 'string' ? record : undefined
    }, undefined)

  return {
    /** Writes this tab's unsent events; false when storage is unavailable or full. */
    save: (events: TrackedEvent[], closed: boolean): boolean =>
      attempt((target) => {
        if (events.length === 0) target.removeItem(ownKey)
        else target.setItem(ownKey, JSON.stringify({ endpoint: options.endpoint, updatedAt: options.now(), events, closed }))
        return true
      }, false),
    /** This tab's record is still there (nobody adopted it while the page was in the bfcache). */
    ownRecordExists: (): boolean => attempt((target) => read(target, ownKey) !== undefined, false),
    /** Takes over the events of closed or dead tabs for the same endpoint, oldest first. */
    adoptOrphans: (): TrackedEvent[] =>
      attempt((target) => {
        const adopted: TrackedEvent[] = []
        const keys = Array.from({ length: target.length }, (_, index) => target.key(index))
        for (const key of keys) {
          if (!key?.startsWith(PREFIX) || key === ownKey) continue
          const record = read(target, key)
          const live = record && !record.closed && options.now() - record.updatedAt < STALE_AFTER_MS
          if (record && (record.endpoint !== options.endpoint || live)) continue
          // An unreadable record is removed too: nothing could ever use it.
          target.removeItem(key)
          adopted.push(...(record?.events ?? []))
        }
        // Stable: events of one tab stamped in the same millisecond keep their order.
        return adopted.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0))
      }, []),
  }
}

/** Runs `task` while holding a cross-tab lock when the browser has Web Locks, else directly. */
export function withTabLock(name: string, task: () => void): Promise<unknown> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
  return locks ? locks.request(name, async () => task()).catch(task) : Promise.resolve(task())
}
