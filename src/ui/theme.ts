import type { Theme } from '../cancel-flow/types.js'

export const DEFAULT_THEME: Readonly<Theme> = Object.freeze({
  primary_color: '#4f46e5',
  logo_url: '',
  mode: 'auto',
  radius_px: 14,
  font_family:
    'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
})

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

/**
 * White or black text on the primary colour, whichever reads better. Pure black, not a softer
 * near-black: only white and black together guarantee 4.5:1 for every possible colour.
 */
export function readableOn(hex: string): string {
  const luminance = relativeLuminance(hex)
  return contrastRatio(luminance, 1) >= contrastRatio(luminance, 0) ? '#ffffff' : '#000000'
}

// The dialog's own surface and text colours in each scheme (styles.css `--wb-bg` / `--wb-text`).
const SURFACE = { light: { bg: '#ffffff', text: '#0f172a' }, dark: { bg: '#111827', text: '#f9fafb' } }

/** The focus ring: the primary colour where it stands out 3:1 from the surface, else the text colour. */
export function focusRing(primary: string, scheme: keyof typeof SURFACE): string {
  const { bg, text } = SURFACE[scheme]
  return contrastRatio(relativeLuminance(primary), relativeLuminance(bg)) >= 3 ? primary : text
}

/**
 * The theme as custom properties on `:host`. Being a shadow-tree rule, it loses to any rule the
 * host page writes for `windback-cancel-flow`, which is what lets a host override them.
 */
export const themeCss = (theme: Theme): string =>
  `:host{--wb-primary:${theme.primary_color};--wb-on-primary:${readableOn(theme.primary_color)};--wb-ring-light:${focusRing(theme.primary_color, 'light')};--wb-ring-dark:${focusRing(theme.primary_color, 'dark')};--wb-radius:${theme.radius_px}px;--wb-font:${theme.font_family}}`
