// The <script> build: window.Windback gets the main entry's functions, and the script tag's
// data attributes are read while `document.currentScript` still points at it.
import { initFromScriptTag } from './script-tag/auto-init.js'
import { rememberScriptUrl } from './ui/locale-loaders.umd.js'

export * from './index.js'

if (typeof document !== 'undefined') {
  // Our own URL, to find dist/locales/ later; only knowable while this script runs.
  rememberScriptUrl(document.currentScript)
  const { tracker } = initFromScriptTag(document)
  // The UMD wrapper has made window.Windback (this module's exports object) before running us.
  const global = globalThis as { Windback?: Record<string, unknown> }
  if (tracker && global.Windback) global.Windback['tracker'] = tracker
}
