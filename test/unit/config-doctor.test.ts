import { describe, expect, it } from 'vitest'
import { lintConfig, type ConfigFinding } from '../../src/config.js'
import { ON_DEMAND_LANGUAGES } from '../../src/ui/languages.js'

const clean = {
  title: 'Before you go…',
  reasons: [
    { id: 'too_expensive', label: "It's too expensive", offer_ids: ['discount_30'], stripe_feedback: 'too_expensive' },
    { id: 'unused', label: 'Not using it', offer_ids: ['pause'] },
    { id: 'other', label: 'Something else' },
  ],
  offers: [
    { id: 'discount_30', type: 'discount', title: '30% off', percent_off: 30, duration_months: 3 },
    { id: 'pause', type: 'pause', title: 'Pause', pause_months_options: [1, 2, 3] },
    { id: 'trial', type: 'trial_extension', title: 'More time', trial_days: 14 },
  ],
  lead_offer_ids: ['trial'],
  theme: { primary_color: '#4f46e5', mode: 'light', logo_url: 'https://cdn.example/logo.svg' },
  copy: { confirm_title: 'Really leave?', continue: 'Next' },
}

const lint = (changes: Record<string, unknown>) => lintConfig({ ...clean, ...changes })
const codes = (findings: ConfigFinding[]) => findings.map((finding) => `${finding.severity} ${finding.code} ${finding.path}`)

