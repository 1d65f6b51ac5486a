// dist/windback.standalone.umd.js: the script-tag build in one file that loads nothing later
// (every language inside), for hosts that must serve a single file.
import { startScriptTag } from './script-tag/start.js'

export * from './index.js'

startScriptTag()
