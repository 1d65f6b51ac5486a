import * as z from 'zod/mini'
import { DEFAULT_API_BASE } from '../defaults.js'
import { SECRET_KEY_MESSAGE, WindbackError } from '../errors.js'
import { issueDetails, themeOptionSchema, withoutUndefined } from './config-schema.js'
import type { CancelFlowEvent, CancelFlowOptions, Customer, Theme } from './types.js'

const customerSchema = z.object({
  email: z.email('must be an e-mail address'),
  name: z.optional(z.string().check(z.maxLength(200))),
  plan_name: z.optional(z.string().check(z.maxLength(200))),
  mrr: z.optional(z.number().check(z.minimum(0))),
  tenure_days: z.optional(z.number().check(z.minimum(0))),
})

const optionsSchema = z.object({
  customer: customerSchema,
  apiBase: z.optional(z.string().check(z.regex(/^(https?:\/\/|\/)/, 'must be an http(s) URL or a path'))),
  locale: z.optional(z.string().check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 tag'))),
  theme: themeOptionSchema,
})

export interface NormalizedOptions {
  publicKey: string
  customer: Customer
  apiBase: string
  locale: string | undefined
  theme: Partial<Theme>
  container: HTMLElement | undefined
  onEvent: ((event: CancelFlowEvent) => void) | undefined
}

/** Refuses anything but a `pub_` key before any request can carry it. */
export function assertPublicKey(publicKey: unknown): asserts publicKey is string {
  if (typeof publicKey !== 'string' || !publicKey.startsWith('pub_') || publicKey.length < 5) {
    throw new WindbackError('INVALID_KEY', SECRET_KEY_MESSAGE)
  }
}

/** Checks and shapes the options once, at the API boundary; throws `INVALID_KEY` / `INVALID_OPTIONS`. */
export function normalizeCancelFlowOptions(options: CancelFlowOptions): NormalizedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new WindbackError('INVALID_OPTIONS', 'Options must be an object with publicKey and customer')
  }
  assertPublicKey(options.publicKey)
  const parsed = optionsSchema.safeParse(options)
  if (!parsed.success) {
    const details = issueDetails(parsed.error.issues)
    throw new WindbackError(
      'INVALID_OPTIONS',
      `Invalid cancel-flow options: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
      { details },
    )
  }
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') {
    throw new WindbackError('INVALID_OPTIONS', 'onEvent must be a function')
  }
  const { customer, apiBase, locale, theme } = parsed.data
  return {
    publicKey: options.publicKey,
    customer: withoutUndefined(customer),
    apiBase: (apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, ''),
    locale,
    theme: withoutUndefined(theme ?? {}),
    container: options.container,
    onEvent: options.onEvent,
  }
}
