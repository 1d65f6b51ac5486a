import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/cancel-flow/config-schema.js'
import { createFlowModel } from '../../src/cancel-flow/flow-model.js'
import type { CancelFlowConfig, CancelFlowEvent, Customer, Offer } from '../../src/cancel-flow/types.js'
import { readmeSnippet } from './readme-snippets.js'

const config: CancelFlowConfig = {
  title: 'Before you go',
  reasons: [
    { id: 'too_expensive', label: 'Too expensive', offer_ids: ['discount_30', 'pause_1'], stripe_feedback: 'too_expensive' },
    { id: 'other', label: 'Other' },
  ],
  offers: [
    { id: 'discount_30', type: 'discount', title: '30% off', percent_off: 30, duration_months: 3 },
    { id: 'pause_1', type: 'pause', title: 'Pause', pause_months: 1 },
  ],
  theme: {},
  copy: {},
}

function setup() {
  const events: CancelFlowEvent[] = []
  const model = createFlowModel(config, (event) => events.push(event))
  return { model, events }
}

describe('flow model', () => {
  it('goes reasons → offers → confirm for a reason with offers, and ends cancelled with the feedback', () => {
    const { model, events } = setup()
    model.selectReason('too_expensive')
    model.setFeedback('  budget is tight  ')
    model.continueToCancel()
    expect(model.step.value).toBe('offers')
    expect(model.offers.value.map((offer) => offer.id)).toEqual(['discount_30', 'pause_1'])
    model.continueToCancel()
    expect(model.step.value).toBe('confirm')
    model.confirmCancel()
    expect(model.result.value).toEqual({ outcome: 'cancelled', reason: 'too_expensive', feedback: 'budget is tight' })
    expect(events.map((event) => event.type)).toEqual([
      'reason_selected',
      'step_viewed',
      'offer_shown',
      'offer_shown',
      'step_viewed',
      'cancel_confirmed',
    ])
  })

  it('skips the offers step for a reason without offers and when no reason is picked', () => {
    const picked = setup()
    picked.model.selectReason('other')
    picked.model.continueToCancel()
    expect(picked.model.step.value).toBe('confirm')

    const none = setup()
    none.model.continueToCancel()
    expect(none.model.step.value).toBe('confirm')
    none.model.confirmCancel()
    expect(none.model.result.value).toEqual({ outcome: 'cancelled', reason: null })
  })

  it('reaches confirm in at most two continue presses from any step', () => {
    for (const reason of [null, 'other', 'too_expensive']) {
      const { model } = setup()
      if (reason) model.selectReason(reason)
      let presses = 0
      while (model.step.value !== 'confirm') {
        model.continueToCancel()
        presses += 1
      }
      expect(presses).toBeLessThanOrEqual(2)
    }
  })

  it('accepts an offer only on the offers step, ending retained with the offer', () => {
    const { model, events } = setup()
    model.acceptOffer('discount_30')
    expect(model.result.value).toBeNull()
    model.selectReason('too_expensive')
    model.continueToCancel()
    model.acceptOffer('pause_1')
    expect(model.result.value).toEqual({ outcome: 'retained', reason: 'too_expensive', offer: config.offers[1] })
    // Strict: an offer without lengths to pick reports no pause_months key at all.
    expect(events.at(-1)).toStrictEqual({ type: 'offer_accepted', offer: 'pause_1', reason: 'too_expensive', placement: 'reason' })
  })

  it('goes back one step at a time, through the offers when there are some', () => {
    const { model } = setup()
    model.selectReason('too_expensive')
    model.continueToCancel()
    model.continueToCancel()
    model.back()
    expect(model.step.value).toBe('offers')
    model.back()
    expect(model.step.value).toBe('reasons')
    expect(model.reasonId.value).toBe('too_expensive')
  })

  it('dismisses once and ignores every action after a decision', () => {
    const { model, events } = setup()
    model.dismiss()
    model.dismiss()
    model.selectReason('other')
    model.continueToCancel()
    expect(model.result.value).toEqual({ outcome: 'dismissed' })
    expect(events).toEqual([{ type: 'dismissed', step: 'reasons' }])
  })

  it('ignores unknown reasons and caps feedback length', () => {
    const { model } = setup()
    model.selectReason('not_a_reason')
    expect(model.reasonId.value).toBeNull()
    model.setFeedback('x'.repeat(5000))
    expect(model.feedback.value).toHaveLength(2000)
  })

  it('after any decision, no action changes the step, the result or what is reported', () => {
    for (const decide of ['cancel', 'retain'] as const) {
      const { model, events } = setup()
      model.selectReason('too_expensive')
      model.continueToCancel()
      if (decide === 'retain') model.acceptOffer('pause_1')
      else {
        model.continueToCancel()
        model.confirmCancel()
      }
      const [step, result, reported] = [model.step.value, model.result.value, events.length]
      model.selectReason('other')
      model.continueToCancel()
      model.back()
      model.acceptOffer('discount_30')
      model.confirmCancel()
      model.dismiss()
      expect([model.step.value, model.result.value, events.length, model.reasonId.value]).toEqual([step, result, reported, 'too_expensive'])
    }
  })

  it('acts only where an action belongs: confirm on the confirm step, offers on the offers step, back not past the first', () => {
    const { model, events } = setup()
    model.back()
    model.confirmCancel()
    expect([model.step.value, model.result.value, events]).toEqual(['reasons', null, []])
    model.selectReason('too_expensive')
    model.continueToCancel()
    model.confirmCancel()
    expect(model.result.value).toBeNull()
    model.continueToCancel()
    model.acceptOffer('discount_30')
    expect(model.result.value).toBeNull()
    model.continueToCancel()
    expect(model.step.value).toBe('confirm')
    const reported = events.length
    model.continueToCancel()
    expect(events).toHaveLength(reported)
    // Back from confirm without offers goes straight to the reasons.
    const plain = setup()
    plain.model.selectReason('other')
    plain.model.continueToCancel()
    expect(plain.model.step.value).toBe('confirm')
    plain.model.back()
    expect(plain.model.step.value).toBe('reasons')
    plain.model.selectReason('other')
    expect(plain.events.filter((event) => event.type === 'reason_selected')).toHaveLength(1)
  })
})


