import { warn } from '../core/log.js'
import type { Tracker, TrackerOptions } from '../tracker/types.js'
import { initFromScriptTag } from './auto-init.js'

// Answered by the copy of the script tag that bound the page's cancel links. An event, not a flag:
// document.open() removes that copy's listeners, and then the next copy must bind again.
const PROBE = 'windback:script-tag-probe'

/**
 * What both script-tag files do while they run: read their own tag's data attributes (only
 * knowable now, through `document.currentScript`), bind cancel links, resume stored answers, and
 * put the tag's tracker on `window.Windback.tracker`.
 */
export function startScriptTag(createTracker: (options: TrackerOptions) => Tracker): void {
  if (typeof document === 'undefined') return
  const probe = new CustomEvent<{ bound?: true }>(PROBE, { detail: {} })
  document.dispatchEvent(probe)
  if (probe.detail.bound) {
    // A second copy (a CMS and a template both adding the tag): a second binding would open two flows per click.
    warn('The script tag is on this page twice; the second copy binds nothing.')
    return
  }
  document.addEventListener(PROBE, (event) => ((event as CustomEvent<{ bound?: true }>).detail.bound = true))
  const { tracker } = initFromScriptTag(document, createTracker)
  // The UMD wrapper has made window.Windback (the entry's exports object) before running us.
  const global = globalThis as { Windback?: Record<string, unknown> }
  if (tracker && global.Windback) global.Windback['tracker'] = tracker
}
