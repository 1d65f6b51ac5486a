import { describe, expect, it, vi } from 'vitest'

describe('WindbackError across copies of the package', () => {
  it('instanceof and isWindbackError hold for an error of another copy (each script-tag file bundles its own class)', async () => {
    const first = await import('../../src/errors.js')
    vi.resetModules()
    const second = await import('../../src/errors.js')
    expect(second.WindbackError).not.toBe(first.WindbackError)
    const fromSecond = new second.WindbackError('SCRIPT_LOAD_FAILED', 'no')
    expect(fromSecond instanceof first.WindbackError).toBe(true)
    expect(first.isWindbackError(fromSecond)).toBe(true)
    expect(new first.WindbackError('X', 'y') instanceof second.WindbackError).toBe(true)
  })

  it('recognises nothing else: a plain Error, a look-alike object, null', async () => {
    const { WindbackError, isWindbackError } = await import('../../src/errors.js')
    for (const other of [new Error('x'), { name: 'WindbackError', code: 'X', message: 'm' }, null, undefined, 'WindbackError']) {
      expect(isWindbackError(other)).toBe(false)
      expect(other instanceof WindbackError).toBe(false)
    }
    const error = new WindbackError('X', 'm', { status: 400 })
    expect([error instanceof Error, error.name, error.code, error.status]).toEqual([true, 'WindbackError', 'X', 400])
  })
})
