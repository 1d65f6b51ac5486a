// dist/windback.umd.js, the file for a <script> tag: window.Windback gets the main entry's
// functions, the tag's data attributes are read and cancel links bound. The modal, the outbox
// and the languages load on demand from dist/script-tag/ beside this file, each with its
// build-time integrity hash, so this file must be served with its folder.
import { rememberLoaderScript } from './script-tag/on-demand.js'
import { startScriptTag } from './script-tag/start.js'

export * from './index.js'

if (typeof document !== 'undefined') {
  const own = document.currentScript
  rememberLoaderScript(own instanceof HTMLScriptElement ? own : null)
}
startScriptTag()
