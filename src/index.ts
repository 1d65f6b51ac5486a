export { createCancelFlow, openCancelFlow } from './cancel-flow/create-cancel-flow.js'
export { WindbackError, isWindbackError } from './errors.js'
export type { WindbackErrorCode, WindbackErrorDetail } from './errors.js'
export type {
  CancelFlow,
  CancelFlowConfig,
  CancelFlowEvent,
  CancelFlowOptions,
  CancelFlowResult,
  Copy,
  Customer,
  Offer,
  OfferType,
  Reason,
  Theme,
} from './cancel-flow/types.js'
export { createTracker } from './tracker/create-tracker.js'
export type { KnownEventName, Tracker, TrackerOptions, TrackerStats, TrackOptions } from './tracker/types.js'
