import { describe, expect, it } from 'vitest'
import type { OffsetRow } from '../../../src/core/group-views.js'
import { groupLag, lagViolations, partitionLag, topicLags } from '../../../src/core/lag.js'

const row = (overrides: Partial<OffsetRow>): OffsetRow => ({
  group: 'g',
  topic: 't',
  partition: 0,
  currentOffset: 10,
  leaderEpoch: null,
  logEndOffset: 15,
  lag: 5,
  consumerId: null,
  host: null,
  clientId: null,
  ...overrides,
})
const NOW = 1_000_000

describe('partitionLag', () => {
  it('time lag is now minus the timestamp of the record at the committed offset; behind-newest against the max timestamp', () => {
    const p = partitionLag(
      {
        row: row({}),
        logStartOffset: 0,
        newestTimestamp: 990_000,
        record: { timestamp: 940_000, exact: true },
        offsetsKnown: true,
      },
      NOW,
    )
    expect(p).toMatchObject({
      lag: 5,
      oldestUnconsumedTimestamp: 940_000,
      timeLagMs: 60_000,
      behindNewestMs: 50_000,
      warnings: [],
    })
  })

  it('nothing to consume is 0, whatever the record lookup said', () => {
    const caughtUp = partitionLag(
      {
        row: row({ currentOffset: 15, lag: 0 }),
        logStartOffset: 0,
        newestTimestamp: 1,
        record: 'unknown',
        offsetsKnown: true,
      },
      NOW,
    )
    expect(caughtUp).toMatchObject({ timeLagMs: 0, behindNewestMs: 0 })
    const markersOnly = partitionLag(
      { row: row({ lag: 1 }), logStartOffset: 0, newestTimestamp: 1, record: 'none', offsetsKnown: true },
      NOW,
    )
    expect(markersOnly).toMatchObject({ lag: 1, timeLagMs: 0 })
  })

  it('unknowns stay unknown, and the warnings say why', () => {
    expect(
      partitionLag(
        { row: row({}), logStartOffset: 0, newestTimestamp: null, record: 'unknown', offsetsKnown: true },
        NOW,
      ).timeLagMs,
    ).toBeNull()
    const below = partitionLag(
      {
        row: row({ currentOffset: 2, lag: 13 }),
        logStartOffset: 5,
        newestTimestamp: null,
        record: { timestamp: 1, exact: true },
        offsetsKnown: true,
      },
      NOW,
    )
    expect(below.warnings).toEqual(['below-log-start'])
    const noCommit = partitionLag(
      {
        row: row({ currentOffset: null, lag: null, consumerId: 'm' }),
        logStartOffset: 0,
        newestTimestamp: null,
        record: 'unknown',
        offsetsKnown: true,
      },
      NOW,
    )
    expect(noCommit.warnings).toEqual(['no-commit'])
    const gone = partitionLag(
      {
        row: row({ logEndOffset: null, lag: null }),
        logStartOffset: null,
        newestTimestamp: null,
        record: 'unknown',
        offsetsKnown: false,
      },
      NOW,
    )
    expect(gone.warnings).toEqual(['offsets-unknown'])
  })
})

describe('aggregates and gates', () => {
  const rows = [
    partitionLag(
      {
        row: row({ partition: 0, lag: 5 }),
        logStartOffset: 0,
        newestTimestamp: null,
        record: { timestamp: NOW - 30_000, exact: true },
        offsetsKnown: true,
      },
      NOW,
    ),
    partitionLag(
      {
        row: row({ partition: 1, lag: 0, currentOffset: 15 }),
        logStartOffset: 0,
        newestTimestamp: null,
        record: 'unknown',
        offsetsKnown: true,
      },
      NOW,
    ),
    partitionLag(
      {
        row: row({ topic: 'u', partition: 0, lag: null, currentOffset: null, consumerId: 'm' }),
        logStartOffset: 0,
        newestTimestamp: null,
        record: 'unknown',
        offsetsKnown: true,
      },
      NOW,
    ),
  ]

  it('sums per topic and group, counting unknown partitions apart', () => {
    expect(topicLags(rows)).toEqual([
      { group: 'g', topic: 't', partitions: 2, lag: 5, maxTimeLagMs: 30_000, unknownPartitions: 0 },
      { group: 'g', topic: 'u', partitions: 1, lag: 0, maxTimeLagMs: null, unknownPartitions: 1 },
    ])
    expect(groupLag({ group: 'g', state: 'Stable', type: 'classic', members: 1 }, rows)).toMatchObject({
      topics: 2,
      partitions: 3,
      lag: 5,
      maxTimeLagMs: 30_000,
      unknownPartitions: 1,
    })
  })

  it('violations are strictly over the limits; unknown lag is never over', () => {
    expect(lagViolations(rows, { maxLag: 5 })).toEqual([])
    expect(lagViolations(rows, { maxLag: 4 }).map((v) => [v.topic, v.partition, v.over])).toEqual([
      ['t', 0, ['max-lag']],
    ])
    expect(lagViolations(rows, { maxLagSeconds: 30 })).toEqual([])
    expect(lagViolations(rows, { maxLag: 4, maxLagSeconds: 29.5 })[0]!.over).toEqual([
      'max-lag',
      'max-lag-seconds',
    ])
  })
})
