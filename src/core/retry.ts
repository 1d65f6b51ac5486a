/**
 * A 4xx other than 408 and 429: the same request can never succeed, so it is given up. Every
 * other failure (a body that arrived too slowly, a rate limit, 5xx, an unexpected status, no
 * response) is worth another attempt.
 */
export const isRejected = (status: number): boolean => status >= 400 && status < 500 && status !== 408 && status !== 429

export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries
 * of many clients spread out without any of them retrying almost at once.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(exponential / 2 + (exponential / 2) * random())
}

/**
 * The longest wait a server can ask for. Past 2³¹ − 1 ms a timer fires at once, so an uncapped
 * "retry in 25 days" would turn into a request loop; an hour is long enough for any honest limit.
 */
export const MAX_SERVER_DELAY_MS = 3_600_000

/**
 * Milliseconds the server asked us to wait, from `Retry-After` (seconds or an HTTP date) or,
 * failing that, `X-RateLimit-Reset` (epoch seconds) when nothing remains, at most
 * {@link MAX_SERVER_DELAY_MS}. `undefined` when the headers say nothing usable.
 */
export function serverRetryDelay(headers: Pick<Headers, 'get'>, nowMs: number): number | undefined {
  const capped = (delay: number) => Math.min(delay, MAX_SERVER_DELAY_MS)
  const retryAfter = headers.get('retry-after')?.trim()
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return capped(Math.ceil(Number(retryAfter) * 1000))
    const date = Date.parse(retryAfter)
    if (!Number.isNaN(date)) return capped(Math.max(0, date - nowMs))
  }
  const reset = headers.get('x-ratelimit-reset')?.trim()
  if (reset && /^\d+$/.test(reset) && headers.get('x-ratelimit-remaining')?.trim() === '0') {
    return capped(Math.max(0, Number(reset) * 1000 - nowMs))
  }
  return undefined
}

/** The wait before attempt `attempt + 1`: our backoff, or longer if the server asked for longer. */
export const retryDelay = (attempt: number, policy: BackoffPolicy, serverDelayMs?: number, random?: () => number): number =>
  Math.max(serverDelayMs ?? 0, backoffDelay(attempt, policy, random))
