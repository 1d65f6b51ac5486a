/**
 * A function that replaces every occurrence of `secret` in a text with `[redacted]`, whether
 * written as is, URL-encoded (`%5F`) or escaped as JSON or JavaScript (`\u005f`, `\x5f`), char by
 * char in any mix: an upstream error that echoes the key in any of those forms must not carry it
 * to a browser.
 */
export function createRedactor(secret: string): (text: string) => string {
  const forms = Array.from(secret, (char) => {
    const hex = char.charCodeAt(0).toString(16).padStart(2, '0')
    const literal = char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    return `(?:${literal}|%${hex}|\\\\u${hex.padStart(4, '0')}|\\\\x${hex})`
  })
  const pattern = new RegExp(forms.join(''), 'gi')
  return (text) => text.replace(pattern, '[redacted]')
}

/** `value` with `redact` applied to every string in it, keys included, at any depth. */
export function redactDeep(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value)
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactDeep(item, redact)]))
  }
  return value
}
