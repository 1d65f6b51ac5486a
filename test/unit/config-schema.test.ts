import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/cancel-flow/config-schema.js'

const valid = {
  title: 'Before you go…',
  subtitle: "Tell us why you're cancelling",
  reasons: [
    { id: 'too_expensive', label: "It's too expensive", offer_ids: ['discount_30'], feedback_prompt: 'What price would work?', stripe_feedback: 'too_expensive' },
    { id: 'other', label: 'Something else' },
  ],
  offers: [{ id: 'discount_30', type: 'discount', title: '30% off for 3 months', cta: 'Apply discount', percent_off: 30, duration_months: 3 }],
  theme: { primary_color: '#4f46e5', logo_url: 'https://cdn.example/logo.svg', mode: 'light' },
  copy: { confirm_title: 'Really?' },
}

describe('parseConfig', () => {
  it('accepts the contract example unchanged', () => {
    const result = parseConfig(valid)
    expect(result).toEqual({ ok: true, config: valid })
  })

  it('ignores unknown fields at every level (forward compatible)', () => {
    const result = parseConfig({
      ...valid,
      experiment: 'b',
      reasons: [{ ...valid.reasons[0], icon: 'wallet' }],
      theme: { ...valid.theme, gradient: true },
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.config).not.toHaveProperty('experiment')
    expect(result.config.reasons[0]).not.toHaveProperty('icon')
    expect(result.config.theme).not.toHaveProperty('gradient')
  })

  it('rejects a config without reasons or title, naming the fields', () => {
    const result = parseConfig({ reasons: [] })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.details.map((detail) => detail.field)).toEqual(expect.arrayContaining(['title', 'reasons']))
  })

  it('rejects data that is not an object', () => {
    expect(parseConfig('<html>').ok).toBe(false)
    expect(parseConfig(null).ok).toBe(false)
  })

  it('drops an offer of an unknown type and the references to it, keeping the rest', () => {
    const result = parseConfig({
      ...valid,
      offers: [...valid.offers, { id: 'hologram', type: 'teleport', title: 'Beam me up' }],
      reasons: [{ id: 'other', label: 'Other', offer_ids: ['hologram', 'discount_30', 'missing'] }],
    })
    expect(result.ok && result.config.offers.map((offer) => offer.id)).toEqual(['discount_30'])
    expect(result.ok && result.config.reasons[0]?.offer_ids).toEqual(['discount_30'])
  })

  it('drops unsafe URLs and colours that are not colours, instead of failing', () => {
    const result = parseConfig({
      ...valid,
      theme: { primary_color: 'red;background:url(x)', logo_url: 'javascript:alert(1)', mode: 'neon' },
      offers: [{ id: 'talk', type: 'contact', title: 'Talk to us', url: 'data:text/html,<script>alert(1)</script>' }],
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.config.theme).toEqual({})
    expect(result.config.offers[0]).toEqual({ id: 'talk', type: 'contact', title: 'Talk to us' })
  })

  it('keeps offer numbers, currency, locale and copy within their rules, and drops each that is not', () => {
    const offer = { id: 'o', type: 'downgrade', title: 'Starter' }
    const parsedOffer = (fields: Record<string, unknown>) => {
      const result = parseConfig({ ...valid, offers: [{ ...offer, ...fields }] })
      return result.ok ? result.config.offers[0] : undefined
    }
    expect(parsedOffer({ percent_off: 100, duration_months: 120, pause_months: 24, monthly_price: 0, currency: 'EUR', trial_days: 365 })).toEqual({
      ...offer, percent_off: 100, duration_months: 120, pause_months: 24, monthly_price: 0, currency: 'EUR', trial_days: 365,
    })
    expect(parsedOffer({ percent_off: 0, duration_months: 1.5, pause_months: 25, monthly_price: -1, currency: 'eur', trial_days: '7' })).toEqual(offer)
    expect(parsedOffer({ type: 'Discount' })).toBeUndefined()

    const good = parseConfig({ ...valid, locale: 'pt-BR', copy: { confirm_title: 'Sure?' } })
    expect(good.ok && [good.config.locale, good.config.copy]).toEqual(['pt-BR', { confirm_title: 'Sure?' }])
    const bad = parseConfig({ ...valid, locale: 'portuguese!', copy: { confirm_title: 42 } })
    expect(bad.ok && [bad.config.locale, bad.config.copy]).toEqual([undefined, {}])
    expect(parseConfig({ ...valid, copy: ['x'] })).toMatchObject({ ok: true, config: { copy: {} } })
  })

  it('bounds list sizes and string lengths', () => {
    const many = Array.from({ length: 21 }, (_, index) => ({ id: `r${index}`, label: `Reason ${index}` }))
    expect(parseConfig({ ...valid, reasons: many }).ok).toBe(false)
    expect(parseConfig({ ...valid, title: 'x'.repeat(201) }).ok).toBe(false)
  })

  it('defaults offers, theme and copy when absent', () => {
    const result = parseConfig({ title: 'Bye', reasons: [{ id: 'other', label: 'Other' }] })
    expect(result).toEqual({ ok: true, config: { title: 'Bye', reasons: [{ id: 'other', label: 'Other' }], offers: [], theme: {}, copy: {} } })
  })
})
