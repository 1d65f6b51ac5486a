import { offerFieldNames, offerProblems, parseConfig } from '../cancel-flow/config-schema.js'
import type { CancelFlowConfig } from '../cancel-flow/types.js'
import { isHexColor, isSafeUrl, THEME_RULES } from '../core/safe-values.js'
import ENGLISH from '../ui/locales/en.js'
import { focusRing } from '../ui/theme.js'
import { keepWordingIn } from './keep-wording.js'

export type FindingCode =
  | 'invalid-config'
  | 'invalid-offer'
  | 'dropped-field'
  | 'duplicate-id'
  | 'missing-offer'
  | 'unused-offer'
  | 'offer-missing-field'
  | 'cancel-copy-blank'
  | 'cancel-copy-relabelled'
  | 'unknown-copy-key'
  | 'too-many-reasons'
  | 'too-many-offers'
  | 'no-catch-all-reason'
  | 'unsafe-logo'
  | 'primary-contrast-adjusted'

/** One thing the config doctor noticed: `error` breaks or misleads the flow, `warning` weakens it. */
export interface ConfigFinding {
  severity: 'error' | 'warning'
  code: FindingCode
  /** Where in the config, as `reasons.0.offer_ids.1`; `(root)` for the whole. */
  path: string
  message: string
}

/** Past this many reasons a list is read less carefully; past this many offers a choice is harder. */
const MAX_REASONS = 8
const MAX_OFFERS_PER_REASON = 3

/** The field an offer of each type cannot do without (a pause may give lengths to pick from instead). */
const REQUIRED_OFFER_FIELDS: Record<string, readonly string[]> = {
  discount: ['percent_off'],
  pause: ['pause_months', 'pause_months_options'],
  downgrade: ['plan_name'],
  trial_extension: ['trial_days'],
  contact: ['url'],
}

/** The labels of the buttons that move toward cancelling: they must keep saying so. */
const CANCEL_ACTION_COPY = ['continue', 'decline_offers', 'confirm_cancel'] as const

const OPTIONAL_TOP_FIELDS = ['subtitle', 'locale', 'lead_offer_ids', 'copy'] as const
const OPTIONAL_REASON_FIELDS = ['offer_ids', 'feedback_prompt', 'stripe_feedback'] as const

type Raw = Record<string, unknown>
const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value)
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
const idOf = (value: unknown): string | undefined => (isObject(value) && typeof value['id'] === 'string' ? value['id'] : undefined)

/**
 * Checks a cancel-flow config as a merchant writes it (JSON, by hand) and says what is wrong or
 * weak: schema errors, references to missing offers, unused or incomplete offers, copy that
 * relabels the cancel buttons as retention ones, too many choices, no catch-all reason, an unsafe
 * logo, a primary colour the widget has to replace for contrast. Never throws; `[]` for a clean config.
 */
export function lintConfig(config: unknown): ConfigFinding[] {
  const findings: ConfigFinding[] = []
  const error = (code: FindingCode, path: string, message: string) => findings.push({ severity: 'error', code, path, message })
  const warning = (code: FindingCode, path: string, message: string) => findings.push({ severity: 'warning', code, path, message })

  const parsed = parseConfig(config)
  if (!parsed.ok) {
    for (const detail of parsed.details) error('invalid-config', detail.field, detail.message)
    return findings
  }
  const raw = config as Raw
  const kept = parsed.config
  const rawOffers = list(raw['offers'])
  const rawReasons = list(raw['reasons'])

  rawOffers.forEach((offer, index) => {
    const problems = offerProblems(offer)
    if (problems.length > 0) {
      const why = problems.map((problem) => `${problem.field} ${problem.message}`).join('; ')
      error('invalid-offer', `offers.${index}`, `This offer is dropped: ${why}.`)
    }
  })
  reportDroppedFields(raw, kept, warning)
  reportDuplicates(rawReasons, 'reasons', error)
  reportDuplicates(rawOffers, 'offers', error)

  const offerIds = new Set(rawOffers.flatMap((offer) => idOf(offer) ?? []))
  const used = new Set<string>()
  const checkReferences = (ids: unknown, path: string, owner: string) =>
    list(ids).forEach((id, index) => {
      if (typeof id !== 'string') return
      used.add(id)
      if (!offerIds.has(id)) error('missing-offer', `${path}.${index}`, `${owner} lists offer "${id}", which is not in offers.`)
    })
  rawReasons.forEach((reason, index) => {
    if (isObject(reason)) checkReferences(reason['offer_ids'], `reasons.${index}.offer_ids`, `Reason "${idOf(reason)}"`)
  })
  checkReferences(raw['lead_offer_ids'], 'lead_offer_ids', 'lead_offer_ids')
  kept.offers.forEach((offer) => {
    const index = rawOffers.findIndex((candidate) => idOf(candidate) === offer.id)
    if (!used.has(offer.id)) warning('unused-offer', `offers.${index}`, `No reason or lead_offer_ids uses offer "${offer.id}", so no one sees it.`)
    const needed = REQUIRED_OFFER_FIELDS[offer.type]
    if (needed && !needed.some((field) => field in offer)) {
      error('offer-missing-field', `offers.${index}`, `A ${offer.type} offer needs ${needed.join(' or ')}; without it the card cannot say what it gives.`)
    }
  })

  reportCancelCopy(raw['copy'], error, warning)

  if (kept.reasons.length > MAX_REASONS) {
    warning('too-many-reasons', 'reasons', `${kept.reasons.length} reasons; more than ${MAX_REASONS} is a long list to read before cancelling.`)
  }
  kept.reasons.forEach((reason, index) => {
    const count = new Set(reason.offer_ids ?? []).size
    if (count > MAX_OFFERS_PER_REASON) {
      warning('too-many-offers', `reasons.${index}.offer_ids`, `Reason "${reason.id}" shows ${count} offers; more than ${MAX_OFFERS_PER_REASON} makes each one weaker.`)
    }
  })
  if (!kept.reasons.some((reason) => reason.id === 'other' || reason.stripe_feedback === 'other')) {
    warning('no-catch-all-reason', 'reasons', 'No catch-all reason (id or stripe_feedback "other"): a customer whose reason is not listed must pick a wrong one.')
  }

  reportTheme(raw['theme'], error, warning)
  return findings
}

