import { describe, expect, it } from 'vitest'
import { unmetConditions } from '../../src/cancel-flow/eligibility.js'
import type { Customer, Offer, OfferEligibility } from '../../src/cancel-flow/types.js'

const offerFor = (eligibility?: OfferEligibility): Offer => ({ id: 'pause_1', type: 'pause', title: 'Pause', ...(eligibility ? { eligibility } : {}) })
const customer = (fields: Partial<Customer> = {}): Partial<Customer> => ({ email: 'jane@example.com', ...fields })

describe('offer eligibility', () => {
  it('shows an offer without conditions to everyone, even a customer the host said nothing about', () => {
    expect(unmetConditions(offerFor(), {})).toEqual([])
    expect(unmetConditions(offerFor({}), customer())).toEqual([])
  })

  it('matches plans case-insensitively and ignoring surrounding spaces', () => {
    const offer = offerFor({ plans: ['Growth', ' Scale '] })
    expect(unmetConditions(offer, customer({ plan_name: 'growth' }))).toEqual([])
    expect(unmetConditions(offer, customer({ plan_name: 'SCALE' }))).toEqual([])
    expect(unmetConditions(offer, customer({ plan_name: 'Starter' }))).toEqual(['plans'])
    expect(unmetConditions(offer, customer({ plan_name: 'Growth Plus' }))).toEqual(['plans'])
  })

  it.each([
    ['min_tenure_days', 'tenure_days', 30, 29, 1030],
    ['min_mrr', 'mrr', 1000, 999, 2000],
    ['max_tenure_days', 'tenure_days', 720, 721, 0],
    ['max_mrr', 'mrr', 50000, 50001, 0],
  ] as const)('%s is an inclusive bound on %s', (condition, field, bound, outside, inside) => {
    const offer = offerFor({ [condition]: bound })
    expect(unmetConditions(offer, customer({ [field]: outside }))).toEqual([condition])
    expect(unmetConditions(offer, customer({ [field]: bound }))).toEqual([])
    expect(unmetConditions(offer, customer({ [field]: inside }))).toEqual([])
  })

  it('does not show an offer whose condition needs a customer field the host did not pass', () => {
    const offer = offerFor({ plans: ['Growth'], min_tenure_days: 30, max_tenure_days: 720, min_mrr: 0, max_mrr: 50000 })
    expect(unmetConditions(offer, customer())).toEqual(['plans', 'min_tenure_days', 'max_tenure_days', 'min_mrr', 'max_mrr'])
    expect(unmetConditions(offer, customer({ plan_name: 'Growth', tenure_days: 0, mrr: 0 }))).toEqual(['min_tenure_days'])
  })

  it('needs every given condition to hold, and names each one that does not', () => {
    const offer = offerFor({ plans: ['Growth'], min_tenure_days: 30, max_mrr: 50000 })
    expect(unmetConditions(offer, customer({ plan_name: 'Growth', tenure_days: 45, mrr: 20000 }))).toEqual([])
    expect(unmetConditions(offer, customer({ plan_name: 'Starter', tenure_days: 10, mrr: 90000 }))).toEqual(['plans', 'min_tenure_days', 'max_mrr'])
    expect(unmetConditions(offer, customer({ plan_name: 'Growth', tenure_days: 45, mrr: 90000 }))).toEqual(['max_mrr'])
  })
})
