/** Statuses worth another attempt: the request may succeed later unchanged. */
export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500

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
 * Milliseconds the server asked us to wait, from `Retry-After` (seconds or an HTTP date) or,
 * failing that, `X-RateLimit-Reset` (epoch seconds) when nothing remains. `undefined` when the
 * headers say nothing usable.
 */
export function serverRetryDelay(headers: Pick<Headers, 'get'>, nowMs: number): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim()
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000)
    const date = Date.parse(retryAfter)
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs)
  }
  const reset = headers.get('x-ratelimit-reset')?.trim()
  if (reset && /^\d+$/.test(reset) && headers.get('x-ratelimit-remaining')?.trim() === '0') {
    return Math.max(0, Number(reset) * 1000 - nowMs)
  }
  return undefined
}
