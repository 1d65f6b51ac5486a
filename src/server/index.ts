export { createTrackProxy } from './track-proxy.js'
export type { TrackProxyOptions } from './track-proxy.js'
export { toNodeHandler } from './node-handler.js'
export { WindbackError } from '../errors.js'
