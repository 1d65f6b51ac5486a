// dist/windback.umd.js, the <script> build: window.Windback gets the main entry's functions and
// the tag's data attributes are read. Languages other than English load on demand from beside
// this file (dist/locales/), so it must be served with its folder.
import { startScriptTag } from './script-tag/start.js'
import { rememberScriptUrl } from './ui/locale-loaders.umd.js'

export * from './index.js'

// Our own URL, to find dist/locales/ later; only knowable while this script runs.
if (typeof document !== 'undefined') rememberScriptUrl(document.currentScript)
startScriptTag()
