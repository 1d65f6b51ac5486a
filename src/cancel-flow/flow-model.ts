import { computed, signal } from '@preact/signals'
import type { CancelFlowConfig, CancelFlowEvent, CancelFlowResult, Offer } from './types.js'

export type Step = 'reasons' | 'offers' | 'confirm'

/** Free text beyond this is cut: it is feedback, not an essay, and it is sent over the network. */
export const MAX_FEEDBACK_LENGTH = 2000

/**
 * The state of one open cancel flow, as signals; the actions are its only writers.
 * No DOM here: the modal renders it, tests drive it directly.
 */
export function createFlowModel(config: CancelFlowConfig, emit: (event: CancelFlowEvent) => void) {
  const offersById = new Map(config.offers.map((offer) => [offer.id, offer]))
  const step = signal<Step>('reasons')
  const reasonId = signal<string | null>(null)
  const feedback = signal('')
  const result = signal<CancelFlowResult | null>(null)

  const reason = computed(() => config.reasons.find((candidate) => candidate.id === reasonId.value) ?? null)
  const offers = computed<Offer[]>(() =>
    (reason.value?.offer_ids ?? []).flatMap((id) => {
      const offer = offersById.get(id)
      return offer ? [offer] : []
    }),
  )
  const trimmedFeedback = () => {
    const text = feedback.value.trim()
    return text ? { feedback: text } : {}
  }

  const goTo = (next: Step) => {
    step.value = next
    emit({ type: 'step_viewed', step: next })
    if (next === 'offers') {
      for (const offer of offers.value) emit({ type: 'offer_shown', offer: offer.id, reason: reasonId.value })
    }
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
    offers,
    result,

    selectReason(id: string) {
      if (result.value || !config.reasons.some((candidate) => candidate.id === id) || reasonId.value === id) return
      reasonId.value = id
      emit({ type: 'reason_selected', reason: id })
    },

    setFeedback(text: string) {
      feedback.value = text.slice(0, MAX_FEEDBACK_LENGTH)
    },

    /** "Continue" / "No thanks": never more than two presses from any step to the final one. */
    continueToCancel() {
      if (result.value) return
      if (step.value === 'reasons') goTo(offers.value.length > 0 ? 'offers' : 'confirm')
      else if (step.value === 'offers') goTo('confirm')
    },

    back() {
      if (result.value) return
      if (step.value === 'confirm') goTo(offers.value.length > 0 ? 'offers' : 'reasons')
      else if (step.value === 'offers') goTo('reasons')
    },

    acceptOffer(offerId: string) {
      const offer = offers.value.find((candidate) => candidate.id === offerId)
      const chosenReason = reasonId.value
      if (result.value || !offer || chosenReason === null || step.value !== 'offers') return
      emit({ type: 'offer_accepted', offer: offer.id, reason: chosenReason })
      finish({ outcome: 'retained', reason: chosenReason, offer, ...trimmedFeedback() })
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
