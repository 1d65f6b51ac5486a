import { useEffect, useLayoutEffect, useRef } from 'preact/hooks'
import type { FlowModel, OfferPlacement, Step } from '../cancel-flow/flow-model.js'
import type { Copy, Offer } from '../cancel-flow/types.js'
import { fillTemplate, monthsText, offerCallToAction, offerDescription, offerHeadline } from './copy.js'

export interface CancelModalProps {
  model: FlowModel
  copy: Copy
  locale: string
  logoUrl: string
  /** Opens an offer's link, when it has one, as the customer accepts it. */
  openUrl: (url: string) => void
  /** A styling preview: its first step takes no focus and scrolls nothing on the page around it. */
  preview?: boolean
}

const STEP_LABEL: Record<Step, keyof Copy> = { reasons: 'step_reasons', offers: 'step_offers', confirm: 'step_confirm' }

/** The dialog's content: header, the current step, footer actions. Stateless but for the model. */
export function CancelModal({ model, copy, locale, logoUrl, openUrl, preview = false }: CancelModalProps) {
  const step = model.step.value
  const titleRef = useRef<HTMLHeadingElement>(null)
  const firstStep = useRef(true)
  // Focus follows the step, so keyboard and screen-reader users start at its heading; in the
  // same task as the DOM change, so a quick Tab never starts from a button that just went away.
  // The first step's heading is focused as the dialog opens (a preview takes no focus at all).
  useLayoutEffect(() => {
    if (!firstStep.current) titleRef.current?.focus({ preventScroll: true })
  }, [step])
  useEffect(() => {
    firstStep.current = false
  }, [])

  return (
    <>
      <div class="wb-header">
        {step !== 'reasons' && (
          <button type="button" class="wb-button wb-button-ghost wb-back" part="back" onClick={model.back}>
            <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">
              <path d="M15 18l-6-6 6-6" />
            </svg>
            {copy.back}
          </button>
        )}
        {logoUrl && <img class="wb-logo" part="logo" src={logoUrl} alt="" />}
        <p class="wb-progress">{copy[STEP_LABEL[step]]}</p>
        <button type="button" class="wb-close" part="close" aria-label={copy.close} onClick={model.dismiss}>
          <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      </div>
      {/* Announces where the customer now is; empty on open, when the dialog's name is read. */}
      <p class="wb-visually-hidden" aria-live="polite">
        {firstStep.current ? '' : copy[STEP_LABEL[step]]}
      </p>
      <div class="wb-body" key={step}>
        {step === 'reasons' && <ReasonsStep model={model} copy={copy} locale={locale} titleRef={titleRef} openUrl={openUrl} scrollToFeedback={!preview || !firstStep.current} />}
        {step === 'offers' && <OffersStep model={model} copy={copy} locale={locale} titleRef={titleRef} openUrl={openUrl} />}
        {step === 'confirm' && <ConfirmStep model={model} copy={copy} titleRef={titleRef} />}
      </div>
      <div class="wb-footer">
        <div class="wb-footer-end">
          {step === 'confirm' ? (
            <>
              <button type="button" class="wb-button wb-button-secondary" part="keep" onClick={model.dismiss}>
                {copy.keep_subscription}
              </button>
              <button type="button" class="wb-button wb-button-danger" part="confirm-cancel" onClick={model.confirmCancel}>
                {copy.confirm_cancel}
              </button>
            </>
          ) : (
            <button
              type="button"
              // With lead offers above the reasons, their first card holds the step's one filled button.
              class={`wb-button ${step === 'reasons' && model.leadOffers.length === 0 ? 'wb-button-primary' : 'wb-button-secondary'}`}
              part="continue-cancel"
              onClick={model.continueToCancel}
            >
              {step === 'offers' ? copy.decline_offers : copy.continue}
            </button>
          )}
        </div>
      </div>
    </>
  )
}

interface StepProps {
  model: FlowModel
  copy: Copy
  titleRef: { current: HTMLHeadingElement | null }
}

interface OfferStepProps extends StepProps {
  locale: string
  openUrl: (url: string) => void
}

function StepHeading({ titleRef, title, subtitle }: { titleRef: StepProps['titleRef']; title: string; subtitle?: string | undefined }) {
  return (
    <>
      <h2 class="wb-title" id="wb-title" tabIndex={-1} ref={titleRef}>
        {title}
      </h2>
      {subtitle && (
        <p class="wb-subtitle" id="wb-description">
          {subtitle}
        </p>
      )}
    </>
  )
}

