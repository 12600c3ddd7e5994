import { expect } from 'vitest'
import { KtkError } from '../../src/core/errors.js'

/** The KtkError a call throws (the test fails when it throws nothing or something else). */
export function thrown(fn: () => unknown): KtkError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(KtkError)
    return error as KtkError
  }
  throw new Error('expected a KtkError, nothing was thrown')
}
