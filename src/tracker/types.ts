/** Event names the churn model understands; any other snake_case name is allowed too. */
export type KnownEventName =
  | 'login'
  | 'feature_used'
  | 'subscription_renewed'
  | 'subscription_upgraded'
  | 'subscription_downgraded'
  | 'support_ticket_opened'
  | 'support_ticket_resolved'
  | 'invoice_paid'
  | 'invoice_overdue'
  | 'nps_response'
  | 'trial_started'
  | 'trial_ended'
  | 'refund_requested'

export interface TrackerOptions {
  /**
   * Your own backend route that forwards to Windback with the secret key.
   * @example "/api/windback/track"
   */
  endpoint: string
  /** The signed-in customer; your proxy's `authorize` may override it. */
  customerEmail?: string
  /** Queue length that triggers a send (at most 100, the batch limit). @default 20 */
  flushAt?: number
  /** Longest time a new event waits before it is sent. Retries follow their own backoff. @default 5000 */
  flushIntervalMs?: number
  /** Queue cap; beyond it the oldest events are dropped and counted in `stats().dropped`. @default 1000 */
  maxQueue?: number
  /**
   * The `fetch` credentials mode of every request. Use `'include'` for an endpoint on another
   * origin whose `authorize` reads a session cookie (the proxy's `allowedOrigins` must list the page).
   * @default "same-origin"
   */
  credentials?: RequestCredentials
}

export interface TrackOptions {
  /** ISO 8601; defaults to the time of the `track()` call. */
  timestamp?: string
  customerEmail?: string
}

export interface TrackerStats {
  queued: number
  sent: number
  dropped: number
}

/** What {@link createTracker} returns. Every method may be called detached (`const { track } = tracker`). */
export interface Tracker {
  /** Queues an event; never throws, never blocks (no storage write per call). */
  track(event: KnownEventName | (string & {}), properties?: Record<string, unknown>, options?: TrackOptions): void
  /** Sets the customer for the events tracked from now on. */
  identify(customerEmail: string): void
  /** Resolves when every event queued before the call was acknowledged, dropped, or rescheduled. Never rejects. */
  flush(): Promise<void>
  /** Flushes, then stops timers and listeners; what is left stays stored for the next page. */
  shutdown(): Promise<void>
  stats(): TrackerStats
}
