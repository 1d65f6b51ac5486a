import { describe, expect, it } from 'vitest'
import { createFlowModel } from '../../src/cancel-flow/flow-model.js'
import type { CancelFlowConfig, CancelFlowEvent } from '../../src/cancel-flow/types.js'

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
    expect(events.at(-1)).toEqual({ type: 'offer_accepted', offer: 'pause_1', reason: 'too_expensive' })
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

