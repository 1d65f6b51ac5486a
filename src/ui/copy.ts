import type { Copy, Offer } from '../cancel-flow/types.js'

/** The language's strings with the config's overrides laid over them; unknown keys are ignored. */
export function resolveCopy(base: Copy, overrides: Partial<Copy>): Copy {
  const copy: Copy = { ...base }
  for (const key of Object.keys(copy) as (keyof Copy)[]) {
    const value = overrides[key]
    if (typeof value === 'string' && value.trim()) copy[key] = value
  }
  return copy
}

export const fillTemplate = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match)

const quantity = (count: number, one: string, other: string, locale: string) =>
  fillTemplate(new Intl.PluralRules(locale).select(count) === 'one' ? one : other, {
    count: new Intl.NumberFormat(locale).format(count),
  })

/** The short headline chip of an offer card, in the customer's locale ("30% off for 3 months"). */
export function offerHeadline(offer: Offer, copy: Copy, locale: string): string {
  const months = (count: number) => monthsText(count, copy, locale)
  switch (offer.type) {
    case 'discount': {
      if (offer.percent_off === undefined) return copy.custom_badge
      const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(offer.percent_off / 100)
      return offer.duration_months
        ? fillTemplate(copy.discount_for, { percent, duration: months(offer.duration_months) })
        : fillTemplate(copy.discount_badge, { percent })
    }
    case 'pause':
      return offer.pause_months ? fillTemplate(copy.pause_badge, { duration: months(offer.pause_months) }) : copy.custom_badge
    case 'downgrade': {
      if (!offer.plan_name) return copy.custom_badge
      const badge = fillTemplate(copy.downgrade_badge, { plan: offer.plan_name })
      return offer.monthly_price !== undefined && offer.currency
        ? `${badge} · ${new Intl.NumberFormat(locale, { style: 'currency', currency: offer.currency }).format(offer.monthly_price)}`
        : badge
    }
    case 'trial_extension':
      return offer.trial_days
        ? fillTemplate(copy.trial_badge, { duration: quantity(offer.trial_days, copy.days_one, copy.days_other, locale) })
        : copy.custom_badge
    case 'contact':
      return copy.contact_badge
    default:
      return copy.custom_badge
  }
}

/** "3 months", in the customer's language. */
export const monthsText = (count: number, copy: Copy, locale: string): string => quantity(count, copy.months_one, copy.months_other, locale)

/**
 * The accept button's label. When the customer picks a pause's length the label says it
 * ("Pause for 2 months"): the offer's own `cta` if it has a `{duration}` slot, else the widget's.
 */
export function offerCallToAction(offer: Offer, copy: Copy, locale: string): string {
  if (offer.type === 'pause' && offer.pause_months_options && offer.pause_months) {
    const template = offer.cta?.includes('{duration}') ? offer.cta : copy.pause_badge
    return fillTemplate(template, { duration: monthsText(offer.pause_months, copy, locale) })
  }
  return offer.cta ?? copy[`cta_${offer.type}`]
}

/** The offer's description, its `{duration}` slot filled with the pause length picked. */
export const offerDescription = (offer: Offer, copy: Copy, locale: string): string | undefined =>
  offer.description && offer.pause_months
    ? fillTemplate(offer.description, { duration: monthsText(offer.pause_months, copy, locale) })
    : offer.description
