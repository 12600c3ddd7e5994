import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { tpKey } from '../../../src/core/group-types.js'
import { formatResetCsv, parseResetCsv } from '../../../src/core/reset-csv.js'
import {
  type PartitionFacts,
  parseTopicScope,
  planGroupReset,
  type ResetScenario,
} from '../../../src/core/reset-plan.js'
import { parseKafkaDateTime, parseResetDuration } from '../../../src/core/reset-time.js'
import { thrown } from '../../helpers/thrown.js'

const facts = new Map<string, PartitionFacts>([
  [tpKey('t', 0), { committed: 10, logStart: 0, logEnd: 20, offsetForTime: 8 }],
  [tpKey('t', 1), { committed: null, logStart: 5, logEnd: 9, offsetForTime: null }],
  [tpKey('t', 2), { committed: 3, logStart: 4, logEnd: 4, offsetForTime: null }],
])
const tps = [0, 1, 2].map((partition) => ({ topic: 't', partition }))
const plan = (scenario: ResetScenario, partitions = tps) => planGroupReset('g', scenario, partitions, facts)
const offsets = (scenario: ResetScenario, partitions = tps) =>
  plan(scenario, partitions).partitions.map((p) => p.newOffset)

describe('planGroupReset (ConsumerGroupCommand.prepareOffsetsToReset)', () => {
  it('earliest, latest, current', () => {
    expect(offsets({ kind: 'to-earliest' })).toEqual([0, 5, 4])
    expect(offsets({ kind: 'to-latest' })).toEqual([20, 9, 4])
    expect(offsets({ kind: 'to-current' })).toEqual([10, 9, 3]) // no commit: the log end; a commit stays as it is
  })

  it('to-offset and shift-by are clamped to the log with Kafka warnings', () => {
    expect(offsets({ kind: 'to-offset', offset: 7 })).toEqual([7, 7, 4])
    const high = plan({ kind: 'to-offset', offset: 30 })
    expect(high.partitions.map((p) => p.newOffset)).toEqual([20, 9, 4])
    expect(high.warnings[0]).toBe(
      'New offset (30) is higher than latest offset for topic partition t-0. Value will be set to 20',
    )
    const low = plan({ kind: 'shift-by', shift: -20 }, [tps[0]!])
    expect(low.partitions[0]!.newOffset).toBe(0)
    expect(low.warnings).toEqual([
      'New offset (-10) is lower than earliest offset for topic partition t-0. Value will be set to 0',
    ])
    expect(offsets({ kind: 'shift-by', shift: 3 }, [tps[0]!, tps[2]!])).toEqual([13, 4])
  })

  it('shift-by needs a committed offset', () => {
    expect(() => plan({ kind: 'shift-by', shift: 1 })).toThrow(/no current committed offset/)
  })

  it('by time: the offset for the time, or the log end with Kafka warning when none is that recent', () => {
    const p = plan({ kind: 'to-datetime', timestamp: 1 })
    expect(p.partitions.map((x) => x.newOffset)).toEqual([8, 9, 4])
    expect(p.warnings).toEqual([
      'Partition 1 from topic t is empty. Falling back to latest known offset.',
      'Partition 2 from topic t is empty. Falling back to latest known offset.',
    ])
  })

  it('from-file offsets are clamped; current offsets are carried for the undo file', () => {
    const p = plan(
      {
        kind: 'from-file',
        offsets: new Map([
          [tpKey('t', 0), 25],
          [tpKey('t', 1), 6],
        ]),
      },
      tps.slice(0, 2),
    )
    expect(p.partitions).toEqual([
      { topic: 't', partition: 0, currentOffset: 10, newOffset: 20 },
      { topic: 't', partition: 1, currentOffset: null, newOffset: 6 },
    ])
  })

  it('--topic scopes as Kafka takes them', () => {
    expect(parseTopicScope('orders')).toEqual({ topic: 'orders', partitions: null })
    expect(parseTopicScope('orders:0,2,2')).toEqual({ topic: 'orders', partitions: [0, 2] })
    expect(() => parseTopicScope('orders:')).toThrow(KtkError)
    expect(() => parseTopicScope('orders:a')).toThrow(/invalid partition 'a'/)
  })
})

