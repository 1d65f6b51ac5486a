import { pageState } from './page-state.js'

/**
 * Browsers let a page have at most 64 KiB of `keepalive` request bodies in flight at once; a
 * request past that fails at once. The cancel-flow outbox and the tracker both send at
 * `pagehide`, so they draw on this one page-wide ledger instead of each assuming the whole
 * allowance. A little is left for what the browser counts besides our bodies.
 */
const PAGE_KEEPALIVE_BYTES = 63_000

// On the page, not in this module: the script tag's tracker and its outbox are separate files,
// each with its own copy of this module, and must still share one ledger.
const ledger = () => pageState('@windback/browser:keepalive', () => ({ reserved: 0 }))

/** Bytes still free for keepalive bodies on this page. */
export const keepaliveBytesLeft = (): number => PAGE_KEEPALIVE_BYTES - ledger().reserved

/**
 * Claims `bytes` of the page's keepalive allowance; returns the release to call once the
 * request settled, or `undefined` when they do not fit (send it another way, or later).
 */
export function reserveKeepalive(bytes: number): (() => void) | undefined {
  if (bytes > keepaliveBytesLeft()) return undefined
  ledger().reserved += bytes
  let released = false
  return () => {
    if (released) return
    released = true
    ledger().reserved -= bytes
  }
}

/** What a request body weighs on the wire (UTF-8), which is what the allowance counts. */
export const bodyBytes = (text: string): number => new TextEncoder().encode(text).length
