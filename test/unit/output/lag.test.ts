import { describe, expect, it } from 'vitest'
import { formatLagTime } from '../../../src/output/lag.js'

describe('formatLagTime', () => {
  it.each<[number | null, string]>([
    [null, '-'],
    [0, '0s'],
    [850, '850ms'],
    [12_345, '12.3s'],
    [245_000, '4m05s'],
    [3 * 3600_000 + 12 * 60_000, '3h12m'],
    [2 * 86_400_000 + 4 * 3600_000, '2d04h'],
    [-2000, '-2.0s'],
  ])('%s -> %s', (ms, text) => {
    expect(formatLagTime(ms)).toBe(text)
  })

  it('marks a time read from a batch header as approximate', () => {
    expect(formatLagTime(5000, false)).toBe('~5.0s')
  })
})