describe('reset CSV', () => {
  it('writes Kafka export lines, quoting like Jackson when needed', () => {
    const rows = [
      { group: 'g1', topic: 't', partition: 0, offset: 5 },
      { group: 'a,"b"', topic: 't', partition: 1, offset: 7 },
    ]
    expect(formatResetCsv(rows, false)).toBe('t,0,5\nt,1,7\n')
    expect(formatResetCsv(rows, true)).toBe('g1,t,0,5\n"a,""b""",t,1,7\n')
  })

  it('reads both formats as Kafka parseResetPlan does', () => {
    const single = parseResetCsv('t,0,5\nt,1,7\n', 'g')
    expect([...single.groups.get('g')!]).toEqual([
      [tpKey('t', 0), 5],
      [tpKey('t', 1), 7],
    ])
    const multi = parseResetCsv('g1,t,0,5\r\n"a,""b""",t,1,7\n\n', null)
    expect([...multi.groups.keys()]).toEqual(['g1', 'a,"b"'])
    expect(multi.partitions.get('a,"b"')).toEqual([{ topic: 't', partition: 1 }])
    // With one --group, a four-column file still works (the group column picks the lines).
    expect([...parseResetCsv('g1,t,0,5\n', 'g1').groups.keys()]).toEqual(['g1'])
    expect(() => parseResetCsv('t,0,5\n', null)).toThrow(/line 1: expected group,topic,partition,offset/)
    expect(() => parseResetCsv('g,t,x,5\n', null)).toThrow(/must be numbers/)
  })

  it("a negative offset is refused naming the line, as Kafka's tool refuses it (never planned as 0)", () => {
    const error = thrown(() => parseResetCsv('orders,0,5\norders,2,-1\n', 'g'))
    expect(error.exit).toBe(2)
    expect(error.message).toBe('reset file line 2: invalid negative offset -1')
    expect(() => parseResetCsv('g,orders,2, -7\n', null)).toThrow(/line 1: invalid negative offset -7/)
  })

  it('an offset past what is exact, or a partition past int32, is refused; a long line is cut', () => {
    expect(() => parseResetCsv('t,0,99999999999999999999\n', 'g')).toThrow(/line 1: .* out of range/)
    expect(() => parseResetCsv('t,4294967296,1\n', 'g')).toThrow(/line 1: .* out of range/)
    const long = thrown(() => parseResetCsv(`t,x${'9'.repeat(100_000)},1\n`, 'g'))
    expect(long.message.length).toBeLessThan(200)
  })
})

describe('reset times', () => {
  // Expected values from Kafka's Utils.getDateTime and Java's Duration.parse (4.1.2).
  it.each<[string, number]>([
    ['2024-01-01T00:00:00.000', 1704067200000],
    ['2024-01-01T00:00:00.000Z', 1704067200000],
    ['2024-01-01T00:00:00.000+02:00', 1704060000000],
    ['2024-01-01T00:00:00.000-0500', 1704085200000],
    ['2024-01-01T00:00:00.000+02', 1704060000000],
    ['2024-01-01T00:00:00.5', 1704067200005],
    ['2024-1-1T0:0:0.0', 1704067200000],
  ])('to-datetime %s', (input, expected) => {
    expect(parseKafkaDateTime(input)).toBe(expected)
  })

  it.each([
    '2024-01-01T00:00:00',
    '2024-01-01',
    '2024-02-30T00:00:00.000',
    '2024-01-01t00:00:00.000',
    '2024-01-01T25:00:00.000',
    '2024-01-01T00:00:00.123456',
  ])('to-datetime %s is refused, as Kafka refuses it', (input) => {
    expect(() => parseKafkaDateTime(input)).toThrow(KtkError)
  })

  it.each<[string, number]>([
    ['PT1H', 3600000],
    ['P1D', 86400000],
    ['PT0.5S', 500],
    ['-PT1H', -3600000],
    ['PT-1H', -3600000],
    ['P1DT2H3M4.5S', 93784500],
    ['pt1h', 3600000],
    ['PT1H30M', 5400000],
    ['90m', 5400000],
    ['1d', 86400000],
  ])('by-duration %s', (input, expected) => {
    expect(parseResetDuration(input)).toBe(expected)
  })

  it.each(['P2W', 'PT', 'P1Y', 'P'])('by-duration %s is refused, as Java refuses it', (input) => {
    expect(() => parseResetDuration(input)).toThrow(KtkError)
  })
})
