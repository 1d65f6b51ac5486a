import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { isEmail, MAX_EMAIL_LENGTH } from '../../../src/core/email.js'

describe('isEmail: the one e-mail rule of the tracker and the proxy', () => {
  const cases: Array<[string, boolean]> = [
    ['jane@example.com', true],
    ['first.last@example.com', true],
    ['first.middle.last@mail.example.co.uk', true],
    ["o'neil+tag@example.org", true],
    ['a@b.co', true],
    ['a@b', false],
    ['jane', false],
    ['@example.com', false],
    ['jane@.example.com', false],
    ['.jane@example.com', false],
    ['jane..doe@example.com', false],
    ['jane@example.c', false],
    ['jane doe@example.com', false],
    ['jane@example.com\r\nBcc: all@example.com', false],
    ['', false],
  ]
  it.each(cases)('%j → %s, as zod\'s z.email() decides', (address, expected) => {
    expect(isEmail(address)).toBe(expected)
    expect(z.email().safeParse(address).success).toBe(expected)
  })

  it('takes at most 254 characters, and only strings', () => {
    const at = (length: number) => `${'a'.repeat(length - '@example.com'.length)}@example.com`
    expect(isEmail(at(MAX_EMAIL_LENGTH))).toBe(true)
    expect(isEmail(at(MAX_EMAIL_LENGTH + 1))).toBe(false)
    for (const other of [undefined, null, 5, {}, ['jane@example.com']]) expect(isEmail(other)).toBe(false)
  })
})
