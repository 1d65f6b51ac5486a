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
  const storage = () => {
    try {
      return options.storage()
    } catch {
      return undefined
    }
  }

  const read = (target: StorageWithKeys, key: string): TabRecord | undefined => {
    try {
      const record = JSON.parse(target.getItem(key) ?? 'null') as TabRecord | null
      return record && Array.isArray(record.events) && typeof record.endpoint === 'string' ? record : undefined
    } catch {
      return undefined
    }
  }

  return {
    /** Writes this tab's unsent events; false when storage is unavailable or full. */
    save(events: TrackedEvent[], closed = false): boolean {
      const target = storage()
      if (!target) return false
      try {
        if (events.length === 0) target.removeItem(ownKey)
        else {
          const record: TabRecord = { endpoint: options.endpoint, updatedAt: options.now(), events, ...(closed ? { closed } : {}) }
          target.setItem(ownKey, JSON.stringify(record))
        }
        return true
      } catch {
        return false
      }
    },
    /** This tab's record is still there (nobody adopted it while the page was in the bfcache). */
    ownRecordExists: (): boolean => {
      const target = storage()
      return target ? read(target, ownKey) !== undefined : false
    },
    /** Takes over the events of closed or dead tabs for the same endpoint. */
    adoptOrphans(): TrackedEvent[] {
      const target = storage()
      if (!target) return []
      const adopted: TrackedEvent[] = []
      const keys: string[] = []
      for (let index = 0; index < target.length; index += 1) {
        const key = target.key(index)
        if (key?.startsWith(PREFIX) && key !== ownKey) keys.push(key)
      }
      for (const key of keys) {
        const record = read(target, key)
        if (!record) {
          target.removeItem(key)
          continue
        }
        if (record.endpoint !== options.endpoint) continue
        if (!record.closed && options.now() - record.updatedAt < STALE_AFTER_MS) continue
        target.removeItem(key)
        adopted.push(...record.events)
      }
      return adopted.sort((a, b) => a.timestamp.localeCompare(b.timestamp))
    },
  }
}

/** Runs `task` while holding a cross-tab lock when the browser has Web Locks, else directly. */
export function withTabLock(name: string, task: () => void): Promise<void> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
  if (!locks) {
    task()
    return Promise.resolve()
  }
  return locks.request(name, async () => task()).then(
    () => undefined,
    () => task(),
  )
}
