import { DEFAULT_THEME } from './defaults.js'
import type { Theme } from '../cancel-flow/types.js'

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur'])

export const isRtlLocale = (locale: string): boolean => RTL_LANGUAGES.has(locale.toLowerCase().split(/[-_]/)[0] ?? '')

/** Defaults, then the config's theme, then the `theme` option, field by field. */
export const resolveTheme = (configTheme: Partial<Theme>, optionTheme: Partial<Theme>): Theme => ({
  ...DEFAULT_THEME,
  ...configTheme,
  ...optionTheme,
})

const channel = (value: number) => {
  const c = value / 255
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

/** WCAG relative luminance of a `#rgb` / `#rrggbb` colour. */
export function relativeLuminance(hex: string): number {
  const digits = hex.slice(1)
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits
  const [r, g, b] = [0, 2, 4].map((at) => channel(parseInt(full.slice(at, at + 2), 16)))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

export const contrastRatio = (a: number, b: number): number => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)

/** White or near-black text on the primary colour, whichever reads better. */
export function readableOn(hex: string): string {
  const luminance = relativeLuminance(hex)
  return contrastRatio(luminance, 1) >= contrastRatio(luminance, relativeLuminance('#111827')) ? '#ffffff' : '#111827'
}

/**
 * The theme as custom properties on `:host`. Being a shadow-tree rule, it loses to any rule the
 * host page writes for `windback-cancel-flow`, which is what lets a host override them.
 */
export const themeCss = (theme: Theme): string =>
  `:host{--wb-primary:${theme.primary_color};--wb-on-primary:${readableOn(theme.primary_color)};--wb-radius:${theme.radius_px}px;--wb-font:${theme.font_family}}`
