/** `https:` URLs and same-origin paths only: config is untrusted and must not smuggle `javascript:` or `data:`. */
export const isSafeUrl = (value: string): boolean =>
  /^https:\/\/[^\s]+$/i.test(value) || (/^\/(?!\/)[^\s]*$/.test(value) && !value.includes('\\'))

export const isHexColor = (value: string): boolean => /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value)

type Rule = readonly [check: (value: unknown) => boolean, message: string]

/** A BCP 47 language tag, wherever it comes from (options or config). */
export const LOCALE_RULE: Rule = [
  (value) => typeof value === 'string' && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(value),
  'must be a BCP 47 tag like "fr" or "pt-BR"',
]

/** What a theme field must look like, wherever it comes from (config or options). */
export const THEME_RULES = {
  primary_color: [(value) => typeof value === 'string' && isHexColor(value), 'must be a hex colour like #4f46e5'],
  logo_url: [(value) => typeof value === 'string' && value.length <= 2048 && isSafeUrl(value), 'must be an https: URL or a same-origin path'],
  mode: [(value) => value === 'light' || value === 'dark' || value === 'auto', 'must be light, dark or auto'],
  radius_px: [(value) => typeof value === 'number' && value >= 0 && value <= 40, 'must be a number from 0 to 40'],
  font_family: [(value) => typeof value === 'string' && value.length <= 300 && !/[;{}<>\\]/.test(value), 'must be a plain font-family list'],
} as const satisfies Record<string, Rule>
