/** `https:` URLs and same-origin paths only: config is untrusted and must not smuggle `javascript:` or `data:`. */
export const isSafeUrl = (value: string): boolean =>
  /^https:\/\/[^\s]+$/i.test(value) || (/^\/(?!\/)[^\s]*$/.test(value) && !value.includes('\\'))

export const isHexColor = (value: string): boolean => /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value)