type Report = (code: FindingCode, path: string, message: string) => void

function reportDuplicates(items: unknown[], path: string, error: Report) {
  const seen = new Set<string>()
  items.forEach((item, index) => {
    const id = idOf(item)
    if (id === undefined) return
    if (seen.has(id)) error('duplicate-id', `${path}.${index}.id`, `The id "${id}" is used twice in ${path}; answers and references cannot tell them apart.`)
    seen.add(id)
  })
}

/** Optional fields the schema dropped as malformed: the config is accepted, but not as written. */
function reportDroppedFields(raw: Raw, kept: CancelFlowConfig, warning: Report) {
  const dropped = (path: string) => warning('dropped-field', path, 'This field is malformed, so it is ignored; the rest of the config is used.')
  for (const field of OPTIONAL_TOP_FIELDS) {
    if (raw[field] !== undefined && kept[field] === undefined) dropped(field)
  }
  if (raw['copy'] !== undefined && !isObject(raw['copy'])) dropped('copy')
  if (isObject(raw['theme'])) {
    for (const field of Object.keys(raw['theme'])) {
      if (field in THEME_RULES && !(field in kept.theme)) dropped(`theme.${field}`)
    }
  } else if (raw['theme'] !== undefined) dropped('theme')
  list(raw['reasons']).forEach((reason, index) => {
    if (!isObject(reason)) return
    for (const field of OPTIONAL_REASON_FIELDS) {
      if (reason[field] !== undefined && kept.reasons[index]?.[field] === undefined) dropped(`reasons.${index}.${field}`)
    }
  })
  const offerFields = new Set(offerFieldNames())
  list(raw['offers']).forEach((offer, index) => {
    const keptOffer = kept.offers.find((candidate) => candidate.id === idOf(offer))
    if (!keptOffer || !isObject(offer)) return
    for (const [field, value] of Object.entries(offer)) {
      if (offerFields.has(field) && value !== undefined && !(field in keptOffer)) dropped(`offers.${index}.${field}`)
    }
  })
}

function reportCancelCopy(copy: unknown, error: Report, warning: Report) {
  if (!isObject(copy)) return
  for (const [key, value] of Object.entries(copy)) {
    if (!(key in ENGLISH.copy)) {
      warning('unknown-copy-key', `copy.${key}`, `The widget has no string "${key}", so this override does nothing.`)
      continue
    }
    if (!(CANCEL_ACTION_COPY as readonly string[]).includes(key) || typeof value !== 'string') continue
    if (!value.trim()) {
      warning('cancel-copy-blank', `copy.${key}`, `A blank "${key}" is ignored (the widget's own label shows); remove it.`)
      continue
    }
    const languages = keepWordingIn(value)
    if (languages.length > 0) {
      error(
        'cancel-copy-relabelled',
        `copy.${key}`,
        `"${value}" labels a button that cancels with keep/stay wording (${languages.join(', ')}); customers would press it to stay and be cancelled.`,
      )
    }
  }
}

function reportTheme(theme: unknown, error: Report, warning: Report) {
  if (!isObject(theme)) return
  const logo = theme['logo_url']
  if (typeof logo === 'string' && !isSafeUrl(logo)) {
    error('unsafe-logo', 'theme.logo_url', `"${logo.slice(0, 80)}" is not an https: URL or a same-origin path, so the logo is not shown.`)
  }
  const primary = theme['primary_color']
  if (typeof primary !== 'string' || !isHexColor(primary)) return
  const mode = theme['mode']
  const schemes: Array<'light' | 'dark'> = mode === 'light' || mode === 'dark' ? [mode] : ['light', 'dark']
  const adjusted = schemes.filter((scheme) => focusRing(primary, scheme) !== primary)
  if (adjusted.length > 0) {
    warning(
      'primary-contrast-adjusted',
      'theme.primary_color',
      `${primary} is below 3:1 against the ${adjusted.join(' and ')} dialog, so focus rings there use the text colour instead; pick a colour with more contrast.`,
    )
  }
}
