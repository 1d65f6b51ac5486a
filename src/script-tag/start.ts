import { initFromScriptTag } from './auto-init.js'

/**
 * What both script-tag files do while they run: read their own tag's data attributes (only
 * knowable now, through `document.currentScript`), bind cancel links, resume stored answers, and
 * put the tag's tracker on `window.Windback.tracker`.
 */
export function startScriptTag(): void {
  if (typeof document === 'undefined') return
  const { tracker } = initFromScriptTag(document)
  // The UMD wrapper has made window.Windback (the entry's exports object) before running us.
  const global = globalThis as { Windback?: Record<string, unknown> }
  if (tracker && global.Windback) global.Windback['tracker'] = tracker
}
