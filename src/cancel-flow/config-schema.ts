import * as z from 'zod/mini'
import { isHexColor, isSafeUrl } from '../core/safe-values.js'
import type { WindbackErrorDetail } from '../errors.js'
import type { CancelFlowConfig, Copy, Offer } from './types.js'

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max))
/** An optional field that is dropped, not fatal, when it is malformed. */
const lenient = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined)
const safeUrl = z.string().check(z.maxLength(2048), z.refine(isSafeUrl, 'must be an https: URL or a same-origin path'))
const count = (max: number) => z.number().check(z.int(), z.minimum(1), z.maximum(max))

const reasonSchema = z.object({
  id: text(100),
  label: text(200),
  offer_ids: lenient(z.array(text(100)).check(z.maxLength(10))),
  feedback_prompt: lenient(text(300)),
  stripe_feedback: lenient(text(100)),
})

const offerSchema = z.object({
  id: text(100),
  type: z.enum(['discount', 'pause', 'downgrade', 'trial_extension', 'contact', 'custom']),
  title: text(200),
  description: lenient(text(1000)),
  cta: lenient(text(80)),
  percent_off: lenient(z.number().check(z.minimum(1), z.maximum(100))),
  duration_months: lenient(count(120)),
  pause_months: lenient(count(24)),
  plan_name: lenient(text(100)),
  trial_days: lenient(count(365)),
  url: lenient(safeUrl),
})

const themeFields = {
  primary_color: z.string().check(z.refine(isHexColor, 'must be a hex colour like #4f46e5')),
  logo_url: safeUrl,
  mode: z.enum(['light', 'dark', 'auto']),
  radius_px: z.number().check(z.minimum(0), z.maximum(40)),
  font_family: z.string().check(z.maxLength(300), z.refine((v) => !/[;{}<>\\]/.test(v), 'must be a plain font-family list')),
}

const themeSchema = z.object({
  primary_color: lenient(themeFields.primary_color),
  logo_url: lenient(themeFields.logo_url),
  mode: lenient(themeFields.mode),
  radius_px: lenient(themeFields.radius_px),
  font_family: lenient(themeFields.font_family),
})

/** The `theme` option: unlike a config's theme, a wrong field is the developer's to fix, so it fails. */
export const themeOptionSchema = z.optional(
  z.object({
    primary_color: z.optional(themeFields.primary_color),
    logo_url: z.optional(themeFields.logo_url),
    mode: z.optional(themeFields.mode),
    radius_px: z.optional(themeFields.radius_px),
    font_family: z.optional(themeFields.font_family),
  }),
)

const copySchema = z.record(z.string(), z.string().check(z.maxLength(500)))

const configSchema = z.object({
  title: text(200),
  subtitle: lenient(text(500)),
  reasons: z.array(reasonSchema).check(z.minLength(1), z.maxLength(20)),
  // Parsed one by one below: a single offer of a type this version does not know is dropped.
  offers: lenient(z.array(z.unknown()).check(z.maxLength(20))),
  theme: lenient(themeSchema),
  copy: lenient(copySchema),
})

export type ConfigParseResult = { ok: true; config: CancelFlowConfig } | { ok: false; details: WindbackErrorDetail[] }

/** zod issues as the API's `details` shape: `{ field: "reasons.0.label", message }`. */
export const issueDetails = (issues: readonly { path: PropertyKey[]; message: string }[]): WindbackErrorDetail[] =>
  issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(root)', message: issue.message }))

/**
 * Validates the `data` of a config response. Unknown fields are ignored; malformed optional
 * fields and offers are dropped; only a config the modal cannot show at all is rejected.
 */
export function parseConfig(data: unknown): ConfigParseResult {
  const parsed = configSchema.safeParse(data)
  if (!parsed.success) return { ok: false, details: issueDetails(parsed.error.issues) }
  const { title, subtitle, reasons, offers = [], theme = {}, copy = {} } = parsed.data
  const validOffers = offers.flatMap((raw) => {
    const offer = offerSchema.safeParse(raw)
    return offer.success ? [withoutUndefined(offer.data) as Offer] : []
  })
  const offerIds = new Set(validOffers.map((offer) => offer.id))
  return {
    ok: true,
    config: withoutUndefined({
      title,
      subtitle,
      reasons: reasons.map((reason) =>
        withoutUndefined({ ...reason, offer_ids: reason.offer_ids?.filter((id) => offerIds.has(id)) }),
      ),
      offers: validOffers,
      theme: withoutUndefined(theme),
      copy: copy as Partial<Copy>,
    }) as CancelFlowConfig,
  }
}

/** Keeps results free of `key: undefined`, so they compare and serialise cleanly. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
