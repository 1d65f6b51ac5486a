// Every property string of every request passes here, so each check reads a string once, left to
// right: a regular expression that backtracks would let one crafted string hold the server.

// By char code, not a regular expression per character: a 250 KB string is read in a millisecond or two.
const code = (text: string, index: number) => (index < 0 ? NaN : text.charCodeAt(index))
const isDigit = (char: number) => char >= 48 && char <= 57
const isLetter = (char: number) => (char | 32) >= 97 && (char | 32) <= 122
const isWordChar = (char: number) => isDigit(char) || isLetter(char) || char === 95
/** White space as `\s` has it, an `@`, or no character at all (before the start, past the end). */
const isSpace = (text: string, index: number) => {
  const char = code(text, index)
  return Number.isNaN(char) || char === 64 || char === 32 || (char >= 9 && char <= 13) || (char > 127 && /\s/.test(text[index]!))
}

/**
 * Something like `name@host.tld`: a non-space before an `@`, and after it, before the next space or
 * `@`, a dot with something before it and two letters after it.
 */
function hasEmail(text: string): boolean {
  let at = text.indexOf('@')
  while (at !== -1) {
    const next = text.indexOf('@', at + 1)
    if (!isSpace(text, at - 1)) {
      const end = next === -1 ? text.length : next
      for (let index = at + 1; index < end - 2 && !isSpace(text, index); index += 1) {
        if (index > at + 1 && code(text, index) === 46 && isLetter(code(text, index + 1)) && isLetter(code(text, index + 2))) return true
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
    const char = code(text, index)
    if (isDigit(char)) {
      if (digits === '') gluedBefore = isWordChar(code(text, index - 1))
      // Past 19 digits the run cannot be a card: it stops growing, one digit over the limit.
      if (digits.length <= 19) digits += text[index]
      continue
    }
    const separates = (char === 32 || char === 45) && digits !== '' && isDigit(code(text, index + 1))
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
