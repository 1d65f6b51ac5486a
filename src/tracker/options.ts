import { isEmail } from '../core/email.js'
import { invalidOptions, SECRET_KEY_MESSAGE } from '../core/option-errors.js'
import { WindbackError, type WindbackErrorDetail } from '../errors.js'
import { MAX_BATCH } from './event-queue.js'
import type { TrackerOptions } from './types.js'

export interface NormalizedTrackerOptions {
  endpoint: string
  customerEmail: string | undefined
  flushAt: number
  flushIntervalMs: number
  maxQueue: number
  credentials: RequestCredentials
}

const CREDENTIALS: readonly string[] = ['omit', 'same-origin', 'include'] satisfies RequestCredentials[]

/** Checks and shapes the options once; throws `INVALID_KEY` for any `sk_` value, else `INVALID_OPTIONS` with a detail per field. */
export function normalizeTrackerOptions(options: TrackerOptions): NormalizedTrackerOptions {
  if (typeof options !== 'object' || options === null) throw new WindbackError('INVALID_OPTIONS', 'createTracker needs { endpoint }')
  for (const value of Object.values(options)) {
    if (typeof value === 'string' && value.startsWith('sk_')) throw new WindbackError('INVALID_KEY', SECRET_KEY_MESSAGE)
  }
  const problems: WindbackErrorDetail[] = []
  const { endpoint, customerEmail, credentials = 'same-origin' } = options
  if (typeof endpoint !== 'string' || !endpoint) problems.push({ field: 'endpoint', message: 'must be the URL of your backend route' })
  if (customerEmail !== undefined && !isEmail(customerEmail)) problems.push({ field: 'customerEmail', message: 'must be an e-mail address' })
  if (!CREDENTIALS.includes(credentials)) problems.push({ field: 'credentials', message: 'must be omit, same-origin or include' })
  const positive = (field: 'flushAt' | 'flushIntervalMs' | 'maxQueue', fallback: number): number => {
    const value = options[field] ?? fallback
    if (Number.isFinite(value) && value >= 1) return Math.floor(value)
    problems.push({ field, message: 'must be a number ≥ 1' })
    return fallback
  }
  const normalized = {
    endpoint,
    customerEmail,
    flushAt: Math.min(positive('flushAt', 20), MAX_BATCH),
    flushIntervalMs: positive('flushIntervalMs', 5000),
    maxQueue: positive('maxQueue', 1000),
    credentials,
  }
  if (problems.length > 0) {
    throw invalidOptions('Invalid tracker options', problems)
  }
  return normalized
}

/** Checks an `identify()` argument: `INVALID_KEY` for an `sk_` value, `INVALID_OPTIONS` for anything but an e-mail address. */
export function assertCustomerEmail(email: unknown): asserts email is string {
  if (typeof email === 'string' && email.startsWith('sk_')) throw new WindbackError('INVALID_KEY', SECRET_KEY_MESSAGE)
  if (!isEmail(email)) throw new WindbackError('INVALID_OPTIONS', 'identify() needs an e-mail address')
}
