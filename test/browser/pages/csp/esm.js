import * as windback from '/dist/index.js'

window.windback = windback
