import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { parseOffsetSpec, parseTimeSpec } from '../../../src/core/time-spec.js'

const NOW = Date.parse('2024-05-01T12:00:00Z')

describe('parseTimeSpec', () => {
  it.each([
    ['now', NOW],
    ['-1h', NOW - 3_600_000],
    ['-30m', NOW - 1_800_000],
    ['-1h30m', NOW - 5_400_000],
    ['-2d', NOW - 172_800_000],
    ['-1w', NOW - 604_800_000],
    ['2024-05-01T10:00:00Z', Date.parse('2024-05-01T10:00:00Z')],
    ['2024-05-01T10:00:00.250+02:00', Date.parse('2024-05-01T08:00:00.250Z')],
    ['2024-05-01', Date.parse('2024-05-01T00:00:00Z')],
    ['1714557600000', 1714557600000],
  ])('%s', (raw, expected) => {
    expect(parseTimeSpec(raw, NOW, '--from-time')).toBe(expected)
  })

  it.each(['yesterday', '1h', '-1x', '2024-13-45', '12'])('%s is a usage error', (raw) => {
    expect(() => parseTimeSpec(raw, NOW, '--from-time')).toThrow(KtkError)
  })
})

describe('parseOffsetSpec', () => {
  it('reads earliest, latest, N and -N', () => {
    expect(parseOffsetSpec('earliest')).toEqual({ kind: 'earliest' })
    expect(parseOffsetSpec('latest')).toEqual({ kind: 'latest' })
    expect(parseOffsetSpec('1200')).toEqual({ kind: 'offset', offset: 1200 })
    expect(parseOffsetSpec('-10')).toEqual({ kind: 'last', count: 10 })
    expect(() => parseOffsetSpec('first')).toThrow(KtkError)
    expect(() => parseOffsetSpec('1.5')).toThrow(KtkError)
  })
})
