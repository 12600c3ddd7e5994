import { describe, expect, it } from 'vitest'
import { untilAborted } from '../../../src/services/abort.js'

describe('untilAborted', () => {
  it('the value when the promise settles first; its rejection likewise', async () => {
    const signal = new AbortController().signal
    expect(await untilAborted(Promise.resolve(1), signal)).toBe(1)
    await expect(untilAborted(Promise.reject(new Error('no')), signal)).rejects.toThrow('no')
    expect(await untilAborted(Promise.resolve(2), undefined)).toBe(2)
  })

  it('"aborted" when the signal aborts first, or had already', async () => {
    const stop = new AbortController()
    const waiting = untilAborted(new Promise(() => {}), stop.signal)
    stop.abort()
    expect(await waiting).toBe('aborted')
    expect(await untilAborted(Promise.resolve(3), stop.signal)).toBe('aborted')
  })
})
