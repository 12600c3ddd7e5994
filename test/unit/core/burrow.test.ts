import { describe, expect, it } from 'vitest'
import { evaluatePartition, groupStatus, type LagSample, worstStatus } from '../../../src/core/burrow.js'

/** Samples from [offset, logEnd] pairs, a minute apart; owned by a member unless said otherwise. */
const series = (points: [number | null, number][], owned = true): LagSample[] =>
  points.map(([offset, logEnd], i) => ({
    at: i * 60_000,
    offset,
    logEnd,
    lag: offset === null ? null : logEnd - offset,
    owned,
  }))

describe("Burrow's rules on sampled offsets", () => {
  it.each<[string, LagSample[], string]>([
    [
      'no lag now',
      series([
        [5, 10],
        [8, 12],
        [12, 12],
      ]),
      'OK',
    ],
    [
      'lag went down',
      series([
        [0, 100],
        [40, 110],
        [90, 120],
      ]),
      'OK',
    ],
    [
      'lag was 0 in the window',
      series([
        [10, 10],
        [10, 15],
        [12, 18],
      ]),
      'OK',
    ],
    [
      'offset moves, lag never goes down',
      series([
        [0, 10],
        [5, 20],
        [10, 30],
      ]),
      'WARN',
    ],
    [
      'lag flat while moving is a warning too',
      series([
        [0, 10],
        [5, 15],
        [10, 20],
      ]),
      'WARN',
    ],
    [
      'owned, offset does not move, lag',
      series([
        [3, 10],
        [3, 12],
        [3, 15],
      ]),
      'STALL',
    ],
    [
      'nobody owns it and the offset does not move',
      series(
        [
          [3, 10],
          [3, 10],
          [3, 10],
        ],
        false,
      ),
      'STOP',
    ],
    [
      'offset went back',
      series([
        [50, 60],
        [20, 60],
        [25, 61],
      ]),
      'REWIND',
    ],
    [
      'rewind beats stall and warn',
      series([
        [50, 60],
        [20, 61],
        [20, 62],
      ]),
      'REWIND',
    ],
  ])('%s -> %s', (_name, samples, status) => {
    expect(evaluatePartition(samples).status).toBe(status)
  })

  it('a log end at or below the last commit (new data just came) is not STOP', () => {
    // Burrow's checkIfRecentLagZero: caught up a moment ago, the consumer had no chance to commit yet.
    const samples = series(
      [
        [9, 9],
        [9, 9],
        [9, 14],
      ],
      false,
    )
    expect(evaluatePartition(samples).status).toBe('OK')
  })

  it('samples without a commit are left out, and counted as incomplete', () => {
    const v = evaluatePartition(
      series([
        [null, 5],
        [null, 6],
        [2, 7],
        [4, 9],
      ]),
    )
    expect(v.complete).toBe(0.5)
    expect(v.status).toBe('WARN')
    expect(evaluatePartition(series([[null, 5]])).status).toBe('OK')
  })

  it('group status is the worst partition, capped at ERR', () => {
    expect(worstStatus(['OK', 'WARN', 'STOP', 'STALL'])).toBe('STALL')
    expect(groupStatus(['OK', 'OK'])).toBe('OK')
    expect(groupStatus(['OK', 'WARN'])).toBe('WARN')
    expect(groupStatus(['WARN', 'REWIND'])).toBe('ERR')
    expect(groupStatus([])).toBe('OK')
  })
})