describe('flow model with lead offers, eligibility and pause lengths', () => {
  const leadConfig: CancelFlowConfig = {
    title: 'Before you go',
    reasons: [
      { id: 'too_expensive', label: 'Too expensive', offer_ids: ['pause_any', 'discount_growth'] },
      { id: 'unused', label: 'Not using it', offer_ids: ['pause_any'] },
      { id: 'other', label: 'Other' },
    ],
    offers: [
      { id: 'pause_any', type: 'pause', title: 'Pause', pause_months: 1, pause_months_options: [1, 2, 3] },
      { id: 'discount_growth', type: 'discount', title: '30% off', percent_off: 30, eligibility: { plans: ['Growth'], min_mrr: 1000 } },
      { id: 'trial_new', type: 'trial_extension', title: '14 days', trial_days: 14, eligibility: { max_tenure_days: 30 } },
    ],
    lead_offer_ids: ['pause_any', 'trial_new', 'pause_any'],
    theme: {},
    copy: {},
  }
  const growth = { email: 'jane@example.com', plan_name: 'growth', mrr: 4900, tenure_days: 400 }

  function start(customer: Partial<Customer> = growth, config = leadConfig) {
    const events: CancelFlowEvent[] = []
    const model = createFlowModel(config, (event) => events.push(event), customer)
    model.start()
    return { model, events }
  }

  it('takes a lead offer before any reason: retained with reason null and the preselected length', () => {
    const { model, events } = start()
    expect(model.leadOffers.map((offer) => offer.id)).toEqual(['pause_any'])
    model.acceptOffer('pause_any')
    expect(model.result.value).toEqual({ outcome: 'retained', reason: null, offer: { ...leadConfig.offers[0], pause_months: 1 } })
    expect(events.at(-1)).toEqual({ type: 'offer_accepted', offer: 'pause_any', reason: null, placement: 'lead', pause_months: 1 })
  })

  it('keeps the reason and feedback when a lead offer is taken after picking one', () => {
    const { model } = start()
    model.selectReason('other')
    model.setFeedback(' later ')
    model.acceptOffer('pause_any')
    expect(model.result.value).toMatchObject({ outcome: 'retained', reason: 'other', feedback: 'later' })
  })

  it('reports lead offers as shown on the first step, and the hidden ones with the conditions they missed', () => {
    const { events } = start()
    expect(events).toEqual([
      { type: 'step_viewed', step: 'reasons' },
      { type: 'offer_shown', offer: 'pause_any', reason: null, placement: 'lead' },
      { type: 'offer_hidden', offer: 'trial_new', placement: 'lead', reason: null, unmet: ['max_tenure_days'] },
    ])
  })

  it('does not show a lead offer again after a reason that lists it: such a reason goes straight to confirm', () => {
    const { model, events } = start()
    model.selectReason('unused')
    model.continueToCancel()
    expect(model.step.value).toBe('confirm')
    expect(events.filter((event) => event.type === 'offer_shown')).toHaveLength(1)

    const other = start()
    other.model.selectReason('too_expensive')
    other.model.continueToCancel()
    expect(other.model.offers.value.map((offer) => offer.id)).toEqual(['discount_growth'])
    expect(other.events.at(-1)).toEqual({ type: 'offer_shown', offer: 'discount_growth', reason: 'too_expensive', placement: 'reason' })
  })

  it('hides a reason offer the customer is not eligible for, reports it once per reason, and skips an emptied offers step', () => {
    const { model, events } = start({ email: 'jane@example.com', plan_name: 'Starter', mrr: 900, tenure_days: 10 })
    expect(model.leadOffers.map((offer) => offer.id)).toEqual(['pause_any', 'trial_new'])
    model.selectReason('too_expensive')
    model.continueToCancel()
    expect(model.step.value).toBe('confirm')
    model.back()
    model.continueToCancel()
    expect(events.filter((event) => event.type === 'offer_hidden')).toEqual([
      { type: 'offer_hidden', offer: 'discount_growth', placement: 'reason', reason: 'too_expensive', unmet: ['plans', 'min_mrr'] },
    ])
  })

  it('accepts only offers shown on the current step', () => {
    const { model } = start()
    model.acceptOffer('discount_growth')
    model.acceptOffer('trial_new')
    expect(model.result.value).toBeNull()
    model.selectReason('too_expensive')
    model.continueToCancel()
    model.acceptOffer('pause_any')
    expect(model.result.value).toBeNull()
    model.continueToCancel()
    model.acceptOffer('discount_growth')
    expect(model.result.value).toBeNull()
  })

  it('lets the customer pick a listed pause length and carries the pick into the result', () => {
    const { model, events } = start()
    expect(model.pauseMonths.value).toEqual({ pause_any: 1 })
    model.choosePauseMonths('pause_any', 5)
    model.choosePauseMonths('discount_growth', 2)
    model.choosePauseMonths('pause_any', 3)
    model.choosePauseMonths('pause_any', 2)
    expect(model.pauseMonths.value).toEqual({ pause_any: 2 })
    model.acceptOffer('pause_any')
    expect(model.result.value).toMatchObject({ outcome: 'retained', offer: { id: 'pause_any', pause_months: 2 } })
    expect(events.at(-1)).toMatchObject({ type: 'offer_accepted', pause_months: 2 })
    model.choosePauseMonths('pause_any', 3)
    expect(model.pauseMonths.value).toEqual({ pause_any: 2 })
  })

  it('for every combination of lead offers, reason offers, eligibility and chosen reason, confirm is at most two presses away', () => {
    const offers: Offer[] = [
      { id: 'a', type: 'pause', title: 'A', pause_months: 1 },
      { id: 'b', type: 'discount', title: 'B', percent_off: 10, eligibility: { plans: ['Growth'] } },
      { id: 'c', type: 'custom', title: 'C', eligibility: { min_mrr: 5000 } },
    ]
    const subsets = (ids: string[]): string[][] => ids.reduce<string[][]>((all, id) => [...all, ...all.map((subset) => [...subset, id])], [[]])
    let flows = 0
    for (const lead of subsets(['a', 'b', 'c'])) {
      for (const reasonOffers of subsets(['a', 'b', 'c'])) {
        for (const customer of [{ email: 'x@example.com' }, growth]) {
          const config: CancelFlowConfig = { title: 'T', reasons: [{ id: 'r', label: 'R', offer_ids: reasonOffers }, { id: 's', label: 'S' }], offers, lead_offer_ids: lead, theme: {}, copy: {} }
          for (const reason of [null, 'r', 's']) {
            const { model } = start(customer, config)
            if (reason) model.selectReason(reason)
            const shownFirst = new Set(model.leadOffers.map((offer) => offer.id))
            let presses = 0
            while (model.step.value !== 'confirm' && presses < 3) {
              if (model.step.value === 'offers') expect(model.offers.value.some((offer) => shownFirst.has(offer.id))).toBe(false)
              model.continueToCancel()
              presses += 1
            }
            expect(presses).toBeLessThanOrEqual(2)
            flows += 1
          }
        }
      }
    }
    expect(flows).toBe(8 * 8 * 2 * 3)
  })
})

