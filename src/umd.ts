// dist/windback.umd.js, the file for a <script> tag: window.Windback gets the main entry's
// functions, the tag's data attributes are read and cancel links bound. The modal, the outbox,
// the tracker and the languages load on demand from dist/script-tag/ beside this file, each with
// its build-time integrity hash, so this file must be served with its folder.
import { loadTrackerCode, rememberLoaderScript } from './script-tag/replacements/cancel-flow/on-demand.js'
import { startScriptTag } from './script-tag/start.js'
import { createTrackerStandIn } from './script-tag/tracker-stand-in.js'
import type { Tracker, TrackerOptions } from './tracker/types.js'

export * from './index.js'

/**
 * The tracker, by script tag: returned at once, its code loaded on demand, so a billing page that
 * never tracks never downloads it. (This export takes the place of the main entry's.)
 */
export const createTracker = (options: TrackerOptions): Tracker => createTrackerStandIn(options, loadTrackerCode)

if (typeof document !== 'undefined') {
  const own = document.currentScript
  rememberLoaderScript(own instanceof HTMLScriptElement ? own : null)
}
startScriptTag(createTracker)
