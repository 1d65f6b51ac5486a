import type { WindbackError } from '../errors.js'

/** The look of the modal. Every field is optional in a config or in options. */
export interface Theme {
  /** Accent colour of buttons and the selected reason, as `#rgb` or `#rrggbb`. @default "#4f46e5" */
  primary_color: string
  /** An `https:` URL (or a same-origin path) of a logo shown at the top of the dialog. */
  logo_url: string
  /** `auto` follows the customer's `prefers-color-scheme`. @default "auto" */
  mode: 'light' | 'dark' | 'auto'
  /** Corner radius of the dialog in CSS pixels (controls scale from it). @default 14 */
  radius_px: number
  /** A CSS `font-family` list. @default the system UI font stack */
  font_family: string
}

/** Offer kinds the modal has dedicated copy for. */
export type OfferType = 'discount' | 'pause' | 'downgrade' | 'trial_extension' | 'contact' | 'custom'

/** A retention offer, as configured in the Windback dashboard. */
export interface Offer {
  id: string
  type: OfferType
  title: string
  description?: string
  /** The accept button's label. @default depends on `type`, e.g. "Apply discount" */
  cta?: string
  /** `discount`: percentage off (1–100). */
  percent_off?: number
  /** `discount`: how many months the discount lasts. */
  duration_months?: number
  /** `pause`: how many months the subscription pauses; with `pause_months_options`, the customer's pick. */
  pause_months?: number
  /** `pause`: lengths in months the customer picks from, in order; the first is preselected. */
  pause_months_options?: number[]
  /** `downgrade`: the plan offered instead. */
  plan_name?: string
  /** `downgrade`: the plan's monthly price in major units (9.99), shown in `currency`. */
  monthly_price?: number
  /** `downgrade`: ISO 4217 code of `monthly_price`, e.g. "EUR". */
  currency?: string
  /** `trial_extension`: extra free days. */
  trial_days?: number
  /** `contact` / `custom`: where the offer leads (`https:` only). */
  url?: string
  /** Who may see the offer; every given condition must hold. Absent: everyone. */
  eligibility?: OfferEligibility
}

/**
 * Conditions on the `customer` option. A condition on a field the host did not pass is not met,
 * so an offer is never shown to a customer it cannot be checked against.
 */
export interface OfferEligibility {
  /** Plans (`customer.plan_name`, compared case-insensitively) the offer is for. */
  plans?: string[]
  /** Inclusive bounds on `customer.tenure_days`. */
  min_tenure_days?: number
  max_tenure_days?: number
  /** Inclusive bounds on `customer.mrr`, in the unit the host passes it in. */
  min_mrr?: number
  max_mrr?: number
}

/** One answer to "why are you cancelling?". */
export interface Reason {
  /** snake_case id, sent as `cancel_reason`. */
  id: string
  label: string
  /** Offers shown for this reason, in order. */
  offer_ids?: string[]
  /** Label of the free-text box once this reason is picked. */
  feedback_prompt?: string
  /** Stripe `cancellation_details.feedback` value, sent as `stripe_feedback`. */
  stripe_feedback?: string
}

/** Strings of the modal that a config may override. */
export interface Copy {
  reasons_legend: string
  feedback_label: string
  feedback_placeholder: string
  continue: string
  back: string
  close: string
  offers_title: string
  offers_subtitle: string
  decline_offers: string
  confirm_title: string
  confirm_body: string
  confirm_cancel: string
  keep_subscription: string
  step_reasons: string
  step_offers: string
  step_confirm: string
  /** `{count}` is replaced by the number. */
  months_one: string
  months_other: string
  days_one: string
  days_other: string
  /** Headline chips of offer cards; `{percent}`, `{duration}`, `{plan}` are replaced. */
  discount_badge: string
  discount_for: string
  pause_badge: string
  downgrade_badge: string
  trial_badge: string
  contact_badge: string
  custom_badge: string
  /** Default accept-button labels per offer type, when the offer has no `cta`. */
  cta_discount: string
  cta_pause: string
  cta_downgrade: string
  cta_trial_extension: string
  cta_contact: string
  cta_custom: string
  /** Said on the confirm step when a reason was picked; `{reason}` is its label. */
  confirm_reason: string
  /** Heading of the reasons when lead offers are shown above them. */
  still_cancel_title: string
  /** Names the choice of lengths in a pause offer with `pause_months_options`. */
  pause_length_legend: string
}

