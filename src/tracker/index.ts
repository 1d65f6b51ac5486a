export { createTracker } from './create-tracker.js'
export type { KnownEventName, Tracker, TrackerOptions, TrackerStats, TrackOptions } from './types.js'
export { WindbackError } from '../errors.js'
export type { WindbackErrorCode } from '../errors.js'
