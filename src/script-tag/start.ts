import { warn } from '../core/log.js'
import { initFromScriptTag } from './auto-init.js'

// Set on the document by the first copy of the script tag that starts on a page.
const STARTED = Symbol.for('@windback/browser:script-tag')

/**
 * What both script-tag files do while they run: read their own tag's data attributes (only
 * knowable now, through `document.currentScript`), bind cancel links, resume stored answers, and
 * put the tag's tracker on `window.Windback.tracker`.
 */
export function startScriptTag(): void {
  if (typeof document === 'undefined') return
  const marked = document as unknown as Record<symbol, true | undefined>
  if (marked[STARTED]) {
    // A second copy (a CMS and a template both adding the tag): a second binding would open two flows per click.
    warn('The script tag is on this page twice; the second copy binds nothing.')
    return
  }
  marked[STARTED] = true
  const { tracker } = initFromScriptTag(document)
  // The UMD wrapper has made window.Windback (the entry's exports object) before running us.
  const global = globalThis as { Windback?: Record<string, unknown> }
  if (tracker && global.Windback) global.Windback['tracker'] = tracker
}