/** `GET /cancel-flow/config/:publicKey` → `data`. Unknown fields are ignored. */
export interface CancelFlowConfig {
  title: string
  subtitle?: string
  reasons: Reason[]
  offers: Offer[]
  /** Offers shown on the first step, above the reasons, before any reason is picked. */
  lead_offer_ids?: string[]
  theme: Partial<Theme>
  copy: Partial<Copy>
  /** BCP 47 tag of the config's language; used when the `locale` option is not given. */
  locale?: string
}

/** The customer the flow is shown to. */
export interface Customer {
  email: string
  name?: string
  plan_name?: string
  /** Monthly recurring revenue, in cents. */
  mrr?: number
  tenure_days?: number
}

/** The steps of the flow, in order; `offers` is skipped when the chosen reason has none to show. */
export type Step = 'reasons' | 'offers' | 'confirm'

/** An analytics event about the flow's progress. */
export interface CancelFlowEvent {
  type:
    | 'opened'
    | 'step_viewed'
    | 'reason_selected'
    | 'offer_shown'
    | 'offer_hidden'
    | 'offer_accepted'
    | 'cancel_confirmed'
    | 'dismissed'
    | 'error'
    | (string & {})
  [key: string]: unknown
}

export interface CancelFlowOptions {
  /** Your project's public key. Must start with `pub_`; a secret `sk_` key is refused. */
  publicKey: string
  /** Who is cancelling. `email` is required. */
  customer: Customer
  /** @default "https://api.windbackai.com/api/v1" */
  apiBase?: string
  /** BCP 47 language tag. @default navigator.language */
  locale?: string
  /** Overrides the theme from the config, field by field. */
  theme?: Partial<Theme>
  /** Where the `<windback-cancel-flow>` host element is appended. @default document.body */
  container?: HTMLElement
  /** Called for every step of the flow; a throwing callback is caught and logged. */
  onEvent?: (event: CancelFlowEvent) => void
}

/**
 * How the flow ended. Narrow on `outcome`:
 *
 * @example
 * ```ts
 * const result = await openCancelFlow(options)
 * if (result.outcome === 'retained') applyOffer(result.offer)
 * else if (result.outcome === 'cancelled' || result.outcome === 'error') cancelSubscription()
 * ```
 */
export type CancelFlowResult =
  /** The customer confirmed: cancel the subscription now. */
  | { outcome: 'cancelled'; reason: string | null; feedback?: string }
  /**
   * The customer accepted `offer`: apply it and keep the subscription. `reason` is `null` for a
   * lead offer taken before any reason was picked; a pause offer's `pause_months` is the length chosen.
   */
  | { outcome: 'retained'; reason: string | null; offer: Offer; feedback?: string }
  /** Closed without a decision: do nothing. */
  | { outcome: 'dismissed' }
  /** The flow could not run: fall back to your normal cancel path. */
  | { outcome: 'error'; error: WindbackError }

export interface CancelFlow {
  /** Fetches and caches the config (and the modal's code) ahead of time. Never rejects. */
  preload(): Promise<void>
  /** Opens the modal; while one is open, returns the pending promise. After `destroy()` it rejects `FLOW_DESTROYED`. */
  open(): Promise<CancelFlowResult>
  /** Closes an open flow; its promise resolves `{ outcome: 'dismissed' }`. */
  close(): void
  /** Removes every node and listener this flow added; a pending promise resolves `dismissed`. */
  destroy(): void
}
