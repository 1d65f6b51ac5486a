import { computed, signal } from '@preact/signals'
import { unmetConditions, type EligibilityCondition } from './eligibility.js'
import type { CancelFlowConfig, CancelFlowEvent, CancelFlowResult, Customer, Offer, Step } from './types.js'

export type { Step }

/** Where an offer is shown: above the reasons on the first step, or after the reason it answers. */
export type OfferPlacement = 'lead' | 'reason'

/** Free text beyond this is cut: it is feedback, not an essay, and it is sent over the network. */
export const MAX_FEEDBACK_LENGTH = 2000

/**
 * The state of one open cancel flow, as signals; the actions are its only writers.
 * No DOM here: the modal renders it, tests drive it directly.
 * `customer` decides which offers may be shown (their `eligibility`).
 */
export function createFlowModel(config: CancelFlowConfig, emit: (event: CancelFlowEvent) => void, customer: Partial<Customer> = {}) {
  const eligible = new Map<string, Offer>()
  const hidden = new Map<string, EligibilityCondition[]>()
  for (const offer of config.offers) {
    const unmet = unmetConditions(offer, customer)
    if (unmet.length > 0) hidden.set(offer.id, unmet)
    else eligible.set(offer.id, offer)
  }
  const eligibleOffers = (ids: readonly string[]) => [...new Set(ids)].flatMap((id) => eligible.get(id) ?? [])
  const leadOffers = eligibleOffers(config.lead_offer_ids ?? [])
  const leadIds = new Set(leadOffers.map((offer) => offer.id))

  const step = signal<Step>('reasons')
  const reasonId = signal<string | null>(null)
  const feedback = signal('')
  const result = signal<CancelFlowResult | null>(null)
  const pauseMonths = signal<Readonly<Record<string, number>>>(
    Object.fromEntries(config.offers.flatMap((offer) => (offer.pause_months_options?.length ? [[offer.id, offer.pause_months_options[0]!]] : []))),
  )

  const reason = computed(() => config.reasons.find((candidate) => candidate.id === reasonId.value) ?? null)
  /** The chosen reason's offers that this customer may see, less those already shown above the reasons. */
  const offers = computed<Offer[]>(() => eligibleOffers(reason.value?.offer_ids ?? []).filter((offer) => !leadIds.has(offer.id)))
  /** The offer as the customer would take it: a pause with lengths to pick carries the pick. */
  const asChosen = (offer: Offer): Offer => {
    const months = pauseMonths.value[offer.id]
    return months === undefined ? offer : { ...offer, pause_months: months }
  }
  const trimmedFeedback = () => {
    const text = feedback.value.trim()
    return text ? { feedback: text } : {}
  }

  const reportedHidden = new Set<string>()
  /** Tells analytics, once per flow and place, which offers eligibility kept from this customer and why. */
  const reportHidden = (ids: readonly string[], placement: OfferPlacement) => {
    for (const id of ids) {
      const unmet = hidden.get(id)
      const key = `${placement}:${reasonId.value}:${id}`
      if (!unmet || reportedHidden.has(key)) continue
      reportedHidden.add(key)
      emit({ type: 'offer_hidden', offer: id, placement, reason: reasonId.value, unmet })
    }
  }

  const goTo = (next: Step) => {
    step.value = next
    emit({ type: 'step_viewed', step: next })
    const shown: [Offer[], OfferPlacement] | undefined =
      next === 'reasons' ? [leadOffers, 'lead'] : next === 'offers' ? [offers.value, 'reason'] : undefined
    for (const offer of shown?.[0] ?? []) emit({ type: 'offer_shown', offer: offer.id, reason: reasonId.value, placement: shown![1] })
  }

  const finish = (outcome: CancelFlowResult) => {
    if (result.value) return
    result.value = outcome
  }

  return {
    config,
    step,
    reasonId,
    reason,
    feedback,
    /** Shown on the first step above the reasons; fixed for the flow. */
    leadOffers,
    offers,
    /** The length picked in each pause offer with `pause_months_options`, by offer id. */
    pauseMonths,
    asChosen,
    result,

    /** Reports the first step as viewed; called once the modal shows it. */
    start() {
      goTo('reasons')
      reportHidden(config.lead_offer_ids ?? [], 'lead')
    },

    selectReason(id: string) {
      if (result.value || !config.reasons.some((candidate) => candidate.id === id) || reasonId.value === id) return
      reasonId.value = id
      emit({ type: 'reason_selected', reason: id })
    },

    setFeedback(text: string) {
      feedback.value = text.slice(0, MAX_FEEDBACK_LENGTH)
    },

    choosePauseMonths(offerId: string, months: number) {
      const options = eligible.get(offerId)?.pause_months_options
      if (result.value || !options?.includes(months)) return
      pauseMonths.value = { ...pauseMonths.value, [offerId]: months }
    },

    /** "Continue" / "No thanks": never more than two presses from any step to the final one. */
    continueToCancel() {
      if (result.value) return
      if (step.value === 'reasons') {
        reportHidden(reason.value?.offer_ids ?? [], 'reason')
        goTo(offers.value.length > 0 ? 'offers' : 'confirm')
      } else if (step.value === 'offers') goTo('confirm')
    },

    back() {
      if (result.value) return
      if (step.value === 'confirm') goTo(offers.value.length > 0 ? 'offers' : 'reasons')
      else if (step.value === 'offers') goTo('reasons')
    },

    /** Takes an offer shown on the current step: a lead offer needs no reason. */
    acceptOffer(offerId: string) {
      if (result.value) return
      const placement: OfferPlacement | undefined = step.value === 'reasons' ? 'lead' : step.value === 'offers' ? 'reason' : undefined
      const shown = placement === 'lead' ? leadOffers : placement === 'reason' ? offers.value : []
      const offer = shown.find((candidate) => candidate.id === offerId)
      if (!offer) return
      const accepted = asChosen(offer)
      const picked = accepted === offer ? {} : { pause_months: accepted.pause_months }
      emit({ type: 'offer_accepted', offer: offer.id, reason: reasonId.value, placement, ...picked })
      finish({ outcome: 'retained', reason: reasonId.value, offer: accepted, ...trimmedFeedback() })
    },

    confirmCancel() {
      if (result.value || step.value !== 'confirm') return
      emit({ type: 'cancel_confirmed', reason: reasonId.value })
      finish({ outcome: 'cancelled', reason: reasonId.value, ...trimmedFeedback() })
    },

    dismiss() {
      if (result.value) return
      emit({ type: 'dismissed', step: step.value })
      finish({ outcome: 'dismissed' })
    },
  }
}

export type FlowModel = ReturnType<typeof createFlowModel>