describe("README's worked example of offers that fit the customer", () => {
  const parsed = parseConfig(JSON.parse(readmeSnippet('### Offers that fit the customer', 'json')))
  if (!parsed.ok) throw new Error('the README example does not parse')

  function walk(customer: Partial<Customer>) {
    const events: CancelFlowEvent[] = []
    const model = createFlowModel(parsed.ok ? parsed.config : ({} as CancelFlowConfig), (event) => events.push(event), customer)
    model.start()
    const firstStep = model.leadOffers.map((offer) => offer.id)
    model.selectReason('too_expensive')
    model.continueToCancel()
    const afterReason = model.step.value === 'offers' ? model.offers.value.map((offer) => offer.id) : model.step.value
    const hidden = events.filter((event) => event.type === 'offer_hidden').map((event) => [`${event['placement']}:${event['offer']}`, event['unmet']])
    return { firstStep, afterReason, hidden }
  }

  it('behaves as its table says for each customer', () => {
    expect(walk({ plan_name: 'Growth', mrr: 4900, tenure_days: 400 })).toEqual({ firstStep: ['pause'], afterReason: ['discount_30'], hidden: [] })
    expect(walk({ plan_name: 'Starter', mrr: 900, tenure_days: 400 })).toEqual({ firstStep: ['pause'], afterReason: 'confirm', hidden: [['reason:discount_30', ['plans', 'min_mrr']]] })
    expect(walk({ tenure_days: 12 })).toEqual({
      firstStep: [],
      afterReason: 'confirm',
      hidden: [
        ['lead:pause', ['min_tenure_days']],
        ['reason:discount_30', ['plans', 'min_tenure_days', 'min_mrr']],
        ['reason:pause', ['min_tenure_days']],
      ],
    })
    expect(parsed.ok && parsed.config.offers[0]?.pause_months_options).toEqual([1, 2, 3])
  })
})
