import { describe, expect, it } from 'vitest'
import { parseConfig, resolveConfig } from '../../src/cancel-flow/config-schema.js'

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
  it('accepts a complete valid config unchanged', () => {
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
    // A list is not a text, even a short one.
    const listed = parseConfig({ ...valid, copy: { confirm_title: ['Sure?'] } })
    expect(listed.ok && listed.config.copy).toEqual({})
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

  it('says which rule a field broke, with its path', () => {
    const details = (config: unknown) => {
      const result = parseConfig(config)
      return result.ok ? [] : result.details
    }
    expect(details({ ...valid, title: '   ' })).toEqual([{ field: 'title', message: 'must have 1 to 200 characters' }])
    expect(details({ ...valid, reasons: [] })).toEqual([{ field: 'reasons', message: 'must have 1 to 20 items' }])
    expect(details({ ...valid, reasons: [{ id: 'x', label: 'y'.repeat(201) }] })).toEqual([{ field: 'reasons.0.label', message: 'must have 1 to 200 characters' }])
    expect(details('<html>')).toEqual([{ field: '(root)', message: expect.any(String) }])
  })

  it('drops, rather than fails on, optional fields past their limits', () => {
    const reason = (fields: Record<string, unknown>) => {
      const result = parseConfig({ ...valid, offers: [], reasons: [{ id: 'r', label: 'R', ...fields }] })
      return result.ok ? result.config.reasons[0] : undefined
    }
    expect(reason({ offer_ids: Array.from({ length: 11 }, (_, index) => `o${index}`) })).toEqual({ id: 'r', label: 'R' })
    const offers = (list: unknown[]) => {
      const result = parseConfig({ ...valid, offers: list })
      return result.ok ? result.config.offers.length : -1
    }
    const offer = (index: number) => ({ id: `o${index}`, type: 'custom', title: 'T' })
    expect(offers(Array.from({ length: 20 }, (_, index) => offer(index)))).toBe(20)
    expect(offers(Array.from({ length: 21 }, (_, index) => offer(index)))).toBe(0)

    const copy = (value: Record<string, unknown>) => {
      const result = parseConfig({ ...valid, copy: value })
      return result.ok ? result.config.copy : undefined
    }
    expect(copy({ a: 'x'.repeat(500), b: '' })).toEqual({ a: 'x'.repeat(500), b: '' })
    expect(copy({ a: 'x'.repeat(501) })).toEqual({})
    expect(copy({ a: 'ok', b: 7 })).toEqual({})
  })

  it('takes whole months and days only, and a currency of exactly three capitals', () => {
    const offer = { id: 'o', type: 'pause', title: 'Pause' }
    const parsedOffer = (fields: Record<string, unknown>) => {
      const result = parseConfig({ ...valid, offers: [{ ...offer, ...fields }] })
      return result.ok ? result.config.offers[0] : undefined
    }
    expect(parsedOffer({ pause_months: 2.5, trial_days: 7.5, duration_months: 2 })).toEqual({ ...offer, duration_months: 2 })
    expect(parsedOffer({ percent_off: 12.5 })).toEqual({ ...offer, percent_off: 12.5 })
    for (const currency of ['EURO', 'XEUR', 'EU', 'EUR ']) expect(parsedOffer({ currency })).toEqual(offer)
  })

  describe('lead offers, eligibility and pause lengths', () => {
    const pause = { id: 'pause_1', type: 'pause', title: 'Pause instead', cta: 'Pause', pause_months: 1, pause_months_options: [1, 2, 3] }
    const eligibility = { plans: ['Growth'], min_tenure_days: 30, max_tenure_days: 720, min_mrr: 1000, max_mrr: 50000 }
    const withLead = (fields: Record<string, unknown>) => ({ ...valid, offers: [{ ...valid.offers[0], eligibility }, pause], lead_offer_ids: ['pause_1'], ...fields })

    it('keeps lead offers, eligibility and pause lengths as given', () => {
      const config = withLead({})
      expect(parseConfig(config)).toEqual({ ok: true, config })
    })

    it('keeps only lead offer ids that name a kept offer, at most three', () => {
      const kept = parseConfig(withLead({ lead_offer_ids: ['pause_1', 'nope', 'discount_30'] }))
      expect(kept.ok && kept.config.lead_offer_ids).toEqual(['pause_1', 'discount_30'])
      const tooMany = parseConfig(withLead({ lead_offer_ids: ['pause_1', 'discount_30', 'pause_1', 'discount_30'] }))
      expect(tooMany.ok && tooMany.config.lead_offer_ids).toBeUndefined()
      const malformed = parseConfig(withLead({ lead_offer_ids: 'pause_1' }))
      expect(malformed.ok && malformed.config.lead_offer_ids).toBeUndefined()
    })

    it.each([
      ['a plan list that is not a list', { plans: 'Growth' }],
      ['an empty plan list', { plans: [] }],
      ['a negative bound', { min_mrr: -1 }],
      ['a bound that is not a number', { max_tenure_days: '720' }],
      ['conditions that are not an object', 'Growth'],
    ])('drops an offer with %s instead of showing it to everyone', (_, broken) => {
      const result = parseConfig({ ...valid, offers: [{ ...valid.offers[0], eligibility: broken }, pause] })
      expect(result.ok && result.config.offers.map((offer) => offer.id)).toEqual(['pause_1'])
      expect(result.ok && result.config.reasons[0]!.offer_ids).toEqual([])
    })

    it('ignores unknown eligibility conditions and keeps the known ones', () => {
      const result = parseConfig({ ...valid, offers: [{ ...valid.offers[0], eligibility: { plans: ['Growth'], countries: ['DE'] } }] })
      expect(result.ok && result.config.offers[0]!.eligibility).toEqual({ plans: ['Growth'] })
    })

    it('keeps pause lengths of whole months 1 to 24, once each, on pause offers only', () => {
      const lengths = (options: unknown, type = 'pause') => {
        const result = parseConfig({ ...valid, offers: [{ ...pause, type, pause_months_options: options }] })
        return result.ok ? result.config.offers[0]?.pause_months_options : 'rejected'
      }
      expect(lengths([3, 1, 3, 2])).toEqual([3, 1, 2])
      expect(lengths([1, 2.5])).toBeUndefined()
      expect(lengths([0, 1])).toBeUndefined()
      expect(lengths([1, 25])).toBeUndefined()
      expect(lengths([])).toBeUndefined()
      expect(lengths([1, 2, 3, 4, 5, 6, 7])).toBeUndefined()
      expect(lengths([1, 2], 'discount')).toBeUndefined()
    })
  })

  it('a config that does not match: the built-in one, with an INVALID_CONFIG error carrying the status and the details', () => {
    const loaded = resolveConfig({ ok: true, status: 200, data: { title: 'x', reasons: [] } })
    expect(loaded.fallback).toBe(true)
    if (!loaded.fallback) return
    expect(loaded.error).toMatchObject({
      code: 'INVALID_CONFIG',
      message: 'The cancel-flow config does not match the schema',
      status: 200,
      details: [{ field: 'reasons', message: 'must have 1 to 20 items' }],
    })
  })
})
