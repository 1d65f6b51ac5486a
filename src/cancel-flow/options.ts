import { withoutUndefined } from '../core/objects.js'
import { LOCALE_RULE, THEME_RULES } from '../core/safe-values.js'
import { resolveApiBase } from '../core/api-base.js'
import { invalidOptions, SECRET_KEY_MESSAGE } from '../core/option-errors.js'
import { WindbackError, type WindbackErrorDetail } from '../errors.js'
import type { CancelFlowEvent, CancelFlowOptions, Customer, Theme } from './types.js'

export interface NormalizedOptions {
  publicKey: string
  customer: Customer
  apiBase: string
  locale: string | undefined
  theme: Partial<Theme>
  container: HTMLElement | undefined
  onEvent: ((event: CancelFlowEvent) => void) | undefined
}

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/
const API_BASE = /^(?:https?:\/\/|\/)/

/** Refuses anything but a `pub_` key before any request can carry it. */
export function assertPublicKey(publicKey: unknown): asserts publicKey is string {
  if (typeof publicKey !== 'string' || !publicKey.startsWith('pub_') || publicKey.length < 5) {
    throw new WindbackError('INVALID_KEY', SECRET_KEY_MESSAGE)
  }
}

const isText = (value: unknown, max: number) => typeof value === 'string' && value.length <= max
const isCount = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0

/**
 * Checks and shapes the options once, at the API boundary; throws `INVALID_KEY` / `INVALID_OPTIONS`.
 * Plain checks rather than a zod schema: this runs in the main entry, before the modal's code
 * (and zod) is loaded, and must throw synchronously.
 */
export function normalizeCancelFlowOptions(options: CancelFlowOptions): NormalizedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new WindbackError('INVALID_OPTIONS', 'Options must be an object with publicKey and customer')
  }
  assertPublicKey(options.publicKey)
  const problems: WindbackErrorDetail[] = []
  const expect = (ok: boolean, field: string, message: string) => ok || problems.push({ field, message })

  const customer = (typeof options.customer === 'object' && options.customer) || ({} as Customer)
  expect(typeof customer.email === 'string' && customer.email.length <= 254 && EMAIL.test(customer.email), 'customer.email', 'must be an e-mail address')
  for (const field of ['name', 'plan_name'] as const) {
    expect(customer[field] === undefined || isText(customer[field], 200), `customer.${field}`, 'must be text of at most 200 characters')
  }
  for (const field of ['mrr', 'tenure_days'] as const) {
    expect(customer[field] === undefined || isCount(customer[field]), `customer.${field}`, 'must be a number ≥ 0')
  }
  const { apiBase, locale, theme = {}, container, onEvent } = options
  expect(apiBase === undefined || (typeof apiBase === 'string' && API_BASE.test(apiBase)), 'apiBase', 'must be an http(s) URL or a path')
  expect(locale === undefined || LOCALE_RULE[0](locale), 'locale', LOCALE_RULE[1])
  const themeFields: Record<string, unknown> = typeof theme === 'object' && theme !== null ? theme : {}
  expect(themeFields === theme, 'theme', 'must be an object')
  for (const [field, [check, message]] of Object.entries(THEME_RULES)) {
    const value = themeFields[field]
    expect(value === undefined || check(value), `theme.${field}`, message)
  }
  expect(container === undefined || (typeof HTMLElement !== 'undefined' && container instanceof HTMLElement), 'container', 'must be an HTMLElement')
  expect(onEvent === undefined || typeof onEvent === 'function', 'onEvent', 'must be a function')
  if (problems.length > 0) {
    throw invalidOptions('Invalid cancel-flow options', problems)
  }

  const known = Object.keys(THEME_RULES)
  return {
    publicKey: options.publicKey,
    customer: withoutUndefined({
      email: customer.email,
      name: customer.name,
      plan_name: customer.plan_name,
      mrr: customer.mrr,
      tenure_days: customer.tenure_days,
    }),
    apiBase: resolveApiBase(apiBase),
    locale,
    theme: Object.fromEntries(Object.entries(themeFields).filter(([field, value]) => known.includes(field) && value !== undefined)),
    container,
    onEvent,
  }
}
