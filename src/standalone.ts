// dist/windback.standalone.umd.js: the script-tag build in one file that loads nothing later
// (every language and the tracker inside), for hosts that must serve a single file.
import { startScriptTag } from './script-tag/start.js'
import { createTracker } from './tracker/create-tracker.js'

export * from './index.js'

startScriptTag(createTracker)
