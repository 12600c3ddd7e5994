import { describe, expect, it } from 'vitest'
import { closest, editDistance } from '../../../src/core/suggest.js'

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['a', '', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['retention.ms', 'retention.msx', 1],
    ['abc', 'acb', 1],
    ['lsit', 'list', 1],
    ['lsit', 'lint', 2],
    ['ca', 'abc', 3],
    ['same', 'same', 0],
    ['Orders', 'orders', 1],
    ['intention', 'execution', 5],
  ])('editDistance(%j, %j) = %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected)
    expect(editDistance(b, a)).toBe(expected)
  })
})

describe('closest', () => {
  const names = ['retention.ms', 'retention.bytes', 'segment.ms', 'cleanup.policy']

  it.each([
    ['retention.msx', 'retention.ms'],
    ['retention.byte', 'retention.bytes'],
    ['RETENTION.MS', 'retention.ms'],
    ['segmnt.ms', 'segment.ms'],
    ['cleanup.polcy', 'cleanup.policy'],
    ['retention.ms', 'retention.ms'],
  ])('%j -> %j', (input, expected) => {
    expect(closest(input, names)).toBe(expected)
  })

  it.each([['zzzzzzzzzz'], ['compression.type'], ['x']])('%j has no close candidate', (input) => {
    expect(closest(input, names)).toBeUndefined()
  })

  it('returns undefined for no candidates', () => {
    expect(closest('anything', [])).toBeUndefined()
  })

  it('allows more edits for longer inputs (a third of the length, at least 2)', () => {
    expect(closest('ab', ['xy'])).toBe('xy') // distance 2, allowed 2
    expect(closest('ab', ['xyz'])).toBeUndefined() // distance 3
    expect(closest('abcdefghijkl', ['abcdxxxxijkl'])).toBe('abcdxxxxijkl') // distance 4, allowed 4
    expect(closest('abcdefghijkl', ['abcxxxxxijkl'])).toBeUndefined() // distance 5
  })

  it('takes a swapped pair of letters for one typo', () => {
    expect(closest('lsit', ['lint', 'list'])).toBe('list')
    expect(closest('desribe', ['describe', 'delete'])).toBe('describe')
  })

  it('prefers the first of equally close candidates', () => {
    expect(closest('ab', ['ac', 'ad'])).toBe('ac')
  })
})
