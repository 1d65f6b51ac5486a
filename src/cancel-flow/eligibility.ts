import type { Customer, Offer, OfferEligibility } from './types.js'

export type EligibilityCondition = keyof OfferEligibility

type Bound = Exclude<EligibilityCondition, 'plans'>

const BOUNDS: ReadonlyArray<[Bound, 'tenure_days' | 'mrr', 'min' | 'max']> = [
  ['min_tenure_days', 'tenure_days', 'min'],
  ['max_tenure_days', 'tenure_days', 'max'],
  ['min_mrr', 'mrr', 'min'],
  ['max_mrr', 'mrr', 'max'],
]

const planKey = (plan: string) => plan.trim().toLowerCase()

/**
 * The conditions of `offer.eligibility` this customer does not meet, in a fixed order; empty when
 * the offer may be shown. A condition on a field the host did not pass is not met: an offer meant
 * for some customers must not reach one it cannot be checked against.
 */
export function unmetConditions(offer: Offer, customer: Partial<Customer>): EligibilityCondition[] {
  const rules = offer.eligibility
  if (!rules) return []
  const unmet: EligibilityCondition[] = []
  if (rules.plans) {
    const plan = customer.plan_name
    if (plan === undefined || !rules.plans.some((candidate) => planKey(candidate) === planKey(plan))) unmet.push('plans')
  }
  for (const [condition, field, side] of BOUNDS) {
    const bound = rules[condition]
    if (bound === undefined) continue
    const value = customer[field]
    if (value === undefined || (side === 'min' ? value < bound : value > bound)) unmet.push(condition)
  }
  return unmet
}