function ReasonsStep({ model, copy, locale, titleRef, openUrl, scrollToFeedback }: OfferStepProps & { scrollToFeedback: boolean }) {
  const { config } = model
  const selected = model.reasonId.value
  const reason = model.reason.value
  const feedbackRef = useRef<HTMLLabelElement>(null)
  const hasReason = reason !== null
  // The box appears below a long list: bring it into view once, not on every change of reason.
  useEffect(() => {
    if (!hasReason || !scrollToFeedback) return
    const reduceMotion = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches
    feedbackRef.current?.scrollIntoView?.({ block: 'nearest', behavior: reduceMotion ? 'auto' : 'smooth' })
  }, [hasReason])
  return (
    <>
      <StepHeading titleRef={titleRef} title={config.title} subtitle={config.subtitle} />
      {model.leadOffers.length > 0 && (
        <>
          <OfferList model={model} copy={copy} locale={locale} openUrl={openUrl} offers={model.leadOffers} placement="lead" />
          <h3 class="wb-still-cancel">{copy.still_cancel_title}</h3>
        </>
      )}
      <fieldset class="wb-fieldset">
        <legend class="wb-legend">{copy.reasons_legend}</legend>
        <div class="wb-reasons">
          {config.reasons.map((candidate) => (
            <label class="wb-reason" key={candidate.id}>
              <input
                type="radio"
                name="wb-reason"
                part="reason"
                value={candidate.id}
                checked={candidate.id === selected}
                onChange={() => model.selectReason(candidate.id)}
              />
              <span>{candidate.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {reason && (
        <label class="wb-feedback" ref={feedbackRef}>
          <span>{reason.feedback_prompt ?? copy.feedback_label}</span>
          <textarea
            part="feedback"
            rows={3}
            maxLength={2000}
            placeholder={copy.feedback_placeholder}
            value={model.feedback.value}
            onInput={(event) => model.setFeedback(event.currentTarget.value)}
          />
        </label>
      )}
    </>
  )
}

function OffersStep({ model, copy, locale, titleRef, openUrl }: OfferStepProps) {
  return (
    <>
      <StepHeading titleRef={titleRef} title={copy.offers_title} subtitle={copy.offers_subtitle} />
      <OfferList model={model} copy={copy} locale={locale} openUrl={openUrl} offers={model.offers.value} placement="reason" />
    </>
  )
}

interface OfferListProps extends Omit<OfferStepProps, 'titleRef'> {
  offers: Offer[]
  placement: OfferPlacement
}

function OfferList({ model, copy, locale, openUrl, offers, placement }: OfferListProps) {
  const accept = (offer: Offer) => {
    if (offer.url) openUrl(offer.url)
    model.acceptOffer(offer.id)
  }
  return (
    <ul class={`wb-offers wb-offers-${placement}`}>
      {offers.map((listed, index) => {
        const months = model.pauseMonths.value[listed.id]
        const offer = model.asChosen(listed)
        const description = offerDescription(offer, copy, locale)
        const titleId = `wb-offer-${placement}-${offer.id}`
        // Above the reasons only the first card gets the filled button: one clear suggestion, not a wall of them.
        const primary = placement === 'reason' || index === 0
        return (
          <li key={offer.id}>
            {/* A group, not a fieldset: a fieldset would announce form controls; this is one offer with one button. */}
            <section class="wb-offer" part="offer" role="group" aria-labelledby={titleId} data-offer-type={offer.type} data-placement={placement}>
              <span class="wb-chip">{offerHeadline(offer, copy, locale)}</span>
              <h3 class="wb-offer-title" id={titleId}>
                {offer.title}
              </h3>
              {description && <p class="wb-offer-description">{description}</p>}
              {offer.pause_months_options && months !== undefined && (
                <fieldset class="wb-pause-months">
                  <legend class="wb-pause-legend">{copy.pause_length_legend}</legend>
                  <div class="wb-pause-choices">
                    {offer.pause_months_options.map((option) => (
                      <label class="wb-reason wb-pause-choice" key={option}>
                        <input
                          type="radio"
                          name={`wb-pause-${placement}-${offer.id}`}
                          part="pause-months"
                          value={option}
                          checked={option === months}
                          onChange={() => model.choosePauseMonths(offer.id, option)}
                        />
                        <span>{monthsText(option, copy, locale)}</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
              )}
              <button
                type="button"
                class={`wb-button ${primary ? 'wb-button-primary' : 'wb-button-secondary'}`}
                part="accept-offer"
                onClick={() => accept(offer)}
              >
                {offerCallToAction(offer, copy, locale)}
              </button>
            </section>
          </li>
        )
      })}
    </ul>
  )
}

function ConfirmStep({ model, copy, titleRef }: StepProps) {
  const reason = model.reason.value
  return (
    <>
      <StepHeading titleRef={titleRef} title={copy.confirm_title} subtitle={copy.confirm_body} />
      {reason && <p class="wb-confirm-reason">{fillTemplate(copy.confirm_reason, { reason: reason.label })}</p>}
    </>
  )
}
