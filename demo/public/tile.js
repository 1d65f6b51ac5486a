// One tile of the workbench gallery: the real widget, frozen at one step, in one scheme, direction
// and width (this frame's width is the tile's viewport, so the 320 px layout is the real one).
import { renderPreview } from '/dist/preview.js'

const params = new URLSearchParams(location.search)
const step = params.get('step') ?? 'reasons'
const scheme = params.get('scheme') === 'dark' ? 'dark' : 'light'
const rtl = params.get('dir') === 'rtl'
const stage = document.getElementById('stage')

// One card of each offer type on the offers tile: the config's own offer of that type, else a sample.
const SAMPLE_OFFERS = [
  { id: 'sample_discount', type: 'discount', title: '30% off your next 3 months', description: 'Keep everything for less.', percent_off: 30, duration_months: 3 },
  { id: 'sample_pause', type: 'pause', title: 'Take a break instead', description: 'No charges for {duration}.', pause_months: 1, pause_months_options: [1, 2, 3] },
  { id: 'sample_downgrade', type: 'downgrade', title: 'Switch to Starter', plan_name: 'Starter', monthly_price: 19, currency: 'USD' },
  { id: 'sample_trial', type: 'trial_extension', title: '14 more days, on us', trial_days: 14 },
  { id: 'sample_contact', type: 'contact', title: 'Talk to our team', url: 'https://example.com/contact' },
  { id: 'sample_custom', type: 'custom', title: 'A free setup session', url: 'https://example.com/setup' },
]

function everyOfferType(config) {
  const offers = SAMPLE_OFFERS.map((sample) => {
    const own = (config.offers ?? []).find((offer) => offer.type === sample.type)
    return { ...(own ?? sample), eligibility: undefined }
  })
  const reason = { id: 'every_offer_type', label: 'Every offer type', offer_ids: offers.map((offer) => offer.id) }
  return { ...config, offers, lead_offer_ids: [], reasons: [reason, ...(config.reasons ?? [])] }
}

/** The reason picked before the step shows: one that asks for feedback, if any. */
function reasonFor(config) {
  if (step === 'offers') return 'every_offer_type'
  const reasons = Array.isArray(config.reasons) ? config.reasons : []
  return (reasons.find((reason) => reason.feedback_prompt) ?? reasons[0])?.id
}

let preview
async function showTile(state) {
  document.getElementById('workbench-css').textContent = state.css ?? ''
  const config = step === 'offers' ? everyOfferType(state.config ?? {}) : state.config
  const next = await renderPreview({
    container: stage,
    config,
    step: step === 'feedback' ? 'reasons' : step,
    ...(['feedback', 'offers', 'confirm'].includes(step) ? { reason: reasonFor(config ?? {}) } : {}),
    locale: rtl ? 'he' : state.locale || 'en',
    theme: { mode: scheme },
    customer: state.customer ?? {},
  })
  preview?.unmount()
  preview = next
  document.documentElement.dataset.ready = 'true'
}

/** The workbench calls these directly (same origin): a new state re-renders, new CSS only restyles. */
window.showTile = showTile
window.setTileCss = (css) => (document.getElementById('workbench-css').textContent = css)
if (parent !== window && parent.workbench) void showTile(parent.workbench.state)
