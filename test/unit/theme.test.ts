import { describe, expect, it } from 'vitest'
import { contrastRatio, focusRing, readableOn, relativeLuminance, resolveTheme, themeCss } from '../../src/ui/theme.js'

const contrast = (a: string, b: string) => contrastRatio(relativeLuminance(a), relativeLuminance(b))

// Every 3-digit hex colour: 4,096 primaries a config could plausibly give.
const everyPrimary = Array.from({ length: 4096 }, (_, index) => `#${index.toString(16).padStart(3, '0')}`)

describe('theme colours', () => {
  it('puts text on any primary colour at 4.5:1 or better', () => {
    const worst = Math.min(...everyPrimary.map((primary) => contrast(primary, readableOn(primary))))
    expect(worst).toBeGreaterThanOrEqual(4.5)
  })

  it('draws a focus ring at 3:1 or better on the light and the dark surface, for any primary', () => {
    for (const primary of everyPrimary) {
      expect(contrast(focusRing(primary, 'light'), '#ffffff')).toBeGreaterThanOrEqual(3)
      expect(contrast(focusRing(primary, 'dark'), '#111827')).toBeGreaterThanOrEqual(3)
    }
  })

  it('layers defaults, config theme and the theme option, field by field, into custom properties', () => {
    const theme = resolveTheme({ primary_color: '#0f766e', radius_px: 4 }, { radius_px: 20 })
    expect(theme).toMatchObject({ primary_color: '#0f766e', radius_px: 20, mode: 'auto' })
    expect(themeCss(theme)).toContain('--wb-primary:#0f766e;--wb-on-primary:#ffffff;')
    expect(themeCss(theme)).toContain('--wb-radius:20px')
  })
})
