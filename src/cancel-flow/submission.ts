import { randomUuid } from '../core/random-id.js'
import type { CancelFlowConfig, CancelFlowResult, Customer } from './types.js'

/** The body of `POST /cancel-flow/reasons`, as the Windback API takes it. */
export interface ReasonsSubmission {
  submission_id: string
  customer_email: string
  customer_name?: string
  cancel_reason: string | null
  stripe_feedback?: string
  feedback_text?: string
  selected_offer: string | null
  outcome: 'retained' | 'cancelled'
  occurred_at: string
}

/** The submission for a decided flow, with a new `submission_id`; `null` for outcomes the API is not told about. */
export function buildSubmission(
  result: CancelFlowResult,
  context: { customer: Customer; config: CancelFlowConfig; occurredAt: Date },
): ReasonsSubmission | null {
  if (result.outcome !== 'retained' && result.outcome !== 'cancelled') return null
  const reason = context.config.reasons.find((candidate) => candidate.id === result.reason)
  return {
    submission_id: randomUuid(),
    customer_email: context.customer.email,
    ...(context.customer.name ? { customer_name: context.customer.name } : {}),
    cancel_reason: result.reason,
    ...(reason?.stripe_feedback ? { stripe_feedback: reason.stripe_feedback } : {}),
    ...(result.feedback ? { feedback_text: result.feedback } : {}),
    selected_offer: result.outcome === 'retained' ? result.offer.id : null,
    outcome: result.outcome,
    occurred_at: context.occurredAt.toISOString(),
  }
}
