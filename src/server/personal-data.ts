const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i
const CARD = /\b(?:\d[ -]?){13,19}\b/

/** Luhn-valid 13–19 digit runs only, so order numbers and phone numbers do not alarm. */
function hasCardNumber(text: string): boolean {
  const match = CARD.exec(text)
  if (!match) return false
  const digits = match[0].replace(/\D/g, '')
  let sum = 0
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index])
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return sum % 10 === 0
}

/** What personal data a property bag seems to hold: Windback's tracking API asks for none beyond the e-mail. */
export function personalDataKinds(properties: Record<string, unknown>): Array<'email' | 'card'> {
  const kinds = new Set<'email' | 'card'>()
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'string') {
      if (EMAIL.test(value)) kinds.add('email')
      if (hasCardNumber(value)) kinds.add('card')
    } else if (typeof value === 'number' && Number.isInteger(value) && value > 1e12) {
      if (hasCardNumber(String(value))) kinds.add('card')
    } else if (value && typeof value === 'object' && depth < 3) {
      for (const nested of Object.values(value)) visit(nested, depth + 1)
    }
  }
  visit(properties, 0)
  return [...kinds]
}
