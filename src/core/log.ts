const PREFIX = '[windback]'

/** One prefixed console line; runtime problems are reported here, never thrown into the host page. */
export const warn = (message: string, ...extra: unknown[]): void => console.warn(`${PREFIX} ${message}`, ...extra)
export const logError = (message: string, ...extra: unknown[]): void => console.error(`${PREFIX} ${message}`, ...extra)

/** A `warn` that speaks only the first time for each key, so a loop cannot flood the console. */
export function createWarnOnce(): (key: string, message: string, ...extra: unknown[]) => void {
  const seen = new Set<string>()
  return (key, message, ...extra) => {
    if (seen.has(key)) return
    seen.add(key)
    warn(message, ...extra)
  }
}