describe('lintConfig (the config doctor)', () => {
  it('finds nothing in a clean config', () => {
    expect(lintConfig(clean)).toEqual([])
  })

  it('invalid-config: schema errors with their paths, and nothing else', () => {
    expect(lintConfig({ title: '', reasons: [] })).toEqual([
      { severity: 'error', code: 'invalid-config', path: 'title', message: 'must have 1 to 200 characters' },
      { severity: 'error', code: 'invalid-config', path: 'reasons', message: 'must have 1 to 20 items' },
    ])
    expect(codes(lintConfig('nope'))).toEqual(['error invalid-config (root)'])
  })

  it('invalid-offer: an offer the schema drops, and why', () => {
    const findings = lint({ offers: [...clean.offers, { id: 'gift', type: 'voucher', title: 'A gift' }] })
    expect(findings).toEqual([
      { severity: 'error', code: 'invalid-offer', path: 'offers.3', message: 'This offer is dropped: type must be one of discount, pause, downgrade, trial_extension, contact, custom.' },
    ])
  })

  it('dropped-field: a malformed optional field is ignored, with its path', () => {
    const findings = lint({ subtitle: 'x'.repeat(501), theme: { ...clean.theme, radius_px: 99 }, reasons: [{ ...clean.reasons[0], feedback_prompt: 7 }, ...clean.reasons.slice(1)] })
    expect(codes(findings)).toEqual(['warning dropped-field subtitle', 'warning dropped-field theme.radius_px', 'warning dropped-field reasons.0.feedback_prompt'])
    expect(codes(lint({ offers: [{ ...clean.offers[0], percent_off: 300 }, ...clean.offers.slice(1)] }))).toEqual([
      'warning dropped-field offers.0.percent_off',
      'error offer-missing-field offers.0',
    ])
  })

  it('duplicate-id: the same reason or offer id twice', () => {
    expect(codes(lint({ reasons: [...clean.reasons, { id: 'other', label: 'Other again' }] }))).toEqual(['error duplicate-id reasons.3.id'])
    expect(codes(lint({ offers: [...clean.offers, { ...clean.offers[1] }] }))).toEqual(['error duplicate-id offers.3.id'])
  })

  it('missing-offer: a reason or lead_offer_ids naming an offer that does not exist', () => {
    const findings = lint({ reasons: [{ ...clean.reasons[0], offer_ids: ['discount_30', 'discount_50'] }, ...clean.reasons.slice(1)], lead_offer_ids: ['trial', 'gift'] })
    expect(findings).toEqual([
      { severity: 'error', code: 'missing-offer', path: 'reasons.0.offer_ids.1', message: 'Reason "too_expensive" lists offer "discount_50", which is not in offers.' },
      { severity: 'error', code: 'missing-offer', path: 'lead_offer_ids.1', message: 'lead_offer_ids lists offer "gift", which is not in offers.' },
    ])
  })

  it('unused-offer: an offer no reason and no lead list uses', () => {
    expect(lint({ lead_offer_ids: [] })).toEqual([
      { severity: 'warning', code: 'unused-offer', path: 'offers.2', message: 'No reason or lead_offer_ids uses offer "trial", so no one sees it.' },
    ])
  })

  it.each([
    ['discount', { percent_off: undefined }, 'percent_off'],
    ['pause', { pause_months_options: undefined }, 'pause_months or pause_months_options'],
  ])('offer-missing-field: a %s offer without %j', (_type, change, needed) => {
    const offers = clean.offers.map((offer) => (offer.type === _type ? { ...offer, ...change } : offer))
    const findings = lint({ offers })
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ severity: 'error', code: 'offer-missing-field', message: expect.stringContaining(`needs ${needed}`) })
  })

  it('offer-missing-field: downgrade, trial and contact offers need their field; a custom offer needs none', () => {
    const offers = [
      { id: 'a', type: 'downgrade', title: 'Smaller plan' },
      { id: 'b', type: 'trial_extension', title: 'More time' },
      { id: 'c', type: 'contact', title: 'Talk to us' },
      { id: 'd', type: 'custom', title: 'Anything' },
    ]
    const findings = lint({ offers, lead_offer_ids: [], reasons: [{ id: 'other', label: 'Other', offer_ids: ['a', 'b', 'c'] }, { id: 'x', label: 'X', offer_ids: ['d'] }] })
    expect(codes(findings)).toEqual(['error offer-missing-field offers.0', 'error offer-missing-field offers.1', 'error offer-missing-field offers.2'])
  })

  it.each([
    ['continue', 'Keep my plan', 'en'],
    ['decline_offers', 'Nein danke, Abo behalten', 'de'],
    ['confirm_cancel', 'Garder mon abonnement', 'fr'],
    ['confirm_cancel', 'Mantener mi suscripción', 'es'],
    ['confirm_cancel', 'Manter minha assinatura', 'pt'],
    ['confirm_cancel', 'Mantieni l’abbonamento', 'it'],
    ['confirm_cancel', 'Abonnement houden', 'nl'],
    ['confirm_cancel', 'このまま継続する', 'ja'],
    ['confirm_cancel', '保留我的订阅', 'zh'],
    ['confirm_cancel', '구독 유지하기', 'ko'],
    ['confirm_cancel', 'الإبقاء على اشتراكي', 'ar'],
    ['confirm_cancel', 'השארת המינוי', 'he'],
  ])('cancel-copy-relabelled: copy.%s = %j (%s)', (key, text, language) => {
    const findings = lint({ copy: { [key]: text } })
    expect(findings).toEqual([
      { severity: 'error', code: 'cancel-copy-relabelled', path: `copy.${key}`, message: expect.stringContaining(`(${language})`) as string },
    ])
  })

  it('leaves the shipped cancel labels of every language alone', async () => {
    for (const language of ['en', ...ON_DEMAND_LANGUAGES]) {
      const { default: strings } = (await import(`../../src/ui/locales/${language}.ts`)) as { default: { copy: Record<string, string> } }
      const { continue: next, decline_offers, confirm_cancel } = strings.copy
      expect([language, lint({ copy: { continue: next, decline_offers, confirm_cancel } })]).toEqual([language, []])
    }
  })

  it('cancel-copy-blank and unknown-copy-key: overrides that do nothing', () => {
    expect(codes(lint({ copy: { decline_offers: '  ', confirm_tittle: 'Sure?' } }))).toEqual(['warning cancel-copy-blank copy.decline_offers', 'warning unknown-copy-key copy.confirm_tittle'])
  })

  it('too-many-reasons past 8, too-many-offers past 3 for one reason', () => {
    const reasons = Array.from({ length: 9 }, (_, index) => ({ id: index === 8 ? 'other' : `r${index}`, label: `R${index}` }))
    expect(codes(lint({ reasons: [...reasons.slice(0, 8), { ...reasons[8], offer_ids: ['discount_30', 'pause', 'trial'] }], lead_offer_ids: [] }))).toEqual([
      'warning too-many-reasons reasons',
    ])
    const extra = { id: 'call', type: 'custom', title: 'Call us' }
    expect(codes(lint({ offers: [...clean.offers, extra], reasons: [{ ...clean.reasons[0], offer_ids: ['discount_30', 'pause', 'trial', 'call'] }, ...clean.reasons.slice(1)] }))).toEqual([
      'warning too-many-offers reasons.0.offer_ids',
    ])
  })

  it('no-catch-all-reason: neither an "other" id nor an "other" Stripe value', () => {
    expect(codes(lint({ reasons: clean.reasons.slice(0, 2) }))).toEqual(['warning no-catch-all-reason reasons'])
    expect(lint({ reasons: [...clean.reasons.slice(0, 2), { id: 'something_else', label: 'Else', stripe_feedback: 'other' }] })).toEqual([])
  })

  it('unsafe-logo: a logo that is not https: or a same-origin path', () => {
    for (const logo_url of ['http://cdn.example/logo.svg', 'javascript:alert(1)', '//cdn.example/logo.svg']) {
      expect(codes(lint({ theme: { ...clean.theme, logo_url } }))).toEqual(['warning dropped-field theme.logo_url', 'error unsafe-logo theme.logo_url'])
    }
  })

  it('primary-contrast-adjusted: a primary colour below 3:1 against the dialog in a mode it shows', () => {
    expect(lint({ theme: { primary_color: '#fde047', mode: 'light' } })).toEqual([
      {
        severity: 'warning',
        code: 'primary-contrast-adjusted',
        path: 'theme.primary_color',
        message: '#fde047 is below 3:1 against the light dialog, so focus rings there use the text colour instead; pick a colour with more contrast.',
      },
    ])
    expect(lint({ theme: { primary_color: '#fde047', mode: 'dark' } })).toEqual([])
    expect(codes(lint({ theme: { primary_color: '#4f46e5', mode: 'auto' } }))).toEqual(['warning primary-contrast-adjusted theme.primary_color'])
    expect(lint({ theme: { primary_color: '#1e3a8a' } }).map((finding) => finding.message)).toEqual([expect.stringContaining('against the dark dialog,')])
  })

  it('never throws, whatever it is given', () => {
    for (const value of [undefined, null, 1, [], { reasons: 'x' }, { title: 'x', reasons: [{ id: 'a', label: 'A' }], offers: 'x', copy: 5, theme: 'x' }]) {
      expect(() => lintConfig(value)).not.toThrow()
    }
  })
})
