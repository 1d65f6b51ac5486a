// The <script> build: window.Windback gets the main entry's functions, and the script tag's
// data attributes are read while `document.currentScript` still points at it.
import { initFromScriptTag } from './script-tag/auto-init.js'

export * from './index.js'

if (typeof document !== 'undefined') initFromScriptTag(document)
