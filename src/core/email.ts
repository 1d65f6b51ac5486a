/** The longest address SMTP can deliver to (RFC 5321's 256-octet path, less its angle brackets). */
export const MAX_EMAIL_LENGTH = 254

// zod's `z.email()` pattern, written here because importing it from zod brings about 6 KB of zod
// into the tracker. The tracker and the proxy both use this one, so the tracker never queues an
// address the proxy would refuse (and sink its batch with). It backtracks in linear time only.
const EMAIL = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/

/** An e-mail address a customer can have: no spaces, no control characters, at most 254 characters. */
export const isEmail = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_EMAIL_LENGTH && EMAIL.test(value)
