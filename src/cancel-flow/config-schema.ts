import * as z from 'zod/mini'
import { issueDetails } from '../core/issue-details.js'
import { withoutUndefined } from '../core/objects.js'
import { isSafeUrl, LOCALE_RULE, THEME_RULES } from '../core/safe-values.js'
import { WindbackError, type WindbackErrorDetail } from '../errors.js'
import type { FetchedConfig } from './config-loader.js'
import type { CancelFlowConfig, Copy, Offer, OfferType, Theme } from './types.js'

// Without this, zod probes `new Function('')` to decide whether to compile parsers, which a
// strict Content-Security-Policy (no 'unsafe-eval') reports as a violation. This zod is ours
// alone (bundled), so the setting touches no one else's.
z.config({ jitless: true })

// Lengths, ranges, enums, patterns and the copy map are plain predicates in z.refine: zod/mini's
// own length/int/minimum/enum/regex/record checks would add about 1.9 KB gzip to every visitor's
// download for the same rules (measured one by one with rolldown, minified).
const sized = <T extends { length: number }>(min: number, max: number, noun: string) =>
  z.refine<T>((value) => value.length >= min && value.length <= max, `must have ${min} to ${max} ${noun}`)
const text = (max: number) => z.string().check(z.trim(), sized(1, max, 'characters'))
/** An optional field that is dropped, not fatal, when it is malformed. */
const lenient = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined)
const safeUrl = z.string().check(sized(0, 2048, 'characters'), z.refine(isSafeUrl, 'must be an https: URL or a same-origin path'))
const between = (min: number, max: number, whole = false) =>
  z.number().check(
    z.refine(
      (value) => value >= min && value <= max && (!whole || Number.isInteger(value)),
      `must be a${whole ? ' whole' : ''} number from ${min} to ${max}`,
    ),
  )
const OFFER_TYPES: readonly string[] = ['discount', 'pause', 'downgrade', 'trial_extension', 'contact', 'custom'] satisfies OfferType[]
const isCopy = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) &&
  Object.values(value).every((entry) => typeof entry === 'string' && entry.length <= 500)

const ids = (max: number) => z.array(text(100)).check(sized(0, max, 'items'))

const reasonSchema = z.object({
  id: text(100),
  label: text(200),
  offer_ids: lenient(ids(10)),
  feedback_prompt: lenient(text(300)),
  stripe_feedback: lenient(text(100)),
})

// Strict inside a lenient offer: a malformed condition drops the offer, never widens who sees it.
const eligibilitySchema = z.object({
  plans: z.optional(z.array(text(100)).check(sized(1, 50, 'items'))),
  min_tenure_days: z.optional(between(0, 100_000)),
  max_tenure_days: z.optional(between(0, 100_000)),
  min_mrr: z.optional(between(0, 1e12)),
  max_mrr: z.optional(between(0, 1e12)),
})

const offerSchema = z.object({
  id: text(100),
  type: z.string().check(z.refine((value) => OFFER_TYPES.includes(value), `must be one of ${OFFER_TYPES.join(', ')}`)),
  title: text(200),
  description: lenient(text(1000)),
  cta: lenient(text(80)),
  percent_off: lenient(between(1, 100)),
  duration_months: lenient(between(1, 120, true)),
  pause_months: lenient(between(1, 24, true)),
  pause_months_options: lenient(z.array(between(1, 24, true)).check(sized(1, 6, 'items'))),
  plan_name: lenient(text(100)),
  monthly_price: lenient(between(0, 1_000_000)),
  currency: lenient(z.string().check(z.refine((value) => /^[A-Z]{3}$/.test(value), 'must be an ISO 4217 code like EUR'))),
  trial_days: lenient(between(1, 365, true)),
  url: lenient(safeUrl),
  eligibility: z.optional(eligibilitySchema),
})

const themeSchema = z.object(
  Object.fromEntries(
    Object.entries(THEME_RULES).map(([field, [check, message]]) => [field, lenient(z.unknown().check(z.refine(check, message)))]),
  ),
)

const copySchema = z.unknown().check(z.refine(isCopy, 'must map string keys to texts of at most 500 characters'))

const configSchema = z.object({
  title: text(200),
  subtitle: lenient(text(500)),
  reasons: z.array(reasonSchema).check(sized(1, 20, 'items')),
  // Parsed one by one below: a single offer of a type this version does not know is dropped.
  offers: lenient(z.array(z.unknown()).check(sized(0, 20, 'items'))),
  lead_offer_ids: lenient(ids(3)),
  theme: lenient(themeSchema),
  copy: lenient(copySchema),
  locale: lenient(z.string().check(z.refine(...LOCALE_RULE))),
})

export type ConfigParseResult = { ok: true; config: CancelFlowConfig } | { ok: false; details: WindbackErrorDetail[] }

/**
 * Validates the `data` of a config response. Unknown fields are ignored; malformed optional
 * fields and offers are dropped; only a config the modal cannot show at all is rejected.
 */
export function parseConfig(data: unknown): ConfigParseResult {
  const parsed = configSchema.safeParse(data)
  if (!parsed.success) return { ok: false, details: issueDetails(parsed.error.issues) }
  const { title, subtitle, reasons, offers = [], lead_offer_ids, theme = {}, copy = {}, locale } = parsed.data
  const validOffers = offers.flatMap((raw) => {
    const offer = offerSchema.safeParse(raw)
    if (!offer.success) return []
    const { pause_months_options, eligibility, ...fields } = offer.data
    return [
      withoutUndefined({
        ...fields,
        // Lengths only mean something for a pause; repeated ones would be two identical choices.
        pause_months_options: fields.type === 'pause' && pause_months_options ? [...new Set(pause_months_options)] : undefined,
        eligibility: eligibility && withoutUndefined(eligibility),
      }) as Offer,
    ]
  })
  const offerIds = new Set(validOffers.map((offer) => offer.id))
  const knownOffers = (ids: string[] | undefined) => ids?.filter((id) => offerIds.has(id))
  return {
    ok: true,
    config: withoutUndefined({
      title,
      subtitle,
      reasons: reasons.map((reason) =>
        withoutUndefined({ ...reason, offer_ids: knownOffers(reason.offer_ids) }),
      ),
      offers: validOffers,
      lead_offer_ids: knownOffers(lead_offer_ids),
      theme: withoutUndefined(theme) as Partial<Theme>,
      copy: copy as Partial<Copy>,
      locale,
    }) as CancelFlowConfig,
  }
}

/** Every field an offer may have, as the schema knows them. */
export const offerFieldNames = (): string[] => Object.keys(offerSchema.shape)

/** Why an offer is dropped by {@link parseConfig}: its schema problems, with paths inside the offer. */
export function offerProblems(raw: unknown): WindbackErrorDetail[] {
  const offer = offerSchema.safeParse(raw)
  return offer.success ? [] : issueDetails(offer.error.issues)
}

export type LoadedConfig =
  | { config: CancelFlowConfig; fallback: false }
  /** The caller shows its built-in config (in the customer's language); this says why. */
  | { fallback: true; error: WindbackError }

/** The fetched config when it validates, else why the built-in one must be shown. */
export function resolveConfig(fetched: FetchedConfig): LoadedConfig {
  if (!fetched.ok) return { fallback: true, error: fetched.error }
  const parsed = parseConfig(fetched.data)
  if (parsed.ok) return { config: parsed.config, fallback: false }
  const error = new WindbackError('INVALID_CONFIG', 'The cancel-flow config does not match the schema', {
    status: fetched.status,
    details: parsed.details,
  })
  return { fallback: true, error }
}
