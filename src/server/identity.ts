import { isEmail } from '../core/email.js'

/** What the host's `authorize` said, read so that anything unexpected refuses. */
export type Identity =
  | { kind: 'customer'; customerEmail?: string }
  | { kind: 'refused' }
  /** Not `null` and not a valid answer: refused too, and the host's developer is told why. */
  | { kind: 'invalid'; problem: string }

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * `null` refuses; `{}` accepts the events' own e-mails; `{ customerEmail }` vouches for one
 * customer. A `customerEmail` key that is present must hold an e-mail address: the common
 * `{ customerEmail: session?.email }` without a session gives `undefined`, which must not let
 * the browser's e-mail through. Anything else (`true`, a string, an array, `undefined`) refuses.
 */
export function readIdentity(answer: unknown): Identity {
  if (answer === null) return { kind: 'refused' }
  if (!isPlainObject(answer)) {
    const what = Array.isArray(answer)
      ? 'an array'
      : answer === undefined
        ? 'undefined'
        : typeof answer === 'object'
          ? 'an object that is not a plain one'
          : `a ${typeof answer}`
    return { kind: 'invalid', problem: `authorize returned ${what}; return null to refuse or { customerEmail } to accept` }
  }
  if (!Object.hasOwn(answer, 'customerEmail')) return { kind: 'customer' }
  const customerEmail = answer['customerEmail']
  if (isEmail(customerEmail)) return { kind: 'customer', customerEmail }
  return { kind: 'invalid', problem: 'authorize returned a customerEmail that is not an e-mail address (no session?); the request was refused' }
}
