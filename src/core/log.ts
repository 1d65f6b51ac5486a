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

// C0 and C1 controls (CR/LF forge lines, ESC starts terminal sequences) and the marks that reorder
// text (a right-to-left override makes a line read otherwise than it is).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** `text` with every character that could forge or disguise a log line written as `\uXXXX`. */
export const printable = (text: string): string =>
  text.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
