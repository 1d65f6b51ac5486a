import { describe, expect, it } from 'vitest'
import { readIdentity } from '../../../src/server/identity.js'

describe('readIdentity: what authorize answered', () => {
  it('refuses null, accepts {} and a valid customerEmail, also on an object without a prototype', () => {
    expect(readIdentity(null)).toEqual({ kind: 'refused' })
    expect(readIdentity({})).toEqual({ kind: 'customer' })
    expect(readIdentity({ customerEmail: 'jane@example.com' })).toEqual({ kind: 'customer', customerEmail: 'jane@example.com' })
    expect(readIdentity(Object.assign(Object.create(null), { customerEmail: 'jane@example.com' }))).toEqual({ kind: 'customer', customerEmail: 'jane@example.com' })
  })

  it.each([
    [undefined, 'authorize returned undefined; return null to refuse or { customerEmail } to accept'],
    [[], 'authorize returned an array; return null to refuse or { customerEmail } to accept'],
    [true, 'authorize returned a boolean; return null to refuse or { customerEmail } to accept'],
    ['jane@example.com', 'authorize returned a string; return null to refuse or { customerEmail } to accept'],
    [new Date(0), 'authorize returned an object that is not a plain one; return null to refuse or { customerEmail } to accept'],
    [{ customerEmail: undefined }, 'authorize returned a customerEmail that is not an e-mail address (no session?); the request was refused'],
  ])('%j is invalid, and says why', (answer, problem) => {
    expect(readIdentity(answer)).toEqual({ kind: 'invalid', problem })
  })
})
