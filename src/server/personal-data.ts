// Every property string of every request passes here, so each check reads a string once, left to
// right: a regular expression that backtracks would let one crafted string hold the server.

const isSpace = (char: string | undefined) => char === undefined || char === '@' || /\s/.test(char)
const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9'
const isWordChar = (char: string | undefined) => char !== undefined && /\w/.test(char)
const isLetter = (char: string | undefined) => char !== undefined && /[a-z]/i.test(char)

/**
 * Something like `name@host.tld`: a non-space before an `@`, and after it, before the next space or
 * `@`, a dot with something before it and two letters after it.
 */
function hasEmail(text: string): boolean {
  let at = text.indexOf('@')
  while (at !== -1) {
    const next = text.indexOf('@', at + 1)
    if (!isSpace(text[at - 1])) {
      const end = next === -1 ? text.length : next
      for (let index = at + 1; index < end - 2 && !isSpace(text[index]); index += 1) {
        if (index > at + 1 && text[index] === '.' && isLetter(text[index + 1]) && isLetter(text[index + 2])) return true
      }
    }
    at = next
  }
  return false
}

function passesLuhn(digits: string): boolean {
  let sum = 0
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index])
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return sum % 10 === 0
}

/**
 * A run of 13–19 digits, single spaces or dashes allowed between them, that passes the Luhn
 * check, so order numbers and phone numbers do not alarm. Longer runs are not card numbers.
 */
function hasCardNumber(text: string): boolean {
  let digits = ''
  // A run glued to a letter ("ref4242…") is an identifier, not a card number.
  let gluedBefore = false
  for (let index = 0; index <= text.length; index += 1) {
    const char = text[index]
    if (isDigit(char)) {
      if (digits === '') gluedBefore = isWordChar(text[index - 1])
      // Past 19 digits the run cannot be a card: it stops growing, one digit over the limit.
      if (digits.length <= 19) digits += char
      continue
    }
    const separates = (char === ' ' || char === '-') && digits !== '' && isDigit(text[index + 1])
    if (separates) continue
    if (!gluedBefore && !isWordChar(char) && digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) return true
    digits = ''
  }
  return false
}

/** What personal data a property bag seems to hold: Windback's tracking API asks for none beyond the e-mail. */
export function personalDataKinds(properties: Record<string, unknown>): Array<'email' | 'card'> {
  const kinds = new Set<'email' | 'card'>()
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'string') {
      if (hasEmail(value)) kinds.add('email')
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
