import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration } from '../../../src/core/duration.js'
import { KtkError } from '../../../src/core/errors.js'

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['15s', 15_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['1d2h3m4s5ms', 86_400_000 + 7_200_000 + 180_000 + 4_000 + 5],
    ['1500', 1500],
    ['0', 0],
    ['0s', 0],
    ['1.5s', 1500],
    ['0.5m', 30_000],
    [' 15s ', 15_000],
    ['2ms', 2],
    ['90m', 5_400_000],
  ])('%j -> %i ms', (raw, expected) => {
    expect(parseDuration(raw)).toBe(expected)
  })

  it.each(['', '   ', 'abc', '15x', 's', '-5s', '15 s', '1h 30m', '1.5', '1e3', '5sec', 'ms', '1h30'])(
    '%j is a usage error',
    (raw) => {
      let error: unknown
      try {
        parseDuration(raw, '--timeout')
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(KtkError)
      expect((error as KtkError).code).toBe('USAGE')
      expect((error as KtkError).exit).toBe(2)
      expect((error as KtkError).message).toContain('--timeout')
      expect((error as KtkError).message).toContain(raw === '' ? '--timeout is empty' : `"${raw}"`)
    },
  )
})

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [500, '500ms'],
    [999, '999ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [15_000, '15s'],
    [59_000, '59s'],
    [60_000, '1m0s'],
    [90_000, '1m30s'],
    [119_000, '1m59s'],
    [3_540_000, '59m0s'],
    [3_600_000, '1h0m'],
    [5_400_000, '1h30m'],
    [86_400_000, '24h0m'],
  ])('%i ms -> %j', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected)
  })

  // Rounding must carry into the next unit: a formatted duration never shows 60 seconds.
  it.each([119_500, 119_999, 179_600])('%i ms never prints 60 seconds', (ms) => {
    const text = formatDuration(ms)
    const minutes = Math.floor(ms / 60_000)
    expect([`${minutes}m59s`, `${minutes + 1}m0s`]).toContain(text)
  })

  it.each([500, 1500, 15_000, 90_000, 5_400_000])('parseDuration(formatDuration(%i)) round-trips', (ms) => {
    expect(parseDuration(formatDuration(ms))).toBe(ms)
  })
})
