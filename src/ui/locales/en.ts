import type { Copy } from '../../cancel-flow/types.js'
import type { LocaleStrings } from '../locale.js'

const copy: Readonly<Copy> = Object.freeze({
  reasons_legend: 'Why are you cancelling?',
  feedback_label: 'Anything you would like to tell us? (optional)',
  feedback_placeholder: 'Your answer helps us improve.',
  continue: 'Continue',
  back: 'Back',
  close: 'Close',
  offers_title: 'Before you go, we can help',
  offers_subtitle: 'Based on what you told us, this might help.',
  decline_offers: 'No thanks, continue to cancel',
  confirm_title: 'Cancel your subscription?',
  confirm_body: 'Your subscription will end at the close of the current billing period. You can resubscribe at any time.',
  confirm_cancel: 'Cancel my subscription',
  keep_subscription: 'Keep my subscription',
  step_reasons: 'Step 1 of 3',
  step_offers: 'Step 2 of 3',
  step_confirm: 'Final step',
  months_one: '{count} month',
  months_other: '{count} months',
  days_one: '{count} day',
  days_other: '{count} days',
  discount_badge: '{percent} off',
  discount_for: '{percent} off for {duration}',
  pause_badge: 'Pause for {duration}',
  downgrade_badge: 'Switch to {plan}',
  trial_badge: '{duration} free',
  contact_badge: 'Talk to a person',
  custom_badge: 'Special offer',
  cta_discount: 'Apply discount',
  cta_pause: 'Pause subscription',
  cta_downgrade: 'Switch plan',
  cta_trial_extension: 'Extend my trial',
  cta_contact: 'Contact us',
  cta_custom: 'Accept offer',
  confirm_reason: 'Reason: {reason}',
  still_cancel_title: 'Still want to cancel?',
  pause_length_legend: 'How long?',
})

/** English: shipped with the modal (the fallback for every language); the others load on demand. */
const strings: LocaleStrings = {
  copy,
  fallback: {
    title: 'We are sorry to see you go',
    subtitle: 'Tell us why you are cancelling. It helps us get better.',
    reasons: {
      too_expensive: 'It’s too expensive',
      missing_features: 'Some features are missing',
      switched_service: 'I’m switching to another service',
      unused: 'I don’t use it enough',
      customer_service: 'Customer service was less than expected',
      too_complex: 'It’s too hard to use',
      low_quality: 'Quality was less than expected',
      other: 'Other reason',
    },
  },
}

export default strings
