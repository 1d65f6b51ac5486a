/** The slice of `Storage` we use; `localStorage` or a test double. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/**
 * One storage key holding a string, kept in memory as well: when `localStorage` is missing,
 * blocked (sandboxed iframes, some privacy modes) or full, the value still lives for the page,
 * and `onUnavailable` hears of it each time storage throws (reaching it, reading or writing).
 */
export function createPersistentSlot(key: string, getStorage: () => KeyValueStorage | undefined, onUnavailable: () => void) {
  let memory: string | null = null
  // After a failed write the stored value is stale, so the memory copy is the truth.
  let lastWriteFailed = false
  const storage = (): KeyValueStorage | undefined => {
    try {
      return getStorage()
    } catch {
      onUnavailable()
      return undefined
    }
  }
  return {
    read(): string | null {
      if (lastWriteFailed) return memory
      try {
        const target = storage()
        if (target) return target.getItem(key)
      } catch {
        // Storage access can throw (SecurityError); the memory copy is what we have.
        onUnavailable()
      }
      return memory
    },
    write(value: string | null): void {
      memory = value
      try {
        const target = storage()
        if (!target) return
        if (value === null) target.removeItem(key)
        else target.setItem(key, value)
        lastWriteFailed = false
      } catch {
        lastWriteFailed = true
        onUnavailable()
      }
    },
  }
}

/** The page's `localStorage`, or `undefined` where there is none (a server, a worker). */
export const browserLocalStorage = (): Storage | undefined =>
  typeof localStorage === 'undefined' ? undefined : localStorage
